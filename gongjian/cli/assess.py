"""`assess` and `report year`: the annual assessment, its workbook, community ratings, and the year report.

`assess` is both a command and a group: `gongjian assess 2016 -o 考评2016.xlsx` runs the assessment of a
year, while `gongjian assess rate …` and `gongjian assess reopen 2016` are its verbs. `AssessGroup`
sends any first word that is not a verb to the hidden `year` command, and shows that command's options in
`gongjian assess --help`.
"""

from __future__ import annotations

from pathlib import Path

import typer
from typer.core import TyperGroup

from gongjian.cli import FORMAT_OPTION, Fmt, brief, console, fail, open_ledger, say, show
from gongjian.i18n import t

DEFAULT_COMMAND = "year"
FINDINGS_SHOWN = 20  # per kind in the terminal; JSON lists them all


class AssessGroup(TyperGroup):
    """A group whose first argument is a year (run the default command) unless it names a verb."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        """`assess 2016 …` becomes `assess year 2016 …`; `assess rate …` and `--help` are left alone."""
        help_names = set(ctx.help_option_names)
        if args and args[0] not in self.commands and args[0] not in help_names:
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx, formatter) -> None:
        """`gongjian assess YEAR [OPTIONS] | COMMAND [ARGS]...`."""
        formatter.write_usage(ctx.command_path, t("assess_usage"))

    def format_options(self, ctx, formatter) -> None:
        """The options of `assess YEAR`, then the verbs."""
        default = self.commands[DEFAULT_COMMAND]
        sub = type(ctx)(default, info_name=ctx.info_name, parent=ctx.parent)
        default.format_options(sub, formatter)
        self.format_commands(ctx, formatter)


assess_app = typer.Typer(
    cls=AssessGroup, help=t("h_assess"), short_help=brief("h_assess"), no_args_is_help=True
)
report_app = typer.Typer(help=t("h_report"), no_args_is_help=True)


@assess_app.command(DEFAULT_COMMAND, hidden=True, help=t("h_assess_year"))
def assess_year(
    year: str = typer.Argument(..., help=t("o_assess_year")),
    rules: Path = typer.Option(None, "--rules", help=t("o_rules")),
    community: str = typer.Option(None, "--community", "-c", help=t("o_assess_community")),
    fmt: Fmt = FORMAT_OPTION,
    output: Path = typer.Option(None, "--output", "-o", help=t("o_assess_output")),
    finalize: bool = typer.Option(False, "--finalize", help=t("o_finalize")),
) -> None:
    """Assess every active unit of a year; optionally write the workbook and finalise the year."""
    from gongjian.reports import assessment as assessing
    from gongjian.reports import figures as reports

    if finalize and community:
        fail(t("assess_finalize_community"), 2)
    if output is not None and output.suffix.lower() != ".xlsx":
        fail(t("assess_output_xlsx", path=str(output)), 2)
    notes: list[str] = []
    with open_ledger() as ledger:
        if finalize:
            result = assessing.finalize(ledger, year, rules=rules)
            if community:
                result = result.only_community(ledger.roster.community(community))
            notes.append(
                t("assess_finalized", year=result.year, n=len(result.units), **result.grade_counts())
            )
        else:
            result = assessing.assess(ledger, year, rules=rules, community=community)
            if not result.units:
                fail(t("assess_no_units", year=result.year))
        if output is not None:
            from gongjian.reports.book import write_workbook

            path = write_workbook(ledger, result, output)
            notes.append(
                t(
                    "assess_workbook_written",
                    path=str(path.resolve()),
                    n=len(result.units),
                    **result.grade_counts(),
                )
            )
    if output is None or fmt is not Fmt.table:
        show(reports.assessment_table(result), fmt)
    for line in notes:
        if fmt is Fmt.table:
            say(line)
        else:
            typer.echo(line, err=True)


@assess_app.command("rate", help=t("h_assess_rate"))
def assess_rate(
    unit: str = typer.Argument(..., help=t("o_unit_ref")),
    year: str = typer.Option(..., "--year", "-y", help=t("o_assess_year")),
    score: str = typer.Option(..., "--score", "-s", help=t("o_rating")),
    note: str = typer.Option(None, "--note", help=t("o_rating_note")),
) -> None:
    """Record the community's rating of a unit (0–10) for a year."""
    with open_ledger() as ledger:
        row = ledger.assessment.rate_unit(unit, year, score, note)
    say(t("rated", unit=row["unit"], year=row["year"], score=row["score"]))


@assess_app.command("reopen", help=t("h_assess_reopen"))
def assess_reopen(year: str = typer.Argument(..., help=t("o_assess_year"))) -> None:
    """Unfreeze a finalised year so its records can be changed again."""
    with open_ledger() as ledger:
        row = ledger.assessment.reopen_assessment(year)
    say(t("assess_reopened", year=row["year"]))


@report_app.command("year", help=t("h_report_year"))
def report_year(
    year: str = typer.Argument(..., help=t("o_assess_year")),
    community: str = typer.Option(None, "--community", "-c", help=t("o_assess_community")),
    fmt: Fmt = FORMAT_OPTION,
) -> None:
    """The year's figures per community, activities by month and category, funds, and the findings."""
    import json
    import sys

    from gongjian.reports import assessment as assessing
    from gongjian.reports import figures as reports

    with open_ledger() as ledger:
        data = assessing.year_report(ledger, year, community=community)
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
        }
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    summary = reports.summary_table(figures, year_)
    if fmt is Fmt.csv:
        show(summary, fmt)
        return
    heading = t("report_heading", year=year_, as_of=figures["as_of"])
    if data["community"]:
        heading += t("a_title_community", community=data["community"])
    if data["finalized_at"]:
        heading += t("report_finalized")
    say(heading)
    for table in (
        summary,
        reports.months_table(figures, year_),
        reports.categories_table(figures, year_),
        reports.funds_table(figures, year_),
    ):
        show(table)
    _print_findings(data["findings"], year_)


def _print_findings(items: list, year: int) -> None:
    from gongjian.reports.figures import FINDING_KINDS

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
            out.print("  · " + f.text(), markup=False, highlight=False)
        if len(group) > FINDINGS_SHOWN:
            out.print("  " + t("f_more", n=len(group) - FINDINGS_SHOWN), markup=False)


def register(app: typer.Typer) -> None:
    """Add `assess` (YEAR, rate, reopen) and `report year`."""
    app.add_typer(assess_app, name="assess")
    app.add_typer(report_app, name="report")
