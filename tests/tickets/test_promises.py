"""Problems with a promise (issue #21): a source sets the promised-by day from the rules file (网上投诉:
3 days), a problem may name the meeting that raised it, and the year shows time-to-close by source and
the share of promises kept."""

from __future__ import annotations

import json

import pytest
from registers_support import write_xlsx


def _ok(cli, *args: str):
    r = cli(*args)
    assert r.exit_code == 0, (args, r.stdout, r.stderr)
    return r


@pytest.fixture
def street(cli):
    """北城社区 with its statistics bureau, and a 坝坝会 held on 2016-03-12."""
    _ok(cli, "community", "add", "BC", "北城社区", "--street", "乐成街道")
    _ok(cli, "unit", "add", "乐清市统计局")
    _ok(cli, "pair", "add", "BC", "乐清市统计局", "--lead", "--started", "2015-03-01")
    _ok(
        cli,
        "meeting",
        "add",
        "2016-03-12",
        "BC",
        "--chair",
        "乐清市统计局",
        "--present",
        "全部",
        "--topics",
        "坝坝会：收集居民问题",
    )
    return cli


def _close(cli, number: str, on: str, assigned: str) -> None:
    _ok(cli, "ticket", "assign", number, "--unit", "统计局", "--deadline", "+30d", "--on", assigned)
    _ok(cli, "ticket", "start", number, "--on", on)
    _ok(cli, "ticket", "resolve", number, "--resolution", "已处理", "--on", on)
    _ok(cli, "ticket", "close", number, "--verifier", "张晓京", "--on", on)


def test_an_online_complaint_is_promised_three_days_and_assigned_by_that_day(street):
    r = _ok(
        street,
        "ticket",
        "open",
        "BC",
        "楼道堆物堵塞消防通道",
        "--source",
        "网上投诉",
        "--reported",
        "2016-05-03",
    )
    assert r.stdout.splitlines() == [
        "已登记问题 BC-2016-00001：楼道堆物堵塞消防通道",
        "网上投诉：承诺 2016-05-06 前办结",
    ]
    shown = json.loads(_ok(street, "ticket", "show", "BC-2016-00001", "--format", "json").stdout)
    assert (shown["source"], shown["promised_by"], shown["meeting"]) == ("complaint", "2016-05-06", None)
    r = _ok(street, "ticket", "assign", "BC-2016-00001", "--unit", "统计局", "--on", "2016-05-03")
    assert r.stdout.strip() == "BC-2016-00001 已分派给 乐清市统计局，整改期限 2016-05-06"


def test_a_survey_problem_has_no_promise_and_still_needs_a_deadline(street, db):
    r = _ok(street, "ticket", "open", "BC", "路灯不亮", "--reported", "2016-05-03")
    assert r.stdout.strip() == "已登记问题 BC-2016-00001：路灯不亮"
    before = db.read_bytes()
    r = street("ticket", "assign", "BC-2016-00001", "--unit", "统计局", "--on", "2016-05-03")
    assert (r.exit_code, r.stderr.strip()) == (1, "整改期限不能为空")
    assert db.read_bytes() == before


def test_a_problem_names_the_meeting_that_raised_it(street, db):
    r = _ok(
        street, "ticket", "open", "BC", "小区停车难", "--meeting", "2016年3月12日", "--reported", "2016-03-12"
    )
    shown = json.loads(_ok(street, "ticket", "show", "BC-2016-00001", "--format", "json").stdout)
    assert (shown["source"], shown["meeting"]) == ("meeting", "2016-03-12")
    assert "来源会议  2016-03-12" in _ok(street, "ticket", "show", "BC-2016-00001").stdout
    before = db.read_bytes()
    r = street("ticket", "open", "BC", "垃圾分类", "--meeting", "2016-04-01")
    assert (r.exit_code, r.stderr.strip()) == (1, "北城社区 没有 2016-04-01 的会议记录")
    assert db.read_bytes() == before


def test_the_year_shows_time_to_close_by_source_and_promises_kept(street):
    for title, reported in (
        ("网上投诉楼道堆物", "2016-05-03"),  # closed on day 2: kept
        ("网上投诉噪音扰民", "2016-06-01"),  # closed on day 10: broken
        ("网上投诉路面积水", "2016-12-20"),  # open past its promise on 12-31: due, not kept
        ("网上投诉广告牌松动", "2016-12-30"),  # promised 2017-01-02: not yet due on 12-31
        ("网上投诉重复", "2016-07-01"),  # set aside (不予处理): no promise counted
    ):
        _ok(street, "ticket", "open", "BC", title, "--source", "投诉", "--reported", reported)
    _ok(street, "ticket", "open", "BC", "井盖缺失", "--source", "排查", "--reported", "2016-04-01")
    _close(street, "BC-2016-00001", "2016-05-05", "2016-05-03")
    _close(street, "BC-2016-00002", "2016-06-11", "2016-06-01")
    _ok(
        street, "ticket", "reject", "BC-2016-00005", "--reason", "与 BC-2016-00002 重复", "--on", "2016-07-01"
    )
    _close(street, "BC-2016-00006", "2016-04-21", "2016-04-01")
    data = json.loads(_ok(street, "report", "year", "2016", "--format", "json").stdout)
    rows = {r["source"]: r for r in data["ticket_sources"]}
    assert set(rows) == {"survey", "complaint"}
    complaint = rows["complaint"]
    assert (complaint["found"], complaint["closed"], complaint["rejected"]) == (5, 2, 1)
    assert complaint["median_days_to_close"] == 6.0  # 2 and 10 days
    assert (complaint["promised"], complaint["kept"], complaint["promise_share"]) == (3, 1, 1 / 3)
    assert (rows["survey"]["median_days_to_close"], rows["survey"]["promised"]) == (20.0, 0)
    assert rows["survey"]["promise_share"] is None
    text = _ok(street, "report", "year", "2016").stdout
    assert "2016年度问题来源与承诺办结" in text
    line = next(ln for ln in text.splitlines() if ln.startswith("网上投诉"))
    assert line.split() == ["网上投诉", "5", "2", "1", "6.00", "3", "1", "33.3%"]


def test_the_workbook_has_the_sources_sheet_without_adding_up_medians(street, tmp_path):
    from python_calamine import CalamineWorkbook

    for title, reported in (("网上投诉楼道堆物", "2016-05-03"), ("网上投诉噪音扰民", "2016-06-01")):
        _ok(street, "ticket", "open", "BC", title, "--source", "网上投诉", "--reported", reported)
    _ok(street, "ticket", "open", "BC", "井盖缺失", "--reported", "2016-04-01")
    _close(street, "BC-2016-00001", "2016-05-05", "2016-05-03")
    _close(street, "BC-2016-00003", "2016-04-21", "2016-04-01")
    book = tmp_path / "考评.xlsx"
    _ok(street, "assess", "2016", "-o", str(book))
    rows = CalamineWorkbook.from_path(str(book)).get_sheet_by_name("问题来源").to_python()
    assert rows[0][0] == "2016年度问题来源与承诺办结"
    assert rows[3:] == [
        ["排查", 1.0, 1.0, 0.0, 20.0, 0.0, 0.0, ""],
        ["网上投诉", 2.0, 1.0, 0.0, 2.0, 2.0, 1.0, 0.5],
        ["合计", 3.0, 2.0, 0.0, "", 2.0, 1.0, ""],
    ]


def test_a_sheet_of_complaints_gets_its_promises_and_meetings_all_or_nothing(street, db, tmp_path):
    header = ["社区", "问题", "来源", "发现日期", "承诺期限", "来源会议"]
    bad = write_xlsx(
        tmp_path / "投诉.xlsx",
        header,
        [
            ["北城社区", "楼道灯坏", "网上投诉", "2016-05-03", "", ""],
            ["北城社区", "停车难", "坝坝会", "2016-03-12", "", "2016-03-13"],
        ],
    )
    before = db.read_bytes()
    r = street("import", "tickets", str(bad))
    assert r.exit_code == 1
    assert "北城社区 没有 2016-03-13 的会议记录" in r.stdout
    assert db.read_bytes() == before
    good = write_xlsx(
        tmp_path / "投诉2.xlsx",
        header,
        [
            ["北城社区", "楼道灯坏", "网上投诉", "2016-05-03", "", ""],
            ["北城社区", "噪音扰民", "网上投诉", "2016-05-04", "2016-05-10", ""],
            ["北城社区", "停车难", "坝坝会", "2016-03-12", "", "2016-03-12"],
        ],
    )
    _ok(street, "import", "tickets", str(good))
    rows = json.loads(_ok(street, "export", "tickets", "--format", "json").stdout)
    rows = rows["tickets"] if isinstance(rows, dict) else rows
    assert [(r["title"], r["source"], r["promised_by"], r["meeting"]) for r in rows] == [
        ("楼道灯坏", "complaint", "2016-05-06", None),
        ("噪音扰民", "complaint", "2016-05-10", None),  # the sheet's own promise is kept
        ("停车难", "meeting", None, "2016-03-12"),
    ]


def test_the_rules_file_sets_the_promise_and_a_bad_one_is_refused(street, tmp_path):
    from gongjian.paths import data_path
    from gongjian.tickets.promises import promise_rules, promised_by

    assert promise_rules() == {"complaint": 3}
    rules = data_path("rules", "default.toml").read_text(encoding="utf-8")
    mine = tmp_path / "细则.toml"
    mine.write_text(rules.replace("complaint = 3", "complaint = 3\nhotline = 5"), encoding="utf-8")
    assert promised_by("hotline", "2016-12-29", promise_rules(mine)) == "2017-01-03"
    wrong = tmp_path / "错误细则.toml"
    wrong.write_text(rules.replace("complaint = 3", "email = 3"), encoding="utf-8")
    r = street("assess", "2016", "--rules", str(wrong))
    assert r.exit_code == 1
    assert "[tickets.promise] 的“email”不对" in r.stderr


def test_undo_takes_back_an_opened_complaint(street):
    _ok(street, "ticket", "open", "BC", "楼道堆物", "--source", "网上投诉", "--reported", "2016-05-03")
    _ok(street, "undo", "--yes")
    assert json.loads(_ok(street, "ticket", "list", "--format", "json").stdout) == []
