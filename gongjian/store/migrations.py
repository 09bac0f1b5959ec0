"""Ordered, append-only schema migrations; `PRAGMA user_version` is the schema version.

Each migration is frozen: the literal SQL of its own time, in `gongjian/store/sql/NNNN_name.sql`, executed
statement by statement in the migration's own transaction on open. A step never calls today's code, so what
"version 1" creates never changes. Append new migrations (a new .sql file and a `Migration` entry); never
edit one that has shipped. A step that changes the columns of an audited table must also drop and recreate
that table's audit triggers with literal SQL listing the new columns (tests/test_migrations.py generates
the expected trigger SQL from the live schema and fails when a step forgot).

The names below (`AUDITED`, `YEAR_GUARDED` …, `row_json_sql`) describe today's schema and are used at run
time (bulk insert audit, undo, doctor, merge); the migration steps do not use them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

# Tables whose every change is audited (and can be undone) — every domain table.
AUDITED = (
    "communities",
    "grids",
    "units",
    "pairings",
    "agreements",
    "activities",
    "activity_units",
    "activity_files",
    "contributions",
    "tickets",
    "ticket_events",
    "members",
    "services",
    "needs",
    "resources",
    "projects",
    "project_claims",
    "project_tasks",
    "meetings",
    "meeting_attendance",
    "unit_ratings",
    "assessment_years",
    "assessments",
    "committee_seats",
    "member_registrations",
)

# Tables frozen once their year is finalised: table -> SQL giving the row's year from NEW/OLD (`{r}`).
YEAR_GUARDED = {
    "activities": "{r}.year",
    "activity_units": "(SELECT year FROM activities WHERE id = {r}.activity_id)",
    "activity_files": "(SELECT year FROM activities WHERE id = {r}.activity_id)",
    "contributions": "{r}.year",
    "services": "{r}.year",
    "meetings": "{r}.year",
    "meeting_attendance": "(SELECT year FROM meetings WHERE id = {r}.meeting_id)",
    "unit_ratings": "{r}.year",
    "assessments": "{r}.year",
}
# Tickets keep moving after their year (a 2016 problem may be closed in 2017): only their creation and
# removal are frozen; the assessment counts closures dated inside the year.
YEAR_GUARDED_INSERT_DELETE = {"tickets": "{r}.year"}


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute("SELECT * FROM pragma_table_info(?)", (table,))]


def _json_value(column: str, ref: str, real: bool) -> str:
    value = f'{ref}."{column}"'
    if not real:
        return value
    # json_object renders a REAL with 15 digits; keep the exact value (as text) when that would round it,
    # so that `undo` restores the row bit for bit.
    return (
        f"CASE WHEN typeof({value}) = 'real' AND CAST(printf('%.15g', {value}) AS REAL) <> {value} "
        f"THEN printf('%.17g', {value}) ELSE {value} END"
    )


def _json_object(columns: list[str], ref: str, real: frozenset[str] = frozenset()) -> str:
    return "json_object(" + ", ".join(f"'{c}', {_json_value(c, ref, c in real)}" for c in columns) + ")"


def row_json_sql(conn: sqlite3.Connection, table: str, ref: str) -> str:
    """SQL for a row of `table` (as `ref`) as JSON, exactly as the audit triggers record it."""
    info = conn.execute("SELECT name, upper(type) FROM pragma_table_info(?)", (table,)).fetchall()
    return _json_object([name for name, _ in info], ref, frozenset(n for n, kind in info if kind == "REAL"))


# The full-text index of `gongjian search` (migration 7): each searched table, its kind's number in a
# document's rowid (`(id << 4) | kind`) and the view that makes its document (`search_doc_<table>`);
# `search_documents` is every document of the ledger, what the index must hold (doctor, doctor --fix).
SEARCH_INDEX = "search_index"
SEARCH_DOCUMENTS = "search_documents"
SEARCHED = {
    "communities": 1,
    "units": 2,
    "agreements": 3,
    "activities": 4,
    "tickets": 5,
    "needs": 6,
    "resources": 7,
    "projects": 8,
    "meetings": 9,
    "members": 10,
}
SEARCH_KIND_BITS = 4


# Tables derived from others and kept by triggers (never audited: undo, merge and restore change their
# sources, and the triggers follow): table -> (source table, its triggers). `doctor` recounts them.
DERIVED = {
    "service_counts": (
        "services",
        ("count_services_insert", "count_services_update", "count_services_delete"),
    )
}


# The frozen audit and search insert triggers (migrations 1-8) stand aside while this meta key exists.
# Nothing sets it now: `Store.bulk_insert` drops those triggers for its insert instead (inside its
# transaction) and audits and indexes the rows set-wise; the key stays named for the triggers that test it.
BULK_FLAG = "audit_bulk"


@dataclass(frozen=True)
class Migration:
    """One schema step: `version` is what `PRAGMA user_version` reads after it ran."""

    version: int
    name: str
    apply: Callable[[sqlite3.Connection], None]


def statements(script: str) -> list[str]:
    """The statements of a frozen .sql script, in order; comment lines between statements are dropped."""
    found: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        if not pending and (not line.strip() or line.lstrip().startswith("--")):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            found.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"unterminated SQL statement: {pending.strip()[:80]}")
    return found


def read_script(filename: str) -> str:
    """The text of one frozen migration script (packaged under gongjian/store/sql)."""
    return resources.files("gongjian.store").joinpath("sql", filename).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Frozen:
    """A migration step that executes one frozen .sql script, statement by statement (no transaction of its
    own: `migrate` runs it inside the step's transaction)."""

    filename: str

    def __call__(self, conn: sqlite3.Connection) -> None:
        for statement in statements(read_script(self.filename)):
            conn.execute(statement)


MIGRATIONS: list[Migration] = [
    Migration(
        1,
        "initial schema: every entity of PRODUCT §2, audit log, finalised-year guards",
        Frozen("0001_initial.sql"),
    ),
    Migration(
        2, "merge_aliases: uids of records unified by gongjian merge", Frozen("0002_merge_aliases.sql")
    ),
    Migration(
        3, "member indexes cover status and registered_on (yearly figures)", Frozen("0003_member_indexes.sql")
    ),
    Migration(
        4,
        "insert audit triggers stand aside for set-wise audited bulk inserts",
        Frozen("0004_bulk_audit_triggers.sql"),
    ),
    Migration(
        5,
        "members.status_on: the date the member's current status took effect",
        Frozen("0005_member_status_on.sql"),
    ),
    Migration(
        6,
        "units.legal_rep and members.party_status, as registers and the party-member system give them",
        Frozen("0006_register_columns.sql"),
    ),
    Migration(
        7,
        "member statuses retired and deceased (members rebuilt); the full-text search index",
        Frozen("0007_member_status_search.sql"),
    ),
    Migration(
        8,
        "committee_seats (兼职委员), member_registrations (两地报到); members.kind; tickets.promised_by and "
        "tickets.meeting_id (a problem's promise, its meeting); project_claims.share_fen (joint bids, pooling)",
        Frozen("0008_seeds_practices.sql"),
    ),
    Migration(
        9,
        "member and ticket-move indexes cover a year's figures (kind; a move's date and status)",
        Frozen("0009_figure_indexes.sql"),
    ),
    Migration(
        10,
        "service_counts: each member's services per year, kept by triggers on services; an activity's date "
        "by its id from an index",
        Frozen("0010_service_counts.sql"),
    ),
]

LATEST = MIGRATIONS[-1].version


def schema_version(conn: sqlite3.Connection) -> int:
    """The ledger's schema version (0 for a blank database)."""
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, upto: int | None = None) -> list[int]:
    """Apply pending migrations in order, each in its own transaction; return the versions applied.

    A step runs with foreign-key enforcement off, as SQLite's procedure for rebuilding a table asks (a
    table referred to by others cannot be dropped and recreated while it is on), and when the connection
    had it on, `PRAGMA foreign_key_check` must find nothing before the step commits.
    """
    applied = []
    target = LATEST if upto is None else upto
    enforced = bool(conn.execute("PRAGMA foreign_keys").fetchone()[0])
    for migration in MIGRATIONS:
        if migration.version <= schema_version(conn) or migration.version > target:
            continue
        conn.execute("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction: set before BEGIN
        try:
            conn.execute("BEGIN IMMEDIATE")
            if migration.version <= schema_version(conn):  # another process upgraded it while we waited
                conn.execute("COMMIT")
                continue
            try:
                migration.apply(conn)
                if enforced:
                    broken = conn.execute("PRAGMA foreign_key_check").fetchone()
                    if broken is not None:
                        raise sqlite3.IntegrityError(
                            f"migration {migration.version}: foreign key broken in {broken[0]} row {broken[1]}"
                        )
                conn.execute(f"PRAGMA user_version = {int(migration.version)}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # SQLite has already rolled back a statement Ctrl-C interrupted
                    conn.execute("ROLLBACK")
                raise
        finally:
            if enforced:
                conn.execute("PRAGMA foreign_keys = ON")
        applied.append(migration.version)
    return applied
