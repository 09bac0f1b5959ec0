"""The terminal writer of the neutral Table: rich tables with bars on a terminal, aligned plain text off it.

Off a terminal (a pipe, a file, `to_text`) the text is laid out here line by line, exactly as rich lays
out a borderless table; on a terminal rich draws it. Cell text is always shown literally, never as markup.
"""

from __future__ import annotations

import io
import re
from typing import TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from gongjian.writing.table import Column, Table, display


def to_text(table: Table) -> str:
    """Plain text (no colour, no box drawing) for pipes, mail and tests."""
    buf = io.StringIO()
    render_rich(table, _plain_console(buf))
    return buf.getvalue()


def _plain_console(buf: TextIO):
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
        # Text too long for the screen folds onto the next lines, whole: a name is never cut to "…", and
        # one 40,000-character value (kept before limits were checked) cannot widen the table past it.
        rt.add_column(
            c.label,
            justify="right" if numeric else "left",
            no_wrap=numeric,
            overflow="ellipsis" if numeric else "fold",
        )
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
