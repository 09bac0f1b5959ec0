"""The `ticket` commands: open and every move, list (table, JSON, CSV, counts), show, bulk assign/close
with --yes, overdue by assignee, help."""

from __future__ import annotations

import json

import pytest
from ticket_helpers import LIST_KEYS, TODAY, open_one, seed, walk_to

from gongjian.ledger import Ledger


# ------------------------------------------------------------------------------------------- CLI
def test_cli_open_move_show(cli):
    cli("community", "add", "BC", "北城社区", "--grid", "北城第一网格")
    cli("unit", "add", "乐清市统计局", "--kind", "机关")
    r = cli(
        "ticket",
        "open",
        "北城",
        "路灯损坏",
        "-g",
        "北城第一网格",
        "--category",
        "路灯",
        "-l",
        "建设路12号",
        "--reported",
        "2016-03-05",
    )
    assert (r.exit_code, r.stdout) == (0, "已登记问题 BC-2016-00001：路灯损坏\n")
    r = cli("ticket", "assign", "bc-2016-1", "--unit", "统计局", "--deadline", "+30d", "--on", "2016-03-10")
    assert (r.exit_code, r.stdout) == (0, "BC-2016-00001 已分派给 乐清市统计局，整改期限 2016-04-09\n")
    r = cli("ticket", "close", "BC-2016-00001", "--verifier", "张晓京")
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr == (
        "问题 BC-2016-00001 当前状态为“已分派”，不能验收销号；"
        "可执行：分派（assign）、开始整治（start）、不予处理（reject）\n"
    )
    assert cli("ticket", "start", "BC-2016-00001", "--on", "2016-03-12").stdout == "BC-2016-00001 开始整治\n"
    r = cli("ticket", "resolve", "BC-2016-00001", "-r", "已更换灯具3盏", "--on", "2016-04-02")
    assert r.stdout == "BC-2016-00001 已整改，待验收销号\n"
    r = cli("ticket", "close", "BC-2016-00001", "--verifier", "张晓京", "--on", "2016-04-06")
    assert r.stdout == "BC-2016-00001 已销号（验收人：张晓京，2016-04-06）\n"
    r = cli("ticket", "reopen", "BC-2016-00001", "--reason", "复查发现仍有1盏不亮", "--on", "2016-04-20")
    assert r.stdout == "BC-2016-00001 重新整治：复查发现仍有1盏不亮\n"
    r = cli("ticket", "reject", "BC-2016-00001", "--reason", "属市政规划改造范围", "--on", "2016-04-21")
    assert r.stdout == "BC-2016-00001 不予处理：属市政规划改造范围\n"
    r = cli("ticket", "show", "BC-2016-00001")
    assert r.exit_code == 0
    for text in (
        "编号      BC-2016-00001",
        "状态      不予处理",
        "原因      属市政规划改造范围",
        "处理记录",
        "分派给 乐清市统计局，期限 2016-04-09",
        "整改情况：已更换灯具3盏",
        "验收人：张晓京",
        "原因：复查发现仍有1盏不亮",
    ):
        assert text in r.stdout
    history = r.stdout.split("处理记录")[1].splitlines()[2:]
    assert [line.split()[3:6:2] if "→" in line else line.split()[3:4] for line in history] == [
        ["待分派"],
        ["待分派", "已分派"],
        ["已分派", "整治中"],
        ["整治中", "已整改"],
        ["已整改", "已销号"],
        ["已销号", "整治中"],
        ["整治中", "不予处理"],
    ]
    data = json.loads(cli("ticket", "show", "BC-2016-00001", "-f", "json").stdout)
    assert data["status"] == "rejected" and len(data["events"]) == 7
    assert data["events"][1] == {
        "at": data["events"][1]["at"],
        "on_date": "2016-03-10",
        "from_status": "open",
        "to_status": "assigned",
        "unit": "乐清市统计局",
        "note": "2016-04-09",
    }
    r = cli("ticket", "reopen", "BC-2016-00001", "--reason", "再看看")
    assert (r.exit_code, r.stderr) == (
        1,
        "问题 BC-2016-00001 当前状态为“不予处理”，不能重新整治；可执行：无（已是终结状态）\n",
    )
    r = cli("ticket", "show", "BC-2016-00099")
    assert (r.exit_code, r.stderr) == (1, "找不到问题：BC-2016-00099\n")


@pytest.fixture
def filled(cli, db):
    with Ledger.open(db) as ledger:
        _spread(seed(ledger))
    return cli


def _spread(ledger):
    a = open_one(ledger, "路灯损坏", category="基础设施", location="建设路12号")
    b = open_one(ledger, "楼道堆放杂物", grid="北城第二网格", category="环境卫生", reported="2016-04-11")
    open_one(
        ledger, "违章停车", community="东门社区", grid="东门第一网格", category="交通", reported="2016-05-20"
    )
    walk_to(ledger, a, "closed")
    ledger.tickets.assign_ticket(
        b, unit="乐清市综合行政执法局", deadline="2016-05-01", on="2016-04-12", today=TODAY
    )


def test_cli_list_formats_and_counts(filled):
    r = filled("ticket", "list")
    assert r.exit_code == 0
    assert r.stdout.splitlines()[0].split() == [
        "编号",
        "社区",
        "网格",
        "问题类别",
        "问题",
        "位置",
        "状态",
        "责任单位",
        "整改期限",
        "发现日期",
        "销号日期",
        "逾期",
    ]
    assert r.stdout.splitlines()[-1] == (
        "共 3 条：待分派 1、已分派 1、整治中 0、已整改 0、已销号 1、不予处理 0；其中逾期 1 条"
    )
    data = json.loads(filled("ticket", "list", "--format", "json").stdout)
    assert [list(d) for d in data] == [LIST_KEYS] * 3
    assert data[1] == {
        "number": "BC-2016-00002",
        "community": "北城社区",
        "grid": "北城第二网格",
        "category": "sanitation",
        "title": "楼道堆放杂物",
        "location": None,
        "status": "assigned",
        "assignee": "乐清市综合行政执法局",
        "deadline": "2016-05-01",
        "reported_on": "2016-04-11",
        "closed_on": None,
        "overdue": True,
    }
    csv_lines = filled("ticket", "list", "-f", "csv", "--status", "已销号").stdout.splitlines()
    assert csv_lines == [
        ",".join(LIST_KEYS),
        "BC-2016-00001,北城社区,北城第一网格,infrastructure,路灯损坏,建设路12号,closed,乐清市统计局,"
        "2016-04-30,2016-03-05,2016-04-06,0",
    ]
    json_rows = json.loads(filled("ticket", "list", "-f", "json", "--overdue", "--community", "BC").stdout)
    assert [d["number"] for d in json_rows] == ["BC-2016-00002"]
    r = filled("ticket", "list", "--status", "完结")
    assert r.exit_code == 1
    assert r.stderr == "问题状态无效：完结（可选：待分派、已分派、整治中、已整改、已销号、不予处理）\n"


def test_cli_bulk_assign_needs_yes(filled, db):
    r = filled(
        "ticket",
        "assign",
        "--community",
        "东门",
        "--unit",
        "财政局",
        "--deadline",
        "2016-07-31",
        "--on",
        "2016-06-01",
    )
    assert r.exit_code == 1
    assert r.stdout == "将分派 1 个问题\n"
    assert r.stderr == "未执行：加 --yes 确认\n"
    with Ledger.open(db) as ledger:
        assert ledger.tickets.ticket("DM-2016-00001")["status"] == "open"
        commands = ledger.store.scalar("SELECT count(*) FROM audit_commands")
    r = filled(
        "ticket",
        "assign",
        "-c",
        "东门",
        "--unit",
        "财政局",
        "--deadline",
        "2016-07-31",
        "--on",
        "2016-06-01",
        "--yes",
    )
    assert (r.exit_code, r.stdout) == (
        0,
        "将分派 1 个问题\n已分派 1 个问题给 乐清市财政局，整改期限 2016-07-31\n",
    )
    with Ledger.open(db) as ledger:
        assert ledger.store.scalar("SELECT count(*) FROM audit_commands") == commands + 1
    r = filled("ticket", "close", "--year", "2016", "--verifier", "林海")
    assert (r.exit_code, r.stderr) == (1, "没有符合条件、可以验收销号的问题\n")
    r = filled(
        "ticket", "assign", "BC-2016-00001", "-c", "BC", "--unit", "财政局", "--deadline", "2016-07-31"
    )
    assert (r.exit_code, r.stderr) == (2, "给了问题编号就不能再用筛选条件；批量处理请去掉编号\n")
    r = filled("ticket", "close", "--verifier", "林海")
    assert (r.exit_code, r.stderr) == (
        2,
        "请给出问题编号，或用 --community、--status 等筛选条件选择要批量处理的问题\n",
    )


def test_closing_a_past_years_ticket_without_on_says_it_counts_in_this_year(cli):
    from datetime import date

    cli("community", "add", "BC", "北城社区")
    cli("unit", "add", "乐清市统计局", "--kind", "机关")
    cli("ticket", "open", "北城", "路灯损坏", "--reported", "2016-03-05")
    cli(
        "ticket",
        "assign",
        "BC-2016-00001",
        "--unit",
        "统计局",
        "--deadline",
        "2016-06-30",
        "--on",
        "2016-03-06",
    )
    cli("ticket", "start", "BC-2016-00001", "--on", "2016-03-07")
    cli("ticket", "resolve", "BC-2016-00001", "-r", "已修复", "--on", "2016-03-08")
    r = cli("ticket", "close", "BC-2016-00001", "--verifier", "张晓京")
    today = date.today().isoformat()
    assert r.exit_code == 0
    assert r.stdout == f"BC-2016-00001 已销号（验收人：张晓京，{today}）\n"
    assert r.stderr == (
        f"注意：没有用 --on 写销号日期，销号日期记为今天 {today}，计入 {today[:4]} 年度，不计入问题所属的 2016 年度。"
        "若实际在 2016 年已销号，请先 gongjian undo --yes，再写明日期重新销号，如："
        "gongjian ticket close BC-2016-00001 --verifier 张晓京 --on 2016-12-31\n"
    )
    # the way out it names works as printed
    assert cli("undo", "--yes").exit_code == 0
    r = cli("ticket", "close", "BC-2016-00001", "--verifier", "张晓京", "--on", "2016-12-31")
    assert (r.exit_code, r.stderr) == (0, "")
    assert r.stdout == "BC-2016-00001 已销号（验收人：张晓京，2016-12-31）\n"


def test_bulk_closing_past_years_tickets_without_on_says_so_before_it_asks(cli):
    from datetime import date

    cli("community", "add", "BC", "北城社区")
    cli("unit", "add", "乐清市统计局", "--kind", "机关")
    for title in ("路灯损坏", "井盖缺失"):
        cli("ticket", "open", "北城", title, "--reported", "2016-03-05")
    cli(
        "ticket",
        "assign",
        "-c",
        "BC",
        "--unit",
        "统计局",
        "--deadline",
        "2016-06-30",
        "--on",
        "2016-03-06",
        "--yes",
    )
    for number in ("BC-2016-00001", "BC-2016-00002"):
        cli("ticket", "start", number, "--on", "2016-03-07")
        cli("ticket", "resolve", number, "-r", "已修复", "--on", "2016-03-08")
    r = cli("ticket", "close", "-c", "BC", "--verifier", "张晓京")
    today = date.today().isoformat()
    assert r.exit_code == 1
    assert r.stdout.splitlines() == [
        f"其中 2 个是往年发现的问题：没有用 --on 写销号日期，销号日期记为今天 {today}，计入 {today[:4]} 年度；"
        "要记在实际销号的日期，请加 --on 日期",
        "将验收销号 2 个问题",
    ]


def test_cli_bulk_assign_on_a_terminal_asks_and_goes_ahead_on_yes(filled, db, monkeypatch):
    monkeypatch.setattr("gongjian.cli.common.on_terminal", lambda: True)
    args = (
        "ticket",
        "assign",
        "-c",
        "东门",
        "--unit",
        "财政局",
        "--deadline",
        "2016-07-31",
        "--on",
        "2016-06-01",
    )
    r = filled(*args, input="n\n")
    assert (r.exit_code, r.stdout, r.stderr) == (1, "将分派 1 个问题\n确认？[y/N] ", "未执行，台账未改动\n")
    with Ledger.open(db) as ledger:
        assert ledger.tickets.ticket("DM-2016-00001")["status"] == "open"
    r = filled(*args, input="y\n")
    assert r.exit_code == 0, r.output
    assert r.stdout.endswith("已分派 1 个问题给 乐清市财政局，整改期限 2016-07-31\n")
    with Ledger.open(db) as ledger:
        assert ledger.tickets.ticket("DM-2016-00001")["status"] == "assigned"


def test_cli_overdue(filled):
    r = filled("ticket", "overdue")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0] == "按责任单位"
    assert lines[1].split() == ["责任单位", "逾期", "即将到期", "最长逾期天数"]
    assert lines[2].split()[:3] == ["乐清市综合行政执法局", "1", "0"]
    detail = [line for line in lines if line.startswith("乐清市综合行政执法局  BC-2016-00002")]
    assert len(detail) == 1 and "楼道堆放杂物" in detail[0] and "2016-05-01  逾期" in detail[0]
    assert lines[-1] == "逾期 1 个，7 天内到期 0 个，涉及 1 个责任单位"
    data = json.loads(filled("ticket", "overdue", "-f", "json").stdout)
    assert list(data[0]) == [
        "assignee",
        "number",
        "community",
        "grid",
        "title",
        "status",
        "deadline",
        "days_overdue",
        "overdue",
    ]
    assert data[0]["number"] == "BC-2016-00002" and data[0]["overdue"] is True
    r = filled("ticket", "overdue", "--community", "东门")
    assert (r.exit_code, r.stdout) == (0, "没有逾期或 7 天内到期的问题\n")


def test_cli_help_names_every_verb(cli):
    r = cli("ticket", "--help")
    assert r.exit_code == 0
    for verb in (
        "open",
        "assign",
        "start",
        "resolve",
        "close",
        "reject",
        "reopen",
        "list",
        "show",
        "overdue",
    ):
        assert verb in r.stdout
