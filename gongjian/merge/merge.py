"""Several ledgers, one district (PRODUCT §10): `gongjian merge A.db B.db … --into TARGET.db`.

The source ledgers are opened read-only (SQLite `mode=ro`) and never modified. `gongjian.merge.plan` decides
what every source row becomes; this module writes it to the target in one audited `merge` transaction (so
`log` shows it and `undo` reverts it), table by table as each is planned (a table without keys a chunk of
`CHUNK` rows at a time), with `executemany`. A conflict the merge cannot settle, or a row of a finalised year
of the target, stops the writing and rolls the transaction back: nothing written. `--dry-run` plans and reports without writing; a missing target is then planned against
an empty in-memory ledger, so not even the file is created.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from gongjian.errors import Conflict, LedgerError, YearFinalized
from gongjian.i18n import t
from gongjian.ledger import Ledger
from gongjian.merge.plan import Plan, Planner
from gongjian.merge.rows import CHUNK, MISSING, SKIPPED, Counts, TablePlan
from gongjian.privacy import mask_pii_text
from gongjian.store import migrations, soundness
from gongjian.store.db import Store

BUSY_TIMEOUT_S = 30


class MergeConflicts(Conflict):
    """The merge found conflicts it cannot settle: nothing was written; one line per conflict."""

    def __init__(self, report: MergeReport) -> None:
        super().__init__("merge_conflicts", n=len(report.conflicts))
        self.report = report

    def text(self) -> str:
        """A header line, then every conflict on a line of its own."""
        lines = [t("merge_conflicts", n=len(self.report.conflicts)), *self.report.conflicts]
        return mask_pii_text("\n".join(lines)) or ""


class _NothingToWrite(Exception):
    """Raised inside the write transaction when the plan changes nothing, so that it is rolled back."""

    def __init__(self, report: MergeReport) -> None:
        super().__init__("nothing to write")
        self.report = report


@dataclass
class MergeReport:
    """What a merge did (or, with `dry_run`, would do): counts per table, unified records, conflicts."""

    target: str
    target_name: str | None
    dry_run: bool
    created: bool
    sources: list[dict[str, Any]]
    tables: list[Counts]
    unified: list[dict[str, str]] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    finalized: dict[int, dict[str, int]] = field(default_factory=dict)
    skipped: tuple[str, ...] = SKIPPED
    source_assessments: int = 0

    @property
    def totals(self) -> Counts:
        """The counts summed over every table."""
        total = Counts("*")
        for c in self.tables:
            for name in ("added", "updated", "unchanged", "unified", "conflicts"):
                setattr(total, name, getattr(total, name) + getattr(c, name))
        return total

    @property
    def changes(self) -> int:
        """Rows added or updated in the target."""
        return self.totals.added + self.totals.updated

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data with English keys (the `--format json` schema)."""
        data = asdict(self)
        data["tables"] = [asdict(c) for c in self.tables]
        data["totals"] = {k: v for k, v in asdict(self.totals).items() if k != "table"}
        data["skipped"] = list(self.skipped)
        data["finalized"] = {str(y): per for y, per in sorted(self.finalized.items())}
        return data


# ---------------------------------------------------------------------------- sources
class Source:
    """One source ledger opened read-only, read inside one snapshot so its tables agree with each other."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = _open_checked(path)
        try:
            self.conn.execute("BEGIN")  # one consistent snapshot for every table read below
        except BaseException:
            self.conn.close()
            raise
        meta = dict(self.conn.execute("SELECT key, value FROM meta").fetchall())
        self.ledger_uid: str = meta["ledger_uid"]
        self.name: str | None = meta.get("name")
        self.label = t("merge_ledger", name=self.name or path.name)
        self.tables = {
            name: [r[1] for r in self.conn.execute("SELECT * FROM pragma_table_info(?)", (name,))]
            for (name,) in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }

    def rows(self, table: str, columns: Sequence[str]) -> Iterator[tuple]:
        """The table's rows in the target's column order; a column this ledger lacks reads `MISSING`."""
        for chunk in self.chunks(table, columns):
            yield from chunk

    def chunks(self, table: str, columns: Sequence[str]) -> Iterator[list[tuple]]:
        """The table's rows by id, `CHUNK` at a time (see `rows`): memory stays the same for any table size."""
        select, lacking = self._select(table, columns)
        if select is None:
            return
        cursor = self.conn.execute(f'SELECT {select} FROM "{table}" ORDER BY id')
        while chunk := cursor.fetchmany(CHUNK):
            yield _fill(chunk, lacking)

    def rows_of(self, table: str, columns: Sequence[str], uids: Sequence[str]) -> list[tuple]:
        """The rows of these uids (at most `CHUNK` of them), as `rows` gives them."""
        select, lacking = self._select(table, columns)
        if select is None or not uids:
            return []
        marks = ", ".join("?" * len(uids))
        found = self.conn.execute(f'SELECT {select} FROM "{table}" WHERE uid IN ({marks})', uids).fetchall()
        return _fill(found, lacking)

    def _select(self, table: str, columns: Sequence[str]) -> tuple[str | None, list[int]]:
        have = self.tables.get(table)
        if not have:
            return None, []
        present = [c in have for c in columns]
        select = ", ".join(f'"{c}"' if ok else "NULL" for c, ok in zip(columns, present, strict=True))
        return select, [i for i, ok in enumerate(present) if not ok]

    def aliases(self) -> list[tuple[str, str, str]]:
        """Uid aliases this ledger kept from its own merges."""
        if "merge_aliases" not in self.tables:
            return []
        return self.conn.execute("SELECT tbl, source_uid, target_uid FROM merge_aliases").fetchall()

    def count(self, table: str) -> int:
        """Rows in one of its tables (0 when it has no such table)."""
        if table not in self.tables:
            return 0
        return self.conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]

    def describe(self) -> dict[str, Any]:
        """Path, id and name, for the report."""
        return {"path": str(self.path), "ledger_uid": self.ledger_uid, "name": self.name, "label": self.label}

    def close(self) -> None:
        """End the snapshot and close the connection."""
        try:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")
        finally:
            self.conn.close()


def _fill(rows: list[tuple], lacking: list[int]) -> list[tuple]:
    """Rows with `MISSING` in the columns their ledger lacks."""
    if not lacking:
        return rows
    out = []
    for row in rows:
        filled = list(row)
        for i in lacking:
            filled[i] = MISSING
        out.append(tuple(filled))
    return out


def _open_checked(path: Path) -> sqlite3.Connection:
    """A source opened read-only and checked whole (`store.soundness`) before any of its rows is read."""
    if not (path.is_file() and path.stat().st_size > 0):
        raise LedgerError("ledger_missing", path=str(path))
    wrong = soundness.header_problem(path)
    if wrong is None:
        try:
            conn = soundness.open_readonly(path, BUSY_TIMEOUT_S)
        except sqlite3.DatabaseError as exc:
            wrong = soundness.damage_problem(exc) or ("file_damaged", {})
        except UnicodeDecodeError:  # SQLite's own message names a damaged schema entry in damaged bytes
            wrong = "file_schema_damaged", {}
        else:
            try:
                wrong = soundness.problem(conn, exact=False)  # an older ledger merges with what it has
            except BaseException:
                conn.close()
                raise
            if wrong is None:
                return conn
            conn.close()
    raise soundness.refusal(wrong, path=str(path), context="merge_source_bad")


def _raise_file_limit(needed: int) -> None:
    """Allow enough open files for every source (each may hold the file, its `-wal` and `-shm`)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows has no such limit to raise
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        wanted = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


# ---------------------------------------------------------------------------- the merge
def merge(
    sources: Sequence[Path | str],
    target: Path | str,
    *,
    dry_run: bool = False,
    name: str | None = None,
    argv: str = "api",
) -> MergeReport:
    """Merge the source ledgers into `target` (created if missing); see the module docstring."""
    paths = [Path(s).expanduser() for s in sources]
    target_path = Path(target).expanduser()
    if not paths:
        raise Conflict("merge_no_sources")
    for i, path in enumerate(paths):
        if _same_file(path, target_path):
            raise Conflict("merge_into_source", path=str(path))
        if any(_same_file(path, other) for other in paths[:i]):
            raise Conflict("merge_source_twice", path=str(path))
    _raise_file_limit(3 * len(paths) + 64)
    created = not any(p.exists() and p.stat().st_size > 0 for p in (target_path, Path(f"{target_path}-wal")))
    opened: list[Source] = []
    ledger = None
    try:
        opened.extend(Source(path) for path in paths)
        ledger = _open_target(target_path, in_memory=dry_run and created)
        ledger.store.argv = argv
        if dry_run:
            with ledger.store.snapshot():
                return _report(ledger, opened, _plan(ledger, opened, name), True, created, name)
        return _merge_into(ledger, opened, name, created)
    except BaseException:
        if ledger is not None and created and not dry_run:  # a refused merge leaves no new file behind
            ledger.close()
            ledger = None
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target_path}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        if ledger is not None:
            ledger.close()
        for src in opened:
            src.close()


def _open_target(path: Path, *, in_memory: bool) -> Any:
    """The target ledger (created when missing); `in_memory`: an empty one that never touches the disk."""
    if not in_memory:
        return Ledger.open(path, create=True)
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    migrations.migrate(conn)
    return Ledger(Store(path, conn))


def _merge_into(ledger: Any, sources: list[Source], name: str | None, created: bool) -> MergeReport:
    """Plan and apply inside one `merge` write transaction; conflicts and finalised years refuse it all."""
    try:
        with ledger.store.write("merge"):
            plan = _plan(ledger, sources, name, write=lambda tp: apply_table(ledger.store.conn, tp))
            report = _report(ledger, sources, plan, False, created, name)
            if report.conflicts:
                raise MergeConflicts(report)
            if report.finalized:
                raise finalized_error(report)
            renamed = bool(name) and name != _meta_name(ledger)
            if not report.changes and not plan.aliases and not renamed:
                raise _NothingToWrite(report)  # rolled back: a re-run leaves no empty command in the log
            apply(ledger.store.conn, plan)
            if renamed:
                ledger.store.conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('name', ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (name,),
                )
    except _NothingToWrite as unchanged:
        return unchanged.report
    return report


def _meta_name(ledger: Any) -> str | None:
    return ledger.store.scalar("SELECT value FROM meta WHERE key = 'name'")


def _plan(
    ledger: Any, sources: list[Source], name: str | None, write: Callable[[TablePlan], None] | None = None
) -> Plan:
    own = _meta_name(ledger) or name or ledger.store.path.name
    return Planner(ledger.store.conn, sources, t("merge_target", name=own), write).build()


def _report(
    ledger: Any, sources: list[Source], plan: Plan, dry_run: bool, created: bool, name: str | None
) -> MergeReport:
    return MergeReport(
        target=str(ledger.store.path),
        target_name=name or _meta_name(ledger),
        dry_run=dry_run,
        created=created,
        sources=[s.describe() for s in sources],
        tables=plan.counts,
        unified=plan.unified,
        conflicts=plan.conflicts,
        finalized=plan.finalized,
        source_assessments=plan.source_assessments,
    )


def finalized_error(report: MergeReport) -> YearFinalized:
    """The refusal of a merge that would add or change rows of a finalised year of the target."""
    years = sorted(report.finalized)
    detail = "、".join(
        t("merge_rows_of", table=t("tbl_" + table), n=n)
        for y in years
        for table, n in report.finalized[y].items()
    )
    return YearFinalized(
        "merge_year_finalized", years="、".join(map(str, years)), detail=detail, year=years[0]
    )


def apply(conn: sqlite3.Connection, plan: Plan) -> None:
    """Write what the plan still holds inside the caller's transaction: tables not yet written, then aliases."""
    for tp in plan.tables:
        apply_table(conn, tp)
    if plan.aliases:
        conn.executemany(
            "INSERT INTO merge_aliases (tbl, source_uid, target_uid, ledger_uid) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (tbl, source_uid) DO UPDATE SET target_uid = excluded.target_uid, "
            "ledger_uid = excluded.ledger_uid",
            plan.aliases,
        )


def apply_table(conn: sqlite3.Connection, tp: TablePlan) -> None:
    """Write one table's planned rows (or a chunk of them): updates, then inserts."""
    _apply_updates(conn, tp)
    _apply_inserts(conn, tp)


def _apply_updates(conn: sqlite3.Connection, tp: TablePlan) -> None:
    if not tp.updates:
        return
    settable = [i for i, c in enumerate(tp.columns) if c not in ("id", "uid", "created_at")]
    sets = ", ".join(f'"{tp.columns[i]}" = ?' for i in settable)
    conn.executemany(
        f'UPDATE "{tp.table}" SET {sets} WHERE id = ?',
        ([row[i] for i in settable] + [row[0]] for row in tp.updates),
    )


def _apply_inserts(conn: sqlite3.Connection, tp: TablePlan) -> None:
    """Insert new rows with the ids the plan gave them; a column a source lacks takes its default."""
    by_shape: dict[tuple[int, ...], list[tuple]] = {}
    for row in tp.inserts:
        shape = tuple(i for i, v in enumerate(row) if v is not MISSING)
        by_shape.setdefault(shape, []).append(row)
    for shape, rows in by_shape.items():
        names = ", ".join(f'"{tp.columns[i]}"' for i in shape)
        marks = ", ".join("?" for _ in shape)
        if len(shape) == len(tp.columns):
            conn.executemany(f'INSERT INTO "{tp.table}" ({names}) VALUES ({marks})', rows)
        else:
            conn.executemany(
                f'INSERT INTO "{tp.table}" ({names}) VALUES ({marks})',
                ([row[i] for i in shape] for row in rows),
            )
