"""Shared data and probes of the reliability tests: a realistic small ledger, a full dump, subprocess runs."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from gongjian.ledger import Ledger
from gongjian.store import migrations

ROOT = Path(__file__).resolve().parents[1]
CREDIT_CODE = "11330382002584590E"  # 乐清市统计局 (valid GB 32100 check character)


def fill(ledger: Ledger) -> dict[str, int]:
    """A small 乐清 ledger through the domain API: communities, units, pairings, an agreement, records."""
    ledger.store.argv = "gongjian test fill"
    bc = ledger.roster.add_community(
        code="BC",
        name="北城社区",
        street="乐成街道",
        district="乐清市",
        secretary="张晓京",
        phone="0577-62512345",
        households="3200",
        grids="第一网格、第二网格",
    )
    nh = ledger.roster.add_community(
        code="NH", name="南虹社区", street="城南街道", district="乐清市", secretary="林海"
    )
    tj = ledger.roster.add_unit(
        name="乐清市统计局",
        kind="机关",
        credit_code=CREDIT_CODE,
        contact="赵顺招",
        phone="13857712345",
        party_members="28",
    )
    cz = ledger.roster.add_unit(name="乐清市财政局", kind="机关", contact="陈立", phone="13905771234")
    yy = ledger.roster.add_unit(name="乐清市人民医院", kind="医院", phone="0577-61234567")
    ledger.roster.add_pairing("BC", "乐清市统计局", lead=True, started="2015-03-01")
    ledger.roster.add_pairing("BC", "乐清市财政局", started="2015-03-01")
    ledger.roster.add_pairing("NH", "乐清市人民医院", lead=True, started="2015-04-01")
    ledger.roster.add_agreement(
        number="BC-2016-001",
        community="BC",
        unit="乐清市统计局",
        signed_on="2016-01-15",
        valid_until="2017-12-31",
        commitments="节日慰问、环境整治",
    )
    with ledger.store.write("records"):
        act = ledger.store.insert(
            "activities",
            {
                "date": "2016-02-22",
                "year": 2016,
                "community_id": bc["id"],
                "title": "龙抬头荠菜饭活动",
                "category": "festival",
                "participant_times": 1000,
                "volunteers": 80,
                "spending_fen": 200000,
            },
        )
        ledger.store.insert("activity_units", {"activity_id": act, "unit_id": tj["id"], "role": "organiser"})
        ledger.store.insert(
            "activity_units", {"activity_id": act, "unit_id": cz["id"], "role": "participant"}
        )
        ledger.store.insert(
            "contributions",
            {
                "date": "2016-02-20",
                "year": 2016,
                "unit_id": tj["id"],
                "community_id": bc["id"],
                "kind": "in_kind",
                "amount_fen": 300000,
                "description": "500斤糯米",
                "activity_id": act,
            },
        )
        ledger.store.insert(
            "contributions",
            {
                "date": "2017-01-05",
                "year": 2017,
                "unit_id": yy["id"],
                "community_id": nh["id"],
                "kind": "cash",
                "amount_fen": 3000000,
            },
        )
    return {"BC": bc["id"], "NH": nh["id"], "tj": tj["id"], "cz": cz["id"], "yy": yy["id"], "activity": act}


def fill_db(db: Path) -> Path:
    """Fill the ledger at `db` with the small 乐清 data set (`fill`); returns its path."""
    with Ledger.open(db) as ledger:
        fill(ledger)
    return db


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every domain and audit table (plus meta), read with a plain connection."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [*migrations.AUDITED, "meta", "audit_commands", "audit_changes"]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}
    finally:
        conn.close()


def domain_dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every domain table (what a user sees), without the audit log."""
    return {t: rows for t, rows in dump(path).items() if t in migrations.AUDITED}


def env(db: Path | None = None) -> dict[str, str]:
    """Environment of a gongjian subprocess: this checkout first on the path, Chinese, no colour."""
    out = {k: v for k, v in os.environ.items() if k not in ("GONGJIAN_DB", "GONGJIAN_LANG")}
    out["PYTHONPATH"] = str(ROOT)
    out["NO_COLOR"] = "1"
    if db is not None:
        out["GONGJIAN_DB"] = str(db)
    return out


def run(db: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `python -m gongjian ARGS` against `db` in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "gongjian", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env(),
        timeout=timeout,
        cwd=ROOT,
    )
