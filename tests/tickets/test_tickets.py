"""The problem ledger (问题台账): numbering, the workflow move by move, listings, bulk moves, overdue by
assignee, figures, finalised years, and the `ticket` commands."""

from __future__ import annotations

import pytest
from ticket_helpers import (
    LIST_KEYS,
    MOVE_CALLS,
    MOVE_ZH,
    STATUS_ZH,
    TODAY,
    events,
    numbers,
    open_one,
    seed,
    walk_to,
)

from gongjian.errors import Ambiguous, Conflict, InvalidValue, NotFound, ValidationFailed, YearFinalized
from gongjian.tickets.flow import MOVES, STATUSES, allowed_moves


@pytest.fixture
def led(ledger):
    """A ledger with two communities (with grids) and three units."""
    return seed(ledger)


# ------------------------------------------------------------------------------------------- numbering
def test_numbers_per_community_and_reported_year(led):
    assert open_one(led, "路灯损坏") == "BC-2016-00001"
    assert open_one(led, "井盖缺失") == "BC-2016-00002"
    assert open_one(led, "违章停车", community="东门社区") == "DM-2016-00001"
    assert open_one(led, "楼道堆放杂物", reported="2015-11-20") == "BC-2015-00001"
    assert open_one(led, "绿化带破损", community="BC") == "BC-2016-00003"
    row = led.tickets.ticket("bc-2016-3")  # short form, lower case
    assert (row["number"], row["community_id"], row["year"], row["seq"]) == (
        "BC-2016-00003",
        led.roster.community("BC")["id"],
        2016,
        3,
    )


def test_number_never_changes_and_open_defaults(led):
    row = led.tickets.open_ticket(community="北城", title="井盖缺失", today=TODAY)
    assert row["number"] == "BC-2016-00001"
    assert (row["reported_on"], row["status"], row["category"], row["source"]) == (
        "2016-06-30",
        "open",
        "other",
        "survey",
    )
    led.tickets.assign_ticket("BC-2016-00001", unit="统计局", deadline="+15d", today=TODAY)
    led.tickets.reject_ticket("BC-2016-00001", reason="重复上报", today=TODAY)
    shown = led.tickets.show_ticket("BC-2016-00001", today=TODAY)
    assert (shown["number"], shown["deadline"], shown["status"]) == (
        "BC-2016-00001",
        "2016-07-15",
        "rejected",
    )


def test_open_validates_like_the_importer(led):
    with pytest.raises(ValidationFailed) as info:
        led.tickets.open_ticket(community="北城社区", title="路灯损坏", category="下水道", today=TODAY)
    assert (
        str(info.value)
        == "输入有误：类别: 问题类别无效：下水道（可选：基础设施、环境卫生、交通出行、治安、公共服务、其他）"
    )
    with pytest.raises(InvalidValue) as info:
        led.tickets.open_ticket(community="北城社区", title="路灯损坏", reported_on="2016-07-01", today=TODAY)
    assert str(info.value) == "发现日期 2016-07-01 晚于今天（2016-06-30）"
    with pytest.raises(NotFound) as info:
        led.tickets.open_ticket(community="南塘社区", title="路灯损坏", today=TODAY)
    assert str(info.value) == "找不到社区：南塘社区"
    assert led.store.scalar("SELECT count(*) FROM tickets") == 0


def test_open_adds_a_new_grid_on_first_use(led):
    open_one(led, grid="北城第五网格")
    assert led.roster.grids(led.roster.community("BC")["id"])[-1] == "北城第五网格"
    row = led.tickets.show_ticket("BC-2016-00001", today=TODAY)
    assert (row["grid"], row["category"]) == ("北城第五网格", "other")


def test_category_and_source_synonyms(led):
    number = open_one(led, category="路灯", source="网格员")
    row = led.tickets.show_ticket(number, today=TODAY)
    assert (row["category"], row["source"]) == ("infrastructure", "grid")


# ------------------------------------------------------------------------------------------- workflow
def test_the_move_table_is_the_product_workflow():
    assert {v: (m.sources, m.target) for v, m in MOVES.items()} == {
        "assign": (("open", "assigned"), "assigned"),
        "start": (("assigned",), "in_progress"),
        "resolve": (("in_progress",), "resolved"),
        "close": (("resolved",), "closed"),
        "reject": (("open", "assigned", "in_progress"), "rejected"),
        "reopen": (("resolved", "closed"), "in_progress"),
    }
    assert allowed_moves("rejected") == []
    assert allowed_moves("closed") == ["reopen"]


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("verb", list(MOVES))
def test_every_move_from_every_status(led, status, verb):
    number = open_one(led)
    walk_to(led, number, status)
    before = led.tickets.ticket(number)
    history = events(led, number)
    move = MOVES[verb]
    if status in move.sources:
        shown = MOVE_CALLS[verb](led, number)
        assert shown["status"] == move.target
        after = events(led, number)
        assert len(after) == len(history) + 1
        assert (after[-1]["on_date"], after[-1]["from_status"], after[-1]["to_status"]) == (
            "2016-05-02",
            status,
            move.target,
        )
    else:
        with pytest.raises(Conflict) as info:
            MOVE_CALLS[verb](led, number)
        allowed = "、".join(f"{MOVE_ZH[v]}（{v}）" for v in allowed_moves(status)) or "无（已是终结状态）"
        assert str(info.value) == (
            f"问题 BC-2016-00001 当前状态为“{STATUS_ZH[status]}”，不能{MOVE_ZH[verb]}；可执行：{allowed}"
        )
        assert led.tickets.ticket(number) == before
        assert events(led, number) == history


def test_each_move_keeps_its_fields_and_event(led):
    number = open_one(led)
    stat, fin = led.roster.unit("乐清市统计局")["id"], led.roster.unit("乐清市财政局")["id"]
    led.tickets.assign_ticket(number, unit="统计局", deadline="+30d", on="2016-03-10", today=TODAY)
    row = led.tickets.ticket(number)
    assert (row["assignee_id"], row["deadline"]) == (stat, "2016-04-09")
    led.tickets.assign_ticket(
        number, unit="财政局", deadline="2016-05-31", on="2016-03-11", today=TODAY
    )  # 改派
    led.tickets.start_ticket(number, on="2016-03-12", today=TODAY)
    led.tickets.resolve_ticket(number, resolution="已更换灯具3盏", on="2016-04-02", today=TODAY)
    led.tickets.close_ticket(number, verifier="张晓京", on="2016-04-06", today=TODAY)
    row = led.tickets.ticket(number)
    assert (row["status"], row["assignee_id"], row["resolution"], row["verifier"], row["closed_on"]) == (
        "closed",
        fin,
        "已更换灯具3盏",
        "张晓京",
        "2016-04-06",
    )
    led.tickets.reopen_ticket(number, reason="复查发现仍有1盏不亮", on="2016-04-20", today=TODAY)
    row = led.tickets.ticket(number)
    assert (row["status"], row["verifier"], row["closed_on"], row["resolution"]) == (
        "in_progress",
        None,
        None,
        "已更换灯具3盏",
    )
    assert [
        (e["on_date"], e["from_status"], e["to_status"], e["unit_id"], e["note"]) for e in events(led, number)
    ] == [
        ("2016-03-05", None, "open", None, None),
        ("2016-03-10", "open", "assigned", stat, "2016-04-09"),
        ("2016-03-11", "assigned", "assigned", fin, "2016-05-31"),
        ("2016-03-12", "assigned", "in_progress", fin, None),
        ("2016-04-02", "in_progress", "resolved", fin, "已更换灯具3盏"),
        ("2016-04-06", "resolved", "closed", fin, "张晓京"),
        ("2016-04-20", "closed", "in_progress", fin, "复查发现仍有1盏不亮"),
    ]
    led.tickets.reject_ticket(number, reason="属市政规划改造范围", on="2016-04-21", today=TODAY)
    assert led.tickets.ticket(number)["reason"] == "属市政规划改造范围"


@pytest.mark.parametrize(
    ("status", "call", "message"),
    [
        (
            "in_progress",
            lambda led, n: led.tickets.resolve_ticket(n, resolution="  ", today=TODAY),
            "整改情况不能为空",
        ),
        ("resolved", lambda led, n: led.tickets.close_ticket(n, verifier="", today=TODAY), "验收人不能为空"),
        ("open", lambda led, n: led.tickets.reject_ticket(n, reason=None, today=TODAY), "原因不能为空"),
        ("closed", lambda led, n: led.tickets.reopen_ticket(n, reason="", today=TODAY), "原因不能为空"),
        (
            "resolved",
            lambda led, n: led.tickets.close_ticket(n, verifier="张晓京", on="2016-04-01", today=TODAY),
            "日期 2016-04-01 早于该问题上一步处理的日期 2016-04-02",
        ),
        (
            "open",
            lambda led, n: led.tickets.assign_ticket(n, unit="统计局", deadline="", today=TODAY),
            "整改期限不能为空",
        ),
        (
            "open",
            lambda led, n: led.tickets.assign_ticket(
                n, unit="统计局", deadline="2016-03-01", on="2016-03-10", today=TODAY
            ),
            "整改期限 2016-03-01 早于分派日期 2016-03-10",
        ),
        (
            "open",
            lambda led, n: led.tickets.assign_ticket(
                n, unit="统计局", deadline="2016-04-01", on="2016-03-01", today=TODAY
            ),
            "日期 2016-03-01 早于问题的发现日期 2016-03-05",
        ),
        (
            "open",
            lambda led, n: led.tickets.assign_ticket(
                n, unit="统计局", deadline="2016-08-01", on="2016-07-01", today=TODAY
            ),
            "日期 2016-07-01 晚于今天（2016-06-30）",
        ),
        (
            "open",
            lambda led, n: led.tickets.assign_ticket(n, unit="统计局", deadline="下月底", today=TODAY),
            "日期无效：下月底（应为1949至2100年间的日期，如 2016-03-05、2016/3/5、2016年3月5日、20160305）",
        ),
    ],
)
def test_moves_refuse_bad_input_and_change_nothing(led, status, call, message):
    number = open_one(led)
    walk_to(led, number, status)
    before, history = led.tickets.ticket(number), events(led, number)
    audits = led.store.scalar("SELECT count(*) FROM audit_commands")
    with pytest.raises(InvalidValue) as info:
        call(led, number)
    assert str(info.value) == message
    assert led.tickets.ticket(number) == before and events(led, number) == history
    assert led.store.scalar("SELECT count(*) FROM audit_commands") == audits


def test_a_move_cannot_be_dated_before_the_previous_one(led):
    number = open_one(led)
    led.tickets.assign_ticket(number, unit="统计局", deadline="2016-04-30", on="2016-03-20", today=TODAY)
    with pytest.raises(InvalidValue) as info:
        led.tickets.start_ticket(number, on="2016-03-15", today=TODAY)
    assert str(info.value) == "日期 2016-03-15 早于该问题上一步处理的日期 2016-03-20"


def test_ticket_names_unknown_and_ambiguous(led):
    open_one(led)
    open_one(led, community="东门社区")
    with pytest.raises(NotFound) as info:
        led.tickets.ticket("BC-2016-00009")
    assert str(info.value) == "找不到问题：BC-2016-00009"
    with pytest.raises(Ambiguous) as info:
        led.tickets.ticket("2016-00001")
    assert str(info.value) == "“2016-00001”对应多个问题：BC-2016-00001、DM-2016-00001"
    assert led.tickets.ticket("DM-2016")["number"] == "DM-2016-00001"


# ------------------------------------------------------------------------------------------- listing
@pytest.fixture
def spread(led):
    """Six tickets across communities, grids, categories, statuses and years."""
    a = open_one(led, "路灯损坏", category="基础设施", location="建设路12号")
    b = open_one(led, "楼道堆放杂物", grid="北城第二网格", category="环境卫生", reported="2016-04-11")
    c = open_one(
        led, "违章停车", community="东门社区", grid="东门第一网格", category="交通", reported="2016-05-20"
    )
    d = open_one(led, "井盖缺失", reported="2015-09-01", category="基础设施")
    e = open_one(led, "消防通道堵塞", reported="2016-06-01", category="消防")
    f = open_one(led, "噪音扰民", reported="2016-06-02")
    walk_to(led, a, "closed")
    led.tickets.assign_ticket(
        b, unit="乐清市综合行政执法局", deadline="2016-05-01", on="2016-04-12", today=TODAY
    )
    led.tickets.assign_ticket(c, unit="乐清市统计局", deadline="2016-07-03", on="2016-05-21", today=TODAY)
    led.tickets.reject_ticket(d, reason="重复上报", on="2015-09-05", today=TODAY)
    led.tickets.assign_ticket(e, unit="乐清市统计局", deadline="2016-06-10", on="2016-06-02", today=TODAY)
    led.tickets.start_ticket(e, on="2016-06-03", today=TODAY)
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f}


def test_list_filters(led, spread):
    L = lambda **kw: numbers(led.tickets.list_tickets(today=TODAY, **kw))  # noqa: E731
    assert L() == [
        "BC-2015-00001",
        "BC-2016-00001",
        "BC-2016-00002",
        "BC-2016-00003",
        "BC-2016-00004",
        "DM-2016-00001",
    ]
    assert L(community="东门") == ["DM-2016-00001"]
    assert L(grid="北城第二网格") == ["BC-2016-00002"]
    assert L(grid="东门第一") == ["DM-2016-00001"]  # an unambiguous fragment
    with pytest.raises(Ambiguous) as info:
        L(grid="第一网格")
    assert str(info.value) == "“第一网格”对应多个网格：北城社区北城第一网格、东门社区东门第一网格"
    assert L(grid="第一网格", community="BC") == [
        "BC-2015-00001",
        "BC-2016-00001",
        "BC-2016-00003",
        "BC-2016-00004",
    ]
    assert L(category="设施") == ["BC-2015-00001", "BC-2016-00001"]
    assert L(category=["环境卫生", "交通出行"]) == ["BC-2016-00002", "DM-2016-00001"]
    assert L(status=["已分派", "in_progress"]) == ["BC-2016-00002", "BC-2016-00003", "DM-2016-00001"]
    assert L(unit="统计局") == ["BC-2016-00001", "BC-2016-00003", "DM-2016-00001"]
    assert L(overdue=True) == ["BC-2016-00002", "BC-2016-00003"]
    assert L(year=2015) == ["BC-2015-00001"]
    assert L(date_from="2016-04", date_to="2016-05") == ["BC-2016-00002", "DM-2016-00001"]
    assert L(date_from="2016-06-02") == ["BC-2016-00004"]
    with pytest.raises(InvalidValue):
        L(status="完结")


def test_list_rows_carry_the_json_keys(led, spread):
    row = led.tickets.list_tickets(today=TODAY, community="BC", status="closed")[0]
    assert {k: row[k] for k in LIST_KEYS} == {
        "number": "BC-2016-00001",
        "community": "北城社区",
        "grid": "北城第一网格",
        "category": "infrastructure",
        "title": "路灯损坏",
        "location": "建设路12号",
        "status": "closed",
        "assignee": "乐清市统计局",
        "deadline": "2016-04-30",
        "reported_on": "2016-03-05",
        "closed_on": "2016-04-06",
        "overdue": False,
    }


def test_overdue_and_due_soon_by_assignee(led, spread):
    from gongjian.tickets.tickets import overdue_by_assignee

    rows = led.tickets.overdue_tickets(today=TODAY)
    assert [(r["assignee"], r["number"], r["days_overdue"], r["overdue"]) for r in rows] == [
        ("乐清市统计局", "BC-2016-00003", 20, True),
        ("乐清市统计局", "DM-2016-00001", -3, False),
        ("乐清市综合行政执法局", "BC-2016-00002", 60, True),
    ]
    assert [r["number"] for r in led.tickets.overdue_tickets(days_left=2, today=TODAY)] == [
        "BC-2016-00003",
        "BC-2016-00002",
    ]
    assert [r["number"] for r in led.tickets.overdue_tickets(unit="执法局", today=TODAY)] == ["BC-2016-00002"]
    assert overdue_by_assignee(rows) == [
        {"assignee": "乐清市统计局", "overdue": 1, "due_soon": 1, "max_days_overdue": 20},
        {"assignee": "乐清市综合行政执法局", "overdue": 1, "due_soon": 0, "max_days_overdue": 60},
    ]


# ------------------------------------------------------------------------------------------- bulk moves
def test_bulk_assign_checks_without_writing_then_applies_in_one_audit_entry(led):
    for i in range(30):
        open_one(led, f"路灯损坏{i}", reported=f"2016-03-{i % 28 + 1:02d}")
    walk_to(led, "BC-2016-00001", "assigned")
    commands = led.store.scalar("SELECT count(*) FROM audit_commands")
    preview = led.tickets.assign_tickets(
        {"community": "BC"}, unit="财政局", deadline="2016-06-30", on="2016-05-01", apply=False, today=TODAY
    )
    assert preview == {
        "count": 29,
        "skipped": 1,
        "unit": "乐清市财政局",
        "deadline": "2016-06-30",
        "on": "2016-05-01",
    }
    assert led.store.scalar("SELECT count(*) FROM audit_commands") == commands
    assert led.store.scalar("SELECT count(*) FROM tickets WHERE status = 'open'") == 29
    done = led.tickets.assign_tickets(
        {"community": "BC"}, unit="财政局", deadline="+60d", on="2016-05-01", today=TODAY
    )
    assert done["count"] == 29 and done["deadline"] == "2016-06-30"
    assert led.store.scalar("SELECT count(*) FROM audit_commands") == commands + 1
    assert led.store.scalar("SELECT command FROM audit_commands ORDER BY id DESC LIMIT 1") == "ticket assign"
    assert (
        led.store.scalar("SELECT count(*) FROM tickets WHERE status = 'assigned' AND deadline = '2016-06-30'")
        == 29
    )
    assert (
        led.store.scalar(
            "SELECT count(*) FROM ticket_events WHERE to_status = 'assigned' AND on_date = '2016-05-01'"
        )
        == 29
    )
    # re-assigning in bulk only when the filters ask for assigned tickets
    again = led.tickets.assign_tickets(
        {"status": "assigned", "unit": "财政局"},
        unit="统计局",
        deadline="2016-07-31",
        on="2016-05-02",
        today=TODAY,
    )
    assert again["count"] == 29
    with pytest.raises(NotFound) as info:
        led.tickets.assign_tickets({"community": "BC"}, unit="财政局", deadline="2016-06-30", today=TODAY)
    assert str(info.value) == "没有符合条件、可以分派的问题"


def test_bulk_refuses_a_date_before_a_ticket_was_found(led):
    open_one(led, reported="2016-03-05")
    open_one(led, reported="2016-05-10")
    with pytest.raises(InvalidValue) as info:
        led.tickets.assign_tickets(
            {"year": 2016}, unit="统计局", deadline="2016-06-30", on="2016-04-01", today=TODAY
        )
    assert str(info.value) == (
        "有 1 个问题的发现日期或上一步处理日期晚于 2016-04-01（如 BC-2016-00002：2016-05-10），台账未改动"
    )
    assert led.store.scalar("SELECT count(*) FROM tickets WHERE status = 'open'") == 2
    with pytest.raises(InvalidValue) as info:
        led.tickets.assign_tickets({}, unit="统计局", deadline="2016-06-30", today=TODAY)
    assert str(info.value) == "请给出问题编号，或用 --community、--status 等筛选条件选择要批量处理的问题"


def test_bulk_close_only_resolved_ones(led, spread):
    for title in ("垃圾清运不及时", "小广告乱贴乱画"):
        number = open_one(led, title, reported="2016-03-06")
        walk_to(led, number, "resolved")
    result = led.tickets.close_tickets(
        {"community": "北城社区"}, verifier="林海", on="2016-06-28", today=TODAY
    )
    assert (result["count"], result["skipped"]) == (2, 5)
    assert (
        led.store.scalar(
            "SELECT count(*) FROM tickets WHERE status = 'closed' AND verifier = '林海' "
            "AND closed_on = '2016-06-28'"
        )
        == 2
    )
    assert (
        led.store.scalar("SELECT count(*) FROM ticket_events WHERE to_status = 'closed' AND note = '林海'")
        == 2
    )


# ------------------------------------------------------------------------------------------- figures
def test_figures_by_every_grouping(led, spread):
    base = {
        "key",
        "label",
        "found",
        "closed",
        "rejected",
        "open",
        "overdue",
        "closure_rate",
        "median_days_to_close",
        "promised",
        "kept",
        "promise_share",
    }
    total = led.tickets.ticket_figures(by="all", today=TODAY)
    assert total == [
        {
            "key": None,
            "label": "合计",
            "found": 6,
            "closed": 1,
            "rejected": 1,
            "open": 4,
            "overdue": 2,
            "closure_rate": 0.2,
            "median_days_to_close": 32.0,
            "promised": 0,  # no source of these is promised
            "kept": 0,
            "promise_share": None,
        }
    ]
    by_community = led.tickets.ticket_figures(by="community", today=TODAY)
    assert [
        (r["key"], r["label"], r["found"], r["closed"], r["rejected"], r["open"], r["overdue"])
        for r in by_community
    ] == [("BC", "北城社区", 5, 1, 1, 3, 2), ("DM", "东门社区", 1, 0, 0, 1, 0)]
    assert by_community[1]["closure_rate"] == 0.0 and by_community[1]["median_days_to_close"] is None
    assert set(by_community[0]) == base
    by_unit = led.tickets.ticket_figures(by="unit", today=TODAY)
    stat = led.roster.unit("统计局")["id"]
    assert [(r["key"], r["label"], r["found"], r["closed"]) for r in by_unit] == [
        (stat, "乐清市统计局", 3, 1),
        (led.roster.unit("执法局")["id"], "乐清市综合行政执法局", 1, 0),
        (None, None, 2, 0),
    ]
    by_category = led.tickets.ticket_figures(by="category", today=TODAY)
    assert [(r["key"], r["label"], r["found"]) for r in by_category] == [
        ("infrastructure", "基础设施", 2),
        ("sanitation", "环境卫生", 1),
        ("traffic", "交通出行", 1),
        ("security", "治安", 1),
        ("other", "其他", 1),
    ]
    assert [(r["key"], r["found"]) for r in led.tickets.ticket_figures(by="month", today=TODAY)] == [
        ("2015-09", 1),
        ("2016-03", 1),
        ("2016-04", 1),
        ("2016-05", 1),
        ("2016-06", 2),
    ]
    grids = led.tickets.ticket_figures(by="grid", today=TODAY)
    assert [(r["community"], r["label"], r["found"]) for r in grids] == [
        ("东门社区", "东门第一网格", 1),
        ("北城社区", "北城第一网格", 4),
        ("北城社区", "北城第二网格", 1),
    ]
    with pytest.raises(InvalidValue):
        led.tickets.ticket_figures(by="street", today=TODAY)


def test_figures_for_a_year_count_closures_inside_it(led):
    a = open_one(led, "路灯损坏", reported="2015-11-02")
    b = open_one(led, "井盖缺失", reported="2015-12-01")
    c = open_one(led, "违章停车", reported="2015-12-10")
    for number, closed_on in ((a, "2015-11-30"), (b, "2016-01-15")):
        led.tickets.assign_ticket(
            number,
            unit="统计局",
            deadline="2015-12-20",
            on="2015-12-01" if number == b else "2015-11-03",
            today=TODAY,
        )
        led.tickets.start_ticket(number, on=closed_on, today=TODAY)
        led.tickets.resolve_ticket(number, resolution="已修复", on=closed_on, today=TODAY)
        led.tickets.close_ticket(number, verifier="张晓京", on=closed_on, today=TODAY)
    led.tickets.reject_ticket(c, reason="重复上报", on="2015-12-11", today=TODAY)
    (y2015,) = led.tickets.ticket_figures(by="all", year=2015, today=TODAY)
    # b was closed only in 2016: at the end of 2015 it was still open, and past its deadline
    assert (y2015["found"], y2015["closed"], y2015["rejected"], y2015["open"], y2015["overdue"]) == (
        3,
        1,
        1,
        1,
        1,
    )
    assert y2015["closure_rate"] == 0.5 and y2015["median_days_to_close"] == 28.0
    (whole,) = led.tickets.ticket_figures(by="all", today=TODAY)
    assert (whole["closed"], whole["open"], whole["overdue"], whole["closure_rate"]) == (2, 0, 0, 1.0)
    assert whole["median_days_to_close"] == 36.5
    (q4,) = led.tickets.ticket_figures(by="all", date_from="2015-12", date_to="2015-12", today=TODAY)
    assert (q4["found"], q4["closed"], q4["open"], q4["closure_rate"]) == (2, 0, 1, 0.0)
    (none,) = led.tickets.ticket_figures(by="all", year=2016, today=TODAY)
    assert none["found"] == 0 and none["closure_rate"] is None
    # c was found on the 10th and set aside (不予处理) on the 11th: on the 10th it is still open
    (on_the_10th,) = led.tickets.ticket_figures(
        by="all", date_from="2015-12-10", date_to="2015-12-10", today=TODAY
    )
    assert (on_the_10th["open"], on_the_10th["rejected"], on_the_10th["closure_rate"]) == (1, 0, 0.0)
    only_rejected = led.tickets.ticket_figures(
        by="all", date_from="2015-12-10", date_to="2015-12-11", today=TODAY
    )
    assert only_rejected[0]["closure_rate"] is None
    assert led.tickets.ticket_figures(by="community", year=2016, today=TODAY) == []


# ------------------------------------------------------------------------------------------- finalised years
def test_a_finalised_year_refuses_new_tickets_but_not_moves(led):
    number = open_one(led, reported="2015-10-10")
    with led.store.write("assess finalize"):
        led.store.conn.execute(
            "INSERT INTO assessment_years (year, finalized_at) VALUES (2015, '2016-01-20T00:00:00Z')"
        )
    with pytest.raises(YearFinalized):
        open_one(led, "井盖缺失", reported="2015-12-01")
    walk_to(led, number, "closed")
    assert led.tickets.ticket(number)["status"] == "closed"
    assert open_one(led, "井盖缺失", reported="2016-01-05") == "BC-2016-00001"
