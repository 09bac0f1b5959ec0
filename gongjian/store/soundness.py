"""Is this file a sound gongjian ledger? One answer for `restore`, `merge` and `--db`, in one plain line.

`header_problem(path)` reads the file's first 100 bytes: not SQLite at all (a text file, a zip), or cut
short (the header says how many pages the file has; a copy that stopped half-way has fewer). `problem(conn)`
then asks SQLite (`PRAGMA integrity_check`), compares the schema with what gongjian's own migrations build
at the file's version (another app's SQLite, a ledger with tables changed by hand, a newer gongjian's
ledger) and, with `full`, reads every text value (a flipped byte inside a name is not something
`integrity_check` sees, and would stop every later listing). Each problem is a catalog key with its
parameters, so each command says it in its own sentence: a backup that cannot be restored, a source that
is not merged, a ledger that cannot be opened.

`restore` and `merge` run every check before anything of the file is read. Opening a ledger (`--db`) runs
the header and identity checks only (`integrity_check` reads every page: 0.11 s on the demo ledger,
seconds on a city's); damage met later is told in one line by `damage_problem`, and `doctor` runs the full
check.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import Any

from gongjian.errors import LedgerError
from gongjian.i18n import t
from gongjian.store import migrations

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_BYTES = 100

Problem = tuple[str, dict[str, Any]]


def header_problem(path: Path) -> Problem | None:
    """Not an SQLite file, or an SQLite file shorter than its own header says (cut off while copied)."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(HEADER_BYTES)
    except OSError as exc:
        return "file_unreadable", {"detail": exc.strerror or str(exc)}
    if size == 0:
        return None  # an empty file is a new ledger (`init`) or nothing (restore and merge say so)
    if not head.startswith(SQLITE_MAGIC):
        return "file_not_sqlite", {}
    if len(head) < HEADER_BYTES:
        return "file_truncated", {"size": f"{size:,}", "expected": f"{HEADER_BYTES:,}"}
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    counter_matches = head[24:28] == head[92:96]  # the page count is valid only then (SQLite file format)
    wal = Path(f"{path}-wal")
    wal_pending = wal.exists() and wal.stat().st_size > 0  # a checkpoint may still be owed to the file
    expected = page_size * pages
    if counter_matches and pages and not wal_pending and size < expected:
        return "file_truncated", {"size": f"{size:,}", "expected": f"{expected:,}"}
    return None


def problem(conn: sqlite3.Connection, *, full: bool = True, exact: bool = True) -> Problem | None:
    """What is wrong with the ledger open on `conn` (None when sound), checked in the order a clerk needs.

    Integrity first (a damaged file says nothing true about itself), then that it is a gongjian ledger,
    of a version this gongjian can read, with exactly the schema gongjian builds at that version, and
    (`full`) that every text value is readable. `exact=False` (merge, which reads what a source has) lets
    a table lack columns, indexes or triggers, but not hold a table or column no gongjian version has.
    """
    try:
        damaged = _integrity(conn)
        if damaged is not None:
            return damaged
        version = migrations.schema_version(conn)
        objects = _objects(conn)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        if _interrupted(exc):
            raise
        return damage_problem(exc) or ("file_damaged", {})
    tables = sorted(
        name for kind, name, _, _ in objects if kind == "table" and not name.startswith("sqlite_")
    )
    if "meta" not in tables or version < 1 or not _ledger_uid(conn):
        return "file_foreign", {"tables": _listed(tables)}
    if version > migrations.LATEST:
        return "file_newer", {"found": version, "supported": migrations.LATEST}
    if exact:
        differs = _schema_difference(objects, expected_schema(version)[0])
    else:  # any table or column of gongjian's, of this version or later, is one merge knows
        differs = _unknown_columns(conn, tables, expected_schema(migrations.LATEST)[1])
    if differs is not None:
        return "file_schema_differs", {"version": version, "detail": differs}
    if full:
        try:
            broken = conn.execute("PRAGMA foreign_key_check").fetchone()
            if broken is not None:
                return "file_dangling", {"table": broken[0], "row": broken[1]}
            domain = [t for t in migrations.AUDITED if t in tables]  # a damaged unit name before its log
            # Stored tables only: a virtual table's rows are computed (the search index's vocabulary lists
            # every trigram occurrence, 6.4 million rows on a city ledger); its text is in its shadow table.
            virtual = {name for kind, name, _, sql in objects if kind == "table" and _is_virtual(sql)}
            return unreadable_text(conn, domain + [t for t in tables if t not in domain and t not in virtual])
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            if _interrupted(exc):
                raise
            return damage_problem(exc) or ("file_damaged", {})
    return None


def _interrupted(exc: BaseException) -> bool:
    """Ctrl-C stopped the check (`open_readonly`'s progress handler): no finding about the file."""
    return isinstance(exc, sqlite3.OperationalError) and str(exc) == "interrupted"


def damage_problem(exc: BaseException) -> Problem | None:
    """The problem an SQLite error met while reading a file shows (None when it shows no damage)."""
    if isinstance(exc, UnicodeDecodeError):
        return "file_text_damaged_somewhere", {}
    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    try:
        text = str(exc)
    except UnicodeDecodeError:  # pragma: no cover - the message itself holds the damaged bytes
        text = ""
    if "Could not decode to UTF-8" in text:
        return "file_text_damaged_somewhere", {}
    if "malformed database schema" in text:
        return "file_schema_damaged", {}
    if "file is not a database" in text:
        return "file_not_sqlite", {}
    if "malformed" in text or "corrupt" in text or type(exc) is sqlite3.DatabaseError:
        return "file_damaged", {}
    return None


@lru_cache(maxsize=8)
def expected_schema(version: int) -> tuple[frozenset[tuple[str, str, str, str | None]], dict[str, list[str]]]:
    """`sqlite_master` and each table's columns as gongjian's own migrations build them at `version`, in
    memory (~50 ms, once)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrations.migrate(conn, upto=version)
        objects = _objects(conn)
        tables = [name for kind, name, _, _ in objects if kind == "table"]
        return frozenset(objects), {name: _columns(conn, name) for name in tables}
    finally:
        conn.close()


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute("SELECT * FROM pragma_table_info(?)", (table,))]


def _unknown_columns(conn: sqlite3.Connection, tables: list[str], want: dict[str, list[str]]) -> str | None:
    """A table, or a column, that gongjian's schema of this version does not have."""
    for table in tables:
        if table not in want:
            return t("file_schema_extra", kind=t("file_object_table"), name=table)
        extra = [c for c in _columns(conn, table) if c not in want[table]]
        if extra:
            return t("file_schema_extra", kind=t("file_object_column"), name=f"{table}.{extra[0]}")
    return None


# ---------------------------------------------------------------------------- the checks
def _integrity(conn: sqlite3.Connection) -> Problem | None:
    found = [row[0] for row in conn.execute("PRAGMA integrity_check(100)")]
    if found == ["ok"]:
        return None
    return "file_damaged_pages", {"n": f"{len(found)}+" if len(found) >= 100 else len(found)}


def _objects(conn: sqlite3.Connection) -> list[tuple[str, str, str, str | None]]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return [r for r in rows if not r[1].startswith("sqlite_stat")]  # ANALYZE's own tables are no change


def _is_virtual(sql: str | None) -> bool:
    return (sql or "").lstrip().upper().startswith("CREATE VIRTUAL TABLE")


def _ledger_uid(conn: sqlite3.Connection) -> str | None:
    try:
        found = conn.execute("SELECT value FROM meta WHERE key = 'ledger_uid'").fetchone()
    except sqlite3.OperationalError:  # a `meta` table of another shape: not ours
        return None
    return found[0] if found else None


def _schema_difference(
    have: list[tuple[str, str, str, str | None]], want: frozenset[tuple[str, str, str, str | None]]
) -> str | None:
    """The first difference between a file's schema and gongjian's, said as `多出表 notes` …"""
    have_by = {(kind, name): sql for kind, name, _, sql in have}
    want_by = {(kind, name): sql for kind, name, _, sql in want}
    for key in sorted(want_by.keys() - have_by.keys()):
        return _say_object("file_schema_missing", key)
    for key in sorted(have_by.keys() - want_by.keys()):
        return _say_object("file_schema_extra", key)
    for key in sorted(want_by):
        if have_by[key] != want_by[key]:
            return _say_object("file_schema_changed", key)
    return None


def _say_object(key: str, obj: tuple[str, str]) -> str:
    kind, name = obj
    return t(key, kind=t(f"file_object_{kind}"), name=name)


def unreadable_text(conn: sqlite3.Connection, tables: list[str]) -> Problem | None:
    """The first text value that is not valid UTF-8 (a flipped byte inside a name), as table and row."""
    wanted = {table: _columns(conn, table) for table in tables}
    previous = conn.text_factory
    conn.text_factory = bytes  # read as stored: a value that is not UTF-8 is found, not raised half-way
    try:
        for table, columns in wanted.items():
            if not columns:
                continue
            texts = ", ".join(f'CASE WHEN typeof("{c}") = \'text\' THEN "{c}" END' for c in columns)
            key = '"id"' if "id" in columns else "NULL"
            for number, row in enumerate(conn.execute(f'SELECT {key}, {texts} FROM "{table}"'), 1):
                for value in row[1:]:
                    if value is not None:
                        try:
                            value.decode("utf-8")
                        except UnicodeDecodeError:
                            shown = row[0] if row[0] is not None else number
                            return "file_text_damaged", {"table": table, "row": shown}
    finally:
        conn.text_factory = previous
    return None


def _listed(names: list[str], limit: int = 5) -> str:
    shown = "、".join(names[:limit]) + ("…" if len(names) > limit else "")
    return shown or "-"


# ---------------------------------------------------------------------------- for the commands
def check_file(path: Path, *, full: bool = True) -> Problem | None:
    """Every check on a file given to `restore` or `merge`, opened read-only; nothing of it is used before."""
    if path.is_file() and path.stat().st_size == 0:
        return "file_empty", {}
    found = header_problem(path)
    if found is not None:
        return found
    try:
        conn = open_readonly(path)
    except sqlite3.DatabaseError as exc:
        return damage_problem(exc) or ("file_damaged", {})
    except UnicodeDecodeError:  # SQLite's own message names a damaged schema entry in damaged bytes
        return "file_schema_damaged", {}
    try:
        return problem(conn, full=full)
    finally:
        conn.close()


def open_readonly(path: Path, timeout: float = 30) -> sqlite3.Connection:
    """A read-only connection; on a read-only medium without `-wal`/`-shm`, the file is read as immutable.
    Ctrl-C stops its statements (`sqlite3.OperationalError: interrupted`)."""
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, timeout=timeout)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        conn.close()
        if "unable to open" not in str(exc):
            raise
        conn = sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)
    except BaseException:
        conn.close()
        raise
    conn.execute("PRAGMA query_only = ON")
    conn.set_progress_handler(_breathe, TICK)  # Ctrl-C stops a long check or read of a large file
    return conn


TICK = 100_000  # SQLite instructions between two calls of `_breathe` (well under a millisecond of work)


def _breathe() -> None:
    """SQLite's progress handler: nothing to do but give Python a moment to see Ctrl-C."""
    return None


DAMAGE = frozenset(
    {
        "file_truncated",
        "file_damaged",
        "file_damaged_pages",
        "file_schema_damaged",
        "file_text_damaged",
        "file_text_damaged_somewhere",
        "file_dangling",
    }
)


def refusal(found: Problem, *, path: str, context: str) -> LedgerError:
    """The one-line refusal of a file: `context` is the command's sentence (`restore_bad`, `ledger_bad` …);
    a ledger that is damaged (rather than not a ledger) is `ledger_damaged`, which says how to restore it."""
    key, params = found
    if key == "file_newer":
        return LedgerError("ledger_newer", path=path, **params)
    if context == "ledger_bad" and key in DAMAGE:
        context = "ledger_damaged"
    return LedgerError(context, path=path, problem=t(key, **params), problem_key=key)
