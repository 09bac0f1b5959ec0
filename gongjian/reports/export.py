"""`gongjian export`: every table of the ledger as CSV, JSON or xlsx, with stable columns.

Each kind (the plural table names of PRODUCT §3) has a fixed column list: English keys, enumeration keys,
integer fen, ISO dates, and references by name (`community`, `unit`) under the same keys the importers
read, so an export re-imports into an empty ledger. The tables inside a record (grids, activity units,
ticket events, claims, tasks, attendance, ratings, assessments) are exported by `all` too, so that nothing
of the ledger is left out (a meeting's absent units, for one, are in `meeting_attendance`). `id`, `uid`,
`created_at` and `updated_at` close every CSV/JSON row.

Phones and ID numbers are masked unless `show_pii`. Text a spreadsheet could take for a formula is
neutralised by the writers (`tables.safe_cell` in CSV; xlsx cells are always written as strings).
Every file is created mode 0600; `all` writes a folder with one file per table and a `manifest.json`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from gongjian.errors import Conflict, InvalidValue
from gongjian.projects.meetings import MEETING_SELECT
from gongjian.projects.needs import NEED_SELECT, RESOURCE_SELECT
from gongjian.projects.projects import PROJECT_SELECT
from gongjian.records.activities import ACTIVITY_SELECT
from gongjian.records.funds import CONTRIBUTION_SELECT
from gongjian.records.members import MEMBER_SELECT, SERVICE_SELECT
from gongjian.roster.roster import AGREEMENT_SELECT, COMMUNITY_SELECT, PAIRING_SELECT, UNIT_SELECT
from gongjian.store.db import split_names
from gongjian.tickets.lists import ticket_select
from gongjian.tickets.tickets import Tickets
from gongjian.writing.table import Column, Table

FORMATS = ("csv", "json", "xlsx")
TAIL = (
    Column("id", "int", show=False),
    Column("uid", show=False),
    Column("created_at", show=False),
    Column("updated_at", show=False),
)


@dataclass(frozen=True)
class Kind:
    """How one kind is exported: its columns and the SELECT that yields them (one row per record)."""

    name: str
    columns: tuple[Column, ...]
    sql: str
    lists: tuple[str, ...] = ()  # columns holding a JSON array (decoded to a list)
    joined: tuple[str, ...] = ()  # columns holding names joined by `activities.SEP` (split to a list)
    renames: tuple[tuple[str, str], ...] = ()  # (exported key, the query's key) where they differ


def _c(key: str, kind: str = "text", enum: str | None = None) -> Column:
    return Column(key, kind, enum=enum)


MAIN: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "communities",
            (
                _c("code"),
                _c("name"),
                _c("street"),
                _c("district"),
                _c("secretary"),
                _c("director"),
                _c("phone"),
                _c("households", "int"),
                _c("address"),
                _c("grids", "list"),
                _c("note"),
            ),
            COMMUNITY_SELECT + " ORDER BY c.id",
            joined=("grids",),
            renames=(("grids", "grid_names"),),
        ),
        Kind(
            "units",
            (
                _c("name"),
                _c("credit_code"),
                _c("kind", "enum", "unit_kind"),
                _c("party_org"),
                _c("party_members", "int"),
                _c("contact"),
                _c("phone"),
                _c("address"),
                _c("note"),
                _c("active", "int"),
            ),
            UNIT_SELECT + " ORDER BY u.id",
        ),
        Kind(
            "pairings",
            (
                _c("community"),
                _c("unit"),
                _c("role", "enum", "pair_role"),
                _c("started", "date"),
                _c("ended", "date"),
                _c("note"),
            ),
            PAIRING_SELECT + " ORDER BY p.id",
        ),
        Kind(
            "agreements",
            (
                _c("number"),
                _c("community"),
                _c("unit"),
                _c("signed_on", "date"),
                _c("valid_until", "date"),
                _c("commitments", "list"),
                _c("file"),
                _c("file_sha256"),
                _c("note"),
            ),
            AGREEMENT_SELECT + " ORDER BY a.id",
            ("commitments",),
        ),
        Kind(
            "activities",
            (
                _c("date", "date"),
                _c("community"),
                _c("title"),
                _c("category", "enum", "activity_category"),
                _c("organisers", "list"),
                _c("participants", "list"),
                _c("participant_times", "int"),
                _c("volunteers", "int"),
                _c("members_served", "int"),
                _c("venue"),
                _c("spending_fen", "money"),
                _c("description"),
                _c("note"),
            ),
            ACTIVITY_SELECT + " ORDER BY a.id",
            joined=("organisers", "participants"),
        ),
        Kind(
            "contributions",
            (
                _c("date", "date"),
                _c("unit"),
                _c("community"),
                _c("kind", "enum", "contribution_kind"),
                _c("amount_fen", "money"),
                _c("description"),
                _c("activity"),
                _c("project"),
                _c("receipt_no"),
                _c("note"),
            ),
            CONTRIBUTION_SELECT + " ORDER BY k.id",
        ),
        Kind(
            "tickets",
            (
                _c("number"),
                _c("community"),
                _c("grid"),
                _c("category", "enum", "ticket_category"),
                _c("title"),
                _c("description"),
                _c("location"),
                _c("source", "enum", "ticket_source"),
                _c("reported_on", "date"),
                _c("unit"),
                _c("deadline", "date"),
                _c("status", "enum", "ticket_status"),
                _c("resolution"),
                _c("verifier"),
                _c("closed_on", "date"),
                _c("reason"),
                _c("year", "int"),
                _c("seq", "int"),
            ),
            ticket_select(Tickets.states_sql("9999-12-31", "1")) + " ORDER BY t.id",
            renames=(("unit", "assignee"),),
        ),
        Kind(
            "members",
            (
                _c("name"),
                _c("phone"),
                _c("id_number"),
                _c("unit"),
                _c("community"),
                _c("registered_on", "date"),
                _c("specialty"),
                _c("post", "enum", "member_post"),
                _c("status", "enum", "member_status"),
                _c("note"),
            ),
            MEMBER_SELECT + " ORDER BY m.id",
        ),
        Kind(
            "services",
            (
                _c("member"),
                _c("phone"),
                _c("id_number"),
                _c("date", "date"),
                _c("activity"),
                _c("minutes", "int"),
                _c("note"),
            ),
            SERVICE_SELECT + " ORDER BY s.id",
        ),
        Kind(
            "needs",
            (
                _c("community"),
                _c("text"),
                _c("category", "enum", "need_category"),
                _c("source"),
                _c("raised_on", "date"),
                _c("status", "enum", "need_status"),
                _c("note"),
            ),
            NEED_SELECT + " ORDER BY t.id",
        ),
        Kind(
            "resources",
            (_c("unit"), _c("text"), _c("category", "enum", "need_category"), _c("capacity"), _c("note")),
            RESOURCE_SELECT + " ORDER BY t.id",
        ),
        Kind(
            "projects",
            (
                _c("community"),
                _c("title"),
                _c("need"),
                _c("category", "enum", "need_category"),
                _c("budget_fen", "money"),
                _c("listed_on", "date"),
                _c("claim_deadline", "date"),
                _c("due", "date"),
                _c("claimants", "list"),
                _c("claimed_on", "date"),
                _c("status", "enum", "project_status"),
                _c("done_on", "date"),
                _c("satisfied", "int"),
                _c("basically_satisfied", "int"),
                _c("unsatisfied", "int"),
                _c("rated_on", "date"),
                _c("note"),
            ),
            PROJECT_SELECT + " ORDER BY t.id",
            joined=("claimants",),
            renames=(("claimants", "claimant_names"),),
        ),
        Kind(
            "meetings",
            (
                _c("date", "date"),
                _c("community"),
                _c("chair"),
                _c("present", "list"),  # the importer records paired units not listed as absent
                _c("topics"),
                _c("decisions"),
                _c("note"),
            ),
            MEETING_SELECT + " ORDER BY m.id",
            joined=("present",),
        ),
    )
}

# The tables inside records: every column, plus the name of what each `…_id` points at.
REFERENCE_NAMES = {
    "communities": "name",
    "units": "name",
    "grids": "name",
    "activities": "title",
    "tickets": "number",
    "members": "name",
    "projects": "title",
    "meetings": "date",
    "needs": "text",
}
INNER = (
    "grids",
    "activity_units",
    "activity_files",
    "ticket_events",
    "project_claims",
    "project_tasks",
    "meeting_attendance",
    "unit_ratings",
    "assessment_years",
    "assessments",
)
KINDS = (*MAIN, *INNER)
MONEY_COLUMNS = {"bid_fen"}
DATE_COLUMNS = {"date", "on_date", "due", "done_on", "claimed_on"}


def _inner_kind(ledger: Any, table: str) -> Kind:
    """Every column of an inner table; each reference gets a readable name column beside its id."""
    refs = {
        r["from"]: r["table"] for r in ledger.store.rows("SELECT * FROM pragma_foreign_key_list(?)", (table,))
    }
    columns: list[Column] = []
    joins: list[str] = []
    selects = ["t.*"]
    types = dict(
        ledger.store.conn.execute("SELECT name, upper(type) FROM pragma_table_info(?)", (table,)).fetchall()
    )
    for i, col in enumerate(types):
        if col in ("id", "uid", "created_at", "updated_at"):
            continue
        kind = (
            "money"
            if col in MONEY_COLUMNS
            else "date"
            if col in DATE_COLUMNS
            else {"INTEGER": "int", "REAL": "score"}.get(types[col], "text")
        )
        columns.append(Column(col, kind, show=col not in refs))
        parent = refs.get(col)
        if parent in REFERENCE_NAMES and col.endswith("_id"):
            name = col[:-3]
            joins.append(f'LEFT JOIN "{parent}" j{i} ON j{i}.id = t."{col}"')
            selects.append(f'j{i}."{REFERENCE_NAMES[parent]}" AS "{name}"')
            columns.append(Column(name))
    sql = f'SELECT {", ".join(selects)} FROM "{table}" t {" ".join(joins)} ORDER BY t.id'
    return Kind(table, tuple(columns), sql)


def kind_of(ledger: Any, kind: str) -> Kind:
    """The export definition of `kind` (a table name); unknown kinds are refused with the choices."""
    if kind in MAIN:
        return MAIN[kind]
    if kind in INNER:
        return _inner_kind(ledger, kind)
    raise InvalidValue("export_bad_kind", kind=kind, choices=", ".join(MAIN) + ", all")


def export_table(ledger: Any, kind: str, *, show_pii: bool = False) -> Table:
    """One kind as a `Table` of raw values (fen, ISO dates, enum keys, lists), PII masked unless asked."""
    from gongjian.privacy import mask_pii_record

    spec = kind_of(ledger, kind)
    columns = [*spec.columns, *TAIL]
    keys = [c.key for c in columns]
    rows = []
    renames = dict(spec.renames)
    for record in ledger.store.rows(spec.sql, {"today": date.today().isoformat()}):
        row = {k: record.get(renames.get(k, k)) for k in keys}
        for key in spec.lists:
            row[key] = json.loads(row[key]) if row[key] else []
        for key in spec.joined:
            row[key] = split_names(row[key])
        rows.append(row if show_pii else mask_pii_record(row))
    return Table(columns, rows, name=kind)


def export_files(
    ledger: Any, kind: str, *, fmt: str = "csv", path: Path | str | None = None, show_pii: bool = False
) -> dict[str, Any]:
    """Write one kind to a file (or `all` to a folder with a manifest); every file is mode 0600."""
    fmt = (fmt or "csv").lower()
    if fmt not in FORMATS:
        raise InvalidValue("bad_format", fmt=fmt)
    if kind != "all":
        kind_of(ledger, kind)
        target = Path(path).expanduser() if path else Path(f"{kind}.{fmt}")
        if target.is_dir():
            target = target / f"{kind}.{fmt}"
        with ledger.store.snapshot():
            table = export_table(ledger, kind, show_pii=show_pii)
        write_file(table, target, fmt)
        return {"kind": kind, "path": str(target), "rows": len(table.rows), "format": fmt}
    folder = Path(path).expanduser() if path else Path(f"gongjian-export-{datetime.now():%Y%m%d-%H%M%S}")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise Conflict("export_folder_not_empty", path=str(folder))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    from gongjian.store.files import private_path, sha256_file

    entries = []
    with ledger.store.snapshot():  # every file shows the same moment of the ledger
        for name in KINDS:
            table = export_table(ledger, name, show_pii=show_pii)
            target = folder / f"{name}.{fmt}"
            write_file(table, target, fmt)
            entries.append(
                {
                    "kind": name,
                    "file": target.name,
                    "rows": len(table.rows),
                    "columns": [c.key for c in table.columns if c.data],
                    "sha256": sha256_file(target),
                    "importable": name in MAIN,
                }
            )
        info = ledger.store.info()
    manifest = {
        "gongjian": _version(),
        "schema_version": info["schema_version"],
        "ledger_uid": info["ledger_uid"],
        "ledger_name": info["name"],
        "exported_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "format": fmt,
        "pii": "full" if show_pii else "masked",
        "tables": entries,
    }
    manifest_path = private_path(folder / "manifest.json")
    with open(manifest_path, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    return {
        "kind": "all",
        "path": str(folder),
        "rows": sum(e["rows"] for e in entries),
        "format": fmt,
        "files": len(entries) + 1,
        "manifest": str(manifest_path),
    }


def write_file(table: Table, target: Path, fmt: str) -> None:
    """Write `table` to `target` as csv (UTF-8 with BOM, for Excel), json or xlsx; mode 0600."""
    from gongjian.store.files import private_path
    from gongjian.writing import table as tables

    if fmt == "xlsx":
        from gongjian.writing.xlsx import write_tables

        write_tables(target, [table])
        return
    private_path(target)
    if fmt == "json":
        with open(target, "w", encoding="utf-8") as fh:
            tables.to_json(table, fh)
    else:
        with open(target, "w", encoding="utf-8-sig", newline="") as fh:
            tables.to_csv(table, fh)


def _version() -> str:
    from gongjian import __version__

    return __version__
