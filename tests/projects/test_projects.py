"""Contract projects and joint meetings, through the CLI and the Ledger API.

Needs and resources, the open-hall claim rule (PRODUCT §2), co-claims and bids, task sheets, completion and
residents' rating, the match table, the rotating chair, attendance figures and the import kinds.
"""

from __future__ import annotations

from datetime import date

import pytest
from projects_support import build_town, count, import_row, js, refused

from gongjian.errors import Conflict, InvalidValue, NotFound, ValidationFailed
from gongjian.reading.specs import ImportContext


@pytest.fixture
def town(db, cli):
    """The small roster of `build_town`, with a CLI runner bound to it."""
    build_town(db)
    return cli


@pytest.fixture
def listed(town):
    """Project #1 新建居民晾晒场 in 北城社区, listed 2016-04-01, claim deadline 2016-04-30, budget 5万元."""
    assert (
        town(
            "need",
            "add",
            "BC",
            "老旧小区缺少居民晾晒场地",
            "--category",
            "场地",
            "--source",
            "居民代表议事",
            "--raised",
            "2016年3月5日",
        ).exit_code
        == 0
    )
    r = town(
        "project",
        "add",
        "BC",
        "新建居民晾晒场",
        "--need",
        "晾晒场地",
        "--budget",
        "5万元",
        "--listed",
        "2016-04-01",
        "--deadline",
        "2016-04-30",
        "--due",
        "2016-09-30",
    )
    assert r.exit_code == 0, r.stderr
    return town


# ---------------------------------------------------------------------------- needs and resources


def test_need_add_list_and_duplicate(town, db):
    r = town(
        "need",
        "add",
        "北城",
        "老年人慢性病缺少定期随访",
        "--category",
        "医疗",
        "--source",
        "网格走访",
        "--raised",
        "2016/3/2",
    )
    assert r.exit_code == 0
    assert r.stdout == "已登记需求 #1：北城社区 — 老年人慢性病缺少定期随访（医疗健康）\n"
    rows = js(town("need", "list", "--format", "json"))
    assert rows == [
        {
            "id": 1,
            "community_code": "BC",
            "community": "北城社区",
            "category": "health",
            "text": "老年人慢性病缺少定期随访",
            "source": "网格走访",
            "raised_on": "2016-03-02",
            "status": "open",
            "projects": None,
        }
    ]
    refused(
        town("need", "add", "BC", "老年人慢性病缺少定期随访"),
        "北城社区已登记过这条需求（#1）：老年人慢性病缺少定期随访",
    )
    r = town("need", "add", "BC", "路灯不亮", "--category", "外星类")
    assert r.exit_code == 1 and "需求/资源类别无效：外星类" in r.stderr
    assert count(db, "needs") == 1


def test_resource_add_and_list_by_community(town):
    r = town(
        "resource",
        "add",
        "人民医院",
        "每月一次专家义诊进社区",
        "--category",
        "医疗健康",
        "--capacity",
        "每月1次",
    )
    assert r.stdout == "已登记资源 #1：乐清市人民医院 — 每月一次专家义诊进社区（医疗健康）\n"
    assert town("resource", "add", "正泰", "职工活动中心周末开放", "--category", "场地").exit_code == 0
    refused(
        town("resource", "add", "正泰", "职工活动中心周末开放"),
        "正泰集团股份有限公司已登记过这项资源（#2）：职工活动中心周末开放",
    )
    rows = js(town("resource", "list", "--community", "BC", "--format", "json"))
    assert [(r["unit"], r["category"], r["capacity"], r["communities"]) for r in rows] == [
        ("乐清市人民医院", "health", "每月1次", "北城社区")
    ]
    csv_out = town("resource", "list", "--format", "csv").stdout.splitlines()
    assert csv_out[0] == "id,unit,category,text,capacity,communities"
    assert len(csv_out) == 3


# ---------------------------------------------------------------------------- listing projects


def test_project_add_defaults_the_claim_deadline_and_keeps_fen(town):
    r = town(
        "project",
        "add",
        "BC",
        "健康小屋免费体检",
        "--category",
        "医疗健康",
        "--budget",
        "¥12,000.50",
        "--listed",
        "2016-05-10",
    )
    assert r.stdout == (
        "已发布项目 #1：北城社区 — 健康小屋免费体检，预算 12,000.50 元；"
        "2016-06-09 前仅限结对单位认领，逾期无人认领进入领办大厅\n"
    )
    row = js(town("project", "list", "--format", "json"))[0]
    assert (row["budget_fen"], row["claim_deadline"], row["status"], row["year"]) == (
        1200050,
        "2016-06-09",
        "listed",
        2016,
    )
    refused(town("project", "add", "BC", "健康小屋免费体检"), "北城社区已有项目“健康小屋免费体检”（#1）")
    refused(
        town("project", "add", "BC", "晾晒场", "--listed", "2016-05-10", "--deadline", "2016-05-01"),
        "认领截止日期 2016-05-01 早于发布日期 2016-05-10",
    )
    refused(town("project", "add", "DM", "照明改造", "--need", "不存在的需求"), "找不到需求：不存在的需求")


def test_project_takes_its_needs_category(listed):
    row = js(listed("project", "show", "1", "--format", "json"))
    assert (row["category"], row["need"], row["budget_fen"]) == (
        "venue",
        "老旧小区缺少居民晾晒场地",
        5_000_000,
    )


# ---------------------------------------------------------------------------- the open hall rule


def test_before_the_deadline_only_paired_units_may_claim(listed, db):
    refused(
        listed("project", "claim", "晾晒场", "正泰", "--on", "2016-04-10"),
        "认领截止日 2016-04-30 前，项目“新建居民晾晒场”只能由北城社区的结对单位认领，正泰集团股份有限公司 "
        "未与该社区结对；截止后仍无人认领的，项目进入领办大厅，任何单位均可认领",
    )
    # a unit paired with another community is no better placed
    assert listed("project", "claim", "晾晒场", "财政局", "--on", "2016-04-30").exit_code == 1
    assert count(db, "project_claims") == 0
    r = listed("project", "claim", "晾晒场", "统计局", "--on", "2016-04-30")  # the deadline day still counts
    assert r.stdout == "乐清市统计局 已认领项目 #1“新建居民晾晒场”（认领，2016-04-30）\n"
    row = js(listed("project", "list", "--format", "json"))[0]
    assert (row["status"], row["claimants"], row["via_hall"], row["in_hall"]) == (
        "claimed",
        ["乐清市统计局"],
        False,
        False,
    )
    # the window is over: nobody joins a project claimed in time
    refused(
        listed("project", "claim", "晾晒场", "人民医院", "--on", "2016-05-02"),
        "项目“新建居民晾晒场”已在认领截止日 2016-04-30 前由 乐清市统计局 认领，认领期已过，不能再加入",
    )


def test_an_unclaimed_project_moves_to_the_open_hall_where_any_unit_may_claim(listed):
    assert js(listed("project", "list", "--hall", "--on", "2016-04-30", "--format", "json")) == []
    hall = js(listed("project", "list", "--hall", "--on", "2016-05-01", "--format", "json"))
    assert [(p["id"], p["in_hall"]) for p in hall] == [(1, True)]
    text = listed("project", "list", "--hall", "--on", "2016-05-01").stdout
    assert text.startswith("领办大厅：认领截止已过、尚无单位认领，任何单位均可认领\n")
    r = listed("project", "claim", "1", "正泰集团股份有限公司", "乐清市财政局", "--on", "2016-05-03")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines() == [
        "正泰集团股份有限公司 已认领项目 #1“新建居民晾晒场”（领办大厅认领，2016-05-03）",
        "乐清市财政局 已认领项目 #1“新建居民晾晒场”（领办大厅认领，2016-05-03）",
    ]
    assert js(listed("project", "list", "--hall", "--on", "2016-05-03", "--format", "json")) == []
    # a hall project stays open to further hall claims, paired units included, until it is done
    assert listed("project", "claim", "1", "乐清市司法局", "--on", "2016-05-20").exit_code == 0
    claims = js(listed("project", "show", "1", "--format", "json"))["claims"]
    assert [(c["unit"], c["how"], c["claimed_on"], c["via_hall"]) for c in claims] == [
        ("正泰集团股份有限公司", "claim", "2016-05-03", 1),
        ("乐清市财政局", "claim", "2016-05-03", 1),
        ("乐清市司法局", "claim", "2016-05-20", 1),
    ]


def test_co_claims_bids_and_refused_claims(listed, db):
    r = listed("project", "claim", "晾晒场", "统计局", "人民医院", "--on", "2016-04-12")
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 2
    r = listed("project", "claim", "晾晒场", "司法局", "--bid", "2.5万元", "--on", "2016-04-15")
    assert r.stdout == "乐清市司法局 已认领项目 #1“新建居民晾晒场”（竞拍出价 25,000.00 元，2016-04-15）\n"
    refused(
        listed("project", "claim", "晾晒场", "统计局", "--on", "2016-04-20"),
        "乐清市统计局 已于 2016-04-12 认领项目“新建居民晾晒场”",
    )
    refused(
        listed("project", "claim", "晾晒场", "统计局", "人民医院", "--bid", "1万"),
        "几个单位联合竞拍：请用 --share 单位=金额 写明每个单位的份额（合计等于出价）",
    )
    refused(
        listed("project", "claim", "晾晒场", "司法局", "--bid", "很多钱"),
        "金额无效：很多钱（应为不小于0、最多精确到分的金额，如 1200、¥1,200.50、3万元）",
    )
    row = js(listed("project", "list", "--format", "json"))[0]
    assert row["claimants"] == ["乐清市统计局", "乐清市人民医院", "乐清市司法局"]
    assert (row["bid_fen"], row["via_hall"]) == (2_500_000, False)
    claims = js(listed("project", "show", "晾晒场", "--format", "json"))["claims"]
    assert [(c["how"], c["bid_fen"]) for c in claims] == [
        ("claim", None),
        ("claim", None),
        ("bid", 2_500_000),
    ]
    assert count(db, "project_claims") == 3


def test_a_claim_before_listing_or_on_a_closed_project_is_refused(listed):
    refused(
        listed("project", "claim", "晾晒场", "统计局", "--on", "2016-03-31"),
        "认领日期 2016-03-31 早于项目“新建居民晾晒场”的发布日期 2016-04-01",
    )
    assert (
        listed("project", "cancel", "晾晒场", "--reason", "资金未落实").stdout
        == "项目 #1“新建居民晾晒场”已取消\n"
    )
    refused(
        listed("project", "claim", "晾晒场", "统计局", "--on", "2016-04-05"),
        "项目“新建居民晾晒场”已取消，不能再认领",
    )
    assert js(listed("project", "show", "1", "--format", "json"))["note"] == "资金未落实"


# ---------------------------------------------------------------------------- tasks, done, rating


def test_task_sheet_completion_and_residents_rating(listed, db):
    refused(
        listed("project", "done", "晾晒场", "--on", "2016-05-01"),
        "项目“新建居民晾晒场”还没有单位认领，不能办结；请先用 gongjian project claim 登记认领单位",
    )
    assert listed("project", "claim", "晾晒场", "统计局", "--on", "2016-04-10").exit_code == 0
    refused(
        listed("project", "task", "add", "晾晒场", "选址", "--unit", "人民医院"),
        "乐清市人民医院 没有认领项目“新建居民晾晒场”，不能作为任务的责任单位",
    )
    r = listed(
        "project",
        "task",
        "add",
        "晾晒场",
        "现场踏勘与选址",
        "--owner",
        "张晓京",
        "--unit",
        "统计局",
        "--due",
        "2016-05-20",
    )
    assert r.stdout == "已为项目 #1“新建居民晾晒场”添加任务 #1：现场踏勘与选址\n"
    assert (
        listed(
            "project", "task", "add", "晾晒场", "组织施工", "--owner", "林海", "--due", "2016-08-31"
        ).exit_code
        == 0
    )
    refused(listed("project", "task", "add", "晾晒场", "组织施工"), "项目“新建居民晾晒场”已有任务“组织施工”")
    refused(
        listed("project", "done", "晾晒场", "--on", "2016-06-01"),
        "项目“新建居民晾晒场”还有 2 项任务未完成：现场踏勘与选址、组织施工；请先用 gongjian project task done 逐项完成",
    )
    r = listed("project", "task", "done", "晾晒场", "选址", "--on", "2016-05-18")
    assert r.stdout == "任务 #1“现场踏勘与选址”已完成（2016-05-18）；该项目还有 1 项任务未完成\n"
    refused(
        listed("project", "task", "done", "晾晒场", "1", "--on", "2016-05-19"),
        "任务“现场踏勘与选址”已于 2016-05-18 完成",
    )
    refused(
        listed("project", "rate", "晾晒场", "--satisfied", "30"),
        "项目“新建居民晾晒场”已认领，办结后才能由居民代表评议",
    )
    r = listed("project", "task", "done", "晾晒场", "施工", "--on", "2016-08-20")
    assert r.stdout == (
        "任务 #2“组织施工”已完成（2016-08-20）；任务已全部完成，可运行 gongjian project done 1 办结项目\n"
    )
    refused(
        listed("project", "done", "晾晒场", "--on", "2016-04-01"),
        "办结日期 2016-04-01 早于认领日期 2016-04-10",
    )
    r = listed("project", "done", "晾晒场", "--on", "2016-08-25")
    assert (
        r.stdout
        == "项目 #1“新建居民晾晒场”已办结（2016-08-25）\n对应需求“老旧小区缺少居民晾晒场地”已标记为已解决\n"
    )
    refused(listed("project", "done", "晾晒场"), "项目“新建居民晾晒场”已于 2016-08-25 办结")
    refused(
        listed("project", "task", "add", "晾晒场", "回访"), "项目“新建居民晾晒场”已完成，任务书不能再修改"
    )
    refused(
        listed("project", "rate", "晾晒场"), "请至少填写一类评议票数（--satisfied、--basic、--unsatisfied）"
    )
    refused(listed("project", "rate", "晾晒场", "--satisfied", "-3"), "数量无效：-3（应为不小于0的整数）")
    refused(
        listed("project", "rate", "晾晒场", "--satisfied", "3", "--on", "2016-08-01"),
        "评议日期 2016-08-01 早于办结日期 2016-08-25",
    )
    r = listed(
        "project",
        "rate",
        "晾晒场",
        "--satisfied",
        "32",
        "--basic",
        "6",
        "--unsatisfied",
        "2",
        "--on",
        "2016-09-05",
    )
    assert r.stdout == (
        "已记录项目 #1“新建居民晾晒场”的居民代表评议：满意 32、基本满意 6、不满意 2，满意率 95.0%\n"
    )
    refused(listed("project", "cancel", "晾晒场"), "项目“新建居民晾晒场”已于 2016-08-25 办结")
    row = js(listed("project", "show", "1", "--format", "json"))
    assert (
        row["status"],
        row["done_on"],
        row["satisfied"],
        row["basically_satisfied"],
        row["unsatisfied"],
        row["satisfaction"],
        row["rated_on"],
    ) == ("done", "2016-08-25", 32, 6, 2, 0.95, "2016-09-05")
    assert [(t["title"], t["owner"], t["unit"], t["due"], t["done_on"]) for t in row["task_sheet"]] == [
        ("现场踏勘与选址", "张晓京", "乐清市统计局", "2016-05-20", "2016-05-18"),
        ("组织施工", "林海", None, "2016-08-31", "2016-08-20"),
    ]
    assert (
        js(listed("need", "list", "--status", "已解决", "--format", "json"))[0]["projects"]
        == "新建居民晾晒场"
    )
    table = listed("project", "show", "1").stdout
    assert "任务书" in table and "95.0%" in table and "2/2" in table


def test_project_list_filters_and_csv(listed):
    assert (
        listed(
            "project",
            "add",
            "DM",
            "楼道照明改造",
            "--category",
            "资金",
            "--budget",
            "30000",
            "--listed",
            "2015-06-01",
        ).exit_code
        == 0
    )
    assert listed("project", "claim", "照明改造", "财政局", "--on", "2015-06-10").exit_code == 0
    both = js(listed("project", "list", "--format", "json"))
    assert [p["title"] for p in both] == ["楼道照明改造", "新建居民晾晒场"]
    assert [p["title"] for p in js(listed("project", "list", "--year", "2016", "--format", "json"))] == [
        "新建居民晾晒场"
    ]
    assert [p["title"] for p in js(listed("project", "list", "--status", "已认领", "--format", "json"))] == [
        "楼道照明改造"
    ]
    assert [p["title"] for p in js(listed("project", "list", "--unit", "财政局", "--format", "json"))] == [
        "楼道照明改造"
    ]
    assert [p["title"] for p in js(listed("project", "list", "-c", "BC", "--format", "json"))] == [
        "新建居民晾晒场"
    ]
    header = listed("project", "list", "--format", "csv").stdout.splitlines()[0].split(",")
    assert header[:8] == [
        "id",
        "community_code",
        "community",
        "title",
        "need_id",
        "need",
        "category",
        "budget_fen",
    ]
    assert "claims_text" not in header and "progress" not in header
    refused(listed("project", "show", "不存在"), "找不到项目：不存在")


def test_ambiguous_project_titles_list_their_communities(listed):
    assert listed("project", "add", "DM", "新建居民晾晒场二期", "--listed", "2016-05-01").exit_code == 0
    refused(
        listed("project", "show", "晾晒场"),
        "“晾晒场”对应多个项目：#1 新建居民晾晒场（北城社区）、#2 新建居民晾晒场二期（东门社区）",
    )


# ---------------------------------------------------------------------------- 群众出题、共建单位解题


def test_match_lists_paired_units_first(town):
    for unit, text in [
        ("正泰", "职工活动中心周末开放"),
        ("司法局", "机关会议室周末开放"),
        ("统计局", "会议室借用"),
    ]:
        assert town("resource", "add", unit, text, "--category", "场地").exit_code == 0
    assert town("resource", "add", "人民医院", "专家义诊", "--category", "医疗健康").exit_code == 0
    assert (
        town(
            "need", "add", "BC", "居家养老缺少活动场地", "--category", "场地", "--raised", "2016-01-05"
        ).exit_code
        == 0
    )
    assert (
        town("need", "add", "BC", "缺少就业岗位", "--category", "就业", "--raised", "2016-01-06").exit_code
        == 0
    )
    assert (
        town(
            "need", "add", "BC", "测血压不方便", "--category", "医疗健康", "--raised", "2016-01-07"
        ).exit_code
        == 0
    )
    # a need that already has a live project shows once, as the project
    assert (
        town("project", "add", "BC", "健康小屋", "--need", "测血压", "--listed", "2016-02-01").exit_code == 0
    )
    rows = js(town("project", "match", "--community", "BC", "--on", "2016-02-10", "--format", "json"))
    assert [(r["kind"], r["title"], r["paired_units"], r["other_units"]) for r in rows] == [
        ("need", "居家养老缺少活动场地", ["乐清市统计局", "乐清市司法局"], ["正泰集团股份有限公司"]),
        ("need", "缺少就业岗位", [], []),
        ("project", "健康小屋", ["乐清市人民医院"], []),
    ]
    assert rows[0]["paired_resources"] == ["乐清市统计局：会议室借用", "乐清市司法局：机关会议室周末开放"]
    assert (rows[0]["matches"], rows[2]["in_hall"]) == (3, False)
    table = town("project", "match", "-c", "BC", "--on", "2016-02-10").stdout
    assert table.startswith("群众出题、共建单位解题\n") and "乐清市统计局：会议室借用" in table
    # once the project is claimed it leaves the table; in 东门社区 nothing is open
    assert town("project", "claim", "健康小屋", "人民医院", "--on", "2016-02-11").exit_code == 0
    assert [r["title"] for r in js(town("project", "match", "-c", "BC", "--format", "json"))] == [
        "居家养老缺少活动场地",
        "缺少就业岗位",
    ]
    assert js(town("project", "match", "-c", "DM", "--format", "json")) == []


# ---------------------------------------------------------------------------- joint meetings


def test_english_messages(listed):
    r = listed("--lang", "en", "project", "claim", "晾晒场", "正泰", "--on", "2016-04-10")
    assert r.exit_code == 1
    assert r.stderr.startswith("Until 2016-04-30 only units paired with 北城社区 may claim “新建居民晾晒场”")


# ---------------------------------------------------------------------------- figures for the assessment


def test_project_figures(ledger):
    ledger.roster.add_community(code="BC", name="北城社区")
    ids = {
        name: ledger.roster.add_unit(name=name)["id"]
        for name in ("乐清市统计局", "乐清市人民医院", "正泰集团股份有限公司")
    }
    ledger.roster.add_pairing("BC", "乐清市统计局", lead=True, started="2015-03-01")
    ledger.roster.add_pairing("BC", "乐清市人民医院", started="2015-03-01")
    ledger.projects.add_project(
        community="BC", title="四点半课堂", listed_on="2015-11-20", claim_deadline="2015-12-20"
    )
    ledger.projects.add_project(
        community="BC", title="健康小屋", listed_on="2016-03-01", claim_deadline="2016-03-31"
    )
    ledger.projects.add_project(
        community="BC", title="晾晒场", listed_on="2016-03-01", claim_deadline="2016-03-31"
    )
    ledger.projects.add_project(
        community="BC", title="楼道照明", listed_on="2016-03-01", claim_deadline="2016-03-31"
    )
    ledger.projects.claim_project("四点半课堂", ["乐清市统计局"], on="2015-12-01")
    ledger.projects.claim_project("健康小屋", ["乐清市人民医院"], bid="1.5万", on="2016-03-15")
    ledger.projects.claim_project("晾晒场", ["正泰集团股份有限公司", "乐清市统计局"], on="2016-04-02")
    ledger.projects.claim_project("楼道照明", ["乐清市统计局"], on="2016-03-20")
    ledger.projects.cancel_project("楼道照明", reason="并入市级改造")
    ledger.projects.finish_project("四点半课堂", on="2016-01-15")
    ledger.projects.finish_project("健康小屋", on="2016-06-01")
    figures = ledger.projects.project_figures(2016)
    assert figures[ids["乐清市统计局"]] == {
        "claimed": 1,
        "via_hall": 1,
        "bids": 0,
        "bid_fen": 0,
        "share_fen": 0,
        "done": 1,
    }
    assert figures[ids["乐清市人民医院"]] == {
        "claimed": 1,
        "via_hall": 0,
        "bids": 1,
        "bid_fen": 1_500_000,
        "share_fen": 1_500_000,  # a bid by one unit is all its own
        "done": 1,
    }
    assert figures[ids["正泰集团股份有限公司"]] == {
        "claimed": 1,
        "via_hall": 1,
        "bids": 0,
        "bid_fen": 0,
        "share_fen": 0,
        "done": 0,
    }
    assert ledger.projects.project_figures(2015)[ids["乐清市统计局"]]["claimed"] == 1


# ---------------------------------------------------------------------------- the Ledger API and imports


def test_api_refusals_are_typed(ledger):
    ledger.roster.add_community(code="BC", name="北城社区")
    ledger.roster.add_unit(name="乐清市统计局")
    with pytest.raises(ValidationFailed):
        ledger.needs.add_need(community="BC", text="  ")
    with pytest.raises(NotFound):
        ledger.needs.add_resource(unit="不存在的单位", text="会议室")
    ledger.projects.add_project(community="BC", title="晾晒场", listed_on="2016-04-01")
    with pytest.raises(Conflict) as exc:
        ledger.projects.claim_project("晾晒场", ["乐清市统计局"], on="2016-04-02")
    assert exc.value.key == "pj_claim_paired_only"
    with pytest.raises(InvalidValue):
        ledger.projects.claim_project("晾晒场", [], on="2016-04-02")
    assert ledger.projects.list_projects()[0]["status"] == "listed"


def test_import_needs_and_resources_are_idempotent(ledger):
    ledger.roster.add_community(code="BC", name="北城社区")
    ledger.roster.add_unit(name="乐清市人民医院")
    ctx = ImportContext(today=date(2016, 5, 1))
    need = {
        "community": "北城社区",
        "text": "老年人慢性病缺少定期随访",
        "category": "医疗",
        "source": "网格走访",
        "raised_on": "2016/3/2",
    }
    assert import_row(ledger, "needs", need, ctx) == "inserted"
    assert import_row(ledger, "needs", need, ctx) == "unchanged"
    assert import_row(ledger, "needs", {**need, "source": "居民代表议事"}, ctx) == "updated"
    # a sheet without a status column never reopens a met need
    ledger.store.conn.execute("UPDATE needs SET status = 'met'")
    assert (
        import_row(ledger, "needs", {"community": "BC", "text": "老年人慢性病缺少定期随访"}, ctx)
        == "unchanged"
    )
    assert ledger.needs.list_needs()[0]["status"] == "met"
    resource = {
        "unit": "乐清市人民医院（盖章）",
        "text": "每月一次专家义诊进社区",
        "category": "医疗健康",
        "capacity": "每月1次",
    }
    assert import_row(ledger, "resources", resource, ctx) == "inserted"
    assert import_row(ledger, "resources", resource, ctx) == "unchanged"
    assert import_row(ledger, "resources", {**resource, "capacity": "每月2次"}, ctx) == "updated"
    assert [r["capacity"] for r in ledger.needs.list_resources()] == ["每月2次"]
    with pytest.raises(NotFound) as exc:
        import_row(ledger, "needs", {**need, "community": "西门社区"}, ctx)
    assert exc.value.params["field"] == "community"


def test_import_projects_applies_the_claim_rule(ledger):
    ledger.roster.add_community(code="BC", name="北城社区")
    for name in ("乐清市统计局", "正泰集团股份有限公司"):
        ledger.roster.add_unit(name=name)
    ledger.roster.add_pairing("BC", "乐清市统计局", lead=True, started="2015-03-01")
    ledger.needs.add_need(
        community="BC", text="老旧小区缺少居民晾晒场地", category="场地", raised_on="2016-03-01"
    )
    ctx = ImportContext(today=date(2016, 12, 1))
    row = {
        "community": "北城社区",
        "title": "新建居民晾晒场",
        "need": "晾晒场地",
        "budget": "5万元",
        "listed_on": "2016-04-01",
        "claim_deadline": "2016-04-30",
        "claimants": "乐清市统计局",
        "claimed_on": "2016-04-12",
    }
    assert import_row(ledger, "projects", row, ctx) == "inserted"
    assert import_row(ledger, "projects", row, ctx) == "unchanged"
    project = ledger.projects.list_projects()[0]
    assert (project["category"], project["budget_fen"], project["status"], project["claimants"]) == (
        "venue",
        5_000_000,
        "claimed",
        ["乐清市统计局"],
    )
    assert import_row(ledger, "projects", {**row, "due": "2016-10-31"}, ctx) == "updated"
    with pytest.raises(Conflict) as exc:  # 正泰 is not paired and the claim falls inside the window
        import_row(
            ledger,
            "projects",
            {**row, "title": "健康小屋", "need": None, "claimants": "正泰集团股份有限公司"},
            ctx,
        )
    assert exc.value.params["field"] == "claimants"
    hall = {
        **row,
        "title": "健康小屋",
        "need": None,
        "claimants": "正泰集团股份有限公司",
        "claimed_on": "2016-05-10",
    }
    assert import_row(ledger, "projects", hall, ctx) == "inserted"
    assert ledger.projects.list_projects(unit="正泰集团股份有限公司")[0]["via_hall"] is True
    with pytest.raises(NotFound) as exc:
        import_row(ledger, "projects", {**row, "title": "四点半课堂", "need": "不存在"}, ctx)
    assert exc.value.params["field"] == "need"


# ---------------------------------------------------------------------------- the demo


def test_gongjian_import_needs_resources_and_projects(town, tmp_path):
    needs = tmp_path / "需求清单.csv"
    needs.write_text(
        "2016年北城社区需求清单\n社区,需求内容,类别,需求来源,提出日期\n"
        "北城社区,老旧小区缺少居民晾晒场地,场地,居民代表议事,2016/3/5\n"
        "北城社区,老年人慢性病缺少定期随访,医疗,网格走访,2016年3月8日\n",
        encoding="utf-8-sig",
    )
    resources = tmp_path / "资源清单.csv"
    resources.write_text(
        "单位名称,资源内容,资源类别,规模\n乐清市人民医院（盖章）,每月一次专家义诊进社区,医疗健康,每月1次\n",
        encoding="utf-8",
    )
    projects = tmp_path / "项目.csv"
    projects.write_text(
        "社区,项目名称,对应需求,预算,发布日期,认领截止,认领单位,认领日期\n"
        "北城社区,新建居民晾晒场,晾晒场地,5万元,2016-04-01,2016-04-30,乐清市统计局,2016-04-12\n"
        "北城社区,健康小屋,,1.2万元,2016-04-01,2016-04-30,正泰集团股份有限公司,2016-04-20\n",
        encoding="utf-8",
    )
    r = town("import", "needs", str(needs))
    assert r.exit_code == 0, r.stderr
    assert "新增 2" in r.stdout
    assert "未变 2" in town("import", "needs", str(needs)).stdout
    assert town("import", "resources", str(resources)).exit_code == 0
    r = town("import", "projects", str(projects))  # all or nothing: 正泰 may not claim inside the window
    assert r.exit_code == 1
    assert "认领单位" in r.stdout + r.stderr and "只能由北城社区的结对单位认领" in r.stdout + r.stderr
    assert js(town("project", "list", "--format", "json")) == []
    projects.write_text(
        projects.read_text(encoding="utf-8").replace("2016-04-20", "2016-05-06"), encoding="utf-8"
    )
    assert town("import", "projects", str(projects)).exit_code == 0
    rows = js(town("project", "list", "--format", "json"))
    assert [(p["title"], p["budget_fen"], p["claimants"], p["via_hall"]) for p in rows] == [
        ("新建居民晾晒场", 5_000_000, ["乐清市统计局"], False),
        ("健康小屋", 1_200_000, ["正泰集团股份有限公司"], True),
    ]
    assert js(town("resource", "list", "--format", "json"))[0]["unit"] == "乐清市人民医院"
