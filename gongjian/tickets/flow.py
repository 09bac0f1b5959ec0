"""The ticket workflow of PRODUCT §2 as data: statuses, moves, the fields each status needs, numbers.

Pure functions, no database: `gongjian.tickets.tickets` (moves, bulk moves) and `gongjian.tickets_import`
(historical statuses set directly) check every change against the same table.

    open ──assign──▶ assigned ──start──▶ in_progress ──resolve──▶ resolved ──close──▶ closed
      │  (re-assign: assigned ──assign──▶ assigned)      ▲                    │          │
      └──────reject (open / assigned / in_progress) ─▶ rejected    └──reopen──┴──reopen──┘
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from gongjian.errors import InvalidValue
from gongjian.reading import normalize as n

STATUSES = ("open", "assigned", "in_progress", "resolved", "closed", "rejected")
DONE = ("closed", "rejected")  # never overdue, never open
LIVE = ("open", "assigned", "in_progress", "resolved")


@dataclass(frozen=True)
class Move:
    """One verb of the workflow: the statuses it may start from and the status it leads to."""

    verb: str
    sources: tuple[str, ...]
    target: str


MOVES: dict[str, Move] = {
    m.verb: m
    for m in (
        Move("assign", ("open", "assigned"), "assigned"),
        Move("start", ("assigned",), "in_progress"),
        Move("resolve", ("in_progress",), "resolved"),
        Move("close", ("resolved",), "closed"),
        Move("reject", ("open", "assigned", "in_progress"), "rejected"),
        Move("reopen", ("resolved", "closed"), "in_progress"),
    )
}

# Fields a ticket must carry in each status (cumulative along the main line).
NEEDS: dict[str, tuple[str, ...]] = {
    "open": (),
    "assigned": ("unit", "deadline"),
    "in_progress": ("unit", "deadline"),
    "resolved": ("unit", "deadline", "resolution"),
    "closed": ("unit", "deadline", "resolution", "verifier", "closed_on"),
    "rejected": ("reason",),
}
# Fields a ticket must not carry in a status (they belong to a later step).
FORBIDS: dict[str, tuple[str, ...]] = {
    "open": ("unit", "verifier", "closed_on"),
    "assigned": ("verifier", "closed_on"),
    "in_progress": ("verifier", "closed_on"),
    "resolved": ("verifier", "closed_on"),
    "closed": (),
    "rejected": ("verifier", "closed_on"),
}
# Progress along the workflow, for inferring a status from the columns of a sheet.
RANK = {"open": 0, "assigned": 1, "in_progress": 2, "resolved": 3, "closed": 4, "rejected": 5}

_NUMBER = re.compile(r"(.+)-(\d{4})-(\d{1,9})")
_PLUS_DAYS = re.compile(r"\+\s*(\d{1,4})\s*(?:d|day|days|天|日)?|(\d{1,4})\s*(?:天|日)\s*(?:内|后|以内)?")


def closure_share(closed: int, found: int, rejected: int) -> tuple[int, int]:
    """The closure rate's numerator and denominator: closed, and found minus 不予处理 (see `closure_rate`)."""
    return int(closed or 0), int(found or 0) - int(rejected or 0)


def closure_rate(closed: int, found: int, rejected: int) -> float | None:
    """The closure rate (销号率) of some problems: closed ÷ (found − 不予处理), None when that is 0.

    Only a closed problem (fixed and verified, 已销号) counts as solved. A problem set aside as 不予处理
    (rejected) is neither solved nor owed, so it leaves the denominator: 17 found, 3 不予处理 and 14
    closed is 100 %. The assessment's 问题整治 criterion scores the same share.
    """
    num, den = closure_share(closed, found, rejected)
    return num / den if den else None


def allowed_moves(status: str) -> list[str]:
    """The verbs allowed from a status, in workflow order."""
    return [m.verb for m in MOVES.values() if status in m.sources]


def can_move(status: str, verb: str) -> bool:
    """True when `verb` is allowed from `status`."""
    return status in MOVES[verb].sources


def format_number(code: str, year: int, seq: int) -> str:
    """A ticket number: `BC-2016-00042`."""
    return f"{code}-{int(year)}-{int(seq):05d}"


def parse_number(value: object) -> tuple[str, int, int] | None:
    """(code, year, seq) of a ticket number such as `BC-2016-00042` or `bc-2016-42`; None if not one."""
    s = n.identifier(value)
    if not s:
        return None
    m = _NUMBER.fullmatch(s)
    if m is None or int(m.group(3)) == 0:
        return None
    return m.group(1), int(m.group(2)), int(m.group(3))


def canonical_number(value: object) -> str | None:
    """A ticket number in its canonical form (`bc-2016-42` -> `BC-2016-00042`), or None."""
    parsed = parse_number(value)
    return format_number(*parsed) if parsed else None


def ticket_number(value: object) -> str:
    """A ticket number as typed or imported, in canonical form; InvalidValue when it is not one."""
    number = canonical_number(value)
    if number is None:
        raise InvalidValue("tk_number_bad", number=n.text(value) or "")
    return number


def deadline_iso(value: object, base: date) -> str:
    """A deadline: a date in any accepted form, or `+30d` / `30天` meaning that many days after `base`."""
    s = n.text(value) if isinstance(value, str) else None
    if s:
        m = _PLUS_DAYS.fullmatch(s.casefold())
        if m:
            return (base + timedelta(days=int(m.group(1) or m.group(2)))).isoformat()
    return n.date_iso(value, today=base)


def infer_status(values: dict) -> str:
    """The status a sheet row implies when it has no status column: the furthest step it has data for."""
    if values.get("closed_on") or values.get("verifier"):
        return "closed"
    if values.get("reason") and not values.get("resolution"):
        return "rejected"
    if values.get("resolution"):
        return "resolved"
    if values.get("unit"):
        return "assigned"
    return "open"


def missing_fields(status: str, values: dict) -> list[str]:
    """The fields `status` needs that `values` lacks (keys as in `NEEDS`)."""
    return [f for f in NEEDS[status] if values.get(f) in (None, "")]


def extra_fields(status: str, values: dict) -> list[str]:
    """The fields `values` carries that `status` must not have (keys as in `FORBIDS`)."""
    return [f for f in FORBIDS[status] if values.get(f) not in (None, "")]
