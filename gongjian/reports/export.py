"""`gongjian export`: every table of the ledger as CSV, JSON or xlsx, with stable columns.

Each kind (`gongjian.reports.listings`: the plural table names of PRODUCT §3) has a fixed column list: English keys, enumeration keys,
integer fen, ISO dates, and references by name (`community`, `unit`) under the same keys the importers
read, so an export re-imports into an empty ledger. The tables inside a record (grids, activity units,
ticket events, claims, tasks, attendance, ratings, assessments) are exported by `all` too, so that nothing
of the ledger is left out (a meeting's absent units, for one, are in `meeting_attendance`). `id`, `uid`,
`created_at` and `updated_at` close every CSV/JSON row.

Phones and ID numbers are masked unless `show_pii`. Text a spreadsheet could take for a formula is
neutralised by the writers (`tables.safe_cell` in CSV; xlsx cells are always written as strings).
Every file is created mode 0600; `all` writes a folder with one file per table and a `manifest.json`.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gongjian import __version__
from gongjian.errors import Conflict, InvalidValue
from gongjian.privacy import mask_pii_record
from gongjian.reading.guard import MAX_CELL_CHARS
from gongjian.reports.listings import KINDS, MAIN, columns_of, kind_of, rows
from gongjian.store.files import private_path, sha256_file
from gongjian.writing import table as tables
from gongjian.writing.table import Table

FORMATS = ("csv", "json", "xlsx")


def export_table(ledger: Any, kind: str, *, show_pii: bool = False) -> Table:
    """One kind as a `Table` of raw values (fen, ISO dates, enum keys, lists), PII masked unless asked."""
    spec = kind_of(ledger, kind)
    out = [row if show_pii else mask_pii_record(row) for row in rows(ledger, spec)]
    return Table(columns_of(spec), out, name=kind)


def export_files(
    ledger: Any, kind: str, *, fmt: str = "csv", path: Path | str | None = None, show_pii: bool = False
) -> dict[str, Any]:
    """Write one kind to a file (or `all` to a folder with a manifest); every file is mode 0600."""
    fmt = (fmt or "csv").lower()
    if fmt not in FORMATS:
        raise InvalidValue("bad_format", fmt=fmt)
    if kind != "all":
        kind_of(ledger, kind)
        target = Path(path).expanduser() if path else Path(f"{kind}.{fmt}")
        if target.is_dir():
            target = target / f"{kind}.{fmt}"
        with ledger.store.snapshot():
            table = export_table(ledger, kind, show_pii=show_pii)
        write_file(table, target, fmt)
        cut = _cut_in_xlsx(table, fmt)
        ledger.store.remember_place("export", target.resolve())
        return {"kind": kind, "path": str(target), "rows": len(table.rows), "format": fmt, "cut": cut}
    folder = Path(path).expanduser() if path else Path(f"gongjian-export-{datetime.now():%Y%m%d-%H%M%S}")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise Conflict("export_folder_not_empty", path=str(folder))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    ledger.store.remember_place("export", folder.resolve())
    entries = []
    cut: dict[str, int] = {}
    with ledger.store.snapshot():  # every file shows the same moment of the ledger
        for name in KINDS:
            table = export_table(ledger, name, show_pii=show_pii)
            target = folder / f"{name}.{fmt}"
            write_file(table, target, fmt)
            cut.update(_cut_in_xlsx(table, fmt))
            entries.append(
                {
                    "kind": name,
                    "file": target.name,
                    "rows": len(table.rows),
                    "columns": [c.key for c in table.columns if c.data],
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
    manifest_path = private_path(folder / "manifest.json")
    with open(manifest_path, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    return {
        "kind": "all",
        "path": str(folder),
        "rows": sum(e["rows"] for e in entries),
        "format": fmt,
        "files": len(entries) + 1,
        "manifest": str(manifest_path),
        "cut": cut,
    }


def _cut_in_xlsx(table: Table, fmt: str) -> dict[str, int]:
    """{kind: cells} longer than an Excel cell holds, which an xlsx export cannot write whole (a value kept
    before the ledger checked lengths): the command says so rather than handing over a lossy file in silence."""
    if fmt != "xlsx":
        return {}
    n = tables.overlong_cells(table, MAX_CELL_CHARS)
    return {table.name or "": n} if n else {}


def write_file(table: Table, target: Path, fmt: str) -> None:
    """Write `table` to `target` as csv (UTF-8 with BOM, for Excel), json or xlsx; mode 0600."""
    if fmt == "xlsx":
        from gongjian.writing.xlsx import write_tables

        write_tables(target, [table])
        return
    private_path(target)
    if fmt == "json":
        with open(target, "w", encoding="utf-8") as fh:
            tables.to_json(table, fh)
    else:
        with open(target, "w", encoding="utf-8-sig", newline="") as fh:
            tables.to_csv(table, fh)


def _version() -> str:
    return __version__
