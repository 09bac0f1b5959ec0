"""`gongjian ticket`: the problem ledger (问题台账) — open, the workflow moves, list, show, overdue."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import typer

from gongjian.cli.common import confirm, fail, open_ledger
from gongjian.cli.options import (
    COMPLETE_COMMUNITY,
    COMPLETE_TICKET,
    FORMAT,
    Fmt,
    category_option,
    community_option,
    from_option,
    note_option,
    on_option,
    status_option,
    to_option,
    unit_option,
    year_option,
    yes_option,
)
from gongjian.cli.output import emit, say
from gongjian.i18n import t
from gongjian.vocab import term_label
from gongjian.writing.table import Column, Table, record_table

ticket_app = typer.Typer(help=t("h_ticket"), no_args_is_help=True)

REF = typer.Argument(..., help=t("o_tk_ref"), shell_complete=COMPLETE_TICKET)
BULK_REF = typer.Argument(None, help=t("o_tk_bulk_ref"), show_default=False, shell_complete=COMPLETE_TICKET)
ON = on_option("o_tk_on")
YES = yes_option("o_tk_yes")
# the filters of `ticket list`, also taken by bulk `assign` and `close`
F_COMMUNITY = community_option("o_tk_community")
F_GRID = typer.Option(None, "--grid", "-g", help=t("o_tk_f_grid"))
F_CATEGORY = category_option("o_tk_f_category")
F_STATUS = status_option("o_tk_f_status", short=True)
F_UNIT = unit_option("o_tk_f_unit")
F_ASSIGNEE = typer.Option(None, "--assignee", help=t("o_tk_f_assignee"))
F_OVERDUE = typer.Option(False, "--overdue", help=t("o_tk_f_overdue"))
F_YEAR = year_option("o_tk_f_year", short=False)  # `-y` is `--yes` here
F_FROM = from_option("o_tk_f_from")
F_TO = to_option("o_tk_f_to")

LIST_COLUMNS = [
    Column("number"),
    Column("community"),
    Column("grid", fold=True),
    Column("category", "enum", enum="ticket_category", title=t("tk_category"), fold=True),
    Column("title", title=t("tk_title"), wrap=True),
    Column("location", wrap=True, fold=True),
    Column("status", "enum", enum="ticket_status"),
    Column("assignee"),
    Column("deadline"),
    Column("reported_on", fold=True),
    Column("closed_on", fold=True),
    Column("overdue", "bool", fold=True),
]
OVERDUE_COLUMNS = [
    Column("assignee"),
    Column("number"),
    Column("community"),
    Column("grid", fold=True),
    Column("title", title=t("tk_title"), wrap=True),
    Column("status", "enum", enum="ticket_status"),
    Column("deadline"),
    Column("due", title=t("tk_due"), data=False),
    Column("days_overdue", "int", show=False),
    Column("overdue", "bool", show=False),
]
ASSIGNEE_COLUMNS = [
    Column("assignee"),
    Column("overdue", "int"),
    Column("due_soon", "int"),
    Column("max_days_overdue", "int"),
]


def _filters(
    community: str | None,
    grid: str | None,
    category: list[str] | None,
    status: list[str] | None,
    unit: str | None,
    overdue: bool,
    year: int | None,
    date_from: str | None,
    date_to: str | None,
) -> dict[str, Any]:
    """The filter options as the ledger's filter dict (only those given)."""
    given = {
        "community": community,
        "grid": grid,
        "category": category or None,
        "status": status or None,
        "unit": unit,
        "overdue": overdue or None,
        "year": year,
        "date_from": date_from,
        "date_to": date_to,
    }
    return {k: v for k, v in given.items() if v not in (None, "", [])}


def _bulk_target(number: str | None, filters: dict[str, Any]) -> None:
    """A bulk verb takes a number or filters, never both and never neither (usage error, exit 2)."""
    if number and filters:
        fail(t("tk_bulk_number_and_filters"), 2)
    if not number and not filters:
        fail(t("tk_bulk_no_target"), 2)


def _confirm_bulk(move: str, result: dict[str, Any], yes: bool) -> None:
    """Say how many tickets change (and how many are skipped), then go ahead only as `confirm` allows."""
    label = t(f"tk_move_{move}")
    say(t("tk_bulk_plan", move=label, n=result["count"]))
    if result["skipped"]:
        say(t("tk_bulk_skip", move=label, n=result["skipped"]))
    confirm(yes)


# ---------------------------------------------------------------------------- open and the moves
@ticket_app.command("open", help=t("h_ticket_open"))
def ticket_open(
    community: str = typer.Argument(..., help=t("o_tk_community"), shell_complete=COMPLETE_COMMUNITY),
    title: str = typer.Argument(..., help=t("o_tk_title")),
    grid: str = typer.Option(None, "--grid", "-g", help=t("o_tk_grid")),
    category: str = category_option("o_tk_category"),
    description: str = typer.Option(None, "--description", "-d", help=t("o_tk_description")),
    location: str = typer.Option(None, "--location", "-l", help=t("o_tk_location")),
    source: str = typer.Option(None, "--source", help=t("o_tk_source")),
    reported: str = typer.Option(None, "--reported", help=t("o_tk_reported")),
    meeting: str = typer.Option(None, "--meeting", help=t("o_tk_meeting")),
) -> None:
    with open_ledger() as ledger:
        row = ledger.tickets.open_ticket(
            community=community,
            title=title,
            grid=grid,
            category=category,
            description=description,
            location=location,
            source=source,
            reported_on=reported,
            meeting=meeting,
        )
    say(t("tk_opened", number=row["number"], title=row["title"]))
    if row.get("promised_by"):
        say(
            t(
                "tk_promised",
                source=term_label("ticket_source", row["source"]),
                promised_by=row["promised_by"],
            )
        )


@ticket_app.command("assign", help=t("h_ticket_assign"))
def ticket_assign(
    number: str = BULK_REF,
    unit: str = unit_option("o_tk_unit", required=True),
    deadline: str = typer.Option(None, "--deadline", help=t("o_tk_deadline_promise")),
    on: str = ON,
    yes: bool = YES,
    community: str = F_COMMUNITY,
    grid: str = F_GRID,
    category: list[str] = F_CATEGORY,
    status: list[str] = F_STATUS,
    assignee: str = F_ASSIGNEE,
    overdue: bool = F_OVERDUE,
    year: int = F_YEAR,
    date_from: str = F_FROM,
    date_to: str = F_TO,
) -> None:
    filters = _filters(community, grid, category, status, assignee, overdue, year, date_from, date_to)
    _bulk_target(number, filters)
    with open_ledger() as ledger:
        if number:
            row = ledger.tickets.assign_ticket(number, unit=unit, deadline=deadline, on=on)
            say(t("tk_assigned", number=row["number"], unit=row["assignee"], deadline=row["deadline"]))
            return
        result = ledger.tickets.assign_tickets(filters, unit=unit, deadline=deadline, on=on, apply=False)
        _confirm_bulk("assign", result, yes)
        result = ledger.tickets.assign_tickets(filters, unit=unit, deadline=deadline, on=on)
    say(t("tk_bulk_assigned", n=result["count"], unit=result["unit"], deadline=result["deadline"]))


@ticket_app.command("start", help=t("h_ticket_start"))
def ticket_start(number: str = REF, on: str = ON, note: str = note_option("o_tk_note")) -> None:
    with open_ledger() as ledger:
        row = ledger.tickets.start_ticket(number, on=on, note=note)
    say(t("tk_started", number=row["number"]))


@ticket_app.command("resolve", help=t("h_ticket_resolve"))
def ticket_resolve(
    number: str = REF,
    resolution: str = typer.Option(..., "--resolution", "-r", help=t("o_tk_resolution")),
    on: str = ON,
) -> None:
    with open_ledger() as ledger:
        row = ledger.tickets.resolve_ticket(number, resolution=resolution, on=on)
    say(t("tk_resolved", number=row["number"]))


@ticket_app.command("close", help=t("h_ticket_close"))
def ticket_close(
    number: str = BULK_REF,
    verifier: str = typer.Option(..., "--verifier", help=t("o_tk_verifier")),
    on: str = ON,
    yes: bool = YES,
    community: str = F_COMMUNITY,
    grid: str = F_GRID,
    category: list[str] = F_CATEGORY,
    status: list[str] = F_STATUS,
    unit: str = F_UNIT,
    overdue: bool = F_OVERDUE,
    year: int = F_YEAR,
    date_from: str = F_FROM,
    date_to: str = F_TO,
) -> None:
    filters = _filters(community, grid, category, status, unit, overdue, year, date_from, date_to)
    _bulk_target(number, filters)
    with open_ledger() as ledger:
        if number:
            row = ledger.tickets.close_ticket(number, verifier=verifier, on=on)
            say(t("tk_closed_msg", number=row["number"], verifier=row["verifier"], date=row["closed_on"]))
            if on is None and row["closed_on"][:4] > row["reported_on"][:4]:
                say(_closed_today_note(row), err=True)
            return
        result = ledger.tickets.close_tickets(filters, verifier=verifier, on=on, apply=False)
        if on is None and result["earlier_years"]:
            say(
                t(
                    "tk_bulk_closed_today",
                    n=result["earlier_years"],
                    today=result["on"],
                    year=result["on"][:4],
                )
            )
        _confirm_bulk("close", result, yes)
        result = ledger.tickets.close_tickets(filters, verifier=verifier, on=on)
    say(t("tk_bulk_closed", n=result["count"], verifier=result["verifier"], date=result["on"]))


def _closed_today_note(row: dict[str, Any]) -> str:
    """A past year's ticket closed without `--on`: its 销号日期 is today, so it counts in this year."""
    return t(
        "tk_closed_today",
        number=row["number"],
        today=row["closed_on"],
        this_year=row["closed_on"][:4],
        year=row["reported_on"][:4],
        verifier=row["verifier"],
    )


@ticket_app.command("reject", help=t("h_ticket_reject"))
def ticket_reject(
    number: str = REF, reason: str = typer.Option(..., "--reason", help=t("o_tk_reason")), on: str = ON
) -> None:
    with open_ledger() as ledger:
        row = ledger.tickets.reject_ticket(number, reason=reason, on=on)
    say(t("tk_rejected_msg", number=row["number"], reason=row["reason"]))


@ticket_app.command("reopen", help=t("h_ticket_reopen"))
def ticket_reopen(
    number: str = REF, reason: str = typer.Option(..., "--reason", help=t("o_tk_reason")), on: str = ON
) -> None:
    with open_ledger() as ledger:
        row = ledger.tickets.reopen_ticket(number, reason=reason, on=on)
    say(t("tk_reopened", number=row["number"], reason=row["events"][-1]["note"]))


# ---------------------------------------------------------------------------- looking
@ticket_app.command("list", help=t("h_ticket_list"))
def ticket_list(
    community: str = F_COMMUNITY,
    grid: str = F_GRID,
    category: list[str] = F_CATEGORY,
    status: list[str] = F_STATUS,
    unit: str = F_UNIT,
    overdue: bool = F_OVERDUE,
    year: int = F_YEAR,
    date_from: str = F_FROM,
    date_to: str = F_TO,
    fmt: Fmt = FORMAT,
) -> None:
    # deferred (start-up): gongjian.tickets.tickets loads sqlite3 and the record specs, ~25 ms
    from gongjian.tickets.tickets import status_counts

    filters = _filters(community, grid, category, status, unit, overdue, year, date_from, date_to)
    with open_ledger() as ledger:
        if fmt is not Fmt.table:  # JSON and CSV stream from the cursor: a city's tickets in little memory
            emit(Table(LIST_COLUMNS, ledger.tickets.iter_tickets(**filters)), fmt)
            return
        rows = ledger.tickets.list_tickets(**filters)
    counts = status_counts(rows)
    parts = "、".join(f"{term_label('ticket_status', s)} {counts[s]}" for s in counts if s != "overdue")
    footer = [t("tk_counts", n=len(rows), parts=parts, overdue=counts["overdue"])]
    emit(Table(LIST_COLUMNS, rows, footer=footer), fmt)


def _event_detail(event: dict[str, Any]) -> str:
    """One line saying what a move recorded: the unit and deadline, the resolution, verifier or reason."""
    to, note = event["to_status"], event["note"]
    if event["from_status"] is None:
        return t("tk_event_open")
    if to == "assigned":
        return t("tk_event_assigned", unit=event["unit"] or "", note=note or "")
    if not note:
        return ""
    if to == "resolved":
        return t("tk_event_resolved", note=note)
    if to == "closed":
        return t("tk_event_closed", note=note)
    if to == "rejected" or event["from_status"] in ("resolved", "closed"):
        return t("tk_event_reason", note=note)
    return note


@ticket_app.command("show", help=t("h_ticket_show"))
def ticket_show(number: str = REF, fmt: Fmt = FORMAT) -> None:
    with open_ledger() as ledger:
        row = ledger.tickets.show_ticket(number)
    if fmt is not Fmt.table:
        row.pop("id", None)
        emit(row)
        return
    cols = [
        Column("number"),
        Column("community"),
        Column("grid"),
        Column("category", "enum", enum="ticket_category", title=t("tk_category")),
        Column("title", title=t("tk_title")),
        Column("description", title=t("tk_description")),
        Column("location"),
        Column("source", "enum", enum="ticket_source"),
        Column("meeting"),
        Column("reported_on"),
        Column("promised_by"),
        Column("status", "enum", enum="ticket_status"),
        Column("assignee"),
        Column("deadline"),
        Column("overdue", "bool"),
        Column("resolution"),
        Column("verifier"),
        Column("closed_on"),
        Column("reason"),
    ]
    emit(record_table(row, cols, title=f"{row['number']}　{row['title']}"))
    events = [
        {
            "at": _local_time(e["at"]),
            "on_date": e["on_date"],
            "move": " → ".join(
                term_label("ticket_status", s) for s in (e["from_status"], e["to_status"]) if s
            ),
            "unit": e["unit"],
            "detail": _event_detail(e),
        }
        for e in row["events"]
    ]
    emit(
        Table(
            [
                Column("at", title=t("tk_at")),
                Column("on_date"),
                Column("move", title=t("tk_move")),
                Column("unit"),
                Column("detail", title=t("tk_detail"), wrap=True),
            ],
            events,
            title=t("tk_history"),
        )
    )


def _local_time(stamp: str) -> str:
    """A stored UTC time (`2016-03-05T01:02:03Z`) as local time for the person reading."""
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def _due_text(days_overdue: int) -> str:
    if days_overdue > 0:
        return t("tk_days_over", n=days_overdue)
    if days_overdue == 0:
        return t("tk_due_today")
    return t("tk_days_left", n=-days_overdue)


@ticket_app.command("overdue", help=t("h_ticket_overdue"))
def ticket_overdue(
    days_left: int = typer.Option(7, "--days-left", min=0, help=t("o_tk_days_left")),
    community: str = F_COMMUNITY,
    unit: str = F_UNIT,
    fmt: Fmt = FORMAT,
) -> None:
    # deferred (start-up): gongjian.tickets.tickets loads sqlite3 and the record specs, ~25 ms
    from gongjian.tickets.tickets import overdue_by_assignee

    with open_ledger() as ledger:
        rows = ledger.tickets.overdue_tickets(days_left=days_left, community=community, unit=unit)
    if fmt is not Fmt.table:
        emit(Table(OVERDUE_COLUMNS, rows), fmt)
        return
    if not rows:
        say(t("tk_overdue_none", days=days_left))
        return
    for r in rows:
        r["due"] = _due_text(r["days_overdue"])
        r["assignee"] = r["assignee"] or t("tk_unassigned")
    groups = overdue_by_assignee(rows)
    emit(Table(ASSIGNEE_COLUMNS, groups, title=t("tk_overdue_by_unit")))
    late = sum(g["overdue"] for g in groups)
    footer = [t("tk_overdue_footer", overdue=late, soon=len(rows) - late, days=days_left, units=len(groups))]
    emit(
        Table(
            OVERDUE_COLUMNS,
            rows,
            title=t("tk_overdue_title", days=days_left, today=date.today().isoformat()),
            footer=footer,
        )
    )


def register(app: typer.Typer) -> None:
    """Add the `ticket` noun."""
    app.add_typer(ticket_app, name="ticket")
