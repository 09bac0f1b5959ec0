"""Hostile and broken input files (PRODUCT §8): one clear message, exit 1, the ledger unchanged, no traceback,
bounded memory — and hypothesis-generated rows never crash an import or leave a half-written ledger."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_data import ROOT, dump, env, fill
from typer.testing import CliRunner

from gongjian.cli import app
from gongjian.errors import GongjianError
from gongjian.ledger import Ledger
from gongjian.reading import normalize as n

MAX_RSS_MB = 300  # PRODUCT §9: a 100,000-row import stays under 300 MB; a bad file must not cost more
AS_LIMIT = 4 << 30  # address-space ceiling of the measured subprocess, so a runaway allocation fails fast

# Runs one import in a child process and reports its exit code and peak resident memory. The import runs
# one level down, so that getrusage(RUSAGE_CHILDREN) measures it alone: a process started straight from
# pytest inherits pytest's own high-water mark in ru_maxrss.
IMPORT = textwrap.dedent(
    """
    import resource, sys
    db, kind, source, limit = sys.argv[1:5]
    resource.setrlimit(resource.RLIMIT_AS, (int(limit), int(limit)))
    sys.argv = ["gongjian", "--db", db, "import", kind, source]
    from gongjian.cli import main
    main()
    """
)
MEASURE = textwrap.dedent(
    """
    import json, resource, subprocess, sys
    db, kind, source, out, limit, script = sys.argv[1:7]
    code = subprocess.call([sys.executable, "-c", script, db, kind, source, limit])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    with open(out, "w") as fh:
        json.dump({"code": code, "peak_mb": peak}, fh)
    sys.exit(code)
    """
)

# ---------------------------------------------------------------------------------------------- the corpus
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
    'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="共建单位" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def column(i: int) -> str:
    """Excel column letters of a 0-based index (0 -> A, 26 -> AA)."""
    name = ""
    i += 1
    while i:
        i, rest = divmod(i - 1, 26)
        name = chr(65 + rest) + name
    return name


def raw_xlsx(path: Path, sheet_data: str, extra: str = "") -> Path:
    """A minimal but valid xlsx written part by part, so a test can put anything in the sheet."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr(
            "xl/worksheets/sheet1.xml", f"{SHEET}{extra}<sheetData>{sheet_data}</sheetData></worksheet>"
        )
    return path


HEADER = '<row r="1">' + cell("A1", "单位名称") + cell("B1", "联系电话") + "</row>"
ROW = '<row r="2">' + cell("A2", "乐清市统计局") + cell("B2", "13857712345") + "</row>"


def good_xlsx(path: Path) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("共建单位")
    sheet.write_row(0, 0, ["单位名称", "单位类型", "联系电话"])
    for i in range(1, 300):
        sheet.write_row(i, 0, [f"乐清市共建单位{i:03d}", "机关", f"138{i:08d}"])
    book.close()
    return path


def make_not_spreadsheet(p: Path) -> Path:
    p = p.with_suffix(".xlsx")
    p.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n")
    return p


def make_truncated_zip(p: Path) -> Path:
    good = good_xlsx(p.with_name("good.xlsx"))
    p = p.with_suffix(".xlsx")
    data = good.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    return p


def make_huge_dimensions(p: Path) -> Path:
    """1.6 KB on disk; a reader that sizes the sheet from its last cell would need 16,384 × 1,048,576 cells."""
    far = '<row r="1048576">' + cell("XFD1048576", "x") + "</row>"
    return raw_xlsx(p.with_suffix(".xlsx"), HEADER + ROW + far, extra='<dimension ref="A1:XFD1048576"/>')


def make_empty_workbook(p: Path) -> Path:
    import xlsxwriter

    p = p.with_suffix(".xlsx")
    book = xlsxwriter.Workbook(str(p))
    book.add_worksheet("Sheet1")
    book.close()
    return p


def make_ten_thousand_columns(p: Path) -> Path:
    p = p.with_suffix(".csv")
    header = ["单位名称", "联系电话", *(f"第{i}列" for i in range(3, 10_001))]
    row = ["乐清市统计局", "13857712345", *("x" for _ in range(3, 10_001))]
    with open(p, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, row])
    return p


def make_ten_thousand_columns_xlsx(p: Path) -> Path:
    header = '<row r="1">' + "".join(cell(f"{column(i)}1", f"第{i + 1}列") for i in range(10_000)) + "</row>"
    return raw_xlsx(p.with_suffix(".xlsx"), header.replace("第1列", "单位名称", 1) + ROW)


def make_megabyte_cell(p: Path) -> Path:
    return raw_xlsx(p.with_suffix(".xlsx"), HEADER + '<row r="2">' + cell("A2", "乐" * (1 << 20)) + "</row>")


def make_megabyte_cell_csv(p: Path) -> Path:
    p = p.with_suffix(".csv")
    p.write_text("单位名称,联系电话\n" + "乐" * (1 << 20) + ",13857712345\n", encoding="utf-8")
    return p


def make_mixed_encodings(p: Path) -> Path:
    p = p.with_suffix(".csv")
    utf8 = "单位名称,联系电话\n乐清市统计局,13857712345\n".encode()
    p.write_bytes(utf8 * 40 + "乐清市财政局,13905771234\n".encode("gbk"))
    return p


def make_nul_bytes_csv(p: Path) -> Path:
    p = p.with_suffix(".csv")
    p.write_bytes("单位名称,联系电话\n乐清市\x00统计局,13857712345\n".encode())
    return p


def make_nul_in_xml(p: Path) -> Path:
    return raw_xlsx(p.with_suffix(".xlsx"), HEADER + '<row r="2">' + cell("A2", "乐清&#0;统计局") + "</row>")


def make_zip_bomb(p: Path) -> Path:
    """A workbook whose one sheet inflates from a few MB to 1.5 GB of XML."""
    p = p.with_suffix(".xlsx")
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write((SHEET + "<sheetData>" + HEADER).encode())
            filler = ("<!--" + "x" * (1 << 20) + "-->").encode()
            for _ in range(1536):
                fh.write(filler)
            fh.write(b"</sheetData></worksheet>")
    return p


CORPUS = {
    "not-a-spreadsheet": (make_not_spreadsheet, "不是表格文件"),
    "truncated-zip": (make_truncated_zip, "已损坏或不完整"),
    "huge-dimensions": (make_huge_dimensions, "XFD1048576"),
    "zip-bomb": (make_zip_bomb, "太大"),
    "empty-workbook": (make_empty_workbook, "是空的"),
    "10000-columns-csv": (make_ten_thousand_columns, "10000 列"),
    "10000-columns-xlsx": (make_ten_thousand_columns_xlsx, "10000 列"),
    "1mb-cell-xlsx": (make_megabyte_cell, "32767"),
    "1mb-cell-csv": (make_megabyte_cell_csv, "第 2 行"),
    "mixed-encodings": (make_mixed_encodings, "编码"),
    "nul-bytes-csv": (make_nul_bytes_csv, "nul-bytes-csv.csv"),
    "nul-in-xml": (make_nul_in_xml, "已损坏或不完整"),
}


@pytest.fixture(scope="module")
def ledger_master(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "ledger.db"
    with Ledger.open(path, create=True) as ledger:
        fill(ledger)
    return path


@pytest.mark.parametrize("case", list(CORPUS), ids=list(CORPUS))
def test_a_bad_file_gives_one_message_and_changes_nothing(ledger_master, tmp_path, case):
    import shutil

    make, phrase = CORPUS[case]
    db = tmp_path / "ledger.db"
    shutil.copy(ledger_master, db)
    source = make(tmp_path / case)
    before = dump(db)
    out = tmp_path / "measure.json"
    proc = subprocess.run(
        [sys.executable, "-c", MEASURE, str(db), "units", str(source), str(out), str(AS_LIMIT), IMPORT],
        capture_output=True,
        text=True,
        env=env(),
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 1, (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    measured = json.loads(out.read_text())
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr[:2000]
    assert source.name in lines[0] and phrase in lines[0], lines[0][:500]
    for leak in ("Traceback", "内部错误", "panicked", "backtrace", "Error:"):
        assert leak not in proc.stderr
    assert dump(db) == before
    assert measured["peak_mb"] < MAX_RSS_MB, measured
    print(f"\nFIGURE hostile {case}: exit 1, peak {measured['peak_mb']} MB, {lines[0][:120]}")


# ---------------------------------------------------------------------------------------------- generated rows
KINDS = [
    "机关",
    "事业单位",
    "国有企业",
    "非公企业",
    "社会组织",
    "学校",
    "医院",
    "驻军",
    "其他",
    "government",
    "private",
]
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
NAMES = st.one_of(
    TEXT,
    st.sampled_from(
        [
            "乐清市统计局",
            "乐清市　统计局",
            '=HYPERLINK("http://x","y")',
            "+86单位",
            "-减号单位",
            "@单位",
            "Robert'); DROP TABLE units;--",
            "（盖章）",
            "乐清市财政局（盖章）",
            "\x00",
            "  ",
        ]
    ),
    st.builds(lambda a, b: a + b, st.sampled_from(["乐清市", "柳市镇", "北白象镇"]), TEXT),
)
PHONES = st.one_of(
    st.none(),
    TEXT,
    st.from_regex(r"1[3-9]\d{9}", fullmatch=True),
    st.from_regex(r"0577-6\d{7}", fullmatch=True),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True).map(str),
)
MEMBERS = st.one_of(st.none(), st.integers(-5, 10**7).map(str), TEXT)
ROWS = st.lists(
    st.tuples(NAMES, st.one_of(st.none(), st.sampled_from(KINDS), TEXT), PHONES, MEMBERS),
    min_size=1,
    max_size=25,
)


def _write(path: Path, fmt: str, rows: list[tuple]) -> Path:
    header = ["单位名称", "单位类型", "联系电话", "党员数"]
    if fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([header, *[["" if v is None else v for v in r] for r in rows]])
        return path
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet("共建单位")
    sheet.write_row(0, 0, header)
    for i, r in enumerate(rows, start=1):
        for j, v in enumerate(r):
            if v is not None:
                sheet.write_string(i, j, v)
    book.close()
    return path


def _expected_names(rows: list[tuple]) -> set[str]:
    names = set()
    for name, *_ in rows:
        try:
            clean = n.unit_name(name)
        except GongjianError:
            continue
        if clean:
            names.add(clean)
    return names


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=ROWS, fmt=st.sampled_from(["csv", "xlsx"]))
def test_generated_rows_import_cleanly_or_are_refused_whole(tmp_path_factory, rows, fmt):
    folder = tmp_path_factory.mktemp("gen")
    db = folder / "ledger.db"
    with Ledger.open(db, create=True) as ledger:
        ledger.roster.add_unit(name="乐清市统计局", kind="机关")
    source = _write(folder / f"名册.{fmt}", fmt, rows)
    before = dump(db)
    r = CliRunner().invoke(app, ["--db", str(db), "import", "units", str(source)])
    assert r.exit_code in (0, 1), (r.exit_code, r.output, r.exception)
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    for leak in ("Traceback", "内部错误"):
        assert leak not in r.output
    if r.exit_code == 1:
        assert r.stderr.strip(), "a refusal always says why"
        assert dump(db) == before
        return
    with Ledger.open(db) as ledger:
        # names that differ only in what matching folds (`乐清市` and `×乐清市`) are one unit
        stored = {n.name_key(u["name"]) for u in ledger.roster.list_units()}
        assert {n.name_key(name) for name in _expected_names(rows)} <= stored
        assert ledger.maintenance.doctor() == []
