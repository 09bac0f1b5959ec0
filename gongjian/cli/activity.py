"""`gongjian activity`: co-building activities — add, list, show."""

from __future__ import annotations

from pathlib import Path

import typer

from gongjian.cli.common import joined, open_ledger
from gongjian.cli.options import (
    ALLOW_UNPAIRED,
    DATE,
    FORMAT,
    NOTE,
    YEAR,
    Fmt,
    category_option,
    community_option,
    from_option,
    to_option,
    unit_option,
)
from gongjian.cli.output import emit, say
from gongjian.cli.views import CONTRIBUTION_COLUMNS
from gongjian.i18n import t
from gongjian.records.activities import activity_totals
from gongjian.writing.table import Column, Table, record_table

activity_app = typer.Typer(help=t("h_activity"), no_args_is_help=True)

COMMUNITY_FILTER = community_option("o_rec_community")
CATEGORY = category_option("o_rec_category")

LIST_COLUMNS = [
    Column("id", "int"),
    Column("date", "date"),
    Column("community"),
    Column("title", wrap=True),
    Column("category", "enum", enum="activity_category"),
    Column("organisers", "list"),
    Column("participants", "list", show=False),
    Column("participant_times", "int"),
    Column("volunteers", "int"),
    Column("members_served", "int", show=False),
    Column("venue", show=False),
    Column("spending_fen", "money", show=False),
]
DETAIL_COLUMNS = [
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
FILE_COLUMNS = [
    Column("kind", "enum", enum="file_kind"),
    Column("path"),
    Column("sha256", fold=True),
    Column("size", "int"),
]
SERVICE_COLUMNS = [
    Column("member", title=t("label_member_name")),
    Column("unit"),
    Column("date"),
    Column("hours", "score"),
    Column("note", wrap=True),
]


@activity_app.command("add", help=t("h_activity_add"))
def activity_add(
    community: str = typer.Argument(..., help=t("o_rec_community")),
    title: str = typer.Argument(..., help=t("o_rec_title")),
    on: str = DATE,
    category: str = CATEGORY,
    organiser: list[str] = typer.Option(None, "--organiser", "--organizer", help=t("o_rec_organiser")),
    participant: list[str] = typer.Option(None, "--participant", help=t("o_rec_participant")),
    participant_times: str = typer.Option(None, "--participant-times", help=t("o_rec_participant_times")),
    volunteers: str = typer.Option(None, "--volunteers", help=t("o_rec_volunteers")),
    members_served: str = typer.Option(None, "--members-served", help=t("o_rec_members_served")),
    venue: str = typer.Option(None, "--venue", help=t("o_rec_venue")),
    spending: str = typer.Option(None, "--spending", help=t("o_rec_spending")),
    description: str = typer.Option(None, "--description", help=t("o_rec_description")),
    note: str = NOTE,
    plan: list[Path] = typer.Option(None, "--plan", help=t("o_rec_plan")),
    record: list[Path] = typer.Option(None, "--record", help=t("o_rec_record")),
    photo: list[Path] = typer.Option(None, "--photo", help=t("o_rec_photo")),
    allow_unpaired: bool = ALLOW_UNPAIRED,
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
    year: int = YEAR,
    date_from: str = from_option("o_rec_from"),
    date_to: str = to_option("o_rec_to"),
    community: str = COMMUNITY_FILTER,
    unit: str = unit_option("o_rec_unit_filter"),
    category: str = CATEGORY,
    fmt: Fmt = FORMAT,
) -> None:
    with open_ledger() as ledger:
        rows = ledger.records.list_activities(
            year=year, date_from=date_from, date_to=date_to, community=community, unit=unit, category=category
        )
    emit(Table(LIST_COLUMNS, rows, footer=[t("activity_totals", **activity_totals(rows))]), fmt)


@activity_app.command("show", help=t("h_activity_show"))
def activity_show(
    ref: str = typer.Argument(..., help=t("o_rec_activity_ref")),
    community: str = COMMUNITY_FILTER,
    year: int = YEAR,
    fmt: Fmt = FORMAT,
) -> None:
    # deferred (start-up): gongjian.records.common loads the normalisers, ~12 ms
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
        emit({**row, "services": services})
        return
    emit(record_table(row, DETAIL_COLUMNS, title=f"#{row['id']} {row['title']}"))
    if row["files"]:
        emit(Table(FILE_COLUMNS, row["files"], title=t("title_activity_files")))
    if row["contributions"]:
        emit(Table(CONTRIBUTION_COLUMNS, row["contributions"], title=t("title_activity_funds")))
    if services:
        emit(Table(SERVICE_COLUMNS, services, title=t("title_activity_services")))


def register(app: typer.Typer) -> None:
    """Add the `activity` noun."""
    app.add_typer(activity_app, name="activity")
