"""A small 乐清 ledger for the assessment, workbook and report tests, with every figure known by hand.

Written straight against the schema (`ledger.write` + `ledger.insert`), so the figures the assessment
reads come from the real figure APIs of each part. The expected scores under the default rules:

| unit | 活动 | 资金 | 问题 | 会议 | 党员 | 评价 | 加分 | total | grade |
|---|---|---|---|---|---|---|---|---|---|
| 乐清市统计局 | 30 (11×3, capped) | 15 (30,000 yuan) | 20 (3 of 4−1 rejected) | 10 (4/4) | 7.5 (3/4) | 9 | 3 (4 claims, capped) | 94.5 | 优秀 |
| 乐清农商银行 | 9 (3 organised) | 20 (50,000, capped) | 0 (0/2) | 10 (4/4) | 10 (none) | 10 | 3 (2 claims + 1 hall) | 62 | 合格 |
| 乐清市人民医院 | 15 | 2 (5,500.50 in kind, whole steps) | 20 (none) | 10 (2/2) | 0 (0/3) | 7 | 0 | 54 | 不合格 |
| 乐清市第一中学 | 6 | 1 (2,000 in kind) | 20 | 10 (none held) | 10 | 0 (unrated) | 0 | 47 | 不合格 |
| =HYPERLINK(…) | 0 (participated only) | 0 | 20 | 5 (1/2) | 10 | 6 | 0 | 41 | 不合格 |
| 乐清市财政局 | 12 | 1 (3,999.99 yuan) | 6.67 (1/3) | 2.5 (1/4) | 10 | 8.5 | 0 | 40.67 | 不合格 |
| 乐清市税务局 | 0 | 0 | 20 | 0 (0/4) | 10 | 5 | 0 | 35 | 不合格 (一票否决) |

乐清市档案馆 (pairing ended in 2015) and 乐清市水务集团 (paired from 2017) are not assessed for 2016.
"""

from __future__ import annotations

from typing import Any

from gongjian.ledger import Ledger
from gongjian.reading import normalize as n

FORMULA_UNIT = '=HYPERLINK("http://x","y")'
UNITS = [
    "乐清市统计局",
    "乐清市财政局",
    "乐清市人民医院",
    FORMULA_UNIT,
    "乐清农商银行",
    "乐清市第一中学",
    "乐清市税务局",
    "乐清市档案馆",
    "乐清市水务集团",
]
EXPECTED_TOTALS = {
    "乐清市统计局": "94.50",
    "乐清农商银行": "62.00",
    "乐清市人民医院": "54.00",
    "乐清市第一中学": "47.00",
    FORMULA_UNIT: "41.00",
    "乐清市财政局": "40.67",
    "乐清市税务局": "35.00",
}
EXPECTED_ORDER = list(EXPECTED_TOTALS)


def build(ledger: Ledger) -> dict[str, Any]:
    """Fill an empty ledger; returns ids by name (`units`, `communities`)."""
    ids: dict[str, Any] = {"units": {}, "communities": {}}
    with ledger.store.write("test data"):
        for code, name in (("BC", "北城社区"), ("XC", "西城社区"), ("LY", "乐怡社区")):
            ids["communities"][code] = ledger.store.insert(
                "communities", {"code": code, "name": name, "street": "乐成街道"}
            )
        for name in UNITS:
            ids["units"][name] = ledger.store.insert(
                "units", {"name": name, "name_key": n.name_key(name), "kind": "government"}
            )
        u, c = ids["units"], ids["communities"]
        tj, cz, yy, fx, ns, yz, sw, da, ws = (u[name] for name in UNITS)
        bc, xc, ly = c["BC"], c["XC"], c["LY"]
        for cid, uid, role, started, ended in (
            (bc, tj, "lead", "2015-03-01", None),
            (bc, cz, "member", "2015-03-01", None),
            (bc, ns, "member", "2015-03-05", None),
            (bc, sw, "member", "2015-03-01", None),
            (xc, yy, "lead", "2015-03-01", None),
            (xc, fx, "member", "2015-03-10", None),
            (xc, da, "member", "2015-03-01", "2015-12-31"),
            (ly, yz, "lead", "2015-03-01", None),
            (ly, ns, "member", "2015-04-01", None),
            (ly, ws, "member", "2017-01-01", None),
        ):
            ledger.store.insert(
                "pairings",
                {"community_id": cid, "unit_id": uid, "role": role, "started": started, "ended": ended},
            )

        def activity(
            day: str,
            cid: int,
            title: str,
            category: str,
            organisers: list[int],
            participants: tuple[int, ...] = (),
            times: int = 60,
        ) -> int:
            aid = ledger.store.insert(
                "activities",
                {
                    "date": day,
                    "year": int(day[:4]),
                    "community_id": cid,
                    "title": title,
                    "category": category,
                    "participant_times": times,
                    "volunteers": 8,
                },
            )
            for uid in organisers:
                ledger.store.insert(
                    "activity_units", {"activity_id": aid, "unit_id": uid, "role": "organiser"}
                )
            for uid in participants:
                ledger.store.insert(
                    "activity_units", {"activity_id": aid, "unit_id": uid, "role": "participant"}
                )
            return aid

        # 北城社区: 统计局 11 (7 visits, 4 festivals), 财政局 4 culture — 15 activities, visits 7/15
        for i in range(11):
            activity(
                f"2016-{1 + i:02d}-12",
                bc,
                f"北城社区走访慰问第{i + 1}次" if i < 7 else f"北城社区节日活动{i}",
                "visit" if i < 7 else "festival",
                [tj],
                times=100 + i,
            )
        activity("2016-02-09", bc, "龙抬头做荠菜饭", "festival", [cz], times=1000)
        for i in range(3):
            activity(f"2016-0{5 + i}-20", bc, f"广场舞比赛第{i + 1}场", "culture_sports", [cz])
        # 西城社区: 人民医院 5 (4 visits: over half one category), 2 with the formula-named unit joining
        for i in range(4):
            activity(f"2016-0{3 + i}-08", xc, f"敬老院慰问{i + 1}", "visit", [yy], (fx,) if i < 2 else ())
        activity("2016-09-01", xc, "健康讲座", "lecture", [yy])
        # 乐怡社区: 一中 1 + 1 co-organised with 农商银行, 农商银行 2 more
        activity("2016-04-04", ly, "谢师礼", "festival", [yz])
        activity("2016-06-04", ly, "法律知识讲座", "lecture", [ns, yz])
        activity("2016-07-04", ly, "金融知识进社区", "lecture", [ns])
        activity("2016-08-04", ly, "防诈骗宣传", "legal", [ns])
        activity("2015-06-01", bc, "上一年度的活动", "visit", [sw])  # 2015: does not count for 2016

        def fund(day: str, uid: int, cid: int, kind: str, fen: int, text: str = "") -> None:
            ledger.store.insert(
                "contributions",
                {
                    "date": day,
                    "year": int(day[:4]),
                    "unit_id": uid,
                    "community_id": cid,
                    "kind": kind,
                    "amount_fen": fen,
                    "description": text or None,
                },
            )

        fund("2016-02-01", tj, bc, "cash", 3_000_000, "社区建设资金")
        fund("2016-02-08", cz, bc, "cash", 399_999)
        fund("2016-03-01", yy, xc, "in_kind", 550_050, "500斤糯米")
        fund("2016-03-02", yy, xc, "venue", 1_000_000, "会议室全年开放")
        fund("2016-05-01", ns, ly, "cash", 5_000_000)
        fund("2016-06-01", yz, ly, "in_kind", 200_000, "图书")
        fund("2015-12-01", sw, bc, "cash", 100_000)  # 2015

        seq = {"BC": 0, "XC": 0, "LY": 0}

        def ticket(
            code: str, uid: int | None, status: str, deadline: str | None = None, closed_on: str | None = None
        ) -> None:
            seq[code] += 1
            ledger.store.insert(
                "tickets",
                {
                    "number": f"{code}-2016-{seq[code]:05d}",
                    "community_id": c[code],
                    "year": 2016,
                    "seq": seq[code],
                    "category": "sanitation",
                    "title": f"楼道堆放杂物{seq[code]}",
                    "reported_on": "2016-03-15",
                    "assignee_id": uid,
                    "deadline": deadline,
                    "status": status,
                    "closed_on": closed_on,
                    "verifier": "张晓京" if status == "closed" else None,
                    "reason": "不属社区事务" if status == "rejected" else None,
                },
            )

        for _ in range(3):
            ticket("BC", tj, "closed", "2016-05-01", "2016-04-20")
        ticket("BC", tj, "rejected")
        ticket("BC", cz, "closed", "2016-05-01", "2016-04-28")
        ticket("BC", cz, "in_progress", "2016-06-30")
        ticket("BC", cz, "closed", "2016-05-01", "2017-02-01")
        ticket("LY", ns, "assigned", "2016-12-01")
        ticket("LY", ns, "assigned", "2016-12-01")
        ticket("XC", None, "open")

        def meeting(day: str, cid: int, present: list[int]) -> None:
            mid = ledger.store.insert(
                "meetings", {"date": day, "year": 2016, "community_id": cid, "topics": "共建联席会议"}
            )
            for uid in present:
                ledger.store.insert("meeting_attendance", {"meeting_id": mid, "unit_id": uid, "present": 1})

        meeting("2016-03-20", bc, [tj, cz, ns])
        meeting("2016-06-20", bc, [tj, ns])
        meeting("2016-09-20", bc, [tj, ns])
        meeting("2016-12-20", bc, [tj, ns])
        meeting("2016-04-10", xc, [yy, fx])
        meeting("2016-10-10", xc, [yy])

        def member(
            name: str, uid: int, cid: int, services: int, phone: str, id_number: str | None = None
        ) -> None:
            mid = ledger.store.insert(
                "members",
                {
                    "name": name,
                    "phone": phone,
                    "id_number": id_number,
                    "unit_id": uid,
                    "community_id": cid,
                    "registered_on": "2016-01-10",
                    "post": "policy",
                },
            )
            for k in range(services):
                ledger.store.insert(
                    "services", {"member_id": mid, "date": f"2016-0{k + 1}-15", "year": 2016, "minutes": 120}
                )

        member("王建国", tj, bc, 2, "13857712345", "330382198001011234")
        member("李红", tj, bc, 3, "13857712346")
        member("陈志强", tj, xc, 4, "13857712347")
        member("赵敏", tj, bc, 1, "13857712348")
        member("林海", yy, xc, 0, "13857712349")
        member("周洁", yy, xc, 1, "13857712350")
        member("吴刚", yy, ly, 0, "13857712351")

        def project(title: str, cid: int, uid: int, via_hall: int = 0) -> None:
            pid = ledger.store.insert(
                "projects",
                {
                    "community_id": cid,
                    "title": title,
                    "listed_on": "2016-03-01",
                    "year": 2016,
                    "status": "claimed",
                },
            )
            ledger.store.insert(
                "project_claims",
                {
                    "project_id": pid,
                    "unit_id": uid,
                    "how": "claim",
                    "claimed_on": "2016-03-20",
                    "via_hall": via_hall,
                },
            )

        for i in range(4):
            project(f"楼道改造{i + 1}", bc, tj)
        project("老年食堂", ly, ns)
        project("电能替代", xc, ns, via_hall=1)
    for name, score in (
        ("乐清市统计局", "9"),
        ("乐清市财政局", "8.5"),
        ("乐清市人民医院", "7"),
        (FORMULA_UNIT, "6"),
        ("乐清农商银行", "10"),
        ("乐清市税务局", "5"),
    ):
        ledger.assessment.rate_unit(ids["units"][name], 2016, score)
    return ids
