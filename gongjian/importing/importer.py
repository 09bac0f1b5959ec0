"""The spreadsheet import framework (PRODUCT §5): one pipeline that every kind of record plugs into.

`run_import(ledger, kind, path)` reads a sheet row by row (`gongjian.reading.spreadsheet`), finds the header row
under any title rows, maps the headers through each `Field.aliases` (plus a `--map` TOML file), skips
blank, totals and note rows, validates every row with `models.validate(kind, raw)` — the same validation
as the `add` commands — and merges rows that repeat a natural key. It then writes the records inside ONE
`ledger.store.write("import <kind>")` transaction, calling `ledger.import_<kind>_batch(rows, ctx)` when the
ledger has it, else `ledger.import_<kind>(values, ctx)` per row; both return "inserted", "updated" or
"unchanged". Records go in chunks of consecutive rows (so a batch importer's `ctx.row + i` is row i's
number). When a chunk raises a row-level error (a `gongjian.errors` exception, optionally with `field=`
naming the column, or an SQLite integrity error), the transaction is started over with every chunk under
a SAVEPOINT, and a failing chunk is rolled back and replayed row by row: every failing row is named and
its partial writes are undone. The framework clears `ctx.cache` after every such rollback, so a kind may
memoise lookups there but must not keep state in it that the ledger cannot give back; when it starts the
transaction over it also drops every key a kind added to `ctx.options`.

All-or-nothing by default: any rejected row rolls the whole import back. `skip_invalid` commits the
valid rows and writes the rejected ones, unchanged, to `<stem>.rejects.xlsx` beside the input with two
added columns, `原行号` (the row's number in the input) and `错误原因`. `dry_run` does everything and rolls
back. The report names what each update changed (`乐清市统计局：联系电话`), read from the audit log of the
import's own transaction. The kind's importer sees
`ctx.options["columns"]` (the fields the file has a column for: a kind may leave the others untouched
when it updates a record) and `ctx.options["base_dir"]` (the input's folder, for relative file paths).
"""

from __future__ import annotations

import gc
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, compress, repeat
from operator import is_, itemgetter
from pathlib import Path
from typing import Any

from gongjian.errors import FileProblem, GongjianError, InvalidValue, ValidationFailed
from gongjian.i18n import CATALOG, label, t
from gongjian.privacy import mask_pii_text
from gongjian.reading import normalize as n
from gongjian.reading import spreadsheet
from gongjian.reading.guard import MAX_CELL_CHARS
from gongjian.reading.layout import (
    TOTAL_STARTS,
    Columns,
    fen_as_yuan,
    find_header,
    header_key,
    is_note,
    is_total,
    load_map,
    map_columns,
)
from gongjian.reading.specs import SPECS, ImportContext, validate_columns
from gongjian.store.db import translate_sqlite_error
from gongjian.writing import xlsx as workbook

__all__ = [
    "Columns",
    "Report",
    "RowError",
    "find_header",
    "header_key",
    "load_map",
    "map_columns",
    "resolve_kind",
    "run_import",
]

CHUNK_ROWS = 500  # records per SAVEPOINT and per call of a batch importer (the careful pass)
# Records per call of a batch importer in the first pass (no savepoints): few calls, so a large import
# reaches `Store.bulk_insert` in batches big enough to build the table's indexes once.
FAST_CHUNK_ROWS = 25_000
PROGRESS_EVERY = 1000
OUTCOMES = (
    "inserted",
    "updated",
    "unchanged",
    "repeated",
)  # repeated: a record an earlier row of the file wrote
REJECT_COLUMN = "错误原因"
ROW_COLUMN = "原行号"
SHOWN_CHANGES = 10  # updated records named in the report's line (JSON lists them all)
# The column that names a record of each table in the report's list of updates.
RECORD_LABEL = {
    "communities": "name",
    "units": "name",
    "agreements": "number",
    "activities": "title",
    "contributions": "description",
    "members": "name",
    "tickets": "number",
    "needs": "text",
    "resources": "text",
    "projects": "title",
    "meetings": "date",
    "committee_seats": "person",
    "member_registrations": "member",
}

_MASKED = re.compile(r"\*{3,}")


class _Rollback(Exception):
    """Raised inside the write transaction to undo it (dry run, or an all-or-nothing import with errors)."""


class _Retry(Exception):
    """Raised inside the write transaction to undo it and write again, row errors isolated by savepoints."""


# ---------------------------------------------------------------------------------------------- report


@dataclass
class RowError:
    """One refused row: sheet, row number as Excel shows it, column header as in the file, and why."""

    sheet: str
    row: int | None
    column: str | None
    reason: str

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: {"sheet", "row", "column", "reason"}."""
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "reason": self.reason}


@dataclass
class Report:
    """What an import did (or, for a dry run or a refused import, would have done)."""

    kind: str
    file: Path
    sheet: str = ""
    header_row: int = 0
    rows: int = 0  # data rows read under the header
    records: int = 0  # records after merging in-file duplicates
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    repeated: int = 0  # rows naming a record an earlier row of the same file already gave: merged into it
    rejected: int = 0  # rows refused
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the import does with a column, said once
    changes: list[dict[str, Any]] = field(default_factory=list)  # {"record", "fields", "titles"} per update
    errors: list[RowError] = field(default_factory=list)
    rejects_path: Path | None = None
    rejects_written: Any = None  # the rejects file's `writing.xlsx.Written`: sheets continued, cells cut
    # What the kind inferred while reading (a unit's kind from its register or credit code, units
    # deregistered …): fact -> value -> rows, counted over the records written (the spec's `derive`).
    facts: dict[str, dict[str, int]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # field key -> its column header in the file
    dry_run: bool = False
    skip_invalid: bool = False
    committed: bool = False
    encoding: str | None = None

    @property
    def failed(self) -> bool:
        """True when the import was refused as a whole (all-or-nothing with rejected rows)."""
        return bool(self.rejected) and not self.skip_invalid

    def as_json(self) -> dict[str, Any]:
        """The stable JSON report of PRODUCT §5."""
        return {
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "repeated": self.repeated,
            "rejected": self.rejected,
            "facts": {name: dict(values) for name, values in self.facts.items()},
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "changes": [{"record": c["record"], "fields": c["fields"]} for c in self.changes],
            "errors": [e.as_dict() for e in self.errors],
        }


# ---------------------------------------------------------------------------------------------- kinds


def resolve_kind(text: str, kinds: list[str]) -> str:
    """A kind named by its plural key (`units`), singular (`unit`) or table label (`共建单位`, `单位`)."""
    wanted = "".join((n.text(text) or "").split()).casefold()
    labels: dict[str, str] = {}
    for kind in kinds:
        names = {kind, kind[:-1], kind[:-3] + "y" if kind.endswith("ies") else kind}
        entry = CATALOG.get(f"tbl_{kind}")
        if entry:
            names.update(entry)
            labels[kind] = entry[0]
        if wanted in {name.casefold() for name in names}:
            return kind
    # a word of the Chinese label: 结对 (结对关系), 协议 (共建协议), 党员 (在职党员) …
    found = [kind for kind, zh in labels.items() if len(wanted) >= 2 and wanted in zh]
    if len(found) == 1:
        return found[0]
    raise InvalidValue("imp_unknown_kind", kind=text, kinds="、".join(kinds) if kinds else t("value_empty"))


# ---------------------------------------------------------------------------------------------- records


class _Record:
    """A validated row on its way into the ledger (merged with its in-file duplicates).

    Its values are kept as two tuples, the keys (one tuple shared by every record of the same keys) and
    the values: a tuple of 13 values is a quarter of a dict of them, and a 100,000-row import keeps them
    all while it writes. `values` gives a new dict each time; assign it to change the record.
    """

    __slots__ = ("row", "rows", "keys", "data", "blank", "facts")

    def __init__(
        self,
        row: int,
        keys: tuple[str, ...],
        data: tuple[Any, ...],
        blank: tuple[str, ...],
        facts: list[tuple[str, str]] | None = None,
    ) -> None:
        self.row = row
        self.rows = [row]
        self.keys = keys
        self.data = data
        self.blank = blank
        self.facts = facts or None  # what the spec's `derive` inferred (None: nothing)

    @property
    def values(self) -> dict[str, Any]:
        """The record's values by field key (a new dict)."""
        return dict(zip(self.keys, self.data, strict=True))

    @values.setter
    def values(self, values: dict[str, Any]) -> None:
        self.keys = _shared_keys(tuple(values))
        self.data = tuple(values.values())


_KEYS: dict[tuple[str, ...], tuple[str, ...]] = {}


def _shared_keys(keys: tuple[str, ...]) -> tuple[str, ...]:
    """One tuple object for every record with these keys."""
    return _KEYS.setdefault(keys, keys)


def _key_part(value: Any, fold: bool) -> Any:
    """One part of a natural key; text (a name, a title) compares by `normalize.match_key`, so one record
    typed `（）` in one row and `()` in another is one record."""
    if value is None:
        return None
    if value.__class__ is list:
        return tuple(value)
    if fold and value.__class__ is str:
        return n.match_key(value)
    return value


# What makes a row worth a closer look, searched in its texts each after a NUL and the last one before a
# NUL: a text whose first character (after white space) may start a totals word (`layout.is_total`), or a
# text of white space only (a blank cell that `count("")` misses, so a note row may have more cells than it
# seems). Starting with a literal NUL lets the regex engine skip to the next NUL (half the time of `^|\x00`).
_ROW_SCREEN = re.compile(rf"\x00(?:\s*[{TOTAL_STARTS}]|\s+\x00)")


def _blanks_as_none(column: list[Any]) -> list[Any]:
    """The cells of a column with every blank one (None, empty, only white space) as None."""
    try:
        spaces = any(map(str.isspace, column))  # a column of texts only (a CSV's): no Python frame per cell
    except TypeError:
        spaces = True
    if not spaces:
        return [v or None for v in column]
    return [None if v is None or (v.__class__ is str and (not v or v.isspace())) else v for v in column]


def _key_column(values: list[Any], fold: bool) -> list[Any]:
    """`_key_part` of a whole column: text compared by `normalize.match_key` where `fold`, lists as tuples."""
    if fold:
        values = n.match_keys(values)
    if not any(map(list.__instancecheck__, values)):
        return values
    return [tuple(v) if v.__class__ is list else v for v in values]


def _show_key(values: dict[str, Any], keys: tuple[str, ...]) -> str:
    parts = [values.get(k) for k in keys]
    return " / ".join(str(p) for p in parts if p not in (None, "", []))


# ---------------------------------------------------------------------------------------------- the import


class _Importer:
    """One run of `run_import`: the sheet, its columns, the records, and the report being built."""

    def __init__(
        self,
        ledger: Any,
        kind: str,
        path: Path,
        *,
        dry_run: bool,
        skip_invalid: bool,
        today: date | None,
        progress: Callable[[str, int, int], None] | None,
    ) -> None:
        self.ledger = ledger
        self.kind = kind
        self.spec = SPECS[kind]
        self.path = path
        self.progress = progress
        self.report = Report(kind, path, dry_run=dry_run, skip_invalid=skip_invalid)
        self.ctx = ImportContext(dry_run=dry_run, **({"today": today} if today else {}))
        self.ctx.warnings = self.report.warnings  # kinds and the framework add to the same list
        self.sheet: Any = None
        self.columns: Columns | None = None
        self.by_label: dict[str, str] = {}
        self.rejects: dict[int, list[str]] = {}  # row -> reasons
        self.merged = 0  # rows the read merged into an earlier row's record (by the natural key)
        self.row_fn, self.batch_fn = ledger.importer(kind)
        if self.batch_fn is None and self.row_fn is None:
            raise InvalidValue("imp_unknown_kind", kind=kind, kinds="、".join(ledger.importable_kinds()))

    # -------------------------------------------------------------- errors
    def _column(self, fkey: str | None) -> str | None:
        if not fkey:
            return None
        return self.columns.titles.get(fkey) or label(fkey)

    def _reject(self, rows: list[int], errors: list[tuple[str | None, str]]) -> None:
        sheet = self.report.sheet
        for column, reason in errors:
            self.report.errors.append(RowError(sheet, rows[0], column, reason))
        text = "；".join(f"“{c}”列：{r}" if c else r for c, r in errors)
        for row in rows:
            self.rejects.setdefault(row, []).append(text)

    def _errors_of(self, exc: BaseException) -> list[tuple[str | None, str]]:
        if isinstance(exc, sqlite3.Error):
            exc = translate_sqlite_error(exc, self.ledger.store.conn) or exc  # names the finalised year
        if isinstance(exc, ValidationFailed):
            return [(self._column(self.by_label.get(lab, lab)), reason) for lab, reason in exc.errors]
        if isinstance(exc, GongjianError):
            return [(self._column(exc.params.get("field")), exc.message())]
        return [(None, str(exc))]

    # -------------------------------------------------------------- phase 1: read and validate
    def read(
        self, sheet_arg: str | None, extra: dict[str, str | None], defaults: dict[str, Any] | None = None
    ) -> list[_Record]:
        """Stream the sheet: find the header, skip what is not a record, validate, merge duplicates.

        `defaults` gives a field's value to every row whose cell for it is blank or missing (`--community`).
        """
        self.sheet = sheet = spreadsheet.open_sheet(self.path, sheet_arg)
        report = self.report
        report.sheet = sheet.name
        report.encoding = sheet.encoding
        rows = sheet.rows()
        defaults = {k: v for k, v in (defaults or {}).items() if v is not None}
        try:
            cols, rest = find_header(
                rows, self.spec, extra, file=self.path.name, sheet=sheet.name, supplied=frozenset(defaults)
            )
        except FileProblem as exc:
            if exc.key == "imp_missing_columns" and "community" in exc.params.get("fields", "").split(","):
                raise FileProblem("imp_missing_columns_community", **exc.params) from None
            if exc.key == "imp_no_header" and sheet.fmt == "csv":
                raise FileProblem(
                    "imp_no_header_csv", **exc.params, encoding=spreadsheet.encoding_label(sheet.encoding)
                ) from None
            raise
        self.columns = cols
        report.header_row = cols.row
        self.by_label = {label(f.key): f.key for f in self.spec.fields}
        if cols.ignored:
            report.warnings.append(t("imp_w_ignored", columns="、".join(cols.ignored)))
        if cols.unknown:
            shown = cols.unknown[:30] + (
                [t("rel_and_more", n=len(cols.unknown) - 30)] if len(cols.unknown) > 30 else []
            )
            report.warnings.append(t("imp_w_unknown", columns="、".join(shown)))
        for dropped, used in cols.duplicates:
            report.warnings.append(t("imp_w_duplicate_column", column=dropped, used=used))
        for fkey, col in cols.fields.items():
            note = self.spec.by_key[fkey].note
            if note:
                report.notes.append(t(note, column=cols.headers[col]))
        self.ctx.sheet = sheet.name
        self.ctx.options.update(
            columns=frozenset(cols.fields) | frozenset(defaults),
            base_dir=str(self.path.parent.resolve()),
            file=str(self.path),
        )

        spec, kind, warnings = self.spec, self.kind, report.warnings
        keys = list(cols.fields)  # the fields the file has a column for, and their columns
        places = [cols.fields[k] for k in keys]
        first_header = cols.headers[places[0]]
        masked_fields = {k for k in keys if spec.by_key[k].parse in (n.phone, n.id_number)}
        examples = {k: n.text(spec.by_key[k].example) if spec.by_key[k].example else None for k in keys}
        total = max(sheet.total, 1)
        progress = self.progress

        # Pass 1, row by row: each row's cells of the fields; the whole row is kept only where a later
        # test needs it (a note has at most two cells filled; a header repeated starts with the header).
        width = max(places) + 1
        pick = itemgetter(*places) if len(places) > 1 else (lambda cells, _p=places[0]: (cells[_p],))
        numbers: list[int] = []
        picked: list[tuple[Any, ...]] = []
        totals: set[int] = set()
        whole: dict[int, list[Any]] = {}
        texts, screen = str.__instancecheck__, _ROW_SCREEN.search
        header_text = str(first_header)
        for index, (number, cells) in enumerate(chain(rest, rows)):
            if progress is not None and number % PROGRESS_EVERY == 0:
                progress("read", number, total)
            numbers.append(number)
            vals = (
                pick(cells)
                if len(cells) >= width
                else tuple(cells[p] if p < len(cells) else "" for p in places)
            )
            picked.append(vals)
            joined = "\x00".join(filter(texts, cells))
            if (
                screen(f"\x00{joined}\x00") is not None
                or header_text in joined
                or len(cells) - cells.count("") - cells.count(None) <= 2
            ):
                whole[index] = cells
                if is_total(cells):
                    totals.add(index)

        sheet.release()  # the rows are read: a workbook's cells need not stay in memory any longer
        del rows, rest

        # Pass 2, column by column: the cells of each field, the hostile-file guard, blanks as None.
        cells_of = [list(map(itemgetter(place), picked)) for place in range(len(places))]
        del picked
        self._refuse_long_cells(cells_of, numbers, [cols.headers[p] for p in places])
        given = [_blanks_as_none(column) for column in cells_of]
        del cells_of
        n_fields = len(given)
        filled = [n_fields - row.count(None) for row in zip(*given, strict=True)]  # cells filled, row by row

        # Pass 3, row by row: what is not a record (totals, notes, the header again, the template's example).
        keep: list[int] = []
        said: list[tuple[int, str]] = []  # the warnings of these rows, by row number
        heads = given[0]
        first_data = True
        for index, count in enumerate(filled):
            number = numbers[index]
            if index in totals:
                said.append((number, t("imp_w_total_row", row=number)))
                continue
            if not count:
                continue
            cells = whole.get(index)
            if cells is not None:
                if count <= 2 and is_note(cells):
                    said.append((number, t("imp_w_note_row", row=number)))
                    continue
                head = heads[index]
                if head.__class__ is str and head.strip() == first_header and self._repeats_header(cells):
                    said.append((number, t("imp_w_header_again", row=number)))
                    continue
            if first_data:
                first_data = False
                raw = {
                    k: column[index]
                    for k, column in zip(keys, given, strict=True)
                    if column[index] is not None
                }
                if self._is_example(raw, examples):
                    said.append((number, t("imp_w_example_row", row=number)))
                    continue
            keep.append(index)
        del whole, filled, totals, heads
        data_rows = len(keep)
        if data_rows < len(numbers):
            given = [[column[i] for i in keep] for column in given]
            numbers = [numbers[i] for i in keep]
        del keep

        # What the file gives in other units (fen, minutes), masked numbers (blank), the defaults.
        masked: dict[str, int] = {}
        for place, fkey in enumerate(keys):
            column = given[place]
            if fkey in cols.fen:
                given[place] = [fen_as_yuan(v) if v is not None else None for v in column]
            elif fkey in cols.minutes:
                given[place] = [f"{v}分钟" if v is not None and str(v).strip() else v for v in column]
            elif fkey in masked_fields:
                hits = [
                    i for i, v in enumerate(column) if v.__class__ is str and "***" in v and _MASKED.search(v)
                ]
                for i in hits:
                    column[i] = None
                if hits:
                    masked[fkey] = len(hits)
        blanks = [
            tuple(compress(keys, map(is_, row, repeat(None)))) if None in row else ()
            for row in zip(*given, strict=True)
        ]
        columns = dict(zip(keys, given, strict=True))
        del given
        for fkey, value in defaults.items():
            column = columns.get(fkey)
            columns[fkey] = (
                [value] * data_rows if column is None else [value if v is None else v for v in column]
            )

        # Validation, column by column; then the records, row by row, in the file's order.
        fields, clean, errors = validate_columns(kind, columns, data_rows)
        natural = tuple(k for k in spec.natural_key if k in spec.by_key)
        no_key = (None,) * len(natural)
        if natural:
            keyed = [
                _key_column(clean[fields.index(k)], spec.by_key[k].parse in (n.unit_name, n.text))
                for k in natural
            ]
            key_of: Iterator[tuple[Any, ...]] = zip(*keyed, strict=True)
        else:
            key_of = repeat(no_key, data_rows)
        derive = spec.derive
        raw_keys = list(columns)
        raw_of: Iterator[tuple[Any, ...]] = (
            zip(*columns.values(), strict=True) if derive is not None else repeat((), data_rows)
        )
        del columns  # what derive reads stays in raw_of; the rest may go
        fields_key = _shared_keys(tuple(fields))
        by_key: dict[tuple, _Record] = {}
        records: list[_Record] = []
        report.titles = dict(cols.titles)
        pending = iter(said)
        next_said = next(pending, None)
        for index, (number, values_row, blank, key, raw_row) in enumerate(
            zip(numbers, zip(*clean, strict=True), blanks, key_of, raw_of, strict=True)
        ):
            while next_said is not None and next_said[0] < number:
                warnings.append(next_said[1])
                next_said = next(pending, None)
            refused = errors.get(index)
            if refused is not None:
                self._reject([number], self._errors_of(ValidationFailed(refused)))
                continue
            facts = None
            if derive is not None:
                values = dict(zip(fields, values_row, strict=True))
                try:
                    facts = derive(
                        values, {k: v for k, v in zip(raw_keys, raw_row, strict=True) if v is not None}
                    )
                except (ValidationFailed, InvalidValue) as exc:
                    self._reject([number], self._errors_of(exc))
                    continue
                row_keys, values_row = _shared_keys(tuple(values)), tuple(values.values())
            else:
                row_keys = fields_key
            record = _Record(number, row_keys, values_row, blank, facts)  # blank: a tuple, not a set (20 MB)
            if key != no_key:
                first = by_key.get(key)
                if first is not None:
                    self._merge(first, record)
                    continue
                by_key[key] = record
            records.append(record)
        while next_said is not None:
            warnings.append(next_said[1])
            next_said = next(pending, None)
        for fkey, count in masked.items():
            warnings.append(t("imp_w_masked", column=cols.titles[fkey], n=count))
        report.records = len(records)
        report.rows = data_rows
        if not report.rows:
            raise FileProblem("imp_no_rows", file=self.path.name, sheet=sheet.name, row=cols.row)
        return records

    def _refuse_long_cells(self, columns: list[list[Any]], numbers: list[int], headers: list[Any]) -> None:
        """The hostile-file guard: a text longer than a cell of Excel holds (not from Excel) refuses the file,
        naming the first such cell (by row, then column) — never stored."""
        first: tuple[int, int, int] | None = None
        for place, column in enumerate(columns):
            try:
                longest = max(map(len, column), default=0)  # every cell a text (a CSV)
            except TypeError:
                longest = max((len(v) for v in column if v.__class__ is str), default=0)
            if longest <= MAX_CELL_CHARS:
                continue
            index = next(i for i, v in enumerate(column) if v.__class__ is str and len(v) > MAX_CELL_CHARS)
            if first is None or index < first[0]:
                first = (index, place, len(column[index]))
        if first is not None:
            index, place, length = first
            raise FileProblem(
                "rel_cell_too_long",
                file=self.path.name,
                row=numbers[index],
                column=headers[place],
                length=length,
                limit=MAX_CELL_CHARS,
            )

    def _repeats_header(self, cells: list[Any]) -> bool:
        """A row that repeats the header (a printed roster repeats it on every page)."""
        headers = self.columns.headers
        size = len(cells)
        return all(
            header_key(cells[i]) == header_key(headers[i]) for i in self.columns.fields.values() if i < size
        )

    def _is_example(self, raw: dict[str, Any], examples: dict[str, str | None]) -> bool:
        """The template's example row, left in place: every field with an example has a column, and every
        cell equals its field's example (a real record never repeats all of them)."""
        wanted = [f.key for f in self.spec.fields if f.example]
        if not wanted or any(k not in examples for k in wanted):
            return False
        for fkey, example in examples.items():
            value = raw.get(fkey)
            try:
                shown = n.text(value) if value is not None else None
            except GongjianError:
                return False
            if shown != example:
                return False
        return True

    def _merge(self, first: _Record, later: _Record) -> None:
        """Fold a repeated record into its first occurrence: the later row's filled cells win."""
        values, now = first.values, later.values
        given = [k for k in self.columns.fields if k not in later.blank and k in now]
        changed = [k for k in given if k not in first.blank and values.get(k) != now[k]]
        for k in given:
            values[k] = now[k]
        for k, v in now.items():  # what the spec's `derive` added from the later row
            if k not in self.spec.by_key and v is not None:
                values[k] = v
        first.values = values
        first.facts = later.facts or first.facts
        first.blank = tuple(k for k in first.blank if k in later.blank)
        first.rows.append(later.row)
        self.merged += 1
        what = _show_key(values, self.spec.natural_key)
        if changed:
            columns = "、".join(self._column(k) or k for k in changed)
            self.report.warnings.append(
                t("imp_w_merged_changed", row=later.row, first=first.row, what=what, columns=columns)
            )
        else:
            self.report.warnings.append(t("imp_w_merged", row=later.row, first=first.row, what=what))

    # -------------------------------------------------------------- phase 2: write
    def _call(self, chunk: list[_Record]) -> list[str]:
        ctx = self.ctx
        if self.batch_fn is not None:
            ctx.row = chunk[0].row
            outcomes = list(self.batch_fn([r.values for r in chunk], ctx))
            if len(outcomes) != len(chunk):
                raise RuntimeError(
                    f"import_{self.kind}_batch returned {len(outcomes)} outcomes for {len(chunk)} rows"
                )
        else:
            outcomes = []
            for r in chunk:
                ctx.row = r.row
                outcomes.append(self.row_fn(r.values, ctx))
        if not all(map(OUTCOMES.__contains__, outcomes)):
            wrong = next(o for o in outcomes if o not in OUTCOMES)
            raise RuntimeError(f"import_{self.kind} returned {wrong!r}")
        return outcomes

    def _attempt(self, records: list[_Record], name: str) -> tuple[list[str] | None, BaseException | None]:
        """Call the kind's importer under SAVEPOINT `name`; a row-level error undoes exactly what it wrote."""
        conn, ctx = self.ledger.store.conn, self.ctx
        mark = len(ctx.warnings)
        conn.execute(f"SAVEPOINT {name}")
        try:
            outcomes = self._call(records)
        except (GongjianError, sqlite3.IntegrityError) as exc:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
            del ctx.warnings[mark:]
            ctx.cache.clear()  # it may name rows that no longer exist
            return None, exc
        except BaseException:
            with suppress(sqlite3.Error):  # the transaction may be gone already; keep the real error
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")
        return outcomes, None

    def _run_chunk(self, chunk: list[_Record]) -> list[str | None]:
        """Write one chunk under a savepoint; on a row-level error, replay it row by row to name every bad row."""
        outcomes, error = self._attempt(chunk, "gj_import_chunk")
        if outcomes is not None:
            return list(outcomes)
        if len(chunk) == 1:
            self._reject(chunk[0].rows, self._errors_of(error))
            return [None]
        result: list[str | None] = []
        for record in chunk:
            outcomes, error = self._attempt([record], "gj_import_row")
            if outcomes is None:
                self._reject(record.rows, self._errors_of(error))
                result.append(None)
            else:
                result.append(outcomes[0])
        return result

    def write(self, records: list[_Record]) -> None:
        """Write every record in one transaction; commit unless refused or a dry run.

        The first pass runs without savepoints (an open savepoint makes SQLite keep a sub-journal, which
        slows big inserts by a quarter). At the first row-level error the transaction is rolled back and
        the records are written again, each chunk under a savepoint, so every failing row is named and
        only its own writes are undone.
        """
        report, ctx = self.report, self.ctx
        mark, read_rejects = len(ctx.warnings), dict(self.rejects)
        options = dict(ctx.options)
        read_errors = list(report.errors)
        precise = False
        while True:
            counts = dict.fromkeys(OUTCOMES, 0)
            try:
                with self.ledger.store.write(f"import {self.kind}"):
                    done = 0
                    size = CHUNK_ROWS if precise or self.batch_fn is None else FAST_CHUNK_ROWS
                    for chunk in _chunks(records, size):
                        for outcome, times in Counter(
                            self._run_chunk(chunk) if precise else self._run_fast(chunk)
                        ).items():
                            if outcome is not None:  # a rejected row
                                counts[outcome] += times
                        done += len(chunk)
                        if self.progress is not None:
                            self.progress("write", done, len(records))
                    report.rejected = len(self.rejects)
                    report.errors.sort(key=lambda e: e.row or 0)
                    if not report.failed:
                        report.changes = self.changes()
                    if report.failed or report.dry_run:
                        raise _Rollback
                    if self.rejects:
                        report.rejects_written = self.write_rejects()
                        report.rejects_path = report.rejects_written.path
                report.committed = True
            except _Rollback:
                pass
            except _Retry:  # everything was undone: so is every kind's own state in ctx
                del ctx.warnings[mark:]
                ctx.cache.clear()
                ctx.options.clear()
                ctx.options.update(options)
                self.rejects, report.errors = dict(read_rejects), list(read_errors)
                precise = True
                continue
            break
        if not report.failed:
            report.inserted, report.updated, report.unchanged, repeated = (counts[o] for o in OUTCOMES)
            # rows the read merged by their natural key, and rows the kind found it had written already
            report.repeated = repeated + self.merged

    def count_facts(self, records: list[_Record]) -> None:
        """Count what the spec's `derive` inferred, over the records written (or that a dry run would write)."""
        report = self.report
        if report.failed:
            return
        for record in records:
            if record.facts is None or record.row in self.rejects:
                continue
            for name, value in record.facts:
                counts = report.facts.setdefault(name, {})
                counts[value] = counts.get(value, 0) + 1

    def _run_fast(self, chunk: list[_Record]) -> list[str]:
        """Write one chunk with no savepoint; a row-level error starts the careful pass over."""
        try:
            return self._call(chunk)
        except (GongjianError, sqlite3.IntegrityError):
            raise _Retry from None

    def changes(self) -> list[dict[str, Any]]:
        """What the updates of this import changed: each updated record of the kind's table, named, with
        its changed columns (keys, and the headers the file gives them)."""
        table = self.kind
        if table not in RECORD_LABEL:
            return []
        spec, titles = self.spec, self.columns.titles if self.columns else {}
        out = []
        for row_id, after, columns in self.ledger.audit.updates_so_far(table):
            fields = [_field_of(column, spec) for column in columns]
            out.append(
                {
                    "record": str(after.get(RECORD_LABEL[table]) or f"#{row_id}"),
                    "fields": fields,
                    "titles": [titles.get(f) or label(f) for f in fields],
                }
            )
        return out

    def write_rejects(self) -> Any:
        """Copy the rejected rows, as they are in the input, to `<stem>.rejects.xlsx` with two columns added:
        原行号 (the row's number in the input; kept from a rejects file imported again) and 错误原因; returns
        what was written (`writing.xlsx.Written`: its path, sheets continued, cells cut)."""
        target = self.path.with_name(f"{self.path.stem}.rejects.xlsx")
        cols = self.columns
        added = (ROW_COLUMN, REJECT_COLUMN)
        kept = [i for i, h in enumerate(cols.headers) if str(h or "").strip() not in added]
        was = next((i for i, h in enumerate(cols.headers) if str(h or "").strip() == ROW_COLUMN), None)
        header = [*(cols.headers[i] for i in kept), *added]

        def rows() -> Iterator[list[Any]]:
            for number, cells in spreadsheet.open_sheet(self.path, self.sheet.name).rows():
                reasons = self.rejects.get(number)
                if reasons and number > cols.row:
                    original = cells[was] if was is not None and was < len(cells) and cells[was] else number
                    copied = [cells[i] if i < len(cells) else "" for i in kept]
                    yield [*copied, original, "；".join(dict.fromkeys(reasons))]

        return workbook.write_rows(target, self.sheet.name, header, rows())


def _field_of(column: str, spec: Any) -> str:
    """The spec field a table column holds (`spending_fen` is `spending`, `assignee_id` is `unit`)."""
    for name in (
        column,
        column.removesuffix("_fen"),
        column.removesuffix("_id"),
        {"assignee_id": "unit"}.get(column),
    ):
        if name and name in spec.by_key:
            return name
    return column


def _chunks(records: list[_Record], size: int = CHUNK_ROWS) -> Iterator[list[_Record]]:
    """Runs of at most `size` records on consecutive rows (so `ctx.row + i` is each row's number)."""
    chunk: list[_Record] = []
    for record in records:
        if chunk and (len(chunk) >= size or record.row != chunk[-1].row + 1):
            yield chunk
            chunk = []
        chunk.append(record)
    if chunk:
        yield chunk


def run_import(
    ledger: Any,
    kind: str,
    path: Path | str,
    *,
    sheet: str | None = None,
    mapping: Path | str | dict[str, str | None] | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    today: date | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    options: dict[str, Any] | None = None,
    defaults: dict[str, Any] | None = None,
) -> Report:
    """Import one sheet of `path` as records of `kind`; see the module docstring for the rules.

    `options` are switches handed to the kind in `ctx.options` (e.g. `allow_unpaired` for activities,
    `force` to pair inactive units); `defaults` fills a field in every row that leaves it blank (e.g. the
    residence community of a party-member roster, which has no such column).
    """
    path = Path(path).expanduser()
    if kind not in SPECS:
        raise InvalidValue("imp_unknown_kind", kind=kind, kinds="、".join(ledger.importable_kinds()))
    for fkey, value in (defaults or {}).items():
        if value is not None and fkey not in SPECS[kind].by_key:
            raise InvalidValue("imp_default_no_field", field=label(fkey), what=t(f"tbl_{kind}"))
    if isinstance(mapping, dict):
        extra = {header_key(k): v for k, v in mapping.items()}
    elif mapping is not None:
        extra = load_map(mapping, kind)
    else:
        extra = {}
    job = _Importer(
        ledger, kind, path, dry_run=dry_run, skip_invalid=skip_invalid, today=today, progress=progress
    )
    job.ctx.options.update(options or {})
    collecting = gc.isenabled()
    gc.disable()  # an import makes a few objects per cell and no cycles: no collector passes over them
    try:
        records = job.read(sheet, extra, defaults)
        job.write(records)
        job.count_facts(records)
    finally:  # a warning repeats what the file holds: its ID numbers and phones are masked like any message
        if collecting:
            gc.enable()
        job.report.warnings[:] = [mask_pii_text(w) or "" for w in job.report.warnings]
    return job.report
