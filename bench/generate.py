"""A deterministic synthetic city ledger at PRODUCT §1 scale, and the spreadsheets of the import workloads.

`plan(scale, seed)` draws the roster (communities, grids, units with valid credit codes, pairings with one
lead per community, members with valid ID numbers) from seeded random streams — one stream per part, so
the roster is the same whatever the later parts draw. `build_city` writes the roster and ten years of
records into a new ledger with one `executemany` per table inside ONE `ledger.store.write("bench generate")`
(the audit triggers fire on every row, as they do for gongjian's own writes); `build_target` writes the
same roster without members: the ledger the member roster is imported into. The spreadsheets are written
by `bench.sheets`. `python -m bench.generate --scale city OUT_DIR` builds everything once.
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench import names as w
from bench import records, sheets
from bench.city import SCALES, SEED, Roster, Scale, _cumulative, _day_in, _insert, _iso, _rng

VERSION = 1  # bump whenever the generated ledger or spreadsheets change
LEDGER_NAME = "绍兴市城市社区共建台账（基准测试）"


def plan(scale: Scale, seed: int = SEED) -> Roster:
    """Draw the city's roster (every id fixed) from the seed."""
    from gongjian.reading import normalize as n

    roster = Roster(scale)
    rng = _rng(seed, "communities")
    streets = [(d, region, s, code) for d, (region, ss) in w.DISTRICTS.items() for s, code in ss]
    names: set[str] = set()
    per_street: dict[str, int] = {}
    for cid in range(1, scale.communities + 1):
        district, region, street, scode = streets[(cid - 1) % len(streets)]
        while True:
            name = rng.choice(w.COMMUNITY_FIRST) + rng.choice(w.COMMUNITY_SECOND) + "社区"
            if name not in names:
                names.add(name)
                break
        per_street[scode] = per_street.get(scode, 0) + 1
        code = f"{scode}{per_street[scode]:02d}"
        secretary = w.person(rng, rng.random() < 0.4)
        roster.communities.append(
            {
                "id": cid,
                "code": code,
                "name": name,
                "street": street,
                "district": district,
                "region": region,
                "secretary": secretary,
                "director": w.person(rng, rng.random() < 0.5),
                "phone": f"0575-8{rng.randrange(1_000_000):06d}",
                "households": rng.randrange(1_500, 6_000),
                "address": f"{street}{rng.choice(w.ROADS)}{rng.randrange(1, 400)}号",
                "weight": rng.uniform(0.5, 1.8),
                "one_category": rng.random() < 0.15,
            }
        )
        roster.grids_of[cid] = []
        for g in range(rng.randrange(3, 7)):
            gid = len(roster.grids) + 1
            roster.grids.append(
                (
                    gid,
                    cid,
                    f"{name.removesuffix('社区')}第{'一二三四五六'[g]}网格",
                    w.person(rng, rng.random() < 0.5),
                    w.mobile(rng),
                )
            )
            roster.grids_of[cid].append(gid)

    rng = _rng(seed, "units")
    kinds = list(w.UNIT_MIX)
    cum = list(_cumulative(w.UNIT_MIX.values()))
    keys: set[str] = set()
    codes: set[str] = set()
    while len(roster.units) < scale.units:
        kind = kinds[bisect.bisect(cum, rng.random() * cum[-1])]
        home = roster.communities[rng.randrange(len(roster.communities))]
        name = n.unit_name(w.unit_name(rng, kind, home["district"], home["street"], len(roster.units)))
        key = n.name_key(name)
        if key in keys:
            continue
        code = w.credit_code(rng, kind, home["region"])
        if code in codes:
            continue
        keys.add(key)
        if code:
            codes.add(code)
        roster.units.append(
            {
                "id": len(roster.units) + 1,
                "name": name,
                "name_key": key,
                "credit_code": code,
                "kind": kind,
                "party_org": f"中共{name}{w.PARTY_ORG[kind]}",
                "contact": w.person(rng, rng.random() < 0.5),
                "phone": w.mobile(rng),
                "home": home["id"],
                "district": home["district"],
                "member_weight": {
                    "government": 3.0,
                    "institution": 2.5,
                    "soe": 3.0,
                    "private": 0.6,
                    "social_org": 0.3,
                    "school": 2.0,
                    "hospital": 3.0,
                    "military": 1.0,
                    "other": 0.3,
                }[kind],
                "dormant": rng.random() < 0.06,  # does little: the findings' inactive units
                "absent": rng.random() < 0.10,  # skips meetings
            }
        )
    _pair(roster, _rng(seed, "pairings"))
    _plan_members(roster, _rng(seed, "members"))
    for u in roster.units:
        u["party_members"] = u.pop("members_count", 0) + rng.randrange(0, 15)
    return roster


def _pair(roster: Roster, rng: random.Random) -> None:
    """Each unit pairs with its home community and maybe one or two more; one lead per community."""
    scale = roster.scale
    first = date(scale.first_year - 1, 3, 1)
    comms = roster.communities
    wanted: dict[int, list[int]] = {c["id"]: [] for c in comms}
    for u in roster.units:
        wanted[u["home"]].append(u["id"])
        for _ in range(rng.choices((0, 1, 2), (60, 30, 10))[0]):
            wanted[comms[rng.randrange(len(comms))]["id"]].append(u["id"])
    leads_first = ("government", "soe", "institution", "hospital", "school")
    for c in comms:
        unit_ids = list(dict.fromkeys(wanted[c["id"]]))
        if not unit_ids:  # a community nobody lives in still gets a unit
            unit_ids = [roster.units[rng.randrange(len(roster.units))]["id"]]
        lead = min(unit_ids, key=lambda i: (roster.units[i - 1]["kind"] not in leads_first, i))
        rows = roster.by_community.setdefault(c["id"], [])
        for uid in unit_ids:
            late = uid != lead and rng.random() < 0.2
            started = (
                _day_in(rng, rng.randrange(scale.first_year, scale.last_year + 1))
                if late
                else first + timedelta(days=rng.randrange(300))
            )
            ended = None
            if uid != lead and rng.random() < 0.05 and started.year < scale.last_year:
                ended = date(rng.randrange(started.year, scale.last_year), 12, 31)
            row = {
                "id": len(roster.pairings) + 1,
                "community_id": c["id"],
                "unit_id": uid,
                "role": "lead" if uid == lead else "member",
                "started": started,
                "ended": ended,
            }
            roster.pairings.append(row)
            rows.append(row)


def _plan_members(roster: Roster, rng: random.Random) -> None:
    """In-service party members: work unit weighted by kind, residence community, registration date."""
    scale = roster.scale
    units = roster.units
    cum_units = _cumulative(u["member_weight"] for u in units)
    years = list(scale.years)
    year_cum = _cumulative(max(30 - 8 * i, 6) for i in range(len(years)))
    by_district: dict[str, list[dict[str, Any]]] = {}
    for c in roster.communities:
        by_district.setdefault(c["district"], []).append(c)
    ids: set[str] = set()
    phones: set[str] = set()
    post_cum = _cumulative(w.POST_WEIGHTS)
    for mid in range(1, scale.members + 1):
        unit = units[bisect.bisect(cum_units, rng.random() * cum_units[-1])]
        unit["members_count"] = unit.get("members_count", 0) + 1
        near = by_district[unit["district"]] if rng.random() < 0.6 else roster.communities
        community = near[rng.randrange(len(near))]
        male = rng.random() < 0.55
        while True:
            idn = w.id_number(rng, community["region"], male)
            if idn not in ids:
                ids.add(idn)
                break
        while True:
            phone = w.mobile(rng)
            if phone not in phones:
                phones.add(phone)
                break
        year = years[bisect.bisect(year_cum, rng.random() * year_cum[-1])]
        roster.members.append(
            {
                "id": mid,
                "name": w.person(rng, male),
                "male": male,
                "phone": phone,
                "id_number": idn,
                "unit_id": unit["id"],
                "community_id": community["id"],
                "registered_on": _day_in(rng, year, end=date(year, 11, 30)),
                "specialty": rng.choice(w.SPECIALTIES) if rng.random() < 0.6 else None,
                "post": w.POSTS[bisect.bisect(post_cum, rng.random() * post_cum[-1])],
                "status": "left" if rng.random() < 0.04 else "active",
                "note": "退休返聘" if rng.random() < 0.01 else None,
            }
        )


# ---------------------------------------------------------------------------- writing
def write_roster(conn, roster: Roster, *, members: bool) -> dict[str, int]:
    """Insert communities, grids, units, pairings (and members) with their planned ids."""
    counts = {
        "communities": _insert(
            conn,
            "communities",
            "id, code, name, street, district, secretary, director, phone, households, address",
            [
                (
                    c["id"],
                    c["code"],
                    c["name"],
                    c["street"],
                    c["district"],
                    c["secretary"],
                    c["director"],
                    c["phone"],
                    c["households"],
                    c["address"],
                )
                for c in roster.communities
            ],
        ),
        "grids": _insert(conn, "grids", "id, community_id, name, leader, phone", roster.grids),
        "units": _insert(
            conn,
            "units",
            "id, name, name_key, credit_code, kind, party_org, party_members, contact, phone",
            [
                (
                    u["id"],
                    u["name"],
                    u["name_key"],
                    u["credit_code"],
                    u["kind"],
                    u["party_org"],
                    u["party_members"],
                    u["contact"],
                    u["phone"],
                )
                for u in roster.units
            ],
        ),
        "pairings": _insert(
            conn,
            "pairings",
            "id, community_id, unit_id, role, started, ended",
            [
                (p["id"], p["community_id"], p["unit_id"], p["role"], _iso(p["started"]), _iso(p["ended"]))
                for p in roster.pairings
            ],
        ),
    }
    if members:
        counts["members"] = _insert(
            conn,
            "members",
            "id, name, phone, id_number, unit_id, community_id, registered_on, specialty, post, status, note",
            [
                (
                    m["id"],
                    m["name"],
                    m["phone"],
                    m["id_number"],
                    m["unit_id"],
                    m["community_id"],
                    _iso(m["registered_on"]),
                    m["specialty"],
                    m["post"],
                    m["status"],
                    m["note"],
                )
                for m in roster.members
            ],
        )
    return counts


def _open_new(path: Path):
    from gongjian.ledger import Ledger

    path = Path(path)
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    return Ledger.open(path, create=True)


def build_target(path: Path, roster: Roster) -> dict[str, int]:
    """The ledger the member roster is imported into: the city's roster without members or records."""
    with _open_new(path) as ledger, ledger.store.write("bench generate"):
        _name(ledger.store.conn, "绍兴市在职党员报到台账（导入基准）")
        return write_roster(ledger.store.conn, roster, members=False)


def _name(conn, name: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('name', ?) ON CONFLICT (key) DO UPDATE SET "
        "value = excluded.value",
        (name,),
    )


def build_city(path: Path, roster: Roster, seed: int = SEED) -> dict[str, Any]:
    """The city ledger: roster, members and every year of records, in one audited transaction.

    Returns the row count and insert seconds of each table.
    """

    timings: dict[str, float] = {}
    counts: dict[str, int] = {}
    started = time.perf_counter()
    with _open_new(path) as ledger:
        with ledger.store.write("bench generate"):
            conn = ledger.store.conn
            _name(conn, LEDGER_NAME)
            t0 = time.perf_counter()
            counts.update(write_roster(conn, roster, members=True))
            timings["roster"] = time.perf_counter() - t0
            for part, build in records.PARTS:
                t0 = time.perf_counter()
                counts.update(build(conn, roster, _rng(seed, part)))
                timings[part] = time.perf_counter() - t0
        t0 = time.perf_counter()
        ledger.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        ledger.store.conn.execute("ANALYZE")
        timings["checkpoint+analyze"] = time.perf_counter() - t0
        counts["audit_changes"] = ledger.store.scalar("SELECT count(*) FROM audit_changes")
    return {"counts": counts, "seconds": timings, "total_seconds": time.perf_counter() - started}


# ---------------------------------------------------------------------------- everything, cached
GENERATED = ("city.db", "target.db", "roster.xlsx", "roster.csv")
EXTRAS_VERSION = 1  # bump when the unit register or the survey changes: only they are written again


def fingerprint(scale: Scale, seed: int) -> str:
    """What the generated data depends on: scale, seed and the generator's version."""
    return f"{scale.name}-{seed}-g{VERSION}"


def upgrade(out: Path, manifest: dict[str, Any], log=print) -> dict[str, Any]:
    """Bring generated ledgers of an older schema up to date the way gongjian does on open (migrations)."""
    from gongjian.ledger import Ledger
    from gongjian.store import migrations

    log(f"upgrading the generated ledgers from schema {manifest.get('schema')} to {migrations.LATEST} …")
    for name in ("city.db", "target.db"):
        with Ledger.open(out / name) as ledger:
            backup = ledger.store.upgrade_backup
            ledger.store.conn.execute("ANALYZE")
            ledger.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if backup is not None:
            Path(backup).unlink(missing_ok=True)
    manifest["schema"] = migrations.LATEST
    _save(out, manifest)
    return manifest


def _extras(out: Path, roster: Roster, seed: int) -> dict[str, int]:
    """The unit register and the survey (their own random streams: the city does not change with them)."""
    return sheets.write_extras(out, roster, _rng(seed, "unit register"), _rng(seed, "survey"))


def _save(out: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest with the current file sizes."""
    files = [*GENERATED, *sheets.EXTRAS]
    manifest["sizes"] = {f: (out / f).stat().st_size for f in files if (out / f).exists()}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


def generate(out: Path, scale: Scale, seed: int = SEED, *, force: bool = False, log=print) -> dict[str, Any]:
    """Build the city ledger, the import target and the spreadsheets in `out` (reused when up to date)."""
    from gongjian.store import migrations

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / "manifest.json"
    key = fingerprint(scale, seed)
    if not force and manifest_path.exists() and all((out / f).exists() for f in GENERATED):
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("fingerprint") == key and manifest.get("schema", 0) <= migrations.LATEST:
            log(f"reusing the generated {scale.name} city in {out}")
            if manifest.get("schema", 0) < migrations.LATEST:
                manifest = upgrade(out, manifest, log)
            if manifest.get("extras") != EXTRAS_VERSION or not all((out / f).exists() for f in sheets.EXTRAS):
                log(f"writing the unit register and the survey of the {scale.name} city …")
                t0 = time.perf_counter()
                manifest["sheets"].update(_extras(out, plan(scale, seed), seed))
                manifest["extras"] = EXTRAS_VERSION
                manifest["extras_seconds"] = time.perf_counter() - t0
                _save(out, manifest)
            return manifest
    manifest_path.unlink(missing_ok=True)
    t0 = time.perf_counter()
    log(f"generating the {scale.name} city in {out} …")
    roster = plan(scale, seed)
    plan_seconds = time.perf_counter() - t0
    city = build_city(out / "city.db", roster, seed)
    log(f"  city ledger: {city['total_seconds']:.1f} s, {sum(city['counts'].values()):,} rows")
    t1 = time.perf_counter()
    target = build_target(out / "target.db", roster)
    sheet_rows = sheets.write_all(out, roster, _rng(seed, "sheets"))
    sheet_rows.update(_extras(out, roster, seed))
    files_seconds = time.perf_counter() - t1
    manifest = {
        "fingerprint": key,
        "schema": migrations.LATEST,
        "scale": scale.name,
        "seed": seed,
        "plan_seconds": plan_seconds,
        "city": city,
        "target": target,
        "sheets": sheet_rows,
        "files_seconds": files_seconds,
        "extras": EXTRAS_VERSION,
    }
    _save(out, manifest)
    log(f"  done in {time.perf_counter() - t0:.1f} s")
    return manifest


def main(argv: list[str] | None = None) -> None:
    """`python -m bench.generate [--scale city|small|tiny] [--seed N] [--force] OUT_DIR`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", choices=sorted(SCALES), default="city")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    manifest = generate(args.out, SCALES[args.scale], args.seed, force=args.force)
    print(
        json.dumps(
            {"counts": manifest["city"]["counts"], "seconds": manifest["city"]["seconds"]},
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
