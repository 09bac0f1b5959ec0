"""`gongjian member edit`: a member's unit, community, phone (always shown masked), status (with its day)
and note — audited, undoable — and the year's figures and feedback sheet counting the status on the year's last day."""

from __future__ import annotations

import json

import pytest
from records_support import ID_CHEN, ID_WANG, copy_into, counts, make_roster, master

from gongjian.ledger import Ledger
from gongjian.records.members import member_rules

WANG_PHONE = "13857712345"


def add_two(cli) -> None:
    """王建国 (统计局, 北城社区, registered 2015-04-01) and 陈晓东 (财政局), each serving twice in 2016 and 2017."""
    make_roster(cli)
    steps = [
        ("member", "add", "王建国", "--unit", "乐清市统计局", "--community", "北城社区", "--phone", WANG_PHONE,
         "--id-number", ID_WANG, "--registered", "2015-04-01"),
        ("member", "add", "陈晓东", "--unit", "乐清市财政局", "--community", "北城社区", "--phone", "15058761234",
         "--id-number", ID_CHEN, "--registered", "2015-06-01"),
    ]  # fmt: skip
    for name in ("王建国", "陈晓东"):
        for day, note in (("2016-05-01", "垃圾分类督导"), ("2016-08-20", "平安巡防"), ("2017-02-10", "文明劝导"),
                          ("2017-04-02", "清明祭扫")):  # fmt: skip
            steps.append(("member", "serve", name, "--date", day, "--hours", "2", "--note", note))
    for args in steps:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)


@pytest.fixture(scope="module")
def two_master(tmp_path_factory):
    return master(tmp_path_factory, "two", add_two)


@pytest.fixture
def two(two_master, db, cli):
    copy_into(two_master, db)
    return cli


def shown(cli, ref: str) -> dict:
    r = cli("member", "show", ref, "--format", "json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def test_a_status_with_its_day_is_recorded_logged_and_undone(two, db):
    r = two("member", "edit", "王建国", "--status", "退休", "--on", "2017年3月1日")
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "已修改在职党员（编号 1）：王建国\n  状态：在册 → 退休\n  状态日期：- → 2017-03-01\n"
    member = shown(two, "王建国")
    assert (member["status"], member["status_on"]) == ("retired", "2017-03-01")
    table = two("member", "show", "王建国").stdout
    assert "状态      退休" in table and "状态日期  2017-03-01" in table
    log = json.loads(two("log", "--format", "json").stdout)[0]
    assert log["command"] == "member edit" and log["changes"] == {
        "members": {"insert": 0, "update": 1, "delete": 0}
    }
    assert two("undo", "--yes").exit_code == 0
    member = shown(two, "王建国")
    assert (member["status"], member["status_on"]) == ("active", None)


def test_the_years_figures_and_the_feedback_sheet_count_the_status_on_the_years_last_day(two, db):
    assert two("member", "edit", "陈晓东", "--status", "去世", "--on", "2017-03-01").exit_code == 0
    rules = member_rules()
    with Ledger.open(db) as ledger:
        ids = {r["name"]: r["id"] for r in ledger.store.rows("SELECT id, name FROM units")}
        # In 2016 陈晓东 was in service on 31 December: counted, and met the target (2 services).
        assert ledger.members.member_figures(2016, 2)[ids["乐清市财政局"]] == {
            "registered": 1,
            "met_target": 1,
        }
        # From 2017-03-01 he is not: his unit has nobody to count in 2017.
        assert ids["乐清市财政局"] not in ledger.members.member_figures(2017, 2)
        assert [r["name"] for r in ledger.members.member_feedback("乐清市财政局", 2016, rules)["rows"]] == [
            "陈晓东"
        ]
        assert ledger.members.member_feedback("乐清市财政局", 2017, rules)["rows"] == []
    report = json.loads(two("report", "year", "2016", "--format", "json").stdout)
    later = json.loads(two("report", "year", "2017", "--format", "json").stdout)
    assert json.dumps(report, ensure_ascii=False) != json.dumps(later, ensure_ascii=False)
    sheet = two("member", "feedback", "--unit", "乐清市财政局", "--year", "2016")
    assert sheet.exit_code == 0 and "陈晓东" in sheet.stdout


def test_a_retired_member_serves_only_before_the_status_took_effect(two):
    assert two("member", "edit", "王建国", "--status", "退休", "--on", "2017-06-30").exit_code == 0
    before = two("member", "serve", "王建国", "--date", "2017-06-01", "--hours", "1", "--note", "交接")
    assert before.exit_code == 0, before.stderr
    after = two("member", "serve", "王建国", "--date", "2017-07-01", "--hours", "1", "--note", "义诊")
    assert (after.exit_code, after.stderr) == (
        1,
        "王建国 的状态为“退休”（自 2017-06-30 起），不能登记这一天的服务\n",
    )


def test_unit_community_phone_and_note_change_and_phones_stay_masked(two, db):
    r = two("member", "edit", "王建国", "--unit", "财政局", "--community", "DM", "--phone", "13906660000",
            "--note", "2017年调入财政局")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert r.stdout == (
        "已修改在职党员（编号 1）：王建国\n"
        "  单位：乐清市统计局 → 乐清市财政局\n"
        "  社区：北城社区 → 东门社区\n"
        "  电话：138****2345 → 139****0000\n"
        "  备注：- → 2017年调入财政局\n"
    )
    member = shown(two, "王建国")
    assert (member["unit"], member["community"], member["phone"]) == (
        "乐清市财政局",
        "东门社区",
        "139****0000",
    )
    back = two("member", "edit", "王建国", "--phone", "13857712345")
    assert back.stdout.endswith("  电话：139****0000 → 138****2345\n")
    with Ledger.open(db) as ledger:
        assert ledger.store.scalar("SELECT phone FROM members WHERE id = 1") == "13857712345"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "没有要修改的内容：请给出 --unit、--community、--phone、--status 或 --note"),
        (("--on", "2017-01-01"), "--on 是状态生效的日期，须与 --status 一起使用"),
        (("--status", "去世", "--on", "2014-12-31"), "状态日期 2014-12-31 早于报到日期 2015-04-01"),
        (("--status", "停职"), "党员状态无效：停职（可选：在册、已转出、退休、去世）"),
        (("--unit", "乐清市不存在局"), "找不到单位：乐清市不存在局"),
        (("--community", "北城社区"), "王建国 的信息与所给的相同，未作修改"),
        (("--phone", "15058761234"), "另一名同名党员（编号 3）已使用这个电话：王建国"),
    ],
)
def test_refusals_are_one_line_and_change_nothing(two, db, args, message):
    if "15058761234" in args:  # a second 王建国 with that phone exists
        assert two("member", "edit", "陈晓东", "--phone", "13600001111").exit_code == 0
        second = two(
            "member", "add", "王建国", "--unit", "乐清中学", "--community", "BC", "--phone", "15058761234"
        )
        assert second.exit_code == 0, second.stderr
        ref = "1"
    else:
        ref = "王建国"
    before = counts(db)
    r = two("member", "edit", ref, *args)
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", message + "\n")
    assert counts(db) == before
