"""The search index is the store's (migration 7): built for existing ledgers, kept in step by triggers and by
bulk inserts, part of every backup and restore, checked by `doctor` and rebuilt by `doctor --fix`; and the
members table rebuilt by the same migration keeps every row, id, uid, reference and audit trigger."""

from __future__ import annotations

import sqlite3

from gongjian.ledger import Ledger
from gongjian.store import migrations
from gongjian.store.search import rebuild, stale_documents


def index_size(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM search_index").fetchone()[0]
    finally:
        conn.close()


def records(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return sum(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in migrations.SEARCHED)
    finally:
        conn.close()


def test_a_version_6_ledger_gets_its_index_and_keeps_its_members(tmp_path):
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("tm", Path(__file__).with_name("test_migrations.py"))
    tm = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tm)
    path = tmp_path / "台账.db"
    tm.build_v1_full(path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    assert migrations.migrate(conn, upto=6) == [2, 3, 4, 5, 6]
    conn.execute("UPDATE members SET party_status = 'probationary' WHERE name = '林晓燕'")  # #24's column
    members = conn.execute("SELECT * FROM members ORDER BY id").fetchall()
    conn.close()
    with Ledger.open(path) as ledger:
        assert ledger.store.upgraded_from == 6
        columns = migrations._columns(ledger.store.conn, "members")
        assert columns[-3:] == ["status_on", "party_status", "kind"]  # kind: migration 8 (#21)
        assert ledger.store.scalar("SELECT party_status FROM members WHERE name = '林晓燕'") == "probationary"
        assert ledger.store.rows("SELECT * FROM members ORDER BY id") == [
            {**dict(zip(columns[:-1], row, strict=True)), "kind": "in_service"} for row in members
        ]
        assert ledger.store.rows("PRAGMA foreign_key_check") == []
        assert ledger.maintenance.doctor() == []
        assert ledger.store.scalar("SELECT count(*) FROM search_index") == records(path)
        # The old records are found; the rebuilt members table takes the new statuses and is audited.
        from gongjian.reports.search import search

        found = search(ledger, "路灯")["hits"]
        assert [(h["kind"], h["ref"]) for h in found] == [("ticket", "BC-2016-00001")]
        assert [h["ref"] for h in search(ledger, "林晓燕", kinds=["member"])["hits"]] == ["林晓燕"]
        edited = ledger.members.edit_member("林晓燕", status="去世", on="2017-01-05")
        assert (edited["status"], edited["status_on"]) == ("deceased", "2017-01-05")
        (change,) = ledger.audit.audit_command(ledger.audit.audit_log(limit=1)[0]["id"])["changes"]
        assert (change["tbl"], change["fields"]) == ("members", ["status", "status_on"])
        assert ledger.audit.undo()["command"] == "member edit"
        assert ledger.store.scalar("SELECT status FROM members WHERE name = '林晓燕'") == "active"


def test_doctor_finds_an_index_out_of_step_and_doctor_fix_rebuilds_it(demo_cli, demo_db):
    total = index_size(demo_db)
    conn = sqlite3.connect(demo_db)
    conn.execute("DROP TRIGGER search_tickets_insert")  # a tool that bypassed the triggers …
    conn.execute(
        "INSERT INTO tickets (number, community_id, year, seq, title, reported_on) "
        "VALUES ('BC-2030-00001', 1, 2030, 1, '消火栓漏水', '2030-01-02')"
    )
    conn.execute("DELETE FROM search_index WHERE rowid IN (SELECT rowid FROM search_index LIMIT 3)")
    conn.commit()
    conn.close()
    r = demo_cli("doctor")
    assert r.exit_code == 1
    assert r.stdout.splitlines() == [
        "缺少触发器 search_tickets_insert：审计日志或定稿保护失效",
        "全文检索索引与台账不一致（4 条）；运行 gongjian doctor --fix 重建",
    ]
    r = demo_cli("doctor", "--fix")
    assert r.exit_code == 1  # the missing trigger is not something --fix invents
    assert r.stdout.splitlines() == [
        f"已重建全文检索索引：4 条不一致，现共 {total + 1} 条",
        "缺少触发器 search_tickets_insert：审计日志或定稿保护失效",
    ]
    found = demo_cli("search", "消火栓", "--format", "json")
    assert '"ref": "BC-2030-00001"' in found.stdout
    again = demo_cli("doctor", "--fix")
    assert (
        again.stdout == "缺少触发器 search_tickets_insert：审计日志或定稿保护失效\n"
    )  # nothing left to rebuild


def test_a_sound_ledger_needs_no_fix(demo_cli):
    r = demo_cli("doctor", "--fix")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "")


def test_the_index_goes_with_backup_and_restore(demo_cli, demo_db, tmp_path):
    r = demo_cli("backup", str(tmp_path / "备份.db"))
    assert r.exit_code == 0, r.stderr
    assert index_size(tmp_path / "备份.db") == index_size(demo_db) == records(demo_db)
    assert demo_cli("ticket", "open", "北城", "消火栓漏水", "--reported", "2016-03-05").exit_code == 0
    assert '"ticket"' in demo_cli("search", "消火栓", "--format", "json").stdout
    r = demo_cli("restore", str(tmp_path / "备份.db"))
    assert r.exit_code == 0, r.stderr
    assert demo_cli("search", "消火栓", "--format", "json").stdout == "[]\n"
    assert demo_cli("doctor").exit_code == 0


def test_bulk_inserts_index_their_rows_set_wise(db):
    with Ledger.open(db) as ledger:
        ledger.roster.add_community(code="BC", name="北城社区")
        ledger.roster.add_unit(name="乐清市统计局", kind="机关")
        with ledger.store.write("import members"):
            ids = ledger.store.bulk_insert(
                "members",
                ("name", "phone", "unit_id", "community_id", "registered_on"),
                [
                    ("林晓燕", "13957712468", 1, 1, "2016-06-01"),
                    ("王建华", "13806668888", 1, 1, "2016-05-20"),
                ],
            )
        assert list(ids) == [1, 2]
        assert ledger.store.rows(
            "SELECT rowid, head, day FROM search_index WHERE rowid & 15 = 10 ORDER BY rowid"
        ) == [
            {"rowid": (1 << 4) | 10, "head": "林晓燕\n\n", "day": "2016-06-01"},
            {"rowid": (2 << 4) | 10, "head": "王建华\n\n", "day": "2016-05-20"},
        ]
        with ledger.store.snapshot():
            assert stale_documents(ledger.store) == 0
        with ledger.store.write("doctor --fix"):
            assert rebuild(ledger.store) == records(db)


def test_a_full_check_reads_the_stored_index_text_but_not_its_computed_vocabulary(demo_db):
    """`restore` and `merge` read every stored text of a file; the index's vocabulary tables are computed
    from the index (6.4 million rows on a city ledger), so they are not read, while its stored text is."""
    from gongjian.store import soundness

    conn = sqlite3.connect(f"file:{demo_db}?mode=ro", uri=True, isolation_level=None)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        assert soundness.problem(conn) is None
    finally:
        conn.close()
    read = [s for s in statements if s.startswith("SELECT") and " FROM " in s]
    assert any('FROM "search_index_content"' in s for s in read)
    assert not any(f'FROM "{name}"' in s for s in read for name in ("search_instances", "search_terms"))
