"""What issue #20's attack run tried, kept as tests: damaged, foreign and future files given to `restore`,
`merge` and `--db`; over-long text; file modes; duplicate rows; password-protected workbooks."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from reliability_data import domain_dump, dump, fill_db

from gongjian.store import migrations

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture
def filled(db):
    return fill_db(db)


def _flip_text(path: Path) -> None:
    """A byte flipped inside a unit's name: SQLite's integrity check passes, the text is no longer UTF-8."""
    conn = sqlite3.connect(path)
    conn.execute("UPDATE units SET name = CAST(x'e4b9d0ff' AS TEXT) WHERE id = 1")
    conn.commit()
    conn.close()


def _flip_schema(path: Path) -> None:
    """Bytes flipped inside the schema: the file's table definitions no longer parse."""
    data = bytearray(path.read_bytes())
    at = data.find(b"CREATE TABLE units")
    data[at : at + 12] = b"CREATE TABLX"
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _text(path: Path) -> None:
    path.write_text("单位名称,联系电话\n乐清市统计局,13857712345\n", encoding="utf-8")


def _other_app(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); PRAGMA user_version = 3;")
    conn.close()


def _newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.close()


def _extra_table(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.close()


BAD = {
    "flipped-text": (_flip_text, "已损坏（units 表编号 1 的一行中有无法读取的文字）"),
    "flipped-schema": (_flip_schema, "已损坏（表结构无法读取）"),
    "truncated": (_truncate, "不完整：只有 "),
    "text-file": (_text, "不是 SQLite 数据库文件（是文本或其他格式的文件）"),
    "other-app": (_other_app, "是 SQLite 数据库，但不是 gongjian 台账（其中的表：moz_places）"),
    "extra-table": (_extra_table, f"的表结构与版本 {migrations.LATEST} 的 gongjian 台账不符（多出表 notes）"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_a_bad_backup_is_refused_by_restore_and_merge_in_one_plain_line(filled, cli, tmp_path, name):
    make, problem = BAD[name]
    bad = tmp_path / "bad.db"
    assert cli("backup", str(bad)).exit_code == 0
    make(bad)
    before = dump(filled)
    r = cli("restore", str(bad))
    assert r.exit_code == 1 and r.stderr.count("\n") == 1, r.stderr
    assert r.stderr.startswith(f"备份文件 {bad} {problem}"), r.stderr
    assert r.stderr.endswith("不能用来恢复；台账未改动\n")
    assert dump(filled) == before
    street = tmp_path / "street.db"
    r = cli("merge", str(bad), "--into", str(street))
    assert r.exit_code == 1 and r.stderr.count("\n") == 1, r.stderr
    assert r.stderr.startswith(f"来源台账 {bad} {problem}") and r.stderr.endswith("；没有合并任何记录\n")
    assert not street.exists()


@pytest.mark.parametrize("name", ["flipped-schema", "truncated", "text-file", "other-app"])
def test_a_bad_file_given_to_db_is_named_in_one_line_and_left_alone(filled, cli, tmp_path, name):
    make, problem = BAD[name]
    bad = tmp_path / "bad.db"
    assert cli("backup", str(bad)).exit_code == 0
    make(bad)
    before = bad.read_bytes()
    from gongjian.cli import app

    r = cli.runner.invoke(app, ["--db", str(bad), "unit", "list"])
    assert r.exit_code == 1 and r.stderr.startswith(f"台账 {bad} {problem}"), r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert bad.read_bytes() == before


def test_a_newer_backup_names_the_versions(filled, cli, tmp_path):
    bad = tmp_path / "bad.db"
    assert cli("backup", str(bad)).exit_code == 0
    _newer(bad)
    for args in (("restore", str(bad)), ("merge", str(bad), "--into", str(tmp_path / "s.db"))):
        r = cli(*args)
        assert (r.exit_code, r.stderr) == (
            1,
            f"台账 {bad} 的结构版本为 {migrations.LATEST + 1}，高于本程序支持的 {migrations.LATEST}，请升级 gongjian\n",
        )


def test_damaged_text_met_while_reading_is_one_line_and_doctor_names_the_row(filled, cli, tmp_path):
    _flip_text(filled)
    r = cli("unit", "list")
    assert (r.exit_code, r.stderr) == (
        1,
        f"台账 {filled} 已损坏（其中有无法读取的文字）；请用 gongjian restore 从备份恢复（gongjian doctor 可列出问题）\n",
    )
    r = cli("doctor")
    assert r.exit_code == 1
    assert (
        r.stdout.splitlines()[0]
        == "台账文件损坏：units 表编号 1 的一行中有无法读取的文字；请用 gongjian restore 从备份恢复"
    )


def test_a_ledger_cut_short_is_restored_over_and_kept_aside(filled, cli, tmp_path):
    good = tmp_path / "good.db"
    assert cli("backup", str(good)).exit_code == 0
    saved = domain_dump(filled)
    _truncate(filled)
    r = cli("restore", str(good))
    assert r.exit_code == 0, r.stderr
    (aside,) = [p for p in tmp_path.iterdir() if ".damaged-" in p.name and p.suffix == ".bak"]
    assert r.stdout.splitlines()[0] == f"原台账已损坏，已移到 {aside}"
    assert domain_dump(filled) == saved


# ---------------------------------------------------------------------------------------------- text length
LONG = "长" * 40_000


def test_over_long_text_is_refused_at_the_door_field_by_field(cli, tmp_path):
    assert cli("community", "add", "BC", "北城社区").exit_code == 0
    cases = [
        (("unit", "add", LONG), "输入有误：名称: 太长（40,000 个字），最多 100 个字\n"),
        (
            ("unit", "add", "乐清市统计局", "--contact", "赵" * 51),
            "输入有误：联络员: 太长（51 个字），最多 50 个字\n",
        ),
        (("ticket", "open", "北城", "路" * 201), "输入有误：标题: 太长（201 个字），最多 200 个字\n"),
        (("init", "--name", "台" * 101), "输入有误：名称: 太长（101 个字），最多 100 个字\n"),
    ]
    for args, message in cases:
        r = cli(*args)
        assert (r.exit_code, r.stdout, r.stderr) == (1, "", message), args
    sheet = tmp_path / "名册.csv"
    sheet.write_text(f"单位名称,备注\n乐清市统计局,{'备' * 2001}\n{'乐' * 101},\n", encoding="utf-8")
    r = cli("import", "units", str(sheet), "--format", "json")
    assert r.exit_code == 1
    import json

    errors = json.loads(r.stdout)["errors"]
    assert [(e["row"], e["column"], e["reason"]) for e in errors] == [
        (2, "备注", "太长（2,001 个字），最多 2,000 个字"),
        (3, "单位名称", "太长（101 个字），最多 100 个字"),
    ]
    assert cli("unit", "add", "乐" * 100).exit_code == 0  # the limit itself is accepted


def test_a_value_kept_before_the_limits_is_shown_whole_reported_and_its_xlsx_cut_said(cli, db, tmp_path):
    assert cli("unit", "add", "乐清市统计局").exit_code == 0
    conn = sqlite3.connect(db)
    conn.execute("UPDATE units SET contact = ?", (LONG,))
    conn.commit()
    conn.close()
    listing = cli("unit", "list")
    assert listing.exit_code == 0 and listing.stdout.count("长") == 40_000  # folded, never cut
    assert max(len(line) for line in listing.stdout.splitlines()) < 300  # nor padded to 40,000
    r = cli("export", "units", "--format", "xlsx", "-o", str(tmp_path / "u.xlsx"))
    assert r.exit_code == 0
    assert r.stderr.splitlines()[0].startswith(
        "注意：units 表有 1 个单元格超过 Excel 单元格上限（32,767 个字）"
    )
    r = cli("doctor")
    assert r.exit_code == 1
    assert r.stdout.splitlines() == [
        "units 中编号 1 的 contact 太长（40,000 个字），最多 50 个字；请改短（导出为 xlsx 时会被截断）"
    ]


# ---------------------------------------------------------------------------------------------- modes
def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.skipif(os.name != "posix", reason="Windows has no POSIX file modes")
def test_a_ledger_copied_in_readable_by_others_is_made_private_once(filled, cli, tmp_path):
    os.chmod(filled, 0o644)
    r = cli("unit", "list")
    assert r.exit_code == 0
    assert r.stderr == f"台账 {filled} 原来其他用户也能读取（权限 0644），已改为仅本人可读写（0600）\n"
    assert mode(filled) == 0o600
    assert cli("unit", "list").stderr == ""  # once


@pytest.mark.skipif(os.name != "posix", reason="Windows has no POSIX file modes")
def test_doctor_reports_backups_and_exports_others_can_read_and_fix_makes_them_private(filled, cli, tmp_path):
    backup, export = tmp_path / "备份.db", tmp_path / "导出"
    assert cli("backup", str(backup)).exit_code == 0
    assert cli("export", "all", "-o", str(export)).exit_code == 0
    os.chmod(backup, 0o644)
    os.chmod(export, 0o755)
    os.chmod(export / "units.csv", 0o644)
    r = cli("doctor")
    assert r.exit_code == 1
    assert r.stdout.splitlines() == [
        f"备份 {backup} 的权限为 0644，其他用户也能读取（其中有身份证号和手机号）；运行 gongjian doctor --fix 改为仅本人可读",
        f"导出的 {export} 权限为 0755，其他用户也能读取；运行 gongjian doctor --fix 改为仅本人可读",
        f"导出的 {export / 'units.csv'} 权限为 0644，其他用户也能读取；运行 gongjian doctor --fix 改为仅本人可读",
    ]
    r = cli("doctor", "--fix")
    assert r.exit_code == 0
    assert r.stdout.splitlines()[0] == f"已改为仅本人可读写：{backup}（0644 → 0600）"
    assert (mode(backup), mode(export), mode(export / "units.csv")) == (0o600, 0o700, 0o600)
    assert cli("doctor").exit_code == 0


# ---------------------------------------------------------------------------------------------- imports
def test_a_file_where_people_repeat_says_duplicates_merged_not_updated(cli, tmp_path):
    assert cli("community", "add", "BC", "北城社区").exit_code == 0
    assert cli("unit", "add", "乐清市统计局").exit_code == 0
    ids = ["330382198403122525", "330382198506151230"]  # two people, ten rows each, their phones differ
    rows = [
        f"王建国{i},13{copy}5771234{i},{ids[i]},乐清市统计局,北城社区"
        for copy in range(3, 8)
        for i in range(2)
    ] * 2
    sheet = tmp_path / "党员.csv"
    sheet.write_text("姓名,手机号码,身份证号,工作单位,报到社区\n" + "\n".join(rows) + "\n", encoding="utf-8")
    r = cli("import", "members", str(sheet))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[:2] == [
        "导入在职党员：新增 2，更新 0，未变 0，有误 0（党员.csv，工作表“党员”）",
        "文件中有 18 行与前面的行是同一条记录（重复），已合并，不计为新增或更新",
    ]
    assert "330382198403122525" not in r.stdout  # warnings repeat the file's ID numbers masked


@pytest.mark.parametrize("name", ["password-1234.ods", "password-1234.xls"])
def test_password_protected_ods_and_xls_are_named_as_such(cli, tmp_path, name):
    shutil.copy(FIXTURES / name, tmp_path / name)
    r = cli("import", "units", str(tmp_path / name))
    assert (r.exit_code, r.stderr) == (1, f"{name} 设有打开密码，请在 Excel 中取消密码后再导入\n")
