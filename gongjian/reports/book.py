"""The evaluation workbook's contents: notes, rules, figures and the year's record listings.

`write_workbook(ledger, result, path)` gathers everything `gongjian.writing.xlsx.write_assessment_workbook`
draws: the 说明 facts and the rules in the five-column 考评细则 form, the 汇总 and 单位考评 tables from
`gongjian.reports.figures`, and the listings of the year's activities, funds, problems and in-service members,
streamed straight from SQL cursors (ID numbers and phones masked). A finalised year is drawn from what
was stored when it was finalised, so writing it twice gives the same sheets.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongjian.i18n import t
from gongjian.reports import figures as reports
from gongjian.reports import tables as report_tables
from gongjian.store.db import now_iso
from gongjian.writing.table import Column, Table, number_text

if TYPE_CHECKING:
    from gongjian.assessment.scoring import AssessmentResult
    from gongjian.writing.xlsx import AssessmentBook, Listing, Written


def write_workbook(
    ledger,
    result: AssessmentResult,
    path: Path | str,
    *,
    today: date | None = None,
    progress: Callable[[str, int, int | None], None] | None = None,
    max_rows: int | None = None,
    max_chars: int | None = None,
) -> Written:
    """Write the evaluation workbook of an assessment result to `path` (xlsx); returns what was written
    (`max_rows`, `max_chars`: Excel's limits unless given lower).

    Progress is told as `("figures", 0, None)`, then per sheet (`"sheet:名称"`) and `"save"`."""
    from gongjian.writing.xlsx import write_assessment_workbook

    with ledger.store.snapshot():
        if progress is not None:
            progress("figures", 0, None)
        book = build_book(ledger, result, today=today)
        return write_assessment_workbook(
            path, book, progress=progress, max_rows=max_rows, max_chars=max_chars
        )


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
        kinds=dict(rules.members.kinds),
    )
    cid = result.community["id"] if result.community else None
    names = ledger.store.signatures()
    unit = names["unit"] or ""

    def subtitle(units_key: str) -> str:
        return t("xlsx_subtitle", unit=unit or "—", as_of=result.as_of, units=t(units_key))

    listings = [
        activities_listing(ledger, year, cid),
        contributions_listing(ledger, year, cid),
        tickets_listing(ledger, year, result.community, day),
        sources_listing(ledger, year, result.community, day),
        members_listing(
            ledger,
            year,
            cid,
            rules.members.target,
            {"excellent": rules.members.feedback.excellent, "pass": rules.members.feedback.pass_},
        ),
        services_listing(ledger, year, cid),
        committees_listing(ledger, year, cid, day),
    ]
    for listing, units_key in zip(
        listings,
        (
            "xlsx_units_activities",
            "xlsx_units_money",
            "xlsx_units_tickets",
            "xlsx_units_sources",
            "xlsx_units_members",
            "xlsx_units_services",
            "xlsx_units_committees",
        ),
        strict=True,
    ):
        listing.subtitle = subtitle(units_key)
    if not listings[-1].rows:  # 兼职委员 only where the office keeps them
        listings.pop()
    counts = result.grade_counts()
    stamp = result.finalized_at or now_iso()
    notes = [
        (t("n_year"), str(year)),
        (t("sign_unit"), unit or "—"),
        (
            t("n_state"),
            t("n_state_final", at=_local(result.finalized_at))
            if result.finalized_at
            else t("n_state_draft", at=_local(stamp)),
        ),
        (t("n_as_of"), result.as_of),
        (t("n_scope"), result.community["name"] if result.community else t("n_scope_all")),
        (t("n_rules"), rules.title),
        (t("n_units"), t("n_units_value", n=len(result.units), **counts)),
        (t("n_units_of_measure"), t("n_units_of_measure_value")),
        (t("n_closure_rate"), t("n_closure_rate_value", as_of=result.as_of)),
        (t("xlsx_members_sheets"), t("xlsx_members_sheets_value")),
        (t("n_privacy"), t("xlsx_privacy_value")),
    ]
    bonus = t("n_total_bonus", max=number_text(rules.bonus.max)) if rules.bonus.items else ""
    title = t("wb_title", year=year) + (
        t("a_title_community", community=result.community["name"]) if result.community else ""
    )
    summary = report_tables.summary_table(figures, year)
    units = report_tables.assessment_table(result)
    units.footer = []
    signed_on = (result.finalized_at or now_iso())[:10]
    return AssessmentBook(
        title=title,
        subtitles={
            "notes": subtitle("xlsx_units_notes"),
            "summary": subtitle("xlsx_units_summary"),
            "units": subtitle("xlsx_units_scores"),
            "charts": subtitle("xlsx_units_summary"),
        },
        signature=signature_items(names, signed_on),
        notes=notes,
        rules_header=(t("rh_content"), t("rh_standard"), t("rh_deduction"), t("rh_method"), t("rh_score")),
        rules_rows=rule_rows(rules),
        rules_total=(t("r_total"), "", "", bonus, t("points_n", n=number_text(rules.total))),
        scoring_notes=scoring_notes(result),
        summary=summary,
        units=units,
        listings=listings,
        charts=chart_tables(figures, year),
        properties={
            "title": title,
            "subject": t("wb_subject"),
            "author": names["preparer"] or unit,
            "company": unit,
            "comments": t("n_state_draft", at=_local(stamp)) if not result.finalized_at else "",
        },
    )


def chinese_date(iso: str) -> str:
    """An ISO date as a document's date line writes it: 2017年1月5日."""
    d = date.fromisoformat(iso[:10])
    return t("doc_date", y=d.year, m=d.month, d=d.day)


def signature_items(names: dict[str, str | None], signed_on: str) -> list[tuple[str, str | None]]:
    """The signature block: 填报单位（盖章）, 负责人, 审核人, 制表人 (None: signed by hand) and 填报日期."""
    return [
        (t("sign_unit_seal"), names.get("unit")),
        (t("sign_head"), names.get("head")),
        (t("sign_reviewer"), names.get("reviewer")),
        (t("sign_preparer"), names.get("preparer")),
        (t("sign_date"), chinese_date(signed_on)),
    ]


def scoring_notes(result: AssessmentResult) -> list[tuple[str, str]]:
    """计分说明, built from the rules' numbers: what each measure counts, the bonus for a project claimed,
    claimed through the hall, bid for or cancelled, the thresholds, the cap on 优秀, the veto and ranking."""
    from gongjian.assessment.rules import MEASURES

    rules = result.rules
    out: list[tuple[str, str]] = []
    seen: list[str] = []
    for item in [*rules.criteria, *rules.bonus.items]:
        if item.measure not in seen and item.measure in MEASURES:
            seen.append(item.measure)
            out.append(
                (t(MEASURES[item.measure].label), t("mc_" + item.measure, target=rules.members.target))
            )
    project_items = [i for i in [*rules.criteria, *rules.bonus.items] if i.measure.startswith("projects_")]
    if project_items:
        out.append((t("xlsx_projects_key"), project_text(rules)))
    if rules.bonus.items:
        out.append((rules.bonus.name, t("xlsx_bonus_cap", max=number_text(rules.bonus.max))))
    out += [
        (t("n_grades"), _grades_text(result)),
        (t("n_cap"), _cap_text(result)),
        (t("n_veto"), t("n_veto_value", reason=rules.veto.reason) if rules.veto.enabled else t("n_veto_off")),
        (
            t("xlsx_members_rule"),
            t(
                "xlsx_members_rule_value",
                target=rules.members.target,
                excellent=rules.members.feedback.excellent,
                passed=rules.members.feedback.pass_,
            ),
        ),
        (t("n_ranking"), _ranking_text(result)),
    ]
    return out


def project_text(rules) -> str:
    """What one project scores under these rules: claimed, claimed through the hall, bid for, cancelled.

    As `Projects.project_figures` counts them: every claim dated in the year counts once under
    领办项目数 (each of several co-claimants, and every bidder: the ledger keeps no winner); a claim made
    in the open hall counts again under 领办大厅认领项目数; a bid again under 竞拍项目数; claims on a
    cancelled project count nowhere.
    """
    per_one: dict[str, Decimal] = {}
    for item in [*rules.criteria, *rules.bonus.items]:
        if item.style == "rate" and item.measure.startswith("projects_") and item.points is not None:
            per_one[item.measure] = per_one.get(item.measure, Decimal(0)) + item.points / item.per
    claim = per_one.get("projects_claimed", Decimal(0))
    hall = claim + per_one.get("projects_via_hall", Decimal(0))
    bid = claim + per_one.get("projects_bids", Decimal(0))
    done = per_one.get("projects_done", Decimal(0))
    return t(
        "xlsx_projects_value",
        claim=number_text(claim.quantize(Decimal("0.01")).normalize()),
        hall=number_text(hall.quantize(Decimal("0.01")).normalize()),
        bid=number_text(bid.quantize(Decimal("0.01")).normalize()),
        done=number_text(done.quantize(Decimal("0.01")).normalize()),
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
    return Listing(
        t("sheet_activities"),
        cols,
        rows,
        t("l_activities_title", year=year),
        count_unit=t("xlsx_n_activities"),
    )


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
    return Listing(
        t("sheet_contributions"),
        cols,
        rows,
        t("l_contributions_title", year=year),
        count_unit=t("xlsx_n_contributions"),
    )


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
        count_unit=t("xlsx_n_tickets"),
    )


def members_listing(
    ledger, year: int, community_id: int | None, target: int, feedback: dict[str, int]
) -> Listing:
    """在职党员: one row per member registered by the year's end — services, hours, target met, feedback —
    grouped by residence community with a 小计 each (phones and ID numbers are not in the book)."""
    from gongjian.writing.xlsx import Listing

    cols = [
        Column("community", title=t("l_residence")),
        Column("name", title=t("l_member")),
        Column("unit", title=t("l_work_unit")),
        Column("registered_on", "date", title=t("l_registered_on")),
        Column("post", "enum", enum="member_post", title=t("l_post")),
        Column("services", "int", title=t("l_services", year=year)),
        Column("hours", "score", title=t("l_hours")),
        Column("met_target", "bool", title=t("l_met_target", target=target)),
        Column("feedback", "enum", enum="grade", title=t("l_feedback")),
    ]
    rows = ledger.members.year_member_rows(
        year, reports.year_bounds(year)[1], target, feedback, community_id=community_id
    )
    return Listing(
        t("sheet_members"),
        cols,
        rows,
        t("l_members_title", year=year),
        count_unit=t("xlsx_n_members"),
        group="community",
    )


def sources_listing(ledger, year: int, community: dict[str, Any] | None, day: date) -> Listing:
    """问题来源: the year's problems by source on `day` — found, closed, median days to close, promises
    come due, kept and the share kept (`figures.ticket_sources`)."""
    from gongjian.writing.xlsx import Listing

    cols = list(report_tables.SOURCE_COLUMNS)
    rows = reports.ticket_sources(ledger, year, day, community)
    return Listing(
        t("xlsx_sheet_sources"),
        cols,
        [tuple(r.get(c.key) for c in cols) for r in rows],
        t("r_sources_title", year=year),
        count_unit=t("xlsx_n_sources"),
    )


def committees_listing(ledger, year: int, community_id: int | None, day: date) -> Listing:
    """兼职委员: the seats serving on some day of the year up to `day`, grouped by committee."""
    from gongjian.writing.xlsx import Listing

    cols = list(report_tables.SEAT_COLUMNS)
    seats = reports.committee_seats(ledger, year, day, community_id)
    return Listing(
        t("title_committee_seats"),
        cols,
        [tuple(seat.get(c.key) for c in cols) for seat in seats],
        t("r_committee_title", year=year),
        count_unit=t("xlsx_n_seats"),
        group="committee",
    )


def services_listing(ledger, year: int, community_id: int | None) -> Listing:
    """服务记录: every service of the year by a member, grouped by the member's residence community."""
    from gongjian.writing.xlsx import Listing

    cols = [
        Column("community", title=t("l_residence")),
        Column("name", title=t("l_member")),
        Column("unit", title=t("l_work_unit")),
        Column("date", "date", title=t("l_date")),
        Column("content", title=t("xlsx_service_content")),
        Column("hours", "score", title=t("l_hours")),
    ]
    return Listing(
        t("xlsx_sheet_services"),
        cols,
        ledger.members.year_service_rows(year, community_id=community_id),
        t("xlsx_services_title", year=year),
        count_unit=t("xlsx_n_services"),
        group="community",
    )


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
