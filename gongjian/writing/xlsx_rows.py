"""A constant-memory sheet's plain rows written as one piece of XML each, the bytes xlsxwriter writes.

xlsxwriter's per-cell path (check the cell, store a tuple, flush the row, build each cell's attributes,
escape each string) is most of a city-sized workbook's time. A listing's body row is plainer than that
path allows for: every cell has its column's format, the row's height and outline repeat. `RowWriter`
composes such a row's `<row>` element in one string and writes it where xlsxwriter would, into the
worksheet's row file, keeping the sheet's bookkeeping (the pending row, the dimensions) as xlsxwriter
keeps it. Whatever it does not cover it declines (`put` returns False) and the caller writes the row
through xlsxwriter: the first row of each height and style (whose `<row>` tag xlsxwriter renders and
`RowWriter` then repeats), a style whose formats have no style index yet, a text longer than half a
cell's limit (xlsxwriter cuts it), a number that is not finite, a value that is neither text nor number.

It relies on xlsxwriter's internals of the pinned minor version (`pyproject.toml`); if they are not
there, `RowWriter` declines every row. `tests/writing/test_xlsx_fast_rows.py` holds its output equal to
xlsxwriter's own, byte for byte, for arbitrary cells.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from typing import Any

# A text needs xlsxwriter's own escaping (control characters as _xHHHH_, an _xHHHH_ in the text itself,
# &<>, the rich-string form) or a preserved leading/trailing space when this finds anything in it.
SPECIAL = re.compile(r"[\x00-\x08\x0b-\x1f&<>\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
SHEET_ATTRIBUTES = ("fh", "previous_row", "table", "row_info", "dim_rowmin", "dim_rowmax", "dim_colmin",
                    "dim_colmax", "xls_strmax", "_write_single_row", "_write_row",
                    "_escape_control_characters", "_escape_data")  # fmt: skip
TAG_HEAD = '<row r="1"'

Convert = Callable[[Any], Any] | None  # a column's raw value -> the text or number written; None: as it is


def _inline(text: str, sheet: Any, preserve: Callable[[str], Any]) -> str:
    """The content of an inline string cell after `t="inlineStr"`, as xlsxwriter's `_write_cell` makes it
    in constant-memory mode (only for texts `SPECIAL` finds something in)."""
    text = sheet._escape_control_characters(text)
    if text.startswith("<r>") and text.endswith("</r>"):
        return f"><is>{text}</is></c>"
    space = ' xml:space="preserve"' if preserve(text) else ""
    return f"><is><t{space}>{sheet._escape_data(text)}</t></is></c>"


class RowWriter:
    """Writes whole rows of one sheet as xlsxwriter would, or declines (see the module docstring).

    `style(name, columns)` declares a row style: per column a converter and the cell's format. `put` writes
    a row of raw values in a declared style; `learn` takes the `<row>` tag of a row xlsxwriter just set.
    """

    def __init__(self, sheet: Any) -> None:
        from xlsxwriter import utility

        self.sheet = sheet
        self.preserve = getattr(utility, "_preserve_whitespace", None)
        self.col_name = utility.xl_col_to_name
        self.on = (
            bool(getattr(sheet, "constant_memory", False))
            and self.preserve is not None
            and all(hasattr(sheet, a) for a in SHEET_ATTRIBUTES)
        )
        self.columns: dict[str, list[tuple[Convert, Any]]] = {}
        self.cells: dict[str, list[tuple[Convert, str, str, str, str]]] = {}
        self.tags: dict[tuple[float, str], str] = {}

    def style(self, name: str, columns: list[tuple[Convert, Any]]) -> None:
        """Declare the row style `name`: per column (converter, format); every format must be a Format."""
        self.columns[name] = columns
        self.cells.pop(name, None)
        if any(fmt is None for _, fmt in columns):
            self.on = False

    def _ready(self, name: str) -> list[tuple[Convert, str, str, str, str]] | None:
        """The style's per-column pieces of XML, once each of its formats has its style index (xlsxwriter
        numbers a format when a cell with it is first written out; numbering it here would reorder them)."""
        pieces = []
        for ci, (convert, fmt) in enumerate(self.columns[name]):
            index = fmt.xf_index
            if index is None:
                index = fmt.xf_format_indices.get(fmt._get_format_key())
                if index is None:
                    return None
            head = f'<c r="{self.col_name(ci)}'
            attrs = f'" s="{index}"'
            pieces.append((convert, head, attrs + "/>", attrs + ' t="inlineStr"', attrs + "><v>"))
        self.cells[name] = pieces
        return pieces

    def learn(self, row: int, height: float, name: str) -> None:
        """Keep the `<row>` tag xlsxwriter writes for `row` (just set with `set_row`) for later rows of the
        same height and style."""
        sheet = self.sheet
        if not self.on or (height, name) in self.tags or row not in sheet.row_info:
            return
        out, fh = io.StringIO(), sheet.fh
        sheet.fh = out
        try:
            sheet._write_row(0, None, sheet.row_info[row])
        finally:
            sheet.fh = fh
        tag = out.getvalue()
        if tag.startswith(TAG_HEAD) and tag.endswith(">") and not tag.endswith("/>"):
            self.tags[height, name] = '"' + tag[len(TAG_HEAD) :]

    def put(self, row: int, values: Sequence[Any], height: float, name: str) -> bool:
        """Write `values` as row `row` in style `name`; False (nothing written) when declined."""
        if not self.on:
            return False
        tail = self.tags.get((height, name))
        sheet = self.sheet
        if tail is None or row <= sheet.previous_row:
            return False
        sheet._write_single_row(row)  # out goes the pending row, as at xlsxwriter's first write to `row`
        cells = self.cells.get(name) or self._ready(name)
        if not cells or len(values) != len(cells):
            return False
        rn = str(row + 1)
        parts = ['<row r="', rn, tail]
        append = parts.append
        half = sheet.xls_strmax // 2
        for (convert, head, blank, text, number), v in zip(cells, values):  # noqa: B905 (checked above)
            if v is None or v == "":
                append(head + rn + blank)
                continue
            x = v if convert is None else convert(v)
            if x.__class__ is str:
                if len(x) > half:
                    return False
                if SPECIAL.search(x) is None:
                    append(f"{head}{rn}{text}><is><t>{x}</t></is></c>")
                else:
                    append(head + rn + text + _inline(x, sheet, self.preserve))
            elif x.__class__ is int or (x.__class__ is float and x - x == 0.0):
                append(f"{head}{rn}{number}{x:.16G}</v></c>")
            else:
                return False
        append("</row>")
        sheet.fh.write("".join(parts))
        if sheet.dim_rowmax is None or row > sheet.dim_rowmax:
            sheet.dim_rowmax = row
        if sheet.dim_rowmin is None or row < sheet.dim_rowmin:
            sheet.dim_rowmin = row
        last = len(cells) - 1
        if cells and (sheet.dim_colmin is None or sheet.dim_colmin > 0):
            sheet.dim_colmin = 0
        if cells and (sheet.dim_colmax is None or sheet.dim_colmax < last):
            sheet.dim_colmax = last
        return True
