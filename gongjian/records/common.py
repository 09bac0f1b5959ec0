"""Helpers shared by the record books: outcomes, periods as SQL, hours, changed fields."""

from __future__ import annotations

from typing import Any

from gongjian.errors import GongjianError, InvalidValue
from gongjian.reading import normalize as n

Outcome = str  # 'inserted' | 'updated' | 'unchanged'


def year_of(day: str) -> int:
    """The integer `year` column of an ISO date."""
    return int(day[:4])


def hours_of(minutes: int | None) -> float:
    """Minutes as hours for output, to two decimals: 120 -> 2.0, 90 -> 1.5, 50 -> 0.83."""
    return round(int(minutes or 0) / 60, 2)


def hours_text(minutes: int | None) -> str:
    """Minutes as hours text: 120 -> '2', 90 -> '1.5'."""
    return f"{hours_of(minutes):g}"


def changed(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The entries of `new` (ignoring None) that differ from `old`."""
    return {k: v for k, v in new.items() if v is not None and old.get(k) != v}


def name_field(exc: GongjianError, field: str) -> GongjianError:
    """Tag an error with the import column it came from (kept when already tagged)."""
    exc.params.setdefault("field", field)
    return exc


def period_clause(
    *, year: object = None, date_from: object = None, date_to: object = None, alias: str = ""
) -> tuple[list[str], list[Any]]:
    """WHERE clauses for a year (on the integer `year` column) and an inclusive date range."""
    prefix = f"{alias}." if alias else ""
    where: list[str] = []
    params: list[Any] = []
    if year is not None and str(year).strip():
        first, last = n.period(str(year).strip())
        if first[5:] != "01-01" or last[5:] != "12-31":
            raise InvalidValue("bad_period", value=str(year))
        where.append(f"{prefix}year = ?")
        params.append(int(first[:4]))
    # `--from 2016-03` starts on the month's first day, `--to 2016-03` ends on its last; `--from 30d` works too
    start = n.since(date_from) if date_from not in (None, "") else None
    end = n.period(date_to)[1] if date_to not in (None, "") else None
    if start and end and start > end:
        raise InvalidValue("activity_bad_range", start=start, end=end)
    # the integer year column narrows a date range too, so the year indexes serve it
    if start:
        where.append(f"{prefix}year >= ? AND {prefix}date >= ?")
        params += [int(start[:4]), start]
    if end:
        where.append(f"{prefix}year <= ? AND {prefix}date <= ?")
        params += [int(end[:4]), end]
    return where, params
