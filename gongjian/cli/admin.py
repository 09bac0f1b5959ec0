"""`backup`, `restore`, `doctor`, `log`, `undo` and `export`: keeping the ledger safe (PRODUCT §8)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from gongjian.cli import FORMAT_OPTION, Fmt, brief, open_ledger, say, show
from gongjian.i18n import t
from gongjian.reports.export import export_files, export_table
from gongjian.writing.table import Column, Table

PII_OPTION = typer.Option(False, "--show-pii", help=t("o_show_pii"))


class ExportFmt(StrEnum):
    """File format of `export`."""

    csv = "csv"
    json = "json"
    xlsx = "xlsx"


def backup(
    path: Path = typer.Argument(..., help=t("o_backup_path")),
    force: bool = typer.Option(False, "--force", help=t("o_backup_force")),
) -> None:
    """Back the ledger up with SQLite's online backup API."""
    with open_ledger() as ledger:
        done = ledger.maintenance.backup(path, force=force)
    say(t("backup_done", path=done["path"], size=f"{done['size']:,}", sha256=done["sha256"]))


def restore(path: Path = typer.Argument(..., help=t("o_restore_path"))) -> None:
    """Restore the ledger from a checked backup, keeping the current one beside it."""
    from gongjian.store import migrations

    with open_ledger(create=True) as ledger:
        done = ledger.maintenance.restore(path)
    if done["kept"]:
        say(t("restore_done", source=done["source"], kept=done["kept"]))
    else:
        say(t("restore_done_new", source=done["source"]))
    if done["upgraded"]:
        say(t("restore_upgraded", old=done["schema_version"], new=migrations.LATEST))


def doctor(quick: bool = typer.Option(False, "--quick", help=t("o_doctor_quick"))) -> None:
    """Check the ledger; silent with exit 0 when sound, one line per problem and exit 1 otherwise."""
    with open_ledger() as ledger:
        problems = ledger.maintenance.doctor(quick=quick)
    for key, params in problems:
        typer.echo(t(key, **params))
    if problems:
        raise typer.Exit(1)


def _ops(ops: dict[str, int]) -> str:
    parts = [f"{t('op_' + op)}{n}" for op, n in ops.items() if n]
    return "、".join(parts)


def _summary(changes: dict[str, dict[str, int]]) -> str:
    return "；".join(f"{t('tbl_' + table)} {_ops(ops)}" for table, ops in sorted(changes.items()))


def _state(entry: dict) -> str:
    if entry.get("undone_by"):
        return t("log_undone", id=entry["undone_by"])
    if entry.get("undo_of"):
        return t("log_undo_of", id=entry["undo_of"])
    if "--show-pii" in str(entry.get("command", "")) and not entry["changes"]:
        return t("log_pii")
    return ""


def log(
    since: str = typer.Option(None, "--since", help=t("o_log_since")),
    table: str = typer.Option(None, "--table", help=t("o_log_table")),
    limit: int = typer.Option(20, "--limit", "-n", help=t("o_log_limit")),
    command_id: int = typer.Option(None, "--id", help=t("o_log_id")),
    fmt: Fmt = FORMAT_OPTION,
    show_pii: bool = PII_OPTION,
) -> None:
    """The audit log: commands that changed the ledger, newest first; `--id` shows one command's rows."""
    from gongjian.store.audit import utc_to_local

    with open_ledger() as ledger:
        if show_pii:
            ledger.audit.record_pii_access("log --show-pii")
        if command_id is not None:
            entry = ledger.audit.audit_command(command_id, show_pii=show_pii)
        else:
            entries = ledger.audit.audit_log(since=since, table=table, limit=limit, show_pii=show_pii)
    if command_id is not None:
        _show_command(entry, fmt)
        return
    if fmt is Fmt.json:
        json.dump(entries, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    if not entries and fmt is Fmt.table:
        say(t("log_empty"))
        return
    rows = [
        {
            "id": e["id"],
            "at": utc_to_local(e["at"]) if fmt is Fmt.table else e["at"],
            "argv": e["argv"] or e["command"],
            "command": e["command"],
            "changes": _summary(e["changes"]) or (t("log_no_change") if fmt is Fmt.table else ""),
            "state": _state(e),
            "undo_of": e["undo_of"],
            "undone_by": e["undone_by"],
        }
        for e in entries
    ]
    columns = [
        Column("id", "int"),
        Column("at"),
        Column("argv"),
        Column("command", show=False),
        Column("changes"),
        Column("state"),
        Column("undo_of", "int", show=False),
        Column("undone_by", "int", show=False),
    ]
    show(Table(columns, rows, title=t("log_title") if fmt is Fmt.table else None), fmt)


def _show_command(entry: dict, fmt: Fmt) -> None:
    from gongjian.store.audit import utc_to_local

    if fmt is Fmt.json:
        json.dump(entry, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    rows = []
    for ch in entry["changes"]:
        if ch["op"] == "update":
            detail = "；".join(
                f"{k}: {_v(ch['before'].get(k))} → {_v(ch['after'].get(k))}" for k in ch["fields"]
            )
        else:
            image = ch["after"] if ch["op"] == "insert" else ch["before"]
            detail = "；".join(
                f"{k}: {_v(v)}"
                for k, v in image.items()
                if k not in ("uid", "created_at", "updated_at") and v not in (None, "", "[]")
            )
        rows.append(
            {
                "tbl": ch["tbl"],
                "row_id": ch["row_id"],
                "op": ch["op"],
                "fields": detail,
                "before": ch["before"],
                "after": ch["after"],
            }
        )
    columns = [Column("tbl"), Column("row_id", "int"), Column("op"), Column("fields")]
    if fmt is Fmt.table:
        for row in rows:
            row["tbl"] = t("tbl_" + row["tbl"])
            row["op"] = t("op_" + row["op"])
        title = t(
            "log_title_command",
            id=entry["id"],
            at=utc_to_local(entry["at"]),
            argv=entry["argv"] or entry["command"],
        )
        show(Table(columns, rows, title=title))
    else:
        show(Table(columns, rows), fmt)


def _v(value: object) -> str:
    if value is None:
        return "∅"
    return str(value)


def undo(
    yes: bool = typer.Option(False, "--yes", "-y", help=t("o_undo_yes")),
    show_pii: bool = PII_OPTION,
) -> None:
    """Undo the last command that changed the ledger; without `--yes` only show what it would undo."""
    from gongjian.store.audit import utc_to_local

    with open_ledger() as ledger:
        if not yes:
            if show_pii:
                ledger.audit.record_pii_access("undo --show-pii")
            entry = ledger.audit.undo_preview(show_pii=show_pii)
        else:
            done = ledger.audit.undo()
    if not yes:
        counts: dict[str, dict[str, int]] = {}
        for ch in entry["changes"]:
            ops = counts.setdefault(ch["tbl"], {"insert": 0, "update": 0, "delete": 0})
            ops[ch["op"]] += 1
        say(
            t(
                "undo_preview",
                id=entry["id"],
                at=utc_to_local(entry["at"]),
                argv=entry["argv"] or entry["command"],
                rows=len(entry["changes"]),
                summary=_summary(counts),
            )
        )
        say(t("undo_hint"))
        return
    from gongjian.privacy import mask_pii_text

    say(
        t(
            "undo_done",
            id=done["id"],
            argv=mask_pii_text(done["argv"] or done["command"]),
            rows=done["rows"],
            undo_id=done["undo_id"],
        )
    )


def export(
    kind: str = typer.Argument(..., help=t("o_export_kind")),
    fmt: ExportFmt = typer.Option(
        ExportFmt.csv, "--format", "-f", help=t("o_export_format"), case_sensitive=False
    ),
    output: Path = typer.Option(None, "--output", "-o", help=t("o_export_output")),
    show_pii: bool = PII_OPTION,
) -> None:
    """Export one table or `all` of them, with stable English columns."""
    from gongjian.writing import table as tables

    kind = kind.strip().lower()
    with open_ledger() as ledger:
        if kind != "all" and output is None and fmt is not ExportFmt.xlsx:
            with ledger.store.snapshot():
                table = export_table(ledger, kind, show_pii=show_pii)
            if show_pii:
                ledger.audit.record_pii_access(f"export {kind} --show-pii")
            (tables.to_json if fmt is ExportFmt.json else tables.to_csv)(table, sys.stdout)
            return
        done = export_files(ledger, kind, fmt=fmt.value, path=output, show_pii=show_pii)
        if show_pii:
            ledger.audit.record_pii_access(f"export {kind} --show-pii")
    if kind == "all":
        say(
            t(
                "export_all_done",
                files=done["files"],
                rows=done["rows"],
                path=done["path"],
                manifest=done["manifest"],
            )
        )
    else:
        say(t("export_done", kind=kind, rows=done["rows"], path=done["path"]))
    if not show_pii:
        typer.echo(t("export_masked"), err=True)


def register(app: typer.Typer) -> None:
    """Add `backup`, `restore`, `doctor`, `log`, `undo` and `export`."""
    app.command("backup", help=t("h_backup"))(backup)
    app.command("restore", help=t("h_restore"))(restore)
    app.command("doctor", help=t("h_doctor"), short_help=brief("h_doctor"))(doctor)
    app.command("log", help=t("h_log"))(log)
    app.command("undo", help=t("h_undo"))(undo)
    app.command("export", help=t("h_export"))(export)
