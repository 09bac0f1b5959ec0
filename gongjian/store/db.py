"""The store: the one SQLite connection of a ledger, its transactions with audit, and naming records.

Every part of the ledger (`gongjian.ledger.Ledger`) works through one `Store`. Every write goes through
`Store.write(command)`: one `BEGIN IMMEDIATE` transaction per command, an
`audit_commands` row that the audit triggers attach each row change to, and errors translated into the
typed exceptions of `gongjian.errors`.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gongjian.errors import (
    Ambiguous,
    Conflict,
    GongjianError,
    InvalidValue,
    LedgerError,
    NotFound,
    YearFinalized,
)
from gongjian.i18n import CATALOG, t
from gongjian.reading.normalize import match_key
from gongjian.reading.specs import checked_text
from gongjian.store import migrations, soundness
from gongjian.store.files import PLACES_KEPT, PLACES_KEY, create_private_file, exposed_mode, make_private

BUSY_TIMEOUT_MS = 30_000
WRITE_CACHE_KIB = -32_768  # PRAGMA cache_size in KiB (negative) for write connections
# A bulk insert of at least this many rows, into a table it at least doubles, builds the table's plain
# indexes once after its rows instead of row by row (`Store.bulk_insert`; measured: −35 % CPU for 100,000
# members into an empty table).
DEFER_INDEXES_ROWS = 10_000
ENV_DB = "GONGJIAN_DB"
UPGRADE_TICK = 100_000  # SQLite instructions between two calls of `_upgrade_tick` while a ledger is upgraded
BACKUP_PAGES = 4096  # pages copied between two progress reports of a backup (16 MiB of 4 KiB pages)
# The names printed in the signature block of the documents (`gongjian info --set 制表人=张三`), kept in
# `meta` as `sign_<key>`: 填报单位 (else the ledger's name), 负责人, 审核人, 制表人.
SIGNATURE_KEYS = ("unit", "head", "reviewer", "preparer")


def _upgrade_tick() -> None:
    """SQLite's progress handler during an upgrade: a moment for Python to see Ctrl-C (which rolls the
    migration back)."""
    return None


def default_path() -> Path:
    """The ledger path: `GONGJIAN_DB`, else `ledger.db` in the user data directory."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir  # deferred (start-up): only when no --db or GONGJIAN_DB names one

    return Path(user_data_dir("gongjian", appauthor=False)) / "ledger.db"


def now_iso() -> str:
    """The current UTC time as ISO text, the form of every `created_at`/`updated_at`."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


SEP = "\x1f"  # joins names inside one SQL value: `group_concat(name, char(31))`; never in cleaned text


def bulk_uids(count: int) -> list[str]:
    """`count` new record uids in ascending order, in the shape of the schema's default (32 lower-case hex):
    64 random bits for the batch, then the row's place in it. Ordered keys go into the `uid` index at its
    end instead of at random pages; unique across ledgers as the default's 128 random bits are, in practice."""
    batch = secrets.token_hex(8)
    return [f"{batch}{i:016x}" for i in range(count)]


def split_names(value: str | None) -> list[str]:
    """The list of names a `group_concat(…, char(31))` value holds (None or '' -> [])."""
    return value.split(SEP) if value else []


def like_escape(text: str) -> str:
    """Escape `%`, `_` and `\\` for a LIKE pattern that uses ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Store:
    """Connection, transactions, audit and record naming shared by every part of the ledger."""

    def __init__(self, path: Path, conn: sqlite3.Connection, readonly: bool = False) -> None:
        self.path = path
        self.conn = conn
        self.readonly = readonly
        self.argv = "api"
        self._depth = 0
        self._search_views: set[str] | None = None  # the search index's document views, read once

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        create: bool = False,
        readonly: bool = False,
        progress: Callable[[str, int, int | None], None] | None = None,
    ):
        """Open (or with `create`, create) a ledger, applying pending migrations; see PRODUCT §8. An older
        ledger's upgrade (its backup, new tables and indexes) is told to `progress` as `("upgrade", 0, None)`
        and can be stopped with Ctrl-C between SQLite's steps."""
        path = Path(path).expanduser() if path else default_path()
        if path.is_dir():
            raise LedgerError("ledger_is_folder", path=str(path), example=str(path / "ledger.db"))
        # A ledger killed before its first checkpoint has an empty main file and its pages in `-wal`.
        exists = any(p.exists() and p.stat().st_size > 0 for p in (path, Path(f"{path}-wal")))
        if not exists and not create:
            raise LedgerError("ledger_missing", path=str(path))
        if exists and path.exists():
            wrong = soundness.header_problem(path)  # a text file, a copy cut short: before SQLite reads it
            if wrong is not None:
                raise soundness.refusal(wrong, path=str(path), context="ledger_bad")
        if not path.exists():
            create_private_file(path)
        tightened = [] if readonly else _tighten(path)  # before SQLite makes a -wal and -shm that copy it
        try:
            if readonly:
                uri = path.resolve().as_uri() + "?mode=ro"
                conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
            else:
                conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.OperationalError as exc:
            raise LedgerError("ledger_cannot_open", path=str(path)) from exc
        conn.create_function("match_key", 1, _sql_match_key, deterministic=True)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            try:
                version = migrations.schema_version(conn)
                wrong = _identity_problem(conn, version, exists)
            except sqlite3.DatabaseError as exc:
                wrong = soundness.damage_problem(exc) or ("file_damaged", {})
            except UnicodeDecodeError:  # SQLite's message names a damaged schema entry in damaged bytes
                wrong = "file_schema_damaged", {}
            if wrong is not None:  # before anything is written to it, not even the journal mode
                raise soundness.refusal(wrong, path=str(path), context="ledger_bad")
            if not readonly:
                if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                # FULL: a command's commit survives a power cut too (one fsync per command).
                conn.execute("PRAGMA synchronous = FULL")
                # 32 MiB of page cache: a big import's one transaction would spill the default 2 MiB.
                conn.execute(f"PRAGMA cache_size = {WRITE_CACHE_KIB}")
                ledger = cls(path, conn)
                ledger.tightened = tightened
                if version < migrations.LATEST:
                    if version > 0:
                        if progress is not None:
                            progress("upgrade", 0, None)
                        ledger.upgraded_from = version
                        ledger.upgrade_backup = ledger._backup_before_upgrade(version)
                    try:
                        with ledger.ticking(_upgrade_tick, UPGRADE_TICK):
                            migrations.migrate(conn)
                    except BaseException:  # Ctrl-C or a failed step: a ledger left as it was needs no copy
                        if ledger.upgrade_backup is not None and migrations.schema_version(conn) == version:
                            ledger.upgrade_backup.unlink(missing_ok=True)
                        raise
                return ledger
            if version < migrations.LATEST:
                raise LedgerError("ledger_needs_upgrade", path=str(path))
            return cls(path, conn, readonly=True)
        except BaseException:
            conn.close()
            raise

    upgraded_from: int | None = None
    upgrade_backup: Path | None = None
    tightened: list[
        tuple[Path, int]
    ] = []  # files opened for writing that others could read: (path, old mode)

    def remember_place(self, kind: str, place: Path) -> None:
        """Note where a backup or an export went (meta `places`), so `doctor` can check who may read it.

        Best effort and never waiting: when another process holds the write lock the note is skipped.
        """
        try:
            raw = self.scalar("SELECT value FROM meta WHERE key = ?", (PLACES_KEY,))
            places = [p for p in json.loads(raw or "[]") if p.get("path") != str(place)]
            places = [*places, {"kind": kind, "path": str(place)}][-PLACES_KEPT:]
            self.conn.execute("PRAGMA busy_timeout = 0")
            try:
                self.conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (PLACES_KEY, json.dumps(places, ensure_ascii=False)),
                )
            finally:
                self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        except (sqlite3.Error, ValueError, AttributeError):
            return

    def places(self) -> list[dict[str, str]]:
        """Where backups and exports of this ledger were written (newest last)."""
        try:
            found = json.loads(self.scalar("SELECT value FROM meta WHERE key = ?", (PLACES_KEY,)) or "[]")
        except (sqlite3.Error, ValueError):
            return []
        return [p for p in found if isinstance(p, dict) and p.get("path")]

    def _backup_before_upgrade(self, version: int) -> Path:
        target = self.path.with_name(f"{self.path.name}.v{version}.bak")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.name}.v{version}.{n}.bak")
        self.backup_to(target)
        return target

    def backup_to(
        self, target: Path, *, progress: Callable[[str, int, int | None], None] | None = None
    ) -> None:
        """Copy the ledger to `target` with SQLite's online backup API; the copy is mode 0600.

        The copy is one consistent snapshot (other processes may keep writing), is written beside the
        target and renamed into place only when complete, and is a self-contained single file
        (rollback-journal mode, no `-wal` needed). Given `progress`, the pages are copied `BACKUP_PAGES`
        at a time and told as `("backup", pages copied, pages)`.
        """
        target = Path(target)
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        create_private_file(partial)
        try:
            dest = sqlite3.connect(str(partial), isolation_level=None)
            try:
                if progress is None:
                    self.conn.backup(dest)
                else:
                    self.conn.backup(
                        dest,
                        pages=BACKUP_PAGES,
                        progress=lambda _, left, pages: progress("backup", pages - left, pages),
                    )
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
            with open(partial, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(partial, target)
        finally:
            for leftover in (partial, Path(f"{partial}-journal")):
                leftover.unlink(missing_ok=True)
        os.chmod(target, 0o600)

    def compact(self) -> None:
        """Fold the write-ahead log into the main file and leave WAL mode: the ledger is then one file.

        For a ledger built in one place and moved (the demo is built beside its target, then renamed):
        no `-wal` or `-shm` is left to carry along. Opening it again for writing turns WAL back on.
        """
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.execute("PRAGMA journal_mode = DELETE")

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def info(self) -> dict[str, Any]:
        """Path, ledger id and name, schema version and row counts per table (`gongjian info`)."""
        counts = {table: self.scalar(f'SELECT count(*) FROM "{table}"') for table in migrations.AUDITED}
        meta = {r["key"]: r["value"] for r in self.rows("SELECT key, value FROM meta")}
        return {
            "path": str(self.path),
            "ledger_uid": meta.get("ledger_uid"),
            "name": meta.get("name"),
            "schema_version": migrations.schema_version(self.conn),
            "counts": counts,
        }

    def set_name(self, name: str) -> None:
        """Give the ledger a human name (shown by `info`, used in merge reports)."""
        name = checked_text("name", name) or ""
        with self.write("init"):
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES ('name', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (name,),
            )

    def signatures(self) -> dict[str, str | None]:
        """The signature block's names: `{"unit", "head", "reviewer", "preparer"}`, None where not set.

        `unit` (填报单位) falls back to the ledger's name; the people are printed only when the clerk set them.
        """
        meta = {r["key"]: r["value"] for r in self.rows("SELECT key, value FROM meta")}
        names = {key: meta.get(f"sign_{key}") or None for key in SIGNATURE_KEYS}
        names["unit"] = names["unit"] or meta.get("name") or None
        return names

    def set_signature(self, key: str, value: str | None) -> str:
        """Set (or clear, with an empty value) one name of the signature block; `key` is its English key
        or Chinese label (制表人). Returns the English key."""
        wanted = (key or "").strip()
        found = next(
            (k for k in SIGNATURE_KEYS if wanted.lower() == k or wanted in CATALOG[f"sign_{k}"]), None
        )
        if found is None:
            choices = t("list_sep").join(t(f"sign_{k}") for k in SIGNATURE_KEYS)
            raise InvalidValue("sign_unknown_key", name=wanted, choices=choices)
        text = " ".join((value or "").split())
        with self.write("info set"):
            if text:
                self.conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (f"sign_{found}", text),
                )
            else:
                self.conn.execute("DELETE FROM meta WHERE key = ?", (f"sign_{found}",))
        return found

    # ------------------------------------------------------------------ transactions
    @contextmanager
    def write(self, command: str) -> Iterator[int]:
        """One audited write transaction; nested calls join the outer one. Yields the audit command id."""
        if self.readonly:
            raise LedgerError("ledger_readonly", path=str(self.path))
        if self._depth:
            self._depth += 1
            try:
                yield self._command_id
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise LedgerError("db_locked") from exc
        self._depth = 1
        try:
            cur = self.conn.execute(
                "INSERT INTO audit_commands (command, argv) VALUES (?, ?)", (command, self.argv)
            )
            self._command_id = cur.lastrowid
            yield self._command_id
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:  # SQLite may already have rolled back (disk full, I/O error)
                self.conn.execute("ROLLBACK")
            translated = translate_sqlite_error(exc, self.conn)
            if translated is not None:
                raise translated from exc
            raise
        finally:
            self._depth = 0

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """A read transaction: every query inside sees the same state of the ledger."""
        if self._depth or self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    @contextmanager
    def snapshots(self, more: int) -> Iterator[list[Store]]:
        """`snapshot()` on this connection and on `more` read-only connections of the same file, every one
        at the same state of the ledger; yields those Stores (each for one thread), or [] when they cannot
        be had — then work on this connection alone.

        The same state: all the read transactions start while a connection of ours holds the write lock,
        so no commit can fall between them (starting each at the same `data_version` would not exclude one).
        No other connections when this one is already in a transaction (uncommitted changes, or an older
        state), for a ledger in memory, or when the lock is not free at once (a writer is busy: a report
        does not wait for it) or cannot be taken (a read-only file).
        """
        usable = more >= 1 and not self._depth and not self.conn.in_transaction and Path(self.path).is_file()
        others = self._readers_at_one_state(more) if usable else []
        if not others:
            with self.snapshot():
                yield []
            return
        try:
            yield others
        finally:
            for store in others:
                store.conn.close()
            self.conn.execute("COMMIT")

    def _readers_at_one_state(self, more: int) -> list[Store]:
        """`more` read-only Stores whose read transactions, and this connection's, all began while a lock
        connection held the write lock; [] (and this connection out of its transaction) when that fails."""
        others: list[Store] = []
        lock = None
        try:
            lock = sqlite3.connect(str(self.path), isolation_level=None, timeout=0, check_same_thread=False)
            lock.execute("BEGIN IMMEDIATE")
            uri = Path(self.path).resolve().as_uri() + "?mode=ro"
            for _ in range(more):
                conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
                others.append(Store(self.path, conn, readonly=True))
                conn.create_function("match_key", 1, _sql_match_key, deterministic=True)
            for store in (self, *others):  # a read transaction starts with its first read
                store.conn.execute("BEGIN")
                store.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            for store in others:
                store.conn.close()
            others = []
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")
        finally:
            if lock is not None:
                with suppress(sqlite3.Error):
                    lock.execute("ROLLBACK")  # nothing was written: the lock only kept commits out
                lock.close()
        return others

    # ------------------------------------------------------------------ queries
    def rows(self, sql: str, params: Sequence[Any] | dict = ()) -> list[dict[str, Any]]:
        """Run a parameterised query and return rows as dicts."""
        cur = self.conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def rows_where_in(self, table: str, column: str, values: Iterable[Any]) -> list[dict[str, Any]]:
        """The rows of `table` whose `column` is one of `values`, in one statement on the column's index.

        The values go in as one JSON array (`json_each`), not as `IN (?, ?, …)`: with hundreds of bound
        values SQLite's planner trusts the table's last statistics and may scan the table instead — during
        a large import, a table ten times the size the statistics say, for every chunk."""
        sql = f'SELECT * FROM "{table}" WHERE "{column}" IN (SELECT value FROM json_each(?))'
        return self.rows(sql, (json.dumps(list(values), ensure_ascii=False),))

    @contextmanager
    def ticking(self, tick: Callable[[], Any], every: int) -> Iterator[None]:
        """While the block runs, SQLite calls `tick` every `every` instructions of a long statement (SQLite's
        progress handler): a progress display stays alive and Ctrl-C reaches the statement, which stops
        (`sqlite3.OperationalError: interrupted`) and rolls back."""
        self.conn.set_progress_handler(tick, every)
        try:
            yield
        finally:
            self.conn.set_progress_handler(None, 0)

    def stream(self, sql: str, params: Sequence[Any] | dict = ()) -> Iterator[dict[str, Any]]:
        """`rows` one at a time from the cursor (the query runs now): a listing written to a file or a pipe
        holds one row in memory. Read it before the ledger is closed."""
        cur = self.conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        return (dict(zip(names, row, strict=True)) for row in cur)

    def row(self, sql: str, params: Sequence[Any] | dict = ()) -> dict[str, Any] | None:
        """The first row of a parameterised query, or None."""
        cur = self.conn.execute(sql, params)
        found = cur.fetchone()
        if found is None:
            return None
        return dict(zip([d[0] for d in cur.description], found, strict=True))

    def scalar(self, sql: str, params: Sequence[Any] | dict = ()) -> Any:
        """The first column of the first row, or None."""
        found = self.conn.execute(sql, params).fetchone()
        return None if found is None else found[0]

    def insert(self, table: str, values: dict[str, Any]) -> int:
        """Insert one row (inside a write transaction) and return its id."""
        cols = list(values)
        sql = 'INSERT INTO "{}" ({}) VALUES ({})'.format(
            table, ", ".join(f'"{c}"' for c in cols), ", ".join("?" for _ in cols)
        )
        return self.conn.execute(sql, [values[c] for c in cols]).lastrowid

    def bulk_insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> range:
        """Insert many rows with one `executemany` (inside a write) and audit them set-wise; return their ids.

        The table's per-row audit and search insert triggers (`audit_<table>_insert`, `search_<table>_insert`)
        are dropped for the insert and created again after it, from their own statements in `sqlite_master`;
        the rows are then audited by one `INSERT … SELECT` with the triggers' own JSON, so `log` and `undo`
        see no difference, and a searched table's rows are put in the search index by one `INSERT … SELECT`
        from the view the triggers read (`search_doc_<table>`). Every other trigger (year guards) fires as
        usual. Rows without a `uid` get one from `bulk_uids`, in key order. A batch of at least
        `DEFER_INDEXES_ROWS` rows that at least doubles the table builds the table's plain indexes once,
        after its rows. All of this happens inside the transaction: a rollback restores every trigger and
        index.
        """
        if not self._depth:
            raise RuntimeError("bulk_insert runs inside Store.write")
        conn = self.conn
        before = conn.execute(f'SELECT max(id) FROM "{table}"').fetchone()[0] or 0
        rows = rows if isinstance(rows, list) else list(rows)
        if "uid" not in columns and self._has_uid(table):
            columns = ("uid", *columns)
            rows = [(uid, *row) for uid, row in zip(bulk_uids(len(rows)), rows, strict=True)]
        sql = 'INSERT INTO "{}" ({}) VALUES ({})'.format(
            table, ", ".join(f'"{c}"' for c in columns), ", ".join("?" for _ in columns)
        )
        deferred = self._plain_indexes(table) if len(rows) >= max(DEFER_INDEXES_ROWS, before) else []
        for name, _ in deferred:
            conn.execute(f'DROP INDEX "{name}"')
        audited = table in migrations.AUDITED
        aside = self._bulk_triggers(table) if audited else []
        for name, _ in aside:
            conn.execute(f'DROP TRIGGER "{name}"')
        try:
            conn.executemany(sql, rows)
        finally:
            if conn.in_transaction:  # built again as they were, with the same statements
                for _, create in deferred:
                    conn.execute(create)
                for _, create in aside:
                    conn.execute(create)
            # Also after a failed row: the rows inserted before it stay in the transaction, audited.
            if audited and conn.in_transaction:
                conn.execute(
                    "INSERT INTO audit_changes (command_id, tbl, row_id, op, after) "
                    "SELECT (SELECT max(id) FROM audit_commands), ?, r.id, 'insert', "
                    f'{migrations.row_json_sql(conn, table, "r")} FROM "{table}" AS r '
                    "WHERE r.id > ? ORDER BY r.id",
                    (table, before),
                )
                if self._indexed(table):
                    conn.execute(
                        f"INSERT INTO {migrations.SEARCH_INDEX} (rowid, head, body, community_id, day) "
                        f'SELECT doc, head, body, community_id, day FROM "search_doc_{table}" WHERE id > ?',
                        (before,),
                    )
        after = conn.execute(f'SELECT max(id) FROM "{table}"').fetchone()[0] or 0
        return range(before + 1, after + 1)

    def _bulk_triggers(self, table: str) -> list[tuple[str, str]]:
        """(name, CREATE TRIGGER statement) of `table`'s per-row audit and search insert triggers: those a
        bulk insert replaces with its set-wise statements."""
        return self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name IN (?, ?) "
            "ORDER BY name",
            (table, f"audit_{table}_insert", f"search_{table}_insert"),
        ).fetchall()

    def _has_uid(self, table: str) -> bool:
        """True when `table` has a `uid` column (every record table does)."""
        return bool(
            self.conn.execute("SELECT 1 FROM pragma_table_info(?) WHERE name = 'uid'", (table,)).fetchone()
        )

    def _plain_indexes(self, table: str) -> list[tuple[str, str]]:
        """(name, CREATE INDEX statement) of `table`'s indexes that check nothing (not unique, not a key):
        those a large bulk insert may drop inside its transaction and build again after its rows."""
        return self.conn.execute(
            "SELECT i.name, m.sql FROM pragma_index_list(?) AS i JOIN sqlite_master AS m ON m.name = i.name "
            "WHERE i.origin = 'c' AND NOT i.\"unique\" AND m.sql IS NOT NULL ORDER BY i.name",
            (table,),
        ).fetchall()

    def _indexed(self, table: str) -> bool:
        """True when `table`'s records go into the search index (its document view exists)."""
        if table not in migrations.SEARCHED:
            return False
        views = self._search_views
        if views is None:
            views = self._search_views = {
                r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")
            }
        return f"search_doc_{table}" in views

    def update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        """Update one row by id, stamping `updated_at` (inside a write transaction)."""
        values = {**values, "updated_at": now_iso()}
        sets = ", ".join(f'"{c}" = ?' for c in values)
        self.conn.execute(f'UPDATE "{table}" SET {sets} WHERE id = ?', [*values.values(), row_id])

    def get(self, table: str, row_id: int) -> dict[str, Any] | None:
        """One row by id."""
        return self.row(f'SELECT * FROM "{table}" WHERE id = ?', (row_id,))

    # ------------------------------------------------------------------ naming records
    def resolve(
        self,
        table: str,
        ref: object,
        *,
        what: str,
        exact: Sequence[str],
        fragment: Sequence[str],
        label: str,
        extra_exact: Sequence[tuple[str, Any]] = (),
    ) -> dict[str, Any]:
        """Find one row by exact key, then by matching key, then id, then an unambiguous fragment (PRODUCT §3).

        Names are stored as typed; `测试(北城)单位` finds `测试（北城）单位` (and the reverse) by their
        matching key (`normalize.match_key`), exactly or as a fragment, when the text as typed finds nothing.
        """
        text = str(ref).strip() if ref is not None else ""
        if not text:
            raise NotFound("not_found", what=t(what), name=text)
        conditions = " OR ".join(f'"{c}" = ?' for c in exact)
        params: list[Any] = [text] * len(exact)
        for col, value in extra_exact:
            conditions += f' OR "{col}" = ?'
            params.append(value)
        found = self.rows(f'SELECT * FROM "{table}" WHERE {conditions} LIMIT 2', params)
        if len(found) == 1:
            return found[0]
        key = match_key(text)
        if not found and key:
            where = " OR ".join(f'match_key("{c}") = ?' for c in exact)
            found = self.rows(f'SELECT * FROM "{table}" WHERE {where} LIMIT 2', [key] * len(exact))
        if not found and text.isdigit():
            by_id = self.get(table, int(text))
            if by_id is not None:
                return by_id
        if not found:
            pattern = "%" + like_escape(text) + "%"
            where = " OR ".join(f"\"{c}\" LIKE ? ESCAPE '\\'" for c in fragment)
            found = self.rows(
                f'SELECT * FROM "{table}" WHERE {where} ORDER BY id LIMIT 11', [pattern] * len(fragment)
            )
        if not found and key:
            where = " OR ".join(f'instr(match_key("{c}"), ?) > 0' for c in fragment)
            found = self.rows(
                f'SELECT * FROM "{table}" WHERE {where} ORDER BY id LIMIT 11', [key] * len(fragment)
            )
        if not found:
            raise NotFound("not_found", what=t(what), name=text)
        if len(found) > 1:
            names = [str(r[label]) for r in found[:10]]
            if len(found) > 10:
                names.append("…")
            raise Ambiguous("ambiguous", what=t(what), name=text, candidates="、".join(names))
        return found[0]


def _tighten(path: Path) -> list[tuple[Path, int]]:
    """Make a ledger that came from elsewhere (copied in as 0644) owner-only, with its -wal and -shm; returns
    what was changed, for the one line that says so. A file of another user's is left alone (doctor says)."""
    changed = []
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        mode = exposed_mode(file)
        if mode is not None:
            with suppress(OSError):
                make_private(file)
                changed.append((file, mode))
    return changed


def _identity_problem(conn: sqlite3.Connection, version: int, exists: bool) -> soundness.Problem | None:
    """Another app's SQLite (even one that sets `user_version`), or a newer gongjian's ledger: one query."""
    if version > migrations.LATEST:
        return "file_newer", {"found": version, "supported": migrations.LATEST}
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    if version == 0:
        return ("file_foreign", {"tables": "、".join(tables[:5])}) if exists and tables else None
    if not {"meta", "audit_commands"} <= set(tables):  # a lost ledger id is doctor's to report
        shown = [n for n in tables if not n.startswith("sqlite_")]
        return "file_foreign", {"tables": "、".join(shown[:5]) + ("…" if len(shown) > 5 else "")}
    return None


def _sql_match_key(value: Any) -> str | None:
    """`match_key(column)` in SQL: the matching key of a stored name (NULL stays NULL)."""
    return None if value is None else match_key(value)


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0


def translate_sqlite_error(
    exc: BaseException, conn: sqlite3.Connection | None = None
) -> GongjianError | None:
    """Turn an SQLite error raised inside a write into the domain's typed error, when it is one."""
    if isinstance(exc, GongjianError) or not isinstance(exc, sqlite3.Error):
        return None
    message = str(exc)
    if "gongjian:year_finalized" in message:
        return _year_finalized(conn)
    if isinstance(exc, sqlite3.OperationalError) and "locked" in message:
        return LedgerError("db_locked")
    if isinstance(exc, sqlite3.IntegrityError):
        return Conflict("integrity", detail=message)
    return None


def _year_finalized(conn: sqlite3.Connection | None) -> YearFinalized:
    """The refusal of a finalised year, naming it (the trigger's message cannot carry the year itself)."""
    years: list[int] = []
    if conn is not None:
        try:
            years = [
                r[0]
                for r in conn.execute(
                    "SELECT year FROM assessment_years WHERE finalized_at IS NOT NULL ORDER BY year"
                )
            ]
        except sqlite3.Error:
            years = []
    if len(years) == 1:
        return YearFinalized("year_finalized_generic", year=years[0])
    if years:
        return YearFinalized("year_finalized_several", years="、".join(map(str, years)), last=years[-1])
    return YearFinalized("year_finalized_any")
