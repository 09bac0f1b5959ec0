"""Each rule of the year, driven through every command that shows it, at its edges.

The closure rate (found − 不予处理), a ticket's state on the year's last day, the inactive unit (90 days),
the member service target, and contribution sums by kind: `report year` (JSON and CSV), `assess`, the
workbook read back, `summary`, and the listings answer alike on both sides of each edge.
"""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from test_figures_agree import sheet_rows


@pytest.fixture
def town(cli):
    """北城社区 with 乐清市统计局 (lead) and 乐清中学, paired since 2015."""
    assert cli("community", "add", "BC", "北城社区", "--street", "乐成街道").exit_code == 0
    for name, kind in (("乐清市统计局", "机关"), ("乐清中学", "学校")):
        assert cli("unit", "add", name, "--kind", kind).exit_code == 0
    assert cli("pair", "add", "BC", "乐清市统计局", "--lead", "--started", "2015-01-01").exit_code == 0
    assert cli("pair", "add", "BC", "乐清中学", "--started", "2015-01-01").exit_code == 0
    return cli


def ok(cli, *args):
    r = cli(*args)
    assert r.exit_code == 0, (args, r.stdout, r.stderr)
    return r


def year_json(cli, year="2016") -> dict:
    return json.loads(ok(cli, "report", "year", year, "--format", "json").stdout)


def book(cli, tmp_path, year="2016"):
    path = tmp_path / f"考评{year}.xlsx"
    ok(cli, "assess", year, "-o", str(path))
    return openpyxl.load_workbook(path)


def problem(cli, title, *, closed_on=None, rejected_on=None):
    """A 2016 problem of 乐清市统计局, closed or set aside on the given day."""
    ok(cli, "ticket", "open", "BC", title, "--reported", "2016-03-01")
    listed = json.loads(ok(cli, "ticket", "list", "--format", "json").stdout)
    number = next(t["number"] for t in listed if t["title"] == title)
    ok(
        cli,
        "ticket",
        "assign",
        number,
        "--unit",
        "乐清市统计局",
        "--deadline",
        "2016-06-30",
        "--on",
        "2016-03-02",
    )
    if rejected_on:
        ok(cli, "ticket", "reject", number, "--reason", "不属社区事务", "--on", rejected_on)
    if closed_on:
        ok(cli, "ticket", "start", number, "--on", "2016-03-03")
        ok(cli, "ticket", "resolve", number, "--resolution", "已修复", "--on", closed_on)
        ok(cli, "ticket", "close", number, "--verifier", "张晓京", "--on", closed_on)
    return number


def test_closure_rate_and_the_state_on_the_last_day(town, tmp_path):
    problem(town, "路灯损坏", closed_on="2016-12-31")  # closed on the last day: solved in 2016
    problem(town, "井盖缺失", closed_on="2017-01-01")  # closed the day after: open in 2016
    problem(town, "重复上报", rejected_on="2016-05-01")  # 不予处理: out of the denominator
    row = year_json(town)["summary"][0]
    assert (row["tickets_found"], row["tickets_closed"], row["tickets_rejected"]) == (3, 1, 1)
    assert row["closure_rate"] == 0.5  # 1 ÷ (3 − 1)
    csv_row = next(csv.DictReader(io.StringIO(ok(town, "report", "year", "2016", "--format", "csv").stdout)))
    assert float(csv_row["closure_rate"]) == 0.5 and csv_row["tickets_closed"] == "1"
    wb = book(town, tmp_path)
    (summary,) = sheet_rows(wb["汇总"], "社区")
    assert (summary["已销号"], summary["销号率"]) == (1, 0.5)
    states = {t["问题"]: (t["状态"], t["销号日期"]) for t in sheet_rows(wb["问题台账"], "问题编号")}
    assert states["路灯损坏"][0] == "已销号" and states["路灯损坏"][1] is not None
    assert states["井盖缺失"] == ("整治中", None)
    assert states["重复上报"] == ("不予处理", None)
    # the assessment scores the same share: 问题整治 20 × 1/2
    units = {u["unit"]: u for u in json.loads(ok(town, "assess", "2016", "--format", "json").stdout)}
    assert units["乐清市统计局"]["tickets"] == 10.0
    # today's listing shows today's state: the problem closed on 2017-01-01 is closed now
    now = {
        t["title"]: t
        for t in json.loads(ok(town, "ticket", "list", "--year", "2016", "--format", "json").stdout)
    }
    assert (now["井盖缺失"]["status"], now["井盖缺失"]["closed_on"]) == ("closed", "2017-01-01")


def test_inactive_units_on_both_sides_of_ninety_days(town, monkeypatch):
    # 统计局 last active 90 days before 2016-12-31 (inside the window), 乐清中学 91 days before (outside)
    ok(town, "activity", "add", "北城社区", "重阳敬老", "--date", "2016-10-02", "--organiser", "乐清市统计局")
    ok(town, "activity", "add", "北城社区", "国庆游园", "--date", "2016-10-01", "--organiser", "乐清中学")
    found = {(f["kind"], f["subject"]) for f in year_json(town)["findings"]}
    assert ("no_activity_recent", "乐清中学") in found
    assert ("no_activity_recent", "乐清市统计局") not in found
    monkeypatch.setenv("GONGJIAN_TODAY", "2016-12-31")
    digest = json.loads(ok(town, "summary", "--since", "7d", "--format", "json").stdout)
    assert [u["unit"] for u in digest["inactive_units"]["items"]] == ["乐清中学"]
    assert digest["inactive_units"]["items"][0]["days_since"] == 91


def test_the_member_target_is_one_rule(town, tmp_path, monkeypatch):
    for name, phone in (("王建国", "13857712345"), ("李春燕", "13957712346")):
        ok(
            town,
            "member",
            "add",
            name,
            "--unit",
            "乐清市统计局",
            "--community",
            "北城社区",
            "--phone",
            phone,
            "--registered",
            "2016-01-05",
        )
    ok(town, "member", "serve", "王建国", "--date", "2016-03-01", "--hours", "2")
    ok(town, "member", "serve", "王建国", "--date", "2016-04-01", "--hours", "2")  # 2 services: met
    ok(town, "member", "serve", "李春燕", "--date", "2016-03-01", "--hours", "2")  # 1 service: owes one
    row = year_json(town)["summary"][0]
    assert (row["members_registered"], row["members_met_target"]) == (2, 1)
    met = {m["姓名"]: m for m in sheet_rows(book(town, tmp_path)["在职党员"], "居住社区")}
    target = next(k for k in met["王建国"] if str(k).startswith("达标"))
    assert (met["王建国"][target], met["李春燕"][target]) == ("是", "否")
    below = json.loads(
        ok(town, "member", "list", "--below-target", "--year", "2016", "--format", "json").stdout
    )
    assert [m["name"] for m in below] == ["李春燕"]
    monkeypatch.setenv("GONGJIAN_TODAY", "2016-12-31")
    digest = json.loads(ok(town, "summary", "--since", "7d", "--format", "json").stdout)
    assert digest["members_under_target"]["count"] == 1
    assert [m["name"] for m in digest["members_under_target"]["items"]] == ["李春燕"]


def test_contribution_sums_by_kind(town, tmp_path):
    ok(town, "fund", "add", "乐清市统计局", "北城社区", "3万元", "--date", "2016-02-01", "--kind", "现金")
    ok(
        town,
        "fund",
        "add",
        "乐清中学",
        "北城社区",
        "2000",
        "--date",
        "2016-03-08",
        "--kind",
        "物资",
        "--description",
        "500斤糯米",
    )
    ok(town, "fund", "add", "乐清中学", "北城社区", "1000", "--date", "2016-04-01", "--kind", "场地")
    row = year_json(town)["summary"][0]
    assert (row["cash_fen"], row["in_kind_fen"]) == (3_000_000, 200_000)
    money: dict[str, int] = {}
    for f in sheet_rows(book(town, tmp_path)["资金物资"], "日期"):
        money[f["类型"]] = money.get(f["类型"], 0) + round(f["金额（元）"] * 100)
    assert money == {"资金": 3_000_000, "物资": 200_000, "场地": 100_000}
    listed = json.loads(ok(town, "fund", "list", "--year", "2016", "--format", "json").stdout)
    assert sum(f["amount_fen"] for f in listed if f["kind"] in ("cash", "in_kind")) == 3_200_000
    # 资金物资 (cash + in-kind; the venue apart): 1 point per 2,000 yuan, max 20
    units = {u["unit"]: u for u in json.loads(ok(town, "assess", "2016", "--format", "json").stdout)}
    assert units["乐清市统计局"]["funds"] == 15.0 and units["乐清中学"]["funds"] == 1.0
