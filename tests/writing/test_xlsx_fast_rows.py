"""A listing's rows composed in one piece (`RowWriter`) are the bytes xlsxwriter's own path writes."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path
from tempfile import TemporaryDirectory
from unittest.mock import patch

import xlsxwriter
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gongjian.writing.table import Column
from gongjian.writing.xlsx import Listing, WorkbookWriter, _book_formats, stream_listing
from gongjian.writing.xlsx_rows import RowWriter

CREATED = datetime(2025, 12, 31, 18, 0, 0)
TRICKY = [
    "北城社区",
    "=SUM(A1:A9)",
    "+86 577",
    "<r>粗体</r>",
    "<r>未闭合",
    "_x0041_",
    "前_x00e9_后",
    "控制\x01字符\x1f",
    "制表\t换行\n",
    " 前导空格",
    "尾随空格 ",
    "\u3000全角空格",
    'a&b<c>"d"',
    "党建&物业",
    "a>b",
    "\ufffe\uffff",
    "😀 表情",
    "",
]
texts = st.one_of(st.sampled_from(TRICKY), st.text(max_size=60))
numbers = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
)
cells = st.one_of(st.none(), texts, numbers)
STYLES = {"body": {"level": 1, "hidden": True}, "sub": {"collapsed": True}, "tot": None}


@st.composite
def sheets(draw):
    """Rows of any width (the same width in a sheet): (row gap, height, style, values)."""
    width = draw(st.integers(min_value=1, max_value=30))
    row = st.tuples(
        st.integers(min_value=1, max_value=3),
        st.sampled_from([15.0, 15.0, 28.5, 42.0, 20.25]),
        st.sampled_from(sorted(STYLES)),
        st.lists(cells, min_size=width, max_size=width),
    )
    return width, draw(st.lists(row, min_size=1, max_size=25))


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def _write(path: Path, width: int, rows: list, *, fast: bool, strmax: int) -> None:
    """A constant-memory sheet: a header through xlsxwriter, then `rows` by RowWriter (fast) or by
    xlsxwriter's own write_string/write_number/write_blank and set_row (the reference)."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_urls": False})
    book.set_properties({"created": CREATED})
    formats = [
        book.add_format({"border": 1, "text_wrap": True}),
        book.add_format({"border": 1, "num_format": "#,##0.00"}),
        book.add_format({"border": 1, "bold": True}),
        book.add_format({"border": 1, "text_wrap": True}),  # the same as the first: one style index
    ]
    sheet = book.add_worksheet("明细")
    sheet.xls_strmax = strmax
    for c in range(width):
        sheet.write_string(0, c, f"列{c}")
    styles = {name: [formats[(c + i) % len(formats)] for c in range(width)] for i, name in enumerate(STYLES)}
    writer = RowWriter(sheet)
    for name, fmts in styles.items():
        writer.style(name, [(None, f) for f in fmts])
    r = 0
    for gap, height, name, values in rows:
        r += gap
        if fast and writer.put(r, values, height, name):
            continue
        sheet.set_row(r, height, None, STYLES[name])
        if fast:
            writer.learn(r, height, name)
        for c, (v, fmt) in enumerate(zip(values, styles[name], strict=True)):
            if v is None or v == "":
                sheet.write_blank(r, c, None, fmt)
            elif isinstance(v, str):
                sheet.write_string(r, c, v, fmt)
            else:
                sheet.write_number(r, c, v, fmt)
    sheet.write_string(r + 2, 0, "填表人：张晓红")
    book.close()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets(), st.sampled_from([24, 32_767]))
@example((3, [(1, 15.0, "body", ["<r>粗体</r>", 1.5, None])] * 3), 32_767)
@example((2, [(1, 15.0, "body", ["社" * 20_000, 7])] * 3), 32_767)
@example((1, [(1, 15.0, "body", ["控制\x01" * 10])] * 4), 24)
def test_composed_rows_are_the_bytes_xlsxwriter_writes(sheet, strmax):
    width, rows = sheet
    with TemporaryDirectory() as tmp:
        fast, slow = Path(tmp) / "fast.xlsx", Path(tmp) / "slow.xlsx"
        _write(fast, width, rows, fast=True, strmax=strmax)
        _write(slow, width, rows, fast=False, strmax=strmax)
        assert _members(fast) == _members(slow)


def test_a_row_it_does_not_cover_is_declined_and_nothing_is_written(tmp_path):
    book = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"), {"constant_memory": True})
    fmt = book.add_format({"border": 1})
    sheet = book.add_worksheet()
    writer = RowWriter(sheet)
    writer.style("body", [(None, fmt), (None, fmt)])
    sheet.set_row(1, 15.0)
    sheet.write_string(1, 0, "北城社区", fmt)
    sheet.write_number(1, 1, 3, fmt)
    writer.learn(1, 15.0, "body")
    assert writer.put(2, ["南城社区", 4], 15.0, "body")
    written = sheet.fh.tell()
    assert not writer.put(3, ["西城社区", float("inf")], 15.0, "body")  # xlsxwriter refuses infinity
    assert not writer.put(4, ["西城社区", True], 15.0, "body")  # neither text nor a number
    assert not writer.put(5, ["西城社区"], 15.0, "body")  # not the style's width
    assert not writer.put(6, ["西城社区", 5], 28.5, "body")  # a height it has not learned
    assert not writer.put(2, ["东城社区", 5], 15.0, "body")  # a row already written
    assert sheet.fh.tell() == written
    assert (sheet.dim_rowmax, sheet.dim_colmax) == (2, 1)
    book.close()


LISTING_COLUMNS = [
    Column("community", title="社区"),
    Column("name", title="活动名称"),
    Column("day", "date", title="日期"),
    Column("hours", "score", title="时长（小时）"),
    Column("money", "money", title="金额（元）"),
    Column("people", "int", title="人数"),
    Column("kind", "enum", enum="member_kind", title="类别"),
    Column("met", "bool", title="达标"),
    Column("share", "percent", title="占比"),
]
records = st.tuples(
    st.sampled_from(["北城社区", "西城社区", "东城社区"]),
    st.one_of(st.none(), texts),
    st.one_of(st.none(), st.sampled_from(["2025-03-01", "2025-12-31", "2025-02-30", "待定", ""])),
    st.one_of(st.none(), st.floats(min_value=0, max_value=24, allow_nan=False)),
    st.one_of(st.none(), st.integers(min_value=-(10**9), max_value=10**12)),
    st.one_of(st.none(), st.integers(min_value=0, max_value=500)),
    st.one_of(st.none(), st.sampled_from(["in_service", "registered", "未知"])),
    st.one_of(st.none(), st.booleans(), st.integers(min_value=0, max_value=1)),
    st.one_of(st.none(), st.floats(min_value=0, max_value=1, allow_nan=False)),
)


def _listing_book(path: Path, rows: list, max_rows: int) -> None:
    with WorkbookWriter(path, font=("宋体", 11), max_rows=max_rows, max_chars=40) as writer:
        writer.book.set_properties({"created": CREATED})
        listing = Listing(
            "活动明细",
            LISTING_COLUMNS,
            iter(sorted(rows, key=lambda r: r[0])),
            "2025年活动明细",
            subtitle="填报单位：乐清市城东街道",
            count_unit="项",
            group="community",
        )
        stream_listing(writer, _book_formats(writer), listing, "2025年度考评")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records, max_size=40), st.sampled_from([9, 20, 1000]))
def test_a_listing_written_in_one_piece_per_row_is_the_same_workbook(rows, max_rows):
    with TemporaryDirectory() as tmp:
        fast, slow = Path(tmp) / "fast.xlsx", Path(tmp) / "slow.xlsx"
        _listing_book(fast, rows, max_rows)
        with patch.object(RowWriter, "put", lambda *args: False):
            _listing_book(slow, rows, max_rows)
        assert _members(fast) == _members(slow)
