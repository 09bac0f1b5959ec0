"""Exports at city scale (#23): CSV streamed from SQLite exactly as `to_csv` writes it, xlsx that continues
past a sheet's last row instead of dropping rows, cuts that are counted and said, and Ctrl-C that leaves
the old file in place. Excel's limits are lowered through a parameter so that each test runs in a moment."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from types import SimpleNamespace

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reliability_data import fill_db

from gongjian.ledger import Ledger
from gongjian.reports import export
from gongjian.reports.export import export_files, export_table
from gongjian.reports.listings import Kind
from gongjian.writing import table as tables
from gongjian.writing import xlsx
from gongjian.writing.table import Column

# Notes a clerk might type or paste: commas, quotes, line breaks (LF, CRLF, a lone CR), text a
# spreadsheet would run as a formula, and plain text around them.
NOTES = [
    "长期结对，共建菜园",
    "含税，另附清单",
    '俗称"老街"',
    "第一行\n第二行",
    "从 Word 粘贴\r\n两行",
    "旧系统导出\r残留",
    '=HYPERLINK("http://x","点我")',
    "+86 0577",
    "-5 人次",
    "@张晓京",
    "\t缩进",
    "普通备注",
]


@pytest.fixture
def noted(db):
    """The small 乐清 ledger, plus one unit per note above (乐清市测试单位01 …)."""
    fill_db(db)
    with Ledger.open(db) as ledger:
        ledger.store.argv = "gongjian test notes"
        for i in range(1, len(NOTES) + 1):
            ledger.roster.add_unit(name=f"乐清市测试单位{i:02d}", kind="企业")
    # The notes as typed, line breaks and tabs included (entry folds them; an older ledger may hold them).
    conn = sqlite3.connect(db)
    with conn:
        for i, note in enumerate(NOTES, start=1):
            conn.execute("UPDATE units SET note = ? WHERE name = ?", (note, f"乐清市测试单位{i:02d}"))
    conn.close()
    return db


def _reference(db) -> str:
    """What `writing.table.to_csv` writes for the units table, with the CRLF line ends of an export."""
    with Ledger.open(db) as ledger:
        table = export_table(ledger, "units")
        out = io.StringIO()
        tables.to_csv(table, out)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    line = io.StringIO()
    csv.writer(line, lineterminator="\r\n").writerows(rows)
    return line.getvalue()


@pytest.mark.parametrize("chunk", [1, 3, 100_000])
def test_csv_export_is_to_csv_with_crlf_whatever_the_chunks(noted, tmp_path, monkeypatch, chunk):
    # chunk 1: clean rows take the joined fast path, the noted ones the csv module; 100,000: one mixed chunk
    monkeypatch.setattr(export, "CHUNK", chunk)
    with Ledger.open(noted) as ledger:
        done = export_files(ledger, "units", path=tmp_path / "单位 导出.csv")
    raw = (tmp_path / "单位 导出.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel and WPS need to read UTF-8
    text = raw[3:].decode("utf-8")
    assert text == _reference(noted)
    assert done["rows"] == 3 + len(NOTES)
    assert '"\'=HYPERLINK(""http://x"",""点我"")"' in text
    assert ",'+86 0577," in text and ",'-5 人次," in text and ",'@张晓京," in text
    assert '"第一行\n第二行"' in text and '"旧系统导出\r残留"' in text
    records = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["note"] for r in records[-len(NOTES) :]] == [
        n if not n.startswith(("=", "+", "-", "@", "\t")) else "'" + n for n in NOTES
    ]


def test_csv_export_masks_phones_in_both_paths(noted, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "CHUNK", 1)
    with Ledger.open(noted) as ledger:
        export_files(ledger, "units", path=tmp_path / "units.csv")
    text = (tmp_path / "units.csv").read_text(encoding="utf-8-sig")
    assert "13857712345" not in text
    assert "138****2345" in text


def test_json_export_streams_the_same_document_write_json_gives(noted, tmp_path):
    with Ledger.open(noted) as ledger:
        export_files(ledger, "units", fmt="json", path=tmp_path / "units.json")
        whole = io.StringIO()
        table = export_table(ledger, "units")
        keys = [c.key for c in table.columns if c.data]
        tables.write_json([{k: row.get(k) for k in keys} for row in table.rows], whole)
    assert (tmp_path / "units.json").read_text(encoding="utf-8") == whole.getvalue()
    assert json.loads(whole.getvalue())[-1]["note"] == "普通备注"


def _sheets(path):
    book = openpyxl.load_workbook(path, read_only=True)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def test_xlsx_export_continues_past_the_last_row_with_the_header_repeated(noted, tmp_path):
    with Ledger.open(noted) as ledger:
        done = export_files(ledger, "units", fmt="xlsx", path=tmp_path / "units.xlsx", max_rows=4)
        count = ledger.store.scalar("SELECT count(*) FROM units")
    sheets = _sheets(tmp_path / "units.xlsx")
    names = list(sheets)
    assert names == ["units", "units (2)", "units (3)", "units (4)", "units (5)"]
    headers = {tuple(rows[0]) for rows in sheets.values()}
    assert len(headers) == 1 and next(iter(headers))[0] == "名称"
    body = [row for rows in sheets.values() for row in rows[1:]]
    assert len(body) == count == done["rows"] == 15  # 3 rows under each header, nothing dropped
    assert [r[0] for r in body[-len(NOTES) :]] == [f"乐清市测试单位{i:02d}" for i in range(1, len(NOTES) + 1)]
    written = done["written"][0]
    assert written.continued == {"units": names[1:]} and written.max_rows == 4


def test_cli_says_which_sheets_continue_and_how_many_cells_were_cut(noted, tmp_path, monkeypatch):
    from conftest import Cli

    monkeypatch.setattr(xlsx, "SHEET_ROWS", 10)
    monkeypatch.setattr(xlsx, "CELL_CHARS", 6)
    r = Cli(noted)("export", "units", "-f", "xlsx", "-o", str(tmp_path / "单位.xlsx"))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("已导出 units 15 条到 ")
    lines = r.stderr.splitlines()
    assert lines[0] == "units 超过 Excel 每张工作表 10 行的上限，其余行接着写在 units (2)（表头相同）"
    assert lines[1].startswith("注意：units 表有 ")
    assert (
        "超过 Excel 单元格上限（6 个字），xlsx 中只写入了前 6 个字；完整内容请用 gongjian export 的 -f csv"
        in lines[1]
    )
    sheets = _sheets(tmp_path / "单位.xlsx")
    assert sum(len(rows) - 1 for rows in sheets.values()) == 15
    assert sheets["units"][1][0] == "乐清市统计局"[:6]


def test_ctrl_c_during_an_export_leaves_the_old_file_and_says_so(noted, tmp_path, monkeypatch):
    from conftest import Cli

    target = tmp_path / "units.csv"
    target.write_bytes("上周的导出\r\n".encode())

    def interrupted(ledger, spec, out, **_):
        out.write("id,name\r\n1,半行".encode())
        raise KeyboardInterrupt

    monkeypatch.setattr(export, "write_csv", interrupted)
    r = Cli(noted)("export", "units", "-o", str(target))
    assert r.exit_code == 130
    assert r.stderr == "已取消，未做任何改动\n"
    assert target.read_bytes() == "上周的导出\r\n".encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["units.csv", noted.name, *_sidecars(noted)])


def _sidecars(db):
    return [p.name for p in db.parent.iterdir() if p.name.startswith(db.name) and p != db]


def test_ctrl_c_during_export_all_leaves_no_folder(noted, tmp_path, monkeypatch):
    from conftest import Cli

    calls = []

    def interrupted(ledger, spec, out, **_):
        calls.append(spec.name)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return 0

    monkeypatch.setattr(export, "write_csv", interrupted)
    r = Cli(noted)("export", "all", "-o", str(tmp_path / "导出 全部"))
    assert (r.exit_code, r.stderr) == (130, "已取消，未做任何改动\n")
    assert not (tmp_path / "导出 全部").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_a_file_open_in_excel_is_named_and_left_as_it_was(noted, tmp_path, monkeypatch):
    # Windows refuses to replace a file another program holds open; the rename is where it shows.
    from conftest import Cli

    from gongjian import paths

    target = tmp_path / "单位 名单.xlsx"
    target.write_bytes(b"old workbook")

    def refused(src, dst):
        raise PermissionError(13, "拒绝访问。", str(src))

    monkeypatch.setattr(paths.os, "replace", refused)
    r = Cli(noted)("export", "units", "-f", "xlsx", "-o", str(target))
    assert r.exit_code == 1
    assert (
        r.stderr
        == f"{target} 正被其他程序（如 Excel、WPS）打开，无法替换；请先关闭它再运行一次（原文件未改动）\n"
    )
    assert target.read_bytes() == b"old workbook"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


# Any text a ledger can hold (NUL never: the normalisers remove it), with the characters that matter to CSV
# and to spreadsheets drawn often; integers, reals and empty cells beside it.
_CELL_TEXT = st.text(
    st.one_of(
        st.sampled_from([",", '"', "\r", "\n", "=", "+", "-", "@", "\t", "'", " ", "、"]),
        st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
    ),
    max_size=12,
)
_CELL = st.one_of(st.none(), _CELL_TEXT, st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False))


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.tuples(_CELL, _CELL, _CELL, _CELL), max_size=8),
    chunk=st.integers(1, 4),
    plain=st.booleans(),
)
def test_csv_written_from_sqlite_is_the_csv_modules_text(rows, chunk, plain):
    """Any values, however the chunks fall: the lines SQLite builds (plain ones) and the careful rows give
    the bytes of the `csv` module writing the stored cells through `safe_cell` (a TEXT column stores a
    number as text; an INTEGER column keeps a real, written as Python writes it)."""
    if plain:  # mostly lines that take the fast path whole
        rows = [tuple(v.strip(',"\r\n=+-@\t') if isinstance(v, str) else v for v in row) for row in rows]
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, n INTEGER, phone TEXT, note TEXT, uid TEXT, "
        "created_at TEXT, updated_at TEXT)"
    )
    conn.executemany(
        "INSERT INTO t (a, n, phone, note, uid, created_at, updated_at) VALUES (?, ?, ?, ?, 'u', 'c', 'd')",
        rows,
    )
    spec = Kind(
        "t",
        (Column("a"), Column("n", "int"), Column("phone"), Column("note")),
        "SELECT * FROM t ORDER BY id",
    )
    out = io.BytesIO()
    original, export.CHUNK = export.CHUNK, chunk
    try:
        n = export.write_csv(SimpleNamespace(store=SimpleNamespace(conn=conn)), spec, out, show_pii=True)
    finally:
        export.CHUNK = original
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\r\n")
    writer.writerow(["a", "n", "phone", "note", "id", "uid", "created_at", "updated_at"])
    for row in conn.execute("SELECT a, n, phone, note, id, uid, created_at, updated_at FROM t ORDER BY id"):
        writer.writerow(["" if v is None else tables.safe_cell(v) for v in row])
    assert n == len(rows)
    assert out.getvalue() == expected.getvalue().encode()
    conn.close()
