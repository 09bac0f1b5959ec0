"""Members beyond the in-service (issue #21; 绍兴: 非在职党员到社区“亮身份、履契约”): a member's kind, each
kind's own yearly target in the rules file, the year's figures by kind; a work unit answers for its
在职党员 only."""

from __future__ import annotations

import json
from datetime import date

import pytest
from registers_support import write_xlsx

from gongjian.ledger import Ledger
from gongjian.paths import data_path
from gongjian.reports.digest import digest


def _ok(cli, *args: str):
    r = cli(*args)
    assert r.exit_code == 0, (args, r.stdout, r.stderr)
    return r


@pytest.fixture
def town(cli):
    """北城社区 with the statistics bureau; 王建国 in service, 赵德明 retired, each with one service in 2016."""
    for args in (
        ("community", "add", "BC", "北城社区"),
        ("unit", "add", "乐清市统计局"),
        ("pair", "add", "BC", "乐清市统计局", "--lead", "--started", "2015-03-01"),
        ("member", "add", "王建国", "--unit", "统计局", "-c", "BC", "--registered", "2015-05-01",
         "--phone", "13857712345"),
        ("member", "add", "赵德明", "--unit", "统计局", "-c", "BC", "--registered", "2015-05-01",
         "--phone", "13957700001", "--kind", "退休"),
        ("member", "serve", "王建国", "--hours", "2", "--date", "2016-04-01"),
        ("member", "serve", "赵德明", "--hours", "2", "--date", "2016-04-01"),
    ):  # fmt: skip
        _ok(cli, *args)
    return cli


def _rules(tmp_path, extra: str):
    path = tmp_path / "细则.toml"
    text = data_path("rules", "default.toml").read_text(encoding="utf-8")
    path.write_text(text.replace("[members.feedback]", extra + "\n[members.feedback]"), encoding="utf-8")
    return path


def test_a_members_kind_is_recorded_shown_imported_and_exported(town, tmp_path):
    shown = json.loads(_ok(town, "member", "show", "赵德明", "--format", "json").stdout)
    assert shown["kind"] == "retired"
    assert "离退休党员" in _ok(town, "member", "show", "赵德明").stdout
    sheet = write_xlsx(
        tmp_path / "党员.xlsx",
        ["姓名", "工作单位", "报到社区", "手机号码", "党员身份"],
        [
            ["钱芳", "乐清市统计局", "北城社区", "13957700002", "灵活就业"],
            ["孙立", "乐清市统计局", "北城社区", "13957700003", ""],
        ],
    )
    _ok(town, "import", "members", str(sheet))
    kinds = {
        m["name"]: m["kind"] for m in json.loads(_ok(town, "export", "members", "--format", "json").stdout)
    }
    assert kinds == {"王建国": "in_service", "赵德明": "retired", "钱芳": "flexible", "孙立": "in_service"}


def test_a_unit_answers_for_its_in_service_members_and_the_community_for_all(town, db):
    with Ledger.open(db) as ledger:
        unit = ledger.roster.unit("统计局")["id"]
        community = ledger.roster.community("BC")["id"]
        figures = ledger.members.member_figures(2016, 2, by="both")
        assert figures["unit"][unit] == {"registered": 1, "met_target": 0}
        assert figures["community"][community] == {"registered": 2, "met_target": 0}
        # 离退休党员 owe one service a year under these rules: 赵德明 met his
        kinds = {"retired": 1}
        figures = ledger.members.member_figures(2016, 2, by="both", kinds=kinds)
        assert figures["unit"][unit] == {"registered": 1, "met_target": 0}
        assert figures["community"][community] == {"registered": 2, "met_target": 1}
        assert ledger.members.kind_figures(2016, 2, kinds) == [
            {"kind": "in_service", "target": 2, "registered": 1, "met_target": 0},
            {"kind": "retired", "target": 1, "registered": 1, "met_target": 1},
        ]


def test_the_year_shows_members_by_kind_under_the_rules_it_was_finalised_with(town, tmp_path):
    data = json.loads(_ok(town, "report", "year", "2016", "--format", "json").stdout)
    assert [(k["kind"], k["target"], k["registered"], k["met_target"]) for k in data["member_kinds"]] == [
        ("in_service", 2, 1, 0),
        ("retired", 2, 1, 0),
    ]
    assert "2016年度各类党员报到及服务情况" in _ok(town, "report", "year", "2016").stdout
    rules = _rules(tmp_path, "[members.kinds]\nretired = 1\n")
    _ok(town, "assess", "2016", "--rules", str(rules), "--finalize")
    data = json.loads(_ok(town, "report", "year", "2016", "--format", "json").stdout)
    assert [(k["kind"], k["target"], k["met_target"]) for k in data["member_kinds"]] == [
        ("in_service", 2, 0),
        ("retired", 1, 1),
    ]
    assert data["totals"]["members_met_target"] == 1


def test_a_rules_file_naming_an_unknown_kind_is_refused(town, tmp_path):
    rules = _rules(tmp_path, "[members.kinds]\nvisitor = 1\n")
    r = town("assess", "2016", "--rules", str(rules))
    assert r.exit_code == 1
    assert "[members.kinds] 的“visitor”不对" in r.stderr


def test_a_kinds_own_target_is_the_one_every_listing_card_and_digest_uses(town, tmp_path):
    """With 离退休党员 owing one service a year, 赵德明's one service meets his target wherever it is read:
    the below-target list, the list's totals, his 活动记录卡, `member serve`'s line and the digest."""
    rules = str(_rules(tmp_path, "[members.kinds]\nretired = 1\n"))
    below = json.loads(
        _ok(
            town, "member", "list", "--below-target", "-y", "2016", "--rules", rules, "--format", "json"
        ).stdout
    )
    assert [(m["name"], m["owed"]) for m in below] == [("王建国", 1)]
    listed = _ok(town, "member", "list", "-y", "2016", "--rules", rules).stdout
    assert listed.splitlines()[-1] == "共 2 名；2016 年已达标 1 名，未达标 1 名（目标 2 次）"
    card = json.loads(
        _ok(town, "member", "card", "赵德明", "-y", "2016", "--rules", rules, "--format", "json").stdout
    )
    assert (card["count"], card["target"], card["met"], card["owed"]) == (1, 1, True, 0)
    with Ledger.open(town.path, readonly=True) as ledger:
        day = date(2016, 6, 1)
        owing = digest(
            ledger, since="2016-01-01", until="2016-06-01", today=day, target=2, kinds={"retired": 1}
        )
        assert [(m["name"], m["missing"]) for m in owing["members_under_target"]["items"]] == [("王建国", 1)]
        everyone = digest(ledger, since="2016-01-01", until="2016-06-01", today=day, target=2)
        assert everyone["members_under_target"]["count"] == 2
    served = _ok(town, "member", "serve", "赵德明", "--hours", "1", "--date", "2016-05-01", "--rules", rules)
    assert served.stdout == "已记录服务：赵德明 2016-05-01 1 小时（2016 年第 2 次，目标 1 次）\n"
    # without the kinds table both owe 2: the shipped rules
    below = json.loads(_ok(town, "member", "list", "--below-target", "-y", "2016", "--format", "json").stdout)
    assert sorted(m["name"] for m in below) == ["王建国"]  # 赵德明 has two services now
