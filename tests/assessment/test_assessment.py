"""The annual assessment: scoring criterion by criterion, the 优秀 cap, ties, veto, rules files, ratings,
finalising and reopening a year, and the `assess` command surface."""

from __future__ import annotations

import csv
import io
import json
import random
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from assessment_data import EXPECTED_ORDER, EXPECTED_TOTALS, FORMULA_UNIT, build
from conftest import POSIX

from gongjian.assessment.rules import default_rules_path, load_rules, parse_rules, rule_rows
from gongjian.assessment.scoring import UnitResult, criterion_points, rank_and_grade, to_cents
from gongjian.errors import Conflict, InvalidValue, YearFinalized
from gongjian.reports.assessment import assess, finalize

DEFAULT_TEXT = default_rules_path().read_text(encoding="utf-8")


@pytest.fixture
def city(ledger):
    """The hand-computed ledger of `assessment_data`."""
    ids = build(ledger)
    return ledger, ids


def rules_with(replace: dict[str, str]):
    """The default rules with some text replaced (each replacement must apply exactly once)."""
    text = DEFAULT_TEXT
    for old, new in replace.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


# ---------------------------------------------------------------------------- criterion by criterion
EXPECTED_SCORES = {
    "乐清市统计局": {
        "activities": "30.00",
        "funds": "15.00",
        "tickets": "20.00",
        "meetings": "10.00",
        "members": "7.50",
        "rating": "9.00",
    },
    "乐清农商银行": {
        "activities": "9.00",
        "funds": "20.00",
        "tickets": "0.00",
        "meetings": "10.00",
        "members": "10.00",
        "rating": "10.00",
    },
    "乐清市人民医院": {
        "activities": "15.00",
        "funds": "2.00",
        "tickets": "20.00",
        "meetings": "10.00",
        "members": "0.00",
        "rating": "7.00",
    },
    "乐清市第一中学": {
        "activities": "6.00",
        "funds": "1.00",
        "tickets": "20.00",
        "meetings": "10.00",
        "members": "10.00",
        "rating": "0.00",
    },
    FORMULA_UNIT: {
        "activities": "0.00",
        "funds": "0.00",
        "tickets": "20.00",
        "meetings": "5.00",
        "members": "10.00",
        "rating": "6.00",
    },
    "乐清市财政局": {
        "activities": "12.00",
        "funds": "1.00",
        "tickets": "6.67",
        "meetings": "2.50",
        "members": "10.00",
        "rating": "8.50",
    },
    "乐清市税务局": {
        "activities": "0.00",
        "funds": "0.00",
        "tickets": "20.00",
        "meetings": "0.00",
        "members": "10.00",
        "rating": "5.00",
    },
}


@pytest.mark.parametrize("unit", list(EXPECTED_SCORES))
def test_every_criterion_of_every_unit(city, unit):
    ledger, _ = city
    result = {u.unit: u for u in assess(ledger, 2016).units}[unit]
    assert {k: str(v) for k, v in result.scores.items()} == EXPECTED_SCORES[unit]
    assert str(result.total) == EXPECTED_TOTALS[unit]
    assert sum(result.scores.values()) + result.bonus == result.total  # the shown scores add up


def test_units_assessed_are_those_paired_during_the_year(city):
    ledger, _ = city
    result = assess(ledger, 2016)
    assert [u.unit for u in result.units] == EXPECTED_ORDER
    assert [u.rank for u in result.units] == list(range(1, 8))
    assert "乐清市档案馆" not in [u.unit for u in result.units]  # ended 2015-12-31
    bank = next(u for u in result.units if u.unit == "乐清农商银行")
    assert bank.communities == ["北城社区", "乐怡社区"]


def test_measures_behind_the_scores(city):
    ledger, ids = city
    unit = {u.unit: u for u in assess(ledger, 2016).units}
    assert unit["乐清市统计局"].measures["activities_organised"] == 11
    assert unit["乐清市财政局"].measures["funds"] == 399_999
    assert unit["乐清市财政局"].measures["tickets_closed_share"] == (1, 3)  # closed in 2017 does not count
    assert unit["乐清市统计局"].measures["tickets_closed_share"] == (3, 3)  # the rejected one is left out
    assert unit["乐清市人民医院"].measures["contributions"] == 1_550_050  # venue counts for the veto only
    assert unit["乐清市人民医院"].measures["funds"] == 550_050
    assert unit[FORMULA_UNIT].measures["activities_involved"] == 2
    assert unit["乐清市第一中学"].measures["community_rating"] is None
    assert unit["乐清市财政局"].measures["community_rating"] == Decimal("8.5")


def test_bonus_items_are_capped_each_and_together(city):
    ledger, _ = city
    unit = {u.unit: u for u in assess(ledger, 2016).units}
    assert unit["乐清市统计局"].bonus_items == {"projects": Decimal("3.00"), "hall": Decimal("0.00")}
    assert unit["乐清农商银行"].bonus_items == {"projects": Decimal("2.00"), "hall": Decimal("1.00")}
    rules = parse_rules(
        rules_with(
            {
                '[bonus]\nname = "加分项"\nmax = 5': '[bonus]\nname = "加分项"\nmax = 3',
                "per = 1\nmax = 3\n\n[[bonus.items]]": "per = 1\nmax = 3\n\n[[bonus.items]]",
                'measure = "projects_via_hall"\npoints = 1\nper = 1\nmax = 2': 'measure = "projects_via_hall"\npoints = 2\nper = 1\nmax = 2',
                "每认领1个加1分，最高加2分": "每认领1个加2分，最高加2分",
            }
        )
    )
    unit = {u.unit: u for u in assess(ledger, 2016, rules=rules).units}
    assert unit["乐清农商银行"].bonus_items == {"projects": Decimal("2.00"), "hall": Decimal("2.00")}
    assert unit["乐清农商银行"].bonus == Decimal("3")  # 2 + 2 capped at 3


# ---------------------------------------------------------------------------- the scoring styles
def crit(**kw):
    base = {
        "key": "x",
        "name": "测试",
        "measure": "activities_organised",
        "style": "rate",
        "max": 30,
        "points": 3,
    }
    rules = load_rules(None)
    return rules.criteria[0].model_copy(
        update={
            **base,
            **{
                k: (Decimal(str(v)) if isinstance(v, int | float) and k in ("max", "points", "per") else v)
                for k, v in kw.items()
            },
        }
    )


def test_rate_with_cap():
    c = crit()
    assert [criterion_points(c, n) for n in (0, 1, 9, 10, 11, 40)] == [0, 3, 27, 30, 30, 30]


def test_rate_counts_whole_steps_of_money_unless_partial():
    c = crit(measure="funds", points=1, per=2000, max=20)
    assert criterion_points(c, 399_999) == 1  # 3,999.99 yuan: one whole 2,000
    assert criterion_points(c, 400_000) == 2
    assert criterion_points(c, 10_000_000) == 20
    partial = crit(measure="funds", points=1, per=2000, max=20, partial=True)
    assert criterion_points(partial, 399_999) == Fraction(399_999, 200_000)
    assert to_cents(criterion_points(partial, 399_999)) == Decimal("2.00")
    assert to_cents(criterion_points(partial, 100_900)) == Decimal("0.50")  # 0.5045 → 0.50


def test_ratio_and_nothing_to_measure():
    full = crit(measure="tickets_closed_share", style="ratio", max=20, points=None)
    assert criterion_points(full, (1, 3)) == Fraction(20, 3)
    assert to_cents(criterion_points(full, (1, 3))) == Decimal("6.67")
    assert to_cents(criterion_points(full, (2, 3))) == Decimal("13.33")
    assert criterion_points(full, (0, 0)) == 20
    zero = crit(measure="tickets_closed_share", style="ratio", max=20, points=None, empty="zero")
    assert criterion_points(zero, (0, 0)) == 0
    assert criterion_points(full, (5, 4)) == 20  # never above full marks


def test_deduction_from_full_marks_floors_at_zero():
    c = crit(measure="meetings_missed", style="deduct", max=10, points=2)
    assert [criterion_points(c, n) for n in (0, 1, 3, 5, 6, 9)] == [10, 8, 4, 0, 0, 0]


def test_rating_scaled_to_full_marks():
    c = crit(measure="community_rating", style="rating", max=20, points=None, empty="zero")
    assert criterion_points(c, Decimal("8.5")) == 17
    assert criterion_points(c, None) == 0
    assert criterion_points(c.model_copy(update={"empty": "full"}), None) == 20


def test_rounding_is_half_up_on_exact_values():
    assert to_cents(Fraction(1, 200)) == Decimal("0.01")
    assert to_cents(Fraction(1, 201)) == Decimal("0.00")
    assert to_cents(Fraction(2, 3)) == Decimal("0.67")


# ---------------------------------------------------------------------------- cap, ties, veto
def unit(uid: int, total: str, organised: int = 0, funds: int = 0, vetoed: bool = False) -> UnitResult:
    return UnitResult(
        uid,
        f"单位{uid}",
        "government",
        ["北城社区"],
        [1],
        {"activities_organised": organised, "funds": funds},
        total=Decimal(total),
        vetoed=vetoed,
    )


def test_at_most_twenty_percent_excellent_the_rest_good_by_rank():
    rules = load_rules(None)
    units = [
        unit(1, "95"),
        unit(2, "93"),
        unit(3, "91.5"),
        unit(4, "90"),
        unit(5, "89.99"),
        unit(6, "80"),
        unit(7, "70"),
        unit(8, "60"),
        unit(9, "59.99"),
        unit(10, "10"),
    ]
    ranked = rank_and_grade(units, rules)
    assert [(u.unit_id, u.grade, u.capped) for u in ranked] == [
        (1, "excellent", False),
        (2, "excellent", False),
        (3, "good", True),
        (4, "good", True),
        (5, "good", False),
        (6, "good", False),
        (7, "pass", False),
        (8, "pass", False),
        (9, "fail", False),
        (10, "fail", False),
    ]


def test_cap_rounds_down():
    rules = load_rules(None)
    ranked = rank_and_grade([unit(i, "99") for i in range(1, 10)], rules)  # 9 × 20 % = 1.8 → 1
    assert [u.grade for u in ranked].count("excellent") == 1


def test_ties_are_broken_the_same_way_every_time():
    rules = load_rules(None)
    units = [
        unit(7, "92", organised=5, funds=100),
        unit(3, "92", organised=5, funds=900),
        unit(5, "92", organised=8),
        unit(2, "92", organised=5, funds=900),
        unit(9, "95"),
        unit(4, "40"),
        unit(6, "40"),
        unit(1, "30"),
        unit(8, "20"),
        unit(10, "10"),
    ]
    expected = [9, 5, 2, 3, 7, 4, 6, 1, 8, 10]  # total; then organised; then funds; then unit id
    for seed in range(5):
        shuffled = units[:]
        random.Random(seed).shuffle(shuffled)
        ranked = rank_and_grade(shuffled, rules)
        assert [u.unit_id for u in ranked] == expected
        assert [u.grade for u in ranked[:3]] == ["excellent", "excellent", "good"]  # cap 2 of 10
        assert ranked[2].capped and ranked[3].capped and ranked[4].capped


def test_veto_grades_fail_and_ranks_last_whatever_the_total(city):
    ledger, _ = city
    result = assess(ledger, 2016)
    tax = result.units[-1]
    assert (tax.unit, tax.vetoed, tax.grade, tax.rank) == ("乐清市税务局", True, "fail", 7)
    assert tax.total == Decimal("35.00")  # shown as computed, but vetoed
    assert not any(u.vetoed for u in result.units[:-1])  # taking part in activities is enough
    rules = parse_rules(rules_with({"[veto]\nenabled = true": "[veto]\nenabled = false"}))
    result = assess(ledger, 2016, rules=rules)
    assert not any(u.vetoed for u in result.units)
    assert [u.unit for u in result.units][-2:] == ["乐清市财政局", "乐清市税务局"]


def test_vetoed_unit_above_the_line_is_still_fail():
    rules = load_rules(None)
    ranked = rank_and_grade([unit(1, "99", vetoed=True), unit(2, "50")], rules)
    assert [(u.unit_id, u.grade) for u in ranked] == [(2, "fail"), (1, "fail")]


def test_cap_applies_to_the_real_ledger_with_lower_thresholds(city):
    ledger, _ = city
    rules = parse_rules(
        rules_with(
            {"excellent = 90 ": "excellent = 45 ", "good = 75 ": "good = 42 ", "pass = 60 ": "pass = 40 "}
        )
    )
    result = assess(ledger, 2016, rules=rules)
    grades = [(u.unit, u.grade, u.capped) for u in result.units]
    assert grades == [
        ("乐清市统计局", "excellent", False),
        ("乐清农商银行", "good", True),
        ("乐清市人民医院", "good", True),
        ("乐清市第一中学", "good", True),
        (FORMULA_UNIT, "pass", False),
        ("乐清市财政局", "pass", False),
        ("乐清市税务局", "fail", False),
    ]


def test_deduction_rules_for_meetings(city):
    ledger, _ = city
    rules = parse_rules(
        rules_with(
            {
                'measure = "meetings_attended_share"\nstyle = "ratio"\nmax = 10\nempty = "full"': 'measure = "meetings_missed"\nstyle = "deduct"\npoints = 2\nper = 1\nmax = 10'
            }
        )
    )
    scores = {u.unit: u.scores["meetings"] for u in assess(ledger, 2016, rules=rules).units}
    assert scores["乐清市财政局"] == Decimal("4.00")  # missed 3: 10 − 6
    assert scores["乐清市税务局"] == Decimal("2.00")  # missed 4
    assert scores[FORMULA_UNIT] == Decimal("8.00")  # missed 1
    assert scores["乐清市第一中学"] == Decimal("10.00")  # none held


# ---------------------------------------------------------------------------- rules files
def test_default_rules_load_and_add_up():
    rules = load_rules(None)
    assert sum(c.max for c in rules.criteria) == rules.total == 100
    assert [c.name for c in rules.criteria] == [
        "活动开展",
        "资金物资",
        "问题整治",
        "联席会议",
        "在职党员",
        "社区评价",
    ]
    assert rules.grades.excellent == 90 and rules.grades.excellent_share == 20
    assert (
        rules.members.target == 2
        and rules.members.feedback.excellent == 4
        and rules.members.feedback.pass_ == 2
    )
    assert rules.criteria[1].per_units() == 200_000  # 2,000 yuan in fen
    assert all(isinstance(c.max, Decimal) for c in rules.criteria)


def test_members_section_reads_without_pydantic():
    from gongjian.records.members import member_rules

    assert member_rules(None) == {"target": 2, "excellent": 4, "pass": 2, "kinds": {}}


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_unknown_measure_is_refused_with_its_line():
    text = rules_with(
        {'measure = "activities_organised"\nstyle = "rate"': 'measure = "activity_count"\nstyle = "rate"'}
    )
    with pytest.raises(InvalidValue) as err:
        parse_rules(text, name="我的细则.toml")
    lines = str(err.value).splitlines()
    assert lines[0] == "考评细则文件 我的细则.toml 有 1 处错误："
    assert lines[1].startswith(
        f"  我的细则.toml 第 {line_of(text, 'activity_count')} 行（criteria[1].measure）：未知的考核指标“activity_count”（可选：activities_organised、"
    )


def test_negative_weight_is_refused_with_its_line():
    text = rules_with({"points = 3\n": "points = -3\n"})
    with pytest.raises(InvalidValue) as err:
        parse_rules(text, name="r.toml")
    assert (
        str(err.value).splitlines()[1]
        == f"  r.toml 第 {line_of(text, 'points = -3')} 行（criteria[1].points）：不能为负数：-3"
    )


def test_caps_that_do_not_add_up_are_refused_at_the_total():
    text = rules_with({"max = 30\n": "max = 25\n"})
    with pytest.raises(InvalidValue) as err:
        parse_rules(text, name="r.toml")
    assert str(err.value).splitlines()[1] == (
        f"  r.toml 第 {line_of(text, 'total = 100')} 行（total）：各考核内容满分（max）合计 95 分，与总分 total = 100 不一致"
    )


def test_several_problems_one_line_each():
    text = rules_with(
        {
            "points = 3\n": "points = -3\nweight = 2\n",
            'style = "ratio"\nmax = 20': 'style = "ratioo"\nmax = 20',
            "excellent_share = 20": "excellent_share = 120",
        }
    )
    with pytest.raises(InvalidValue) as err:
        parse_rules(text, name="r.toml")
    lines = str(err.value).splitlines()
    assert lines[0] == "考评细则文件 r.toml 有 4 处错误："
    assert lines[1:] == [
        f"  r.toml 第 {line_of(text, 'points = -3')} 行（criteria[1].points）：不能为负数：-3",
        f"  r.toml 第 {line_of(text, 'weight = 2')} 行（criteria[1].weight）：不认识的设置项（值为 2）",
        f"  r.toml 第 {line_of(text, 'ratioo')} 行（criteria[3].style）：无效的取值 ratioo（可选：'rate', 'ratio', 'deduct' or 'rating'）",
        f"  r.toml 第 {line_of(text, 'excellent_share = 120')} 行（grades.excellent_share）：应不大于 100：120",
    ]


def test_style_that_does_not_fit_the_measure():
    text = rules_with(
        {
            'measure = "tickets_closed_share"\nstyle = "ratio"': 'measure = "tickets_closed_share"\nstyle = "rate"\npoints = 1'
        }
    )
    with pytest.raises(InvalidValue) as err:
        parse_rules(text, name="r.toml")
    assert "计分方式 rate 不适用于指标 tickets_closed_share（比例）" in str(err.value)


def test_toml_syntax_error_names_the_line():
    text = DEFAULT_TEXT.replace('name = "资金物资"', 'name = "资金物资', 1)
    with pytest.raises(InvalidValue) as err:
        parse_rules(text, name="r.toml")
    line = line_of(text, 'name = "资金物资')
    assert str(err.value).startswith(f"考评细则文件 r.toml 第 {line} 行：TOML 语法错误：")


def test_toml_syntax_errors_say_what_is_wrong_in_chinese_on_their_line():
    text = DEFAULT_TEXT.replace('name = "资金物资"', 'name = "资金物资', 1)
    with pytest.raises(InvalidValue) as err:
        parse_rules(text, name="r.toml")
    line = line_of(text, 'name = "资金物资')
    assert str(err.value) == f"考评细则文件 r.toml 第 {line} 行：TOML 语法错误：引号没有配对"
    text = DEFAULT_TEXT.replace('style = "rate"', "style = rate", 1)
    with pytest.raises(InvalidValue) as err:
        parse_rules(text, name="r.toml")
    assert str(err.value) == (
        f"考评细则文件 r.toml 第 {line_of(text, 'style = rate')} 行：TOML 语法错误："
        '值写得不对：文字要加英文双引号（如 "活动开展"），数字和 true/false 不加'
    )


def test_a_toml_error_at_the_end_of_the_file_names_the_last_line_never_a_question_mark():
    text = DEFAULT_TEXT.rstrip("\n") + "\nbonus_cap = [1, 2"
    with pytest.raises(InvalidValue) as err:
        parse_rules(text, name="r.toml")
    last = len(text.splitlines())
    assert str(err.value) == f"考评细则文件 r.toml 第 {last} 行：TOML 语法错误：方括号“[”没有配对的“]”"
    assert "?" not in str(err.value)


def test_missing_rules_file(tmp_path):
    from gongjian.errors import FileProblem

    with pytest.raises(FileProblem) as err:
        load_rules(tmp_path / "没有.toml")
    assert str(err.value) == f"找不到文件：{tmp_path / '没有.toml'}"


def test_bad_rules_through_the_cli(cli, tmp_path):
    bad = tmp_path / "细则.toml"
    bad.write_text(rules_with({"points = 3\n": "points = -3\n"}), encoding="utf-8")
    r = cli("assess", "2016", "--rules", str(bad))
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == "考评细则文件 细则.toml 有 1 处错误："
    assert "（criteria[1].points）：不能为负数：-3" in r.stderr
    assert r.stdout == ""


# ---------------------------------------------------------------------------- ratings
def test_rate_through_the_cli(cli, city):
    ledger, _ = city
    r = cli("assess", "rate", "乐清市第一中学", "--year", "2016", "--score", "9.5", "--note", "居民满意")
    assert (r.exit_code, r.stdout) == (0, "已录入社区评价：乐清市第一中学，2016年度 9.5 分\n")
    assert ledger.assessment.unit_ratings(2016)[ledger.roster.unit("乐清市第一中学")["id"]] == Decimal("9.5")
    r = cli("assess", "rate", "第一中学", "--year", "2016", "--score", "8")  # a fragment; replaces the rating
    assert r.exit_code == 0
    assert ledger.store.scalar(
        "SELECT count(*) FROM unit_ratings WHERE unit_id = ?", (ledger.roster.unit("一中")["id"],)
    ) in (1,)
    assert {u.unit: u.scores["rating"] for u in assess(ledger, 2016).units}["乐清市第一中学"] == Decimal(
        "8.00"
    )


@pytest.mark.parametrize(
    ("score", "message"),
    [
        ("11", "社区评价分无效：11（应为0到10之间的分数，最多两位小数，如 8.5）"),
        ("-1", "社区评价分无效：-1（应为0到10之间的分数，最多两位小数，如 8.5）"),
        ("8.555", "社区评价分无效：8.555（应为0到10之间的分数，最多两位小数，如 8.5）"),
        ("优", "社区评价分无效：优（应为0到10之间的分数，最多两位小数，如 8.5）"),
    ],
)
def test_bad_ratings_are_refused(cli, city, score, message):
    r = cli("assess", "rate", "乐清市统计局", "--year", "2016", "--score", score)
    assert (r.exit_code, r.stderr) == (1, message + "\n")


def test_rating_a_unit_not_paired_that_year_is_refused(cli, city):
    r = cli("assess", "rate", "乐清市档案馆", "--year", "2016", "--score", "8")
    assert (r.exit_code, r.stderr) == (
        1,
        "乐清市档案馆 在2016年度没有结对社区，不参加该年度考评，不能录入评价\n",
    )
    r = cli("assess", "rate", "乐清市统计局", "--year", "16", "--score", "8")
    assert (r.exit_code, r.stderr) == (1, "年度无效：16（应为1949至2100之间的年份，如 2016）\n")


# ---------------------------------------------------------------------------- finalising
def test_finalize_freezes_the_year_until_reopened(cli, city):
    ledger, ids = city
    r = cli("assess", "2016", "--finalize")
    assert r.exit_code == 0, r.output
    assert (
        "2016年度考评已定稿：7 个单位，优秀 1、良好 0、合格 1、不合格 5；此后该年度的记录不能再修改（如需修改：gongjian assess reopen 2016）"
        in r.stdout
    )
    assert ledger.store.scalar("SELECT count(*) FROM assessments WHERE year = 2016") == 7
    stored = json.loads(ledger.store.scalar("SELECT rules FROM assessment_years WHERE year = 2016"))
    assert stored["rules"]["total"] == "100" and stored["as_of"] == "2016-12-31"
    with pytest.raises(YearFinalized) as err, ledger.store.write("activity add"):
        ledger.store.insert(
            "activities",
            {
                "date": "2016-12-30",
                "year": 2016,
                "community_id": ids["communities"]["BC"],
                "title": "年末走访",
                "category": "visit",
            },
        )
    assert (
        str(err.value)
        == "2016年度考评已定稿，该年度的记录不能再修改；如需修改，请先运行 gongjian assess reopen 2016"
    )
    r = cli("assess", "rate", "乐清市统计局", "--year", "2016", "--score", "10")
    assert (r.exit_code, r.stderr) == (
        1,
        "2016年度考评已定稿，该年度的记录不能再修改；如需修改，请先运行 gongjian assess reopen 2016\n",
    )
    with pytest.raises(YearFinalized), ledger.store.write("fund edit"):
        ledger.store.conn.execute("UPDATE contributions SET amount_fen = 1 WHERE year = 2016")
    with ledger.store.write("activity add"):  # other years stay open
        ledger.store.insert(
            "activities",
            {
                "date": "2017-01-05",
                "year": 2017,
                "community_id": ids["communities"]["BC"],
                "title": "新年慰问",
                "category": "visit",
            },
        )
    r = cli("assess", "2016", "--finalize")
    assert (r.exit_code, r.stderr) == (
        1,
        "2016年度考评已定稿；如需重新考评，请先运行 gongjian assess reopen 2016\n",
    )
    r = cli("assess", "reopen", "2016")
    assert (r.exit_code, r.stdout) == (
        0,
        "2016年度考评已重新开放，该年度的记录可以修改；改完后请重新定稿：gongjian assess 2016 --finalize\n",
    )
    with ledger.store.write("activity add"):
        ledger.store.insert(
            "activities",
            {
                "date": "2016-12-30",
                "year": 2016,
                "community_id": ids["communities"]["BC"],
                "title": "年末走访",
                "category": "visit",
            },
        )
    r = cli("assess", "reopen", "2016")
    assert (r.exit_code, r.stderr) == (1, "2016年度考评尚未定稿，无需重新开放\n")


def test_finalised_year_is_reported_from_what_was_stored(city):
    ledger, ids = city
    before = finalize(ledger, 2016)
    with ledger.store.write("unit edit"):  # units are not year-bound: a rename after finalising
        ledger.store.update(
            "units", ids["units"]["乐清市统计局"], {"name": "乐清市统计局（更名）", "name_key": "x"}
        )
    after = assess(ledger, 2016)
    assert after.finalized_at == before.finalized_at
    assert [(u.unit, u.total, u.grade, u.rank) for u in after.units] == [
        (u.unit, u.total, u.grade, u.rank) for u in before.units
    ]
    assert after.units[0].unit == "乐清市统计局"
    assert after.units[0].measures == before.units[0].measures
    with pytest.raises(Conflict) as err:
        assess(ledger, 2016, rules=default_rules_path())
    assert (
        str(err.value)
        == "2016年度考评已定稿，只能按定稿时的细则输出；如需按新细则考评，请先运行 gongjian assess reopen 2016"
    )


def test_refusal_names_every_finalised_year_when_several(city):
    ledger, ids = city
    finalize(ledger, 2016)
    with ledger.store.write("activity add"):
        ledger.store.insert(
            "activities",
            {
                "date": "2015-05-05",
                "year": 2015,
                "community_id": ids["communities"]["BC"],
                "title": "二〇一五年活动",
                "category": "visit",
            },
        )
    finalize(ledger, 2015)
    with pytest.raises(YearFinalized) as err, ledger.store.write("activity add"):
        ledger.store.insert(
            "activities",
            {
                "date": "2015-06-05",
                "year": 2015,
                "community_id": ids["communities"]["BC"],
                "title": "补录",
                "category": "visit",
            },
        )
    assert str(err.value) == (
        "所改记录属于已定稿的年度（已定稿：2015、2016），不能再修改；如需修改，请先运行 "
        "gongjian assess reopen 年度（如 gongjian assess reopen 2016）"
    )
    assert ledger.assessment.finalized_years() == [2015, 2016]


def test_nothing_to_assess(cli):
    r = cli("assess", "2016")
    assert (r.exit_code, r.stderr) == (1, "2016年度没有处于结对关系的单位，无可考评\n")
    r = cli("assess", "2016", "--finalize")
    assert (r.exit_code, r.stderr) == (1, "2016年度没有处于结对关系的单位，无可考评\n")


# ---------------------------------------------------------------------------- the command surface
def test_assess_year_table(cli, city):
    r = cli("assess", "2016")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].strip() == "2016年度共建单位考评（草稿）"
    header = lines[1]
    for heading in (
        "排名",
        "单位",
        "结对社区",
        "活动开展（30分）",
        "资金物资（20分）",
        "问题整治（20分）",
        "联席会议（10分）",
        "在职党员（10分）",
        "社区评价（10分）",
        "加分项（最高5分）",
        "总分",
        "等次",
        "说明",
    ):
        assert heading in header
    first = lines[2].split()
    assert first[:3] == ["1", "乐清市统计局", "北城社区"] and first[-2:] == ["94.50", "优秀"]
    assert lines[-2].split()[-3:] == ["35.00", "不合格", "一票否决"]
    assert lines[-1] == "参评单位 7 个：优秀 1、良好 0、合格 1、不合格 5"


def test_assess_year_json_and_csv(cli, city):
    r = cli("assess", "2016", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert [d["unit"] for d in data] == EXPECTED_ORDER
    first = data[0]
    assert first == {
        "rank": 1,
        "unit_id": first["unit_id"],
        "unit": "乐清市统计局",
        "communities": ["北城社区"],
        "activities": 30.0,
        "funds": 15.0,
        "tickets": 20.0,
        "meetings": 10.0,
        "members": 7.5,
        "rating": 9.0,
        "bonus": 3.0,
        "total": 94.5,
        "grade": "excellent",
        "vetoed": False,
        "note": "",
    }
    assert data[-1]["vetoed"] is True and data[-1]["grade"] == "fail"
    r = cli("assess", "2016", "-f", "csv")
    rows = r.stdout.splitlines()
    assert (
        rows[0]
        == "rank,unit_id,unit,communities,activities,funds,tickets,meetings,members,rating,bonus,total,grade,vetoed,note"
    )
    parsed = list(csv.DictReader(io.StringIO(r.stdout)))
    assert "'" + FORMULA_UNIT in [row["unit"] for row in parsed]  # never a formula in CSV
    assert parsed[0]["total"] == "94.5" and parsed[0]["grade"] == "excellent"


def test_assess_one_community_keeps_city_ranks(cli, city):
    r = cli("assess", "2016", "--community", "西城", "--format", "json")
    data = json.loads(r.stdout)
    assert [(d["rank"], d["unit"]) for d in data] == [(3, "乐清市人民医院"), (5, FORMULA_UNIT)]
    r = cli("assess", "2016", "--community", "西城", "--finalize")
    assert (r.exit_code, r.stderr) == (2, "定稿针对全部单位，不能与 --community 同用\n")


def test_assess_verbs_and_year_share_one_noun(cli, city, tmp_path):
    out = tmp_path / "考评2016.xlsx"
    r = cli("assess", "2016", "-o", str(out))
    assert r.exit_code == 0, r.output
    assert r.stdout == f"已生成考评工作簿：{out.resolve()}（7 个单位：优秀 1、良好 0、合格 1、不合格 5）\n"
    assert out.exists() and (not POSIX or out.stat().st_mode & 0o777 == 0o600)
    assert cli("assess", "rate", "乐清市统计局", "--year", "2016", "--score", "9").exit_code == 0
    assert cli("assess", "2016", "--finalize").exit_code == 0
    assert cli("assess", "reopen", "2016").exit_code == 0
    r = cli("assess", "--help")
    assert r.exit_code == 0
    assert " assess 年度 [选项] | 子命令 [参数]..." in r.stdout
    for text in ("--rules", "--finalize", "--output", "rate", "reopen"):
        assert text in r.stdout
    assert cli("assess", "rate", "--help").exit_code == 0
    r = cli("assess", "二〇一六")
    assert (r.exit_code, r.stderr) == (1, "年度无效：二〇一六（应为1949至2100之间的年份，如 2016）\n")
    r = cli("assess", "2016", "-o", str(tmp_path / "考评.pdf"))
    assert r.exit_code == 2 and "考评工作簿须为 .xlsx 文件" in r.stderr


def test_assess_english(cli, city):
    r = cli("--lang", "en", "assess", "2016")
    assert r.exit_code == 0
    assert "2016 assessment of paired units (draft)" in r.stdout
    assert r.stdout.splitlines()[-2].split()[-3:] == ["35.00", "Fail", "Vetoed"]


def test_rules_round_trip_through_json():
    from gongjian.assessment.rules import Rules

    rules = load_rules(None)
    assert Rules.from_json(rules.to_json()) == rules


def test_stored_rules_give_the_same_scores(city, tmp_path):
    ledger, _ = city
    custom = tmp_path / "细则.toml"
    custom.write_text(
        rules_with({"points = 3\n": "points = 2\n", "活动得3分": "活动得2分"}), encoding="utf-8"
    )
    draft = assess(ledger, 2016, rules=custom)
    final = finalize(ledger, 2016, rules=Path(custom))
    assert final.rules_source == "细则.toml"
    again = assess(ledger, 2016)
    assert [u.scores for u in again.units] == [u.scores for u in draft.units]
    assert again.rules.criteria[0].points == 2


def test_a_scoring_text_that_disagrees_with_its_numbers_is_refused_with_its_line(cli, tmp_path):
    """The 说明 prints the 扣分标准 as written: a text that says 25 where the rule gives 30 is refused."""
    text = rules_with({"max = 30\n": "max = 25\n", "total = 100": "total = 95"})
    with pytest.raises(InvalidValue) as err:
        parse_rules(text, name="r.toml")
    assert str(err.value).splitlines()[1:] == [
        f"  r.toml 第 {line_of(text, '每组织（含联合组织）1次活动得3分')} 行（criteria[1].deduction）："
        "扣分标准写的 30 与本项的计分不符（points = 3、per = 1、max = 25），请改正文字或数字，或删去扣分标准由程序按数字生成"
    ]
    # the text corrected, or left out (then built from the numbers), is accepted
    parse_rules(text.replace("最高30分", "最高25分"))
    rules = parse_rules(
        text.replace('deduction = "每组织（含联合组织）1次活动得3分，最高30分；未组织活动不得分"\n', "")
    )
    assert rule_rows(rules)[0][2] == "组织活动次数每 1 得 3 分，最高 25 分"
    bad = tmp_path / "细则.toml"
    bad.write_text(text, encoding="utf-8")
    r = cli("assess", "2016", "--rules", str(bad))
    assert r.exit_code == 1 and "扣分标准写的 30 与本项的计分不符" in r.stderr
