"""The shared figure families of `report year`, the plain-text table writer and the one-command app.

Issue #10 phase 2: member figures counted once both ways, ticket figures without the unused medians,
figures reused within one report but never across a write, tables laid out without rich off a terminal
(same text as rich), the 在职党员 sheet masked in SQL, and `main` building only the invoked command.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date

import pytest
from rich.console import Console

from gongjian.ledger import Ledger
from gongjian.reports import figures as reports
from gongjian.reports.assessment import year_report
from gongjian.writing import terminal as term_writer
from gongjian.writing.table import Column, Table


# ---------------------------------------------------------------------------- member figures
def _counted_by_hand(ledger: Ledger, year: int, target: int) -> tuple[dict, dict]:
    """Registered / met-target per unit and per community, member by member in Python."""
    served: dict[int, int] = {}
    for r in ledger.store.rows("SELECT member_id FROM services WHERE year = ?", (year,)):
        served[r["member_id"]] = served.get(r["member_id"], 0) + 1
    by_unit: dict[int, dict[str, int]] = {}
    by_community: dict[int, dict[str, int]] = {}
    for m in ledger.store.rows("SELECT id, unit_id, community_id, status, registered_on FROM members"):
        if m["status"] != "active" or (m["registered_on"] or "") > f"{year}-12-31":
            continue
        met = served.get(m["id"], 0) >= target
        for groups, key in ((by_unit, m["unit_id"]), (by_community, m["community_id"])):
            if key is None:
                continue
            g = groups.setdefault(key, {"registered": 0, "met_target": 0})
            g["registered"] += 1
            g["met_target"] += met
    return by_unit, by_community


@pytest.mark.parametrize(("year", "target"), [(2016, 2), (2015, 3), (2026, 1), (2014, 2)])
def test_member_figures_both_ways_match_a_count_of_every_member(demo_db, year, target):
    with Ledger.open(demo_db, readonly=True) as ledger:
        by_unit, by_community = _counted_by_hand(ledger, year, target)
        both = ledger.members.member_figures(year, target, by="both")
        assert both == {"unit": by_unit, "community": by_community}
        assert ledger.members.member_figures(year, target) == by_unit
        assert ledger.members.member_figures(year, target, by="community") == by_community
    if year == 2016:  # the demo has members both meeting and missing the target
        assert (
            0
            < sum(g["met_target"] for g in by_unit.values())
            < sum(g["registered"] for g in by_unit.values())
        )


def test_member_figures_rejects_an_unknown_grouping(demo_db):
    with Ledger.open(demo_db, readonly=True) as ledger, pytest.raises(ValueError, match="street"):
        ledger.members.member_figures(2016, 2, by="street")


def test_year_report_counts_a_member_registered_after_the_first_report(demo_db):
    with Ledger.open(demo_db) as ledger:
        day = date(2016, 12, 31)
        before = year_report(ledger, 2016, today=day)["figures"]["totals"]["members_registered"]
        assert year_report(ledger, 2016, today=day)["figures"]["totals"]["members_registered"] == before
        unit = ledger.store.rows("SELECT name FROM units WHERE id = (SELECT unit_id FROM members LIMIT 1)")[
            0
        ]["name"]
        community = ledger.store.rows("SELECT code FROM communities ORDER BY code LIMIT 1")[0]["code"]
        ledger.members.add_member(
            name="林晓燕", phone="13957712468", unit=unit, community=community, registered_on="2016-06-01"
        )
        after = year_report(ledger, 2016, today=day)["figures"]["totals"]["members_registered"]
    assert after == before + 1


def test_year_report_sees_a_change_made_by_another_connection(demo_db):
    with Ledger.open(demo_db, readonly=True) as reader:
        day = date(2016, 12, 31)
        before = year_report(reader, 2016, today=day)["figures"]["totals"]["members_registered"]
        with Ledger.open(demo_db) as writer:
            unit = writer.store.rows("SELECT name FROM units ORDER BY id LIMIT 1")[0]["name"]
            community = writer.store.rows("SELECT code FROM communities ORDER BY code LIMIT 1")[0]["code"]
            writer.members.add_member(
                name="周海峰", phone="13705771357", unit=unit, community=community, registered_on="2016-03-15"
            )
        after = year_report(reader, 2016, today=day)["figures"]["totals"]["members_registered"]
    assert after == before + 1


def test_shared_member_figures_are_those_of_the_ledger(demo_db):
    with Ledger.open(demo_db, readonly=True) as ledger:
        shared = reports.member_figures(ledger, 2016, 2)
        assert shared == ledger.members.member_figures(2016, 2, by="all")
        both = ledger.members.member_figures(2016, 2, by="both")
        assert {k: shared[k] for k in ("unit", "community")} == both
        assert shared["unit"] == ledger.members.member_figures(2016, 2, by="unit")
        assert shared["kind"] == ledger.members.kind_figures(2016, 2)
        assert sum(r["registered"] for r in shared["kind"]) == ledger.store.scalar(
            "SELECT count(*) FROM members m WHERE coalesce(m.registered_on, '') <= '2016-12-31' "
            "AND (m.status = 'active' OR coalesce(m.status_on, '') > '2016-12-31')"
        )


# ---------------------------------------------------------------------------- ticket figures
@pytest.mark.parametrize("today", [date(2016, 12, 31), date.today()])
def test_ticket_figures_several_ways_at_once_are_each_way_alone(demo_db, today):
    """One statement grouping the year's problems several ways gives, each way, what asking for it alone
    gives: on a past day (each problem's state then) and today (its status)."""
    ways = ("community", "unit", "source", "grid", "category", "month", "all")
    with Ledger.open(demo_db, readonly=True) as ledger:
        year = 2015 if today.year == 2016 else today.year
        together = ledger.tickets.ticket_figures_by(ways, year=year, today=today, medians=("source", "grid"))
        for by in ways:
            alone = ledger.tickets.ticket_figures(
                by=by, year=year, today=today, medians=by in ("source", "grid")
            )
            assert together[by] == alone, by
    assert together["all"][0]["found"] == sum(r["found"] for r in together["community"]) > 0
    assert any(r["median_days_to_close"] is not None for r in together["source"])


@pytest.mark.parametrize("by", ["community", "unit", "all"])
def test_ticket_figures_without_medians_keep_every_other_figure(demo_db, by):
    with Ledger.open(demo_db, readonly=True) as ledger:
        full = ledger.tickets.ticket_figures(by=by, year=2015, today=date(2016, 12, 31))
        lean = ledger.tickets.ticket_figures(by=by, year=2015, today=date(2016, 12, 31), medians=False)
    assert any(r["median_days_to_close"] is not None for r in full)
    assert all(r["median_days_to_close"] is None for r in lean)
    strip = [{k: v for k, v in r.items() if k != "median_days_to_close"} for r in full]
    assert [{k: v for k, v in r.items() if k != "median_days_to_close"} for r in lean] == strip


# ---------------------------------------------------------------------------- plain tables
COLUMNS = [
    Column("community", title="社区"),
    Column("activities", "int", title="活动", bar=True),
    Column("cash_fen", "money", title="资金（元）"),
    Column("rate", "percent", title="销号率"),
]
ROWS = [
    {"community": "城北社区", "activities": 12, "cash_fen": 1234500, "rate": 0.5},
    {"community": "乐成街道东门社区", "activities": 3, "cash_fen": 0, "rate": None},
    {"community": "West Gate", "activities": 0, "cash_fen": 99, "rate": 1.0},
]


def _rendered(table: Table, *, soft_wrap: bool, width: int = 240, terminal: bool = False) -> str:
    buf = io.StringIO()
    console = Console(
        file=buf,
        width=width,
        no_color=not terminal,
        force_terminal=terminal,
        highlight=False,
        soft_wrap=soft_wrap,
        color_system=None,
    )
    term_writer.render_rich(table, console)
    return buf.getvalue()


def test_plain_table_is_laid_out_as_rich_lays_it_out():
    table = Table(
        COLUMNS,
        ROWS,
        title="2016 年汇总",
        totals={"community": "合计", "activities": 15},
        footer=["注：金额单位为元"],
    )
    assert term_writer.to_text(table) == (  # exactly what rich printed for it before the plain writer
        "                     2016 年汇总                     \n"
        "社区                         活动  资金（元）  销号率\n"
        "城北社区          ############ 12   12,345.00   50.0%\n"
        "乐成街道东门社区  ###           3        0.00        \n"
        "West Gate                       0        0.99  100.0%\n"
        "合计                           15                    \n"
        "注：金额单位为元\n"
    )
    # the CLI's console soft-wraps off a terminal: rich then prints the title flush left
    assert _rendered(table, soft_wrap=True).splitlines()[0] == "2016 年汇总"


def test_plain_table_matches_rich_for_a_table_rich_must_lay_out(monkeypatch):
    """A table wider than the console goes through rich, which wraps it to the console's width."""
    wide = Table(
        [Column("title", title="标题"), Column("note", title="备注")],
        [{"title": "社区议事" * 8, "note": "资金" * 12}],
    )
    text = _rendered(wide, soft_wrap=False, width=60)
    from rich.cells import cell_len

    assert all(cell_len(line) <= 60 for line in text.splitlines())
    assert "社区议事" in text


def test_cell_text_is_shown_literally_on_and_off_a_terminal():
    table = Table(
        [Column("name", title="名称"), Column("note", title="备注")],
        [{"name": "[注]甲", "note": "a [b] :smile:"}],
    )
    assert term_writer.to_text(table).splitlines()[1] == "[注]甲  a [b] :smile:"
    assert "a [b] :smile:" in _rendered(table, soft_wrap=False, terminal=True)


def test_cell_with_a_line_break_still_goes_through_rich():
    table = Table([Column("name", title="名称")], [{"name": "第一行\n第二行"}])
    assert term_writer.to_text(table).splitlines() == ["名称  ", "第一行", "第二行"]


# ---------------------------------------------------------------------------- the 在职党员 sheet
def test_members_sheet_holds_no_phone_or_id_number(demo_db):
    """The book's 在职党员 rows: one per member in service at the year's end, with no phone or ID number in
    any form; the target flag and the feedback grade follow the counts."""
    from gongjian.reports.book import members_listing

    with Ledger.open(demo_db) as ledger:
        unit = ledger.store.rows("SELECT name FROM units ORDER BY id LIMIT 1")[0]["name"]
        community = ledger.store.rows("SELECT code FROM communities ORDER BY code LIMIT 1")[0]["code"]
        ledger.members.add_member(
            name="陈国强", phone="0577-88123456", unit=unit, community=community, registered_on="2016-02-01"
        )
        listing = members_listing(ledger, 2016, None, 2, {"excellent": 4, "pass": 2})
        rows = list(listing.rows)
        raw = ledger.store.rows(
            "SELECT name, phone, id_number FROM members WHERE status = 'active' AND coalesce(registered_on, '') <= ?",
            ("2016-12-31",),
        )
    assert [c.key for c in listing.columns] == [
        "community",
        "name",
        "unit",
        "registered_on",
        "post",
        "services",
        "hours",
        "met_target",
        "feedback",
    ]
    chen = next(r for r in rows if r[1] == "陈国强")
    assert chen[5:] == (0, 0.0, 0, "fail")
    assert sorted(r[1] for r in rows) == sorted(r["name"] for r in raw)
    private = {v for r in raw for v in (r["phone"], r["id_number"]) if v}
    cells = {str(v) for r in rows for v in r}
    assert not any(p in c or p[-4:] + "" == c for p in private for c in cells)
    for r in rows:
        assert r[8] == ("excellent" if r[5] >= 4 else "pass" if r[5] >= 2 else "fail")
        assert bool(r[7]) == (r[5] >= 2)


# ---------------------------------------------------------------------------- the invoked command only
def test_main_builds_only_the_invoked_command():
    from gongjian.cli import _invoked, app

    lean = _invoked(["--db", "x.db", "--lang", "en", "summary", "--format", "json"])
    assert [c.name for c in lean.registered_commands] == ["summary"] and lean.registered_groups == []
    report = _invoked(["report", "year", "2016"])
    assert [g.name for g in report.registered_groups] == ["report"] and report.registered_commands == []
    assert _invoked(["--help"]) is app
    assert _invoked(["--version"]) is app
    assert _invoked(["sumary"]) is app  # unknown: the whole app suggests "summary"
    assert _invoked([]) is app
    assert len(app.registered_commands) > 1  # the full app is untouched


def test_summary_runs_as_a_process(demo_db):
    env = {**os.environ, "GONGJIAN_TODAY": "2016-12-31"}
    result = subprocess.run(
        [sys.executable, "-m", "gongjian", "--db", str(demo_db), "summary", "--format", "json"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    assert data["today"] == "2016-12-31"
    typo = subprocess.run(
        [sys.executable, "-m", "gongjian", "--db", str(demo_db), "sumary"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert typo.returncode == 2
    assert "summary" in typo.stderr.decode()
