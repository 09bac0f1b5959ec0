"""What web systems call "xls" (issue #24): an HTML table or an XML Spreadsheet 2003 named `.xls`, read as
it is — charset from the page or the declaration, title rows spanning the table, text cells kept as text,
several tables or worksheets offered like sheets, and the hostile-file limits of workbooks."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

import pytest
from registers_support import (
    ENTERPRISE_HEADER,
    credit_code,
    enterprise_rows,
    html_table,
    write_html,
    write_xml,
    xml_cell,
    xml_worksheet,
)

from gongjian.errors import FileProblem
from gongjian.reading import guard, markup
from gongjian.reading.spreadsheet import open_sheet

UNIT_HEADER = ("单位名称", "统一社会信用代码", "单位类型", "联系电话", "党员数")
UNITS = [
    ["乐清市统计局", "11330382002584590E", "机关", "0577-62512345", "28"],
    ["乐清市测试电器有限公司", credit_code("91", 1), "非公企业", "13857712345", "3"],
]


def report(result) -> dict:
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def units(db) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT name, credit_code, kind, phone, party_members FROM units ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


# ---------------------------------------------------------------------------------------------- HTML


@pytest.mark.parametrize("charset", ["gb2312", "GBK", "utf-8"])
def test_a_web_page_named_xls_imports_in_its_declared_charset(cli, db, tmp_path, charset):
    path = write_html(
        tmp_path / "单位名册.xls",
        [html_table(UNIT_HEADER, UNITS, title="2016年共建单位名册")],
        charset=charset,
    )
    r = cli("import", "units", str(path), "--format", "json")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert (report(r)["inserted"], report(r)["warnings"]) == (2, [])
    assert units(db) == [
        ("乐清市统计局", "11330382002584590E", "government", "0577-62512345", 28),
        ("乐清市测试电器有限公司", credit_code("91", 1), "private", "13857712345", 3),
    ]


def test_a_page_without_a_meta_charset_is_detected_and_one_saved_wrongly_is_read_by_its_bytes(tmp_path):
    table = html_table(UNIT_HEADER, UNITS).encode("gb18030")
    (tmp_path / "bare.xls").write_bytes(b"<html><body>" + table + b"</body></html>")
    # the page says UTF-8 but the web system wrote GBK bytes: the bytes decide
    lying = b'<html><head><meta charset="utf-8"></head><body>' + table + b"</body></html>"
    (tmp_path / "lying.xls").write_bytes(lying)
    for name in ("bare.xls", "lying.xls"):
        sheet = open_sheet(tmp_path / name)
        assert (sheet.fmt, sheet.encoding) == ("html", "gb18030")
        assert [cells for _, cells in sheet.rows()][1][0] == "乐清市统计局"


def test_a_page_is_known_by_its_tags_after_a_long_comment_and_a_script(tmp_path):
    banner = "<!-- " + "导出时间 2018-12-31 " * 60 + "-->\n"
    script = "<script>if (a < b && c > d) { document.write('<table><tr><td>x</td></tr></table>'); }</script>"
    page = (
        banner + "<html><head>" + script + "</head><body>" + html_table(UNIT_HEADER, UNITS) + "</body></html>"
    )
    (tmp_path / "p.xls").write_text(page, encoding="utf-8")
    sheet = open_sheet(tmp_path / "p.xls")
    assert (sheet.fmt, sheet.sheets) == ("html", ["p"])
    assert [cells[0] for _, cells in sheet.rows()] == ["单位名称", "乐清市统计局", "乐清市测试电器有限公司"]


def test_text_cells_stay_text_leading_zeros_and_eighteen_digit_numbers(tmp_path):
    rows = [["０１２３", "330382198505061233", "00123", "1.50", "2016/3/5"]]
    path = write_html(tmp_path / "codes.xls", [html_table(("编号", "身份证", "邮编", "金额", "日期"), rows)])
    sheet = open_sheet(path)
    assert list(sheet.rows()) == [
        (1, ["编号", "身份证", "邮编", "金额", "日期"]),
        (2, ["０１２３", "330382198505061233", "00123", "1.50", "2016/3/5"]),
    ]


def test_colspan_title_is_a_merged_cell_and_rowspan_is_filled_down(tmp_path):
    page = (
        "<table><tr><td colspan=3>2018年新登记企业名单</td></tr>"
        "<tr><th>地区</th><th>企业名称</th><th>企业类型</th></tr>"
        "<tr><td rowspan=3>北城</td><td>甲公司</td><td rowspan=2>个体工商户</td></tr>"
        "<tr><td>乙公司</td></tr>"
        "<tr><td>丙&amp;丁公司<br>（分公司）</td><td>合伙企业</td></tr>"
        "<tr><td>东门</td><td>戊公司</td><td>&nbsp;</td></tr></table>"
    )
    (tmp_path / "span.xls").write_text(f"<html><body>{page}</body></html>", encoding="utf-8")
    assert [cells for _, cells in open_sheet(tmp_path / "span.xls").rows()] == [
        ["2018年新登记企业名单", "", ""],
        ["地区", "企业名称", "企业类型"],
        ["北城", "甲公司", "个体工商户"],
        ["北城", "乙公司", "个体工商户"],
        ["北城", "丙&丁公司\n（分公司）", "合伙企业"],
        ["东门", "戊公司", "\xa0"],
    ]


def test_a_lone_less_than_sign_is_text_and_a_cut_page_keeps_what_it_had(tmp_path):
    page = "<table><tr><td>人数<30</td><td>a<b</td><td>x &lt; y</td></tr><tr><td>乐清市统计局</td><td>28"
    (tmp_path / "cut.xls").write_text(page, encoding="utf-8")
    assert list(open_sheet(tmp_path / "cut.xls").rows()) == [
        (1, ["人数<30", "a<b", "x < y"]),
        (2, ["乐清市统计局", "28"]),
    ]


def test_several_tables_are_offered_like_sheets(cli, db, tmp_path):
    layout = "<table><tr><td>乐清市市场监督管理局</td></tr></table>"  # a page heading laid out as a table
    path = write_html(
        tmp_path / "导出.xls",
        [layout, html_table(UNIT_HEADER, UNITS[:1], caption="机关"), html_table(UNIT_HEADER, UNITS[1:])],
    )
    sheet = open_sheet(path)
    assert sheet.sheets == ["导出-表1", "机关", "导出-表3"]
    assert sheet.name == "机关"  # the first table holding data, as a workbook's first sheet
    assert open_sheet(path, "3").name == "导出-表3"
    r = cli("import", "units", str(path), "--sheet", "导出-表3", "--format", "json")
    assert report(r)["inserted"] == 1
    assert [u[0] for u in units(db)] == ["乐清市测试电器有限公司"]
    r = cli("import", "units", str(path), "--sheet", "名单")
    assert (r.exit_code, r.stderr.strip()) == (
        1,
        "导出.xls 中没有工作表“名单”；现有工作表：导出-表1、机关、导出-表3",
    )


def test_a_lone_table_takes_the_sheet_name_of_excels_web_export(tmp_path):
    path = write_html(tmp_path / "e.xls", [html_table(UNIT_HEADER, UNITS)], sheet="企业名单")
    assert open_sheet(path).sheets == ["企业名单"]


def test_rejected_rows_of_a_web_page_go_to_a_rejects_workbook(cli, db, tmp_path):
    rows = [*UNITS, ["乐清市教育局", "11330382002584591E", "机关", "", ""]]  # one check character off
    path = write_html(tmp_path / "名册.xls", [html_table(UNIT_HEADER, rows, title="名册")])
    r = cli("import", "units", str(path), "--skip-invalid", "--format", "json")
    assert (report(r)["inserted"], report(r)["rejected"]) == (2, 1)
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "名册.rejects.xlsx"))
    data = list(book.get_sheet_by_name(book.sheet_names[0]).iter_rows())
    assert data[1][:2] == ["乐清市教育局", "11330382002584591E"]
    assert data[1][-1].startswith("“统一社会信用代码”列：统一社会信用代码无效")


def test_a_web_page_without_a_table_is_refused_with_one_line(cli, db, tmp_path):
    (tmp_path / "x.xls").write_text("<html><body>没有符合条件的记录</body></html>", encoding="utf-8")
    r = cli("import", "units", str(tmp_path / "x.xls"))
    assert (r.exit_code, r.stderr) == (1, "x.xls 是网页（HTML），但里面没有表格，不能导入\n")
    assert units(db) == []


# ---------------------------------------------------------------------------------------------- XML


def test_an_xml_spreadsheet_named_xls_imports_with_its_types(cli, db, tmp_path):
    rows = [["乐清市统计局", "11330382002584590E", "机关", "057762512345", 28]]
    path = write_xml(
        tmp_path / "名册.xls",
        [xml_worksheet("共建单位", UNIT_HEADER, rows, title="2016年共建单位名册")],
        encoding="GB2312",
    )
    sheet = open_sheet(path)
    assert (sheet.fmt, sheet.encoding, sheet.name) == ("xml", "gb18030", "共建单位")
    assert list(sheet.rows()) == [
        (1, ["2016年共建单位名册", "", "", "", ""]),
        (2, list(UNIT_HEADER)),
        (3, ["乐清市统计局", "11330382002584590E", "机关", "057762512345", 28]),
    ]
    r = cli("import", "units", str(path), "--format", "json")
    assert report(r)["inserted"] == 1
    assert units(db) == [("乐清市统计局", "11330382002584590E", "government", "0577-62512345", 28)]


def test_xml_cells_keep_their_types_indexes_and_merges(tmp_path):
    sheet = (
        '<Worksheet ss:Name="S"><Table>'
        f"<Row>{xml_cell('名称')}{xml_cell('日期')}{xml_cell('人数')}{xml_cell('是否')}</Row>"
        f'<Row ss:Index="4">{xml_cell("甲", MergeDown=1)}'
        '<Cell><Data ss:Type="DateTime">2018-03-05T00:00:00.000</Data></Cell>'
        f"{xml_cell(1.5)}{xml_cell(True)}</Row>"
        f'<Row><Cell ss:Index="3"><Data ss:Type="Number">330382198505061233</Data></Cell></Row>'
        "</Table></Worksheet>"
    )
    path = write_xml(tmp_path / "t.xls", [sheet])
    assert list(open_sheet(path).rows()) == [
        (1, ["名称", "日期", "人数", "是否"]),
        (4, ["甲", datetime(2018, 3, 5), 1.5, True]),
        (5, ["甲", "", 330382198505061233]),
    ]


def test_worksheets_are_sheets_and_a_hidden_one_is_not_the_default(cli, db, tmp_path):
    path = write_xml(
        tmp_path / "book.xls",
        [
            xml_worksheet("参数", ("键", "值"), [["a", "b"]], hidden=True),
            xml_worksheet("机关", UNIT_HEADER, [UNITS[0]]),
            xml_worksheet("企业", UNIT_HEADER, [UNITS[1]]),
        ],
    )
    assert (open_sheet(path).sheets, open_sheet(path).name) == (["参数", "机关", "企业"], "机关")
    assert report(cli("import", "units", str(path), "--sheet", "企业", "--format", "json"))["inserted"] == 1
    assert [u[0] for u in units(db)] == ["乐清市测试电器有限公司"]


def test_an_xml_file_with_a_dtd_is_refused_before_it_is_parsed(cli, db, tmp_path):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Table><Row><Cell><Data ss:Type="String">'
        "&lol2;</Data></Cell></Row></Table></Worksheet></Workbook>"
    )
    (tmp_path / "bomb.xls").write_text(bomb, encoding="utf-8")
    r = cli("import", "units", str(tmp_path / "bomb.xls"))
    assert r.exit_code == 1
    assert r.stderr == (
        "bomb.xls 含有 DTD 或实体声明（<!DOCTYPE>、<!ENTITY>），Excel 的 XML 表格不会有这些，为安全起见拒绝读取\n"
    )


def test_a_cut_xml_spreadsheet_is_refused_with_one_line(cli, db, tmp_path):
    path = write_xml(tmp_path / "cut.xls", [xml_worksheet("S", UNIT_HEADER, UNITS)])
    path.write_bytes(path.read_bytes()[:-200])
    r = cli("import", "units", str(path))
    assert r.exit_code == 1
    assert r.stderr.startswith("cut.xls 的 XML 不完整或有误（") and r.stderr.count("\n") == 1
    assert units(db) == []


# ---------------------------------------------------------------------------------------------- limits


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        (
            "wide.xls",
            f"<table><tr><td colspan={guard.MAX_COLUMNS}>t</td><td>x</td></tr></table>",
            "rel_too_many_columns",
        ),
        (
            "wide.xml",
            '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"><Table><Row>'
            f'<Cell ss:Index="{guard.MAX_COLUMNS + 1}"><Data ss:Type="String">x</Data></Cell></Row></Table>'
            "</Worksheet></Workbook>",
            "rel_too_many_columns",
        ),
        (
            "across.xml",
            '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"><Table><Row>'
            '<Cell ss:MergeAcross="99999999"><Data ss:Type="String">x</Data></Cell></Row></Table>'
            "</Worksheet></Workbook>",
            "rel_too_many_columns",
        ),
        (
            "tall.xml",
            '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"><Table>'
            '<Row ss:Index="2000000"><Cell><Data ss:Type="String">x</Data></Cell></Row></Table>'
            "</Worksheet></Workbook>",
            "imp_too_many_rows",
        ),
    ],
)
def test_hostile_markup_hits_the_workbook_limits(tmp_path, name, content, key):
    path = tmp_path / name
    path.write_text(
        content if name.endswith(".xml") else f"<html><body>{content}</body></html>", encoding="utf-8"
    )
    with pytest.raises(FileProblem) as err:
        open_sheet(path)
    assert err.value.key == key


def test_a_markup_file_past_the_cell_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(markup, "MAX_CELLS", 1000)
    path = write_html(tmp_path / "big.xls", [html_table(ENTERPRISE_HEADER, enterprise_rows(120))])
    with pytest.raises(FileProblem) as err:
        open_sheet(path)
    assert err.value.key == "rel_sheet_too_large"
    assert "big.xls" in err.value.message() and "1,000" in err.value.message()


def test_a_markup_file_past_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    from gongjian.reading import spreadsheet

    monkeypatch.setattr(spreadsheet, "MAX_WORKBOOK_BYTES", 2000)
    path = write_html(tmp_path / "big.xls", [html_table(ENTERPRISE_HEADER, enterprise_rows(30))])
    with pytest.raises(FileProblem) as err:
        open_sheet(path)
    assert err.value.key == "imp_file_too_big"
