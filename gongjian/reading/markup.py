"""What web systems call ".xls": an HTML table, or an XML Spreadsheet 2003 file, read as they are.

Many government systems export a web page holding a `<table>`, or Excel's XML Spreadsheet 2003
(`<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`), and name it `.xls`; WPS and Excel
open both, so a clerk cannot tell them from a workbook. They are read here with the standard library
(a linear-time tokenizer on `re` and `html.unescape` for pages, `xml.etree.ElementTree` for XML) into
grids of rows, one grid per table or worksheet, which `gongjian.reading.spreadsheet` offers like the
sheets of a workbook (`--sheet`).

- The encoding is a byte-order mark, the page's `<meta charset>` (or `http-equiv` content type) or the
  XML declaration's `encoding` (`declared_encoding`), else detected as for CSV files (UTF-8, else
  GBK/GB18030); `gongjian.reading.spreadsheet` decodes the file and hands the text here.
- Every HTML cell is the text it shows, so a `mso-number-format:'\\@'` cell, a credit code, an ID number
  and a leading zero stay exactly as written; numbers and dates are read from that text by the
  normalisers. XML cells keep their `ss:Type`: `String` stays text, `Number` is a number, `DateTime` a
  datetime, `Boolean` a bool.
- A title row spanning the table (`colspan`, `ss:MergeAcross`) keeps its text in its first column and
  leaves the others blank, as a merged cell of an xlsx does; a cell spanning rows (`rowspan`,
  `ss:MergeDown`) is filled down into the rows it covers.
- The hostile-file limits of workbooks apply: the file's size, `MAX_ROWS`, `MAX_COLUMNS` and `MAX_CELLS`
  cells; an XML file with a DTD or entity declarations is refused before it is parsed.
"""

from __future__ import annotations

import codecs
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from gongjian.errors import FileProblem
from gongjian.i18n import t
from gongjian.reading.guard import MAX_CELLS, MAX_COLUMNS

MAX_ROWS = 1_048_576  # as for workbooks: Excel's own limit
MAX_ROWSPAN = 65_534  # what browsers honour
CHUNK_CHARS = 1 << 20
SPREADSHEET_NS = "urn:schemas-microsoft-com:office:spreadsheet"
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""")
_XML_DECL = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")
_DTD = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_SHEET_NAME = re.compile(r"<x:Name>\s*(.*?)\s*</x:Name>", re.IGNORECASE | re.DOTALL)
_SPACES = re.compile(r"[ \t\r\n\f]+")
_ODD_SPACE = re.compile(r"^[ \t\r\n\f]|[ \t\r\n\f]$|[\t\r\n\f]|  ")  # white space a page would not show
# What a page does not show: comments and <script>/<style> blocks (each to its end, or to the end of a page
# cut short). A tag is `<…>` with no `<` inside (a `<` that opens none is text). Every pattern runs in
# linear time whatever the page holds.
_COMMENT = re.compile(r"<!--(.*?)(?:-->|\Z)", re.DOTALL)
_UNSHOWN = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style)\b[^<>]*>.*?(?:</\1\s*>|\Z)", re.DOTALL | re.IGNORECASE
)
_SPLIT = re.compile(r"(<[!?/A-Za-z][^<>]*>)")
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][\w:.-]*)")
_NO_SPAN = (1, 1)
_COLSPAN = re.compile(r"\bcolspan\s*=\s*[\"']?\s*(\d+)", re.IGNORECASE)
_ROWSPAN = re.compile(r"\browspan\s*=\s*[\"']?\s*(\d+)", re.IGNORECASE)
_INTEGER = re.compile(r"[+-]?\d+")
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}


@dataclass
class Grid:
    """One table of a web page or one worksheet of an XML spreadsheet: its name and its rows."""

    name: str
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (row number as Excel shows it, cells)
    visible: bool = True

    def filled(self) -> int:
        """The most non-blank cells in one row (a table of data has at least two)."""
        return max(
            (sum(1 for c in cells if c not in ("", None)) for _, cells in self.rows),
            default=0,
        )


class _Limits:
    """Counts the cells of a file as it is read, and refuses one past the limits of a workbook."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.cells = 0

    def row(self, number: int, width: int, sheet: str) -> None:
        if number > MAX_ROWS:
            raise FileProblem("imp_too_many_rows", file=self.shown, rows=number, limit=MAX_ROWS)
        self.column(width)
        self.cells += width
        if self.cells > MAX_CELLS:
            raise FileProblem(
                "rel_sheet_too_large",
                file=self.shown,
                sheet=sheet,
                ref=f"R{number}C{width}",
                cells=f"{self.cells:,}",
                limit=f"{MAX_CELLS:,}",
            )

    def column(self, number: int) -> None:
        if number > MAX_COLUMNS:
            raise FileProblem("rel_too_many_columns", file=self.shown, columns=number, limit=MAX_COLUMNS)


def _codec(name: bytes | str | None) -> str | None:
    """A declared charset as a Python codec (GB2312 and GBK read as their superset GB18030), or None."""
    if not name:
        return None
    text = (name.decode("ascii", "ignore") if isinstance(name, bytes) else name).strip().lower()
    if text in _GB:
        return "gb18030"
    try:
        return codecs.lookup(text).name
    except LookupError:
        return None


def declared_encoding(head: bytes, kind: str) -> str | None:
    """The codec a page's `<meta charset>` (kind `html`) or an XML declaration (kind `xml`) names, or None."""
    if kind == "html":
        m = _CHARSET.search(head)
        return _codec(m.group(1)) if m else None
    m = _XML_ENCODING.search(head[:512])
    return _codec(m.group(1)) if m else "utf-8"


def _unique(names: list[str]) -> list[str]:
    """Names made unique in order: a second `名单` becomes `名单(2)`."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        count = seen.get(name, 0) + 1
        seen[name] = count
        out.append(name if count == 1 else f"{name}({count})")
    return out


# ---------------------------------------------------------------------------------------------- HTML


class _Table:
    """A table being read: its rows, the cells spanning down into later rows, the open row and cell."""

    def __init__(self, order: int) -> None:
        self.order = order  # position of its <table> tag in the page
        self.rows: list[tuple[int, list[Any]]] = []
        self.down: dict[int, list[Any]] = {}  # column -> [rows left, value] of cells from rows above
        self.new_down: dict[int, list[Any]] = {}  # the same for cells of the open row
        self.row: list[Any] | None = None
        self.col = 0
        self.cell: list[str] | None = None
        self.span = (1, 1)  # (colspan, rowspan) of the open cell
        self.caption: list[str] | None = None
        self.caption_text = ""


class _PageReader:
    """Collects every table of a page as rows of cell texts (nested tables are tables of their own).

    The page is read by a small tokenizer rather than `html.parser`, which takes two seconds for a register
    of 10,000 rows: only tags, text, comments and the blocks to skip (`<script>`, `<style>`) matter here.
    It runs in linear time whatever the page holds: a `<` with no `>` before the next `<` is text.
    """

    def __init__(self, limits: _Limits) -> None:
        self.limits = limits
        self.open: list[_Table] = []
        self.done: list[_Table] = []
        self.names: list[str] = []  # <x:Name> of Excel's web-page export, in order
        self.tables = 0

    def read(self, text: str) -> None:
        """Read a whole page: comments and script/style blocks out first, then tags and text in turn."""
        for comment in _COMMENT.findall(text):
            if "x:Name" in comment or "x:name" in comment:
                self.names.extend(m.strip() for m in _SHEET_NAME.findall(comment))
        text = _UNSHOWN.sub(" ", text)
        parts = _SPLIT.split(text)  # text, tag, text, tag … (a `<` that opens no tag stays in the text)
        text_part = self._text
        start, end = self._start, self._end
        for i, part in enumerate(parts):
            if not i & 1:
                if part:
                    text_part(part)
                continue
            tag = _TAG_NAME.match(part)
            if tag is None:  # <!DOCTYPE …>, <?xml …?>
                continue
            if tag.group(1):
                end(tag.group(2).lower())
            else:
                start(tag.group(2).lower(), part[tag.end() :])
        self._close()

    def _text(self, data: str) -> None:
        if not self.open:
            return
        table = self.open[-1]
        target = table.cell if table.cell is not None else table.caption
        if target is not None:
            target.append(html.unescape(data) if "&" in data else data)

    def _start(self, tag: str, attrs: str) -> None:
        if tag == "table":
            self.tables += 1
            self.open.append(_Table(self.tables))
            return
        if not self.open:
            return
        table = self.open[-1]
        if tag in ("td", "th"):
            self._end_cell(table)
            if table.row is None:
                self._start_row(table)
            table.cell = []
            if "span" in attrs:
                colspan, rowspan = _COLSPAN.search(attrs), _ROWSPAN.search(attrs)
                table.span = (
                    _span(colspan.group(1) if colspan else None, MAX_COLUMNS),
                    _span(rowspan.group(1) if rowspan else None, MAX_ROWSPAN),
                )
            else:
                table.span = _NO_SPAN
        elif tag == "tr":
            self._end_row(table)
            self._start_row(table)
        elif (tag == "br" and table.cell is not None) or (tag in ("p", "div", "li") and table.cell):
            table.cell.append("\n")  # a line break, or a paragraph after text in the same cell
        elif tag == "caption":
            table.caption = []

    def _end(self, tag: str) -> None:
        if not self.open:
            return
        table = self.open[-1]
        if tag in ("td", "th"):
            self._end_cell(table)
        elif tag == "tr":
            self._end_row(table)
        elif tag == "caption" and table.caption is not None:
            table.caption_text = _cell_text(table.caption)
            table.caption = None
        elif tag == "table":
            self._end_row(table)
            self.done.append(self.open.pop())

    def _close(self) -> None:
        while self.open:  # a page cut short: keep what was read
            table = self.open[-1]
            self._end_row(table)
            self.done.append(self.open.pop())

    # -- rows and cells
    def _start_row(self, table: _Table) -> None:
        table.row = []
        table.col = 0

    def _fill_spans(self, table: _Table, upto: int | None) -> None:
        """Put the values of cells spanning down from rows above into the open row, left of `upto`."""
        row = table.row
        while table.col in table.down and (upto is None or table.col < upto):
            while len(row) < table.col:
                row.append("")
            row.append(table.down[table.col][1])
            table.col += 1

    def _end_cell(self, table: _Table) -> None:
        if table.cell is None:
            return
        value = _cell_text(table.cell)
        table.cell = None
        row = table.row
        if table.span is _NO_SPAN and not table.down and len(row) == table.col:  # the common cell
            row.append(value)
            table.col += 1
            if table.col > MAX_COLUMNS:
                self.limits.column(table.col)
            return
        colspan, rowspan = table.span
        self._fill_spans(table, None)
        while len(row) < table.col:
            row.append("")
        row.append(value)
        row.extend("" for _ in range(colspan - 1))
        self.limits.column(len(row))
        if rowspan > 1:
            for offset in range(colspan):
                table.new_down[table.col + offset] = [rowspan - 1, value if offset == 0 else ""]
        table.col += colspan
        self._fill_spans(table, None)

    def _end_row(self, table: _Table) -> None:
        self._end_cell(table)
        row = table.row
        if row is None:
            return
        for col in sorted(c for c in table.down if c >= len(row)):  # spans right of the row's last cell
            while len(row) < col:
                row.append("")
            row.append(table.down[col][1])
        for col in list(table.down):
            table.down[col][0] -= 1
            if table.down[col][0] <= 0:
                del table.down[col]
        table.down.update(table.new_down)
        table.new_down = {}
        number = len(table.rows) + 1
        self.limits.row(number, len(row), table.caption_text or str(table.order))
        table.rows.append((number, row))
        table.row = None


def _span(value: str | None, limit: int) -> int:
    """A colspan/rowspan attribute as a count from 1 to `limit` (0, as HTML allows, spans to the end)."""
    try:
        number = int((value or "1").strip())
    except ValueError:
        return 1
    if number == 0:
        return limit
    return min(max(number, 1), limit)


def _cell_text(parts: list[str]) -> str:
    """A cell's text as a page shows it: runs of source white space as one space, `<br>` as a line break."""
    if len(parts) == 1 and not _ODD_SPACE.search(parts[0]):
        return parts[0]
    if not parts:
        return ""
    lines = "".join(_SPACES.sub(" ", p) if p != "\n" else "\n" for p in parts).split("\n")
    return "\n".join(line.strip(" ") for line in lines).strip("\n")


def read_html(text: str, shown: str, table_name: str) -> list[Grid]:
    """Every table of a web page (decoded), in the order they start; `table_name` names a lone table."""
    reader = _PageReader(_Limits(shown))
    reader.read(text)
    tables = sorted((tb for tb in reader.done if tb.rows), key=lambda tb: tb.order)
    if not tables:
        raise FileProblem("imp_html_no_table", file=shown)
    if len(tables) == 1:
        names = [tables[0].caption_text or (reader.names[0] if reader.names else table_name)]
    else:
        names = [
            tb.caption_text or t("imp_html_table_name", name=table_name, n=i)
            for i, tb in enumerate(tables, start=1)
        ]
    return [Grid(name, tb.rows) for name, tb in zip(_unique(names), tables, strict=True)]


def default_grid(grids: list[Grid]) -> Grid:
    """The grid read when no sheet is named: the first visible one holding data (two cells in a row)."""
    visible = [g for g in grids if g.visible] or grids
    return next((g for g in visible if g.filled() >= 2), visible[0])


# ---------------------------------------------------------------------------------------------- XML


_SS = f"{{{SPREADSHEET_NS}}}"
_X = "{urn:schemas-microsoft-com:office:excel}"
_ROW, _CELL, _DATA, _WORKSHEET, _TABLE = (
    f"{_SS}{name}" for name in ("Row", "Cell", "Data", "Worksheet", "Table")
)
_CLEARED = frozenset(f"{_SS}{name}" for name in ("Table", "Styles", "Names", "WorksheetOptions")) | {
    f"{_X}WorksheetOptions"
}
_VISIBLE = frozenset((f"{_X}Visible", f"{_SS}Visible"))
_HIDDEN = ("SheetHidden", "SheetVeryHidden")
_ROOT = re.compile(r"\s*(?:(?:<\?.*?\?>|<!--.*?-->)\s*)*<(?:[\w.-]+:)?Workbook\b", re.DOTALL)


def _attr(attrib: dict[str, str], name: str) -> str | None:
    """An `ss:` attribute (or, from a careless writer, one without a namespace) of a SpreadsheetML element."""
    value = attrib.get(_SS + name)
    return value if value is not None else attrib.get(name)


def _count(value: str | None, default: int, limit: int) -> int:
    try:
        number = int(value) if value is not None else default
    except ValueError:
        return default
    return min(max(number, 0), limit + 1)


def _xml_value(data: ET.Element) -> Any:
    """A cell's value by its `ss:Type`: String as text, Number, DateTime and Boolean as Python values."""
    text = (data.text or "") if not len(data) else "".join(data.itertext())  # rich text: <B>, <Font> …
    kind = _attr(data.attrib, "Type")
    if kind == "String" or kind is None:
        return text
    if kind == "Number":
        s = text.strip()
        try:
            return int(s) if _INTEGER.fullmatch(s) else float(s)
        except ValueError:
            return text
    if kind == "DateTime":
        try:
            return datetime.fromisoformat(text.strip())
        except ValueError:
            return text
    if kind == "Boolean":
        return text.strip() in ("1", "true", "TRUE")
    return text


class _WorkbookReader:
    """The worksheets of an XML Spreadsheet 2003, row by row, each row cleared from the tree once read."""

    def __init__(self, limits: _Limits) -> None:
        self.limits = limits
        self.grids: list[Grid] = []
        self.rows: list[tuple[int, list[Any]]] = []  # the rows of the worksheet being read
        self.hidden = False
        self.next_row = 1
        self.down: dict[int, list[Any]] = {}  # column -> [rows left, value] (ss:MergeDown)

    def end(self, element: ET.Element) -> None:
        """One element read to its end: a row is taken and cleared; a worksheet closes its grid."""
        tag = element.tag
        if tag == _ROW:
            self._row(element)
            element.clear()
        elif tag == _WORKSHEET:
            name = _attr(element.attrib, "Name") or f"Sheet{len(self.grids) + 1}"
            self.grids.append(Grid(name, self.rows, not self.hidden))
            self.rows, self.hidden, self.next_row, self.down = [], False, 1, {}
            element.clear()
        elif tag in _CLEARED:
            element.clear()
        elif tag in _VISIBLE and (element.text or "").strip() in _HIDDEN:
            self.hidden = True

    def _row(self, element: ET.Element) -> None:
        number = self.next_row
        if element.attrib:
            number = _count(_attr(element.attrib, "Index"), number, MAX_ROWS)
        self.next_row = number + 1
        cells: list[Any] = []
        down, down_next = self.down, {}
        col = 0
        for cell in element:
            if cell.tag != _CELL:
                continue
            across = below = 0
            attrib = cell.attrib
            if attrib:
                index = _attr(attrib, "Index")
                if index is not None:
                    col = max(_count(index, col + 1, MAX_COLUMNS) - 1, col)
                across = _count(_attr(attrib, "MergeAcross"), 0, MAX_COLUMNS)
                below = _count(_attr(attrib, "MergeDown"), 0, MAX_ROWS)
                self.limits.column(col + across + 1)
            if down:
                self._carry(cells, col)
            if len(cells) < col:
                cells.extend([""] * (col - len(cells)))
            value: Any = ""
            for data in cell:
                if data.tag == _DATA:
                    value = _xml_value(data)
                    break
            cells.append(value)
            if across:
                cells.extend([""] * across)
            if below:
                down_next[col] = [below, value]
            col += across + 1
        if down:
            self._carry(cells, None)
            for key, (left, value) in down.items():
                if left > 1:
                    down_next.setdefault(key, [left - 1, value])
        self.down = down_next
        self.limits.row(number, len(cells), str(len(self.grids) + 1))  # its name comes with its end
        self.rows.append((number, cells))

    def _carry(self, cells: list[Any], upto: int | None) -> None:
        """Fill the cells that a cell merged down from the rows above covers, left of column `upto`."""
        for col in sorted(self.down):
            if (upto is None or col < upto) and (col >= len(cells) or cells[col] == ""):
                while len(cells) <= col:
                    cells.append("")
                cells[col] = self.down[col][1]


def read_xml(text: str, shown: str) -> list[Grid]:
    """Every worksheet of an XML Spreadsheet 2003 (decoded); a DTD or an entity declaration is refused."""
    if _DTD.search(text):
        raise FileProblem("imp_xml_dtd", file=shown)
    text = _XML_DECL.sub("", text, count=1)  # the text is decoded: expat must not decode it again
    if not _ROOT.match(text[:4096]):
        raise FileProblem("imp_file_xml", file=shown)
    reader = _WorkbookReader(_Limits(shown))
    parser = ET.XMLPullParser(events=("end",))
    try:
        for chunk in _chunks(text):
            parser.feed(chunk)
            for _, element in parser.read_events():
                reader.end(element)
        parser.close()
        for _, element in parser.read_events():
            reader.end(element)
    except ET.ParseError as exc:
        raise FileProblem("imp_xml_broken", file=shown, detail=str(exc)) from None
    if not reader.grids:
        raise FileProblem("imp_file_empty", file=shown)
    names = _unique([g.name for g in reader.grids])
    for grid, name in zip(reader.grids, names, strict=True):
        grid.name = name
    return reader.grids


def _chunks(text: str) -> Iterator[str]:
    for start in range(0, len(text), CHUNK_CHARS):
        yield text[start : start + CHUNK_CHARS]


def is_spreadsheet_xml(head: bytes) -> bool:
    """True when an XML file's first bytes name Excel's XML Spreadsheet namespace or processing instruction."""
    return SPREADSHEET_NS.encode() in head or b'progid="Excel.Sheet"' in head
