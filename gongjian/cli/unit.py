"""`gongjian unit`: the units (departments, companies, organisations) of the roster: add, list, show, edit."""

from __future__ import annotations

import typer

from gongjian.cli.common import mask_rows, open_ledger
from gongjian.cli.options import COMMUNITY, COMPLETE_UNIT, FORMAT, SHOW_PII, Fmt, name_option, phone_option
from gongjian.cli.output import emit, say
from gongjian.cli.views import count_footer, with_pairings
from gongjian.i18n import t
from gongjian.writing.table import Column, Table

unit_app = typer.Typer(help=t("h_unit"), no_args_is_help=True)

REF = typer.Argument(..., help=t("o_unit_ref"), shell_complete=COMPLETE_UNIT)
# Options shared by `add` and `edit` (and `list --kind`).
KIND = typer.Option(None, "--kind", help=t("o_unit_kind"))
CREDIT_CODE = typer.Option(None, "--credit-code", help=t("label_credit_code"))
PARTY_ORG = typer.Option(None, "--party-org", help=t("label_party_org"))
PARTY_MEMBERS = typer.Option(None, "--party-members", help=t("label_party_members"))
CONTACT = typer.Option(None, "--contact", help=t("label_contact"))
PHONE = phone_option()
ADDRESS = typer.Option(None, "--address", help=t("label_address"))
LEGAL_REP = typer.Option(None, "--legal-rep", help=t("o_unit_legal_rep"))

LIST_COLUMNS = [
    Column("id", "int", data=False),
    Column("name"),
    Column("credit_code"),
    Column("kind", "enum", enum="unit_kind"),
    Column("contact"),
    Column("phone"),
    Column("party_members", "int"),
    Column("communities", "list", title=t("label_communities")),
]
DETAIL_COLUMNS = [
    Column("name"),
    Column("credit_code"),
    Column("kind", "enum", enum="unit_kind"),
    Column("party_org"),
    Column("party_members", "int"),
    Column("contact"),
    Column("phone"),
    Column("address"),
    Column("legal_rep"),
    Column("active", "bool"),
    Column("note"),
]


@unit_app.command("add", help=t("h_unit_add"))
def unit_add(
    name: str = typer.Argument(..., help=t("o_unit_name")),
    kind: str = KIND,
    credit_code: str = CREDIT_CODE,
    party_org: str = PARTY_ORG,
    party_members: str = PARTY_MEMBERS,
    contact: str = CONTACT,
    phone: str = PHONE,
    address: str = ADDRESS,
    legal_rep: str = LEGAL_REP,
) -> None:
    with open_ledger() as ledger:
        row = ledger.roster.add_unit(
            name=name,
            kind=kind,
            credit_code=credit_code,
            party_org=party_org,
            party_members=party_members,
            contact=contact,
            phone=phone,
            address=address,
            legal_rep=legal_rep,
        )
    say(t("unit_added", name=row["name"], id=row["id"]))


@unit_app.command("list", help=t("h_unit_list"))
def unit_list(
    kind: str = KIND,
    community: str = COMMUNITY,
    fmt: Fmt = FORMAT,
    show_pii: bool = SHOW_PII,
) -> None:
    with open_ledger() as ledger:
        if show_pii:
            ledger.audit.record_pii_access("unit list --show-pii")
        rows = mask_rows(ledger.roster.list_units(kind=kind, community=community), show_pii)
    emit(Table(LIST_COLUMNS, rows, footer=count_footer(rows, fmt)), fmt)


@unit_app.command("show", help=t("h_unit_show"))
def unit_show(ref: str = REF, fmt: Fmt = FORMAT, show_pii: bool = SHOW_PII) -> None:
    with open_ledger() as ledger:
        row = ledger.roster.show_unit(ref)
        row["committee_seats"] = ledger.committees.list_seats(unit=row["id"])
        if show_pii:
            ledger.audit.record_pii_access("unit show --show-pii")
    row.pop("name_key", None)
    mask_rows([row], show_pii)
    if fmt is not Fmt.table:
        emit(row)
        return
    for table in with_pairings(row, DETAIL_COLUMNS, row["name"]):
        emit(table)


@unit_app.command("edit", help=t("h_unit_edit"))
def unit_edit(
    ref: str = REF,
    name: str = name_option("label_name"),
    kind: str = KIND,
    credit_code: str = CREDIT_CODE,
    party_org: str = PARTY_ORG,
    party_members: str = PARTY_MEMBERS,
    contact: str = CONTACT,
    phone: str = PHONE,
    address: str = ADDRESS,
    legal_rep: str = LEGAL_REP,
) -> None:
    with open_ledger() as ledger:
        row = ledger.roster.edit_unit(
            ref,
            name=name,
            kind=kind,
            credit_code=credit_code,
            party_org=party_org,
            party_members=party_members,
            contact=contact,
            phone=phone,
            address=address,
            legal_rep=legal_rep,
        )
    say(t("unit_edited", name=row["name"]))


def register(app: typer.Typer) -> None:
    """Add the `unit` noun."""
    app.add_typer(unit_app, name="unit")
