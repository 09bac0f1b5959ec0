"""两地报到、双岗服务 (issue #21; 绍兴: 在职党员到出生地、居住地“两地报到、双岗服务”): a member registers
in a second community too; the yearly target is counted per member across both; each community's figures
count their own registrations; the feedback sheet names both communities."""

from __future__ import annotations

import json

import pytest
from registers_support import write_xlsx

from gongjian.ledger import Ledger


def _ok(cli, *args: str):
    r = cli(*args)
    assert r.exit_code == 0, (args, r.stdout, r.stderr)
    return r


@pytest.fixture
def town(cli):
    """北城社区 and 东门社区; 王建国 of the statistics bureau lives in 北城, 李梅 too."""
    for args in (
        ("community", "add", "BC", "北城社区"),
        ("community", "add", "DM", "东门社区"),
        ("unit", "add", "乐清市统计局"),
        ("pair", "add", "BC", "乐清市统计局", "--lead", "--started", "2015-03-01"),
        ("member", "add", "王建国", "--unit", "统计局", "--community", "BC", "--registered", "2015-05-01",
         "--phone", "13857712345"),
        ("member", "add", "李梅", "--unit", "统计局", "--community", "BC", "--registered", "2015-05-01",
         "--phone", "13957700001"),
    ):  # fmt: skip
        _ok(cli, *args)
    return cli


def test_a_member_registers_where_they_were_born_too(town, db):
    r = _ok(town, "member", "register", "王建国", "东门", "--on", "2016-03-01", "--post", "法律咨询")
    assert r.stdout.strip() == "王建国 已在 东门社区 报到（出生地，2016-03-01）"
    rows = json.loads(_ok(town, "member", "registrations", "--format", "json").stdout)
    assert [(r["member"], r["residence"], r["community"], r["place"], r["post"]) for r in rows] == [
        ("王建国", "北城社区", "东门社区", "birthplace", "legal")
    ]
    shown = json.loads(_ok(town, "member", "show", "王建国", "--format", "json").stdout)
    assert shown["registrations"] == [
        {
            "community": "东门社区",
            "place": "birthplace",
            "registered_on": "2016-03-01",
            "post": "legal",
            "ended": None,
        }
    ]
    before = db.read_bytes()
    r = town("member", "register", "王建国", "DM")
    assert (r.exit_code, r.stderr.strip()) == (1, "王建国 已在 东门社区 报到")
    r = town("member", "register", "王建国", "北城社区")
    assert (r.exit_code, r.stderr.strip()) == (1, "北城社区 是 王建国 的居住地报到社区，不必再报到")
    assert db.read_bytes() == before


def test_each_community_counts_its_registrations_and_the_target_is_the_members(town, db):
    _ok(town, "member", "register", "王建国", "DM", "--on", "2016-03-01")
    _ok(town, "member", "register", "李梅", "DM", "--on", "2017-01-10")  # not yet in 2016
    for day in ("2016-04-01", "2016-09-01"):  # two services, wherever done: the target of 2 is met
        _ok(town, "member", "serve", "王建国", "--hours", "2", "--date", day)
    data = json.loads(_ok(town, "report", "year", "2016", "--format", "json").stdout)
    rows = {r["code"]: r for r in data["summary"]}
    assert (rows["BC"]["members_registered"], rows["BC"]["members_met_target"]) == (2, 1)
    assert (rows["DM"]["members_registered"], rows["DM"]["members_met_target"]) == (1, 1)
    assert data["totals"]["members_registered"] == 3  # registrations, not people
    with Ledger.open(db) as ledger:
        unit = ledger.roster.unit("统计局")["id"]
        assert ledger.members.member_figures(2016, 2, by="unit")[unit] == {"registered": 2, "met_target": 1}


def test_the_feedback_sheet_names_both_communities(town):
    _ok(town, "member", "register", "王建国", "DM", "--on", "2016-03-01")
    out = _ok(town, "member", "feedback", "-u", "统计局", "-y", "2016", "--format", "json").stdout
    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["王建国"]["community"] == "北城社区、东门社区"
    assert rows["李梅"]["community"] == "北城社区"


def test_registrations_are_imported_all_or_nothing_exported_and_undone(town, db, tmp_path):
    header = ["姓名", "手机号码", "报到社区", "报到地类型", "报到日期", "认领岗位"]
    bad = write_xlsx(
        tmp_path / "两地报到.xlsx",
        header,
        [
            ["王建国", "13857712345", "东门社区", "出生地", "2016-03-01", "法律咨询"],
            ["李梅", "13957700001", "北城社区", "出生地", "2016-03-01", "便民服务"],
        ],
    )
    before = db.read_bytes()
    r = town("import", "member_registrations", str(bad))
    assert r.exit_code == 1
    assert "北城社区 是 李梅 的居住地报到社区，不必再报到" in r.stdout
    assert db.read_bytes() == before
    good = write_xlsx(
        tmp_path / "两地报到2.xlsx",
        header,
        [
            ["王建国", "13857712345", "东门社区", "出生地", "2016-03-01", "法律咨询"],
            ["李梅", "13957700001", "东门社区", "其他", "2016-05-01", "便民服务"],
        ],
    )
    r = _ok(town, "import", "member_registrations", str(good))
    assert "新增 2" in r.stdout
    r = _ok(town, "import", "member_registrations", str(good))
    assert "新增 0，更新 0，未变 2" in r.stdout
    exported = json.loads(_ok(town, "export", "member_registrations", "--format", "json").stdout)
    assert [(e["member"], e["phone"], e["community"], e["place"]) for e in exported] == [
        ("王建国", "138****2345", "东门社区", "birthplace"),
        ("李梅", "139****0001", "东门社区", "other"),
    ]
    _ok(town, "undo", "--yes")  # the second import changed nothing; undo takes back the first
    _ok(town, "undo", "--yes")
    assert json.loads(_ok(town, "member", "registrations", "--format", "json").stdout) == []
