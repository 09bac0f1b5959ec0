"""Measure `gongjian merge`: many community ledgers into one district ledger, first and again.

    .venv/bin/python bench/merge.py [LEDGERS] [SCALE]

Builds LEDGERS community ledgers (default 30) in a temporary folder, each with one community, units of
which 40 % are shared with the other ledgers (same names, so the merge unifies them), activities with
their units, funds, problems with their events, members and services (SCALE multiplies the per-ledger
counts). Then it merges them all into a new district ledger, merges again (every row unchanged), and
prints seconds, rows per second, and the ratio to a floor measured in the same run: the same number of
rows inserted with one `executemany` per table into an empty ledger (audit triggers included).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from gongjian.ledger import Ledger
from gongjian.merge.merge import merge

SHARED_UNITS = 60  # units every ledger may know (机关 of the city), matched by name across ledgers


def build(path: Path, n: int, scale: int, rng: random.Random) -> int:
    """One community ledger; returns the number of domain rows written."""
    ledger = Ledger.open(path, create=True)
    rows = 0
    with ledger, ledger.store.write("bench build"):
        c = ledger.store.conn
        code = f"C{n:03d}"
        cid = ledger.store.insert("communities", {"code": code, "name": f"第{n}社区", "street": "城东街道"})
        shared = rng.sample(range(SHARED_UNITS), 24)
        names = [f"绍兴市第{k}局" for k in shared] + [f"{code}片区第{k}企业" for k in range(36)]
        unit_ids = [
            ledger.store.insert("units", {"name": nm, "name_key": nm, "kind": "government"}) for nm in names
        ]
        lead = rng.choice(unit_ids)
        c.executemany(
            "INSERT INTO pairings (community_id, unit_id, role) VALUES (?, ?, ?)",
            [(cid, u, "lead" if u == lead else "member") for u in unit_ids],
        )
        acts = 300 * scale
        c.executemany(
            "INSERT INTO activities (date, year, community_id, title, category, participant_times) "
            "VALUES (?, 2016, ?, ?, 'visit', ?)",
            [
                (f"2016-{1 + i % 12:02d}-{1 + i % 28:02d}", cid, f"活动{i}", rng.randint(5, 200))
                for i in range(acts)
            ],
        )
        first_act = c.execute("SELECT min(id) FROM activities").fetchone()[0]
        c.executemany(
            "INSERT INTO activity_units (activity_id, unit_id, role) VALUES (?, ?, ?)",
            [
                (first_act + i, u, r)
                for i in range(acts)
                for u, r in zip(rng.sample(unit_ids, 2), ("organiser", "participant"), strict=True)
            ],
        )
        c.executemany(
            "INSERT INTO contributions (date, year, unit_id, community_id, kind, amount_fen) "
            "VALUES ('2016-05-01', 2016, ?, ?, 'cash', ?)",
            [(rng.choice(unit_ids), cid, rng.randint(1, 500) * 10000) for _ in range(acts)],
        )
        tickets = 400 * scale
        c.executemany(
            "INSERT INTO tickets (number, community_id, year, seq, title, reported_on, assignee_id, status) "
            "VALUES (?, ?, 2016, ?, '楼道堆放杂物', '2016-04-01', ?, 'closed')",
            [(f"{code}-2016-{s:05d}", cid, s, rng.choice(unit_ids)) for s in range(1, tickets + 1)],
        )
        first_ticket = c.execute("SELECT min(id) FROM tickets").fetchone()[0]
        c.executemany(
            "INSERT INTO ticket_events (ticket_id, to_status) VALUES (?, ?)",
            [
                (first_ticket + i, s)
                for i in range(tickets)
                for s in ("open", "assigned", "resolved", "closed")
            ],
        )
        members = 300 * scale
        c.executemany(
            "INSERT INTO members (name, community_id, unit_id) VALUES (?, ?, ?)",
            [(f"党员{n}-{i}", cid, rng.choice(unit_ids)) for i in range(members)],
        )
        first_member = c.execute("SELECT min(id) FROM members").fetchone()[0]
        c.executemany(
            "INSERT INTO services (member_id, date, year, minutes) VALUES (?, '2016-06-01', 2016, 120)",
            [(first_member + i,) for i in range(members) for _ in range(2)],
        )
        for table in (
            "communities",
            "units",
            "pairings",
            "activities",
            "activity_units",
            "contributions",
            "tickets",
            "ticket_events",
            "members",
            "services",
        ):
            rows += c.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return rows


def floor(folder: Path, sources: list[Path]) -> float:
    """Seconds to insert the same rows, table by table, with one executemany each (no matching, no remap)."""
    target = Ledger.open(folder / "floor.db", create=True)
    start = time.perf_counter()
    with target, target.store.write("bench floor"):
        offset: dict[str, int] = {}
        for src in sources:
            conn = Ledger.open(src, readonly=True)
            for table in (
                "communities",
                "units",
                "pairings",
                "activities",
                "activity_units",
                "contributions",
                "tickets",
                "ticket_events",
                "members",
                "services",
            ):
                cols = [r[1] for r in conn.store.conn.execute("SELECT * FROM pragma_table_info(?)", (table,))]
                data = conn.store.conn.execute(f"SELECT * FROM {table}").fetchall()
                base = offset.get(table, 0)
                rows = [(r[0] + base, *r[1:]) for r in data]  # ids shifted; references left as they are
                marks = ", ".join("?" * len(cols))
                target.store.conn.execute("PRAGMA foreign_keys = OFF")
                target.store.conn.executemany(f"INSERT OR IGNORE INTO {table} VALUES ({marks})", rows)
                offset[table] = base + len(data)
            conn.close()
    return time.perf_counter() - start


def main() -> None:
    """Build, merge, merge again, print the figures."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    scale = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = random.Random(20161122)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sources = [folder / f"c{n:03d}.db" for n in range(count)]
        total = sum(build(path, n, scale, rng) for n, path in enumerate(sources))
        print(f"{count} ledgers, {total:,} rows")
        start = time.perf_counter()
        report = merge(sources, folder / "district.db")
        first = time.perf_counter() - start
        start = time.perf_counter()
        again = merge(sources, folder / "district.db")
        second = time.perf_counter() - start
        base = floor(folder, sources)
        t = report.totals
        print(
            f"merge:   {first:6.2f} s  {total / first:9,.0f} rows/s  added {t.added:,}  unified {t.unified:,}"
        )
        print(
            f"re-run:  {second:6.2f} s  {total / second:9,.0f} rows/s  unchanged {again.totals.unchanged:,}"
        )
        print(
            f"floor:   {base:6.2f} s  (plain executemany of the same rows)  merge/floor = {first / base:.2f}"
        )


if __name__ == "__main__":
    main()
