"""Record specifications: each kind's fields, normaliser, header aliases and example value.

One `validate(kind, raw)` serves the CLI `add`/`edit` commands and every importer alike, so a value is
accepted or refused the same way wherever it comes from. Domain modules register their own kinds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gongjian.errors import GongjianError, ValidationFailed
from gongjian.i18n import t
from gongjian.reading import normalize as n


@dataclass(frozen=True)
class Field:
    """One column of a kind: English key, normaliser, Chinese/English header aliases."""

    key: str
    parse: Callable[[object], Any] = n.text
    required: bool = False
    aliases: tuple[str, ...] = ()
    enum: str | None = None
    example: str | None = None
    default: Any = None
    hint: tuple[str, str] | None = None  # (中文, English) explanation for templates
    note: str | None = None  # catalog key: where this column's values go, said in the import report


@dataclass(frozen=True)
class Spec:
    """A record kind (plural table name) and its fields, in template column order."""

    kind: str
    fields: tuple[Field, ...]
    natural_key: tuple[str, ...] = ()
    by_key: dict[str, Field] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self.by_key.update({f.key: f for f in self.fields})


SPECS: dict[str, Spec] = {}


@dataclass
class ImportContext:
    """Per-import state handed to `ledger.import_<kind>(values, ctx)`: options, caches, warnings, position."""

    dry_run: bool = False
    today: date = field(default_factory=date.today)
    sheet: str = ""
    row: int = 0  # the row number as Excel shows it
    cache: dict[str, dict[Any, Any]] = field(default_factory=dict)  # e.g. cache["community"]["北城社区"] = 3
    warnings: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)  # kind-specific switches, e.g. allow_unpaired

    def cached(self, bucket: str, key: Any, compute: Callable[[], Any]) -> Any:
        """Memoise a lookup (community or unit id by name …) for the length of one import."""
        store = self.cache.get(bucket)
        if store is None:
            store = self.cache[bucket] = {}
        elif key in store:
            return store[key]
        value = store[key] = compute()
        return value


def register(spec: Spec) -> Spec:
    """Make a kind known to `validate`, the importers and the templates."""
    SPECS[spec.kind] = spec
    return spec


def enum_field(key: str, enum: str, **kw: Any) -> Field:
    """A field whose value is one of `gongjian.vocab.ENUMS[enum]` (labels and synonyms accepted)."""
    parse = _ENUM_PARSERS.get(enum)
    if parse is None:
        parse = _ENUM_PARSERS[enum] = lambda v, _e=enum: n.enum_value(_e, v)
    return Field(key, parse=parse, enum=enum, **kw)


_ENUM_PARSERS: dict[str, Callable[[object], str]] = {}  # one parser per enumeration (pure, see _plan)


# A field whose parser is a pure function of the text (no today, no ledger) remembers what it made of up
# to MEMO_SIZE distinct texts: an import repeats the same unit, community and label names many times.
PURE_PARSERS = frozenset({n.text, n.unit_name, n.identifier})
MEMO_SIZE = 4096
_Plan = tuple[tuple[str, Callable[[object], Any], bool, Any, dict[str, Any] | None], ...]
_PLANS: dict[str, tuple[Spec, _Plan]] = {}


def _pure_parsers() -> set[Callable[[object], Any]]:
    return {*PURE_PARSERS, *_ENUM_PARSERS.values()}


def _plan(kind: str) -> _Plan:
    """The kind's fields as plain `(key, parse, required, default, memo)` tuples (rebuilt if the spec is replaced)."""
    spec = SPECS[kind]
    known = _PLANS.get(kind)
    if known is None or known[0] is not spec:
        plan = tuple(
            (f.key, f.parse, f.required, f.default, {} if f.parse in _pure_parsers() else None)
            for f in spec.fields
        )
        known = _PLANS[kind] = (spec, plan)
    return known[1]


def _label(key: str) -> str:
    from gongjian.i18n import label  # only when a value is refused: the clean path imports nothing

    return label(key)


def _required(key: str) -> tuple[str, str]:
    return _label(key), t("required")


def validate(kind: str, raw: dict[str, object], *, partial: bool = False) -> dict[str, Any]:
    """Normalise and check `raw` against the kind's fields; raise ValidationFailed listing every bad field.

    With `partial`, only the keys present are checked (for `edit`); otherwise required fields must be there
    and absent optional fields take their default.
    """
    clean: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    for key, parse, required, default, memo in _plan(kind):
        if key in raw:
            value = raw[key]
        elif partial:
            continue
        else:
            value = None
        if value is None or (isinstance(value, str) and (not value or value.isspace())):
            if required and not (partial and key not in raw):
                errors.append(_required(key))
            elif not partial or key in raw:
                clean[key] = default
            continue
        if memo is not None and value.__class__ is str and value in memo:
            parsed = memo[value]
        else:
            try:
                parsed = parse(value)
            except GongjianError as exc:
                errors.append((_label(key), exc.message()))
                continue
            if memo is not None and value.__class__ is str and len(memo) < MEMO_SIZE:
                memo[value] = parsed
        if parsed is None:
            if required:
                errors.append(_required(key))
            else:
                clean[key] = default
        else:
            clean[key] = parsed
    if errors:
        raise ValidationFailed(errors)
    return clean
