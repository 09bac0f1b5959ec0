"""Reading the spreadsheets clerks receive, one row at a time (PRODUCT §5).

Workbooks (.xlsx, .xlsm, .xls, .ods) are read with python-calamine, whatever their extension says: the
format is taken from the file's first bytes. The ".xls" files web systems export — an HTML table or an
XML Spreadsheet 2003 — are read by `gongjian.reading.markup`, their tables or worksheets offered as sheets. Delimited text (.csv, .tsv, .txt, and the many ".xls" files
that are really tab-separated text) is read with the csv module after detecting its encoding: UTF-8,
UTF-8 with BOM, UTF-16 with BOM, else GBK/GB18030 — and a file that is none of these, or that stops
being one half-way, is refused with a message naming the row, never decoded wrongly in silence.

Rows come out as `(excel_row_number, cells)`: the number is the one Excel shows, cells keep their
types (text stays text, so leading zeros survive; numbers, dates and booleans as calamine gives them), and
a vertically merged cell's value is filled down into the rows it covers (a `社区` cell merged over the
rows of its units). Every problem a user can cause raises `FileProblem` with a catalog key.
"""

from __future__ import annotations

import codecs
import csv
import mmap
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongjian.errors import FileProblem
from gongjian.privacy import FORMULA_PREFIXES
from gongjian.reading import markup
from gongjian.reading.guard import MAX_COLUMNS, check_workbook

MAX_ROWS = 1_048_576  # Excel's own limit; anything longer is not a clerk's roster
MAX_WORKBOOK_BYTES = 200 * 2**20  # calamine holds a sheet in memory: ~20× the compressed size
SAMPLE_BYTES = 1 << 20  # enough of a text file to detect its encoding and delimiter
WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm", ".xltx", ".xlsb", ".xls", ".ods")
ZIPPED_EXTENSIONS = (
    ".xlsx",
    ".xlsm",
    ".xltx",
    ".xlsb",
    ".ods",
)  # never text (a ".xls" may be: tab-separated)
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DELIMITERS = (",", "\t", ";", "|")


@dataclass
class Sheet:
    """One sheet of an input file, opened for reading; `rows()` streams it from the top."""

    path: Path
    name: str  # the sheet name (a CSV file's stem)
    fmt: str  # xlsx | xls | ods | csv | html | xml
    sheets: list[str]  # every sheet of the workbook
    total: int  # number of rows, for progress (an estimate for text files)
    encoding: str | None = None  # the detected encoding of a text file
    delimiter: str | None = None
    _reader: Callable[[], Iterator[tuple[int, list[Any]]]] | None = field(default=None, repr=False)

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """Every row from the top as (row number as Excel shows it, cells)."""
        assert self._reader is not None
        return self._reader()

    def release(self) -> None:
        """Let go of what the sheet holds in memory (calamine keeps a whole sheet); `rows()` is done."""
        self._reader = None


def open_sheet(path: Path | str, sheet: str | None = None) -> Sheet:
    """Open `path` and pick `sheet` (a name or 1-based number; default: the first visible sheet)."""
    path = Path(path).expanduser()
    shown = path.name
    if not path.exists():
        raise FileProblem("imp_file_missing", file=str(path))
    if path.is_dir():
        raise FileProblem("imp_file_is_dir", file=str(path))
    size = path.stat().st_size
    if size == 0:
        raise FileProblem("imp_file_empty", file=shown)
    with open(path, "rb") as fh:
        head = fh.read(SAMPLE_BYTES)
    if head.startswith((ZIP_MAGIC, OLE_MAGIC)):
        if size > MAX_WORKBOOK_BYTES:
            raise FileProblem(
                "imp_file_too_big", file=shown, size=size // 2**20, limit=MAX_WORKBOOK_BYTES // 2**20
            )
        return _open_workbook(path, sheet, ole=head.startswith(OLE_MAGIC))
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:4096].lower()
    if lowered.startswith(b"<?xml") and markup.is_spreadsheet_xml(head):
        return _open_markup(path, sheet, size, "xml")
    if lowered.startswith((b"<html", b"<!doctype", b"<table", b"<meta")) or (
        lowered.startswith(b"<") and (b"<html" in lowered or b"<table" in lowered)  # after a comment, say
    ):
        return _open_markup(path, sheet, size, "html")
    if lowered.startswith(b"<?xml"):
        raise FileProblem("imp_file_xml", file=shown)
    if head.startswith(b"%PDF"):
        raise FileProblem("imp_not_spreadsheet", file=shown)
    return _open_text(path, head, size, sheet)


# ---------------------------------------------------------------------------------------------- workbooks


def _calamine_error(exc: BaseException, path: Path) -> FileProblem:
    """The one clear message for a workbook (a zip or OLE file) that calamine could not read."""
    shown = path.name
    text = str(exc)
    if type(exc).__name__ == "PasswordError" or "password" in text.lower() or _is_encrypted(path):
        return FileProblem("imp_file_encrypted", file=shown)
    if "detect" in text.lower():
        if not _has_zip_magic(path):
            return FileProblem("imp_ole_unreadable", file=shown)  # a Word .doc, or a damaged .xls
        if zipfile.is_zipfile(path):
            return FileProblem("imp_not_spreadsheet", file=shown)  # a .docx, a zip of something else …
        return FileProblem("imp_file_truncated", file=shown)
    detail = text.splitlines()[0][:160] if text else type(exc).__name__
    return FileProblem("imp_file_damaged", file=shown, detail=detail)


_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
# An .xls workbook's first record (BOF of the workbook globals, BIFF8), and the FILEPASS record that follows
# it directly when the workbook is password-protected.
_BIFF8_BOF = b"\x09\x08\x10\x00\x00\x06\x05\x00"
_FILEPASS = b"\x2f\x00"


def _is_encrypted(path: Path) -> bool:
    """True for a password-protected workbook: .xlsx/.xlsb (an OLE container holding an `EncryptedPackage`
    stream), .xls (a FILEPASS record right after the workbook's BOF) or .ods (encryption data in its manifest)."""
    try:
        with open(path, "rb") as fh:
            magic = fh.read(8)
            if magic[:4] == ZIP_MAGIC:
                return _is_encrypted_ods(path)
            if magic != OLE_MAGIC:
                return False
            with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
                if data.find(_ENCRYPTED_MARK) >= 0:
                    return True
                bof = data.find(_BIFF8_BOF)
                return bof >= 0 and data[bof + 20 : bof + 22] == _FILEPASS
    except (OSError, ValueError):
        return False


def _is_encrypted_ods(path: Path) -> bool:
    """An OpenDocument file whose manifest says its parts are encrypted (saved with a password)."""
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("META-INF/manifest.xml")
            if info.file_size > 1 << 20:  # a manifest is a few kilobytes; never inflate a bomb to look
                return False
            return b"encryption-data" in zf.read(info)
    except (KeyError, OSError, zipfile.BadZipFile, RuntimeError):
        return False


def _has_zip_magic(path: Path) -> bool:
    """True when the file starts like a zip archive (xlsx, ods)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(4) == ZIP_MAGIC
    except OSError:
        return False


def _open_workbook(path: Path, wanted: str | None, *, ole: bool) -> Sheet:
    import python_calamine as pc

    shown = path.name
    try:
        with open(path, "rb") as fh:
            book = pc.CalamineWorkbook.from_filelike(fh)
        names = list(book.sheet_names)
        metadata = list(book.sheets_metadata)
    except (pc.CalamineError, ValueError, OSError, RuntimeError) as exc:
        raise _calamine_error(exc, path) from None
    if not names:
        raise FileProblem("imp_file_empty", file=shown)
    if wanted is not None and wanted.strip():
        name = _pick_sheet(names, wanted, shown)
    else:
        visible = [
            m.name
            for m in metadata
            if str(m.visible).endswith("Visible") and str(m.typ).endswith("WorkSheet")
        ]
        name = visible[0] if visible else names[0]
    if not ole:  # before calamine allocates the sheet: refuse a zip bomb or a sheet reaching XFD1048576
        check_workbook(path, name, shown)
    try:
        data = book.get_sheet_by_name(name)
        merged = data.merged_cell_ranges or []
        start = data.start
        height = (data.end[0] + 1) if data.end else 0
    except (pc.CalamineError, ValueError, RuntimeError) as exc:
        raise _calamine_error(exc, path) from None
    fmt = "xls" if ole else ("ods" if path.suffix.lower() == ".ods" or _is_ods(path) else "xlsx")
    if height > MAX_ROWS:
        raise FileProblem("imp_too_many_rows", file=shown, rows=height, limit=MAX_ROWS)
    first_col = start[1] if start else 0

    def reader() -> Iterator[tuple[int, list[Any]]]:
        fill_top, fill_down = _merge_plan(merged, first_col)
        carried: dict[int, Any] = {}
        try:
            for index, cells in enumerate(data.iter_rows()):
                if index in fill_top:
                    for col, key in fill_top[index]:
                        carried[key] = cells[col] if col < len(cells) else ""
                if index in fill_down:
                    for col, key in fill_down[index]:
                        if col < len(cells) and cells[col] == "":
                            cells[col] = carried.get(key, "")
                yield index + 1, cells
        except (pc.CalamineError, ValueError, RuntimeError) as exc:
            raise _calamine_error(exc, path) from None

    return Sheet(path, name, fmt, names, height, _reader=reader)


def _is_ods(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.read("mimetype").startswith(b"application/vnd.oasis.opendocument")
    except (KeyError, OSError, zipfile.BadZipFile):
        return False


def _pick_sheet(names: list[str], wanted: str, shown: str) -> str:
    """A sheet by exact name, by name ignoring case/width/spaces, or by 1-based position."""
    if wanted in names:
        return wanted

    def fold(s: str) -> str:
        return "".join(unicodedata.normalize("NFKC", s).split()).casefold()

    matches = [n for n in names if fold(n) == fold(wanted)]
    if len(matches) == 1:
        return matches[0]
    text = wanted.strip()
    if text.isdigit() and 1 <= int(text) <= len(names):
        return names[int(text) - 1]
    raise FileProblem("imp_no_such_sheet", file=shown, sheet=wanted, sheets="、".join(names))


def _merge_plan(
    merged: list[tuple[tuple[int, int], tuple[int, int]]], first_col: int
) -> tuple[dict[int, list[tuple[int, int]]], dict[int, list[tuple[int, int]]]]:
    """For vertical merges: rows whose value to remember (top) and rows to fill (below), by column."""
    top: dict[int, list[tuple[int, int]]] = {}
    down: dict[int, list[tuple[int, int]]] = {}
    for key, ((r0, c0), (r1, _c1)) in enumerate(merged):
        if r1 <= r0 or c0 < first_col:
            continue
        col = c0 - first_col
        top.setdefault(r0, []).append((col, key))
        for r in range(r0 + 1, r1 + 1):
            down.setdefault(r, []).append((col, key))
    return top, down


# ---------------------------------------------------------------------------------------------- web ".xls"


def _open_markup(path: Path, wanted: str | None, size: int, kind: str) -> Sheet:
    """An HTML table or an XML Spreadsheet 2003 (`markup`): its tables or worksheets offered as sheets."""
    shown = path.name
    if size > MAX_WORKBOOK_BYTES:
        raise FileProblem(
            "imp_file_too_big", file=shown, size=size // 2**20, limit=MAX_WORKBOOK_BYTES // 2**20
        )
    data = path.read_bytes()
    text, encoding = _decode_markup(data, markup.declared_encoding(data[:4096], kind), shown)
    del data
    if kind == "xml":
        grids = markup.read_xml(text, shown)
    else:
        grids = markup.read_html(text, shown, path.stem[:31] or "Sheet1")
    del text
    names = [g.name for g in grids]
    if wanted is not None and wanted.strip():
        grid = grids[names.index(_pick_sheet(names, wanted, shown))]
    else:
        grid = markup.default_grid(grids)
    rows = grid.rows
    return Sheet(path, grid.name, kind, names, len(rows), encoding=encoding, _reader=lambda: iter(rows))


def _decode_markup(data: bytes, declared: str | None, shown: str) -> tuple[str, str]:
    """The text of a web page or XML file and its encoding: a BOM, the declared charset, else detected."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace"), "utf-16"
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # a page that says UTF-8 but was saved as GBK, or the reverse: the bytes decide
    encoding = detect_encoding(data, complete=True, shown=shown)
    return data.decode(encoding), encoding


# ---------------------------------------------------------------------------------------------- text files


def detect_encoding(sample: bytes, *, complete: bool, shown: str = "") -> str:
    """The encoding of a text file from its first bytes: BOMs, strict UTF-8, else plausible GBK/GB18030."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample:
        raise FileProblem("imp_not_spreadsheet", file=shown)
    try:
        codecs.getincrementaldecoder("utf-8")("strict").decode(sample, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = codecs.getincrementaldecoder("gb18030")("strict").decode(sample, final=complete)
    except UnicodeDecodeError:
        raise FileProblem("imp_csv_encoding", file=shown) from None
    if not _plausible_chinese(text):
        raise FileProblem("imp_csv_encoding", file=shown)
    return "gb18030"


def _plausible_chinese(text: str) -> bool:
    """True when text decoded as GB18030 reads like Chinese: nearly all its Han characters are common ones.

    Bytes of another encoding (Big5, Latin-1, Shift-JIS …) that happen to decode as GB18030 give rare
    characters, symbols from the private-use area and four-byte sequences instead.
    """
    han = common = odd = 0
    for ch in text:
        code = ord(ch)
        if code < 0x80:
            continue
        if 0x4E00 <= code <= 0x9FFF:
            han += 1
            try:
                ch.encode("gb2312")
                common += 1
            except UnicodeEncodeError:
                pass
        elif 0xE000 <= code <= 0xF8FF or code > 0xFFFF or 0x0080 <= code <= 0x00FF:
            odd += 1
    if han == 0:
        return odd == 0
    return common >= 0.8 * han and odd <= 0.05 * (han + odd)


def sniff_delimiter(text: str, suffix: str) -> str:
    """The delimiter of delimited text: a tab for .tsv, else the most frequent of , TAB ; | in the first lines."""
    if suffix == ".tsv":
        return "\t"
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    best, best_count = ",", 0
    for candidate in DELIMITERS:
        count = sum(line.count(candidate) for line in lines)
        if count > best_count:
            best, best_count = candidate, count
    return best


def _count_lines(path: Path) -> int:
    count = 0
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            count += chunk.count(b"\n")
    return count


_QUOTED = tuple("'" + p for p in FORMULA_PREFIXES)


def _open_text(path: Path, head: bytes, size: int, wanted: str | None) -> Sheet:
    shown = path.name
    encoding = detect_encoding(head, complete=size <= len(head), shown=shown)
    if path.suffix.lower() in ZIPPED_EXTENSIONS:  # a workbook of these is always a zip: this one is text
        kind = "ODS" if path.suffix.lower() == ".ods" else "Excel"
        raise FileProblem("imp_text_named_workbook", file=shown, kind=kind, suffix=path.suffix)
    sample = head.decode(encoding, errors="ignore")
    delimiter = sniff_delimiter(sample, path.suffix.lower())
    name = path.stem[:31] or "Sheet1"
    if wanted is not None and wanted.strip() and wanted.strip() not in (name, path.stem, "1"):
        raise FileProblem("imp_csv_sheet", file=shown, sheet=wanted)
    total = _count_lines(path) + 1
    if total > MAX_ROWS + 1:
        raise FileProblem("imp_too_many_rows", file=shown, rows=total, limit=MAX_ROWS)

    def reader() -> Iterator[tuple[int, list[Any]]]:
        number = 0
        try:
            with open(path, encoding=encoding, errors="strict", newline="") as fh:
                for number, record in enumerate(csv.reader(fh, delimiter=delimiter), start=1):
                    if len(record) > MAX_COLUMNS:
                        raise FileProblem(
                            "rel_too_many_columns", file=shown, columns=len(record), limit=MAX_COLUMNS
                        )
                    # gongjian's own CSV export writes `'=…` so a formula stays text; read it back as `=…`.
                    if "'" in "".join(record):  # rare: look at each cell only when a quote is there
                        record = [c[1:] if c.startswith(_QUOTED) else c for c in record]
                    yield number, record
        except UnicodeDecodeError:
            raise FileProblem(
                "imp_csv_decode_row",
                file=shown,
                encoding=encoding_label(encoding),
                row=_first_bad_line(path, encoding) or number + 1,
            ) from None
        except csv.Error as exc:
            raise FileProblem("imp_csv_broken", file=shown, row=number + 1, detail=str(exc)) from None

    return Sheet(path, name, "csv", [name], total, encoding=encoding, delimiter=delimiter, _reader=reader)


def _first_bad_line(path: Path, encoding: str) -> int | None:
    """The line where a byte-oriented encoding (UTF-8, GB18030) first fails to decode."""
    if encoding == "utf-16":
        return None  # its newlines are two bytes: the reader's position is as close as we get
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    with open(path, "rb") as fh:
        for number, line in enumerate(fh, start=1):
            try:
                decoder.decode(line)
            except UnicodeDecodeError:
                return number
    return None


def encoding_label(encoding: str | None) -> str:
    """How an encoding is named to a clerk: UTF-8, UTF-8（带BOM）, UTF-16, GBK/GB18030."""
    return {
        "utf-8": "UTF-8",
        "utf-8-sig": "UTF-8 BOM",
        "utf-16": "UTF-16",
        "gb18030": "GBK/GB18030",
    }.get(encoding or "", encoding or "")
