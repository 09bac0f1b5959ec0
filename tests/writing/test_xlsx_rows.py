"""Row heights of a streamed listing: one line for texts that fit, taller rows for texts that wrap."""

from __future__ import annotations

import openpyxl

from gongjian.writing.table import Column
from gongjian.writing.xlsx import (
    Listing,
    WorkbookWriter,
    _book_formats,
    _lines,
    _one_line_chars,
    fast_width,
    stream_listing,
)


def test_the_one_line_bound_never_admits_a_text_that_wraps():
    for units in range(6, 49):
        most = _one_line_chars(units)
        assert _lines(fast_width("社" * most), units) == 1, units
        assert _lines(fast_width("社" * (most + 2)), units) > 1, units


def test_listing_rows_are_as_tall_as_their_longest_text_across_parts(tmp_path):
    cols = [
        Column("community", title="社区"),
        Column("name", title="活动名称"),
        Column("day", "date", title="日期"),
        Column("money", "money", title="金额（元）"),
    ]
    short, long_ = "垃圾分类宣传", "“红色物业”共建共治共享主题党日暨老旧小区加装电梯协商议事会" * 3
    rows = [
        ("北城社区", short, "2025-03-01", 120000),
        ("北城社区", long_, "2025-03-02", 50),
        ("西城社区", short, "2025-04-01", None),
        ("西城社区", long_, "2025-04-02", 999),
    ]
    path = tmp_path / "明细.xlsx"
    with WorkbookWriter(path, max_rows=6) as writer:
        listing = Listing("活动明细", cols, iter(rows), "2025年活动明细", count_unit="项", group="community")
        stream_listing(writer, _book_formats(writer), listing, "考评")
    wb = openpyxl.load_workbook(path)
    got = []
    for ws in wb.worksheets:
        for r in range(4, ws.max_row + 1):
            height = ws.row_dimensions[r].height or 15.0  # no height given: the sheet's 15 pt
            got.append((ws.cell(r, 2).value, height, ws.cell(r, 3).number_format))
    heights = {name: h for name, h, _ in got if name in (short, long_)}
    assert heights[short] == 15.0
    assert heights[long_] > 2 * 13.5
    assert [name for name, _, _ in got if name in (short, long_)] == [short, long_, short, long_]
    assert wb.sheetnames[:2] == ["活动明细", "活动明细 (2)"]
    dates = [fmt for name, _, fmt in got if name in (short, long_)]
    assert dates == ["yyyy-mm-dd"] * 4
