"""`gongjian export`: every table of the ledger as CSV, JSON or xlsx, with stable columns.

Each kind (`gongjian.reports.listings`: the plural table names of PRODUCT §3) has a fixed column list: English keys, enumeration keys,
integer fen, ISO dates, and references by name (`community`, `unit`) under the same keys the importers
read, so an export re-imports into an empty ledger. The tables inside a record (grids, activity units,
ticket events, claims, tasks, attendance, ratings, assessments) are exported by `all` too, so that nothing
of the ledger is left out (a meeting's absent units, for one, are in `meeting_attendance`). `id`, `uid`,
`created_at` and `updated_at` close every CSV/JSON row.

Rows stream from one SQLite cursor to the file, so an export needs the same little memory for a city's
1.5 million services as for a community's hundred. A CSV file is written by SQLite and the `csv` module
alone (`csv_select`: the kind's query with every cell already as the file shows it — phones and ID
numbers masked, lists joined), one chunk of rows at a time, formula-like text neutralised as `to_csv` does; JSON and xlsx
go through the kind's rows (`listings.rows`). Every file is written beside its target under a temporary
name and put in place when complete (`paths.replacing`): an interrupted export leaves nothing
half-written (xlsx: the workbook writer does the same). Every file is created mode 0600; `all` writes a folder with one file per table and a
`manifest.json`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongjian import __version__
from gongjian.errors import Conflict, InvalidValue
from gongjian.paths import replacing, replacing_folder
from gongjian.privacy import FORMULA_PREFIXES, mask_id, mask_phone, mask_pii_record
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
            with open(partial, "w", encoding="utf-8-sig", newline="") as fh:
                n = write_csv(ledger, spec, fh, show_pii=show_pii, progress=progress, total=total)
    # deferred (start-up): the xlsx writer, ~10 ms; `gongjian summary` imports this module and no writer
    from gongjian.writing.xlsx import Written

    return Written(target, n, spec.name)


def write_csv(
    ledger: Any,
    spec: Kind,
    out: Any,
    *,
    show_pii: bool = False,
    progress: Progress | None = None,
    total: int | None = None,
) -> int:
    """Write a kind as CSV (English-key header, CRLF line ends as RFC 4180 and Excel have them) from SQLite
    straight to `out`, `CHUNK` rows at a time; returns the rows written.

    The cells are what `writing.table.to_csv` writes (`csv_select` masks and joins them in SQL): each
    chunk is written by the `csv` module as it comes from SQLite, unless a cell in it starts like a formula
    (`_FORMULA_START`, rarely) — then the chunk is written again with every cell passed through
    `writing.table.safe_cell`, as `to_csv` does.
    """
    conn = ledger.store.conn
    if not show_pii:
        conn.create_function("gj_mask_phone", 1, _mask_phone, deterministic=True)
        conn.create_function("gj_mask_id", 1, _mask_id, deterministic=True)
    columns = [c for c in columns_of(spec) if c.data]
    out.write(",".join(c.key for c in columns) + "\r\n")
    careful = csv.writer(out, lineterminator="\r\n")
    buffer = io.StringIO()
    quick = csv.writer(buffer, lineterminator="\r\n")
    cursor = conn.execute(csv_select(spec, show_pii=show_pii), {"today": date.today().isoformat()})
    formula = _FORMULA_START.search
    phase, n = f"export:{spec.name}", 0
    while True:
        chunk = cursor.fetchmany(CHUNK)
        if not chunk:
            break
        buffer.seek(0)
        buffer.truncate()
        quick.writerows(chunk)
        text = buffer.getvalue()
        if formula(text) is None:
            out.write(text)
        else:
            careful.writerows([safe_cell(v) for v in row] for row in chunk)
        n += len(chunk)
        if progress is not None:
            progress(phase, n, total)
    return n


# Where a cell of the CSV text starts (the text's start, after a comma or a line end, inside its opening
# quote) with a character `privacy.FORMULA_PREFIXES` names: `safe_cell` may have something to change.
_FORMULA_START = re.compile('(?:^|[,\n])"?[' + re.escape("".join(FORMULA_PREFIXES)) + "]")


# SQLite calls these once per distinct value (a member's phone repeats on each of their services).
_mask_phone = lru_cache(maxsize=8192)(mask_phone)
_mask_id = lru_cache(maxsize=8192)(mask_id)


def csv_select(spec: Kind, *, show_pii: bool = False) -> str:
    """The kind's query with every cell as a CSV file shows it (`writing.table.to_csv`): lists joined by
    、, phones and ID numbers masked unless `show_pii` (`privacy.mask_phone`, `mask_id`, called from SQL)."""
    renames = dict(spec.renames)
    exprs = []
    for column in columns_of(spec):
        if not column.data:
            continue
        expr = f'x."{renames.get(column.key, column.key)}"'
        if column.key in spec.lists:
            expr = f"(SELECT group_concat(value, '、') FROM json_each({expr}))"
        elif column.key in spec.joined:
            expr = f"replace({expr}, char({ord(SEP)}), '、')"
        if not show_pii and (column.key == "phone" or column.key.endswith("_phone")):
            expr = f"gj_mask_phone({expr})"
        elif not show_pii and (column.key == "id_number" or column.key.endswith("_id_number")):
            expr = f"gj_mask_id({expr})"
        exprs.append(expr)
    return f"SELECT {', '.join(exprs)} FROM ({spec.sql}) AS x"


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
