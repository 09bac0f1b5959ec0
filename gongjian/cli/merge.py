"""`merge` and `browse`: several clerks' ledgers in one street/district ledger, and looking at it on the web."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from gongjian.cli import fail, open_ledger, say, show, state
from gongjian.i18n import t


class ReportFmt(StrEnum):
    """Format of the merge report."""

    table = "table"
    json = "json"


def merge(
    sources: list[Path] = typer.Argument(..., help=t("o_merge_sources"), metavar="LEDGER.db"),
    into: Path = typer.Option(None, "--into", help=t("o_merge_into"), metavar="TARGET.db"),
    dry_run: bool = typer.Option(False, "--dry-run", help=t("o_merge_dry_run")),
    name: str = typer.Option(None, "--name", help=t("o_merge_name")),
    fmt: ReportFmt = typer.Option(
        ReportFmt.table, "--format", "-f", help=t("o_merge_format"), case_sensitive=False
    ),
) -> None:
    from gongjian.merge.merge import MergeConflicts, finalized_error
    from gongjian.merge.merge import merge as run_merge
    from gongjian.store.db import default_path

    target = into or state.db or default_path()
    report = run_merge(sources, target, dry_run=dry_run, name=name, argv=state.argv)
    if fmt is ReportFmt.json:
        import json
        import sys

        json.dump(report.as_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _render(report)
    if report.conflicts:
        raise MergeConflicts(report)
    if report.finalized:
        raise finalized_error(report)


def _render(report) -> None:
    """The report for a person: title, sources, a table of counts, the unified records, notes."""
    from gongjian.writing.table import Column, Table

    n = len(report.sources)
    if report.dry_run:
        say(t("merge_preview_title", n=n, target=report.target))
    else:
        say(t("merge_done_created" if report.created else "merge_done_title", n=n, target=report.target))
    for src in report.sources:
        say(t("merge_source_line", label=src["label"], path=src["path"]))
    rows = [
        {
            "table": c.table,
            "label": t("tbl_" + c.table),
            "added": c.added,
            "updated": c.updated,
            "unchanged": c.unchanged,
            "unified": c.unified,
            "conflicts": c.conflicts,
        }
        for c in report.tables
        if c.added or c.updated or c.unchanged or c.unified or c.conflicts
    ]
    totals = report.totals
    if not rows:
        say(t("merge_nothing"))
    else:
        columns = [
            Column("label", title=t("label_table")),
            Column("added", "int", title=t("merge_added")),
            Column("updated", "int", title=t("merge_updated")),
            Column("unchanged", "int", title=t("merge_unchanged")),
            Column("unified", "int", title=t("merge_unified")),
            Column("conflicts", "int", title=t("merge_conflict_count")),
        ]
        total_row = {
            "label": t("merge_total"),
            "added": totals.added,
            "updated": totals.updated,
            "unchanged": totals.unchanged,
            "unified": totals.unified,
            "conflicts": totals.conflicts,
        }
        show(Table(columns, rows, title=t("merge_table_title"), totals=total_row))
        if not report.changes and not report.conflicts:
            say(t("merge_all_unchanged"))
    if report.unified:
        say(t("merge_unified_title", n=len(report.unified)))
        for u in report.unified:
            key = "merge_unified_unit" if u["table"] == "units" else "merge_unified_community"
            say(t(key, name=u["name"], source=u["source"], into=u["into"], by=t("merge_by_" + u["by"])))
    if report.source_assessments:
        say(t("merge_assessment_note"))
    if report.dry_run and not report.conflicts:
        say(t("merge_preview_note"))


def browse(
    port: int = typer.Option(8001, "--port", "-p", min=0, max=65535, help=t("o_browse_port")),
    host: str = typer.Option("127.0.0.1", "--host", help=t("o_browse_host")),
    show_pii: bool = typer.Option(False, "--show-pii", help=t("o_browse_show_pii")),
) -> None:
    from gongjian.store import browse as web
    from gongjian.store.db import default_path

    if not web.datasette_available():
        fail(t("browse_needs_datasette"))
    path = Path(state.db).expanduser() if state.db else default_path()
    if show_pii:
        with open_ledger() as ledger:
            ledger.audit.record_pii_access("browse --show-pii")
    with web.prepare(path, show_pii=show_pii) as site:
        say(t("browse_starting", url=f"http://{host}:{port}/{site.database}"))
        if not show_pii:
            say(t("browse_masked", at=site.taken_at))
        code = web.run(web.datasette_command(site, host=host, port=port))
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add `merge` and `browse`."""
    app.command("merge", help=t("h_merge"))(merge)
    app.command("browse", help=t("h_browse"))(browse)
