"""`gongjian browse`: the ledger read-only in Datasette (the optional `web` extra), labelled in Chinese.

By default Datasette serves a snapshot of the ledger (SQLite backup API) whose phones and ID numbers are
masked, also inside the audit log, and opened immutable; with `--show-pii` it serves the ledger file itself,
which Datasette opens read-only. Table and column labels come from the catalog (`tbl_<table>`, `label`).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from gongjian.i18n import CATALOG, LABELS, label, t
from gongjian.privacy import mask_id, mask_phone, mask_pii_record, mask_pii_text
from gongjian.store.db import Store

HIDDEN = ("merge_aliases",)


def datasette_available() -> bool:
    """True when Datasette can be imported (`pip install 'gongjian[web]'`)."""
    return importlib.util.find_spec("datasette") is not None


def column_label(column: str) -> str | None:
    """The Chinese (current language) label of a column, or None when the catalog has none."""
    if column in LABELS:
        return label(column)
    if column.endswith("_id") and column[:-3] in LABELS:
        return t("browse_id_of", label=label(column[:-3]))
    return None


def metadata(database: str, tables: dict[str, list[str]], title: str) -> dict[str, Any]:
    """Datasette metadata for one database: a title per table and a label per column (pure)."""
    described: dict[str, Any] = {}
    for table, columns in tables.items():
        entry: dict[str, Any] = {}
        if f"tbl_{table}" in CATALOG:
            entry["title"] = t(f"tbl_{table}")
        labels = {c: text for c in columns if (text := column_label(c)) and text != c}
        if labels:
            entry["columns"] = labels
        if table in HIDDEN:
            entry["hidden"] = True
        if entry:
            described[table] = entry
    return {
        "title": title,
        "description": t("browse_description"),
        "databases": {database: {"title": title, "tables": described}},
    }


def _is_phone(column: str) -> bool:
    return column == "phone" or column.endswith("_phone")


def _is_id_number(column: str) -> bool:
    return column == "id_number" or column.endswith("_id_number")


def masked_copy(store: Store, dest: Path) -> None:
    """Copy the ledger to `dest` (backup API) and mask every phone and ID number in the copy."""
    store.backup_to(dest)
    conn = sqlite3.connect(str(dest), isolation_level=None)
    try:
        conn.execute("PRAGMA secure_delete = ON")  # the unmasked values do not linger in free pages
        conn.execute("BEGIN")
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.create_function("gj_mask_phone", 1, lambda v: mask_phone(v) if v else v, deterministic=True)
        conn.create_function("gj_mask_id", 1, lambda v: mask_id(v) if v else v, deterministic=True)
        conn.create_function("gj_mask_text", 1, mask_pii_text, deterministic=True)

        def mask_json(text: str | None) -> str | None:
            if not text:
                return text
            try:
                record = json.loads(text)
            except ValueError:
                return mask_pii_text(text)
            if not isinstance(record, dict):
                return mask_pii_text(text)
            return json.dumps(mask_pii_record(record), ensure_ascii=False)

        conn.create_function("gj_mask_json", 1, mask_json, deterministic=True)
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for column in [r[1] for r in conn.execute("SELECT * FROM pragma_table_info(?)", (table,))]:
                fn = "gj_mask_phone" if _is_phone(column) else "gj_mask_id" if _is_id_number(column) else None
                if fn:
                    conn.execute(
                        f'UPDATE "{table}" SET "{column}" = {fn}("{column}") WHERE "{column}" IS NOT NULL'
                    )
        if "audit_changes" in tables:
            conn.execute(
                "UPDATE audit_changes SET before = gj_mask_json(before), after = gj_mask_json(after)"
            )
        if "audit_commands" in tables:
            conn.execute("UPDATE audit_commands SET argv = gj_mask_text(argv) WHERE argv IS NOT NULL")
        conn.execute("COMMIT")
        conn.execute("VACUUM")
    finally:
        conn.close()
    os.chmod(dest, 0o600)


@dataclass(frozen=True)
class Site:
    """What Datasette is given: the database file, its metadata file, how to open it."""

    db: Path
    metadata: Path
    database: str
    immutable: bool
    taken_at: str


@contextmanager
def prepare(path: Path, *, show_pii: bool = False) -> Iterator[Site]:
    """Write the metadata (and, unless `show_pii`, the masked snapshot) into a private temporary folder."""
    with tempfile.TemporaryDirectory(prefix="gongjian-browse-") as tmp:
        folder = Path(tmp)
        os.chmod(folder, 0o700)
        with Store.open(path, readonly=True) as store:
            info = store.info()
            tables = {
                name: [r[1] for r in store.conn.execute("SELECT * FROM pragma_table_info(?)", (name,))]
                for (name,) in store.conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            }
            if show_pii:
                db, immutable = Path(path).resolve(), False
            else:
                db, immutable = folder / f"{Path(path).stem}.db", True
                masked_copy(store, db)
        taken_at = datetime.now().strftime("%Y-%m-%d %H:%M")
        title = t("browse_title", name=info.get("name") or Path(path).name)
        meta_path = folder / "metadata.json"
        meta_path.write_text(
            json.dumps(metadata(db.stem, tables, title), ensure_ascii=False, indent=2), encoding="utf-8"
        )
        yield Site(db, meta_path, db.stem, immutable, taken_at)


def datasette_command(site: Site, *, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    """The `datasette serve` command line for a prepared site (pure)."""
    cmd = [sys.executable, "-m", "datasette", "serve"]
    cmd += ["--immutable", str(site.db)] if site.immutable else [str(site.db)]
    cmd += ["--metadata", str(site.metadata), "--host", host, "--port", str(port)]
    return cmd


def run(cmd: list[str]) -> int:
    """Run Datasette in the foreground until it stops (Ctrl+C); its exit code."""
    try:
        return subprocess.call(cmd)
    except KeyboardInterrupt:
        return 0
