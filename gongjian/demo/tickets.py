"""Demo part: ~1,200 problems (问题台账) across the 12 communities and their grids, in every status.

The story follows 乐清: a carpet survey (地毯式排查) in spring 2015 finds most problems, a second round in
spring 2016 and residents' and grid workers' reports through both years add the rest; each is assigned
to a paired unit with a deadline and closed out (销号) one by one, a few are rejected, a few from the
survey still drag on. A recent layer, dated relative to today, is open, in work, overdue or due soon.
Every history is a walk through the workflow table (`gongjian.tickets.flow.MOVES`), checked as it is
built, and inserted through the ledger's one numbering writer, numbered in order of discovery.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from gongjian.tickets.flow import MOVES, can_move, missing_fields

# category -> (title, description with {loc}, resolution)
PROBLEMS: dict[str, list[tuple[str, str, str]]] = {
    "infrastructure": [
        ("路灯损坏", "{loc}路灯不亮，夜间行人摸黑通行", "已更换灯具和镇流器，恢复照明"),
        ("井盖缺失", "{loc}窨井盖缺失，存在行人跌落隐患", "已补装防盗井盖，并设置警示标识"),
        ("井盖破损松动", "{loc}井盖破损松动，车辆经过时响声扰民", "已更换井盖并加固井座"),
        ("人行道板松动", "{loc}人行道板松动破损，雨天踩踏溅水", "已重新铺设人行道板约20平方米"),
        ("道路坑洼", "{loc}路面坑洼不平，电动车通行易摔倒", "已用沥青修补路面坑洼"),
        ("排水管道堵塞", "{loc}排水管道堵塞，雨后积水严重", "已疏通管道并清理淤泥"),
        ("楼道灯不亮", "{loc}楼道感应灯损坏，老人夜间上下楼不便", "已更换楼道感应灯"),
        ("健身器材损坏", "{loc}健身路径器材损坏，存在使用安全隐患", "已维修器材并张贴使用须知"),
        ("围墙破损", "{loc}围墙局部倒塌破损", "已修复围墙并粉刷"),
        ("雨水篦子缺失", "{loc}雨水篦子缺失", "已补装雨水篦子"),
    ],
    "sanitation": [
        ("楼道堆放杂物", "{loc}楼道内堆放杂物，影响通行和消防安全", "已上门劝导住户清理杂物，楼道已畅通"),
        ("垃圾清运不及时", "{loc}垃圾满溢，清运不及时，异味明显", "已协调环卫部门增加清运频次"),
        ("绿化带破损", "{loc}绿化带被踩踏破损，黄土裸露", "已补植绿化并设置护栏"),
        ("小广告乱贴乱画", "{loc}墙面、电线杆小广告乱贴乱画", "已组织志愿者清除小广告"),
        ("卫生死角", "{loc}存在卫生死角，长期无人清扫", "已集中清理卫生死角，纳入日常保洁"),
        ("垃圾桶破损", "{loc}垃圾桶破损缺盖", "已更换分类垃圾桶"),
        ("绿地被侵占种菜", "{loc}公共绿地被居民开垦种菜", "已劝导居民退还绿地并补种草皮"),
        ("化粪池满溢", "{loc}化粪池满溢，污水外流", "已联系清掏并修复池盖"),
    ],
    "traffic": [
        ("违章停车", "{loc}机动车违章停放，堵塞通道", "已联系交警劝离，施划禁停标线"),
        ("非机动车乱停放", "{loc}电动车、自行车乱停乱放", "已施划非机动车停放区并安排志愿者引导"),
        ("占道经营", "{loc}流动摊贩占道经营", "已会同执法部门劝离并设置疏导点"),
        ("交通标志缺失", "{loc}路口交通标志缺失", "已补设交通标志"),
        ("斑马线褪色", "{loc}斑马线褪色看不清", "已重新施划斑马线"),
    ],
    "security": [
        ("消防通道堵塞", "{loc}消防通道被车辆和杂物堵塞", "已清理通道并施划消防通道标线"),
        ("电动车楼道充电", "{loc}居民在楼道内给电动车充电", "已劝导并增设集中充电桩"),
        ("监控探头损坏", "{loc}小区监控探头损坏", "已更换监控探头"),
        ("单元防盗门损坏", "{loc}单元防盗门损坏无法关闭", "已维修防盗门门禁"),
        ("灭火器过期", "{loc}楼道灭火器过期", "已更换灭火器"),
    ],
    "public_service": [
        ("宣传栏破损", "{loc}社区宣传栏破损", "已更换宣传栏并更新内容"),
        ("休闲座椅损坏", "{loc}休闲座椅损坏", "已维修座椅"),
        ("公厕设施损坏", "{loc}公厕洗手池和冲水设施损坏", "已维修公厕设施"),
        ("公共自行车借还点不足", "{loc}附近缺少公共自行车借还点", "已协调新增公共自行车借还点"),
    ],
    "other": [
        ("违章搭建", "{loc}屋顶违章搭建", "已会同执法部门拆除违章搭建"),
        ("噪音扰民", "{loc}夜间噪音扰民", "已约谈相关商户，限定营业时间"),
        ("流浪犬扰民", "{loc}流浪犬聚集扰民", "已联系收容机构处置"),
    ],
}
CATEGORY_WEIGHTS = {
    "infrastructure": 30,
    "sanitation": 30,
    "traffic": 15,
    "security": 11,
    "public_service": 9,
    "other": 5,
}
ROADS = [
    "建设路",
    "人民路",
    "清远路",
    "旭阳路",
    "双雁路",
    "乐成路",
    "银溪路",
    "宁康路",
    "千帆路",
    "长虹路",
    "东山路",
    "石马路",
    "丹霞路",
    "清和路",
    "伯乐路",
    "晨曦路",
    "环城路",
    "胜利路",
    "城东路",
    "万家路",
]
ESTATES = [
    "阳光花园",
    "银溪小区",
    "东风小区",
    "康乐小区",
    "清和苑",
    "丹霞新村",
    "千帆公寓",
    "长虹小区",
    "万家花园",
    "东山新村",
    "石马小区",
    "南门新村",
    "北城公寓",
    "西门花苑",
    "宁康苑",
    "金桥小区",
    "华侨新村",
    "白鹭公寓",
    "盛世花园",
    "锦绣家园",
]
REJECT_REASONS = [
    "经核实不属实",
    "属私人产权，由业主自行处理",
    "重复上报，已并入同类问题",
    "属市政规划改造范围，已转城建部门统一安排",
    "不属社区管辖范围，已告知反映人向有关部门反映",
]
REOPEN_REASONS = ["复查发现问题反弹", "居民反映整改不到位", "验收时发现仍未修复完毕"]
DEADLINE_DAYS = (15, 30, 30, 45, 60, 90)


def _location(rng, roads: list[str], estates: list[str]) -> str:
    kind = rng.random()
    if kind < 0.45:
        return f"{rng.choice(roads)}{rng.randint(1, 260)}号"
    if kind < 0.85:
        return f"{rng.choice(estates)}{rng.randint(1, 32)}幢{rng.randint(1, 4)}单元"
    a, b = rng.sample(roads, 2)
    return f"{a}与{b}交叉口"


def _day_between(rng, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _at(rng, day: date) -> str:
    """A recording time on `day` in office hours (Beijing 08:30–17:30, stored as UTC)."""
    minutes = rng.randint(30, 570)
    return f"{day.isoformat()}T{minutes // 60:02d}:{minutes % 60:02d}:{rng.randint(0, 59):02d}Z"


class _Walk:
    """One ticket's history, built move by move and checked against the workflow table."""

    def __init__(self, rng, record: dict[str, Any], today: date) -> None:
        self.rng, self.record, self.today = rng, record, today
        self.status = "open"
        self.day = date.fromisoformat(record["reported_on"])
        record["events"] = [
            {
                "on_date": record["reported_on"],
                "from_status": None,
                "to_status": "open",
                "at": _at(rng, self.day),
            }
        ]

    def move(self, verb: str, after_days: int, note: str | None = None, unit_id: int | None = None) -> bool:
        """Take `verb` `after_days` later; False (and nothing done) when that day would be after today."""
        day = self.day + timedelta(days=max(after_days, 0))
        if day > self.today:
            return False
        assert can_move(self.status, verb), (self.status, verb)
        target = MOVES[verb].target
        self.record["events"].append(
            {
                "on_date": day.isoformat(),
                "from_status": self.status,
                "to_status": target,
                "unit_id": unit_id or self.record.get("assignee_id"),
                "note": note,
                "at": _at(self.rng, day),
            }
        )
        self.status, self.day = target, day
        return True


def _history(rng, rec: dict[str, Any], ctx, units: list[int], verifiers: list[str], plan: str) -> None:
    """Walk a ticket through the workflow as far as `plan` says (and today allows)."""
    walk = _Walk(rng, rec, ctx.today)
    if plan == "open":
        pass
    elif plan == "rejected":
        reason = rng.choice(REJECT_REASONS)
        if walk.move("reject", rng.randint(2, 15), note=reason):
            rec["reason"] = reason
    else:
        unit = rng.choice(units)
        span = rng.choice(DEADLINE_DAYS)
        assign_after = rng.randint(1, 8)
        deadline = (walk.day + timedelta(days=assign_after + span)).isoformat()
        if plan in ("overdue", "due_soon"):  # recent ones: a deadline just behind or just ahead of today
            offset = -rng.randint(1, 40) if plan == "overdue" else rng.randint(0, 6)
            deadline = max(
                ctx.today + timedelta(days=offset), walk.day + timedelta(days=assign_after + 1)
            ).isoformat()
        if walk.move("assign", assign_after, note=deadline, unit_id=unit):
            rec.update(assignee_id=unit, deadline=deadline)
        steps = {
            "assigned": 0,
            "overdue": rng.choice((0, 1, 1, 2)),
            "due_soon": rng.choice((0, 1, 2)),
            "in_progress": 1,
            "resolved": 2,
            "closed": 3,
            "reopened": 4,
        }[plan]
        late = rng.random() < 0.18  # some finish after their deadline
        work = max(2, int(span * (rng.uniform(1.05, 1.6) if late else rng.uniform(0.2, 0.9))))
        resolution = rng.choice(
            [p[2] for p in PROBLEMS[rec["category"]] if p[0] == rec["title"]] or ["已整改"]
        )
        if steps >= 1 and walk.status == "assigned":
            walk.move("start", rng.randint(1, 6))
        if steps >= 2 and walk.status == "in_progress" and walk.move("resolve", work, note=resolution):
            rec["resolution"] = resolution
        if steps >= 3 and walk.status == "resolved":
            verifier = rng.choice(verifiers)
            if walk.move("close", rng.randint(2, 12), note=verifier):
                rec.update(verifier=verifier, closed_on=walk.day.isoformat())
        if steps >= 4 and walk.status == "closed":
            reason = rng.choice(REOPEN_REASONS)
            if walk.move("reopen", rng.randint(5, 40), note=reason):
                rec.update(verifier=None, closed_on=None)
    rec["status"] = walk.status
    values = {
        "unit": rec.get("assignee_id"),
        **{k: rec.get(k) for k in ("deadline", "resolution", "verifier", "closed_on", "reason")},
    }
    assert not missing_fields(rec["status"], values), (rec["status"], values)


# (how many, first day, last day, sources, plan weights) per layer of the story
def _layers(today: date) -> list[tuple[int, date, date, tuple[str, ...], dict[str, int]]]:
    historic = {"closed": 930, "rejected": 50, "reopened": 5, "resolved": 5, "in_progress": 5, "assigned": 5}
    recent_first = today - timedelta(days=150)
    return [
        (620, date(2015, 3, 16), date(2015, 5, 29), ("survey",), historic),
        (140, date(2015, 6, 1), date(2015, 12, 28), ("resident", "grid", "grid", "other"), historic),
        (220, date(2016, 3, 7), date(2016, 4, 29), ("survey",), historic),
        (100, date(2016, 5, 3), date(2016, 12, 27), ("resident", "grid", "grid", "other"), historic),
        (
            130,
            recent_first,
            today,
            ("resident", "grid", "grid", "survey", "other"),
            {
                "open": 14,
                "assigned": 8,
                "overdue": 22,
                "due_soon": 12,
                "in_progress": 8,
                "resolved": 8,
                "closed": 22,
                "rejected": 5,
                "reopened": 1,
            },
        ),
    ]


def build(ledger, ctx) -> None:
    """Add ~1,200 tickets with full histories, numbered per community and year in order of discovery."""
    rng = ctx.rng
    codes = sorted(ctx.communities)
    weights = [ctx.communities[c]["households"] or 3000 for c in codes]
    grids = {
        c: [
            (g["id"], g["name"])
            for g in ledger.store.rows(
                "SELECT id, name FROM grids WHERE community_id = ? ORDER BY id", (ctx.communities[c]["id"],)
            )
        ]
        for c in codes
    }
    places = {}
    for c in codes:
        places[c] = (rng.sample(ROADS, 4), rng.sample(ESTATES, 4))
    categories, category_weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
    records: list[dict[str, Any]] = []
    for count, first, last, sources, plans in _layers(ctx.today):
        plan_names, plan_weights = list(plans), list(plans.values())
        for _ in range(count):
            code = rng.choices(codes, weights)[0]
            community = ctx.communities[code]
            category = rng.choices(categories, category_weights)[0]
            title, description, _ = rng.choice(PROBLEMS[category])
            roads, estates = places[code]
            location = _location(rng, roads, estates)
            grid_id = rng.choice(grids[code])[0] if grids[code] else None
            reported = _day_between(rng, first, last)
            rec = {
                "community_id": community["id"],
                "code": code,
                "year": reported.year,
                "grid_id": grid_id,
                "category": category,
                "title": title,
                "description": description.format(loc=location),
                "location": location,
                "source": rng.choice(sources),
                "reported_on": reported.isoformat(),
            }
            verifiers = [community["secretary"], community["director"]]
            _history(
                rng,
                rec,
                ctx,
                ctx.pairs[code],
                [v for v in verifiers if v],
                rng.choices(plan_names, plan_weights)[0],
            )
            records.append(rec)
    records.sort(key=lambda r: (r["reported_on"], r["events"][0]["at"]))
    ledger.tickets.sheets.insert_tickets(records)
