"""`gongjian info`: the ledger's path, id, schema version and row counts per table."""

from __future__ import annotations

import typer

from gongjian.cli.common import open_ledger
from gongjian.cli.options import FORMAT, Fmt
from gongjian.cli.output import emit, say
from gongjian.i18n import t
from gongjian.writing.table import Column, Table


def info(fmt: Fmt = FORMAT) -> None:
    """Show the ledger's path, id, schema version and row counts per table."""
    with open_ledger() as ledger:
        data = ledger.store.info()
    if fmt is Fmt.json:
        emit(data)
        return
    say(t("info_path", path=data["path"]))
    say(t("info_ledger", uid=data["ledger_uid"], name=data["name"] or "-"))
    say(t("info_schema", version=data["schema_version"]))
    rows = [
        {"table": name, "label": t("tbl_" + name), "rows": count} for name, count in data["counts"].items()
    ]
    columns = [Column("table"), Column("label", title=t("label_table_zh")), Column("rows", "int")]
    emit(Table(columns, rows), fmt)


def register(app: typer.Typer) -> None:
    """Add `info`."""
    app.command("info", help=t("h_info"))(info)
