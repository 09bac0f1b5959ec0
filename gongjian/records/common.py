"""Helpers shared by the three record books: naming communities and units (cached per import), periods, hours."""

from __future__ import annotations

from typing import Any

from gongjian.errors import GongjianError, InvalidValue
from gongjian.reading import normalize as n
from gongjian.reading.specs import ImportContext

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
    if start:
        where.append(f"{prefix}date >= ?")
        params.append(start)
    if end:
        where.append(f"{prefix}date <= ?")
        params.append(end)
    return where, params


class RecordsBase:
    """Reference lookups used by activities, funds and members; `ctx` caches them for one import."""

    def _community_id_of(
        self, ref: object, ctx: ImportContext | None = None, *, field: str = "community"
    ) -> int:
        """The id of a community named by code, name, id or fragment; errors name the import column."""
        if isinstance(ref, int):
            return ref
        known = ctx.cache.get("community") if ctx is not None else None
        if known is not None and ref in known:  # the common case of an import: named before
            return known[ref]

        def find() -> int:
            try:
                return self.community(ref)["id"]
            except GongjianError as exc:
                raise name_field(exc, field) from None

        return ctx.cached("community", ref, find) if ctx is not None else find()

    def _unit_of(
        self, ref: object, ctx: ImportContext | None = None, *, field: str = "unit"
    ) -> dict[str, Any]:
        """A unit's id and name by name, credit code, id or fragment; errors name the import column."""
        known = ctx.cache.get("unit") if ctx is not None else None
        if known is not None and ref in known:  # the common case of an import: named before
            return known[ref]

        def find() -> dict[str, Any]:
            try:
                if isinstance(ref, int):
                    row = self.get("units", ref)
                else:  # an import names many units: exact names come from one read of the table
                    row = self._unit_by_exact_name(ref, ctx) if ctx is not None else None
                row = row or self.unit(ref)
            except GongjianError as exc:
                raise name_field(exc, field) from None
            return {"id": row["id"], "name": row["name"]}

        return ctx.cached("unit", ref, find) if ctx is not None else find()

    def _unit_by_exact_name(self, ref: object, ctx: ImportContext) -> dict[str, Any] | None:
        """The one unit `unit(ref)` finds by an exact key, from one read of all units per import; else None.

        It matches what `unit()` asks first (name or credit code equal to the name, or the same
        `name_key`); no match or several leave the answer, and its error, to `unit()`.
        """
        index = ctx.cache.get("unit_index")
        if index is None:
            index = ctx.cache["unit_index"] = {}
            for uid, name, key, code in self.conn.execute(
                "SELECT id, name, name_key, credit_code FROM units"
            ):
                row = {"id": uid, "name": name}
                for entry in (("name", name), ("key", key), ("code", code)):
                    index.setdefault(entry, []).append(row)
        text = n.unit_name(ref) or (n.text(ref) or "")
        if not text:
            return None
        found = {
            row["id"]: row
            for entry in (("name", text), ("code", text), ("key", n.name_key(ref)), ("code", text.upper()))
            for row in index.get(entry, ())
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def _paired_on(self, community_id: int, unit_id: int, day: str) -> bool:
        """True when the unit is paired with the community on that day (a pairing not ended before it)."""
        return bool(
            self.scalar(
                "SELECT 1 FROM pairings WHERE community_id = ? AND unit_id = ? AND (ended IS NULL OR ended >= ?)",
                (community_id, unit_id, day),
            )
        )
