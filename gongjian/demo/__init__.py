"""The demo ledger: a realistic city co-building ledger modelled on 乐清 (12 communities, 195 units).

Built from the sources in `data/demo/` with a fixed random seed, so every build is the same. The story
years are 2015 (pairing) and 2016 (the year assessed); a thin recent layer is dated relative to today so
that digests and overdue lists have something to show. Each part of the ledger adds its own records in
its own module, in `PARTS` order.
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

SEED = 2016
YEARS = (2015, 2016)
PARTS = ("roster", "records", "tickets", "projects", "assessment")


@dataclass
class DemoContext:
    """What one part of the demo hands to the next: ids by name, the random source, today."""

    rng: random.Random
    today: date
    communities: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> row
    units: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> row
    pairs: dict[str, list[int]] = field(default_factory=dict)  # community code -> paired unit ids
    leads: dict[str, int] = field(default_factory=dict)  # community code -> lead unit id


def build(ledger, *, today: date | None = None) -> DemoContext:
    """Fill an empty ledger with the demo, part by part, in one transaction."""
    ctx = DemoContext(rng=random.Random(SEED), today=today or date.today())
    with ledger.store.write("demo"):
        ledger.store.conn.execute(
            "INSERT INTO meta (key, value) VALUES ('name', ?), ('demo', '1') "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            ("乐清市城市社区共建（演示）",),
        )
        for part in PARTS:
            module = importlib.import_module(f"gongjian.demo.{part}")
            builder = getattr(module, "build", None)
            if builder is not None:
                builder(ledger, ctx)
    return ctx


def is_demo(path: Path) -> bool:
    """True when the file at `path` is a demo ledger (safe to rebuild)."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)  # any name, any OS
        try:
            found = conn.execute("SELECT value FROM meta WHERE key = 'demo'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return bool(found and found[0] == "1")
