"""`gongjian export`: one table or `all` of them, as CSV, JSON or xlsx, with stable English columns."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from gongjian.cli.common import open_ledger
from gongjian.cli.options import SHOW_PII, format_option, output_option
from gongjian.cli.output import emit, say, say_written, working
from gongjian.i18n import t
from gongjian.reports.export import export_files, export_table


class ExportFmt(StrEnum):
    """File format of `export`."""

    csv = "csv"
    json = "json"
    xlsx = "xlsx"


def export(
    kind: str = typer.Argument(..., help=t("o_export_kind")),
    fmt: ExportFmt = format_option(ExportFmt.csv, "o_export_format"),
    output: Path = output_option("o_export_output"),
    show_pii: bool = SHOW_PII,
) -> None:
    """Export one table or `all` of them, with stable English columns."""
    kind = kind.strip().lower()
    with open_ledger() as ledger:
        if kind != "all" and output is None and fmt is not ExportFmt.xlsx:
            with ledger.store.snapshot():
                emit(export_table(ledger, kind, show_pii=show_pii), fmt)
            if show_pii:
                ledger.audit.record_pii_access(f"export {kind} --show-pii")
            return
        with working(f"export:{kind}", ledger.store) as told:
            done = export_files(ledger, kind, fmt=fmt.value, path=output, show_pii=show_pii, progress=told)
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
    for written in done["written"]:
        say_written(written)
    if not show_pii:
        say(t("export_masked"), err=True)


def register(app: typer.Typer) -> None:
    """Add `export`."""
    app.command("export", help=t("h_export"))(export)
