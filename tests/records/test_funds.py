"""Funds and in-kind support (资金物资) through the CLI and the Ledger API: money forms, totals, links, imports."""

from __future__ import annotations

import json

import pytest
from records_support import copy_into, counts, make_roster, master, write_xlsx, yuan

from gongjian.ledger import Ledger


def add_dragon_day(cli) -> None:
    """The small 乐清 roster with 北城社区's 龙抬头荠菜饭活动 of 2016."""
    make_roster(cli)
    result = cli(
        "activity",
        "add",
        "北城社区",
        "龙抬头荠菜饭活动",
        "--date",
        "2016-03-10",
        "--category",
        "节日",
        "--organiser",
        "乐清市统计局",
        "--participant-times",
        "1060",
    )
    assert result.exit_code == 0, result.stderr


def add_gifts(roster) -> None:
    """The 统计局's 3万元, its 500斤糯米 valued 2,000 yuan, 乐清中学's hall and a 2015 cash gift."""
    for args in [
        (
            "乐清市统计局",
            "北城社区",
            "3万元",
            "--date",
            "2016-02-26",
            "--description",
            "共建工作经费",
            "--receipt",
            "BC2016-001",
        ),
        (
            "统计局",
            "BC",
            "2,000元",
            "--date",
            "2016-03-08",
            "--kind",
            "物资",
            "--description",
            "500斤糯米",
            "--activity",
            "龙抬头",
        ),
        (
            "乐清中学",
            "北城社区",
            "3000",
            "--date",
            "2016-10-09",
            "--kind",
            "场地",
            "--description",
            "大礼堂借用",
        ),
        ("乐清市财政局", "北城社区", "¥1,200.50", "--date", "2015-12-20", "--description", "慰问经费"),
        (
            "乐清市公安局",
            "东门社区",
            "1.5万元",
            "--date",
            "2016-06-01",
            "--kind",
            "现金",
            "--description",
            "平安巡防经费",
        ),
    ]:
        result = roster("fund", "add", *args)
        assert result.exit_code == 0, (args, result.stderr)


@pytest.fixture(scope="module")
def roster_master(tmp_path_factory):
    return master(tmp_path_factory, "dragon", add_dragon_day)


@pytest.fixture(scope="module")
def gifts_master(tmp_path_factory):
    return master(tmp_path_factory, "gifts", lambda cli: (add_dragon_day(cli), add_gifts(cli)))


@pytest.fixture
def roster(roster_master, db, cli):
    """A private copy of the roster with the 龙抬头 activity."""
    copy_into(roster_master, db)
    return cli


@pytest.fixture
def gifts(gifts_master, db, cli):
    """A private copy of the roster with the gifts of `add_gifts`."""
    copy_into(gifts_master, db)
    return cli


def test_add_says_what_was_recorded_in_yuan(roster):
    result = roster(
        "fund",
        "add",
        "乐清市统计局",
        "北城社区",
        "3万元",
        "--date",
        "2016-02-26",
        "--description",
        "共建工作经费",
    )
    assert result.exit_code == 0
    assert (
        result.stdout
        == "已登记资金物资（编号 1）：乐清市统计局 → 北城社区，资金 30,000.00 元（共建工作经费）\n"
    )
    in_kind = roster(
        "fund",
        "add",
        "统计局",
        "北城",
        "2000",
        "--kind",
        "in_kind",
        "--date",
        "2016-03-08",
        "--description",
        "500斤糯米",
    )
    assert (
        in_kind.stdout == "已登记资金物资（编号 2）：乐清市统计局 → 北城社区，物资 2,000.00 元（500斤糯米）\n"
    )


def test_json_keys_and_amounts_in_fen(gifts):
    data = json.loads(gifts("fund", "list", "--format", "json").stdout)
    for key in ("id", "date", "unit", "community", "kind", "amount_fen", "description"):
        assert key in data[0]
    assert [(f["date"], f["kind"], f["amount_fen"]) for f in data] == [
        ("2015-12-20", "cash", 120_050),
        ("2016-02-26", "cash", 3_000_000),
        ("2016-03-08", "in_kind", 200_000),
        ("2016-06-01", "cash", 1_500_000),
        ("2016-10-09", "venue", 300_000),
    ]
    assert data[2]["activity"] == "龙抬头荠菜饭活动"
    assert data[1]["receipt_no"] == "BC2016-001"


def test_footer_reports_cash_and_in_kind_apart_and_together(gifts):
    result = gifts("fund", "list", "--year", "2016", "--community", "北城社区")
    lines = result.stdout.splitlines()
    assert lines[-2] == "合计：3 笔；资金 30,000.00 元，物资折合 2,000.00 元，资金与物资合计 32,000.00 元"
    assert lines[-1] == "另有场地折合 3,000.00 元、服务折合 0.00 元"
    data = json.loads(
        gifts("fund", "list", "--year", "2016", "--community", "北城社区", "--format", "json").stdout
    )
    cash = sum(f["amount_fen"] for f in data if f["kind"] == "cash")
    in_kind = sum(f["amount_fen"] for f in data if f["kind"] == "in_kind")
    assert yuan(lines[-2]) == [cash, in_kind, cash + in_kind]


def test_no_venue_line_when_there_is_none(gifts):
    lines = gifts("fund", "list", "--year", "2015").stdout.splitlines()
    assert lines[-1] == "合计：1 笔；资金 1,200.50 元，物资折合 0.00 元，资金与物资合计 1,200.50 元"


@pytest.mark.parametrize(
    ("args", "dates"),
    [
        (("--kind", "物资"), ["2016-03-08"]),
        (("--unit", "乐清市统计局"), ["2016-02-26", "2016-03-08"]),
        (("--community", "DM"), ["2016-06-01"]),
        (("--from", "2016-03", "--to", "2016-06-30"), ["2016-03-08", "2016-06-01"]),
        (("--year", "2015"), ["2015-12-20"]),
    ],
)
def test_list_filters(gifts, args, dates):
    data = json.loads(gifts("fund", "list", *args, "--format", "json").stdout)
    assert [f["date"] for f in data] == dates


def test_activity_show_lists_its_in_kind_support(gifts):
    shown = json.loads(gifts("activity", "show", "龙抬头", "--format", "json").stdout)
    assert [(f["description"], f["amount_fen"]) for f in shown["contributions"]] == [("500斤糯米", 200_000)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("乐清市统计局", "北城社区", "三万"), "输入有误：金额: 金额无效：三万"),
        (("乐清市统计局", "北城社区", "--", "-500"), "输入有误：金额: 金额无效：-500"),
        (("乐清市统计局", "北城社区", "0"), "资金的金额必须大于0（物资请填折合金额）"),
        (("乐清市统计局", "北城社区", "500", "--kind", "股票"), "输入有误：类型: 出资类型无效：股票"),
        (("乐清市不存在局", "北城社区", "500"), "找不到单位：乐清市不存在局"),
        (("乐清市统计局", "北城社区", "500", "--activity", "不存在的活动"), "找不到活动：不存在的活动"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(roster, db, args, message):
    before = counts(db)
    result = roster("fund", "add", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert counts(db) == before


def test_duplicates_and_reused_receipts_are_refused(gifts):
    again = gifts(
        "fund",
        "add",
        "统计局",
        "北城社区",
        "2000",
        "--date",
        "2016-03-08",
        "--kind",
        "物资",
        "--description",
        "500斤糯米",
    )
    assert again.exit_code == 1
    assert again.stderr == "该笔资金物资已登记（编号 2）：2016-03-08 乐清市统计局 → 北城社区 2,000.00 元\n"
    receipt = gifts(
        "fund", "add", "统计局", "北城社区", "5000", "--date", "2016-05-01", "--receipt", "bc2016-001"
    )
    assert receipt.exit_code == 1
    assert receipt.stderr == "收据号 BC2016-001 已登记（编号 1）\n"


def test_link_to_a_project(roster, db):
    with Ledger.open(db) as ledger:
        ledger.projects.add_project(
            community="北城社区", title="新建居民晾晒场", budget="5万元", listed_on="2016-04-01"
        )
    result = roster(
        "fund",
        "add",
        "乐清市统计局",
        "北城社区",
        "2万元",
        "--date",
        "2016-05-20",
        "--project",
        "晾晒场",
        "--description",
        "晾晒场建设资金",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(roster("fund", "list", "--format", "json").stdout)
    assert data[0]["project"] == "新建居民晾晒场"


def test_contribution_sums_per_unit_and_kind(gifts, db):
    with Ledger.open(db) as ledger:
        ids = {r["name"]: r["id"] for r in ledger.store.rows("SELECT id, name FROM units")}
        figures = ledger.records.contribution_sums(by="unit", year=2016)
        whole = ledger.records.contribution_sums(year=2016)
    assert figures[ids["乐清市统计局"]] == {
        "count": 2,
        "cash_fen": 3_000_000,
        "in_kind_fen": 200_000,
        "venue_fen": 0,
        "service_fen": 0,
    }
    assert figures[ids["乐清中学"]]["venue_fen"] == 300_000
    assert ids["乐清市财政局"] not in figures  # gave in 2015 only
    # the whole year is the sum of its units, kind by kind
    for key in ("count", "cash_fen", "in_kind_fen", "venue_fen", "service_fen"):
        assert whole[key] == sum(f[key] for f in figures.values())


def funds_sheet(path, amount="2000"):
    return write_xlsx(
        path,
        [
            ["2016年北城社区资金物资登记表"],
            ["日期", "出资单位", "受助社区", "出资方式", "折合金额", "物资名称", "收据号"],
            ["2016-02-26", "乐清市统计局", "北城社区", "现金", "3万元", "共建工作经费", "BC2016-001"],
            ["2016/3/8", "乐清市统计局（盖章）", "北城社区", "物资", amount, "500斤糯米", None],
            ["2016年10月9日", "乐清中学", "BC", "场地", 3000, "大礼堂借用", None],
        ],
        sheet="资金物资",
    )


def test_import_contributions_is_idempotent_and_keys_on_receipts(roster, tmp_path):
    path = funds_sheet(tmp_path / "资金物资.xlsx")
    first = roster("import", "contributions", str(path), "--format", "json")
    assert first.exit_code == 0, first.stdout + first.stderr
    assert json.loads(first.stdout)["inserted"] == 3
    again = json.loads(roster("import", "contributions", str(path), "--format", "json").stdout)
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, 3)
    corrected = write_xlsx(
        tmp_path / "更正.xlsx",
        [
            ["日期", "单位", "社区", "类型", "金额", "说明", "收据号"],
            ["2016-02-28", "乐清市统计局", "北城社区", "资金", "3.5万元", "共建工作经费", "BC2016-001"],
        ],
    )
    fixed = json.loads(roster("import", "contributions", str(corrected), "--format", "json").stdout)
    assert (fixed["inserted"], fixed["updated"]) == (0, 1)
    data = json.loads(roster("fund", "list", "--format", "json").stdout)
    assert [(f["date"], f["kind"], f["amount_fen"]) for f in data] == [
        ("2016-02-28", "cash", 3_500_000),
        ("2016-03-08", "in_kind", 200_000),
        ("2016-10-09", "venue", 300_000),
    ]


def test_import_with_an_unknown_unit_names_the_column_and_writes_nothing(roster, db, tmp_path):
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        [
            ["日期", "单位", "社区", "金额"],
            ["2016-02-26", "乐清市统计局", "北城社区", "30000"],
            ["2016-03-01", "乐清市不存在局", "北城社区", "500"],
        ],
    )
    before = counts(db)
    result = roster("import", "contributions", str(path), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["errors"] == [
        {"sheet": "Sheet1", "row": 3, "column": "单位", "reason": "找不到单位：乐清市不存在局"}
    ]
    assert counts(db)["contributions"] == before["contributions"]


def test_demo_has_cash_and_the_500_jin_of_glutinous_rice(demo_cli):
    data = json.loads(
        demo_cli("fund", "list", "--year", "2016", "--community", "北城社区", "--format", "json").stdout
    )
    rice = [f for f in data if f["description"] == "500斤糯米"]
    assert rice and rice[0]["kind"] == "in_kind" and rice[0]["amount_fen"] == 200_000
    assert rice[0]["activity"] == "龙抬头荠菜饭活动" and rice[0]["unit"] == "乐清市统计局"
    assert any(f["unit"] == "乐清市统计局" and f["amount_fen"] == 3_000_000 for f in data)
    kinds = {f["kind"] for f in json.loads(demo_cli("fund", "list", "--format", "json").stdout)}
    assert kinds == {"cash", "in_kind", "venue", "service"}
