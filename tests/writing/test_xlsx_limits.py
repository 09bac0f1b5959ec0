"""Every xlsx writer keeps every row (#23): past a sheet's last row the records continue on `名称 (2)` with
the header repeated, and a cell longer than a cell holds is cut and counted. Excel's limits (1,048,576 rows,
32,767 characters) are lowered through the writers' `max_rows` / `max_chars` so that the tests run at once."""

from __future__ import annotations

import openpyxl
import pytest
from assessment_data import build

from gongjian.reports import assessment as assessing
from gongjian.reports.book import write_workbook
from gongjian.writing.table import Column, Table
from gongjian.writing.xlsx import write_rows, write_tables


def _read(path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def _parts(sheets: dict[str, list[tuple]], base: str) -> list[str]:
    return [name for name in sheets if name == base or name.startswith(f"{base} (")]


@pytest.fixture
def assessed(ledger):
    build(ledger)
    ledger.store.set_name("测试台账")
    return ledger, assessing.assess(ledger, 2016)


def test_the_workbook_continues_each_long_listing_and_keeps_every_row(assessed, tmp_path):
    ledger, result = assessed
    whole = write_workbook(ledger, result, tmp_path / "全部.xlsx")
    assert whole.continued == {} and whole.cut == 0
    small = write_workbook(ledger, result, tmp_path / "考评 2016.xlsx", max_rows=9)
    full, parted = _read(tmp_path / "全部.xlsx"), _read(tmp_path / "考评 2016.xlsx")
    assert small.continued, "the test ledger must pass 9 rows somewhere"
    for base, parts in small.continued.items():
        assert _parts(parted, base) == [base, *parts]
        assert parts[0] == f"{base} (2)"
        first = parted[base]
        for name in parts:  # title, 填报单位 line and header repeated on every part
            assert parted[name][:3] == first[:3]
            assert len(parted[name]) <= 9
        body = [row for name in [base, *parts] for row in parted[name][3:] if any(v is not None for v in row)]
        assert body == [row for row in full[base][3:] if any(v is not None for v in row)], base
    assert "服务记录" in small.continued


def test_the_cli_names_the_continued_sheets_of_the_workbook(assessed, cli, tmp_path, monkeypatch):
    from gongjian.reports import book

    real = book.write_workbook
    monkeypatch.setattr(book, "write_workbook", lambda *a, **k: real(*a, **k, max_rows=9))
    r = cli("assess", "2016", "-o", str(tmp_path / "考评.xlsx"))
    assert r.exit_code == 0, r.stderr
    continued = [line for line in r.stderr.splitlines() if "超过 Excel 每张工作表 9 行的上限" in line]
    assert any(line.startswith("服务记录 超过") and "服务记录 (2)" in line for line in continued)
    assert not [n for n in _read(tmp_path / "考评.xlsx") if n.endswith(".partial")]


def test_a_table_sheet_continues_with_its_title_and_header(tmp_path):
    columns = [Column("name", title="单位名称"), Column("amount_fen", "money", title="金额（元）")]
    rows = [{"name": f"乐清市第{i}中学", "amount_fen": 100 * i} for i in range(1, 11)]
    table = Table(columns, iter(rows), title="捐赠明细", name="明细")
    written = write_tables(tmp_path / "明细.xlsx", [table], max_rows=5)
    sheets = _read(tmp_path / "明细.xlsx")
    assert list(sheets) == ["明细", "明细 (2)", "明细 (3)", "明细 (4)"]
    assert all(rows_[:2] == [("捐赠明细", None), ("单位名称", "金额（元）")] for rows_ in sheets.values())
    names = [r[0] for s in sheets.values() for r in s[2:]]
    assert names == [f"乐清市第{i}中学" for i in range(1, 11)]
    assert written.rows == 10 and written.continued == {"明细": ["明细 (2)", "明细 (3)", "明细 (4)"]}


def test_cells_longer_than_a_cell_holds_are_cut_and_counted(tmp_path):
    columns = [Column("title", title="问题"), Column("description", title="描述")]
    rows = [
        {"title": "路灯不亮", "description": "幸福路 12 号至 20 号路灯夜间不亮"},
        {"title": "垃圾", "description": "短"},
    ]
    written = write_tables(tmp_path / "问题.xlsx", [Table(columns, rows, name="问题")], max_chars=8)
    assert written.cut == 1 and written.max_chars == 8
    assert _read(tmp_path / "问题.xlsx")["问题"][1] == ("路灯不亮", "幸福路 12 号")


def test_the_rejects_file_continues_under_the_same_header(tmp_path):
    header = ["单位名称", "联系电话", "原行号", "错误原因"]
    rows = [[f"单位{i}", "0577-6251234", i + 1, "信用代码校验位不对"] for i in range(7)]
    written = write_rows(tmp_path / "导入.rejects.xlsx", "单位", header, iter(rows), max_rows=3)
    sheets = _read(tmp_path / "导入.rejects.xlsx")
    assert list(sheets) == ["单位", "单位 (2)", "单位 (3)", "单位 (4)"]
    assert all(s[0] == tuple(header) for s in sheets.values())
    assert [r[0] for s in sheets.values() for r in s[1:]] == [f"单位{i}" for i in range(7)]
    assert written.rows == 7 and written.continued["单位"] == ["单位 (2)", "单位 (3)", "单位 (4)"]
