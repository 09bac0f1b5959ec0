"""`import` and `template`: spreadsheets in (PRODUCT §5), and the templates clerks fill in."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path

import typer

from gongjian.cli import open_ledger, say, show
from gongjian.i18n import t

PROGRESS_MIN_ROWS = 3000  # a bar only for files that take a moment
SHOW_ERRORS = 200
SHOW_WARNINGS = 50


class ReportFmt(StrEnum):
    """Output format of the import report."""

    table = "table"
    json = "json"


@contextmanager
def progress_bar() -> Iterator[Callable[[str, int, int], None] | None]:
    """A progress callback drawing a bar on stderr — only on a terminal and only for large files."""
    if not sys.stderr.isatty():
        yield None
        return
    bars: dict[str, object] = {}

    def update(stage: str, done: int, total: int) -> None:
        if total < PROGRESS_MIN_ROWS:
            return
        progress = bars.get("progress")
        if progress is None:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

            progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            progress.start()
            bars["progress"] = progress
        task = bars.get(stage)
        if task is None:
            task = bars[stage] = progress.add_task(t(f"imp_progress_{stage}"), total=total)
        progress.update(task, completed=min(done, total), total=total)

    try:
        yield update
    finally:
        if "progress" in bars:
            bars["progress"].stop()


def import_file(
    kind: str = typer.Argument(..., help=t("o_import_kind")),
    file: Path = typer.Argument(..., help=t("o_import_file")),
    sheet: str = typer.Option(None, "--sheet", "-s", help=t("o_import_sheet")),
    mapping: Path = typer.Option(None, "--map", help=t("o_import_map")),
    dry_run: bool = typer.Option(False, "--dry-run", help=t("o_import_dry_run")),
    skip_invalid: bool = typer.Option(False, "--skip-invalid", help=t("o_import_skip_invalid")),
    allow_unpaired: bool = typer.Option(False, "--allow-unpaired", help=t("o_import_allow_unpaired")),
    fmt: ReportFmt = typer.Option(
        ReportFmt.table, "--format", "-f", help=t("o_import_format"), case_sensitive=False
    ),
) -> None:
    from gongjian.cli import fail
    from gongjian.importing.importer import resolve_kind, run_import
    from gongjian.ledger import Ledger

    key = resolve_kind(kind, Ledger.importable_kinds())
    with open_ledger() as ledger, progress_bar() as progress:
        report = run_import(
            ledger,
            key,
            file,
            sheet=sheet,
            mapping=mapping,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            progress=progress,
            options={"allow_unpaired": True} if allow_unpaired else None,
        )
    if fmt is ReportFmt.json:
        json.dump(report.as_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        render_report(report)
    if report.failed:
        fail(t("imp_failed", n=report.rejected))


def render_report(report) -> None:
    """The import report for a person: one summary line, warnings, the errors as a table, the rejects file."""
    from gongjian.writing.table import Column, Table

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
        show(
            Table(
                [
                    Column("sheet", title=t("label_imp_sheet")),
                    Column("row", "int", title=t("label_imp_row")),
                    Column("column", title=t("label_imp_column")),
                    Column("reason", title=t("label_imp_reason")),
                ],
                rows,
                title=t("imp_title_errors"),
                footer=footer,
            )
        )
    if report.rejects_path is not None:
        say(t("imp_rejects_written", n=report.rejected, path=str(report.rejects_path)))
    elif report.dry_run and report.skip_invalid and report.rejected:
        say(t("imp_rejects_dry"))


def template(
    kind: str = typer.Argument(..., help=t("o_template_kind")),
    output: Path = typer.Option(None, "--output", "-o", help=t("o_template_output")),
    force: bool = typer.Option(False, "--force", help=t("o_template_force")),
) -> None:
    import gongjian.ledger  # noqa: F401  (every part registers its kinds)
    from gongjian.errors import FileProblem
    from gongjian.importing.importer import resolve_kind
    from gongjian.importing.templates import default_name, write_template
    from gongjian.reading.specs import SPECS

    key = resolve_kind(kind, list(SPECS))
    path = (output or Path(default_name(key))).expanduser()
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    if path.exists() and not force:
        raise FileProblem("imp_template_exists", path=str(path))
    write_template(key, path)
    say(t("imp_template_written", path=str(path)))


def register(app: typer.Typer) -> None:
    """Add `import` and `template` to the root app."""
    app.command("import", help=t("h_import"))(import_file)
    app.command("template", help=t("h_template"))(template)
