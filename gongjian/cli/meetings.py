"""`meeting`: quarterly joint meetings (联席会议), the rotating chair (轮值主席) and attendance."""

from __future__ import annotations

import typer

from gongjian.cli import FORMAT_OPTION, Fmt, open_ledger, say, show
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
    Column("topics"),
    Column("decisions"),
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
    Column("communities", title=t("label_communities")),
    Column("held", "int"),
    Column("attended", "int"),
    Column("missed", "int"),
    Column("attendance_rate", "percent", bar=True),
]


@meeting_app.command("add", help=t("h_meeting_add"))
def meeting_add(
    day: str = typer.Argument(..., metavar="DATE", help=t("o_meeting_date")),
    community: str = typer.Argument(..., help=t("o_community_ref")),
    chair: str = typer.Option(None, "--chair", help=t("o_meeting_chair")),
    present: list[str] = typer.Option(None, "--present", help=t("o_meeting_present")),
    absent: list[str] = typer.Option(None, "--absent", help=t("o_meeting_absent")),
    topics: str = typer.Option(None, "--topics", help=t("o_meeting_topics")),
    decisions: str = typer.Option(None, "--decisions", help=t("o_meeting_decisions")),
    note: str = typer.Option(None, "--note", help=t("label_note")),
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
    community: str = typer.Option(None, "--community", "-c", help=t("o_community_ref")),
    year: int = typer.Option(None, "--year", help=t("o_meeting_year")),
    unit: str = typer.Option(None, "--unit", "-u", help=t("o_meeting_unit")),
    fmt: Fmt = FORMAT_OPTION,
) -> None:
    with open_ledger() as ledger:
        rows = ledger.meetings.list_meetings(community=community, year=year, unit=unit)
    show(Table(MEETING_COLUMNS, rows, footer=[t("n_rows", n=len(rows))] if fmt is Fmt.table else []), fmt)


@meeting_app.command("next-chair", help=t("h_meeting_next_chair"))
def meeting_next_chair(
    community: str = typer.Argument(..., help=t("o_community_ref")),
    on: str = typer.Option(None, "--on", help=t("o_next_chair_on")),
    all_: bool = typer.Option(False, "--all", help=t("o_next_chair_all")),
    fmt: Fmt = FORMAT_OPTION,
) -> None:
    with open_ledger() as ledger:
        rotation = ledger.meetings.chair_rotation(community, on=on)
    head = rotation[0]
    if all_:
        title = t("title_pj_rotation", community=head["community"]) if fmt is Fmt.table else None
        show(Table(ROTATION_COLUMNS, rotation, title=title), fmt)
        return
    if fmt is Fmt.json:
        import json
        import sys

        json.dump(
            {c.key: head.get(c.key) for c in ROTATION_COLUMNS if c.key != "order"}
            | {"community": head["community"]},
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
        return
    if fmt is Fmt.csv:
        show(Table(ROTATION_COLUMNS, [head]), fmt)
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
    community: str = typer.Option(None, "--community", "-c", help=t("o_community_ref")),
    fmt: Fmt = FORMAT_OPTION,
) -> None:
    with open_ledger() as ledger:
        rows = ledger.meetings.meeting_attendance(year, community=community)
    title = t("title_pj_attendance", year=year) if fmt is Fmt.table else None
    show(
        Table(
            ATTENDANCE_COLUMNS,
            rows,
            title=title,
            footer=[t("n_rows", n=len(rows))] if fmt is Fmt.table else [],
        ),
        fmt,
    )


def register(app: typer.Typer) -> None:
    """Add the `meeting` noun."""
    app.add_typer(meeting_app, name="meeting")
