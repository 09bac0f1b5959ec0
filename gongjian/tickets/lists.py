"""Looking at the problem ledger: `ticket list` filters, one ticket with its history, overdue by assignee.

`TicketLists` is mixed into `Ledger` through `gongjian.tickets.tickets.Tickets`; the filters it parses (community,
grid, category, status, unit, overdue, year, date_from, date_to) are also what bulk moves select by.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from gongjian.errors import Ambiguous, InvalidValue, NotFound
from gongjian.reading import normalize as n
from gongjian.store.db import like_escape
from gongjian.tickets.flow import DONE, LIVE, STATUSES

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


class TicketLists:
    """Listings of tickets (mixed into `Ledger` through `Tickets`)."""

    def _tk_where(self, filters: dict[str, Any], day: date) -> tuple[str, dict[str, Any]]:
        """SQL conditions (on `tickets t`) and named parameters for the filters of `ticket list`."""
        where, params = ["1"], {"today": day.isoformat()}
        community_id = None
        if filters.get("community"):
            community_id = self.community(filters["community"])["id"]
            where.append("t.community_id = :community")
            params["community"] = community_id
        if filters.get("grid"):
            grid_ids = self._tk_grid_ids(filters["grid"], community_id)
            where.append(f"t.grid_id IN ({', '.join(str(int(g)) for g in grid_ids)})")
        for key, enum in (("category", "ticket_category"), ("status", "ticket_status")):
            if filters.get(key):
                raw = filters[key]
                keys = sorted({n.enum_value(enum, v) for v in ([raw] if isinstance(raw, str) else raw)})
                where.append(f"t.{key} IN ({', '.join(f':{key}{i}' for i in range(len(keys)))})")
                params.update({f"{key}{i}": k for i, k in enumerate(keys)})
        if filters.get("unit"):
            where.append("t.assignee_id = :unit")
            params["unit"] = self.unit(filters["unit"])["id"]
        if filters.get("overdue"):
            where.append(f"t.status IN {LIVE_SQL} AND t.deadline < :today")
        if filters.get("year"):
            where.append("t.year = :year")
            params["year"] = n.integer(filters["year"], minimum=1949, maximum=2100)
        if filters.get("date_from"):
            where.append("t.reported_on >= :date_from")
            params["date_from"] = n.period(filters["date_from"], today=day)[0]
        if filters.get("date_to"):
            where.append("t.reported_on <= :date_to")
            params["date_to"] = n.period(filters["date_to"], today=day)[1]
        return " AND ".join(where), params

    def _tk_grid_ids(self, name: object, community_id: int | None) -> list[int]:
        """Grids named exactly so (in the community, if given), else one grid whose name contains it."""
        text = n.text(name) or ""
        scope, params = ("AND community_id = ?", [community_id]) if community_id else ("", [])
        ids = [r["id"] for r in self.rows(f"SELECT id FROM grids WHERE name = ? {scope}", [text, *params])]
        if ids:
            return ids
        found = self.rows(
            f"SELECT g.id, g.name, c.name AS community FROM grids g JOIN communities c "
            f"ON c.id = g.community_id WHERE g.name LIKE ? ESCAPE '\\' {scope.replace('community_id', 'g.community_id')} "
            f"ORDER BY g.id LIMIT 11",
            ["%" + like_escape(text) + "%", *params],
        )
        if not found:
            raise NotFound("not_found", what=_label("grid"), name=text)
        if len(found) > 1:
            names = [f"{r['community']}{r['name']}" for r in found[:10]] + (["…"] if len(found) > 10 else [])
            raise Ambiguous("ambiguous", what=_label("grid"), name=text, candidates="、".join(names))
        return [found[0]["id"]]

    def list_tickets(self, *, today: date | None = None, **filters: Any) -> list[dict[str, Any]]:
        """Tickets matching the filters of `ticket list`, by community, year and number.

        Filters: community, grid, category, status (one or a list), unit, overdue, year, date_from, date_to
        (the reported date; a month or year means its first/last day). Each row carries the JSON keys of
        `ticket list` (community and assignee by name, overdue as a bool) plus `id` and `community_code`.
        """
        day = today or date.today()
        unknown = set(filters) - set(FILTERS)
        if unknown:
            raise TypeError(f"unknown ticket filters: {sorted(unknown)}")
        where, params = self._tk_where(filters, day)
        rows = self.rows(
            f"""SELECT t.id, t.number, c.name AS community, c.code AS community_code, g.name AS grid, t.category,
                       t.title, t.location, t.status, u.name AS assignee, t.deadline, t.reported_on, t.closed_on,
                       {OVERDUE_SQL} AS overdue
                FROM tickets t JOIN communities c ON c.id = t.community_id
                LEFT JOIN grids g ON g.id = t.grid_id LEFT JOIN units u ON u.id = t.assignee_id
                WHERE {where} ORDER BY c.code, t.year, t.seq""",
            params,
        )
        for r in rows:
            r["overdue"] = bool(r["overdue"])
        return rows

    def show_ticket(self, ref: object, *, today: date | None = None) -> dict[str, Any]:
        """One ticket with its community, grid, assignee, overdue state and full event history."""
        day = today or date.today()
        tid = ref if isinstance(ref, int) else self.ticket(ref)["id"]
        row = self.row(
            f"""SELECT t.id, t.number, c.name AS community, c.code AS community_code, g.name AS grid, t.category,
                       t.title, t.description, t.location, t.source, t.reported_on, u.name AS assignee, t.deadline,
                       t.status, t.resolution, t.verifier, t.closed_on, t.reason, {OVERDUE_SQL} AS overdue,
                       CAST(julianday(:today) - julianday(t.deadline) AS INTEGER) AS days_overdue
                FROM tickets t JOIN communities c ON c.id = t.community_id
                LEFT JOIN grids g ON g.id = t.grid_id LEFT JOIN units u ON u.id = t.assignee_id
                WHERE t.id = :id""",
            {"id": tid, "today": day.isoformat()},
        )
        row["overdue"] = bool(row["overdue"])
        if row["status"] in DONE or row["deadline"] is None:
            row["days_overdue"] = None
        row["events"] = self.rows(
            """SELECT e.at, e.on_date, e.from_status, e.to_status, u.name AS unit, e.note
               FROM ticket_events e LEFT JOIN units u ON u.id = e.unit_id WHERE e.ticket_id = ? ORDER BY e.id""",
            (tid,),
        )
        return row

    def overdue_tickets(
        self, *, days_left: int = 7, community: object = None, unit: object = None, today: date | None = None
    ) -> list[dict[str, Any]]:
        """Overdue tickets and those due within `days_left` days, by assignee then deadline.

        Each row: assignee (None when unassigned), number, community, grid, title, status, deadline,
        days_overdue (positive: days past the deadline; 0 or negative: due today or in that many days),
        overdue (bool: past the deadline).
        """
        day = today or date.today()
        if days_left < 0:
            raise InvalidValue("bad_integer", value=days_left, minimum=0)
        params: dict[str, Any] = {
            "today": day.isoformat(),
            "limit": (day + timedelta(days=days_left)).isoformat(),
        }
        where = [f"t.status IN {LIVE_SQL}", "t.deadline <= :limit"]
        if community is not None:
            where.append("t.community_id = :community")
            params["community"] = self.community(community)["id"]
        if unit is not None:
            where.append("t.assignee_id = :unit")
            params["unit"] = self.unit(unit)["id"]
        rows = self.rows(
            f"""SELECT u.name AS assignee, t.number, c.name AS community, g.name AS grid, t.title, t.status,
                       t.deadline, CAST(julianday(:today) - julianday(t.deadline) AS INTEGER) AS days_overdue
                FROM tickets t JOIN communities c ON c.id = t.community_id
                LEFT JOIN grids g ON g.id = t.grid_id LEFT JOIN units u ON u.id = t.assignee_id
                WHERE {" AND ".join(where)}
                ORDER BY u.name IS NULL, u.name, t.deadline, c.code, t.year, t.seq""",
            params,
        )
        for r in rows:
            r["overdue"] = r["days_overdue"] > 0
        return rows
