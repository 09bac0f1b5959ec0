"""One rule of pairing on a day, asked by every command that needs it, across the pairing's edges.

乐清中学 is paired with 北城社区 from 2016-06-01 to 2016-12-31. On the day before the start and the day
after the end it is not paired; on the first and the last day it is. Activities, funds, a meeting's chair
and attendance, a project claim and the year's assessment must all answer alike.
"""

from __future__ import annotations

import json

import pytest

from gongjian.roster.pairings import covers, overlaps

BEFORE, FIRST, LAST, AFTER = "2016-05-31", "2016-06-01", "2016-12-31", "2017-01-01"
EDGES = [(BEFORE, False), (FIRST, True), (LAST, True), (AFTER, False)]


@pytest.fixture
def town(cli):
    """北城社区 with a lead unit paired for years and 乐清中学 paired for the second half of 2016."""
    assert cli("community", "add", "BC", "北城社区", "--street", "乐成街道").exit_code == 0
    for name, kind in (("乐清市统计局", "机关"), ("乐清中学", "学校"), ("乐清市财政局", "机关")):
        assert cli("unit", "add", name, "--kind", kind).exit_code == 0
    assert cli("pair", "add", "BC", "乐清市统计局", "--lead", "--started", "2015-01-01").exit_code == 0
    assert cli("pair", "add", "BC", "乐清中学", "--started", FIRST).exit_code == 0
    assert cli("pair", "end", "BC", "乐清中学", "--on", LAST).exit_code == 0
    # a unit paired only from the first day of 2017
    assert cli("pair", "add", "BC", "乐清市财政局", "--started", AFTER).exit_code == 0
    return cli


def test_the_rule_itself_includes_both_ends():
    assert [covers(FIRST, LAST, day) for day, _ in EDGES] == [paired for _, paired in EDGES]
    assert (
        covers(None, None, "1999-01-01")
        and covers(None, LAST, "2000-01-01")
        and not covers(FIRST, None, BEFORE)
    )
    assert overlaps(FIRST, LAST, "2016-01-01", "2016-12-31") and not overlaps(
        FIRST, LAST, AFTER, "2017-12-31"
    )
    assert overlaps(FIRST, LAST, LAST, "2017-12-31") and not overlaps(FIRST, LAST, "2015-01-01", BEFORE)


@pytest.mark.parametrize(("day", "paired"), EDGES)
def test_activity(town, day, paired):
    r = town("activity", "add", "北城社区", f"{day} 环境整治", "--date", day, "--organiser", "乐清中学")
    assert r.exit_code == (0 if paired else 1), r.stderr
    if not paired:
        assert r.stderr.startswith(f"乐清中学 在 {day} 没有与 北城社区 结对")


@pytest.mark.parametrize(("day", "paired"), EDGES)
def test_fund(town, day, paired):
    r = town("fund", "add", "乐清中学", "北城社区", "2000", "--date", day)
    assert r.exit_code == (0 if paired else 1), r.stderr
    if not paired:
        assert r.stderr.startswith(
            f"乐清中学 在 {day} 没有与 北城社区 结对，不能登记它当天给该社区的资金物资"
        )


@pytest.mark.parametrize(("day", "paired"), EDGES)
def test_meeting_chair(town, day, paired):
    r = town("meeting", "add", day, "BC", "--chair", "乐清中学", "--present", "全部")
    assert r.exit_code == (0 if paired else 1), r.stderr
    if not paired:
        assert "乐清中学" in r.stderr and "北城社区" in r.stderr


@pytest.mark.parametrize(("day", "paired"), EDGES)
def test_meeting_attendance_expects_the_units_paired_that_day(town, day, paired):
    assert town("meeting", "add", day, "BC", "--present", "乐清市统计局").exit_code == 0
    (meeting,) = json.loads(town("meeting", "list", "--format", "json").stdout)
    assert ("乐清中学" in meeting["absent"]) is paired
    assert ("乐清市财政局" in meeting["absent"]) is (day == AFTER)


@pytest.mark.parametrize(("day", "paired"), EDGES)
def test_project_claim(town, day, paired):
    listed = town("project", "add", "BC", "晾晒场", "--listed", "2016-01-01", "--deadline", "2017-12-31")
    assert listed.exit_code == 0, listed.stderr
    r = town("project", "claim", "晾晒场", "乐清中学", "--on", day)
    assert r.exit_code == (0 if paired else 1), r.stderr


def test_the_assessment_counts_the_years_a_pairing_touches(town):
    def assessed(year: str) -> set[str]:
        r = town("assess", year, "--format", "json")
        assert r.exit_code == 0, r.stderr
        return {u["unit"] for u in json.loads(r.stdout)}

    assert assessed("2016") == {"乐清市统计局", "乐清中学"}
    assert assessed("2017") == {"乐清市统计局", "乐清市财政局"}
