"""`report year`: the year's figures in the terminal (with bars), as JSON and CSV, and the findings list
with the numbers behind each finding."""

from __future__ import annotations

import csv
import io
import json

import pytest
from assessment_data import FORMULA_UNIT, build

from gongjian.reports import findings as report_findings


@pytest.fixture
def city(ledger):
    build(ledger)
    return ledger


EXPECTED_FINDINGS = [
    ("no_activity_year", "乐清市税务局：2016年度未组织或参与任何共建活动"),
    ("no_activity_recent", f"{FORMULA_UNIT}：最近一次活动在 2016-04-08，已 267 天无活动"),
    ("no_activity_recent", "乐清市第一中学：最近一次活动在 2016-06-04，已 210 天无活动"),
    ("no_activity_recent", "乐清市财政局：最近一次活动在 2016-07-20，已 164 天无活动"),
    ("no_activity_recent", "乐清农商银行：最近一次活动在 2016-08-04，已 149 天无活动"),
    ("no_activity_recent", "乐清市人民医院：最近一次活动在 2016-09-01，已 121 天无活动"),
    ("one_category", "西城社区：5 次活动中“走访慰问”占 4 次（80%），活动形式单一"),
    ("skips_meetings", "乐清市税务局：结对社区召开联席会议 4 次，出席 0 次，缺席 4 次"),
    ("skips_meetings", "乐清市财政局：结对社区召开联席会议 4 次，出席 1 次，缺席 3 次"),
    ("members_under_target", "乐清市人民医院：报到在职党员 3 名，3 名全年服务不足 2 次（达标 0 名）"),
    ("members_under_target", "乐清市统计局：报到在职党员 4 名，1 名全年服务不足 2 次（达标 3 名）"),
    ("overdue", "乐清农商银行：截至 2016-12-31 有 2 个问题逾期未整改（未办结 2 个）"),
    ("overdue", "乐清市财政局：截至 2016-12-31 有 2 个问题逾期未整改（未办结 2 个）"),
]


def test_findings_with_their_numbers(city):
    found = report_findings.findings(city, 2016, target=2)
    assert [(f.kind, f.text()) for f in found] == EXPECTED_FINDINGS
    mix = next(f for f in found if f.kind == "one_category")
    assert mix.numbers == {"category": "visit", "count": 4, "total": 5, "share": 0.8}
    skip = next(f for f in found if f.kind == "skips_meetings")
    assert skip.numbers == {"held": 4, "attended": 0, "missed": 4}


def test_report_year_in_the_terminal(cli, city):
    r = cli("report", "year", "2016")
    assert r.exit_code == 0, r.output
    out = r.stdout
    lines = out.splitlines()
    assert lines[0] == "2016年度共建工作汇总（数据截至 2016-12-31）"
    north = next(line for line in lines if line.startswith("北城社区"))
    assert "############ 15" in north  # the largest count gets the full bar
    assert north.split()[:2] == ["北城社区", "乐清市统计局"]  # the lead unit on the year's last day
    assert north.split()[-7:] == ["7", "4", "1", "############", "66.7%", "3", "2"]  # 1 不予处理
    total = next(line for line in lines if line.startswith("合计"))
    times = city.store.scalar("SELECT sum(participant_times) FROM activities WHERE year = 2016")
    assert total.split() == [
        "合计",
        "8",
        "24",
        str(times),
        "83,999.99",
        "7,500.50",
        "10,000.00",
        "0.00",
        "10",
        "4",
        "1",
        "44.4%",
        "7",
        "3",
    ]
    for title in ("2016年度各社区汇总", "2016年度各月活动", "2016年度活动类别构成", "2016年度各社区资金物资"):
        assert title in out
    start = lines.index("2016年度发现的问题（13 条）")
    assert lines[start + 1] == "【全年无活动】1 条"
    assert lines[start + 2] == "  · 乐清市税务局：2016年度未组织或参与任何共建活动"
    for _, text in EXPECTED_FINDINGS:
        assert "  · " + text in lines
    assert "【活动形式单一】1 条" in lines and "【问题逾期未整改】2 条" in lines


def test_report_year_json(cli, city):
    r = cli("report", "year", "2016", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert set(data) == {
        "year",
        "as_of",
        "community",
        "finalized_at",
        "summary",
        "totals",
        "months",
        "categories",
        "findings",
        "committee_seats",
        "ticket_sources",
        "member_kinds",
    }
    assert data["committee_seats"] == []  # this city keeps no 兼职委员
    assert sum(r["found"] for r in data["ticket_sources"]) == data["totals"]["tickets_found"]
    assert (data["year"], data["as_of"], data["community"], data["finalized_at"]) == (
        2016,
        "2016-12-31",
        None,
        None,
    )
    assert data["totals"]["activities"] == 24 and data["totals"]["cash_fen"] == 8_399_999
    assert data["totals"]["in_kind_fen"] == 750_050
    assert (data["totals"]["venue_fen"], data["totals"]["service_fen"]) == (1_000_000, 0)
    assert data["totals"]["tickets_rejected"] == 1
    assert [(r["community"], r["lead_unit"]) for r in data["summary"]] == [
        ("北城社区", "乐清市统计局"),
        ("乐怡社区", "乐清市第一中学"),
        ("西城社区", "乐清市人民医院"),
    ]
    north = data["summary"][0]
    assert (north["community"], north["tickets_found"], north["tickets_closed"], north["closure_rate"]) == (
        "北城社区",
        7,
        4,
        pytest.approx(2 / 3),
    )
    assert [m["month"] for m in data["months"]] == [f"2016-{m:02d}" for m in range(1, 13)]
    assert data["categories"][0] == {
        "category": "visit",
        "activities": 11,
        "participant_times": 721 + 240,
        "share": pytest.approx(11 / 24),
    }
    assert [(f["kind"], f["text"]) for f in data["findings"]] == EXPECTED_FINDINGS
    assert data["findings"][0]["numbers"] == {"year": 2016}


def test_report_and_workbook_share_the_figures(cli, city, tmp_path):
    import openpyxl

    data = json.loads(cli("report", "year", "2016", "-f", "json").stdout)
    path = tmp_path / "x.xlsx"
    assert cli("assess", "2016", "-o", str(path)).exit_code == 0
    ws = openpyxl.load_workbook(path)["汇总"]
    total = [row for row in ws.iter_rows(min_row=3, values_only=True) if row[0] == "合计"][0]
    t = data["totals"]
    assert total == (
        "合计",
        None,
        t["paired_units"],
        t["activities"],
        t["participant_times"],
        t["cash_fen"] / 100,
        t["in_kind_fen"] / 100,
        t["venue_fen"] / 100,
        t["service_fen"] / 100,
        t["tickets_found"],
        t["tickets_closed"],
        t["tickets_rejected"],
        t["closure_rate"],
        t["members_registered"],
        t["members_met_target"],
    )


def test_report_year_csv_is_the_summary(cli, city):
    r = cli("report", "year", "2016", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [row["community"] for row in rows] == ["北城社区", "乐怡社区", "西城社区"]
    assert rows[0]["cash_fen"] == "3399999"


def test_report_one_community(cli, city):
    r = cli("report", "year", "2016", "--community", "西城", "-f", "json")
    data = json.loads(r.stdout)
    assert data["community"] == "西城社区"
    assert [row["community"] for row in data["summary"]] == ["西城社区"]
    assert data["totals"]["activities"] == 5
    assert sum(m["activities"] for m in data["months"]) == 5
    assert [f["text"] for f in data["findings"]] == [
        f"{FORMULA_UNIT}：最近一次活动在 2016-04-08，已 267 天无活动",
        "乐清市人民医院：最近一次活动在 2016-09-01，已 121 天无活动",
        "西城社区：5 次活动中“走访慰问”占 4 次（80%），活动形式单一",
        "乐清市人民医院：报到在职党员 3 名，3 名全年服务不足 2 次（达标 0 名）",
    ]
    r = cli("report", "year", "2016", "--community", "东城")
    assert (r.exit_code, r.stderr) == (1, "找不到社区：东城\n")


def test_finalised_year_reports_the_stored_figures(cli, city):
    assert cli("assess", "2016", "--finalize").exit_code == 0
    with city.store.write("ticket close"):  # tickets keep moving after their year; closing one back-dated
        city.store.conn.execute(
            "UPDATE tickets SET status = 'closed', closed_on = '2016-12-01', verifier = '张晓京' "
            "WHERE number = 'BC-2016-00006'"
        )
    data = json.loads(cli("report", "year", "2016", "-f", "json").stdout)
    assert data["finalized_at"] is not None
    assert data["totals"]["tickets_closed"] == 4  # as finalised
    assert cli("assess", "reopen", "2016").exit_code == 0
    data = json.loads(cli("report", "year", "2016", "-f", "json").stdout)
    assert data["totals"]["tickets_closed"] == 5
    r = cli("report", "year", "2016")
    assert "（已定稿）" not in r.stdout.splitlines()[0]


def test_empty_year(cli, city):
    r = cli("report", "year", "2014")  # before any pairing
    assert r.exit_code == 0
    assert r.stdout.splitlines()[0] == "2014年度共建工作汇总（数据截至 2014-12-31）"
    assert "2014年度发现的问题（0 条）" in r.stdout
    assert "未发现问题" in r.stdout


def test_report_english(cli, city):
    r = cli("--lang", "en", "report", "year", "2016")
    assert r.stdout.splitlines()[0] == "2016 co-building report (figures as of 2016-12-31)"
    assert "  · 乐清市税务局: no co-building activity in 2016" in r.stdout.splitlines()
