"""Helpers shared by the contract-project parts: naming a row by title, option dates, changed fields."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from typing import Any

from gongjian.errors import Ambiguous, GongjianError, NotFound
from gongjian.i18n import t
from gongjian.reading import normalize as n
from gongjian.store.db import Store, like_escape

Outcome = str  # 'inserted' | 'updated' | 'unchanged'


def changed(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The fields of `new` that are given (not None) and differ from `old`."""
    return {k: v for k, v in new.items() if v is not None and old.get(k) != v}


def day_iso(value: object, today: date | None = None) -> str:
    """An option's date as ISO text; empty means today (or the given `today`)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return (today or date.today()).isoformat()
    return n.date_iso(value, today=today)


@contextmanager
def in_column(field: str):
    """A domain error raised inside names `field` as its import column."""
    try:
        yield
    except GongjianError as exc:
        exc.params.setdefault("field", field)
        raise


def named(
    store: Store,
    select: str,
    title: str,
    ref: object,
    *,
    what: str,
    describe: Any,
    scope: tuple[str, int] | None = None,
) -> dict[str, Any]:
    """One row of `select` (aliased `t`) by exact title, id (`12` or `#12`) or unambiguous fragment."""
    extra, params = ("", []) if scope is None else (f" AND {scope[0]} = ?", [scope[1]])
    if isinstance(ref, int) and not isinstance(ref, bool):
        found = store.rows(f"{select} WHERE t.id = ?{extra}", [ref, *params])
        if not found:
            raise NotFound("not_found", what=t(what), name=str(ref))
        return found[0]
    text = n.text(ref) or ""
    if not text:
        raise NotFound("not_found", what=t(what), name=text)
    found = store.rows(f"{select} WHERE {title} = ?{extra} ORDER BY t.id LIMIT 11", [text, *params])
    number = text[1:] if text.startswith("#") else text
    if not found and number.isdigit():
        found = store.rows(f"{select} WHERE t.id = ?{extra}", [int(number), *params])
    if not found:
        found = store.rows(
            f"{select} WHERE {title} LIKE ? ESCAPE '\\'{extra} ORDER BY t.id LIMIT 11",
            ["%" + like_escape(text) + "%", *params],
        )
    if not found:
        raise NotFound("not_found", what=t(what), name=text)
    if len(found) > 1:
        names = [describe(r) for r in found[:10]] + (["…"] if len(found) > 10 else [])
        raise Ambiguous("ambiguous", what=t(what), name=text, candidates="、".join(names))
    return found[0]
