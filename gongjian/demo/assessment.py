"""Demo assessment: the communities' 2016 ratings of most of their paired units (社区评价, 0–10).

A community rates the units it saw at work more highly: the rating starts from 6 and grows with the
activities a unit organised in 2016, with some noise, in half points. About one unit in twelve is left
unrated, as happens in real offices, so the workbook shows what an unrated unit scores.
"""

from __future__ import annotations

from decimal import Decimal

YEAR = 2016
UNRATED_SHARE = 0.08


def build(ledger, ctx) -> None:
    """Rate most units paired in 2016."""
    from gongjian.reports import figures as reports

    rng = ctx.rng
    organised = {uid: f["organised"] or 0 for uid, f in ledger.records.activity_figures(YEAR).items()}
    for unit in reports.active_units(ledger, YEAR):
        if rng.random() < UNRATED_SHARE:
            continue
        base = Decimal(6) + min(Decimal(3), Decimal(organised.get(unit["id"], 0)) / 2)
        score = base + Decimal(rng.choice(("-1", "-0.5", "0", "0", "0.5", "1")))
        score = min(Decimal(10), max(Decimal(3), score))
        note = "社区书记、居民代表评议" if score >= 9 else None
        ledger.store.insert(
            "unit_ratings", {"year": YEAR, "unit_id": unit["id"], "score": float(score), "note": note}
        )
