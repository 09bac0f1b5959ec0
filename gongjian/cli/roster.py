"""`community`, `unit`, `pair` and `agreement`: keeping the roster."""

from __future__ import annotations

from pathlib import Path

import typer

from gongjian.cli import FORMAT_OPTION, Fmt, open_ledger, say, show
from gongjian.i18n import t
from gongjian.writing.table import Column, Table, record_table

community_app = typer.Typer(help=t("h_community"), no_args_is_help=True)
unit_app = typer.Typer(help=t("h_unit"), no_args_is_help=True)
pair_app = typer.Typer(help=t("h_pair"), no_args_is_help=True)
agreement_app = typer.Typer(help=t("h_agreement"), no_args_is_help=True)

PII_OPTION = typer.Option(False, "--show-pii", help=t("o_show_pii"))

# Options shared by `add` and `edit` (and `list --kind`).
STREET = typer.Option(None, "--street", help=t("label_street"))
DISTRICT = typer.Option(None, "--district", help=t("label_district"))
SECRETARY = typer.Option(None, "--secretary", help=t("label_secretary"))
DIRECTOR = typer.Option(None, "--director", help=t("label_director"))
PHONE = typer.Option(None, "--phone", help=t("label_phone"))
HOUSEHOLDS = typer.Option(None, "--households", help=t("label_households"))
GRIDS = typer.Option(None, "--grid", help=t("o_grid"))
KIND = typer.Option(None, "--kind", help=t("o_unit_kind"))
CREDIT_CODE = typer.Option(None, "--credit-code", help=t("label_credit_code"))
PARTY_ORG = typer.Option(None, "--party-org", help=t("label_party_org"))
PARTY_MEMBERS = typer.Option(None, "--party-members", help=t("label_party_members"))
CONTACT = typer.Option(None, "--contact", help=t("label_contact"))
ADDRESS = typer.Option(None, "--address", help=t("label_address"))


def mask_phone_rows(rows: list[dict], show_pii: bool, keys: tuple[str, ...] = ("phone",)) -> list[dict]:
    """Mask phone numbers in rows unless the clerk asked for `--show-pii`."""
    if show_pii:
        return rows
    from gongjian.reading.normalize import mask_phone

    for row in rows:
        for key in keys:
            if row.get(key):
                row[key] = mask_phone(row[key])
    return rows


COMMUNITY_COLUMNS = [
    Column("code"),
    Column("name"),
    Column("street"),
    Column("district"),
    Column("secretary"),
    Column("director", show=False),
    Column("phone"),
    Column("households", "int", show=False),
    Column("lead_unit"),
    Column("units", "int"),
    Column("grids", "int"),
]
UNIT_COLUMNS = [
    Column("id", "int", data=False),
    Column("name"),
    Column("credit_code"),
    Column("kind", "enum", enum="unit_kind"),
    Column("contact"),
    Column("phone"),
    Column("party_members", "int"),
    Column("communities", title=t("label_communities")),
]
PAIRING_COLUMNS = [
    Column("community"),
    Column("unit"),
    Column("role", "enum", enum="pair_role"),
    Column("started"),
    Column("ended"),
]
AGREEMENT_COLUMNS = [
    Column("number"),
    Column("community"),
    Column("unit"),
    Column("signed_on"),
    Column("valid_until"),
    Column("commitments", "list"),
]


# ---------------------------------------------------------------------------- community
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
            grids="、".join(grid) if grid else None,
        )
    say(t("community_added", code=row["code"], name=row["name"]))


@community_app.command("list", help=t("h_community_list"))
def community_list(fmt: Fmt = FORMAT_OPTION, show_pii: bool = PII_OPTION) -> None:
    with open_ledger() as ledger:
        if show_pii:
            ledger.audit.record_pii_access("community list --show-pii")
        rows = mask_phone_rows(ledger.roster.list_communities(), show_pii)
    show(Table(COMMUNITY_COLUMNS, rows, footer=[t("n_rows", n=len(rows))] if fmt is Fmt.table else []), fmt)


@community_app.command("show", help=t("h_community_show"))
def community_show(
    ref: str = typer.Argument(..., help=t("o_community_ref")),
    fmt: Fmt = FORMAT_OPTION,
    show_pii: bool = PII_OPTION,
) -> None:
    with open_ledger() as ledger:
        row = ledger.roster.show_community(ref)
        if show_pii:
            ledger.audit.record_pii_access("community show --show-pii")
    cols = [
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
    _show_with_pairings(row, cols, f"{row['name']}（{row['code']}）", fmt, show_pii)


@community_app.command("edit", help=t("h_community_edit"))
def community_edit(
    ref: str = typer.Argument(..., help=t("o_community_ref")),
    code: str = typer.Option(None, "--code", help=t("label_code")),
    name: str = typer.Option(None, "--name", help=t("label_name")),
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
            grids="、".join(grid) if grid else None,
        )
    say(t("community_edited", code=row["code"], name=row["name"]))


# ---------------------------------------------------------------------------- unit
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
        )
    say(t("unit_added", name=row["name"], id=row["id"]))


@unit_app.command("list", help=t("h_unit_list"))
def unit_list(
    kind: str = KIND,
    community: str = typer.Option(None, "--community", "-c", help=t("o_community_ref")),
    fmt: Fmt = FORMAT_OPTION,
    show_pii: bool = PII_OPTION,
) -> None:
    with open_ledger() as ledger:
        if show_pii:
            ledger.audit.record_pii_access("unit list --show-pii")
        rows = mask_phone_rows(ledger.roster.list_units(kind=kind, community=community), show_pii)
    show(Table(UNIT_COLUMNS, rows, footer=[t("n_rows", n=len(rows))] if fmt is Fmt.table else []), fmt)


@unit_app.command("show", help=t("h_unit_show"))
def unit_show(
    ref: str = typer.Argument(..., help=t("o_unit_ref")),
    fmt: Fmt = FORMAT_OPTION,
    show_pii: bool = PII_OPTION,
) -> None:
    with open_ledger() as ledger:
        row = ledger.roster.show_unit(ref)
        if show_pii:
            ledger.audit.record_pii_access("unit show --show-pii")
    row.pop("name_key", None)
    cols = [
        Column("name"),
        Column("credit_code"),
        Column("kind", "enum", enum="unit_kind"),
        Column("party_org"),
        Column("party_members", "int"),
        Column("contact"),
        Column("phone"),
        Column("address"),
    ]
    _show_with_pairings(row, cols, row["name"], fmt, show_pii)


def _show_with_pairings(row: dict, cols: list[Column], title: str, fmt: Fmt, show_pii: bool) -> None:
    """A community or unit: JSON as it is, or its fields then its pairings and agreements as tables."""
    mask_phone_rows([row], show_pii)
    if fmt is not Fmt.table:
        import json
        import sys

        json.dump(row, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
        return
    show(record_table(row, cols, title=title))
    show(Table(PAIRING_COLUMNS, row["pairings"], title=t("title_pairings")))
    if row["agreements"]:
        show(Table(AGREEMENT_COLUMNS, row["agreements"], title=t("title_agreements")))


@unit_app.command("edit", help=t("h_unit_edit"))
def unit_edit(
    ref: str = typer.Argument(..., help=t("o_unit_ref")),
    name: str = typer.Option(None, "--name", help=t("label_name")),
    kind: str = KIND,
    credit_code: str = CREDIT_CODE,
    party_org: str = PARTY_ORG,
    party_members: str = PARTY_MEMBERS,
    contact: str = CONTACT,
    phone: str = PHONE,
    address: str = ADDRESS,
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
        )
    say(t("unit_edited", name=row["name"]))


# ---------------------------------------------------------------------------- pair
@pair_app.command("add", help=t("h_pair_add"))
def pair_add(
    community: str = typer.Argument(..., help=t("o_community_ref")),
    unit: str = typer.Argument(..., help=t("o_unit_ref")),
    lead: bool = typer.Option(False, "--lead", help=t("o_lead")),
    started: str = typer.Option(None, "--started", help=t("o_started")),
) -> None:
    with open_ledger() as ledger:
        ledger.roster.add_pairing(community, unit, lead=lead, started=started)
        c, u = ledger.roster.community(community), ledger.roster.unit(unit)
    say(t("paired_lead" if lead else "paired", community=c["name"], unit=u["name"]))


@pair_app.command("list", help=t("h_pair_list"))
def pair_list(
    community: str = typer.Option(None, "--community", "-c", help=t("o_community_ref")),
    unit: str = typer.Option(None, "--unit", "-u", help=t("o_unit_ref")),
    all_: bool = typer.Option(False, "--all", help=t("o_pair_all")),
    lead: bool = typer.Option(False, "--lead", help=t("o_pair_lead_only")),
    fmt: Fmt = FORMAT_OPTION,
) -> None:
    with open_ledger() as ledger:
        rows = ledger.roster.list_pairings(
            community=community, unit=unit, include_ended=all_, role="lead" if lead else None
        )
    show(Table(PAIRING_COLUMNS, rows, footer=[t("n_rows", n=len(rows))] if fmt is Fmt.table else []), fmt)


@pair_app.command("end", help=t("h_pair_end"))
def pair_end(
    community: str = typer.Argument(..., help=t("o_community_ref")),
    unit: str = typer.Argument(..., help=t("o_unit_ref")),
    on: str = typer.Option(None, "--on", help=t("o_ended")),
) -> None:
    with open_ledger() as ledger:
        row = ledger.roster.end_pairing(community, unit, ended=on)
        c, u = ledger.roster.community(community), ledger.roster.unit(unit)
    say(t("pair_ended", community=c["name"], unit=u["name"], ended=row["ended"]))


# ---------------------------------------------------------------------------- agreement
@agreement_app.command("add", help=t("h_agreement_add"))
def agreement_add(
    community: str = typer.Argument(..., help=t("o_community_ref")),
    unit: str = typer.Argument(..., help=t("o_unit_ref")),
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
            commitments="、".join(commitment) if commitment else None,
            file=str(file) if file else None,
        )
    say(t("agreement_added", number=row["number"], community=row["community"], unit=row["unit"]))


@agreement_app.command("list", help=t("h_agreement_list"))
def agreement_list(
    community: str = typer.Option(None, "--community", "-c", help=t("o_community_ref")),
    unit: str = typer.Option(None, "--unit", "-u", help=t("o_unit_ref")),
    fmt: Fmt = FORMAT_OPTION,
) -> None:
    with open_ledger() as ledger:
        rows = ledger.roster.list_agreements(community=community, unit=unit)
    show(Table(AGREEMENT_COLUMNS, rows, footer=[t("n_rows", n=len(rows))] if fmt is Fmt.table else []), fmt)


@agreement_app.command("show", help=t("h_agreement_show"))
def agreement_show(
    ref: str = typer.Argument(..., help=t("o_agreement_ref")), fmt: Fmt = FORMAT_OPTION
) -> None:
    with open_ledger() as ledger:
        row = ledger.roster.show_agreement(ref)
    if fmt is not Fmt.table:
        import json
        import sys

        json.dump(row, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    cols = AGREEMENT_COLUMNS + [Column("file", title=t("label_file")), Column("sha256")]
    show(
        record_table(
            {**row, "file": row.get("file_path"), "sha256": row.get("file_sha256")}, cols, title=row["number"]
        )
    )


@agreement_app.command("expiring", help=t("h_agreement_expiring"))
def agreement_expiring(
    days: int = typer.Option(30, "--days", help=t("o_days")),
    fmt: Fmt = FORMAT_OPTION,
) -> None:
    with open_ledger() as ledger:
        rows = ledger.roster.list_agreements(expiring_within=days)
    cols = AGREEMENT_COLUMNS + [Column("days_left", "int")]
    show(
        Table(
            cols,
            rows,
            title=t("title_expiring", days=days) if fmt is Fmt.table else None,
            footer=[t("n_rows", n=len(rows))] if fmt is Fmt.table else [],
        ),
        fmt,
    )


def register(app: typer.Typer) -> None:
    """Add the roster nouns."""
    app.add_typer(community_app, name="community")
    app.add_typer(unit_app, name="unit")
    app.add_typer(pair_app, name="pair")
    app.add_typer(agreement_app, name="agreement")
