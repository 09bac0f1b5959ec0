"""Keeping the ledger safe (PRODUCT §8): backup, restore and doctor.

Backups and restores go through SQLite's online backup API, so they are consistent snapshots while other
processes read and write. A file given to `restore` is checked (`store.soundness`: SQLite and whole, its
integrity, a gongjian ledger with exactly gongjian's schema of its version, every text readable) before
anything of it is read into the ledger; what is wrong is said in one line.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from gongjian.errors import Conflict, FileProblem
from gongjian.store import counts, migrations, search, soundness
from gongjian.store.db import BACKUP_PAGES, Store
from gongjian.store.doctor import run_checks
from gongjian.store.files import (
    POSIX,
    exposed_mode,
    ledger_files,
    make_private,
    private_path,
    same_file,
    sha256_file,
)


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


class Maintenance:
    """Backup, restore and doctor: `ledger.maintenance`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # ------------------------------------------------------------------ backup
    def backup(
        self,
        target: Path | str,
        *,
        force: bool = False,
        progress: Callable[[str, int, int | None], None] | None = None,
    ) -> dict[str, Any]:
        """`backup PATH`: a consistent copy of the ledger (mode 0600); a folder gets a dated file name.
        `progress` is told the pages copied (`Store.backup_to`)."""
        target = Path(target).expanduser()
        if target.is_dir():
            target = target / f"{self.store.path.stem}-{_stamp()}.db"
        if same_file(target, self.store.path):
            raise Conflict("backup_onto_ledger", path=str(target))
        if target.exists() and not force:
            raise Conflict("backup_exists", path=str(target))
        new = not target.exists()
        self.store.backup_to(target, progress=progress)
        try:
            check = _open_checked(target, name=str(target))
            try:
                counts = _counts(check)
            finally:
                check.close()
            done = {
                "path": str(target),
                "size": target.stat().st_size,
                "sha256": sha256_file(target),
                "counts": counts,
            }
        except BaseException:  # Ctrl-C (or a failed check) before the backup was said: no new file is left
            if new:
                target.unlink(missing_ok=True)
            raise
        self.store.remember_place("backup", target.resolve())
        return done

    # ------------------------------------------------------------------ restore
    def restore(self, source: Path | str) -> dict[str, Any]:
        """`restore PATH`: check a backup (integrity, schema, a gongjian ledger), keep the current ledger
        beside itself as a backup, then copy the backup in; returns what happened."""
        source = Path(source).expanduser()
        if not source.is_file():
            raise FileProblem("restore_missing", path=str(source))
        if same_file(source, self.store.path):
            raise Conflict("restore_onto_itself", path=str(source))
        wrong = soundness.check_file(source)
        if wrong is not None:
            raise soundness.refusal(wrong, path=str(source), context="restore_bad")
        staged = self.store.path.with_name(f".{self.store.path.name}.restore-{os.getpid()}.tmp")
        for leftover in (staged, Path(f"{staged}-journal")):
            leftover.unlink(missing_ok=True)
        try:
            incoming = _stage_copy(source, staged)
            incoming.set_progress_handler(_breathe, soundness.TICK)  # Ctrl-C stops its long statements too
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
                # In steps that Ctrl-C can stop (the ledger then stays as it was): SQLite holds the ledger's
                # write lock from the first step to the last, so other processes see the old ledger or the new.
                incoming.backup(self.store.conn, pages=BACKUP_PAGES, progress=_breathe)
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
        self.store.backup_to(target, progress=_breathe)  # in steps, so that Ctrl-C is seen between them
        return target

    # ------------------------------------------------------------------ doctor
    def doctor(self, *, quick: bool = False) -> list[tuple[str, dict[str, Any]]]:
        """`doctor`: every problem found as (catalog key, parameters); empty when the ledger is sound."""
        return self.exposed() + run_checks(self.store, quick=quick)

    def fix(self) -> list[tuple[str, dict[str, Any]]]:
        """`doctor --fix`: make exposed private files owner-only, and rebuild the search index and the services
        kept per member and year when out of step; returns what was done as (catalog key, parameters). Records are never changed here."""
        done = [
            ("doctor_fixed_mode", {"path": str(path), "old": f"{old:04o}", "new": f"{new:04o}"})
            for path, old, new in (self.fix_modes() if POSIX else [])
        ]
        if search.has_index(self.store):
            with self.store.snapshot():
                stale = search.stale_documents(self.store)
            if stale:
                with self.store.write("doctor --fix"):
                    indexed = search.rebuild(self.store)
                done.append(("doctor_fixed_search", {"n": stale, "indexed": indexed}))
        if counts.has_counts(self.store):
            with self.store.snapshot():
                wrong = len(counts.stale_counts(self.store))
            if wrong:
                with self.store.write("doctor --fix"):
                    kept = counts.rebuild_counts(self.store)
                done.append(("doctor_fixed_counts", {"n": wrong, "kept": kept}))
        if not POSIX and not done:
            raise Conflict("doctor_fix_not_posix")
        return done

    def private_files(self) -> list[tuple[str, Path]]:
        """What holds this ledger's ID numbers and phones: the ledger, its -wal/-shm and kept copies, and the
        backups and export folders (with their files) it was written to, as (kind, path)."""
        found = [("ledger", p) for p in ledger_files(self.store.path)]
        for place in self.store.places():
            path = Path(place["path"])
            if not path.exists():
                continue
            kind = "export" if place.get("kind") == "export" else "backup"
            found.append((kind, path))
            if path.is_dir():
                found += [(kind, p) for p in sorted(path.iterdir())]
        return found

    def exposed(self) -> list[tuple[str, dict[str, Any]]]:
        """Every private file or folder that others may read (`doctor`); nothing on Windows (no such modes)."""
        if not POSIX:
            return []
        return [
            ("doctor_mode_" + kind, {"path": str(path), "mode": f"{mode:04o}"})
            for kind, path in self.private_files()
            if (mode := exposed_mode(path)) is not None
        ]

    def fix_modes(self) -> list[tuple[Path, int, int]]:
        """`doctor --fix`: make every exposed private file 0600 and folder 0700; returns (path, old, new)."""
        if not POSIX:
            raise Conflict("doctor_fix_not_posix")
        fixed = []
        for _, path in self.private_files():
            mode = exposed_mode(path)
            if mode is not None:
                fixed.append((path, mode, make_private(path)))
        return fixed


def set_aside(path: Path) -> Path:
    """Move a ledger that cannot be opened (cut short, damaged) out of the way, with its `-wal` and `-shm`,
    as `<name>.damaged-<time>.bak`, so that `restore` can put a backup in its place; returns where it went."""
    target = path.with_name(f"{path.name}.damaged-{_stamp()}.bak")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{_stamp()}-{n}.bak")
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{target}{suffix}"))
    return target


# ---------------------------------------------------------------------------- helpers
def _breathe(*_: Any) -> None:
    """Called between the steps of a copy and during long statements: Python sees Ctrl-C there."""
    return None


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in migrations.AUDITED}


def _open_checked(path: Path, *, name: str) -> sqlite3.Connection:
    """Open a ledger file just written and check it: whole, sound, gongjian's schema (not every text)."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        found = soundness.problem(conn, full=False)
        if found is not None:
            raise soundness.refusal(found, path=name, context="ledger_bad")
    except BaseException:
        conn.close()
        raise
    return conn


def _stage_copy(source: Path, staged: Path) -> sqlite3.Connection:
    """Copy the checked `source` (opened read-only) into `staged` with the backup API and return it open."""
    private_path(staged)
    try:
        src = soundness.open_readonly(source)
    except sqlite3.Error as exc:
        found = soundness.damage_problem(exc) or ("file_unreadable", {"detail": str(exc)})
        raise soundness.refusal(found, path=str(source), context="restore_bad") from exc
    dest = sqlite3.connect(str(staged), isolation_level=None)
    try:
        try:
            try:
                src.backup(dest, pages=BACKUP_PAGES, progress=_breathe)
            except sqlite3.DatabaseError as exc:
                found = soundness.damage_problem(exc) or ("file_damaged", {})
                raise soundness.refusal(found, path=str(source), context="restore_bad") from exc
        finally:
            src.close()
        dest.execute("PRAGMA journal_mode = DELETE")
    except BaseException:
        dest.close()
        raise
    return dest
