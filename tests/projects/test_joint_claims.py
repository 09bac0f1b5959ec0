"""Joint bids and pooled funding (issue #21; 绍兴: “由市质监局、派出所等单位联合竞拍成功”, “以竞拍、众筹等形式履约”):
several units bid together or pool money, each with its own share, and each unit's assessment counts its share."""

from __future__ import annotations

import json

import pytest
from projects_support import build_town, js, refused
from registers_support import write_xlsx

from gongjian.ledger import Ledger
from gongjian.reports.figures import as_of, unit_measures


@pytest.fixture
def court(db, cli):
    """Project #1 “水岸法庭” in 北城社区, listed 2016-04-01 (claim deadline 2016-04-30), budget 3万元."""
    build_town(db)
    r = cli(
        "project",
        "add",
        "BC",
        "水岸法庭",
        "--budget",
        "3万元",
        "--listed",
        "2016-04-01",
        "--deadline",
        "2016-04-30",
    )
    assert r.exit_code == 0, r.stderr
    return cli


def test_a_joint_bid_records_each_bidders_share(court):
    r = court(
        "project", "claim", "水岸法庭", "司法局", "人民医院", "--bid", "3万元",
        "--share", "司法局=2万元", "--share", "乐清市人民医院：1万", "--on", "2016-04-15",
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines() == [
        "乐清市司法局 已认领项目 #1“水岸法庭”（竞拍出价 20,000.00 元，2016-04-15）",
        "乐清市人民医院 已认领项目 #1“水岸法庭”（竞拍出价 10,000.00 元，2016-04-15）",
    ]
    row = js(court("project", "list", "--format", "json"))[0]
    assert (row["claimants"], row["bid_fen"]) == (["乐清市司法局", "乐清市人民医院"], 3_000_000)
    table = court("project", "list").stdout
    assert "乐清市司法局（竞拍 20,000.00 元）" in table and "乐清市人民医院（竞拍 10,000.00 元）" in table
    claims = js(court("project", "show", "水岸法庭", "--format", "json"))["claims"]
    assert [(c["unit"], c["how"], c["bid_fen"], c["share_fen"]) for c in claims] == [
        ("乐清市司法局", "bid", 2_000_000, 2_000_000),
        ("乐清市人民医院", "bid", 1_000_000, 1_000_000),
    ]


def test_shares_that_do_not_add_up_or_name_others_are_refused_untouched(court, db):
    before = db.read_bytes()
    args = ("project", "claim", "水岸法庭", "司法局", "人民医院", "--bid", "3万元", "--on", "2016-04-15")
    refused(
        court(*args, "--share", "司法局=2万元", "--share", "人民医院=5000"),
        "各单位份额合计 25,000.00 元，与出价 30,000.00 元不符",
    )
    refused(
        court(*args, "--share", "司法局=2万元"),
        "几个单位联合竞拍：请用 --share 单位=金额 写明每个单位的份额（合计等于出价）",
    )
    refused(
        court(*args, "--share", "司法局=2万元", "--share", "统计局=1万元"),
        "乐清市统计局 不在这次认领的单位中，不能写份额",
    )
    refused(
        court(*args, "--share", "司法局 2万元"),
        "份额“司法局 2万元”应写成 单位=金额，如 乐清市统计局=1万元",
    )
    assert db.read_bytes() == before


def test_pooled_funding_and_the_assessment_counts_each_units_own_share(court, db):
    r = court(
        "project", "claim", "水岸法庭", "统计局", "人民医院", "司法局",
        "--share", "统计局=1.2万", "--share", "人民医院=6000", "--on", "2016-04-10",
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert (
        r.stdout.splitlines()[0]
        == "乐清市统计局 已认领项目 #1“水岸法庭”（认领，出资 12,000.00 元，2016-04-10）"
    )
    assert r.stdout.splitlines()[2] == "乐清市司法局 已认领项目 #1“水岸法庭”（认领，2016-04-10）"
    table = court("project", "list").stdout
    assert "乐清市统计局（出资 12,000.00 元）" in table and "乐清市人民医院（出资 6,000.00 元）" in table
    with Ledger.open(db) as ledger:
        ids = {n: ledger.roster.unit(n)["id"] for n in ("乐清市统计局", "乐清市人民医院", "乐清市司法局")}
        measures = unit_measures(ledger, 2016, list(ids.values()), target=2, as_of=as_of(2016))
    assert {n: measures[i]["projects_share"] for n, i in ids.items()} == {
        "乐清市统计局": 1_200_000,
        "乐清市人民医院": 600_000,
        "乐清市司法局": 0,
    }
    assert {n: measures[i]["projects_claimed"] for n, i in ids.items()} == dict.fromkeys(ids, 1)


def test_shares_are_imported_exported_and_undone(court, db, tmp_path):
    sheet = write_xlsx(
        tmp_path / "项目.xlsx",
        ["社区", "项目名称", "预算", "发布日期", "认领单位", "出资份额", "认领日期"],
        [
            [
                "北城社区",
                "老年食堂",
                "5万",
                "2016-05-01",
                "统计局、人民医院",
                "统计局=3万、人民医院=2万",
                "2016-05-10",
            ],
            ["北城社区", "四点半课堂", "1万", "2016-05-01", "司法局", "", "2016-05-12"],
        ],
    )
    r = court("import", "projects", str(sheet))
    assert r.exit_code == 0, r.stdout
    rows = {p["title"]: p for p in js(court("export", "projects", "--format", "json"))}
    assert rows["老年食堂"]["shares"] == ["乐清市统计局=30000.00", "乐清市人民医院=20000.00"]
    assert rows["四点半课堂"]["shares"] == []
    bad = write_xlsx(
        tmp_path / "项目2.xlsx",
        ["社区", "项目名称", "发布日期", "认领单位", "出资份额"],
        [
            ["北城社区", "健康小屋", "2016-05-01", "统计局", "统计局=1万"],
            ["北城社区", "晾晒场", "2016-05-01", "统计局", "财政局=1万"],
        ],
    )
    before = db.read_bytes()
    r = court("import", "projects", str(bad))
    assert r.exit_code == 1
    assert "乐清市财政局 不在这次认领的单位中，不能写份额" in r.stdout
    assert db.read_bytes() == before
    assert court("undo", "--yes").exit_code == 0  # the first import
    assert [p["title"] for p in js(court("project", "list", "--format", "json"))] == ["水岸法庭"]


def test_the_show_page_counts_each_claimants_tasks(court):
    r = court(
        "project", "claim", "水岸法庭", "司法局", "人民医院", "--bid", "3万元",
        "--share", "司法局=2万元", "--share", "人民医院=1万", "--on", "2016-04-15",
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    for title, unit in (("法律咨询台", "司法局"), ("调解室布置", "司法局"), ("义诊角", "人民医院")):
        assert court("project", "task", "add", "水岸法庭", title, "--unit", unit).exit_code == 0
    claims = json.loads(court("project", "show", "水岸法庭", "--format", "json").stdout)["claims"]
    assert [(c["unit"], c["tasks"]) for c in claims] == [("乐清市司法局", 2), ("乐清市人民医院", 1)]
