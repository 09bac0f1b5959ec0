"""Planning a merge (PRODUCT §10): what each source row becomes in the target, decided before any write.

Rows are matched by `uid`, then by a uid alias kept from an earlier merge, then by natural key (a unit's
credit code, else its normalised name; a community's code; a grid's name in its community …): a row found
by natural key is *unified* with the target's record and its uid is remembered as an alias. A matched row
takes the newest version by `updated_at` (ties: the source named last, and any source over the target);
records that can be unified combine their versions column by column (the newest non-empty value wins), so
a unit known to two ledgers keeps the credit code one of them knows. Integer foreign keys are remapped
from each source's ids to the target's. Clashes the merge cannot settle become conflicts.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from gongjian.i18n import t
from gongjian.merge.rows import (
    BOOKKEEPING,
    MISSING,
    Counts,
    Group,
    Key,
    Plan,
    TablePlan,
    TableState,
    column_defaults,
    columns,
    describe,
    foreign_keys,
    merge_order,
    resolve,
    table_keys,
)
from gongjian.reading.normalize import match_key
from gongjian.store import migrations

__all__ = ["Plan", "Planner"]

# Source rows from which a keyed table is worth planning as a stream (`Planner._keys_stay_apart`): below it the
# whole table is planned at once, in little memory, without a chunk's look-ups in every other source.
STREAM_KEYED_AT = 20_000


def _remap(raw: tuple, parents: list[tuple[int, dict[int, int]]]) -> tuple | None:
    """A source row with its foreign keys turned into target ids; None when a parent has no target row."""
    row = list(raw)
    for p, ids in parents:
        value = row[p]
        if value is None or value is MISSING:
            continue
        mapped = ids.get(value)
        if mapped is None:
            return None
        row[p] = mapped
    return tuple(row)


class Planner:
    """Builds the `Plan` of merging `sources` into the target connection, reading only."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        sources: Sequence[Any],
        target_label: str,
        write: Callable[[TablePlan], None] | None = None,
    ) -> None:
        self.conn = conn
        self.write = write  # writes a table's rows as soon as they are planned (None: a dry run)
        self.sources = sources
        self.target_label = target_label
        self.plan = Plan()
        self.idmap: list[dict[str, dict[int, int]]] = [{} for _ in sources]  # source -> table -> id -> id
        self.aliases: dict[tuple[str, str], str] = {
            (tb, s): tg for tb, s, tg in conn.execute("SELECT tbl, source_uid, target_uid FROM merge_aliases")
        }
        self.finalized = {
            y for (y,) in conn.execute("SELECT year FROM assessment_years WHERE finalized_at IS NOT NULL")
        }
        self.years: dict[str, dict[int, int]] = {}  # planned years of year-bearing parents (finalised check)
        self._planned_names: dict[tuple[str, int], str] = {}  # names of records the plan adds
        self._import_source_aliases()

    # ------------------------------------------------------------------ the whole plan
    def build(self) -> Plan:
        """Plan every table in foreign-key order; conflicts are collected, never raised.

        Each table is written (when writing) and its rows dropped as soon as it is planned, and a table's id
        map is dropped once no later table points at it: memory holds one table's state at most.
        """
        order = merge_order(self.conn)
        for n, table in enumerate(order):
            self._wanted = {p for tb in order[n + 1 :] for p in foreign_keys(self.conn, tb).values()}
            self._plan_table(table)
            for maps in self.idmap:
                for done in [tb for tb in maps if tb not in self._wanted]:
                    del maps[done]
        self.plan.source_assessments = sum(s.count("assessments") for s in self.sources)
        return self.plan

    def _import_source_aliases(self) -> None:
        """Aliases a source learnt in its own merges hold here too (a street ledger merged into a district)."""
        for src in self.sources:
            for tb, s_uid, t_uid in src.aliases():
                if (tb, s_uid) not in self.aliases:
                    self.aliases[(tb, s_uid)] = t_uid
                    self.plan.aliases.append((tb, s_uid, t_uid, src.ledger_uid))

    def _alias(self, table: str, uid: str) -> str | None:
        seen = {uid}
        found = None
        while (table, uid) in self.aliases and len(seen) < 16:
            uid = self.aliases[(table, uid)]
            if uid in seen:
                break
            seen.add(uid)
            found = uid
        return found

    # ------------------------------------------------------------------ one table
    def _plan_table(self, table: str) -> None:
        cols = columns(self.conn, table)
        pos = {c: i for i, c in enumerate(cols)}
        fks = [(pos[c], p) for c, p in foreign_keys(self.conn, table).items() if c in pos]
        keys = table_keys(self.conn, table)
        counts = Counts(table)
        self.plan.counts.append(counts)
        tplan = TablePlan(table, cols)
        self.plan.tables.append(tplan)
        aliased = any(tb == table for tb, _ in self.aliases)
        if not keys and not aliased:
            self._stream_table(table, cols, pos, fks, counts, tplan)
            return
        large = sum(src.count(table) for src in self.sources) >= STREAM_KEYED_AT
        if large and not aliased and self._keys_stay_apart(table, cols, pos, fks, keys):
            defaults = column_defaults(self.conn, table, pos)
            self._stream_table(table, cols, pos, fks, counts, tplan, any(k.identity for k in keys), defaults)
            return
        uid2id = dict(self.conn.execute(f'SELECT uid, id FROM "{table}"').fetchall())
        next_id = (self.conn.execute(f'SELECT max(id) FROM "{table}"').fetchone()[0] or 0) + 1
        state = TableState(table, cols, pos, keys, counts, tplan, uid2id, next_id)
        if keys:
            state.load_index(self.conn)
            state.defaults = column_defaults(self.conn, table, pos)

        srcmap: list[dict[int, Any]] = [{} for _ in self.sources]
        groups, pending, aliased = state.groups, state.pending, any(tb == table for tb, _ in self.aliases)
        for i, src in enumerate(self.sources):
            parents = [(p, self.idmap[i].get(parent, {})) for p, parent in fks]
            mapping = srcmap[i]
            for raw in src.rows(table, cols):
                row = _remap(raw, parents) if parents else raw
                if row is None:
                    continue  # its parent is in conflict: the merge stops anyway
                uid = row[1]
                tid = uid2id.get(uid)
                if tid is None and aliased:
                    alias = self._alias(table, uid)
                    tid = uid2id.get(alias) if alias else None
                version = (row[3], i, row)
                if tid is not None:
                    group = groups.get(tid)
                    if group is None:
                        group = groups[tid] = Group("", tid)
                    group.versions.append(version)
                    mapping[raw[0]] = tid
                else:
                    group = pending.get(uid)
                    if group is None:
                        group = pending[uid] = Group(uid)
                    group.versions.append(version)
                    mapping[raw[0]] = uid
        self._join_known_aliases(state)
        state.fetch_current(self.conn)
        self._settle_existing(state)
        for group in list(state.pending.values()):
            self._settle_new(state, group)
        if keys:
            self._same_source_check(state)
        self._finish(state, srcmap)
        self._flush(tplan)

    def _flush(self, tplan: TablePlan) -> None:
        """Write the table's planned rows unless the merge is refused already; then forget them."""
        if self.write is not None and not self.plan.conflicts and not self.plan.finalized:
            self.write(tplan)
        tplan.inserts, tplan.updates = [], []

    def _keys_stay_apart(
        self,
        table: str,
        cols: list[str],
        pos: dict[str, int],
        fks: list[tuple[int, str]],
        keys: tuple[Key, ...],
    ) -> bool:
        """Whether no row of a keyed table can meet another by a key, so that it may be planned as a stream
        (`_stream_table`) with what `_plan_table` would give: every source row matched by uid holds the key
        columns its target row holds (its keys stay), every version of a new uid holds the same, and no new
        record has a key value a target row or another new record has (nothing unified, nothing in conflict).

        One read of the key columns alone; memory holds the key index (ints and short strings) only."""
        needed = sorted({c for k in keys for c in (*k.columns, *(w for w, _ in k.when))})
        places = [pos[c] for c in needed]
        width = len(cols)
        probe = TableState(table, cols, pos, keys, Counts(table), TablePlan(table, cols), {}, 0)
        listed = ", ".join(f'"{c}"' for c in needed)
        held: dict[str, tuple[int, tuple]] = {}  # target uid -> (id, its key columns)
        for tid, uid, *raw in self.conn.execute(f'SELECT id, uid, {listed} FROM "{table}"'):
            held[uid] = (tid, tuple(raw))
            row = [None] * width
            for p, value in zip(places, raw, strict=True):
                row[p] = value
            for key in keys:
                kv = probe.key_value(key, row)
                if kv is not None:
                    probe.index[key.name][kv] = tid
        fresh: dict[str, tuple] = {}  # a uid new to the target -> its key columns
        for i, src in enumerate(self.sources):
            parents = [(p, self.idmap[i].get(parent, {})) for p, parent in fks if p in places]
            columns_read = ["id", "uid", *needed]
            at = {c: n for n, c in enumerate(columns_read)}
            for chunk in src.chunks(table, columns_read):
                for found in chunk:
                    row = [None] * width
                    for c, p in zip(needed, places, strict=True):
                        row[p] = found[at[c]]
                    remapped = _remap(tuple(row), parents) if parents else tuple(row)
                    if remapped is None:
                        continue  # its parent is in conflict: the merge stops anyway
                    raw = tuple(remapped[p] for p in places)
                    if MISSING in raw:
                        return False
                    uid = found[1]
                    if uid in held:
                        if held[uid][1] != raw:
                            return False
                        continue
                    if uid in fresh:
                        if fresh[uid] != raw:
                            return False
                        continue
                    fresh[uid] = raw
                    for key in keys:
                        kv = probe.key_value(key, remapped)
                        if kv is None:
                            continue
                        if kv in probe.index[key.name]:
                            return False
                        probe.index[key.name][kv] = -1
        return True

    def _stream_table(
        self,
        table: str,
        cols: list[str],
        pos: dict[str, int],
        fks: list[tuple[int, str]],
        counts: Counts,
        tplan: TablePlan,
        coalesce: bool = False,
        defaults: dict[int, Any] | None = None,
    ) -> None:
        """A table without keys or aliases (or whose keys stay apart: `_keys_stay_apart`), `CHUNK` rows at a
        time: a record is its uid, versions come from every source holding that uid (the first source to
        hold it places it), so nothing is unified and memory does not grow with the table. Ids, counts and
        rows are what `_plan_table` would give (`coalesce`, `defaults`: as it resolves a keyed table)."""
        data = [i for i, c in enumerate(cols) if c not in BOOKKEEPING]
        next_id = (self.conn.execute(f'SELECT max(id) FROM "{table}"').fetchone()[0] or 0) + 1
        parents = [
            [(p, self.idmap[i].get(parent, {})) for p, parent in fks] for i in range(len(self.sources))
        ]
        maps: list[dict[int, int]] | None = None
        if table in self._wanted:
            maps = [{} for _ in self.sources]
        year_of = self._year_reader(table, pos)
        guarded = table in migrations.YEAR_GUARDED
        checked = bool(self.finalized) and (guarded or table in migrations.YEAR_GUARDED_INSERT_DELETE)
        years: dict[int, int] | None = {} if self.finalized and "year" in pos else None
        named = table in ("communities", "units", "grids", "members")
        for i, src in enumerate(self.sources):
            for chunk in src.chunks(table, cols):
                uids = [raw[1] for raw in chunk]
                earlier: set[str] = set()
                for other in self.sources[:i]:
                    earlier.update(r[1] for r in other.rows_of(table, ("id", "uid"), uids))
                versions: dict[str, list[tuple[str, int, tuple]]] = {}
                sids: dict[str, list[tuple[int, int]]] = {}
                for j, rows in [(i, chunk), *((j, s.rows_of(table, cols, uids)) for j, s in self._after(i))]:
                    for raw in rows:
                        if raw[1] in earlier:
                            continue
                        row = _remap(raw, parents[j]) if fks else raw
                        if row is None:
                            continue  # its parent is in conflict: the merge stops anyway
                        versions.setdefault(row[1], []).append((row[3], j, row))
                        sids.setdefault(row[1], []).append((j, raw[0]))
                if not versions:
                    continue
                found = list(versions)
                marks = ", ".join("?" * len(found))
                tids = dict(self.conn.execute(f'SELECT uid, id FROM "{table}" WHERE uid IN ({marks})', found))
                current = {}
                if tids:
                    marks = ", ".join("?" * len(tids))
                    sql = f'SELECT * FROM "{table}" WHERE id IN ({marks})'
                    current = {r[0]: r for r in self.conn.execute(sql, list(tids.values()))}
                inserts, updates, hits = [], [], []
                for uid in [r[1] for r in chunk if r[1] in versions]:
                    tid = tids.get(uid)
                    if tid is not None:
                        now = current[tid]
                        final, _ = resolve(now, versions[uid], data, coalesce, defaults)
                        if final != now:
                            updates.append(final)
                            if checked and guarded:
                                hits += [y for y in {year_of(now), year_of(final)} if y in self.finalized]
                        else:
                            counts.unchanged += 1
                    else:
                        final, _ = resolve(None, versions[uid], data, coalesce, defaults)
                        tid, next_id = next_id, next_id + 1
                        final = (tid, uid, *final[2:])
                        inserts.append(final)
                        if named:
                            self._planned_names[(table, tid)] = final[pos["name"]]
                        if checked and year_of(final) in self.finalized:
                            hits.append(year_of(final))
                    if maps is not None:
                        for j, sid in sids[uid]:
                            maps[j][sid] = tid
                counts.updated += len(updates)
                counts.added += len(inserts)
                for year in hits:
                    per = self.plan.finalized.setdefault(year, {})
                    per[table] = per.get(table, 0) + 1
                if years is not None:
                    py = pos["year"]
                    years.update((row[0], row[py]) for row in (*inserts, *updates))
                tplan.inserts, tplan.updates = inserts, updates
                self._flush(tplan)
        if maps is not None:
            for i, resolved in enumerate(maps):
                self.idmap[i][table] = resolved
        if years is not None:
            self.years[table] = years

    def _after(self, i: int) -> list[tuple[int, Any]]:
        return [(j, s) for j, s in enumerate(self.sources) if j > i]

    def _join_known_aliases(self, state: TableState) -> None:
        """New uids that an alias already ties to another new uid of this merge join that record."""
        for uid in list(state.pending):
            alias = self._alias(state.table, uid)
            if alias and alias != uid and alias in state.pending and uid in state.pending:
                state.pending[alias].versions += state.pending.pop(uid).versions
                state.redirect[uid] = alias

    def _settle_existing(self, state: TableState) -> None:
        coalesce = state.coalesce
        changed = []
        for group in state.groups.values():
            if not group.versions:
                continue
            group.final, group.origin = resolve(
                group.current, group.versions, state.data, coalesce, state.defaults
            )
            if group.final != group.current:
                changed.append(group)
        if state.keys:  # release every old key first, so two records may swap names or codes
            for group in changed:
                state.unindex(group.id)
            for group in changed:
                self._index(state, group)

    def _settle_new(self, state: TableState, group: Group) -> None:
        final, origin = resolve(None, group.versions, state.data, state.coalesce, state.defaults)
        group.final, group.origin = final, origin
        for key in state.keys:
            if not key.identity:
                continue
            kv = state.key_value(key, final)
            owner = state.index[key.name].get(kv) if kv is not None else None
            if owner is None:
                continue
            target = state.existing(owner, self.conn)
            problem = self._unify_problem(state, key, target, group)
            if problem:
                self._conflict(state, problem)
                group.blocked = True
                return
            self._unify(state, key, target, group)
            return
        for key in state.keys:
            kv = state.key_value(key, final)
            owner = state.index[key.name].get(kv) if kv is not None else None
            if owner is not None:
                self._conflict(state, self._clash(state, key, owner, group))
                group.blocked = True
                return
        group.id = state.next_id
        state.next_id += 1
        group.new = True
        group.final = (group.id, group.uid, *final[2:])
        state.uid2id[group.uid] = group.id
        state.placed[group.uid] = group
        state.by_id[group.id] = group
        if state.keys:
            state.origin[group.id] = group.origin
            for key in state.keys:
                kv = state.key_value(key, group.final)
                if kv is not None:
                    state.index[key.name][kv] = group.id
                    state.keys_of.setdefault(group.id, {})[key.name] = kv

    def _unify(self, state: TableState, key: Key, target: Group, group: Group) -> None:
        """`group` (a record new to the target) is the same record as `target`: one row, an alias, a note."""
        before = target.final or target.current
        target.versions += group.versions
        base = target.current
        target.final, target.origin = resolve(base, target.versions, state.data, True, state.defaults)
        if target.new:
            target.final = (target.id, target.uid, *target.final[2:])
        state.redirect[group.uid] = target.uid
        seen = {(v[1], v[2][1]) for v in group.versions}
        state.counts.unified += len(seen)
        for src_i, uid in sorted(seen):
            self.plan.aliases.append((state.table, uid, target.uid, self.sources[src_i].ledger_uid))
            if state.table in ("units", "communities"):
                self.plan.unified.append(
                    {
                        "table": state.table,
                        "name": describe(state, group.final),
                        "source": self.sources[src_i].label,
                        "into": self._label(state.origin.get(target.id, -1)),
                        "by": key.name,
                    }
                )
        if target.final != before:
            state.unindex(target.id)
            self._index(state, target)

    def _index(self, state: TableState, group: Group) -> None:
        keys: dict[str, Any] = {}
        for key in state.keys:
            kv = state.key_value(key, group.final)
            if kv is None:
                continue
            owner = state.index[key.name].get(kv)
            if owner is not None and owner != group.id:
                self._conflict(state, self._clash(state, key, owner, group))
                group.blocked = True
                continue
            state.index[key.name][kv] = group.id
            keys[key.name] = kv
        state.keys_of[group.id] = keys
        if not group.new:  # a record this merge adds keeps naming the ledger that brought it
            state.origin[group.id] = group.origin if group.versions else -1

    # ------------------------------------------------------------------ conflicts
    def _label(self, origin: int) -> str:
        return self.target_label if origin < 0 else self.sources[origin].label

    def _conflict(self, state: TableState, line: str) -> None:
        state.counts.conflicts += 1
        self.plan.conflicts.append(line)

    def _unify_problem(self, state: TableState, key: Key, target: Group, group: Group) -> str | None:
        mine, theirs = target.final or target.current, group.final
        p = state.pos
        a, b = self._label(state.origin.get(target.id, -1)), self._label(group.origin)
        if state.table == "communities" and match_key(mine[p["name"]]) != match_key(theirs[p["name"]]):
            return t(
                "merge_conflict_community_code",
                code=theirs[p["code"]],
                a=a,
                name_a=mine[p["name"]],
                b=b,
                name_b=theirs[p["name"]],
            )
        if state.table == "units" and key.name == "name_key":
            ca, cb = mine[p["credit_code"]], theirs[p["credit_code"]]
            if ca and cb and ca != cb:
                return t("merge_conflict_unit_credit", name=theirs[p["name"]], a=a, code_a=ca, b=b, code_b=cb)
        if state.table == "agreements" and (mine[p["community_id"]], mine[p["unit_id"]]) != (
            theirs[p["community_id"]],
            theirs[p["unit_id"]],
        ):
            return t(
                "merge_conflict_agreement",
                number=theirs[p["number"]],
                a=a,
                what_a=self._parties(mine, p),
                b=b,
                what_b=self._parties(theirs, p),
            )
        if state.table == "unit_ratings" and mine[p["score"]] != theirs[p["score"]]:
            return t(
                "merge_conflict_rating",
                unit=self._name("units", theirs[p["unit_id"]]),
                year=theirs[p["year"]],
                a=a,
                score_a=mine[p["score"]],
                b=b,
                score_b=theirs[p["score"]],
            )
        return None

    def _clash(self, state: TableState, key: Key, owner: int, group: Group) -> str:
        p = state.pos
        other = state.existing(owner, self.conn)
        mine, theirs = other.final or other.current, group.final
        a, b = self._label(state.origin.get(owner, -1)), self._label(group.origin)
        if state.table == "communities":
            return t(
                "merge_conflict_community_name",
                name=theirs[p["name"]],
                a=a,
                code_a=mine[p["code"]],
                b=b,
                code_b=theirs[p["code"]],
            )
        if state.table == "pairings" and key.name == "lead":
            return t(
                "merge_conflict_lead",
                community=self._name("communities", theirs[p["community_id"]]),
                a=a,
                unit_a=self._name("units", mine[p["unit_id"]]),
                b=b,
                unit_b=self._name("units", theirs[p["unit_id"]]),
            )
        if state.table == "tickets":
            return t(
                "merge_conflict_ticket",
                number=theirs[p["number"]],
                a=a,
                title_a=mine[p["title"]],
                b=b,
                title_b=theirs[p["title"]],
            )
        value = "、".join(str(self._shown(state, c, theirs[p[c]])) for c in key.columns)
        return t(
            "merge_conflict_key",
            what=t("tbl_" + state.table),
            value=value,
            a=a,
            name_a=describe(state, mine),
            b=b,
            name_b=describe(state, theirs),
        )

    def _same_source_check(self, state: TableState) -> None:
        for group in [*state.groups.values(), *state.placed.values()]:
            if len(group.versions) < 2:
                continue
            by_source: dict[int, list[tuple]] = {}
            for _, i, row in group.versions:
                if all(row[1] != r[1] for r in by_source.get(i, [])):
                    by_source.setdefault(i, []).append(row)
            for i, rows in by_source.items():
                if len(rows) > 1:
                    self._conflict(
                        state,
                        t(
                            "merge_conflict_same_source",
                            ledger=self.sources[i].label,
                            what=t("tbl_" + state.table),
                            x=describe(state, rows[0]),
                            y=describe(state, rows[1]),
                        ),
                    )

    def _name(self, table: str, tid: int | None) -> str:
        if tid is None:
            return ""
        column = "name" if table in ("communities", "units", "grids", "members") else "uid"
        found = self.conn.execute(f'SELECT "{column}" FROM "{table}" WHERE id = ?', (tid,)).fetchone()
        if found:
            return found[0]
        return self._planned_names.get((table, tid), str(tid))

    def _parties(self, row: tuple, p: dict[str, int]) -> str:
        return f"{self._name('communities', row[p['community_id']])}—{self._name('units', row[p['unit_id']])}"

    def _shown(self, state: TableState, column: str, value: Any) -> Any:
        parent = foreign_keys(self.conn, state.table).get(column)
        return self._name(parent, value) if parent else value

    # ------------------------------------------------------------------ results
    def _finish(self, state: TableState, srcmap: list[dict[int, Any]]) -> None:
        table, counts, tplan = state.table, state.counts, state.tplan
        for group in state.groups.values():
            if not group.versions or group.blocked:
                continue
            if group.final != group.current:
                counts.updated += 1
                tplan.updates.append(group.final)
            else:
                counts.unchanged += 1
        if state.keys and len(tplan.updates) > 1:
            tplan.updates = state.release_order(tplan.updates)
        for group in state.placed.values():
            if not group.blocked:
                counts.added += 1
                tplan.inserts.append(group.final)
        for i, mapping in enumerate(srcmap):
            resolved: dict[int, int] = {}
            for sid, ref in mapping.items():
                tid = ref if isinstance(ref, int) else state.target_id(ref)
                if tid is not None:
                    resolved[sid] = tid
            self.idmap[i][table] = resolved
        for group in state.placed.values():
            if table in ("communities", "units", "grids", "members") and not group.blocked:
                self._planned_names[(table, group.id)] = group.final[state.pos["name"]]
        self._check_finalized(state)

    def _check_finalized(self, state: TableState) -> None:
        """Rows of a finalised target year the merge would add or change (the triggers would refuse them)."""
        table = state.table
        guarded = table in migrations.YEAR_GUARDED
        if not self.finalized or not (guarded or table in migrations.YEAR_GUARDED_INSERT_DELETE):
            self._remember_years(state)
            return
        year_of = self._year_reader(state.table, state.pos)
        hits: list[int] = [y for y in map(year_of, state.tplan.inserts) if y in self.finalized]
        if guarded:
            for group in state.groups.values():
                if group.versions and not group.blocked and group.final != group.current:
                    hits += [y for y in {year_of(group.current), year_of(group.final)} if y in self.finalized]
        for year in hits:
            per = self.plan.finalized.setdefault(year, {})
            per[table] = per.get(table, 0) + 1
        self._remember_years(state)

    def _remember_years(self, state: TableState) -> None:
        if self.finalized and "year" in state.pos:
            py = state.pos["year"]
            self.years[state.table] = {
                row[0]: row[py] for row in (*state.tplan.inserts, *state.tplan.updates)
            }

    def _year_reader(self, table: str, pos: dict[str, int]) -> Callable[[tuple], int | None]:
        if "year" in pos:
            py = pos["year"]
            return lambda row: row[py]
        for column, parent in foreign_keys(self.conn, table).items():
            if parent in migrations.YEAR_GUARDED and "year" in columns(self.conn, parent):
                pc, planned, cache = pos[column], self.years.get(parent, {}), {}

                def year_of(row: tuple, pc=pc, planned=planned, cache=cache, parent=parent) -> int | None:
                    pid = row[pc]
                    if pid in planned:
                        return planned[pid]
                    if pid not in cache:
                        found = self.conn.execute(
                            f'SELECT year FROM "{parent}" WHERE id = ?', (pid,)
                        ).fetchone()
                        cache[pid] = found[0] if found else None
                    return cache[pid]

                return year_of
        return lambda row: None
