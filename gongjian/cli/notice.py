"""`gongjian notice`: the notices a community posts (公示) as Word documents — members, agreements, projects."""

from __future__ import annotations

from pathlib import Path

import typer

from gongjian.cli.common import fail, open_ledger
from gongjian.cli.options import COMMUNITY_ARG, year_option
from gongjian.cli.output import say
from gongjian.i18n import t

notice_app = typer.Typer(help=t("h_notice"), no_args_is_help=True)

ON = typer.Option(None, "--on", help=t("o_notice_on"))
DAYS = typer.Option(7, "--days", min=1, max=90, help=t("o_notice_days"))
OUTPUT = typer.Option(..., "--output", "-o", help=t("o_notice_output"))


def _write(output: Path, build) -> None:
    """Build the notice with the ledger open and write it; only .docx is written."""
    if output.suffix.lower() != ".docx":
        fail(t("doc_docx_only", path=str(output)), 2)
    # deferred (start-up): the documents and python-docx, only for notices
    from gongjian.reports import documents
    from gongjian.writing.docx import write_docx

    with open_ledger() as ledger:
        document = build(ledger, documents)
    path = write_docx(output, document)
    say(t("ntc_written", path=str(path.resolve())))


@notice_app.command("members", help=t("h_notice_members"))
def notice_members(
    community: str = COMMUNITY_ARG, on: str = ON, days: int = DAYS, output: Path = OUTPUT
) -> None:
    _write(output, lambda ledger, d: d.members_notice(ledger, community, on=d.notice_day(on), days=days))


@notice_app.command("agreements", help=t("h_notice_agreements"))
def notice_agreements(
    community: str = COMMUNITY_ARG,
    year: int = year_option(required=True),
    on: str = ON,
    days: int = DAYS,
    output: Path = OUTPUT,
) -> None:
    _write(
        output, lambda ledger, d: d.agreements_notice(ledger, community, year, on=d.notice_day(on), days=days)
    )


@notice_app.command("projects", help=t("h_notice_projects"))
def notice_projects(
    community: str = COMMUNITY_ARG,
    year: int = year_option(required=True),
    on: str = ON,
    days: int = DAYS,
    output: Path = OUTPUT,
) -> None:
    _write(
        output, lambda ledger, d: d.projects_notice(ledger, community, year, on=d.notice_day(on), days=days)
    )


def register(app: typer.Typer) -> None:
    """Add the `notice` noun."""
    app.add_typer(notice_app, name="notice")
