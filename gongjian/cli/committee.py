"""`gongjian committee`: part-time committee members (兼职委员) — add, list, end."""

from __future__ import annotations

import typer

from gongjian.cli.common import open_ledger
from gongjian.cli.options import COMMUNITY, FORMAT, NOTE, UNIT, UNIT_ARG, Fmt, on_option
from gongjian.cli.output import emit, say
from gongjian.cli.views import SEAT_COLUMNS, count_footer
from gongjian.i18n import t
from gongjian.vocab import term_label
from gongjian.writing.table import Table

committee_app = typer.Typer(help=t("h_committee"), no_args_is_help=True)


@committee_app.command("add", help=t("h_committee_add"))
def committee_add(
    person: str = typer.Argument(..., help=t("o_seat_person")),
    unit: str = UNIT_ARG,
    committee: str = typer.Argument(..., help=t("o_seat_committee")),
    role: str = typer.Option(None, "--role", help=t("o_seat_role")),
    unit_post: str = typer.Option(None, "--unit-post", help=t("o_seat_unit_post")),
    started: str = typer.Option(None, "--started", help=t("o_seat_started")),
    note: str = NOTE,
) -> None:
    with open_ledger() as ledger:
        seat = ledger.committees.add_seat(
            person=person,
            unit=unit,
            committee=committee,
            role=role,
            unit_post=unit_post,
            started=started,
            note=note,
        )
    say(
        t(
            "seat_added",
            person=seat["person"],
            unit=seat["unit"],
            committee=seat["committee"],
            role=term_label("committee_role", seat["role"]),
        )
    )


@committee_app.command("list", help=t("h_committee_list"))
def committee_list(
    community: str = COMMUNITY,
    unit: str = UNIT,
    on: str = typer.Option(None, "--on", help=t("o_seat_on")),
    current: bool = typer.Option(False, "--current", help=t("o_seat_current")),
    fmt: Fmt = FORMAT,
) -> None:
    with open_ledger() as ledger:
        day = ledger.committees.day(on) if on else None
        rows = ledger.committees.list_seats(community=community, unit=unit, on=day, include_ended=not current)
    emit(Table(SEAT_COLUMNS, rows, footer=count_footer(rows, fmt)), fmt)


@committee_app.command("end", help=t("h_committee_end"))
def committee_end(
    ref: str = typer.Argument(..., help=t("o_seat_ref")), on: str = on_option("o_ended")
) -> None:
    with open_ledger() as ledger:
        seat = ledger.committees.end_seat(ref, ended=on)
    say(t("seat_ended_done", person=seat["person"], committee=seat["committee"], ended=seat["ended"]))


def register(app: typer.Typer) -> None:
    """Add the `committee` noun."""
    app.add_typer(committee_app, name="committee")
