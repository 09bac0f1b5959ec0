"""`gongjian community`: the communities of the roster — add, list, show, edit."""

from __future__ import annotations

import typer

from gongjian.cli.common import joined, mask_rows, open_ledger
from gongjian.cli.options import COMPLETE_COMMUNITY, FORMAT, SHOW_PII, Fmt, name_option, phone_option
from gongjian.cli.output import emit, say
from gongjian.cli.views import count_footer, with_pairings
from gongjian.i18n import t
from gongjian.writing.table import Column, Table

community_app = typer.Typer(help=t("h_community"), no_args_is_help=True)

REF = typer.Argument(..., help=t("o_community_ref"), shell_complete=COMPLETE_COMMUNITY)
# Options shared by `add` and `edit`.
STREET = typer.Option(None, "--street", help=t("label_street"))
DISTRICT = typer.Option(None, "--district", help=t("label_district"))
SECRETARY = typer.Option(None, "--secretary", help=t("label_secretary"))
DIRECTOR = typer.Option(None, "--director", help=t("label_director"))
PHONE = phone_option()
HOUSEHOLDS = typer.Option(None, "--households", help=t("label_households"))
GRIDS = typer.Option(None, "--grid", help=t("o_grid"))

LIST_COLUMNS = [
    Column("code"),
    Column("name"),
    Column("street", fold=True),
    Column("district", fold=True),
    Column("secretary"),
    Column("director", show=False),
    Column("phone"),
    Column("households", "int", show=False),
    Column("lead_unit"),
    Column("units", "int"),
    Column("grids", "int"),
]
DETAIL_COLUMNS = [
    Column("code"),
    Column("name"),
    Column("street"),
    Column("district"),
    Column("secretary"),
    Column("director"),
    Column("phone"),
    Column("households", "int"),
    Column("grids", "list"),
]


@community_app.command("add", help=t("h_community_add"))
def community_add(
    code: str = typer.Argument(..., help=t("o_community_code")),
    name: str = typer.Argument(..., help=t("o_community_name")),
    street: str = STREET,
    district: str = DISTRICT,
    secretary: str = SECRETARY,
    director: str = DIRECTOR,
    phone: str = PHONE,
    households: str = HOUSEHOLDS,
    grid: list[str] = GRIDS,
) -> None:
    with open_ledger() as ledger:
        row = ledger.roster.add_community(
            code=code,
            name=name,
            street=street,
            district=district,
            secretary=secretary,
            director=director,
            phone=phone,
            households=households,
            grids=joined(grid),
        )
    say(t("community_added", code=row["code"], name=row["name"]))


@community_app.command("list", help=t("h_community_list"))
def community_list(fmt: Fmt = FORMAT, show_pii: bool = SHOW_PII) -> None:
    with open_ledger() as ledger:
        if show_pii:
            ledger.audit.record_pii_access("community list --show-pii")
        rows = mask_rows(ledger.roster.list_communities(), show_pii)
    emit(Table(LIST_COLUMNS, rows, footer=count_footer(rows, fmt)), fmt)


@community_app.command("show", help=t("h_community_show"))
def community_show(ref: str = REF, fmt: Fmt = FORMAT, show_pii: bool = SHOW_PII) -> None:
    with open_ledger() as ledger:
        row = ledger.roster.show_community(ref)
        row["committee_seats"] = ledger.committees.list_seats(community=row["id"])
        if show_pii:
            ledger.audit.record_pii_access("community show --show-pii")
    mask_rows([row], show_pii)
    if fmt is not Fmt.table:
        emit(row)
        return
    for table in with_pairings(row, DETAIL_COLUMNS, f"{row['name']}（{row['code']}）"):
        emit(table)


@community_app.command("edit", help=t("h_community_edit"))
def community_edit(
    ref: str = REF,
    code: str = typer.Option(None, "--code", help=t("label_code")),
    name: str = name_option("label_name"),
    street: str = STREET,
    district: str = DISTRICT,
    secretary: str = SECRETARY,
    director: str = DIRECTOR,
    phone: str = PHONE,
    households: str = HOUSEHOLDS,
    grid: list[str] = GRIDS,
) -> None:
    with open_ledger() as ledger:
        row = ledger.roster.edit_community(
            ref,
            code=code,
            name=name,
            street=street,
            district=district,
            secretary=secretary,
            director=director,
            phone=phone,
            households=households,
            grids=joined(grid),
        )
    say(t("community_edited", code=row["code"], name=row["name"]))


def register(app: typer.Typer) -> None:
    """Add the `community` noun."""
    app.add_typer(community_app, name="community")
