"""Funds and in-kind support (资金物资): their SQL and totals, in integer fen; the part is `Records`."""

from __future__ import annotations

from typing import Any

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
