"""The city's shape and plan, shared by the generator, its records and its spreadsheets: the scales, the
seeded random streams, the roster as planned, and the small helpers every part writes with.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any


@dataclass(frozen=True)
class Scale:
    """How big the synthetic city is."""

    name: str
    communities: int
    units: int
    members: int
    first_year: int
    last_year: int
    activities: int  # per year
    tickets: int  # per year
    contributions: int  # per year
    projects: int  # per year
    survey_rows: int  # rows of the ticket survey spreadsheet
    unit_rows: int  # rows of the unit register spreadsheet

    @property
    def years(self) -> range:
        """The years of records, first to last."""
        return range(self.first_year, self.last_year + 1)


SCALES = {
    # PRODUCT §1: ~300 communities, ~2,500 units, ~100,000 members, ~10,000 activities and ~12,000 problems a year
    "city": Scale("city", 300, 2_500, 100_000, 2016, 2025, 10_000, 12_000, 3_000, 400, 20_000, 50_000),
    "small": Scale("small", 30, 250, 10_000, 2023, 2025, 1_000, 1_200, 300, 40, 2_000, 5_000),
    "tiny": Scale("tiny", 6, 40, 300, 2024, 2025, 60, 80, 20, 4, 100, 120),
}
SEED = 2025
DAY = timedelta(days=1)


def _rng(seed: int, part: str) -> random.Random:
    """The random stream of one part of the city (independent of what other parts draw)."""
    return random.Random(f"{seed}:{part}")


def _day_in(rng: random.Random, year: int, start: date | None = None, end: date | None = None) -> date:
    first = max(date(year, 1, 1), start or date(year, 1, 1))
    last = min(date(year, 12, 31), end or date(year, 12, 31))
    if last < first:
        return first
    return first + timedelta(days=rng.randrange((last - first).days + 1))


# ---------------------------------------------------------------------------- the roster
@dataclass
class Roster:
    """Communities, grids, units, pairings and members of the city, with their ids as written."""

    scale: Scale
    communities: list[dict[str, Any]] = field(default_factory=list)
    grids: list[tuple[int, int, str, str, str]] = field(
        default_factory=list
    )  # id, community, name, leader, phone
    units: list[dict[str, Any]] = field(default_factory=list)
    pairings: list[dict[str, Any]] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # what one part of the records hands to the next

    def paired(self, community_id: int, day: date) -> list[int]:
        """Units paired with a community on a day."""
        return [
            p["unit_id"]
            for p in self.by_community[community_id]
            if p["started"] <= day and (p["ended"] is None or p["ended"] >= day)
        ]

    def __post_init__(self) -> None:
        self.by_community: dict[int, list[dict[str, Any]]] = {}
        self.grids_of: dict[int, list[int]] = {}


def _cumulative(weights) -> list[float]:
    total, out = 0.0, []
    for x in weights:
        total += x
        out.append(total)
    return out


def _insert(conn, table: str, columns: str, rows: list[tuple]) -> int:
    marks = ", ".join("?" * len(columns.split(",")))
    conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
    return len(rows)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None
