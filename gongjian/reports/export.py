"""`gongjian export`: every table of the ledger as CSV, JSON or xlsx, with stable columns.

Each kind (`gongjian.reports.listings`: the plural table names of PRODUCT §3) has a fixed column list: English keys, enumeration keys,
integer fen, ISO dates, and references by name (`community`, `unit`) under the same keys the importers
read, so an export re-imports into an empty ledger. The tables inside a record (grids, activity units,
ticket events, claims, tasks, attendance, ratings, assessments) are exported by `all` too, so that nothing
of the ledger is left out (a meeting's absent units, for one, are in `meeting_attendance`). `id`, `uid`,
`created_at` and `updated_at` close every CSV/JSON row.

Rows stream from one SQLite cursor to the file, so an export needs the same little memory for a city's
1.5 million services as for a community's hundred. A CSV file's lines are built by SQLite
(`csv_lines_select`: the kind's query with each row as its cells joined by commas — phones and ID numbers
masked, lists joined) and written as UTF-8 bytes a chunk at a time; the rare line whose cells need quotes or
a formula neutralised is written by the `csv` module (`write_csv`): the bytes `to_csv` writes. JSON and xlsx
go through the kind's rows (`listings.rows`). Every file is written beside its target under a temporary
name and put in place when complete (`paths.replacing`): an interrupted export leaves nothing
half-written (xlsx: the workbook writer does the same). Every file is created mode 0600; `all` writes a folder with one file per table and a
`manifest.json`.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from gongjian import __version__
from gongjian.errors import Conflict, InvalidValue
from gongjian.paths import replacing, replacing_folder
from gongjian.privacy import FORMULA_PREFIXES, mask_id_sql, mask_phone_sql, mask_pii_record
from gongjian.reports.listings import KINDS, MAIN, Kind, columns_of, kind_of, rows
from gongjian.store.db import SEP
from gongjian.store.files import private_path, sha256_file
from gongjian.writing import table as tables
from gongjian.writing.table import Table, safe_cell

if TYPE_CHECKING:
    from gongjian.writing.xlsx import Written

FORMATS = ("csv", "json", "xlsx")
CHUNK = 20_000  # rows written between two progress reports
Progress = Callable[[str, int, int | None], None]


def export_table(ledger: Any, kind: str, *, show_pii: bool = False) -> Table:
    """One kind as a `Table` of raw values (fen, ISO dates, enum keys, lists), PII masked unless asked.

    The rows are a stream read once (the ledger must stay open while they are written)."""
    spec = kind_of(ledger, kind)
    found = rows(ledger, spec)
    out = found if show_pii else (mask_pii_record(row) for row in found)
    return Table(columns_of(spec), out, name=kind)


def export_files(
    ledger: Any,
    kind: str,
    *,
    fmt: str = "csv",
    path: Path | str | None = None,
    show_pii: bool = False,
    progress: Progress | None = None,
    max_rows: int | None = None,
) -> dict[str, Any]:
    """Write one kind to a file (or `all` to a folder with a manifest); every file is mode 0600.

    Returns what was written: path, rows, format, and `written`, a `Written` per file (for xlsx: the
    sheets continued past `max_rows`, Excel's last row unless given lower, and the cells cut at Excel's
    32,767 characters)."""
    fmt = (fmt or "csv").lower()
    if fmt not in FORMATS:
        raise InvalidValue("bad_format", fmt=fmt)
    if kind != "all":
        spec = kind_of(ledger, kind)
        target = Path(path).expanduser() if path else Path(f"{kind}.{fmt}")
        if target.is_dir():
            target = target / f"{kind}.{fmt}"
        with ledger.store.snapshot():
            written = write_kind(
                ledger, spec, target, fmt, show_pii=show_pii, progress=progress, max_rows=max_rows
            )
        ledger.store.remember_place("export", target.resolve())
        return {"kind": kind, "path": str(target), "format": fmt, "rows": written.rows, "written": [written]}
    folder = Path(path).expanduser() if path else Path(f"gongjian-export-{datetime.now():%Y%m%d-%H%M%S}")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise Conflict("export_folder_not_empty", path=str(folder))
    entries = []
    files: list[Written] = []
    with replacing_folder(folder) as partial:
        with ledger.store.snapshot():  # every file shows the same moment of the ledger
            for name in KINDS:
                spec = kind_of(ledger, name)
                target = partial / f"{name}.{fmt}"
                written = write_kind(
                    ledger, spec, target, fmt, show_pii=show_pii, progress=progress, max_rows=max_rows
                )
                written.path = folder / target.name  # where it is once the folder is in place
                files.append(written)
                entries.append(
                    {
                        "kind": name,
                        "file": target.name,
                        "rows": written.rows,
                        "columns": [c.key for c in columns_of(spec) if c.data],
                        "sha256": sha256_file(target),
                        "importable": name in MAIN,
                    }
                )
            info = ledger.store.info()
        manifest = {
            "gongjian": _version(),
            "schema_version": info["schema_version"],
            "ledger_uid": info["ledger_uid"],
            "ledger_name": info["name"],
            "exported_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "format": fmt,
            "pii": "full" if show_pii else "masked",
            "tables": entries,
        }
        with open(private_path(partial / "manifest.json"), "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
    ledger.store.remember_place("export", folder.resolve())
    return {
        "kind": "all",
        "path": str(folder),
        "rows": sum(e["rows"] for e in entries),
        "format": fmt,
        "files": len(entries) + 1,
        "manifest": str(folder / "manifest.json"),
        "written": files,
    }


def write_kind(
    ledger: Any,
    spec: Kind,
    target: Path,
    fmt: str,
    *,
    show_pii: bool = False,
    progress: Progress | None = None,
    max_rows: int | None = None,
) -> Written:
    """Stream one kind into `target` as csv (UTF-8 with BOM, for Excel), json or xlsx; mode 0600, whole or
    not at all. Returns what was written; progress is told as `("export:<kind>", rows, total)`."""
    total = ledger.store.scalar(f'SELECT count(*) FROM "{spec.name}"') if progress else None
    phase = f"export:{spec.name}"
    if fmt == "xlsx":
        from gongjian.writing.xlsx import write_tables

        table = export_table(ledger, spec.name, show_pii=show_pii)
        table.expected = total
        written = write_tables(target, [table], progress=progress, max_rows=max_rows)
        written.name = spec.name
        return written
    with replacing(target) as partial:
        private_path(partial)
        if fmt == "json":
            table = export_table(ledger, spec.name, show_pii=show_pii)
            table.rows = _counted(table.rows, phase, total, progress)
            with open(partial, "w", encoding="utf-8") as fh:
                n = tables.to_json(table, fh)
        else:
            with open(partial, "wb") as fh:
                fh.write(codecs.BOM_UTF8)  # the BOM Excel and WPS need to read UTF-8
                n = write_csv(ledger, spec, fh, show_pii=show_pii, progress=progress, total=total)
    # deferred (start-up): the xlsx writer, ~10 ms; `gongjian summary` imports this module and no writer
    from gongjian.writing.xlsx import Written

    return Written(target, n, spec.name)


def write_csv(
    ledger: Any,
    spec: Kind,
    out: BinaryIO,
    *,
    show_pii: bool = False,
    progress: Progress | None = None,
    total: int | None = None,
) -> int:
    """Write a kind as CSV in UTF-8 (English-key header, CRLF line ends as RFC 4180 and Excel have them)
    from SQLite straight to the binary file `out`, `CHUNK` rows at a time; returns the rows written.

    The bytes are those `writing.table.to_csv` writes with the `csv` module. SQLite gives each row as its
    cells joined by commas (`csv_lines_select`); a chunk of such lines in which no cell holds a quote, a
    comma or a line break and none starts like a formula (`_plain`) is that text already, and is written as
    it is. The rows of any other line are read again as cells (`csv_select`) and written by the `csv`
    module, formula-like text neutralised by `writing.table.safe_cell`.
    """
    conn = ledger.store.conn
    conn.create_function("gj_csv_cell", 1, csv_cell, deterministic=True)
    width = sum(1 for c in columns_of(spec) if c.data)
    out.write((",".join(c.key for c in columns_of(spec) if c.data) + "\r\n").encode())
    params = {"today": date.today().isoformat()}
    cursor = conn.execute(csv_lines_select(spec, show_pii=show_pii), params)
    phase, n = f"export:{spec.name}", 0
    while True:
        chunk = cursor.fetchmany(CHUNK)
        if not chunk:
            break
        data = ("\r\n".join([line for line, _ in chunk]) + "\r\n").encode()
        if not _plain(data, len(chunk), width):
            data = _careful(conn, spec, show_pii, chunk, width, params).encode()
        out.write(data)
        n += len(chunk)
        if progress is not None:
            progress(phase, n, total)
    return n


# A cell starting with one of `privacy.FORMULA_PREFIXES` is found by the comma or the line end before it,
# looked for only when the character is there at all (one fast scan). UTF-8 never has an ASCII byte
# inside another character.
_FORMULA_PREFIXES = tuple(p.encode() for p in FORMULA_PREFIXES)


def _plain(data: bytes, lines: int, width: int) -> bool:
    """Whether `lines` lines of `width` cells in UTF-8 (each ending in CRLF; 0: one line without its end)
    are the csv module's text as they stand: no cell holds a quote, a comma or a line break, and none starts
    like a formula (a negative number looks like one too: its row merely goes the careful way)."""
    return (
        b'"' not in data
        and data.count(b"\n") == lines
        and data.count(b"\r") == lines
        and data.count(b",") == (width - 1) * max(lines, 1)
        and not data.startswith(_FORMULA_PREFIXES)
        and not any(
            prefix in data and any(sep + prefix in data for sep in (b",", b"\n"))
            for prefix in _FORMULA_PREFIXES
        )
    )


def _careful(
    conn: Any, spec: Kind, show_pii: bool, chunk: list[tuple[str, int]], width: int, params: dict[str, Any]
) -> str:
    """The chunk's text with every line that is not plain written by the `csv` module from its cells."""
    again = _cells_of(
        conn, spec, show_pii, [i for line, i in chunk if not _plain(line.encode(), 0, width)], params
    )
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    for line, i in chunk:
        cells = again.get(i)
        if cells is None:
            text.write(line + "\r\n")
        else:
            writer.writerow(["" if v is None else safe_cell(v) for v in cells])
    return text.getvalue()


def _cells_of(
    conn: Any, spec: Kind, show_pii: bool, ids: list[int], params: dict[str, Any]
) -> dict[int, tuple]:
    """The cells (`csv_select`) of the kind's rows with these ids, by id."""
    position = [c.key for c in columns_of(spec) if c.data].index("id")
    found: dict[int, tuple] = {}
    select = csv_select(spec, show_pii=show_pii)
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ", ".join(f":id{k}" for k in range(len(part)))
        sql = f"SELECT * FROM ({select}) WHERE c{position} IN ({marks})"
        for row in conn.execute(sql, {**params, **{f"id{k}": v for k, v in enumerate(part)}}):
            found[row[position]] = row
    return found


def _cell_exprs(spec: Kind, show_pii: bool) -> list[tuple[str, bool]]:
    """Each CSV cell of the kind as SQL over the kind's query `x`, and whether it may hold a real (or a
    blob): a number column as stored. Text columns hold text (SQLite stores a number given to a TEXT column
    as text; gongjian stores no blobs), a list joined or a number masked is text made by SQL, and `id` is
    the table's INTEGER PRIMARY KEY."""
    renames = dict(spec.renames)
    exprs = []
    for column in columns_of(spec):
        if not column.data:
            continue
        expr = f'x."{renames.get(column.key, column.key)}"'
        number = column.kind not in _TEXT_KINDS and column.key != "id"
        if column.key in spec.lists:
            expr, number = f"(SELECT group_concat(value, '、') FROM json_each({expr}))", False
        elif column.key in spec.joined:
            expr, number = f"replace({expr}, char({ord(SEP)}), '、')", False
        if not show_pii and (column.key == "phone" or column.key.endswith("_phone")):
            expr, number = mask_phone_sql(expr), False
        elif not show_pii and (column.key == "id_number" or column.key.endswith("_id_number")):
            expr, number = mask_id_sql(expr), False
        exprs.append((expr, number))
    return exprs


_TEXT_KINDS = ("text", "date", "enum", "list")


def csv_select(spec: Kind, *, show_pii: bool = False) -> str:
    """The kind's query with every cell as a CSV file shows it (`writing.table.to_csv`), columns `c0`, `c1` …:
    lists joined by 、, phones and ID numbers masked unless `show_pii` (`privacy.mask_phone_sql`,
    `mask_id_sql`: the rules of `mask_phone` and `mask_id` in SQL)."""
    cells = ", ".join(f"{expr} AS c{i}" for i, (expr, _) in enumerate(_cell_exprs(spec, show_pii)))
    return f"SELECT {cells} FROM ({spec.sql}) AS x"


def csv_lines_select(spec: Kind, *, show_pii: bool = False) -> str:
    """`csv_select` with each row as its cells joined by commas (`printf`: NULL empty, an integer its digits;
    a real or a blob as the `csv` module writes it: `csv_cell`), beside the row's id."""
    cells = [
        f"(CASE WHEN typeof({expr}) IN ('real', 'blob') THEN gj_csv_cell({expr}) ELSE {expr} END)"
        if number
        else expr
        for expr, number in _cell_exprs(spec, show_pii)
    ]
    line = ",".join(["%s"] * len(cells))
    return f"SELECT printf('{line}', {', '.join(cells)}), x.\"{dict(spec.renames).get('id', 'id')}\" FROM ({spec.sql}) AS x"


def csv_cell(value: Any) -> str:
    """One cell as the `csv` module writes it (used from SQL for reals and blobs)."""
    line = io.StringIO()
    csv.writer(line, lineterminator="\r\n").writerow([safe_cell(value), ""])
    return line.getvalue()[: -len(",\r\n")]


def _counted(
    found: Any, phase: str, total: int | None, progress: Progress | None
) -> Iterator[dict[str, Any]]:
    """The rows as they pass, telling `progress` every `CHUNK` of them."""
    if progress is None:
        yield from found
        return
    for n, row in enumerate(found, start=1):
        yield row
        if not n % CHUNK:
            progress(phase, n, total)


def _version() -> str:
    return __version__
