"""`gongjian summary`: the cron digest — its figures, its three formats, `--check`, and cron's world."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from gongjian.errors import InvalidValue
from gongjian.ledger import Ledger
from gongjian.reports.digest import digest, window

TODAY = date(2026, 11, 22)
PHONE = "13857712345"
ID_NUMBER = "11010519491231002X"
REPO = Path(__file__).resolve().parents[2]


def ago(days: int, today: date = TODAY) -> str:
    """The ISO date `days` before `today` (negative: after)."""
    return (today - timedelta(days=days)).isoformat()


def populate(ledger: Ledger, today: date = TODAY) -> dict[str, int]:
    """A small 乐清 ledger where every section of the digest has something to say, relative to `today`."""
    ledger.roster.add_community(code="BC", name="北城社区", street="乐成街道", grids="第一网格、第二网格")
    ledger.roster.add_community(code="DS", name="东山社区", street="乐成街道")
    ledger.roster.add_community(code="CN", name="城南社区", street="城南街道")
    for name, kind in [
        ("乐清市统计局", "机关"),
        ("乐清市人民医院", "医院"),
        ("国网乐清市供电公司", "国企"),
        ("乐清市综合行政执法局", "机关"),
        ("乐清市财政局", "机关"),
        ("乐清市实验小学", "学校"),
        ("乐清市义工协会", "社会组织"),
        ("乐清市市场监督管理局", "机关"),
    ]:
        ledger.roster.add_unit(name=name, kind=kind, contact="赵顺招", phone=PHONE)
    ledger.roster.add_pairing("BC", "乐清市统计局", lead=True, started="2015-03-01")
    ledger.roster.add_pairing("BC", "乐清市人民医院", started="2015-03-01")
    ledger.roster.add_pairing("BC", "国网乐清市供电公司", started="2015-03-01")
    ledger.roster.add_pairing("BC", "乐清市综合行政执法局", started="2016-01-10")
    ledger.roster.add_pairing("DS", "乐清市财政局", lead=True, started="2015-03-01")
    ledger.roster.add_pairing("DS", "乐清市实验小学", started="2015-03-01")
    ledger.roster.add_pairing("DS", "国网乐清市供电公司", started="2015-03-01")
    ledger.roster.add_pairing("DS", "乐清市市场监督管理局", started="2016-05-01")  # never any activity
    ledger.roster.add_pairing(
        "CN", "乐清市义工协会", lead=True, started=ago(30, today)
    )  # too new to be "inactive"
    ledger.roster.add_agreement(
        number="BC-2024-001",
        community="BC",
        unit="乐清市统计局",
        signed_on=ago(702, today),
        valid_until=ago(-10, today),
        commitments="节日慰问、环境整治",
    )
    ledger.roster.add_agreement(
        number="BC-2024-002",
        community="BC",
        unit="乐清市人民医院",
        signed_on=ago(702, today),
        valid_until=ago(-60, today),
    )
    ledger.roster.add_agreement(
        number="DS-2024-001",
        community="DS",
        unit="乐清市财政局",
        signed_on=ago(720, today),
        valid_until=ago(-20, today),
    )
    ledger.roster.add_agreement(
        number="DS-2026-001",
        community="DS",
        unit="乐清市财政局",
        signed_on=ago(15, today),
        valid_until=ago(-400, today),
    )  # renews DS-2024-001: that one is not listed
    ledger.roster.add_agreement(
        number="DS-2023-002",
        community="DS",
        unit="乐清市实验小学",
        signed_on=ago(1400, today),
        valid_until=ago(5, today),
    )  # already expired: not "expiring"
    ids = {}
    with ledger.store.write("test"):
        c = {r["code"]: r["id"] for r in ledger.store.rows("SELECT id, code FROM communities")}
        u = {r["name"]: r["id"] for r in ledger.store.rows("SELECT id, name FROM units")}
        grid = ledger.store.scalar("SELECT id FROM grids WHERE name = '第一网格'")

        def activity(
            day: str,
            code: str,
            title: str,
            category: str,
            times: int,
            volunteers: int,
            organisers: list[str],
            participants: list[str] = (),
        ) -> int:
            aid = ledger.store.insert(
                "activities",
                {
                    "date": day,
                    "year": int(day[:4]),
                    "community_id": c[code],
                    "title": title,
                    "category": category,
                    "participant_times": times,
                    "volunteers": volunteers,
                },
            )
            for name in organisers:
                ledger.store.insert(
                    "activity_units", {"activity_id": aid, "unit_id": u[name], "role": "organiser"}
                )
            for name in participants:
                ledger.store.insert(
                    "activity_units", {"activity_id": aid, "unit_id": u[name], "role": "participant"}
                )
            return aid

        ids["festival"] = activity(
            ago(3, today),
            "BC",
            "重阳节敬老慰问",
            "festival",
            120,
            15,
            ["乐清市统计局", "乐清市人民医院"],
            ["乐清市综合行政执法局"],
        )
        activity(ago(1, today), "DS", "垃圾分类宣传进小区", "environment", 80, 10, ["乐清市实验小学"])
        activity(ago(40, today), "DS", "廉政法治讲座", "legal", 60, 0, ["乐清市财政局"])
        activity(ago(200, today), "BC", "安全用电进社区", "lecture", 45, 4, ["国网乐清市供电公司"])
        activity(ago(95, today), "BC", "义诊进社区", "health", 150, 20, ["乐清市综合行政执法局"])
        activity(ago(9, today), "BC", "上周的活动", "other", 30, 2, ["乐清市统计局"])  # before the period

        def fund(day: str, unit: str, code: str, kind: str, fen: int, description: str) -> None:
            ledger.store.insert(
                "contributions",
                {
                    "date": day,
                    "year": int(day[:4]),
                    "unit_id": u[unit],
                    "community_id": c[code],
                    "kind": kind,
                    "amount_fen": fen,
                    "description": description,
                    "activity_id": ids["festival"],
                },
            )

        fund(ago(3, today), "乐清市统计局", "BC", "cash", 1_000_000, "重阳节慰问金")
        fund(ago(3, today), "乐清市人民医院", "BC", "in_kind", 350_050, "500斤糯米")
        fund(ago(2, today), "乐清市实验小学", "DS", "venue", 80_000, "操场借用")  # not money: left out
        fund(ago(20, today), "乐清市财政局", "DS", "cash", 500_000, "上月经费")  # before the period

        def ticket(
            code: str,
            seq: int,
            title: str,
            reported: str,
            status: str,
            *,
            deadline: str | None = None,
            assignee: str | None = None,
            closed_on: str | None = None,
            grid_id: int | None = None,
        ) -> None:
            year = int(reported[:4])
            ledger.store.insert(
                "tickets",
                {
                    "number": f"{code}-{year}-{seq:05d}",
                    "community_id": c[code],
                    "year": year,
                    "seq": seq,
                    "title": title,
                    "reported_on": reported,
                    "status": status,
                    "deadline": deadline,
                    "assignee_id": u[assignee] if assignee else None,
                    "closed_on": closed_on,
                    "grid_id": grid_id,
                    "category": "infrastructure",
                    "verifier": "林海" if status == "closed" else None,
                },
            )

        ticket(
            "BC",
            1,
            "北城路路灯损坏",
            ago(40, today),
            "in_progress",
            deadline=ago(15, today),
            assignee="国网乐清市供电公司",
            grid_id=grid,
        )
        ticket("BC", 2, "楼道堆放杂物", ago(2, today), "open")
        ticket(
            "BC", 3, "垃圾桶破损", ago(30, today), "resolved", deadline=ago(3, today), assignee="乐清市统计局"
        )
        ticket(
            "DS",
            1,
            "人行道破损",
            ago(30, today),
            "closed",
            deadline=ago(10, today),
            assignee="乐清市财政局",
            closed_on=ago(1, today),
        )
        ticket("DS", 2, "违章搭建", ago(60, today), "rejected", deadline=ago(30, today))
        ticket(
            "DS", 3, "井盖缺失", ago(5, today), "assigned", deadline=ago(-7, today), assignee="乐清市财政局"
        )

        def member(
            name: str, code: str, unit: str, services: int, *, status: str = "active", **extra
        ) -> None:
            mid = ledger.store.insert(
                "members",
                {
                    "name": name,
                    "community_id": c[code],
                    "unit_id": u[unit],
                    "status": status,
                    "registered_on": "2016-03-01",
                    **extra,
                },
            )
            for i in range(services):
                day = f"{today.year}-0{i + 3}-15"
                ledger.store.insert(
                    "services", {"member_id": mid, "date": day, "year": today.year, "minutes": 120}
                )
            ledger.store.insert(
                "services",
                {"member_id": mid, "date": f"{today.year - 1}-06-01", "year": today.year - 1, "minutes": 60},
            )  # last year: never counted

        member("张建国", "BC", "乐清市统计局", 2, phone=PHONE, id_number=ID_NUMBER)
        member("王伟", "BC", "乐清市人民医院", 0, phone="13905771234")
        member("李秀英", "DS", "乐清市财政局", 1)
        member("陈静", "DS", "乐清市财政局", 0, status="left")

        def project(
            code: str,
            title: str,
            status: str,
            *,
            due: str | None = None,
            claim_deadline: str | None = None,
            budget: int = 0,
            claimants: list[str] = (),
        ) -> None:
            pid = ledger.store.insert(
                "projects",
                {
                    "community_id": c[code],
                    "title": title,
                    "status": status,
                    "listed_on": ago(300, today),
                    "year": int(ago(300, today)[:4]),
                    "due": due,
                    "claim_deadline": claim_deadline,
                    "budget_fen": budget,
                },
            )
            for name in claimants:
                ledger.store.insert(
                    "project_claims", {"project_id": pid, "unit_id": u[name], "claimed_on": ago(280, today)}
                )

        project(
            "BC",
            "老旧小区路灯改造",
            "claimed",
            due=ago(22, today),
            claim_deadline=ago(270, today),
            budget=5_000_000,
            claimants=["国网乐清市供电公司"],
        )
        project(
            "DS",
            "社区健身角建设",
            "listed",
            claim_deadline=ago(8, today),
            due=ago(-60, today),
            budget=2_000_000,
        )
        project("CN", "四点半课堂", "listed", claim_deadline=ago(5, today), claimants=["乐清市实验小学"])
        project("BC", "文化长廊", "done", due=ago(50, today))
    return ids


@pytest.fixture
def city(db) -> Path:
    """The populated ledger's path (closed, so subprocesses see a quiet file)."""
    with Ledger.open(db) as ledger:
        populate(ledger)
    return db


@pytest.fixture
def today_env(monkeypatch):
    """Fix "today" for the in-process CLI."""
    monkeypatch.setenv("GONGJIAN_TODAY", TODAY.isoformat())


EXPECTED_TEXT = """\
共建台账摘要：2026-11-15 至 2026-11-22 · 全部社区
统计日期：2026-11-22
需要关注：逾期问题 2 个；30 天内到期协议 1 份；90 天无活动单位 2 个；服务未达标党员 2 名；逾期项目 1 个；领办大厅待认领项目 1 个

【活动】
新开展活动 2 场，参加 200 人次，志愿者 25 人次。
- 2026-11-19 北城社区 重阳节敬老慰问（节日活动；组织：乐清市统计局、乐清市人民医院；120 人次）
- 2026-11-21 东山社区 垃圾分类宣传进小区（环境整治；组织：乐清市实验小学；80 人次）

【资金物资】
收到 2 笔：资金 10,000.00 元，物资折合 3,500.50 元，合计 13,500.50 元。
- 2026-11-19 乐清市统计局 → 北城社区 资金 10,000.00 元（重阳节慰问金）
- 2026-11-19 乐清市人民医院 → 北城社区 物资 3,500.50 元（500斤糯米）

【问题台账】
新发现问题 2 个，销号 1 个；目前未办结 4 个，其中逾期 2 个。
- BC-2026-00001 北城社区·第一网格 北城路路灯损坏（责任单位：国网乐清市供电公司；期限 2026-11-07；逾期 15 天；整治中）
- BC-2026-00003 北城社区 垃圾桶破损（责任单位：乐清市统计局；期限 2026-11-19；逾期 3 天；已整改）

【30 天内到期的协议】
共 1 份，请及时续签：
- BC-2024-001 北城社区 — 乐清市统计局（2026-12-02 到期，还剩 10 天）

【90 天无活动的单位】
共 2 个结对单位近 90 天没有组织或参加活动：
- 乐清市市场监督管理局（东山社区；没有活动记录）
- 国网乐清市供电公司（北城社区、东山社区；最近活动 2026-05-06，已 200 天）

【服务未达标的在职党员】
2026 年每名在职党员至少服务 2 次，2 名未达标；本年还剩 2 个月（含本月）：
- 王伟 北城社区 乐清市人民医院（已服务 0 次，还差 2 次）
- 李秀英 东山社区 乐清市财政局（已服务 1 次，还差 1 次）

【逾期或待领办的项目】
逾期未完成 1 个：
- 北城社区 老旧小区路灯改造（期限 2026-10-31；逾期 22 天；已认领；承办：国网乐清市供电公司；预算 50,000.00 元）
领办大厅待认领 1 个：
- 东山社区 社区健身角建设（认领截止 2026-11-14，已等待 8 天；预算 20,000.00 元）
"""

QUIET_TEXT_SECTIONS = [
    "本期没有新开展的活动。",
    "本期没有收到资金或物资。",
    "新发现问题 0 个，销号 0 个；目前未办结 0 个，其中逾期 0 个。",
    "没有 30 天内到期的协议。",
    "所有结对单位近 90 天都有活动。",
    "还没有登记在册的在职党员（党员报到后用 gongjian member add 登记，或用 gongjian import members 导入）。",
    "没有逾期或待领办的项目。",
]
EMPTY_TEXT_SECTIONS = [
    *QUIET_TEXT_SECTIONS[:4],
    "还没有结对单位（用 gongjian pair add 结对，或用 gongjian import pairings 导入）。",
    *QUIET_TEXT_SECTIONS[5:],
]


def run_cli(cli, *args: str):
    """`gongjian --db … summary ARGS` in-process."""
    return cli("summary", *args)


def markdown_as_text(md: str) -> str:
    """Undo the Markdown dressing (headings, bold, escapes, paragraph spacing) to compare with the text."""
    lines = []
    for line in md.splitlines():
        if not line:
            continue
        if line.startswith("## "):
            lines.append("")
            line = f"【{line[3:]}】"
        elif line.startswith("# "):
            line = line[2:]
        line = re.sub(r"\\(.)", r"\1", line.replace("**", ""))
        lines.append(line)
    return "\n".join(lines) + "\n"


def validate(stdout: str):
    """The JSON output validated against the documented schema's models (strict, no extra keys)."""
    from gongjian.reports.digest_schema import Digest

    return Digest.model_validate_json(stdout)


# ---------------------------------------------------------------------------- the figures (Ledger API)
def test_digest_figures_of_each_section(ledger):
    populate(ledger)
    d = digest(ledger, since=ago(7), until=TODAY.isoformat(), today=TODAY)
    assert (d["since"], d["until"], d["today"], d["community"], d["limit"]) == (
        "2026-11-15",
        "2026-11-22",
        "2026-11-22",
        None,
        50,
    )
    assert d["attention"] == {
        "overdue_problems": 2,
        "expiring_agreements": 1,
        "inactive_units": 2,
        "members_under_target": 2,
        "projects_past_due": 1,
        "projects_in_hall": 1,
    }
    assert d["needs_attention"] is True
    act = d["activities"]
    assert (act["count"], act["participant_times"], act["volunteers"]) == (2, 200, 25)
    assert act["items"][0] == {
        "date": "2026-11-19",
        "community_code": "BC",
        "community": "北城社区",
        "title": "重阳节敬老慰问",
        "category": "festival",
        "organisers": ["乐清市统计局", "乐清市人民医院"],
        "participant_times": 120,
        "volunteers": 15,
    }
    funds = d["funds"]
    assert (funds["count"], funds["cash_fen"], funds["in_kind_fen"], funds["total_fen"]) == (
        2,
        1_000_000,
        350_050,
        1_350_050,
    )
    assert [f["kind"] for f in funds["items"]] == ["cash", "in_kind"]  # the venue loan is not money
    problems = d["problems"]
    assert (problems["opened"], problems["closed"], problems["unfinished"]) == (2, 1, 4)
    assert problems["overdue"]["items"][0] == {
        "number": "BC-2026-00001",
        "community_code": "BC",
        "community": "北城社区",
        "grid": "第一网格",
        "assignee": "国网乐清市供电公司",
        "title": "北城路路灯损坏",
        "status": "in_progress",
        "deadline": "2026-11-07",
        "days_overdue": 15,
    }
    assert [p["number"] for p in problems["overdue"]["items"]] == ["BC-2026-00001", "BC-2026-00003"]
    agreements = d["agreements_expiring"]
    assert [a["number"] for a in agreements["items"]] == ["BC-2024-001"]  # DS-2024-001 was renewed
    assert agreements["items"][0]["days_left"] == 10
    inactive = d["inactive_units"]["items"]
    assert [(u["unit"], u["communities"], u["last_activity"], u["days_since"]) for u in inactive] == [
        ("乐清市市场监督管理局", ["东山社区"], None, None),
        ("国网乐清市供电公司", ["北城社区", "东山社区"], "2026-05-06", 200),
    ]
    members = d["members_under_target"]
    assert (members["year"], members["target"], members["months_left"], members["count"]) == (2026, 2, 2, 2)
    assert [(m["name"], m["services"], m["missing"]) for m in members["items"]] == [
        ("王伟", 0, 2),
        ("李秀英", 1, 1),
    ]
    projects = d["projects"]
    assert projects["past_due"]["items"] == [
        {
            "community_code": "BC",
            "community": "北城社区",
            "title": "老旧小区路灯改造",
            "status": "claimed",
            "budget_fen": 5_000_000,
            "due": "2026-10-31",
            "days_overdue": 22,
            "claimants": ["国网乐清市供电公司"],
        }
    ]
    assert [(p["title"], p["days_waiting"]) for p in projects["in_hall"]["items"]] == [("社区健身角建设", 8)]


def test_one_community_sees_only_its_own(ledger):
    populate(ledger)
    d = digest(ledger, since=ago(7), until=TODAY.isoformat(), today=TODAY, community="东山")
    assert d["community"] == {"code": "DS", "name": "东山社区"}
    assert d["activities"]["count"] == 1 and d["funds"]["count"] == 0
    assert (d["problems"]["opened"], d["problems"]["closed"], d["problems"]["unfinished"]) == (1, 1, 1)
    assert d["problems"]["overdue"]["count"] == 0
    # 供电公司 is paired with both; in 东山 it never did anything, in 北城 its last activity was 200 days ago
    assert [(u["unit"], u["last_activity"]) for u in d["inactive_units"]["items"]] == [
        ("乐清市市场监督管理局", None),
        ("国网乐清市供电公司", None),
    ]
    assert [m["name"] for m in d["members_under_target"]["items"]] == ["李秀英"]
    assert d["projects"]["past_due"]["count"] == 0 and d["projects"]["in_hall"]["count"] == 1


def test_limit_cuts_lists_but_never_counts(ledger):
    populate(ledger)
    d = digest(ledger, since=ago(7), until=TODAY.isoformat(), today=TODAY, limit=1)
    for section in (
        d["activities"],
        d["funds"],
        d["problems"]["overdue"],
        d["inactive_units"],
        d["members_under_target"],
    ):
        assert section["count"] == 2 and len(section["items"]) == 1
    assert d["activities"]["participant_times"] == 200 and d["funds"]["total_fen"] == 1_350_050


def test_period_edges_are_inclusive_and_the_state_is_as_of_today(ledger):
    populate(ledger)
    d = digest(ledger, since=ago(3), until=ago(3), today=TODAY)
    assert [a["title"] for a in d["activities"]["items"]] == ["重阳节敬老慰问"]
    assert d["funds"]["count"] == 2 and d["problems"]["opened"] == 0
    assert d["problems"]["overdue"]["count"] == 2  # overdue is about today, whatever the period


def test_window_reads_relative_dates_months_and_refuses_a_reversed_period():
    assert window("7d", None, today=TODAY) == ("2026-11-15", "2026-11-22")
    assert window("30d", None, today=TODAY) == ("2026-10-23", "2026-11-22")
    assert window("2026-10", "2026-10", today=TODAY) == ("2026-10-01", "2026-10-31")
    assert window("2026年11月1日", "2026/11/10", today=TODAY) == ("2026-11-01", "2026-11-10")
    with pytest.raises(InvalidValue) as err:
        window("2026-11-20", "2026-11-01", today=TODAY)
    assert err.value.message() == "起始日期 2026-11-20 晚于截止日期 2026-11-01"


# ---------------------------------------------------------------------------- the CLI, three formats
def test_text_digest_is_exactly_this(cli, today_env):
    with Ledger.open(cli.path) as ledger:
        populate(ledger)
    r = run_cli(cli)
    assert r.exit_code == 0, r.output
    assert r.stdout == EXPECTED_TEXT
    assert r.stderr == ""


def test_markdown_carries_the_text_lines_and_json_the_same_figures(cli, today_env):
    with Ledger.open(cli.path) as ledger:
        populate(ledger)
    text = run_cli(cli, "--format", "text").stdout
    md = run_cli(cli, "--format", "markdown").stdout
    data = json.loads(run_cli(cli, "-f", "json").stdout)
    assert md.startswith("# 共建台账摘要：2026-11-15 至 2026-11-22 · 全部社区\n\n统计日期：2026-11-22\n\n")
    assert "## 问题台账\n\n新发现问题 **2** 个，销号 **1** 个；" in md
    assert "\n- BC-2026-00001 北城社区·第一网格 北城路路灯损坏（" in md
    assert markdown_as_text(md) == text
    validate(json.dumps(data))
    # every overdue problem, expiring agreement, inactive unit, member and project of the JSON is a line
    for p in data["problems"]["overdue"]["items"]:
        assert f"- {p['number']} " in text and f"逾期 {p['days_overdue']} 天" in text
    for a in data["agreements_expiring"]["items"]:
        assert f"- {a['number']} {a['community']} — {a['unit']}（{a['valid_until']} 到期" in text
    for u in data["inactive_units"]["items"]:
        assert f"- {u['unit']}（" in text
    for m in data["members_under_target"]["items"]:
        assert (
            f"- {m['name']} {m['community']} {m['unit']}（已服务 {m['services']} 次，还差 {m['missing']} 次）"
            in text
        )
    for p in data["projects"]["past_due"]["items"] + data["projects"]["in_hall"]["items"]:
        assert f"- {p['community']} {p['title']}（" in text
    assert f"合计 {data['funds']['total_fen'] // 100:,}.{data['funds']['total_fen'] % 100:02d} 元" in text
    assert f"参加 {data['activities']['participant_times']} 人次" in text


def test_json_is_the_documented_schema(cli, today_env):
    with Ledger.open(cli.path) as ledger:
        populate(ledger)
    r = run_cli(cli, "--format", "json", "--community", "BC", "--limit", "0")
    assert r.exit_code == 0, r.output
    model = validate(r.stdout)
    assert model.community.code == "BC" and model.limit is None
    assert model.funds.items[1].amount_fen == 350_050 and model.funds.items[1].description == "500斤糯米"
    data = json.loads(r.stdout)
    assert list(data) == [
        "schema_version",
        "ledger_name",
        "today",
        "since",
        "until",
        "community",
        "limit",
        "needs_attention",
        "attention",
        "activities",
        "funds",
        "problems",
        "agreements_expiring",
        "inactive_units",
        "members_under_target",
        "projects",
    ]


def test_committed_schema_is_the_generated_one():
    from gongjian.reports.digest_schema import SCHEMA_PATH, schema_text

    assert SCHEMA_PATH == REPO / "docs" / "summary.schema.json"
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "docs/summary.schema.json is stale: run python -m gongjian.reports.digest_schema"
    )


def test_schema_refuses_what_the_digest_must_never_be():
    from pydantic import ValidationError

    from gongjian.reports.digest_schema import Digest

    good = {
        "schema_version": 1,
        "ledger_name": None,
        "today": "2026-11-22",
        "since": "2026-11-15",
        "until": "2026-11-22",
        "community": None,
        "limit": 50,
        "needs_attention": False,
        "attention": dict.fromkeys(
            (
                "overdue_problems",
                "expiring_agreements",
                "inactive_units",
                "members_under_target",
                "projects_past_due",
                "projects_in_hall",
            ),
            0,
        ),
        "activities": {"count": 0, "participant_times": 0, "volunteers": 0, "items": []},
        "funds": {"count": 0, "cash_fen": 0, "in_kind_fen": 0, "total_fen": 0, "items": []},
        "problems": {"opened": 0, "closed": 0, "unfinished": 0, "overdue": {"count": 0, "items": []}},
        "agreements_expiring": {"within_days": 30, "count": 0, "items": []},
        "inactive_units": {"days": 90, "paired": 0, "count": 0, "items": []},
        "members_under_target": {
            "year": 2026,
            "target": 2,
            "months_left": 2,
            "active": 0,
            "count": 0,
            "items": [],
        },
        "projects": {"past_due": {"count": 0, "items": []}, "in_hall": {"count": 0, "items": []}},
    }
    Digest.model_validate_json(json.dumps(good))
    for bad in (
        {**good, "funds": {**good["funds"], "cash_fen": 12.5}},  # money is integer fen
        {**good, "extra": 1},  # no undocumented keys
        {**good, "today": "22/11/2026"},  # ISO dates only
    ):
        with pytest.raises(ValidationError):
            Digest.model_validate_json(json.dumps(bad))


def test_english_digest(cli, today_env):
    with Ledger.open(cli.path) as ledger:
        populate(ledger)
    r = cli("--lang", "en", "summary", "--limit", "1")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0] == "Co-building digest: 2026-11-15 to 2026-11-22 · all communities"
    assert "[Problems]" in lines and "[Units with no activity in 90 days]" in lines
    assert (
        "- BC-2026-00001 北城社区·第一网格 北城路路灯损坏 (assignee: 国网乐清市供电公司; deadline 2026-11-07; "
        "days overdue: 15; In progress)" in lines
    )
    assert lines.count("… 1 more not shown (add --limit 0 to show all)") == 5


def test_output_is_plain_and_carries_no_phone_or_id_number(cli, today_env):
    with Ledger.open(cli.path) as ledger:
        populate(ledger)
        with ledger.store.write("test"):
            cid = ledger.store.scalar("SELECT id FROM communities WHERE code = 'BC'")
            ledger.store.insert(
                "activities",
                {
                    "date": ago(1),
                    "year": 2026,
                    "community_id": cid,
                    "title": "\x1b[31m红色\x1b[0m标题\n第二行 *粗体* [链接](x)",
                },
            )
    outputs = {
        fmt: run_cli(cli, "--format", fmt, "--limit", "0").stdout for fmt in ("text", "markdown", "json")
    }
    for fmt, out in outputs.items():
        assert PHONE not in out and ID_NUMBER not in out and "13905771234" not in out, fmt
        assert "1385771" not in out and "110105" not in out, fmt  # not even masked: members show no contact
    assert "\x1b" not in outputs["text"] and "\x1b" not in outputs["markdown"]
    assert "- 2026-11-21 北城社区 [31m红色 [0m标题 第二行 *粗体* [链接](x)（其他；0 人次）" in outputs["text"]
    assert (
        r"- 2026-11-21 北城社区 \[31m红色 \[0m标题 第二行 \*粗体\* \[链接\](x)（其他；0 人次）"
        in outputs["markdown"]
    )
    assert json.loads(outputs["json"])["activities"]["items"][1]["title"].startswith("\x1b[31m")


def test_quiet_ledger_check_prints_nothing_and_exits_0(cli, today_env):
    with Ledger.open(cli.path) as ledger:
        ledger.roster.add_community(code="BC", name="北城社区")
        ledger.roster.add_unit(name="乐清市统计局", kind="机关")
        ledger.roster.add_pairing("BC", "乐清市统计局", lead=True, started="2015-03-01")
        with ledger.store.write("test"):
            aid = ledger.store.insert(
                "activities",
                {
                    "date": ago(20),
                    "year": 2026,
                    "community_id": 1,
                    "title": "植树",
                    "category": "environment",
                    "participant_times": 40,
                },
            )
            ledger.store.insert("activity_units", {"activity_id": aid, "unit_id": 1, "role": "organiser"})
            ledger.store.insert(
                "tickets",
                {
                    "number": "BC-2026-00001",
                    "community_id": 1,
                    "year": 2026,
                    "seq": 1,
                    "title": "路灯",
                    "reported_on": ago(30),
                    "status": "closed",
                    "deadline": ago(10),
                    "closed_on": ago(12),
                    "verifier": "林海",
                },
            )
    for fmt in ("text", "markdown", "json"):
        r = run_cli(cli, "--check", "--format", fmt)
        assert (r.exit_code, r.stdout, r.stderr) == (0, "", ""), fmt
    r = run_cli(cli)  # without --check the quiet digest is still printed
    assert r.exit_code == 0 and "需要关注：无\n" in r.stdout
    for line in QUIET_TEXT_SECTIONS[2:]:
        assert line in r.stdout


def test_empty_ledger_digest_says_so_in_every_section(cli, today_env):
    r = run_cli(cli)
    assert r.exit_code == 0
    for line in EMPTY_TEXT_SECTIONS:
        assert f"\n{line}\n" in r.stdout
    # never that everyone met the target, or that every paired unit was active, when there is nobody
    assert "均已达到" not in r.stdout and "都有活动" not in r.stdout
    data = validate(run_cli(cli, "--format", "json").stdout)
    assert (data.members_under_target.active, data.inactive_units.paired) == (0, 0)


def test_members_who_all_met_the_target_are_said_to_have_met_it(cli, today_env):
    with Ledger.open(cli.path) as ledger:
        ledger.roster.add_community(code="BC", name="北城社区")
        ledger.roster.add_unit(name="乐清市统计局", kind="机关")
        ledger.members.add_member(
            name="王建国",
            unit="乐清市统计局",
            community="BC",
            phone="13857712345",
            registered_on="2026-01-05",
        )
        for day in ("2026-03-01", "2026-05-01"):
            ledger.members.serve("王建国", on=day, hours=2, note="垃圾分类督导")
    r = run_cli(cli)
    assert r.exit_code == 0, r.output
    assert "\n在册党员均已达到 2026 年服务目标（每人 2 次）。\n" in r.stdout
    data = validate(run_cli(cli, "--format", "json").stdout)
    assert (data.members_under_target.active, data.members_under_target.count) == (1, 0)


def test_check_prints_the_digest_and_exits_3_when_something_needs_attention(cli, today_env):
    with Ledger.open(cli.path) as ledger:
        populate(ledger)
    r = run_cli(cli, "--check")
    assert r.exit_code == 3
    assert r.stdout == EXPECTED_TEXT and r.stderr == ""
    r = run_cli(cli, "--check", "--format", "json")
    assert r.exit_code == 3 and validate(r.stdout).needs_attention
    r = run_cli(cli, "--check", "--community", "CN")  # 城南: its only project was claimed, its lead is new
    assert (r.exit_code, r.stdout) == (0, "")


def test_bad_options_are_one_line_and_exit_1(cli, today_env, monkeypatch):
    r = run_cli(cli, "--since", "上周")
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr == "起始日期无效：上周（可用 7d、2w、today、2016-03、2016 或具体日期）\n"
    r = run_cli(cli, "--since", "2026-11-20", "--until", "2026-11-01")
    assert (r.exit_code, r.stderr) == (1, "起始日期 2026-11-20 晚于截止日期 2026-11-01\n")
    r = run_cli(cli, "--community", "西湖")
    assert (r.exit_code, r.stderr) == (1, "找不到社区：西湖\n")
    r = run_cli(cli, "--format", "table")
    assert r.exit_code == 2
    monkeypatch.setenv("GONGJIAN_TODAY", "2026-13-01")
    r = run_cli(cli)
    assert (r.exit_code, r.stderr) == (
        1,
        "环境变量 GONGJIAN_TODAY 的日期无效：2026-13-01（应为 YYYY-MM-DD）\n",
    )


def test_missing_ledger_is_an_error_and_is_not_created(tmp_path):
    path = tmp_path / "nowhere.db"
    r = gongjian_subprocess(["summary"], {"GONGJIAN_DB": str(path)})
    assert r.returncode == 1
    assert r.stderr.decode() == f"台账 {path} 不存在，请先运行 gongjian init 或 gongjian demo\n"
    assert not path.exists() and list(tmp_path.iterdir()) == []


def test_demo_ledger_digest_validates(demo_cli):
    r = demo_cli("summary", "--since", "30d", "--format", "json", "--limit", "0")
    assert r.exit_code == 0, r.output
    model = validate(r.stdout)
    assert model.until == date.today() and model.community is None


# ---------------------------------------------------------------------------- cron's world
def gongjian_subprocess(
    args: list[str], env: dict[str, str], *, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """`python -m gongjian ARGS` with exactly `env` as its environment (no terminal, bytes out)."""
    return subprocess.run(
        [sys.executable, "-m", "gongjian", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
    )


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file in a folder with the SHA-256 of its bytes."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize(
    "extra",
    [{}, {"LANG": "C", "LC_ALL": "C"}, {"LANG": "C", "HOME": "/nonexistent"}],
    ids=["empty", "lang-c", "no-home"],
)
def test_cron_environment(tmp_path, extra):
    folder = tmp_path / "srv"
    folder.mkdir()
    db = folder / "ledger.db"
    day = date.today()
    with Ledger.open(db, create=True) as ledger:
        populate(ledger, today=day)
    before = fingerprint(folder)
    home = tmp_path / "file-not-dir"
    home.write_text("")
    env = {"GONGJIAN_DB": str(db), **extra}
    if "HOME" in extra:
        env["HOME"] = str(home / "home")  # cannot exist: a file is in the way
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    text = gongjian_subprocess(["summary"], env, cwd=cwd)
    md = gongjian_subprocess(["summary", "--format", "markdown"], env, cwd=cwd)
    js = gongjian_subprocess(["summary", "--format", "json"], env, cwd=cwd)
    check = gongjian_subprocess(["summary", "--check", "--since", "7d"], env, cwd=cwd)
    for r in (text, md, js, check):
        assert r.stderr == b"", r.stderr.decode(errors="replace")
    assert (text.returncode, md.returncode, js.returncode, check.returncode) == (0, 0, 0, 3)
    out = text.stdout.decode("utf-8")  # UTF-8 whatever the locale
    assert "【活动】\n新开展活动 2 场，参加 200 人次，志愿者 25 人次。\n" in out
    assert "重阳节敬老慰问" in out and "\x1b" not in out
    assert check.stdout == text.stdout
    assert markdown_as_text(md.stdout.decode("utf-8")) == out
    data = json.loads(js.stdout.decode("utf-8"))
    validate(js.stdout.decode("utf-8"))
    if date.today() == day:  # (a run across midnight would compare two different days)
        with Ledger.open(db, readonly=True) as ledger:
            assert data == digest(ledger, since=ago(7, day), until=day.isoformat(), today=day)
    # nothing written: the ledger's bytes are the same, SQLite's -wal is empty, cwd and HOME untouched
    after = fingerprint(folder)
    assert after["ledger.db"] == before["ledger.db"]
    assert set(after) <= {"ledger.db", "ledger.db-wal", "ledger.db-shm"}
    assert not (folder / "ledger.db-wal").exists() or (folder / "ledger.db-wal").stat().st_size == 0
    assert list(cwd.iterdir()) == [] and home.read_text() == ""


IMPORTER = """
import sys
from contextlib import contextmanager

from gongjian.store import db as core

original = core.Store.write


@contextmanager
def paused(self, command):
    with original(self, command) as command_id:
        yield command_id
        if self._depth == 1:  # every row is written, the import's transaction is still open
            print("importing", flush=True)
            sys.stdin.readline()


core.Store.write = paused
sys.argv = ["gongjian", "import", "activities", sys.argv[1]]
from gongjian.cli import main

main()
"""


def test_summary_runs_while_an_import_holds_its_write_transaction(tmp_path):
    db = tmp_path / "ledger.db"
    day = date.today()
    with Ledger.open(db, create=True) as ledger:
        populate(ledger, today=day)
    sheet = tmp_path / "活动登记.csv"
    rows = [f"{day.isoformat()},北城社区,导入中的活动{i},志愿服务,乐清市统计局,12" for i in range(300)]
    sheet.write_text(
        "活动日期,社区,活动名称,活动类别,组织单位,参加人次\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    env = {"GONGJIAN_DB": str(db)}
    importer = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(sheet)],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        assert importer.stdout.readline() == "importing\n", importer.stderr.read()
        # the import holds BEGIN IMMEDIATE with 300 uncommitted activities: another writer cannot start
        probe = sqlite3.connect(db, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            probe.execute("BEGIN IMMEDIATE")
        probe.close()
        during = gongjian_subprocess(["summary", "--format", "json"], env, timeout=60)
        checked = gongjian_subprocess(["summary", "--check"], env, timeout=60)
        assert importer.poll() is None  # still importing: the digests did not wait for it
    finally:
        importer.stdin.write("\n")
        importer.stdin.flush()
    assert importer.wait(timeout=120) == 0, importer.stderr.read()
    assert "新增 300" in importer.stdout.read()
    assert during.returncode == 0, during.stderr.decode()
    assert (checked.returncode, checked.stderr) == (3, b"")
    assert json.loads(during.stdout)["activities"]["count"] == 2  # the uncommitted rows are not seen
    assert "导入中的活动" not in checked.stdout.decode()
    after = gongjian_subprocess(["summary", "--format", "json"], env, timeout=60)
    assert json.loads(after.stdout)["activities"]["count"] == 302


def test_summary_does_not_import_heavy_modules(tmp_path, db):
    code = (
        "import sys\n"
        "sys.argv = ['gongjian', 'summary', '--format', 'json', '--since', '30d', '--limit', '5']\n"
        "from gongjian.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('gongjian.reports.digest_schema', 'sqlite_utils', 'openpyxl', 'xlsxwriter', 'python_calamine',\n"
        "         'pandas', 'numpy', 'gongjian.writing.xlsx', 'pydantic', 'typer._adapters')\n"
        "print(sorted(m for m in sys.modules if m in heavy), file=sys.stderr)\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], env={"GONGJIAN_DB": str(db)}, capture_output=True, timeout=120
    )
    assert r.returncode == 0
    assert r.stderr.decode().strip() == "[]"
    json.loads(r.stdout)
