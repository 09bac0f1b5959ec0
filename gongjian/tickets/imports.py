"""Importing problem sheets (kind `tickets`) and the one writer that numbers and inserts new tickets.

A survey sheet is imported in file order: rows without a number get the next numbers of their community
and reported year; rows with a number update that ticket; an unnumbered row that repeats a ticket
already in the ledger (same community, date, title and location) updates it too, so re-importing a sheet
changes nothing. A status column sets the status directly (historical data), but only to a state that
has the fields it needs; without one the status is inferred from the columns the row fills in.
"""

from __future__ import annotations

from collections.abc import Callable
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

    def peek(self, community_id: int, year: int) -> int:
        """The sequence number the next new ticket of this community and year will get."""
        key = (community_id, year)
        if key not in self.next:
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


def _cached(ctx: ImportContext | None, bucket: str, key: Any, compute: Callable[[], Any]) -> Any:
    return compute() if ctx is None else ctx.cached(bucket, key, compute)


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

    # ------------------------------------------------------------------ lookups (cached per import)
    def _tk_community(self, name: str, ctx: ImportContext | None = None) -> dict[str, Any]:
        try:
            return _cached(ctx, "tk_community", name, lambda: self.roster.community(name))
        except GongjianError as exc:
            raise _with_field(exc, "community") from None

    def _tk_unit_id(self, name: str, ctx: ImportContext | None = None) -> int:
        def find() -> int:
            row = self.roster.find_unit({"name": name})
            if row is None:
                raise NotFound("tk_unit_unknown", name=name, field="unit")
            return row["id"]

        return _cached(ctx, "tk_unit", n.name_key(name), find)

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
        return _cached(
            ctx, "tk_grid", (community_id, name), lambda: self.roster.ensure_grid(community_id, name)[0]
        )

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
    def new_record(
        self, values: dict[str, Any], today: date, ctx: ImportContext | None = None
    ) -> dict[str, Any]:
        """A validated row (or `ticket open` input) as a ticket record ready for `_insert_tickets`."""
        community = self._tk_community(values["community"], ctx)
        values = dict(values)
        values["title"] = title_from(values)
        if not values["title"]:
            raise InvalidValue("tk_title_missing", field="title")
        assignee_id = self._tk_unit_id(values["unit"], ctx) if values.get("unit") else None
        self._tk_check_dates(values, today)
        status = values.get("status") or infer_status(values)
        self._tk_check_state(status, values)
        record = {key: values.get(key) for key in PLAIN}
        record.update(
            community_id=community["id"],
            code=community["code"],
            year=int(values["reported_on"][:4]),
            grid_id=self._tk_grid_id(community["id"], values["grid"], ctx) if values.get("grid") else None,
            assignee_id=assignee_id,
            category=values.get("category") or "other",
            source=values.get("source") or ("meeting" if values.get("meeting") else "survey"),
            status=status,
        )
        if not record["promised_by"]:
            rules = _cached(ctx, "promise_rules", None, promise_rules)
            record["promised_by"] = promised_by(record["source"], record["reported_on"], rules)
        elif record["promised_by"] < record["reported_on"]:
            raise InvalidValue(
                "tk_promise_before",
                promised_by=record["promised_by"],
                reported_on=record["reported_on"],
                field="promised_by",
            )
        if values.get("meeting"):
            record["meeting_id"] = self._tk_meeting_id(community, values["meeting"], ctx)
        events = [{"on_date": record["reported_on"], "from_status": None, "to_status": "open"}]
        if status != "open":
            events.append(
                {
                    "on_date": record["closed_on"] if status == "closed" else None,
                    "from_status": "open",
                    "to_status": status,
                    "unit_id": record["assignee_id"],
                    "note": event_note(status, values),
                }
            )
        record["events"] = events
        return record

    def insert_tickets(self, records: list[dict[str, Any]], numbering: Numbering | None = None) -> list[str]:
        """Number (unless numbered already) and insert new tickets with their events, in order; returns numbers.

        Each record holds the ticket columns plus `code` (community code) and `events`: dicts with
        `on_date`, `from_status`, `to_status` and optionally `unit_id`, `note`, `at`. Runs inside the caller's
        write transaction; one bulk insert of the tickets (audited and indexed set-wise) and one `executemany`
        of their events, however many tickets.
        """
        numbering = numbering or Numbering(self.store)
        for record in records:
            if not record.get("seq"):
                record["seq"] = numbering.take(record["community_id"], record["year"])
            record["number"] = format_number(record["code"], record["year"], record["seq"])
        added = self.store.bulk_insert(
            "tickets", TICKET_COLUMNS, [tuple(r.get(c) for c in TICKET_COLUMNS) for r in records]
        )
        ids = dict(
            self.store.conn.execute("SELECT number, id FROM tickets WHERE id >= ?", (added.start,)).fetchall()
        )
        now = now_iso()
        self.store.conn.executemany(
            "INSERT INTO ticket_events (ticket_id, at, on_date, from_status, to_status, unit_id, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    ids[r["number"]],
                    e.get("at") or now,
                    e.get("on_date"),
                    e.get("from_status"),
                    e["to_status"],
                    e.get("unit_id"),
                    e.get("note"),
                )
                for r in records
                for e in r.get("events", ())
            ],
        )
        return [r["number"] for r in records]

    # ------------------------------------------------------------------ import
    def import_batch(self, rows: list[dict[str, Any]], ctx: ImportContext) -> list[str]:
        """Import validated sheet rows in file order; returns 'inserted'/'updated'/'unchanged' per row.

        Runs inside the importer's one write transaction, once per chunk of consecutive rows (`ctx.row` is
        the first one's number). A row with a number updates that ticket (or, in a file exported from
        another ledger, takes exactly the next free number). A row without one is matched on community,
        date found, title and location: its n-th occurrence in the file is the n-th such ticket in the
        ledger, so re-importing a sheet updates what it imported before and inserts nothing, while two
        alike rows of one sheet stay two problems (with a warning when they are identical). New tickets
        are numbered in file order and inserted with one `executemany` per chunk.
        """
        state = _ImportState(Numbering(self.store), self._tk_occurrences(ctx))
        columns = ctx.options.get("columns") or frozenset()
        if "description" in columns and "title" not in columns and not ctx.options.get("tk_title_said"):
            ctx.options["tk_title_said"] = True
            ctx.warnings.append(t("tk_w_title_is_description"))
        numbers = sorted({c for c in (canonical_number(r.get("number")) for r in rows) if c})
        state.by_number.update(self._tk_by_numbers(numbers))
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
        self.insert_tickets(state.pending, state.numbering)
        inserted = self._tk_by_numbers([r["number"] for r in state.pending])
        state.by_number.update(inserted)
        indexes = ctx.cache.get("tk_keys", {})
        for row in inserted.values():
            index = indexes.get((row["community_id"], row["year"]))
            if index is not None:
                key = (row["reported_on"], row["title"], row["location"] or "")
                index.setdefault(key, []).append((row["id"], row["number"]))
        state.pending.clear()

    def _tk_by_numbers(self, numbers: list[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(numbers), 500):
            chunk = numbers[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self.store.rows(f"SELECT * FROM tickets WHERE number IN ({marks})", chunk):
                found[row["number"]] = row
        return found

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
        """The whole ticket row of a key-index match (shared with `by_number`)."""
        tid, number = match
        row = state.by_number.get(number)
        if row is None or "id" not in row:
            row = state.by_number[number] = self.store.get("tickets", tid)
        return row

    def _tk_import_row(self, values: dict[str, Any], ctx: ImportContext, state: _ImportState) -> str:
        number = ticket_number(values["number"]) if values.get("number") else None
        if number is not None and number in state.by_number:
            if "id" not in state.by_number[number]:  # numbered by an earlier row of this chunk
                self._tk_flush(state, ctx)
            return self._tk_update(state.by_number[number], values, ctx)
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
        record = self.new_record(values, ctx.today, ctx)
        if number is not None:
            code, year, seq = parse_number(number)
            if code != record["code"] or year != record["year"]:
                raise Conflict(
                    "tk_number_mismatch",
                    number=number,
                    code=record["code"],
                    year=record["year"],
                    field="number",
                )
            expected = state.numbering.peek(record["community_id"], record["year"])
            if seq != expected:
                raise Conflict(
                    "tk_number_not_next",
                    number=number,
                    code=record["code"],
                    year=record["year"],
                    expected=format_number(record["code"], record["year"], expected),
                    field="number",
                )
        record["seq"] = state.numbering.take(record["community_id"], record["year"])
        record["number"] = format_number(record["code"], record["year"], record["seq"])
        state.pending.append(record)
        state.by_number[record["number"]] = record
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
    """What one batch remembers between its rows: numbering, tickets by number, rows seen, new records.

    Per call: numbering restarts from the ledger's max(seq) and the ticket rows are re-read, so nothing
    stale survives a chunk the import framework rolled back; `seen` is explained in `_tk_occurrences`.
    """

    def __init__(self, numbering: Numbering, seen: dict[tuple, list[tuple[int, tuple]]]) -> None:
        self.numbering = numbering
        self.seen = seen
        self.by_number: dict[str, dict[str, Any]] = {}
        self.pending: list[dict[str, Any]] = []
