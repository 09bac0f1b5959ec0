"""The problem ledger's listing helpers: the filters of `ticket list`, status counts, overdue by assignee.

The filters (community, grid, category, status, unit, overdue, year, date_from, date_to) are also what
bulk moves select by; the queries themselves are `Tickets.list_tickets`, `show_ticket`, `overdue_tickets`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from gongjian.tickets.flow import LIVE, STATUSES

FILTERS = ("community", "grid", "category", "status", "unit", "overdue", "year", "date_from", "date_to")
LIVE_SQL = "(" + ", ".join(f"'{s}'" for s in LIVE) + ")"
OVERDUE_SQL = f"coalesce(t.status IN {LIVE_SQL} AND t.deadline < :today, 0)"


def status_counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    """How many of `rows` are in each status (every status present, in workflow order) and overdue."""
    counts = Counter(r["status"] for r in rows)
    out = {s: counts.get(s, 0) for s in STATUSES}
    out["overdue"] = sum(1 for r in rows if r.get("overdue"))
    return out


def overdue_by_assignee(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of `overdue_tickets` summed per assignee: overdue, due soon, most days overdue."""
    groups: dict[Any, dict[str, Any]] = {}
    for r in rows:
        g = groups.setdefault(
            r["assignee"], {"assignee": r["assignee"], "overdue": 0, "due_soon": 0, "max_days_overdue": 0}
        )
        if r["overdue"]:
            g["overdue"] += 1
            g["max_days_overdue"] = max(g["max_days_overdue"], r["days_overdue"])
        else:
            g["due_soon"] += 1
    return list(groups.values())


def _label(key: str) -> str:
    from gongjian.i18n import label

    return label(key)
