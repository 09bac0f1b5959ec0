"""The evaluation workbook's contents: notes, rules, figures and the year's record listings.

`write_workbook(ledger, result, path)` gathers everything `gongjian.writing.xlsx.write_assessment_workbook`
draws: the 说明 facts and the rules in the five-column 考评细则 form, the 汇总 and 单位考评 tables from
`gongjian.reports.figures`, and the listings of the year's activities, funds, problems and in-service members,
streamed straight from SQL cursors (ID numbers and phones masked). A finalised year is drawn from what
was stored when it was finalised, so writing it twice gives the same sheets.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongjian.i18n import t
from gongjian.reading.normalize import mask_id, mask_phone
from gongjian.records.members import in_service_sql
from gongjian.reports import figures as reports
from gongjian.reports import tables as report_tables
from gongjian.store.db import now_iso
from gongjian.writing.table import Column, Table, number_text

if TYPE_CHECKING:
    from gongjian.assessment.scoring import AssessmentResult
    from gongjian.writing.xlsx import AssessmentBook, Listing


def write_workbook(ledger, result: AssessmentResult, path: Path | str, *, today: date | None = None) -> Path:
    """Write the evaluation workbook of an assessment result to `path` (xlsx); returns the path."""
    from gongjian.writing.xlsx import write_assessment_workbook

    with ledger.store.snapshot():
        book = build_book(ledger, result, today=today)
        return write_assessment_workbook(path, book)


def build_book(ledger, result: AssessmentResult, *, today: date | None = None) -> AssessmentBook:
    """Everything the workbook shows for one assessment result (listings are lazy cursors)."""
    from gongjian.assessment.rules import rule_rows
    from gongjian.writing.xlsx import AssessmentBook

    year, rules = result.year, result.rules
    day = date.fromisoformat(result.as_of)
    figures = reports.year_figures(
        ledger,
        year,
        community=result.community,
        today=day,
        target=rules.members.target,
        stored=result.summary,
    )
    cid = result.community["id"] if result.community else None
    listings = [
        activities_listing(ledger, year, cid),
        contributions_listing(ledger, year, cid),
        tickets_listing(ledger, year, result.community, day),
        members_listing(
            ledger,
            year,
            cid,
            rules.members.target,
            {"excellent": rules.members.feedback.excellent, "pass": rules.members.feedback.pass_},
        ),
    ]
    counts = result.grade_counts()
    ledger_name = ledger.store.scalar("SELECT value FROM meta WHERE key = 'name'") or ""
    stamp = result.finalized_at or now_iso()
    notes = [
        (t("n_year"), str(year)),
        (
            t("n_ledger"),
            t("n_ledger_value", name=ledger_name, path=ledger.store.path)
            if ledger_name
            else str(ledger.store.path),
        ),
        (
            t("n_state"),
            t("n_state_final", at=_local(result.finalized_at))
            if result.finalized_at
            else t("n_state_draft", at=_local(stamp)),
        ),
        (t("n_as_of"), result.as_of),
        (t("n_scope"), result.community["name"] if result.community else t("n_scope_all")),
        (
            t("n_rules"),
            t("n_ledger_value", name=rules.title, path=result.rules_source)
            if result.rules_source
            else rules.title,
        ),
        (t("n_units"), t("n_units_value", n=len(result.units), **counts)),
        (t("n_grades"), _grades_text(result)),
        (t("n_cap"), _cap_text(result)),
        (t("n_veto"), t("n_veto_value", reason=rules.veto.reason) if rules.veto.enabled else t("n_veto_off")),
        (t("n_ranking"), _ranking_text(result)),
        (t("n_units_of_measure"), t("n_units_of_measure_value")),
        (t("n_closure_rate"), t("n_closure_rate_value", as_of=result.as_of)),
        (t("n_privacy"), t("n_privacy_value")),
    ]
    bonus = t("n_total_bonus", max=number_text(rules.bonus.max)) if rules.bonus.items else ""
    title = t("wb_title", year=year) + (
        t("a_title_community", community=result.community["name"]) if result.community else ""
    )
    summary = report_tables.summary_table(figures, year)
    units = report_tables.assessment_table(result)
    units.footer = []
    return AssessmentBook(
        notes=notes,
        rules_header=(t("rh_content"), t("rh_standard"), t("rh_deduction"), t("rh_method"), t("rh_score")),
        rules_rows=rule_rows(rules),
        rules_total=(t("r_total"), "", "", bonus, t("points_n", n=number_text(rules.total))),
        summary=summary,
        units=units,
        listings=listings,
        charts=chart_tables(figures, year),
        title=title,
        properties={
            "title": title,
            "subject": t("wb_subject"),
            "author": "gongjian",
            "company": ledger_name,
            "comments": t("n_state_draft", at=_local(stamp)) if not result.finalized_at else "",
        },
    )


def chart_tables(figures: dict[str, Any], year: int) -> dict[str, Table]:
    """The four chart figures: activities per month, per community, by category, funds per community."""
    per_community = Table(
        [Column("community"), Column("activities", "int", title=t("r_activities"))],
        [{"community": r["community"], "activities": r["activities"]} for r in figures["rows"]],
        title=t("chart_communities_title", year=year),
    )
    return {
        "months": report_tables.months_table(figures, year),
        "communities": per_community,
        "categories": report_tables.categories_table(figures, year),
        "funds": report_tables.funds_table(figures, year),
    }


# ---------------------------------------------------------------------------- listings
def activities_listing(ledger, year: int, community_id: int | None) -> Listing:
    """活动明细: every activity of the year, in date order."""
    from gongjian.writing.xlsx import Listing

    cols = [
        Column("date", "date", title=t("l_date")),
        Column("community"),
        Column("title", title=t("l_activity")),
        Column("category", "enum", enum="activity_category"),
        Column("organisers", title=t("l_organisers")),
        Column("participants", title=t("l_participants")),
        Column("participant_times", "int", title=t("r_participant_times")),
        Column("volunteers", "int", title=t("l_volunteers")),
        Column("members_served", "int", title=t("l_members_served")),
        Column("venue", title=t("l_venue")),
        Column("spending_fen", "money", title=t("l_spending")),
    ]
    rows = (
        (
            r["date"],
            r["community"],
            r["title"],
            r["category"],
            "、".join(r["organisers"]),
            "、".join(r["participants"]),
            r["participant_times"],
            r["volunteers"],
            r["members_served"],
            r["venue"],
            r["spending_fen"],
        )
        for r in ledger.records.list_activities(year=year, community=community_id)
    )
    return Listing(t("sheet_activities"), cols, rows, t("l_activities_title", year=year))


def contributions_listing(ledger, year: int, community_id: int | None) -> Listing:
    """资金物资: every contribution of the year, in date order."""
    from gongjian.writing.xlsx import Listing

    cols = [
        Column("date", "date", title=t("l_date")),
        Column("unit", title=t("a_unit")),
        Column("community"),
        Column("kind", "enum", enum="contribution_kind", title=t("l_kind")),
        Column("amount_fen", "money", title=t("l_amount")),
        Column("description", title=t("l_description")),
        Column("activity", title=t("l_linked_activity")),
        Column("project", title=t("l_linked_project")),
        Column("receipt_no", title=t("l_receipt")),
        Column("note"),
    ]
    keys = (
        "date",
        "unit",
        "community",
        "kind",
        "amount_fen",
        "description",
        "activity",
        "project",
        "receipt_no",
        "note",
    )
    rows = (
        tuple(r[k] for k in keys)
        for r in ledger.records.list_contributions(year=year, community=community_id)
    )
    return Listing(t("sheet_contributions"), cols, rows, t("l_contributions_title", year=year))


TICKET_KEYS = (
    "number",
    "community",
    "grid",
    "category",
    "title",
    "location",
    "reported_on",
    "assignee",
    "deadline",
    "status",
    "closed_on",
    "overdue",
)


def tickets_listing(ledger, year: int, community: dict[str, Any] | None, day: date) -> Listing:
    """问题台账: the problems found in the year as `ticket list` shows them, overdue as of `day`."""
    from gongjian.writing.xlsx import Listing

    cols = [
        Column("number", title=t("l_ticket_number")),
        Column("community"),
        Column("grid", title=t("l_grid")),
        Column("category", "enum", enum="ticket_category"),
        Column("title", title=t("l_problem")),
        Column("location", title=t("l_location")),
        Column("reported_on", "date", title=t("l_reported_on")),
        Column("assignee", title=t("l_assignee")),
        Column("deadline", "date", title=t("l_deadline")),
        Column("status", "enum", enum="ticket_status"),
        Column("closed_on", "date", title=t("l_closed_on")),
        Column("overdue", "bool", title=t("l_overdue")),
    ]
    filters: dict[str, Any] = {"year": year}
    if community is not None:
        filters["community"] = community["code"]
    rows = ledger.tickets.list_tickets(today=day, **filters)
    return Listing(
        t("sheet_tickets"),
        cols,
        (tuple(r[k] for k in TICKET_KEYS) for r in rows),
        t("l_tickets_title", year=year, as_of=day.isoformat()),
    )


def members_listing(
    ledger, year: int, community_id: int | None, target: int, feedback: dict[str, int]
) -> Listing:
    """在职党员: members registered by the year's end with their services, ID numbers and phones masked."""
    from gongjian.writing.xlsx import Listing

    cols = [
        Column("name", title=t("l_member")),
        Column("phone"),
        Column("id_number", title=t("l_id_number")),
        Column("unit", title=t("l_work_unit")),
        Column("community", title=t("l_residence")),
        Column("registered_on", "date", title=t("l_registered_on")),
        Column("post", "enum", enum="member_post", title=t("l_post")),
        Column("specialty", title=t("l_specialty")),
        Column("services", "int", title=t("l_services", year=year)),
        Column("hours", "score", title=t("l_hours")),
        Column("met_target", "bool", title=t("l_met_target", target=target)),
        Column("feedback", "enum", enum="grade", title=t("l_feedback")),
    ]
    last = reports.year_bounds(year)[1]
    where = [in_service_sql(":last")]
    params: dict[str, Any] = {
        "year": year,
        "last": last,
        "target": target,
        "excellent": feedback["excellent"],
        "pass": feedback["pass"],
    }
    if community_id is not None:
        where.append("m.community_id = :community")
        params["community"] = community_id
    _register_masks(ledger.store.conn)
    # Masking, hours, the target flag and the feedback grade (`records.evaluate`) are computed by SQLite:
    # the common 11-digit phone and 18-character ID number here, any other form by `normalize`'s maskers.
    cursor = ledger.store.conn.execute(
        f"""SELECT m.name,
                   CASE WHEN m.phone IS NULL OR m.phone = '' THEN m.phone
                        WHEN length(m.phone) = 11 AND m.phone NOT GLOB '*[^0-9]*'
                             THEN substr(m.phone, 1, 3) || '****' || substr(m.phone, 8)
                        ELSE gongjian_mask_phone(m.phone) END,
                   CASE WHEN m.id_number IS NULL OR m.id_number = '' THEN m.id_number
                        WHEN length(m.id_number) = 18
                             THEN substr(m.id_number, 1, 4) || '**********' || substr(m.id_number, 15)
                        ELSE gongjian_mask_id(m.id_number) END,
                   u.name, c.name, m.registered_on, m.post, m.specialty,
                   coalesce(s.n, 0), round(coalesce(s.minutes, 0) / 60.0, 2),
                   coalesce(s.n, 0) >= :target,
                   CASE WHEN coalesce(s.n, 0) >= :excellent THEN 'excellent'
                        WHEN coalesce(s.n, 0) >= :pass THEN 'pass' ELSE 'fail' END
            FROM members m LEFT JOIN units u ON u.id = m.unit_id JOIN communities c ON c.id = m.community_id
            LEFT JOIN (SELECT member_id, count(*) AS n, sum(minutes) AS minutes FROM services WHERE year = :year
                       GROUP BY member_id) s ON s.member_id = m.id
            WHERE {" AND ".join(where)} ORDER BY c.code, u.name, m.name, m.id""",
        params,
    )
    return Listing(t("sheet_members"), cols, cursor, t("l_members_title", year=year))


def _register_masks(conn) -> None:
    """Make `normalize.mask_phone`/`mask_id` callable from SQL on this connection (the uncommon forms)."""
    conn.create_function("gongjian_mask_phone", 1, mask_phone, deterministic=True)
    conn.create_function("gongjian_mask_id", 1, mask_id, deterministic=True)


# ---------------------------------------------------------------------------- notes
def _local(stamp: str | None) -> str:
    """An ISO UTC stamp as the clerk's local time, `2016-12-31 09:30`."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _grades_text(result: AssessmentResult) -> str:
    g = result.rules.grades
    return t(
        "n_grades_value",
        excellent=number_text(g.excellent),
        good=number_text(g.good),
        pass_=number_text(g.pass_),
    )


def _cap_text(result: AssessmentResult) -> str:
    total = len(result.units) if result.community is None else None
    share = result.rules.grades.excellent_share
    if total is None:
        return t("n_cap_value_community", share=number_text(share))
    return t("n_cap_value", share=number_text(share), most=math.floor(Decimal(total) * share / 100))


def _ranking_text(result: AssessmentResult) -> str:
    from gongjian.assessment.rules import MEASURES

    names = t("list_sep").join(t(MEASURES[m].label) for m in result.rules.ranking.tie_break)
    return t("n_ranking_value", measures=names or "—")
