"""What the Word documents offices print say: the 《共建协议书》, a member's 活动记录卡, a unit's 反馈表,
the year's work report and the notices a community posts (公示), each computed here as a `gongjian.writing.docx.Document` from the parts' figures.

The writer (`writing/docx.py`) only lays the blocks out. Figures of a year are the ones `report year` and
the workbook show (`reports.figures`, `reports.assessment.year_report`), as of the year's last day; the
signature names are the ledger's (`Store.signatures`). ID numbers and phones are masked unless asked.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from datetime import date, timedelta
from typing import Any

from gongjian.errors import FileProblem
from gongjian.i18n import t
from gongjian.paths import data_path
from gongjian.privacy import mask_id, mask_phone
from gongjian.reading import normalize as n
from gongjian.records.common import hours_text
from gongjian.records.funds import goods_fen
from gongjian.reports import tables as report_tables
from gongjian.reports.book import chinese_date
from gongjian.reports.findings import FINDING_KINDS
from gongjian.roster.pairings import overlaps
from gongjian.store.db import now_iso
from gongjian.writing.docx import Document, Fields, Grid, Opinion, Para, Seal
from gongjian.writing.table import Column, money_text

NUMERALS = "一二三四五六七八九十"


def numbered(i: int) -> str:
    """The heading numeral of a Chinese document: 一、二、… 十、十一、."""
    return NUMERALS[i - 1] if i <= 10 else "十" + NUMERALS[i - 11]


def today_text() -> str:
    """Today as a document's date line."""
    return chinese_date(now_iso()[:10])


# ---------------------------------------------------------------------------- 《共建协议书》
def agreement_template() -> dict[str, Any]:
    """The agreement's fixed clauses, `data/templates/agreement.toml` (editable by the office)."""
    path = data_path("templates", "agreement.toml")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise FileProblem("doc_template_bad", path=path.name, reason=str(exc)) from exc


def agreement_document(ledger, ref: object) -> Document:
    """`agreement show ID -o 协议书.docx`: both parties, the term, commitments and claimed items, the
    template's rights and duties, a signature and seal block for each side and the date signed."""
    row = ledger.roster.show_agreement(ref)
    community = ledger.roster.community(row["community"])
    unit = ledger.roster.unit(row["unit"])
    template = agreement_template()
    start = chinese_date(row["signed_on"]) if row["signed_on"] else t("doc_blank_date")
    end = chinese_date(row["valid_until"]) if row["valid_until"] else t("doc_open_end")
    values = {"community": community["name"], "unit": unit["name"], "start": start, "end": end}

    def fill(text: str) -> str:
        return str(text).format_map(_Keep(values))

    blocks: list[Any] = [
        Para(t("doc_agreement_number", number=row["number"]), "right"),
        Para(fill(template.get("preamble", ""))),
        Para(f"{numbered(1)}、{t('doc_parties')}", "heading"),
        Fields(
            [
                (t("doc_party_a"), community["name"]),
                (t("doc_party_b"), unit["name"]),
                (t("doc_head"), community.get("secretary") or community.get("director")),
                (t("doc_legal_rep"), unit.get("legal_rep")),  # the unit's representative, from its register
                (t("doc_address"), community.get("address") or community.get("street")),
                (t("doc_address"), unit.get("address")),
                (t("doc_contact"), community.get("secretary") or community.get("director")),
                (t("doc_contact"), unit.get("contact")),
                (t("doc_phone"), mask_phone(community.get("phone")) if community.get("phone") else None),
                (t("doc_phone"), mask_phone(unit.get("phone")) if unit.get("phone") else None),
            ]
        ),
        Para(f"{numbered(2)}、{t('doc_term')}", "heading"),
        Para(t("doc_term_text", start=start, end=end)),
        Para(f"{numbered(3)}、{t('doc_commitments')}", "heading"),
    ]
    commitments = row.get("commitments") or []
    if commitments:
        blocks += [Para(f"{i}. {c}") for i, c in enumerate(commitments, start=1)]
    else:
        blocks.append(Para(t("doc_no_commitments")))
    claimed = [
        p
        for p in ledger.projects.list_projects(community=community["id"], unit=unit["id"])
        if p["status"] != "cancelled"
    ]
    if claimed:
        blocks.append(Para(t("doc_claimed_projects"), "subheading"))
        blocks += [
            Para(f"{i}. {p['title']}（{t('doc_claimed_on', on=p['claimed_on'] or '—')}）")
            for i, p in enumerate(claimed, start=1)
        ]
    n = 4
    for key, heading in (("community_duties", "doc_duties_a"), ("unit_duties", "doc_duties_b")):
        blocks.append(Para(f"{numbered(n)}、{t(heading)}", "heading"))
        blocks += [Para(f"{i}. {fill(text)}") for i, text in enumerate(template.get(key, []), start=1)]
        n += 1
    if template.get("other_terms"):
        blocks.append(Para(f"{numbered(n)}、{t('doc_other_terms')}", "heading"))
        blocks += [Para(f"{i}. {fill(text)}") for i, text in enumerate(template["other_terms"], start=1)]
    signed = chinese_date(row["signed_on"]) if row["signed_on"] else None
    blocks.append(
        Seal(
            [
                [
                    (t("doc_seal_a"), community["name"]),
                    (t("doc_signer"), None),
                    (t("doc_signed_on"), signed),
                ],
                [
                    (t("doc_seal_b"), unit["name"]),
                    (t("doc_signer"), None),
                    (t("doc_signed_on"), signed),
                ],
            ]
        )
    )
    return Document(
        title=template.get("title") or t("doc_agreement_title"),
        subtitle=None,
        blocks=blocks,
        properties={"title": t("doc_agreement_title"), "subject": row["number"]},
    )


class _Keep(dict):
    """`str.format_map` values that leave an unknown {placeholder} as it was written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


# ---------------------------------------------------------------------------- 活动记录卡
SERVICE_COLUMNS = [
    Column("n", "int", title=t("doc_no")),
    Column("date", "date", title=t("l_date")),
    Column("content", title=t("xlsx_service_content")),
    Column("hours", "score", title=t("l_hours")),
]


def member_card_document(card: dict[str, Any], *, show_pii: bool) -> Document:
    """`member card REF -y YEAR -o 记录卡.docx`: particulars (ID number and phone masked unless `show_pii`),
    every service of the year with date, content and hours, the community's opinion and seal."""
    m, year = card["member"], card["year"]
    phone = m.get("phone") if show_pii else (mask_phone(m["phone"]) if m.get("phone") else None)
    id_number = m.get("id_number") if show_pii else (mask_id(m["id_number"]) if m.get("id_number") else None)
    rows = [
        {
            "n": i,
            "date": s["date"],
            "content": s.get("activity") or s.get("note") or "",
            "hours": s["minutes"] / 60,
        }
        for i, s in enumerate(card["services"], start=1)
    ]
    totals = {"n": t("r_total"), "content": t("doc_times", n=card["count"]), "hours": card["minutes"] / 60}
    verdict = t("member_card_met") if card["met"] else t("member_card_owed", owed=card["owed"])
    return Document(
        title=t("doc_card_title"),
        subtitle=t("doc_year_line", year=year),
        blocks=[
            Fields(
                [
                    (t("l_member"), m["name"]),
                    (t("l_work_unit"), m.get("unit")),
                    (t("l_residence"), m.get("community")),
                    (t("l_registered_on"), m.get("registered_on")),
                    (t("doc_phone"), phone),
                    (t("l_id_number"), id_number),
                    (t("l_post"), _label("member_post", m.get("post"))),
                    (t("l_specialty"), m.get("specialty")),
                ]
            ),
            Grid(
                SERVICE_COLUMNS,
                rows,
                totals=totals if rows else None,
                caption=t("doc_card_services", year=year),
                widths=[0.6, 1.4, 4.0, 1.2],
            ),
            Para(
                t(
                    "doc_card_summary",
                    year=year,
                    n=card["count"],
                    hours=hours_text(card["minutes"]),
                    target=card["target"],
                    verdict=verdict,
                    grade=_label("grade", card["evaluation"]),
                )
            ),
            Opinion(t("doc_community_opinion"), t("doc_seal_community"), t("doc_date_blank"), lines=2),
        ],
        body_pt=14,
        properties={"title": t("doc_card_title"), "subject": f"{m['name']} {year}"},
    )


def _label(enum: str, key: str | None) -> str | None:
    from gongjian.vocab import term_label

    return term_label(enum, key) if key else None


# ---------------------------------------------------------------------------- 反馈表
FEEDBACK_COLUMNS = [
    Column("n", "int", title=t("doc_no")),
    Column("name", title=t("l_member")),
    Column("community", title=t("l_residence")),
    Column("post", "enum", enum="member_post", title=t("l_post")),
    Column("services", "int", title=t("doc_services")),
    Column("hours", "score", title=t("l_hours")),
    Column("evaluation", "enum", enum="grade", title=t("doc_grade")),
]


def feedback_document(sheet: dict[str, Any], party_org: str | None) -> Document:
    """`member feedback -u UNIT -y YEAR -o 反馈表.docx`: to the unit's party organisation, each member's
    services and grade (优秀/合格/不合格 by the rules), an opinion line, the community's seal and date."""
    year, rules, counts = sheet["year"], sheet["rules"], sheet["counts"]
    rows = [{**r, "n": i, "hours": r["minutes"] / 60} for i, r in enumerate(sheet["rows"], start=1)]
    totals = {
        "n": t("r_total"),
        "name": t("doc_people", n=len(rows)),
        "services": sum(r["services"] for r in rows),
        "hours": sum(r["minutes"] for r in rows) / 60,
    }
    addressee = party_org or t("doc_party_org_of", unit=sheet["unit"])
    return Document(
        title=t("doc_feedback_title"),
        subtitle=t("doc_year_line", year=year),
        blocks=[
            Para(addressee + "：", "plain"),
            Para(
                t(
                    "doc_feedback_intro",
                    unit=sheet["unit"],
                    year=year,
                    n=len(rows),
                    excellent=rules["excellent"],
                    passed=rules["pass"],
                )
            ),
            Grid(
                FEEDBACK_COLUMNS,
                rows,
                totals=totals if rows else None,
                widths=[0.6, 1.3, 1.6, 1.4, 1.0, 1.2, 1.0],
            ),
            Para(
                t(
                    "doc_feedback_counts",
                    n=len(rows),
                    excellent=counts["excellent"],
                    passed=counts["pass"],
                    failed=counts["fail"],
                )
            ),
            Opinion(t("doc_community_party_opinion"), t("doc_seal_community"), today_text(), lines=2),
        ],
        body_pt=14,
        properties={"title": t("doc_feedback_title"), "subject": f"{sheet['unit']} {year}"},
    )


# ---------------------------------------------------------------------------- the year's work report
def _summary_columns(*keys: str) -> list[Column]:
    """The year summary's own columns (`reports.tables.SUMMARY_COLUMNS`: key, kind, heading) named by `keys`."""
    by_key = {c.key: c for c in report_tables.SUMMARY_COLUMNS}
    return [by_key[k] for k in keys]


def year_report_document(ledger, data: dict[str, Any], signatures: dict[str, str | None]) -> Document:
    """`report year YEAR -o 年度报告.docx`: the year's work report in official style — overview figures,
    a table per area (communities, activities and their mix, funds and in-kind, the problem ledger,
    members, projects, meetings), the findings, and the as-of date."""
    figures, year = data["figures"], data["year"]
    as_of = figures["as_of"]
    totals = figures["totals"]
    scope = data["community"] or ""
    community = ledger.roster.community(data["community"]) if data["community"] else None
    rows = figures["rows"]
    order = {r["community"]: i for i, r in enumerate(rows)}
    projects = project_rows(ledger, year, as_of, community)
    meetings = meeting_rows(ledger, year, community)
    for part in (projects, meetings):  # in the order of the 汇总
        part["rows"].sort(key=lambda r: order.get(r["community"], len(order)))
    n = iter(range(1, 20))
    blocks: list[Any] = [
        Para(f"{numbered(next(n))}、{t('doc_r_overview')}", "heading"),
        Para(
            t(
                "doc_r_overview_text",
                year=year,
                communities=len(rows),
                units=totals["paired_units"],
                activities=f"{totals['activities']:,}",
                times=f"{totals['participant_times']:,}",
                cash=money_text(totals["cash_fen"]),
                in_kind=money_text(totals["in_kind_fen"]),
                found=f"{totals['tickets_found']:,}",
                closed=f"{totals['tickets_closed']:,}",
                rejected=f"{totals['tickets_rejected']:,}",
                rate=_rate(totals["closure_rate"]),
                members=f"{totals['members_registered']:,}",
                met=f"{totals['members_met_target']:,}",
            )
        ),
        Grid(
            _summary_columns(
                "community",
                "lead_unit",
                "paired_units",
                "activities",
                "participant_times",
                "tickets_found",
                "closure_rate",
            ),
            rows,
            totals=totals,
            caption=t("doc_r_table_communities", year=year),
            widths=[1.3, 2.6, 1.0, 1.0, 1.2, 1.0, 1.3],  # "100.0%" on one line
        ),
        Para(f"{numbered(next(n))}、{t('doc_r_activities')}", "heading"),
        Para(_mix_text(figures, year)),
        Grid(
            report_tables.categories_table(figures, year).columns,
            figures["categories"],
            totals={
                "category": t("r_total"),
                "activities": totals["activities"],
                "share": 1.0 if totals["activities"] else None,
                "participant_times": totals["participant_times"],
            },
            caption=t("doc_r_table_categories", year=year),
        ),
        Para(f"{numbered(next(n))}、{t('doc_r_funds')}", "heading"),
        Para(
            t(
                "doc_r_funds_text",
                cash=money_text(totals["cash_fen"]),
                in_kind=money_text(totals["in_kind_fen"]),
                venue=money_text(totals.get("venue_fen") or 0),
                service=money_text(totals.get("service_fen") or 0),
            )
        ),
        Grid(
            _summary_columns("community", "cash_fen", "in_kind_fen", "venue_fen", "service_fen"),
            rows,
            totals=totals,
            caption=t("doc_r_table_funds", year=year),
            widths=[1.2, 2.3, 1.9, 1.6, 1.6],
        ),
        Para(f"{numbered(next(n))}、{t('doc_r_tickets')}", "heading"),
        Para(
            t(
                "doc_r_tickets_text",
                found=f"{totals['tickets_found']:,}",
                closed=f"{totals['tickets_closed']:,}",
                rejected=f"{totals['tickets_rejected']:,}",
                overdue=f"{totals['tickets_overdue']:,}",
                rate=_rate(totals["closure_rate"]),
                as_of=as_of,
            )
        ),
        Grid(
            [
                *_summary_columns("community", "tickets_found", "tickets_closed", "tickets_rejected"),
                Column("tickets_overdue", "int", title=t("doc_overdue")),
                *_summary_columns("closure_rate"),
            ],
            rows,
            totals=totals,
            caption=t("doc_r_table_tickets", year=year),
        ),
        Para(f"{numbered(next(n))}、{t('doc_r_members')}", "heading"),
        Para(
            t(
                "doc_r_members_text",
                members=f"{totals['members_registered']:,}",
                met=f"{totals['members_met_target']:,}",
                share=_rate(
                    totals["members_met_target"] / totals["members_registered"]
                    if totals["members_registered"]
                    else None
                ),
            )
        ),
        Grid(
            _summary_columns("community", "members_registered", "members_met_target"),
            rows,
            totals=totals,
            caption=t("doc_r_table_members", year=year),
        ),
        Para(f"{numbered(next(n))}、{t('doc_r_projects')}", "heading"),
        Para(_projects_text(projects)),
        Grid(
            [
                Column("community"),
                Column("listed", "int", title=t("doc_p_listed")),
                Column("claimed", "int", title=t("doc_p_claimed")),
                Column("via_hall", "int", title=t("doc_p_via_hall")),
                Column("bid", "int", title=t("doc_p_bid")),
                Column("done", "int", title=t("doc_p_done")),
                Column("cancelled", "int", title=t("doc_p_cancelled")),
            ],
            projects["rows"],
            totals=projects["totals"],
            caption=t("doc_r_table_projects", year=year),
        ),
        Para(f"{numbered(next(n))}、{t('doc_r_meetings')}", "heading"),
        Para(_meetings_text(meetings)),
        Grid(
            [
                Column("community"),
                Column("held", "int", title=t("doc_m_held")),
                Column("invited", "int", title=t("doc_m_invited")),
                Column("attended", "int", title=t("doc_m_attended")),
                Column("rate", "percent", title=t("doc_m_rate")),
            ],
            meetings["rows"],
            totals=meetings["totals"],
            caption=t("doc_r_table_meetings", year=year),
        ),
        Para(f"{numbered(next(n))}、{t('doc_r_findings')}", "heading"),
    ]
    found = data["findings"]
    if not found:
        blocks.append(Para(t("f_none")))
    sub = 0
    for kind in FINDING_KINDS:
        group = [f for f in found if f.kind == kind]
        if not group:
            continue
        sub += 1
        blocks.append(Para(f"（{numbered(sub)}）{t('fk_' + kind)}（{len(group)} 条）", "subheading"))
        shown = group[:REPORT_FINDINGS]
        blocks += [Para(f"{i}. {f.text()}") for i, f in enumerate(shown, start=1)]
        if len(group) > len(shown):
            blocks.append(Para(t("doc_r_more", n=len(group) - len(shown))))
    blocks += [
        Para(t("doc_r_as_of", as_of=chinese_date(as_of)), "note"),
        Para(""),
        Para(signatures.get("unit") or "", "right"),
        Para(chinese_date((data["finalized_at"] or now_iso())[:10]), "right"),
    ]
    title = t("doc_r_title", year=year) + (
        t("a_title_community", community=scope) if data["community"] else ""
    )
    return Document(
        title=title,
        subtitle=t("doc_r_subtitle", as_of=chinese_date(as_of))
        + (t("report_finalized") if data["finalized_at"] else ""),
        blocks=blocks,
        properties={"title": title, "subject": t("doc_r_subject", year=year)},
    )


REPORT_FINDINGS = 10  # per kind in the report; the rest are counted


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _mix_text(figures: dict[str, Any], year: int) -> str:
    cats = figures["categories"]
    months = figures["months"]
    busiest = max(months, key=lambda m: m["activities"], default=None)
    top = "、".join(
        f"{_label('activity_category', c['category'])} {c['activities']} 次（{_rate(c['share'])}）"
        for c in cats[:3]
    )
    return t(
        "doc_r_activities_text",
        year=year,
        n=f"{figures['totals']['activities']:,}",
        times=f"{figures['totals']['participant_times']:,}",
        top=top or "—",
        month=(busiest["month"] if busiest and busiest["activities"] else "—"),
        busiest=(busiest["activities"] if busiest else 0),
    )


def project_rows(ledger, year: int, as_of: str, community: dict[str, Any] | None) -> dict[str, Any]:
    """The year's contract projects per community as of `as_of`: listed, claimed (by then), claimed in
    the open hall, bid for, done (by then) and cancelled (a cancellation carries no date)."""
    per: dict[str, Counter] = {}
    for p in ledger.projects.list_projects(year=year, community=community["id"] if community else None):
        c = per.setdefault(p["community"], Counter())
        c["listed"] += 1
        if p["status"] == "cancelled":
            c["cancelled"] += 1
            continue
        if p["claimed_on"] and p["claimed_on"] <= as_of:
            c["claimed"] += 1
            c["via_hall"] += bool(p["via_hall"])
            c["bid"] += p["bid_fen"] is not None
        if p["status"] == "done" and p["done_on"] and p["done_on"] <= as_of:
            c["done"] += 1
    keys = ("listed", "claimed", "via_hall", "bid", "done", "cancelled")
    rows = [{"community": name, **{k: c[k] for k in keys}} for name, c in per.items()]
    totals = {"community": t("r_total"), **{k: sum(r[k] for r in rows) for k in keys}}
    return {"rows": rows, "totals": totals}


def _projects_text(projects: dict[str, Any]) -> str:
    tt = projects["totals"]
    return t(
        "doc_r_projects_text",
        listed=tt["listed"],
        claimed=tt["claimed"],
        via_hall=tt["via_hall"],
        bid=tt["bid"],
        done=tt["done"],
        cancelled=tt["cancelled"],
    )


def meeting_rows(ledger, year: int, community: dict[str, Any] | None) -> dict[str, Any]:
    """The year's joint meetings per community: held, units invited and attending, the attendance rate."""
    per: dict[str, Counter] = {}
    for m in ledger.meetings.list_meetings(year=year, community=community["id"] if community else None):
        c = per.setdefault(m["community"], Counter())
        c["held"] += 1
        c["invited"] += m["invited"]
        c["attended"] += m["attended"]
    rows = [
        {"community": name, **c, "rate": c["attended"] / c["invited"] if c["invited"] else None}
        for name, c in per.items()
    ]
    held, invited, attended = (sum(r[k] for r in rows) for k in ("held", "invited", "attended"))
    totals = {
        "community": t("r_total"),
        "held": held,
        "invited": invited,
        "attended": attended,
        "rate": attended / invited if invited else None,
    }
    return {"rows": rows, "totals": totals}


def _meetings_text(meetings: dict[str, Any]) -> str:
    tt = meetings["totals"]
    return t(
        "doc_r_meetings_text",
        held=tt["held"],
        communities=len(meetings["rows"]),
        rate=_rate(tt["rate"]),
    )


# ---------------------------------------------------------------------------- 公示 (issue #21)
# Notices posted in the community for residents to see (共驻共建: members' specialties, units and posts made
# public; 绍兴: agreements fulfilled under 公示): a title, the period it is posted, a table, the community
# party organisation's seal and the date. No ID numbers and no phones, ever.
NOTICE_DAYS = 7  # 公示期: a week unless the office says otherwise


def notice_day(value: object = None) -> date:
    """The day a notice is posted: as typed (`2017-01-05`, `2017年1月5日` …), else today."""
    return (
        date.fromisoformat(n.date_iso(value))
        if value not in (None, "")
        else date.fromisoformat(now_iso()[:10])
    )


def notice_period(on: date, days: int) -> str:
    """`公示期：2017年1月5日至2017年1月11日` — `days` days from `on`, both ends included."""
    last = on + timedelta(days=max(int(days), 1) - 1)
    return t("ntc_period", first=chinese_date(on.isoformat()), last=chinese_date(last.isoformat()))


def _notice(title: str, intro: str, on: date, days: int, grid: Grid, subject: str) -> Document:
    return Document(
        title=title,
        blocks=[
            Para(intro),
            Para(notice_period(on, days), "plain"),
            grid,
            Para(t("ntc_objection")),
            Opinion("", t("doc_seal_community"), chinese_date(on.isoformat()), lines=0),
        ],
        body_pt=14,
        properties={"title": title, "subject": subject},
    )


NOTICE_MEMBER_COLUMNS = [
    Column("n", "int", title=t("doc_no")),
    Column("name", title=t("l_member")),
    Column("unit", title=t("l_work_unit")),
    Column("specialty"),
    Column("post", "enum", enum="member_post", title=t("l_post")),
    Column("registered_on", "date", title=t("l_registered_on")),
]


def members_notice(ledger, community: object, *, on: date, days: int = NOTICE_DAYS) -> Document:
    """`notice members COMMUNITY -o 公示.docx`: the in-service members registered in the community and in
    service on `on` (`in_service_sql`), each with work unit, specialty and claimed post."""
    c = ledger.roster.community(community)
    rows = [
        r
        for r in ledger.members.list_members(community=c["id"], year=on.year)
        if r["due"] and (r["registered_on"] or "") <= on.isoformat()
    ]
    rows = [{**r, "n": i} for i, r in enumerate(rows, start=1)]
    title = t("ntc_members_title", community=c["name"])
    intro = t("ntc_members_intro", community=c["name"], as_of=chinese_date(on.isoformat()), n=len(rows))
    grid = Grid(NOTICE_MEMBER_COLUMNS, rows, widths=[13.5, 20, 43.5, 26.5, 24.5, 28])  # mm: dates whole
    return _notice(title, intro, on, days, grid, f"{c['name']} {on.isoformat()}")


NOTICE_AGREEMENT_COLUMNS = [
    Column("n", "int", title=t("doc_no")),
    Column("unit"),
    Column("commitments", "list", title=t("ntc_committed")),
    Column("activities", "int", title=t("ntc_activities")),
    Column("goods_fen", "money", title=t("ntc_goods")),
    Column("projects", "list", title=t("ntc_projects")),
]


def agreements_notice(ledger, community: object, year: int, *, on: date, days: int = NOTICE_DAYS) -> Document:
    """`notice agreements COMMUNITY -y YEAR`: the agreements in force in the year (signed by its end, not
    ended before it — the days rule of `pairings.overlaps`), what each unit committed, and what it delivered
    in the community that year: activities organised or joined, cash and in-kind (`goods_fen`), projects."""
    c = ledger.roster.community(community)
    first, last = f"{int(year):04d}-01-01", f"{int(year):04d}-12-31"
    acts = ledger.records.activity_figures(year, community_id=c["id"])
    funds = ledger.records.contribution_sums(by="unit", year=year, community=c["id"])
    projects: dict[str, list[str]] = {}
    for p in ledger.projects.list_projects(year=year, community=c["id"]):
        if p["status"] != "cancelled":
            for unit in p["claimants"]:
                projects.setdefault(unit, []).append(p["title"])
    rows = []
    for a in ledger.roster.list_agreements(community=c["id"]):
        if not overlaps(a["signed_on"], a["valid_until"], first, last):
            continue
        uid = ledger.roster.unit(a["unit"])["id"]
        done = acts.get(uid, {})
        rows.append(
            {
                **a,
                "n": len(rows) + 1,
                "activities": (done.get("organised") or 0) + (done.get("participated") or 0),
                "goods_fen": goods_fen(funds.get(uid, {})),
                "projects": projects.get(a["unit"], []),
            }
        )
    title = t("ntc_agreements_title", community=c["name"], year=year)
    intro = t("ntc_agreements_intro", community=c["name"], year=year, n=len(rows))
    grid = Grid(NOTICE_AGREEMENT_COLUMNS, rows, widths=[12, 40, 36, 15, 25, 28])  # mm: sums whole
    return _notice(title, intro, on, days, grid, f"{c['name']} {year}")


NOTICE_PROJECT_COLUMNS = [
    Column("n", "int", title=t("doc_no")),
    Column("title", title=t("ntc_project")),
    Column("claims_text", "list", title=t("ntc_doers")),
    Column("status", "enum", enum="project_status"),
    Column("done_on", "date"),
    Column("rating", title=t("ntc_rating")),
]


def projects_notice(ledger, community: object, year: int, *, on: date, days: int = NOTICE_DAYS) -> Document:
    """`notice projects COMMUNITY -y YEAR`: the year's contract projects (not cancelled), who did them — each
    claimant with its bid or share — their state and the residents' rating (满意 / 基本满意 / 不满意)."""
    c = ledger.roster.community(community)
    rows = []
    for p in ledger.projects.list_projects(year=year, community=c["id"]):
        if p["status"] == "cancelled":
            continue
        rating = (
            t(
                "ntc_rating_value",
                satisfied=p["satisfied"] or 0,
                basically=p["basically_satisfied"] or 0,
                unsatisfied=p["unsatisfied"] or 0,
                share=_rate(p["satisfaction"]),
            )
            if p["satisfaction"] is not None
            else t("ntc_not_rated")
        )
        rows.append({**p, "n": len(rows) + 1, "rating": rating})
    title = t("ntc_projects_title", community=c["name"], year=year)
    intro = t("ntc_projects_intro", community=c["name"], year=year, n=len(rows))
    grid = Grid(NOTICE_PROJECT_COLUMNS, rows, widths=[13.5, 30, 36, 16, 28, 32.5])  # mm: dates whole
    return _notice(title, intro, on, days, grid, f"{c['name']} {year}")
