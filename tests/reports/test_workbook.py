"""The evaluation workbook, read back with openpyxl: sheets, headers, totals against the ledger, formats,
text that is never a formula, masked personal data, native charts, print set-up, and exact reproduction
of a finalised year."""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import zipfile
from datetime import datetime

import openpyxl
import pytest
from assessment_data import EXPECTED_ORDER, EXPECTED_TOTALS, FORMULA_UNIT, build
from openpyxl.utils import get_column_letter
from test_figures_agree import sheet_rows, total_row

from gongjian.writing.xlsx import display_width

SHEETS = [
    "说明",
    "汇总",
    "单位考评",
    "活动明细",
    "资金物资",
    "问题台账",
    "问题来源",
    "在职党员",
    "服务记录",
    "图表",
]
TABLES = SHEETS[1:9]  # the sheets laid out as official tables: title, 填报单位 line, header on row 3
DETAIL = {
    "活动明细": "日期",
    "资金物资": "日期",
    "在职党员": "居住社区",
    "服务记录": "居住社区",
    "问题台账": "问题编号",
}


@pytest.fixture
def city(ledger):
    build(ledger)
    ledger.store.set_name("测试台账")
    return ledger


@pytest.fixture
def book(cli, city, tmp_path):
    """The 2016 workbook of the hand-computed ledger, written through the CLI and opened with openpyxl."""
    path = tmp_path / "考评2016.xlsx"
    r = cli("assess", "2016", "-o", str(path))
    assert r.exit_code == 0, r.output
    return openpyxl.load_workbook(path), path


def header(ws) -> list:
    return [c.value for c in ws[3] if c.value is not None]


def data_rows(ws) -> list[tuple]:
    """The rows under the header, up to the signature block (the 合计 row included)."""
    out = []
    for row in ws.iter_rows(min_row=4, values_only=True):
        if all(v is None for v in row):
            break
        out.append(row)
    return out


def all_values(wb) -> dict[str, list[tuple]]:
    return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def test_sheets_in_order(book):
    wb, _ = book
    assert wb.sheetnames == SHEETS


def test_headers(book):
    wb, _ = book
    assert header(wb["汇总"]) == [
        "社区",
        "牵头单位",
        "结对单位",
        "活动次数",
        "参加人次",
        "资金（元）",
        "物资折合（元）",
        "场地折合（元）",
        "服务折合（元）",
        "发现问题",
        "已销号",
        "不予处理",
        "销号率",
        "报到党员",
        "服务达标",
    ]
    assert header(wb["单位考评"]) == [
        "排名",
        "单位",
        "结对社区",
        "活动开展（30分）",
        "资金物资（20分）",
        "问题整治（20分）",
        "联席会议（10分）",
        "在职党员（10分）",
        "社区评价（10分）",
        "加分项（最高5分）",
        "总分",
        "等次",
        "说明",
    ]
    assert header(wb["活动明细"]) == [
        "日期",
        "社区",
        "活动名称",
        "类别",
        "组织单位",
        "参与单位",
        "参加人次",
        "志愿者",
        "服务党员",
        "地点",
        "活动经费（元）",
    ]
    assert header(wb["资金物资"]) == [
        "日期",
        "单位",
        "社区",
        "类型",
        "金额（元）",
        "内容",
        "关联活动",
        "关联项目",
        "收据号",
        "备注",
    ]
    assert header(wb["问题台账"]) == [
        "问题编号",
        "社区",
        "网格",
        "类别",
        "问题",
        "地点",
        "发现日期",
        "责任单位",
        "整改期限",
        "状态",
        "销号日期",
        "逾期",
    ]
    assert header(wb["在职党员"]) == [
        "居住社区",
        "姓名",
        "工作单位",
        "报到日期",
        "认领岗位",
        "2016年服务次数",
        "服务时长（小时）",
        "达标（≥2次）",
        "反馈评定",
    ]
    assert header(wb["服务记录"]) == ["居住社区", "姓名", "工作单位", "日期", "服务内容", "服务时长（小时）"]


def test_each_table_is_titled_as_an_official_table(book, city):
    wb, _ = book
    titles = {
        "汇总": "2016年度各社区汇总",
        "单位考评": "2016年度共建单位考评（草稿）",
        "活动明细": "2016年度活动明细",
        "在职党员": "2016年度在职党员报到及服务情况",
        "服务记录": "2016年度在职党员服务记录",
    }
    for name in TABLES:
        ws = wb[name]
        width = len([c for c in ws[3] if c.value is not None])
        # the title merged across the table and centred, in 黑体 16–18 pt
        assert f"A1:{get_column_letter(width)}1" in {str(r) for r in ws.merged_cells.ranges}, name
        title = ws["A1"]
        assert title.font.name == "黑体" and 16 <= title.font.sz <= 18, name
        assert title.alignment.horizontal == "center", name
        if name in titles:
            assert title.value == titles[name]
        # under it: 填报单位 (the ledger's name), 统计截止 (the year's last day), the units
        assert f"A2:{get_column_letter(width)}2" in {str(r) for r in ws.merged_cells.ranges}, name
        line = ws["A2"].value
        assert line.startswith("填报单位：测试台账　"), (name, line)
        assert "统计截止：2016-12-31" in line and "计量单位：" in line, (name, line)
    assert "计量单位：元" in wb["资金物资"]["A2"].value
    assert "计量单位：个、次、人次、元、件、人" in wb["汇总"]["A2"].value


def test_fonts_borders_and_number_formats(book):
    wb, _ = book
    for name, first in {"汇总": "社区", "单位考评": "排名", **DETAIL}.items():
        ws = wb[name]
        width = len([c for c in ws[3] if c.value is not None])
        heading = ws[3][0]
        assert heading.value == first
        assert heading.font.b and heading.font.name == "宋体", name
        assert heading.fill.fgColor.rgb.endswith("DDEBF7"), name  # a light fill
        end = 3 + len(data_rows(ws))
        for row in ws.iter_rows(min_row=3, max_row=end, max_col=width):
            for cell in row:  # every cell of the table, blank ones too, has thin borders
                assert cell.border.left.style == cell.border.right.style == "thin", (name, cell.coordinate)
                assert cell.border.top.style == cell.border.bottom.style == "thin", (name, cell.coordinate)
                assert cell.font.name == "宋体" and 10 <= cell.font.sz <= 11, (name, cell.coordinate)
                if isinstance(cell.value, int | float) and cell.row > 3:
                    assert cell.alignment.horizontal == "right", (name, cell.coordinate)
                    assert "," in cell.number_format or cell.number_format == "0.0%", (name, cell.coordinate)
    summary = wb["汇总"]
    assert summary["F4"].number_format == "#,##0.00"  # money in 元, two decimals
    assert summary["M4"].number_format == "0.0%"  # rates as %
    assert summary["D4"].number_format == "#,##0"
    ws = wb["资金物资"]
    assert ws["A4"].number_format == "yyyy-mm-dd" and ws["A4"].value == datetime(2016, 2, 1)
    assert ws["E4"].value == 30000 and ws["E5"].value == 3999.99
    assert wb["问题台账"]["A4"].value == "BC-2016-00001"  # identifiers stay text


def test_long_text_wraps_in_rows_tall_enough(book):
    wb, _ = book
    ws = wb["活动明细"]
    col = {c.value: c.column_letter for c in ws[3]}
    for row in ws.iter_rows(min_row=4):
        by = {c.column_letter: c for c in row}
        for key in ("组织单位", "参与单位", "活动名称", "地点"):
            cell = by[col[key]]
            if not isinstance(cell.value, str):
                continue
            assert cell.alignment.wrap_text, cell.coordinate
            units = ws.column_dimensions[col[key]].width
            lines = math.ceil(display_width(cell.value) * 0.85 / (units - 2))
            height = ws.row_dimensions[cell.row].height
            assert height >= lines * 13.5, (cell.coordinate, cell.value, units, height)


def test_totals_are_the_sums_of_the_rows_above(book, city):
    wb, _ = book
    rows = data_rows(wb["汇总"])
    body, total = rows[:-1], rows[-1]
    assert [r[0] for r in body] == ["北城社区", "乐怡社区", "西城社区"]
    assert [r[1] for r in body] == ["乐清市统计局", "乐清市第一中学", "乐清市人民医院"]  # 牵头单位
    scalar = city.store.scalar
    assert total[0] == "合计"
    assert total[3] == scalar("SELECT count(*) FROM activities WHERE year = 2016") == 24
    assert total[4] == scalar("SELECT sum(participant_times) FROM activities WHERE year = 2016")
    for ci, kind in ((5, "cash"), (6, "in_kind"), (7, "venue"), (8, "service")):
        assert total[ci] == pytest.approx(
            (scalar("SELECT sum(amount_fen) FROM contributions WHERE year = 2016 AND kind = ?", (kind,)) or 0)
            / 100
        )
    assert total[5] == 83_999.99
    assert total[9] == scalar("SELECT count(*) FROM tickets WHERE year = 2016") == 10
    assert total[10] == 4  # closed by the end of 2016; the one closed in 2017 does not count
    assert total[11] == 1  # 不予处理: shown, and out of the rate's denominator
    assert total[12] == pytest.approx(4 / 9)  # 10 found − 1 set aside
    assert (total[13], total[14]) == (7, 3)
    for ci in (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14):
        assert total[ci] == pytest.approx(sum(r[ci] for r in body)), ci
    north = body[0]
    assert north[:5] == ("北城社区", "乐清市统计局", 4, 15, sum(100 + i for i in range(11)) + 1000 + 3 * 60)
    assert north[9:13] == (7, 4, 1, pytest.approx(4 / 6))
    for name, first in DETAIL.items():
        records = sheet_rows(wb[name], first)
        total = total_row(wb[name], first)
        assert total[first] == "合计", name
        counted = {"活动明细": "项", "资金物资": "笔", "问题台账": "件", "在职党员": "人", "服务记录": "次"}[
            name
        ]
        assert f"共 {len(records)} {counted}" in total.values(), (name, total)
        for key, value in total.items():
            if isinstance(value, int | float):
                cells = [r[key] for r in records]
                if any(isinstance(c, str) for c in cells):  # yes/no: the 合计 counts the 是
                    assert value == cells.count("是"), (name, key)
                else:
                    assert value == pytest.approx(sum(c or 0 for c in cells)), (name, key)
    assert total_row(wb["活动明细"], "日期")["参加人次"] == 2875
    assert total_row(wb["资金物资"], "日期")["金额（元）"] == pytest.approx(83_999.99 + 7_500.50 + 10_000)
    assert total_row(wb["问题台账"], "问题编号")["逾期"] == 4


def test_unit_sheet_matches_the_assessment(book, cli):
    wb, _ = book
    rows = data_rows(wb["单位考评"])
    assert [r[1] for r in rows] == EXPECTED_ORDER
    assert [f"{r[10]:.2f}" for r in rows] == [EXPECTED_TOTALS[u] for u in EXPECTED_ORDER]
    assert [r[0] for r in rows] == list(range(1, 8))
    assert rows[0][11] == "优秀" and rows[1][11] == "合格"
    assert rows[-1][11:] == ("不合格", "一票否决")
    assert rows[5][5] == 6.67


def test_signature_block_blank_to_sign_by_hand(book):
    wb, _ = book
    for name in ("汇总", "单位考评"):
        ws = wb[name]
        rows = [r for r in ws.iter_rows(values_only=True)]
        block = next(r[0] for r in rows if r[0] and str(r[0]).startswith("填报单位（盖章）"))
        assert block.startswith("填报单位（盖章）：测试台账"), block
        for label in ("负责人：＿＿＿＿＿＿", "审核人：＿＿＿＿＿＿", "制表人：＿＿＿＿＿＿", "填报日期："):
            assert label in block, (name, block)
    assert "签名" not in wb["活动明细"]["A1"].value


def test_signature_block_prints_the_names_the_clerk_set(cli, city, tmp_path):
    r = cli("info", "--set", "制表人=张晓京", "--set", "审核人=王丽", "--set", "填报单位=乐成街道共建办")
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "已设置 制表人：张晓京\n已设置 审核人：王丽\n已设置 填报单位：乐成街道共建办\n"
    path = tmp_path / "签名.xlsx"
    assert cli("assess", "2016", "-o", str(path)).exit_code == 0
    wb = openpyxl.load_workbook(path)
    block = next(
        c.value
        for row in wb["单位考评"].iter_rows()
        for c in row
        if str(c.value).startswith("填报单位（盖章）")
    )
    assert block.startswith("填报单位（盖章）：乐成街道共建办")
    assert "负责人：＿＿＿＿＿＿" in block and "审核人：王丽" in block and "制表人：张晓京" in block
    assert wb["汇总"]["A2"].value.startswith("填报单位：乐成街道共建办")
    r = cli("info", "--set", "审核人=")  # an empty value clears it
    assert r.stdout == "已设置 审核人：（未设置，留空手签）\n"
    r = cli("info", "--set", "校对人=李四")
    assert (r.exit_code, r.stderr) == (
        1,
        "不认识的签名栏名称“校对人”，可设置：填报单位、负责人、审核人、制表人\n",
    )
    r = cli("info", "--set", "制表人")
    assert (r.exit_code, r.stderr) == (1, "“制表人”缺少等号，请写成 名称=值，如 --set 制表人=张三\n")
    data = json.loads(cli("info", "--format", "json").stdout)
    assert data["signatures"] == {
        "unit": "乐成街道共建办",
        "head": None,
        "reviewer": None,
        "preparer": "张晓京",
    }


def test_notes_are_built_from_the_rules(book, city):
    wb, _ = book
    ws = wb["说明"]
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "2016年度社区共建工作考评"
    facts = {r[0]: r[1] for r in rows if r[0] and r[1] and r[2] is None}
    assert facts["考评年度"] == "2016"
    assert facts["填报单位"] == "测试台账"
    assert facts["状态"].startswith("草稿，尚未定稿（生成时间 ")
    assert facts["数据截至"] == "2016-12-31"
    assert facts["考评细则"] == "社区共建工作年度考评细则"
    assert facts["参评单位"] == "7 个：优秀 1、良好 0、合格 1、不合格 5"
    assert facts["等次标准"] == "优秀 ≥ 90 分，良好 ≥ 75 分，合格 ≥ 60 分，低于 60 分为不合格"
    assert (
        facts["优秀比例"] == "优秀单位不超过参评单位的 20%（向下取整，本年度最多 1 个）；超出的按排名评为良好"
    )
    assert facts["一票否决"] == "全年未组织或参与共建活动，也未出资出物的，评为不合格"
    # the bonus rules, said as `project_figures` counts them and with the rules' own numbers
    assert facts["领办项目"] == (
        "认领1个项目加 1 分（多家单位联合认领的，每家各计1个）；在领办大厅认领的，另计领办大厅认领，共加 2 分；"
        "竞拍的每个出价单位均按认领计分，不论是否中标，共加 1 分；完成1个项目另加 0 分；已取消项目的认领不计分"
    )
    assert facts["加分项"] == "各加分项之和最高加 5 分"
    assert facts["领办大厅认领项目数"].startswith("本年度在领办大厅认领的项目数")
    assert facts["在职党员服务"].startswith("每名在职党员全年参加社区服务不少于 2 次为达标")
    start = next(
        i for i, r in enumerate(rows) if r[:5] == ("考核内容", "考核标准", "扣分标准", "考核方式", "得分")
    )
    table = rows[start + 1 : start + 11]
    assert [r[0] for r in table] == [
        "活动开展",
        "资金物资",
        "问题整治",
        "联席会议",
        "在职党员",
        "社区评价",
        "加分项：领办民生项目",
        "加分项：领办大厅认领",
        "一票否决",
        "合计",
    ]
    assert table[0] == (
        "活动开展",
        "结对单位每年组织或联合组织社区共建活动不少于10次，活动有方案、有记录、有照片",
        "每组织（含联合组织）1次活动得3分，最高30分；未组织活动不得分",
        "查阅活动台账、活动方案、记录和照片",
        "30分",
    )
    assert table[-1] == ("合计", None, None, "另有加分项，最高加5分", "100分")


def test_no_file_names_paths_commands_or_keys_in_the_book(book, city):
    wb, path = book
    texts = [
        str(c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]
    texts += [ws.oddHeader.center.text or "" for ws in wb.worksheets]
    unit = FORMULA_UNIT  # a unit's name is the ledger's text, not the book's
    for text in texts:
        if unit in text:
            continue
        assert ".db" not in text and ".toml" not in text, text
        assert "gongjian" not in text and "--" not in text, text
        assert str(city.store.path.parent) not in text and "/" not in text, text
        assert not re.search(r"[a-z]+_[a-z]+", text), text  # no internal keys (activities_organised …)


def test_no_formula_where_text_was_meant(book):
    wb, path = book
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    units = [r[1] for r in data_rows(wb["单位考评"])]
    assert FORMULA_UNIT in units
    participants = [r["参与单位"] for r in sheet_rows(wb["活动明细"], "日期") if r["参与单位"]]
    assert participants == [FORMULA_UNIT, FORMULA_UNIT]
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any("<f>" in z.read(n).decode() for n in sheets)


def test_members_one_row_each_with_services_apart(book, city):
    wb, path = book
    members = {r["姓名"]: r for r in sheet_rows(wb["在职党员"], "居住社区")}
    target = "达标（≥2次）"
    assert (members["王建国"]["2016年服务次数"], members["王建国"]["服务时长（小时）"]) == (2, 4)
    assert (members["王建国"][target], members["王建国"]["反馈评定"]) == ("是", "合格")
    assert (
        members["陈志强"]["2016年服务次数"],
        members["陈志强"][target],
        members["陈志强"]["反馈评定"],
    ) == (
        4,
        "是",
        "优秀",
    )
    assert (members["赵敏"]["2016年服务次数"], members["赵敏"][target], members["赵敏"]["反馈评定"]) == (
        1,
        "否",
        "不合格",
    )
    services = sheet_rows(wb["服务记录"], "居住社区")
    assert len(services) == city.store.scalar("SELECT count(*) FROM services WHERE year = 2016")
    for name, m in members.items():
        assert sum(1 for s in services if s["姓名"] == name) == m["2016年服务次数"], name
    # each community's records fold under its 小计 row (分类汇总): the printed sheet shows the subtotals
    ws = wb["在职党员"]
    for row in range(4, ws.max_row + 1):
        value = ws.cell(row, 1).value
        dims = ws.row_dimensions[row]
        if value in {m["居住社区"] for m in members.values()}:
            assert dims.outlineLevel == 1 and dims.hidden, row
        elif value and value.endswith(" 小计"):
            assert dims.outlineLevel == 0 and not dims.hidden, row
    with zipfile.ZipFile(path) as z:
        text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    assert "13857712345" not in text and "330382198001011234" not in text
    assert "138****" not in text and "3303***" not in text  # not even masked: the book needs neither


def test_problem_sheet(book):
    wb, _ = book
    rows = sheet_rows(wb["问题台账"], "问题编号")
    assert len(rows) == 10
    late = next(r for r in rows if r["问题编号"] == "BC-2016-00006")
    assert (late["责任单位"], late["状态"], late["逾期"]) == ("乐清市财政局", "整治中", "是")
    # closed (销号) only on 2017-02-01: on the book's day, 2016-12-31, it was still being fixed, and late
    closed_later = next(r for r in rows if r["问题编号"] == "BC-2016-00007")
    assert (closed_later["状态"], closed_later["销号日期"], closed_later["逾期"]) == ("整治中", None, "是")
    assert sum(r["状态"] == "已销号" for r in rows) == 4  # the 汇总's 已销号 for 2016


def test_charts_are_native(book):
    _, path = book
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        charts = sorted(n for n in names if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        assert len(charts) == 4
        xml = [z.read(n).decode() for n in charts]
        assert not any(n.startswith("xl/media/") for n in names)  # no pictures
        rels = z.read(f"xl/worksheets/_rels/sheet{len(SHEETS)}.xml.rels").decode()  # 图表, the last sheet
        assert "drawing" in rels
    kinds = ["lineChart" in x and 'barDir val="col"' in x for x in xml[:1]]
    assert kinds == [True]
    assert 'barDir val="bar"' in xml[1]
    assert "pieChart" in xml[2]
    assert 'grouping val="stacked"' in xml[3]
    assert "<c:f>图表!$B$6:$B$17</c:f>" in xml[0]  # activities per month come from the 图表 sheet's own table
    ws = openpyxl.load_workbook(path)["图表"]
    months = [tuple(r[:3]) for r in ws.iter_rows(min_row=6, max_row=17, values_only=True)]
    assert months[0] == ("2016-01", 1, 100) and months[1] == ("2016-02", 2, 1101)
    assert sum(m[1] for m in months) == 24


def test_print_setup_and_frozen_headers(book):
    wb, _ = book
    for name in SHEETS:
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9, name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0), name  # 1 is the default
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页", name
        assert ws.oddHeader.center.text == "2016年度社区共建工作考评", name  # the book's title
    for name in TABLES:
        ws = wb[name]
        assert ws.freeze_panes == "A4", name  # under the header
        assert ws.print_title_rows == "$3:$3", name  # the header repeated on every page
        assert ws.auto_filter.ref.startswith("A3:"), name


def test_column_widths_fit_chinese(book):
    wb, _ = book
    ws = wb["单位考评"]
    longest = max(display_width(r[1]) for r in data_rows(ws))
    assert ws.column_dimensions["B"].width >= longest * 0.85
    names = wb["活动明细"]
    assert names.column_dimensions["C"].width >= display_width("北城社区走访慰问第10次") * 0.85


def test_one_community(cli, city, tmp_path):
    path = tmp_path / "西城.xlsx"
    r = cli("assess", "2016", "--community", "XC", "-o", str(path))
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(path)
    assert [r[1] for r in data_rows(wb["单位考评"])] == ["乐清市人民医院", FORMULA_UNIT]
    assert [r[0] for r in data_rows(wb["汇总"])] == ["西城社区", "合计"]
    assert {r["社区"] for r in sheet_rows(wb["活动明细"], "日期")} == {"西城社区"}
    assert wb["说明"]["A1"].value == "2016年度社区共建工作考评　西城社区"


def test_finalised_year_is_reproduced_exactly(cli, city, tmp_path):
    assert cli("assess", "2016", "--finalize").exit_code == 0
    first, second = tmp_path / "一.xlsx", tmp_path / "二.xlsx"
    assert cli("assess", "2016", "-o", str(first)).exit_code == 0
    assert cli("assess", "2016", "-o", str(second)).exit_code == 0
    a, b = all_values(openpyxl.load_workbook(first)), all_values(openpyxl.load_workbook(second))
    assert a == b
    facts = {r[0]: r[1] for r in a["说明"] if r[0] and r[1]}
    assert facts["状态"].startswith("已定稿（定稿时间 ")
    assert a["单位考评"][0][0] == "2016年度共建单位考评（已定稿）"
    r = cli(
        "activity",
        "add",
        "北城社区",
        "年末走访",
        "--date",
        "2016-12-30",
        "--category",
        "走访慰问",
        "--organiser",
        "乐清市统计局",
    )
    assert r.exit_code == 1
    assert (
        r.stderr
        == "2016年度考评已定稿，该年度的记录不能再修改；如需修改，请先运行 gongjian assess reopen 2016\n"
    )


def test_finalize_and_write_in_one_command(cli, city, tmp_path):
    path = tmp_path / "定稿.xlsx"
    r = cli("assess", "2016", "--finalize", "-o", str(path))
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0].startswith("2016年度考评已定稿：7 个单位")
    assert r.stdout.splitlines()[1].startswith("已生成考评工作簿：")
    assert openpyxl.load_workbook(path)["单位考评"]["A1"].value == "2016年度共建单位考评（已定稿）"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_it(book, tmp_path):
    _, path = book
    done = subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        capture_output=True,
        text=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    pdf = tmp_path / "考评2016.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    assert pdf.read_bytes().count(b"/Type /Page") + pdf.read_bytes().count(b"/Type/Page") >= 8


def test_ctrl_c_while_a_listing_is_written_leaves_no_file_and_no_rows_in_the_temp_folder(
    demo_cli, tmp_path, monkeypatch
):
    import tempfile
    from itertools import islice

    from gongjian.reports import book

    temp = tmp_path / "临时"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # where xlsxwriter keeps a sheet's rows
    written = book.services_listing

    def pressed_midway(*args, **kwargs):
        listing = written(*args, **kwargs)
        rows = listing.rows

        def some_then_ctrl_c():
            yield from islice(rows, 30)
            raise KeyboardInterrupt

        listing.rows = some_then_ctrl_c()
        return listing

    monkeypatch.setattr(book, "services_listing", pressed_midway)
    out = tmp_path / "考评 2026.xlsx"
    r = demo_cli("assess", "2026", "-o", str(out))
    assert (r.exit_code, r.stderr) == (130, "已取消，未做任何改动\n")
    assert list(tmp_path.glob("*.xlsx*")) == [] and list(tmp_path.glob(".*")) == []
    assert list(temp.iterdir()) == []
