"""The year's figures shaped as neutral tables (`gongjian.writing.table.Table`) for every writer.

The terminal, JSON, CSV and the workbook all draw these same tables from the figures of
`gongjian.reports.figures` and the results of `gongjian.reports.assessment`.
"""

from __future__ import annotations

from typing import Any

from gongjian.assessment.scoring import AssessmentResult
from gongjian.i18n import t
from gongjian.reports.findings import Finding
from gongjian.writing.table import Column, Table, number_text

SUMMARY_COLUMNS = [
    Column("community"),
    Column("lead_unit", title=t("r_lead_unit")),
    Column("paired_units", "int", title=t("r_paired_units")),
    Column("activities", "int", title=t("r_activities"), bar=True),
    Column("participant_times", "int", title=t("r_participant_times")),
    Column("cash_fen", "money", title=t("r_cash")),
    Column("in_kind_fen", "money", title=t("r_in_kind")),
    Column("venue_fen", "money", title=t("r_venue")),
    Column("service_fen", "money", title=t("r_service")),
    Column("tickets_found", "int", title=t("r_tickets_found")),
    Column("tickets_closed", "int", title=t("r_tickets_closed")),
    Column("tickets_rejected", "int", title=t("r_tickets_rejected")),
    Column("closure_rate", "percent", title=t("r_closure_rate"), bar=True),
    Column("members_registered", "int", title=t("r_members_registered")),
    Column("members_met_target", "int", title=t("r_members_met_target")),
]


def summary_table(figures: dict[str, Any], year: int) -> Table:
    """汇总: one row per community and a total row."""
    return Table(
        SUMMARY_COLUMNS,
        figures["rows"],
        title=t("r_summary_title", year=year),
        totals=figures["totals"],
        name=t("sheet_summary"),
    )


def months_table(figures: dict[str, Any], year: int) -> Table:
    """Activities and participant-times per month."""
    cols = [
        Column("month", title=t("r_month")),
        Column("activities", "int", title=t("r_activities"), bar=True),
        Column("participant_times", "int", title=t("r_participant_times")),
    ]
    return Table(cols, figures["months"], title=t("r_months_title", year=year), name="months")


def categories_table(figures: dict[str, Any], year: int) -> Table:
    """The activity category mix."""
    cols = [
        Column("category", "enum", enum="activity_category"),
        Column("activities", "int", title=t("r_activities"), bar=True),
        Column("share", "percent", title=t("r_share")),
        Column("participant_times", "int", title=t("r_participant_times")),
    ]
    return Table(cols, figures["categories"], title=t("r_categories_title", year=year), name="categories")


def funds_table(figures: dict[str, Any], year: int) -> Table:
    """Funds and in-kind value per community (from the same 汇总 figures)."""
    cols = [
        Column("community"),
        Column("cash_fen", "money", title=t("r_cash"), bar=True),
        Column("in_kind_fen", "money", title=t("r_in_kind")),
        Column("goods_fen", "money", title=t("r_funds_total")),
    ]
    rows = [
        {
            "community": r["community"],
            "cash_fen": r["cash_fen"],
            "in_kind_fen": r["in_kind_fen"],
            "goods_fen": r["cash_fen"] + r["in_kind_fen"],
        }
        for r in figures["rows"]
    ]
    return Table(cols, rows, title=t("r_funds_title", year=year), name="funds")


def assessment_columns(result: AssessmentResult) -> list[Column]:
    """单位考评 columns: rank, unit, communities, one per criterion, bonus, total, grade, note."""
    rules = result.rules
    cols = [
        Column("rank", "int", title=t("a_rank")),
        Column("unit_id", "int", show=False),
        Column("unit", title=t("a_unit")),
        Column("communities", "list", title=t("a_communities")),
    ]
    cols += [
        Column(
            c.key,
            "score",
            title=t("a_criterion", name=c.name, max=number_text(c.max)),
            brief=c.name,
            fold=True,
        )
        for c in rules.criteria
    ]
    if rules.bonus.items:
        cols.append(
            Column(
                "bonus",
                "score",
                title=t("a_bonus", name=rules.bonus.name, max=number_text(rules.bonus.max)),
                brief=rules.bonus.name,
                fold=True,
            )
        )
    cols += [
        Column("total", "score", title=t("a_total")),
        Column("grade", "enum", enum="grade", title=t("a_grade")),
        Column("vetoed", "bool", show=False),
        Column("note", title=t("a_note"), wrap=True, fold=True),
    ]
    return cols


def assessment_rows(result: AssessmentResult) -> list[dict[str, Any]]:
    """One flat row per unit (scores as floats with two decimals), in rank order."""
    share = number_text(result.rules.grades.excellent_share)
    rows = []
    for u in result.units:
        note = t("a_note_veto") if u.vetoed else (t("a_note_capped", share=share) if u.capped else "")
        row = {
            "rank": u.rank,
            "unit_id": u.unit_id,
            "unit": u.unit,
            "communities": u.communities,
            "bonus": float(u.bonus),
            "total": float(u.total),
            "grade": u.grade,
            "vetoed": u.vetoed,
            "note": note,
        }
        row.update({k: float(v) for k, v in u.scores.items()})
        rows.append(row)
    return rows


def assessment_table(result: AssessmentResult) -> Table:
    """单位考评 as a table."""
    title = t("a_title_final" if result.finalized_at else "a_title", year=result.year)
    if result.community is not None:
        title += t("a_title_community", community=result.community["name"])
    counts = result.grade_counts()
    footer = [t("a_footer", n=len(result.units), **counts)]
    return Table(
        assessment_columns(result), assessment_rows(result), title=title, footer=footer, name=t("sheet_units")
    )


def findings_table(items: list[Finding], year: int) -> Table:
    """The findings as a table: kind, subject, the sentence with its numbers."""
    cols = [
        Column("kind", title=t("f_col_kind")),
        Column("subject", title=t("f_col_subject")),
        Column("text", title=t("f_col_text"), wrap=True),
    ]
    rows = [{"kind": t("fk_" + f.kind), "subject": f.subject, "text": f.text()} for f in items]
    return Table(cols, rows, title=t("f_title", year=year, n=len(items)), name="findings")


SEAT_COLUMNS = [
    Column("committee"),
    Column("person"),
    Column("unit"),
    Column("role", "enum", enum="committee_role", title=t("label_committee_role")),
    Column("unit_post", fold=True),
    Column("started"),
    Column("ended"),
]


def committee_table(seats: list[dict[str, Any]], year: int) -> Table:
    """兼职委员: the seats serving in the year (`figures.committee_seats`), by committee."""
    return Table(
        SEAT_COLUMNS, seats, title=t("r_committee_title", year=year), name=t("title_committee_seats")
    )


SOURCE_COLUMNS = [
    Column("label", title=t("label_source")),
    Column("found", "int", title=t("r_tickets_found")),
    Column("closed", "int", title=t("r_tickets_closed")),
    Column("rejected", "int", title=t("r_tickets_rejected")),
    Column("median_days_to_close", "score", title=t("label_median_days_to_close"), total=False),
    Column("promised", "int", title=t("label_promised")),
    Column("kept", "int", title=t("label_promise_kept")),
    Column("promise_share", "percent", title=t("label_promise_share")),
]


def sources_table(sources: list[dict[str, Any]], year: int) -> Table:
    """问题来源: the year's problems by source — found, closed, median days to close, promises kept."""
    return Table(SOURCE_COLUMNS, sources, title=t("r_sources_title", year=year), name=t("label_source"))


KIND_COLUMNS = [
    Column("kind", "enum", enum="member_kind", title=t("label_member_kind")),
    Column("target", "int", title=t("label_kind_target")),
    Column("registered", "int", title=t("r_members_registered")),
    Column("met_target", "int", title=t("r_members_met_target")),
]


def kinds_table(kinds: list[dict[str, Any]], year: int) -> Table:
    """党员身份: the year's members by kind — each kind's target, members registered and those who met it."""
    return Table(KIND_COLUMNS, kinds, title=t("r_kinds_title", year=year), name=t("label_member_kind"))
