"""The problem ledger (问题台账): numbered tickets, their workflow and events, grid management, figures.

A ticket is numbered `{community code}-{reported year}-{seq:05d}` when it is opened (gap-free per
community and year, never reused, never changed) and moves through the workflow of PRODUCT §2 one verb
at a time (`gongjian.tickets.flow`); every move writes a `ticket_events` row. `ticket_figures` is the one
place where found / closed / rejected / open / overdue / closure rate / median days to close are computed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from datetime import date, timedelta
from typing import Any

from gongjian.errors import Ambiguous, Conflict, InvalidValue, NotFound
from gongjian.i18n import label, t
from gongjian.reading import normalize as n
from gongjian.reading.specs import ImportContext, checked_text, validate
from gongjian.roster.roster import Roster
from gongjian.store.db import Store, like_escape, now_iso
from gongjian.tickets.flow import (
    DONE,
    MOVES,
    allowed_moves,
    can_move,
    canonical_number,
    closure_rate,
    deadline_iso,
)
from gongjian.tickets.imports import TicketImport
from gongjian.tickets.lists import (
    FILTERS,
    LIVE_SQL,
    OVERDUE_SQL,
    overdue_by_assignee,
    state_on_sql,
    status_counts,
    ticket_select,
)
from gongjian.tickets.promises import promise_due_sql, promise_kept_sql, promise_share
from gongjian.vocab import keys as enum_keys
from gongjian.vocab import term_label

FIGURES_BY = ("community", "grid", "category", "source", "unit", "month", "all")
# What `ticket_figures` reads of a ticket in its state on the day (only these: a ticket's text is long).
_FIGURE_COLUMNS = (
    "t.community_id, t.grid_id, t.category, t.source, t.assignee_id, t.reported_on, t.deadline, "
    "t.promised_by, t.st, t.st_on"
)
# How `ticket_figures` groups each way: key, label, joins, and the grid's community name (else NULL).
_FIGURE_GROUPS = {
    "community": ("c.code", "c.name", "JOIN communities c ON c.id = t.community_id", "NULL"),
    "grid": (
        "t.grid_id",
        "g.name",
        "LEFT JOIN grids g ON g.id = t.grid_id JOIN communities c ON c.id = t.community_id",
        "min(c.name)",
    ),
    "category": ("t.category", "t.category", "", "NULL"),
    "source": ("t.source", "t.source", "", "NULL"),
    "unit": ("t.assignee_id", "u.name", "LEFT JOIN units u ON u.id = t.assignee_id", "NULL"),
    "month": ("substr(t.reported_on, 1, 7)", "substr(t.reported_on, 1, 7)", "", "NULL"),
    "all": ("NULL", "NULL", "", "NULL"),
}


def _label(key: str) -> str:
    return label(key)


def _status_label(status: str) -> str:
    return term_label("ticket_status", status)


def _move_label(verb: str) -> str:
    return t(f"tk_move_{verb}")


class _Rollback(Exception):
    """Raised inside a write to undo it: a bulk move checked but not confirmed."""


def _required_text(value: object, key: str) -> str:
    text = checked_text(key, value)
    if not text:
        raise InvalidValue("tk_text_required", what=_label(key))
    return text


class Tickets:
    """Tickets: naming, opening, the moves one by one and in bulk, listings and figures: `ledger.tickets`."""

    def __init__(self, store: Store, roster: Roster) -> None:
        self.store = store
        self.roster = roster
        self.sheets = TicketImport(store, roster)

    # ------------------------------------------------------------------ naming
    def ticket(self, ref: object) -> dict[str, Any]:
        """A ticket by number (`BC-2016-00042`, also `bc-2016-42`), id, or an unambiguous number fragment."""
        text = n.identifier(ref) or ""
        canonical = canonical_number(text)
        return self.store.resolve(
            "tickets",
            text,
            what="tk_what",
            exact=("number",),
            fragment=("number",),
            label="number",
            extra_exact=(("number", canonical),) if canonical else (),
        )

    # ------------------------------------------------------------------ opening
    def open_ticket(self, *, today: date | None = None, **raw: object) -> dict[str, Any]:
        """`ticket open`: a new ticket in status open, numbered next for its community and reported year.

        `raw` takes the fields of the `tickets` kind (community, title, grid, category, description,
        location, source, reported_on); the reported date defaults to today.
        """
        day = today or date.today()
        values = validate("tickets", {k: v for k, v in raw.items() if v is not None})
        values.update(status="open", number=None)
        for key in ("unit", "deadline", "resolution", "verifier", "closed_on", "reason"):
            values[key] = None
        values["reported_on"] = values.get("reported_on") or day.isoformat()
        with self.store.write("ticket open"):
            new = self.sheets.check_new(values, day)
            self.sheets.insert_new([new])
            number = new.number
        return self.show_ticket(number, today=day)

    # ------------------------------------------------------------------ moves
    def assign_ticket(
        self, ref: object, *, unit: object, deadline: object, on: object = None, today: date | None = None
    ) -> dict[str, Any]:
        """`ticket assign`: give a ticket to a unit with a deadline (open → assigned; re-assigns an assigned one);
        without one, the deadline is the day promised when it came in (`promises.promised_by`)."""
        day = today or date.today()
        with self.store.write("ticket assign"):
            row = self._tk_for_move(ref, "assign")
            on_date = self._tk_on(on, row, day)
            u = self.roster.unit(unit)
            due = self._tk_deadline(deadline if deadline not in (None, "") else row["promised_by"], on_date)
            self._tk_apply_move(
                row, "assign", on_date, {"assignee_id": u["id"], "deadline": due}, unit_id=u["id"], note=due
            )
        return self.show_ticket(row["id"], today=day)

    def start_ticket(
        self, ref: object, *, on: object = None, note: object = None, today: date | None = None
    ) -> dict[str, Any]:
        """`ticket start`: the assigned unit starts work (assigned → in_progress)."""
        day = today or date.today()
        with self.store.write("ticket start"):
            row = self._tk_for_move(ref, "start")
            on_date = self._tk_on(on, row, day)
            self._tk_apply_move(
                row, "start", on_date, {}, unit_id=row["assignee_id"], note=checked_text("note", note)
            )
        return self.show_ticket(row["id"], today=day)

    def resolve_ticket(
        self, ref: object, *, resolution: object, on: object = None, today: date | None = None
    ) -> dict[str, Any]:
        """`ticket resolve`: the work is done, with what was done (in_progress → resolved)."""
        day = today or date.today()
        text = _required_text(resolution, "resolution")
        with self.store.write("ticket resolve"):
            row = self._tk_for_move(ref, "resolve")
            on_date = self._tk_on(on, row, day)
            self._tk_apply_move(
                row, "resolve", on_date, {"resolution": text}, unit_id=row["assignee_id"], note=text
            )
        return self.show_ticket(row["id"], today=day)

    def close_ticket(
        self, ref: object, *, verifier: object, on: object = None, today: date | None = None
    ) -> dict[str, Any]:
        """`ticket close` (销号): checked and verified on a date by a named verifier (resolved → closed)."""
        day = today or date.today()
        who = _required_text(verifier, "verifier")
        with self.store.write("ticket close"):
            row = self._tk_for_move(ref, "close")
            on_date = self._tk_on(on, row, day)
            self._tk_apply_move(
                row,
                "close",
                on_date,
                {"verifier": who, "closed_on": on_date},
                unit_id=row["assignee_id"],
                note=who,
            )
        return self.show_ticket(row["id"], today=day)

    def reject_ticket(
        self, ref: object, *, reason: object, on: object = None, today: date | None = None
    ) -> dict[str, Any]:
        """`ticket reject` (不予处理): not to be handled, with the reason (open/assigned/in_progress → rejected)."""
        day = today or date.today()
        why = _required_text(reason, "reason")
        with self.store.write("ticket reject"):
            row = self._tk_for_move(ref, "reject")
            on_date = self._tk_on(on, row, day)
            self._tk_apply_move(row, "reject", on_date, {"reason": why}, unit_id=row["assignee_id"], note=why)
        return self.show_ticket(row["id"], today=day)

    def reopen_ticket(
        self, ref: object, *, reason: object, on: object = None, today: date | None = None
    ) -> dict[str, Any]:
        """`ticket reopen`: back to work with the reason (resolved/closed → in_progress); clears the 销号."""
        day = today or date.today()
        why = _required_text(reason, "reason")
        with self.store.write("ticket reopen"):
            row = self._tk_for_move(ref, "reopen")
            on_date = self._tk_on(on, row, day)
            self._tk_apply_move(
                row,
                "reopen",
                on_date,
                {"verifier": None, "closed_on": None},
                unit_id=row["assignee_id"],
                note=why,
            )
        return self.show_ticket(row["id"], today=day)

    def _tk_for_move(self, ref: object, verb: str) -> dict[str, Any]:
        row = self.ticket(ref)
        if not can_move(row["status"], verb):
            allowed = allowed_moves(row["status"])
            raise Conflict(
                "tk_move_refused",
                number=row["number"],
                status=_status_label(row["status"]),
                move=_move_label(verb),
                allowed="、".join(t("tk_move_verb", move=_move_label(v), verb=v) for v in allowed)
                if allowed
                else t("tk_move_none"),
            )
        return row

    def _tk_on(self, on: object, row: dict[str, Any], day: date) -> str:
        """The date of a move: given or today; not after today, not before the problem was found."""
        on_date = n.date_iso(on, today=day) if on not in (None, "") else day.isoformat()
        if on_date > day.isoformat():
            raise InvalidValue("tk_date_future", what=_label("on_date"), date=on_date, today=day.isoformat())
        if on_date < row["reported_on"]:
            raise InvalidValue(
                "tk_date_before_reported", what=_label("on_date"), date=on_date, reported=row["reported_on"]
            )
        last = self.store.scalar("SELECT max(on_date) FROM ticket_events WHERE ticket_id = ?", (row["id"],))
        if last and on_date < last:
            raise InvalidValue("tk_date_before_last", date=on_date, last=last)
        return on_date

    @staticmethod
    def _tk_deadline(deadline: object, on_date: str) -> str:
        if deadline in (None, ""):
            raise InvalidValue("tk_text_required", what=_label("deadline"))
        due = deadline_iso(deadline, date.fromisoformat(on_date))
        if due < on_date:
            raise InvalidValue("tk_deadline_before", deadline=due, on=on_date)
        return due

    def _tk_apply_move(
        self,
        row: dict[str, Any],
        verb: str,
        on_date: str,
        changes: dict[str, Any],
        *,
        unit_id: int | None,
        note: str | None,
    ) -> None:
        target = MOVES[verb].target
        self.store.update("tickets", row["id"], {**changes, "status": target})
        self.store.conn.execute(
            "INSERT INTO ticket_events (ticket_id, on_date, from_status, to_status, unit_id, note) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (row["id"], on_date, row["status"], target, unit_id, note),
        )

    # ------------------------------------------------------------------ bulk moves
    def assign_tickets(
        self,
        filters: dict[str, Any],
        *,
        unit: object,
        deadline: object,
        on: object = None,
        apply: bool = True,
        today: date | None = None,
    ) -> dict[str, Any]:
        """Bulk `ticket assign`: every open ticket matching the filters (also assigned ones when the filters
        ask for status assigned) to one unit, in one transaction and one audit entry.

        Returns count (tickets changed), skipped (matching but not in a status that can be assigned), unit,
        deadline, on. With `apply=False` every check runs and nothing is written (the count to confirm).
        """
        day = today or date.today()
        result: dict[str, Any] = {}
        with suppress(_Rollback), self.store.write("ticket assign"):
            u = self.roster.unit(unit)
            rows, skipped, on_date = self._tk_bulk_rows("assign", filters, on, day)
            due = self._tk_deadline(deadline, on_date)
            result = {
                "count": len(rows),
                "skipped": skipped,
                "unit": u["name"],
                "deadline": due,
                "on": on_date,
            }
            self._tk_bulk_apply(
                rows,
                "assigned",
                on_date,
                "status = 'assigned', assignee_id = ?, deadline = ?",
                (u["id"], due),
                unit_id=u["id"],
                note=due,
                keep_unit=False,
            )
            if not apply:
                raise _Rollback
        return result

    def close_tickets(
        self,
        filters: dict[str, Any],
        *,
        verifier: object,
        on: object = None,
        apply: bool = True,
        today: date | None = None,
    ) -> dict[str, Any]:
        """Bulk `ticket close`: every resolved ticket matching the filters, verified by one person on one date.

        Returns count, skipped, verifier, on, and `earlier_years`: how many of them were found in a year
        before the 销号日期's (closed in that later year, they count in it); `apply=False` writes nothing.
        """
        day = today or date.today()
        who = _required_text(verifier, "verifier")
        result: dict[str, Any] = {}
        with suppress(_Rollback), self.store.write("ticket close"):
            rows, skipped, on_date = self._tk_bulk_rows("close", filters, on, day)
            earlier = sum(1 for r in rows if r["reported_on"][:4] < on_date[:4])
            result = {
                "count": len(rows),
                "skipped": skipped,
                "verifier": who,
                "on": on_date,
                "earlier_years": earlier,
            }
            self._tk_bulk_apply(
                rows,
                "closed",
                on_date,
                "status = 'closed', verifier = ?, closed_on = ?",
                (who, on_date),
                unit_id=None,
                note=who,
                keep_unit=True,
            )
            if not apply:
                raise _Rollback
        return result

    def _tk_bulk_where(
        self, verb: str, filters: dict[str, Any], day: date
    ) -> tuple[str, dict[str, Any], tuple[str, ...]]:
        if not any(filters.get(k) for k in FILTERS):
            raise InvalidValue("tk_bulk_no_target")
        where, params = self._tk_where(filters, day)
        sources = MOVES[verb].sources
        if verb == "assign" and not filters.get("status"):
            sources = ("open",)  # re-assigning in bulk only when asked for with --status assigned
        return where, params, sources

    def _tk_bulk_rows(
        self, verb: str, filters: dict[str, Any], on: object, day: date
    ) -> tuple[list[dict[str, Any]], int, str]:
        where, params, sources = self._tk_bulk_where(verb, filters, day)
        matching = self.store.rows(
            f"""SELECT t.id, t.number, t.status, t.reported_on, t.assignee_id,
                       (SELECT max(e.on_date) FROM ticket_events e WHERE e.ticket_id = t.id) AS last_on
                FROM tickets t WHERE {where} ORDER BY t.id""",
            params,
        )
        rows = [r for r in matching if r["status"] in sources]
        if not rows:
            raise NotFound("tk_bulk_none", move=_move_label(verb))
        on_date = n.date_iso(on, today=day) if on not in (None, "") else day.isoformat()
        if on_date > day.isoformat():
            raise InvalidValue("tk_date_future", what=_label("on_date"), date=on_date, today=day.isoformat())
        late = [r for r in rows if max(r["reported_on"], r["last_on"] or "") > on_date]
        if late:
            raise InvalidValue(
                "tk_bulk_before_last",
                n=len(late),
                on=on_date,
                number=late[0]["number"],
                last=max(late[0]["reported_on"], late[0]["last_on"] or ""),
            )
        return rows, len(matching) - len(rows), on_date

    def _tk_bulk_apply(
        self,
        rows: list[dict[str, Any]],
        target: str,
        on_date: str,
        sets: str,
        values: tuple[Any, ...],
        *,
        unit_id: int | None,
        note: str,
        keep_unit: bool,
    ) -> None:
        stamp = now_iso()
        self.store.conn.executemany(
            f"UPDATE tickets SET {sets}, updated_at = ? WHERE id = ?",
            [(*values, stamp, r["id"]) for r in rows],
        )
        self.store.conn.executemany(
            "INSERT INTO ticket_events (ticket_id, at, on_date, from_status, to_status, unit_id, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    r["id"],
                    stamp,
                    on_date,
                    r["status"],
                    target,
                    r["assignee_id"] if keep_unit else unit_id,
                    note,
                )
                for r in rows
            ],
        )

    # ------------------------------------------------------------------ listings
    def _tk_where(
        self, filters: dict[str, Any], day: date, state: str = "t.status"
    ) -> tuple[str, dict[str, Any]]:
        """SQL conditions (on `tickets t`) and named parameters for the filters of `ticket list`.

        `state` is the status column the status and overdue filters read (`t.st` for a state on a day).
        """
        where, params = ["1"], {"today": day.isoformat()}
        community_id = None
        if filters.get("community"):
            community_id = self.roster.community(filters["community"])["id"]
            where.append("t.community_id = :community")
            params["community"] = community_id
        if filters.get("grid"):
            grid_ids = self._tk_grid_ids(filters["grid"], community_id)
            where.append(f"t.grid_id IN ({', '.join(str(int(g)) for g in grid_ids)})")
        for key, enum, column in (
            ("category", "ticket_category", "t.category"),
            ("status", "ticket_status", state),
        ):
            if filters.get(key):
                raw = filters[key]
                keys = sorted({n.enum_value(enum, v) for v in ([raw] if isinstance(raw, str) else raw)})
                where.append(f"{column} IN ({', '.join(f':{key}{i}' for i in range(len(keys)))})")
                params.update({f"{key}{i}": k for i, k in enumerate(keys)})
        if filters.get("unit"):
            where.append("t.assignee_id = :unit")
            params["unit"] = self.roster.unit(filters["unit"])["id"]
        if filters.get("overdue"):
            where.append(f"{state} IN {LIVE_SQL} AND t.deadline < :today")
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
        key = n.match_key(text)
        ids = [
            r["id"]
            for r in self.store.rows(
                f"SELECT id FROM grids WHERE match_key(name) = ? {scope}", [key, *params]
            )
        ]
        if ids:
            return ids
        found = self.store.rows(
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

    def list_tickets(
        self, *, today: date | None = None, as_of: date | None = None, **filters: Any
    ) -> list[dict[str, Any]]:
        """Tickets matching the filters of `ticket list`, by community, year and number (`iter_tickets`)."""
        return list(self.iter_tickets(today=today, as_of=as_of, **filters))

    def iter_tickets(
        self, *, today: date | None = None, as_of: date | None = None, **filters: Any
    ) -> Iterator[dict[str, Any]]:
        """Tickets matching the filters of `ticket list`, by community, year and number, one at a time from
        the cursor (a bad filter is refused at once, before any row).

        Filters: community, grid, category, status (one or a list), unit, overdue, year, date_from, date_to
        (the reported date; a month or year means its first/last day). Each row carries the JSON keys of
        `ticket list` (community and assignee by name, overdue as a bool) plus `id` and `community_code`.
        With `as_of`, every ticket is shown in its state on that day (status, 销号日期 and overdue, and the
        status filters read that state): the year's book lists its problems as they stood on 12-31.
        """
        day = as_of or today or date.today()
        unknown = set(filters) - set(FILTERS)
        if unknown:
            raise TypeError(f"unknown ticket filters: {sorted(unknown)}")
        by_state = {k: filters.pop(k) for k in ("status", "overdue") if k in filters}
        where, params = self._tk_where(filters, day)
        state_where, state_params = self._tk_where(by_state, day, state="t.st")
        params.update(state_params, asof=day.isoformat())
        rows = self.store.stream(
            f"{ticket_select(self.states_sql(day.isoformat(), where))} WHERE {state_where} "
            "ORDER BY c.code, t.year, t.seq",
            params,
        )
        return ({**r, "overdue": bool(r["overdue"])} for r in rows)

    def show_ticket(self, ref: object, *, today: date | None = None) -> dict[str, Any]:
        """One ticket with its community, grid, assignee, overdue state and full event history."""
        day = today or date.today()
        tid = ref if isinstance(ref, int) else self.ticket(ref)["id"]
        row = self.store.row(
            f"""SELECT t.id, t.number, c.name AS community, c.code AS community_code, g.name AS grid, t.category,
                       t.title, t.description, t.location, t.source, t.reported_on, u.name AS assignee, t.deadline,
                       t.status, t.resolution, t.verifier, t.closed_on, t.reason, {OVERDUE_SQL} AS overdue,
                       CAST(julianday(:today) - julianday(t.deadline) AS INTEGER) AS days_overdue,
                       t.promised_by, m.date AS meeting
                FROM tickets t JOIN communities c ON c.id = t.community_id LEFT JOIN meetings m ON m.id = t.meeting_id
                LEFT JOIN grids g ON g.id = t.grid_id LEFT JOIN units u ON u.id = t.assignee_id
                WHERE t.id = :id""",
            {"id": tid, "today": day.isoformat()},
        )
        row["overdue"] = bool(row["overdue"])
        if row["status"] in DONE or row["deadline"] is None:
            row["days_overdue"] = None
        row["events"] = self.store.rows(
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
            params["community"] = self.roster.community(community)["id"]
        if unit is not None:
            where.append("t.assignee_id = :unit")
            params["unit"] = self.roster.unit(unit)["id"]
        rows = self.store.rows(
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

    @staticmethod
    def states_sql(asof: str, where: str) -> str:
        """SQL for the tickets matching `where` (on `t`) with two more columns, as a derived table `t`:

        `st`, the ticket's status on the day `:asof`, and `st_on`, its 销号日期 when that status is closed
        (the rule is `lists.state_on_sql`; on today or later it is simply the current status).
        """
        if asof >= date.today().isoformat():
            return f"(SELECT t.*, t.status AS st, t.closed_on AS st_on FROM tickets t WHERE {where}) AS t"
        return state_on_sql(":asof", where)

    # ------------------------------------------------------------------ figures
    def ticket_figures(
        self,
        *,
        by: str,
        year: int | None = None,
        date_from: object = None,
        date_to: object = None,
        today: date | None = None,
        community: object = None,
        medians: bool = True,
    ) -> list[dict[str, Any]]:
        """The problem figures every report uses, grouped `by` community|grid|category|source|unit|month|all.

        The tickets counted are those found (reported) in the period — `year`, or `date_from`..`date_to`
        (ISO dates, months or years; either may be open), or all time — optionally in one `community`.
        One dict per group (only groups with tickets; `all` gives one row), with keys:

        - `key`: community code | grid id | category key | unit id | 'YYYY-MM' | None (no grid/unit; all);
          `label`: community name | grid name | category label | unit name | 'YYYY-MM' | None / 合计;
          by grid also `community` (its community's name);
        - `found`: tickets reported in the period;
        - `closed`: of those, status closed (fixed and verified) with `closed_on` within the period;
        - `rejected`: of those, status rejected (never counts as solved);
        - `open`: found − closed − rejected (includes tickets closed only after the period);
        - `overdue`: of the open ones, those with a deadline before the reference day — `today`, or the
          period's last day for a period already over;
        - `closure_rate`: closed / (found − rejected), a float in 0..1, None when found − rejected is 0;
        - `median_days_to_close`: median days from reported_on to closed_on of the closed ones (float), or None;
          always None with `medians=False` (callers that do not show it skip that part);
        - `promised`, `kept`, `promise_share`: promises come due on the reference day, those kept, and the
          share kept (the rules of `tickets.promises`).
        """
        return self.ticket_figures_by(
            (by,),
            year=year,
            date_from=date_from,
            date_to=date_to,
            today=today,
            community=community,
            medians=(by,) if medians else (),
        )[by]

    def ticket_figures_by(
        self,
        bys: tuple[str, ...],
        *,
        year: int | None = None,
        date_from: object = None,
        date_to: object = None,
        today: date | None = None,
        community: object = None,
        medians: tuple[str, ...] = (),
    ) -> dict[str, list[dict[str, Any]]]:
        """`ticket_figures` grouped each way of `bys` (`{by: rows}`), from one statement: the tickets'
        states on the day are worked out once and grouped each way; medians only for the groupings in
        `medians`."""
        for by in bys:
            if by not in FIGURES_BY:
                raise InvalidValue("tk_figures_by", by=by, choices="、".join(FIGURES_BY))
        day = today or date.today()
        where, params = ["1"], {}
        first, last = "0000-01-01", "9999-12-31"
        if year is not None:
            where.append("t.year = :year")
            params["year"] = int(year)
            first, last = f"{int(year):04d}-01-01", f"{int(year):04d}-12-31"
        if date_from not in (None, ""):
            first = max(first, n.period(date_from, today=day)[0])
        if date_to not in (None, ""):
            last = min(last, n.period(date_to, today=day)[1])
        if first != "0000-01-01":
            where.append("t.year >= :first_year AND t.reported_on >= :first")
            params.update(first=first, first_year=int(first[:4]))
        if last != "9999-12-31":
            where.append("t.year <= :last_year AND t.reported_on <= :last")
            params.update(last=last, last_year=int(last[:4]))
        if community is not None:
            where.append("t.community_id = :community")
            params["community"] = self.roster.community(community)["id"]
        params["asof"] = min(day.isoformat(), last)
        cond = " AND ".join(where)
        # The tickets found in the period, each in its state on `asof` (see `lists.state_on_sql`), worked
        # out once (a materialised step of the columns the figures read) and grouped each way asked for.
        states = self.states_sql(params["asof"], cond)
        closed = "(t.st = 'closed')"
        parts = []
        for i, by in enumerate(bys):
            key_sql, label_sql, joins, extra = _FIGURE_GROUPS[by]
            parts.append(
                f"""SELECT {i} AS part, {key_sql} AS key, min({label_sql}) AS label, {extra} AS community,
                       NULL AS median, count(*) AS found,
                       sum({closed}) AS closed, sum(t.st = 'rejected') AS rejected,
                       sum(t.st NOT IN ('closed', 'rejected')) AS open,
                       sum(t.st NOT IN ('closed', 'rejected') AND t.deadline < :asof) AS overdue,
                       sum({promise_due_sql(":asof")}) AS promised, sum({promise_kept_sql()}) AS kept
                FROM tk AS t {joins} GROUP BY {key_sql}"""
            )
            if by in medians:
                parts.append(
                    f"""SELECT {i} AS part, key, NULL, NULL, avg(days), NULL, NULL, NULL, NULL, NULL, NULL, NULL
                    FROM (SELECT key, days, row_number() OVER (PARTITION BY key ORDER BY days) AS rn,
                                 count(*) OVER (PARTITION BY key) AS cnt
                          FROM (SELECT {key_sql} AS key, julianday(t.st_on) - julianday(t.reported_on) AS days
                                FROM tk AS t {joins} WHERE {closed} AND t.st_on IS NOT NULL))
                    WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY key"""
                )
        found = self.store.rows(
            f"WITH tk AS MATERIALIZED (SELECT {_FIGURE_COLUMNS} FROM {states}) " + " UNION ALL ".join(parts),
            params,
        )
        counts: list[list[dict[str, Any]]] = [[] for _ in bys]
        middles: list[dict[Any, Any]] = [{} for _ in bys]
        for r in found:
            part, median = r.pop("part"), r.pop("median")
            if r["found"] is None:
                middles[part][r["key"]] = median
            else:
                if bys[part] != "grid":
                    del r["community"]
                counts[part].append(r)
        out = {by: self._figure_rows(by, counts[i], middles[i]) for i, by in enumerate(bys)}
        return out

    @staticmethod
    def _figure_rows(by: str, rows: list[dict[str, Any]], middle: dict[Any, Any]) -> list[dict[str, Any]]:
        """The grouped counts of `ticket_figures_by` with their rates, medians and labels, in order."""
        for r in rows:
            r["closure_rate"] = closure_rate(r["closed"], r["found"], r["rejected"])
            r["promised"], r["kept"] = r["promised"] or 0, r["kept"] or 0
            r["promise_share"] = promise_share(r["kept"], r["promised"])
            median = middle.get(r["key"])
            r["median_days_to_close"] = None if median is None else float(median)
            if by == "category":
                r["label"] = term_label("ticket_category", r["key"])
            elif by == "source":
                r["label"] = term_label("ticket_source", r["key"])
            elif by == "all":
                r["label"] = t("tk_total")
        order = {k: i for i, k in enumerate(enum_keys("ticket_category"))}
        sources = {k: i for i, k in enumerate(enum_keys("ticket_source"))}
        sort = {
            "community": lambda r: r["key"],
            "grid": lambda r: (r["key"] is None, r.get("community") or "", r["key"] or 0),
            "category": lambda r: order.get(r["key"], len(order)),
            "source": lambda r: sources.get(r["key"], len(sources)),
            "unit": lambda r: (r["key"] is None, -r["found"], r["label"] or ""),
            "month": lambda r: r["key"],
            "all": lambda r: 0,
        }[by]
        rows.sort(key=sort)
        if by == "all" and not rows:
            rows = [
                {
                    "key": None,
                    "label": t("tk_total"),
                    "found": 0,
                    "closed": 0,
                    "rejected": 0,
                    "open": 0,
                    "overdue": 0,
                    "closure_rate": None,
                    "median_days_to_close": None,
                    "promised": 0,
                    "kept": 0,
                    "promise_share": None,
                }
            ]
        return rows

    # ------------------------------------------------------------------ importing
    def import_tickets_batch(self, rows: list[dict[str, Any]], ctx: ImportContext) -> list[str]:
        """Importer: a chunk of survey rows, in file order (see `TicketImport.import_batch`)."""
        return self.sheets.import_batch(rows, ctx)


__all__ = ["FIGURES_BY", "FILTERS", "Tickets", "overdue_by_assignee", "status_counts"]
