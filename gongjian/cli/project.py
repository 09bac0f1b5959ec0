"""`gongjian project`: contract projects (契约化项目) — add, claim or bid, task sheet, done, rate, list, match."""

from __future__ import annotations

import typer

from gongjian.cli.common import open_ledger
from gongjian.cli.options import (
    COMMUNITY,
    COMMUNITY_ARG,
    FORMAT,
    Fmt,
    category_option,
    note_option,
    on_option,
    status_option,
    unit_option,
    year_option,
)
from gongjian.cli.output import emit, say
from gongjian.cli.views import count_footer
from gongjian.i18n import t
from gongjian.writing.table import Column, Table, money_text, record_table

project_app = typer.Typer(help=t("h_project"), no_args_is_help=True)
task_app = typer.Typer(help=t("h_project_task"), no_args_is_help=True)
project_app.add_typer(task_app, name="task")

REF = typer.Argument(..., help=t("o_project_ref"))
ON = on_option("o_pj_on")
LIST_ON = on_option("o_project_list_on")
CATEGORY = category_option("o_pj_category")

PROJECT_COLUMNS = [
    Column("id", "int"),
    Column("community_code", show=False),
    Column("community"),
    Column("title", wrap=True),
    Column("need_id", "int", show=False),
    Column("need", show=False),
    Column("category", "enum", enum="need_category"),
    Column("budget_fen", "money"),
    Column("listed_on", "date", fold=True),
    Column("year", "int", show=False),
    Column("claim_deadline", "date"),
    Column("due", "date"),
    Column("status", "enum", enum="project_status"),
    Column("in_hall", "bool", fold=True),
    Column("claimants", "list", show=False),
    Column("claims_text", "list", data=False),
    Column("via_hall", "bool", show=False),
    Column("bid_fen", "money", show=False),
    Column("tasks", "int", show=False),
    Column("tasks_done", "int", show=False),
    Column("progress", data=False),
    Column("done_on", "date", fold=True),
    Column("satisfied", "int", show=False),
    Column("basically_satisfied", "int", show=False),
    Column("unsatisfied", "int", show=False),
    Column("satisfaction", "percent", fold=True),
    Column("rated_on", "date", show=False),
]
CLAIM_COLUMNS = [
    Column("unit"),
    Column("how", "enum", enum="claim_how"),
    Column("bid_fen", "money"),
    Column("claimed_on", "date"),
    Column("via_hall", "bool"),
]
TASK_COLUMNS = [
    Column("id", "int"),
    Column("title", title=t("label_pj_task"), wrap=True),
    Column("owner"),
    Column("unit"),
    Column("due", "date"),
    Column("done_on", "date"),
]
MATCH_COLUMNS = [
    Column("community_code", show=False),
    Column("community"),
    Column("kind", show=False),
    Column("kind_label", title=t("label_pj_item_kind"), data=False),
    Column("item_id", "int"),
    Column("title", wrap=True),
    Column("category", "enum", enum="need_category"),
    Column("in_hall", "bool", show=False),
    Column("paired_resources", "list", show=False),
    Column("paired_text", "list", title=t("label_pj_paired_units"), data=False),
    Column("paired_units", "list", show=False),
    Column("other_units", "list", show=False),
    Column("others_text", "list", title=t("label_pj_other_units"), data=False),
    Column("matches", "int"),
]
OTHERS_SHOWN = 6  # other (unpaired) units named per row in the terminal; JSON and CSV carry them all
OTHERS_SHOWN = 6  # other (unpaired) units named per row in the terminal; JSON and CSV carry them all


@project_app.command("add", help=t("h_project_add"))
def project_add(
    community: str = COMMUNITY_ARG,
    title: str = typer.Argument(..., help=t("o_project_title")),
    need: str = typer.Option(None, "--need", help=t("o_project_need")),
    category: str = CATEGORY,
    budget: str = typer.Option(None, "--budget", help=t("o_project_budget")),
    listed: str = typer.Option(None, "--listed", help=t("o_project_listed")),
    deadline: str = typer.Option(None, "--deadline", help=t("o_project_deadline")),
    due: str = typer.Option(None, "--due", help=t("o_project_due")),
    note: str = note_option("label_note"),
) -> None:
    with open_ledger() as ledger:
        row = ledger.projects.add_project(
            community=community,
            title=title,
            need=need,
            category=category,
            budget=budget,
            listed_on=listed,
            claim_deadline=deadline,
            due=due,
            note=note,
        )
    say(
        t(
            "pj_project_added",
            id=row["id"],
            community=row["community"],
            title=row["title"],
            budget=money_text(row["budget_fen"]),
            deadline=row["claim_deadline"],
        )
    )


@project_app.command("claim", help=t("h_project_claim"))
def project_claim(
    project: str = REF,
    units: list[str] = typer.Argument(..., help=t("o_claim_units")),
    bid: str = typer.Option(None, "--bid", help=t("o_claim_bid_joint")),
    share: list[str] = typer.Option(None, "--share", help=t("o_claim_share")),
    on: str = ON,
) -> None:
    with open_ledger() as ledger:
        claims = ledger.projects.claim_project(project, units, bid=bid, shares=share or None, on=on)
    for c in claims:
        if c["how"] == "bid":
            how = t("pj_how_bid", amount=money_text(c["bid_fen"]))
        elif c["share_fen"] is not None:
            how = t("pj_how_share", amount=money_text(c["share_fen"]))
        else:
            how = t("pj_how_claim")
        if c["via_hall"]:
            how = t("pj_how_hall", how=how)
        say(
            t(
                "pj_claimed",
                unit=c["unit"],
                id=c["project_id"],
                title=c["title"],
                how=how,
                day=c["claimed_on"],
            )
        )


@task_app.command("add", help=t("h_project_task_add"))
def task_add(
    project: str = REF,
    title: str = typer.Argument(..., help=t("o_task_title")),
    owner: str = typer.Option(None, "--owner", help=t("o_task_owner")),
    unit: str = unit_option("o_task_unit"),
    due: str = typer.Option(None, "--due", help=t("o_task_due")),
) -> None:
    with open_ledger() as ledger:
        row = ledger.projects.add_project_task(project, title, owner=owner, unit=unit, due=due)
    say(t("pj_task_added", task_id=row["id"], task=row["title"], id=row["project_id"], title=row["project"]))


@task_app.command("done", help=t("h_project_task_done"))
def task_done(
    project: str = REF,
    task: str = typer.Argument(..., help=t("o_task_ref")),
    on: str = ON,
) -> None:
    with open_ledger() as ledger:
        row = ledger.projects.finish_project_task(project, task, on=on)
    key = "pj_task_done_more" if row["open_left"] else "pj_task_done_all"
    say(
        t(
            key,
            task_id=row["id"],
            task=row["title"],
            day=row["done_on"],
            left=row["open_left"],
            id=row["project_id"],
        )
    )


@project_app.command("done", help=t("h_project_done"))
def project_done(project: str = REF, on: str = ON) -> None:
    with open_ledger() as ledger:
        row = ledger.projects.finish_project(project, on=on)
    say(t("pj_project_done", id=row["id"], title=row["title"], day=row["done_on"]))
    if row["need_met"]:
        say(t("pj_need_met", need=row["need"]))


@project_app.command("rate", help=t("h_project_rate"))
def project_rate(
    project: str = REF,
    satisfied: str = typer.Option("0", "--satisfied", help=t("o_rate_satisfied")),
    basic: str = typer.Option("0", "--basic", help=t("o_rate_basic")),
    unsatisfied: str = typer.Option("0", "--unsatisfied", help=t("o_rate_unsatisfied")),
    on: str = ON,
) -> None:
    with open_ledger() as ledger:
        row = ledger.projects.rate_project(
            project, satisfied=satisfied, basically_satisfied=basic, unsatisfied=unsatisfied, on=on
        )
    say(
        t(
            "pj_rated",
            id=row["id"],
            title=row["title"],
            s=row["satisfied"],
            b=row["basically_satisfied"],
            u=row["unsatisfied"],
            rate=f"{row['satisfaction'] * 100:.1f}%",
        )
    )


@project_app.command("cancel", help=t("h_project_cancel"))
def project_cancel(
    project: str = REF,
    reason: str = typer.Option(None, "--reason", help=t("o_cancel_reason")),
) -> None:
    with open_ledger() as ledger:
        row = ledger.projects.cancel_project(project, reason=reason)
    say(t("pj_project_cancelled", id=row["id"], title=row["title"]))


def _project_display(rows: list[dict]) -> list[dict]:
    for row in rows:
        row["progress"] = f"{row['tasks_done']}/{row['tasks']}" if row["tasks"] else ""
    return rows


@project_app.command("list", help=t("h_project_list"))
def project_list(
    community: str = COMMUNITY,
    status: str = status_option("o_project_status"),
    year: int = year_option("o_project_year", short=False),
    unit: str = unit_option("o_project_unit"),
    category: str = CATEGORY,
    hall: bool = typer.Option(False, "--hall", help=t("o_project_hall")),
    on: str = LIST_ON,
    fmt: Fmt = FORMAT,
) -> None:
    with open_ledger() as ledger:
        rows = ledger.projects.list_projects(
            community=community, status=status, year=year, unit=unit, category=category, hall=hall, on=on
        )
    title = t("title_pj_hall") if hall and fmt is Fmt.table else None
    emit(Table(PROJECT_COLUMNS, _project_display(rows), title=title, footer=count_footer(rows, fmt)), fmt)


@project_app.command("show", help=t("h_project_show"))
def project_show(project: str = REF, fmt: Fmt = FORMAT) -> None:
    with open_ledger() as ledger:
        row = ledger.projects.show_project(project)
    row.pop("claims_text", None)
    if fmt is not Fmt.table:
        emit(row)
        return
    _project_display([row])
    cols = [c for c in PROJECT_COLUMNS if c.show and c.key not in ("claims_text",)]
    cols += [Column("need"), Column("note")]
    emit(record_table(row, cols, title=f"#{row['id']} {row['title']}"))
    if row["claims"]:
        emit(Table(CLAIM_COLUMNS, row["claims"], title=t("title_pj_claims")))
    emit(
        Table(
            TASK_COLUMNS,
            row["task_sheet"],
            title=t("title_pj_tasks"),
            footer=[] if row["task_sheet"] else [t("pj_no_tasks")],
        )
    )


@project_app.command("match", help=t("h_project_match"))
def project_match(
    community: str = COMMUNITY,
    on: str = LIST_ON,
    fmt: Fmt = FORMAT,
) -> None:
    with open_ledger() as ledger:
        rows = ledger.projects.project_matches(community=community, on=on)
    for row in rows:
        row["kind_label"] = t("pj_kind_" + row["kind"]) + (t("pj_hall_mark_short") if row["in_hall"] else "")
        row["paired_text"] = row["paired_resources"]
        others = row["other_units"]
        extra = len(others) - OTHERS_SHOWN
        row["others_text"] = "、".join(others[:OTHERS_SHOWN]) + (
            t("pj_and_more", n=extra) if extra > 0 else ""
        )
    emit(
        Table(
            MATCH_COLUMNS,
            rows,
            title=t("title_pj_match") if fmt is Fmt.table else None,
            footer=count_footer(rows, fmt),
        ),
        fmt,
    )


def register(app: typer.Typer) -> None:
    """Add the `project` noun (with `project task`)."""
    app.add_typer(project_app, name="project")
