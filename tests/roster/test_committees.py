"""兼职委员 (issue #21): unit leaders on community and street party committees, recorded, imported,
listed, exported, merged, undone, and in the year's report, book and assessment."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from registers_support import write_xlsx

from gongjian.ledger import Ledger

HEADER = ["姓名", "所在单位", "兼职组织", "兼职职务", "单位职务", "任职日期", "离任日期"]


def _roster(cli) -> None:
    for args in (
        ("community", "add", "BC", "北城社区", "--street", "乐成街道"),
        ("community", "add", "DM", "东门社区", "--street", "乐成街道"),
        ("community", "add", "CH", "长虹社区", "--street", "城南街道"),
        ("unit", "add", "乐清市统计局"),
        ("unit", "add", "乐清市财政局"),
        ("pair", "add", "BC", "乐清市统计局", "--lead", "--started", "2015-03-01"),
        ("pair", "add", "DM", "乐清市财政局", "--lead", "--started", "2015-03-01"),
    ):
        r = cli(*args)
        assert r.exit_code == 0, (args, r.stderr)


@pytest.fixture
def seated(cli):
    """Two communities of 乐成街道 and one of 城南街道; the statistics bureau's 郑国华 on 北城社区's
    committee, 财政局's 陈晓东 on 乐成街道's, 李梅 on 长虹社区's until mid-2016."""
    _roster(cli)
    for args in (
        (
            "committee",
            "add",
            "郑国华",
            "统计局",
            "北城社区",
            "--role",
            "兼职副书记",
            "--unit-post",
            "党组书记、局长",
            "--started",
            "2016-03-01",
        ),
        (
            "committee",
            "add",
            "陈晓东",
            "财政局",
            "乐成街道",
            "--unit-post",
            "副局长",
            "--started",
            "2016-04-01",
        ),
        ("committee", "add", "李梅", "统计局", "CH", "--started", "2015-01-01"),
        ("committee", "end", "李梅", "--on", "2016-06-30"),
    ):
        r = cli(*args)
        assert r.exit_code == 0, (args, r.stderr)
    return cli


def test_a_seat_is_recorded_with_its_committee_role_and_post(cli):
    _roster(cli)
    r = cli(
        "committee",
        "add",
        "郑国华",
        "统计局",
        "北城",
        "--role",
        "副书记",
        "--unit-post",
        "党组书记、局长",
        "--started",
        "2016年3月1日",
    )
    assert r.exit_code == 0, r.stderr
    assert r.stdout.strip() == "已登记兼职委员：郑国华（乐清市统计局）任 北城社区 兼职副书记"
    r = cli("committee", "add", "陈晓东", "财政局", "乐成街道")
    assert r.stdout.strip() == "已登记兼职委员：陈晓东（乐清市财政局）任 乐成街道 兼职委员"
    rows = json.loads(cli("committee", "list", "--format", "json").stdout)
    assert [
        (s["committee"], s["person"], s["unit"], s["role"], s["unit_post"], s["started"]) for s in rows
    ] == [
        ("北城社区", "郑国华", "乐清市统计局", "deputy_secretary", "党组书记、局长", "2016-03-01"),
        ("乐成街道", "陈晓东", "乐清市财政局", "member", None, None),
    ]
    table = cli("committee", "list").stdout
    assert "兼职副书记" in table and "党组书记、局长" in table and "共 2 条" in table


def test_a_second_open_seat_an_unknown_committee_and_a_bad_end_are_refused_untouched(seated, db):
    before = db.read_bytes()
    r = seated("committee", "add", "郑国华", "统计局", "BC")
    assert (r.exit_code, r.stderr.strip()) == (
        1,
        "郑国华 已在 北城社区 兼职且未离任；先用 gongjian committee end 结束原任职",
    )
    r = seated("committee", "add", "张三", "统计局", "火星街道")
    assert (r.exit_code, r.stderr.strip()) == (
        1,
        "找不到兼职组织“火星街道”：应为社区（代码、名称）或社区登记的街道名称",
    )
    r = seated("committee", "end", "郑国华", "--on", "2016-01-01")
    assert (r.exit_code, r.stderr.strip()) == (1, "结束日期 2016-01-01 早于开始日期 2016-03-01")
    r = seated("committee", "end", "李梅")
    assert (r.exit_code, r.stderr.strip()) == (1, "李梅 已于 2016-06-30 离任")
    assert db.read_bytes() == before


def test_the_unit_and_the_community_show_their_seats(seated):
    unit = json.loads(seated("unit", "show", "统计局", "--format", "json").stdout)
    assert [(s["person"], s["committee"]) for s in unit["committee_seats"]] == [
        ("郑国华", "北城社区"),
        ("李梅", "长虹社区"),
    ]
    # 东门社区 lies in 乐成街道: its page shows the street committee's seat too
    community = json.loads(seated("community", "show", "DM", "--format", "json").stdout)
    assert [(s["person"], s["committee"], s["unit"]) for s in community["committee_seats"]] == [
        ("陈晓东", "乐成街道", "乐清市财政局")
    ]
    text = seated("unit", "show", "统计局").stdout
    assert "兼职委员" in text and "2016-06-30" in text


def test_list_by_day_and_by_community(seated):
    on = json.loads(seated("committee", "list", "--on", "2016-12-31", "--format", "json").stdout)
    assert [s["person"] for s in on] == ["郑国华", "陈晓东"]
    bc = json.loads(seated("committee", "list", "-c", "北城社区", "--format", "json").stdout)
    assert [s["person"] for s in bc] == ["郑国华", "陈晓东"]
    rows = list(csv.DictReader(seated("committee", "list", "--format", "csv").stdout.splitlines()))
    assert rows[0] == {
        "committee": "北城社区",
        "person": "郑国华",
        "unit": "乐清市统计局",
        "role": "deputy_secretary",
        "unit_post": "党组书记、局长",
        "started": "2016-03-01",
        "ended": "",
    }


def test_import_is_all_or_nothing_then_updates_and_inserts(cli, db, tmp_path):
    _roster(cli)
    bad = write_xlsx(
        tmp_path / "兼职委员.xlsx",
        HEADER,
        [
            ["郑国华", "乐清市统计局", "北城社区", "兼职副书记", "党组书记", "2016-03-01", ""],
            ["赵磊", "乐清市财政局", "西湖街道", "兼职委员", "", "2016-05-01", ""],
        ],
    )
    before = db.read_bytes()
    r = cli("import", "committee_seats", str(bad))
    assert r.exit_code == 1
    assert "找不到兼职组织“西湖街道”" in r.stdout
    assert db.read_bytes() == before
    good = write_xlsx(
        tmp_path / "兼职委员2.xlsx",
        HEADER,
        [
            ["郑国华", "乐清市统计局", "北城社区", "兼职副书记", "党组书记", "2016-03-01", ""],
            ["赵磊", "乐清市财政局", "城南街道", "委员", "", "2016-05-01", "2017-04-30"],
        ],
    )
    r = cli("import", "committee_seats", str(good))
    assert r.exit_code == 0, r.stdout
    assert "新增 2" in r.stdout
    again = write_xlsx(
        tmp_path / "兼职委员3.xlsx",
        HEADER,
        [
            ["郑国华", "乐清市统计局", "北城社区", "兼职副书记", "党组书记、局长", "2016-03-01", ""],
            ["赵磊", "乐清市财政局", "城南街道", "委员", "", "2016-05-01", "2017-04-30"],
        ],
    )
    r = cli("import", "committee_seats", str(again))
    assert r.exit_code == 0, r.stderr
    assert "新增 0，更新 1，未变 1" in r.stdout
    rows = json.loads(cli("committee", "list", "--format", "json").stdout)
    assert [(s["person"], s["unit_post"], s["ended"]) for s in rows] == [
        ("郑国华", "党组书记、局长", None),
        ("赵磊", None, "2017-04-30"),
    ]


def test_the_template_has_the_columns_a_clerk_fills(cli, tmp_path):
    from python_calamine import CalamineWorkbook

    r = cli("template", "committee_seats", "-o", str(tmp_path / "t.xlsx"))
    assert r.exit_code == 0, r.stderr
    sheet = CalamineWorkbook.from_path(str(tmp_path / "t.xlsx")).get_sheet_by_index(0).to_python()
    header = next(row for row in sheet if "姓名" in row)
    assert [h for h in header if h][:4] == ["姓名", "单位", "兼职组织", "兼职职务"]


def test_export_then_import_into_a_new_ledger_gives_the_same_seats(seated, tmp_path):
    out = tmp_path / "seats.csv"
    assert seated("export", "committee_seats", "--format", "csv", "-o", str(out)).exit_code == 0
    from tests.conftest import Cli

    other = tmp_path / "other.db"
    Ledger.open(other, create=True).close()
    fresh = Cli(other)
    _roster(fresh)
    r = fresh("import", "committee_seats", str(out))
    assert r.exit_code == 0, r.stdout
    keep = ("committee", "person", "unit", "role", "unit_post", "started", "ended")
    mine = json.loads(seated("committee", "list", "--format", "json").stdout)
    theirs = json.loads(fresh("committee", "list", "--format", "json").stdout)
    assert [{k: s[k] for k in keep} for s in theirs] == [{k: s[k] for k in keep} for s in mine]


def test_undo_takes_back_an_added_seat(seated, db):
    assert seated("committee", "add", "周涛", "财政局", "DM").exit_code == 0
    assert seated("undo", "--yes").exit_code == 0
    names = [s["person"] for s in json.loads(seated("committee", "list", "--format", "json").stdout)]
    assert "周涛" not in names and len(names) == 3


def test_the_year_report_lists_the_seats_that_served_in_the_year(seated):
    data = json.loads(seated("report", "year", "2016", "--format", "json").stdout)
    assert [(s["committee"], s["person"], s["ended"]) for s in data["committee_seats"]] == [
        ("北城社区", "郑国华", None),
        ("长虹社区", "李梅", "2016-06-30"),
        ("乐成街道", "陈晓东", None),
    ]
    later = json.loads(seated("report", "year", "2017", "--format", "json").stdout)
    assert [s["person"] for s in later["committee_seats"]] == ["郑国华", "陈晓东"]
    text = seated("report", "year", "2016").stdout
    assert "2016年兼职委员（任职覆盖本年）" in text


def test_the_book_has_a_committee_sheet_and_the_rules_may_reward_seats(seated, db, tmp_path):
    from python_calamine import CalamineWorkbook

    from gongjian.paths import data_path

    rules = data_path("rules", "default.toml").read_text(encoding="utf-8")
    rules = rules.replace('[bonus]\nname = "加分项"\nmax = 5', '[bonus]\nname = "加分项"\nmax = 7')
    rules += (
        '\n[[bonus.items]]\nkey = "committee"\nname = "兼职委员"\nstandard = "单位负责人到社区、街道党组织兼职"\n'
        'deduction = "每有1人兼职加1分，最高加2分"\nmethod = "查阅兼职委员名册"\nmeasure = "committee_seats"\n'
        "points = 1\nper = 1\nmax = 2\n"
    )
    path = tmp_path / "细则.toml"
    path.write_text(rules, encoding="utf-8")
    book = tmp_path / "考评.xlsx"
    r = seated("assess", "2016", "--rules", str(path), "-o", str(book), "--format", "json")
    assert r.exit_code == 0, r.stderr
    wb = CalamineWorkbook.from_path(str(book))
    assert "兼职委员" in wb.sheet_names
    rows = wb.get_sheet_by_name("兼职委员").to_python()
    assert ["北城社区", "郑国华", "乐清市统计局", "兼职副书记", "党组书记、局长", "2016-03-01", ""] in rows
    with Ledger.open(db) as ledger:
        from gongjian.reports.figures import as_of, unit_measures

        units = {ledger.roster.unit(n)["id"]: n for n in ("乐清市统计局", "乐清市财政局")}
        measures = unit_measures(ledger, 2016, list(units), target=2, as_of=as_of(2016))
    assert {units[u]: m["committee_seats"] for u, m in measures.items()} == {
        "乐清市统计局": 2,
        "乐清市财政局": 1,
    }


def test_a_ledger_without_seats_has_no_committee_sheet(demo_cli, tmp_path):
    from python_calamine import CalamineWorkbook

    book = tmp_path / "考评.xlsx"
    assert demo_cli("assess", "2016", "-o", str(book)).exit_code == 0
    assert "兼职委员" not in CalamineWorkbook.from_path(str(book)).sheet_names


def test_two_clerks_seats_merge_into_the_street_ledger(seated, db, tmp_path):
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    from tests.conftest import Cli

    other = Cli(copy)
    assert other("committee", "add", "周涛", "财政局", "DM", "--started", "2017-01-01").exit_code == 0
    target = tmp_path / "街道.db"
    r = seated("merge", str(db), str(copy), "--into", str(target))
    assert r.exit_code == 0, r.stderr
    merged = Cli(Path(target))
    people = sorted(s["person"] for s in json.loads(merged("committee", "list", "--format", "json").stdout))
    assert people == ["周涛", "李梅", "郑国华", "陈晓东"]
