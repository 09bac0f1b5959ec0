"""`gongjian meeting`: quarterly joint meetings (联席会议), the rotating chair (轮值主席) and attendance."""

from __future__ import annotations

import typer

from gongjian.cli.common import open_ledger
from gongjian.cli.options import (
    COMMUNITY,
    COMMUNITY_ARG,
    FORMAT,
    Fmt,
    note_option,
    on_option,
    unit_option,
    year_option,
)
from gongjian.cli.output import emit, say
from gongjian.cli.views import count_footer
from gongjian.i18n import t
from gongjian.writing.table import Column, Table

meeting_app = typer.Typer(help=t("h_meeting"), no_args_is_help=True)

MEETING_COLUMNS = [
    Column("id", "int"),
    Column("date", "date"),
    Column("year", "int", show=False),
    Column("community_code", show=False),
    Column("community"),
    Column("chair"),
    Column("attended", "int"),
    Column("invited", "int"),
    Column("present", "list", show=False),
    Column("absent", "list"),
    Column("topics", wrap=True),
    Column("decisions", wrap=True, fold=True),
]
ROTATION_COLUMNS = [
    Column("order", "int"),
    Column("unit_id", "int", show=False),
    Column("unit"),
    Column("role", "enum", enum="pair_role"),
    Column("started", "date"),
    Column("last_chaired", "date"),
    Column("times_chaired", "int"),
]
ATTENDANCE_COLUMNS = [
    Column("unit_id", "int", show=False),
    Column("unit"),
    Column("communities", "list", title=t("label_communities")),
    Column("held", "int"),
    Column("attended", "int"),
    Column("missed", "int"),
    Column("attendance_rate", "percent", bar=True),
]


@meeting_app.command("add", help=t("h_meeting_add"))
def meeting_add(
    day: str = typer.Argument(..., metavar="DATE", help=t("o_meeting_date")),
    community: str = COMMUNITY_ARG,
    chair: str = typer.Option(None, "--chair", help=t("o_meeting_chair")),
    present: list[str] = typer.Option(None, "--present", help=t("o_meeting_present")),
    absent: list[str] = typer.Option(None, "--absent", help=t("o_meeting_absent")),
    topics: str = typer.Option(None, "--topics", help=t("o_meeting_topics")),
    decisions: str = typer.Option(None, "--decisions", help=t("o_meeting_decisions")),
    note: str = note_option("label_note"),
) -> None:
    with open_ledger() as ledger:
        row = ledger.meetings.add_meeting(
            date=day,
            community=community,
            chair=chair,
            present=present or None,
            absent=absent or None,
            topics=topics,
            decisions=decisions,
            note=note,
        )
    say(
        t(
            "pj_meeting_added",
            id=row["id"],
            community=row["community"],
            date=row["date"],
            chair=row["chair"] or t("pj_no_chair"),
            attended=row["attended"],
            invited=row["invited"],
        )
    )
    if row["absent"]:
        say(t("pj_meeting_absent", units="、".join(row["absent"])))


@meeting_app.command("list", help=t("h_meeting_list"))
def meeting_list(
    community: str = COMMUNITY,
    year: int = year_option("o_meeting_year", short=False),
    unit: str = unit_option("o_meeting_unit"),
    fmt: Fmt = FORMAT,
) -> None:
    with open_ledger() as ledger:
        rows = ledger.meetings.list_meetings(community=community, year=year, unit=unit)
    emit(Table(MEETING_COLUMNS, rows, footer=count_footer(rows, fmt)), fmt)


@meeting_app.command("next-chair", help=t("h_meeting_next_chair"))
def meeting_next_chair(
    community: str = COMMUNITY_ARG,
    on: str = on_option("o_next_chair_on"),
    all_: bool = typer.Option(False, "--all", help=t("o_next_chair_all")),
    fmt: Fmt = FORMAT,
) -> None:
    with open_ledger() as ledger:
        rotation = ledger.meetings.chair_rotation(community, on=on)
    head = rotation[0]
    if all_:
        title = t("title_pj_rotation", community=head["community"]) if fmt is Fmt.table else None
        emit(Table(ROTATION_COLUMNS, rotation, title=title), fmt)
        return
    if fmt is Fmt.json:
        emit(
            {c.key: head.get(c.key) for c in ROTATION_COLUMNS if c.key != "order"}
            | {"community": head["community"]}
        )
        return
    if fmt is Fmt.csv:
        emit(Table(ROTATION_COLUMNS, [head]), fmt)
        return
    why = (
        t("pj_chair_last", date=head["last_chaired"], n=head["times_chaired"])
        if head["last_chaired"]
        else t("pj_chair_never")
    )
    say(t("pj_next_chair", community=head["community"], unit=head["unit"], why=why))


@meeting_app.command("attendance", help=t("h_meeting_attendance"))
def meeting_attendance(
    year: int = typer.Argument(..., help=t("o_meeting_year")),
    community: str = COMMUNITY,
    fmt: Fmt = FORMAT,
) -> None:
    with open_ledger() as ledger:
        rows = ledger.meetings.meeting_attendance(year, community=community)
    title = t("title_pj_attendance", year=year) if fmt is Fmt.table else None
    emit(
        Table(
            ATTENDANCE_COLUMNS,
            rows,
            title=title,
            footer=count_footer(rows, fmt),
        ),
        fmt,
    )


def register(app: typer.Typer) -> None:
    """Add the `meeting` noun."""
    app.add_typer(meeting_app, name="meeting")
