"""Keeping the ledger safe: backup, restore, doctor, the audit log and undo, export (PRODUCT §8).

Backups and restores go through SQLite's online backup API, so they are consistent snapshots while other
processes read and write. The audit log is written by triggers (see `gongjian.store.migrations`); this part
reads it back (`audit_log`), and reverts the last changing command row by row (`undo`).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gongjian.errors import Conflict, FileProblem, InvalidValue, LedgerError, NotFound, YearFinalized
from gongjian.store import migrations

SQLITE_MAGIC = b"SQLite format 3\x00"
_PII_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|1[3-9]\d{9}|0\d{2,3}-\d{7,8})(?![0-9A-Za-z])")


def mask_pii_text(text: str | None) -> str | None:
    """Mask phone and ID numbers written inside free text (a command line) for display."""
    if not text:
        return text
    from gongjian.reading.normalize import mask_id, mask_phone

    def repl(m: re.Match[str]) -> str:
        found = m.group(0)
        return mask_id(found) if len(found) == 18 else mask_phone(found)

    return _PII_IN_TEXT.sub(repl, text)


def mask_pii_record(record: dict[str, Any] | None) -> dict[str, Any] | None:
    """A copy of a row with its phone and ID number fields masked."""
    if record is None:
        return None
    from gongjian.reading.normalize import mask_id, mask_phone

    out = dict(record)
    for key, value in out.items():
        if not isinstance(value, str) or not value:
            continue
        if key == "id_number" or key.endswith("_id_number"):
            out[key] = mask_id(value)
        elif key == "phone" or key.endswith("_phone"):
            out[key] = mask_phone(value)
    return out


def utc_to_local(at: str | None) -> str:
    """An audit time (UTC, ISO with Z) as local `YYYY-MM-DD HH:MM:SS`."""
    if not at:
        return ""
    try:
        moment = datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return at
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def local_day_to_utc(day: str) -> str:
    """Local midnight of an ISO day as the UTC text the audit log stores."""
    start = datetime.fromisoformat(day).astimezone()  # naive: read as local time
    return start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def private_path(path: Path) -> Path:
    """Create (or truncate) `path` as an owner-only file, mode 0600, and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
    return path


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


class Maintenance:
    """Backup, restore, doctor, audit log, undo and export (mixed into `Ledger`)."""

    # ------------------------------------------------------------------ backup
    def backup(self, target: Path | str, *, force: bool = False) -> dict[str, Any]:
        """`backup PATH`: a consistent copy of the ledger (mode 0600); a folder gets a dated file name."""
        target = Path(target).expanduser()
        if target.is_dir():
            target = target / f"{self.path.stem}-{_stamp()}.db"
        if _same_file(target, self.path):
            raise Conflict("backup_onto_ledger", path=str(target))
        if target.exists() and not force:
            raise Conflict("backup_exists", path=str(target))
        self.backup_to(target)
        check = _open_checked(target, name=str(target))
        try:
            counts = _counts(check)
        finally:
            check.close()
        from gongjian.roster.roster import sha256_file

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
        if _same_file(source, self.path):
            raise Conflict("restore_onto_itself", path=str(source))
        staged = self.path.with_name(f".{self.path.name}.restore-{os.getpid()}.tmp")
        for leftover in (staged, Path(f"{staged}-journal")):
            leftover.unlink(missing_ok=True)
        try:
            incoming = _stage_copy(source, staged)
            try:
                found = migrations.schema_version(incoming)
                page_size = self.scalar("PRAGMA page_size")
                if incoming.execute("PRAGMA page_size").fetchone()[0] != page_size:
                    incoming.execute(f"PRAGMA page_size = {int(page_size)}")
                    incoming.execute("VACUUM")
                if found < migrations.LATEST:
                    migrations.migrate(incoming)
                counts = _counts(incoming)
                # Keep the ledger being replaced, unless it is a new, empty one (nothing to lose).
                used = self.scalar("SELECT count(*) FROM audit_commands") or any(_counts(self.conn).values())
                kept = self._keep_copy("before-restore") if used else None
                incoming.backup(self.conn)  # one step: other processes see the old ledger or the new one
            finally:
                incoming.close()
        finally:
            for leftover in (staged, Path(f"{staged}-journal")):
                leftover.unlink(missing_ok=True)
        with self.write("restore"):
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
        target = self.path.with_name(f"{self.path.name}.{why}-{_stamp()}.bak")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.name}.{why}-{_stamp()}-{n}.bak")
        self.backup_to(target)
        return target

    # ------------------------------------------------------------------ doctor
    def doctor(self, *, quick: bool = False) -> list[tuple[str, dict[str, Any]]]:
        """`doctor`: every problem found as (catalog key, parameters); empty when the ledger is sound."""
        from gongjian.store.doctor import run_checks

        return run_checks(self, quick=quick)

    # ------------------------------------------------------------------ audit log
    def audit_log(
        self,
        *,
        since: object = None,
        table: str | None = None,
        limit: int | None = 20,
        show_pii: bool = False,
    ) -> list[dict[str, Any]]:
        """Recorded commands, newest first, each with its row changes counted per table and operation."""
        from gongjian.reading import normalize as n

        where, params = [], []
        if since is not None and str(since).strip():
            where.append("c.at >= ?")
            params.append(local_day_to_utc(n.since(since)))
        if table:
            where.append("c.id IN (SELECT command_id FROM audit_changes WHERE tbl = ?)")
            params.append(audited_table(table))
        sql = "SELECT c.id, c.at, c.command, c.argv, c.undo_of, c.undone_by FROM audit_commands c"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY c.id DESC"
        if limit is not None:
            if limit < 1:
                raise InvalidValue("bad_integer", value=limit, minimum=1)
            sql += " LIMIT ?"
            params.append(limit)
        with self.snapshot():
            commands = self.rows(sql, params)
            ids = [c["id"] for c in commands]
            counts: dict[int, dict[str, dict[str, int]]] = {i: {} for i in ids}
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" for _ in chunk)
                for r in self.rows(
                    f"SELECT command_id, tbl, op, count(*) AS n FROM audit_changes "
                    f"WHERE command_id IN ({marks}) GROUP BY command_id, tbl, op",
                    chunk,
                ):
                    counts[r["command_id"]].setdefault(r["tbl"], {"insert": 0, "update": 0, "delete": 0})
                    counts[r["command_id"]][r["tbl"]][r["op"]] = r["n"]
        for c in commands:
            c["changes"] = counts[c["id"]]
            c["rows"] = sum(sum(ops.values()) for ops in c["changes"].values())
            if not show_pii:
                c["argv"] = mask_pii_text(c["argv"])
        return commands

    def audit_command(self, command_id: int, *, show_pii: bool = False) -> dict[str, Any]:
        """One recorded command with every row change (before/after as dicts, changed fields listed)."""
        found = self.row("SELECT * FROM audit_commands WHERE id = ?", (int(command_id),))
        if found is None:
            raise NotFound("log_no_command", id=command_id)
        changes = self.rows(
            "SELECT id, tbl, row_id, op, before, after FROM audit_changes WHERE command_id = ? ORDER BY id",
            (found["id"],),
        )
        for ch in changes:
            before = json.loads(ch["before"]) if ch["before"] else None
            after = json.loads(ch["after"]) if ch["after"] else None
            ch["fields"] = sorted(
                k
                for k in (after or {})
                if before is not None and before.get(k) != after.get(k) and k != "updated_at"
            )
            ch["before"] = before if show_pii else mask_pii_record(before)
            ch["after"] = after if show_pii else mask_pii_record(after)
        if not show_pii:
            found["argv"] = mask_pii_text(found["argv"])
        found["changes"] = changes
        return found

    # ------------------------------------------------------------------ undo
    def undo_target(self) -> dict[str, Any] | None:
        """The command `undo` would revert: the last one that changed rows, is not an undo, not undone."""
        return self.row(
            """SELECT c.id, c.at, c.command, c.argv FROM audit_commands c
               WHERE c.undone_by IS NULL AND c.undo_of IS NULL
                 AND EXISTS (SELECT 1 FROM audit_changes a WHERE a.command_id = c.id)
               ORDER BY c.id DESC LIMIT 1"""
        )

    def undo_preview(self, *, show_pii: bool = False) -> dict[str, Any]:
        """What `undo` would revert (the command and its changes), without changing anything."""
        target = self.undo_target()
        if target is None:
            raise NotFound("undo_nothing")
        self._refuse_finalised(
            target,
            self.rows(
                "SELECT tbl, op, before, after FROM audit_changes WHERE command_id = ?", (target["id"],)
            ),
        )
        return self.audit_command(target["id"], show_pii=show_pii)

    def undo(self, *, expect: int | None = None) -> dict[str, Any]:
        """`undo --yes`: revert the last changing command row by row, as one logged command of its own.

        Inserted rows are deleted, updated rows get their earlier values back, deleted rows come back with
        the same id and uid, in reverse order. A row changed since (outside the log) or a change in a
        finalised year refuses the whole undo. `expect` guards against reverting a different command than
        the one previewed.
        """
        with self.write("undo") as undo_id:
            target = self.undo_target()
            if target is None:
                raise NotFound("undo_nothing")
            if expect is not None and target["id"] != expect:
                raise Conflict("undo_moved", id=target["id"], expected=expect)
            changes = self.rows(
                "SELECT id, tbl, row_id, op, before, after FROM audit_changes WHERE command_id = ? ORDER BY id DESC",
                (target["id"],),
            )
            self._refuse_finalised(target, changes)
            self.conn.execute("PRAGMA defer_foreign_keys = ON")
            try:
                for change in changes:
                    self._revert(change)
            except sqlite3.IntegrityError as exc:
                if "gongjian:year_finalized" in str(exc):
                    raise YearFinalized(
                        "undo_year_finalized_generic", id=target["id"], command=target["command"]
                    ) from exc
                raise Conflict("undo_integrity", id=target["id"], detail=str(exc)) from exc
            self.conn.execute("UPDATE audit_commands SET undo_of = ? WHERE id = ?", (target["id"], undo_id))
            self.conn.execute(
                "UPDATE audit_commands SET undone_by = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') "
                "WHERE id = ?",
                (undo_id, target["id"]),
            )
        tables: dict[str, int] = {}
        for change in changes:
            tables[change["tbl"]] = tables.get(change["tbl"], 0) + 1
        return {**target, "undo_id": undo_id, "rows": len(changes), "tables": tables}

    def _refuse_finalised(self, target: dict[str, Any], changes: list[dict[str, Any]]) -> None:
        """Raise YearFinalized naming the year when reverting would touch a finalised year's records."""
        frozen = {
            r["year"] for r in self.rows("SELECT year FROM assessment_years WHERE finalized_at IS NOT NULL")
        }
        if not frozen:
            return
        # The year's own finalisation (assessment_years) is frozen too: `assess reopen` undoes it, not undo.
        guarded = {**migrations.YEAR_GUARDED, **migrations.YEAR_GUARDED_INSERT_DELETE, "assessment_years": ""}
        for change in changes:
            table = change["tbl"]
            if table not in guarded:
                continue
            if table in migrations.YEAR_GUARDED_INSERT_DELETE and change["op"] == "update":
                continue
            for image in (change["before"], change["after"]):
                if not image:
                    continue
                year = _year_of(self, table, json.loads(image))
                if year in frozen:
                    raise YearFinalized(
                        "undo_year_finalized", id=target["id"], command=target["command"], year=year
                    )

    def _revert(self, change: dict[str, Any]) -> None:
        table = audited_table(change["tbl"])
        before = json.loads(change["before"]) if change["before"] else None
        after = json.loads(change["after"]) if change["after"] else None
        current = self.scalar(
            f'SELECT {migrations.row_json_sql(self.conn, table, "r")} FROM "{table}" AS r WHERE r.id = ?',
            (change["row_id"],),
        )
        current = json.loads(current) if current else None
        expected = after if change["op"] in ("insert", "update") else None
        if not _matches(current, expected):
            raise Conflict("undo_changed_since", table=table, id=change["row_id"])
        if change["op"] == "insert":
            self.conn.execute(f'DELETE FROM "{table}" WHERE id = ?', (change["row_id"],))
            return
        columns = set(migrations._columns(self.conn, table))
        values = {k: v for k, v in (before or {}).items() if k in columns}
        if change["op"] == "update":
            sets = ", ".join(f'"{k}" = ?' for k in values)
            self.conn.execute(
                f'UPDATE "{table}" SET {sets} WHERE id = ?', [*values.values(), change["row_id"]]
            )
        else:
            names = ", ".join(f'"{k}"' for k in values)
            marks = ", ".join("?" for _ in values)
            self.conn.execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(values.values()))

    # ------------------------------------------------------------------ export
    def export_table(self, kind: str, *, show_pii: bool = False):
        """One table as a `gongjian.writing.table.Table` with stable English columns (see `gongjian.reports.export`)."""
        from gongjian.reports.export import export_table

        return export_table(self, kind, show_pii=show_pii)

    def export(
        self, kind: str, *, fmt: str = "csv", path: Path | str | None = None, show_pii: bool = False
    ) -> dict[str, Any]:
        """`export KIND|all`: write files (mode 0600); `all` adds a manifest. Returns what was written."""
        from gongjian.reports.export import export_files

        return export_files(self, kind, fmt=fmt, path=path, show_pii=show_pii)


# ---------------------------------------------------------------------------- helpers
def audited_table(name: str) -> str:
    """An audited table named by its English name or Chinese label; refused otherwise."""
    from gongjian.i18n import CATALOG

    text = (name or "").strip()
    if text in migrations.AUDITED:
        return text
    for table in migrations.AUDITED:
        entry = CATALOG.get(f"tbl_{table}")
        if entry and text in entry:
            return table
    raise InvalidValue("log_bad_table", table=text, choices=", ".join(migrations.AUDITED))


def _matches(current: dict[str, Any] | None, expected: dict[str, Any] | None) -> bool:
    """True when the row as it is now is the row as the log left it (columns added later are ignored)."""
    if current is None or expected is None:
        return current is None and expected is None
    return all(current.get(k) == v for k, v in expected.items() if k in current)


def _year_of(ledger: Any, table: str, image: dict[str, Any]) -> int | None:
    """The year a frozen row belongs to: its `year`, else its activity's or meeting's year."""
    if image.get("year") is not None:
        return int(image["year"])
    for key, parent in (("activity_id", "activities"), ("meeting_id", "meetings")):
        if image.get(key) is not None:
            return ledger.scalar(f'SELECT year FROM "{parent}" WHERE id = ?', (image[key],))
    return None


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
    from urllib.request import pathname2url

    with open(source, "rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise LedgerError("restore_not_sqlite", path=str(source))
    private_path(staged)
    try:
        src = sqlite3.connect(
            f"file:{pathname2url(str(source.resolve()))}?mode=ro", uri=True, isolation_level=None
        )
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
