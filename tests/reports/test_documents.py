"""The Word documents offices print, read back with python-docx: the 《共建协议书》, a member's 活动记录卡, a
unit's 反馈表 and the year's work report — what each says, its tables and 合计 rows, its fonts, the
signature and seal blocks, masking, and that LibreOffice renders every one of them."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import zipfile

import pytest
from assessment_data import build
from conftest import Cli
from docx import Document
from docx.oxml.ns import qn
from records_support import ID_WANG

WANG_PHONE = "13857712345"


def text_of(path) -> str:
    """Every paragraph and every table cell of a document, one per line."""
    doc = Document(str(path))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append(" | ".join(c.text for c in row.cells))
    return "\n".join(lines)


def table_rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def east_asian_font(run) -> str | None:
    fonts = run._element.rPr.rFonts if run._element.rPr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


@pytest.fixture(scope="module")
def town_master(tmp_path_factory):
    """北城社区 with 乐清市统计局 (lead, agreement BC-2016-001) and 乐清中学; two members and their services."""
    path = tmp_path_factory.mktemp("docs") / "town.db"
    from gongjian.ledger import Ledger

    Ledger.open(path, create=True).close()
    cli = Cli(path)
    steps = [
        ("community", "add", "BC", "北城社区", "--street", "乐成街道", "--secretary", "张晓京"),
        (
            "unit",
            "add",
            "乐清市统计局",
            "--kind",
            "机关",
            "--party-org",
            "中共乐清市统计局机关支部",
            "--legal-rep",
            "陈建华",
        ),
        ("unit", "add", "乐清中学", "--kind", "学校"),
        ("pair", "add", "BC", "乐清市统计局", "--lead", "--started", "2015-01-01"),
        ("pair", "add", "BC", "乐清中学", "--started", "2015-01-01"),
        (
            "agreement",
            "add",
            "BC",
            "乐清市统计局",
            "--number",
            "BC-2016-001",
            "--signed",
            "2016-01-15",
            "--until",
            "2017-12-31",
            "--commitment",
            "节日慰问、环境整治",
        ),
        (
            "member",
            "add",
            "王建国",
            "--unit",
            "乐清市统计局",
            "--community",
            "北城社区",
            "--phone",
            WANG_PHONE,
            "--id-number",
            ID_WANG,
            "--registered",
            "2016-01-05",
            "--post",
            "环境整治",
        ),
        (
            "member",
            "add",
            "李秀英",
            "--unit",
            "乐清市统计局",
            "--community",
            "北城社区",
            "--phone",
            "13900008000",
            "--registered",
            "2016-02-01",
        ),
        ("member", "serve", "王建国", "--date", "2016-03-10", "--hours", "2", "--note", "垃圾分类督导"),
        ("member", "serve", "王建国", "--date", "2016-05-01", "--hours", "1.5", "--note", "平安巡防"),
        ("member", "serve", "王建国", "--date", "2017-01-03", "--hours", "1", "--note", "新年走访"),
        ("member", "serve", "李秀英", "--date", "2016-09-09", "--hours", "3", "--note", "四点半课堂辅导"),
    ]
    for args in steps:
        r = cli(*args)
        assert r.exit_code == 0, (args, r.stderr)
    return path


@pytest.fixture
def town(town_master, tmp_path):
    path = tmp_path / "town.db"
    shutil.copy(town_master, path)
    return Cli(path)


# ---------------------------------------------------------------------------- 《共建协议书》
def test_agreement_document(town, tmp_path):
    out = tmp_path / "协议书.docx"
    r = town("agreement", "show", "BC-2016-001", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert r.stdout == f"已生成 共建协议书：{out.resolve()}\n"
    doc = Document(str(out))
    assert doc.paragraphs[0].text == "社区共建协议书"
    assert east_asian_font(doc.paragraphs[0].runs[0]) == "黑体"
    text = text_of(out)
    assert "协议编号：BC-2016-001" in text
    assert "经北城社区党组织（甲方）与乐清市统计局（乙方）协商一致" in text  # the template, filled in
    parties = table_rows(doc.tables[0])
    assert parties[0] == ["甲方（社区）", "北城社区", "乙方（共建单位）", "乐清市统计局"]
    assert parties[1] == ["负责人", "张晓京", "法定代表人", "陈建华"]  # the unit's, as its register gives it
    assert "自2016年1月15日起至2017年12月31日止。" in text
    assert "1. 节日慰问" in text and "2. 环境整治" in text
    for heading in (
        "一、共建双方",
        "二、共建期限",
        "三、共建内容",
        "四、甲方的权利和义务",
        "五、乙方的权利和义务",
    ):
        assert heading in text, heading
    assert "组织本单位在职党员到居住地社区报到，每人每年参加社区服务不少于2次。" in text
    seals = table_rows(doc.tables[-1])[0]
    assert seals[0].splitlines() == [
        "甲方（盖章）：北城社区",
        "负责人（签字）：＿＿＿＿＿＿",
        "签订日期：2016年1月15日",
    ]
    assert seals[1].splitlines() == [
        "乙方（盖章）：乐清市统计局",
        "负责人（签字）：＿＿＿＿＿＿",
        "签订日期：2016年1月15日",
    ]
    with zipfile.ZipFile(out) as z:  # 第 N 页 共 M 页 in the footer, as fields
        footer = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
    assert "PAGE" in footer and "NUMPAGES" in footer and "第 " in footer and " 页 共 " in footer


def test_agreement_document_refusals(town, tmp_path):
    r = town("agreement", "show", "BC-2016-001", "-o", str(tmp_path / "协议书.pdf"))
    assert (r.exit_code, r.stderr) == (2, f"只能写成 Word 文档（.docx）：{tmp_path / '协议书.pdf'}\n")
    r = town("agreement", "show", "BC-2099-001", "-o", str(tmp_path / "协议书.docx"))
    assert (r.exit_code, r.stderr) == (1, "找不到协议：BC-2099-001\n")
    assert not (tmp_path / "协议书.docx").exists()


# ---------------------------------------------------------------------------- 活动记录卡
def test_member_card_document_masks_and_lists_the_years_services(town, tmp_path):
    out = tmp_path / "记录卡.docx"
    r = town("member", "card", "王建国", "-y", "2016", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    doc = Document(str(out))
    assert [p.text for p in doc.paragraphs[:2]] == ["在职党员到社区报到服务活动记录卡", "（2016年度）"]
    particulars = table_rows(doc.tables[0])
    assert particulars[0] == ["姓名", "王建国", "工作单位", "乐清市统计局"]
    assert particulars[2] == ["联系电话", "138****2345", "身份证号", "3303**********1233"]
    assert particulars[3][:2] == ["认领岗位", "环境整治"]
    services = table_rows(doc.tables[1])
    assert services == [
        ["序号", "日期", "服务内容", "服务时长（小时）"],
        ["1", "2016-03-10", "垃圾分类督导", "2.00"],
        ["2", "2016-05-01", "平安巡防", "1.50"],  # the service of 2017 is not on the 2016 card
        ["合计", "", "共 2 次", "3.50"],
    ]
    text = text_of(out)
    assert "2016年度共参加社区服务 2 次，累计 3.5 小时；每年应不少于 2 次，已达标；评定：合格。" in text
    assert "社区意见：" in text and "社区党组织（盖章）" in text
    with zipfile.ZipFile(out) as z:
        xml = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    assert WANG_PHONE not in xml and ID_WANG not in xml


def test_member_card_document_with_show_pii_is_audited(town, tmp_path):
    out = tmp_path / "记录卡.docx"
    r = town("member", "card", "王建国", "-y", "2016", "-o", str(out), "--show-pii")
    assert r.exit_code == 0, r.stderr
    assert table_rows(Document(str(out)).tables[0])[2] == ["联系电话", WANG_PHONE, "身份证号", ID_WANG]
    conn = sqlite3.connect(town.path)
    try:
        audits = [r[0] for r in conn.execute("SELECT command FROM audit_commands WHERE command LIKE '%pii'")]
    finally:
        conn.close()
    assert audits == ["member card --show-pii"]
    r = town("member", "card", "王建国", "-y", "2016", "-o", str(tmp_path / "卡.xlsx"))
    assert (r.exit_code, r.stderr) == (2, f"只能写成 Word 文档（.docx）：{tmp_path / '卡.xlsx'}\n")


# ---------------------------------------------------------------------------- 反馈表
def test_feedback_document_to_the_units_party_organisation(town, tmp_path):
    out = tmp_path / "反馈表.docx"
    r = town("member", "feedback", "-u", "统计局", "-y", "2016", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert r.stdout == f"已生成 反馈表：{out.resolve()}\n"
    doc = Document(str(out))
    text = text_of(out)
    assert doc.paragraphs[0].text == "在职党员到社区报到服务情况反馈表"
    assert "中共乐清市统计局机关支部：" in text  # the addressee: the unit's party organisation
    assert table_rows(doc.tables[0]) == [
        ["序号", "姓名", "居住社区", "认领岗位", "服务次数", "服务时长（小时）", "评定"],
        ["1", "李秀英", "北城社区", "", "1", "3.00", "不合格"],
        ["2", "王建国", "北城社区", "环境整治", "2", "3.50", "合格"],
        ["合计", "共 2 人", "", "", "3", "6.50", ""],
    ]
    assert "合计 2 人：优秀 0 人，合格 1 人，不合格 1 人。" in text
    assert "社区党组织意见：" in text and "社区党组织（盖章）" in text
    assert WANG_PHONE not in text and "138****" not in text  # the sheet needs no phone
    # the Excel sheet is still written for .xlsx, and anything else is refused
    r = town("member", "feedback", "-u", "统计局", "-y", "2016", "-o", str(tmp_path / "反馈表.xlsx"))
    assert r.exit_code == 0 and (tmp_path / "反馈表.xlsx").exists()
    r = town("member", "feedback", "-u", "统计局", "-y", "2016", "-o", str(tmp_path / "反馈表.pdf"))
    assert (r.exit_code, r.stderr) == (
        1,
        f"反馈表只能写成 Excel（.xlsx）或 Word（.docx）：{tmp_path / '反馈表.pdf'}\n",
    )


# ---------------------------------------------------------------------------- the year's work report
@pytest.fixture
def city(cli, ledger):
    build(ledger)
    ledger.store.set_name("乐成街道共建办")
    return cli


def test_year_report_document(city, tmp_path):
    out = tmp_path / "年度报告.docx"
    r = city("report", "year", "2016", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert r.stdout == f"已生成 年度工作报告：{out.resolve()}\n"
    data = json.loads(city("report", "year", "2016", "--format", "json").stdout)
    totals = data["totals"]
    doc = Document(str(out))
    assert [p.text for p in doc.paragraphs[:2]] == ["2016年度社区共建工作报告", "（数据截至2016年12月31日）"]
    assert east_asian_font(doc.paragraphs[0].runs[0]) == "黑体"
    headings = [
        p
        for p in doc.paragraphs
        if p.text[:2] in {"一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、"}
    ]
    assert [p.text for p in headings] == [
        "一、总体情况",
        "二、共建活动",
        "三、资金物资",
        "四、问题整治",
        "五、在职党员",
        "六、契约化共建项目",
        "七、联席会议",
        "八、存在的问题",
    ]
    assert all(east_asian_font(p.runs[0]) == "黑体" for p in headings)
    body = next(p for p in doc.paragraphs if p.text.startswith("2016年度，3 个社区"))
    assert east_asian_font(body.runs[0]) == "仿宋"
    assert body.text == (
        "2016年度，3 个社区与 8 个（次）共建单位结对，开展共建活动 24 次，参加 2,875 人次；共建单位出资 83,999.99 元，"
        "捐赠物资折合 7,500.50 元；发现问题 10 个，已整改销号 4 个，不予处理 1 个，销号率 44.4%；"
        "报到在职党员 7 名，全年服务达标 3 名。"
    )
    communities = table_rows(doc.tables[0])
    assert communities[0] == ["社区", "牵头单位", "结对单位", "活动次数", "参加人次", "发现问题", "销号率"]
    assert communities[1] == ["北城社区", "乐清市统计局", "4", "15", "2,335", "7", "66.7%"]
    assert communities[-1] == ["合计", "", "8", "24", "2,875", "10", "44.4%"]
    for table in doc.tables:  # every table: borders on every cell, a 合计 row equal to the sum above
        assert table.style.name == "Table Grid"
        rows = table_rows(table)
        if rows[-1][0] != "合计":
            continue
        for ci, cell in enumerate(rows[-1][1:], start=1):
            numbers = [r[ci].replace(",", "") for r in rows[1:-1]]
            if cell and "%" not in cell and all(n.replace(".", "").isdigit() for n in numbers):
                assert float(cell.replace(",", "")) == pytest.approx(sum(float(n) for n in numbers)), (
                    rows[0],
                    ci,
                )
    tickets = next(table_rows(t) for t in doc.tables if table_rows(t)[0][:2] == ["社区", "发现问题"])
    assert tickets[-1] == ["合计", "10", "4", "1", str(totals["tickets_overdue"]), "44.4%"]
    text = text_of(out)
    assert "（一）全年无活动（1 条）" in text and "1. 乐清市税务局：2016年度未组织或参与任何共建活动" in text
    assert "注：本报告各项数据均为2016年12月31日当天的状态；金额单位为元。" in text
    assert doc.paragraphs[-2].text == "乐成街道共建办"  # 落款: the reporting unit, then the date
    assert doc.sections[0].page_width.mm == pytest.approx(210, abs=0.1)  # A4
    assert doc.sections[0].page_height.mm == pytest.approx(297, abs=0.1)
    r = city("report", "year", "2016", "-o", str(tmp_path / "报告.xlsx"))
    assert (r.exit_code, r.stderr) == (2, f"只能写成 Word 文档（.docx）：{tmp_path / '报告.xlsx'}\n")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_renders_every_document(town, city, tmp_path):
    files = {
        "协议书.docx": town("agreement", "show", "BC-2016-001", "-o", str(tmp_path / "协议书.docx")),
        "记录卡.docx": town("member", "card", "王建国", "-y", "2016", "-o", str(tmp_path / "记录卡.docx")),
        "反馈表.docx": town(
            "member", "feedback", "-u", "统计局", "-y", "2016", "-o", str(tmp_path / "反馈表.docx")
        ),
        "年度报告.docx": city("report", "year", "2016", "-o", str(tmp_path / "年度报告.docx")),
    }
    assert all(r.exit_code == 0 for r in files.values())
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *(str(tmp_path / f) for f in files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    for name in files:
        pdf = (tmp_path / name).with_suffix(".pdf").read_bytes()
        assert pdf.startswith(b"%PDF") and (pdf.count(b"/Type /Page") + pdf.count(b"/Type/Page")) >= 2, name
