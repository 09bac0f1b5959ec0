"""Shared helpers of the ticket tests: a small roster, opening tickets, walking them along the workflow."""

from __future__ import annotations

from datetime import date

TODAY = date(2016, 6, 30)
LIST_KEYS = [
    "number",
    "community",
    "grid",
    "category",
    "title",
    "location",
    "status",
    "assignee",
    "deadline",
    "reported_on",
    "closed_on",
    "overdue",
]
STATUS_ZH = {
    "open": "待分派",
    "assigned": "已分派",
    "in_progress": "整治中",
    "resolved": "已整改",
    "closed": "已销号",
    "rejected": "不予处理",
}
MOVE_ZH = {
    "assign": "分派",
    "start": "开始整治",
    "resolve": "登记整改",
    "close": "验收销号",
    "reject": "不予处理",
    "reopen": "重新整治",
}


def seed(ledger):
    """Two communities (with grids) and three units."""
    ledger.roster.add_community(
        code="BC", name="北城社区", street="乐成街道", grids="北城第一网格、北城第二网格"
    )
    ledger.roster.add_community(code="DM", name="东门社区", street="乐成街道", grids="东门第一网格")
    for name in ("乐清市统计局", "乐清市财政局", "乐清市综合行政执法局"):
        ledger.roster.add_unit(name=name, kind="机关")
    return ledger


def open_one(led, title="路灯损坏", community="北城社区", reported="2016-03-05", **kw):
    """Open a ticket as of TODAY and return its number."""
    kw.setdefault("grid", "北城第一网格" if community == "北城社区" else None)
    return led.tickets.open_ticket(community=community, title=title, reported_on=reported, today=TODAY, **kw)[
        "number"
    ]


def walk_to(led, number, status):
    """Move a fresh ticket along the workflow until it is in `status`."""
    if status == "rejected":
        led.tickets.reject_ticket(number, reason="经核实不属实", on="2016-03-08", today=TODAY)
        return
    steps = [
        (
            "assigned",
            lambda: led.tickets.assign_ticket(
                number, unit="乐清市统计局", deadline="2016-04-30", on="2016-03-10", today=TODAY
            ),
        ),
        ("in_progress", lambda: led.tickets.start_ticket(number, on="2016-03-12", today=TODAY)),
        (
            "resolved",
            lambda: led.tickets.resolve_ticket(
                number, resolution="已更换灯具3盏", on="2016-04-02", today=TODAY
            ),
        ),
        ("closed", lambda: led.tickets.close_ticket(number, verifier="张晓京", on="2016-04-06", today=TODAY)),
    ]
    for reached, step in steps:
        if led.tickets.ticket(number)["status"] == status:
            return
        step()
        assert led.tickets.ticket(number)["status"] == reached


MOVE_CALLS = {
    "assign": lambda led, n: led.tickets.assign_ticket(
        n, unit="乐清市财政局", deadline="+30d", on="2016-05-02", today=TODAY
    ),
    "start": lambda led, n: led.tickets.start_ticket(n, on="2016-05-02", note="已进场", today=TODAY),
    "resolve": lambda led, n: led.tickets.resolve_ticket(
        n, resolution="已修复", on="2016-05-02", today=TODAY
    ),
    "close": lambda led, n: led.tickets.close_ticket(n, verifier="林海", on="2016-05-02", today=TODAY),
    "reject": lambda led, n: led.tickets.reject_ticket(n, reason="属私人产权", on="2016-05-02", today=TODAY),
    "reopen": lambda led, n: led.tickets.reopen_ticket(
        n, reason="居民反映仍未修好", on="2016-05-02", today=TODAY
    ),
}


def events(led, number):
    tid = led.tickets.ticket(number)["id"]
    return led.store.rows(
        "SELECT on_date, from_status, to_status, unit_id, note FROM ticket_events "
        "WHERE ticket_id = ? ORDER BY id",
        (tid,),
    )


def numbers(rows):
    return [r["number"] for r in rows]
