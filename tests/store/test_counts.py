"""Each member's services per year, kept by triggers (`service_counts`, migration 10): right through every
command that changes services — logging them, importing them, undo, merge, backup and restore — recounted
by `doctor` (which names each wrong count) and counted again by `doctor --fix`; filled for an older ledger
by its upgrade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from records_support import make_roster, write_xlsx

from gongjian.ledger import Ledger
from gongjian.store import migrations


def _by_name_and_year(path: Path, sql: str) -> dict[tuple[str, int], int]:
    """{(member's name, year): services} from `sql`'s rows of (name, year, services)."""
    conn = sqlite3.connect(path)
    try:
        return {(name, year): n for name, year, n in conn.execute(sql)}
    finally:
        conn.close()


def kept(path: Path) -> dict[tuple[str, int], int]:
    """The kept counts as {(member's name, year): services}."""
    return _by_name_and_year(
        path, "SELECT m.name, k.year, k.services FROM service_counts k JOIN members m ON m.id = k.member_id"
    )


def recounted(path: Path) -> dict[tuple[str, int], int]:
    """The services counted from the services table, in the same form as `kept`."""
    return _by_name_and_year(
        path,
        "SELECT m.name, s.year, count(*) FROM services s JOIN members m ON m.id = s.member_id "
        "GROUP BY s.member_id, s.year",
    )


def ok(cli, *args: str):
    result = cli(*args)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result


def two_members(cli) -> None:
    """王建国 (统计局) and 李秀英 (财政局), both living in 北城社区."""
    make_roster(cli)
    wang = ("王建国", "--unit", "乐清市统计局", "--phone", "13857712345", "--registered", "2015-04-01")
    li = ("李秀英", "--unit", "乐清市财政局", "--phone", "13900008000", "--registered", "2015-05-12")
    for person in (wang, li):
        ok(cli, "member", "add", *person, "--community", "北城社区")


def test_services_are_counted_per_member_and_year_as_they_are_logged_and_undone(cli, db):
    two_members(cli)
    ok(cli, "member", "serve", "王建国", "--date", "2015-10-21", "--hours", "3", "--note", "重阳敬老")
    ok(cli, "member", "serve", "王建国", "--date", "2016-03-10", "--hours", "2", "--note", "垃圾分类督导")
    ok(cli, "member", "serve", "王建国", "--date", "2016-05-01", "--hours", "1.5", "--note", "平安巡防")
    ok(
        cli,
        "member",
        "serve",
        "李秀英",
        "--date",
        "2016-09-09",
        "--hours",
        "半天",
        "--note",
        "四点半课堂辅导",
    )
    assert kept(db) == {("王建国", 2015): 1, ("王建国", 2016): 2, ("李秀英", 2016): 1}
    ok(cli, "undo", "--yes")  # 李秀英's only service of 2016: her count goes with it
    assert kept(db) == {("王建国", 2015): 1, ("王建国", 2016): 2}
    ok(cli, "undo", "--yes")
    assert kept(db) == {("王建国", 2015): 1, ("王建国", 2016): 1}
    assert kept(db) == recounted(db)


def test_a_service_moved_to_another_member_moves_its_count_and_undo_moves_it_back(cli, db):
    two_members(cli)
    ok(cli, "member", "serve", "王建国", "--date", "2016-03-10", "--hours", "2", "--note", "垃圾分类督导")
    ok(cli, "member", "serve", "王建国", "--date", "2016-05-01", "--hours", "1.5", "--note", "平安巡防")
    with Ledger.open(db) as ledger:
        li = ledger.store.scalar("SELECT id FROM members WHERE name = '李秀英'")
        with ledger.store.write("member serve"):  # logged under the wrong member, set right
            ledger.store.conn.execute("UPDATE services SET member_id = ? WHERE date = '2016-05-01'", (li,))
    assert kept(db) == {("王建国", 2016): 1, ("李秀英", 2016): 1}
    ok(cli, "undo", "--yes")
    assert kept(db) == {("王建国", 2016): 2} == recounted(db)


def test_an_imported_services_log_is_counted(cli, db, tmp_path):
    two_members(cli)
    log = write_xlsx(
        tmp_path / "活动记录卡.xlsx",
        [
            ["姓名", "服务日期", "服务内容", "服务时长"],
            ["王建国", "2016-05-01", "垃圾分类督导", 1.5],
            ["李秀英", "2016-09-09", "四点半课堂辅导", "半天"],
            ["王建国", "2016-10-01", "平安巡防", "2小时"],
            ["王建国", "2017-01-20", "迎新春写春联", "2小时"],
        ],
    )
    ok(cli, "import", "services", str(log))
    assert kept(db) == {("王建国", 2016): 2, ("王建国", 2017): 1, ("李秀英", 2016): 1}
    ok(cli, "import", "services", str(log))  # the same log again: nothing new, nothing counted twice
    assert kept(db) == {("王建国", 2016): 2, ("王建国", 2017): 1, ("李秀英", 2016): 1}
    assert "import services" in ok(cli, "undo", "--yes").stdout  # the import that added them
    assert kept(db) == {}


def test_a_merge_counts_the_services_it_brings_and_its_undo_takes_them_away(demo_cli, demo_db, tmp_path, cli):
    demo = kept(demo_db)
    assert demo and demo == recounted(demo_db)
    street = tmp_path / "乐成街道.db"
    ok(cli, "merge", str(demo_db), "--into", str(street), "--name", "乐成街道共建台账")
    assert kept(street) == demo
    ok(cli, "merge", str(demo_db), "--into", str(street))  # again: the same services, the same counts
    assert kept(street) == demo
    with Ledger.open(street) as ledger:
        assert ledger.audit.undo()["command"] == "merge"
    assert kept(street) == {}


def test_backup_and_restore_bring_the_counts_with_the_services(demo_cli, demo_db, tmp_path):
    backup = tmp_path / "备份.db"
    ok(demo_cli, "backup", str(backup))
    saved = kept(demo_db)
    assert kept(backup) == saved
    (name, year), n = next(iter(saved.items()))
    ok(demo_cli, "member", "serve", name, "--date", f"{year}-12-30", "--hours", "1", "--note", "岁末走访")
    assert kept(demo_db)[(name, year)] == n + 1
    ok(demo_cli, "restore", str(backup))
    assert kept(demo_db) == saved == recounted(demo_db)


def test_doctor_names_each_wrong_count_and_fix_counts_them_again(demo_cli, demo_db):
    right = kept(demo_db)
    conn = sqlite3.connect(demo_db)
    rows = conn.execute(
        "SELECT member_id, year, services FROM service_counts ORDER BY member_id, year"
    ).fetchall()
    wang, year, n = rows[0]
    li, li_year, _ = next(r for r in rows if r[0] != wang)
    names = dict(conn.execute("SELECT id, name FROM members"))
    conn.execute(
        "UPDATE service_counts SET services = services + 5 WHERE member_id = ? AND year = ?", (wang, year)
    )
    conn.execute("DELETE FROM service_counts WHERE member_id = ? AND year = ?", (li, li_year))
    conn.execute("INSERT INTO service_counts (year, member_id, services) VALUES (2030, ?, 3)", (wang,))
    conn.commit()
    conn.close()
    r = demo_cli("doctor")
    assert r.exit_code == 1
    assert r.stdout.splitlines() == [
        f"党员服务次数统计与服务记录不一致：{names[wang]}（党员 id {wang}）{year} 年记为 {n + 5} 次，服务记录为 {n} 次；"
        "运行 gongjian doctor --fix 重算",
        f"党员服务次数统计与服务记录不一致：{names[wang]}（党员 id {wang}）2030 年记为 3 次，服务记录为 0 次；"
        "运行 gongjian doctor --fix 重算",
        f"党员服务次数统计与服务记录不一致：{names[li]}（党员 id {li}）{li_year} 年记为 0 次，"
        f"服务记录为 {right[(names[li], li_year)]} 次；运行 gongjian doctor --fix 重算",
    ]
    r = demo_cli("doctor", "--fix")
    assert (r.exit_code, r.stdout) == (
        0,
        f"已重算党员服务次数统计：3 处不一致，现共 {len(rows)} 条（党员·年度）\n",
    )
    assert kept(demo_db) == right
    assert demo_cli("doctor").exit_code == 0


def test_an_older_ledger_gets_its_counts_filled_by_the_upgrade(demo_db):
    right = kept(demo_db)
    conn = sqlite3.connect(demo_db, isolation_level=None)  # what a version-9 ledger looked like
    for name in migrations.DERIVED["service_counts"][1]:
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.execute("DROP TABLE service_counts")
    conn.execute("DROP INDEX activities_id_date")
    conn.execute("PRAGMA user_version = 9")
    conn.close()
    with Ledger.open(demo_db) as ledger:
        assert ledger.store.upgraded_from == 9
        assert ledger.maintenance.doctor() == []
    assert kept(demo_db) == right
