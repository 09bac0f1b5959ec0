"""Limits checked before a workbook is read, so a hostile or broken file costs a message, not the machine.

python-calamine reads a worksheet as one dense block from its first to its farthest cell (32 bytes a cell),
so a 2 KB xlsx holding one value in XFD1048576 asks for 512 GB and aborts the whole process with a Rust
panic. `check_workbook` finds the sheet's extent from the cell references in its XML (streamed from the
zip, never held in memory) and refuses a sheet beyond `MAX_CELLS` or `MAX_COLUMNS`, and a workbook that
inflates beyond `MAX_UNZIPPED_BYTES` (a zip bomb), before calamine sees the file.

The common roster (at most 26 columns, under 100,000 rows) costs one regular-expression pass that finds
nothing: only references with two-letter columns or six-digit rows are looked at, and the exact extent is
computed only when those could make the sheet too large.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from gongjian.errors import FileProblem

MAX_UNZIPPED_BYTES = 1 << 30  # a roster never inflates to a gigabyte of XML; a zip bomb does
MAX_CELLS = 10_000_000  # ~320 MB of calamine cells: ten times the largest roster a city keeps
MAX_COLUMNS = 1024  # Excel allows 16,384, no roster comes near 1,000
MAX_CELL_CHARS = 32_767  # Excel's own limit for the text of one cell

# References that could be far: two or three column letters, or a row of six or seven digits.
# (A literal `r="` first lets the regex engine skip ahead: three times faster than a leading `\s`.)
_FAR = re.compile(rb'r="(?:([A-Z]{2,3})([0-9]{1,7})|([A-Z])([0-9]{6,7}))"')
_ANY = re.compile(rb'r="([A-Z]{1,3})([0-9]{1,7})"')
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_NAME = re.compile(rb'\sname="([^"]*)"')
_RID = re.compile(rb'\s(?:\w+:)?id="([^"]*)"')
_REL = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_REL_ID = re.compile(rb'\sId="([^"]*)"')
_TARGET = re.compile(rb'\sTarget="([^"]*)"')
CHUNK = 4 << 20


def column_number(letters: bytes | str) -> int:
    """Excel column letters as a 1-based number: A -> 1, Z -> 26, AA -> 27, XFD -> 16384."""
    number = 0
    for ch in letters if isinstance(letters, str) else letters.decode("ascii"):
        number = number * 26 + ord(ch) - 64
    return number


def column_letters(number: int) -> str:
    """A 1-based column number as Excel letters: 16384 -> XFD."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_workbook(path: Path, sheet: str, shown: str) -> None:
    """Raise FileProblem when the workbook is a zip bomb or `sheet` is too wide or too large to read."""
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a readable zip: the reader's own message explains it
    with book:
        inflated = sum(info.file_size for info in book.infolist())
        if inflated > MAX_UNZIPPED_BYTES:
            raise FileProblem(
                "rel_workbook_bomb", file=shown, size=-(-inflated >> 20), limit=MAX_UNZIPPED_BYTES >> 20
            )
        parts = _sheet_parts(book, sheet)
        for part in parts:
            try:
                columns, rows = _extent(book, part)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
                return  # a damaged part: the reader's own message explains it
            if columns * rows > MAX_CELLS:
                raise FileProblem(
                    "rel_sheet_too_large",
                    file=shown,
                    sheet=sheet,
                    ref=f"{column_letters(columns)}{rows}",
                    cells=f"{columns * rows:,}",
                    limit=f"{MAX_CELLS:,}",
                )
            if columns > MAX_COLUMNS:
                raise FileProblem("rel_too_many_columns", file=shown, columns=columns, limit=MAX_COLUMNS)


def _sheet_parts(book: zipfile.ZipFile, sheet: str) -> list[str]:
    """The zip part of the named worksheet; every worksheet part when the workbook does not say."""
    names = set(book.namelist())
    every = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    try:
        workbook = book.read("xl/workbook.xml")
        rels = book.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError):
        return every
    wanted = None
    for tag in _SHEET.findall(workbook):
        name, rid = _NAME.search(tag), _RID.search(tag)
        if name and rid and html.unescape(name.group(1).decode("utf-8", "replace")) == sheet:
            wanted = rid.group(1)
            break
    for tag in _REL.findall(rels):
        rid, target = _REL_ID.search(tag), _TARGET.search(tag)
        if wanted is not None and rid and target and rid.group(1) == wanted:
            text = html.unescape(target.group(1).decode("utf-8", "replace"))
            part = text.lstrip("/") if text.startswith("/") else f"xl/{text}"
            if part in names:
                return [part]
    return every


def _chunks(book: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The part's bytes in overlapping chunks, so no reference is cut in two."""
    tail = b""
    with book.open(part) as fh:
        while True:
            chunk = fh.read(CHUNK)
            if not chunk:
                return
            yield tail + chunk
            tail = chunk[-24:]


def _extent(book: zipfile.ZipFile, part: str) -> tuple[int, int]:
    """(columns, rows) the reader would allocate: exact, or an upper bound when that is clearly small."""
    columns, rows = 26, 99_999  # what every reference the first pass skips stays within
    for buf in _chunks(book, part):
        for wide, wide_row, _narrow, high_row in _FAR.findall(buf):
            if wide:
                columns = max(columns, column_number(wide))
                rows = max(rows, int(wide_row))
            else:
                rows = max(rows, int(high_row))
    if columns * rows <= MAX_CELLS and columns <= MAX_COLUMNS:
        return columns, rows
    columns = rows = 0
    for buf in _chunks(book, part):
        for letters, row in _ANY.findall(buf):
            columns = max(columns, column_number(letters))
            rows = max(rows, int(row))
    return columns, rows
