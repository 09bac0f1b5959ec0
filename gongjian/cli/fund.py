"""`gongjian fund`: funds and in-kind support units give communities — add, list."""

from __future__ import annotations

import typer

from gongjian.cli.common import open_ledger
from gongjian.cli.options import (
    ALLOW_UNPAIRED,
    DATE,
    FORMAT,
    NOTE,
    YEAR,
    Fmt,
    community_option,
    from_option,
    to_option,
    unit_option,
)
from gongjian.cli.output import emit, say
from gongjian.cli.views import CONTRIBUTION_COLUMNS
from gongjian.i18n import t
from gongjian.records.funds import contribution_totals
from gongjian.vocab import term_label
from gongjian.writing.table import Table

fund_app = typer.Typer(help=t("h_fund"), no_args_is_help=True)

KIND = typer.Option(None, "--kind", "-k", help=t("o_rec_kind"))


def fund_footer(totals: dict[str, int]) -> list[str]:
    """The footer lines of a funds listing: cash and in-kind apart and together, venue/service beside."""
    # deferred (start-up): the normalisers, ~12 ms (loaded with the ledger by now)
    from gongjian.reading.normalize import fen_to_yuan

    lines = [
        t(
            "fund_totals",
            count=totals["count"],
            cash=fen_to_yuan(totals["cash_fen"]),
            in_kind=fen_to_yuan(totals["in_kind_fen"]),
            goods=fen_to_yuan(totals["goods_fen"]),
        )
    ]
    if totals["venue_fen"] or totals["service_fen"]:
        lines.append(
            t(
                "fund_totals_other",
                venue=fen_to_yuan(totals["venue_fen"]),
                service=fen_to_yuan(totals["service_fen"]),
            )
        )
    return lines


@fund_app.command("add", help=t("h_fund_add"))
def fund_add(
    unit: str = typer.Argument(..., help=t("o_rec_unit")),
    community: str = typer.Argument(..., help=t("o_rec_community")),
    amount: str = typer.Argument(..., help=t("o_rec_amount")),
    on: str = DATE,
    kind: str = KIND,
    description: str = typer.Option(None, "--description", help=t("o_rec_fund_description")),
    activity: str = typer.Option(None, "--activity", help=t("o_rec_activity_ref")),
    project: str = typer.Option(None, "--project", help=t("o_rec_project")),
    receipt: str = typer.Option(None, "--receipt", help=t("o_rec_receipt")),
    note: str = NOTE,
    allow_unpaired: bool = ALLOW_UNPAIRED,
) -> None:
    # deferred (start-up): the normalisers, ~12 ms (loaded with the ledger by now)
    from gongjian.reading.normalize import fen_to_yuan

    with open_ledger() as ledger:
        row = ledger.records.add_contribution(
            allow_unpaired=allow_unpaired,
            date=on or "today",
            unit=unit,
            community=community,
            kind=kind,
            amount=amount,
            description=description,
            activity=activity,
            project=project,
            receipt_no=receipt,
            note=note,
        )
    say(
        t(
            "fund_added",
            id=row["id"],
            unit=row["unit"],
            community=row["community"],
            kind=term_label("contribution_kind", row["kind"]),
            amount=fen_to_yuan(row["amount_fen"]),
            description=f"（{row['description']}）" if row["description"] else "",
        )
    )


@fund_app.command("list", help=t("h_fund_list"))
def fund_list(
    year: int = YEAR,
    date_from: str = from_option("o_rec_from"),
    date_to: str = to_option("o_rec_to"),
    community: str = community_option("o_rec_community"),
    unit: str = unit_option("o_rec_unit"),
    kind: str = KIND,
    fmt: Fmt = FORMAT,
) -> None:
    with open_ledger() as ledger:
        rows = ledger.records.list_contributions(
            year=year, date_from=date_from, date_to=date_to, community=community, unit=unit, kind=kind
        )
    emit(Table(CONTRIBUTION_COLUMNS, rows, footer=fund_footer(contribution_totals(rows))), fmt)


def register(app: typer.Typer) -> None:
    """Add the `fund` noun."""
    app.add_typer(fund_app, name="fund")
