"""Joint meetings (联席会议) through the CLI and the Ledger API: attendance, the rotating chair, figures, imports."""

from __future__ import annotations

import sqlite3

import pytest
from projects_support import build_town, count, import_row, js, refused

from gongjian.errors import YearFinalized
from gongjian.ledger import Ledger
from gongjian.reading.specs import ImportContext


@pytest.fixture
def town(db, cli):
    """The small roster of `build_town`, with a CLI runner bound to it."""
    build_town(db)
    return cli


def test_meeting_add_records_attendance_and_refuses_bad_input(town, db):
    r = town(
        "meeting",
        "add",
        "2016-03-18",
        "BC",
        "--chair",
        "人民医院",
        "--present",
        "统计局",
        "--topics",
        "二季度项目认领",
        "--decisions",
        "晾晒场项目由统计局牵头",
    )
    assert r.stdout == (
        "已登记联席会议 #1：北城社区 2016-03-18，轮值主席 乐清市人民医院，出席 2/3 个单位\n"
        "缺席：乐清市司法局\n"
    )
    r = town("meeting", "add", "2016年6月20日", "BC", "--absent", "司法局", "--absent", "统计局")
    assert r.exit_code == 0, r.stderr
    assert town("meeting", "add", "2016-09-20", "BC", "--present", "全部").exit_code == 0
    rows = js(town("meeting", "list", "--format", "json"))
    assert [
        (m["date"], m["chair"], m["present"], m["absent"], m["attended"], m["invited"]) for m in rows
    ] == [
        ("2016-03-18", "乐清市人民医院", ["乐清市统计局", "乐清市人民医院"], ["乐清市司法局"], 2, 3),
        ("2016-06-20", None, ["乐清市人民医院"], ["乐清市统计局", "乐清市司法局"], 1, 3),
        ("2016-09-20", None, ["乐清市统计局", "乐清市人民医院", "乐清市司法局"], [], 3, 3),
    ]
    assert rows[0]["topics"] == "二季度项目认领" and rows[0]["year"] == 2016
    before = count(db, "meeting_attendance")
    refused(
        town("meeting", "add", "2016-03-18", "BC", "--present", "统计局"),
        "北城社区在 2016-03-18 已登记过一次联席会议（#1）",
    )
    refused(
        town("meeting", "add", "2016-12-01", "BC", "--chair", "正泰", "--present", "统计局"),
        "正泰集团股份有限公司 在 2016-12-01 未与北城社区结对，不能担任轮值主席",
    )
    refused(
        town("meeting", "add", "2016-12-01", "BC"),
        "请登记出席情况：用 --present 列出出席单位（全部出席写 --present 全部），或用 --absent 列出缺席单位",
    )
    refused(
        town("meeting", "add", "2016-12-01", "BC", "--present", "统计局", "--absent", "司法局"),
        "--present（出席单位）与 --absent（缺席单位）只能选一种方式登记",
    )
    refused(
        town("meeting", "add", "2016-12-01", "BC", "--chair", "统计局", "--absent", "统计局"),
        "乐清市统计局 是轮值主席，不能同时登记为缺席",
    )
    refused(
        town("meeting", "add", "2016-12-01", "BC", "--absent", "财政局"),
        "乐清市财政局 在 2016-12-01 未与北城社区结对，不必登记缺席",
    )
    refused(
        town("meeting", "add", "2015-01-10", "BC", "--present", "全部"), "北城社区在 2015-01-10 没有结对单位"
    )
    assert count(db, "meetings") == 3 and count(db, "meeting_attendance") == before
    assert [
        m["date"]
        for m in js(town("meeting", "list", "--unit", "司法局", "--year", "2016", "--format", "json"))
    ] == ["2016-03-18", "2016-06-20", "2016-09-20"]


def test_next_chair_turns_through_the_rotation(town):
    """Never-chaired units first (by pairing date), then the least recent chair; joins and departures count."""

    def next_chair(on: str) -> str:
        r = town("meeting", "next-chair", "BC", "--on", on, "--format", "json")
        return js(r)["unit"]

    held = []
    for i, day in enumerate(
        ["2015-03-26", "2015-06-18", "2015-09-17", "2015-12-17", "2016-03-17", "2016-06-16"]
    ):
        chair = next_chair(day)
        held.append(chair)
        assert town("meeting", "add", day, "BC", "--chair", chair, "--present", "全部").exit_code == 0, i
    assert held == ["乐清市统计局", "乐清市人民医院", "乐清市司法局"] * 2
    r = town("meeting", "next-chair", "BC", "--on", "2016-07-01")
    assert r.stdout == "北城社区下一任轮值主席：乐清市统计局（上次担任：2015-12-17，共担任 2 次）\n"
    # a newly paired unit has never chaired, so it goes next; a unit whose pairing ended drops out
    with Ledger.open(town.path) as ledger:
        ledger.roster.add_pairing("BC", "正泰集团股份有限公司", started="2016-07-01")
        ledger.roster.end_pairing("BC", "乐清市司法局", ended="2016-08-01")
    assert town("meeting", "next-chair", "BC", "--on", "2016-07-15").stdout == (
        "北城社区下一任轮值主席：正泰集团股份有限公司（从未担任轮值主席）\n"
    )
    assert town("meeting", "add", "2016-09-15", "BC", "--chair", "正泰", "--present", "全部").exit_code == 0
    queue = js(town("meeting", "next-chair", "BC", "--on", "2016-09-30", "--all", "--format", "json"))
    assert [(q["order"], q["unit"], q["last_chaired"], q["times_chaired"]) for q in queue] == [
        (1, "乐清市统计局", "2015-12-17", 2),
        (2, "乐清市人民医院", "2016-03-17", 2),
        (3, "正泰集团股份有限公司", "2016-09-15", 1),
    ]
    # judged as of an earlier day, later meetings do not count
    assert next_chair("2015-06-01") == "乐清市人民医院"
    refused(town("meeting", "next-chair", "DM", "--on", "2014-01-01"), "东门社区在 2014-01-01 没有结对单位")


def test_next_chair_ties_on_pairing_date_break_by_unit_id(town):
    with Ledger.open(town.path) as ledger:
        ledger.roster.add_community(code="XM", name="西门社区")
        ledger.roster.add_pairing("XM", "正泰集团股份有限公司", started="2015-04-01")
        ledger.roster.add_pairing("XM", "乐清市司法局", started="2015-04-01")
        ledger.roster.add_pairing("XM", "乐清市人民医院")  # no start date: after those with one
    queue = js(town("meeting", "next-chair", "XM", "--all", "--format", "json"))
    assert [q["unit"] for q in queue] == ["乐清市司法局", "正泰集团股份有限公司", "乐清市人民医院"]


def test_meeting_attendance_listing(town):
    for day, present in [
        ("2016-03-18", "统计局、人民医院"),
        ("2016-06-18", "统计局"),
        ("2016-09-18", "统计局、司法局"),
    ]:
        assert town("meeting", "add", day, "BC", "--present", present).exit_code == 0
    rows = js(town("meeting", "attendance", "2016", "--format", "json"))
    assert [
        (r["unit"], r["held"], r["attended"], r["missed"], round(r["attendance_rate"], 3)) for r in rows
    ] == [
        ("乐清市人民医院", 3, 1, 2, 0.333),
        ("乐清市司法局", 3, 1, 2, 0.333),
        ("乐清市统计局", 3, 3, 0, 1.0),
    ]
    assert town("meeting", "attendance", "2016").stdout.startswith("2016年联席会议出席情况\n")


def test_a_finalised_year_freezes_its_meetings(town, db):
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO assessment_years (year, finalized_at) VALUES (2016, '2017-01-20T00:00:00Z')")
    conn.commit()
    conn.close()
    r = town("meeting", "add", "2016-12-10", "BC", "--present", "全部")
    assert r.exit_code == 1 and "已定稿" in r.stderr
    assert count(db, "meetings") == 0
    assert town("meeting", "add", "2017-03-10", "BC", "--present", "全部").exit_code == 0


def test_meeting_attendance_figures(ledger):
    for code, name in [("BC", "北城社区"), ("DM", "东门社区")]:
        ledger.roster.add_community(code=code, name=name)
    ids = {
        name: ledger.roster.add_unit(name=name)["id"]
        for name in ("乐清市统计局", "乐清市财政局", "中国移动乐清分公司")
    }
    ledger.roster.add_pairing("BC", "乐清市统计局", lead=True, started="2015-03-01")
    ledger.roster.add_pairing("DM", "乐清市财政局", lead=True, started="2015-03-01")
    ledger.roster.add_pairing("BC", "中国移动乐清分公司", started="2016-05-01")  # joins in the middle of 2016
    ledger.meetings.add_meeting(date="2015-12-10", community="BC", present=["乐清市统计局"])
    ledger.meetings.add_meeting(date="2016-03-10", community="BC", present=["全部"])
    ledger.meetings.add_meeting(
        date="2016-06-10", community="BC", absent=["乐清市统计局"], chair="中国移动乐清分公司"
    )
    ledger.meetings.add_meeting(
        date="2016-09-10", community="BC", present=["乐清市统计局", "乐清市财政局"]
    )  # a guest
    ledger.meetings.add_meeting(date="2016-09-12", community="DM", present=["乐清市财政局"])
    figures = ledger.meetings.meeting_attendance_figures(2016)
    assert figures[ids["乐清市统计局"]] == {"held": 3, "attended": 2}
    assert figures[ids["中国移动乐清分公司"]] == {"held": 2, "attended": 1}
    assert figures[ids["乐清市财政局"]] == {
        "held": 1,
        "attended": 1,
    }  # attending 北城 as a guest does not count
    assert ledger.meetings.meeting_attendance_figures(2015)[ids["中国移动乐清分公司"]] == {
        "held": 0,
        "attended": 0,
    }


def test_import_meetings_updates_attendance(ledger):
    ledger.roster.add_community(code="BC", name="北城社区")
    for name in ("乐清市统计局", "乐清市人民医院"):
        ledger.roster.add_unit(name=name)
        ledger.roster.add_pairing("BC", name, lead=name == "乐清市统计局", started="2015-03-01")
    ctx = ImportContext()
    row = {
        "date": "2016年3月18日",
        "community": "BC",
        "chair": "乐清市统计局",
        "present": "乐清市统计局",
        "topics": "一季度工作",
    }
    assert import_row(ledger, "meetings", row, ctx) == "inserted"
    assert import_row(ledger, "meetings", row, ctx) == "unchanged"
    assert (
        import_row(ledger, "meetings", {**row, "present": "乐清市统计局、乐清市人民医院"}, ctx) == "updated"
    )
    assert ledger.meetings.list_meetings()[0]["present"] == ["乐清市统计局", "乐清市人民医院"]
    with pytest.raises(YearFinalized):
        ledger.store.conn.execute("INSERT INTO assessment_years (year, finalized_at) VALUES (2016, 'x')")
        import_row(ledger, "meetings", {**row, "date": "2016-06-18"}, ctx)


def test_demo_has_projects_in_every_state_and_rotating_chairs(demo_cli):
    projects = js(demo_cli("project", "list", "--format", "json"))
    assert 55 <= len(projects) <= 65
    assert {p["status"] for p in projects} == {"listed", "claimed", "done", "cancelled"}
    assert any(p["in_hall"] for p in projects)
    assert any(p["via_hall"] for p in projects) and any(p["bid_fen"] for p in projects)
    assert any(len(p["claimants"]) > 1 for p in projects)
    assert any(p["satisfaction"] is not None for p in projects)
    meetings = js(demo_cli("meeting", "list", "--format", "json"))
    assert len(meetings) == 12 * 4 * 2
    by_community: dict[str, list[str]] = {}
    for m in meetings:
        by_community.setdefault(m["community"], []).append(m["chair"])
    for chairs in by_community.values():
        assert len(chairs) == 8 and len(set(chairs)) == 8  # every community has more than 8 paired units
    rates = js(demo_cli("meeting", "attendance", "2016", "--format", "json"))
    assert rates[0]["attendance_rate"] < 0.5 < rates[-1]["attendance_rate"] == 1.0


def test_gongjian_import_meetings(town, tmp_path):
    sheet = tmp_path / "联席会议.csv"
    sheet.write_text(
        "日期,社区,轮值主席,出席单位,议题\n"
        "2016-03-18,北城社区,乐清市统计局,乐清市统计局、乐清市人民医院,一季度工作\n"
        "2016-06-18,北城社区,乐清市人民医院,全部,二季度项目认领\n",
        encoding="utf-8",
    )
    r = town("import", "meetings", str(sheet))
    assert r.exit_code == 0, r.stderr
    assert "新增 2" in r.stdout
    assert "未变 2" in town("import", "meetings", str(sheet)).stdout
    rows = js(town("meeting", "list", "--format", "json"))
    assert [(m["chair"], m["attended"], m["absent"]) for m in rows] == [
        ("乐清市统计局", 2, ["乐清市司法局"]),
        ("乐清市人民医院", 3, []),
    ]
    assert (
        js(town("meeting", "next-chair", "BC", "--on", "2016-07-01", "--format", "json"))["unit"]
        == "乐清市司法局"
    )
