"""Demo part: needs (需求清单), resources (资源清单), ~60 contract projects in every state, and joint meetings.

Projects cover 2015–2016 (done and rated, some won at the 2016 auction 拍卖会, some claimed in the open
hall, a few cancelled) and a recent layer dated relative to today (in progress, in the open hall, still in
their claim window). Each community holds four quarterly joint meetings a year in 2015 and 2016, chaired
in rotation (`ledger.next_chair`), with a few units that skip often. Everything goes through the ledger API,
so the demo obeys the same rules as a clerk.
"""

from __future__ import annotations

from datetime import date, timedelta

# (category, need text, project title) — the needs residents raise, and the project that answers each.
NEEDS = [
    ("venue", "老旧小区缺少居民晾晒场地", "新建居民晾晒场"),
    ("venue", "居家养老服务站缺少活动场地", "共享单位会议室作居家养老活动点"),
    ("venue", "青少年暑期缺少学习场所", "暑期爱心托管班"),
    ("funds", "老旧楼道照明设施损坏缺少改造资金", "老旧楼道照明改造"),
    ("funds", "困难家庭节日慰问资金不足", "困难家庭结对帮扶基金"),
    ("health", "老年人慢性病缺少定期随访", "家庭医生随访进小区"),
    ("health", "居民希望就近测量血压血糖", "健康小屋免费体检"),
    ("education", "双职工家庭孩子放学后无人看管", "四点半课堂"),
    ("education", "老年人不会使用智能手机", "老年人智能手机课堂"),
    ("legal", "邻里纠纷调解缺少专业力量", "律师驻社区调解室"),
    ("legal", "老年人屡遭电信诈骗", "防诈防骗宣讲进楼道"),
    ("culture", "社区文艺队缺少专业指导老师", "社区文艺队专业辅导"),
    ("culture", "居民希望开设书法培训班", "居民书法培训班"),
    ("environment", "背街小巷垃圾乱堆乱放", "背街小巷环境整治"),
    ("environment", "小区绿化带破损裸露", "小区绿化补植"),
    ("convenience", "小区周边缺少便民维修点", "便民维修服务日"),
    ("convenience", "老年人缴费办事不方便", "金融便民服务进社区"),
    ("employment", "失业人员再就业渠道少", "社区就业招聘会"),
    ("employment", "残疾人缺少就业技能", "残疾人技能培训班"),
    ("other", "独居老人居家安全隐患多", "独居老人应急呼叫设备安装"),
    ("other", "高层住宅消防通道堵塞", "消防通道清障与应急演练"),
]
SOURCES = ["居民代表议事", "网格走访", "民情恳谈会", "问卷调查", "居民来信来访"]

# (keywords in a unit's name, category, resource text, capacity)
OFFERS = [
    (("医院", "卫生服务中心", "疾病预防"), "health", "专家义诊进社区", "每月1次，每次医生4名"),
    (
        ("医院", "卫生健康", "红十字", "药房", "心理", "医疗保障"),
        "health",
        "健康知识讲座和免费测血压血糖",
        "每季度2次",
    ),
    (
        ("学校", "中学", "小学", "幼儿园", "青少年宫", "教育"),
        "education",
        "教师志愿者开设四点半课堂",
        "每周3次，每次2小时",
    ),
    (
        ("图书馆", "科学技术", "科协", "大数据", "移动", "电信", "联通"),
        "education",
        "智能手机和网上办事培训",
        "每月1期，每期30人",
    ),
    (("司法", "法院", "检察", "律师", "公证", "同心律师"), "legal", "法律咨询和纠纷调解进社区", "每月1次"),
    (("公安", "派出所", "国家安全", "金融监督", "银行"), "legal", "防诈骗宣传讲座", "每季度1次"),
    (
        ("文化", "体育", "博物馆", "书法", "摄影", "影城", "广播电视", "传媒", "日报", "老年人体育"),
        "culture",
        "文艺演出和文体活动指导",
        "每季度1场",
    ),
    (
        ("环境", "园林", "生态", "城市管理", "综合行政执法", "排水", "水务", "林业", "物业"),
        "environment",
        "环境卫生整治和绿化养护志愿服务",
        "每月1次，每次20人",
    ),
    (
        ("移动", "电信", "联通", "供电", "邮政", "天然气", "公共交通", "超市", "市场监督"),
        "convenience",
        "便民服务日：缴费、维修、咨询",
        "每月1次",
    ),
    (("银行", "财产保险", "人寿"), "convenience", "金融便民服务上门", "每月1次"),
    (
        ("人力资源", "就业", "社会保险", "工商业联合会", "青年企业家", "残疾人", "总工会", "妇女"),
        "employment",
        "就业岗位推荐和技能培训",
        "每半年1场招聘会",
    ),
    (
        ("集团", "股份", "电气", "电器", "慈善", "财政", "国有资本", "建设投资"),
        "funds",
        "共建公益资金",
        "每年2万至10万元",
    ),
    (
        ("酒店", "党校", "机关事务", "影城", "百货", "商厦", "中学"),
        "venue",
        "会议室和活动场地周末开放",
        "可容纳80人",
    ),
    (
        ("人民武装", "武警", "消防", "蓝天救援", "应急管理", "海防"),
        "other",
        "应急演练和国防教育",
        "每半年1次",
    ),
]

TASKS = ["制定实施方案", "现场踏勘与居民意见征集", "组织实施", "居民代表验收"]
OWNERS = [
    "张晓京",
    "林海",
    "陈丽",
    "郑建华",
    "黄秀霞",
    "周勇",
    "吴敏",
    "徐志国",
    "王芳",
    "李建国",
    "赵顺招",
    "孙海明",
]
TOPICS = {
    1: ("通报上年共建工作，讨论本年度需求清单和资源清单", "确定本年度共建项目清单，发布项目供结对单位认领"),
    2: ("二季度共建项目认领与推进情况", "未认领项目按期转入领办大厅；各认领单位报送任务书"),
    3: ("三季度问题整治销号情况和在职党员报到服务", "对逾期未整改问题开展联合督办"),
    4: ("全年共建工作总结和项目居民代表评议", "报送年度考评材料，确定明年轮值顺序"),
}
# How many of the ~60 projects are in each state (12 communities × 5 slots).
STATES = (
    ["done_2015"] * 12
    + ["done_2016"] * 11
    + ["auction_2016"] * 4
    + ["hall_done_2016"] * 3
    + ["done_unrated_2016"] * 4
    + ["cancelled"] * 3
    + ["claimed_recent"] * 10
    + ["hall_claimed_recent"] * 2
    + ["hall_open"] * 6
    + ["listed_recent"] * 5
)
AUCTION_DAY = date(2016, 4, 15)  # a 府山-style 拍卖会: several projects won by bids on one day


def _budget_fen(rng, category: str) -> int:
    low, high = {"funds": (20, 100), "venue": (30, 80), "environment": (10, 50)}.get(category, (5, 30))
    return rng.randint(low, high) * 1_000 * 100


def _offers_for(name: str) -> list[tuple[str, str, str]]:
    out, seen = [], set()
    for words, category, text, capacity in OFFERS:
        if category not in seen and any(w in name for w in words):
            out.append((category, text, capacity))
            seen.add(category)
    return out[:2]


def build(ledger, ctx) -> None:
    """Add needs, resources, projects and quarterly joint meetings to the demo ledger."""
    offers = _add_resources(ledger, ctx)
    _add_projects(ledger, ctx, offers)
    _add_meetings(ledger, ctx)


def _add_resources(ledger, ctx) -> dict[str, list[str]]:
    """Each unit lists what it can offer; returns category -> unit names offering it."""
    by_category: dict[str, list[str]] = {}
    for name in ctx.units:
        found = _offers_for(name)
        if not found and ctx.rng.random() < 0.3:
            found = [("venue", "单位会议室周末向社区开放", "可容纳40人")]
        for category, text, capacity in found:
            ledger.needs.add_resource(unit=name, text=text, category=category, capacity=capacity)
            by_category.setdefault(category, []).append(name)
    return by_category


def _pick_claimants(ctx, code: str, category: str, offers: dict[str, list[str]], *, hall: bool) -> list[str]:
    """Units to claim a project: paired units offering its category first (or, in the hall, other units)."""
    rng = ctx.rng
    names = {u["id"]: name for name, u in ctx.units.items()}
    paired = [names[uid] for uid in ctx.pairs[code]]
    offering = offers.get(category, [])
    if hall:
        pool = [u for u in offering if u not in paired] or [n for n in names.values() if n not in paired]
        return [rng.choice(pool)]
    pool = [u for u in offering if u in paired] or paired
    count = 1 if rng.random() < 0.7 else min(len(pool), rng.randint(2, 3))
    chosen = rng.sample(pool, max(1, count))
    if rng.random() < 0.25 and names[ctx.leads[code]] not in chosen:
        chosen.append(names[ctx.leads[code]])  # the lead unit joins in
    return chosen


def _add_projects(ledger, ctx, offers: dict[str, list[str]]) -> None:
    rng, today = ctx.rng, ctx.today
    states = list(STATES)
    rng.shuffle(states)
    codes = sorted(ctx.communities)
    slots = [(code, i) for i in range(5) for code in codes]
    plan: dict[str, list[str]] = {code: [] for code in codes}
    for (code, _), state in zip(slots, states, strict=True):
        plan[code].append(state)
    for code in codes:
        needs = rng.sample(NEEDS, 8)
        for n, (category, text, title) in enumerate(needs):
            state = plan[code][n] if n < len(plan[code]) else None
            listed = _listed_on(rng, state, today) if state else None
            raised = (
                (listed - timedelta(days=rng.randint(10, 60)))
                if listed
                else date(rng.choice([2015, 2016]), rng.randint(4, 11), rng.randint(1, 28))
            )
            ledger.needs.add_need(
                community=code,
                text=text,
                category=category,
                source=rng.choice(SOURCES),
                raised_on=raised.isoformat(),
            )
            if state:
                _add_project(ledger, ctx, offers, code, category, text, title, state, listed)


def _listed_on(rng, state: str, today: date) -> date:
    if state == "done_2015":
        return date(2015, rng.randint(4, 8), rng.randint(1, 28))
    if state in ("done_2016", "cancelled"):
        return date(2016, rng.randint(2, 7), rng.randint(1, 28))
    if state == "auction_2016":
        return date(2016, 3, 25)
    if state == "hall_done_2016":
        return date(2016, rng.randint(3, 6), rng.randint(1, 28))
    if state == "done_unrated_2016":
        return date(2016, rng.randint(8, 9), rng.randint(1, 28))
    if state == "claimed_recent":
        return today - timedelta(days=rng.randint(60, 120))
    if state == "hall_claimed_recent":
        return today - timedelta(days=rng.randint(100, 150))
    if state == "hall_open":
        return today - timedelta(days=rng.randint(45, 90))
    return today - timedelta(days=rng.randint(5, 20))  # listed_recent


def _add_project(ledger, ctx, offers, code, category, need_text, title, state, listed: date) -> None:
    rng = ctx.rng
    deadline = listed + timedelta(days=30)
    due = listed + timedelta(days=rng.choice([90, 120, 150, 180]))
    budget = _budget_fen(rng, category)
    project = ledger.projects.add_project(
        community=code,
        title=title,
        need=need_text,
        budget=f"{budget // 100}",
        listed_on=listed.isoformat(),
        claim_deadline=deadline.isoformat(),
        due=due.isoformat(),
    )
    pid = project["id"]
    if state in ("listed_recent", "hall_open"):
        return
    hall = state in ("hall_done_2016", "hall_claimed_recent")
    claimants = _pick_claimants(ctx, code, category, offers, hall=hall)
    if hall:
        claim_day = deadline + timedelta(days=rng.randint(3, 25))
    elif state == "auction_2016":
        claim_day = AUCTION_DAY
    else:
        claim_day = listed + timedelta(days=rng.randint(3, 28))
    if state == "auction_2016":
        claimants = claimants[:2]
        for unit in claimants:
            bid = budget * rng.choice([80, 90, 100, 110, 120]) // 100 // 100_000 * 100_000
            ledger.projects.claim_project(pid, [unit], bid=f"{bid // 100}", on=claim_day.isoformat())
    else:
        ledger.projects.claim_project(pid, claimants, on=claim_day.isoformat())
    if state == "cancelled":
        ledger.projects.cancel_project(
            pid,
            reason=rng.choice(
                ["资金未落实，并入明年计划", "居民意见分歧，暂缓实施", "已由市级统一改造项目覆盖"]
            ),
        )
        return
    tasks = TASKS[: rng.randint(2, 4)]
    span = max((due - claim_day).days, len(tasks) * 7)
    for i, task in enumerate(tasks, start=1):
        ledger.projects.add_project_task(
            pid,
            task,
            owner=rng.choice(OWNERS),
            unit=claimants[(i - 1) % len(claimants)],
            due=(claim_day + timedelta(days=span * i // len(tasks))).isoformat(),
        )
    finished = state not in ("claimed_recent", "hall_claimed_recent")
    done_count = len(tasks) if finished else rng.randint(0, len(tasks) - 1)
    day = claim_day
    for task in tasks[:done_count]:
        day = min(day + timedelta(days=rng.randint(7, 25)), max(ctx.today - timedelta(days=1), claim_day))
        ledger.projects.finish_project_task(pid, task, on=day.isoformat())
    if not finished:
        return
    done_on = day + timedelta(days=rng.randint(1, 10))
    ledger.projects.finish_project(pid, on=done_on.isoformat())
    if state == "done_unrated_2016":
        return
    votes = rng.randint(20, 45)
    unhappy = rng.choice([0, 0, 0, 1, 1, 2, 4])
    basic = rng.randint(0, votes // 4)
    ledger.projects.rate_project(
        pid,
        satisfied=votes - basic - unhappy,
        basically_satisfied=basic,
        unsatisfied=unhappy,
        on=(done_on + timedelta(days=rng.randint(7, 21))).isoformat(),
    )


def _add_meetings(ledger, ctx) -> None:
    """Four quarterly meetings per community in 2015 and 2016; the rotation picks each chair."""
    rng = ctx.rng
    names = {u["id"]: name for name, u in ctx.units.items()}
    habit: dict[int, float] = {}
    leads = set(ctx.leads.values())
    for uid in sorted(names):
        roll = rng.random()
        if uid in leads:
            habit[uid] = rng.uniform(0.92, 1.0)  # lead units seldom miss a meeting
        else:
            habit[uid] = (
                rng.uniform(0.2, 0.45)
                if roll < 0.1
                else rng.uniform(0.6, 0.8)
                if roll < 0.25
                else rng.uniform(0.88, 1.0)
            )
    for code in sorted(ctx.communities):
        for year in (2015, 2016):
            for quarter in (1, 2, 3, 4):
                month = quarter * 3
                day = date(
                    year, month, rng.randint(26, 31) if (year, quarter) == (2015, 1) else rng.randint(10, 28)
                )
                chair = ledger.meetings.next_chair(code, on=day.isoformat())
                present = [chair["unit"]] + [
                    names[uid]
                    for uid in ctx.pairs[code]
                    if uid != chair["unit_id"] and rng.random() < habit[uid]
                ]
                topics, decisions = TOPICS[quarter]
                ledger.meetings.add_meeting(
                    date=day.isoformat(),
                    community=code,
                    chair=chair["unit"],
                    present=present,
                    topics=topics,
                    decisions=decisions,
                )
