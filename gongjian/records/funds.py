"""Funds and in-kind support (资金物资): what each unit gave its communities, in integer fen."""

from __future__ import annotations

from typing import Any

from gongjian.errors import Conflict, GongjianError, InvalidValue
from gongjian.reading import normalize as n
from gongjian.reading.specs import ImportContext, validate
from gongjian.records.common import Outcome, changed, name_field, period_clause, year_of

CONTRIBUTION_SELECT = """
    SELECT k.id, k.date, k.year, u.name AS unit, c.code AS community_code, c.name AS community, k.kind,
           k.amount_fen, k.description, a.title AS activity, p.title AS project, k.receipt_no, k.note
    FROM contributions k JOIN units u ON u.id = k.unit_id JOIN communities c ON c.id = k.community_id
    LEFT JOIN activities a ON a.id = k.activity_id LEFT JOIN projects p ON p.id = k.project_id
"""


def contribution_totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Sums over listed contributions: each kind apart, cash + in-kind together (`goods_fen`), and all."""
    totals = {"count": len(rows), "cash_fen": 0, "in_kind_fen": 0, "venue_fen": 0, "service_fen": 0}
    for row in rows:
        totals[f"{row['kind']}_fen"] += row["amount_fen"] or 0
    totals["goods_fen"] = totals["cash_fen"] + totals["in_kind_fen"]
    totals["total_fen"] = totals["goods_fen"] + totals["venue_fen"] + totals["service_fen"]
    return totals


class Funds:
    """Contributions from units to communities (mixed into `Ledger`)."""

    def _linked_project_id(self, ref: object, *, field: str = "project") -> int:
        """A co-building project's id by id, exact title or unambiguous fragment."""
        try:
            return self.resolve(
                "projects",
                n.text(ref) or "",
                what="what_linked_project",
                exact=("title",),
                fragment=("title",),
                label="title",
            )["id"]
        except GongjianError as exc:
            raise name_field(exc, field) from None

    def save_contribution(
        self, values: dict[str, Any], *, ctx: ImportContext | None = None, must_be_new: bool = False
    ) -> tuple[Outcome, int]:
        """Insert or update a contribution matched on receipt number + unit, else on all its facts."""
        unit = self._unit_of(values["unit"], ctx)
        cid = self._community_id_of(values["community"], ctx)
        kind = values.get("kind") or "cash"
        amount = values.get("amount") or 0
        if kind in ("cash", "in_kind") and amount <= 0:
            from gongjian.vocab import term_label

            raise InvalidValue("fund_amount_zero", kind=term_label("contribution_kind", kind), field="amount")
        day = values["date"]
        activity_id = None
        if values.get("activity"):
            try:
                activity_id = self.activity(values["activity"], community=cid, on=day)["id"]
            except GongjianError as exc:
                raise name_field(exc, "activity") from None
        project_id = self._linked_project_id(values["project"]) if values.get("project") else None
        facts = {
            "date": day,
            "year": year_of(day),
            "unit_id": unit["id"],
            "community_id": cid,
            "kind": kind,
            "amount_fen": amount,
            "description": values.get("description"),
        }
        extra = {
            "activity_id": activity_id,
            "project_id": project_id,
            "receipt_no": values.get("receipt_no"),
            "note": values.get("note"),
        }
        receipt = values.get("receipt_no")
        if receipt:
            row = self.row(
                "SELECT * FROM contributions WHERE receipt_no = ? AND unit_id = ?", (receipt, unit["id"])
            )
            if row is not None and must_be_new:
                raise Conflict("fund_receipt_exists", receipt=receipt, id=row["id"])
            wanted = {**facts, **extra}
        else:
            row = self.row(
                "SELECT * FROM contributions WHERE date = ? AND unit_id = ? AND community_id = ? AND kind = ? "
                "AND amount_fen = ? AND description IS ?",
                (day, unit["id"], cid, kind, amount, facts["description"]),
            )
            wanted = extra
        if row is None:
            new = {**facts, **{k: v for k, v in extra.items() if v is not None}}
            return "inserted", self.insert("contributions", {k: v for k, v in new.items() if v is not None})
        if must_be_new:
            community = self.scalar("SELECT name FROM communities WHERE id = ?", (cid,))
            raise Conflict(
                "fund_exists",
                id=row["id"],
                date=day,
                unit=unit["name"],
                community=community,
                amount=n.fen_to_yuan(amount),
            )
        diff = changed(row, wanted)
        if diff:
            self.update("contributions", row["id"], diff)
        return ("updated" if diff else "unchanged"), row["id"]

    def add_contribution(self, **raw: object) -> dict[str, Any]:
        """`fund add`: record cash, in-kind support (at its value), a venue or a service from a unit."""
        values = validate("contributions", raw)
        with self.write("fund add"):
            _, kid = self.save_contribution(values, must_be_new=True)
        return self.rows(CONTRIBUTION_SELECT + " WHERE k.id = ?", (kid,))[0]

    def import_contributions(self, values: dict[str, Any], ctx: ImportContext) -> Outcome:
        """Importer: one row of a funds / in-kind support sheet."""
        outcome, _ = self.save_contribution(values, ctx=ctx)
        return outcome

    def list_contributions(
        self,
        *,
        year: object = None,
        date_from: object = None,
        date_to: object = None,
        community: object = None,
        unit: object = None,
        kind: object = None,
        activity: int | None = None,
    ) -> list[dict[str, Any]]:
        """Contributions in date order, filtered by year, date range, community, unit, kind or activity id."""
        where, params = period_clause(year=year, date_from=date_from, date_to=date_to, alias="k")
        if community is not None and str(community).strip():
            where.append("k.community_id = ?")
            params.append(self._community_id_of(community))
        if unit is not None and str(unit).strip():
            where.append("k.unit_id = ?")
            params.append(self._unit_of(unit)["id"])
        if kind is not None and str(kind).strip():
            where.append("k.kind = ?")
            params.append(n.enum_value("contribution_kind", kind))
        if activity is not None:
            where.append("k.activity_id = ?")
            params.append(activity)
        sql = (
            CONTRIBUTION_SELECT
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY k.date, k.id"
        )
        return self.rows(sql, params)
