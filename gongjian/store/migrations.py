"""Ordered, append-only schema migrations; `PRAGMA user_version` is the schema version.

Each migration runs in its own transaction on open. Append new migrations to `MIGRATIONS`; never edit one
that has shipped. After a migration changes tables, `install_triggers` regenerates the audit and
finalised-year triggers from the live schema.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

NOW = "(strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
UID = "(lower(hex(randomblob(16))))"
COMMON = f"""
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT {UID},
    created_at TEXT NOT NULL DEFAULT {NOW},
    updated_at TEXT NOT NULL DEFAULT {NOW}"""

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

SCHEMA_V1 = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);

CREATE TABLE communities ({COMMON},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    street TEXT, district TEXT, secretary TEXT, director TEXT, phone TEXT,
    households INTEGER CHECK (households IS NULL OR households >= 0),
    address TEXT, note TEXT);

CREATE TABLE grids ({COMMON},
    community_id INTEGER NOT NULL REFERENCES communities(id),
    name TEXT NOT NULL, leader TEXT, phone TEXT,
    UNIQUE (community_id, name));

CREATE TABLE units ({COMMON},
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    credit_code TEXT UNIQUE,
    kind TEXT NOT NULL DEFAULT 'other',
    party_org TEXT,
    party_members INTEGER NOT NULL DEFAULT 0 CHECK (party_members >= 0),
    contact TEXT, phone TEXT, address TEXT, note TEXT,
    active INTEGER NOT NULL DEFAULT 1);

CREATE TABLE pairings ({COMMON},
    community_id INTEGER NOT NULL REFERENCES communities(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    role TEXT NOT NULL CHECK (role IN ('lead', 'member')),
    started TEXT, ended TEXT, note TEXT,
    CHECK (ended IS NULL OR started IS NULL OR ended >= started));
CREATE UNIQUE INDEX pairings_one_lead ON pairings(community_id) WHERE role = 'lead' AND ended IS NULL;
CREATE UNIQUE INDEX pairings_one_active ON pairings(community_id, unit_id) WHERE ended IS NULL;
CREATE INDEX pairings_unit ON pairings(unit_id, community_id);

CREATE TABLE agreements ({COMMON},
    number TEXT NOT NULL UNIQUE,
    community_id INTEGER NOT NULL REFERENCES communities(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    signed_on TEXT, valid_until TEXT,
    commitments TEXT NOT NULL DEFAULT '[]',
    file_path TEXT, file_sha256 TEXT, note TEXT);
CREATE INDEX agreements_valid ON agreements(valid_until);

CREATE TABLE activities ({COMMON},
    date TEXT NOT NULL,
    year INTEGER NOT NULL,
    community_id INTEGER NOT NULL REFERENCES communities(id),
    title TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT 'other',
    participant_times INTEGER NOT NULL DEFAULT 0 CHECK (participant_times >= 0),
    volunteers INTEGER NOT NULL DEFAULT 0 CHECK (volunteers >= 0),
    members_served INTEGER NOT NULL DEFAULT 0 CHECK (members_served >= 0),
    venue TEXT,
    spending_fen INTEGER NOT NULL DEFAULT 0 CHECK (spending_fen >= 0),
    description TEXT, note TEXT);
CREATE INDEX activities_year ON activities(year, community_id, category, participant_times);
CREATE INDEX activities_community_date ON activities(community_id, date);

CREATE TABLE activity_units ({COMMON},
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    role TEXT NOT NULL CHECK (role IN ('organiser', 'participant')),
    UNIQUE (activity_id, unit_id, role));
CREATE INDEX activity_units_unit ON activity_units(unit_id, role, activity_id);

CREATE TABLE activity_files ({COMMON},
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    kind TEXT NOT NULL DEFAULT 'other',
    path TEXT NOT NULL, sha256 TEXT, size INTEGER);
CREATE INDEX activity_files_activity ON activity_files(activity_id);

CREATE TABLE contributions ({COMMON},
    date TEXT NOT NULL,
    year INTEGER NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    community_id INTEGER NOT NULL REFERENCES communities(id),
    kind TEXT NOT NULL CHECK (kind IN ('cash', 'in_kind', 'venue', 'service')),
    amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
    description TEXT,
    activity_id INTEGER REFERENCES activities(id),
    project_id INTEGER REFERENCES projects(id),
    receipt_no TEXT, note TEXT);
CREATE INDEX contributions_year_unit ON contributions(year, unit_id, kind, amount_fen);
CREATE INDEX contributions_year_community ON contributions(year, community_id, kind, amount_fen);

CREATE TABLE tickets ({COMMON},
    number TEXT NOT NULL UNIQUE,
    community_id INTEGER NOT NULL REFERENCES communities(id),
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL CHECK (seq > 0),
    grid_id INTEGER REFERENCES grids(id),
    category TEXT NOT NULL DEFAULT 'other',
    title TEXT NOT NULL,
    description TEXT, location TEXT,
    source TEXT NOT NULL DEFAULT 'survey',
    reported_on TEXT NOT NULL,
    assignee_id INTEGER REFERENCES units(id),
    deadline TEXT,
    status TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'assigned', 'in_progress', 'resolved', 'closed', 'rejected')),
    resolution TEXT, verifier TEXT, closed_on TEXT, reason TEXT,
    UNIQUE (community_id, year, seq));
CREATE INDEX tickets_year_status ON tickets(year, status, community_id);
CREATE INDEX tickets_assignee ON tickets(assignee_id, status, deadline);
CREATE INDEX tickets_status_deadline ON tickets(status, deadline);
CREATE INDEX tickets_grid ON tickets(grid_id);

CREATE TABLE ticket_events ({COMMON},
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    at TEXT NOT NULL DEFAULT {NOW},
    on_date TEXT,
    from_status TEXT, to_status TEXT NOT NULL,
    unit_id INTEGER REFERENCES units(id),
    note TEXT);
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);

CREATE TABLE members ({COMMON},
    name TEXT NOT NULL,
    phone TEXT,
    id_number TEXT UNIQUE,
    unit_id INTEGER REFERENCES units(id),
    community_id INTEGER NOT NULL REFERENCES communities(id),
    registered_on TEXT,
    specialty TEXT,
    post TEXT,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
    note TEXT);
CREATE INDEX members_name_phone ON members(name, phone);
CREATE INDEX members_unit ON members(unit_id, status);
CREATE INDEX members_community ON members(community_id, status);

CREATE TABLE services ({COMMON},
    member_id INTEGER NOT NULL REFERENCES members(id),
    date TEXT NOT NULL,
    year INTEGER NOT NULL,
    activity_id INTEGER REFERENCES activities(id),
    minutes INTEGER NOT NULL DEFAULT 0 CHECK (minutes >= 0),
    note TEXT);
CREATE INDEX services_year_member ON services(year, member_id, minutes);

CREATE TABLE needs ({COMMON},
    community_id INTEGER NOT NULL REFERENCES communities(id),
    category TEXT NOT NULL DEFAULT 'other',
    text TEXT NOT NULL,
    source TEXT,
    raised_on TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'met')),
    note TEXT);
CREATE INDEX needs_community ON needs(community_id, status, category);

CREATE TABLE resources ({COMMON},
    unit_id INTEGER NOT NULL REFERENCES units(id),
    category TEXT NOT NULL DEFAULT 'other',
    text TEXT NOT NULL,
    capacity TEXT, note TEXT);
CREATE INDEX resources_category ON resources(category, unit_id);

CREATE TABLE projects ({COMMON},
    community_id INTEGER NOT NULL REFERENCES communities(id),
    title TEXT NOT NULL,
    need_id INTEGER REFERENCES needs(id),
    category TEXT NOT NULL DEFAULT 'other',
    budget_fen INTEGER NOT NULL DEFAULT 0 CHECK (budget_fen >= 0),
    listed_on TEXT NOT NULL,
    year INTEGER NOT NULL,
    claim_deadline TEXT,
    due TEXT,
    status TEXT NOT NULL DEFAULT 'listed' CHECK (status IN ('listed', 'claimed', 'done', 'cancelled')),
    done_on TEXT,
    satisfied INTEGER NOT NULL DEFAULT 0 CHECK (satisfied >= 0),
    basically_satisfied INTEGER NOT NULL DEFAULT 0 CHECK (basically_satisfied >= 0),
    unsatisfied INTEGER NOT NULL DEFAULT 0 CHECK (unsatisfied >= 0),
    rated_on TEXT,
    note TEXT);
CREATE INDEX projects_community ON projects(community_id, status);
CREATE INDEX projects_year ON projects(year, status);

CREATE TABLE project_claims ({COMMON},
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    how TEXT NOT NULL DEFAULT 'claim' CHECK (how IN ('claim', 'bid')),
    bid_fen INTEGER CHECK (bid_fen IS NULL OR bid_fen >= 0),
    claimed_on TEXT NOT NULL,
    via_hall INTEGER NOT NULL DEFAULT 0,
    UNIQUE (project_id, unit_id));
CREATE INDEX project_claims_unit ON project_claims(unit_id);

CREATE TABLE project_tasks ({COMMON},
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    owner TEXT,
    unit_id INTEGER REFERENCES units(id),
    due TEXT,
    done_on TEXT);
CREATE INDEX project_tasks_project ON project_tasks(project_id);

CREATE TABLE meetings ({COMMON},
    date TEXT NOT NULL,
    year INTEGER NOT NULL,
    community_id INTEGER NOT NULL REFERENCES communities(id),
    chair_unit_id INTEGER REFERENCES units(id),
    topics TEXT, decisions TEXT, note TEXT);
CREATE INDEX meetings_year ON meetings(year, community_id);

CREATE TABLE meeting_attendance ({COMMON},
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    present INTEGER NOT NULL DEFAULT 1,
    UNIQUE (meeting_id, unit_id));
CREATE INDEX meeting_attendance_unit ON meeting_attendance(unit_id, meeting_id);

CREATE TABLE unit_ratings ({COMMON},
    year INTEGER NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    score REAL NOT NULL CHECK (score >= 0 AND score <= 10),
    note TEXT,
    UNIQUE (year, unit_id));

CREATE TABLE assessment_years ({COMMON},
    year INTEGER NOT NULL UNIQUE,
    finalized_at TEXT,
    rules TEXT,
    note TEXT);

CREATE TABLE assessments ({COMMON},
    year INTEGER NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    rank INTEGER,
    scores TEXT NOT NULL DEFAULT '{{}}',
    total REAL NOT NULL DEFAULT 0,
    grade TEXT,
    vetoed INTEGER NOT NULL DEFAULT 0,
    detail TEXT,
    UNIQUE (year, unit_id));

CREATE TABLE audit_commands (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE DEFAULT {UID},
    at TEXT NOT NULL DEFAULT {NOW},
    command TEXT NOT NULL,
    argv TEXT,
    undo_of INTEGER REFERENCES audit_commands(id),
    undone_by INTEGER REFERENCES audit_commands(id),
    created_at TEXT NOT NULL DEFAULT {NOW},
    updated_at TEXT NOT NULL DEFAULT {NOW});

CREATE TABLE audit_changes (
    id INTEGER PRIMARY KEY,
    command_id INTEGER NOT NULL REFERENCES audit_commands(id),
    tbl TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    before TEXT,
    after TEXT);
CREATE INDEX audit_changes_command ON audit_changes(command_id, id);
CREATE INDEX audit_changes_table ON audit_changes(tbl, row_id);
"""


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


# While `Store.bulk_insert` holds this meta key (inside its transaction only), the insert triggers stand
# aside and the inserted rows are audited by one set-wise statement with the same JSON.
BULK_FLAG = "audit_bulk"
NOT_BULK = f"NOT EXISTS (SELECT 1 FROM meta WHERE key = '{BULK_FLAG}')"


def install_triggers(conn: sqlite3.Connection) -> None:
    """(Re)create the audit triggers and the finalised-year guards from the live schema."""
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND (name LIKE 'audit_%' OR name LIKE 'guard_%')"
    ).fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
    current = "(SELECT max(id) FROM audit_commands)"
    for table in AUDITED:
        new, old = row_json_sql(conn, table, "NEW"), row_json_sql(conn, table, "OLD")
        conn.execute(
            f'CREATE TRIGGER "audit_{table}_insert" AFTER INSERT ON "{table}" WHEN {NOT_BULK} BEGIN '
            f"INSERT INTO audit_changes (command_id, tbl, row_id, op, after) "
            f"VALUES ({current}, '{table}', NEW.id, 'insert', {new}); END"
        )
        conn.execute(
            f'CREATE TRIGGER "audit_{table}_update" AFTER UPDATE ON "{table}" BEGIN '
            f"INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) "
            f"VALUES ({current}, '{table}', NEW.id, 'update', {old}, {new}); END"
        )
        conn.execute(
            f'CREATE TRIGGER "audit_{table}_delete" AFTER DELETE ON "{table}" BEGIN '
            f"INSERT INTO audit_changes (command_id, tbl, row_id, op, before) "
            f"VALUES ({current}, '{table}', OLD.id, 'delete', {old}); END"
        )

    def frozen(expr: str) -> str:
        return f"EXISTS (SELECT 1 FROM assessment_years WHERE year = {expr} AND finalized_at IS NOT NULL)"

    raise_ = "SELECT RAISE(ABORT, 'gongjian:year_finalized'); END"
    for table, year in {**YEAR_GUARDED, **YEAR_GUARDED_INSERT_DELETE}.items():
        conn.execute(
            f'CREATE TRIGGER "guard_{table}_insert" BEFORE INSERT ON "{table}" '
            f"WHEN {frozen(year.format(r='NEW'))} BEGIN {raise_}"
        )
        conn.execute(
            f'CREATE TRIGGER "guard_{table}_delete" BEFORE DELETE ON "{table}" '
            f"WHEN {frozen(year.format(r='OLD'))} BEGIN {raise_}"
        )
    for table, year in YEAR_GUARDED.items():
        conn.execute(
            f'CREATE TRIGGER "guard_{table}_update" BEFORE UPDATE ON "{table}" '
            f"WHEN {frozen(year.format(r='OLD'))} OR {frozen(year.format(r='NEW'))} BEGIN {raise_}"
        )


def _v1(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA_V1.split(";\n"):
        if statement.strip():
            conn.execute(statement)
    conn.execute(f"INSERT INTO meta (key, value) VALUES ('ledger_uid', {UID})")
    conn.execute(f"INSERT INTO meta (key, value) VALUES ('created_at', {NOW})")
    install_triggers(conn)


@dataclass(frozen=True)
class Migration:
    """One schema step: `version` is what `PRAGMA user_version` reads after it ran."""

    version: int
    name: str
    apply: Callable[[sqlite3.Connection], None]


def _v2(conn: sqlite3.Connection) -> None:
    # `gongjian merge`: a record known to a source ledger under another uid (the same unit, community …
    # found by its natural key) keeps pointing at the one target row, so later merges stay idempotent.
    conn.execute(
        f"""CREATE TABLE merge_aliases (
            tbl TEXT NOT NULL, source_uid TEXT NOT NULL, target_uid TEXT NOT NULL, ledger_uid TEXT,
            created_at TEXT NOT NULL DEFAULT {NOW},
            PRIMARY KEY (tbl, source_uid)) WITHOUT ROWID"""
    )


def _v3(conn: sqlite3.Connection) -> None:
    # The yearly member figures (registered by the year's end, per work unit and per residence community)
    # read status and registered_on of every member: covering indexes keep `report year` off the table.
    for name, column in (("members_unit", "unit_id"), ("members_community", "community_id")):
        conn.execute(f'DROP INDEX IF EXISTS "{name}"')
        conn.execute(f'CREATE INDEX "{name}" ON members({column}, status, registered_on)')


def _v4(conn: sqlite3.Connection) -> None:
    # Bulk imports audit their inserts with one INSERT … SELECT (`Store.bulk_insert`): the per-row insert
    # triggers skip rows while the `audit_bulk` meta key exists, which it only does inside that call.
    install_triggers(conn)


MIGRATIONS: list[Migration] = [
    Migration(1, "initial schema: every entity of PRODUCT §2, audit log, finalised-year guards", _v1),
    Migration(2, "merge_aliases: uids of records unified by gongjian merge", _v2),
    Migration(3, "member indexes cover status and registered_on (yearly figures)", _v3),
    Migration(4, "insert audit triggers stand aside for set-wise audited bulk inserts", _v4),
]

LATEST = MIGRATIONS[-1].version


def schema_version(conn: sqlite3.Connection) -> int:
    """The ledger's schema version (0 for a blank database)."""
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, upto: int | None = None) -> list[int]:
    """Apply pending migrations in order, each in its own transaction; return the versions applied."""
    applied = []
    target = LATEST if upto is None else upto
    for migration in MIGRATIONS:
        if migration.version <= schema_version(conn) or migration.version > target:
            continue
        conn.execute("BEGIN IMMEDIATE")
        if migration.version <= schema_version(conn):  # another process upgraded it while we waited
            conn.execute("COMMIT")
            continue
        try:
            migration.apply(conn)
            conn.execute(f"PRAGMA user_version = {int(migration.version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied
