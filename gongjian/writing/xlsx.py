"""The xlsx writer: renders `gongjian.writing.table.Table`s into a workbook (the only module that writes xlsx).

Uses xlsxwriter in constant-memory mode: rows stream to disk, so a city-sized workbook needs little
memory. Every text cell is written as a string (never a formula), money as yuan numbers with `#,##0.00`,
rates as percentages, dates as real dates; header rows are frozen, filtered and repeated when printed on
A4 landscape; column widths count a CJK character as two columns.

A workbook is written beside its target under a temporary name and put in place when complete, so an
interrupted write never leaves half a file. Nothing is lost silently (`WorkbookWriter`): a sheet holds at most `SHEET_ROWS` rows (Excel's 1,048,576),
so a listing that would pass it continues on `名称 (2)`, `名称 (3)` … with its title and header repeated;
a cell holds at most `CELL_CHARS` characters (32,767), so a longer text is cut there and counted. Every
writer returns a `Written`: the rows it wrote, the sheets continued and the cells cut, for the command to say.
"""

from __future__ import annotations

import math
import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import Any

from gongjian.i18n import get_lang, t
from gongjian.paths import partial_name, put_in_place
from gongjian.vocab import ENUMS, term_label
from gongjian.writing.table import Column, Table, display
from gongjian.writing.xlsx_rows import Convert, RowWriter

INVALID_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})
SHEET_ROWS = 1_048_576  # the rows of one Excel sheet
CELL_CHARS = 32_767  # the characters (UTF-16 units) of one Excel cell
WIDTH_SAMPLE_ROWS = 400  # column widths are measured on the header and the first rows of a listing
PROGRESS_ROWS = 5_000  # a long sheet reports its progress every so many rows


def display_width(text: str) -> int:
    """Terminal/Excel width of text: wide and full-width (CJK) characters count as two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _drop_row_files(book) -> None:
    """Remove the rows a constant-memory book keeps in the temp folder until it is zipped (xlsxwriter
    removes them only when it closes the book): an interrupted write leaves no copy of the ledger there."""
    for sheet in book.worksheets():
        fh, name = getattr(sheet, "row_data_fh", None), getattr(sheet, "row_data_filename", None)
        if fh is not None:
            fh.close()
        if name:
            Path(name).unlink(missing_ok=True)


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (≤ 31 characters, no []:*?/\\)."""
    base = (name or "Sheet").translate(INVALID_SHEET_CHARS).strip("'")[:31] or "Sheet"
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        suffix = f"({n})"
        candidate = base[: 31 - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate


def part_name(name: str, part: int) -> str:
    """The name of a sheet's continuation: `服务记录 (2)` (cut so that the suffix fits in 31 characters)."""
    suffix = f" ({part})"
    base = (name or "Sheet").translate(INVALID_SHEET_CHARS).strip("'")
    return base[: 31 - len(suffix)] + suffix


@dataclass
class SheetRef:
    """Where a table landed: sheet name, header row, first/last data row (0-based), column per key."""

    name: str
    header_row: int
    first_row: int
    last_row: int
    columns: dict[str, int] = field(default_factory=dict)


@dataclass
class Written:
    """What a writer put in a file: its path, the data rows written, sheets continued, cells cut."""

    path: Path
    rows: int = 0
    name: str = ""  # what the file holds, for messages (an export's kind)
    continued: dict[str, list[str]] = field(default_factory=dict)  # sheet -> its continuation sheets
    cut: int = 0  # cells longer than `max_chars`, cut to it
    max_rows: int = SHEET_ROWS
    max_chars: int = CELL_CHARS


class WorkbookWriter:
    """Streams tables into one xlsx file; `book` is the xlsxwriter Workbook for charts and extras.

    `max_rows` and `max_chars` are Excel's limits unless given lower (the tests give small ones); every
    sheet the writer adds enforces them, and `written` counts what continued and what was cut.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        constant_memory: bool = True,
        font: tuple[str, int] | None = None,
        max_rows: int | None = None,
        max_chars: int | None = None,
    ) -> None:
        import xlsxwriter

        self.target = Path(path)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.path = partial_name(self.target)  # written here, renamed to `target` when complete
        fd = os.open(self.path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        os.close(fd)
        os.chmod(self.path, 0o600)
        self.max_rows = min(max_rows or SHEET_ROWS, SHEET_ROWS)
        self.max_chars = min(max_chars or CELL_CHARS, CELL_CHARS)
        self.written = Written(self.target, max_rows=self.max_rows, max_chars=self.max_chars)
        self.book = xlsxwriter.Workbook(
            str(self.path),
            {
                "constant_memory": constant_memory,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "default_date_format": "yyyy-mm-dd",
                **(
                    {
                        "default_format_properties": {"font_name": font[0], "font_size": font[1]},
                        "default_column_width": 72,
                        "default_row_height": 18,
                    }
                    if font
                    else {}
                ),
            },
        )
        self._names: set[str] = set()
        self.progress: Callable[[str, int, int | None], None] | None = None  # told as rows are written
        f = self.book.add_format
        self.fmt = {
            "title": f({"bold": True, "font_size": 14}),
            "header": f(
                {
                    "bold": True,
                    "bg_color": "#DDEBF7",
                    "border": 1,
                    "text_wrap": True,
                    "valign": "vcenter",
                    "align": "center",
                }
            ),
            "text": f({"valign": "top"}),
            "wrap": f({"valign": "top", "text_wrap": True}),
            "int": f({"num_format": "#,##0"}),
            "money": f({"num_format": "#,##0.00"}),
            "percent": f({"num_format": "0.0%"}),
            "score": f({"num_format": "0.00"}),
            "date": f({"num_format": "yyyy-mm-dd"}),
            "total_text": f({"bold": True, "top": 1}),
            "total_int": f({"bold": True, "top": 1, "num_format": "#,##0"}),
            "total_money": f({"bold": True, "top": 1, "num_format": "#,##0.00"}),
            "total_percent": f({"bold": True, "top": 1, "num_format": "0.0%"}),
            "total_score": f({"bold": True, "top": 1, "num_format": "0.00"}),
            "note": f({"text_wrap": True, "valign": "top"}),
        }

    def __enter__(self) -> WorkbookWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:  # a failed or interrupted write leaves no file behind (and no time is
            if self.book is not None:  # spent zipping what would be thrown away)
                self.book.fileclosed = True
                _drop_row_files(self.book)
                self.book = None
            self.path.unlink(missing_ok=True)
            return
        self.close()

    def close(self) -> None:
        """Finish the file (xlsxwriter assembles and zips it now: the `save` phase) and put it in place."""
        if self.book is not None:
            if self.progress is not None:
                self.progress("save", 0, None)
            try:
                self.book.close()
                self.book = None
                put_in_place(self.path, self.target)
            finally:
                self.path.unlink(missing_ok=True)

    def add_sheet(self, name: str, *, part_of: str | None = None, bounded: bool = False):
        """A new worksheet named `name` (made valid and unique) that keeps the writer's limits; with
        `part_of`, a continuation of that sheet, recorded in `written.continued`. A `bounded` sheet (the
        charts: a few rows per community) never continues and keeps Excel's own last row."""
        sheet = self.book.add_worksheet(sheet_name(name, self._names))
        sheet.xls_rowmax = SHEET_ROWS if bounded else self.max_rows
        sheet.xls_strmax = self.max_chars
        if part_of is not None:
            self.written.continued.setdefault(part_of, []).append(sheet.name)
        return sheet

    def too_long(self, text: str) -> bool:
        """True (and counted as cut) when `text` is longer than a cell holds."""
        if len(text) > self.max_chars // 2 and len(text.encode("utf-16-le")) // 2 > self.max_chars:
            self.written.cut += 1
            return True
        return False

    def write_cell(
        self, sheet, row: int, col: int, value: Any, column: Column, *, total: bool = False
    ) -> None:
        """Write one raw value the way its column kind asks; text is always a string, never a formula."""
        prefix = "total_" if total else ""
        kind = column.kind
        if value is None or value == "":
            sheet.write_blank(row, col, None, self.fmt[prefix + "text"] if total else None)
            return
        if kind == "money" and isinstance(value, int):
            sheet.write_number(row, col, value / 100, self.fmt[prefix + "money"])
        elif (
            kind in ("int", "percent", "score")
            and isinstance(value, int | float)
            and not isinstance(value, bool)
        ):
            fmt = "int" if kind == "int" else kind
            sheet.write_number(row, col, value, self.fmt[prefix + fmt])
        elif kind == "date" and isinstance(value, str) and len(value) == 10 and not total:
            try:
                sheet.write_datetime(row, col, date.fromisoformat(value), self.fmt["date"])
            except ValueError:
                sheet.write_string(row, col, value, self.fmt["text"])
        else:
            text = display(value, column)
            if sheet.write_string(row, col, text, self.fmt["total_text" if total else "text"]) == -2:
                self.written.cut += 1

    def add_table(
        self,
        table: Table,
        *,
        landscape: bool = True,
        widths: dict[str, int] | None = None,
    ) -> SheetRef:
        """Write a table as a new sheet: optional title row, frozen filtered header, rows, totals row.

        The rows stream (a list or a cursor); past `max_rows` they continue on `名称 (2)` with the title and
        header repeated. Column widths are measured on the header and the first rows. Progress is told as
        `("sheet:名称", rows written, table.expected)`.
        """
        base = table.name or table.title or "Sheet"
        cols = [c for c in table.columns if c.show]
        records: Iterator[dict[str, Any]] = iter(table.rows)
        sample = list(islice(records, WIDTH_SAMPLE_ROWS))
        longest = [display_width(c.label) for c in cols]
        for record in sample:
            for ci, c in enumerate(cols):
                value = record.get(c.key)
                if value is not None:
                    text = display(value, c)
                    w = len(text) if c.kind == "money" else display_width(text)
                    if w > longest[ci]:
                        longest[ci] = w
        col_widths = [
            (widths or {}).get(c.key) or min(max(longest[ci] + 2, 6), 60) for ci, c in enumerate(cols)
        ]
        tail = (1 if table.totals else 0) + 2 * len(table.footer)  # the rows after the records
        part = 1
        first_ref: SheetRef | None = None

        def open_part():
            name = base if part == 1 else part_name(base, part)
            sheet = self.add_sheet(name, part_of=None if part == 1 else first_ref.name)
            row = 0
            if table.title:
                sheet.write_string(0, 0, table.title, self.fmt["title"])
                row = 1
            for ci, c in enumerate(cols):
                sheet.write_string(row, ci, c.label, self.fmt["header"])
            for ci, width in enumerate(col_widths):
                sheet.set_column(ci, ci, width)
            sheet.set_paper(9)  # A4
            if landscape:
                sheet.set_landscape()
            sheet.fit_to_pages(1, 0)
            sheet.set_footer("&C&P / &N")
            return sheet, row

        def close_part(sheet, header_row: int, last: int) -> SheetRef:
            if cols:
                sheet.freeze_panes(header_row + 1, 0)
                sheet.autofilter(header_row, 0, max(last, header_row), len(cols) - 1)
                sheet.repeat_rows(header_row)
            return SheetRef(
                sheet.name, header_row, header_row + 1, last, {c.key: i for i, c in enumerate(cols)}
            )

        sheet, header_row = open_part()
        first_ref = SheetRef(sheet.name, header_row, header_row + 1, header_row)
        row = header_row + 1
        writers = [self._cell_writer(sheet, c) for c in cols]
        limit = self.max_rows
        progress, phase, total = self.progress, f"sheet:{base}", table.expected
        n = 0
        for record in chain(sample, records):
            if row >= limit:
                ref = close_part(sheet, header_row, row - 1)
                if part == 1:
                    first_ref = ref
                part += 1
                sheet, header_row = open_part()
                row = header_row + 1
                writers = [self._cell_writer(sheet, c) for c in cols]
            for ci, c in enumerate(cols):
                value = record.get(c.key)
                if value is None or value == "":
                    continue
                writers[ci](row, ci, value)
            row += 1
            n += 1
            if progress is not None and not n % PROGRESS_ROWS:
                progress(phase, n, total)
        last = row - 1
        if tail and row + tail > limit:  # the totals and footer go with the records, on a new part if need be
            ref = close_part(sheet, header_row, last)
            if part == 1:
                first_ref = ref
            part += 1
            sheet, header_row = open_part()
            row, last = header_row + 1, header_row
        if table.totals:
            for ci, c in enumerate(cols):
                self.write_cell(sheet, row, ci, table.totals.get(c.key), c, total=True)
            row += 1
        for line in table.footer:
            row += 1
            sheet.write_string(row, 0, line, self.fmt["text"])
        ref = close_part(sheet, header_row, last)
        self.written.rows += n
        return ref if part == 1 else first_ref

    def _cell_writer(self, sheet, column: Column):
        """`(row, col, value)` writing a non-empty raw value of `column` as `write_cell` does, prepared once."""
        kind = column.kind
        text_fmt = self.fmt["text"]

        def text(r: int, c: int, v: Any) -> None:
            if sheet.write_string(r, c, v if v.__class__ is str else display(v, column), text_fmt) == -2:
                self.written.cut += 1

        if kind in ("int", "percent", "score", "money"):
            fmt = self.fmt["int" if kind == "int" else kind]
            scale = 100 if kind == "money" else 1

            def number(r: int, c: int, v: Any) -> None:
                if v.__class__ is int or (v.__class__ is float and kind != "money"):
                    sheet.write_number(r, c, v / scale if scale != 1 else v, fmt)
                else:
                    text(r, c, display(v, column))

            return number
        if kind == "date":
            date_fmt = self.fmt["date"]

            def day(r: int, c: int, v: Any) -> None:
                if v.__class__ is str and len(v) == 10:
                    try:
                        sheet.write_datetime(r, c, date.fromisoformat(v), date_fmt)
                        return
                    except ValueError:
                        pass
                text(r, c, v if v.__class__ is str else display(v, column))

            return day
        if kind == "text":
            return text
        return lambda r, c, v: text(r, c, display(v, column))

    def add_notes(
        self,
        name: str,
        rows: list[tuple[str, ...]],
        *,
        header: tuple[str, ...] | None = None,
        widths: tuple[int, ...] = (18, 80),
        title: str | None = None,
    ) -> str:
        """A sheet of plain text rows (说明, notes): wrapped text, optional bold header."""
        sheet = self.add_sheet(name)
        r = 0
        if title:
            sheet.write_string(0, 0, title, self.fmt["title"])
            r = 2
        if header:
            for ci, text in enumerate(header):
                sheet.write_string(r, ci, text, self.fmt["header"])
            r += 1
        for values in rows:
            for ci, text in enumerate(values):
                sheet.write_string(r, ci, "" if text is None else str(text), self.fmt["note"])
            r += 1
        for ci, w in enumerate(widths):
            sheet.set_column(ci, ci, w)
        sheet.set_paper(9)
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        return sheet.name


def write_tables(
    path: Path | str,
    tables: Iterable[Table],
    *,
    notes: list[tuple[str, ...]] | None = None,
    notes_name: str = "说明",
    max_rows: int | None = None,
    max_chars: int | None = None,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> Written:
    """Write tables as sheets of one workbook (with an optional leading notes sheet); returns what it wrote."""
    with WorkbookWriter(path, max_rows=max_rows, max_chars=max_chars) as writer:
        writer.progress = progress
        if notes:
            writer.add_notes(notes_name, notes)
        for table in tables:
            writer.add_table(table)
    return writer.written


# ============================================================================ the evaluation workbook
# `assess YEAR -o FILE.xlsx`: 说明, 汇总, 单位考评, 活动明细, 资金物资, 问题台账, 在职党员, 服务记录, 图表
# (PRODUCT §6), laid out as Chinese official statistical tables are printed: the title merged and centred
# in 黑体, a 填报单位 / 统计截止 / 计量单位 line, a bold 宋体 header on a light fill, 宋体 body with thin
# borders on every cell, numbers right-aligned, wrapped text in rows tall enough for it, 合计 rows, a
# signature block, A4 landscape one page wide with the header repeated, the title in the page header and
# 第 N 页 共 M 页 in the footer. Big sheets stream straight from SQL cursors; each plain row is composed as
# one piece of XML, the bytes xlsxwriter would write (`xlsx_rows.RowWriter`), and the rest goes through
# xlsxwriter by one prepared writer per column, so a city's workbook costs less than xlsxwriter's own
# constant-memory writing of the same cells.

EXCEL_EPOCH = date(1899, 12, 30)

BODY_FONT, TITLE_FONT = "宋体", "黑体"
DEFAULT_FONT = (BODY_FONT, 11)  # the workbook's default: column widths count its digits
BODY_PT, TITLE_PT = 10, 18
LINE_PT = 13.5  # one line of 10-point 宋体
PAD_PT = 3.0
SINGLE_PAD_PT = 1.5
ONE_LINE_PT = LINE_PT + SINGLE_PAD_PT  # a row whose texts all fit one line
UNITS_PER_WIDTH = 0.85  # column-width units per display-width unit of 10-point text (a CJK character ≈ 1.7)
TEXT_CAP = 48  # a text column wider than this wraps
TEXT_FLOOR = 10  # and is never made narrower than this to fit the page
SHEET_UNITS = 210  # columns wider than this in sum make the widest text columns wrap sooner
LISTING_UNITS = 170  # a listing narrower than this gets wider text columns: it prints at about 80 %
SIGNATURE_PT = 40.0  # the signature row: room for a hand and a seal
FOOTER = "&C第 &P 页 共 &N 页"
BLANK_NAME = "＿＿＿＿＿＿"  # a line to sign on by hand


@dataclass
class Listing:
    """A sheet of records streamed from the ledger: columns and an iterable of tuples in column order.

    `subtitle` is the 填报单位 line; the 合计 row says `共 N {count_unit}`; with `group` (a column key, the
    rows ordered by it) a 小计 row follows each group and the records fold under it (分类汇总), so that the
    printed sheet shows the subtotals and the clerk opens a group on screen.
    """

    name: str
    columns: list[Column]
    rows: Any  # Iterable[Sequence[Any]] — e.g. an sqlite3 cursor
    title: str | None = None
    subtitle: str = ""
    count_unit: str = ""
    group: str | None = None


@dataclass
class AssessmentBook:
    """Everything the evaluation workbook shows, already computed (see `gongjian.reports.book`)."""

    title: str
    subtitles: dict[str, str]  # the 填报单位 line of the notes, summary, units and charts sheets
    signature: list[tuple[str, str | None]]  # (label, name or None: a line to sign by hand)
    notes: list[tuple[str, str]]
    rules_header: tuple[str, ...]
    rules_rows: list[tuple[str, ...]]
    rules_total: tuple[str, ...]
    scoring_notes: list[tuple[str, str]]
    summary: Table
    units: Table
    listings: list[Listing]
    charts: dict[str, Table]  # months, communities, categories, funds
    properties: dict[str, Any] = field(default_factory=dict)


def fast_width(text: str) -> int:
    """`display_width` for the row heights of big sheets: a character of 2 or more UTF-8 bytes counts two."""
    return len(text) + (len(text.encode()) - len(text)) // 2


def _units(width: int) -> int:
    """Column-width units that hold text `width` display columns wide."""
    return math.ceil(width * UNITS_PER_WIDTH) + 2


def _lines(width: int, units: float) -> int:
    """Lines a text `width` display columns wide takes in a wrapped column `units` wide."""
    return max(1, math.ceil(width * UNITS_PER_WIDTH / max(units - 2, 1)))


def _book_formats(writer: WorkbookWriter) -> dict[str, Any]:
    """The book's cell formats: per column kind a body, a 小计 and a 合计 format, and the frame's."""
    f = writer.book.add_format
    base = {"font_name": BODY_FONT, "font_size": BODY_PT, "border": 1, "valign": "vcenter"}
    kinds = {
        "text": {"text_wrap": True, "align": "left"},
        "center": {"align": "center", "text_wrap": True},
        "int": {"num_format": "#,##0", "align": "right"},
        "money": {"num_format": "#,##0.00", "align": "right"},
        "percent": {"num_format": "0.0%", "align": "right"},
        "score": {"num_format": "#,##0.00", "align": "right"},
        "date": {"num_format": "yyyy-mm-dd", "align": "center"},
    }
    out: dict[str, Any] = {}
    for kind, props in kinds.items():
        out[kind] = f({**base, **props})
        out["sub_" + kind] = f({**base, **props, "bold": True, "bg_color": "#F2F2F2"})
        out["tot_" + kind] = f({**base, **props, "bold": True, "bg_color": "#E7E6E6"})
    out.update(
        title=f({"font_name": TITLE_FONT, "font_size": TITLE_PT, "align": "center", "valign": "vcenter"}),
        subtitle=f({"font_name": BODY_FONT, "font_size": BODY_PT, "align": "left", "valign": "vcenter"}),
        header=f(
            {
                **base,
                "bold": True,
                "bg_color": "#DDEBF7",
                "text_wrap": True,
                "align": "center",
            }
        ),
        heading=f({"font_name": TITLE_FONT, "font_size": 12, "align": "left", "valign": "vcenter"}),
        signature=f({"font_name": BODY_FONT, "font_size": 11, "align": "left", "valign": "vcenter"}),
        key=f({**base, "bold": True, "align": "center", "text_wrap": True}),
        grade_fail=f({"font_color": "#9C0006", "bg_color": "#FFC7CE"}),
        grade_excellent=f({"font_color": "#006100", "bg_color": "#C6EFCE"}),
    )
    return out


def _kind_format(column: Column) -> str:
    """The format family of a column: text wraps, numbers align right, dates and short labels centre."""
    if column.kind in ("int", "money", "percent", "score", "date"):
        return column.kind
    if column.kind in ("enum", "bool"):
        return "center"
    return "text"


NUMERIC = ("int", "money", "percent", "score")


def _cell_writers(sheet) -> tuple[Any, Any]:
    """The sheet's string and number writers without xlsxwriter's A1-notation wrapper.

    The public `write_string`/`write_number` only check whether the row is given as "A1" text and then
    call these; a listing always passes integer rows and columns, so it calls them directly (a third of
    the per-cell Python cost of a city-sized sheet). Falls back to the public methods if they move.
    """
    string = getattr(sheet, "_write_string", None)
    number = getattr(sheet, "_write_number", None)
    if string is None or number is None:
        return sheet.write_string, sheet.write_number
    return string, number


def _row_setter(sheet) -> Callable[[int, float, str, dict | None], None]:
    """`(row, height, style, options)` sets a row's height and outline like `set_row`, cheaply.

    xlsxwriter stores a row's properties as one read-only entry per row (`row_info`, `row_sizes`); a
    listing's rows take a handful of distinct heights, so the first row of each height and style goes
    through `set_row` and the rest share its entries. Falls back to `set_row` if those move.
    """
    set_row = sheet.set_row
    info, sizes = getattr(sheet, "row_info", None), getattr(sheet, "row_sizes", None)
    if not isinstance(info, dict) or not isinstance(sizes, dict):
        return lambda row, height, style, options: set_row(row, height, None, options)
    made: dict[tuple[float, str], tuple[Any, Any]] = {}

    def put(row: int, height: float, style: str, options: dict | None) -> None:
        entry = made.get((height, style))
        if entry is None:
            set_row(row, height, None, options)
            if row in info and row in sizes:
                made[height, style] = info[row], sizes[row]
        else:
            info[row], sizes[row] = entry

    return put


def _one_line_chars(units: int) -> int:
    """The most characters that surely fit one line of a wrapped column `units` wide (2 columns each)."""
    n = 0
    while (n + 1) * 2 * UNITS_PER_WIDTH <= units - 2:
        n += 1
    return n


def _cell_values(columns: list[Column]) -> list[Convert]:
    """Per column, what a non-empty raw value is written as: a number (int/float) or a text; None: the
    value itself (text columns hold `str`, number columns numbers).

    Money is yuan (fen / 100); a date is its Excel serial number (cached per distinct ISO date), or the
    text as given when it is not a date; an enumeration shows its label, yes/no columns 是/否.
    """
    out: list[Convert] = []
    for col in columns:
        kind = col.kind
        if kind in ("int", "percent", "score", "text"):
            out.append(None)
        elif kind == "money":
            out.append(lambda v: v / 100)
        elif kind == "date":
            serials: dict[Any, int] = {}

            def serial(v, serials=serials):
                day = serials.get(v)
                if day is None:
                    try:
                        day = serials[v] = (date.fromisoformat(v) - EXCEL_EPOCH).days
                    except (TypeError, ValueError):
                        return str(v)
                return day

            out.append(serial)
        elif kind == "enum" and col.enum:
            zh = get_lang() == "zh"
            labels = {term.key: (term.zh if zh else term.en) for term in ENUMS[col.enum]}
            out.append(lambda v, labels=labels: labels.get(v) or str(v))
        elif kind == "bool":
            yes, no = t("yes"), t("no")
            out.append(lambda v, yes=yes, no=no: yes if v else no)
        else:
            out.append(partial(display, col=col))
    return out


def _column_writers(
    sheet, columns: list[Column], formats: list[Any], values: list[Convert] | None = None
) -> list:
    """One prepared callable per column: `(row, col, value)` writes a non-None value as `_cell_values`
    says, through xlsxwriter's own string or number writer. Every cell carries its column's format."""
    ws, wn = _cell_writers(sheet)
    out = []
    for convert, fmt in zip(values or _cell_values(columns), formats, strict=True):
        if convert is None:

            def write(r, c, v, f=fmt):
                (ws if v.__class__ is str else wn)(r, c, v, f)

        else:

            def write(r, c, v, f=fmt, convert=convert):
                x = convert(v)
                (ws if x.__class__ is str else wn)(r, c, x, f)

        out.append(write)
    return out


def _measure(columns: list[Column], sample: list[Sequence[Any]], *, least: int = 0) -> list[int]:
    """Column widths (units) from the header and sample rows; long text capped, the sum kept to a page."""
    widths = []
    for ci, c in enumerate(columns):
        label = max((display_width(part) for part in c.label.split("\n")), default=0)
        header = max(math.ceil(label / 2) + 3, 4)  # a header may take two lines
        longest = 0
        for record in sample:
            v = record[ci]
            if v is not None and v != "":
                longest = max(longest, display_width(display(v, c)))
        if c.kind in NUMERIC:
            longest += 1  # thousands separators and the sign
        elif c.kind == "date":
            longest = 10
        width = _units(max(header, longest))
        if c.kind in ("text", "list"):
            width = min(width, TEXT_CAP)
        widths.append(max(width, 6))
    wrap = [i for i, c in enumerate(columns) if c.kind in ("text", "list")]
    while sum(widths) > SHEET_UNITS:
        widest = max(wrap, key=lambda i: widths[i], default=None)
        if widest is None or widths[widest] <= TEXT_FLOOR:
            break
        widths[widest] -= 1
    spare = least - sum(widths)
    if spare > 0 and wrap:  # widen the text columns in proportion: fewer wrapped lines, more rows a page
        text = sum(widths[i] for i in wrap)
        for i in wrap:
            widths[i] += spare * widths[i] // text
    return widths


class OfficialSheet:
    """One sheet of the book: title, 填报单位 line, header, rows with borders, 小计/合计 rows, signature.

    A sheet that reaches the writer's `max_rows` continues on `名称 (2)` with the title, the 填报单位 line
    and the header repeated, so no record is ever dropped.
    """

    def __init__(
        self,
        writer: WorkbookWriter,
        formats: dict[str, Any],
        name: str,
        columns: list[Column],
        widths: list[int],
        *,
        title: str,
        subtitle: str,
        page_header: str,
    ) -> None:
        self.writer, self.formats, self.columns, self.widths = writer, formats, columns, widths
        self.title, self.subtitle, self.page_header = title, subtitle, page_header
        self.base = name
        self.part = 1
        kinds = [_kind_format(c) for c in columns]
        self.body = [formats[k] for k in kinds]
        # in a 小计/合计 row a yes/no column holds the number of 是
        self.counted = [Column(c.key, "int") if c.kind == "bool" else c for c in columns]
        sum_kinds = [_kind_format(c) for c in self.counted]
        self.sub = [formats["sub_" + k] for k in sum_kinds]
        self.tot = [formats["tot_" + k] for k in sum_kinds]
        self.values = {"body": _cell_values(columns), "sums": _cell_values(self.counted)}
        self.wrapped = [
            (ci, w) for ci, (c, w) in enumerate(zip(columns, widths, strict=True)) if kinds[ci] == "text"
        ]
        self.short = [(ci, _one_line_chars(w)) for ci, w in self.wrapped]
        self.refs: list[SheetRef] = []
        self.sheets: list[Any] = []
        self._open(name)

    def _open(self, name: str) -> None:
        """Start a sheet (the first, or a continuation): title, 填报单位 line, header, print set-up."""
        writer, formats, columns = self.writer, self.formats, self.columns
        sheet = writer.add_sheet(name, part_of=None if self.part == 1 else self.name)
        if self.part == 1:
            self.name = sheet.name
        self.sheet = sheet
        self.sheets.append(sheet)
        last = len(columns) - 1
        sheet.set_row(0, 34)
        sheet.merge_range(0, 0, 0, last, self.title, formats["title"])
        sheet.set_row(1, 20)
        sheet.merge_range(1, 0, 1, last, self.subtitle, formats["subtitle"])
        lines = max(
            _lines(display_width(c.label), w) if "\n" not in c.label else c.label.count("\n") + 1
            for c, w in zip(columns, self.widths, strict=True)
        )
        sheet.set_row(2, lines * LINE_PT + PAD_PT)
        for ci, c in enumerate(columns):
            sheet.write_string(2, ci, c.label, formats["header"])
        for ci, w in enumerate(self.widths):
            sheet.set_column(ci, ci, w)
        self.header_row = 2
        self.first = self.row = 3
        self.last_data = 2
        self.styles = {}
        self.rows = RowWriter(sheet)
        for style, cols, fmts, values in (
            ("body", columns, self.body, self.values["body"]),
            ("sub", self.counted, self.sub, self.values["sums"]),
            ("tot", self.counted, self.tot, self.values["sums"]),
        ):
            self.styles[style] = (_column_writers(sheet, cols, fmts, values), fmts)
            self.rows.style(style, list(zip(values, fmts, strict=True)))
        self.set_row = _row_setter(sheet)
        self.blank = sheet.write_blank
        sheet.freeze_panes(3, 0)
        sheet.repeat_rows(2)
        sheet.set_paper(9)  # A4
        sheet.set_landscape()
        sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        sheet.fit_to_pages(1, 0)
        sheet.set_header("&C" + self.page_header.replace("&", "&&"), margin=0.25)
        sheet.set_footer(FOOTER, margin=0.25)

    def make_room(self, rows: int) -> None:
        """Continue on the next part unless `rows` more rows fit in this sheet."""
        if self.row + rows <= self.writer.max_rows:
            return
        self.refs.append(self._ref(self.last_data))
        self.part += 1
        self._open(part_name(self.base, self.part))

    def height(self, record: Sequence[Any]) -> float:
        """Points a row needs to show every wrapped text whole (and a text too long for a cell is counted)."""
        for ci, most in self.short:
            v = record[ci]
            if v is not None and (v.__class__ is not str or len(v) > most):
                return self._height(record)
        return ONE_LINE_PT

    def _height(self, record: Sequence[Any]) -> float:
        """`height` for a row with a text that may take more than one line."""
        lines = 1
        for ci, units in self.wrapped:
            v = record[ci]
            if v is None:
                continue
            text = v if isinstance(v, str) else display(v, self.columns[ci])
            if len(text) * 2 * UNITS_PER_WIDTH <= units - 2:
                continue
            self.writer.too_long(text)
            lines = max(lines, _lines(fast_width(text), units))
        return lines * LINE_PT + (PAD_PT if lines > 1 else SINGLE_PAD_PT)

    def write(self, record: Sequence[Any], style: str = "body", options: dict | None = None) -> int:
        """Write one row of raw values (blank cells keep their borders); returns its row number."""
        if self.row >= self.writer.max_rows:
            self.make_room(1)
        row = self.row
        height = self.height(record)
        if not self.rows.put(row, record, height, style):  # the row in one piece, or through xlsxwriter:
            writers, fmts = self.styles[style]
            self.set_row(row, height, style, options)
            self.rows.learn(row, height, style)
            for ci, (w, v) in enumerate(zip(writers, record, strict=True)):
                if v is None or v == "":
                    self.blank(row, ci, None, fmts[ci])
                else:
                    w(row, ci, v)
        self.row += 1
        if style == "body":
            self.last_data = row
            self.writer.written.rows += 1
        return row

    def signature(self, items: list[tuple[str, str | None]]) -> None:
        """The block to sign and seal: one row (it never splits over two pages) under an empty one."""
        self.make_room(2)
        self.row += 1
        text = "　　　".join(f"{label}：{name or BLANK_NAME}" for label, name in items)
        self.sheet.set_row(self.row, SIGNATURE_PT)
        self.sheet.merge_range(self.row, 0, self.row, len(self.columns) - 1, text, self.formats["signature"])
        self.row += 1

    def _ref(self, last_data_row: int) -> SheetRef:
        """Filter buttons on this part's header; where its records are."""
        self.sheet.autofilter(self.header_row, 0, max(last_data_row, self.header_row), len(self.columns) - 1)
        return SheetRef(
            self.sheet.name,
            self.header_row,
            self.first,
            last_data_row,
            {c.key: i for i, c in enumerate(self.columns)},
        )

    def finish(self, last_data_row: int | None = None) -> SheetRef:
        """Filter buttons on the header of the last part; where the records of the first part are."""
        self.refs.append(self._ref(self.last_data if last_data_row is None else last_data_row))
        return self.refs[0]


def _total_row(columns: list[Column], label: str, count_text: str, sums: list[Any]) -> list[Any]:
    """A 小计/合计 row: the label, the count in the next text column, the sums of the number columns."""
    out: list[Any] = [label] + [None] * (len(columns) - 1)
    placed = False
    for ci, c in enumerate(columns[1:], start=1):
        if c.kind in NUMERIC or c.kind == "bool":
            out[ci] = sums[ci]
        elif not placed and c.kind in ("text", "list", "date", "enum"):
            out[ci] = count_text
            placed = True
    return out


class _Sums:
    """Running sums of a listing's number columns (money in fen, hours exact) and its count of 是."""

    def __init__(self, columns: list[Column]) -> None:
        self.numeric = [ci for ci, c in enumerate(columns) if c.kind in NUMERIC]
        self.flags = [ci for ci, c in enumerate(columns) if c.kind == "bool"]
        self.width = len(columns)
        self.reset()

    def reset(self) -> None:
        self.n = 0
        self.values: list[Any] = [0] * self.width

    def add(self, record: Sequence[Any]) -> None:
        self.n += 1
        values = self.values
        for ci in self.numeric:
            v = record[ci]
            if v is not None:
                values[ci] += v
        for ci in self.flags:
            if record[ci]:
                values[ci] += 1

    def row(self, columns: list[Column]) -> list[Any]:
        out = list(self.values)
        for ci in self.numeric:
            if columns[ci].kind == "percent" or not columns[ci].total:
                out[ci] = None
            elif columns[ci].kind == "score":
                out[ci] = round(out[ci], 2)
        return out


def stream_listing(
    writer: WorkbookWriter, formats: dict[str, Any], listing: Listing, page_header: str
) -> SheetRef:
    """Write a listing as a sheet of the book: rows, 小计 rows when grouped, the 合计 row; returns where.

    Past the writer's `max_rows` the listing continues on `名称 (2)`; the 小计 and 合计 rows follow the last
    record, wherever it landed. Progress is reported as `("sheet:名称", rows written, None)`.
    """
    cols = listing.columns
    rows = iter(listing.rows)
    sample = list(islice(rows, WIDTH_SAMPLE_ROWS))
    widths = _measure(cols, sample, least=LISTING_UNITS)
    out = OfficialSheet(
        writer,
        formats,
        listing.name,
        cols,
        widths,
        title=listing.title or listing.name,
        subtitle=listing.subtitle,
        page_header=page_header,
    )
    total = _Sums(cols)
    group_col = next((i for i, c in enumerate(cols) if c.key == listing.group), None)
    sub = _Sums(cols) if group_col is not None else None
    current: Any = None
    count_unit = listing.count_unit
    detail = {"level": 1, "hidden": True} if group_col is not None else None
    progress = writer.progress
    phase = f"sheet:{listing.name}"

    def close_group() -> None:
        label = t("xlsx_subtotal", group=current)
        record = _total_row(cols, label, t("xlsx_count", n=f"{sub.n:,}", unit=count_unit), sub.row(cols))
        out.write(record, "sub", {"collapsed": True})
        sub.reset()

    write = out.write
    for n, record in enumerate(chain(sample, rows), start=1):
        if group_col is not None:
            key = record[group_col]
            if sub.n and key != current:
                close_group()
            current = key
            sub.add(record)
        total.add(record)
        write(record, "body", detail)
        if progress is not None and not n % PROGRESS_ROWS:
            progress(phase, n, None)
    if sub is not None and sub.n:
        close_group()
    record = _total_row(
        cols, t("r_total"), t("xlsx_count", n=f"{total.n:,}", unit=count_unit), total.row(cols)
    )
    out.write(record, "tot")
    ref = out.finish()
    if group_col is not None:
        for sheet in out.sheets:
            sheet.outline_settings(True, True, True, False)
    return ref


def table_sheet(
    writer: WorkbookWriter,
    formats: dict[str, Any],
    table: Table,
    *,
    subtitle: str,
    page_header: str,
    signature: list[tuple[str, str | None]] | None = None,
) -> SheetRef:
    """A neutral table as a sheet of the book: its rows, its 合计 row (`table.totals`), the signature block."""
    cols = [c for c in table.columns if c.show]
    records = [tuple(r.get(c.key) for c in cols) for r in table.rows]
    totals = tuple(table.totals.get(c.key) for c in cols) if table.totals else None
    widths = _measure(cols, records + ([totals] if totals else []))
    out = OfficialSheet(
        writer,
        formats,
        table.name or table.title or "Sheet",
        cols,
        widths,
        title=table.title or "",
        subtitle=subtitle,
        page_header=page_header,
    )
    last = out.first - 1
    for record in records:
        last = out.write(record)
    if totals:
        out.write(totals, "tot")
    if signature:
        out.signature(signature)
    return out.finish(last)


NOTES_WIDTHS = (18, 40, 40, 26, 12)  # 说明: 考核内容, 考核标准, 扣分标准, 考核方式, 得分


def _wrapped_height(values: Sequence[str | None], widths: Sequence[int]) -> float:
    """Row height (points) that shows every wrapped cell whole."""
    lines = 1
    for text, width in zip(values, widths, strict=False):
        for part in (text or "").split("\n"):
            lines = max(lines, _lines(display_width(part), width))
    return lines * LINE_PT + PAD_PT


def _notes_sheet(writer: WorkbookWriter, formats: dict[str, Any], book: AssessmentBook) -> None:
    """说明: the facts of the year, the rules in the five-column 考评细则 form, then how each item scores."""
    sheet = writer.add_sheet(t("sheet_notes"))
    last = len(NOTES_WIDTHS) - 1
    value_width = sum(NOTES_WIDTHS[1:])
    sheet.set_row(0, 34)
    sheet.merge_range(0, 0, 0, last, book.title, formats["title"])
    sheet.set_row(1, 20)
    sheet.merge_range(1, 0, 1, last, book.subtitles["notes"], formats["subtitle"])
    row = 2

    def facts(items: list[tuple[str, str]]) -> None:
        nonlocal row
        for key, value in items:
            sheet.set_row(row, _wrapped_height((key, value), (NOTES_WIDTHS[0], value_width)))
            sheet.write_string(row, 0, key, formats["key"])
            sheet.merge_range(row, 1, row, last, value, formats["text"])
            row += 1

    def heading(text: str) -> None:
        nonlocal row
        row += 1
        sheet.set_row(row, 24)
        sheet.merge_range(row, 0, row, last, text, formats["heading"])
        row += 1

    facts(book.notes)
    heading(t("notes_rules_heading"))
    sheet.set_row(row, LINE_PT + PAD_PT)
    for ci, text in enumerate(book.rules_header):
        sheet.write_string(row, ci, text, formats["header"])
    row += 1
    for values in [*book.rules_rows, book.rules_total]:
        style = "tot_text" if values is book.rules_total else "text"
        sheet.set_row(row, _wrapped_height(values, NOTES_WIDTHS))
        for ci, text in enumerate(values):
            fmt = formats[style if ci < last else style.replace("text", "center")]
            if text:
                sheet.write_string(row, ci, text, fmt)
            else:
                sheet.write_blank(row, ci, None, fmt)
        row += 1
    heading(t("xlsx_scoring_heading"))
    facts(book.scoring_notes)
    for ci, width in enumerate(NOTES_WIDTHS):
        sheet.set_column(ci, ci, width)
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.fit_to_pages(1, 0)
    sheet.set_header("&C" + book.title.replace("&", "&&"), margin=0.25)
    sheet.set_footer(FOOTER, margin=0.25)


def _chart_block(sheet, formats: dict[str, Any], row: int, table: Table) -> tuple[int, int, int]:
    """Write a small chart-data table at column A from `row`; returns (header row, first, last data row)."""
    cols = [c for c in table.columns if c.show]
    sheet.set_row(row, 22)
    sheet.merge_range(row, 0, row, len(cols) - 1, table.title or "", formats["heading"])
    row += 1
    header = row
    for ci, c in enumerate(cols):
        sheet.write_string(row, ci, c.label, formats["header"])
    row += 1
    first = row
    kinds = [_kind_format(c) for c in cols]
    writers = _column_writers(sheet, cols, [formats[k] for k in kinds])
    for record in table.rows:
        for ci, c in enumerate(cols):
            v = record.get(c.key)
            if v is None:
                sheet.write_blank(row, ci, None, formats[kinds[ci]])
            else:
                writers[ci](row, ci, v)
        row += 1
    return header, first, row - 1


def _chart_height(key: str, n: int) -> int:
    """Chart height in pixels: 380, or taller for a bar per community when a city has many of them."""
    if key == "communities" and n > 16:
        return min(380 + (n - 16) * 18, 6000)
    return 380


def _charts_sheet(writer: WorkbookWriter, formats: dict[str, Any], book: AssessmentBook) -> None:
    """图表: the chart figures as small tables (column A–D) and native charts beside them."""
    sheet = writer.add_sheet(t("sheet_charts"), bounded=True)
    name = sheet.name
    charts = book.charts
    xbook = writer.book
    sheet.set_row(0, 34)
    sheet.merge_range(0, 0, 0, 13, book.title, formats["title"])
    sheet.set_row(1, 20)
    sheet.merge_range(1, 0, 1, 13, book.subtitles["charts"], formats["subtitle"])
    row = 3
    placed = []
    for key in ("months", "communities", "categories", "funds"):
        table = charts[key]
        if key == "categories":
            sheet.set_h_pagebreaks([row])  # two charts to a printed page
        header, first, last = _chart_block(sheet, formats, row, table)
        height = _chart_height(key, len(table.rows))
        placed.append((key, table, header, first, last, row, height))
        row = max(last + 3, row + height // 20 + 3)  # the next block starts below both table and chart
    for key, table, header, first, last, top, height in placed:
        if last < first:
            continue
        cats = [name, first, 0, last, 0]
        if key == "categories":
            chart = xbook.add_chart({"type": "pie"})
            chart.add_series(
                {
                    "name": table.columns[1].label,
                    "categories": cats,
                    "values": [name, first, 1, last, 1],
                    "data_labels": {"percentage": True, "category": True, "leader_lines": True},
                }
            )
        elif key == "funds":
            chart = xbook.add_chart({"type": "column", "subtype": "stacked"})
            for ci in (1, 2):
                chart.add_series(
                    {"name": [name, header, ci], "categories": cats, "values": [name, first, ci, last, ci]}
                )
            chart.set_y_axis({"name": t("chart_yuan"), "num_format": "#,##0"})
        elif key == "communities":
            chart = xbook.add_chart({"type": "bar"})
            chart.add_series(
                {
                    "name": [name, header, 1],
                    "categories": cats,
                    "values": [name, first, 1, last, 1],
                    "data_labels": {"value": True},
                }
            )
            chart.set_y_axis({"reverse": True})
            chart.set_legend({"none": True})
        else:
            chart = xbook.add_chart({"type": "column"})
            chart.add_series(
                {
                    "name": [name, header, 1],
                    "categories": cats,
                    "values": [name, first, 1, last, 1],
                    "data_labels": {"value": True},
                }
            )
            line = xbook.add_chart({"type": "line"})
            line.add_series(
                {
                    "name": [name, header, 2],
                    "categories": cats,
                    "values": [name, first, 2, last, 2],
                    "y2_axis": True,
                    "marker": {"type": "circle"},
                }
            )
            chart.combine(line)
            chart.set_y_axis({"name": table.columns[1].label})
            line.set_y2_axis({"name": table.columns[2].label})
        chart.set_title({"name": table.title or "", "name_font": {"name": TITLE_FONT, "size": 12}})
        chart.set_size({"width": 720, "height": height})
        sheet.insert_chart(top, 5, chart)
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 3, 14)
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.fit_to_pages(1, 0)
    sheet.set_header("&C" + book.title.replace("&", "&&"), margin=0.25)
    sheet.set_footer(FOOTER, margin=0.25)


def write_assessment_workbook(
    path: Path | str,
    book: AssessmentBook,
    *,
    progress: Callable[[str, int, int | None], None] | None = None,
    max_rows: int | None = None,
    max_chars: int | None = None,
) -> Written:
    """Write the evaluation workbook: 说明, 汇总, 单位考评, the record listings and 图表; returns what it wrote."""
    with WorkbookWriter(path, font=DEFAULT_FONT, max_rows=max_rows, max_chars=max_chars) as writer:
        writer.progress = progress
        formats = _book_formats(writer)
        if book.properties:
            writer.book.set_properties(book.properties)
        _notes_sheet(writer, formats, book)
        table_sheet(
            writer,
            formats,
            book.summary,
            subtitle=book.subtitles["summary"],
            page_header=book.title,
            signature=book.signature,
        )
        ref = table_sheet(
            writer,
            formats,
            book.units,
            subtitle=book.subtitles["units"],
            page_header=book.title,
            signature=book.signature,
        )
        _grade_colours(writer, formats, ref)
        for listing in book.listings:
            stream_listing(writer, formats, listing, book.title)
        _charts_sheet(writer, formats, book)
        writer.book.worksheets()[0].activate()
    return writer.written


def _grade_colours(writer: WorkbookWriter, formats: dict[str, Any], ref: SheetRef) -> None:
    """Colour 优秀 green and 不合格 red in the grade column of 单位考评."""
    col = ref.columns.get("grade")
    if col is None or ref.last_row < ref.first_row:
        return
    sheet = writer.book.get_worksheet_by_name(ref.name)
    for key, fmt in (("excellent", "grade_excellent"), ("fail", "grade_fail")):
        sheet.conditional_format(
            ref.first_row,
            col,
            ref.last_row,
            col,
            {
                "type": "cell",
                "criteria": "==",
                "value": f'"{term_label("grade", key)}"',
                "format": formats[fmt],
            },
        )


# ---------------------------------------------------------------------------------------------- rows and templates
# (import part: the rejects file of `gongjian import --skip-invalid` and `gongjian template KIND`)

EXCEL_LAST_ROW = 1_048_575  # 0-based index of Excel's last row


def _put_value(sheet, row: int, col: int, value: Any, fmt: dict[str, Any]) -> int:
    """Write a raw cell value with its own type (text as a string, never a formula); return its width,
    negative when the text was longer than a cell holds and was cut."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
        return 5
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            text = str(value)
            sheet.write_string(row, col, text)
            return len(text)
        sheet.write_number(row, col, value)
        return len(repr(value))
    if isinstance(value, datetime):
        timed = value.time() != time(0)
        sheet.write_datetime(row, col, value, fmt["datetime" if timed else "date"])
        return 16 if timed else 10
    if isinstance(value, date):
        sheet.write_datetime(row, col, value, fmt["date"])
        return 10
    if isinstance(value, time | timedelta):
        value = str(value)
    text = str(value)
    cut = sheet.write_string(row, col, text) == -2
    width = display_width(text[:200])
    return -width if cut else width


def write_rows(
    path: Path | str,
    sheet: str,
    header: list[str],
    rows: Iterable[Sequence[Any]],
    *,
    max_rows: int | None = None,
    max_chars: int | None = None,
) -> Written:
    """One sheet: a bold header row, then rows of raw values written with their own types (text never a formula).

    Used for the rejects file of an import, so a clerk gets back the rows exactly as they were; past the
    sheet's last row they continue on `名称 (2)` under the same header.
    """
    with WorkbookWriter(path, max_rows=max_rows, max_chars=max_chars) as writer:
        writer.fmt["datetime"] = writer.book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        widths = [display_width(h) for h in header]
        sheets: list[tuple[Any, int]] = []

        def open_part(part: int):
            ws = writer.add_sheet(
                sheet if part == 1 else part_name(sheet, part), part_of=sheets[0][0].name if sheets else None
            )
            for ci, text in enumerate(header):
                ws.write_string(0, ci, text, writer.fmt["header"])
            sheets.append((ws, 0))
            return ws

        ws = open_part(1)
        ri = 0
        for cells in rows:
            ri += 1
            if ri >= writer.max_rows:
                sheets[-1] = (ws, ri - 1)
                ws = open_part(len(sheets) + 1)
                ri = 1
            for ci, value in enumerate(cells):
                width = _put_value(ws, ri, ci, value, writer.fmt)
                if width < 0:
                    writer.written.cut += 1
                    width = -width
                if ci < len(widths) and width > widths[ci]:
                    widths[ci] = width
            writer.written.rows += 1
        sheets[-1] = (ws, ri)
        for ws, last in sheets:
            for ci, width in enumerate(widths):
                ws.set_column(ci, ci, min(max(width + 2, 6), 60))
            if header:
                ws.freeze_panes(1, 0)
                ws.autofilter(0, 0, max(last, 1), len(header) - 1)
    return writer.written


def write_template(
    path: Path | str,
    sheet: str,
    columns: list[dict[str, Any]],
    example: list[str],
    *,
    notes_name: str,
    notes_title: str,
    notes_header: tuple[str, ...],
    notes: list[tuple[str, ...]],
    usage: list[str] = (),
) -> Path:
    """An import template: header row (required columns in red), a grey example row, drop-down lists.

    Each column is a dict: `header`, `required`, `choices` (list of labels or None), `hint` (shown when a
    cell is selected), `text` (format the column as text so leading zeros and long numbers survive).
    A notes sheet (`notes_name`) gives the `usage` lines, then a table explaining every column.
    """
    with WorkbookWriter(path, constant_memory=False) as writer:
        book = writer.book
        ws = writer.add_sheet(sheet)
        base = {"bold": True, "border": 1, "text_wrap": True, "valign": "vcenter", "align": "center"}
        head = book.add_format({**base, "bg_color": "#DDEBF7"})
        head_required = book.add_format({**base, "bg_color": "#FCE4D6", "font_color": "#C00000"})
        as_text = book.add_format({"num_format": "@"})
        sample = book.add_format({"italic": True, "font_color": "#808080"})
        sample_text = book.add_format({"italic": True, "font_color": "#808080", "num_format": "@"})
        lists_sheet = None
        lists_col = 0
        for ci, col in enumerate(columns):
            header = col["header"]
            choices = col.get("choices")
            width = max(display_width(header), display_width(example[ci] if ci < len(example) else ""), 8) + 4
            ws.set_column(ci, ci, min(width, 40), as_text if col.get("text") else None)
            ws.write_string(0, ci, header, head_required if col.get("required") else head)
            if ci < len(example) and example[ci]:
                ws.write_string(1, ci, example[ci], sample_text if col.get("text") else sample)
            hint = (col.get("hint") or "")[:255]
            rule: dict[str, Any] = {"ignore_blank": True}
            if hint:
                rule.update(input_title=header[:32], input_message=hint)
            if choices:
                if len(",".join(choices)) <= 250 and not any("," in c for c in choices):
                    source: Any = list(choices)
                else:
                    if lists_sheet is None:
                        lists_sheet = writer.add_sheet("选项")
                        lists_sheet.hide()
                    for ri, choice in enumerate(choices):
                        lists_sheet.write_string(ri, lists_col, choice)
                    letter = _column_letter(lists_col)
                    source = f"='{lists_sheet.name}'!${letter}$1:${letter}${len(choices)}"
                    lists_col += 1
                rule.update(
                    validate="list",
                    source=source,
                    error_type="warning",
                    error_title=header[:32],
                    error_message=hint or ", ".join(choices)[:255],
                )
                ws.data_validation(1, ci, EXCEL_LAST_ROW, ci, rule)
            elif hint:
                rule.update(validate="any")
                ws.data_validation(1, ci, EXCEL_LAST_ROW, ci, rule)
        ws.freeze_panes(1, 0)
        ws.set_row(0, 30)
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        _template_notes(writer, notes_name, notes_title, notes_header, notes, usage)
    return Path(path)


def _template_notes(
    writer: WorkbookWriter,
    name: str,
    title: str,
    header: tuple[str, ...],
    rows: list[tuple[str, ...]],
    usage: list[str],
) -> None:
    """The 说明 sheet of a template: title, usage lines, then one wrapped row per column of the template."""
    widths = (18, 10, 48, 24, 40)
    ws = writer.add_sheet(name)
    ws.write_string(0, 0, title, writer.fmt["title"])
    r = 1
    for line in usage:
        ws.write_string(r, 0, line)
        r += 1
    r += 1
    for ci, text in enumerate(header):
        ws.write_string(r, ci, text, writer.fmt["header"])
    for values in rows:
        r += 1
        lines = 1
        for ci, text in enumerate(values):
            text = "" if text is None else str(text)
            ws.write_string(r, ci, text, writer.fmt["note"])
            if ci < len(widths):
                lines = max(lines, -(-display_width(text) // widths[ci]))
        if lines > 1:
            ws.set_row(r, 15 * lines)
    for ci, width in enumerate(widths):
        ws.set_column(ci, ci, width)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
