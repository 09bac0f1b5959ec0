"""Demo records: two years of activities, funds and in-kind support, ~1,500 party members and their services.

The 乐清 figures: 282 activities in 2015 and 346 in 2016 with 30,000+ participant-times, organised by each
community's paired units. The mix is deliberately uneven, as the seeds report: 东山社区 runs mostly visits
(走访慰问, over half of its 2016 activities), and a few units did nothing at all in 2016 (no activity, no
contribution), so the assessment's veto and the reports' findings have something to find. A thin layer
dated in the last 30 days before `ctx.today` feeds the digests. Rows go in with `executemany`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

YEAR_COUNTS = {2015: 282, 2016: 346}
VISIT_HEAVY = "DS"  # 东山社区: 活动形式单一
IDLE_UNITS_2016 = 5
MEMBER_SHARE = 0.16  # of each unit's party members, registered at a residence community


def _sources() -> dict[str, Any]:
    """The demo sources of this part: `data/demo/records.toml`."""
    import tomllib

    from gongjian.paths import data_path

    with open(data_path("demo", "records.toml"), "rb") as fh:
        return tomllib.load(fh)


_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))


def _id_number(body: str) -> str:
    """Append the GB 11643-1999 check character."""
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def _day(rng, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


class _Plan:
    """Rows planned in memory, then written in a few `executemany` calls."""

    def __init__(self, ledger) -> None:
        self.activity_id = ledger.store.scalar("SELECT coalesce(max(id), 0) FROM activities")
        self.member_id = ledger.store.scalar("SELECT coalesce(max(id), 0) FROM members")
        self.activities: list[dict[str, Any]] = []
        self.links: list[tuple[int, int, str]] = []
        self.contributions: list[tuple] = []
        self.members: list[tuple] = []
        self.services: list[tuple] = []
        self.keys: set[tuple] = set()
        self.src = _sources()

    def activity(
        self,
        day: date,
        cid: int,
        title: str,
        category: str,
        times: int,
        volunteers: int,
        organisers: list[int],
        participants: list[int],
        venue: str | None,
        spending: int,
        description: str | None = None,
    ) -> dict[str, Any] | None:
        key = (day, cid, title)
        if key in self.keys:
            return None
        self.keys.add(key)
        self.activity_id += 1
        row = {
            "id": self.activity_id,
            "date": day.isoformat(),
            "year": day.year,
            "community_id": cid,
            "title": title,
            "category": category,
            "participant_times": times,
            "volunteers": volunteers,
            "members_served": 0,
            "venue": venue,
            "spending_fen": spending,
            "description": description,
        }
        self.activities.append(row)
        self.links += [(row["id"], u, "organiser") for u in organisers]
        self.links += [(row["id"], u, "participant") for u in participants if u not in organisers]
        return row

    def write(self, ledger) -> None:
        cols = (
            "id",
            "date",
            "year",
            "community_id",
            "title",
            "category",
            "participant_times",
            "volunteers",
            "members_served",
            "venue",
            "spending_fen",
            "description",
        )
        conn = ledger.store.conn
        conn.executemany(
            f"INSERT INTO activities ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            [tuple(a[c] for c in cols) for a in self.activities],
        )
        conn.executemany(
            "INSERT INTO activity_units (activity_id, unit_id, role) VALUES (?, ?, ?)", self.links
        )
        conn.executemany(
            "INSERT INTO contributions (date, year, unit_id, community_id, kind, amount_fen, description, "
            "activity_id, receipt_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.contributions,
        )
        conn.executemany(
            "INSERT INTO members (id, name, phone, id_number, unit_id, community_id, registered_on, specialty, "
            "post, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.members,
        )
        conn.executemany(
            "INSERT INTO services (member_id, date, year, activity_id, minutes, note) VALUES (?, ?, ?, ?, ?, ?)",
            self.services,
        )


def build(ledger, ctx) -> None:
    """Add the activities, contributions, members and services of the 乐清 story."""
    rng = ctx.rng
    plan = _Plan(ledger)
    codes = sorted(ctx.communities, key=lambda c: ctx.communities[c]["id"])
    units = {u["id"]: u for u in ctx.units.values()}
    leads = set(ctx.leads.values())
    # Some units are keen, most steady, a few rarely turn up; five did nothing at all in 2016.
    keen = {uid: rng.choice([0.3, 0.6, 1, 1, 1, 2, 3]) for uid in sorted(units)}
    idle = set(rng.sample(sorted(u for u in units if u not in leads and keen[u] <= 1), IDLE_UNITS_2016))
    by_year: dict[int, dict[str, list[dict[str, Any]]]] = {}
    for year, total in YEAR_COUNTS.items():
        by_year[year] = _activities(plan, ctx, year, total, codes, keen, idle if year == 2016 else set())
        _contributions(plan, ctx, year, codes, by_year[year], idle if year == 2016 else set())
    _featured(plan, ctx, by_year)
    recent = _recent_activities(plan, ctx, codes, keen, idle)
    members = _members(plan, ctx, codes, units)
    _services(plan, ctx, members, by_year, recent)
    plan.write(ledger)


def _organisers(rng, pool: list[int], keen: dict[int, float], lead: int) -> list[int]:
    """One to five organisers (co-organising is the rule in 共建); the lead unit organises about a quarter."""
    count = rng.choices([1, 2, 3, 4, 5, 6], weights=[10, 20, 25, 20, 15, 10])[0]
    chosen: list[int] = []
    if lead in pool and rng.random() < 0.25:
        chosen.append(lead)
    while len(chosen) < min(count, len(pool)):
        unit = rng.choices(pool, weights=[keen[u] for u in pool])[0]
        if unit not in chosen:
            chosen.append(unit)
    return chosen


def _activities(
    plan: _Plan, ctx, year: int, total: int, codes: list[str], keen: dict[int, float], idle: set[int]
) -> dict[str, list[dict[str, Any]]]:
    """The year's activities, community by community: festivals on their days, everyday ones in between."""
    rng = ctx.rng
    first = date(year, 3, 22) if year == 2015 else date(year, 1, 6)
    last = date(year, 12, 28)
    weights = [len(ctx.pairs[c]) * rng.uniform(0.7, 1.3) for c in codes]
    quota = [int(total * w / sum(weights)) for w in weights]
    for i in range(total - sum(quota)):
        quota[i % len(codes)] += 1
    out: dict[str, list[dict[str, Any]]] = {}
    for code, count in zip(codes, quota, strict=True):
        cid = ctx.communities[code]["id"]
        name = ctx.communities[code]["name"]
        pool = [u for u in ctx.pairs[code] if u not in idle]
        lead = ctx.leads[code]
        made: list[dict[str, Any]] = []
        heavy = code == VISIT_HEAVY
        for festival in plan.src["festivals"]:
            title, category, days = festival["title"], festival["category"], festival["dates"]
            low, high = festival["times"]
            if len(made) >= count or str(year) not in days or rng.random() > (0.35 if heavy else 0.7):
                continue
            day = date.fromisoformat(days[str(year)])
            times = rng.randint(low, high)
            row = plan.activity(
                day,
                cid,
                title,
                category,
                times,
                max(3, times // rng.randint(6, 12)),
                _organisers(rng, pool, keen, lead),
                _participants(rng, pool),
                f"{name}{rng.choice(plan.src['places']['venues'])}",
                rng.choice([0, 100000, 200000, 300000, 500000]),
            )
            if row:
                made.append(row)
        categories = list(plan.src["everyday"])
        mix = [plan.src["everyday"][c]["weight"] for c in categories]
        visits = int(count * 0.58) + 1 if heavy else 0  # over half of the year's activities are visits
        attempts = 0
        while len(made) < count and attempts < count * 20:
            attempts += 1
            category = "visit" if visits > 0 else rng.choices(categories, weights=mix)[0]
            titles, (low, high) = (
                plan.src["everyday"][category]["titles"],
                plan.src["everyday"][category]["times"],
            )
            day = _day(rng, first, last)
            times = rng.randint(low, high)
            row = plan.activity(
                day,
                cid,
                rng.choice(titles),
                category,
                times,
                max(2, times // rng.randint(4, 10)),
                _organisers(rng, pool, keen, lead),
                _participants(rng, pool),
                f"{name}{rng.choice(plan.src['places']['venues'])}" if rng.random() < 0.8 else None,
                rng.choice([0, 0, 0, 20000, 50000, 100000]),
            )
            if row:
                made.append(row)
                visits -= category == "visit"
        # every unit that was not idle did turn up at least once: as a participant if not as an organiser
        ids = {row["id"] for row in made}
        involved = {u for a, u, _ in plan.links if a in ids}
        for unit in pool:
            if unit not in involved and made:
                plan.links.append((rng.choice(made)["id"], unit, "participant"))
        out[code] = made
    return out


def _participants(rng, pool: list[int]) -> list[int]:
    if rng.random() < 0.6 or len(pool) < 2:
        return []
    return rng.sample(pool, min(len(pool), rng.randint(1, 2)))


def _contributions(
    plan: _Plan, ctx, year: int, codes: list[str], activities: dict[str, list[dict[str, Any]]], idle: set[int]
) -> None:
    """Cash from lead and member units, in-kind gifts at their value, venues and services."""
    rng = ctx.rng
    seq = 0
    for code in codes:
        cid = ctx.communities[code]["id"]
        lead = ctx.leads[code]
        pool = [u for u in ctx.pairs[code] if u not in idle]
        seq += 1
        amount = rng.choice([1000000, 1500000, 2000000, 2500000, 3000000])
        # the year's grant early in the year, once the community's units are paired (from 2015-03-21)
        offset = rng.randint(10, 28)
        grant = date(2015, 3, 21) + timedelta(days=offset) if year == 2015 else date(year, 2, offset)
        plan.contributions.append(
            (
                grant.isoformat(),
                year,
                lead,
                cid,
                "cash",
                amount,
                "共建工作经费",
                None,
                f"{code}{year}-{seq:03d}",
            )
        )
        for unit in pool:
            if unit == lead or rng.random() > 0.75:
                continue
            for _ in range(rng.choice([1, 1, 2, 3])):
                seq += 1
                day = _day(rng, date(year, 3, 22) if year == 2015 else date(year, 1, 10), date(year, 12, 20))
                plan.contributions.append(
                    (
                        day.isoformat(),
                        year,
                        unit,
                        cid,
                        "cash",
                        rng.randint(6, 60) * 50000,
                        "活动经费",
                        None,
                        f"{code}{year}-{seq:03d}",
                    )
                )
        festivals = [a for a in activities[code] if a["category"] == "festival"]
        for activity in rng.sample(festivals, min(len(festivals), rng.randint(2, 5))):
            unit = plan_organiser(plan, activity["id"])
            item, value = rng.choice(plan.src["gifts"]["in_kind"])
            plan.contributions.append(
                (activity["date"], year, unit, cid, "in_kind", value, item, activity["id"], None)
            )
        for gifts, kind, share in (
            (plan.src["gifts"]["venue"], "venue", 0.5),
            (plan.src["gifts"]["service"], "service", 0.6),
        ):
            if rng.random() < share:
                item, value = rng.choice(gifts)
                day = _day(rng, date(year, 4, 1), date(year, 11, 30))
                plan.contributions.append(
                    (day.isoformat(), year, rng.choice(pool), cid, kind, value, item, None, None)
                )


def plan_organiser(plan: _Plan, activity_id: int) -> int:
    """The first organiser planned for an activity."""
    return next(u for a, u, role in plan.links if a == activity_id and role == "organiser")


def _featured(plan: _Plan, ctx, by_year: dict[int, dict[str, list[dict[str, Any]]]]) -> None:
    """The seeds' own stories: 北城's 龙抬头荠菜饭 with 500斤糯米 and the 统计局's 3万元 in 2016."""
    code = "BC" if "BC" in ctx.communities else sorted(ctx.communities)[0]
    cid = ctx.communities[code]["id"]
    lead = ctx.leads[code]
    for row in by_year[2016][code]:
        if row["title"] == "龙抬头荠菜饭活动":
            break
    else:
        row = plan.activity(date(2016, 3, 10), cid, "龙抬头荠菜饭活动", "festival", 0, 0, [lead], [], None, 0)
        by_year[2016][code].append(row)
    row.update(
        participant_times=1060,
        volunteers=80,
        venue=f"{ctx.communities[code]['name']}办公楼门口",
        description="结对单位出资提供500多斤糯米等原料，七八十名居民齐上阵制作荠菜饭，送上家门，上千人参与",
    )
    plan.links = [link for link in plan.links if link[0] != row["id"]]
    others = [u for u in ctx.pairs[code] if u != lead]
    plan.links += [(row["id"], lead, "organiser"), (row["id"], others[0], "organiser")]
    plan.contributions.append(
        ("2016-03-08", 2016, lead, cid, "in_kind", 200000, "500斤糯米", row["id"], None)
    )
    plan.contributions = [
        c
        for c in plan.contributions
        if not (c[1] == 2016 and c[2] == lead and c[4] == "cash" and c[6] == "共建工作经费")
    ]
    plan.contributions.append(
        ("2016-02-26", 2016, lead, cid, "cash", 3000000, "共建工作经费（社区建设）", None, f"{code}2016-000")
    )


def _recent_activities(
    plan: _Plan, ctx, codes: list[str], keen: dict[int, float], idle: set[int]
) -> list[dict[str, Any]]:
    """About twenty activities and a few gifts in the 30 days before today, for digests and summaries."""
    rng = ctx.rng
    recent = []
    for _ in range(22):
        code = rng.choice(codes)
        cid = ctx.communities[code]["id"]
        pool = [u for u in ctx.pairs[code] if u not in idle]
        everyday = plan.src["everyday"]
        category = rng.choices(list(everyday), weights=[everyday[c]["weight"] for c in everyday])[0]
        titles, (low, high) = everyday[category]["titles"], everyday[category]["times"]
        day = ctx.today - timedelta(days=rng.randint(1, 30))
        times = rng.randint(low, high)
        row = plan.activity(
            day,
            cid,
            rng.choice(titles),
            category,
            times,
            max(2, times // 8),
            _organisers(rng, pool, keen, ctx.leads[code]),
            [],
            None,
            0,
        )
        if row:
            recent.append(row)
    for row in rng.sample(recent, min(6, len(recent))):
        unit = plan_organiser(plan, row["id"])
        item, value = rng.choice(plan.src["gifts"]["in_kind"])
        plan.contributions.append(
            (
                row["date"],
                int(row["date"][:4]),
                unit,
                row["community_id"],
                "in_kind",
                value,
                item,
                row["id"],
                None,
            )
        )
    return recent


def _members(plan: _Plan, ctx, codes: list[str], units: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """Party members of every unit, registered at a residence community (weighted by households)."""
    rng = ctx.rng
    people = plan.src["people"]
    homes = [ctx.communities[c]["id"] for c in codes]
    households = [ctx.communities[c].get("households") or 1 for c in codes]
    phones: set[str] = set()
    ids: set[str] = set()
    members = []
    for uid in sorted(units):
        size = max(1, round((units[uid].get("party_members") or 0) * MEMBER_SHARE * rng.uniform(0.7, 1.3)))
        for _ in range(size):
            name = rng.choice(people["surnames"]) + "".join(
                rng.choice(people["given"]) for _ in range(rng.choice([1, 2, 2]))
            )
            phone = rng.choice(people["mobile_prefixes"]) + f"{rng.randint(0, 99999999):08d}"
            while phone in phones:
                phone = rng.choice(people["mobile_prefixes"]) + f"{rng.randint(0, 99999999):08d}"
            phones.add(phone)
            id_number = None
            if rng.random() < 0.7:
                while id_number is None or id_number in ids:
                    born = _day(rng, date(1962, 1, 1), date(1995, 12, 31))
                    id_number = _id_number(
                        f"{rng.choice(people['regions'])}{born:%Y%m%d}{rng.randint(0, 999):03d}"
                    )
                ids.add(id_number)
            recent = rng.random() < 0.004
            registered = (
                ctx.today - timedelta(days=rng.randint(1, 30))
                if recent
                else _day(rng, date(2015, 4, 1), date(2016, 6, 30))
            )
            plan.member_id += 1
            member = {
                "id": plan.member_id,
                "community_id": rng.choices(homes, weights=households)[0],
                "registered_on": registered,
                "status": "left" if rng.random() < 0.03 else "active",
                "unit_id": uid,
            }
            plan.members.append(
                (
                    member["id"],
                    name,
                    phone,
                    id_number,
                    uid,
                    member["community_id"],
                    registered.isoformat(),
                    rng.choice(people["specialties"]) if rng.random() < 0.45 else None,
                    rng.choice(people["posts"]),
                    member["status"],
                )
            )
            members.append(member)
    return members


def _services(
    plan: _Plan,
    ctx,
    members: list[dict[str, Any]],
    by_year: dict[int, dict[str, list[dict[str, Any]]]],
    recent: list[dict[str, Any]],
) -> None:
    """Each member's services per year (most meet the target of 2, some do not), half at an activity."""
    rng = ctx.rng
    id_to_code = {c["id"]: code for code, c in ctx.communities.items()}
    activity_rows = {a["id"]: a for a in plan.activities}
    served: dict[int, int] = {}
    spread = {
        2015: ([0, 1, 2, 3, 4, 5], [22, 15, 30, 19, 10, 4]),
        2016: ([0, 1, 2, 3, 4, 5, 6], [7, 12, 30, 25, 15, 7, 4]),
    }
    seen: set[tuple] = set()
    for member in members:
        code = id_to_code[member["community_id"]]
        for year, (counts, weights) in spread.items():
            first = max(member["registered_on"], date(year, 1, 1))
            last = date(year, 12, 28)
            if first > last:
                continue
            at_home = [a for a in by_year[year][code] if a["date"] >= first.isoformat()]
            for _ in range(rng.choices(counts, weights=weights)[0]):
                minutes = rng.choice([60, 90, 120, 120, 150, 180, 240])
                if at_home and rng.random() < 0.55:
                    activity = rng.choice(at_home)
                    key = (member["id"], activity["date"], activity["id"])
                    if key in seen:
                        continue
                    seen.add(key)
                    served[activity["id"]] = served.get(activity["id"], 0) + 1
                    plan.services.append(
                        (member["id"], activity["date"], year, activity["id"], minutes, None)
                    )
                else:
                    day, note = (
                        _day(rng, first, last).isoformat(),
                        rng.choice(plan.src["people"]["service_notes"]),
                    )
                    if (member["id"], day, note) in seen:
                        continue
                    seen.add((member["id"], day, note))
                    plan.services.append((member["id"], day, year, None, minutes, note))
    active = [m for m in members if m["status"] == "active"]
    for activity in recent:
        for member in rng.sample(active, rng.randint(1, 4)):
            if member["registered_on"].isoformat() > activity["date"]:
                continue
            served[activity["id"]] = served.get(activity["id"], 0) + 1
            plan.services.append(
                (member["id"], activity["date"], int(activity["date"][:4]), activity["id"], 120, None)
            )
    for activity_id, count in served.items():
        activity_rows[activity_id]["members_served"] = count
