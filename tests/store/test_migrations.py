"""Schema versions (PRODUCT §8): an older ledger is backed up beside itself and upgraded on open, data intact;
a newer one, or a file that is not a ledger, is refused with one line."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import stat
import threading
from pathlib import Path

import pytest
from conftest import POSIX

from gongjian.errors import Conflict, LedgerError
from gongjian.ledger import Ledger
from gongjian.store import migrations


def build_v1(path) -> None:
    """A schema-1 ledger made from the migration list itself (not a binary blob), with roster data."""
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrations.migrate(conn, upto=1) == [1]
    conn.execute(
        "INSERT INTO audit_commands (command, argv) VALUES ('import units', 'gongjian import units 名册.xlsx')"
    )
    conn.execute(
        "INSERT INTO communities (code, name, street, phone) VALUES ('BC', '北城社区', '乐成街道', '0577-62512345')"
    )
    conn.execute(
        "INSERT INTO units (name, name_key, credit_code, kind, phone) VALUES "
        "('乐清市统计局', '乐清市统计局', '11330382002584590E', 'government', '13857712345'), "
        "('乐清市财政局', '乐清市财政局', NULL, 'government', NULL)"
    )
    conn.execute(
        "INSERT INTO pairings (community_id, unit_id, role, started) VALUES (1, 1, 'lead', '2015-03-01')"
    )
    conn.execute(
        "INSERT INTO contributions (date, year, unit_id, community_id, kind, amount_fen, description) "
        "VALUES ('2016-02-20', 2016, 1, 1, 'in_kind', 300000, '500斤糯米')"
    )
    conn.close()


def rows(path, sql):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


DATA = (
    "SELECT c.name, u.name, u.credit_code, p.role, f.amount_fen FROM pairings p JOIN communities c ON "
    "c.id = p.community_id JOIN units u ON u.id = p.unit_id JOIN contributions f ON f.unit_id = u.id"
)


CURRENT = migrations.LATEST  # the schema this gongjian writes
NEXT = CURRENT + 1  # a schema this gongjian pretends to know in some tests


def _next(conn):
    conn.execute("ALTER TABLE units ADD COLUMN website TEXT")
    conn.execute("UPDATE units SET website = 'http://tjj.yueqing.gov.cn' WHERE name = '乐清市统计局'")
    recreate_audit_triggers(conn, "units")  # what a real migration writes out literally


@pytest.fixture
def v_next(monkeypatch):
    """Pretend this gongjian knows one more schema version (a new units column)."""
    extra = migrations.Migration(NEXT, "units.website", _next)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, extra])
    monkeypatch.setattr(migrations, "LATEST", NEXT)
    return extra


def test_a_v1_ledger_is_upgraded_by_the_real_migration_list(tmp_path):
    path = tmp_path / "old.db"
    build_v1(path)
    with Ledger.open(path) as ledger:
        assert ledger.store.info()["schema_version"] == CURRENT
        assert ledger.store.upgraded_from == (1 if CURRENT > 1 else None)
        assert ledger.maintenance.doctor() == []
    assert rows(path, DATA) == [("北城社区", "乐清市统计局", "11330382002584590E", "lead", 300000)]
    backups = sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".bak")
    assert backups == (["old.db.v1.bak"] if CURRENT > 1 else [])
    with Ledger.open(path) as ledger:
        assert ledger.store.upgraded_from is None  # only once


def test_an_older_ledger_is_backed_up_beside_itself_then_upgraded(tmp_path, v_next, cli):
    path = tmp_path / "old.db"
    build_v1(path)
    os.chmod(path, 0o600)  # as gongjian makes it (a ledger readable by others is tightened and said: #20)
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, upto=CURRENT)  # now at the current schema, one behind what this gongjian knows
    conn.close()
    before = rows(path, DATA)
    r = cli.runner.invoke(__import__("gongjian.cli", fromlist=["app"]).app, ["--db", str(path), "info"])
    assert r.exit_code == 0, r.stderr
    backup = tmp_path / f"old.db.v{CURRENT}.bak"
    assert r.stderr == f"台账已从版本 {CURRENT} 升级到 {NEXT}，原文件已备份到 {backup}\n"
    assert not POSIX or stat.S_IMODE(os.stat(backup).st_mode) == 0o600
    assert rows(backup, "PRAGMA user_version") == [(CURRENT,)]
    assert rows(backup, DATA) == before
    assert rows(path, "PRAGMA user_version") == [(NEXT,)]
    assert rows(path, DATA) == before
    assert rows(path, "SELECT website FROM units ORDER BY id") == [("http://tjj.yueqing.gov.cn",), (None,)]
    with Ledger.open(path) as ledger:
        assert ledger.store.upgraded_from is None  # only once
        ledger.roster.edit_unit("乐清市财政局", contact="陈立")
        (change,) = ledger.audit.audit_command(ledger.audit.audit_log(limit=1)[0]["id"])["changes"]
        assert "website" in change["after"]  # the audit triggers were regenerated for the new column
        assert ledger.maintenance.doctor() == []


def test_a_second_upgrade_backup_does_not_overwrite_the_first(tmp_path, v_next):
    path = tmp_path / "old.db"
    build_v1(path)
    (tmp_path / "old.db.v1.bak").write_text("an earlier backup", encoding="utf-8")
    with Ledger.open(path) as ledger:
        assert ledger.store.upgrade_backup == tmp_path / "old.db.v1.2.bak"
        assert ledger.store.info()["schema_version"] == NEXT
    assert (tmp_path / "old.db.v1.bak").read_text(encoding="utf-8") == "an earlier backup"
    assert rows(tmp_path / "old.db.v1.2.bak", "PRAGMA user_version") == [(1,)]


def test_a_failing_migration_leaves_the_ledger_at_its_old_version(tmp_path, monkeypatch):
    def broken(conn):
        conn.execute("ALTER TABLE units ADD COLUMN website TEXT")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(
        migrations, "MIGRATIONS", [*migrations.MIGRATIONS, migrations.Migration(NEXT, "broken", broken)]
    )
    monkeypatch.setattr(migrations, "LATEST", NEXT)
    path = tmp_path / "old.db"
    build_v1(path)
    before = rows(path, DATA)
    with pytest.raises(sqlite3.OperationalError):
        Ledger.open(path)
    assert rows(path, "PRAGMA user_version") == [(CURRENT,)]  # every good step kept, the broken one undone
    assert "website" not in [r[1] for r in rows(path, "PRAGMA table_info(units)")]
    assert rows(path, DATA) == before
    assert (tmp_path / "old.db.v1.bak").exists()


def test_two_processes_upgrading_at_once_apply_each_migration_once(tmp_path, monkeypatch):
    """The second upgrader reads version 1, then waits for the lock the first holds: it must not re-apply."""
    applied = []

    def v2(conn):
        applied.append(threading.current_thread().name)
        conn.execute("ALTER TABLE units ADD COLUMN website TEXT")

    monkeypatch.setattr(
        migrations, "MIGRATIONS", [*migrations.MIGRATIONS, migrations.Migration(NEXT, "next", v2)]
    )
    monkeypatch.setattr(migrations, "LATEST", NEXT)
    path = tmp_path / "old.db"
    build_v1(path)
    migrations.migrate(sqlite3.connect(path, isolation_level=None), upto=CURRENT)
    first = sqlite3.connect(path, isolation_level=None, timeout=30)
    first.execute("BEGIN IMMEDIATE")  # the first upgrader has the lock
    second = sqlite3.connect(path, isolation_level=None, timeout=30, check_same_thread=False)
    seen = threading.Event()
    real_version = migrations.schema_version

    def watching(conn):
        version = real_version(conn)
        if threading.current_thread().name == "second":
            seen.set()
        return version

    monkeypatch.setattr(migrations, "schema_version", watching)
    errors = []

    def run_second():
        try:
            migrations.migrate(second)
        except Exception as exc:  # noqa: BLE001 - reported to the test below
            errors.append(exc)

    worker = threading.Thread(target=run_second, name="second")
    worker.start()
    assert seen.wait(30)  # the second has read the old version before the first commits
    migrations.MIGRATIONS[-1].apply(first)
    first.execute(f"PRAGMA user_version = {NEXT}")
    first.execute("COMMIT")
    worker.join(60)
    assert errors == [] and applied == ["MainThread"]
    assert real_version(second) == NEXT
    first.close()
    second.close()


def test_a_newer_ledger_is_refused_with_a_message_and_left_alone(tmp_path, cli):
    path = tmp_path / "old.db"
    build_v1(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.close()
    before = path.read_bytes()
    from gongjian.cli import app

    r = cli.runner.invoke(app, ["--db", str(path), "unit", "list"])
    assert r.exit_code == 1
    assert r.stderr == (
        f"台账 {path} 的结构版本为 {migrations.LATEST + 1}，高于本程序支持的 {migrations.LATEST}，"
        "请升级 gongjian\n"
    )
    assert path.read_bytes() == before
    with pytest.raises(LedgerError) as err:
        Ledger.open(path)
    assert err.value.key == "ledger_newer"


def test_migrate_blank():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    assert migrations.migrate(conn) == [m.version for m in migrations.MIGRATIONS]
    assert migrations.schema_version(conn) == migrations.LATEST
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert set(migrations.AUDITED) | {"meta", "audit_commands", "audit_changes"} <= tables
    assert migrations.migrate(conn) == []


@pytest.mark.parametrize("content", [b"", None], ids=["empty-file", "empty-sqlite"])
def test_an_empty_file_becomes_a_new_ledger(tmp_path, content):
    path = tmp_path / "old.db"
    if content is None:
        sqlite3.connect(path).execute("VACUUM").connection.close()
    else:
        path.write_bytes(content)
    with Ledger.open(path, create=True) as ledger:
        assert ledger.store.info()["schema_version"] == migrations.LATEST


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (
            lambda p: p.write_text("单位名称,联系电话\n乐清市统计局,13857712345\n", encoding="utf-8"),
            "不是 SQLite 数据库文件（是文本或其他格式的文件）",
        ),
        (
            lambda p: p.write_bytes(b"PK\x03\x04" + os.urandom(2000)),
            "不是 SQLite 数据库文件（是文本或其他格式的文件）",
        ),
        (
            lambda p: (
                sqlite3.connect(p).execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)").connection.commit()
            ),
            "是 SQLite 数据库，但不是 gongjian 台账（其中的表：photos）",
        ),
        (  # another app that numbers its own schema in user_version, as gongjian does
            lambda p: sqlite3.connect(p).executescript(
                "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); PRAGMA user_version = 3;"
            ),
            "是 SQLite 数据库，但不是 gongjian 台账（其中的表：moz_places）",
        ),
    ],
    ids=["csv-text", "zip-bytes", "other-sqlite-app", "other-app-with-a-version"],
)
def test_a_file_that_is_not_a_ledger_is_refused_with_one_line(tmp_path, cli, make, problem):
    from gongjian.cli import app

    path = tmp_path / "old.db"
    make(path)
    before = path.read_bytes()
    for args in (["info"], ["unit", "add", "乐清市统计局"]):
        r = cli.runner.invoke(app, ["--db", str(path), *args])
        assert (r.exit_code, r.stderr) == (1, f"台账 {path} {problem}\n")
        assert path.read_bytes() == before  # not even switched to WAL
        assert not Path(f"{path}-wal").exists()


def test_a_read_only_open_of_an_older_ledger_asks_for_the_upgrade(tmp_path, v_next):
    path = tmp_path / "old.db"
    build_v1(path)
    with pytest.raises(LedgerError) as err:
        Ledger.open(path, readonly=True)
    assert err.value.key == "ledger_needs_upgrade"
    assert rows(path, "PRAGMA user_version") == [(1,)]


# ------------------------------------------------------------------ frozen migrations
# Generating the trigger SQL from the live schema is dev-time knowledge kept here, not in the package: the
# migrations carry the literal SQL, and these tests check it is what the schema of each version calls for.
NOT_BULK = f"NOT EXISTS (SELECT 1 FROM meta WHERE key = '{migrations.BULK_FLAG}')"
CURRENT_COMMAND = "(SELECT max(id) FROM audit_commands)"
RAISE = "SELECT RAISE(ABORT, 'gongjian:year_finalized'); END"


def audit_trigger_sql(conn, table: str) -> dict[str, str]:
    """The three audit triggers of `table`, generated from its live columns (the JSON `row_json_sql` gives)."""
    new, old = migrations.row_json_sql(conn, table, "NEW"), migrations.row_json_sql(conn, table, "OLD")
    return {
        f"audit_{table}_insert": (
            f'CREATE TRIGGER "audit_{table}_insert" AFTER INSERT ON "{table}" WHEN {NOT_BULK} BEGIN '
            f"INSERT INTO audit_changes (command_id, tbl, row_id, op, after) "
            f"VALUES ({CURRENT_COMMAND}, '{table}', NEW.id, 'insert', {new}); END"
        ),
        f"audit_{table}_update": (
            f'CREATE TRIGGER "audit_{table}_update" AFTER UPDATE ON "{table}" BEGIN '
            f"INSERT INTO audit_changes (command_id, tbl, row_id, op, before, after) "
            f"VALUES ({CURRENT_COMMAND}, '{table}', NEW.id, 'update', {old}, {new}); END"
        ),
        f"audit_{table}_delete": (
            f'CREATE TRIGGER "audit_{table}_delete" AFTER DELETE ON "{table}" BEGIN '
            f"INSERT INTO audit_changes (command_id, tbl, row_id, op, before) "
            f"VALUES ({CURRENT_COMMAND}, '{table}', OLD.id, 'delete', {old}); END"
        ),
    }


def guard_trigger_sql() -> dict[str, str]:
    """The finalised-year guards: no insert, delete (or, but for tickets, update) in a finalised year."""

    def frozen(expr: str) -> str:
        return f"EXISTS (SELECT 1 FROM assessment_years WHERE year = {expr} AND finalized_at IS NOT NULL)"

    out = {}
    for table, year in {**migrations.YEAR_GUARDED, **migrations.YEAR_GUARDED_INSERT_DELETE}.items():
        out[f"guard_{table}_insert"] = (
            f'CREATE TRIGGER "guard_{table}_insert" BEFORE INSERT ON "{table}" '
            f"WHEN {frozen(year.format(r='NEW'))} BEGIN {RAISE}"
        )
        out[f"guard_{table}_delete"] = (
            f'CREATE TRIGGER "guard_{table}_delete" BEFORE DELETE ON "{table}" '
            f"WHEN {frozen(year.format(r='OLD'))} BEGIN {RAISE}"
        )
    for table, year in migrations.YEAR_GUARDED.items():
        out[f"guard_{table}_update"] = (
            f'CREATE TRIGGER "guard_{table}_update" BEFORE UPDATE ON "{table}" '
            f"WHEN {frozen(year.format(r='OLD'))} OR {frozen(year.format(r='NEW'))} BEGIN {RAISE}"
        )
    return out


def search_trigger_sql(conn, table: str) -> dict[str, str]:
    """The three triggers that keep `table`'s documents in the search index (from version 7): insert the
    document its view `search_doc_<table>` makes (set-wise by `Store.bulk_insert` while it holds the bulk
    flag), replace it when a column the view reads changes, drop it."""
    view = f"search_doc_{table}"
    found = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?", (view,)).fetchone()
    if found is None:
        return {}
    words = set(re.findall(r"\w+", found[0]))
    read = [c for c in migrations._columns(conn, table) if c in words and c != "id"]
    index, kind = migrations.SEARCH_INDEX, migrations.SEARCHED[table]
    doc = f"(OLD.id << {migrations.SEARCH_KIND_BITS}) | {kind}"
    add = (
        f"INSERT INTO {index} (rowid, head, body, community_id, day) "
        f'SELECT doc, head, body, community_id, day FROM "{view}" WHERE id = NEW.id;'
    )
    columns = ", ".join(f'"{c}"' for c in read)
    return {
        f"search_{table}_insert": (
            f'CREATE TRIGGER "search_{table}_insert" AFTER INSERT ON "{table}" WHEN {NOT_BULK} BEGIN {add} END'
        ),
        f"search_{table}_update": (
            f'CREATE TRIGGER "search_{table}_update" AFTER UPDATE OF {columns} ON "{table}" BEGIN '
            f"DELETE FROM {index} WHERE rowid = {doc}; {add} END"
        ),
        f"search_{table}_delete": (
            f'CREATE TRIGGER "search_{table}_delete" AFTER DELETE ON "{table}" BEGIN '
            f"DELETE FROM {index} WHERE rowid = {doc}; END"
        ),
    }


def count_trigger_sql(conn) -> dict[str, str]:
    """The three triggers that keep `service_counts` (from version 10) the count of each member's services
    per year: one more on an insert, one fewer on a delete (the row gone at none), both when a service
    moves to another member or year."""
    if not migrations._columns(conn, "service_counts"):
        return {}
    key = "year = OLD.year AND member_id = OLD.member_id"
    add = (
        "    INSERT INTO service_counts (year, member_id, services) VALUES (NEW.year, NEW.member_id, 1)\n"
        "    ON CONFLICT (year, member_id) DO UPDATE SET services = services + 1;\n"
    )
    drop = (
        f"    DELETE FROM service_counts WHERE {key} AND services = 1;\n"
        f"    UPDATE service_counts SET services = services - 1 WHERE {key};\n"
    )
    return {
        "count_services_insert": f'CREATE TRIGGER "count_services_insert" AFTER INSERT ON services BEGIN\n{add}END',
        "count_services_update": (
            'CREATE TRIGGER "count_services_update" AFTER UPDATE OF year, member_id ON services\n'
            f"WHEN OLD.year IS NOT NEW.year OR OLD.member_id IS NOT NEW.member_id BEGIN\n{drop}{add}END"
        ),
        "count_services_delete": f'CREATE TRIGGER "count_services_delete" AFTER DELETE ON services BEGIN\n{drop}END',
    }


def expected_triggers(conn) -> dict[str, str]:
    """Every trigger a ledger of this schema must have, generated from its live tables."""
    out = {}
    for table in migrations.AUDITED:
        if migrations._columns(conn, table):  # a table of a later version has no triggers yet
            out.update(audit_trigger_sql(conn, table))
    for table in migrations.SEARCHED:
        out.update(search_trigger_sql(conn, table))
    return {**out, **count_trigger_sql(conn), **guard_trigger_sql()}


def trigger_mismatches(conn) -> list[str]:
    """Names of the triggers missing, extra, or with other SQL than the live schema calls for."""
    have = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    want = expected_triggers(conn)
    return sorted(name for name in have.keys() | want.keys() if have.get(name) != want.get(name))


def recreate_audit_triggers(conn, table: str) -> None:
    for name, sql in audit_trigger_sql(conn, table).items():
        conn.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        conn.execute(sql)


def blank(upto: int | None = None) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrations.migrate(conn, upto=upto)
    return conn


VERSIONS = [m.version for m in migrations.MIGRATIONS]
SQL_DIR = Path(migrations.__file__).parent / "sql"
# Shipped migrations never change (the sha256 of each frozen script); a new one adds its line here.
FROZEN_SHA256 = {
    "0001_initial.sql": "25ef476cdf5579f82a7dd9504b7eb48add89e95de9368794d542dd69e2ae4393",
    "0002_merge_aliases.sql": "7826cd19babe6f5572c8a0d5003bcf1861f750ec9a1c02a4ed97a7e930763ae9",
    "0003_member_indexes.sql": "084e3bc510830e3c9cf0e111185a2a31f6856206e7431ca2caad467cbfeb2958",
    "0004_bulk_audit_triggers.sql": "5c6fdf9d9f2a09de37b54fe5bdb1afd8c252f9610245981c8f17874d54f91aad",
    "0005_member_status_on.sql": "fdd0b8eb3e2bd439558c375249786f0a63c44b27ed000209469392aa04d65662",
    "0006_register_columns.sql": "f1ad280d47f2f8657d8e6b9abbdf56a89b7f8bf228b09742442e937eb43696cd",
    "0007_member_status_search.sql": "fdec5cf0ccee596aa01473dce7a89889bcd703b1e6e4b877485ba44a15a9d2fb",
    "0008_seeds_practices.sql": "f6566a75cd30decc1e65637c5e92a7db6e9da5cc1f923bc92446f459ea59858c",
    "0009_figure_indexes.sql": "7a80b07307f7aef9215b1f06efb8a6b4dbdb69dfdb8f61c8e53ae8f5a325c853",
    "0010_service_counts.sql": "a8c8d498fe9970cb39cb37b5c4cbb6cfebacca83bd8fa1bb698322d5adb08700",
}


def test_every_migration_is_a_frozen_script_numbered_by_its_version():
    assert [m.version for m in migrations.MIGRATIONS] == list(range(1, migrations.LATEST + 1))
    scripts = []
    for m in migrations.MIGRATIONS:
        assert isinstance(m.apply, migrations.Frozen), f"migration {m.version} runs code, not frozen SQL"
        assert m.apply.filename.startswith(f"{m.version:04d}_") and m.apply.filename.endswith(".sql")
        scripts.append(m.apply.filename)
    assert sorted(p.name for p in SQL_DIR.iterdir() if p.suffix == ".sql") == scripts


def test_shipped_migration_scripts_never_change():
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(SQL_DIR.glob("*.sql"))}
    assert found == FROZEN_SHA256


def test_a_frozen_script_splits_into_its_statements():
    script = (
        "-- a comment\n\nCREATE TABLE t (a TEXT DEFAULT ';');\n"
        "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END;\n"
        "INSERT INTO t VALUES ('乐清市（北城）;\n服务中心');\n"
    )
    assert migrations.statements(script) == [
        "CREATE TABLE t (a TEXT DEFAULT ';');",
        "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END;",
        "INSERT INTO t VALUES ('乐清市（北城）;\n服务中心');",
    ]
    with pytest.raises(ValueError):
        migrations.statements("CREATE TABLE t (a TEXT)")


SNAPSHOTS = Path(__file__).resolve().parents[1] / "fixtures" / "sqlite_master.txt"


def snapshot(conn) -> list[str]:
    """sqlite_master in creation order, one line per object, its SQL as a short digest."""
    return [
        f"{kind} {name} {table} {hashlib.sha256(sql.encode()).hexdigest()[:16] if sql is not None else '-'}"
        for kind, name, table, sql in conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid"
        )
    ]


def recorded_snapshots() -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    lines: list[str] = []
    for line in SNAPSHOTS.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            lines = found.setdefault(int(line.strip("[]")), [])
        elif line and not line.startswith("#"):
            lines.append(line)
    return found


@pytest.mark.parametrize("version", VERSIONS)
def test_each_version_has_exactly_the_schema_it_always_had(version):
    """The frozen steps make, object for object and byte for byte, the schema recorded for each version
    (1-4 recorded from the generated migrations before they were frozen)."""
    conn = blank(upto=version)
    assert migrations.schema_version(conn) == version
    recorded = recorded_snapshots()
    block = "\n".join([f"[{version}]", *snapshot(conn)])
    assert version in recorded, f"record the new version in {SNAPSHOTS.name}:\n{block}"
    assert snapshot(conn) == recorded[version]


@pytest.mark.parametrize("version", VERSIONS)
def test_each_versions_triggers_are_what_its_schema_calls_for(version):
    """Every audit trigger serialises every column of its table, as `row_json_sql` (bulk audit, undo) does;
    every guard is there: a migration that changes an audited table's columns must rewrite its triggers."""
    assert trigger_mismatches(blank(upto=version)) == []


def test_a_column_added_without_its_trigger_step_is_caught():
    conn = blank()
    conn.execute("ALTER TABLE units ADD COLUMN website TEXT")
    assert trigger_mismatches(conn) == ["audit_units_delete", "audit_units_insert", "audit_units_update"]
    recreate_audit_triggers(conn, "units")
    assert trigger_mismatches(conn) == []


def test_a_new_ledger_gets_its_own_id_and_creation_time():
    first, second = blank(upto=1), blank(upto=1)
    meta = dict(first.execute("SELECT key, value FROM meta").fetchall())
    assert sorted(meta) == ["created_at", "ledger_uid"]
    assert len(meta["ledger_uid"]) == 32 and int(meta["ledger_uid"], 16) >= 0
    assert first.execute("SELECT julianday(?) IS NOT NULL", (meta["created_at"],)).fetchone() == (1,)
    assert (
        meta["ledger_uid"] != second.execute("SELECT value FROM meta WHERE key = 'ledger_uid'").fetchone()[0]
    )


def test_migration_5_adds_status_on_and_the_members_audit_triggers_record_it(tmp_path):
    with Ledger.open(tmp_path / "new.db", create=True) as fresh:
        assert fresh.maintenance.doctor() == []
    path = tmp_path / "old.db"
    build_v1(path)
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrations.migrate(conn, upto=4) == [2, 3, 4]
    conn.close()
    with Ledger.open(path) as ledger:
        assert ledger.store.upgraded_from == 4 and ledger.store.info()["schema_version"] >= 5
        assert ledger.store.rows(
            "SELECT name, type, dflt_value, \"notnull\" FROM pragma_table_info('members') WHERE name = 'status_on'"
        ) == [{"name": "status_on", "type": "TEXT", "dflt_value": None, "notnull": 0}]
        assert ledger.maintenance.doctor() == []
        member = ledger.members.add_member(
            name="林晓燕",
            phone="13957712468",
            unit="乐清市统计局",
            community="BC",
            registered_on="2016-06-01",
        )
        (change,) = ledger.audit.audit_command(ledger.audit.audit_log(limit=1)[0]["id"])["changes"]
        assert (change["tbl"], change["op"]) == ("members", "insert")
        assert "status_on" in change["after"] and change["after"]["status_on"] is None
        with ledger.store.write("member edit"):
            ledger.store.update("members", member["id"], {"status": "left", "status_on": "2017-03-01"})
        (change,) = ledger.audit.audit_command(ledger.audit.audit_log(limit=1)[0]["id"])["changes"]
        assert change["fields"] == ["status", "status_on"]
        assert (change["before"]["status_on"], change["after"]["status_on"]) == (None, "2017-03-01")
        assert ledger.maintenance.doctor() == []
        ledger.audit.undo()
        assert ledger.store.get("members", member["id"])["status_on"] is None
        with ledger.store.write("member edit"):
            ledger.store.update("members", member["id"], {"status_on": "2017年3月"})  # not an ISO date
        assert ledger.maintenance.doctor() == [
            (
                "doctor_bad_date",
                {"table": "members", "column": "status_on", "id": member["id"], "value": "2017年3月"},
            )
        ]


def test_migration_6_adds_legal_rep_and_party_status_and_their_audit_triggers_record_them(tmp_path):
    path = tmp_path / "old.db"
    build_v1(path)
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrations.migrate(conn, upto=5) == [2, 3, 4, 5]
    conn.close()
    with Ledger.open(path) as ledger:
        assert ledger.store.upgraded_from == 5 and ledger.store.info()["schema_version"] >= 6
        assert ledger.maintenance.doctor() == []
        assert ledger.roster.unit("乐清市统计局")["legal_rep"] is None  # not known for old rows
        ledger.roster.edit_unit("乐清市统计局", legal_rep="陈建华")
        (change,) = ledger.audit.audit_command(ledger.audit.audit_log(limit=1)[0]["id"])["changes"]
        assert (change["fields"], change["before"]["legal_rep"], change["after"]["legal_rep"]) == (
            ["legal_rep"],
            None,
            "陈建华",
        )
        ledger.audit.undo()
        assert ledger.roster.unit("乐清市统计局")["legal_rep"] is None
        member = ledger.members.add_member(
            name="林晓燕", phone="13957712468", unit="乐清市统计局", community="BC", party_status="预备党员"
        )
        (change,) = ledger.audit.audit_command(ledger.audit.audit_log(limit=1)[0]["id"])["changes"]
        assert change["after"]["party_status"] == "probationary" == member["party_status"]
        with pytest.raises(Conflict) as err, ledger.store.write("member edit"):
            ledger.store.update("members", member["id"], {"party_status": "正式"})  # keys only, never labels
        assert "CHECK constraint failed: party_status" in err.value.message()
        assert ledger.maintenance.doctor() == []


# ------------------------------------------------------------------ a full version-1 ledger, upgraded
V1_ROWS = [
    ("import communities", "gongjian import communities 社区名册.xlsx"),
    (
        "INSERT INTO communities (code, name, street, district, secretary, director, phone, households, address) "
        "VALUES ('BC', '北城社区', '乐成街道', '乐清市', '郑雪芬', '陈建国', '0577-62512345', 3260, "
        "'乐成街道北城路88号'), ('0031', '南岸社区', '城南街道', '乐清市', '黄丽娜', NULL, '13857712345', 2105, NULL)"
    ),
    "INSERT INTO grids (community_id, name, leader, phone) VALUES (1, '第一网格', '王海燕', '13957712468'), "
    "(2, '滨河网格', '李文斌', NULL)",
    ("import units", "gongjian import units 共建单位.xlsx"),
    (
        "INSERT INTO units (name, name_key, credit_code, kind, party_org, party_members, contact, phone, note) "
        "VALUES ('乐清市（北城）服务中心', '乐清市北城服务中心', '00330382MA2CB1RX9B', 'institution', "
        "'乐清市北城服务中心党支部', 12, '陈立', '0577-61888999', '名称含全角括号；代码以0开头'), "
        "('乐清市统计局', '乐清市统计局', '11330382002584590E', 'government', '乐清市统计局机关党支部', 35, "
        "'周海峰', '13705771357', NULL), "
        "('温州银行乐清支行', '温州银行乐清支行', NULL, 'private', NULL, 8, NULL, NULL, NULL)"
    ),
    ("pair add", "gongjian pair add BC 乐清市统计局 --lead"),
    (
        "INSERT INTO pairings (community_id, unit_id, role, started, ended) VALUES "
        "(1, 2, 'lead', '2015-03-01', NULL), (1, 1, 'member', '2015-03-01', NULL), "
        "(2, 3, 'lead', '2016-01-10', NULL), (2, 1, 'member', '2015-05-01', '2016-12-31')"
    ),
    "INSERT INTO agreements (number, community_id, unit_id, signed_on, valid_until, commitments, note) VALUES "
    "('乐共建〔2016〕1号', 1, 2, '2016-01-05', '2018-12-31', '[\"每年出资2万元\", \"认领环境整治岗\"]', NULL)",
    ("import activities", "gongjian import activities 2016活动.xlsx"),
    (
        "INSERT INTO activities (date, year, community_id, title, category, participant_times, volunteers, "
        "members_served, venue, spending_fen, description) VALUES "
        "('2016-02-20', 2016, 1, '“我们的节日·元宵”包汤圆', 'festival', 120, 15, 80, '北城社区文化家园', 45050, "
        "'统计局、服务中心联合举办'), "
        "('2016-09-10', 2016, 2, '滨河环境整治', 'environment', 60, 30, 0, NULL, 0, NULL), "
        "('2017-03-05', 2017, 1, '学雷锋义诊', 'health', 200, 12, 150, '北城社区广场', 12000, NULL)"
    ),
    "INSERT INTO activity_units (activity_id, unit_id, role) VALUES (1, 2, 'organiser'), (1, 1, 'participant'), "
    "(2, 3, 'organiser'), (3, 2, 'organiser')",
    "INSERT INTO activity_files (activity_id, kind, path, sha256, size) VALUES "
    "(1, 'photo', 'files/2016/元宵包汤圆-01.jpg', 'ab54a98ceb1f0ad2e2b9c5f7e0e0c7a1d3e5f7a9b1c3d5e7f9a1b3c5d7e9f1a3', "
    "482133), (3, 'plan', 'files/2017/义诊方案.docx', NULL, NULL)",
    ("fund add", "gongjian fund add 乐清市统计局 BC 3000元"),
    (
        "INSERT INTO contributions (date, year, unit_id, community_id, kind, amount_fen, description, "
        "activity_id, receipt_no) VALUES "
        "('2016-02-20', 2016, 2, 1, 'in_kind', 300000, '500斤糯米', 1, NULL), "
        "('2017-03-05', 2017, 3, 2, 'cash', 1250050, '滨河公园健身器材', NULL, 'NO.0001234')"
    ),
    ("import tickets", "gongjian import tickets 问题台账.xlsx"),
    (
        "INSERT INTO tickets (number, community_id, year, seq, grid_id, category, title, location, source, "
        "reported_on, assignee_id, deadline, status, resolution, verifier, closed_on) VALUES "
        "('BC-2016-00001', 1, 2016, 1, 1, 'infrastructure', '北城路路灯不亮', '北城路32号', 'resident', "
        "'2016-04-02', 2, '2016-04-30', 'closed', '更换灯具3盏', '郑雪芬', '2016-04-20'), "
        "('BC-2017-00001', 1, 2017, 1, NULL, 'sanitation', '垃圾分类亭破损', NULL, 'grid', "
        "'2017-02-11', 1, '2017-03-15', 'in_progress', NULL, NULL, NULL), "
        "('0031-2016-00001', 2, 2016, 1, 2, 'traffic', '滨河路乱停车', NULL, 'survey', "
        "'2016-08-01', NULL, NULL, 'open', NULL, NULL, NULL)"
    ),
    "INSERT INTO ticket_events (ticket_id, on_date, from_status, to_status, unit_id, note) VALUES "
    "(1, '2016-04-03', 'open', 'assigned', 2, '交办统计局'), (1, '2016-04-20', 'resolved', 'closed', NULL, '验收销号'), "
    "(2, '2017-02-12', 'assigned', 'in_progress', 1, NULL)",
    ("import members", "gongjian import members 在职党员.xlsx"),
    (
        "INSERT INTO members (name, phone, id_number, unit_id, community_id, registered_on, specialty, post, "
        "status) VALUES "
        "('林晓燕', '13957712468', '330382198805120020', 2, 1, '2016-03-01', '财会', 'policy', 'active'), "
        "('王建华', '13806668888', '330382199203041514', 1, 2, '2016-05-20', NULL, 'security', 'active')"
    ),
    "INSERT INTO services (member_id, date, year, activity_id, minutes) VALUES "
    "(1, '2016-02-20', 2016, 1, 180), (2, '2017-03-05', 2017, 3, 90)",
    ("import projects", "gongjian import projects 项目清单.xlsx"),
    "INSERT INTO needs (community_id, category, text, source, raised_on, status) VALUES "
    "(1, 'environment', '老旧小区楼道照明改造', '居民议事会', '2016-03-01', 'met')",
    "INSERT INTO resources (unit_id, category, text, capacity) VALUES "
    "(3, 'funds', '每年公益资金5万元', '5万元/年')",
    (
        "INSERT INTO projects (community_id, title, need_id, category, budget_fen, listed_on, year, "
        "claim_deadline, due, status, done_on, satisfied, basically_satisfied, unsatisfied, rated_on) VALUES "
        "(1, '楼道照明改造', 1, 'environment', 2000000, '2016-03-10', 2016, '2016-03-31', '2016-06-30', "
        "'done', '2016-06-15', 45, 3, 1, '2016-06-30')"
    ),
    "INSERT INTO project_claims (project_id, unit_id, how, bid_fen, claimed_on, via_hall) VALUES "
    "(1, 2, 'bid', 1850000, '2016-03-20', 1)",
    "INSERT INTO project_tasks (project_id, title, owner, unit_id, due, done_on) VALUES "
    "(1, '采购LED灯具', '周海峰', 2, '2016-04-30', '2016-04-25'), (1, '施工验收', '郑雪芬', NULL, '2016-06-30', NULL)",
    ("meeting add", "gongjian meeting add BC 2016-12-20"),
    "INSERT INTO meetings (date, year, community_id, chair_unit_id, topics, decisions) VALUES "
    "('2016-12-20', 2016, 1, 2, '年度共建总结；2017年项目清单', '通过2017年项目清单')",
    "INSERT INTO meeting_attendance (meeting_id, unit_id, present) VALUES (1, 2, 1), (1, 1, 0)",
    ("assess rate", "gongjian assess rate 2016 乐清市统计局 9.35"),
    "INSERT INTO unit_ratings (year, unit_id, score, note) VALUES (2016, 2, 9.35, NULL), (2016, 1, 8.0, '群众评议')",
    ("assess 2016", "gongjian assess 2016 --finalize"),
    (
        "INSERT INTO assessments (year, unit_id, rank, scores, total, grade, vetoed, detail) VALUES "
        "(2016, 2, 1, '{\"activities\": 30.0, \"funds\": 25.5}', 92.35, 'excellent', 0, '{}'), "
        "(2016, 1, 2, '{\"activities\": 20.0, \"funds\": 0}', 61.0, 'pass', 0, '{}'), "
        "(2016, 3, 3, '{}', 0, 'fail', 1, '{\"veto\": \"未履行协议\"}')"
    ),
    "INSERT INTO assessment_years (year, finalized_at, rules) VALUES "
    "(2016, strftime('%Y-%m-%dT%H:%M:%SZ','now'), '{\"source\": \"default.toml\"}')",
    ("member edit", "gongjian member edit 王建华 --status left"),
    "UPDATE members SET status = 'left', updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE name = '王建华'",
]


def build_v1_full(path) -> None:
    """A version-1 ledger made by the frozen migration 1 alone, with rows in every table, each change logged
    by the version-1 audit triggers under the command that made it (as gongjian of that time wrote them)."""
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrations.migrate(conn, upto=1) == [1]
    conn.execute("PRAGMA foreign_keys = ON")
    for step in V1_ROWS:
        if isinstance(step, tuple):
            conn.execute("INSERT INTO audit_commands (command, argv) VALUES (?, ?)", step)
        else:
            conn.execute(step)
    conn.close()


def dump(path) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table's columns and rows (with each value's SQLite type), in rowid order."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            # the search index and the kept counts are derived data: checked on their own (doctor)
            if not r[0].startswith("search_") and r[0] not in migrations.DERIVED
        ]
        out = {}
        for name in names:
            columns = migrations._columns(conn, name)
            typed = ", ".join(f'"{c}", typeof("{c}")' for c in columns)
            order = "" if name == "merge_aliases" else " ORDER BY rowid"
            out[name] = (columns, conn.execute(f'SELECT {typed} FROM "{name}"{order}').fetchall())
        return out
    finally:
        conn.close()


V8_TABLES = ("committee_seats", "member_registrations")
V1_TABLES = [t for t in migrations.AUDITED if t not in V8_TABLES]


def test_a_full_version_1_ledger_is_upgraded_with_every_row_intact(tmp_path):
    path = tmp_path / "台账2016.db"
    build_v1_full(path)
    before = dump(path)
    for table in (*V1_TABLES, "audit_commands", "audit_changes", "meta"):
        assert before[table][1], f"{table} has no rows in the version-1 ledger"
    assert rows(path, "PRAGMA user_version") == [(1,)]

    with Ledger.open(path) as ledger:
        assert ledger.store.upgraded_from == 1
        assert ledger.store.info()["schema_version"] == migrations.LATEST
        assert ledger.maintenance.doctor() == []
        after = dump(path)
        # Every row of every table, value and type, is what it was; later versions only added columns.
        assert set(after) == set(before) | {"merge_aliases", *V8_TABLES}
        # The search index holds one document per record of the searched tables (built by migration 7).
        assert ledger.store.scalar("SELECT count(*) FROM search_index") == sum(
            len(after[table][1]) for table in migrations.SEARCHED
        )
        assert {t: len(after[t][1]) for t in before} == {t: len(before[t][1]) for t in before}
        for table, (columns, old_rows) in before.items():
            new_columns, new_rows = after[table]
            assert new_columns[: len(columns)] == columns, table
            assert [r[: 2 * len(columns)] for r in new_rows] == old_rows, table
        assert after["members"][0][len(before["members"][0]) :] == ["status_on", "party_status", "kind"]
        assert after["units"][0][len(before["units"][0]) :] == ["legal_rep"]
        assert after["tickets"][0][len(before["tickets"][0]) :] == ["promised_by", "meeting_id"]
        assert {r[-4:] for r in after["tickets"][1]} == {
            (None, "null", None, "null")
        }  # no promise, no meeting
        assert after["meta"] == before["meta"]  # the ledger keeps its id and creation time
        # status_on and party_status, and a unit's legal representative: not known for old rows
        assert {(r[-6], r[-4], r[-2]) for r in after["members"][1]} == {(None, None, "in_service")}
        assert {r[-2] for r in after["units"][1]} == {None}

        # Sampled values, read through today's code.
        unit = ledger.roster.unit("乐清市（北城）服务中心")
        assert (unit["name"], unit["credit_code"]) == ("乐清市（北城）服务中心", "00330382MA2CB1RX9B")
        assert (
            ledger.store.scalar("SELECT typeof(credit_code) FROM units WHERE id = ?", (unit["id"],)) == "text"
        )
        assert ledger.store.rows(
            "SELECT amount_fen, typeof(amount_fen) AS kind FROM contributions WHERE description = '500斤糯米'"
        ) == [{"amount_fen": 300000, "kind": "integer"}]
        assert ledger.store.scalar("SELECT score FROM unit_ratings WHERE unit_id = 2") == 9.35
        assert ledger.assessment.finalized_years() == [2016]

        # The log written by the version-1 triggers reads back through today's audit code.
        log = ledger.audit.audit_log(limit=None)
        assert [c["command"] for c in reversed(log)] == [s[0] for s in V1_ROWS if isinstance(s, tuple)]
        units_import = next(c for c in log if c["command"] == "import units")
        assert units_import["changes"] == {"units": {"insert": 3, "update": 0, "delete": 0}}
        detail = ledger.audit.audit_command(units_import["id"])
        assert detail["changes"][0]["after"]["name"] == "乐清市（北城）服务中心"
        assert detail["changes"][0]["after"]["credit_code"] == "00330382MA2CB1RX9B"

        # A command after the upgrade is logged and undone; then so is the last one of version 1.
        ledger.roster.edit_unit("乐清市（北城）服务中心", contact="林晓燕")
        (change,) = ledger.audit.audit_command(ledger.audit.audit_log(limit=1)[0]["id"])["changes"]
        assert (change["fields"], change["before"]["contact"], change["after"]["contact"]) == (
            ["contact"],
            "陈立",
            "林晓燕",
        )
        assert ledger.audit.undo()["command"] == "unit edit"
        assert ledger.roster.unit("乐清市（北城）服务中心")["contact"] == "陈立"
        assert ledger.audit.undo()["command"] == "member edit"
        assert ledger.store.scalar("SELECT status FROM members WHERE name = '王建华'") == "active"
        assert ledger.maintenance.doctor() == []
    assert rows(tmp_path / "台账2016.db.v1.bak", "PRAGMA user_version") == [(1,)]
    assert dump(tmp_path / "台账2016.db.v1.bak") == before
