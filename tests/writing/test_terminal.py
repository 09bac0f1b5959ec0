"""A clerk's terminal: every listing and report keeps its names, numbers, dates, totals and grades whole at
80, 100 and 120 columns — headings shorten or wrap, free text wraps, secondary columns move onto a second
line under their row, nothing is cut (`…`) and no line is wider than the console."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from rich.console import Console

from gongjian.cli import output
from gongjian.i18n import set_lang
from gongjian.writing import terminal
from gongjian.writing.table import Column, Table, display

WIDTHS = (80, 100, 120)


def screen(table: Table, width: int, *, on_terminal: bool = True) -> str:
    """The table as a console of `width` columns shows it (no colour, so the text can be compared)."""
    buf = io.StringIO()
    console = Console(
        file=buf,
        width=width,
        force_terminal=on_terminal,
        color_system=None,
        highlight=False,
        soft_wrap=not on_terminal,
        legacy_windows=False,
    )
    terminal.render_rich(table, console)
    return buf.getvalue()


def key_values(table: Table) -> list[str]:
    """What must be seen whole: every shown cell that is not free text, each name of a list on its own."""
    values = []
    for row in [*table.rows, *([table.totals] if table.totals else [])]:
        for c in table.columns:
            if not c.show or c.wrap:
                continue
            shown = display(row.get(c.key), c)
            values += [v for v in (shown.split("、") if c.kind == "list" else [shown]) if v]
    return values


def assert_whole(table: Table, text: str, width: int) -> None:
    lines = text.splitlines()
    too_wide = [line for line in lines if cell_len(line) > width]
    assert not too_wide, too_wide[:3]
    assert "…" not in text.replace("……另有", "")  # nothing cut short (the findings' "…and N more" aside)
    missing = [v for v in key_values(table) if v not in text]
    assert not missing, (width, missing[:5], text[:2000])


TICKETS = Table(
    [
        Column("number"),
        Column("community"),
        Column("grid", fold=True),
        Column("title", title="问题", wrap=True),
        Column("location", title="位置", wrap=True, fold=True),
        Column("status", title="状态"),
        Column("assignee", title="责任单位"),
        Column("deadline", title="整改期限"),
        Column("closed_on", title="销号日期", fold=True),
    ],
    [
        {
            "number": "BC-2015-00001",
            "community": "北城社区",
            "grid": "北城第一网格",
            "title": "问题13：路灯损坏，夜间行人摔倒，居民多次反映要求尽快修复",
            "location": "建设路12号东侧人行道（靠近乐清市人民医院南门）",
            "status": "已分派",
            "assignee": "乐清市人力资源和社会保障局",
            "deadline": "2015-06-30",
            "closed_on": None,
        },
        {
            "number": "BC-2015-00112",
            "community": "北城社区",
            "grid": "北城第二网格",
            "title": "占道经营",
            "location": "白鹭公寓4幢",
            "status": "已销号",
            "assignee": "乐清市园林绿化管理中心",
            "deadline": "2015-04-19",
            "closed_on": "2016-01-12",
        },
    ],
)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("on_terminal", [True, False])
def test_a_ticket_listing_keeps_numbers_names_and_dates_whole(width, on_terminal):
    text = screen(TICKETS, width, on_terminal=on_terminal)
    assert_whole(TICKETS, text, width)
    # the number a clerk types for assign/close starts its row, whole, at every width
    assert any(line.startswith("BC-2015-00001  北城社区") for line in text.splitlines())
    # free text is never lost: the title's words are all there, in order, whatever the wrapping
    assert "问题13：路灯损坏" in text.replace(" ", "").replace("\n", "").replace("问题：", "")


def test_secondary_columns_move_onto_a_second_line_in_a_narrow_terminal():
    lines = screen(TICKETS, 80).splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("BC-2015-00112"))
    assert "乐清市园林绿化管理中心" in lines[row] and "2015-04-19" in lines[row]
    assert lines[row + 1].startswith("    ")  # the second line is indented under its row
    second = " ".join(lines[row + 1 : row + 3])
    assert "网格：北城第二网格" in second and "销号日期：2016-01-12" in second
    # at 120 columns the grid is back in the row
    wide = screen(TICKETS, 120).splitlines()
    assert "北城第二网格" in next(line for line in wide if line.startswith("BC-2015-00112"))


def test_second_line_labels_follow_the_language():
    set_lang("en")
    try:
        table = Table([Column("number"), Column("grid", fold=True), Column("unit")], TICKETS.rows)
        text = screen(table, 30)
    finally:
        set_lang("zh")
    assert "Grid: 北城第一网格" in text


def test_headings_wrap_onto_at_most_two_lines_never_cutting_a_number():
    columns = [Column("community", title="社区")] + [
        Column(f"n{i}", "int", title=f"结对单位数{i}") for i in range(10)
    ]
    rows = [{"community": "乐成街道东门社区", **{f"n{i}": 1234 * i for i in range(10)}}]
    table = Table(columns, rows, totals={"community": "合计", **{f"n{i}": 99999 for i in range(10)}})
    for width in WIDTHS:
        text = screen(table, width)
        assert_whole(table, text, width)
        lines = text.splitlines()
        rule = next(i for i, line in enumerate(lines) if line.startswith("─"))
        assert rule <= 2  # the headings above the rule: one or two lines


def test_a_list_wraps_between_its_names():
    table = Table(
        [Column("unit", title="单位"), Column("communities", "list", title="结对社区")],
        [
            {
                "unit": "乐清市人力资源和社会保障局",
                "communities": ["北城社区", "乐成街道东门社区", "城南街道长虹社区"] * 3,
            }
        ],
    )
    text = screen(table, 60)
    assert_whole(table, text, 60)
    for line in text.splitlines()[2:]:
        assert not line.rstrip().endswith(("北", "东", "长"))  # no name broken across two lines


def test_brief_headings_when_the_full_ones_do_not_fit():
    columns = [Column("unit", title="单位")] + [
        Column(k, "score", title=f"{name}（30分）", brief=name)
        for k, name in [("a", "活动开展"), ("b", "资金物资")]
    ]
    table = Table(columns, [{"unit": "乐清市统计局", "a": 30.0, "b": 20.0}])
    assert "活动开展（30分）" in screen(table, 120)
    narrow = screen(table, 28)
    assert "活动开展" in narrow.replace("\n", "") or "活动" in narrow
    assert "（30分）" not in narrow
    assert_whole(table, narrow, 28)


def test_control_characters_never_reach_the_terminal():
    table = Table([Column("name", title="名称")], [{"name": "甲\x1b[31m乙\x07"}])
    text = screen(table, 80)
    assert "\x1b" not in text and "\x07" not in text
    assert "甲[31m乙" in text


# ------------------------------------------------------------------------------ every command, on the demo
COMMANDS = [
    ("assess", "2016"),
    ("assess", "2016", "-c", "BC"),
    ("report", "year", "2016"),
    ("ticket", "list", "-c", "BC"),
    ("ticket", "list", "-c", "BC", "--status", "已分派"),
    ("ticket", "overdue"),
    ("ticket", "show", "BC-2015-00001"),
    ("project", "list", "--hall"),
    ("project", "list", "-c", "BC"),
    ("project", "match", "-c", "BC"),
    ("member", "list", "-c", "BC"),
    ("member", "list", "-c", "BC", "--below-target", "--year", "2016"),
    ("unit", "list"),
    ("unit", "show", "统计局"),
    ("community", "list"),
    ("community", "show", "BC"),
    ("pair", "list", "-c", "BC"),
    ("agreement", "list", "-c", "BC"),
    ("activity", "list", "--year", "2016", "-c", "BC"),
    ("fund", "list", "--year", "2016", "-c", "BC"),
    ("meeting", "list", "--year", "2016"),
    ("meeting", "attendance", "2016"),
    ("meeting", "next-chair", "BC", "--all"),
    ("need", "list", "-c", "BC"),
    ("resource", "list", "-c", "BC"),
    ("log",),
    ("info",),
    ("search", "路灯"),
    ("search", "北城", "路灯"),
    ("search", "统计局", "--limit", "0"),
    ("member", "show", "王琴涛"),
]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_listing_and_report_keeps_its_key_values_whole(demo_cli, monkeypatch, width):
    drawn: list[Table] = []
    draw = terminal.render_rich

    def recording(table, console):
        drawn.append(table)
        draw(table, console)

    monkeypatch.setattr(terminal, "render_rich", recording)
    for args in COMMANDS:
        drawn.clear()
        console = Console(width=width, force_terminal=True, color_system=None, highlight=False)
        monkeypatch.setattr(output, "_console", console)
        r = demo_cli(*args)
        assert r.exit_code == 0, (args, r.output)
        assert drawn, args
        for table in drawn:
            assert_whole(table, r.stdout, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_assessment_shows_unit_communities_rank_total_and_grade(demo_cli, monkeypatch, width):
    monkeypatch.setattr(output, "_console", Console(width=width, force_terminal=True, color_system=None))
    text = demo_cli("assess", "2016").stdout
    lines = text.splitlines()
    tenth = next(line for line in lines if line.lstrip().startswith("10  "))
    assert "乐清市妇幼保健院" in tenth  # rank 10 and its unit on one line
    assert "结对社区" in text and "总分" in text and "等次" in text
    assert "94.43" in text and "优秀" in text


@pytest.mark.parametrize("width", WIDTHS)
def test_the_years_first_table_names_every_community(demo_cli, monkeypatch, width):
    monkeypatch.setattr(output, "_console", Console(width=width, force_terminal=True, color_system=None))
    lines = demo_cli("report", "year", "2016").stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if "2016年度各社区汇总" in line)
    end = next(i for i, line in enumerate(lines) if "2016年度各月活动" in line)
    names = [line.split()[0] for line in lines[start:end] if line.endswith(tuple("0123456789"))]
    assert [n for n in names if n.endswith("社区")][:3] == ["北城社区", "长虹社区", "东门社区"]
    assert any(line.startswith("合计") and "4,736,500.00" in line for line in lines[start:end])
