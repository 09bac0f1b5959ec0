"""The audit log and undo (PRODUCT §8): every change of every command, read back and reverted.

The audit triggers (`gongjian.store.migrations`) record each row change under the command that made it;
this part reads the log back (`audit_log`, `audit_command`) and reverts the last changing command row by
row (`undo`), refusing when a row changed since or when the change belongs to a finalised year.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

from gongjian.errors import Conflict, InvalidValue, NotFound, YearFinalized
from gongjian.i18n import CATALOG
from gongjian.privacy import mask_pii_record, mask_pii_text
from gongjian.reading import normalize as n
from gongjian.store import migrations
from gongjian.store.db import Store


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


class Audit:
    """The audit log, undo, and audit entries of their own (full ID numbers shown): `ledger.audit`."""

    def __init__(self, store: Store) -> None:
        self.store = store

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
        with self.store.snapshot():
            commands = self.store.rows(sql, params)
            ids = [c["id"] for c in commands]
            counts: dict[int, dict[str, dict[str, int]]] = {i: {} for i in ids}
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" for _ in chunk)
                for r in self.store.rows(
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
        found = self.store.row("SELECT * FROM audit_commands WHERE id = ?", (int(command_id),))
        if found is None:
            raise NotFound("log_no_command", id=command_id)
        changes = self.store.rows(
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
        return self.store.row(
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
            self.store.rows(
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
        with self.store.write("undo") as undo_id:
            target = self.undo_target()
            if target is None:
                raise NotFound("undo_nothing")
            if expect is not None and target["id"] != expect:
                raise Conflict("undo_moved", id=target["id"], expected=expect)
            changes = self.store.rows(
                "SELECT id, tbl, row_id, op, before, after FROM audit_changes WHERE command_id = ? ORDER BY id DESC",
                (target["id"],),
            )
            self._refuse_finalised(target, changes)
            self.store.conn.execute("PRAGMA defer_foreign_keys = ON")
            try:
                for change in changes:
                    self._revert(change)
            except sqlite3.IntegrityError as exc:
                if "gongjian:year_finalized" in str(exc):
                    raise YearFinalized(
                        "undo_year_finalized_generic", id=target["id"], command=target["command"]
                    ) from exc
                raise Conflict("undo_integrity", id=target["id"], detail=str(exc)) from exc
            self.store.conn.execute(
                "UPDATE audit_commands SET undo_of = ? WHERE id = ?", (target["id"], undo_id)
            )
            self.store.conn.execute(
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
            r["year"]
            for r in self.store.rows("SELECT year FROM assessment_years WHERE finalized_at IS NOT NULL")
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
                year = _year_of(self.store, table, json.loads(image))
                if year in frozen:
                    raise YearFinalized(
                        "undo_year_finalized", id=target["id"], command=target["command"], year=year
                    )

    def _revert(self, change: dict[str, Any]) -> None:
        table = audited_table(change["tbl"])
        before = json.loads(change["before"]) if change["before"] else None
        after = json.loads(change["after"]) if change["after"] else None
        current = self.store.scalar(
            f'SELECT {migrations.row_json_sql(self.store.conn, table, "r")} FROM "{table}" AS r WHERE r.id = ?',
            (change["row_id"],),
        )
        current = json.loads(current) if current else None
        expected = after if change["op"] in ("insert", "update") else None
        if not _matches(current, expected):
            raise Conflict("undo_changed_since", table=table, id=change["row_id"])
        if change["op"] == "insert":
            self.store.conn.execute(f'DELETE FROM "{table}" WHERE id = ?', (change["row_id"],))
            return
        columns = set(migrations._columns(self.store.conn, table))
        values = {k: v for k, v in (before or {}).items() if k in columns}
        if change["op"] == "update":
            sets = ", ".join(f'"{k}" = ?' for k in values)
            self.store.conn.execute(
                f'UPDATE "{table}" SET {sets} WHERE id = ?', [*values.values(), change["row_id"]]
            )
        else:
            names = ", ".join(f'"{k}"' for k in values)
            marks = ", ".join("?" for _ in values)
            self.store.conn.execute(
                f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(values.values())
            )

    # ------------------------------------------------------------------ privacy
    def updates_so_far(self, table: str) -> list[tuple[int, dict[str, Any], list[str]]]:
        """The rows of `table` the running write command has updated: (id, the row now, the columns whose
        value changed), in the order first updated; bookkeeping columns (`updated_at` …) are left out."""
        found: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
        for change in self.store.rows(
            "SELECT row_id, before, after FROM audit_changes WHERE command_id = (SELECT max(id) FROM audit_commands)"
            " AND tbl = ? AND op = 'update' ORDER BY id",
            (table,),
        ):
            before, after = json.loads(change["before"]), json.loads(change["after"])
            first = found.get(change["row_id"])
            found[change["row_id"]] = (first[0] if first else before, after)
        out = []
        for row_id, (before, after) in found.items():
            changed = [k for k in after if k not in _BOOKKEEPING and before.get(k) != after.get(k)]
            if changed:
                out.append((row_id, after, changed))
        return out

    def record_pii_access(self, command: str) -> None:
        """Write an audit entry saying full ID numbers/phones were shown (`member list --show-pii` …)."""
        with self.store.write(command):
            pass


# ---------------------------------------------------------------------------- helpers
_BOOKKEEPING = frozenset({"id", "uid", "created_at", "updated_at", "name_key", "year", "status_on"})


def audited_table(name: str) -> str:
    """An audited table named by its English name or Chinese label; refused otherwise."""
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


def _year_of(store: Store, table: str, image: dict[str, Any]) -> int | None:
    """The year a frozen row belongs to: its `year`, else its activity's or meeting's year."""
    if image.get("year") is not None:
        return int(image["year"])
    for key, parent in (("activity_id", "activities"), ("meeting_id", "meetings")):
        if image.get(key) is not None:
            return store.scalar(f'SELECT year FROM "{parent}" WHERE id = ?', (image[key],))
    return None
