"""Activities (活动) through the CLI and the Ledger API: add, list with totals, show, files, imports, figures."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest
from records_support import copy_into, counts, make_roster, master, totals_of, write_xlsx

from gongjian.errors import Conflict, InvalidValue
from gongjian.ledger import Ledger
from gongjian.reading.specs import ImportContext, validate


@pytest.fixture(scope="module")
def roster_master(tmp_path_factory):
    """The small 乐清 roster of `records_support.make_roster`, built once."""
    return master(tmp_path_factory, "roster", make_roster)


@pytest.fixture
def roster(roster_master, db, cli):
    """A private copy of the roster, with the CLI bound to it."""
    copy_into(roster_master, db)
    return cli


def add_dragon_day(cli, *extra: str):
    """北城社区's 龙抬头荠菜饭活动 of 2016, organised by the 统计局 and the 财政局."""
    return cli(
        "activity",
        "add",
        "北城社区",
        "龙抬头荠菜饭活动",
        "--date",
        "2016年3月10日",
        "--category",
        "节日",
        "--organiser",
        "乐清市统计局、乐清市财政局",
        "--participant",
        "乐清中学",
        "--participant-times",
        "1,060人次",
        "--volunteers",
        "80",
        "--venue",
        "北城社区办公楼门口",
        "--spending",
        "1.2万元",
        *extra,
    )


# ---------------------------------------------------------------------------- add
def test_add_records_units_in_order_and_says_so(roster):
    result = add_dragon_day(roster)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "已登记活动（编号 1）：2016-03-10 北城社区 龙抬头荠菜饭活动，组织单位：乐清市统计局、乐清市财政局\n"
    )
    shown = json.loads(roster("activity", "show", "1", "--format", "json").stdout)
    assert shown["organisers"] == ["乐清市统计局", "乐清市财政局"]
    assert shown["participants"] == ["乐清中学"]
    assert shown["category"] == "festival"
    assert shown["participant_times"] == 1060
    assert shown["volunteers"] == 80
    assert shown["spending_fen"] == 1_200_000
    assert shown["year"] == 2016


def test_files_are_kept_as_path_sha256_and_size(roster, tmp_path):
    plan = tmp_path / "荠菜饭活动方案.docx"
    plan.write_bytes("活动方案：二月二龙抬头，社区办公楼门口".encode())
    photos = [tmp_path / f"现场{i}.jpg" for i in (1, 2)]
    for i, photo in enumerate(photos):
        photo.write_bytes(bytes([i]) * 2048)
    result = add_dragon_day(roster, "--plan", str(plan), "--photo", str(photos[0]), "--photo", str(photos[1]))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == "附件 3 个已记录（路径和 SHA-256）"
    files = json.loads(roster("activity", "show", "龙抬头", "--format", "json").stdout)["files"]
    assert [f["kind"] for f in files] == ["plan", "photo", "photo"]
    assert files[0]["path"] == str(plan.resolve())
    assert files[0]["sha256"] == hashlib.sha256(plan.read_bytes()).hexdigest()
    assert files[2]["size"] == 2048


def test_missing_file_is_refused_before_anything_is_written(roster, db, tmp_path):
    before = counts(db)
    result = add_dragon_day(roster, "--photo", str(tmp_path / "不存在.jpg"))
    assert result.exit_code == 1
    assert result.stderr == f"找不到文件：{tmp_path / '不存在.jpg'}\n"
    assert counts(db) == before


def test_unpaired_organiser_is_refused_naming_the_unit_and_the_way_out(roster, db):
    before = counts(db)
    result = roster(
        "activity",
        "add",
        "北城社区",
        "禁毒知识宣传",
        "--date",
        "2016-06-26",
        "--category",
        "法治",
        "--organiser",
        "乐清市统计局",
        "--organiser",
        "乐清市公安局",
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "乐清市公安局 在 2016-06-26 没有与 北城社区 结对，不能作为该社区当天活动的组织或参与单位；"
        "请先用 gongjian pair add 结对（或核对结对的起止日期），或加 --allow-unpaired 照样登记\n"
    )
    assert counts(db) == before
    allowed = roster(
        "activity",
        "add",
        "北城社区",
        "禁毒知识宣传",
        "--date",
        "2016-06-26",
        "--category",
        "法治",
        "--organiser",
        "乐清市统计局",
        "--organiser",
        "乐清市公安局",
        "--allow-unpaired",
    )
    assert allowed.exit_code == 0, allowed.stderr
    assert counts(db)["activity_units"] == before["activity_units"] + 2


def test_unpaired_participant_and_ended_pairing_are_refused(roster):
    result = roster(
        "activity",
        "add",
        "北城社区",
        "健康讲座",
        "--date",
        "2016-05-01",
        "--organiser",
        "统计局",
        "--participant",
        "乐清市教育局",
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("乐清市教育局 在 2016-05-01 没有与 北城社区 结对")
    assert roster("pair", "end", "BC", "乐清中学", "--on", "2016-06-30").exit_code == 0
    before_end = roster(
        "activity", "add", "北城社区", "端午包粽子", "--date", "2016-06-09", "--organiser", "乐清中学"
    )
    assert before_end.exit_code == 0, before_end.stderr  # still paired on that day
    after_end = roster(
        "activity", "add", "北城社区", "中秋团圆活动", "--date", "2016-09-15", "--organiser", "乐清中学"
    )
    assert after_end.exit_code == 1
    assert after_end.stderr.startswith("乐清中学 在 2016-09-15 没有与 北城社区 结对")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--organiser", "乐清市统计局", "--category", "联欢"),
            "输入有误：类别: 活动类别无效：联欢（可选：节日活动、志愿服务、",
        ),
        (("--category", "节日"), "请至少指定一个组织单位（--organiser）"),
        (
            ("--organiser", "乐清市统计局", "--participant-times", "很多"),
            "输入有误：参加人次: 数量无效：很多",
        ),
        (("--organiser", "乐清市统计局", "--date", "2016-02-30"), "输入有误：日期: 日期无效：2016-02-30"),
        (("--organiser", "乐清市不存在局"), "找不到单位：乐清市不存在局"),
    ],
)
def test_bad_input_is_one_chinese_line_and_writes_nothing(roster, db, args, message):
    before = counts(db)
    result = roster("activity", "add", "北城社区", "重阳敬老", "--date", "2016-10-09", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert counts(db) == before


def test_the_same_activity_twice_is_refused(roster):
    assert add_dragon_day(roster).exit_code == 0
    again = add_dragon_day(roster)
    assert again.exit_code == 1
    assert again.stderr == "该活动已登记（编号 1）：2016-03-10 北城社区 龙抬头荠菜饭活动\n"


def test_finalised_year_refuses_new_activities(roster, db):
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO assessment_years (year, finalized_at) VALUES (2016, '2017-01-20T08:00:00Z')")
    conn.commit()
    conn.close()
    before = counts(db)
    result = add_dragon_day(roster)
    assert result.exit_code == 1
    assert "定稿" in result.stderr
    assert counts(db) == before
    assert (
        roster(
            "activity", "add", "北城社区", "龙抬头荠菜饭活动", "--date", "2017-02-27", "--organiser", "统计局"
        ).exit_code
        == 0
    )


# ---------------------------------------------------------------------------- list and show
def add_season(roster) -> None:
    """Four activities over 2015–2016 in two communities."""
    assert add_dragon_day(roster).exit_code == 0
    for args in [
        (
            "北城社区",
            "重阳敬老",
            "--date",
            "2015-10-21",
            "--category",
            "节日活动",
            "--organiser",
            "乐清市财政局",
            "--participant-times",
            "300",
            "--volunteers",
            "25",
        ),
        (
            "北城社区",
            "重阳敬老",
            "--date",
            "2016-10-09",
            "--category",
            "festival",
            "--organiser",
            "乐清中学",
            "--participant",
            "乐清市统计局",
            "--participant-times",
            "800",
            "--volunteers",
            "60",
            "--venue",
            "乐清中学大礼堂",
        ),
        (
            "东门社区",
            "走访慰问困难党员",
            "--date",
            "2016-12-28",
            "--category",
            "走访",
            "--organiser",
            "公安局",
            "--participant-times",
            "24",
            "--volunteers",
            "6",
        ),
    ]:
        result = roster("activity", "add", *args)
        assert result.exit_code == 0, (args, result.stderr)


@pytest.fixture(scope="module")
def season_master(tmp_path_factory):
    """The roster with the four activities of `add_season`, built once."""
    return master(tmp_path_factory, "season", lambda cli: (make_roster(cli), add_season(cli)))


@pytest.fixture
def season(season_master, db, cli):
    """A private copy of the season, with the CLI bound to it."""
    copy_into(season_master, db)
    return cli


def test_list_year_table_totals_line(season):
    result = season("activity", "list", "--year", "2016")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[-1] == "合计：活动 3 场，参加人次 1,884，志愿者 146 人"
    assert "龙抬头荠菜饭活动" in lines[1] and "走访慰问" in lines[3]
    assert "2015-10-21" not in result.stdout


def test_list_json_keys_and_sums_agree_with_the_totals_line(season):
    data = json.loads(season("activity", "list", "--year", "2016", "--format", "json").stdout)
    for key in (
        "id",
        "date",
        "community",
        "title",
        "category",
        "organisers",
        "participants",
        "volunteers",
        "venue",
        "participant_times",
    ):
        assert key in data[0]
    assert [a["category"] for a in data] == ["festival", "festival", "visit"]
    assert data[1]["organisers"] == ["乐清中学"] and data[1]["participants"] == ["乐清市统计局"]
    table = season("activity", "list", "--year", "2016").stdout.splitlines()[-1]
    assert totals_of(table) == [
        len(data),
        sum(a["participant_times"] for a in data),
        sum(a["volunteers"] for a in data),
    ]


@pytest.mark.parametrize(
    ("args", "titles"),
    [
        (("--community", "DM"), ["走访慰问困难党员"]),
        (("--unit", "乐清市统计局"), ["龙抬头荠菜饭活动", "重阳敬老"]),  # organiser, then participant
        (("--category", "节日", "--year", "2015"), ["重阳敬老"]),
        (("--from", "2016-03-01", "--to", "2016年10月31日"), ["龙抬头荠菜饭活动", "重阳敬老"]),
        (("--from", "2016-12"), ["走访慰问困难党员"]),
    ],
)
def test_list_filters(season, args, titles):
    data = json.loads(season("activity", "list", *args, "--format", "json").stdout)
    assert [a["title"] for a in data] == titles


def test_list_csv_has_english_header_and_machine_values(season):
    lines = season("activity", "list", "--community", "北城", "--format", "csv").stdout.splitlines()
    assert lines[0].startswith(
        "id,date,community,title,category,organisers,participants,participant_times,volunteers"
    )
    assert lines[1].startswith("2,2015-10-21,北城社区,重阳敬老,festival,乐清市财政局,,300,25")


def test_list_bad_range_is_refused(season):
    result = season("activity", "list", "--from", "2016-12-01", "--to", "2016-01-01")
    assert result.exit_code == 1
    assert result.stderr == "开始日期 2016-12-01 晚于结束日期 2016-01-01\n"


def test_show_ambiguous_title_lists_candidates(season):
    result = season("activity", "show", "重阳敬老")
    assert result.exit_code == 1
    assert result.stderr == (
        "“重阳敬老”对应多个活动：2015-10-21 北城社区 重阳敬老（#2）、2016-10-09 北城社区 重阳敬老（#3）\n"
    )
    narrowed = json.loads(
        season("activity", "show", "重阳", "--year", "2016", "-c", "BC", "--format", "json").stdout
    )
    assert narrowed["id"] == 3
    table = season("activity", "show", "3").stdout
    assert "乐清中学大礼堂" in table and "乐清市统计局" in table


def test_english_labels(season):
    result = season("--lang", "en", "activity", "list", "--year", "2016")
    assert "Participant-times" in result.stdout.splitlines()[0]
    assert result.stdout.splitlines()[-1] == "Total: 3 activities, 1,884 participant-times, 146 volunteers"


# ---------------------------------------------------------------------------- figures
def test_activity_figures_count_roles_per_unit(season, db):
    with Ledger.open(db) as ledger:
        ids = {r["name"]: r["id"] for r in ledger.store.rows("SELECT id, name FROM units")}
        figures = ledger.records.activity_figures(2016)
    assert figures[ids["乐清市统计局"]] == {"organised": 1, "participated": 1, "last_date": "2016-10-09"}
    assert figures[ids["乐清中学"]] == {"organised": 1, "participated": 1, "last_date": "2016-10-09"}
    assert figures[ids["乐清市公安局"]] == {"organised": 1, "participated": 0, "last_date": "2016-12-28"}
    assert ids["乐清市财政局"] in figures  # co-organised 龙抬头
    assert ids["乐清市教育局"] not in figures


# ---------------------------------------------------------------------------- imports
def test_import_api_splits_organisers_and_turns_funding_into_a_contribution(roster, db):
    raw = {
        "date": "2016/4/5",
        "community": "北城社区",
        "title": "清明祭英烈",
        "category": "党建",
        "organisers": "乐清市统计局；乐清市财政局\n乐清中学",
        "participant_times": "60",
        "volunteers": "10",
        "spending": "800元",
        "funding": "5000元",
    }
    with Ledger.open(db) as ledger:
        ctx = ImportContext()
        with ledger.store.write("import activities"):
            assert ledger.records.import_activities(validate("activities", raw), ctx) == "inserted"
            assert ledger.records.import_activities(validate("activities", raw), ctx) == "unchanged"
            assert (
                ledger.records.import_activities(
                    validate("activities", {**raw, "participant_times": "65"}), ctx
                )
                == "updated"
            )
            assert (
                ledger.records.import_activities(
                    validate("activities", {**raw, "participant_times": "65", "funding": "6000"}), ctx
                )
                == "updated"
            )
        shown = ledger.records.show_activity("清明祭英烈")
        funds = ledger.records.list_contributions(activity=shown["id"])
    assert shown["organisers"] == ["乐清市统计局", "乐清市财政局", "乐清中学"]
    assert shown["participant_times"] == 65 and shown["spending_fen"] == 80_000
    assert [(f["unit"], f["kind"], f["amount_fen"]) for f in funds] == [("乐清市统计局", "cash", 600_000)]


def test_import_api_refuses_unpaired_unless_allowed(roster, db):
    values = validate(
        "activities",
        {
            "date": "2016-06-26",
            "community": "北城社区",
            "title": "禁毒知识宣传",
            "organisers": "乐清市公安局",
        },
    )
    with Ledger.open(db) as ledger:
        with pytest.raises(Conflict) as refused, ledger.store.write("import activities"):
            ledger.records.import_activities(values, ImportContext())
        assert refused.value.params["field"] == "organisers"
        assert "乐清市公安局 在 2016-06-26 没有与 北城社区 结对" in refused.value.message()
        with ledger.store.write("import activities"):
            assert (
                ledger.records.import_activities(values, ImportContext(options={"allow_unpaired": True}))
                == "inserted"
            )
        with pytest.raises(InvalidValue):
            ledger.records.add_activity(date="2016-06-27", community="北城社区", title="禁毒", organisers="")


def activity_log(path):
    return write_xlsx(
        path,
        [
            ["2016年北城社区共建活动台账"],
            [],
            [
                "活动日期",
                "社区",
                "活动名称",
                "活动类别",
                "组织单位",
                "参加人次",
                "志愿者",
                "活动地点",
                "出资",
                "备注",
            ],
            [
                "2016/4/5",
                "北城社区",
                "清明祭英烈",
                "党建",
                "乐清市统计局、乐清市财政局",
                60,
                10,
                "烈士陵园",
                "5000元",
                None,
            ],
            [
                "2016年5月12日",
                "BC",
                "垃圾分类宣传",
                "环境",
                "乐清市财政局\n乐清中学",
                "120人次",
                15,
                None,
                None,
                "入户宣传",
            ],
            [
                42530,
                "北城社区",
                "端午包粽子",
                "节日活动",
                "乐清中学,乐清市统计局",
                230.0,
                18,
                "社区文化礼堂",
                "3,000",
                None,
            ],
        ],
        sheet="活动台账",
    )


def test_import_activities_through_the_cli_is_idempotent(roster, tmp_path):
    path = activity_log(tmp_path / "北城活动台账.xlsx")
    first = roster("import", "activities", str(path), "--format", "json")
    assert first.exit_code == 0, first.stdout + first.stderr
    assert json.loads(first.stdout)["inserted"] == 3
    again = json.loads(roster("import", "activities", str(path), "--format", "json").stdout)
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, 3)
    data = json.loads(roster("activity", "list", "--format", "json").stdout)
    assert [(a["date"], a["title"], a["organisers"], a["participant_times"]) for a in data] == [
        ("2016-04-05", "清明祭英烈", ["乐清市统计局", "乐清市财政局"], 60),
        ("2016-05-12", "垃圾分类宣传", ["乐清市财政局", "乐清中学"], 120),
        ("2016-06-09", "端午包粽子", ["乐清中学", "乐清市统计局"], 230),
    ]
    funds = json.loads(roster("fund", "list", "--format", "json").stdout)
    assert [(f["unit"], f["kind"], f["amount_fen"], f["activity"]) for f in funds] == [
        ("乐清市统计局", "cash", 500_000, "清明祭英烈"),
        ("乐清中学", "cash", 300_000, "端午包粽子"),
    ]


def test_import_with_an_unpaired_organiser_writes_nothing_unless_skipped(roster, db, tmp_path):
    path = write_xlsx(
        tmp_path / "log.xlsx",
        [
            ["日期", "社区", "活动名称", "组织单位", "参加人次"],
            ["2016-04-05", "北城社区", "清明祭英烈", "乐清市统计局", 60],
            ["2016-06-26", "北城社区", "禁毒知识宣传", "乐清市公安局", 150],
        ],
    )
    before = counts(db)
    refused = roster("import", "activities", str(path), "--format", "json")
    assert refused.exit_code == 1
    report = json.loads(refused.stdout)
    assert report["rejected"] == 1
    assert report["errors"][0]["row"] == 3 and report["errors"][0]["column"] == "组织单位"
    assert report["errors"][0]["reason"].startswith("乐清市公安局 在 2016-06-26 没有与 北城社区 结对")
    assert counts(db)["activities"] == before["activities"]
    skipped = roster("import", "activities", str(path), "--skip-invalid", "--format", "json")
    assert skipped.exit_code == 0
    assert json.loads(skipped.stdout)["inserted"] == 1
    assert (tmp_path / "log.rejects.xlsx").exists()


def test_import_allow_unpaired_accepts_the_unpaired_organiser(roster, db, tmp_path):
    path = write_xlsx(
        tmp_path / "log.xlsx",
        [
            ["日期", "社区", "活动名称", "组织单位", "参加人次"],
            ["2016-06-26", "北城社区", "禁毒知识宣传", "乐清市公安局", 150],
        ],
    )
    result = roster("import", "activities", str(path), "--allow-unpaired", "--format", "json")
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["inserted"] == 1
    listed = json.loads(roster("activity", "list", "--format", "json").stdout)
    assert [(a["title"], a["organisers"]) for a in listed] == [("禁毒知识宣传", ["乐清市公安局"])]


# ---------------------------------------------------------------------------- demo
def test_demo_2016_has_the_lequing_figures_and_json_agrees_with_the_table(demo_cli):
    data = json.loads(demo_cli("activity", "list", "--year", "2016", "--format", "json").stdout)
    table = demo_cli("activity", "list", "--year", "2016").stdout.splitlines()[-1]
    count, times, volunteers = totals_of(table)
    assert count == len(data) == 346
    assert times == sum(a["participant_times"] for a in data) > 30_000
    assert volunteers == sum(a["volunteers"] for a in data)
    assert len(json.loads(demo_cli("activity", "list", "--year", "2015", "--format", "json").stdout)) == 282
    dragon = [a for a in data if a["title"] == "龙抬头荠菜饭活动" and a["community"] == "北城社区"]
    assert dragon and dragon[0]["participant_times"] > 1000 and dragon[0]["organisers"][0] == "乐清市统计局"


def test_demo_mix_is_uneven_and_some_units_did_nothing(demo_db):
    with Ledger.open(demo_db) as ledger:
        mix = ledger.store.rows(
            "SELECT c.code, sum(a.category = 'visit') AS visits, count(*) AS n FROM activities a "
            "JOIN communities c ON c.id = a.community_id WHERE a.year = 2016 GROUP BY c.code"
        )
        acted = set(ledger.records.activity_figures(2016))
        gave = set(ledger.records.contribution_sums(by="unit", year=2016))
        units = {r["id"] for r in ledger.store.rows("SELECT id FROM units")}
        recent = ledger.records.list_activities(date_from="30d")
    heavy = [m["code"] for m in mix if m["visits"] * 2 > m["n"]]
    assert heavy == ["DS"]
    idle = units - acted - gave
    assert 3 <= len(idle) <= 8
    assert len(recent) >= 15
