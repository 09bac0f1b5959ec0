"""The xlsx writer: renders `gongjian.writing.table.Table`s into a workbook (the only module that writes xlsx).

Uses xlsxwriter in constant-memory mode: rows stream to disk, so a city-sized workbook needs little
memory. Every text cell is written as a string (never a formula), money as yuan numbers with `#,##0.00`,
rates as percentages, dates as real dates; header rows are frozen, filtered and repeated when printed on
A4 landscape; column widths count a CJK character as two columns.
"""

from __future__ import annotations

import math
import os
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from gongjian.i18n import get_lang, t
from gongjian.vocab import ENUMS, term_label
from gongjian.writing.table import Column, Table, display

INVALID_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def display_width(text: str) -> int:
    """Terminal/Excel width of text: wide and full-width (CJK) characters count as two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


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


@dataclass
class SheetRef:
    """Where a table landed: sheet name, header row, first/last data row (0-based), column per key."""

    name: str
    header_row: int
    first_row: int
    last_row: int
    columns: dict[str, int] = field(default_factory=dict)


class WorkbookWriter:
    """Streams tables into one xlsx file; `book` is the xlsxwriter Workbook for charts and extras."""

    def __init__(self, path: Path | str, *, constant_memory: bool = True) -> None:
        import xlsxwriter

        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        os.close(fd)
        os.chmod(self.path, 0o600)
        self.book = xlsxwriter.Workbook(
            str(self.path),
            {
                "constant_memory": constant_memory,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "default_date_format": "yyyy-mm-dd",
            },
        )
        self._names: set[str] = set()
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
        self.close()
        if exc_type is not None:
            self.path.unlink(missing_ok=True)

    def close(self) -> None:
        """Finish the file."""
        if self.book is not None:
            self.book.close()
            self.book = None

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
            sheet.write_string(row, col, text, self.fmt["total_text" if total else "text"])

    def add_table(
        self, table: Table, *, landscape: bool = True, widths: dict[str, int] | None = None
    ) -> SheetRef:
        """Write a table as a new sheet: optional title row, frozen filtered header, rows, totals row."""
        name = sheet_name(table.name or table.title or "Sheet", self._names)
        sheet = self.book.add_worksheet(name)
        cols = [c for c in table.columns if c.show]
        row = 0
        if table.title:
            sheet.write_string(0, 0, table.title, self.fmt["title"])
            row = 1
        header_row = row
        longest = [display_width(c.label) for c in cols]
        for ci, c in enumerate(cols):
            sheet.write_string(header_row, ci, c.label, self.fmt["header"])
        row += 1
        first = row
        for record in table.rows:
            for ci, c in enumerate(cols):
                value = record.get(c.key)
                self.write_cell(sheet, row, ci, value, c)
                if ci < len(longest) and value is not None:
                    w = (
                        display_width(display(value, c))
                        if c.kind not in ("money",)
                        else len(display(value, c))
                    )
                    if w > longest[ci]:
                        longest[ci] = w
            row += 1
        last = row - 1
        if table.totals:
            for ci, c in enumerate(cols):
                self.write_cell(sheet, row, ci, table.totals.get(c.key), c, total=True)
            row += 1
        for line in table.footer:
            row += 1
            sheet.write_string(row, 0, line, self.fmt["text"])
        for ci, c in enumerate(cols):
            width = (widths or {}).get(c.key) or min(max(longest[ci] + 2, 6), 60)
            sheet.set_column(ci, ci, width)
        if cols:
            sheet.freeze_panes(header_row + 1, 0)
            sheet.autofilter(header_row, 0, max(last, header_row), len(cols) - 1)
            sheet.repeat_rows(header_row)
        sheet.set_paper(9)  # A4
        if landscape:
            sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.set_footer("&C&P / &N")
        return SheetRef(name, header_row, first, last, {c.key: i for i, c in enumerate(cols)})

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
        sheet_name_ = sheet_name(name, self._names)
        sheet = self.book.add_worksheet(sheet_name_)
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
        return sheet_name_


def write_tables(
    path: Path | str,
    tables: list[Table],
    *,
    notes: list[tuple[str, ...]] | None = None,
    notes_name: str = "说明",
) -> Path:
    """Write tables as sheets of one workbook (with an optional leading notes sheet); returns the path."""
    with WorkbookWriter(path) as writer:
        if notes:
            writer.add_notes(notes_name, notes)
        for table in tables:
            writer.add_table(table)
    return Path(path)


# ============================================================================ the evaluation workbook
# `assess YEAR -o FILE.xlsx`: 说明, 汇总, 单位考评, 活动明细, 资金物资, 问题台账, 在职党员, 图表 (PRODUCT §6).
# Big sheets are streamed straight from SQL cursors through one prepared writer per column, so a city's
# workbook costs little more than xlsxwriter's own constant-memory writing of the same cells.

EXCEL_EPOCH = date(1899, 12, 30)
WIDTH_SAMPLE_ROWS = 400  # column widths are measured on the header and the first rows of a listing


@dataclass
class Listing:
    """A sheet of records streamed from the ledger: columns and an iterable of tuples in column order."""

    name: str
    columns: list[Column]
    rows: Any  # Iterable[Sequence[Any]] — e.g. an sqlite3 cursor
    title: str | None = None


@dataclass
class AssessmentBook:
    """Everything the evaluation workbook shows, already computed (see `gongjian.reports.book`)."""

    notes: list[tuple[str, str]]
    rules_header: tuple[str, ...]
    rules_rows: list[tuple[str, ...]]
    rules_total: tuple[str, ...]
    summary: Table
    units: Table
    listings: list[Listing]
    charts: dict[str, Table]  # months, communities, categories, funds
    title: str
    properties: dict[str, Any] = field(default_factory=dict)


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


def _column_writers(writer: WorkbookWriter, sheet, columns: list[Column]) -> list:
    """One prepared callable per column: `(row, col, value)` writes a non-None value as its kind asks.

    Text columns of a listing hold `str` (SQLite TEXT columns and expressions); they are written by
    xlsxwriter's own string writer, so a text cell costs no more than in a bare xlsxwriter loop. Dates are
    written as Excel serial numbers (cached per distinct ISO date) with the date format.
    """
    ws, wn = _cell_writers(sheet)
    fmt = writer.fmt
    out = []
    for col in columns:
        kind = col.kind
        if kind in ("int", "percent", "score"):
            out.append(partial(wn, cell_format=fmt["int" if kind == "int" else kind]))
        elif kind == "money":
            f = fmt["money"]
            out.append(lambda r, c, v, f=f: wn(r, c, v / 100, f))
        elif kind == "date":
            f, serials = fmt["date"], {}

            def write_date(r, c, v, f=f, serials=serials):
                serial = serials.get(v)
                if serial is None:
                    try:
                        serial = serials[v] = (date.fromisoformat(v) - EXCEL_EPOCH).days
                    except (TypeError, ValueError):
                        ws(r, c, str(v))
                        return
                wn(r, c, serial, f)

            out.append(write_date)
        elif kind == "enum" and col.enum:
            zh = get_lang() == "zh"
            labels = {term.key: (term.zh if zh else term.en) for term in ENUMS[col.enum]}
            out.append(lambda r, c, v, labels=labels: ws(r, c, labels.get(v) or str(v)))
        elif kind == "bool":
            yes, no = t("yes"), t("no")
            out.append(lambda r, c, v, yes=yes, no=no: ws(r, c, yes if v else no))
        elif kind == "text":
            out.append(ws)
        else:

            def write_shown(r, c, v, col=col):
                v = display(v, col)
                if v:
                    ws(r, c, v)

            out.append(write_shown)
    return out


def _finish_sheet(sheet, header_row: int, last_row: int, ncols: int, widths: list[int]) -> None:
    for ci, w in enumerate(widths):
        sheet.set_column(ci, ci, min(max(w + 2, 6), 60))
    if ncols:
        sheet.freeze_panes(header_row + 1, 0)
        sheet.autofilter(header_row, 0, max(last_row, header_row), ncols - 1)
        sheet.repeat_rows(header_row)
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_footer("&C&P / &N")


def stream_listing(writer: WorkbookWriter, listing: Listing) -> SheetRef:
    """Write a listing as a sheet: title, frozen filtered header, one row per record; returns where it is."""
    name = sheet_name(listing.name, writer._names)
    sheet = writer.book.add_worksheet(name)
    cols = listing.columns
    row = 0
    if listing.title:
        sheet.write_string(0, 0, listing.title, writer.fmt["title"])
        row = 1
    header_row = row
    widths = [display_width(c.label) for c in cols]
    for ci, c in enumerate(cols):
        sheet.write_string(header_row, ci, c.label, writer.fmt["header"])
    row += 1
    first = row
    writers = list(enumerate(_column_writers(writer, sheet, cols)))
    measure = [ci for ci, c in enumerate(cols) if c.kind in ("text", "enum", "list")]
    rows = iter(listing.rows)
    for record in rows:  # the first rows also size the text columns
        for ci, w in writers:
            v = record[ci]
            if v is not None:
                w(row, ci, v)
        for ci in measure:
            v = record[ci]
            if v is not None:
                width = display_width(display(v, cols[ci]))
                if width > widths[ci]:
                    widths[ci] = width
        row += 1
        if row - first >= WIDTH_SAMPLE_ROWS:
            break
    for record in rows:
        for ci, w in writers:
            v = record[ci]
            if v is not None:
                w(row, ci, v)
        row += 1
    for ci, c in enumerate(cols):
        if c.kind in ("int", "money", "percent", "score", "date"):
            widths[ci] = max(widths[ci], 12 if c.kind in ("money", "date") else 8)
    _finish_sheet(sheet, header_row, row - 1, len(cols), widths)
    return SheetRef(name, header_row, first, row - 1, {c.key: i for i, c in enumerate(cols)})


NOTES_WIDTHS = (18, 40, 40, 26, 12)  # 说明: 考核内容, 考核标准, 扣分标准, 考核方式, 得分


def _wrapped_height(values: tuple[str, ...], widths: tuple[int, ...]) -> float:
    """Row height (points) that shows every wrapped cell whole: 16 points per line of the tallest cell."""
    lines = 1
    for text, width in zip(values, widths, strict=False):
        for part in (text or "").split("\n"):
            lines_here = -(-display_width(part) // max(width - 2, 1)) or 1
            lines = max(lines, lines_here)
    return 16.0 * lines


def _text_or_blank(sheet, row: int, col: int, text: str | None, fmt) -> None:
    if text:
        sheet.write_string(row, col, text, fmt)
    else:
        sheet.write_blank(row, col, None, fmt)


def _notes_sheet(writer: WorkbookWriter, book: AssessmentBook) -> None:
    """说明: title, the facts of the year (key, value), then the rules in the five-column 考评细则 form."""
    fmt = writer.fmt
    sheet = writer.book.add_worksheet(sheet_name(t("sheet_notes"), writer._names))
    sheet.write_string(0, 0, book.title, fmt["title"])
    row = 2
    for key, value in book.notes:  # one line each: the value runs on over the empty cells to its right
        sheet.write_string(row, 0, key, fmt["note_key"])
        sheet.write_string(row, 1, value, fmt["text"])
        row += 1
    row += 1
    sheet.write_string(row, 0, t("notes_rules_heading"), fmt["title"])
    row += 1
    header_row = row
    for ci, text in enumerate(book.rules_header):
        sheet.write_string(row, ci, text, fmt["header"])
    row += 1
    for values in book.rules_rows:
        sheet.set_row(row, _wrapped_height(values, NOTES_WIDTHS))
        for ci, text in enumerate(values):
            _text_or_blank(sheet, row, ci, text, fmt["note"])
        row += 1
    sheet.set_row(row, _wrapped_height(book.rules_total, NOTES_WIDTHS))
    for ci, text in enumerate(book.rules_total):
        _text_or_blank(sheet, row, ci, text, fmt["total_wrap"])
    for ci, width in enumerate(NOTES_WIDTHS):
        sheet.set_column(ci, ci, width)
    sheet.repeat_rows(header_row)
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_footer("&C&P / &N")


def _chart_block(writer: WorkbookWriter, sheet, row: int, table: Table) -> tuple[int, int, int]:
    """Write a small chart-data table at column A from `row`; returns (header row, first, last data row)."""
    cols = [c for c in table.columns if c.show]
    sheet.write_string(row, 0, table.title or "", writer.fmt["title"])
    row += 1
    header = row
    for ci, c in enumerate(cols):
        sheet.write_string(row, ci, c.label, writer.fmt["header"])
    row += 1
    first = row
    for record in table.rows:
        for ci, c in enumerate(cols):
            writer.write_cell(sheet, row, ci, record.get(c.key), c)
        row += 1
    return header, first, row - 1


def _chart_height(key: str, n: int) -> int:
    """Chart height in pixels: 380, or taller for a bar per community when a city has many of them."""
    if key == "communities" and n > 16:
        return min(380 + (n - 16) * 18, 6000)
    return 380


def _charts_sheet(writer: WorkbookWriter, charts: dict[str, Table]) -> None:
    """图表: the chart figures as small tables (column A–D) and native Excel charts beside them."""
    name = sheet_name(t("sheet_charts"), writer._names)
    sheet = writer.book.add_worksheet(name)
    book = writer.book
    row = 0
    placed = []
    for key in ("months", "communities", "categories", "funds"):
        table = charts[key]
        if key == "categories":
            sheet.set_h_pagebreaks([row])  # two charts to a printed page
        header, first, last = _chart_block(writer, sheet, row, table)
        height = _chart_height(key, len(table.rows))
        placed.append((key, table, header, first, last, row, height))
        row = max(last + 3, row + height // 20 + 3)  # the next block starts below both table and chart
    for key, table, header, first, last, top, height in placed:
        if last < first:
            continue
        cats = [name, first, 0, last, 0]
        if key == "categories":
            chart = book.add_chart({"type": "pie"})
            chart.add_series(
                {
                    "name": table.columns[1].label,
                    "categories": cats,
                    "values": [name, first, 1, last, 1],
                    "data_labels": {"percentage": True, "category": True, "leader_lines": True},
                }
            )
        elif key == "funds":
            chart = book.add_chart({"type": "column", "subtype": "stacked"})
            for ci in (1, 2):
                chart.add_series(
                    {"name": [name, header, ci], "categories": cats, "values": [name, first, ci, last, ci]}
                )
            chart.set_y_axis({"name": t("chart_yuan"), "num_format": "#,##0"})
        elif key == "communities":
            chart = book.add_chart({"type": "bar"})
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
            chart = book.add_chart({"type": "column"})
            chart.add_series(
                {
                    "name": [name, header, 1],
                    "categories": cats,
                    "values": [name, first, 1, last, 1],
                    "data_labels": {"value": True},
                }
            )
            line = book.add_chart({"type": "line"})
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
        chart.set_title({"name": table.title or ""})
        chart.set_size({"width": 720, "height": height})
        sheet.insert_chart(top, 5, chart)
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 3, 14)
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)


def write_assessment_workbook(path: Path | str, book: AssessmentBook) -> Path:
    """Write the evaluation workbook: 说明, 汇总, 单位考评, the record listings and 图表; returns the path."""
    with WorkbookWriter(path) as writer:
        f = writer.book.add_format
        writer.fmt.setdefault("note_key", f({"bold": True, "valign": "top"}))
        writer.fmt.setdefault("total_wrap", f({"bold": True, "top": 1, "text_wrap": True, "valign": "top"}))
        writer.fmt.setdefault("grade_fail", f({"font_color": "#9C0006", "bg_color": "#FFC7CE"}))
        writer.fmt.setdefault("grade_excellent", f({"font_color": "#006100", "bg_color": "#C6EFCE"}))
        if book.properties:
            writer.book.set_properties(book.properties)
        _notes_sheet(writer, book)
        writer.add_table(book.summary)
        ref = writer.add_table(book.units)
        _grade_colours(writer, ref, book.units)
        for listing in book.listings:
            stream_listing(writer, listing)
        _charts_sheet(writer, book.charts)
        writer.book.worksheets()[0].activate()
    return Path(path)


def _grade_colours(writer: WorkbookWriter, ref: SheetRef, table: Table) -> None:
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
                "format": writer.fmt[fmt],
            },
        )


# ---------------------------------------------------------------------------------------------- rows and templates
# (import part: the rejects file of `gongjian import --skip-invalid` and `gongjian template KIND`)

EXCEL_LAST_ROW = 1_048_575  # 0-based index of Excel's last row


def _put_value(sheet, row: int, col: int, value: Any, fmt: dict[str, Any]) -> int:
    """Write a raw cell value with its own type (text as a string, never a formula); return its width."""
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
    sheet.write_string(row, col, text)
    return display_width(text)


def write_rows(path: Path | str, sheet: str, header: list[str], rows: Any) -> Path:
    """One sheet: a bold header row, then rows of raw values written with their own types (text never a formula).

    Used for the rejects file of an import, so a clerk gets back the rows exactly as they were.
    """
    with WorkbookWriter(path) as writer:
        writer.fmt["datetime"] = writer.book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        ws = writer.book.add_worksheet(sheet_name(sheet, writer._names))
        widths = [display_width(h) for h in header]
        for ci, text in enumerate(header):
            ws.write_string(0, ci, text, writer.fmt["header"])
        last = 0
        for ri, cells in enumerate(rows, start=1):
            last = ri
            for ci, value in enumerate(cells):
                width = _put_value(ws, ri, ci, value, writer.fmt)
                if ci < len(widths) and width > widths[ci]:
                    widths[ci] = width
        for ci, width in enumerate(widths):
            ws.set_column(ci, ci, min(max(width + 2, 6), 60))
        if header:
            ws.freeze_panes(1, 0)
            ws.autofilter(0, 0, max(last, 1), len(header) - 1)
    return Path(path)


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
        ws = book.add_worksheet(sheet_name(sheet, writer._names))
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
                        lists_sheet = book.add_worksheet(sheet_name("选项", writer._names))
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
    ws = writer.book.add_worksheet(sheet_name(name, writer._names))
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
