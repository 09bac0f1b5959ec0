"""Every listing kind of the ledger: its columns and its one query, read alike by export and re-import.

A kind is one of the plural table names of PRODUCT §3 (`communities`, `units`, … `meetings`) or a table
inside records (`grids`, `activity_units`, `ticket_events`, …). The query of each main kind is the one
the owning part lists it with (`roster.roster.UNIT_SELECT`, `records.activities.ACTIVITY_SELECT`,
`tickets.lists.ticket_select` …), ordered by id; the columns are the stable English keys the importers
read (references by name, enumeration keys, integer fen, ISO dates, lists as lists), closed by `id`,
`uid`, `created_at` and `updated_at`. The sheets a clerk edits and imports back (projects, meetings) open
with the record's 台账编号 in the workbook and the terminal only (`ledger_id`: the importer finds the record
by it); CSV and JSON carry the same number as `id`. `rows` streams a kind's records as dicts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from gongjian.errors import InvalidValue
from gongjian.projects.meetings import MEETING_SELECT
from gongjian.projects.needs import NEED_SELECT, RESOURCE_SELECT
from gongjian.projects.projects import PROJECT_SELECT
from gongjian.records.activities import ACTIVITY_SELECT
from gongjian.records.funds import CONTRIBUTION_SELECT
from gongjian.records.members import MEMBER_SELECT, REGISTRATION_SELECT, SERVICE_SELECT
from gongjian.roster.committees import SEAT_SELECT
from gongjian.roster.roster import AGREEMENT_SELECT, COMMUNITY_SELECT, PAIRING_SELECT, UNIT_SELECT
from gongjian.store.db import split_names
from gongjian.tickets.lists import ticket_select
from gongjian.tickets.tickets import Tickets
from gongjian.writing.table import Column

TAIL = (
    Column("id", "int", show=False),
    Column("uid", show=False),
    Column("created_at", show=False),
    Column("updated_at", show=False),
)


@dataclass(frozen=True)
class Kind:
    """How one kind is exported: its columns and the SELECT that yields them (one row per record)."""

    name: str
    columns: tuple[Column, ...]
    sql: str
    lists: tuple[str, ...] = ()  # columns holding a JSON array (decoded to a list)
    joined: tuple[str, ...] = ()  # columns holding names joined by `activities.SEP` (split to a list)
    renames: tuple[tuple[str, str], ...] = ()  # (exported key, the query's key) where they differ


def _c(key: str, kind: str = "text", enum: str | None = None) -> Column:
    return Column(key, kind, enum=enum)


MAIN: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "communities",
            (
                _c("code"),
                _c("name"),
                _c("street"),
                _c("district"),
                _c("secretary"),
                _c("director"),
                _c("phone"),
                _c("households", "int"),
                _c("address"),
                _c("grids", "list"),
                _c("note"),
            ),
            COMMUNITY_SELECT + " ORDER BY c.id",
            joined=("grids",),
            renames=(("grids", "grid_names"),),
        ),
        Kind(
            "units",
            (
                _c("name"),
                _c("credit_code"),
                _c("kind", "enum", "unit_kind"),
                _c("party_org"),
                _c("party_members", "int"),
                _c("contact"),
                _c("phone"),
                _c("address"),
                _c("legal_rep"),
                _c("note"),
                _c("active", "int"),
            ),
            UNIT_SELECT + " ORDER BY u.id",
        ),
        Kind(
            "pairings",
            (
                _c("community"),
                _c("unit"),
                _c("role", "enum", "pair_role"),
                _c("started", "date"),
                _c("ended", "date"),
                _c("note"),
            ),
            PAIRING_SELECT + " ORDER BY p.id",
        ),
        Kind(
            "agreements",
            (
                _c("number"),
                _c("community"),
                _c("unit"),
                _c("signed_on", "date"),
                _c("valid_until", "date"),
                _c("commitments", "list"),
                _c("file"),
                _c("file_sha256"),
                _c("note"),
            ),
            AGREEMENT_SELECT + " ORDER BY a.id",
            ("commitments",),
        ),
        Kind(
            "committee_seats",
            (
                _c("person"),
                _c("unit"),
                _c("committee"),
                _c("role", "enum", "committee_role"),
                _c("unit_post"),
                _c("started", "date"),
                _c("ended", "date"),
                _c("note"),
            ),
            SEAT_SELECT + " ORDER BY s.id",
        ),
        Kind(
            "activities",
            (
                _c("date", "date"),
                _c("community"),
                _c("title"),
                _c("category", "enum", "activity_category"),
                _c("organisers", "list"),
                _c("participants", "list"),
                _c("participant_times", "int"),
                _c("volunteers", "int"),
                _c("members_served", "int"),
                _c("venue"),
                _c("spending_fen", "money"),
                _c("description"),
                _c("note"),
            ),
            ACTIVITY_SELECT + " ORDER BY a.id",
            joined=("organisers", "participants"),
        ),
        Kind(
            "contributions",
            (
                _c("date", "date"),
                _c("unit"),
                _c("community"),
                _c("kind", "enum", "contribution_kind"),
                _c("amount_fen", "money"),
                _c("description"),
                _c("activity"),
                _c("project"),
                _c("receipt_no"),
                _c("note"),
            ),
            CONTRIBUTION_SELECT + " ORDER BY k.id",
        ),
        Kind(
            "tickets",
            (
                _c("number"),
                _c("community"),
                _c("grid"),
                _c("category", "enum", "ticket_category"),
                _c("title"),
                _c("description"),
                _c("location"),
                _c("source", "enum", "ticket_source"),
                _c("reported_on", "date"),
                _c("unit"),
                _c("deadline", "date"),
                _c("status", "enum", "ticket_status"),
                _c("resolution"),
                _c("verifier"),
                _c("closed_on", "date"),
                _c("reason"),
                _c("year", "int"),
                _c("seq", "int"),
                _c("promised_by", "date"),
                _c("meeting", "date"),
            ),
            ticket_select(Tickets.states_sql("9999-12-31", "1")) + " ORDER BY t.id",
            renames=(("unit", "assignee"),),
        ),
        Kind(
            "members",
            (
                _c("name"),
                _c("phone"),
                _c("id_number"),
                _c("unit"),
                _c("community"),
                _c("registered_on", "date"),
                _c("specialty"),
                _c("post", "enum", "member_post"),
                _c("status", "enum", "member_status"),
                _c("party_status", "enum", "party_status"),
                _c("kind", "enum", "member_kind"),
                _c("note"),
            ),
            MEMBER_SELECT + " ORDER BY m.id",
        ),
        Kind(
            "services",
            (
                _c("member"),
                _c("phone"),
                _c("id_number"),
                _c("date", "date"),
                _c("activity"),
                _c("minutes", "int"),
                _c("note"),
            ),
            SERVICE_SELECT + " ORDER BY s.id",
        ),
        Kind(
            "member_registrations",
            (
                _c("member"),
                _c("phone"),
                _c("id_number"),
                _c("community"),
                _c("place", "enum", "registration_place"),
                _c("registered_on", "date"),
                _c("post", "enum", "member_post"),
                _c("ended", "date"),
                _c("note"),
            ),
            REGISTRATION_SELECT + " ORDER BY r.id",
        ),
        Kind(
            "needs",
            (
                _c("community"),
                _c("text"),
                _c("category", "enum", "need_category"),
                _c("source"),
                _c("raised_on", "date"),
                _c("status", "enum", "need_status"),
                _c("note"),
            ),
            NEED_SELECT + " ORDER BY t.id",
        ),
        Kind(
            "resources",
            (_c("unit"), _c("text"), _c("category", "enum", "need_category"), _c("capacity"), _c("note")),
            RESOURCE_SELECT + " ORDER BY t.id",
        ),
        Kind(
            "projects",
            (
                Column("ledger_id", "int", data=False),
                _c("community"),
                _c("title"),
                _c("need"),
                _c("category", "enum", "need_category"),
                _c("budget_fen", "money"),
                _c("listed_on", "date"),
                _c("claim_deadline", "date"),
                _c("due", "date"),
                _c("claimants", "list"),
                _c("shares", "list"),
                _c("claimed_on", "date"),
                _c("status", "enum", "project_status"),
                _c("done_on", "date"),
                _c("satisfied", "int"),
                _c("basically_satisfied", "int"),
                _c("unsatisfied", "int"),
                _c("rated_on", "date"),
                _c("note"),
            ),
            PROJECT_SELECT + " ORDER BY t.id",
            joined=("claimants", "shares"),
            renames=(("claimants", "claimant_names"), ("shares", "share_names"), ("ledger_id", "id")),
        ),
        Kind(
            "meetings",
            (
                Column("ledger_id", "int", data=False),
                _c("date", "date"),
                _c("community"),
                _c("chair"),
                _c("present", "list"),  # the importer records paired units not listed as absent
                _c("topics"),
                _c("decisions"),
                _c("note"),
            ),
            MEETING_SELECT + " ORDER BY m.id",
            joined=("present",),
            renames=(("ledger_id", "id"),),
        ),
    )
}

# The tables inside records: every column, plus the name of what each `…_id` points at.
REFERENCE_NAMES = {
    "communities": "name",
    "units": "name",
    "grids": "name",
    "activities": "title",
    "tickets": "number",
    "members": "name",
    "projects": "title",
    "meetings": "date",
    "needs": "text",
}
INNER = (
    "grids",
    "activity_units",
    "activity_files",
    "ticket_events",
    "project_claims",
    "project_tasks",
    "meeting_attendance",
    "unit_ratings",
    "assessment_years",
    "assessments",
)
KINDS = (*MAIN, *INNER)
MONEY_COLUMNS = {"bid_fen"}
DATE_COLUMNS = {"date", "on_date", "due", "done_on", "claimed_on"}


def _inner_kind(ledger: Any, table: str) -> Kind:
    """Every column of an inner table; each reference gets a readable name column beside its id."""
    refs = {
        r["from"]: r["table"] for r in ledger.store.rows("SELECT * FROM pragma_foreign_key_list(?)", (table,))
    }
    columns: list[Column] = []
    joins: list[str] = []
    selects = ["t.*"]
    types = dict(
        ledger.store.conn.execute("SELECT name, upper(type) FROM pragma_table_info(?)", (table,)).fetchall()
    )
    for i, col in enumerate(types):
        if col in ("id", "uid", "created_at", "updated_at"):
            continue
        kind = (
            "money"
            if col in MONEY_COLUMNS
            else "date"
            if col in DATE_COLUMNS
            else {"INTEGER": "int", "REAL": "score"}.get(types[col], "text")
        )
        columns.append(Column(col, kind, show=col not in refs))
        parent = refs.get(col)
        if parent in REFERENCE_NAMES and col.endswith("_id"):
            name = col[:-3]
            joins.append(f'LEFT JOIN "{parent}" j{i} ON j{i}.id = t."{col}"')
            selects.append(f'j{i}."{REFERENCE_NAMES[parent]}" AS "{name}"')
            columns.append(Column(name))
    sql = f'SELECT {", ".join(selects)} FROM "{table}" t {" ".join(joins)} ORDER BY t.id'
    return Kind(table, tuple(columns), sql)


def kind_of(ledger: Any, kind: str) -> Kind:
    """The export definition of `kind` (a table name); unknown kinds are refused with the choices."""
    if kind in MAIN:
        return MAIN[kind]
    if kind in INNER:
        return _inner_kind(ledger, kind)
    raise InvalidValue("export_bad_kind", kind=kind, choices=", ".join(MAIN) + ", all")


def columns_of(spec: Kind) -> list[Column]:
    """Every column a kind is listed with: its own, then id, uid, created_at, updated_at."""
    return [*spec.columns, *TAIL]


def rows(ledger: Any, spec: Kind) -> Iterator[dict[str, Any]]:
    """The records of a kind as dicts under its column keys (lists decoded), streamed from one cursor."""
    keys = [c.key for c in columns_of(spec)]
    renames = dict(spec.renames)
    cursor = ledger.store.conn.execute(spec.sql, {"today": date.today().isoformat()})
    names = [d[0] for d in cursor.description]
    for values in cursor:
        record = dict(zip(names, values, strict=True))
        row = {k: record.get(renames.get(k, k)) for k in keys}
        for key in spec.lists:
            row[key] = json.loads(row[key]) if row[key] else []
        for key in spec.joined:
            row[key] = split_names(row[key])
        yield row
