"""`gongjian assess`: the annual assessment, its workbook, and the community's ratings of its units.

`assess` is both a command and a group: `gongjian assess 2016 -o 考评2016.xlsx` runs the assessment of a
year, while `gongjian assess rate …` and `gongjian assess reopen 2016` are its verbs. `AssessGroup`
sends any first word that is not a verb to the hidden `year` command, and shows that command's options in
`gongjian assess --help`.
"""

from __future__ import annotations

from pathlib import Path

import typer

from gongjian.cli.common import brief, fail, open_ledger
from gongjian.cli.options import (
    FORMAT,
    UNIT_ARG,
    Fmt,
    community_option,
    note_option,
    output_option,
    rules_option,
    year_option,
)
from gongjian.cli.output import emit, say, say_written, working
from gongjian.cli.usage import Group
from gongjian.i18n import t

DEFAULT_COMMAND = "year"


class AssessGroup(Group):
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


@assess_app.command(DEFAULT_COMMAND, hidden=True, help=t("h_assess_year"))
def assess_year(
    year: str = typer.Argument(..., help=t("o_assess_year")),
    rules: Path = rules_option("o_rules"),
    community: str = community_option("o_assess_community"),
    fmt: Fmt = FORMAT,
    output: Path = output_option("o_assess_output"),
    finalize: bool = typer.Option(False, "--finalize", help=t("o_finalize")),
) -> None:
    """Assess every active unit of a year; optionally write the workbook and finalise the year."""
    # deferred (start-up): the assessment loads sqlite3, the domain and the figures, ~30 ms
    from gongjian.reports import assessment as assessing
    from gongjian.reports import tables as report_tables

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
            # deferred (start-up): the workbook writer, ~10 ms, only for `-o FILE.xlsx`
            from gongjian.reports.book import write_workbook

            with working("figures", ledger.store) as told:
                written = write_workbook(ledger, result, output, progress=told)
            say_written(written)
            notes.append(
                t(
                    "assess_workbook_written",
                    path=str(written.path.resolve()),
                    n=len(result.units),
                    **result.grade_counts(),
                )
            )
    if output is None or fmt is not Fmt.table:
        emit(report_tables.assessment_table(result), fmt)
    for line in notes:
        say(line, err=fmt is not Fmt.table)


@assess_app.command("rate", help=t("h_assess_rate"))
def assess_rate(
    unit: str = UNIT_ARG,
    year: str = year_option("o_assess_year", required=True),
    score: str = typer.Option(..., "--score", "-s", help=t("o_rating")),
    note: str = note_option("o_rating_note"),
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


def register(app: typer.Typer) -> None:
    """Add `assess` (YEAR, rate, reopen)."""
    app.add_typer(assess_app, name="assess")
