"""Reading the files clerks receive: encodings, delimiters, workbook formats, sheets, and every bad file.

Every bad file gives one clear Chinese line on stderr, exit 1, no traceback, and leaves the ledger as it was.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from gongjian.errors import FileProblem
from gongjian.ledger import Ledger
from gongjian.reading import spreadsheet

HEADER = "单位名称,统一社会信用代码,单位类型,联系电话\n"
ROWS = "乐清市统计局,11330382002584590E,机关,13857712345\n乐清市财政局,,机关,0577-62512345\n"


def names(db: Path) -> list[str]:
    with Ledger.open(db) as ledger:
        return [r["name"] for r in ledger.store.rows("SELECT name FROM units ORDER BY id")]


def imported(cli, path: Path, *args: str) -> dict:
    r = cli("import", "units", str(path), "--format", "json", *args)
    assert r.exit_code == 0, r.stdout + r.stderr
    return json.loads(r.stdout)


def refused(cli, db: Path, path: Path, *args: str, kind: str = "units") -> str:
    """Import a bad file: exit 1, one line on stderr, no traceback, nothing written."""
    r = cli("import", kind, str(path), *args)
    assert r.exit_code == 1, r.stdout
    assert "Traceback" not in r.stdout + r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    with Ledger.open(db) as ledger:
        assert ledger.store.scalar("SELECT count(*) FROM audit_commands") == 0
    return r.stderr.strip()


# ---------------------------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
    ],
)
def test_encodings_are_detected(cli, db, tmp_path, encoding, detected):
    path = tmp_path / "units.csv"
    text = HEADER + ROWS
    if encoding == "gb18030":
        text += "刘䶮工作室,,社会组织,\n"  # 䶮 is outside GBK: only GB18030 has it
    path.write_bytes(text.encode(encoding))
    assert spreadsheet.open_sheet(path).encoding == detected
    report = imported(cli, path)
    assert report["inserted"] == (3 if encoding == "gb18030" else 2)
    assert names(db)[:2] == ["乐清市统计局", "乐清市财政局"]
    if encoding == "gb18030":
        assert names(db)[2] == "刘䶮工作室"


def test_excel_unicode_text_is_tab_separated_utf16(cli, db, tmp_path):
    path = tmp_path / "导出.txt"
    path.write_bytes((HEADER + ROWS).replace(",", "\t").encode("utf-16"))
    sheet = spreadsheet.open_sheet(path)
    assert (sheet.encoding, sheet.delimiter) == ("utf-16", "\t")
    assert imported(cli, path)["inserted"] == 2


def test_undecodable_text_is_refused_not_guessed(cli, db, tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes("单位名称,备注\n".encode("gbk") + "Café Müller,Straße\n".encode("latin-1"))
    assert refused(cli, db, latin) == (
        "无法识别 latin.csv 的文字编码（既不是 UTF-8，也不是 GBK/GB18030）；请在 Excel 中另存为“CSV UTF-8”后再导入"
    )
    big5 = tmp_path / "big5.csv"
    big5.write_bytes("單位名稱,聯絡電話\n樂清市統計局,13857712345\n".encode("big5"))
    assert refused(cli, db, big5).startswith("无法识别 big5.csv 的文字编码")


@pytest.mark.parametrize(
    ("name", "kind"), [("名册.xlsx", "Excel"), ("名册.XLSM", "Excel"), ("名册.ods", "ODS")]
)
def test_a_text_file_named_as_a_workbook_is_not_a_workbook(cli, db, tmp_path, name, kind):
    fake = tmp_path / name
    fake.write_text("单位名称,单位类型\n乐清市统计局,机关\n", encoding="utf-8")
    suffix = fake.suffix
    assert refused(cli, db, fake) == (
        f"{name} 不是 {kind} 文件：扩展名是 {suffix}，内容却是纯文本；如果它是 CSV 表格，请把扩展名改为 .csv 再导入"
    )


def test_a_tab_separated_xls_is_still_read_as_the_text_it_is(cli, db, tmp_path):
    xls = tmp_path / "名册.xls"
    xls.write_text("单位名称\t单位类型\n乐清市统计局\t机关\n", encoding="utf-8")
    r = cli("import", "units", str(xls))
    assert r.exit_code == 0, r.output


def test_an_encoding_that_breaks_half_way_names_the_row(cli, db, tmp_path, monkeypatch):
    monkeypatch.setattr(spreadsheet, "SAMPLE_BYTES", 64)  # detect on the first line only
    path = tmp_path / "混合.csv"
    path.write_bytes((HEADER + ROWS).encode("utf-8") + "乐清市教育局,,机关,\n".encode("gbk"))
    assert refused(cli, db, path) == (
        "混合.csv 按 UTF-8 编码读取，但第 4 行附近不是有效的 UTF-8 文字；请在 Excel 中另存为“CSV UTF-8”后再导入"
    )


# ---------------------------------------------------------------------------------------------- text details


def test_gongjian_csv_quotes_are_undone_and_leading_zeros_kept(cli, db, tmp_path):
    path = tmp_path / "units.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "credit_code", "kind", "phone", "note"])
        writer.writerow(['\'=HYPERLINK("http://x")', "", "other", "'+86 138 5771 2345", "'-示范点"])
        writer.writerow(["'普通单位", "", "other", "", "'@备注"])
    assert imported(cli, path)["inserted"] == 2
    with Ledger.open(db) as ledger:
        rows = ledger.store.rows("SELECT name, phone, note FROM units ORDER BY id")
    assert rows == [
        {"name": '=HYPERLINK("http://x")', "phone": "13857712345", "note": "-示范点"},
        {"name": "'普通单位", "phone": None, "note": "@备注"},  # a quote before plain text stays
    ]


def test_codes_with_leading_zeros_survive(cli, db, tmp_path):
    path = tmp_path / "社区.csv"
    path.write_text("社区代码,社区名称\n0101,北城社区\n007,东门社区\n", encoding="utf-8")
    r = cli("import", "communities", str(path))
    assert r.exit_code == 0
    with Ledger.open(db) as ledger:
        assert [r["code"] for r in ledger.store.rows("SELECT code FROM communities ORDER BY id")] == [
            "0101",
            "007",
        ]


def test_row_numbers_count_records_not_lines(cli, db, tmp_path):
    path = tmp_path / "u.csv"
    path.write_text(
        '单位名称,地址,联系电话\n"乐清市统计局","乐成街道\n伯乐东路1号",13857712345\n乐清市财政局,,12345\n',
        encoding="utf-8",
    )
    r = cli("import", "units", str(path), "--format", "json")
    assert json.loads(r.stdout)["errors"][0]["row"] == 3


@pytest.mark.parametrize(("delimiter", "name"), [(";", "u.csv"), ("\t", "u.tsv"), ("|", "u.txt")])
def test_delimiters(cli, db, tmp_path, delimiter, name):
    path = tmp_path / name
    path.write_text((HEADER + ROWS).replace(",", delimiter), encoding="utf-8")
    assert imported(cli, path)["inserted"] == 2


# ---------------------------------------------------------------------------------------------- workbooks


def xlsx(
    path: Path, rows: list[list[object]], *, sheets: tuple[str, ...] = ("名册",), hidden_first: bool = False
) -> Path:
    """A workbook written by xlsxwriter (phones typed as numbers, as Excel keeps them)."""
    book = xlsxwriter.Workbook(str(path))
    for index, name in enumerate(sheets):
        ws = book.add_worksheet(name)
        for r, row in enumerate(rows if index == len(sheets) - 1 else [["填表说明：请按组织部口径填写"]]):
            for c, value in enumerate(row):
                if value is not None:
                    ws.write(r, c, value)
        if hidden_first and index == 0:
            ws.hide()
    if hidden_first:
        book.worksheets()[1].activate()
    book.close()
    return path


UNIT_ROWS = [
    ["单位名称", "联系电话", "党员数"],
    ["乐清市统计局", 13857712345, 43],
    ["乐清市财政局", 13754916701.0, 58.0],
]


def test_phones_stored_as_numbers(cli, db, tmp_path):
    path = xlsx(tmp_path / "u.xlsx", UNIT_ROWS)
    assert imported(cli, path)["inserted"] == 2
    with Ledger.open(db) as ledger:
        rows = ledger.store.rows("SELECT phone, party_members FROM units ORDER BY id")
    assert rows == [
        {"phone": "13857712345", "party_members": 43},
        {"phone": "13754916701", "party_members": 58},
    ]


def test_sheets(cli, db, tmp_path):
    path = xlsx(tmp_path / "u.xlsx", UNIT_ROWS, sheets=("说明", "名册"))
    assert refused(cli, db, path) == (
        "在 u.xlsx 的工作表“说明”前几十行中找不到表头；表头应包含这些列名中的几个：单位名称、统一社会信用代码、"
        "单位类型、党组织、党员数、联络员、联系电话、地址、法定代表人、备注"
    )
    assert (
        refused(cli, db, path, "--sheet", "花名册") == "u.xlsx 中没有工作表“花名册”；现有工作表：说明、名册"
    )
    assert imported(cli, path, "--sheet", "名册")["inserted"] == 2
    assert imported(cli, path, "--sheet", "2")["unchanged"] == 2
    assert imported(cli, path, "--sheet", " 名 册 ")["unchanged"] == 2


def test_hidden_first_sheet_is_passed_over(cli, db, tmp_path):
    path = xlsx(tmp_path / "u.xlsx", UNIT_ROWS, sheets=("隐藏", "名册"), hidden_first=True)
    assert spreadsheet.open_sheet(path).name == "名册"
    assert imported(cli, path)["inserted"] == 2


def test_sheet_of_a_csv(cli, db, tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    assert refused(cli, db, path, "--sheet", "名册") == "units.csv 是 CSV 文件，没有工作表“名册”"
    assert imported(cli, path, "--sheet", "units")["inserted"] == 2


def test_a_workbook_named_csv_is_read_as_a_workbook(cli, db, tmp_path):
    path = xlsx(tmp_path / "其实是表格.csv", UNIT_ROWS)
    assert imported(cli, path)["inserted"] == 2


def test_tab_separated_text_named_xls(cli, db, tmp_path):
    path = tmp_path / "系统导出.xls"
    path.write_bytes((HEADER + ROWS).replace(",", "\t").encode("gbk"))
    assert imported(cli, path)["inserted"] == 2


def soffice_convert(source: Path, fmt: str) -> Path:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed")
    subprocess.run(
        [office, "--headless", "--convert-to", fmt, "--outdir", str(source.parent), str(source)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return source.with_suffix("." + fmt)


def test_xls_and_ods_with_merged_cells(cli, db, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名册"
    ws.append(["2016年共建单位名册"])
    ws.merge_cells("A1:C1")
    ws.append(["单位名称", "联系电话", "备注"])
    ws.append(["乐清市统计局（盖章）", 13857712345, "牵头单位"])
    ws.append(["乐清市财政局", "0577-62512345", None])
    ws.merge_cells("C3:C4")
    source = tmp_path / "名册.xlsx"
    wb.save(source)
    for fmt in ("xls", "ods"):
        path = soffice_convert(source, fmt)
        assert spreadsheet.open_sheet(path).fmt == fmt
        report = imported(cli, path)
        assert report["inserted"] + report["unchanged"] == 2
    with Ledger.open(db) as ledger:
        assert ledger.store.rows("SELECT name, phone, note FROM units ORDER BY id") == [
            {"name": "乐清市统计局", "phone": "13857712345", "note": "牵头单位"},
            {"name": "乐清市财政局", "phone": "0577-62512345", "note": "牵头单位"},
        ]


# ---------------------------------------------------------------------------------------------- bad files


def test_bad_files(cli, db, tmp_path):
    good = xlsx(tmp_path / "good.xlsx", UNIT_ROWS)
    cases = {
        "empty.xlsx": (b"", "文件是空的：empty.xlsx"),
        "photo.xlsx": (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "photo.xlsx 不是表格文件（支持 .xlsx、.xls、.ods、.csv）",
        ),
        "report.csv": (
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
            "report.csv 不是表格文件（支持 .xlsx、.xls、.ods、.csv）",
        ),
        "half.xlsx": (
            good.read_bytes()[:1500],
            "half.xlsx 已损坏或不完整（可能没有下载或复制完），无法读取；请重新获取，或用 Excel 打开后另存",
        ),
        # web pages and XML spreadsheets are read (tests/reading/test_web_xls.py); these hold nothing to import
        "web.xls": (
            "<html><body><table><tr><td>单位名称</td></tr></table></body></html>".encode(),
            "web.xls 的工作表“web”表头（第 1 行）下没有数据行",
        ),
        "page.xls": (
            "<html><body><p>没有找到符合条件的记录</p></body></html>".encode(),
            "page.xls 是网页（HTML），但里面没有表格，不能导入",
        ),
        "old.xml": (
            b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
            "文件是空的：old.xml",
        ),
        "feed.xml": (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
            "feed.xml 是 XML 文件，但不是 Excel 的 XML 表格（XML Spreadsheet 2003），不能导入",
        ),
        "locked.xlsx": (
            spreadsheet.OLE_MAGIC + bytes(600) + "EncryptedPackage".encode("utf-16-le") + bytes(2000),
            "locked.xlsx 设有打开密码，请在 Excel 中取消密码后再导入",
        ),
        "letter.xls": (
            spreadsheet.OLE_MAGIC + bytes(3000),
            "letter.xls 不是可读取的 Excel 表格（可能是 Word 文档，或文件已损坏）",
        ),
        "blank.csv": (b"\n\n,,\n", "blank.csv 的工作表“blank”是空的"),
    }
    for name, (content, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        assert refused(cli, db, path) == message, name
    docx = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    assert refused(cli, db, docx) == "letter.xlsx 不是表格文件（支持 .xlsx、.xls、.ods、.csv）"
    assert refused(cli, db, tmp_path / "missing.xlsx") == f"找不到文件：{tmp_path / 'missing.xlsx'}"
    assert refused(cli, db, tmp_path) == f"{tmp_path} 是文件夹，不是表格文件"


def test_damaged_sheet_inside_a_valid_zip(cli, db, tmp_path):
    good = xlsx(tmp_path / "good.xlsx", UNIT_ROWS)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith("sheet1.xml"):
                data = data[: len(data) // 2]
            dst.writestr(info, data)
    message = refused(cli, db, broken)
    assert message.startswith("broken.xlsx 已损坏或不完整，无法读取（")


def test_too_many_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 3)
    path = tmp_path / "u.csv"
    path.write_text(HEADER + ROWS * 3, encoding="utf-8")
    with pytest.raises(FileProblem) as info:
        spreadsheet.open_sheet(path)
    assert info.value.message() == "文件行数太多：u.csv（8 行，上限 3 行）"


def test_decoding_helpers():
    assert spreadsheet.detect_encoding("单位".encode("gbk") + b"\xc3", complete=False) == "gb18030"
    assert spreadsheet.detect_encoding("单位".encode() + "名".encode()[:2], complete=False) == "utf-8"
    assert spreadsheet.sniff_delimiter("a;b;c\n1;2;3\n", ".csv") == ";"
    assert spreadsheet.encoding_label("gb18030") == "GBK/GB18030"


# ---------------------------------------------------------------------------------------------- progress


def test_no_progress_output_when_piped(cli, db, tmp_path):
    rows = "".join(f"乐清市第{i}共建单位,,非公企业,\n" for i in range(3500))
    path = tmp_path / "big.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    r = cli("import", "units", str(path))
    assert r.exit_code == 0
    assert r.stderr == ""
    assert r.stdout.splitlines()[0].startswith("导入共建单位：新增 3500，")
