"""`gongjian report`: reports of the ledger — `report year`: the year's figures and findings."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

import typer

from gongjian.cli.common import fail, open_ledger
from gongjian.cli.options import FORMAT, Fmt, community_option, output_option
from gongjian.cli.output import console, emit, say, working
from gongjian.i18n import t

FINDINGS_SHOWN = 20  # per kind in the terminal; JSON lists them all

report_app = typer.Typer(help=t("h_report"), no_args_is_help=True)


@report_app.command("year", help=t("h_report_year"))
def report_year(
    year: str = typer.Argument(..., help=t("o_assess_year")),
    community: str = community_option("o_assess_community"),
    fmt: Fmt = FORMAT,
    output: Path = output_option("o_report_output"),
) -> None:
    """The year's figures per community, activities by month and category, funds, and the findings."""
    # deferred (start-up): the report loads sqlite3, the domain and the figures, ~30 ms
    from gongjian.reports import assessment as assessing
    from gongjian.reports import tables as report_tables

    if output is not None and output.suffix.lower() != ".docx":
        fail(t("doc_docx_only", path=str(output)), 2)
    with open_ledger() as ledger, working("document", ledger.store) if output else nullcontext():
        data = assessing.year_report(ledger, year, community=community)
        if output is not None:
            # deferred (start-up): the documents and python-docx, only for `-o FILE.docx`
            from gongjian.reports.documents import year_report_document
            from gongjian.writing.docx import write_docx

            document = year_report_document(ledger, data, ledger.store.signatures())
            path = write_docx(output, document)
    if output is not None:
        say(t("doc_written", what=t("doc_report_what"), path=str(path.resolve())))
        return
    figures, year_ = data["figures"], data["year"]
    if fmt is Fmt.json:
        out = {
            "year": year_,
            "as_of": figures["as_of"],
            "community": data["community"],
            "finalized_at": data["finalized_at"],
            "summary": figures["rows"],
            "totals": figures["totals"],
            "months": figures["months"],
            "categories": figures["categories"],
            "findings": [f.as_dict() for f in data["findings"]],
            "committee_seats": [
                {k: v for k, v in s.items() if k not in ("uid", "created_at", "updated_at")}
                for s in data["committee_seats"]
            ],
            "member_kinds": data["member_kinds"],
            "ticket_sources": [
                {"source": r["key"], **{k: v for k, v in r.items() if k not in ("key", "label")}}
                for r in data["ticket_sources"]
            ],
        }
        emit(out)
        return
    summary = report_tables.summary_table(figures, year_)
    if fmt is Fmt.csv:
        emit(summary, fmt)
        return
    heading = t("report_heading", year=year_, as_of=figures["as_of"])
    if data["community"]:
        heading += t("a_title_community", community=data["community"])
    if data["finalized_at"]:
        heading += t("report_finalized")
    say(heading)
    for table in (
        summary,
        report_tables.months_table(figures, year_),
        report_tables.categories_table(figures, year_),
        report_tables.funds_table(figures, year_),
    ):
        emit(table)
    if any(k["kind"] != "in_service" for k in data["member_kinds"]):
        emit(report_tables.kinds_table(data["member_kinds"], year_))
    if data["ticket_sources"]:
        emit(report_tables.sources_table(data["ticket_sources"], year_))
    if data["committee_seats"]:
        emit(report_tables.committee_table(data["committee_seats"], year_))
    _print_findings(data["findings"], year_)


def _print_findings(items: list, year: int) -> None:
    """The findings under the report, grouped by kind, at most FINDINGS_SHOWN of each."""
    # deferred (start-up): gongjian.reports.figures and rich, loaded by the report by now
    from gongjian.reports.findings import FINDING_KINDS
    from gongjian.writing.terminal import paragraph

    out = console()
    out.print(t("f_title", year=year, n=len(items)), style="bold" if out.is_terminal else "", markup=False)
    if not items:
        out.print(t("f_none"), markup=False)
        return
    for kind in FINDING_KINDS:
        group = [f for f in items if f.kind == kind]
        if not group:
            continue
        out.print(t("f_group", kind=t("fk_" + kind), n=len(group)), markup=False)
        for f in group[:FINDINGS_SHOWN]:
            for line in paragraph(f.text(), out.width, first="  · ", rest="    "):
                out.print(line, markup=False, highlight=False, crop=False, soft_wrap=True)
        if len(group) > FINDINGS_SHOWN:
            out.print("  " + t("f_more", n=len(group) - FINDINGS_SHOWN), markup=False)


def register(app: typer.Typer) -> None:
    """Add `report` (year)."""
    app.add_typer(report_app, name="report")
