"""`Store.bulk_insert`: one executemany with the audit and search insert triggers set aside, audited set-wise
with the very JSON the triggers write, so `log` and `undo` cannot tell a bulk import from a row-by-row one."""

from __future__ import annotations

import json
import sqlite3

import pytest
from records_support import ID_CHEN, ID_LI, ID_WANG, make_roster

from gongjian.errors import YearFinalized
from gongjian.ledger import Ledger
from gongjian.reading.specs import ImportContext, validate
from gongjian.store import migrations

MEMBER_COLUMNS = ("uid", "name", "phone", "id_number", "unit_id", "community_id", "registered_on", "post")
MEMBERS = [
    ("m-wang", "王建国", "13857712345", ID_WANG, 1, 1, "2015-04-01", "legal"),
    ("m-li", "李秀英", "13900008000", ID_LI, 1, 1, None, None),
    ("m-chen", "陈晓东", None, ID_CHEN, 2, 1, "2016-09-12", "convenience"),
]
STAMPS = ("created_at", "updated_at")
RATING_COLUMNS = ("uid", "year", "unit_id", "score", "note", *STAMPS)
RATINGS = [  # 0.1 + 0.2 does not survive 15 digits: the audit writes it as text
    ("r-1", 2025, 1, 0.1 + 0.2, "年度评议", "2025-12-30T08:00:00Z", "2025-12-30T08:00:00Z"),
    ("r-2", 2025, 2, 9.5, None, "2025-12-30T08:00:00Z", "2025-12-30T08:00:00Z"),
]


@pytest.fixture
def roster_db(cli):
    """A ledger with two communities and five units (北城社区 pairs 统计局, 财政局, 乐清中学)."""
    make_roster(cli)
    return cli.path


def _triggers(ledger: Ledger, table: str) -> set[tuple[str, str]]:
    return set(
        ledger.store.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)
        ).fetchall()
    )


def audit_rows(ledger: Ledger, table: str) -> list[tuple]:
    return ledger.store.conn.execute(
        "SELECT tbl, row_id, op, before, after FROM audit_changes WHERE tbl = ? ORDER BY id", (table,)
    ).fetchall()


def stamped(rows: list[tuple]) -> list[tuple]:
    return [(*row, "2025-11-02T09:30:00Z", "2025-11-02T09:30:00Z") for row in rows]


def insert_both_ways(path, tmp_path, table: str, columns: tuple[str, ...], rows: list[tuple]):
    """The audit rows of `rows` inserted one by one (triggers) and in bulk, in two copies of a ledger."""
    twin = tmp_path / "twin.db"
    with Ledger.open(path) as ledger:
        ledger.store.backup_to(twin)
        with ledger.store.write("import"):
            for row in rows:
                ledger.store.insert(table, dict(zip(columns, row, strict=True)))
        by_row = audit_rows(ledger, table)
    with Ledger.open(twin) as ledger:
        with ledger.store.write("import"):
            ids = ledger.store.bulk_insert(table, columns, rows)
        by_bulk = audit_rows(ledger, table)
    return ids, by_row, by_bulk


def test_bulk_audit_is_byte_identical_to_the_triggers(roster_db, tmp_path):
    ids, by_row, by_bulk = insert_both_ways(
        roster_db, tmp_path, "members", (*MEMBER_COLUMNS, *STAMPS), stamped(MEMBERS)
    )
    assert ids == range(1, 4)
    assert by_bulk == by_row and len(by_row) == 3
    assert '"name":"王建国"' in by_row[0][4] and '"post":null' in by_row[1][4]


def test_bulk_audit_keeps_real_numbers_exact(roster_db, tmp_path):
    _, by_row, by_bulk = insert_both_ways(roster_db, tmp_path, "unit_ratings", RATING_COLUMNS, RATINGS)
    assert by_bulk == by_row
    assert '"score":"0.3' in by_row[0][4] and '"score":9.5' in by_row[1][4]  # the inexact one as text


def test_a_failing_row_keeps_the_rows_before_it_audited_and_the_triggers_back_on(roster_db):
    duplicate = (*MEMBERS[0][:1], "王建国", "13857712345", ID_WANG, 1, 1, None, None)
    with Ledger.open(roster_db) as ledger:
        triggers = _triggers(ledger, "members")
        assert {"audit_members_insert", "search_members_insert"} <= {name for name, _ in triggers}
        with ledger.store.write("import members"):
            with pytest.raises(sqlite3.IntegrityError):
                ledger.store.bulk_insert("members", MEMBER_COLUMNS, [*MEMBERS, ("m-again", *duplicate[1:])])
            assert _triggers(ledger, "members") == triggers
            assert [r[1] for r in audit_rows(ledger, "members")] == [1, 2, 3]
            ledger.store.insert(
                "members", {"name": "赵顺招", "phone": "13706667777", "unit_id": 3, "community_id": 1}
            )
        assert [r[1] for r in audit_rows(ledger, "members")] == [1, 2, 3, 4]


def test_a_rollback_takes_the_rows_with_it_and_keeps_the_triggers(roster_db):
    with Ledger.open(roster_db) as ledger:
        triggers = _triggers(ledger, "members")
        with pytest.raises(RuntimeError), ledger.store.write("import members"):
            ledger.store.bulk_insert("members", MEMBER_COLUMNS, MEMBERS)
            assert ledger.store.scalar("SELECT count(*) FROM audit_changes WHERE tbl = 'members'") == 3
            raise RuntimeError("stop")
        assert _triggers(ledger, "members") == triggers
        assert ledger.store.scalar("SELECT count(*) FROM meta WHERE key = ?", (migrations.BULK_FLAG,)) == 0
        assert ledger.store.scalar("SELECT count(*) FROM members") == 0
        assert ledger.store.scalar("SELECT count(*) FROM audit_changes WHERE tbl = 'members'") == 0


def test_bulk_insert_needs_a_write_transaction(ledger):
    with pytest.raises(RuntimeError, match="inside Store.write"):
        ledger.store.bulk_insert("members", MEMBER_COLUMNS, MEMBERS)


def test_undo_removes_a_bulk_insert(roster_db):
    with Ledger.open(roster_db) as ledger:
        with ledger.store.write("import members"):
            ledger.store.bulk_insert("members", MEMBER_COLUMNS, MEMBERS)
        done = ledger.audit.undo()
        assert done["command"] == "import members"
        assert ledger.store.scalar("SELECT count(*) FROM members") == 0


def test_a_roster_spread_over_batches_matches_members_of_earlier_batches(roster_db):
    """An import onto an empty table remembers the keys it wrote: a later batch still finds those members."""
    first = [
        {
            "name": "王建国",
            "phone": "13857712345",
            "id_number": ID_WANG,
            "unit": "乐清市统计局",
            "community": "北城社区",
        },
        {"name": "李秀英", "phone": "13900008000", "unit": "乐清市统计局", "community": "BC"},
    ]
    second = [
        {
            "name": "李秀英",
            "phone": "13900008000",
            "id_number": ID_LI,
            "unit": "乐清市财政局",
            "community": "北城社区",
        },
        {
            "name": "王建国",
            "phone": "13857712345",
            "id_number": ID_WANG,
            "unit": "统计局",
            "community": "北城社区",
        },
    ]
    with Ledger.open(roster_db) as ledger:
        ctx = ImportContext()
        with ledger.store.write("import members"):
            batch = ledger.members.import_members_batch
            assert batch([validate("members", r) for r in first], ctx) == ["inserted", "inserted"]
            assert ID_WANG in ctx.cache["member_roster"]["written"][0]
            # the same import naming them again: rows that repeat the file's records, not updates (#20)
            assert batch([validate("members", r) for r in second], ctx) == ["repeated", "repeated"]
        assert ledger.store.rows("SELECT id, name, id_number, unit_id, status FROM members ORDER BY id") == [
            {"id": 1, "name": "王建国", "id_number": ID_WANG, "unit_id": 1, "status": "active"},
            {"id": 2, "name": "李秀英", "id_number": ID_LI, "unit_id": 2, "status": "active"},
        ]
        ops = ledger.store.conn.execute(
            "SELECT op, row_id FROM audit_changes WHERE tbl = 'members' ORDER BY id"
        )
        assert ops.fetchall() == [("insert", 1), ("insert", 2), ("update", 2)]
        ctx = ImportContext()  # a later import finds a filled table and asks the ledger instead
        with ledger.store.write("import members"):
            assert ledger.members.import_members_batch([validate("members", r) for r in second], ctx) == [
                "unchanged",
                "unchanged",
            ]
            assert ctx.cache["member_roster"] == {"filled": True}


def _indexes(ledger: Ledger) -> set[tuple[str, str]]:
    return set(
        ledger.store.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'members'"
        ).fetchall()
    )


def test_a_large_batch_builds_the_plain_indexes_once_after_its_rows(roster_db, monkeypatch):
    """A batch that at least doubles its table drops the indexes that check nothing and builds them again,
    with the very statement they had, inside the transaction: the schema and what they find are unchanged."""
    from gongjian.store import db as store_db

    monkeypatch.setattr(store_db, "DEFER_INDEXES_ROWS", 3)
    dropped: list[str] = []
    with Ledger.open(roster_db) as ledger:
        before = _indexes(ledger)
        assert {name for name, _ in ledger.store._plain_indexes("members")} == {
            "members_name_phone",
            "members_unit",
            "members_community",
        }
        ledger.store.conn.set_trace_callback(lambda sql: dropped.append(sql) if "DROP INDEX" in sql else None)
        with ledger.store.write("import members"):
            assert ledger.store.bulk_insert("members", MEMBER_COLUMNS, MEMBERS) == range(1, 4)
        ledger.store.conn.set_trace_callback(None)
        assert len(dropped) == 3
        assert _indexes(ledger) == before
        assert ledger.store.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        plan = " ".join(
            str(r[-1])
            for r in ledger.store.conn.execute(
                "EXPLAIN QUERY PLAN SELECT id FROM members WHERE name = '李秀英' AND phone = '13900008000'"
            )
        )
        assert "members_name_phone" in plan
        assert ledger.store.scalar("SELECT count(*) FROM audit_changes WHERE tbl = 'members'") == 3
        # the unique ID number is never set aside: a large batch repeating one fails at that row, the rows
        # before it stay audited, and the indexes are back
        again = [
            ("m-zhang", "张国华", "13600001111", None, 2, 1, None, None),
            ("m-zhao", "赵顺招", "13706667777", None, 2, 1, None, None),
            ("m-sun", "孙丽", "13511112222", None, 2, 1, None, None),
            ("m-again", *MEMBERS[0][1:]),
        ]
        dropped.clear()
        ledger.store.conn.set_trace_callback(lambda sql: dropped.append(sql) if "DROP INDEX" in sql else None)
        with ledger.store.write("import members"), pytest.raises(sqlite3.IntegrityError):
            ledger.store.bulk_insert("members", MEMBER_COLUMNS, again)
        ledger.store.conn.set_trace_callback(None)
        assert len(dropped) == 3
        assert _indexes(ledger) == before
        assert ledger.store.scalar("SELECT count(*) FROM members") == 6
        assert ledger.store.scalar("SELECT count(*) FROM audit_changes WHERE tbl = 'members'") == 6
        assert (
            ledger.store.scalar("SELECT id FROM members WHERE name = '孙丽' AND phone = '13511112222'") == 6
        )
        for _ in range(2):
            assert ledger.audit.undo()["command"] == "import members"
        assert ledger.store.scalar("SELECT count(*) FROM members") == 0
        assert _indexes(ledger) == before


def test_a_rolled_back_large_batch_leaves_the_indexes_as_they_were(roster_db, monkeypatch):
    from gongjian.store import db as store_db

    monkeypatch.setattr(store_db, "DEFER_INDEXES_ROWS", 3)
    with Ledger.open(roster_db) as ledger:
        before = _indexes(ledger)
        with pytest.raises(RuntimeError), ledger.store.write("import members"):
            ledger.store.bulk_insert("members", MEMBER_COLUMNS, MEMBERS)
            raise RuntimeError("stop")
        assert _indexes(ledger) == before
        assert ledger.store.scalar("SELECT count(*) FROM members") == 0


def test_a_small_batch_into_a_larger_table_keeps_its_indexes(roster_db, monkeypatch):
    from gongjian.store import db as store_db

    monkeypatch.setattr(store_db, "DEFER_INDEXES_ROWS", 1)
    with Ledger.open(roster_db) as ledger:
        with ledger.store.write("import members"):
            ledger.store.bulk_insert("members", MEMBER_COLUMNS, MEMBERS[:2])
        statements: list[str] = []
        ledger.store.conn.set_trace_callback(statements.append)
        with ledger.store.write("import members"):
            ledger.store.bulk_insert("members", MEMBER_COLUMNS, MEMBERS[2:])  # 1 row into a table of 2
        ledger.store.conn.set_trace_callback(None)
        assert not [s for s in statements if "INDEX" in s]


def test_rows_without_uids_get_ordered_ones_in_the_schema_shape(roster_db):
    """A bulk insert that names no uid gives its rows 32 hex digits each, ascending within the batch, and
    another batch another run of them; they go into the search index and the audit like any row."""
    columns = MEMBER_COLUMNS[1:]
    with Ledger.open(roster_db) as ledger:
        with ledger.store.write("import members"):
            ledger.store.bulk_insert("members", columns, [row[1:] for row in MEMBERS[:2]])
        with ledger.store.write("import members"):
            ledger.store.bulk_insert("members", columns, [MEMBERS[2][1:]])
        uids = [r[0] for r in ledger.store.conn.execute("SELECT uid FROM members ORDER BY id")]
        assert all(len(u) == 32 and int(u, 16) >= 0 and u == u.lower() for u in uids)
        assert uids[0] < uids[1] and uids[0][:16] == uids[1][:16] != uids[2][:16]
        audited = [json.loads(r[4])["uid"] for r in audit_rows(ledger, "members")]
        assert audited == uids
        assert ledger.store.scalar("SELECT count(*) FROM search_index WHERE search_index MATCH '陈晓东'") == 1


def test_a_year_guard_still_refuses_a_bulk_insert_into_a_closed_year(cli):
    """Only the audit and search insert triggers step aside: a problem dated in a finalized year is refused
    by its year guard inside a bulk insert as it is row by row, and the ledger keeps nothing of it."""
    cli("init", "--name", "北城街道")
    cli("community", "add", "北城社区", "--code", "BC")
    with Ledger.open(cli.path) as ledger:
        with ledger.store.write("assess finalize"):
            ledger.store.conn.execute(
                "INSERT INTO assessment_years (year, finalized_at) VALUES (2024, '2025-01-20T08:00:00Z')"
            )
        columns = ("number", "community_id", "year", "seq", "title", "reported_on", "status")
        with pytest.raises(YearFinalized) as refused, ledger.store.write("import tickets"):
            ledger.store.bulk_insert(
                "tickets", columns, [("BC-2024-0001", 1, 2024, 1, "楼道堆物", "2024-05-06", "open")]
            )
        assert "2024" in str(refused.value)
        assert ledger.store.scalar("SELECT count(*) FROM tickets") == 0
        assert ledger.store.scalar("SELECT count(*) FROM audit_changes WHERE tbl = 'tickets'") == 0
