"""The problem ledger's listing helpers: the filters of `ticket list`, status counts, overdue by assignee.

The filters (community, grid, category, status, unit, overdue, year, date_from, date_to) are also what
bulk moves select by; the queries themselves are `Tickets.list_tickets`, `show_ticket`, `overdue_tickets`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from gongjian.i18n import label
from gongjian.tickets.flow import LIVE, STATUSES

FILTERS = ("community", "grid", "category", "status", "unit", "overdue", "year", "date_from", "date_to")
LIVE_SQL = "(" + ", ".join(f"'{s}'" for s in LIVE) + ")"
OVERDUE_SQL = f"coalesce(t.status IN {LIVE_SQL} AND t.deadline < :today, 0)"


# The one listing query of tickets (`ticket list`, export, the year's book), over a derived table `t` of
# tickets with their state on a day (`Tickets.states_sql`); `:today` is the day overdue is judged on.
def ticket_select(states: str) -> str:
    """`SELECT … FROM` the tickets of `states` with their community, grid and assignee by name."""
    return f"""SELECT t.id, t.number, t.year, t.seq, c.name AS community, c.code AS community_code, g.name AS grid,
                      t.category, t.title, t.description, t.location, t.source, t.reported_on,
                      u.name AS assignee, t.deadline, t.st AS status, t.resolution, t.verifier,
                      t.st_on AS closed_on, t.reason, coalesce(t.st IN {LIVE_SQL} AND t.deadline < :today, 0) AS overdue,
                      t.promised_by, (SELECT m.date FROM meetings m WHERE m.id = t.meeting_id) AS meeting,
                      t.uid, t.created_at, t.updated_at
               FROM {states} JOIN communities c ON c.id = t.community_id
               LEFT JOIN grids g ON g.id = t.grid_id LEFT JOIN units u ON u.id = t.assignee_id"""


def state_on_sql(day: str, where: str) -> str:
    """The tickets matching `where` (on `t`) as a derived table `t` with two more columns: `st`, a ticket's
    status on `day` (an SQL date: `:asof`), and `st_on`, its 销号日期 then.

    The one rule of a ticket's state on a day: a ticket is in the status its last move dated on or
    before that day left it in (its `ticket_events`, in the order they were made), and a closed ticket's
    销号日期 is that move's date; a move without a date (a historical status set by an import) happened
    together with the move before it. So on the last day of 2016, a problem closed (销号) on 2017-02-10 is
    in the state it was in before that close — 整治中 — with no 销号日期, in every figure and listing of
    the 2016 book. A ticket without any recorded move (written by another tool) is in its recorded
    status, except that a 销号 dated after the day leaves it 整治中 on that day. Moves are never dated
    after today, so the state on today or later is the current status.

    Each ticket's last move is looked up once (a materialised step: 3× faster than naming it in each
    column on the city ledger), then joined by its id.
    """
    recorded_state = f"CASE WHEN t.status = 'closed' AND coalesce(t.closed_on, '') > {day} THEN 'in_progress' ELSE t.status END"
    return f"""(WITH s AS MATERIALIZED (
                  SELECT t.id AS sid,
                         EXISTS (SELECT 1 FROM ticket_events x WHERE x.ticket_id = t.id) AS recorded,
                         (SELECT max(e.id) FROM ticket_events e WHERE e.ticket_id = t.id AND e.id < coalesce(
                             (SELECT min(f.id) FROM ticket_events f WHERE f.ticket_id = t.id AND f.on_date > {day}),
                             9223372036854775807)) AS last_move
                  FROM tickets t WHERE {where})
              SELECT t.*,
                     CASE WHEN NOT s.recorded THEN {recorded_state} ELSE coalesce(e.to_status, 'open') END AS st,
                     CASE WHEN NOT s.recorded THEN (CASE WHEN {recorded_state} = 'closed' THEN t.closed_on END)
                          WHEN e.to_status = 'closed' THEN e.on_date END AS st_on
              FROM s JOIN tickets t ON t.id = s.sid LEFT JOIN ticket_events e ON e.id = s.last_move) AS t"""


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
    return label(key)
