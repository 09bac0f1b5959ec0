"""`activity` and `fund`: the record of what units did and gave; `member` lives in `records_members`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from gongjian.cli import FORMAT_OPTION, Fmt, open_ledger, say, show
from gongjian.i18n import t
from gongjian.writing.table import Column, Table, record_table

activity_app = typer.Typer(help=t("h_activity"), no_args_is_help=True)
fund_app = typer.Typer(help=t("h_fund"), no_args_is_help=True)

YEAR_OPTION = typer.Option(None, "--year", "-y", help=t("o_rec_year"))
FROM_OPTION = typer.Option(None, "--from", help=t("o_rec_from"))
TO_OPTION = typer.Option(None, "--to", help=t("o_rec_to"))
COMMUNITY_FILTER = typer.Option(None, "--community", "-c", help=t("o_rec_community"))

ACTIVITY_COLUMNS = [
    Column("id", "int"),
    Column("date", "date"),
    Column("community"),
    Column("title"),
    Column("category", "enum", enum="activity_category"),
    Column("organisers", "list"),
    Column("participants", "list", show=False),
    Column("participant_times", "int"),
    Column("volunteers", "int"),
    Column("members_served", "int", show=False),
    Column("venue", show=False),
    Column("spending_fen", "money", show=False),
]
CONTRIBUTION_COLUMNS = [
    Column("id", "int"),
    Column("date", "date"),
    Column("unit"),
    Column("community"),
    Column("kind", "enum", enum="contribution_kind"),
    Column("amount_fen", "money"),
    Column("description"),
    Column("activity", show=False),
    Column("project", show=False),
    Column("receipt_no"),
]


def dump_json(data: Any) -> None:
    """One JSON document on stdout (English keys, machine values)."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def joined(values: list[str] | None) -> str | None:
    """Repeatable list options as one 、-separated value for the validators (None when empty)."""
    return "、".join(values) if values else None


def fund_footer(totals: dict[str, int]) -> list[str]:
    """The footer lines of a funds listing: cash and in-kind apart and together, venue/service beside."""
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


# ---------------------------------------------------------------------------- activity
@activity_app.command("add", help=t("h_activity_add"))
def activity_add(
    community: str = typer.Argument(..., help=t("o_rec_community")),
    title: str = typer.Argument(..., help=t("o_rec_title")),
    on: str = typer.Option(None, "--date", "-d", help=t("o_rec_date")),
    category: str = typer.Option(None, "--category", help=t("o_rec_category")),
    organiser: list[str] = typer.Option(None, "--organiser", "--organizer", help=t("o_rec_organiser")),
    participant: list[str] = typer.Option(None, "--participant", help=t("o_rec_participant")),
    participant_times: str = typer.Option(None, "--participant-times", help=t("o_rec_participant_times")),
    volunteers: str = typer.Option(None, "--volunteers", help=t("o_rec_volunteers")),
    members_served: str = typer.Option(None, "--members-served", help=t("o_rec_members_served")),
    venue: str = typer.Option(None, "--venue", help=t("o_rec_venue")),
    spending: str = typer.Option(None, "--spending", help=t("o_rec_spending")),
    description: str = typer.Option(None, "--description", help=t("o_rec_description")),
    note: str = typer.Option(None, "--note", help=t("o_rec_note")),
    plan: list[Path] = typer.Option(None, "--plan", help=t("o_rec_plan")),
    record: list[Path] = typer.Option(None, "--record", help=t("o_rec_record")),
    photo: list[Path] = typer.Option(None, "--photo", help=t("o_rec_photo")),
    allow_unpaired: bool = typer.Option(False, "--allow-unpaired", help=t("o_rec_allow_unpaired")),
) -> None:
    with open_ledger() as ledger:
        row = ledger.records.add_activity(
            date=on or "today",
            community=community,
            title=title,
            category=category,
            organisers=joined(organiser),
            participants=joined(participant),
            participant_times=participant_times,
            volunteers=volunteers,
            members_served=members_served,
            venue=venue,
            spending=spending,
            description=description,
            note=note,
            plan=[str(p) for p in plan or []],
            record=[str(p) for p in record or []],
            photos=[str(p) for p in photo or []],
            allow_unpaired=allow_unpaired,
        )
    say(
        t(
            "activity_added",
            id=row["id"],
            date=row["date"],
            community=row["community"],
            title=row["title"],
            organisers="、".join(row["organisers"]),
        )
    )
    if row["files"]:
        say(t("activity_files_added", n=len(row["files"])))


@activity_app.command("list", help=t("h_activity_list"))
def activity_list(
    year: int = YEAR_OPTION,
    date_from: str = FROM_OPTION,
    date_to: str = TO_OPTION,
    community: str = COMMUNITY_FILTER,
    unit: str = typer.Option(None, "--unit", "-u", help=t("o_rec_unit_filter")),
    category: str = typer.Option(None, "--category", help=t("o_rec_category")),
    fmt: Fmt = FORMAT_OPTION,
) -> None:
    from gongjian.records.activities import activity_totals

    with open_ledger() as ledger:
        rows = ledger.records.list_activities(
            year=year, date_from=date_from, date_to=date_to, community=community, unit=unit, category=category
        )
    totals = activity_totals(rows)
    show(Table(ACTIVITY_COLUMNS, rows, footer=[t("activity_totals", **totals)]), fmt)


@activity_app.command("show", help=t("h_activity_show"))
def activity_show(
    ref: str = typer.Argument(..., help=t("o_rec_activity_ref")),
    community: str = COMMUNITY_FILTER,
    year: int = YEAR_OPTION,
    fmt: Fmt = FORMAT_OPTION,
) -> None:
    from gongjian.records.common import hours_of

    with open_ledger() as ledger:
        row = ledger.records.show_activity(ref, community=community, year=year)
    services = [
        {
            "member": s["member"],
            "unit": s["unit"],
            "date": s["date"],
            "hours": hours_of(s["minutes"]),
            "note": s["note"],
        }
        for s in row["services"]
    ]
    if fmt is not Fmt.table:
        dump_json({**row, "services": services})
        return
    cols = [
        Column("date"),
        Column("community"),
        Column("title"),
        Column("category", "enum", enum="activity_category"),
        Column("organisers", "list"),
        Column("participants", "list"),
        Column("participant_times", "int"),
        Column("volunteers", "int"),
        Column("members_served", "int"),
        Column("venue"),
        Column("spending_fen", "money"),
        Column("description"),
        Column("note"),
    ]
    show(record_table(row, cols, title=f"#{row['id']} {row['title']}"))
    if row["files"]:
        show(
            Table(
                [
                    Column("kind", "enum", enum="file_kind"),
                    Column("path"),
                    Column("sha256"),
                    Column("size", "int"),
                ],
                row["files"],
                title=t("title_activity_files"),
            )
        )
    if row["contributions"]:
        show(Table(CONTRIBUTION_COLUMNS, row["contributions"], title=t("title_activity_funds")))
    if services:
        show(
            Table(
                [
                    Column("member", title=t("label_member_name")),
                    Column("unit"),
                    Column("date"),
                    Column("hours", "score"),
                    Column("note"),
                ],
                services,
                title=t("title_activity_services"),
            )
        )


# ---------------------------------------------------------------------------- fund
@fund_app.command("add", help=t("h_fund_add"))
def fund_add(
    unit: str = typer.Argument(..., help=t("o_rec_unit")),
    community: str = typer.Argument(..., help=t("o_rec_community")),
    amount: str = typer.Argument(..., help=t("o_rec_amount")),
    on: str = typer.Option(None, "--date", "-d", help=t("o_rec_date")),
    kind: str = typer.Option(None, "--kind", "-k", help=t("o_rec_kind")),
    description: str = typer.Option(None, "--description", help=t("o_rec_fund_description")),
    activity: str = typer.Option(None, "--activity", help=t("o_rec_activity_ref")),
    project: str = typer.Option(None, "--project", help=t("o_rec_project")),
    receipt: str = typer.Option(None, "--receipt", help=t("o_rec_receipt")),
    note: str = typer.Option(None, "--note", help=t("o_rec_note")),
) -> None:
    from gongjian.reading.normalize import fen_to_yuan
    from gongjian.vocab import term_label

    with open_ledger() as ledger:
        row = ledger.records.add_contribution(
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
    year: int = YEAR_OPTION,
    date_from: str = FROM_OPTION,
    date_to: str = TO_OPTION,
    community: str = COMMUNITY_FILTER,
    unit: str = typer.Option(None, "--unit", "-u", help=t("o_rec_unit")),
    kind: str = typer.Option(None, "--kind", "-k", help=t("o_rec_kind")),
    fmt: Fmt = FORMAT_OPTION,
) -> None:
    from gongjian.records.funds import contribution_totals

    with open_ledger() as ledger:
        rows = ledger.records.list_contributions(
            year=year, date_from=date_from, date_to=date_to, community=community, unit=unit, kind=kind
        )
    show(Table(CONTRIBUTION_COLUMNS, rows, footer=fund_footer(contribution_totals(rows))), fmt)


def register(app: typer.Typer) -> None:
    """Add the `activity`, `fund` and `member` nouns."""
    from gongjian.cli import records_members

    app.add_typer(activity_app, name="activity")
    app.add_typer(fund_app, name="fund")
    records_members.register(app)
