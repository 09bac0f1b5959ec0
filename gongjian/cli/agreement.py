"""`gongjian agreement`: co-building agreements (共建协议) — add, list, show, expiring."""

from __future__ import annotations

from pathlib import Path

import typer

from gongjian.cli.common import fail, joined, open_ledger
from gongjian.cli.options import COMMUNITY, COMMUNITY_ARG, FORMAT, UNIT, UNIT_ARG, Fmt, output_option
from gongjian.cli.output import emit, say, working
from gongjian.cli.views import AGREEMENT_COLUMNS, count_footer
from gongjian.i18n import t
from gongjian.writing.table import Column, Table, record_table

agreement_app = typer.Typer(help=t("h_agreement"), no_args_is_help=True)


@agreement_app.command("add", help=t("h_agreement_add"))
def agreement_add(
    community: str = COMMUNITY_ARG,
    unit: str = UNIT_ARG,
    number: str = typer.Option(None, "--number", help=t("o_agreement_number")),
    signed: str = typer.Option(None, "--signed", help=t("label_signed_on")),
    until: str = typer.Option(None, "--until", help=t("label_valid_until")),
    commitment: list[str] = typer.Option(None, "--commitment", help=t("o_commitment")),
    file: Path = typer.Option(None, "--file", help=t("o_agreement_file")),
) -> None:
    with open_ledger() as ledger:
        row = ledger.roster.add_agreement(
            number=number,
            community=community,
            unit=unit,
            signed_on=signed,
            valid_until=until,
            commitments=joined(commitment),
            file=str(file) if file else None,
        )
    say(t("agreement_added", number=row["number"], community=row["community"], unit=row["unit"]))


@agreement_app.command("list", help=t("h_agreement_list"))
def agreement_list(community: str = COMMUNITY, unit: str = UNIT, fmt: Fmt = FORMAT) -> None:
    with open_ledger() as ledger:
        rows = ledger.roster.list_agreements(community=community, unit=unit)
    emit(Table(AGREEMENT_COLUMNS, rows, footer=count_footer(rows, fmt)), fmt)


@agreement_app.command("show", help=t("h_agreement_show"))
def agreement_show(
    ref: str = typer.Argument(..., help=t("o_agreement_ref")),
    fmt: Fmt = FORMAT,
    output: Path = output_option("o_agreement_output"),
) -> None:
    if output is not None:
        _agreement_docx(ref, output)
        return
    with open_ledger() as ledger:
        row = ledger.roster.show_agreement(ref)
    if fmt is not Fmt.table:
        emit(row)
        return
    cols = AGREEMENT_COLUMNS + [Column("file", title=t("label_file")), Column("sha256")]
    record = {**row, "file": row.get("file_path"), "sha256": row.get("file_sha256")}
    emit(record_table(record, cols, title=row["number"]))


def _agreement_docx(ref: str, output: Path) -> None:
    """`agreement show ID -o 协议书.docx`: the 《共建协议书》 as a Word document."""
    if output.suffix.lower() != ".docx":
        fail(t("doc_docx_only", path=str(output)), 2)
    # deferred (start-up): the documents and python-docx, only for `-o FILE.docx`
    from gongjian.reports.documents import agreement_document
    from gongjian.writing.docx import write_docx

    with open_ledger() as ledger, working("document", ledger.store):
        document = agreement_document(ledger, ref)
        path = write_docx(output, document)
    say(t("doc_written", what=t("doc_agreement_what"), path=str(path.resolve())))


@agreement_app.command("expiring", help=t("h_agreement_expiring"))
def agreement_expiring(days: int = typer.Option(30, "--days", help=t("o_days")), fmt: Fmt = FORMAT) -> None:
    with open_ledger() as ledger:
        rows = ledger.roster.list_agreements(expiring_within=days)
    title = t("title_expiring", days=days) if fmt is Fmt.table else None
    columns = AGREEMENT_COLUMNS + [Column("days_left", "int")]
    emit(Table(columns, rows, title=title, footer=count_footer(rows, fmt)), fmt)


def register(app: typer.Typer) -> None:
    """Add the `agreement` noun."""
    app.add_typer(agreement_app, name="agreement")
