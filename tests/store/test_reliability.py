"""Backup, restore and doctor (PRODUCT §8), through the CLI and the Ledger API."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat

import pytest
from conftest import POSIX
from reliability_data import domain_dump, dump, fill_db

from gongjian.ledger import Ledger
from gongjian.store import migrations


@pytest.fixture
def filled(db):
    """A ledger with the small 乐清 data set; returns its path."""
    return fill_db(db)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


# ---------------------------------------------------------------------------------------------- backup
def test_backup_is_a_private_self_contained_copy(filled, cli, tmp_path):
    target = tmp_path / "备份" / "ledger-2016.db"
    r = cli("backup", str(target))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith(f"已备份到 {target}（")
    assert not POSIX or mode(target) == 0o600
    assert not (tmp_path / "备份" / "ledger-2016.db-wal").exists()
    assert [p.name for p in target.parent.iterdir()] == ["ledger-2016.db"]  # no partial file left behind
    assert domain_dump(target) == domain_dump(filled)
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    from gongjian.store.files import sha256_file

    assert sha256_file(target) in r.stdout


def test_backup_refuses_to_overwrite_unless_forced_and_never_onto_the_ledger(filled, cli, tmp_path):
    target = tmp_path / "b.db"
    assert cli("backup", str(target)).exit_code == 0
    r = cli("backup", str(target))
    assert (r.exit_code, r.stderr) == (1, f"备份文件 {target} 已存在；请换一个文件名，或加 --force 覆盖\n")
    r = cli("backup", str(filled))
    assert (r.exit_code, r.stderr) == (1, f"不能把台账备份到它自己：{filled}\n")
    assert cli("backup", str(target), "--force").exit_code == 0


def test_backup_into_a_folder_picks_a_dated_name(filled, cli, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    r = cli("backup", str(folder))
    assert r.exit_code == 0, r.stderr
    (made,) = folder.iterdir()
    assert made.name.startswith("ledger-") and made.suffix == ".db"
    assert domain_dump(made) == domain_dump(filled)


# ---------------------------------------------------------------------------------------------- restore
def test_restore_brings_back_the_backup_and_keeps_the_replaced_ledger(filled, cli, tmp_path):
    backup = tmp_path / "b.db"
    assert cli("backup", str(backup)).exit_code == 0
    saved = domain_dump(filled)
    assert cli("unit", "add", "乐清市教育局", "--kind", "机关").exit_code == 0
    assert cli("pair", "end", "BC", "乐清市财政局", "--on", "2016-12-31").exit_code == 0
    changed = domain_dump(filled)

    r = cli("restore", str(backup))
    assert r.exit_code == 0, r.stderr
    assert domain_dump(filled) == saved
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("ledger.db.before-restore-")]
    assert len(kept) == 1 and (not POSIX or mode(kept[0]) == 0o600)
    assert domain_dump(kept[0]) == changed
    assert r.stdout == f"已从 {backup} 恢复台账；恢复前的台账已另存为 {kept[0]}\n"
    with Ledger.open(filled) as ledger:
        assert ledger.audit.audit_log(limit=1)[0]["command"] == "restore"
        assert ledger.maintenance.doctor() == []


def _not_sqlite(path, good):
    path.write_text("单位名称,联系电话\n乐清市统计局,13857712345\n", encoding="utf-8")


def _truncated(path, good):
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _foreign(path, good):
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("PRAGMA user_version = 1")


def _newer(path, good):
    shutil.copy(good, path)
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")


def _damaged(path, good):
    """A readable SQLite file whose pairings index no longer matches its table (as after a bad disk write)."""
    shutil.copy(good, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX pairings_unit ON pairings(started, unit_id)' "
        "WHERE name = 'pairings_unit'"
    )
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            _not_sqlite,
            "备份文件 {path} 不是 SQLite 数据库文件（是文本或其他格式的文件），不能用来恢复；台账未改动",
        ),
        (_truncated, "备份文件 {path} 不完整：只有 "),
        (
            _foreign,
            "备份文件 {path} 是 SQLite 数据库，但不是 gongjian 台账（其中的表：notes），不能用来恢复；台账未改动",
        ),
        (
            _newer,
            f"台账 {{path}} 的结构版本为 {migrations.LATEST + 1}，高于本程序支持的 {migrations.LATEST}，请升级 gongjian",
        ),
        (_damaged, "备份文件 {path} 已损坏（SQLite 完整性检查发现 "),
    ],
    ids=["not-sqlite", "truncated", "not-a-ledger", "newer-schema", "damaged-index"],
)
def test_restore_refuses_a_bad_file_with_one_line_and_changes_nothing(filled, cli, tmp_path, make, message):
    good = tmp_path / "good.db"
    assert cli("backup", str(good)).exit_code == 0
    bad = tmp_path / "bad.db"
    make(bad, good)
    before = dump(filled)
    r = cli("restore", str(bad))
    assert r.exit_code == 1
    assert r.stderr.startswith(message.format(path=bad)), r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert dump(filled) == before
    assert not [p for p in tmp_path.iterdir() if "before-restore" in p.name or p.name.endswith(".tmp")]


def test_restore_onto_a_new_machine_needs_no_ledger_first(filled, cli, tmp_path):
    backup = tmp_path / "b.db"
    assert cli("backup", str(backup)).exit_code == 0
    from conftest import Cli

    fresh = Cli(tmp_path / "新电脑" / "ledger.db")
    r = fresh("restore", str(backup))
    assert (r.exit_code, r.stdout) == (0, f"已从 {backup} 恢复台账\n"), r.stderr
    assert domain_dump(tmp_path / "新电脑" / "ledger.db") == domain_dump(filled)
    assert [p.name for p in (tmp_path / "新电脑").iterdir() if p.suffix == ".bak"] == []


def test_restore_of_a_missing_file(filled, cli, tmp_path):
    r = cli("restore", str(tmp_path / "nowhere.db"))
    assert (r.exit_code, r.stderr) == (1, f"找不到备份文件：{tmp_path / 'nowhere.db'}\n")


def test_a_refused_or_cancelled_restore_onto_a_new_machine_leaves_no_ledger(
    filled, cli, tmp_path, monkeypatch
):
    """Where there was no ledger, a restore that is refused (no such backup, a file that is not a ledger) or
    cancelled with Ctrl-C mid-copy leaves no empty ledger (nor its folder) behind: the place is as it was."""
    from conftest import Cli

    backup, text = tmp_path / "b.db", tmp_path / "名单.db"
    assert cli("backup", str(backup)).exit_code == 0
    text.write_text("姓名,电话\n王建国,13857712345\n", encoding="utf-8")
    fresh = Cli(tmp_path / "新电脑" / "ledger.db")
    missing = fresh("restore", str(tmp_path / "nowhere.db"))
    assert (missing.exit_code, missing.stderr) == (1, f"找不到备份文件：{tmp_path / 'nowhere.db'}\n")
    assert fresh("restore", str(text)).exit_code == 1
    assert not (tmp_path / "新电脑").exists()

    def ctrl_c(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr("gongjian.store.maintenance._breathe", ctrl_c)
    (tmp_path / "已有文件夹").mkdir()
    there = Cli(tmp_path / "已有文件夹" / "ledger.db")
    r = there("restore", str(backup))
    assert (r.exit_code, r.stderr) == (130, "已取消，未做任何改动\n")
    assert os.listdir(tmp_path / "已有文件夹") == []


# ---------------------------------------------------------------------------------------------- doctor
def test_doctor_is_silent_on_a_sound_ledger(filled, cli):
    r = cli("doctor")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "")
    assert cli("doctor", "--quick").exit_code == 0


def _raw(path):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA ignore_check_constraints = ON")
    return conn


def _two_leads(conn):
    conn.execute("DROP INDEX pairings_one_lead")
    conn.execute("UPDATE pairings SET role = 'lead' WHERE unit_id = 2")


def _ticket(conn, seq, **extra):
    values = {
        "number": f"BC-2016-{seq:05d}",
        "community_id": 1,
        "year": 2016,
        "seq": seq,
        "title": "路灯损坏",
        "reported_on": "2016-03-05",
        **extra,
    }
    conn.execute(
        f"INSERT INTO tickets ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
        list(values.values()),
    )


def _closed_unverified(conn):
    _ticket(conn, 1, status="closed", closed_on="2016-04-20", assignee_id=1, resolution="已更换灯具3盏")


def _gap(conn):
    _ticket(conn, 1)
    _ticket(conn, 2)
    _ticket(conn, 5)


NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"


def _finalised(conn):
    conn.execute(f"INSERT INTO assessment_years (year, finalized_at) VALUES (2016, {NOW})")


def _finalised_touched(conn):
    conn.execute("INSERT INTO assessments (year, unit_id, total, grade) VALUES (2016, 1, 92.5, 'excellent')")
    _finalised(conn)
    conn.execute("DROP TRIGGER guard_activities_update")
    conn.execute(
        "UPDATE activities SET participant_times = 1200, "
        "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+1 hour')"
    )


@pytest.mark.parametrize(
    ("damage", "lines"),
    [
        (_two_leads, ["北城社区 同时有 2 个在任牵头单位：乐清市统计局、乐清市财政局"]),
        (_closed_unverified, ["问题 BC-2016-00001 已销号，但缺少验收人或销号日期"]),
        (_gap, ["北城社区 2016 年的问题编号不连续，缺 2 个：00003、00004"]),
        (
            lambda c: c.execute("UPDATE contributions SET amount_fen = -100 WHERE id = 1"),
            ["contributions 第 1 行的 amount_fen 为负数：-100"],
        ),
        (
            lambda c: c.execute("UPDATE contributions SET amount_fen = 2999.5 WHERE id = 2"),
            ["contributions 第 2 行的 amount_fen 不是整数分：2999.5"],
        ),
        (
            lambda c: c.execute("UPDATE activities SET spending_fen = -1"),
            ["activities 第 1 行的 spending_fen 为负数：-1"],
        ),
        (
            lambda c: c.execute("UPDATE pairings SET ended = '2014-12-31' WHERE id = 2"),
            ["pairings 第 2 行：结束日期 2014-12-31 早于开始日期 2015-03-01"],
        ),
        (
            lambda c: c.execute(
                "INSERT INTO pairings (community_id, unit_id, role) VALUES (1, 99, 'member')"
            ),
            ["pairings 第 4 行引用的 units 记录不存在"],
        ),
        (
            lambda c: c.execute("UPDATE activities SET date = '2016/2/22'"),
            ["activities 第 1 行的 date 不是有效日期：2016/2/22"],
        ),
        (
            lambda c: c.execute("UPDATE contributions SET year = 2015 WHERE id = 1"),
            ["contributions 第 1 行的年度 2015 与日期 2016-02-20 不符"],
        ),
        (
            lambda c: c.execute("UPDATE units SET phone = '138****2345' WHERE id = 1"),
            ["units 第 1 行的 phone 不是规范的号码（可能是打码后的、存成小数的或校验位不对）"],
        ),
        (
            lambda c: c.execute("UPDATE communities SET phone = '57762512345.0' WHERE id = 1"),
            ["communities 第 1 行的 phone 不是规范的号码（可能是打码后的、存成小数的或校验位不对）"],
        ),
        (
            lambda c: c.execute("UPDATE units SET name_key = 'x' WHERE id = 2"),
            ["单位“乐清市财政局”（编号 2）的查重键与名称不符，同名单位可能重复"],
        ),
        (_finalised, ["2016 年度已定稿，但没有保存的考评结果"]),
        (
            _finalised_touched,
            [
                "缺少触发器 guard_activities_update：审计日志或定稿保护失效",
                "2016 年度已定稿，但 activities 第 1 行在定稿后被改动",
            ],
        ),
        (
            lambda c: c.execute("DROP TRIGGER audit_units_update"),
            ["缺少触发器 audit_units_update：审计日志或定稿保护失效"],
        ),
        (
            lambda c: c.execute("UPDATE audit_commands SET undone_by = 1 WHERE id = 2"),
            ["审计日志第 2 条的撤销记录不一致"],
        ),
        (
            lambda c: c.execute("DELETE FROM meta WHERE key = 'ledger_uid'"),
            ["台账缺少编号（meta.ledger_uid）"],
        ),
    ],
    ids=[
        "two-leads",
        "closed-unverified",
        "ticket-gap",
        "negative-amount",
        "float-money",
        "negative-spending",
        "ended-before-start",
        "foreign-key",
        "bad-date",
        "year-mismatch",
        "masked-phone",
        "float-phone",
        "unit-key",
        "final-no-results",
        "final-touched",
        "audit-trigger-missing",
        "undo-link",
        "no-ledger-uid",
    ],
)
def test_doctor_reports_each_broken_rule_on_its_own_line(filled, cli, damage, lines):
    conn = _raw(filled)
    damage(conn)
    conn.close()
    r = cli("doctor")
    assert r.exit_code == 1
    assert r.stdout.splitlines() == lines
    assert r.stderr == ""


def test_doctor_names_a_damaged_file(filled, cli, tmp_path):
    _damaged(tmp_path / "damaged.db", filled)
    shutil.copy(tmp_path / "damaged.db", filled)
    for suffix in ("-wal", "-shm"):
        (filled.parent / f"ledger.db{suffix}").unlink(missing_ok=True)
    r = cli("doctor")
    assert r.exit_code == 1
    assert r.stdout.startswith("台账文件损坏：")
    assert all(line.startswith("台账文件损坏：") for line in r.stdout.splitlines())


@pytest.mark.parametrize("step", ["check", "copy"])
def test_ctrl_c_during_a_restore_leaves_the_ledger_as_it_was(filled, cli, tmp_path, monkeypatch, step):
    """Ctrl-C while the backup is checked (SQLite's progress handler on the file it reads) or copied (in
    steps): exit 130, the one line, the ledger as it was and nothing left beside it."""
    backup = tmp_path / "b.db"
    assert cli("backup", str(backup)).exit_code == 0
    assert cli("unit", "add", "乐清市教育局", "--kind", "机关").exit_code == 0
    before, files = domain_dump(filled), sorted(os.listdir(tmp_path))

    def ctrl_c(*_):
        raise KeyboardInterrupt

    if step == "check":
        monkeypatch.setattr("gongjian.store.soundness.TICK", 1)
        monkeypatch.setattr("gongjian.store.soundness._breathe", ctrl_c)
    else:
        monkeypatch.setattr("gongjian.store.maintenance._breathe", ctrl_c)
    r = cli("restore", str(backup))
    assert (r.exit_code, r.stderr) == (130, "已取消，未做任何改动\n")
    assert domain_dump(filled) == before
    assert sorted(os.listdir(tmp_path)) == files
