"""公示 (issue #21): the notices a community posts, written as Word documents and read back — title,
period, the table, the objection line, the community party organisation's seal and the date; no ID
numbers and no phones."""

from __future__ import annotations

import re

import pytest
from docx import Document
from projects_support import build_town


def _ok(cli, *args: str):
    r = cli(*args)
    assert r.exit_code == 0, (args, r.stdout, r.stderr)
    return r


def _paragraphs(path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.text]


def _rows(path) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in Document(str(path)).tables[0].rows]


@pytest.fixture
def town(db, cli):
    """北城社区 led by 统计局 with 人民医院 and 司法局; two members, an agreement, activities and a project."""
    build_town(db)
    for args in (
        ("member", "add", "王建国", "--unit", "统计局", "--community", "BC", "--registered", "2016-03-01",
         "--specialty", "法律咨询", "--post", "法律", "--phone", "13857712345",
         "--id-number", "330382198505061233"),
        ("member", "add", "李梅", "--unit", "人民医院", "--community", "BC", "--registered", "2016-05-01",
         "--specialty", "医疗护理", "--post", "医疗", "--phone", "13957700001"),
        ("member", "add", "陈晓东", "--unit", "司法局", "--community", "BC", "--registered", "2017-02-01",
         "--phone", "13957700002"),
        ("agreement", "add", "BC", "统计局", "--signed", "2016-01-15", "--until", "2017-12-31",
         "--commitment", "节日慰问", "--commitment", "政策宣讲"),
        ("agreement", "add", "BC", "司法局", "--signed", "2014-01-15", "--until", "2015-12-31",
         "--commitment", "法律咨询"),
        ("activity", "add", "BC", "端午节包粽子", "--date", "2016-06-09", "--organiser", "统计局"),
        ("fund", "add", "统计局", "BC", "3000", "--date", "2016-06-09", "--kind", "cash"),
        ("project", "add", "BC", "水岸法庭", "--budget", "3万元", "--listed", "2016-04-01",
         "--deadline", "2016-04-30"),
        ("project", "claim", "水岸法庭", "司法局", "人民医院", "--bid", "3万元", "--share", "司法局=2万元",
         "--share", "人民医院=1万元", "--on", "2016-04-15"),
        ("project", "done", "水岸法庭", "--on", "2016-10-20"),
        ("project", "rate", "水岸法庭", "--satisfied", "18", "--basic", "2", "--unsatisfied", "1",
         "--on", "2016-11-01"),
    ):  # fmt: skip
        _ok(cli, *args)
    return cli


def test_the_members_notice_lists_units_specialties_and_posts_without_ids_or_phones(town, tmp_path):
    out = tmp_path / "在职党员公示.docx"
    r = _ok(town, "notice", "members", "北城社区", "--on", "2017-01-05", "-o", str(out))
    assert r.stdout.strip() == f"已生成公示：{out.resolve()}"
    paragraphs = _paragraphs(out)
    assert paragraphs[0] == "北城社区在职党员报到情况公示"
    assert "截至2017年1月5日在本社区报到的2名在职党员" in paragraphs[1]
    assert "公示期：2017年1月5日至2017年1月11日" in paragraphs
    assert paragraphs[-2:] == ["社区党组织（盖章）", "2017年1月5日"]
    assert _rows(out) == [
        ["序号", "姓名", "工作单位", "特长", "认领岗位", "报到日期"],
        ["1", "李梅", "乐清市人民医院", "医疗护理", "医疗保健", "2016-05-01"],
        ["2", "王建国", "乐清市统计局", "法律咨询", "法律咨询", "2016-03-01"],
    ]  # 陈晓东 registers only in February
    text = "\n".join(paragraphs + ["|".join(r) for r in _rows(out)])
    assert not re.search(r"1385771|1395770|3303821985", text)


def test_the_agreements_notice_shows_what_each_unit_committed_and_delivered(town, tmp_path):
    out = tmp_path / "协议公示.docx"
    _ok(town, "notice", "agreements", "BC", "-y", "2016", "--on", "2017-01-10", "--days", "5", "-o", str(out))
    paragraphs = _paragraphs(out)
    assert paragraphs[0] == "北城社区2016年度共建协议履约情况公示"
    assert "公示期：2017年1月10日至2017年1月14日" in paragraphs
    assert _rows(out) == [
        ["序号", "单位", "认领事项", "活动（次）", "出资捐物（元）", "承办项目"],
        ["1", "乐清市统计局", "节日慰问、政策宣讲", "1", "3,000.00", ""],
    ]  # 司法局's agreement ended in 2015


def test_the_projects_notice_shows_who_did_them_and_the_residents_rating(town, tmp_path):
    out = tmp_path / "项目公示.docx"
    _ok(town, "notice", "projects", "BC", "-y", "2016", "--on", "2017-01-10", "-o", str(out))
    assert _paragraphs(out)[0] == "北城社区2016年度共建项目公示"
    assert _rows(out) == [
        ["序号", "项目名称", "承办单位", "状态", "办结日期", "居民评议"],
        [
            "1",
            "水岸法庭",
            "乐清市司法局（竞拍 20,000.00 元）、乐清市人民医院（竞拍 10,000.00 元）",
            "已完成",
            "2016-10-20",
            "满意18、基本满意2、不满意1，满意率95.2%",
        ],
    ]


def test_a_notice_is_written_only_as_docx(town, tmp_path):
    r = town("notice", "members", "BC", "-o", str(tmp_path / "公示.pdf"))
    assert (r.exit_code, r.stderr) == (2, f"只能写成 Word 文档（.docx）：{tmp_path / '公示.pdf'}\n")
    r = town("notice", "projects", "火星社区", "-y", "2016", "-o", str(tmp_path / "公示.docx"))
    assert r.exit_code == 1 and not (tmp_path / "公示.docx").exists()
