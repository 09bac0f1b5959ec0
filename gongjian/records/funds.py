"""Funds and in-kind support (资金物资): their listing query, the sums by kind, totals; the part is `Records`.

A contribution is one of four kinds: cash (出资), in-kind support at its value (物资折合), a venue (场地) or
a service (服务), each in integer fen. 资金物资 — what the assessment's funds criterion and the year's
figures count — is cash plus in-kind value (`goods_fen`); venue and service are shown beside it.
"""

from __future__ import annotations

from typing import Any

KINDS = ("cash", "in_kind", "venue", "service")

# The one listing query of contributions (`fund list`, `activity show`, export, the year's book, the digest).
CONTRIBUTION_SELECT = """
    SELECT k.id, k.date, k.year, u.name AS unit, c.code AS community_code, c.name AS community, k.kind,
           k.amount_fen, k.description, a.title AS activity, p.title AS project, k.receipt_no, k.note,
           k.uid, k.created_at, k.updated_at
    FROM contributions k JOIN units u ON u.id = k.unit_id JOIN communities c ON c.id = k.community_id
    LEFT JOIN activities a ON a.id = k.activity_id LEFT JOIN projects p ON p.id = k.project_id
"""


def kind_sums_sql(alias: str = "k") -> str:
    """SQL columns `cash_fen`, `in_kind_fen`, `venue_fen`, `service_fen`: each kind's amounts summed (0 if none)."""
    return ", ".join(
        f"coalesce(sum(CASE WHEN {alias}.kind = '{kind}' THEN {alias}.amount_fen END), 0) AS {kind}_fen"
        for kind in KINDS
    )


def goods_fen(sums: dict[str, Any]) -> int:
    """资金物资 as the assessment and the year's figures count it: cash plus in-kind value, in fen."""
    return (sums.get("cash_fen") or 0) + (sums.get("in_kind_fen") or 0)


def zero_sums() -> dict[str, int]:
    """The sums of no contribution at all."""
    return {f"{kind}_fen": 0 for kind in KINDS}


def contribution_totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Sums over listed contributions: each kind apart, cash + in-kind together (`goods_fen`), and all."""
    totals = {"count": len(rows), **zero_sums()}
    for row in rows:
        totals[f"{row['kind']}_fen"] += row["amount_fen"] or 0
    totals["goods_fen"] = goods_fen(totals)
    totals["total_fen"] = totals["goods_fen"] + totals["venue_fen"] + totals["service_fen"]
    return totals
