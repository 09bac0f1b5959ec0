"""The xlsx writer: renders `gongjian.tables.Table`s into a workbook (the only module that writes xlsx).

Uses xlsxwriter in constant-memory mode: rows stream to disk, so a city-sized workbook needs little
memory. Every text cell is written as a string (never a formula), money as yuan numbers with `#,##0.00`,
rates as percentages, dates as real dates; header rows are frozen, filtered and repeated when printed on
A4 landscape; column widths count a CJK character as two columns.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from gongjian.tables import Column, Table, display

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
            "header": f({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                         "valign": "vcenter", "align": "center"}),
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

    def write_cell(self, sheet, row: int, col: int, value: Any, column: Column, *, total: bool = False) -> None:
        """Write one raw value the way its column kind asks; text is always a string, never a formula."""
        prefix = "total_" if total else ""
        kind = column.kind
        if value is None or value == "":
            sheet.write_blank(row, col, None, self.fmt[prefix + "text"] if total else None)
            return
        if kind == "money" and isinstance(value, int):
            sheet.write_number(row, col, value / 100, self.fmt[prefix + "money"])
        elif kind in ("int", "percent", "score") and isinstance(value, int | float) and not isinstance(value, bool):
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

    def add_table(self, table: Table, *, landscape: bool = True, widths: dict[str, int] | None = None) -> SheetRef:
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
                    w = display_width(display(value, c)) if c.kind not in ("money",) else len(display(value, c))
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

    def add_notes(self, name: str, rows: list[tuple[str, ...]], *, header: tuple[str, ...] | None = None,
                  widths: tuple[int, ...] = (18, 80), title: str | None = None) -> str:
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


def write_tables(path: Path | str, tables: list[Table], *, notes: list[tuple[str, ...]] | None = None,
                 notes_name: str = "说明") -> Path:
    """Write tables as sheets of one workbook (with an optional leading notes sheet); returns the path."""
    with WorkbookWriter(path) as writer:
        if notes:
            writer.add_notes(notes_name, notes)
        for table in tables:
            writer.add_table(table)
    return Path(path)
