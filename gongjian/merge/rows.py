"""The rows of a merge: unique keys, versions of one record, and the planner's state for one table.

`resolve` decides what a record becomes from the target's row and the versions the source ledgers hold;
`TableState` keeps, for one table, the records matched, the records new to the target and an index of
their key values. `gongjian.merge.plan` drives them; nothing here writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from gongjian.reading.normalize import match_key
from gongjian.store import migrations

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()  # a column the source lacks
CHUNK = 500  # ids per `IN (…)` query
SKIPPED = ("assessment_years", "assessments")  # results scored per ledger: the target scores itself
BOOKKEEPING = ("id", "uid", "created_at", "updated_at")


@dataclass(frozen=True)
class Key:
    """A unique key: rows sharing an `identity` key are one record (unified); any other clash conflicts."""

    name: str
    columns: tuple[str, ...]
    identity: bool = False
    when: tuple[tuple[str, Any], ...] = ()  # a partial key: only rows whose columns equal these values
    folded: tuple[str, ...] = ()  # names compared by their matching key (`normalize.match_key`), as typed


ACTIVE = (("ended", None),)
KEYS: dict[str, tuple[Key, ...]] = {
    "communities": (Key("code", ("code",), True), Key("name", ("name",), folded=("name",))),
    "grids": (Key("grid", ("community_id", "name"), True, folded=("name",)),),
    "units": (Key("credit_code", ("credit_code",), True), Key("name_key", ("name_key",), True)),
    "pairings": (
        Key("pairing", ("community_id", "unit_id"), True, ACTIVE),
        Key("lead", ("community_id",), False, (("role", "lead"), *ACTIVE)),
    ),
    "agreements": (Key("number", ("number",), True),),
    "activity_units": (Key("link", ("activity_id", "unit_id", "role"), True),),
    "tickets": (Key("number", ("number",)), Key("seq", ("community_id", "year", "seq"))),
    "members": (Key("id_number", ("id_number",), True),),
    "project_claims": (Key("link", ("project_id", "unit_id"), True),),
    "meeting_attendance": (Key("link", ("meeting_id", "unit_id"), True),),
    "member_registrations": (Key("link", ("member_id", "community_id"), True),),
    "unit_ratings": (Key("rating", ("year", "unit_id"), True),),
}


@dataclass
class Counts:
    """What a merge does to one table: rows added, updated, unchanged; rows unified; conflicts."""

    table: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    unified: int = 0
    conflicts: int = 0


@dataclass
class TablePlan:
    """The writes of one table: full rows to insert and to update (in a safe order), in target columns."""

    table: str
    columns: list[str]
    inserts: list[tuple] = field(default_factory=list)
    updates: list[tuple] = field(default_factory=list)


@dataclass
class Plan:
    """Everything a merge would do, per table in foreign-key order, plus aliases, unified records, conflicts."""

    tables: list[TablePlan] = field(default_factory=list)
    counts: list[Counts] = field(default_factory=list)
    # (table, source uid, target uid, ledger uid of the source) of records known under another uid
    aliases: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    unified: list[dict[str, str]] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    finalized: dict[int, dict[str, int]] = field(default_factory=dict)  # year -> table -> rows
    source_assessments: int = 0


class Group:
    """One target record as the plan sees it: its current row, the source versions matched to it, the result."""

    __slots__ = ("id", "uid", "current", "versions", "final", "origin", "new", "blocked")

    def __init__(self, uid: str, tid: int | None = None, current: tuple | None = None) -> None:
        self.id, self.uid, self.current = tid, uid, current
        self.versions: list[tuple[str, int, tuple]] = []  # (updated_at, source index, row)
        self.final: tuple | None = None
        self.origin = -1  # index of the source whose version won (-1: the target's own row)
        self.new = False
        self.blocked = False


def merge_order(conn: sqlite3.Connection) -> list[str]:
    """The target's domain tables (less the per-ledger results) with every parent before its children."""
    tables = [tb for tb in migrations.AUDITED if tb not in SKIPPED and columns(conn, tb)]
    parents = {tb: {p for p in foreign_keys(conn, tb).values() if p != tb and p in tables} for tb in tables}
    ordered: list[str] = []

    def visit(tb: str, path: tuple[str, ...]) -> None:
        if tb in ordered or tb in path:
            return
        for p in sorted(parents[tb]):
            visit(p, (*path, tb))
        ordered.append(tb)

    for tb in tables:
        visit(tb, ())
    return ordered


def foreign_keys(conn: sqlite3.Connection, table: str) -> dict[str, str]:
    """Integer foreign-key columns of a table and the table each points at."""
    return {row[3]: row[2] for row in conn.execute("SELECT * FROM pragma_foreign_key_list(?)", (table,))}


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """A table's column names in schema order (empty when there is no such table)."""
    return [row[1] for row in conn.execute("SELECT * FROM pragma_table_info(?)", (table,))]


def chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    """Slices of `items` small enough for one `IN (…)` list."""
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def column_defaults(conn: sqlite3.Connection, table: str, pos: dict[str, int]) -> dict[int, Any]:
    """Literal column defaults (`0`, `'other'`, `'[]'`) by column position; expressions are left out."""
    out: dict[int, Any] = {}
    for _, name, _, _, default, _ in conn.execute(f'PRAGMA table_info("{table}")').fetchall():
        if default is None or name not in pos:
            continue
        text = str(default).strip()
        if len(text) >= 2 and text[0] == text[-1] == "'":
            out[pos[name]] = text[1:-1].replace("''", "'")
            continue
        for cast in (int, float):
            try:
                out[pos[name]] = cast(text)
                break
            except ValueError:
                continue
    return out


def table_keys(conn: sqlite3.Connection, table: str) -> tuple[Key, ...]:
    """The table's keys: the configured ones, plus any other plain unique index of the live schema."""
    keys = list(KEYS.get(table, ()))
    known = {k.columns for k in keys} | {("uid",), ("id",)}
    for _, name, unique, origin, partial in conn.execute(f'PRAGMA index_list("{table}")').fetchall():
        if not unique or partial or origin == "pk":
            continue
        cols = tuple(r[2] for r in conn.execute(f'PRAGMA index_info("{name}")').fetchall())
        if cols not in known and all(cols):
            keys.append(Key("+".join(cols), cols))
            known.add(cols)
    return tuple(keys)


def resolve(
    current: tuple | None,
    versions: list[tuple[str, int, tuple]],
    data: Sequence[int],
    coalesce: bool,
    defaults: dict[int, Any] | None = None,
) -> tuple[tuple, int]:
    """The row a record becomes, and the index of the source whose version won (-1: the target's row stands).

    Versions rank by (`updated_at`, source index): the newest wins, ties go to the source named last, and any
    source wins a tie against the target. `coalesce` (records that can be unified) takes, column by column,
    the newest value that is neither empty nor the column's default (a unit one ledger knows with 28 party
    members and another with the default 0 has 28). The result equals `current` when nothing changes.
    """
    if len(versions) == 1 and not coalesce:  # the common case, kept fast: one version, whole-row rule
        best_at, best_i, best = versions[0]
        if current is None:
            return best, best_i
        if current[3] > best_at or current[4:] == best[4:]:
            return current, -1
        if MISSING not in best:
            return (*current[:3], best_at, *best[4:]), best_i
    defaults = defaults or {}
    ranked = sorted(versions, key=lambda v: (v[0], v[1]), reverse=True)
    best_at, best_i, best = ranked[0]
    if current is not None and not coalesce and current[3] > best_at:
        return current, -1
    row = list(current if current is not None else best)
    if coalesce:
        entries = [(r, i) for _, i, r in ranked]
        if current is not None:
            entries.insert(sum(1 for at, _, _ in ranked if at >= current[3]), (current, -1))
        for p in data:
            for r, _ in entries:
                value = r[p]
                if value is not None and value is not MISSING and (p not in defaults or value != defaults[p]):
                    row[p] = value
                    break
        newest = entries[0][1]
        stamp = max(best_at, current[3]) if current is not None else best_at
    else:
        for p in data:
            if best[p] is not MISSING:
                row[p] = best[p]
        newest, stamp = best_i, best_at
    if current is not None:
        if all(row[p] == current[p] for p in data):
            return current, -1
    else:
        row[2] = min(v[2][2] for v in versions)
    row[3] = stamp
    return tuple(row), newest


def describe(state: TableState, row: tuple) -> str:
    """A record as a clerk recognises it in a message: its name, number or title."""
    p = state.pos
    if state.table == "communities":
        return f"{row[p['name']]}（{row[p['code']]}）"
    for column in ("name", "number", "title", "text", "date"):
        if column in p and row[p[column]] not in (None, MISSING):
            return str(row[p[column]])
    return f"#{row[0]}"


class TableState:
    """The planner's working state for one table: matched records, new records, the key index."""

    def __init__(
        self,
        table: str,
        cols: list[str],
        pos: dict[str, int],
        keys: tuple[Key, ...],
        counts: Counts,
        tplan: TablePlan,
        uid2id: dict[str, int],
        next_id: int,
    ) -> None:
        if tuple(cols[:4]) != BOOKKEEPING:
            raise RuntimeError(f"{table}: a merged table starts with {BOOKKEEPING}")
        self.table, self.cols, self.pos, self.keys = table, cols, pos, keys
        self.counts, self.tplan, self.uid2id, self.next_id = counts, tplan, uid2id, next_id
        self.data = [i for i, c in enumerate(cols) if c not in BOOKKEEPING]
        self.coalesce = any(k.identity for k in keys)
        self.defaults: dict[int, Any] = {}  # column position -> its literal DEFAULT
        self.groups: dict[int, Group] = {}  # target rows some source row matched
        self.pending: dict[str, Group] = {}  # uids new to the target, in order of appearance
        self.placed: dict[str, Group] = {}  # new rows the plan inserts, by uid
        self.by_id: dict[int, Group] = {}
        self.redirect: dict[str, str] = {}  # a uid -> the uid of the record it joined
        self.index: dict[str, dict[Any, int]] = {k.name: {} for k in keys}
        self.keys_of: dict[int, dict[str, Any]] = {}
        self.origin: dict[int, int] = {}  # target id -> source index whose version it holds (-1: target)
        self.released: dict[tuple[str, Any], int] = {}  # key value -> the row that held it before the merge

    def existing(self, tid: int, conn: sqlite3.Connection | None = None) -> Group:
        """The group of a target row (or of a row this plan adds); with `conn`, its current row is read now."""
        group = self.groups.get(tid) or self.by_id.get(tid)
        if group is None:
            group = self.groups[tid] = Group("", tid)
            if conn is not None:
                found = conn.execute(f'SELECT * FROM "{self.table}" WHERE id = ?', (tid,)).fetchone()
                group.current, group.uid = found, found[1]
        return group

    def fetch_current(self, conn: sqlite3.Connection) -> None:
        """Read the current rows of every matched target record: one scan when they are most of the table."""
        wanted = sorted(tid for tid, g in self.groups.items() if g.current is None)
        if not wanted:
            return
        groups = self.groups
        if len(wanted) * 4 > len(self.uid2id):
            for row in conn.execute(f'SELECT * FROM "{self.table}"'):
                group = groups.get(row[0])
                if group is not None and group.current is None:
                    group.current, group.uid = row, row[1]
            return
        for part in chunks(wanted):
            marks = ", ".join("?" * len(part))
            for row in conn.execute(f'SELECT * FROM "{self.table}" WHERE id IN ({marks})', part):
                group = self.groups[row[0]]
                group.current, group.uid = row, row[1]

    def load_index(self, conn: sqlite3.Connection) -> None:
        """Index the key values of every target row."""
        needed = sorted({c for k in self.keys for c in (*k.columns, *(w for w, _ in k.when))})
        sql = 'SELECT id, {} FROM "{}"'.format(", ".join(f'"{c}"' for c in needed), self.table)
        width, places = len(self.cols), [self.pos[c] for c in needed]
        for found in conn.execute(sql):
            row = [None] * width
            row[0] = found[0]
            for p, value in zip(places, found[1:], strict=True):
                row[p] = value
            keys = {}
            for key in self.keys:
                kv = self.key_value(key, row)
                if kv is not None:
                    self.index[key.name][kv] = found[0]
                    keys[key.name] = kv
            self.keys_of[found[0]] = keys

    def key_value(self, key: Key, row: Sequence[Any]) -> tuple | None:
        """The row's value of `key`, or None when the key does not apply (a NULL part, a partial key)."""
        pos = self.pos
        for column, wanted in key.when:
            if row[pos[column]] != wanted:
                return None
        value = tuple(row[pos[c]] for c in key.columns)
        if any(v is None or v is MISSING for v in value):
            return None
        if key.folded:
            value = tuple(
                match_key(v) if c in key.folded and isinstance(v, str) else v
                for c, v in zip(key.columns, value, strict=True)
            )
        return value

    def unindex(self, tid: int) -> None:
        """Take a row's key values out of the index (before its new values go in)."""
        for name, kv in self.keys_of.pop(tid, {}).items():
            if self.index[name].get(kv) == tid:
                del self.index[name][kv]
                self.released.setdefault((name, kv), tid)

    def target_id(self, uid: str) -> int | None:
        """The target id a source uid ends up as (None when its record is blocked by a conflict)."""
        for _ in range(16):
            if uid not in self.redirect:
                break
            uid = self.redirect[uid]
        group = self.placed.get(uid)
        if group is not None:
            return None if group.blocked else group.id
        return self.uid2id.get(uid)

    def release_order(self, updates: list[tuple]) -> list[tuple]:
        """Updates ordered so that a row giving up a key value is written before the row taking it."""
        ids = {row[0]: row for row in updates}
        after: dict[int, list[int]] = {}
        for row in updates:
            for key in self.keys:
                holder = self.released.get((key.name, self.key_value(key, row)))
                if holder is not None and holder != row[0] and holder in ids:
                    after.setdefault(row[0], []).append(holder)
        ordered: list[tuple] = []
        done: set[int] = set()

        def visit(tid: int, path: frozenset[int]) -> None:
            if tid in done or tid in path:
                return
            for first in after.get(tid, ()):
                visit(first, path | {tid})
            done.add(tid)
            ordered.append(ids[tid])

        for row in updates:
            visit(row[0], frozenset())
        return ordered
