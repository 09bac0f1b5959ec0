"""Every figure of a year, computed once, as of the year's last day (or today, for the current year).

`report year`, `assess`, the evaluation workbook and their JSON/CSV all read their numbers from here:
the units assessed in a year, each unit's measures (from the figure methods of records, members,
tickets, meetings, projects and assessment), the per-community summary (汇总), and activities per month
and per category. `reports.tables` shapes them as tables, `reports.findings` draws the findings list
from them. The ledger is only read here; nothing prints.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

from gongjian.i18n import t
from gongjian.ledger import Ledger
from gongjian.records.funds import goods_fen, zero_sums
from gongjian.tickets.flow import closure_rate, closure_share
from gongjian.vocab import keys

if TYPE_CHECKING:
    from gongjian.store.db import Store


# Figures one report reads in two shapes (members per unit for the findings, per community for 汇总) are
# computed once per state of the ledger: the key is the connection's own change count and SQLite's
# `data_version` (which moves when another connection commits), so any write invalidates them. A figure
# being worked out on another connection (`alongside`) is held as its `_Running` until someone asks for it.
_SHARED: weakref.WeakKeyDictionary[Any, tuple[tuple[int, int], dict[Any, Any]]] = weakref.WeakKeyDictionary()


class _Running:
    """A figure being worked out in a thread on another connection at the same state of the ledger."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None

    def result(self) -> Any:
        """The figure, once worked out; its error, raised here, when that failed."""
        self.done.wait()
        if self.error is not None:
            raise self.error
        return self.value


Job = tuple[tuple[Any, ...], Callable[[Ledger], Any]]  # a shared figure's key and how it is worked out


def _lane(other: Ledger, jobs: list[tuple[_Running, Callable[[Ledger], Any]]], stop: threading.Event) -> None:
    """Work out `jobs` in turn on `other` (one thread's work), unless told to stop."""
    for running, compute in jobs:
        try:
            if stop.is_set():
                raise RuntimeError("stopped")  # nobody waits for it any more
            running.value = compute(other)
        except BaseException as exc:  # handed to the thread that asks for the figure
            running.error = exc
        finally:
            running.done.set()


def _held(ledger) -> dict[Any, Any]:
    """The figures kept for the ledger's present state (a new, empty dict once anything was written)."""
    conn = ledger.store.conn
    state = (conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0])
    held = _SHARED.get(ledger)
    if held is None or held[0] != state:
        held = (state, {})
        _SHARED[ledger] = held
    return held[1]


def _shared(ledger, key: tuple[Any, ...], compute: Callable[[Ledger], Any]) -> Any:
    """`compute(ledger)` once per ledger state and `key`; later calls on the unchanged ledger reuse the result."""
    held = _held(ledger)
    if key not in held:
        held[key] = compute(ledger)
    elif isinstance(held[key], _Running):
        held[key] = held[key].result()
    return held[key]


@contextmanager
def alongside(ledger, others: list[Store], lanes: list[list[Job]]):
    """Work out shared figures beside the caller: the jobs of each lane in turn, in a thread on one of
    `others` (`Store.snapshots`: the same state of the ledger as `ledger`'s); whoever asks for such a
    figure waits for it. Lanes beyond the connections given are left to be computed when asked for."""
    held = _held(ledger)
    stop = threading.Event()
    threads, connections = [], []
    for other, lane in zip(others, lanes, strict=False):
        work = []
        for key, compute in lane:
            if key not in held:
                held[key] = _Running()
                work.append((held[key], compute))
        thread = threading.Thread(target=_lane, args=(Ledger(other), work, stop), daemon=True)
        thread.start()
        threads.append(thread)
        connections.append(other.conn)
    try:
        yield
    except BaseException:
        stop.set()
        for conn in connections:  # stop their statements: nobody will read them
            conn.interrupt()
        raise
    finally:
        for thread in threads:
            thread.join()


def _members_job(year: int, target: int, kinds: dict[str, int] | None) -> Job:
    """`member_figures`' key and computation."""
    key = ("members", int(year), int(target), tuple(sorted((kinds or {}).items())))
    return key, lambda led: led.members.member_figures(year, target, by="all", kinds=kinds)


def _tickets_job(year: int, as_of: date, community_id: int | None) -> Job:
    """`ticket_figures`' key and computation."""
    key = ("tickets", int(year), as_of.isoformat(), community_id)
    return key, lambda led: led.tickets.ticket_figures_by(
        ("community", "unit", "source"), year=year, today=as_of, community=community_id, medians=("source",)
    )


def member_figures(ledger, year: int, target: int, kinds: dict[str, int] | None = None) -> dict[str, Any]:
    """Members registered and meeting their target in `year` (`target`, or their kind's in `kinds`),
    `{"unit": {...}, "community": {...}, "kind": [...]}` (`Members.member_figures`), computed once."""
    return _shared(ledger, *_members_job(year, target, kinds))


def ticket_figures(
    ledger, year: int, as_of: date, community_id: int | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The year's problems on `as_of` by community, by assignee unit and by source (with its medians),
    maybe in one community: `{"community": [...], "unit": [...], "source": [...]}`, from one statement
    (`Tickets.ticket_figures_by`), computed once."""
    return _shared(ledger, *_tickets_job(year, as_of, community_id))


def _meetings_job(year: int) -> Job:
    """`meeting_attendance`'s key and computation."""
    return ("meetings", int(year)), lambda led: led.meetings.meeting_attendance_figures(year)


def _inactive_job(day: date, community_id: int | None) -> Job:
    """`inactive_units`' key and computation."""
    return ("inactive", day.isoformat(), community_id), lambda led: led.records.inactive_units(
        day, community_id=community_id
    )


def meeting_attendance(ledger, year: int) -> dict[int, dict[str, int]]:
    """Meetings held and attended per unit in `year` (`Meetings.meeting_attendance_figures`), computed once."""
    return _shared(ledger, *_meetings_job(year))


def inactive_units(ledger, day: date, community_id: int | None = None) -> tuple[int, list[dict[str, Any]]]:
    """The units inactive on `day` and how many (`Records.inactive_units`), computed once."""
    return _shared(ledger, *_inactive_job(day, community_id))


LANES = 1  # the connections `concurrent_jobs` works on beside the caller's (`Store.snapshots`)


def concurrent_jobs(
    year: int,
    as_of: date,
    *,
    target: int,
    kinds: dict[str, int] | None,
    community_id: int | None,
    findings: bool = True,
) -> list[list[Job]]:
    """The shared figures of a year worked out beside the rest, as lanes for `alongside` (one connection
    each): one lane, the units inactive on `as_of` (for the findings) and then the problems in their state on
    that day — the largest figure, mostly SQLite's own work, which runs beside the caller's Python; the caller
    works out the members and the meetings itself. (A second lane for those two, measured on the city ledger
    with 2 cores: 0.18–0.23 s against 0.17–0.19 s with one: three threads on two cores wait for each other.)"""
    problems = [_tickets_job(year, as_of, community_id)]
    if findings:
        problems.insert(0, _inactive_job(as_of, community_id))
    return [problems]


def paired_during(ledger, year: int, community_id: int | None = None) -> list[dict[str, Any]]:
    """The (unit, community) pairs of some day of `year` (`Roster.paired_during`), computed once."""
    first, last = year_bounds(year)
    return _shared(
        ledger,
        ("paired", int(year), community_id),
        lambda led: led.roster.paired_during(first, last, community_id=community_id),
    )


def year_bounds(year: int) -> tuple[str, str]:
    """First and last day of a year as ISO text."""
    return f"{int(year):04d}-01-01", f"{int(year):04d}-12-31"


def as_of(year: int, today: date | None = None) -> date:
    """The day a year's figures are taken on: its last day once it is over, else today (its first day at least)."""
    return max(min(today or date.today(), date(int(year), 12, 31)), date(int(year), 1, 1))


# ---------------------------------------------------------------------------- units and measures
def active_units(ledger: Ledger, year: int, community_id: int | None = None) -> list[dict[str, Any]]:
    """Units paired at some time in the year (`pairings.overlaps`), with the communities they were paired with."""
    units: dict[int, dict[str, Any]] = {}
    for r in paired_during(ledger, year, community_id):
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
    tickets = {r["key"]: r for r in ticket_figures(ledger, year, as_of)["unit"]}
    meetings = meeting_attendance(ledger, year)
    projects = ledger.projects.project_figures(year)
    seats = ledger.committees.seat_figures(year_bounds(year)[0], as_of.isoformat())
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
        p = projects.get(uid, {"claimed": 0, "via_hall": 0, "bids": 0, "share_fen": 0, "done": 0})
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
            "projects_share": p["share_fen"],
            "committee_seats": seats.get(uid, 0),
        }
    return out


def committee_seats(ledger, year: int, as_of: date, community_id: int | None = None) -> list[dict[str, Any]]:
    """兼职委员 of a year: the seats that served on some day of it up to `as_of` (`Committees.seats_during`);
    with `community_id`, that community's and its street's committee."""
    first = year_bounds(year)[0]
    return ledger.committees.seats_during(first, as_of.isoformat(), community_id=community_id)


def ticket_sources(
    ledger, year: int, as_of: date, community: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Problems of a year by source (排查, 网上投诉, 议事会 …) on `as_of`: found, closed, median days to
    close, and the promises come due and kept (`tickets.promises`)."""
    return ticket_figures(ledger, year, as_of, community["id"] if community else None)["source"]


# ---------------------------------------------------------------------------- the 汇总 figures
def community_summary(
    ledger, year: int, as_of: date, *, target: int, kinds: dict[str, int] | None = None
) -> dict[str, Any]:
    """Per community (and in total): its lead unit on `as_of`, paired units, activities, participant-times,
    cash, in-kind, venue and service value, problems found/closed/set aside (不予处理) and the closure
    rate, members registered and meeting the target."""
    rows: dict[int, dict[str, Any]] = {}
    for cid, code, name in ledger.store.conn.execute("SELECT id, code, name FROM communities ORDER BY code"):
        rows[cid] = {
            "community_id": cid,
            "code": code,
            "community": name,
            "lead_unit": None,
            "paired_units": 0,
            "activities": 0,
            "participant_times": 0,
            "cash_fen": 0,
            "in_kind_fen": 0,
            "venue_fen": 0,
            "service_fen": 0,
            "tickets_found": 0,
            "tickets_closed": 0,
            "tickets_rejected": 0,
            "tickets_overdue": 0,
            "closure_rate": None,
            "members_registered": 0,
            "members_met_target": 0,
        }
    by_code = {r["code"]: r for r in rows.values()}
    for cid, lead in ledger.roster.leads_on(as_of.isoformat()).items():
        rows[cid]["lead_unit"] = lead
    for pair in paired_during(ledger, year):
        rows[pair["community_id"]]["paired_units"] += 1
    for cid, n, times in ledger.store.conn.execute(
        "SELECT community_id, count(*), sum(participant_times) FROM activities WHERE year = ? "
        "GROUP BY community_id",
        (year,),
    ):
        rows[cid].update(activities=n, participant_times=times or 0)
    for cid, sums in ledger.records.contribution_sums(by="community", year=year).items():
        rows[cid].update(
            cash_fen=sums["cash_fen"],
            in_kind_fen=sums["in_kind_fen"],
            venue_fen=sums["venue_fen"],
            service_fen=sums["service_fen"],
        )
    for r in ticket_figures(ledger, year, as_of)["community"]:
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
    for cid, m in member_figures(ledger, year, target, kinds)["community"].items():
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
        or r["venue_fen"]
        or r["service_fen"]
    ]
    return {"rows": listed, "totals": _summary_totals(listed)}


SUMMARY_ADDED = ("lead_unit", "venue_fen", "service_fen")  # 汇总 keys a year finalised before #16 lacks


def _summary_totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The 合计 of the 汇总 rows: every count and sum added up, the closure rate of the sums.

    A year finalised before the 场地/服务 columns existed has no such keys in its stored rows: they add up
    as nothing (None), not as zero.
    """
    keys = (
        "paired_units",
        "activities",
        "participant_times",
        "cash_fen",
        "in_kind_fen",
        "venue_fen",
        "service_fen",
        "tickets_found",
        "tickets_closed",
        "tickets_rejected",
        "tickets_overdue",
        "members_registered",
        "members_met_target",
    )
    totals: dict[str, Any] = {
        k: sum(r[k] for r in rows) if all(r.get(k) is not None for r in rows) else None for k in keys
    }
    totals["closure_rate"] = closure_rate(
        totals["tickets_closed"], totals["tickets_found"], totals["tickets_rejected"]
    )
    totals["community"] = t("r_total")
    return totals


def activity_mix(ledger, year: int, community_id: int | None = None) -> dict[str, Any]:
    """Activities and participant-times per month and per category (the chart figures)."""
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


def summary_snapshot(
    ledger, year: int, as_of: date, *, target: int = 2, kinds: dict[str, int] | None = None
) -> dict[str, Any]:
    """The 汇总 and chart figures of a year, as stored when it is finalised."""
    summary = community_summary(ledger, year, as_of, target=target, kinds=kinds)
    return {**summary, **activity_mix(ledger, year)}


def year_figures(
    ledger,
    year: int,
    *,
    community: dict[str, Any] | None = None,
    today: date | None = None,
    target: int = 2,
    stored: dict[str, Any] | None = None,
    kinds: dict[str, int] | None = None,
) -> dict[str, Any]:
    """The summary and chart figures of a year (the stored snapshot for a finalised year), maybe one community."""
    day = as_of(year, today)
    snap = stored if stored is not None else summary_snapshot(ledger, year, day, target=target, kinds=kinds)
    if stored is not None:  # a year finalised before a column existed shows it empty, under its key
        for row in [*snap["rows"], snap["totals"]]:
            for key in SUMMARY_ADDED:
                row.setdefault(key, None)
    if community is None:
        return {"as_of": day.isoformat(), **snap}
    rows = [r for r in snap["rows"] if r["community_id"] == community["id"]]
    mix = activity_mix(ledger, year, community["id"])
    return {"as_of": day.isoformat(), "rows": rows, "totals": _summary_totals(rows), **mix}
