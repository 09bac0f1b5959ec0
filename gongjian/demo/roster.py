"""Demo roster: 12 communities with grids, 195 units, pairings with one lead each, signed agreements."""

from __future__ import annotations

import csv
from datetime import date, timedelta

from gongjian.paths import data_path
from gongjian.reading.specs import validate

COMMITMENTS = [
    "节日慰问",
    "环境整治",
    "文体活动",
    "志愿服务",
    "法律咨询",
    "义诊健康",
    "政策宣讲",
    "助学帮困",
    "场地共享",
    "资金支持",
    "党课共上",
    "平安巡防",
]


def _read(name: str) -> list[dict[str, str]]:
    with open(data_path("demo", name), encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def build(ledger, ctx) -> None:
    """Add the communities, units, pairings and agreements of the 乐清 story."""
    rng = ctx.rng
    communities = _read("communities.csv")
    for raw in communities:
        values = validate("communities", {k: v for k, v in raw.items() if k != "lead_unit"})
        _, cid = ledger.roster.save_community(values)
        ctx.communities[values["code"]] = ledger.store.get("communities", cid)
    for raw in _read("units.csv"):
        values = validate("units", raw)
        _, uid = ledger.roster.save_unit(values)
        ctx.units[values["name"]] = ledger.store.get("units", uid)

    codes = [c["code"] for c in communities]
    leads = {c["code"]: ctx.units[c["lead_unit"]]["id"] for c in communities}
    others = [u["id"] for name, u in ctx.units.items() if u["id"] not in leads.values()]
    rng.shuffle(others)
    start = date(2015, 3, 1)
    for code in codes:
        ctx.pairs[code] = [leads[code]]
        ctx.leads[code] = leads[code]
    for i, unit_id in enumerate(others):
        ctx.pairs[codes[i % len(codes)]].append(unit_id)
    # a few units serve two communities, as in the seeds
    for unit_id in others[:14]:
        code = rng.choice(codes)
        if unit_id not in ctx.pairs[code]:
            ctx.pairs[code].append(unit_id)

    for code in codes:
        cid = ctx.communities[code]["id"]
        for n, unit_id in enumerate(ctx.pairs[code], start=1):
            role = "lead" if unit_id == leads[code] else "member"
            started = start + timedelta(days=rng.randint(0, 20))
            ledger.roster.save_pairing(cid, unit_id, {"role": role, "started": started.isoformat()})
            signed = started + timedelta(days=rng.randint(0, 10))
            ledger.roster.save_agreement(
                cid,
                unit_id,
                {
                    "number": f"{code}-2015-{n:03d}",
                    "signed_on": signed.isoformat(),
                    "valid_until": "2017-12-31",
                    "commitments": rng.sample(COMMITMENTS, rng.randint(2, 4)),
                },
            )
    # the current round of agreements, some of which run out within the month
    for code in codes:
        cid = ctx.communities[code]["id"]
        for n, unit_id in enumerate(ctx.pairs[code][:6], start=1):
            until = ctx.today + timedelta(days=rng.choice([12, 25, 45, 90, 200, 400]))
            ledger.roster.save_agreement(
                cid,
                unit_id,
                {
                    "number": f"{code}-{ctx.today.year - 2}-{n:03d}",
                    "signed_on": date(ctx.today.year - 2, 1, 10).isoformat(),
                    "valid_until": until.isoformat(),
                    "commitments": rng.sample(COMMITMENTS, 3),
                },
            )
