"""The format-neutral table: one object per listing or report, rendered by every writer alike.

A `Table` holds raw values (integer fen, ISO dates, enum keys, ratios); each writer decides how to show
them: rich/plain text with Chinese labels, CSV and JSON with English keys and machine values, and xlsx
(in `gongjian.writing.xlsx`, the only module that imports an xlsx library). A figure is computed once.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TextIO

from gongjian.i18n import label as label_of
from gongjian.privacy import FORMULA_PREFIXES
from gongjian.reading.normalize import fen_to_yuan


@dataclass
class Column:
    """A column: English key, value kind, optional enum and label override; `data`/`show` pick writers."""

    key: str
    kind: str = "text"  # text | int | money | date | percent | score | enum | list | bool
    enum: str | None = None
    title: str | None = None  # label override (already translated)
    show: bool = True  # shown in terminal tables and workbooks
    data: bool = True  # written to JSON and CSV
    bar: bool = False  # draw a bar beside the number in the terminal
    wrap: bool = False  # free text (a title, a description, a note): may wrap in a narrow terminal
    fold: bool = False  # secondary: the first to move onto its row's second line in a narrow terminal
    brief: str | None = None  # a shorter heading for a terminal too narrow for `title` (already translated)
    total: bool = True  # a number a workbook's 小计/合计 row adds up (a median is not)

    @property
    def label(self) -> str:
        """The column heading in the current language."""
        return self.title or label_of(self.key)


@dataclass
class Table:
    """Rows of raw values keyed by column key, with an optional totals row and footer lines.

    `rows` is a list, or an iterable of dicts read once (a cursor): the file writers stream it.
    """

    columns: list[Column]
    rows: Iterable[dict[str, Any]]
    title: str | None = None
    totals: dict[str, Any] | None = None
    footer: list[str] = field(default_factory=list)
    name: str | None = None  # sheet name in a workbook
    expected: int | None = None  # how many rows a streamed table will give, when known (for progress)


def money_text(fen: int | None) -> str:
    """Integer fen as yuan text with thousands separators: 123456 -> '1,234.56'; None -> ''."""
    return "" if fen is None else fen_to_yuan(fen)


def number_text(value: Decimal | int) -> str:
    """A number as a person writes it: 30, 2.5, 0.5 (no trailing zeros, no exponent)."""
    d = Decimal(value)
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def display(value: Any, col: Column) -> str:
    """A raw value as a person reads it in the current language."""
    if value is None:
        return ""
    if col.kind == "money":
        return money_text(value)
    if col.kind == "percent":
        return f"{value * 100:.1f}%"
    if col.kind == "score":
        return f"{value:.2f}" if isinstance(value, float) else str(value)
    if col.kind == "enum" and col.enum:
        from gongjian.vocab import term_label

        return term_label(col.enum, value)
    if col.kind == "list":
        return "、".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value)
    if col.kind == "bool":
        from gongjian.i18n import t

        return t("yes") if value else t("no")
    return str(value)


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet could read as a formula gets a leading apostrophe-free quote: `'=` is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_json(table: Table, out: TextIO) -> int:
    """An array of objects with English keys and machine values (fen, ISO dates, enum keys), written one
    object at a time (the same text `write_json` gives the whole list); returns the number of objects."""
    keys = [c.key for c in table.columns if c.data]
    n = 0
    for row in table.rows:
        item = json.dumps({k: row.get(k) for k in keys}, ensure_ascii=False, indent=2, default=str)
        out.write(("[\n  " if n == 0 else ",\n  ") + item.replace("\n", "\n  "))
        n += 1
    out.write("\n]\n" if n else "[]\n")
    return n


def write_json(data: Any, out: TextIO) -> None:
    """One JSON document: readable UTF-8, two-space indent, anything else JSON lacks (a date, a path) as text."""
    json.dump(data, out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")


def to_csv(table: Table, out: TextIO) -> int:
    """CSV with an English-key header; text that could become a formula is neutralised; returns the rows."""
    cols = [c for c in table.columns if c.data]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.key for c in cols])
    n = 0
    for n, row in enumerate(table.rows, start=1):  # noqa: B007 - n, the rows written, is returned
        cells = []
        for c in cols:
            value = row.get(c.key)
            if isinstance(value, list | tuple):
                value = "、".join(str(v) for v in value)
            elif isinstance(value, bool):
                value = int(value)
            cells.append("" if value is None else safe_cell(value))
        if any(isinstance(cell, str) and "\r" in cell for cell in cells):
            # csv quotes only the characters of its line terminator ("\n"): a lone CR would split the row.
            line = io.StringIO()
            csv.writer(line, lineterminator="\r\n").writerow(cells)
            out.write(line.getvalue()[:-2] + "\n")
        else:
            writer.writerow(cells)
    return n


def record_table(record: dict[str, Any], columns: list[Column], title: str | None = None) -> Table:
    """A single record shown as two columns (field, value), for `show` commands."""
    rows = [{"field": c.label, "value": display(record.get(c.key), c)} for c in columns if c.show]
    return Table([Column("field", title=" "), Column("value", title=" ", wrap=True)], rows, title=title)


def overlong_cells(table: Table, limit: int) -> int:
    """How many of the table's text cells (a list counts joined) are longer than `limit` characters."""
    count = 0
    for row in table.rows:
        for value in row.values():
            if value.__class__ is list:
                value = "、".join(map(str, value))
            if value.__class__ is str and len(value) > limit:
                count += 1
    return count
