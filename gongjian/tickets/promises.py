"""Problems with a promise (承诺办结): the days the office promises by a problem's source, and whether
it kept them (issue #21; 绍兴北海: online complaints "承诺3天内处理结案").

A problem from a source the rules file promises for (`[tickets.promise]`, e.g. `complaint = 3`) is
promised to be settled by its reported day plus those days (`promised_by`); its assignment deadline
defaults to that day. A promise is kept when the problem is closed (销号) on or before that day; it
counts once it has come due (the day is on or before the day the figures are taken) or the problem is
closed, and never for a problem set aside (不予处理).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from gongjian.errors import InvalidValue
from gongjian.reading.rules_file import rules_data
from gongjian.vocab import keys


def promise_rules(path: Path | str | None = None) -> dict[str, int]:
    """`{source: days}` from `[tickets.promise]` of the rules file (`path`, else the shipped default)."""
    data = rules_data(path)
    section = data.get("tickets", {}).get("promise", {}) if isinstance(data.get("tickets"), dict) else {}
    out: dict[str, int] = {}
    sources = keys("ticket_source")
    for source, days in section.items() if isinstance(section, dict) else ():
        if source not in sources or isinstance(days, bool) or not isinstance(days, int) or days < 1:
            raise InvalidValue("rules_promise_bad", source=source, choices="、".join(sources))
        out[source] = days
    return out


def promised_by(source: str | None, reported_on: str, rules: dict[str, int]) -> str | None:
    """The day a problem from `source` reported on `reported_on` is promised to be settled by, or None."""
    days = rules.get(source or "")
    if not days:
        return None
    return (date.fromisoformat(reported_on) + timedelta(days=days)).isoformat()


def promise_due_sql(asof: str, alias: str = "t") -> str:
    """SQL: the problem's promise counts on `asof` — it has one, it is not set aside, and it has come due
    or the problem is closed (`alias` carries `st`, its status on the day)."""
    return (
        f"({alias}.promised_by IS NOT NULL AND {alias}.st <> 'rejected' "
        f"AND ({alias}.promised_by <= {asof} OR {alias}.st = 'closed'))"
    )


def promise_kept_sql(alias: str = "t") -> str:
    """SQL: the promise was kept — closed (`st`) on or before the promised day (`st_on`, its 销号日期)."""
    return f"({alias}.st = 'closed' AND {alias}.st_on IS NOT NULL AND {alias}.st_on <= {alias}.promised_by)"


def promise_share(kept: int | None, due: int | None) -> float | None:
    """The share of promises kept: kept ÷ due, None when no promise has come due."""
    return (kept or 0) / due if due else None
