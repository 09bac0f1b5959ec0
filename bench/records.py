"""The synthetic city's records, year by year: agreements, activities, funds, problems, services, projects,
meetings and ratings — each part one function returning {table: rows inserted}, in `PARTS` order.

Every part draws from its own random stream and writes with one `executemany` per table. Later parts
reuse what earlier ones planned (the activities of a community in a year) through `Roster.extra`.
"""

from __future__ import annotations

import bisect
import json
import random
from datetime import date, timedelta
from typing import Any

from bench import names as w
from bench.city import Roster, _cumulative, _day_in, _insert, _iso

DAY = timedelta(days=1)


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, cum_weights=_cumulative(weights.values()))[0]


def _end(roster: Roster) -> date:
    """The last day of the records (the city's 'today' for statuses)."""
    return date(roster.scale.last_year, 12, 31)


def agreements(conn, roster: Roster, rng: random.Random) -> dict[str, int]:
    """One two-year agreement per pairing and term, numbered {code}-{year}-{seq:03d}."""
    rows = []
    seq: dict[tuple[int, int], int] = {}
    code = {c["id"]: c["code"] for c in roster.communities}
    for p in roster.pairings:
        year = max(p["started"].year, roster.scale.first_year)
        while year <= roster.scale.last_year and (p["ended"] is None or p["ended"].year >= year):
            key = (p["community_id"], year)
            seq[key] = seq.get(key, 0) + 1
            signed = _day_in(rng, year, start=max(p["started"], date(year, 1, 5)), end=date(year, 3, 31))
            commitments = rng.sample(w.COMMITMENTS, rng.randrange(2, 4))
            rows.append(
                (
                    f"{code[p['community_id']]}-{year}-{seq[key]:03d}",
                    p["community_id"],
                    p["unit_id"],
                    signed.isoformat(),
                    f"{year + 1}-12-31",
                    json.dumps(commitments, ensure_ascii=False),
                )
            )
            year += 2
    return {
        "agreements": _insert(
            conn, "agreements", "number, community_id, unit_id, signed_on, valid_until, commitments", rows
        )
    }


def activities(conn, roster: Roster, rng: random.Random) -> dict[str, int]:
    """~10,000 activities a year with organiser and participant units paired with the community."""
    scale = roster.scale
    comms = roster.communities
    cum = _cumulative(c["weight"] for c in comms)
    index: dict[tuple[int, int], list[tuple[int, str]]] = {}
    acts, links = [], []
    aid = 0
    for year in scale.years:
        for _ in range(scale.activities):
            c = comms[bisect.bisect(cum, rng.random() * cum[-1])]
            day = _day_in(rng, year)
            units = [u for u in roster.paired(c["id"], day) if not roster.units[u - 1]["dormant"]]
            if not units:
                continue
            category = "visit" if c["one_category"] and rng.random() < 0.6 else _pick(rng, w.CATEGORY_WEIGHTS)
            aid += 1
            spending = 0 if rng.random() < 0.5 else rng.randrange(2, 80) * 10_000
            acts.append(
                (
                    aid,
                    day.isoformat(),
                    year,
                    c["id"],
                    rng.choice(w.ACTIVITY_TITLES[category]),
                    category,
                    rng.randrange(20, 400),
                    rng.randrange(5, 60),
                    rng.randrange(0, 40),
                    rng.choice(w.VENUES),
                    spending,
                )
            )
            chosen = rng.sample(units, min(len(units), rng.choices((1, 2, 3, 4), (55, 25, 12, 8))[0]))
            organisers = chosen[: max(1, len(chosen) // 2 + (len(chosen) == 3))]
            for u in organisers:
                links.append((aid, u, "organiser"))
            for u in chosen[len(organisers) :]:
                links.append((aid, u, "participant"))
            index.setdefault((c["id"], year), []).append((aid, day.isoformat()))
    roster.extra["activities"] = index
    return {
        "activities": _insert(
            conn,
            "activities",
            "id, date, year, community_id, title, category, participant_times, "
            "volunteers, members_served, venue, spending_fen",
            acts,
        ),
        "activity_units": _insert(conn, "activity_units", "activity_id, unit_id, role", links),
    }


def contributions(conn, roster: Roster, rng: random.Random) -> dict[str, int]:
    """~3,000 contributions a year from paired units: cash, in kind, venue, service."""
    index = roster.extra["activities"]
    pairs = [p for p in roster.pairings if not roster.units[p["unit_id"] - 1]["dormant"]]
    code = {c["id"]: c["code"] for c in roster.communities}
    rows = []
    for year in roster.scale.years:
        live = [
            p for p in pairs if p["started"].year <= year and (p["ended"] is None or p["ended"].year >= year)
        ]
        receipts: dict[int, int] = {}
        for _ in range(roster.scale.contributions):
            p = live[rng.randrange(len(live))]
            day = _day_in(rng, year, start=p["started"], end=p["ended"])
            kind = _pick(rng, {"cash": 50, "in_kind": 30, "venue": 10, "service": 10})
            amount = {
                "cash": rng.randrange(10, 500) * 10_000,
                "in_kind": rng.randrange(5, 200) * 10_000,
                "venue": rng.randrange(10, 100) * 10_000,
                "service": rng.randrange(5, 50) * 10_000,
            }[kind]
            text = {
                "cash": "共建经费",
                "in_kind": rng.choice(w.GIFTS),
                "venue": "提供活动场地",
                "service": "志愿服务折算",
            }[kind]
            held = index.get((p["community_id"], year))
            activity = held[rng.randrange(len(held))][0] if held and rng.random() < 0.3 else None
            receipts[p["community_id"]] = receipts.get(p["community_id"], 0) + 1
            rows.append(
                (
                    day.isoformat(),
                    year,
                    p["unit_id"],
                    p["community_id"],
                    kind,
                    amount,
                    text,
                    activity,
                    f"{code[p['community_id']]}{year}-{receipts[p['community_id']]:03d}",
                )
            )
    return {
        "contributions": _insert(
            conn,
            "contributions",
            "date, year, unit_id, community_id, kind, amount_fen, description, activity_id, receipt_no",
            rows,
        )
    }


def _ticket_path(rng: random.Random, reported: date, end: date) -> list[tuple[str, date]]:
    """The statuses a problem went through up to `end`, with their dates (the last is its status)."""
    age = (end - reported).days
    if rng.random() < 0.04:
        return [("rejected", min(end, reported + DAY * rng.randrange(1, 10)))]
    if age < 7:
        stages = rng.choice((1, 2))
    elif age < 30:
        stages = rng.choices((2, 3, 4, 5), (25, 35, 20, 20))[0]
    elif age < 90:
        stages = rng.choices((3, 4, 5), (10, 15, 75))[0]
    else:
        stages = rng.choices((3, 4, 5), (2, 3, 95))[0]
    path, day = [], reported
    for status in ("assigned", "in_progress", "resolved", "closed")[: stages - 1]:
        day = min(end, day + DAY * rng.randrange(1, 20))
        path.append((status, day))
    return path


def tickets(conn, roster: Roster, rng: random.Random) -> dict[str, int]:
    """~12,000 problems a year, numbered per community and year, with their full event history."""
    scale = roster.scale
    end = _end(roster)
    comms = roster.communities
    cum = _cumulative(c["weight"] for c in comms)
    rows, events = [], []
    tid = 0
    for year in scale.years:
        seq: dict[int, int] = {}
        drawn = sorted(
            (bisect.bisect(cum, rng.random() * cum[-1]), _day_in(rng, year)) for _ in range(scale.tickets)
        )
        for ci, reported in sorted(drawn, key=lambda x: (x[0], x[1])):
            c = comms[ci]
            seq[c["id"]] = seq.get(c["id"], 0) + 1
            tid += 1
            category = _pick(rng, w.TICKET_CATEGORY_WEIGHTS)
            title = rng.choice(w.TICKET_TITLES[category])
            location = f"{rng.choice(w.ROADS)}{rng.randrange(1, 300)}号"
            units = roster.paired(c["id"], reported) or [roster.by_community[c["id"]][0]["unit_id"]]
            path = _ticket_path(rng, reported, end)
            status = path[-1][0] if path else "open"
            assignee = deadline = resolution = verifier = closed_on = reason = None
            if status not in ("open", "rejected"):
                assignee = units[rng.randrange(len(units))]
                deadline = (reported + DAY * rng.randrange(15, 60)).isoformat()
            if status in ("resolved", "closed"):
                resolution = rng.choice(w.RESOLUTIONS)
            if status == "closed":
                verifier, closed_on = c["secretary"], path[-1][1].isoformat()
            if status == "rejected":
                reason = rng.choice(w.REJECT_REASONS)
            rows.append(
                (
                    tid,
                    f"{c['code']}-{year}-{seq[c['id']]:05d}",
                    c["id"],
                    year,
                    seq[c["id"]],
                    rng.choice(roster.grids_of[c["id"]]),
                    category,
                    title,
                    f"{location}{title}，居民多次反映",
                    location,
                    _pick(rng, {"survey": 50, "resident": 25, "grid": 20, "other": 5}),
                    reported.isoformat(),
                    assignee,
                    deadline,
                    status,
                    resolution,
                    verifier,
                    closed_on,
                    reason,
                )
            )
            events.append((tid, reported.isoformat(), None, "open", None, "登记"))
            before = "open"
            for step, day in path:
                events.append(
                    (
                        tid,
                        day.isoformat(),
                        before,
                        step,
                        assignee if step == "assigned" else None,
                        reason if step == "rejected" else None,
                    )
                )
                before = step
    return {
        "tickets": _insert(
            conn,
            "tickets",
            "id, number, community_id, year, seq, grid_id, category, title, "
            "description, location, source, reported_on, assignee_id, deadline, status, resolution, "
            "verifier, closed_on, reason",
            rows,
        ),
        "ticket_events": _insert(
            conn, "ticket_events", "ticket_id, on_date, from_status, to_status, unit_id, note", events
        ),
    }


def services(conn, roster: Roster, rng: random.Random) -> dict[str, int]:
    """Each active member's services per year since registration (about 2 a year, the target)."""
    index = roster.extra["activities"]
    rows = []
    counts = (0, 1, 2, 3, 4, 5)
    cum = _cumulative((12, 18, 35, 20, 10, 5))
    for m in roster.members:
        registered = m["registered_on"]
        last = registered.year if m["status"] == "left" else roster.scale.last_year
        for year in range(registered.year, last + 1):
            held = index.get((m["community_id"], year), ())
            for _ in range(counts[bisect.bisect(cum, rng.random() * cum[-1])]):
                if held and rng.random() < 0.3:
                    activity, day = held[rng.randrange(len(held))]
                    if day < registered.isoformat():
                        day = _day_in(rng, year, start=registered).isoformat()
                        activity = None
                    note = None if activity else rng.choice(w.SERVICE_NOTES)
                else:
                    activity, day = None, _day_in(rng, year, start=registered).isoformat()
                    note = rng.choice(w.SERVICE_NOTES)
                rows.append((m["id"], day, year, activity, rng.choice((60, 90, 120, 180, 240)), note))
    return {"services": _insert(conn, "services", "member_id, date, year, activity_id, minutes, note", rows)}


def projects(conn, roster: Roster, rng: random.Random) -> dict[str, int]:
    """Needs, resources and contract projects with claims (some through the open hall), tasks and ratings."""
    scale = roster.scale
    end = _end(roster)
    need_rows, need_of = [], {}
    for c in roster.communities:
        for year in scale.years:
            for _ in range(rng.randrange(1, 4)):
                category = rng.choice(list(w.NEED_TEXTS))
                need_rows.append(
                    (
                        len(need_rows) + 1,
                        c["id"],
                        category,
                        w.NEED_TEXTS[category],
                        "居民议事会",
                        _day_in(rng, year, end=date(year, 3, 31)).isoformat(),
                        "met" if year < scale.last_year and rng.random() < 0.6 else "open",
                    )
                )
                need_of.setdefault((c["id"], year), []).append(len(need_rows))
    resource_rows = [
        (
            u["id"],
            rng.choice(list(w.NEED_TEXTS)),
            f"{u['name']}可提供{rng.choice(w.COMMITMENTS)}",
            rng.choice(("每月一次", "每季度一次", "按需提供")),
        )
        for u in roster.units
        for _ in range(rng.choice((1, 1, 2)))
    ]
    prows, claims, tasks = [], [], []
    for year in scale.years:
        for _ in range(scale.projects):
            pid = len(prows) + 1
            c = roster.communities[rng.randrange(len(roster.communities))]
            listed = _day_in(rng, year, end=date(year, 9, 30))
            needs = need_of.get((c["id"], year), [None])
            old = year < scale.last_year
            status = _pick(
                rng,
                {"done": 80, "claimed": 15, "cancelled": 5}
                if old
                else {"listed": 20, "claimed": 50, "done": 30},
            )
            done_on = _iso(min(end, listed + DAY * rng.randrange(60, 200))) if status == "done" else None
            rated = status == "done" and rng.random() < 0.8
            votes = [rng.randrange(20, 80), rng.randrange(0, 20), rng.randrange(0, 6)] if rated else [0, 0, 0]
            prows.append(
                (
                    pid,
                    c["id"],
                    rng.choice(w.PROJECTS),
                    rng.choice(needs),
                    rng.choice(list(w.NEED_TEXTS)),
                    rng.randrange(2, 50) * 1_000_000,
                    listed.isoformat(),
                    year,
                    (listed + DAY * 30).isoformat(),
                    (listed + DAY * 180).isoformat(),
                    status,
                    done_on,
                    *votes,
                    done_on if rated else None,
                )
            )
            if status in ("claimed", "done"):
                paired = roster.paired(c["id"], listed)
                hall = not paired or rng.random() < 0.1
                unit = roster.units[rng.randrange(len(roster.units))]["id"] if hall else rng.choice(paired)
                how = "bid" if rng.random() < 0.15 else "claim"
                claims.append(
                    (
                        pid,
                        unit,
                        how,
                        rng.randrange(2, 40) * 1_000_000 if how == "bid" else None,
                        (listed + DAY * rng.randrange(1, 40)).isoformat(),
                        int(hall),
                    )
                )
                for k in range(rng.randrange(2, 4)):
                    due = listed + DAY * (60 * (k + 1))
                    tasks.append(
                        (
                            pid,
                            f"第{k + 1}阶段任务",
                            w.person(rng, True),
                            unit,
                            due.isoformat(),
                            _iso(min(end, due - DAY * 5))
                            if status == "done" or due < end - DAY * 30
                            else None,
                        )
                    )
    return {
        "needs": _insert(
            conn, "needs", "id, community_id, category, text, source, raised_on, status", need_rows
        ),
        "resources": _insert(conn, "resources", "unit_id, category, text, capacity", resource_rows),
        "projects": _insert(
            conn,
            "projects",
            "id, community_id, title, need_id, category, budget_fen, listed_on, year, "
            "claim_deadline, due, status, done_on, satisfied, basically_satisfied, unsatisfied, "
            "rated_on",
            prows,
        ),
        "project_claims": _insert(
            conn, "project_claims", "project_id, unit_id, how, bid_fen, claimed_on, via_hall", claims
        ),
        "project_tasks": _insert(
            conn, "project_tasks", "project_id, title, owner, unit_id, due, done_on", tasks
        ),
    }


def meetings(conn, roster: Roster, rng: random.Random) -> dict[str, int]:
    """Quarterly joint meetings per community with a rotating chair, and who attended."""
    rows, attendance = [], []
    for c in roster.communities:
        turn = 0
        for year in roster.scale.years:
            for quarter in range(4):
                day = date(year, quarter * 3 + 2, rng.randrange(5, 26))
                units = roster.paired(c["id"], day)
                if not units:
                    continue
                mid = len(rows) + 1
                chair = units[turn % len(units)]
                turn += 1
                rows.append(
                    (
                        mid,
                        day.isoformat(),
                        year,
                        c["id"],
                        chair,
                        "季度共建工作推进；问题整改情况通报",
                        "明确下季度共建项目和责任单位",
                    )
                )
                for u in units:
                    likely = 0.3 if roster.units[u - 1]["absent"] else 0.9
                    attendance.append((mid, u, int(u == chair or rng.random() < likely)))
    return {
        "meetings": _insert(
            conn, "meetings", "id, date, year, community_id, chair_unit_id, topics, decisions", rows
        ),
        "meeting_attendance": _insert(conn, "meeting_attendance", "meeting_id, unit_id, present", attendance),
    }


def ratings(conn, roster: Roster, rng: random.Random) -> dict[str, int]:
    """The community's 0–10 rating of most paired units, every year."""
    rows = []
    for year in roster.scale.years:
        first, last = date(year, 1, 1), date(year, 12, 31)
        active = sorted(
            {
                p["unit_id"]
                for p in roster.pairings
                if p["started"] <= last and (p["ended"] is None or p["ended"] >= first)
            }
        )
        for u in active:
            if rng.random() < 0.7:
                rows.append((year, u, rng.randrange(12, 21) / 2, None))
    return {"unit_ratings": _insert(conn, "unit_ratings", "year, unit_id, score, note", rows)}


PARTS: list[tuple[str, Any]] = [
    ("agreements", agreements),
    ("activities", activities),
    ("contributions", contributions),
    ("tickets", tickets),
    ("services", services),
    ("projects", projects),
    ("meetings", meetings),
    ("ratings", ratings),
]
