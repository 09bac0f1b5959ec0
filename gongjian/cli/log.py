"""`gongjian log`: the audit log — every command that changed the ledger, newest first, and its rows."""

from __future__ import annotations

import typer

from gongjian.cli.common import open_ledger
from gongjian.cli.options import FORMAT, SHOW_PII, Fmt, since_option
from gongjian.cli.output import emit, say
from gongjian.cli.views import changes_text
from gongjian.i18n import t
from gongjian.writing.table import Column, Table


def _state(entry: dict) -> str:
    if entry.get("undone_by"):
        return t("log_undone", id=entry["undone_by"])
    if entry.get("undo_of"):
        return t("log_undo_of", id=entry["undo_of"])
    if "--show-pii" in str(entry.get("command", "")) and not entry["changes"]:
        return t("log_pii")
    return ""


def log(
    since: str = since_option("o_log_since"),
    table: str = typer.Option(None, "--table", help=t("o_log_table")),
    limit: int = typer.Option(20, "--limit", "-n", help=t("o_log_limit")),
    command_id: int = typer.Option(None, "--id", help=t("o_log_id")),
    fmt: Fmt = FORMAT,
    show_pii: bool = SHOW_PII,
) -> None:
    """The audit log: commands that changed the ledger, newest first; `--id` shows one command's rows."""
    # deferred (start-up): gongjian.store.audit loads sqlite3, ~20 ms (loaded with the ledger by now)
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
        emit(entries)
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
            "changes": changes_text(e["changes"]) or (t("log_no_change") if fmt is Fmt.table else ""),
            "state": _state(e),
            "undo_of": e["undo_of"],
            "undone_by": e["undone_by"],
        }
        for e in entries
    ]
    columns = [
        Column("id", "int"),
        Column("at"),
        Column("argv", wrap=True),
        Column("command", show=False),
        Column("changes", wrap=True),
        Column("state"),
        Column("undo_of", "int", show=False),
        Column("undone_by", "int", show=False),
    ]
    emit(Table(columns, rows, title=t("log_title") if fmt is Fmt.table else None), fmt)


def _show_command(entry: dict, fmt: Fmt) -> None:
    """One command's row changes: what each row was before and after."""
    # deferred (start-up): gongjian.store.audit loads sqlite3, ~20 ms (loaded with the ledger by now)
    from gongjian.store.audit import utc_to_local

    if fmt is Fmt.json:
        emit(entry)
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
    columns = [Column("tbl"), Column("row_id", "int"), Column("op"), Column("fields", wrap=True)]
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
        emit(Table(columns, rows, title=title))
    else:
        emit(Table(columns, rows), fmt)


def _v(value: object) -> str:
    if value is None:
        return "∅"
    return str(value)


def register(app: typer.Typer) -> None:
    """Add `log`."""
    app.command("log", help=t("h_log"))(log)
