"""`gongjian member`: in-service party members — register, list, show, log services, record card, feedback.

ID numbers and phones are masked in every output (table, CSV, JSON, xlsx) unless `--show-pii` is given,
and every `--show-pii` is written to the audit log.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer

from gongjian.cli.common import fail, mask_rows, masked, open_ledger
from gongjian.cli.options import (
    COMPLETE_MEMBER,
    DATE,
    FORMAT,
    NOTE,
    SHOW_PII,
    YEAR,
    Fmt,
    community_option,
    on_option,
    output_option,
    phone_option,
    rules_option,
    status_option,
    unit_option,
)
from gongjian.cli.output import emit, say, working
from gongjian.errors import InvalidValue
from gongjian.i18n import label, t
from gongjian.vocab import term_label
from gongjian.writing.table import Column, Table, record_table

member_app = typer.Typer(help=t("h_member"), no_args_is_help=True)

RULES = rules_option("o_rec_rules")
REF = typer.Argument(..., help=t("o_rec_member_ref"), shell_complete=COMPLETE_MEMBER)
UNIT_FILTER = unit_option("o_rec_unit")
STATUS = status_option("o_rec_status")

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
    "status_on",
)
SERVICE_KEYS = ("member", "date", "activity", "hours", "note")


def member_columns(*, owed: bool = False) -> list[Column]:
    """Columns of a member listing (services and hours of the listed year beside the register)."""
    return [
        Column("id", "int"),
        Column("name", title=t("label_member_name")),
        Column("phone"),
        Column("id_number", fold=True),
        Column("unit"),
        Column("community"),
        Column("registered_on", "date", fold=True),
        Column("specialty", show=False),
        Column("post", "enum", enum="member_post", fold=True),
        Column("status", "enum", enum="member_status"),
        Column("year", "int", show=False),
        Column("services", "int"),
        Column("hours", "score"),
        Column("owed", "int", show=owed),
    ]


SERVICE_COLUMNS = [
    Column("date", "date"),
    Column("activity"),
    Column("hours", "score"),
    Column("note", wrap=True),
]
YEAR_COLUMNS = [Column("year", "int"), Column("services", "int"), Column("hours", "score")]
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
    Column("status_on", "date"),
    Column("party_status", "enum", enum="party_status"),
    Column("kind", "enum", enum="member_kind", title=t("label_member_kind")),
]
FEEDBACK_COLUMNS = [
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


def _services(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: r.get(k) for k in SERVICE_KEYS} for r in rows]


def _member(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in MEMBER_KEYS}


def _rules(path: Path | None) -> dict[str, Any]:
    """The member rules (service target, grade thresholds): the shipped ones, or `--rules FILE`."""
    # deferred (start-up): gongjian.records.members loads sqlite3 and the record specs, ~25 ms
    from gongjian.records.members import member_rules

    return member_rules(path)


def _hours_text(minutes: int) -> str:
    # deferred (start-up): gongjian.records.common loads the normalisers, ~12 ms
    from gongjian.records.common import hours_text

    return hours_text(minutes)


@member_app.command("add", help=t("h_member_add"))
def member_add(
    name: str = typer.Argument(..., help=t("o_rec_member_name")),
    unit: str = unit_option("o_rec_work_unit", required=True),
    community: str = community_option("o_rec_home_community", required=True),
    phone: str = phone_option("o_rec_phone"),
    id_number: str = typer.Option(None, "--id-number", help=t("o_rec_id_number")),
    registered: str = typer.Option(None, "--registered", help=t("o_rec_registered")),
    specialty: str = typer.Option(None, "--specialty", help=t("o_rec_specialty")),
    post: str = typer.Option(None, "--post", help=t("o_rec_post")),
    status: str = STATUS,
    kind: str = typer.Option(None, "--kind", help=t("o_member_kind")),
    note: str = NOTE,
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
            kind=kind,
            note=note,
        )
    say(t("member_added", id=row["id"], name=row["name"], unit=row["unit"], community=row["community"]))


@member_app.command("edit", help=t("h_member_edit"))
def member_edit(
    ref: str = REF,
    unit: str = unit_option("o_rec_work_unit"),
    community: str = community_option("o_rec_home_community"),
    phone: str = phone_option("o_rec_phone"),
    status: str = status_option("o_member_edit_status"),
    on: str = on_option("o_member_edit_on"),
    note: str = NOTE,
) -> None:
    with open_ledger() as ledger:
        row = ledger.members.edit_member(
            ref, unit=unit, community=community, phone=phone, status=status, on=on, note=note
        )
    say(t("member_edited", id=row["id"], name=row["name"]))
    for change in row["changes"]:
        say("  " + t("member_edited_field", **_change_text(change)))


def _change_text(change: dict[str, Any]) -> dict[str, str]:
    """One changed field as a clerk reads it: its label, the value before and after (phones masked)."""
    field, before, after = change["field"], change["before"], change["after"]
    if field == "phone":
        before, after = (mask_rows([{"phone": v}], False)[0]["phone"] for v in (before, after))
    if field == "status":
        before, after = (term_label("member_status", v) for v in (before, after))
    return {"field": label(field), "before": before or "-", "after": after or "-"}


@member_app.command("list", help=t("h_member_list"))
def member_list(
    unit: str = UNIT_FILTER,
    community: str = community_option("o_rec_community"),
    status: str = STATUS,
    post: str = typer.Option(None, "--post", help=t("o_rec_post_filter")),
    year: int = YEAR,
    below_target: bool = typer.Option(False, "--below-target", help=t("o_rec_below_target")),
    rules: Path = RULES,
    fmt: Fmt = FORMAT,
    show_pii: bool = SHOW_PII,
) -> None:
    rules_ = _rules(rules)
    target = rules_["target"]
    year = year or date.today().year
    filters = {"unit": unit, "community": community, "status": status, "post": post, "year": year}
    with open_ledger() as ledger:
        if show_pii:
            ledger.audit.record_pii_access("member list --show-pii")
        found = ledger.members.iter_members(
            **filters, below_target=below_target, target=target, kinds=rules_["kinds"]
        )
        if fmt is not Fmt.table:  # JSON and CSV stream from the cursor: a city's members in little memory
            emit(Table(member_columns(owed=below_target), masked(found, show_pii)), fmt)
            return
        rows = list(found)
    mask_rows(rows, show_pii)
    if below_target:
        footer = [t("member_below_totals", n=len(rows), owed=sum(r["owed"] for r in rows))]
    else:
        due = [r for r in rows if r["due"]]
        met = sum(1 for r in due if not r["owed"])
        footer = [
            t("member_list_totals", n=len(rows), year=year, met=met, below=len(due) - met, target=target)
        ]
    title = t("member_below_title", year=year, target=target) if below_target and fmt is Fmt.table else None
    emit(Table(member_columns(owed=below_target), rows, title=title, footer=footer), fmt)


@member_app.command("show", help=t("h_member_show"))
def member_show(ref: str = REF, fmt: Fmt = FORMAT, show_pii: bool = SHOW_PII) -> None:
    with open_ledger() as ledger:
        row = ledger.members.show_member(ref)
        if show_pii:
            ledger.audit.record_pii_access("member show --show-pii")
    mask_rows([row], show_pii)
    if fmt is not Fmt.table:
        emit(
            {
                **_member(row),
                "kind": row["kind"],
                "registrations": [
                    {k: r[k] for k in ("community", "place", "registered_on", "post", "ended")}
                    for r in row["registrations"]
                ],
                "services": _services(row["services"]),
                "years": [{k: y[k] for k in ("year", "services", "hours")} for y in row["years"]],
            }
        )
        return
    emit(record_table(row, DETAIL_COLUMNS, title=f"#{row['id']} {row['name']}"))
    if row["registrations"]:
        emit(Table(REGISTRATION_COLUMNS[4:], row["registrations"], title=t("title_registrations")))
    if row["years"]:
        emit(Table(YEAR_COLUMNS, row["years"]))
    footer = [t("n_rows", n=len(row["services"]))]
    emit(Table(SERVICE_COLUMNS, row["services"], title=t("member_services_title"), footer=footer))


@member_app.command("serve", help=t("h_member_serve"))
def member_serve(
    ref: str = REF,
    hours: str = typer.Option(..., "--hours", help=t("o_rec_hours")),
    on: str = DATE,
    activity: str = typer.Option(None, "--activity", "-a", help=t("o_rec_activity_ref")),
    note: str = NOTE,
    rules: Path = RULES,
) -> None:
    rules_ = _rules(rules)
    with open_ledger() as ledger:
        row = ledger.members.serve(
            ref,
            on=on,
            hours=hours,
            activity=activity,
            note=note,
            target=rules_["target"],
            kinds=rules_["kinds"],
        )
    say(
        t(
            "service_added",
            name=row["member"],
            date=row["date"],
            hours=_hours_text(row["minutes"]),
            year=row["year"],
            n=row["count"],
            target=row["target"],
        )
    )


@member_app.command("card", help=t("h_member_card"))
def member_card(
    ref: str = REF,
    year: int = YEAR,
    rules: Path = RULES,
    fmt: Fmt = FORMAT,
    show_pii: bool = SHOW_PII,
    out: Path = output_option("o_card_output"),
) -> None:
    if out is not None and out.suffix.lower() != ".docx":
        fail(t("doc_docx_only", path=str(out)), 2)
    rules_ = _rules(rules)
    year = year or date.today().year
    with open_ledger() as ledger:
        card = ledger.members.member_card(ref, year, rules_)
        if show_pii:
            ledger.audit.record_pii_access("member card --show-pii")
    if out is not None:
        # deferred (start-up): the documents and python-docx, only for `-o FILE.docx`
        from gongjian.reports.documents import member_card_document
        from gongjian.writing.docx import write_docx

        with working("document"):
            path = write_docx(out, member_card_document(card, show_pii=show_pii))
        say(t("doc_written", what=t("doc_card_what"), path=str(path.resolve())))
        return
    member = mask_rows([card["member"]], show_pii)[0]
    if fmt is not Fmt.table:
        emit(
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
    emit(record_table(member, DETAIL_COLUMNS[:8], title=t("member_card_title", year=year)))
    emit(Table(SERVICE_COLUMNS, card["services"], title=t("member_services_title")))
    verdict = t("member_card_met") if card["met"] else t("member_card_owed", owed=card["owed"])
    if not card["services"]:
        say(t("member_card_none"))
    say(
        t(
            "member_card_summary",
            year=year,
            n=card["count"],
            hours=_hours_text(card["minutes"]),
            target=card["target"],
            verdict=verdict,
        )
    )


@member_app.command("feedback", help=t("h_member_feedback"))
def member_feedback(
    unit: str = unit_option("o_rec_unit", required=True),
    year: int = YEAR,
    out: Path = output_option("o_feedback_output_any"),
    rules: Path = RULES,
    fmt: Fmt = FORMAT,
    show_pii: bool = SHOW_PII,
) -> None:
    if out is not None and out.suffix.lower() not in (".xlsx", ".docx"):
        raise InvalidValue("doc_xlsx_or_docx", path=str(out))
    rules_ = _rules(rules)
    year = year or date.today().year
    with open_ledger() as ledger:
        sheet = ledger.members.member_feedback(unit, year, rules_)
        party_org = ledger.roster.unit(sheet["unit"]).get("party_org")
        if show_pii:
            ledger.audit.record_pii_access("member feedback --show-pii")
    if out is not None and out.suffix.lower() == ".docx":
        # deferred (start-up): the documents and python-docx, only for `-o FILE.docx`
        from gongjian.reports.documents import feedback_document
        from gongjian.writing.docx import write_docx

        with working("document"):
            path = write_docx(out, feedback_document(sheet, party_org))
        say(t("doc_written", what=t("doc_feedback_what"), path=str(path.resolve())))
        return
    rows = mask_rows(sheet["rows"], show_pii)
    counts = sheet["counts"]
    summary = t(
        "feedback_note_summary",
        n=len(rows),
        excellent=counts["excellent"],
        passed=counts["pass"],
        failed=counts["fail"],
    )
    table = Table(
        FEEDBACK_COLUMNS,
        rows,
        title=t("feedback_title", unit=sheet["unit"], year=year),
        name=t("feedback_sheet"),
        footer=[summary],
    )
    if out is None:
        emit(table, fmt)
        return
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
    emit(table, output=out, notes=notes)
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


REGISTRATION_COLUMNS = [
    Column("id", "int", data=False),
    Column("member"),
    Column("unit"),
    Column("residence", fold=True),
    Column("community"),
    Column("place", "enum", enum="registration_place", fold=True),
    Column("registered_on"),
    Column("post", "enum", enum="member_post"),
    Column("ended", fold=True),
]


@member_app.command("register", help=t("h_member_register"))
def member_register(
    ref: str = typer.Argument(..., help=t("o_reg_member")),
    community: str = typer.Argument(..., help=t("o_reg_community")),
    on: str = typer.Option(None, "--on", help=t("o_reg_on")),
    post: str = typer.Option(None, "--post", help=t("o_reg_post")),
    place: str = typer.Option(None, "--place", help=t("o_reg_place")),
    note: str = NOTE,
) -> None:
    """两地报到: the member's registration in a second community."""
    with open_ledger() as ledger:
        row = ledger.members.register_member(ref, community, on=on, post=post, place=place, note=note)
    say(
        t(
            "reg_added",
            member=row["member"],
            community=row["community"],
            place=term_label("registration_place", row["place"]),
            day=row["registered_on"],
        )
    )


@member_app.command("registrations", help=t("h_member_registrations"))
def member_registrations(community: str = community_option("o_rec_community"), fmt: Fmt = FORMAT) -> None:
    """The second registrations (两地报到), of one community or all."""
    with open_ledger() as ledger:
        rows = ledger.members.list_registrations(community=community)
    emit(
        Table(REGISTRATION_COLUMNS, rows, footer=[t("n_rows", n=len(rows))] if fmt is Fmt.table else []), fmt
    )


def register(app: typer.Typer) -> None:
    """Add the `member` noun."""
    app.add_typer(member_app, name="member")
