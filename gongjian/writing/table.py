"""The format-neutral table: one object per listing or report, rendered by every writer alike.

A `Table` holds raw values (integer fen, ISO dates, enum keys, ratios); each writer decides how to show
them: rich/plain text with Chinese labels, CSV and JSON with English keys and machine values, and xlsx
(in `gongjian.writing.xlsx`, the only module that imports an xlsx library). A figure is computed once.
"""

from __future__ import annotations

import csv
import io
import json
import re
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

    @property
    def label(self) -> str:
        """The column heading in the current language."""
        return self.title or label_of(self.key)


@dataclass
class Table:
    """Rows of raw values keyed by column key, with an optional totals row and footer lines."""

    columns: list[Column]
    rows: list[dict[str, Any]]
    title: str | None = None
    totals: dict[str, Any] | None = None
    footer: list[str] = field(default_factory=list)
    name: str | None = None  # sheet name in a workbook


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


def to_json(table: Table, out: TextIO) -> None:
    """An array of objects with English keys and machine values (fen, ISO dates, enum keys)."""
    cols = [c for c in table.columns if c.data]
    write_json([{c.key: row.get(c.key) for c in cols} for row in table.rows], out)


def write_json(data: Any, out: TextIO) -> None:
    """One JSON document: readable UTF-8, two-space indent, anything else JSON lacks (a date, a path) as text."""
    json.dump(data, out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")


def to_csv(table: Table, out: TextIO) -> None:
    """CSV with an English-key header; text that could become a formula is neutralised."""
    cols = [c for c in table.columns if c.data]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.key for c in cols])
    for row in table.rows:
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


def to_text(table: Table) -> str:
    """Plain text (no colour, no box drawing) for pipes, mail and tests."""
    buf = io.StringIO()
    render_rich(table, _plain_console(buf))
    return buf.getvalue()


def _plain_console(buf: TextIO):
    from rich.console import Console

    return Console(
        file=buf,
        width=240,
        no_color=True,
        color_system=None,
        highlight=False,
        force_terminal=False,
        soft_wrap=False,
        legacy_windows=False,
    )


def render_rich(table: Table, console) -> None:
    """Draw the table on a rich console: box drawing and bars on a terminal, plain text otherwise.

    Off a terminal (a pipe, a file, `to_text`) the table is laid out here, line by line, exactly as rich
    lays out a borderless table that fits the console's width — rich measures and pads every cell
    through its renderables, which for a few hundred rows costs more than the report's queries. Cells
    with line breaks or control characters, a title or heading rich would read as markup, or a table
    wider than the console still go through rich. Cell text is always shown literally (never as markup).
    """
    fancy = console.is_terminal and not console.no_color
    shown = [c for c in table.columns if c.show]
    rows = _cells(table, shown, fancy)
    totals = [display(table.totals.get(c.key), c) for c in shown] if table.totals else None
    if not console.is_terminal:
        lines = _plain_lines(table.title, shown, rows, totals, console.width, centre=not console.soft_wrap)
        if lines is not None:
            console.file.write("".join(line + "\n" for line in lines))
            for line in table.footer:
                console.print(line, highlight=False, markup=False)
            return
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    rt = RichTable(
        title=table.title,
        box=box.SIMPLE_HEAD if console.is_terminal else None,
        show_edge=False,
        header_style="bold" if fancy else "",
        title_style="bold" if fancy else "",
        pad_edge=False,
        show_footer=False,
    )
    for c in shown:
        numeric = c.kind in NUMERIC_KINDS
        rt.add_column(c.label, justify="right" if numeric else "left", no_wrap=numeric)
    for cells in rows:
        rt.add_row(*map(Text, cells))
    if totals is not None:
        if fancy:
            rt.add_section()
        rt.add_row(*map(Text, totals), style="bold" if fancy else "")
    console.print(rt)
    for line in table.footer:
        console.print(line, highlight=False, markup=False)


NUMERIC_KINDS = ("int", "money", "percent", "score")  # right-aligned and never wrapped in terminal tables
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # line breaks, tabs and other control characters
_MARKUP = re.compile(r"[\[\x00-\x1f\x7f]|:\S*?:")  # what rich reads as markup or emoji in a title or heading


def _cells(table: Table, shown: list[Column], fancy: bool) -> list[list[str]]:
    """Each row's cells as shown: display text, with a bar before the number in `bar` columns."""
    maxima, widest = {}, {}
    for c in shown:
        if c.bar:
            maxima[c.key] = max([abs(r.get(c.key) or 0) for r in table.rows] or [0])
            widest[c.key] = max([len(display(r.get(c.key), c)) for r in table.rows] or [0])
    mark = "█" if fancy else "#"
    out = []
    for row in table.rows:
        cells = []
        for c in shown:
            text = display(row.get(c.key), c)
            if c.bar and maxima.get(c.key):
                width = round(12 * abs(row.get(c.key) or 0) / maxima[c.key])
                text = text.rjust(widest[c.key])  # bars start in one column whatever the number's width
                text = (mark * width).ljust(12) + " " + text
            cells.append(text)
        out.append(cells)
    return out


def _plain_lines(
    title: str | None,
    shown: list[Column],
    rows: list[list[str]],
    totals: list[str] | None,
    width: int,
    *,
    centre: bool,
) -> list[str] | None:
    """The lines rich prints for a borderless table (columns two spaces apart, the title above it,
    centred unless the console soft-wraps), or None when rich's own layout is needed (special text, a
    table wider than `width`, a centred title wider than the table)."""
    from rich.cells import cell_len

    if not shown:
        return None
    header = [c.label for c in shown]
    body = [header, *rows] if totals is None else [header, *rows, totals]
    if (title and _MARKUP.search(title)) or any(_MARKUP.search(label) for label in header):
        return None
    control = _CONTROL.search
    if any(control(cell) for cells in body for cell in cells):
        return None
    sizes = [[cell_len(cell) for cell in cells] for cells in body]
    widths = [max(column) for column in zip(*sizes, strict=True)]
    total = sum(widths) + 2 * (len(widths) - 1)
    if total > width or (centre and title and cell_len(title) > total):
        return None
    right = [c.kind in NUMERIC_KINDS for c in shown]
    lines = []
    if title and not centre:
        lines.append(title)
    elif title:
        excess = total - cell_len(title)
        lines.append(" " * (excess // 2) + title + " " * (excess - excess // 2))
    for cells, lengths in zip(body, sizes, strict=True):
        parts = []
        for cell, length, size, flush_right in zip(cells, lengths, widths, right, strict=True):
            pad = " " * (size - length)
            parts.append(pad + cell if flush_right else cell + pad)
        lines.append("  ".join(parts))
    return lines


def record_table(record: dict[str, Any], columns: list[Column], title: str | None = None) -> Table:
    """A single record shown as two columns (field, value), for `show` commands."""
    rows = [{"field": c.label, "value": display(record.get(c.key), c)} for c in columns if c.show]
    return Table([Column("field", title=" "), Column("value", title=" ")], rows, title=title)
