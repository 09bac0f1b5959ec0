"""Importing problem sheets (kind `tickets`) and the one writer that numbers and inserts new tickets.

A survey sheet is imported in file order: rows without a number get the next numbers of their community
and reported year; rows with a number update that ticket; an unnumbered row that repeats a ticket
already in the ledger (same community, date, title and location) updates it too, so re-importing a sheet
changes nothing. A status column sets the status directly (historical data), but only to a state that
has the fields it needs; without one the status is inferred from the columns the row fills in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from gongjian.errors import Conflict, GongjianError, InvalidValue, NotFound
from gongjian.i18n import label, t
from gongjian.reading import normalize as n
from gongjian.reading.specs import ImportContext
from gongjian.roster.roster import Roster
from gongjian.store.db import Store, now_iso
from gongjian.tickets import specs as _specs  # noqa: F401  (registers the kind tickets)
from gongjian.tickets.flow import (
    FORBIDS,
    RANK,
    canonical_number,
    extra_fields,
    format_number,
    infer_status,
    missing_fields,
    parse_number,
    ticket_number,
)
from gongjian.tickets.promises import promise_rules, promised_by
from gongjian.vocab import term_label

# The workflow's field names (ticket_flow.NEEDS) -> ticket columns.
FLOW_COLUMNS = {
    "unit": "assignee_id",
    "deadline": "deadline",
    "resolution": "resolution",
    "verifier": "verifier",
    "closed_on": "closed_on",
    "reason": "reason",
}
# Sheet fields copied to a column of the same name when present.
PLAIN = (
    "category",
    "title",
    "description",
    "location",
    "source",
    "reported_on",
    "deadline",
    "resolution",
    "verifier",
    "closed_on",
    "reason",
    "promised_by",
)
TICKET_COLUMNS = (
    "number",
    "community_id",
    "year",
    "seq",
    "grid_id",
    "category",
    "title",
    "description",
    "location",
    "source",
    "reported_on",
    "assignee_id",
    "deadline",
    "status",
    "resolution",
    "verifier",
    "closed_on",
    "reason",
    "promised_by",
    "meeting_id",
)
EVENT_COLUMNS = ("ticket_id", "at", "on_date", "from_status", "to_status", "unit_id", "note")
# A call with this many rows reads every community's numbers of its years at once (`Numbering.load`);
# a smaller one (the careful pass replays rows one by one) looks up only the communities it numbers.
NUMBERING_LOAD_ROWS = 1000
# Positions in a new ticket's row (`TICKET_COLUMNS` order) that numbering and matching read or fill.
NUMBER, COMMUNITY, YEAR, SEQ, TITLE, LOCATION, REPORTED_ON = 0, 1, 2, 3, 6, 8, 10


def title_from(values: dict[str, Any]) -> str | None:
    """A ticket's title: its 问题 (title) column; a row with only a 问题描述 (description) is titled by the
    whole description, as typed — never cut into a shorter title (`问题13：路灯损坏，…` stays whole)."""
    return values.get("title") or values.get("description") or None


def event_note(status: str, values: dict[str, Any]) -> str | None:
    """What an event into `status` records in its note: the deadline, resolution, verifier or reason."""
    key = {"assigned": "deadline", "resolved": "resolution", "closed": "verifier", "rejected": "reason"}.get(
        status
    )
    return values.get(key) if key else None


class Numbering:
    """Next sequence numbers per (community, year) inside one write transaction: max(seq) + 1, in order."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.next: dict[tuple[int, int], int] = {}
        self.years: set[int] = set()  # years whose every community's max(seq) is in `next` (`load`)

    def load(self, years: set[int]) -> None:
        """Read the max(seq) of every community for these years in one query (a large import numbers
        tickets of hundreds of communities: one grouped scan instead of one query each)."""
        wanted = sorted(years - self.years)
        if not wanted:
            return
        marks = ", ".join("?" for _ in wanted)
        for community_id, year, top in self.store.conn.execute(
            "SELECT community_id, year, max(seq) FROM tickets "
            f"WHERE year IN ({marks}) GROUP BY community_id, year",
            wanted,
        ):
            self.next.setdefault((community_id, year), top + 1)
        self.years.update(wanted)

    def peek(self, community_id: int, year: int) -> int:
        """The sequence number the next new ticket of this community and year will get."""
        key = (community_id, year)
        if key not in self.next:
            if year in self.years:  # loaded: this community has no ticket of that year yet
                top = 0
            else:
                top = self.store.scalar(
                    "SELECT max(seq) FROM tickets WHERE community_id = ? AND year = ?", (community_id, year)
                )
            self.next[key] = (top or 0) + 1
        return self.next[key]

    def take(self, community_id: int, year: int) -> int:
        """Use up the next sequence number."""
        seq = self.peek(community_id, year)
        self.next[(community_id, year)] = seq + 1
        return seq


class NewTicket:
    """A checked new ticket on its way in, built in one pass without intermediate dicts: its `row` in
    `TICKET_COLUMNS` order (numbering fills `number` and `seq`), its community's `code`, and its `events`
    as (at, on_date, from_status, to_status, unit_id, note) — `at` None means the time of the insert."""

    __slots__ = ("row", "code", "events")

    def __init__(self, row: list[Any], code: str, events: list[tuple[Any, ...]]) -> None:
        self.row = row
        self.code = code
        self.events = events

    @property
    def number(self) -> str | None:
        """The ticket's number (None until numbered)."""
        return self.row[NUMBER]


def _cached(ctx: ImportContext | None, bucket: str, key: Any, compute: Callable[[], Any]) -> Any:
    return compute() if ctx is None else ctx.cached(bucket, key, compute)


def _memo(ctx: ImportContext | None, bucket: str) -> dict[Any, Any]:
    """One import's lookup dict `bucket` (in `ctx.cache`, so a rollback forgets it); a throwaway without ctx."""
    if ctx is None:
        return {}
    memo = ctx.cache.get(bucket)
    if memo is None:
        memo = ctx.cache[bucket] = {}
    return memo


def _with_field(exc: GongjianError, name: str) -> GongjianError:
    exc.params.setdefault("field", name)
    return exc


class TicketImport:
    """New tickets from `ticket open` and from sheets: records checked, numbered and inserted with their events.

    Held by the `Tickets` part; needs only the store and the roster (communities, grids, units).
    """

    def __init__(self, store: Store, roster: Roster) -> None:
        self.store = store
        self.roster = roster

    # ------------------------------------------------------------------ lookups (one dict per import)
    def _tk_community(self, name: str, ctx: ImportContext | None = None) -> dict[str, Any]:
        memo = _memo(ctx, "tk_community")
        found = memo.get(name)
        if found is None:
            try:
                found = memo[name] = self.roster.community(name)
            except GongjianError as exc:
                raise _with_field(exc, "community") from None
        return found

    def _tk_unit_id(self, name: str, ctx: ImportContext | None = None) -> int:
        """A unit's id by its name as typed (one dict per import), else by its normalised name."""
        typed = _memo(ctx, "tk_unit_typed")
        found = typed.get(name)
        if found is None:

            def find() -> int:
                row = self.roster.find_unit({"name": name})
                if row is None:
                    raise NotFound("tk_unit_unknown", name=name, field="unit")
                return row["id"]

            found = typed[name] = _cached(ctx, "tk_unit", n.name_key(name), find)
        return found

    def _tk_meeting_id(self, community: dict[str, Any], ref: str, ctx: ImportContext | None = None) -> int:
        """The joint meeting of the ticket's community that raised it: by its date, or by its id."""

        def find() -> int:
            text = str(ref).strip()
            if text.isdigit():
                found = self.store.rows(
                    "SELECT id FROM meetings WHERE id = ? AND community_id = ?", (int(text), community["id"])
                )
            else:
                try:
                    day = n.date_iso(text)
                except GongjianError as exc:
                    raise _with_field(exc, "meeting") from None
                found = self.store.rows(
                    "SELECT id FROM meetings WHERE community_id = ? AND date = ? ORDER BY id",
                    (community["id"], day),
                )
            if len(found) != 1:
                key = "tk_meeting_unknown" if not found else "tk_meeting_ambiguous"
                raise (NotFound if not found else InvalidValue)(
                    key, community=community["name"], meeting=text, field="meeting"
                )
            return found[0]["id"]

        return _cached(ctx, "meeting", (community["id"], ref), find)

    def _tk_grid_id(self, community_id: int, name: str, ctx: ImportContext | None = None) -> int:
        memo = _memo(ctx, "tk_grid")
        found = memo.get((community_id, name))
        if found is None:
            found = memo[(community_id, name)] = self.roster.ensure_grid(community_id, name)[0]
        return found

    # ------------------------------------------------------------------ checks shared with the moves
    def _tk_check_dates(self, values: dict[str, Any], today: date) -> None:
        reported = values.get("reported_on")
        if reported is None:
            raise InvalidValue("tk_reported_required", field="reported_on")
        if reported > today.isoformat():
            raise InvalidValue(
                "tk_date_future",
                what=self._tk_label("reported_on"),
                date=reported,
                today=today.isoformat(),
                field="reported_on",
            )
        for key in ("deadline", "closed_on"):
            if values.get(key) and values[key] < reported:
                raise InvalidValue(
                    "tk_date_before_reported",
                    what=self._tk_label(key),
                    date=values[key],
                    reported=reported,
                    field=key,
                )
        if values.get("closed_on") and values["closed_on"] > today.isoformat():
            raise InvalidValue(
                "tk_date_future",
                what=self._tk_label("closed_on"),
                date=values["closed_on"],
                today=today.isoformat(),
                field="closed_on",
            )

    @staticmethod
    def _tk_label(key: str) -> str:
        return label("assignee" if key == "unit" else key)

    def _tk_check_state(self, status: str, values: dict[str, Any]) -> None:
        missing = missing_fields(status, values)
        if missing:
            raise InvalidValue(
                "tk_state_needs",
                status=term_label("ticket_status", status),
                fields="、".join(self._tk_label(f) for f in missing),
                field="status",
            )
        extra = extra_fields(status, values)
        if extra:
            raise InvalidValue(
                "tk_state_forbids",
                status=term_label("ticket_status", status),
                fields="、".join(self._tk_label(f) for f in extra),
                field="status",
            )

    # ------------------------------------------------------------------ new tickets
    def check_new(
        self,
        values: dict[str, Any],
        today: date,
        ctx: ImportContext | None = None,
        community: dict[str, Any] | None = None,
    ) -> NewTicket:
        """A validated row (or `ticket open` input) checked and built into a `NewTicket` in one pass.

        The checks run in this order, the first failing one naming its column: community, title, unit,
        dates, status and the fields it needs, grid, promise, meeting. `community` is the row's community
        when the caller has looked it up already.
        """
        get = values.get
        if community is None:
            community = self._tk_community(values["community"], ctx)
        title = title_from(values)
        if not title:
            raise InvalidValue("tk_title_missing", field="title")
        unit = get("unit")
        assignee_id = self._tk_unit_id(unit, ctx) if unit else None
        self._tk_check_dates(values, today)
        status = get("status") or infer_status(values)
        self._tk_check_state(status, values)
        community_id = community["id"]
        reported_on = values["reported_on"]
        grid = get("grid")
        grid_id = self._tk_grid_id(community_id, grid, ctx) if grid else None
        meeting = get("meeting")
        source = get("source") or ("meeting" if meeting else "survey")
        promise = get("promised_by")
        if not promise:
            rules = _memo(ctx, "promise_rules")
            if None not in rules:
                rules[None] = promise_rules()
            promise = promised_by(source, reported_on, rules[None])
        elif promise < reported_on:
            raise InvalidValue(
                "tk_promise_before", promised_by=promise, reported_on=reported_on, field="promised_by"
            )
        meeting_id = self._tk_meeting_id(community, meeting, ctx) if meeting else None
        closed_on = get("closed_on")
        events = [(None, reported_on, None, "open", None, None)]
        if status != "open":
            events.append(
                (
                    None,
                    closed_on if status == "closed" else None,
                    "open",
                    status,
                    assignee_id,
                    event_note(status, values),
                )
            )
        row = [
            None,  # number
            community_id,
            int(reported_on[:4]),
            None,  # seq
            grid_id,
            get("category") or "other",
            title,
            get("description"),
            get("location"),
            source,
            reported_on,
            assignee_id,
            get("deadline"),
            status,
            get("resolution"),
            get("verifier"),
            closed_on,
            get("reason"),
            promise,
            meeting_id,
        ]
        return NewTicket(row, community["code"], events)

    def insert_tickets(self, records: list[dict[str, Any]], numbering: Numbering | None = None) -> list[str]:
        """Number and insert new tickets given as dicts, in order; returns their numbers (see `insert_new`).

        Each record holds the ticket columns plus `code` (community code) and `events`: dicts with
        `on_date`, `from_status`, `to_status` and optionally `unit_id`, `note`, `at`.
        """
        news = [
            NewTicket(
                [r.get(c) for c in TICKET_COLUMNS],
                r["code"],
                [
                    (
                        e.get("at"),
                        e.get("on_date"),
                        e.get("from_status"),
                        e["to_status"],
                        e.get("unit_id"),
                        e.get("note"),
                    )
                    for e in r.get("events", ())
                ],
            )
            for r in records
        ]
        self.insert_new(news, numbering)
        return [new.number for new in news]

    def insert_new(self, news: list[NewTicket], numbering: Numbering | None = None) -> Sequence[int]:
        """Number (unless numbered already) and insert new tickets with their events, in order; their ids.

        Runs inside the caller's write transaction: one `Store.bulk_insert` of the tickets and one of their
        events (each audited, indexed and put in the search index set-wise), however many tickets.
        """
        if not news:
            return []
        numbering = numbering or Numbering(self.store)
        for new in news:
            row = new.row
            if not row[SEQ]:
                row[SEQ] = numbering.take(row[COMMUNITY], row[YEAR])
            if not row[NUMBER]:
                row[NUMBER] = format_number(new.code, row[YEAR], row[SEQ])
        added = self.store.bulk_insert("tickets", TICKET_COLUMNS, [new.row for new in news])
        ids: Sequence[int] = added
        if len(added) != len(news):  # never with SQLite's rowids (max + 1, in order); checked all the same
            by_number = dict(
                self.store.conn.execute("SELECT number, id FROM tickets WHERE id >= ?", (added.start,))
            )
            ids = [by_number[new.row[NUMBER]] for new in news]
        now = now_iso()
        self.store.bulk_insert(
            "ticket_events",
            EVENT_COLUMNS,
            [
                (ticket_id, at or now, on_date, was, to, unit_id, note)
                for ticket_id, new in zip(ids, news, strict=True)
                for at, on_date, was, to, unit_id, note in new.events
            ],
        )
        return ids

    # ------------------------------------------------------------------ import
    def import_batch(self, rows: list[dict[str, Any]], ctx: ImportContext) -> list[str]:
        """Import validated sheet rows in file order; returns 'inserted'/'updated'/'unchanged' per row.

        Runs inside the importer's one write transaction, once per chunk of consecutive rows (`ctx.row` is
        the first one's number). A row with a number updates that ticket (or, in a file exported from
        another ledger, takes exactly the next free number). A row without one is matched on community,
        date found, title and location: its n-th occurrence in the file is the n-th such ticket in the
        ledger, so re-importing a sheet updates what it imported before and inserts nothing, while two
        alike rows of one sheet stay two problems (with a warning when they are identical). New tickets
        are numbered in file order and inserted with one `Store.bulk_insert` per table and chunk.
        """
        state = _ImportState(Numbering(self.store), self._tk_occurrences(ctx))
        columns = ctx.options.get("columns") or frozenset()
        if "description" in columns and "title" not in columns and not ctx.options.get("tk_title_said"):
            ctx.options["tk_title_said"] = True
            ctx.warnings.append(t("tk_w_title_is_description"))
        typed = [r["number"] for r in rows if r.get("number")]
        numbers = sorted({c for c in map(canonical_number, typed) if c})
        state.by_number.update(self._tk_by_numbers(numbers))
        if len(rows) >= NUMBERING_LOAD_ROWS:
            state.numbering.load({int(v[:4]) for r in rows if (v := r.get("reported_on"))})
        outcomes: list[str] = []
        first_row = ctx.row or 1
        for index, values in enumerate(rows):
            ctx.row = first_row + index
            outcomes.append(self._tk_import_row(values, ctx, state))
        self._tk_flush(state, ctx)
        return outcomes

    @staticmethod
    def _tk_occurrences(ctx: ImportContext) -> dict[tuple, list[tuple[int, tuple]]]:
        """The rows of this file seen so far under each match key: key -> [(row, values)].

        Kept for the whole import in `ctx.options`, with a log of what the current call appended. The
        import framework clears `ctx.cache` after it rolls a call back; a missing `tk_seen_live` mark there
        therefore means the previous call's rows were undone, and so are their entries here.
        """
        seen = ctx.options.setdefault("tk_seen", {})
        log = ctx.options.setdefault("tk_seen_log", [])
        if "tk_seen_live" not in ctx.cache:
            for key in reversed(log):
                seen[key].pop()
            ctx.cache["tk_seen_live"] = True
        log.clear()
        return seen

    def _tk_flush(self, state: _ImportState, ctx: ImportContext) -> None:
        """Insert the batch's new tickets now (so that a later row may update one) and index them."""
        if not state.pending:
            return
        news = list(state.pending.values())
        ids = self.insert_new(news, state.numbering)
        indexes = ctx.cache.get("tk_keys", {})
        for ticket_id, new in zip(ids, news, strict=True):
            row = new.row
            state.ids[row[NUMBER]] = ticket_id
            index = indexes.get((row[COMMUNITY], row[YEAR]))
            if index is not None:
                key = (row[REPORTED_ON], row[TITLE], row[LOCATION] or "")
                index.setdefault(key, []).append((ticket_id, row[NUMBER]))
        state.pending.clear()

    def _tk_by_numbers(self, numbers: list[str]) -> dict[str, dict[str, Any]]:
        return {
            row["number"]: row
            for row in self.store.rows_where_in("tickets", "number", dict.fromkeys(numbers))
        }

    def _tk_key_index(
        self, community_id: int, year: int, ctx: ImportContext
    ) -> dict[tuple, list[tuple[int, str]]]:
        """(id, number) of the tickets of one community and year by (date, title, location), in number
        order; loaded once per import (a lookup the ledger can give back: `ctx.cache`), kept current by
        `_tk_flush`."""

        def load() -> dict[tuple, list[tuple[int, str]]]:
            index: dict[tuple, list[tuple[int, str]]] = {}
            for tid, number, reported_on, title, location in self.store.conn.execute(
                "SELECT id, number, reported_on, title, location FROM tickets "
                "WHERE community_id = ? AND year = ? ORDER BY seq",
                (community_id, year),
            ):
                index.setdefault((reported_on, title, location or ""), []).append((tid, number))
            return index

        return ctx.cached("tk_keys", (community_id, year), load)

    def _tk_full(self, match: tuple[int, str], state: _ImportState) -> dict[str, Any]:
        """The whole ticket row of a key-index match or of a ticket this call inserted (one `by_number`)."""
        tid, number = match
        row = state.by_number.get(number)
        if row is None:
            row = state.by_number[number] = self.store.get("tickets", tid)
        return row

    def _tk_import_row(self, values: dict[str, Any], ctx: ImportContext, state: _ImportState) -> str:
        number = ticket_number(values["number"]) if values.get("number") else None
        if number is not None:
            if number in state.pending:  # numbered by an earlier row of this chunk
                self._tk_flush(state, ctx)
            if number in state.by_number:
                return self._tk_update(state.by_number[number], values, ctx)
            if number in state.ids:
                return self._tk_update(self._tk_full((state.ids[number], number), state), values, ctx)
        community = self._tk_community(values["community"], ctx)
        title = title_from(values)
        if number is None and values.get("reported_on") and title:
            key = (community["id"], values["reported_on"], title, values.get("location") or "")
            earlier = state.seen.setdefault(key, [])
            signature = tuple(values.values())
            twin = next((row for row, sig in earlier if sig == signature), None)
            if twin is not None:
                ctx.warnings.append(t("tk_same_row", row=ctx.row, first=twin))
            earlier.append((ctx.row, signature))
            ctx.options["tk_seen_log"].append(key)
            index = self._tk_key_index(community["id"], int(values["reported_on"][:4]), ctx)
            candidates = index.get(key[1:], ())
            if len(earlier) <= len(candidates):
                return self._tk_update(self._tk_full(candidates[len(earlier) - 1], state), values, ctx)
        new = self.check_new(values, ctx.today, ctx, community)
        row = new.row
        community_id, year = row[COMMUNITY], row[YEAR]
        if number is not None:
            code, number_year, seq = parse_number(number)
            if code != new.code or number_year != year:
                raise Conflict("tk_number_mismatch", number=number, code=new.code, year=year, field="number")
            expected = state.numbering.peek(community_id, year)
            if seq != expected:
                raise Conflict(
                    "tk_number_not_next",
                    number=number,
                    code=new.code,
                    year=year,
                    expected=format_number(new.code, year, expected),
                    field="number",
                )
        row[SEQ] = state.numbering.take(community_id, year)
        row[NUMBER] = format_number(new.code, year, row[SEQ])
        state.pending[row[NUMBER]] = new
        return "inserted"

    def _tk_update(self, old: dict[str, Any], values: dict[str, Any], ctx: ImportContext) -> str:
        """Apply a sheet row to an existing ticket: only the columns it fills and that differ."""
        community = self._tk_community(values["community"], ctx)
        if community["id"] != old["community_id"]:
            owner = self.store.get("communities", old["community_id"])
            raise Conflict(
                "tk_number_community",
                number=old["number"],
                community=owner["name"],
                other=community["name"],
                field="community",
            )
        if values.get("reported_on") and int(values["reported_on"][:4]) != old["year"]:
            raise Conflict("tk_number_year", number=old["number"], year=old["year"], field="reported_on")
        wanted: dict[str, Any] = {k: values[k] for k in PLAIN if values.get(k) is not None}
        if not values.get("title") and values.get("description"):
            wanted["title"] = title_from(values)
        if values.get("grid"):
            wanted["grid_id"] = self._tk_grid_id(old["community_id"], values["grid"], ctx)
        if values.get("unit"):
            wanted["assignee_id"] = self._tk_unit_id(values["unit"], ctx)
        if values.get("meeting"):
            wanted["meeting_id"] = self._tk_meeting_id(community, values["meeting"], ctx)
        merged = {**old, **wanted}
        flow = {f: merged[c] for f, c in FLOW_COLUMNS.items()}
        status = values.get("status")
        if status is None:
            inferred = infer_status(flow)
            status = inferred if RANK[inferred] > RANK[old["status"]] else old["status"]
        if status != old["status"]:
            for f in FORBIDS[status]:  # what the old status carried and the new one must not have: cleared
                if values.get(f) is None:
                    flow[f] = None
                    wanted[FLOW_COLUMNS[f]] = None
        self._tk_check_dates(
            {
                "reported_on": merged["reported_on"],
                "deadline": flow["deadline"],
                "closed_on": flow["closed_on"],
            },
            ctx.today,
        )
        self._tk_check_state(status, flow)
        wanted["status"] = status
        diff = {k: v for k, v in wanted.items() if old.get(k) != v}
        if not diff:
            return "unchanged"
        was = old["status"]
        self.store.update("tickets", old["id"], diff)
        old.update(diff)
        if status != was:
            self.store.conn.execute(
                "INSERT INTO ticket_events (ticket_id, on_date, from_status, to_status, unit_id, note) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    old["id"],
                    old["closed_on"] if status == "closed" else None,
                    was,
                    status,
                    old["assignee_id"],
                    event_note(status, old),
                ),
            )
        return "updated"


class _ImportState:
    """What one batch remembers between its rows: numbering, tickets by number, rows seen, new tickets.

    Per call: numbering restarts from the ledger's max(seq) and the ticket rows are re-read, so nothing
    stale survives a chunk the import framework rolled back; `seen` is explained in `_tk_occurrences`.
    `by_number` holds whole ticket rows (read when a row names or matches them), `pending` the new
    tickets not inserted yet by number, `ids` the id of each ticket this call inserted by number.
    """

    def __init__(self, numbering: Numbering, seen: dict[tuple, list[tuple[int, tuple]]]) -> None:
        self.numbering = numbering
        self.seen = seen
        self.by_number: dict[str, dict[str, Any]] = {}
        self.pending: dict[str, NewTicket] = {}
        self.ids: dict[str, int] = {}
