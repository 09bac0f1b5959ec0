"""`member`: in-service party members — register, list, show, log services, record card, feedback sheet.

ID numbers and phones are masked in every output (table, CSV, JSON, xlsx) unless `--show-pii` is given,
and every `--show-pii` is written to the audit log.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer

from gongjian.cli import FORMAT_OPTION, Fmt, open_ledger, say, show
from gongjian.cli.records import dump_json
from gongjian.i18n import t
from gongjian.writing.table import Column, Table, record_table

member_app = typer.Typer(help=t("h_member"), no_args_is_help=True)

PII_OPTION = typer.Option(False, "--show-pii", help=t("o_show_pii"))
RULES_OPTION = typer.Option(None, "--rules", help=t("o_rec_rules"))
REF_ARGUMENT = typer.Argument(..., help=t("o_rec_member_ref"))

MEMBER_KEYS = (
    "id",
    "name",
    "phone",
    "id_number",
    "unit",
    "community",
    "registered_on",
    "specialty",
    "post",
    "status",
)
SERVICE_KEYS = ("member", "date", "activity", "hours", "note")


def mask_pii(rows: list[dict[str, Any]], show_pii: bool) -> list[dict[str, Any]]:
    """Mask phones (`138****8000`) and ID numbers (`3303**********1234`) unless `--show-pii`."""
    if show_pii:
        return rows
    from gongjian.reading.normalize import mask_id, mask_phone

    for row in rows:
        if row.get("phone"):
            row["phone"] = mask_phone(row["phone"])
        if row.get("id_number"):
            row["id_number"] = mask_id(row["id_number"])
    return rows


def member_columns(*, owed: bool = False) -> list[Column]:
    """Columns of a member listing (services and hours of the listed year beside the register)."""
    return [
        Column("id", "int"),
        Column("name", title=t("label_member_name")),
        Column("phone"),
        Column("id_number"),
        Column("unit"),
        Column("community"),
        Column("registered_on", "date"),
        Column("specialty", show=False),
        Column("post", "enum", enum="member_post"),
        Column("status", "enum", enum="member_status"),
        Column("year", "int", show=False),
        Column("services", "int"),
        Column("hours", "score"),
        Column("owed", "int", show=owed),
    ]


SERVICE_COLUMNS = [Column("date", "date"), Column("activity"), Column("hours", "score"), Column("note")]
DETAIL_COLUMNS = [
    Column("name", title=t("label_member_name")),
    Column("unit"),
    Column("community"),
    Column("phone"),
    Column("id_number"),
    Column("registered_on"),
    Column("specialty"),
    Column("post", "enum", enum="member_post"),
    Column("status", "enum", enum="member_status"),
]


def _services(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: r.get(k) for k in SERVICE_KEYS} for r in rows]


def _member(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in MEMBER_KEYS}


@member_app.command("add", help=t("h_member_add"))
def member_add(
    name: str = typer.Argument(..., help=t("o_rec_member_name")),
    unit: str = typer.Option(..., "--unit", "-u", help=t("o_rec_work_unit")),
    community: str = typer.Option(..., "--community", "-c", help=t("o_rec_home_community")),
    phone: str = typer.Option(None, "--phone", help=t("o_rec_phone")),
    id_number: str = typer.Option(None, "--id-number", help=t("o_rec_id_number")),
    registered: str = typer.Option(None, "--registered", help=t("o_rec_registered")),
    specialty: str = typer.Option(None, "--specialty", help=t("o_rec_specialty")),
    post: str = typer.Option(None, "--post", help=t("o_rec_post")),
    status: str = typer.Option(None, "--status", help=t("o_rec_status")),
    note: str = typer.Option(None, "--note", help=t("o_rec_note")),
) -> None:
    with open_ledger() as ledger:
        row = ledger.members.add_member(
            name=name,
            phone=phone,
            id_number=id_number,
            unit=unit,
            community=community,
            registered_on=registered,
            specialty=specialty,
            post=post,
            status=status,
            note=note,
        )
    say(t("member_added", id=row["id"], name=row["name"], unit=row["unit"], community=row["community"]))


@member_app.command("list", help=t("h_member_list"))
def member_list(
    unit: str = typer.Option(None, "--unit", "-u", help=t("o_rec_unit")),
    community: str = typer.Option(None, "--community", "-c", help=t("o_rec_community")),
    status: str = typer.Option(None, "--status", help=t("o_rec_status")),
    post: str = typer.Option(None, "--post", help=t("o_rec_post_filter")),
    year: int = typer.Option(None, "--year", "-y", help=t("o_rec_year")),
    below_target: bool = typer.Option(False, "--below-target", help=t("o_rec_below_target")),
    rules: Path = RULES_OPTION,
    fmt: Fmt = FORMAT_OPTION,
    show_pii: bool = PII_OPTION,
) -> None:
    from gongjian.records.members import member_rules

    target = member_rules(rules)["target"]
    year = year or date.today().year
    with open_ledger() as ledger:
        rows = ledger.members.list_members(
            unit=unit,
            community=community,
            status=status,
            post=post,
            year=year,
            below_target=below_target,
            target=target,
        )
        if show_pii:
            ledger.audit.record_pii_access("member list --show-pii")
    mask_pii(rows, show_pii)
    if below_target:
        footer = [t("member_below_totals", n=len(rows), owed=sum(r["owed"] for r in rows))]
    else:
        due = [r for r in rows if r["due"]]
        met = sum(1 for r in due if r["services"] >= target)
        footer = [
            t("member_list_totals", n=len(rows), year=year, met=met, below=len(due) - met, target=target)
        ]
    title = t("member_below_title", year=year, target=target) if below_target and fmt is Fmt.table else None
    show(Table(member_columns(owed=below_target), rows, title=title, footer=footer), fmt)


@member_app.command("show", help=t("h_member_show"))
def member_show(ref: str = REF_ARGUMENT, fmt: Fmt = FORMAT_OPTION, show_pii: bool = PII_OPTION) -> None:
    with open_ledger() as ledger:
        row = ledger.members.show_member(ref)
        if show_pii:
            ledger.audit.record_pii_access("member show --show-pii")
    mask_pii([row], show_pii)
    if fmt is not Fmt.table:
        dump_json(
            {
                **_member(row),
                "services": _services(row["services"]),
                "years": [{k: y[k] for k in ("year", "services", "hours")} for y in row["years"]],
            }
        )
        return
    show(record_table(row, DETAIL_COLUMNS, title=f"#{row['id']} {row['name']}"))
    if row["years"]:
        show(
            Table([Column("year", "int"), Column("services", "int"), Column("hours", "score")], row["years"])
        )
    show(
        Table(
            SERVICE_COLUMNS,
            row["services"],
            title=t("member_services_title"),
            footer=[t("n_rows", n=len(row["services"]))],
        )
    )


@member_app.command("serve", help=t("h_member_serve"))
def member_serve(
    ref: str = REF_ARGUMENT,
    hours: str = typer.Option(..., "--hours", help=t("o_rec_hours")),
    on: str = typer.Option(None, "--date", "-d", help=t("o_rec_date")),
    activity: str = typer.Option(None, "--activity", "-a", help=t("o_rec_activity_ref")),
    note: str = typer.Option(None, "--note", help=t("o_rec_note")),
    rules: Path = RULES_OPTION,
) -> None:
    from gongjian.records.common import hours_text
    from gongjian.records.members import member_rules

    target = member_rules(rules)["target"]
    with open_ledger() as ledger:
        row = ledger.members.serve(ref, on=on, hours=hours, activity=activity, note=note, target=target)
    say(
        t(
            "service_added",
            name=row["member"],
            date=row["date"],
            hours=hours_text(row["minutes"]),
            year=row["year"],
            n=row["count"],
            target=target,
        )
    )


@member_app.command("card", help=t("h_member_card"))
def member_card(
    ref: str = REF_ARGUMENT,
    year: int = typer.Option(None, "--year", "-y", help=t("o_rec_year")),
    rules: Path = RULES_OPTION,
    fmt: Fmt = FORMAT_OPTION,
    show_pii: bool = PII_OPTION,
) -> None:
    from gongjian.records.common import hours_text
    from gongjian.records.members import member_rules

    rules_ = member_rules(rules)
    year = year or date.today().year
    with open_ledger() as ledger:
        card = ledger.members.member_card(ref, year, rules_)
        if show_pii:
            ledger.audit.record_pii_access("member card --show-pii")
    member = mask_pii([card["member"]], show_pii)[0]
    if fmt is not Fmt.table:
        dump_json(
            {
                "member": _member(member),
                "year": card["year"],
                "services": _services(card["services"]),
                "count": card["count"],
                "hours": card["hours"],
                "target": card["target"],
                "met": card["met"],
                "owed": card["owed"],
                "evaluation": card["evaluation"],
            }
        )
        return
    show(record_table(member, DETAIL_COLUMNS[:8], title=t("member_card_title", year=year)))
    show(Table(SERVICE_COLUMNS, card["services"], title=t("member_services_title")))
    verdict = t("member_card_met") if card["met"] else t("member_card_owed", owed=card["owed"])
    if not card["services"]:
        say(t("member_card_none"))
    say(
        t(
            "member_card_summary",
            year=year,
            n=card["count"],
            hours=hours_text(card["minutes"]),
            target=card["target"],
            verdict=verdict,
        )
    )


@member_app.command("feedback", help=t("h_member_feedback"))
def member_feedback(
    unit: str = typer.Option(..., "--unit", "-u", help=t("o_rec_unit")),
    year: int = typer.Option(None, "--year", "-y", help=t("o_rec_year")),
    out: Path = typer.Option(None, "--output", "-o", help=t("o_rec_feedback_out")),
    rules: Path = RULES_OPTION,
    fmt: Fmt = FORMAT_OPTION,
    show_pii: bool = PII_OPTION,
) -> None:
    from gongjian.errors import InvalidValue

    if out is not None and out.suffix.lower() != ".xlsx":
        raise InvalidValue("feedback_needs_xlsx", path=str(out))
    from gongjian.records.members import member_rules

    rules_ = member_rules(rules)
    year = year or date.today().year
    with open_ledger() as ledger:
        sheet = ledger.members.member_feedback(unit, year, rules_)
        if show_pii:
            ledger.audit.record_pii_access("member feedback --show-pii")
    rows = mask_pii(sheet["rows"], show_pii)
    counts = sheet["counts"]
    columns = [
        Column("name", title=t("label_member_name")),
        Column("phone"),
        Column("id_number"),
        Column("community"),
        Column("post", "enum", enum="member_post"),
        Column("services", "int"),
        Column("hours", "score"),
        Column("target_met", "bool"),
        Column("evaluation", "enum", enum="grade"),
    ]
    summary = t(
        "feedback_note_summary",
        n=len(rows),
        excellent=counts["excellent"],
        passed=counts["pass"],
        failed=counts["fail"],
    )
    table = Table(
        columns,
        rows,
        title=t("feedback_title", unit=sheet["unit"], year=year),
        name=t("feedback_sheet"),
        footer=[summary],
    )
    if out is None:
        show(table, fmt)
        return
    from gongjian.writing.xlsx import write_tables

    notes = [
        (t("feedback_note_unit"), sheet["unit"]),
        (t("feedback_note_year"), str(year)),
        (
            t("feedback_note_rules_key"),
            t(
                "feedback_note_rules",
                excellent=rules_["excellent"],
                passed=rules_["pass"],
                target=rules_["target"],
            ),
        ),
        (t("feedback_note_summary_key"), summary),
        (t("feedback_note_pii_key"), t("feedback_note_unmasked" if show_pii else "feedback_note_masked")),
        (t("feedback_note_made"), date.today().isoformat()),
    ]
    write_tables(out, [table], notes=notes)
    say(
        t(
            "feedback_written",
            path=str(out),
            unit=sheet["unit"],
            year=year,
            n=len(rows),
            excellent=counts["excellent"],
            passed=counts["pass"],
            failed=counts["fail"],
        )
    )


def register(app: typer.Typer) -> None:
    """Add the `member` noun."""
    app.add_typer(member_app, name="member")
