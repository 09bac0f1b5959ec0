"""The terminal writer of the neutral Table: one layout for every listing and report, on a terminal and off it.

Names, numbers, dates, totals and grades are never cut. A table wider than the console is fitted in
this order, the same for every command:

1. the bars beside numbers are left out, and headings get shorter (`Column.brief`: `活动开展` for
   `活动开展（30分）`);
2. headings wrap onto a second line (`结对` / `单位`), never narrower than the column's values;
3. free text (`Column.wrap`: titles, descriptions, notes) wraps inside its column, and lists wrap
   between their items, so each name in a list stays whole;
4. columns move onto an indented second line under their row (`网格：北城第一网格  地点：建设路12号`):
   first the secondary ones (`Column.fold`; they also make way before free text would wrap narrower
   than WRAP_ROOM cells), then free text, then the rest from the right — the first column stays.

Every other column is shown whole on one line. Box drawing and bold only on a terminal; off it (a pipe,
a file, `to_text`) the same lines are written as plain text. Cell text is always shown literally, never
as markup, and control characters never reach the terminal.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.text import Text

from gongjian.i18n import t
from gongjian.writing.table import Column, Table, display
from gongjian.writing.wrap import cells as width_of
from gongjian.writing.wrap import clean, cut, tokens, words, wrap, wrap_items

NUMERIC_KINDS = ("int", "money", "percent", "score")  # right-aligned in terminal tables
GAP = 2  # spaces between two columns
BAR = 12  # cells of the longest bar
WRAP_MIN = 12  # free text never wraps narrower than this (unless the console is)
WRAP_ROOM = 24  # secondary columns make way before free text wraps narrower than this
HEADING_MIN = 4  # a heading wraps no narrower than this (two Chinese characters)
INDENT = "    "  # before a row's second line


def to_text(table: Table, width: int = 240) -> str:
    """Plain text (no colour, no box drawing) for pipes, mail and tests."""
    buf = io.StringIO()
    render_rich(table, _plain_console(buf, width))
    return buf.getvalue()


def _plain_console(buf: io.StringIO, width: int) -> Console:
    return Console(
        file=buf,
        width=width,
        no_color=True,
        color_system=None,
        highlight=False,
        force_terminal=False,
        soft_wrap=False,
        legacy_windows=False,
    )


def render_rich(table: Table, console: Console) -> None:
    """Draw the table on a rich console in the console's width: bold and box drawing on a terminal only."""
    terminal = console.is_terminal
    fancy = terminal and not console.no_color
    lines = layout(
        table, console.width, rule=terminal, centre=not console.soft_wrap, mark="█" if fancy else "#"
    )
    if terminal:
        text = Text(no_wrap=True, overflow="ignore", end="")
        for line, style in lines:
            text.append(line + "\n", style=style if fancy and style else None)
        console.print(text, crop=False, overflow="ignore", no_wrap=True, highlight=False)
    else:
        console.file.write("".join(line + "\n" for line, _ in lines))
    for line in table.footer:
        console.print(line, highlight=False, markup=False)


def paragraph(text: str, width: int, *, first: str = "", rest: str = "") -> list[str]:
    """Text as lines of at most `width` cells, broken between words (never inside a number or a name
    written in Latin letters), the first line after `first`, the others after `rest`."""
    lines = wrap(clean(text), max(width - max(width_of(first), width_of(rest)), 10))
    return [(first if i == 0 else rest) + line for i, line in enumerate(lines)]


# ------------------------------------------------------------------------------------------------ layout
@dataclass(eq=False)  # compared by identity: two columns may show the same text
class _Col:
    """A shown column as laid out: its cells' text, its heading, and how it may bend."""

    column: Column
    heading: str
    cells: list[str]
    total: str | None
    right: bool
    wrap: bool  # free text, wraps between words
    items: bool  # a list, wraps between its items
    natural: int = 0  # widest cell or heading, all on one line
    values: int = 0  # widest cell


def layout(
    table: Table, width: int, *, rule: bool = False, centre: bool = True, mark: str = "#"
) -> list[tuple[str, str | None]]:
    """The table's lines within `width` cells, each with a style (`bold`, or None)."""
    width = max(width, 20)
    shown = [c for c in table.columns if c.show]
    if not shown:
        return [(table.title, "bold")] if table.title else []
    cols = _columns(table, shown, bars=True, brief=False, mark=mark)
    if _natural(cols) > width and any(c.bar or c.brief for c in shown):
        cols = _columns(table, shown, bars=False, brief=True, mark=mark)
    primary = list(cols)
    while True:
        if len(primary) > 1 and _floor(primary) > width:
            primary.remove(_next_to_fold(primary))
            continue
        widths = _widths(primary, width)
        squeezed = any(
            (c.wrap or c.items) and w < min(c.values, WRAP_ROOM) for c, w in zip(primary, widths, strict=True)
        )
        secondary = [c for c in primary[1:] if c.column.fold]
        if not (squeezed and secondary):
            break
        primary.remove(secondary[-1])  # a secondary column makes way before free text wraps
    folded = [c for c in cols if c not in primary]
    return _draw(table.title, primary, widths, folded, len(table.rows), width, rule=rule, centre=centre)


def _columns(table: Table, shown: list[Column], *, bars: bool, brief: bool, mark: str) -> list[_Col]:
    cols = []
    for c in shown:
        cells = [clean(display(row.get(c.key), c)) for row in table.rows]
        if bars and c.bar:
            cells = _with_bars([row.get(c.key) for row in table.rows], cells, mark)
        total = clean(display(table.totals.get(c.key), c)) if table.totals else None
        col = _Col(
            column=c,
            heading=clean((brief and c.brief) or c.label),
            cells=cells,
            total=total,
            right=c.kind in NUMERIC_KINDS,
            wrap=c.wrap,
            items=c.kind == "list" and not c.wrap,
        )
        values = [*cells, total or ""]
        col.values = max((_line_len(v) for v in values), default=0)
        col.natural = max(col.values, _line_len(col.heading))
        cols.append(col)
    return cols


def _with_bars(values: list[Any], cells: list[str], mark: str) -> list[str]:
    """A bar before each number, as long as the number's share of the largest (numbers right-aligned)."""
    top = max((abs(v or 0) for v in values), default=0)
    if not top:
        return cells
    widest = max(map(len, cells), default=0)
    return [
        (mark * round(BAR * abs(v or 0) / top)).ljust(BAR) + " " + cell.rjust(widest)
        for v, cell in zip(values, cells, strict=True)
    ]


def _line_len(text: str) -> int:
    return max(map(width_of, text.split("\n"))) if "\n" in text else width_of(text)


def _value_floor(col: _Col) -> int:
    """The narrowest the column's values may be: whole, or wrapped text no narrower than WRAP_MIN."""
    if col.wrap:
        return min(col.values, WRAP_MIN)
    if col.items:
        longest = max((width_of(item) + 1 for cell in col.cells for item in cell.split("、")), default=0)
        return min(col.values, max(longest, WRAP_MIN))
    return col.values


def _heading_floor(col: _Col, values: int) -> int:
    """The narrowest the heading may wrap to: as wide as the values, on at most two lines."""
    natural = _line_len(col.heading)
    floor = max(values, HEADING_MIN, _longest_word(col.heading), (natural + 1) // 2)
    while floor < natural and len(wrap(col.heading, floor)) > 2:
        floor += 1
    return min(natural, floor)


def _longest_word(text: str) -> int:
    return max((width_of(w) for part in text.split() for w in words(part)), default=0)


def _col_floor(col: _Col) -> int:
    values = _value_floor(col)
    return max(values, _heading_floor(col, values))


def _floor(primary: list[_Col]) -> int:
    return sum(_col_floor(c) for c in primary) + GAP * (len(primary) - 1)


def _natural(cols: list[_Col]) -> int:
    return sum(c.natural for c in cols) + GAP * (len(cols) - 1)


def _next_to_fold(primary: list[_Col]) -> _Col:
    """The column that moves to the second line next: secondary, then free text, then the rightmost."""
    candidates = primary[1:]
    for test in (lambda c: c.column.fold, lambda c: c.wrap or c.items, lambda c: True):
        chosen = [c for c in candidates if test(c)]
        if chosen:
            return chosen[-1]
    return primary[-1]


def _widths(primary: list[_Col], width: int) -> list[int]:
    """Each column's width: its floor, then the room left shared out, the cheapest first — wrapped
    headings back onto one line, then free text, as many whole as the room allows."""
    widths = [_col_floor(c) for c in primary]
    room = width - sum(widths) - GAP * (len(primary) - 1)
    for text in (False, True):
        wants = [(c.natural - w, i) for i, (c, w) in enumerate(zip(primary, widths, strict=True))]
        for cost, i in sorted(
            want for want in wants if (primary[want[1]].wrap or primary[want[1]].items) == text
        ):
            grant = min(cost, room) if text else cost if cost <= room else 0
            if grant > 0:
                widths[i] += grant
                room -= grant
    if len(primary) == 1:
        widths[0] = min(widths[0], width)
    return widths


def _draw(
    title: str | None,
    primary: list[_Col],
    widths: list[int],
    folded: list[_Col],
    n: int,
    width: int,
    *,
    rule: bool,
    centre: bool,
) -> list[tuple[str, str | None]]:
    lines: list[tuple[str, str | None]] = []
    total_width = sum(widths) + GAP * (len(widths) - 1)
    if title:
        title = clean(title)
        if centre and width_of(title) <= total_width:
            excess = total_width - width_of(title)
            lines.append((" " * (excess // 2) + title + " " * (excess - excess // 2), "bold"))
        else:
            lines += [(line, "bold") for line in wrap(title, width)]
    if any(c.heading.strip() for c in primary):  # a record shown as field and value has no headings
        headings = [wrap(c.heading, w) for c, w in zip(primary, widths, strict=True)]
        height = max(map(len, headings))
        headings = [[""] * (height - len(h)) + h for h in headings]  # headings sit on the rule
        for k in range(height):
            lines.append((_join([h[k] for h in headings], primary, widths), "bold"))
        if rule:
            lines.append(("─" * total_width, None))
    for i in range(n):
        lines += [(line, None) for line in _row([c.cells[i] for c in primary], primary, widths)]
        lines += [(line, None) for line in _second_line([(c, c.cells[i]) for c in folded], width)]
    if primary[0].total is not None:
        if rule:
            lines.append(("─" * total_width, None))
        lines += [(line, "bold") for line in _row([c.total or "" for c in primary], primary, widths)]
        lines += [(line, "bold") for line in _second_line([(c, c.total or "") for c in folded], width)]
    return lines


def _row(cells: list[str], cols: list[_Col], widths: list[int]) -> list[str]:
    """One row as lines: each cell wrapped (free text, lists) or whole, padded to its column."""
    parts = []
    for cell, col, w in zip(cells, cols, widths, strict=True):
        if col.wrap:
            parts.append(wrap(cell, w))
        elif col.items:
            parts.append(wrap_items(cell, w))
        elif _line_len(cell) > w:  # wider than the whole console: nothing else can be done
            parts.append(wrap(cell, w))
        else:
            parts.append(cell.split("\n"))
    height = max(map(len, parts))
    return [_join([p[k] if k < len(p) else "" for p in parts], cols, widths) for k in range(height)]


def _join(cells: list[str], cols: list[_Col], widths: list[int]) -> str:
    out = []
    for cell, col, w in zip(cells, cols, widths, strict=True):
        pad = " " * max(w - width_of(cell), 0)
        out.append(pad + cell if col.right else cell + pad)
    return (" " * GAP).join(out)


def _second_line(items: list[tuple[_Col, str]], width: int) -> list[str]:
    """The folded columns of a row as `标签：值` on indented lines, two spaces apart; a line breaks
    between items, inside a list between its names, inside free text between its words."""
    pieces: list[tuple[str, str]] = []  # (text, what separates it from the piece before on one line)
    for col, value in items:
        if not value:
            continue
        value = value.replace("\n", " ")
        if col.items:
            words = [(w, "") for w in re.findall(r"[^、]+、?|、", value)]
        elif col.wrap:
            words = [(w, " " if space else "") for w, space in tokens(value)]
        else:
            words = [(value, "")]
        label = t("fold_item", label=col.heading.replace("\n", ""), value="")
        pieces.append((label + words[0][0], " " * GAP))
        pieces += words[1:]
    lines: list[str] = []
    line = ""
    room = width - len(INDENT)
    for piece, sep in pieces:
        if line and width_of(line) + width_of(sep) + width_of(piece) <= room:
            line += sep + piece
            continue
        if line:
            lines.append(INDENT + line)
        while width_of(piece) > room:  # one word wider than a line: break it where it must
            at = cut(piece, room)
            lines.append(INDENT + piece[:at])
            piece = piece[at:]
        line = piece
    if line:
        lines.append(INDENT + line)
    return lines
