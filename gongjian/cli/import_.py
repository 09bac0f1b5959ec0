"""`gongjian import`: records in from an Excel/CSV sheet (PRODUCT §5), with a report of what happened.

The module is `import_` because `import` is a Python keyword.
"""

from __future__ import annotations

from pathlib import Path

import typer

from gongjian.cli.common import fail, open_ledger
from gongjian.cli.options import ReportFmt, dry_run_option, format_option
from gongjian.cli.output import emit, progress, say, say_written
from gongjian.i18n import t
from gongjian.writing.table import Column, Table

SHOW_ERRORS = 200
SHOW_WARNINGS = 50
SHOW_CHANGES = 10  # updated records named in the report's line; JSON lists them all


def import_file(
    kind: str = typer.Argument(..., help=t("o_import_kind")),
    file: Path = typer.Argument(..., help=t("o_import_file")),
    sheet: str = typer.Option(None, "--sheet", "-s", help=t("o_import_sheet")),
    mapping: Path = typer.Option(None, "--map", help=t("o_import_map")),
    dry_run: bool = dry_run_option("o_import_dry_run"),
    skip_invalid: bool = typer.Option(False, "--skip-invalid", help=t("o_import_skip_invalid")),
    allow_unpaired: bool = typer.Option(False, "--allow-unpaired", help=t("o_import_allow_unpaired")),
    community: str = typer.Option(None, "--community", "-c", help=t("o_import_community")),
    force: bool = typer.Option(False, "--force", help=t("o_import_force")),
    fmt: ReportFmt = format_option(ReportFmt.table, "o_import_format"),
) -> None:
    # deferred (start-up): the ledger and the importer, ~40 ms
    from gongjian.importing.importer import resolve_kind, run_import
    from gongjian.ledger import Ledger

    key = resolve_kind(kind, Ledger.importable_kinds())
    with open_ledger() as ledger, progress() as told:
        report = run_import(
            ledger,
            key,
            file,
            sheet=sheet,
            mapping=mapping,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            progress=told,
            options={"allow_unpaired": allow_unpaired, "force": force},
            defaults={"community": community},
        )
    if fmt is ReportFmt.json:
        emit(report.as_json())
    else:
        render_report(report)
    if report.failed:
        fail(t("imp_failed", n=report.rejected))


def render_report(report) -> None:
    """The import report for a person: one summary line, warnings, the errors as a table, the rejects file."""
    params = {
        "what": t(f"tbl_{report.kind}"),
        "file": report.file.name,
        "sheet": report.sheet,
        "inserted": report.inserted,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rejected": report.rejected,
    }
    if report.failed:
        say(t("imp_summary_failed", **params))
    elif report.dry_run:
        say(t("imp_summary_dry", **params))
    else:
        say(t("imp_summary", **params))
    if report.repeated and not report.failed:
        say(t("imp_repeated", n=report.repeated))
    if report.changes:
        items = [
            t("imp_change", record=c["record"], fields="、".join(dict.fromkeys(c["titles"])))
            for c in report.changes[:SHOW_CHANGES]
        ]
        if len(report.changes) > SHOW_CHANGES:
            items.append(t("imp_changes_more", n=len(report.changes) - SHOW_CHANGES))
        say(t("imp_changes", n=len(report.changes), items="；".join(items)))
    for line in fact_lines(report):
        say(line)
    if report.notes:
        say(t("imp_title_notes"))
        for line in report.notes:
            say(f"  - {line}")
    if report.warnings:
        say(t("imp_title_warnings"))
        for line in report.warnings[:SHOW_WARNINGS]:
            say(f"  - {line}")
        if len(report.warnings) > SHOW_WARNINGS:
            say("  " + t("imp_more", n=len(report.warnings) - SHOW_WARNINGS))
    if report.errors:
        rows = [e.as_dict() for e in report.errors[:SHOW_ERRORS]]
        footer = (
            [t("imp_more", n=len(report.errors) - SHOW_ERRORS)] if len(report.errors) > SHOW_ERRORS else []
        )
        emit(
            Table(
                [
                    Column("sheet", title=t("label_imp_sheet")),
                    Column("row", "int", title=t("label_imp_row")),
                    Column("column", title=t("label_imp_column")),
                    Column("reason", title=t("label_imp_reason"), wrap=True),
                ],
                rows,
                title=t("imp_title_errors"),
                footer=footer,
            )
        )
    if report.rejects_path is not None:
        say(t("imp_rejects_written", n=report.rejected, path=str(report.rejects_path)))
        say_written(report.rejects_written)  # past Excel's last row (the reader refuses over-long cells)
    elif report.dry_run and report.skip_invalid and report.rejected:
        say(t("imp_rejects_dry"))


def fact_lines(report) -> list[str]:
    """What the import inferred, one line each: kinds by source, values it could not map, units deregistered."""
    lines = []
    for name, counts in report.facts.items():
        if name == "kinds_inferred":
            items = [
                t(
                    "imp_fact_from_column",
                    column=report.titles.get(source) or t(f"label_{source}"),
                    n=f"{n:,}",
                )
                for source, n in counts.items()
            ]
        else:
            items = [t("imp_fact_value", value=value, n=f"{n:,}") for value, n in counts.items()]
        shown = items[:20] + ([t("imp_more", n=len(items) - 20)] if len(items) > 20 else [])
        lines.append(t(f"imp_fact_{name}", n=f"{sum(counts.values()):,}", items="、".join(shown)))
    return lines


def register(app: typer.Typer) -> None:
    """Add `import`."""
    app.command("import", help=t("h_import"))(import_file)
