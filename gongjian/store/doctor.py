"""`gongjian doctor`: SQLite's own checks, then the business invariants of the ledger (PRODUCT §8).

Each check returns problems as (catalog key, parameters); the CLI prints one line per problem. A sound
ledger yields none. Checks only read; they run inside one snapshot so a concurrent write cannot make a
half-finished change look like a problem.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from gongjian.errors import GongjianError
from gongjian.reading import normalize
from gongjian.reading.normalize import name_key
from gongjian.reading.specs import LIMITS
from gongjian.store import counts, migrations, search, soundness
from gongjian.store.db import Store

Problem = tuple[str, dict[str, Any]]
MAX_PER_CHECK = 50  # a badly damaged ledger still gets a readable report

# Money columns: integer fen, never negative, never a float.
MONEY = {
    "contributions": ("amount_fen",),
    "projects": ("budget_fen",),
    "activities": ("spending_fen",),
    "project_claims": ("bid_fen",),
}
# Identifiers in their canonical form (what the normalisers return): not masked, not a float, valid checksum.
IDENTIFIERS = {
    "communities": (("phone", "phone"),),
    "grids": (("phone", "phone"),),
    "units": (("phone", "phone"), ("credit_code", "credit_code")),
    "members": (("phone", "phone"), ("id_number", "id_number")),
}
# A row's `year` is the year of this date column.
YEAR_OF = {
    "activities": "date",
    "contributions": "date",
    "services": "date",
    "meetings": "date",
    "projects": "listed_on",
}
DATE_NAMES = {"date", "on_date", "started", "ended", "valid_until", "deadline", "due", "claim_deadline"}


def run_checks(store: Store, *, quick: bool = False) -> list[Problem]:
    """Run every check on `ledger` and return the problems found, in a stable order."""
    problems: list[Problem] = []
    with store.snapshot():
        damage, constraints = check_sqlite(store, quick)
        damage = damage or check_text(store)
        if damage:
            return _capped(damage)  # a damaged file: the business checks would only add noise
        for check in CHECKS:
            problems.extend(_capped(check(store)))
    # SQLite's own CHECK/NOT NULL findings, unless a business check already named that table's problem.
    named = {params.get("table") for _, params in problems}
    problems += [(key, params) for key, params in constraints if params["table"] not in named]
    return problems


def _capped(found: list[Problem]) -> list[Problem]:
    if len(found) > MAX_PER_CHECK:
        return [*found[:MAX_PER_CHECK], ("doctor_more", {"n": len(found) - MAX_PER_CHECK})]
    return found


_CONSTRAINT = re.compile(r"(?:CHECK constraint failed in (\w+)|NULL value in (\w+)\.(\w+))")


def check_sqlite(store: Store, quick: bool = False) -> tuple[list[Problem], list[Problem]]:
    """integrity_check (or quick_check): (damage to the file, rows breaking a table's CHECK/NOT NULL)."""
    pragma = "quick_check" if quick else "integrity_check"
    damage: list[Problem] = []
    constraints: list[Problem] = []
    for (line,) in store.conn.execute(f"PRAGMA {pragma}(100)"):
        if line == "ok":
            continue
        m = _CONSTRAINT.fullmatch(line)
        if m:
            table = m.group(1) or m.group(2)
            problem = ("doctor_constraint", {"table": table, "detail": line})
            if problem not in constraints:
                constraints.append(problem)
        else:  # one problem a line: SQLite puts several in one row after a `*** in database main ***` title
            damage += [
                ("doctor_integrity", {"detail": part}) for part in line.splitlines() if part[:3] != "***"
            ]
    return damage, constraints


def check_text(store: Store) -> list[Problem]:
    """Every text value is readable (UTF-8): a flipped byte inside a name is not something integrity_check sees."""
    tables = [r["name"] for r in store.rows("SELECT name FROM sqlite_master WHERE type = 'table'")]
    found = soundness.unreadable_text(store.conn, [t for t in migrations.AUDITED if t in tables])
    return [("doctor_text_damaged", found[1])] if found else []


def check_lengths(store: Store) -> list[Problem]:
    """No text is longer than its field takes (`reading.specs.LIMITS`): a value kept before the limits were
    checked at the door, or merged in from such a ledger."""
    found: list[Problem] = []
    for table in migrations.AUDITED:
        columns = [
            (c, LIMITS[c])
            for c in (r[1] for r in store.conn.execute("SELECT * FROM pragma_table_info(?)", (table,)))
            if c in LIMITS
        ]
        if not columns:
            continue
        lengths = ", ".join(f'length("{c}")' for c, _ in columns)
        where = " OR ".join(f'length("{c}") > {int(limit)}' for c, limit in columns)
        for row in store.conn.execute(f'SELECT id, {lengths} FROM "{table}" WHERE {where} ORDER BY id'):
            for (column, limit), length in zip(columns, row[1:], strict=True):
                if length is not None and length > limit:
                    found.append(
                        (
                            "doctor_too_long",
                            {
                                "table": table,
                                "id": row[0],
                                "column": column,
                                "length": f"{length:,}",
                                "limit": limit,
                            },
                        )
                    )
    return found


def check_foreign_keys(store: Store) -> list[Problem]:
    """Every reference points at an existing row (foreign_key_check)."""
    return [
        ("doctor_foreign_key", {"table": table, "id": rowid, "parent": parent})
        for table, rowid, parent, _ in store.conn.execute("PRAGMA foreign_key_check")
    ]


def check_schema(store: Store) -> list[Problem]:
    """The ledger id, and the audit and finalised-year triggers, are all there."""
    out: list[Problem] = []
    if not store.scalar("SELECT value FROM meta WHERE key = 'ledger_uid'"):
        out.append(("doctor_no_ledger_uid", {}))
    have = {r["name"] for r in store.rows("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    wanted = [f"audit_{t}_{op}" for t in migrations.AUDITED for op in ("insert", "update", "delete")]
    guarded = {**migrations.YEAR_GUARDED, **migrations.YEAR_GUARDED_INSERT_DELETE}
    wanted += [f"guard_{t}_{op}" for t in guarded for op in ("insert", "delete")]
    wanted += [f"guard_{t}_update" for t in migrations.YEAR_GUARDED]
    if search.has_index(store):
        wanted += [f"search_{t}_{op}" for t in migrations.SEARCHED for op in ("insert", "update", "delete")]
    if counts.has_counts(store):
        wanted += [name for _, triggers in migrations.DERIVED.values() for name in triggers]
    out += [("doctor_trigger_missing", {"name": name}) for name in wanted if name not in have]
    return out


def check_leads(store: Store) -> list[Problem]:
    """At most one active lead unit per community; no unit paired twice at once; ends after starts."""
    out: list[Problem] = [
        ("doctor_two_leads", {"community": r["name"], "n": r["n"], "units": r["units"]})
        for r in store.rows(
            """SELECT c.name, count(*) AS n, group_concat(u.name, '、') AS units FROM pairings p
               JOIN communities c ON c.id = p.community_id JOIN units u ON u.id = p.unit_id
               WHERE p.role = 'lead' AND p.ended IS NULL GROUP BY p.community_id HAVING count(*) > 1
               ORDER BY c.code"""
        )
    ]
    out += [
        ("doctor_paired_twice", {"community": r["community"], "unit": r["unit"]})
        for r in store.rows(
            """SELECT c.name AS community, u.name AS unit FROM pairings p
               JOIN communities c ON c.id = p.community_id JOIN units u ON u.id = p.unit_id
               WHERE p.ended IS NULL GROUP BY p.community_id, p.unit_id HAVING count(*) > 1"""
        )
    ]
    out += [
        (
            "doctor_ended_before_start",
            {"table": "pairings", "id": r["id"], "started": r["started"], "ended": r["ended"]},
        )
        for r in store.rows(
            "SELECT id, started, ended FROM pairings WHERE ended IS NOT NULL AND started IS NOT NULL "
            "AND ended < started ORDER BY id"
        )
    ]
    out += [
        (
            "doctor_ended_before_start",
            {"table": "agreements", "id": r["id"], "started": r["signed_on"], "ended": r["valid_until"]},
        )
        for r in store.rows(
            "SELECT id, signed_on, valid_until FROM agreements WHERE valid_until IS NOT NULL "
            "AND signed_on IS NOT NULL AND valid_until < signed_on ORDER BY id"
        )
    ]
    return out


def check_tickets(store: Store) -> list[Problem]:
    """Closed tickets name a verifier and a closing date; numbers run 1, 2, 3 … per community and year."""
    out: list[Problem] = [
        ("doctor_closed_unverified", {"number": r["number"]})
        for r in store.rows(
            "SELECT number FROM tickets WHERE status = 'closed' AND (verifier IS NULL OR trim(verifier) = '' "
            "OR closed_on IS NULL) ORDER BY number"
        )
    ]
    gaps = store.rows(
        """SELECT t.community_id, c.name, c.code, t.year, count(*) AS n, max(t.seq) AS top FROM tickets t
           JOIN communities c ON c.id = t.community_id
           GROUP BY t.community_id, t.year HAVING count(*) <> max(t.seq) ORDER BY c.code, t.year"""
    )
    for g in gaps:
        have = {
            r[0]
            for r in store.conn.execute(
                "SELECT seq FROM tickets WHERE community_id = ? AND year = ?", (g["community_id"], g["year"])
            )
        }
        missing = [s for s in range(1, g["top"] + 1) if s not in have]
        shown = "、".join(f"{s:05d}" for s in missing[:10]) + ("…" if len(missing) > 10 else "")
        out.append(
            (
                "doctor_ticket_gap",
                {"community": g["name"], "year": g["year"], "missing": shown, "n": len(missing)},
            )
        )
    return out


def check_money(store: Store) -> list[Problem]:
    """Money is a non-negative integer number of fen."""
    out: list[Problem] = []
    for table, columns in MONEY.items():
        for col in columns:
            for r in store.rows(
                f'SELECT id, "{col}" AS v, typeof("{col}") AS kind FROM "{table}" '
                f'WHERE "{col}" IS NOT NULL AND (typeof("{col}") <> \'integer\' OR "{col}" < 0) ORDER BY id'
            ):
                key = "doctor_money_negative" if r["kind"] == "integer" else "doctor_money_not_fen"
                out.append((key, {"table": table, "column": col, "id": r["id"], "value": r["v"]}))
    return out


def check_values(store: Store) -> list[Problem]:
    """Phones, ID numbers and credit codes are canonical; dates are ISO dates; a row's year is its date's."""
    out: list[Problem] = []
    for table, columns in IDENTIFIERS.items():
        for col, parser in columns:
            parse = getattr(normalize, parser)
            for row_id, value in store.conn.execute(
                f'SELECT id, "{col}" FROM "{table}" WHERE "{col}" IS NOT NULL ORDER BY id'
            ):
                try:
                    canonical = parse(value) == value
                except GongjianError:
                    canonical = False
                if not canonical:
                    out.append(("doctor_identifier_form", {"table": table, "column": col, "id": row_id}))
    for table in migrations.AUDITED:
        for col in migrations._columns(store.conn, table):
            if col not in DATE_NAMES and not col.endswith("_on"):
                continue
            for r in store.rows(
                f'SELECT id, "{col}" AS v FROM "{table}" WHERE "{col}" IS NOT NULL '
                f'AND date("{col}") IS NOT "{col}" ORDER BY id'
            ):
                out.append(
                    ("doctor_bad_date", {"table": table, "column": col, "id": r["id"], "value": r["v"]})
                )
    for table, col in YEAR_OF.items():
        for r in store.rows(
            f'SELECT id, year, "{col}" AS d FROM "{table}" WHERE date("{col}") IS "{col}" '
            f'AND year IS NOT CAST(substr("{col}", 1, 4) AS INTEGER) ORDER BY id'
        ):
            out.append(
                ("doctor_year_mismatch", {"table": table, "id": r["id"], "year": r["year"], "date": r["d"]})
            )
    return out


def check_units(store: Store) -> list[Problem]:
    """Each unit's matching key is its normalised name (what keeps names unique after normalisation)."""
    return [
        ("doctor_unit_key", {"name": r["name"], "id": r["id"]})
        for r in store.rows("SELECT id, name, name_key FROM units ORDER BY id")
        if name_key(r["name"]) != r["name_key"]
    ]


def check_finalised(store: Store) -> list[Problem]:
    """A finalised year has its stored results, and nothing of that year changed after finalisation."""
    out: list[Problem] = []
    years = store.rows(
        "SELECT year, finalized_at FROM assessment_years WHERE finalized_at IS NOT NULL ORDER BY year"
    )
    for y in years:
        if not store.scalar("SELECT count(*) FROM assessments WHERE year = ?", (y["year"],)):
            out.append(("doctor_final_no_results", {"year": y["year"]}))
        touched: set[tuple[str, int]] = set()
        for table in migrations.YEAR_GUARDED:
            if "year" in migrations._columns(store.conn, table):
                touched |= _stamped_after(store, table, "updated_at", y["year"], y["finalized_at"])
        for table in migrations.YEAR_GUARDED_INSERT_DELETE:
            touched |= _stamped_after(store, table, "created_at", y["year"], y["finalized_at"])
        touched |= _logged_after(store, y["year"], y["finalized_at"])
        out += [
            ("doctor_final_touched", {"year": y["year"], "table": table, "id": row_id})
            for table, row_id in sorted(touched)
        ]
    return out


def _stamped_after(
    store: Store, table: str, stamp: str, year: int, finalized_at: str
) -> set[tuple[str, int]]:
    """Rows of `table` in `year` whose time stamp is later than the finalisation."""
    return {
        (table, r[0])
        for r in store.conn.execute(
            f'SELECT id FROM "{table}" WHERE year = ? AND julianday("{stamp}") > julianday(?)',
            (year, finalized_at),
        )
    }


def _logged_after(store: Store, year: int, finalized_at: str) -> set[tuple[str, int]]:
    """Frozen rows of `year` that the audit log shows changed after the year was finalised."""
    guarded = [*migrations.YEAR_GUARDED, *migrations.YEAR_GUARDED_INSERT_DELETE]
    rows = store.rows(
        "SELECT a.tbl, a.row_id, a.op, a.before, a.after FROM audit_changes a "
        "JOIN audit_commands c ON c.id = a.command_id "
        f"WHERE julianday(c.at) > julianday(?) AND a.tbl IN ({','.join('?' for _ in guarded)})",
        [finalized_at, *guarded],
    )
    found: set[tuple[str, int]] = set()
    for r in rows:
        if r["tbl"] in migrations.YEAR_GUARDED_INSERT_DELETE and r["op"] == "update":
            continue
        for image in (r["before"], r["after"]):
            if not image:
                continue
            data = json.loads(image)
            row_year = data.get("year")
            if row_year is None:
                for key, parent in (("activity_id", "activities"), ("meeting_id", "meetings")):
                    if data.get(key) is not None:
                        row_year = store.scalar(f'SELECT year FROM "{parent}" WHERE id = ?', (data[key],))
            if row_year == year:
                found.add((r["tbl"], r["row_id"]))
    return found


def check_audit(store: Store) -> list[Problem]:
    """An undo and the command it reverted point at each other."""
    return [
        ("doctor_undo_link", {"id": r["id"]})
        for r in store.rows(
            """SELECT c.id FROM audit_commands c
               WHERE (c.undone_by IS NOT NULL AND NOT EXISTS
                        (SELECT 1 FROM audit_commands u WHERE u.id = c.undone_by AND u.undo_of = c.id))
                  OR (c.undo_of IS NOT NULL AND NOT EXISTS
                        (SELECT 1 FROM audit_commands o WHERE o.id = c.undo_of AND o.undone_by = c.id))
               ORDER BY c.id"""
        )
    ]


def check_search(store: Store) -> list[Problem]:
    """The search index holds exactly one document per searchable record, as the record reads now."""
    if not search.has_index(store):
        return []
    stale = search.stale_documents(store)
    return [("doctor_search_stale", {"n": stale})] if stale else []


def check_counts(store: Store) -> list[Problem]:
    """The services kept per member and year (`service_counts`) are what the services count, row by row."""
    if not counts.has_counts(store):
        return []
    return [
        (
            "doctor_counts_stale",
            {
                "member": r["member"] or "-",
                "id": r["member_id"],
                "year": r["year"],
                "kept": r["kept"] or 0,
                "counted": r["counted"] or 0,
            },
        )
        for r in counts.stale_counts(store)
    ]


CHECKS: list[Callable[..., list[Problem]]] = [
    check_lengths,
    check_foreign_keys,
    check_schema,
    check_leads,
    check_tickets,
    check_money,
    check_values,
    check_units,
    check_finalised,
    check_audit,
    check_search,
    check_counts,
]
