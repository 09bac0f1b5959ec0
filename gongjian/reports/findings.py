"""The findings of a year (PRODUCT §6): units without activity, one-sided activity mixes, skipped meetings,
members under target, overdue problems — each with the numbers behind it, as of the year's last day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from gongjian.i18n import t
from gongjian.reports.figures import (
    active_units,
    as_of,
    inactive_units,
    meeting_attendance,
    member_figures,
    ticket_figures,
)
from gongjian.vocab import term_label

if TYPE_CHECKING:
    pass

ONE_CATEGORY_SHARE = Fraction(1, 2)  # over half of a community's activities in one category: 活动形式单一
MEETING_MIN_SHARE = Fraction(1, 2)  # a unit attending under half of its communities' meetings skips them


@dataclass
class Finding:
    """One item of the findings list: its kind, who it is about, and the numbers behind it."""

    kind: str
    subject: str
    subject_id: int | None
    numbers: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        """The finding as one line in the current language."""
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
    _, idle = inactive_units(ledger, day, cid)
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
    meetings = meeting_attendance(ledger, year)
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
        for r in ticket_figures(ledger, year, day, cid)["unit"]
        if r["overdue"] and (cid is None or r["key"] in names or r["key"] is None)
    ]
    out += sorted(overdue, key=lambda f: (-f.numbers["overdue"], f.subject))
    return out
