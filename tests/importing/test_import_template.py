"""`gongjian template KIND`: a workbook to fill in that imports back exactly (PRODUCT §5)."""

from __future__ import annotations

import json
import os
import stat

import openpyxl
import pytest
from conftest import POSIX

from gongjian.importing.importer import map_columns
from gongjian.importing.templates import template_columns
from gongjian.ledger import Ledger
from gongjian.reading.specs import SPECS

FILLED = {
    "communities": [
        [
            "XM",
            "西门社区",
            "乐成街道",
            "乐清市",
            "黄秀霞",
            "周勇",
            "0577-62512347",
            "2715",
            "西门路8号",
            "西门第一网格、西门第二网格",
            None,
        ],
        [
            "NM",
            "南门社区",
            "乐成街道",
            "乐清市",
            "吴敏",
            "徐志国",
            "057762512348",
            "3,105",
            None,
            "南门第一网格",
            None,
        ],
    ],
    "units": [
        [
            "乐清市教育局（盖章）",
            "11330382680633759E",
            "机关",
            "中共乐清市教育局委员会",
            "36",
            "孙涛",
            "13542403933",
            None,
            "孙涛",
            None,
        ],
        ["乐清市人民医院", None, "医院", None, "120", "林海", "0577-62559999", "乐成街道", None, "二级甲等"],
    ],
    "pairings": [
        ["北城社区", "乐清市教育局", "是", "2015-03-01", None, None],
        ["北城社区", "乐清市人民医院", "否", "2015/3/5", None, None],
    ],
    "agreements": [
        [
            "BC-2016-007",
            "北城社区",
            "乐清市教育局",
            "2016-01-15",
            "2017-12-31",
            "助学帮困、政策宣讲",
            None,
            None,
        ],
        [None, "北城社区", "乐清市人民医院", "2016年2月1日", "2017年12月31日", "义诊健康", None, None],
    ],
}


def fill(path, rows):
    """Type rows under the example row, as a clerk does in Excel (the example row stays)."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for row in rows:
        ws.append(row)
    wb.save(path)


def test_template_workbook(cli, tmp_path):
    path = tmp_path / "单位模板.xlsx"
    r = cli("template", "units", "-o", str(path))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.strip() == f"已生成模板：{path}"
    assert not POSIX or stat.S_IMODE(os.stat(path).st_mode) == 0o600
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["共建单位", "说明"]
    ws = wb["共建单位"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == (
        "单位名称",
        "统一社会信用代码",
        "单位类型",
        "党组织",
        "党员数",
        "联络员",
        "联系电话",
        "地址",
        "法定代表人",
        "备注",
    )
    assert rows[1] == (
        "乐清市统计局",
        "11330382002584590E",
        "机关",
        "中共乐清市统计局支部委员会",
        "28",
        "赵顺招",
        "13857712345",
        None,
        None,
        None,
    )
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.color.rgb.endswith("C00000")  # required column in red
    lists = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert lists["C2:C1048576"].formula1 == '"机关,事业单位,国有企业,非公企业,社会组织,学校,医院,驻军,其他"'
    prompts = {str(dv.sqref): dv.prompt for dv in ws.data_validations.dataValidation}
    assert prompts["G2:G1048576"] == "11位手机号，或带区号的固定电话，如 0577-62512345"
    assert ws["B2"].number_format == "@"  # codes stay text
    notes = list(wb["说明"].iter_rows(values_only=True))
    assert notes[0][0] == "共建单位导入模板：填写说明"
    assert notes[1][0].startswith("填好后导入：gongjian import units 本文件.xlsx")
    assert notes[6] == ("列名", "是否必填", "填写说明", "示例", "也可用的列名")
    assert notes[7] == (
        "单位名称",
        "必填",
        "单位全称；“（盖章）”等字样会自动去掉",
        "乐清市统计局",
        "共建单位、结对单位、名称、单位、name、unit、企业名称、机构名称、组织名称、社会组织名称、市场主体名称、"
        "个体户名称",  # the names registers give it (data/registers/columns.toml)
    )
    assert [row[0] for row in notes[7:]] == [
        "单位名称",
        "统一社会信用代码",
        "单位类型",
        "党组织",
        "党员数",
        "联络员",
        "联系电话",
        "地址",
        "法定代表人",
        "备注",
        "登记类型",
        "登记状态",
        "不导入的名册列",
    ]


def test_the_notes_sheet_shows_the_column_names_of_real_registers(cli, tmp_path):
    """The 说明 sheet lists the names other offices' registers give each column (data/registers), the register
    columns read but not in the template, and the register columns that are ignored."""
    path = tmp_path / "模板.xlsx"
    assert cli("template", "units", "-o", str(path)).exit_code == 0
    notes = {
        row[0]: row for row in openpyxl.load_workbook(path)["说明"].iter_rows(values_only=True) if row[0]
    }
    assert notes["统一社会信用代码"][4] == "信用代码、社会信用代码、credit_code、credit code、统一代码"
    assert notes["地址"][4].endswith("注册地址、住所、办公地址、经营场所、住所地、企业地址、经营地址")
    assert notes["法定代表人"][4] == "负责人、法人代表、legal_rep、法定代表人（负责人）、经营者、法人"
    assert notes["登记类型"][:2] == ("登记类型", "名册列")
    assert notes["登记类型"][4] == (
        "register_kind、企业类型、机构类型、社会组织类型、经济类型、市场主体类型、组织类型、企业类别"
    )
    assert "unit_kinds.toml" in notes["登记类型"][2]
    assert notes["登记状态"][2].startswith("名册里的登记状态：注销、吊销、撤销的单位导入为停用")
    assert notes["不导入的名册列"][4].startswith("注册日期、成立日期、核准日期")
    assert "经营范围" in notes["不导入的名册列"][4] and "登记机关" in notes["不导入的名册列"][4]
    path = tmp_path / "党员模板.xlsx"
    assert cli("template", "members", "-o", str(path)).exit_code == 0
    notes = {
        row[0]: row for row in openpyxl.load_workbook(path)["说明"].iter_rows(values_only=True) if row[0]
    }
    assert "工作单位及职务" in notes["工作单位"][4]
    assert notes["人员类别"][2] == "从下拉列表选择：正式党员、预备党员"
    assert "出生日期" in notes["不导入的名册列"][4] and "入党日期" in notes["不导入的名册列"][4]


def test_default_name_and_overwrite(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = cli("template", "结对")
    assert r.exit_code == 0
    assert (tmp_path / "结对关系导入模板.xlsx").is_file()
    r = cli("template", "pairings")
    assert r.exit_code == 1
    assert r.stderr.strip() == "文件已存在：结对关系导入模板.xlsx（加 --force 覆盖）"
    assert cli("template", "pairings", "--force").exit_code == 0
    assert cli("template", "units", "-o", "单位").exit_code == 0
    assert (tmp_path / "单位.xlsx").is_file()
    r = cli("template", "widgets")
    assert r.exit_code == 1 and r.stderr.startswith("不能导入“widgets”")


@pytest.mark.parametrize("kind", ["communities", "units", "pairings", "agreements"])
def test_filled_template_round_trips(cli, db, tmp_path, kind):
    with Ledger.open(db) as ledger:
        ledger.roster.add_community(code="BC", name="北城社区")
        if kind in ("pairings", "agreements"):
            ledger.roster.add_unit(name="乐清市教育局", kind="机关")
            ledger.roster.add_unit(name="乐清市人民医院", kind="医院")
    path = tmp_path / f"{kind}.xlsx"
    assert cli("template", kind, "-o", str(path)).exit_code == 0
    fill(path, FILLED[kind])
    r = cli("import", kind, str(path), "--format", "json")
    assert r.exit_code == 0, r.stdout + r.stderr
    report = json.loads(r.stdout)
    assert (report["inserted"], report["rejected"], report["errors"]) == (2, 0, [])
    assert report["warnings"] == ["第 2 行是模板示例行，已跳过"]
    r = cli("import", kind, str(path), "--format", "json")
    report = json.loads(r.stdout)
    assert (report["inserted"], report["updated"], report["unchanged"]) == (0, 0, 2)


def test_filled_template_values(cli, db, tmp_path):
    path = tmp_path / "units.xlsx"
    cli("template", "units", "-o", str(path))
    fill(path, FILLED["units"])
    assert cli("import", "units", str(path)).exit_code == 0
    with Ledger.open(db) as ledger:
        rows = ledger.store.rows(
            "SELECT name, credit_code, kind, party_members, phone, note FROM units ORDER BY id"
        )
    assert rows == [
        {
            "name": "乐清市教育局",
            "credit_code": "11330382680633759E",
            "kind": "government",
            "party_members": 36,
            "phone": "13542403933",
            "note": None,
        },
        {
            "name": "乐清市人民医院",
            "credit_code": None,
            "kind": "hospital",
            "party_members": 120,
            "phone": "0577-62559999",
            "note": "二级甲等",
        },
    ]


def test_every_kind_template_maps_back():
    """The template headers of every registered kind map back to every one of its fields."""
    import gongjian.ledger  # noqa: F401  (registers every part's kinds)

    for kind, spec in SPECS.items():
        columns = map_columns([c["header"] for c in template_columns(kind)], spec, {}, 1)
        assert list(columns.fields) == [f.key for f in spec.fields if f.template], kind
        assert not columns.unknown and not columns.duplicates, kind


def test_templates_of_every_kind_are_written(cli, tmp_path):
    import gongjian.ledger  # noqa: F401

    for kind in SPECS:
        path = tmp_path / f"{kind}.xlsx"
        r = cli("template", kind, "-o", str(path))
        assert r.exit_code == 0, (kind, r.stderr)
        assert openpyxl.load_workbook(path).sheetnames[-1] == "说明"
