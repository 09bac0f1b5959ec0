"""Files as other offices send them (issue #24): the market regulator's enterprise register, civil affairs'
social-organisation register and the party-member system's roster import as they came — their column
names, kinds from what the register says, deregistered units inactive, members with their unit and
party standing — from xlsx, web pages and XML spreadsheets named `.xls`."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter

import pytest
from registers_support import (
    ENTERPRISE_HEADER,
    MEMBER_HEADER,
    SOCIAL_HEADER,
    credit_code,
    enterprise_rows,
    expected_kind,
    html_table,
    id_number,
    member_rows,
    social_rows,
    write_html,
    write_xlsx,
    write_xml,
    xml_worksheet,
)

from gongjian.ledger import Ledger
from gongjian.reading import normalize as n

ENTERPRISE_IGNORED = "已忽略的列：注册日期、注册资金、经营范围、所在省份、地区"


def report(result) -> dict:
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def query(db, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


# ---------------------------------------------------------------------------------------------- enterprises


def test_an_enterprise_register_imports_as_it_came(cli, db, tmp_path):
    rows = enterprise_rows(16)
    path = write_xlsx(
        tmp_path / "2018年注册企业.xlsx", ENTERPRISE_HEADER, rows, title="2018年浙江省注册企业名录"
    )
    r = cli("import", "units", str(path))
    assert r.exit_code == 0, r.stdout + r.stderr
    assert r.stdout.splitlines()[:4] == [
        "导入共建单位：新增 16，更新 0，未变 0，有误 0（2018年注册企业.xlsx，工作表“Sheet1”）",
        "按登记信息推断单位类型 16 个：按“企业类型” 16 个",
        "提示：",
        f"  - {ENTERPRISE_IGNORED}",
    ]
    got = query(db, "SELECT name, credit_code, kind, legal_rep, address, active FROM units ORDER BY id")
    assert got == [(row[0], row[1], expected_kind(i), row[4], row[9], 1) for i, row in enumerate(rows)]
    assert Counter(k for _, _, k, *_ in got) == {"private": 14, "soe": 2}


def test_reimporting_a_register_changes_nothing(cli, db, tmp_path):
    path = write_xlsx(tmp_path / "企业.xlsx", ENTERPRISE_HEADER, enterprise_rows(8))
    assert cli("import", "units", str(path)).exit_code == 0
    audit = query(db, "SELECT count(*) FROM audit_changes")
    again = report(cli("import", "units", str(path), "--format", "json"))
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, 8)
    assert again["facts"] == {"kinds_inferred": {"register_kind": 8}}
    assert query(db, "SELECT count(*) FROM audit_changes") == audit


def test_kinds_come_from_the_code_where_the_register_says_nothing_and_unmapped_values_are_listed(
    cli, db, tmp_path
):
    rows = enterprise_rows(6)
    rows[1][3] = "N/A"
    rows[2][3] = ""
    rows[3][3] = "联营企业"
    rows[4][3] = "联营企业"
    rows[5][1] = credit_code("93", 5)  # 农民专业合作社
    rows[5][3] = "其他经济组织"
    path = write_html(tmp_path / "企业名单.xls", [html_table(ENTERPRISE_HEADER, rows, title="企业名单")])
    r = cli("import", "units", str(path))
    assert r.exit_code == 0, r.stdout
    assert r.stdout.splitlines()[1:3] == [
        "按登记信息推断单位类型 6 个：按“企业类型” 1 个、按“统一社会信用代码” 5 个",
        "3 个单位的登记类型对照不上单位类型（已按统一社会信用代码推断，没有的记为“其他”；"
        "可在 data/registers/unit_kinds.toml 中补充）：联营企业（2）、其他经济组织（1）",
    ]
    assert [k for (k,) in query(db, "SELECT kind FROM units ORDER BY id")] == ["private"] * 6
    path.unlink()
    r = report(
        cli(
            "import",
            "units",
            str(write_xlsx(tmp_path / "e.xlsx", ENTERPRISE_HEADER, rows)),
            "--format",
            "json",
        )
    )
    assert r["facts"] == {
        "kinds_inferred": {"register_kind": 1, "credit_code": 5},
        "kinds_unmapped": {"联营企业": 2, "其他经济组织": 1},
    }


def test_the_clerks_own_kind_always_wins_and_an_inferred_kind_only_fills_其他(cli, db, tmp_path):
    rows = enterprise_rows(3)
    own = write_xlsx(
        tmp_path / "我的名册.xlsx",
        ("单位名称", "统一社会信用代码", "单位类型", "联络员"),
        [
            [rows[0][0], rows[0][1], "学校", "赵顺招"],  # a private school: the clerk says 学校
            [rows[1][0], None, None, "林海"],  # no code, no kind yet: 其他
            [rows[2][0], rows[2][1], "国企", "陈丽"],
        ],
    )
    assert cli("import", "units", str(own)).exit_code == 0
    assert [k for (k,) in query(db, "SELECT kind FROM units ORDER BY id")] == ["school", "other", "soe"]
    register = write_xlsx(tmp_path / "企业.xlsx", ENTERPRISE_HEADER, rows)
    r = report(cli("import", "units", str(register), "--format", "json"))
    assert (r["inserted"], r["updated"], r["unchanged"]) == (0, 3, 0)  # legal_rep, address, a code
    got = query(db, "SELECT name, credit_code, kind, contact, legal_rep FROM units ORDER BY id")
    assert got == [
        (rows[0][0], rows[0][1], "school", "赵顺招", rows[0][4]),
        (rows[1][0], rows[1][1], "private", "林海", rows[1][4]),  # 其他 was unknown: the register fills it
        (rows[2][0], rows[2][1], "soe", "陈丽", rows[2][4]),
    ]
    # a registration type in our kind column is what the register says, not the clerk: 学校 stays
    typed = write_xlsx(tmp_path / "性质.xlsx", ("单位名称", "单位性质"), [[rows[0][0], "有限责任公司"]])
    r = report(cli("import", "units", str(typed), "--format", "json"))
    assert (r["unchanged"], r["facts"]) == (1, {"kinds_inferred": {"kind": 1}})
    assert query(db, "SELECT kind FROM units WHERE name = ?", (rows[0][0],)) == [("school",)]
    # our column beside the register's: ours is used, the register's reported as a duplicate column
    both = write_xlsx(
        tmp_path / "both.xlsx",
        ("企业名称", "统一社会信用代码", "单位类型", "企业类型"),
        [[rows[2][0], rows[2][1], "事业单位", "有限责任公司"]],
    )
    r = report(cli("import", "units", str(both), "--format", "json"))
    assert query(db, "SELECT kind FROM units WHERE name = ?", (rows[2][0],)) == [("institution",)]
    assert r["facts"] == {}


def test_deregistered_and_revoked_units_come_in_inactive_and_pairing_them_asks_for_force(cli, db, tmp_path):
    rows = enterprise_rows(4)
    header = (*ENTERPRISE_HEADER, "经营状态")
    statuses = ["存续（在营、开业、在册）", "注销", "吊销，未注销", "在业"]
    path = write_xlsx(
        tmp_path / "企业.xlsx", header, [[*row, s] for row, s in zip(rows, statuses, strict=True)]
    )
    r = cli("import", "units", str(path))
    assert r.exit_code == 0, r.stdout
    assert r.stdout.splitlines()[2] == (
        "已注销、吊销的单位 2 个，作为停用单位导入（登记状态写入备注，结对须加 --force）："
        f"注销（1）、{n.text('吊销，未注销')}（1）"
    )
    assert query(db, "SELECT active, note FROM units ORDER BY id") == [
        (1, None),
        (0, "登记状态：注销"),
        (0, f"登记状态：{n.text('吊销，未注销')}"),
        (1, None),
    ]
    show = cli("unit", "show", rows[1][0]).stdout
    assert f"法定代表人        {rows[1][4]}" in show and "在用              否" in show
    assert "备注              登记状态：注销" in show

    assert cli("community", "add", "BC", "北城社区").exit_code == 0
    r = cli("pair", "add", "BC", rows[1][0])
    assert (r.exit_code, r.stderr) == (
        1,
        f"{rows[1][0]}已停用（登记状态：注销），不能结对；确需结对请加 --force\n",
    )
    assert query(db, "SELECT count(*) FROM pairings") == [(0,)]
    assert cli("pair", "add", "BC", rows[0][0]).exit_code == 0
    pairs = write_xlsx(
        tmp_path / "结对.xlsx", ("社区", "单位"), [["北城社区", rows[2][0]], ["北城社区", rows[3][0]]]
    )
    r = report(cli("import", "pairings", str(pairs), "--format", "json"))
    assert (r["inserted"], r["rejected"]) == (0, 1)
    assert r["errors"] == [
        {
            "sheet": "Sheet1",
            "row": 2,
            "column": "单位",
            "reason": f"{rows[2][0]}已停用（登记状态：{n.text('吊销，未注销')}），不能结对；确需结对请加 --force",
        }
    ]
    assert report(cli("import", "pairings", str(pairs), "--force", "--format", "json"))["inserted"] == 2
    assert cli("pair", "add", "BC", rows[1][0], "--force").exit_code == 0
    assert query(db, "SELECT count(*) FROM pairings WHERE ended IS NULL") == [(4,)]


def test_the_legal_representative_is_the_units_and_is_exported(cli, db, tmp_path):
    path = write_xlsx(tmp_path / "企业.xlsx", ENTERPRISE_HEADER, enterprise_rows(2))
    assert cli("import", "units", str(path)).exit_code == 0
    data = json.loads(cli("unit", "show", "测试00001", "--format", "json").stdout)
    assert (data["legal_rep"], data["kind"], data["active"]) == (enterprise_rows(2)[1][4], "private", 1)
    r = cli("export", "units", "--format", "csv")
    assert r.exit_code == 0, r.stderr
    header, first = r.stdout.splitlines()[:2]
    assert "legal_rep" in header.split(",") and enterprise_rows(2)[0][4] in first


# ---------------------------------------------------------------------------------------------- social organisations


def test_a_social_organisation_register_as_an_xml_spreadsheet(cli, db, tmp_path):
    path = write_xml(
        tmp_path / "社会组织名单.xls",
        [xml_worksheet("社会组织", SOCIAL_HEADER, social_rows(), title="乐清市社会组织名单")],
        encoding="GB2312",
    )
    r = cli("import", "units", str(path))
    assert r.exit_code == 0, r.stdout
    assert r.stdout.splitlines()[:4] == [
        "导入共建单位：新增 5，更新 0，未变 0，有误 0（社会组织名单.xls，工作表“社会组织”）",
        "按登记信息推断单位类型 5 个：按“社会组织类型” 4 个、按“统一社会信用代码” 1 个",
        "已注销、吊销的单位 1 个，作为停用单位导入（登记状态写入备注，结对须加 --force）：撤销（1）",
        "提示：",
    ]
    assert "已忽略的列：成立登记日期" in r.stdout
    assert query(db, "SELECT name, kind, legal_rep, address, active FROM units ORDER BY id") == [
        (row[0], "social_org", row[3], row[4], 0 if row[6] == "撤销" else 1) for row in social_rows()
    ]


# ---------------------------------------------------------------------------------------------- party members

UNITS = ("乐清市测试统计局", "乐清市测试财政局", "乐清市测试电器有限公司")


@pytest.fixture
def roster(cli):
    """北城社区 and three units the members work in."""
    assert cli("community", "add", "BC", "北城社区").exit_code == 0
    for unit in UNITS:
        assert cli("unit", "add", unit).exit_code == 0
    return cli


@pytest.mark.parametrize("shape", ["html", "xlsx"])
def test_a_party_member_roster_imports_without_renaming(roster, db, tmp_path, shape):
    rows = member_rows(UNITS)
    if shape == "html":
        path = write_html(tmp_path / "党员名册.xls", [html_table(MEMBER_HEADER, rows, title="在职党员名册")])
    else:
        path = write_xlsx(tmp_path / "党员名册.xlsx", MEMBER_HEADER, rows)
    r = roster("import", "members", str(path), "--community", "北城社区", "--format", "json")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert (report(r)["inserted"], report(r)["rejected"]) == (3, 0)
    assert report(r)["warnings"] == ["已忽略的列：性别、民族、出生日期、学历、入党日期、所在党支部、家庭住址"]
    got = query(
        db,
        "SELECT m.name, m.id_number, m.phone, u.name, c.code, m.party_status, m.registered_on FROM members m "
        "JOIN units u ON u.id = m.unit_id JOIN communities c ON c.id = m.community_id ORDER BY m.id",
    )
    assert got == [
        (row[0], row[4], row[10], unit, "BC", "probationary" if row[6] == "预备党员" else "full", None)
        for row, unit in zip(rows, UNITS, strict=True)
    ]
    # birth and party-joining dates are never taken for the registration date
    assert {r[-1] for r in got} == {None}
    listed = roster("member", "list", "--format", "json").stdout
    assert rows[0][4] not in listed and rows[0][10] not in listed  # masked, as always
    shown = roster("member", "show", rows[2][0]).stdout
    assert "人员类别  预备党员" in shown
    again = report(roster("import", "members", str(path), "-c", "BC", "--format", "json"))
    assert (again["inserted"], again["unchanged"]) == (0, 3)


def test_a_roster_without_a_community_column_asks_for_one(roster, db, tmp_path):
    path = write_xlsx(tmp_path / "党员.xlsx", MEMBER_HEADER, member_rows(UNITS[:1]))
    r = roster("import", "members", str(path))
    assert r.exit_code == 1
    assert r.stderr == (
        "党员.xlsx 的工作表“Sheet1”第 1 行表头缺少必填列：报到社区；"
        "名册里没有社区列时，用 --community 指定报到社区，如 --community 北城社区\n"
    )
    r = roster("import", "units", str(path), "--community", "BC")
    assert (r.exit_code, r.stderr) == (1, "共建单位没有“社区”一项，不能用 --community 指定\n")
    assert query(db, "SELECT count(*) FROM members") == [(0,)]


def test_a_work_unit_and_post_names_the_unit_it_starts_with(roster, db, tmp_path):
    rows = member_rows(UNITS[:2])
    rows[0][9] = "乐清市测试统计局综合科科长"
    rows[1][9] = "乐清市不存在局 科员"
    path = write_xlsx(tmp_path / "党员.xlsx", MEMBER_HEADER, rows)
    r = report(roster("import", "members", str(path), "-c", "BC", "--format", "json"))
    assert (r["inserted"], r["rejected"]) == (0, 1)
    assert r["errors"] == [
        {"sheet": "Sheet1", "row": 3, "column": "工作单位及职务", "reason": "找不到单位：乐清市不存在局科员"}
    ]
    with Ledger.open(db) as ledger:
        member = ledger.members.add_member(
            name="林晓燕", id_number=id_number(7), unit="乐清市测试财政局 办公室主任", community="BC"
        )
    assert member["unit"] == "乐清市测试财政局"


# ---------------------------------------------------------------------------------------------- size


def test_a_ten_thousand_row_enterprise_register(cli, db, tmp_path):
    """The size of a county's new enterprises in a year (the issue's register had 6,228)."""
    rows = enterprise_rows(10_000)
    path = write_xlsx(tmp_path / "企业.xlsx", ENTERPRISE_HEADER, rows, title="2018年注册企业名录")
    r = report(cli("import", "units", str(path), "--format", "json"))
    assert (r["inserted"], r["rejected"], r["errors"]) == (10_000, 0, [])
    assert r["facts"] == {"kinds_inferred": {"register_kind": 10_000}}
    kinds = dict(query(db, "SELECT kind, count(*) FROM units GROUP BY kind"))
    assert kinds == dict(Counter(expected_kind(i) for i in range(10_000)))
    assert query(db, "SELECT count(DISTINCT credit_code), count(legal_rep) FROM units") == [(10_000, 10_000)]
