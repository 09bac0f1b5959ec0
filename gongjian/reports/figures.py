"""The year's figures, computed once and shaped as format-neutral tables for every writer.

`report year`, `assess` and the evaluation workbook all read their numbers from here: the units
assessed in a year, each unit's measures (from the figure APIs of records, tickets, meetings and
projects), the per-community summary (汇总), activities per month and per category, and the findings
list of PRODUCT §6. Each family is one `gongjian.writing.table.Table`, rendered alike by the terminal, JSON,
CSV and xlsx writers. The ledger is only read here; nothing prints.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from gongjian.i18n import t
from gongjian.records.funds import goods_fen, zero_sums
from gongjian.tickets.flow import closure_rate, closure_share
from gongjian.writing.table import Column, Table

if TYPE_CHECKING:
    from gongjian.assessment.scoring import AssessmentResult
    from gongjian.ledger import Ledger

ONE_CATEGORY_SHARE = Fraction(1, 2)  # over half of a community's activities in one category: 活动形式单一
MEETING_MIN_SHARE = Fraction(1, 2)  # a unit attending under half of its communities' meetings skips them


# Figures one report reads in two shapes (members per unit for the findings, per community for 汇总) are
# computed once per state of the ledger: the key is the connection's own change count and SQLite's
# `data_version` (which moves when another connection commits), so any write invalidates them.
_SHARED: weakref.WeakKeyDictionary[Any, tuple[tuple[int, int], dict[Any, Any]]] = weakref.WeakKeyDictionary()


def _shared(ledger, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """`compute()` once per ledger state and `key`; later calls on the unchanged ledger reuse the result."""
    conn = ledger.store.conn
    state = (conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0])
    held = _SHARED.get(ledger)
    if held is None or held[0] != state:
        held = (state, {})
        _SHARED[ledger] = held
    if key not in held[1]:
        held[1][key] = compute()
    return held[1][key]


def member_figures(ledger, year: int, target: int) -> dict[str, dict[int, dict[str, int]]]:
    """Members registered and meeting `target` in `year`, `{"unit": {...}, "community": {...}}`, computed once."""
    return _shared(
        ledger,
        ("members", int(year), int(target)),
        lambda: ledger.members.member_figures(year, target, by="both"),
    )


def year_bounds(year: int) -> tuple[str, str]:
    """First and last day of a year as ISO text."""
    return f"{int(year):04d}-01-01", f"{int(year):04d}-12-31"


def as_of(year: int, today: date | None = None) -> date:
    """The day a year's figures are taken on: its last day once it is over, else today (its first day at least)."""
    return max(min(today or date.today(), date(int(year), 12, 31)), date(int(year), 1, 1))


def members_target(path: Any = None) -> int:
    """The members' yearly service target from the rules file (`[members] target`), without pydantic."""
    from gongjian.records.members import member_rules

    return member_rules(path)["target"]


# ---------------------------------------------------------------------------- units and measures
def active_units(ledger: Ledger, year: int, community_id: int | None = None) -> list[dict[str, Any]]:
    """Units paired at some time in the year (`pairings.overlaps`), with the communities they were paired with."""
    first, last = year_bounds(year)
    units: dict[int, dict[str, Any]] = {}
    for r in ledger.roster.paired_during(first, last, community_id=community_id):
        unit = units.setdefault(
            r["unit_id"],
            {
                "id": r["unit_id"],
                "name": r["unit"],
                "kind": r["kind"],
                "communities": [],
                "community_ids": [],
            },
        )
        if r["community_id"] not in unit["community_ids"]:
            unit["community_ids"].append(r["community_id"])
            unit["communities"].append(r["community"])
    return list(units.values())


def unit_measures(
    ledger: Ledger, year: int, unit_ids: list[int], *, target: int, as_of: date
) -> dict[int, dict[str, Any]]:
    """Every measure of `gongjian.assessment.rules.MEASURES` for each unit, from the parts' figure APIs (one call each)."""
    acts = ledger.records.activity_figures(year)
    funds = ledger.records.contribution_sums(by="unit", year=year)
    members = member_figures(ledger, year, target)["unit"]
    tickets = {
        r["key"]: r for r in ledger.tickets.ticket_figures(by="unit", year=year, today=as_of, medians=False)
    }
    meetings = ledger.meetings.meeting_attendance_figures(year)
    projects = ledger.projects.project_figures(year)
    ratings = ledger.assessment.unit_ratings(year)
    zero_act = {"organised": 0, "participated": 0, "last_date": None}
    zero_funds = zero_sums()
    out: dict[int, dict[str, Any]] = {}
    for uid in unit_ids:
        a = acts.get(uid, zero_act)
        f = funds.get(uid, zero_funds)
        m = members.get(uid, {"registered": 0, "met_target": 0})
        tk = tickets.get(uid, {"found": 0, "closed": 0, "rejected": 0, "overdue": 0})
        mt = meetings.get(uid, {"held": 0, "attended": 0})
        p = projects.get(uid, {"claimed": 0, "via_hall": 0, "bids": 0, "done": 0})
        out[uid] = {
            "activities_organised": a["organised"] or 0,
            "activities_participated": a["participated"] or 0,
            "activities_involved": (a["organised"] or 0) + (a["participated"] or 0),
            "last_activity": a.get("last_date"),
            "funds": goods_fen(f),
            "cash": f["cash_fen"],
            "in_kind": f["in_kind_fen"],
            "venue": f["venue_fen"],
            "service": f["service_fen"],
            "contributions": f["cash_fen"] + f["in_kind_fen"] + f["venue_fen"] + f["service_fen"],
            "tickets_closed_share": closure_share(tk["closed"], tk["found"], tk["rejected"]),
            "tickets_assigned": tk["found"],
            "tickets_overdue": tk["overdue"] or 0,
            "meetings_attended_share": (mt["attended"], mt["held"]),
            "meetings_missed": mt["held"] - mt["attended"],
            "members_target_share": (m["met_target"], m["registered"]),
            "members_registered": m["registered"],
            "community_rating": ratings.get(uid),
            "projects_claimed": p["claimed"],
            "projects_via_hall": p["via_hall"],
            "projects_bids": p["bids"],
            "projects_done": p["done"],
        }
    return out


# ---------------------------------------------------------------------------- the 汇总 figures
SUMMARY_COLUMNS = [
    Column("community"),
    Column("paired_units", "int", title=t("r_paired_units")),
    Column("activities", "int", title=t("r_activities"), bar=True),
    Column("participant_times", "int", title=t("r_participant_times")),
    Column("cash_fen", "money", title=t("r_cash")),
    Column("in_kind_fen", "money", title=t("r_in_kind")),
    Column("tickets_found", "int", title=t("r_tickets_found")),
    Column("tickets_closed", "int", title=t("r_tickets_closed")),
    Column("closure_rate", "percent", title=t("r_closure_rate"), bar=True),
    Column("members_registered", "int", title=t("r_members_registered")),
    Column("members_met_target", "int", title=t("r_members_met_target")),
]


def community_summary(ledger, year: int, as_of: date, *, target: int) -> dict[str, Any]:
    """Per community (and in total): paired units, activities, participant-times, funds, in-kind,
    problems found/closed and closure rate, members registered and meeting the target."""
    first, last = year_bounds(year)
    rows: dict[int, dict[str, Any]] = {}
    for cid, code, name in ledger.store.conn.execute("SELECT id, code, name FROM communities ORDER BY code"):
        rows[cid] = {
            "community_id": cid,
            "code": code,
            "community": name,
            "paired_units": 0,
            "activities": 0,
            "participant_times": 0,
            "cash_fen": 0,
            "in_kind_fen": 0,
            "tickets_found": 0,
            "tickets_closed": 0,
            "tickets_rejected": 0,
            "tickets_overdue": 0,
            "closure_rate": None,
            "members_registered": 0,
            "members_met_target": 0,
        }
    by_code = {r["code"]: r for r in rows.values()}
    for pair in ledger.roster.paired_during(first, last):
        rows[pair["community_id"]]["paired_units"] += 1
    for cid, n, times in ledger.store.conn.execute(
        "SELECT community_id, count(*), sum(participant_times) FROM activities WHERE year = ? "
        "GROUP BY community_id",
        (year,),
    ):
        rows[cid].update(activities=n, participant_times=times or 0)
    for cid, sums in ledger.records.contribution_sums(by="community", year=year).items():
        rows[cid].update(cash_fen=sums["cash_fen"], in_kind_fen=sums["in_kind_fen"])
    for r in ledger.tickets.ticket_figures(by="community", year=year, today=as_of, medians=False):
        row = by_code.get(r["key"])
        if row is not None:
            row.update(
                tickets_found=r["found"],
                tickets_closed=r["closed"] or 0,
                tickets_rejected=r["rejected"] or 0,
                tickets_overdue=r["overdue"] or 0,
                closure_rate=r["closure_rate"],
            )
    # Members by residence community: registered (active, registered by the year's end) and, of them,
    # those with at least `target` services in the year — `Records.member_figures`, shared with the findings.
    for cid, m in member_figures(ledger, year, target)["community"].items():
        rows[cid].update(members_registered=m["registered"], members_met_target=m["met_target"])
    listed = [
        r
        for r in rows.values()
        if r["paired_units"]
        or r["activities"]
        or r["tickets_found"]
        or r["members_registered"]
        or r["cash_fen"]
        or r["in_kind_fen"]
    ]
    return {"rows": listed, "totals": _summary_totals(listed)}


def _summary_totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    keys = (
        "paired_units",
        "activities",
        "participant_times",
        "cash_fen",
        "in_kind_fen",
        "tickets_found",
        "tickets_closed",
        "tickets_rejected",
        "tickets_overdue",
        "members_registered",
        "members_met_target",
    )
    totals: dict[str, Any] = {k: sum(r[k] for r in rows) for k in keys}
    totals["closure_rate"] = closure_rate(
        totals["tickets_closed"], totals["tickets_found"], totals["tickets_rejected"]
    )
    totals["community"] = t("r_total")
    return totals


def activity_mix(ledger, year: int, community_id: int | None = None) -> dict[str, Any]:
    """Activities and participant-times per month and per category (the chart figures)."""
    from gongjian.vocab import keys

    where, params = "year = ?", [year]
    if community_id is not None:
        where, params = where + " AND community_id = ?", [year, community_id]
    months = {
        f"{year:04d}-{m:02d}": {"month": f"{year:04d}-{m:02d}", "activities": 0, "participant_times": 0}
        for m in range(1, 13)
    }
    for month, n, times in ledger.store.conn.execute(
        f"SELECT substr(date, 1, 7), count(*), sum(participant_times) FROM activities WHERE {where} "
        "GROUP BY 1",
        params,
    ):
        if month in months:
            months[month].update(activities=n, participant_times=times or 0)
    order = {k: i for i, k in enumerate(keys("activity_category"))}
    cats = [
        {"category": c, "activities": n, "participant_times": times or 0}
        for c, n, times in ledger.store.conn.execute(
            f"SELECT category, count(*), sum(participant_times) FROM activities WHERE {where} GROUP BY category",
            params,
        )
    ]
    cats.sort(key=lambda r: (-r["activities"], order.get(r["category"], 99)))
    total = sum(r["activities"] for r in cats)
    for r in cats:
        r["share"] = r["activities"] / total if total else None
    return {"months": list(months.values()), "categories": cats}


def summary_snapshot(ledger, year: int, as_of: date, *, target: int = 2) -> dict[str, Any]:
    """The 汇总 and chart figures of a year, as stored when it is finalised."""
    summary = community_summary(ledger, year, as_of, target=target)
    return {**summary, **activity_mix(ledger, year)}


def year_figures(
    ledger,
    year: int,
    *,
    community: dict[str, Any] | None = None,
    today: date | None = None,
    target: int = 2,
    stored: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The summary and chart figures of a year (the stored snapshot for a finalised year), maybe one community."""
    day = as_of(year, today)
    snap = stored if stored is not None else summary_snapshot(ledger, year, day, target=target)
    if community is None:
        return {"as_of": day.isoformat(), **snap}
    rows = [r for r in snap["rows"] if r["community_id"] == community["id"]]
    mix = activity_mix(ledger, year, community["id"])
    return {"as_of": day.isoformat(), "rows": rows, "totals": _summary_totals(rows), **mix}


# ---------------------------------------------------------------------------- tables
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
    from gongjian.assessment.rules import number_text

    rules = result.rules
    cols = [
        Column("rank", "int", title=t("a_rank")),
        Column("unit_id", "int", show=False),
        Column("unit", title=t("a_unit")),
        Column("communities", "list", title=t("a_communities")),
    ]
    cols += [
        Column(c.key, "score", title=t("a_criterion", name=c.name, max=number_text(c.max)))
        for c in rules.criteria
    ]
    if rules.bonus.items:
        cols.append(
            Column(
                "bonus", "score", title=t("a_bonus", name=rules.bonus.name, max=number_text(rules.bonus.max))
            )
        )
    cols += [
        Column("total", "score", title=t("a_total")),
        Column("grade", "enum", enum="grade", title=t("a_grade")),
        Column("vetoed", "bool", show=False),
        Column("note", title=t("a_note")),
    ]
    return cols


def assessment_rows(result: AssessmentResult) -> list[dict[str, Any]]:
    """One flat row per unit (scores as floats with two decimals), in rank order."""
    from gongjian.assessment.rules import number_text

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


# ---------------------------------------------------------------------------- findings
@dataclass
class Finding:
    """One item of the findings list: its kind, who it is about, and the numbers behind it."""

    kind: str
    subject: str
    subject_id: int | None
    numbers: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        """The finding as one line in the current language."""
        from gongjian.vocab import term_label

        values = dict(self.numbers)
        if "category" in values:
            values["category"] = term_label("activity_category", values["category"])
        if "share" in values:
            values["share"] = f"{values['share'] * 100:.0f}%"
        return t("f_" + self.kind, subject=self.subject, **values)

    def as_dict(self) -> dict[str, Any]:
        """Machine form for JSON: kind, subject, subject_id, numbers, text."""
        return {
            "kind": self.kind,
            "subject": self.subject,
            "subject_id": self.subject_id,
            "numbers": self.numbers,
            "text": self.text(),
        }


FINDING_KINDS = (
    "no_activity_year",
    "no_activity_recent",
    "one_category",
    "skips_meetings",
    "members_under_target",
    "overdue",
)


def findings(
    ledger, year: int, *, community: dict[str, Any] | None = None, today: date | None = None, target: int = 2
) -> list[Finding]:
    """The findings of PRODUCT §6, each with its numbers, grouped by kind in `FINDING_KINDS` order."""
    day = as_of(year, today)
    cid = community["id"] if community else None
    units = active_units(ledger, year, cid)
    names = {u["id"]: u["name"] for u in units}
    acts = ledger.records.activity_figures(year)
    out: list[Finding] = []
    for u in units:
        a = acts.get(u["id"])
        if not a or not ((a["organised"] or 0) + (a["participated"] or 0)):
            out.append(Finding("no_activity_year", u["name"], u["id"], {"year": year}))
    # Units active earlier in the year but inactive on its reference day (`Records.inactive_units`).
    _, idle = ledger.records.inactive_units(day, community_id=cid)
    recent = [
        Finding(
            "no_activity_recent",
            r["unit"],
            r["unit_id"],
            {"last_date": r["last_activity"], "days": (day - date.fromisoformat(r["last_activity"])).days},
        )
        for r in idle
        if r["unit_id"] in names and r["last_activity"] and r["last_activity"] >= f"{int(year):04d}-01-01"
    ]
    out += sorted(recent, key=lambda f: (-f.numbers["days"], f.subject))
    mix: dict[int, dict[str, int]] = {}
    sql = "SELECT community_id, category, count(*) FROM activities WHERE year = ?"
    params: list[Any] = [year]
    if cid is not None:
        sql, params = sql + " AND community_id = ?", [year, cid]
    for c, cat, n in ledger.store.conn.execute(sql + " GROUP BY community_id, category", params):
        mix.setdefault(c, {})[cat] = n
    cnames = dict(ledger.store.conn.execute("SELECT id, name FROM communities").fetchall())
    for c, cats in sorted(mix.items(), key=lambda kv: cnames.get(kv[0], "")):
        total = sum(cats.values())
        top = max(sorted(cats), key=lambda k: cats[k])
        if Fraction(cats[top], total) > ONE_CATEGORY_SHARE:
            out.append(
                Finding(
                    "one_category",
                    cnames[c],
                    c,
                    {"category": top, "count": cats[top], "total": total, "share": cats[top] / total},
                )
            )
    meetings = ledger.meetings.meeting_attendance_figures(year)
    skips = [
        Finding(
            "skips_meetings",
            names[u],
            u,
            {"held": m["held"], "attended": m["attended"], "missed": m["held"] - m["attended"]},
        )
        for u, m in meetings.items()
        if u in names and m["held"] and Fraction(m["attended"], m["held"]) < MEETING_MIN_SHARE
    ]
    out += sorted(skips, key=lambda f: (-f.numbers["missed"], f.subject))
    members = member_figures(ledger, year, target)["unit"]
    under = [
        Finding(
            "members_under_target",
            names[u],
            u,
            {
                "registered": m["registered"],
                "met": m["met_target"],
                "under": m["registered"] - m["met_target"],
                "target": target,
            },
        )
        for u, m in members.items()
        if u in names and m["registered"] > m["met_target"]
    ]
    out += sorted(under, key=lambda f: (-f.numbers["under"], f.subject))
    overdue = [
        Finding(
            "overdue",
            names.get(r["key"]) or r["label"] or t("f_unassigned"),
            r["key"],
            {"overdue": r["overdue"], "open": r["open"] or 0, "as_of": day.isoformat()},
        )
        for r in ledger.tickets.ticket_figures(
            by="unit", year=year, today=day, community=cid if cid is not None else None, medians=False
        )
        if r["overdue"] and (cid is None or r["key"] in names or r["key"] is None)
    ]
    out += sorted(overdue, key=lambda f: (-f.numbers["overdue"], f.subject))
    return out


def findings_table(items: list[Finding], year: int) -> Table:
    """The findings as a table: kind, subject, the sentence with its numbers."""
    cols = [
        Column("kind", title=t("f_col_kind")),
        Column("subject", title=t("f_col_subject")),
        Column("text", title=t("f_col_text")),
    ]
    rows = [{"kind": t("fk_" + f.kind), "subject": f.subject, "text": f.text()} for f in items]
    return Table(cols, rows, title=t("f_title", year=year, n=len(items)), name="findings")
