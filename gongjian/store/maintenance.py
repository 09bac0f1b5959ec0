"""Keeping the ledger safe (PRODUCT §8): backup, restore and doctor.

Backups and restores go through SQLite's online backup API, so they are consistent snapshots while other
processes read and write. A file given to `restore` is checked (integrity, schema, a gongjian ledger)
before anything of it is read into the ledger.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from gongjian.errors import Conflict, FileProblem, LedgerError
from gongjian.store import migrations, search
from gongjian.store.db import Store
from gongjian.store.doctor import run_checks
from gongjian.store.files import private_path, same_file, sha256_file

SQLITE_MAGIC = b"SQLite format 3\x00"


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


class Maintenance:
    """Backup, restore and doctor: `ledger.maintenance`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # ------------------------------------------------------------------ backup
    def backup(self, target: Path | str, *, force: bool = False) -> dict[str, Any]:
        """`backup PATH`: a consistent copy of the ledger (mode 0600); a folder gets a dated file name."""
        target = Path(target).expanduser()
        if target.is_dir():
            target = target / f"{self.store.path.stem}-{_stamp()}.db"
        if same_file(target, self.store.path):
            raise Conflict("backup_onto_ledger", path=str(target))
        if target.exists() and not force:
            raise Conflict("backup_exists", path=str(target))
        self.store.backup_to(target)
        check = _open_checked(target, name=str(target))
        try:
            counts = _counts(check)
        finally:
            check.close()
        return {
            "path": str(target),
            "size": target.stat().st_size,
            "sha256": sha256_file(target),
            "counts": counts,
        }

    # ------------------------------------------------------------------ restore
    def restore(self, source: Path | str) -> dict[str, Any]:
        """`restore PATH`: check a backup (integrity, schema, a gongjian ledger), keep the current ledger
        beside itself as a backup, then copy the backup in; returns what happened."""
        source = Path(source).expanduser()
        if not source.is_file():
            raise FileProblem("restore_missing", path=str(source))
        if same_file(source, self.store.path):
            raise Conflict("restore_onto_itself", path=str(source))
        staged = self.store.path.with_name(f".{self.store.path.name}.restore-{os.getpid()}.tmp")
        for leftover in (staged, Path(f"{staged}-journal")):
            leftover.unlink(missing_ok=True)
        try:
            incoming = _stage_copy(source, staged)
            try:
                found = migrations.schema_version(incoming)
                page_size = self.store.scalar("PRAGMA page_size")
                if incoming.execute("PRAGMA page_size").fetchone()[0] != page_size:
                    incoming.execute(f"PRAGMA page_size = {int(page_size)}")
                    incoming.execute("VACUUM")
                if found < migrations.LATEST:
                    migrations.migrate(incoming)
                counts = _counts(incoming)
                # Keep the ledger being replaced, unless it is a new, empty one (nothing to lose).
                used = self.store.scalar("SELECT count(*) FROM audit_commands") or any(
                    _counts(self.store.conn).values()
                )
                kept = self._keep_copy("before-restore") if used else None
                incoming.backup(
                    self.store.conn
                )  # one step: other processes see the old ledger or the new one
            finally:
                incoming.close()
        finally:
            for leftover in (staged, Path(f"{staged}-journal")):
                leftover.unlink(missing_ok=True)
        with self.store.write("restore"):
            pass
        return {
            "source": str(source),
            "kept": str(kept) if kept else None,
            "schema_version": found,
            "upgraded": found < migrations.LATEST,
            "counts": counts,
        }

    def _keep_copy(self, why: str) -> Path:
        """Back the ledger up beside itself as `<name>.<why>-<time>.bak` and return the path."""
        target = self.store.path.with_name(f"{self.store.path.name}.{why}-{_stamp()}.bak")
        n = 1
        while target.exists():
            n += 1
            target = self.store.path.with_name(f"{self.store.path.name}.{why}-{_stamp()}-{n}.bak")
        self.store.backup_to(target)
        return target

    # ------------------------------------------------------------------ doctor
    def doctor(self, *, quick: bool = False) -> list[tuple[str, dict[str, Any]]]:
        """`doctor`: every problem found as (catalog key, parameters); empty when the ledger is sound."""
        return run_checks(self.store, quick=quick)

    def fix(self) -> list[tuple[str, dict[str, Any]]]:
        """`doctor --fix`: repair what can be derived again — the search index, when it is out of step.

        Returns what was done as (catalog key, parameters); records are never changed here.
        """
        done: list[tuple[str, dict[str, Any]]] = []
        if not search.has_index(self.store):
            return done
        with self.store.snapshot():
            stale = search.stale_documents(self.store)
        if stale:
            with self.store.write("doctor --fix"):
                indexed = search.rebuild(self.store)
            done.append(("doctor_fixed_search", {"n": stale, "indexed": indexed}))
        return done


# ---------------------------------------------------------------------------- helpers
def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in migrations.AUDITED}


def _open_checked(path: Path, *, name: str) -> sqlite3.Connection:
    """Open a ledger file and check it: SQLite, sound, a gongjian ledger of a supported schema."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        _check_ledger_file(conn, name)
    except BaseException:
        conn.close()
        raise
    return conn


def _stage_copy(source: Path, staged: Path) -> sqlite3.Connection:
    """Copy `source` (opened read-only) into `staged` with the backup API, check it, return it open."""
    with open(source, "rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise LedgerError("restore_not_sqlite", path=str(source))
    private_path(staged)
    try:
        src = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise LedgerError("restore_unreadable", path=str(source), detail=str(exc)) from exc
    dest = sqlite3.connect(str(staged), isolation_level=None)
    try:
        try:
            try:
                src.execute("PRAGMA user_version").fetchone()
                src.backup(dest)
            except sqlite3.DatabaseError as exc:
                raise LedgerError("restore_corrupt", path=str(source), detail=str(exc)) from exc
        finally:
            src.close()
        dest.execute("PRAGMA journal_mode = DELETE")
        _check_ledger_file(dest, str(source))
    except BaseException:
        dest.close()
        raise
    return dest


def _check_ledger_file(conn: sqlite3.Connection, name: str) -> None:
    """Raise LedgerError unless `conn` is a sound gongjian ledger of a schema this version can open."""
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
    except sqlite3.DatabaseError as exc:
        raise LedgerError("restore_corrupt", path=name, detail=str(exc)) from exc
    if problems != ["ok"]:
        raise LedgerError("restore_corrupt", path=name, detail=problems[0])
    version = migrations.schema_version(conn)
    has_meta = (
        conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'audit_commands')"
        ).fetchone()[0]
        == 2
    )
    uid = conn.execute("SELECT value FROM meta WHERE key = 'ledger_uid'").fetchone() if has_meta else None
    if version < 1 or not has_meta or uid is None:
        raise LedgerError("restore_not_ledger", path=name)
    if version > migrations.LATEST:
        raise LedgerError("ledger_newer", path=name, found=version, supported=migrations.LATEST)
    broken = conn.execute("PRAGMA foreign_key_check").fetchone()
    if broken is not None:
        raise LedgerError("restore_corrupt", path=name, detail=f"foreign key: {broken[0]} row {broken[1]}")
