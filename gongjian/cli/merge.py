"""`gongjian merge`: several clerks' ledgers in one street/district ledger, with a report of what moved."""

from __future__ import annotations

from pathlib import Path

import typer

from gongjian.cli.common import ledger_path, state
from gongjian.cli.options import ReportFmt, dry_run_option, format_option, name_option
from gongjian.cli.output import emit, say, working
from gongjian.i18n import t
from gongjian.writing.table import Column, Table


def merge(
    sources: list[Path] = typer.Argument(..., help=t("o_merge_sources"), metavar="LEDGER.db"),
    into: Path = typer.Option(None, "--into", help=t("o_merge_into"), metavar="TARGET.db"),
    dry_run: bool = dry_run_option("o_merge_dry_run"),
    name: str = name_option("o_merge_name"),
    fmt: ReportFmt = format_option(ReportFmt.table, "o_merge_format"),
) -> None:
    """Merge the source ledgers into the target (`--into`, else `--db`, else the default ledger)."""
    # deferred (start-up): the merge loads sqlite3 and the store, ~20 ms
    from gongjian.merge.merge import MergeConflicts, finalized_error
    from gongjian.merge.merge import merge as run_merge

    target = into or ledger_path()
    with working("merge"):
        report = run_merge(sources, target, dry_run=dry_run, name=name, argv=state.argv)
    if fmt is ReportFmt.json:
        emit(report.as_dict())
    else:
        _render(report)
    if report.conflicts:
        raise MergeConflicts(report)
    if report.finalized:
        raise finalized_error(report)


def _render(report) -> None:
    """The report for a person: title, sources, a table of counts, the unified records, notes."""
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
        emit(Table(columns, rows, title=t("merge_table_title"), totals=total_row))
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


def register(app: typer.Typer) -> None:
    """Add `merge`."""
    app.command("merge", help=t("h_merge"))(merge)
