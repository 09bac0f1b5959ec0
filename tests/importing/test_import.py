"""`gongjian import`: the rules of PRODUCT §5 shown on messy rosters built here, through the CLI and the API.

The fixtures are what clerks really send: a merged title row, notes above the header, full-width text,
`（盖章）` after names, phones stored as floats, a totals row, a duplicate row, a bad checksum, a bad phone.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import openpyxl
import pytest
import python_calamine
from conftest import POSIX
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongjian.errors import Conflict
from gongjian.i18n import set_lang
from gongjian.importing.importer import run_import
from gongjian.ledger import Ledger
from gongjian.reading.specs import ImportContext

# Valid unified social credit codes (GB 32100-2015 check characters).
CC_STATS = "11330382002584590E"  # 乐清市统计局
CC_FINANCE = "12330382470123456K"  # 乐清市财政局
CC_HOSPITAL = "91330382145678901L"  # 乐清市人民医院
CC_BAD = "11330382002584591E"  # one digit off: the check character no longer matches

UNIT_HEADER = [
    "序号",
    "单位名称",
    "统一社会信用代码",
    "单位性质",
    "党员人数",
    "联系人",
    "联系电话",
    "所在社区",
    "备注",
]


def messy_units(path: Path, rows: list[list[object]], *, title: str = "2016年共建单位名册") -> Path:
    """A roster as a street office sends it: merged title, a note line, a blank row, then the header (row 4)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名册"
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(UNIT_HEADER))
    ws.append(["填报单位：乐清市联创办", None, None, None, None, None, "填报日期：2016年3月5日"])
    ws.append([])
    ws.append(UNIT_HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def good_units() -> list[list[object]]:
    """Three units, a repeat of the second (with a new phone), and the totals row clerks add."""
    return [
        [1, "乐清市　统计局（盖章）", CC_STATS, "机关", 43, "孙海明", 13857712345.0, "北城社区", "牵头"],
        [2, "乐清市财政局", CC_FINANCE, "事业", "58", "张静敏", "0577-62512345", "东门社区", None],
        [3, "ＡＢＣ社会工作服务中心", None, "社会组织", 5, "王刚芳", 13961044827, "西门社区", None],
        [4, "乐清市财政局", CC_FINANCE, "事业单位", 58, "张静敏", 13754916701.0, "东门社区", "重复报送"],
        ["合计", None, None, None, 106, None, None, None, None],
    ]


def report_of(result) -> dict:
    assert result.stdout.strip(), result.stderr
    return json.loads(result.stdout)


def units_in(db: Path) -> list[dict]:
    with Ledger.open(db) as ledger:
        return ledger.store.rows(
            "SELECT name, credit_code, kind, party_members, contact, phone FROM units ORDER BY id"
        )


def count(db: Path, table: str) -> int:
    with Ledger.open(db) as ledger:
        return ledger.store.scalar(f"SELECT count(*) FROM {table}")


# ---------------------------------------------------------------------------------------------- a messy roster


def test_messy_roster_imports_cleanly(cli, db, tmp_path):
    path = messy_units(tmp_path / "2016年名册.xlsx", good_units())
    r = cli("import", "units", str(path), "--format", "json")
    assert r.exit_code == 0, r.stderr
    report = report_of(r)
    assert (report["inserted"], report["updated"], report["unchanged"], report["rejected"]) == (3, 0, 0, 0)
    assert report["errors"] == []
    assert report["warnings"] == [
        "已忽略的列：序号",
        "未识别的列（已忽略，可用 --map 指定）：所在社区",
        "第 8 行与第 6 行是同一条记录（12330382470123456K / 乐清市财政局），已合并；以第 8 行的联系电话为准",
        "第 9 行是合计行，已跳过",
    ]
    assert units_in(db) == [
        {
            "name": "乐清市统计局",
            "credit_code": CC_STATS,
            "kind": "government",
            "party_members": 43,
            "contact": "孙海明",
            "phone": "13857712345",
        },
        {
            "name": "乐清市财政局",
            "credit_code": CC_FINANCE,
            "kind": "institution",
            "party_members": 58,
            "contact": "张静敏",
            "phone": "13754916701",
        },
        {
            "name": "ABC社会工作服务中心",
            "credit_code": None,
            "kind": "social_org",
            "party_members": 5,
            "contact": "王刚芳",
            "phone": "13961044827",
        },
    ]
    # the 备注 column maps to the note field
    with Ledger.open(db) as ledger:
        assert ledger.store.scalar("SELECT note FROM units WHERE credit_code = ?", (CC_STATS,)) == "牵头"


def test_reimporting_the_same_file_changes_nothing(cli, db, tmp_path):
    path = messy_units(tmp_path / "名册.xlsx", good_units())
    assert cli("import", "units", str(path)).exit_code == 0
    with Ledger.open(db) as ledger:
        audit = ledger.store.scalar("SELECT count(*) FROM audit_changes")
    r = cli("import", "units", str(path), "--format", "json")
    assert r.exit_code == 0
    report = report_of(r)
    assert (report["inserted"], report["updated"], report["unchanged"], report["rejected"]) == (0, 0, 3, 0)
    with Ledger.open(db) as ledger:
        assert ledger.store.scalar("SELECT count(*) FROM audit_changes") == audit


def test_table_report_names_everything(cli, tmp_path):
    path = messy_units(tmp_path / "名册.xlsx", good_units())
    r = cli("import", "units", str(path))
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0] == "导入共建单位：新增 3，更新 0，未变 0，有误 0（名册.xlsx，工作表“名册”）"
    assert "  - 第 9 行是合计行，已跳过" in lines
    assert r.stderr == ""


# ---------------------------------------------------------------------------------------------- bad rows


def bad_units() -> list[list[object]]:
    rows = good_units()[:3]
    rows.append([4, "乐清市教育局", CC_BAD, "机关", 36, "孙涛", 13542403933, "南门社区", None])
    rows.append([5, "乐清市公安局", None, "机关", 80, "徐志国", "1385771234", "南门社区", None])
    rows.append([6, "乐清市民政局", None, "政府", 12, "陈丽", None, "南门社区", None])
    return rows


def test_all_or_nothing_lists_every_error_and_writes_nothing(cli, db, tmp_path):
    path = messy_units(tmp_path / "名册.xlsx", bad_units())
    r = cli("import", "units", str(path), "--format", "json")
    assert r.exit_code == 1
    assert (
        r.stderr.strip() == "有 3 行有误，未导入任何记录；改正后重新导入，或加 --skip-invalid 只导入无误的行"
    )
    report = report_of(r)
    assert (report["inserted"], report["updated"], report["unchanged"], report["rejected"]) == (0, 0, 0, 3)
    assert report["errors"] == [
        {
            "sheet": "名册",
            "row": 8,
            "column": "统一社会信用代码",
            "reason": "统一社会信用代码无效：11330382002584591E（应为18位数字或大写字母，且校验位正确）",
        },
        {
            "sheet": "名册",
            "row": 9,
            "column": "联系电话",
            "reason": "电话号码无效：138***1234（应为11位手机号或带区号的固话，如 0577-62512345）",
        },
        {
            "sheet": "名册",
            "row": 10,
            "column": "单位性质",
            "reason": "单位类型无效：政府（可选：机关、事业单位、国有企业、非公企业、社会组织、学校、医院、驻军、其他）",
        },
    ]
    assert count(db, "units") == 0
    assert count(db, "audit_commands") == 0
    assert not (tmp_path / "名册.rejects.xlsx").exists()


def test_error_table_on_the_terminal(cli, tmp_path):
    path = messy_units(tmp_path / "名册.xlsx", bad_units())
    r = cli("import", "units", str(path))
    assert r.exit_code == 1
    out = r.stdout
    assert out.splitlines()[0] == "导入共建单位未完成：3 行有误，未写入任何记录（名册.xlsx，工作表“名册”）"
    assert "工作表" in out and "行号" in out and "原因" in out
    assert "名册       8  统一社会信用代码" in out
    assert "Traceback" not in out + r.stderr


def test_skip_invalid_writes_valid_rows_and_a_rejects_file(cli, db, tmp_path):
    path = messy_units(tmp_path / "名册.xlsx", bad_units())
    r = cli("import", "units", str(path), "--skip-invalid")
    assert r.exit_code == 0, r.stderr
    rejects = tmp_path / "名册.rejects.xlsx"
    assert (
        r.stdout.splitlines()[0] == "导入共建单位：新增 3，更新 0，未变 0，有误 3（名册.xlsx，工作表“名册”）"
    )
    assert f"有误的 3 行已另存到 {rejects}（最后两列为原行号和错误原因），改正后可直接导入该文件" in r.stdout
    assert [u["name"] for u in units_in(db)] == ["乐清市统计局", "乐清市财政局", "ABC社会工作服务中心"]
    assert not POSIX or stat.S_IMODE(os.stat(rejects).st_mode) == 0o600
    book = python_calamine.CalamineWorkbook.from_path(str(rejects))
    assert book.sheet_names == ["名册"]
    rows = list(book.get_sheet_by_name("名册").iter_rows())
    assert rows[0] == [*UNIT_HEADER, "原行号", "错误原因"]
    # the rows come back unchanged: numbers stay numbers, text stays text
    assert rows[1][:8] == [4.0, "乐清市教育局", CC_BAD, "机关", 36.0, "孙涛", 13542403933.0, "南门社区"]
    assert [row[9] for row in rows[1:]] == [8.0, 9.0, 10.0]  # where each row was in 名册.xlsx
    assert rows[1][10].startswith("“统一社会信用代码”列：统一社会信用代码无效：11330382002584591E")
    assert rows[2][6] == "1385771234"
    assert rows[3][10].startswith("“单位性质”列：单位类型无效：政府")
    assert len(rows) == 4

    # the clerk fixes the three rows in the rejects file and imports exactly those
    wb = openpyxl.load_workbook(rejects)
    ws = wb.active
    ws["C2"] = "52330382MJ88123452"
    ws["G3"] = "13857712346"
    ws["D4"] = "机关"
    wb.save(rejects)
    r = cli("import", "units", str(rejects), "--format", "json")
    assert r.exit_code == 0, r.stdout
    report = report_of(r)
    assert (report["inserted"], report["rejected"]) == (3, 0)
    assert report["warnings"] == [
        "已忽略的列：序号、原行号、错误原因",
        "未识别的列（已忽略，可用 --map 指定）：所在社区",
    ]
    assert count(db, "units") == 6


def test_rejects_of_a_rejects_file_keep_the_first_files_row_numbers(cli, db, tmp_path):
    path = messy_units(tmp_path / "名册.xlsx", bad_units())
    assert cli("import", "units", str(path), "--skip-invalid").exit_code == 0
    rejects = tmp_path / "名册.rejects.xlsx"
    again = tmp_path / "第二次.xlsx"
    rejects.rename(again)
    assert cli("import", "units", str(again), "--skip-invalid").exit_code == 0
    rows = list(
        python_calamine.CalamineWorkbook.from_path(str(tmp_path / "第二次.rejects.xlsx"))
        .get_sheet_by_name("名册")
        .iter_rows()
    )
    assert rows[0] == [*UNIT_HEADER, "原行号", "错误原因"]
    assert [row[9] for row in rows[1:]] == [8.0, 9.0, 10.0]  # still the rows of 名册.xlsx, not of 第二次.xlsx


def test_an_update_names_the_record_and_what_changed(cli, db, tmp_path):
    first = tmp_path / "名册.csv"
    first.write_text(
        "单位名称,联系电话,联络员\n乐清市统计局,13857712345,赵顺招\n乐清市财政局,13857712300,林海\n",
        encoding="utf-8",
    )
    assert cli("import", "units", str(first)).exit_code == 0
    second = tmp_path / "名册2.csv"
    second.write_text(
        "单位名称,联系电话,联络员\n乐清市统计局,13857712346,赵顺招\n乐清市财政局,13857712300,林海\n",
        encoding="utf-8",
    )
    r = cli("import", "units", str(second))
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[:2] == [
        "导入共建单位：新增 0，更新 1，未变 1，有误 0（名册2.csv，工作表“名册2”）",
        "更新 1：乐清市统计局 联系电话",
    ]
    second.write_text("单位名称,联系电话,联络员\n乐清市统计局,13857712347,赵二\n", encoding="utf-8")
    report = report_of(cli("import", "units", str(second), "--dry-run", "--format", "json"))
    assert report["changes"] == [{"record": "乐清市统计局", "fields": ["contact", "phone"]}]
    assert units_in(db)[0]["phone"] == "13857712346"  # a dry run names what it would change, changes nothing


def test_an_activity_log_says_where_its_spending_and_funding_go(cli, db, tmp_path):
    cli("community", "add", "BC", "北城社区")
    cli("unit", "add", "乐清市统计局", "--kind", "机关")
    cli("pair", "add", "BC", "乐清市统计局", "--started", "2016-01-01")
    log = tmp_path / "活动.csv"
    log.write_text(
        "日期,社区,活动名称,类别,组织单位,经费,出资\n2016-03-10,北城社区,龙抬头荠菜饭活动,节日,乐清市统计局,2000,30000\n",
        encoding="utf-8",
    )
    r = cli("import", "activities", str(log))
    assert r.exit_code == 0, r.output
    assert "说明：" in r.stdout
    assert (
        "  - “经费”列记为各活动自己的活动经费（活动花了多少钱），不计入资金物资，也不计入考评的资金物资分；"
        "单位出资请填“出资”列，或用 gongjian import contributions 导入"
    ) in r.stdout.splitlines()
    assert "  - “出资”列记为第一个组织单位给该社区的资金（计入资金物资和考评）" in r.stdout.splitlines()
    with Ledger.open(db) as ledger:
        assert ledger.store.scalar("SELECT spending_fen FROM activities") == 200000
        assert ledger.store.rows("SELECT kind, amount_fen FROM contributions") == [
            {"kind": "cash", "amount_fen": 3000000}
        ]


def test_dry_run_reports_and_commits_nothing(cli, db, tmp_path):
    path = messy_units(tmp_path / "名册.xlsx", bad_units())
    r = cli("import", "units", str(path), "--dry-run", "--skip-invalid", "--format", "json")
    assert r.exit_code == 0
    report = report_of(r)
    assert (report["inserted"], report["rejected"]) == (3, 3)
    assert count(db, "units") == 0
    assert count(db, "audit_commands") == 0
    assert not (tmp_path / "名册.rejects.xlsx").exists()
    r = cli("import", "units", str(path), "--dry-run", "--skip-invalid")
    assert (
        r.stdout.splitlines()[0]
        == "试导入共建单位（未写入）：将新增 3，更新 0，未变 0，有误 3（名册.xlsx，工作表“名册”）"
    )
    assert "试导入不会生成有误行文件" in r.stdout
    good = messy_units(tmp_path / "好.xlsx", good_units())
    r = cli("import", "units", str(good), "--dry-run", "--format", "json")
    assert report_of(r)["inserted"] == 3
    assert count(db, "units") == 0


def test_english_messages(cli, tmp_path):
    path = messy_units(tmp_path / "roster.xlsx", bad_units())
    r = cli("--lang", "en", "import", "units", str(path), "--format", "json")
    assert r.exit_code == 1
    assert r.stderr.strip().startswith("3 rows have errors and nothing was imported")
    errors = report_of(r)["errors"]
    assert errors[1]["reason"].startswith("Invalid phone number: 138***1234")
    assert errors[1]["column"] == "联系电话"  # the header as it is in the file
    set_lang("zh")


# ---------------------------------------------------------------------------------------------- the header


def test_two_row_header_with_merged_cells(cli, db, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "单位"
    ws.append(["乐清市城市社区共建单位花名册"])
    ws.merge_cells("A1:E1")
    ws.append(["序号", "单位名称", "联系人", None, "信用代码"])
    ws.append([None, None, "姓名", "手机号码", None])
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:B3")
    ws.merge_cells("C2:D2")
    ws.merge_cells("E2:E3")
    ws.append([1, "乐清市统计局", "孙海明", "13857712345", CC_STATS])
    wb.save(tmp_path / "花名册.xlsx")
    r = cli(
        "import",
        "units",
        str(tmp_path / "花名册.xlsx"),
        "--map",
        str(map_file(tmp_path, '"姓名" = "contact"\n')),
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.stdout + r.stderr
    assert report_of(r)["inserted"] == 1
    assert units_in(db)[0]["contact"] == "孙海明"
    assert units_in(db)[0]["phone"] == "13857712345"


def test_no_recognisable_header(cli, db, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "年龄"])
    wb.active.append(["张三", 30])
    wb.save(tmp_path / "x.xlsx")
    r = cli("import", "units", str(tmp_path / "x.xlsx"))
    assert r.exit_code == 1
    assert r.stderr.strip() == (
        "在 x.xlsx 的工作表“Sheet”前几十行中找不到表头；表头应包含这些列名中的几个：单位名称、统一社会信用代码、"
        "单位类型、党组织、党员数、联络员、联系电话、地址、法定代表人、备注"
    )
    assert r.stdout == ""


def test_missing_required_column(cli, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["社区", "联系电话", "户数"])
    wb.active.append(["北城社区", "0577-62512345", 3260])
    wb.save(tmp_path / "社区.xlsx")
    r = cli("import", "communities", str(tmp_path / "社区.xlsx"))
    assert r.exit_code == 1
    assert r.stderr.strip() == "社区.xlsx 的工作表“Sheet”第 1 行表头缺少必填列：社区代码"


def test_header_only(cli, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["单位名称", "联系电话"])
    wb.active.append([None, None])
    wb.save(tmp_path / "空表.xlsx")
    r = cli("import", "units", str(tmp_path / "空表.xlsx"))
    assert r.exit_code == 1
    assert r.stderr.strip() == "空表.xlsx 的工作表“Sheet”表头（第 1 行）下没有数据行"


def test_notes_repeated_headers_and_prenumbered_blank_rows(cli, db, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "单位名称", "单位类型"])
    ws.append([1, "乐清市统计局", "机关"])
    ws.append(["序号", "单位名称", "单位类型"])  # printed rosters repeat the header on each page
    ws.append([2, "乐清市财政局", "机关"])
    ws.append([3, None, None])  # a numbered row nobody filled in
    ws.append([4, None, None])
    ws.append(["注：单位类型按组织部口径填写。"])
    ws.append([None, "填表人：张晓京", None])
    wb.save(tmp_path / "u.xlsx")
    r = cli("import", "units", str(tmp_path / "u.xlsx"), "--format", "json")
    assert r.exit_code == 0, r.stdout
    report = report_of(r)
    assert report["inserted"] == 2
    assert report["warnings"] == [
        "已忽略的列：序号",
        "第 3 行重复了表头，已跳过",
        "第 8 行是说明文字，已跳过",
    ]


def test_map_file(cli, db, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["单位全称", "联系手机", "情况说明", "单位类型"])
    ws.append(["乐清市统计局", "13857712345", "无", "机关"])
    wb.save(tmp_path / "odd.xlsx")
    mapping = map_file(
        tmp_path, '# 表头映射\n[units]\n"单位全称" = "name"\n"联系手机" = "联系电话"\n"情况说明" = false\n'
    )
    r = cli("import", "units", str(tmp_path / "odd.xlsx"), "--map", str(mapping), "--format", "json")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert report_of(r)["warnings"] == ["已忽略的列：情况说明"]
    assert units_in(db)[0]["phone"] == "13857712345"


def test_bad_map_files(cli, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["单位全称"])
    wb.active.append(["乐清市统计局"])
    wb.save(tmp_path / "odd.xlsx")
    bad = map_file(tmp_path, '"单位全称" = "单位名字"\n')
    r = cli("import", "units", str(tmp_path / "odd.xlsx"), "--map", str(bad))
    assert r.exit_code == 1
    assert r.stderr.strip() == (
        "映射文件 map.toml 中“单位全称”对应的“单位名字”不是可导入的列；"
        "可用：name、credit_code、kind、party_org、party_members、contact、phone、address、legal_rep、note、"
        "register_kind、status"
    )
    broken = map_file(tmp_path, '"单位全称" = \n')
    r = cli("import", "units", str(tmp_path / "odd.xlsx"), "--map", str(broken))
    assert r.exit_code == 1
    assert r.stderr.startswith("映射文件 map.toml 不是有效的 TOML：")
    r = cli("import", "units", str(tmp_path / "odd.xlsx"), "--map", str(tmp_path / "nope.toml"))
    assert r.stderr.strip() == f"找不到映射文件：{tmp_path / 'nope.toml'}"


def map_file(folder: Path, text: str) -> Path:
    path = folder / "map.toml"
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------- kinds


def seed_roster(ledger: Ledger) -> None:
    ledger.roster.add_community(code="BC", name="北城社区", street="乐成街道")
    ledger.roster.add_community(code="DM", name="东门社区", street="乐成街道")
    ledger.roster.add_unit(name="乐清市统计局", kind="机关", credit_code=CC_STATS)
    ledger.roster.add_unit(name="乐清市财政局", kind="机关")
    ledger.roster.add_unit(name="乐清市人民医院", kind="医院")


def test_communities_from_a_gbk_csv(cli, db, tmp_path):
    path = tmp_path / "社区.csv"
    text = (
        "社区代码,社区名称,所属街道,社区书记,联系电话,户数,网格\n"
        '0101,北城社区,乐成街道,张晓京,0577-62512345,"3,260",北城第一网格、北城第二网格\n'
        "0102,东门社区,乐成街道,陈丽,057762512346,2980户,东门第一网格\n"
        "合计,,,,,6240,\n"
    )
    path.write_bytes(text.encode("gbk"))
    r = cli("import", "communities", str(path), "--format", "json")
    assert r.exit_code == 0, r.stdout + r.stderr
    report = report_of(r)
    assert (report["inserted"], report["rejected"]) == (2, 0)
    assert report["warnings"] == ["第 4 行是合计行，已跳过"]
    with Ledger.open(db) as ledger:
        rows = ledger.store.rows("SELECT code, name, phone, households FROM communities ORDER BY code")
        assert rows == [
            {"code": "0101", "name": "北城社区", "phone": "0577-62512345", "households": 3260},
            {"code": "0102", "name": "东门社区", "phone": "0577-62512346", "households": 2980},
        ]
        assert ledger.roster.grids(ledger.roster.community("0101")["id"]) == ["北城第一网格", "北城第二网格"]
    r = cli("import", "communities", str(path), "--format", "json")
    assert report_of(r)["unchanged"] == 2


def test_community_name_taken_by_another_code(cli, ledger, tmp_path):
    seed_roster(ledger)
    path = tmp_path / "c.csv"
    path.write_text("代码,名称\nBC,北城社区\nXM,东门社区\n", encoding="utf-8")
    r = cli("import", "communities", str(path), "--format", "json")
    assert r.exit_code == 1
    assert report_of(r)["errors"] == [
        {"sheet": "c", "row": 3, "column": "名称", "reason": "社区名称“东门社区”已被代码 DM 使用"}
    ]


def test_pairings_with_merged_community_cells(cli, db, tmp_path):
    with Ledger.open(db) as ledger:
        seed_roster(ledger)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "结对"
    ws.append(["社区", "共建单位", "是否牵头单位", "结对时间"])
    ws.append(["北城社区", "乐清市统计局（盖章）", "是", "2015.3.1"])
    ws.append([None, "乐清市财政局", "否", "2015年3月5日"])
    ws.append([None, "乐清市人民医院", None, None])
    ws.merge_cells("A2:A4")
    ws.append(["东门社区", "乐清市税务局", "否", None])
    wb.save(tmp_path / "结对.xlsx")
    r = cli("import", "pairings", str(tmp_path / "结对.xlsx"), "--format", "json")
    assert r.exit_code == 1
    report = report_of(r)
    assert report["errors"] == [
        {"sheet": "结对", "row": 5, "column": "共建单位", "reason": "找不到单位：乐清市税务局"}
    ]
    assert count(db, "pairings") == 0
    r = cli("import", "pairings", str(tmp_path / "结对.xlsx"), "--skip-invalid", "--format", "json")
    assert r.exit_code == 0
    assert (report_of(r)["inserted"], report_of(r)["rejected"]) == (3, 1)
    with Ledger.open(db) as ledger:
        rows = ledger.roster.list_pairings()
    assert [(p["community"], p["unit"], p["role"], p["started"]) for p in rows] == [
        ("北城社区", "乐清市统计局", "lead", "2015-03-01"),
        ("北城社区", "乐清市人民医院", "member", None),
        ("北城社区", "乐清市财政局", "member", "2015-03-05"),
    ]
    r = cli("import", "pairings", str(tmp_path / "结对.xlsx"), "--skip-invalid", "--format", "json")
    assert (report_of(r)["unchanged"], report_of(r)["rejected"]) == (3, 1)


def test_pairings_second_lead_and_ended_pairings(cli, db, tmp_path):
    with Ledger.open(db) as ledger:
        seed_roster(ledger)
        ledger.roster.add_pairing("BC", "乐清市统计局", lead=True, started="2015-03-01")
    path = tmp_path / "p.csv"
    path.write_text(
        "社区,单位,牵头,开始日期,结束日期\n"
        "北城社区,乐清市财政局,牵头单位,2016-01-01,\n"
        "北城社区,乐清市人民医院,,2015-03-01,2016-12-31\n"
        "东门社区,乐清市人民医院,,2017-01-01,2016-12-31\n",
        encoding="utf-8-sig",
    )
    r = cli("import", "pairings", str(path), "--skip-invalid", "--format", "json")
    report = report_of(r)
    assert report["errors"] == [
        {
            "sheet": "p",
            "row": 2,
            "column": "牵头",
            "reason": "北城社区 已有牵头单位“乐清市统计局”；请先用 gongjian pair end 结束它",
        },
        {
            "sheet": "p",
            "row": 4,
            "column": "结束日期",
            "reason": "结束日期 2016-12-31 早于开始日期 2017-01-01",
        },
    ]
    assert report["inserted"] == 1
    r = cli("import", "pairings", str(path), "--skip-invalid", "--format", "json")
    assert (report_of(r)["inserted"], report_of(r)["unchanged"]) == (0, 1)  # the ended pairing is found again
    with Ledger.open(db) as ledger:
        ended = ledger.roster.list_pairings(include_ended=True, unit="乐清市人民医院")
    assert [(p["started"], p["ended"]) for p in ended] == [("2015-03-01", "2016-12-31")]


def test_pairing_file_without_role_column_keeps_the_lead(cli, db, tmp_path):
    with Ledger.open(db) as ledger:
        seed_roster(ledger)
        ledger.roster.add_pairing("BC", "乐清市统计局", lead=True)
    path = tmp_path / "p.csv"
    path.write_text("社区,单位\n北城社区,乐清市统计局\n北城社区,乐清市财政局\n", encoding="utf-8")
    r = cli("import", "pairings", str(path), "--format", "json")
    assert (report_of(r)["inserted"], report_of(r)["unchanged"]) == (1, 1)
    with Ledger.open(db) as ledger:
        assert [p["role"] for p in ledger.roster.list_pairings()] == ["lead", "member"]


def test_agreements(cli, db, tmp_path):
    with Ledger.open(db) as ledger:
        seed_roster(ledger)
    scans = tmp_path / "扫描件"
    scans.mkdir()
    (scans / "BC-2016-001.pdf").write_bytes(b"%PDF-1.4 signed agreement")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "协议"
    ws.append(["协议编号", "社区", "共建单位", "签订日期", "有效期至", "认领服务项目", "扫描件"])
    ws.append(
        [
            "bc-2016-001",
            "北城社区",
            "乐清市统计局",
            "2016-01-15",
            "2017-12-31",
            "节日慰问、环境整治",
            "扫描件/BC-2016-001.pdf",
        ]
    )
    ws.append([None, "东门社区", "乐清市财政局", "2016/2/1", "2017/12/31", "义诊健康", None])
    ws.append([None, "南门社区", "乐清市财政局", "2016/2/1", None, None, None])
    ws.append([None, "北城社区", "乐清市人民医院", "2016-03-01", "2016-01-01", None, None])
    wb.save(tmp_path / "协议.xlsx")
    r = cli("import", "agreements", str(tmp_path / "协议.xlsx"), "--skip-invalid", "--format", "json")
    report = report_of(r)
    assert report["errors"] == [
        {"sheet": "协议", "row": 4, "column": "社区", "reason": "找不到社区：南门社区"},
        {
            "sheet": "协议",
            "row": 5,
            "column": "有效期至",
            "reason": "有效期 2016-01-01 早于签订日期 2016-03-01",
        },
    ]
    assert report["inserted"] == 2
    with Ledger.open(db) as ledger:
        rows = ledger.roster.list_agreements()
    assert [(a["number"], a["community"], a["unit"], a["commitments"]) for a in rows] == [
        ("BC-2016-001", "北城社区", "乐清市统计局", ["节日慰问", "环境整治"]),
        ("DM-2016-001", "东门社区", "乐清市财政局", ["义诊健康"]),
    ]
    assert rows[0]["file_path"] == str((scans / "BC-2016-001.pdf").resolve())
    assert len(rows[0]["file_sha256"]) == 64
    # an agreement without a number is found again by community, unit and signing date
    r = cli("import", "agreements", str(tmp_path / "协议.xlsx"), "--skip-invalid", "--format", "json")
    assert (report_of(r)["inserted"], report_of(r)["unchanged"]) == (0, 2)


# ---------------------------------------------------------------------------------------------- API


def test_run_import_api_and_progress(ledger, tmp_path):
    path = messy_units(tmp_path / "名册.xlsx", good_units())
    seen: list[tuple[str, int, int]] = []
    report = run_import(ledger, "units", path, progress=lambda *a: seen.append(a))
    assert (report.inserted, report.records, report.rows, report.header_row, report.sheet) == (
        3,
        3,
        4,
        4,
        "名册",
    )
    assert report.committed and not report.failed
    assert seen[-1] == ("write", 3, 3)


def test_units_batch_matches_row_by_row(db, tmp_path):
    """`import_units_batch` gives the outcomes and the ledger that one `import_units` per row gives."""
    rows = [
        {"name": "乐清市统计局", "credit_code": CC_STATS, "kind": "government", "phone": "13857712345"},
        {"name": "乐清市财政局", "credit_code": None, "kind": "government", "phone": None},
        {"name": "乐清市财政局", "credit_code": CC_FINANCE, "kind": "institution", "phone": None},
        {"name": "乐清市统计局", "credit_code": None, "kind": "government", "phone": "13857712346"},
        {"name": "乐清市人民医院", "credit_code": None, "kind": "hospital", "phone": None},
    ]
    full = [
        {"party_org": None, "party_members": 0, "contact": None, "address": None, "note": None, **r}
        for r in rows
    ]
    results = []
    for batch in (True, False):
        path = tmp_path / f"{batch}.db"
        with Ledger.open(path, create=True) as ledger, ledger.store.write("import units"):
            ledger.roster.add_unit(name="乐清市人民医院", kind="医院")
            ctx = ImportContext()
            if batch:
                outcomes = ledger.roster.import_units_batch([dict(r) for r in full], ctx)
            else:
                outcomes = [ledger.roster.import_units(dict(r), ctx) for r in full]
            state = ledger.store.rows("SELECT name, credit_code, kind, phone FROM units ORDER BY name_key")
        results.append((outcomes, state))
    assert results[0] == results[1]
    assert results[0][0] == ["inserted", "inserted", "updated", "updated", "unchanged"]


def test_failing_rows_inside_a_batch_are_undone_alone(cli, db, tmp_path):
    with Ledger.open(db) as ledger:
        ledger.roster.add_unit(name="乐清市统计局", credit_code=CC_STATS)
    rows = [[i, f"乐清市第{i}共建单位", None, "非公企业", i, None, None, None, None] for i in range(1, 40)]
    rows[20] = [21, "乐清市统计局", CC_FINANCE, "机关", 1, None, None, None, None]  # wrong credit code
    path = messy_units(tmp_path / "名册.xlsx", rows)
    r = cli("import", "units", str(path), "--skip-invalid", "--format", "json")
    report = report_of(r)
    assert (report["inserted"], report["rejected"]) == (38, 1)
    assert report["errors"] == [
        {
            "sheet": "名册",
            "row": 25,
            "column": "统一社会信用代码",
            "reason": f"单位“乐清市统计局”的统一社会信用代码是 {CC_STATS}，与 {CC_FINANCE} 不一致",
        }
    ]
    assert count(db, "units") == 39
    with Ledger.open(db) as ledger:
        assert ledger.store.scalar("SELECT count(*) FROM audit_commands WHERE command = 'import units'") == 1


def test_write_errors_roll_back_everything(db, tmp_path):
    with Ledger.open(db) as ledger:
        ledger.roster.add_unit(name="乐清市统计局", credit_code=CC_STATS)
        path = messy_units(
            tmp_path / "名册.xlsx",
            [
                [1, "乐清市统计局", CC_FINANCE, None, None, None, None, None, None],
                [2, "乐清市财政局", None, None, None, None, None, None, None],
            ],
        )
        report = run_import(ledger, "units", path)
    assert report.failed and not report.committed
    assert (report.inserted, report.rejected) == (0, 1)
    assert count(db, "units") == 1


def test_integrity_errors_are_row_errors(ledger, tmp_path, monkeypatch):
    """An SQLite constraint hit by a kind's importer is reported on its row, not as a crash."""

    def clash(values, ctx):
        if values["name"] == "乐清市财政局":
            raise sqlite3.IntegrityError("UNIQUE constraint failed: units.name_key")
        return "inserted"

    monkeypatch.setattr(ledger.roster, "import_units_batch", None)
    monkeypatch.setattr(ledger.roster, "import_units", clash)
    path = messy_units(tmp_path / "名册.xlsx", good_units()[:3])
    report = run_import(ledger, "units", path, skip_invalid=True)
    assert [(e.row, e.reason) for e in report.errors] == [
        (6, "操作被拒绝，会破坏台账一致性：UNIQUE constraint failed: units.name_key")
    ]


def test_unknown_kind(cli, tmp_path):
    r = cli("import", "widgets", str(tmp_path / "x.xlsx"))
    assert r.exit_code == 1
    assert r.stderr.startswith("不能导入“widgets”；可导入：")
    assert "units" in r.stderr and "pairings" in r.stderr


def test_kind_by_chinese_name(cli, db, tmp_path):
    path = messy_units(tmp_path / "名册.xlsx", good_units())
    assert cli("import", "单位", str(path)).exit_code == 0
    assert count(db, "units") == 3


def test_conflict_keeps_field(ledger):
    """Errors of the roster importers carry the column they concern."""
    ledger.roster.add_community(code="BC", name="北城社区")
    with pytest.raises(Conflict) as info, ledger.store.write("import communities"):
        ledger.roster.import_communities({"code": "DM", "name": "北城社区", "grids": []}, ImportContext())
    assert info.value.params["field"] == "name"


def test_formula_like_text_stays_text_in_the_rejects_file(cli, db, tmp_path):
    rows = [[1, '=HYPERLINK("http://evil","点我")', None, "机关", 1, "@张三", "12345", None, "+86备注"]]
    path = messy_units(tmp_path / "名册.xlsx", rows)
    wb = openpyxl.load_workbook(path)
    for cell in wb.active[5]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # typed as text in the clerk's file, not as a formula
    wb.save(path)
    r = cli("import", "units", str(path), "--skip-invalid")
    assert r.exit_code == 0
    ws = openpyxl.load_workbook(tmp_path / "名册.rejects.xlsx").active
    cells = {c.coordinate: c for c in ws[2]}
    assert cells["B2"].value == '=HYPERLINK("http://evil","点我")' and cells["B2"].data_type == "s"
    assert cells["F2"].value == "@张三" and cells["F2"].data_type == "s"
    assert cells["I2"].value == "+86备注" and cells["I2"].data_type == "s"


def test_masked_phones_from_an_export_keep_the_ledger_values(cli, db, tmp_path):
    with Ledger.open(db) as ledger:
        ledger.roster.add_unit(name="乐清市统计局", phone="13857712345", kind="机关")
    path = tmp_path / "units.csv"
    path.write_text("name,kind,phone\n乐清市统计局,government,138****2345\n", encoding="utf-8")
    r = cli("import", "units", str(path), "--format", "json")
    report = report_of(r)
    assert (report["unchanged"], report["errors"]) == (1, [])
    assert report["warnings"] == ["列“phone”有 1 个已打码的值（含 ****），未导入，台账中的原值保留"]
    assert units_in(db)[0]["phone"] == "13857712345"


def test_a_file_without_a_column_leaves_that_field_alone(cli, db, tmp_path):
    with Ledger.open(db) as ledger:
        ledger.roster.add_unit(name="乐清市统计局", kind="机关", party_members="43", contact="孙海明")
    path = tmp_path / "电话.csv"
    path.write_text("单位名称,联系电话\n乐清市统计局,13857712345\n", encoding="utf-8")
    r = cli("import", "units", str(path), "--format", "json")
    assert report_of(r)["updated"] == 1
    assert units_in(db)[0] == {
        "name": "乐清市统计局",
        "credit_code": None,
        "kind": "government",
        "party_members": 43,
        "contact": "孙海明",
        "phone": "13857712345",
    }


_POOL_NAMES = ["乐清市统计局", "乐清市财政局", "乐清市人民医院", "乐清市 统计局"]
_POOL_CODES = [None, CC_STATS, CC_FINANCE]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_POOL_NAMES),
            st.sampled_from(_POOL_CODES),
            st.sampled_from(["government", "hospital"]),
        ),
        max_size=7,
    )
)
def test_units_batch_never_differs_from_row_by_row(rows):
    """Whenever the batch succeeds, it gives the outcomes and ledger that row-by-row import gives."""
    import tempfile

    def fresh(folder: str, name: str) -> Ledger:
        ledger = Ledger.open(Path(folder) / name, create=True)
        ledger.roster.add_unit(name="乐清市财政局", kind="机关")
        return ledger

    values = [
        {
            "name": n_,
            "credit_code": c,
            "kind": k,
            "party_org": None,
            "party_members": 0,
            "contact": None,
            "phone": None,
            "address": None,
            "note": None,
        }
        for n_, c, k in rows
    ]
    with tempfile.TemporaryDirectory() as folder:
        with fresh(folder, "rows.db") as ledger, ledger.store.write("import units"):
            expected = []
            for v in values:
                ledger.store.conn.execute("SAVEPOINT r")
                try:
                    expected.append(ledger.roster.import_units(dict(v), ImportContext()))
                except (Conflict, sqlite3.IntegrityError):
                    ledger.store.conn.execute("ROLLBACK TO r")
                    expected.append("error")
                ledger.store.conn.execute("RELEASE r")
            state = ledger.store.rows("SELECT name, name_key, credit_code, kind FROM units ORDER BY name_key")
        with fresh(folder, "batch.db") as ledger, ledger.store.write("import units"):
            try:
                got = ledger.roster.import_units_batch([dict(v) for v in values], ImportContext())
            except (Conflict, sqlite3.IntegrityError):
                return  # the framework replays such a batch row by row
            assert got == expected
            assert (
                ledger.store.rows("SELECT name, name_key, credit_code, kind FROM units ORDER BY name_key")
                == state
            )
