"""Synthetic registers in the shapes other offices send them (issue #24), with invented names and valid
checksums: the market regulator's enterprise list, civil affairs' social-organisation list and the
party-member information system's roster — as xlsx, as a web page (HTML table) and as an XML Spreadsheet
2003, the last two named `.xls` as web systems name them."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gongjian.reading.normalize import _credit_check, _id_check

REGION = "330382"  # 乐清市

ENTERPRISE_HEADER = (
    "企业名称",
    "统一社会信用代码",
    "注册日期",
    "企业类型",
    "法人代表",
    "注册资金",
    "经营范围",
    "所在省份",
    "地区",
    "注册地址",
)
SOCIAL_HEADER = (
    "社会组织名称",
    "统一社会信用代码",
    "社会组织类型",
    "法定代表人",
    "住所",
    "成立登记日期",
    "登记状态",
)
MEMBER_HEADER = (
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "公民身份号码",
    "学历",
    "人员类别",
    "入党日期",
    "所在党支部",
    "工作单位及职务",
    "手机号码",
    "家庭住址",
)

# Registration types as the enterprise register writes them, and the kind each maps to.
ENTERPRISE_TYPES = (
    ("有限责任公司（自然人投资或控股）", "private"),
    ("有限责任公司（自然人独资）", "private"),
    ("个体工商户", "private"),
    ("股份有限公司（非上市、自然人投资或控股）", "private"),
    ("有限责任公司（国有独资）", "soe"),
    ("个人独资企业", "private"),
    ("普通合伙企业", "private"),
    ("有限责任公司（台港澳法人独资）", "private"),
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑"
GIVEN = ("建国", "晓燕", "海波", "丽娟", "志强", "秀英", "伟", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰")
TRADES = ("电器", "五金", "服饰", "模具", "科技", "贸易", "建材", "餐饮", "印刷", "物流")


def credit_code(prefix: str, seq: int, region: str = REGION) -> str:
    """A valid unified social credit code: `prefix` (authority + category), region, a 9-character body."""
    body = f"{prefix}{region}MA{seq:07d}"
    return body + _credit_check(body)


def id_number(seq: int, birth: str = "19850506", region: str = REGION) -> str:
    """A valid resident ID number (GB 11643-1999) born on `birth`."""
    body = f"{region}{birth}{seq % 1000:03d}"
    return body + _id_check(body)


def person(i: int) -> str:
    """An invented Chinese name."""
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)]


def enterprise_rows(count: int, *, start: int = 0) -> list[list[Any]]:
    """`count` rows of the enterprise register of 2018: every code valid, registration types in rotation."""
    rows = []
    for i in range(start, start + count):
        kind_text, _ = ENTERPRISE_TYPES[i % len(ENTERPRISE_TYPES)]
        prefix = "92" if kind_text == "个体工商户" else "91"
        rows.append(
            [
                f"乐清市{TRADES[i % len(TRADES)]}测试{i:05d}有限公司",
                credit_code(prefix, i),
                f"2018-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                kind_text,
                person(i),
                f"{(i % 50 + 1) * 10}万元人民币",
                "电器配件制造、销售",
                "浙江省",
                "温州市",
                f"浙江省乐清市乐成街道测试路{i % 300 + 1}号",
            ]
        )
    return rows


def expected_kind(i: int) -> str:
    """The kind the rule gives row `i` of `enterprise_rows`."""
    return ENTERPRISE_TYPES[i % len(ENTERPRISE_TYPES)][1]


def social_rows() -> list[list[Any]]:
    """A civil affairs list: a social group, a social-service body, a foundation, one revoked, one N/A."""
    return [
        [
            "乐清市测试书法家协会",
            credit_code("51", 1),
            "社会团体",
            "林海",
            "乐清市城东街道1号",
            "2015-06-01",
            "正常",
        ],
        [
            "乐清市测试社会工作服务中心",
            credit_code("52", 2),
            "民办非企业单位",
            "陈丽",
            "乐清市城南街道2号",
            "2016-03-01",
            "正常",
        ],
        [
            "乐清市测试慈善基金会",
            credit_code("53", 3),
            "基金会",
            "周勇",
            "乐清市乐成街道3号",
            "2017-01-09",
            "正常",
        ],
        [
            "乐清市测试象棋协会",
            credit_code("51", 4),
            "社会团体",
            "吴敏",
            "乐清市乐成街道4号",
            "2014-05-20",
            "撤销",
        ],
        [
            "乐清市测试养老服务中心",
            credit_code("52", 5),
            "N/A",
            "孙涛",
            "乐清市城东街道5号",
            "2018-08-08",
            "正常",
        ],
    ]


def member_rows(units: Sequence[str]) -> list[list[Any]]:
    """A party-member roster as the party-member information system exports it, one member per unit."""
    rows = []
    for i, unit in enumerate(units):
        rows.append(
            [
                person(i + 3),
                "男" if i % 2 else "女",
                "汉族",
                f"198{i % 10}-0{i % 9 + 1}-1{i % 9}",
                id_number(100 + i, birth=f"198{i % 10}0{i % 9 + 1}1{i % 9}"),
                "大学本科",
                "预备党员" if i % 3 == 2 else "正式党员",
                f"200{i % 10}-07-01",
                f"中共{unit}支部委员会",
                f"{unit} {'科员' if i % 2 else '办公室主任'}",
                f"1385771{2000 + i:04d}",
                f"乐清市乐成街道北城路{i + 1}号",
            ]
        )
    return rows


# ---------------------------------------------------------------------------------------------- files


def write_xlsx(path: Path, header: Sequence[str], rows: list[list[Any]], *, title: str | None = None) -> Path:
    """A register as an xlsx with an optional merged title row, codes and ID numbers as text."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Sheet1")
    at = 0
    if title:
        sheet.merge_range(0, 0, 0, len(header) - 1, title)
        at = 1
    sheet.write_row(at, 0, header)
    for r, row in enumerate(rows, start=at + 1):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value) if isinstance(value, str) else sheet.write(r, c, value)
    book.close()
    return path


def html_table(
    header: Sequence[str], rows: list[list[Any]], *, title: str | None = None, caption: str = ""
) -> str:
    """One `<table>` as an Excel-style web export writes it: a colspan title row, text-formatted cells."""
    out = ["<table border=1 cellspacing=0>"]
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    if title:
        out.append(f'<tr><td colspan={len(header)} style="font-size:18pt">{html.escape(title)}</td></tr>')
    out.append("<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr>")
    for row in rows:
        cells = "".join(
            f"<td class=xl24 style=\"mso-number-format:'\\@'\">{html.escape(str(v))}</td>" for v in row
        )
        out.append(f"<tr>{cells}</tr>")
    out.append("</table>")
    return "\n".join(out)


def write_html(path: Path, tables: list[str], *, charset: str = "gb2312", sheet: str | None = None) -> Path:
    """A web page holding `tables`, saved in `charset` and named as the web system names it (`.xls`)."""
    name = f"<x:Name>{html.escape(sheet)}</x:Name>" if sheet else ""
    page = (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40">\n'
        f'<head><meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
        '<style>.xl24{mso-number-format:"\\@";}</style>\n'
        "<!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets><x:ExcelWorksheet>"
        f"{name}<x:WorksheetOptions><x:Selected/></x:WorksheetOptions></x:ExcelWorksheet></x:ExcelWorksheets>"
        "</x:ExcelWorkbook></xml><![endif]-->\n</head>\n<body>\n" + "\n".join(tables) + "\n</body></html>\n"
    )
    path.write_bytes(page.encode("gb18030" if charset.lower() in ("gb2312", "gbk") else charset))
    return path


def xml_cell(value: Any, **attrs: Any) -> str:
    """One `<Cell>` of an XML Spreadsheet 2003, typed as Excel types it."""
    extra = "".join(f' ss:{k}="{v}"' for k, v in attrs.items())
    if value is None or value == "":
        return f"<Cell{extra}/>"
    if isinstance(value, bool):
        kind, text = "Boolean", "1" if value else "0"
    elif isinstance(value, int | float):
        kind, text = "Number", repr(value)
    else:
        kind, text = "String", html.escape(str(value))
    return f'<Cell{extra}><Data ss:Type="{kind}">{text}</Data></Cell>'


def xml_worksheet(
    name: str, header: Sequence[str], rows: list[list[Any]], *, title: str | None = None, hidden: bool = False
) -> str:
    """One `<Worksheet>`: a title merged across the table, the header, the rows."""
    out = [f'<Worksheet ss:Name="{html.escape(name)}"><Table>']
    if title:
        out.append(f"<Row>{xml_cell(title, MergeAcross=len(header) - 1)}</Row>")
    out.append("<Row>" + "".join(xml_cell(h) for h in header) + "</Row>")
    out.extend("<Row>" + "".join(xml_cell(v) for v in row) + "</Row>" for row in rows)
    out.append("</Table>")
    if hidden:
        out.append(
            '<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible>'
            "</WorksheetOptions>"
        )
    out.append("</Worksheet>")
    return "".join(out)


def write_xml(path: Path, worksheets: list[str], *, encoding: str = "UTF-8") -> Path:
    """An XML Spreadsheet 2003 holding `worksheets`, in `encoding`, named `.xls` as web systems do."""
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n'
        '<Styles><Style ss:ID="Default" ss:Name="Normal"/></Styles>\n'
        + "\n".join(worksheets)
        + "\n</Workbook>\n"
    )
    path.write_bytes(text.encode("gb18030" if encoding.lower() in ("gb2312", "gbk") else encoding))
    return path
