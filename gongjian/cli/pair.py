"""`gongjian pair`: pairings of a community with its units — add, list, end (one active lead unit each)."""

from __future__ import annotations

import typer

from gongjian.cli.common import open_ledger
from gongjian.cli.options import COMMUNITY, COMMUNITY_ARG, FORMAT, UNIT, UNIT_ARG, Fmt, on_option
from gongjian.cli.output import emit, say
from gongjian.cli.views import PAIRING_COLUMNS, count_footer
from gongjian.i18n import t
from gongjian.writing.table import Table

pair_app = typer.Typer(help=t("h_pair"), no_args_is_help=True)


@pair_app.command("add", help=t("h_pair_add"))
def pair_add(
    community: str = COMMUNITY_ARG,
    unit: str = UNIT_ARG,
    lead: bool = typer.Option(False, "--lead", help=t("o_lead")),
    started: str = typer.Option(None, "--started", help=t("o_started")),
    force: bool = typer.Option(False, "--force", help=t("o_pair_force")),
) -> None:
    with open_ledger() as ledger:
        ledger.roster.add_pairing(community, unit, lead=lead, started=started, force=force)
        c, u = ledger.roster.community(community), ledger.roster.unit(unit)
    say(t("paired_lead" if lead else "paired", community=c["name"], unit=u["name"]))


@pair_app.command("list", help=t("h_pair_list"))
def pair_list(
    community: str = COMMUNITY,
    unit: str = UNIT,
    all_: bool = typer.Option(False, "--all", help=t("o_pair_all")),
    lead: bool = typer.Option(False, "--lead", help=t("o_pair_lead_only")),
    fmt: Fmt = FORMAT,
) -> None:
    with open_ledger() as ledger:
        rows = ledger.roster.list_pairings(
            community=community, unit=unit, include_ended=all_, role="lead" if lead else None
        )
    emit(Table(PAIRING_COLUMNS, rows, footer=count_footer(rows, fmt)), fmt)


@pair_app.command("end", help=t("h_pair_end"))
def pair_end(community: str = COMMUNITY_ARG, unit: str = UNIT_ARG, on: str = on_option("o_ended")) -> None:
    with open_ledger() as ledger:
        row = ledger.roster.end_pairing(community, unit, ended=on)
        c, u = ledger.roster.community(community), ledger.roster.unit(unit)
    say(t("pair_ended", community=c["name"], unit=u["name"], ended=row["ended"]))


def register(app: typer.Typer) -> None:
    """Add the `pair` noun."""
    app.add_typer(pair_app, name="pair")
