"""In-service party members (在职党员) and their services: masking in every output, cards, feedback, imports."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import openpyxl
import pytest
from records_support import (
    ID_BAD,
    ID_CHEN,
    ID_LI,
    ID_WANG,
    copy_into,
    counts,
    make_roster,
    master,
    write_xlsx,
)

from gongjian.errors import NotFound
from gongjian.ledger import Ledger
from gongjian.reading import normalize as n
from gongjian.reading.specs import ImportContext, validate
from gongjian.records.members import DEFAULT_MEMBER_RULES, member_rules

WANG_PHONE = "13857712345"
LI_PHONE = "13900008000"


def add_members(cli) -> None:
    """Three members of the 统计局 and the 财政局 living in 北城社区, with 2016 services 3 / 1 / 0."""
    make_roster(cli)
    steps = [
        (
            "activity",
            "add",
            "北城社区",
            "龙抬头荠菜饭活动",
            "--date",
            "2016-03-10",
            "--organiser",
            "乐清市统计局",
        ),
        (
            "member",
            "add",
            "王建国",
            "--unit",
            "乐清市统计局",
            "--community",
            "北城社区",
            "--phone",
            WANG_PHONE,
            "--id-number",
            ID_WANG,
            "--registered",
            "2015-04-01",
            "--post",
            "法律咨询",
            "--specialty",
            "法律咨询",
        ),
        (
            "member",
            "add",
            "李秀英",
            "--unit",
            "统计局",
            "--community",
            "BC",
            "--phone",
            LI_PHONE,
            "--id-number",
            ID_LI,
            "--registered",
            "2015-05-12",
            "--post",
            "便民",
        ),
        (
            "member",
            "add",
            "陈晓东",
            "--unit",
            "乐清市财政局",
            "--community",
            "北城社区",
            "--phone",
            "15058761234",
            "--id-number",
            ID_CHEN,
            "--registered",
            "2016-03-01",
            "--post",
            "环境整治",
        ),
        ("member", "serve", "王建国", "--date", "2016-03-10", "--hours", "2", "--activity", "龙抬头"),
        ("member", "serve", "王建国", "--date", "2016-05-01", "--hours", "1.5", "--note", "垃圾分类督导"),
        ("member", "serve", "王建国", "--date", "2016-08-20", "--hours", "90分钟", "--note", "平安巡防"),
        ("member", "serve", "李秀英", "--date", "2016-09-09", "--hours", "半天", "--note", "四点半课堂辅导"),
        ("member", "serve", "李秀英", "--date", "2015-10-21", "--hours", "3", "--note", "重阳敬老"),
    ]
    for args in steps:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)


@pytest.fixture(scope="module")
def roster_master(tmp_path_factory):
    return master(tmp_path_factory, "roster", make_roster)


@pytest.fixture(scope="module")
def members_master(tmp_path_factory):
    return master(tmp_path_factory, "members", add_members)


@pytest.fixture
def roster(roster_master, db, cli):
    """A private copy of the roster (no members yet)."""
    copy_into(roster_master, db)
    return cli


@pytest.fixture
def members(members_master, db, cli):
    """A private copy of the roster with the members and services of `add_members`."""
    copy_into(members_master, db)
    return cli


def pii_audits(db) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [
            r[0] for r in conn.execute("SELECT command FROM audit_commands WHERE command LIKE '%--show-pii'")
        ]
    finally:
        conn.close()


# ---------------------------------------------------------------------------- add
def test_add_says_where_the_member_registered(roster):
    result = roster(
        "member", "add", "王建国", "--unit", "统计局", "--community", "北城", "--phone", WANG_PHONE
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "已登记在职党员（编号 1）：王建国，工作单位 乐清市统计局，报到社区 北城社区\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--phone", WANG_PHONE, "--id-number", ID_BAD),
            "输入有误：身份证号: 身份证号码无效：3303**********1234",
        ),
        (("--phone", "1385771234"), "输入有误：电话: 电话号码无效：138***1234"),
        ((), "请填写手机号或身份证号（用来识别同一名党员）"),
        (("--phone", WANG_PHONE, "--post", "站岗"), "输入有误：认领岗位: 认领岗位无效：站岗"),
    ],
)
def test_bad_input_is_refused_without_echoing_the_id_number(roster, db, args, message):
    before = counts(db)
    result = roster("member", "add", "王建国", "--unit", "乐清市统计局", "--community", "北城社区", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message), result.stderr
    assert ID_BAD not in result.stderr and "1385771234" not in result.stderr
    assert counts(db) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("member", "show", "不存在的人330382198403122525"),
            "找不到在职党员：不存在的人3303**********2525\n",
        ),
        (("member", "show", "13857719999"), "找不到在职党员：138****9999\n"),
        (("unit", "show", "0577-62519999"), "找不到单位：0577-****9999\n"),
        (("member", "card", "王建国330382198403122525"), "找不到在职党员：王建国3303**********2525\n"),
    ],
)
def test_what_was_typed_is_echoed_with_id_numbers_and_phones_masked(roster, args, message):
    """An error line lands in a terminal's scroll-back and in cron mail: it never holds a whole ID number."""
    result = roster(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)


def test_work_unit_must_exist(roster, db):
    before = counts(db)
    result = roster(
        "member", "add", "王建国", "--unit", "乐清市旅游局", "--community", "北城社区", "--phone", WANG_PHONE
    )
    assert result.exit_code == 1
    assert result.stderr == "找不到单位：乐清市旅游局\n"
    assert counts(db) == before


def test_the_same_member_twice_is_refused(members):
    by_id = members(
        "member", "add", "王建囯", "--unit", "统计局", "--community", "北城", "--id-number", ID_WANG
    )
    assert by_id.exit_code == 1
    assert by_id.stderr == "在职党员已登记（编号 1）：王建国（乐清市统计局）\n"
    by_phone = members(
        "member", "add", "李秀英", "--unit", "财政局", "--community", "北城", "--phone", LI_PHONE
    )
    assert by_phone.stderr == "在职党员已登记（编号 2）：李秀英（乐清市统计局）\n"


# ---------------------------------------------------------------------------- masking
def test_table_csv_and_json_are_masked_by_default(members, db):
    table = members("member", "list", "--year", "2016").stdout
    assert "138****2345" in table and "3303**********1233" in table
    assert WANG_PHONE not in table and ID_WANG not in table
    rows = {
        r["name"]: r for r in csv.DictReader(io.StringIO(members("member", "list", "--format", "csv").stdout))
    }
    assert rows["王建国"]["phone"] == "138****2345" and rows["王建国"]["id_number"] == "3303**********1233"
    data = json.loads(members("member", "list", "--format", "json").stdout)
    assert {m["phone"] for m in data} == {"138****2345", "139****8000", "150****1234"}
    assert {m["id_number"] for m in data} == {n.mask_id(i) for i in (ID_WANG, ID_LI, ID_CHEN)}
    shown = json.loads(members("member", "show", "王建国", "--format", "json").stdout)
    assert (shown["phone"], shown["id_number"]) == ("138****2345", "3303**********1233")
    card = json.loads(members("member", "card", "王建国", "--year", "2016", "--format", "json").stdout)
    assert card["member"]["id_number"] == "3303**********1233"
    assert pii_audits(db) == []


def test_show_pii_reveals_and_is_audited(members, db):
    data = json.loads(members("member", "list", "--format", "json", "--show-pii").stdout)
    assert {m["id_number"] for m in data} == {ID_WANG, ID_LI, ID_CHEN}
    assert WANG_PHONE in members("member", "show", "1", "--show-pii").stdout
    assert pii_audits(db) == ["member list --show-pii", "member show --show-pii"]


def test_list_json_keys_and_year_counts(members):
    data = json.loads(members("member", "list", "--year", "2016", "--format", "json").stdout)
    for key in ("id", "name", "phone", "id_number", "unit", "community", "registered_on", "post", "status"):
        assert key in data[0]
    assert [(m["name"], m["services"], m["hours"]) for m in data] == [
        ("李秀英", 1, 4.0),
        ("王建国", 3, 5.0),
        ("陈晓东", 0, 0.0),
    ]
    assert data[1]["post"] == "legal" and data[1]["status"] == "active"
    footer = members("member", "list", "--year", "2016").stdout.splitlines()[-1]
    assert footer == "共 3 名；2016 年已达标 1 名，未达标 2 名（目标 2 次）"


def test_below_target_lists_who_still_owes(members):
    result = members("member", "list", "--below-target", "--year", "2016")
    lines = result.stdout.splitlines()
    assert lines[0] == "2016 年服务未达标的在职党员（目标 2 次）"
    assert lines[-1] == "共 2 名未达标，合计尚差 3 次服务"
    data = json.loads(
        members("member", "list", "--below-target", "--year", "2016", "--format", "json").stdout
    )
    assert [(m["name"], m["owed"]) for m in data] == [("李秀英", 1), ("陈晓东", 2)]
    # 陈晓东 registered in March 2016: he owed nothing in 2015
    in_2015 = json.loads(
        members("member", "list", "--below-target", "--year", "2015", "--format", "json").stdout
    )
    assert [(m["name"], m["services"]) for m in in_2015] == [("李秀英", 1), ("王建国", 0)]


# ---------------------------------------------------------------------------- serve
def test_serve_counts_the_year_and_refuses_duplicates(members):
    result = members(
        "member", "serve", "陈晓东", "--date", "2016-11-05", "--hours", "2.5", "--note", "楼道清理"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "已记录服务：陈晓东 2016-11-05 2.5 小时（2016 年第 1 次，目标 2 次）\n"
    again = members("member", "serve", "陈晓东", "--date", "2016-11-05", "--hours", "1", "--note", "楼道清理")
    assert again.exit_code == 1
    assert again.stderr == "该服务已记录：陈晓东 2016-11-05 楼道清理\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("王建国", "--hours", "很久"), "输入有误：服务时长（小时）: 服务时长无效：很久"),
        (("王建国", "--hours", "2", "--activity", "不存在的活动"), "找不到活动：不存在的活动"),
        (("赵无名", "--hours", "2"), "找不到在职党员：赵无名"),
    ],
)
def test_serve_refusals(members, db, args, message):
    before = counts(db)
    result = members("member", "serve", *args, "--date", "2016-12-01")
    assert result.exit_code == 1
    assert result.stderr.startswith(message), result.stderr
    assert counts(db) == before


def test_left_member_and_ambiguous_names(members):
    assert (
        members(
            "member",
            "add",
            "王建国",
            "--unit",
            "乐清市财政局",
            "--community",
            "北城社区",
            "--phone",
            "13600001111",
        ).exit_code
        == 0
    )
    ambiguous = members("member", "serve", "王建国", "--hours", "2", "--date", "2016-12-01")
    assert ambiguous.exit_code == 1
    assert ambiguous.stderr == (
        "“王建国”对应多个在职党员：王建国（乐清市统计局，编号 1）、王建国（乐清市财政局，编号 4）\n"
    )
    by_phone = members(
        "member", "serve", "13600001111", "--hours", "2", "--date", "2016-12-01", "--note", "文明劝导"
    )
    assert by_phone.exit_code == 0, by_phone.stderr
    with Ledger.open(members.path) as ledger:
        values = validate(
            "members",
            {
                "name": "陈晓东",
                "phone": "15058761234",
                "unit": "乐清市财政局",
                "community": "北城社区",
                "status": "转出",
            },
        )
        with ledger.store.write("member edit"):
            assert ledger.members.save_member(values) == ("updated", 3)
    left = members("member", "serve", "陈晓东", "--hours", "2", "--date", "2016-12-01")
    assert left.exit_code == 1
    assert left.stderr == "陈晓东 已转出，不能再登记服务\n"


# ---------------------------------------------------------------------------- card
def test_card_prints_the_years_services_and_verdict(members):
    result = members("member", "card", "王建国", "--year", "2016")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("在职党员参加社区活动记录卡（2016年）")
    assert "龙抬头荠菜饭活动" in out and "平安巡防" in out and "2015-10-21" not in out
    assert out.splitlines()[-1] == "2016 年共服务 3 次、5 小时；年度目标 2 次：已达标"
    li = members("member", "card", "李秀英", "--year", "2016").stdout.splitlines()[-1]
    assert li == "2016 年共服务 1 次、4 小时；年度目标 2 次：未达标，尚差 1 次"
    none = members("member", "card", "陈晓东", "--year", "2015").stdout.splitlines()
    assert none[-2:] == [
        "本年度还没有服务记录",
        "2015 年共服务 0 次、0 小时；年度目标 2 次：未达标，尚差 2 次",
    ]


def test_card_json(members):
    card = json.loads(members("member", "card", "王建国", "--year", "2016", "--format", "json").stdout)
    assert card["services"][0] == {
        "member": "王建国",
        "date": "2016-03-10",
        "activity": "龙抬头荠菜饭活动",
        "hours": 2.0,
        "note": None,
    }
    assert (card["count"], card["hours"], card["target"], card["met"], card["evaluation"]) == (
        3,
        5.0,
        2,
        True,
        "pass",
    )


# ---------------------------------------------------------------------------- feedback
def test_feedback_workbook_is_masked_and_graded(members, tmp_path):
    out = tmp_path / "统计局反馈表2016.xlsx"
    result = members("member", "feedback", "--unit", "乐清市统计局", "--year", "2016", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"已写出反馈表：{out}（乐清市统计局，2016 年，党员 2 名：优秀 0，合格 1，不合格 1）\n"
    )
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["说明", "反馈表"]
    notes = {r[0]: r[1] for r in book["说明"].iter_rows(values_only=True)}
    assert notes["工作单位"] == "乐清市统计局" and notes["个人信息"] == "身份证号和电话已脱敏"
    rows = list(book["反馈表"].iter_rows(values_only=True))
    assert rows[0][0] == "在职党员参加社区活动情况反馈表（乐清市统计局，2016年）"
    assert rows[1][:9] == (
        "姓名",
        "电话",
        "身份证号",
        "社区",
        "认领岗位",
        "服务次数",
        "时长（小时）",
        "是否达标",
        "评价",
    )
    body = {r[0]: r for r in rows[2:4]}
    assert body["王建国"][1:3] == ("138****2345", "3303**********1233")
    assert body["王建国"][5:] == (3, 5, "是", "合格")
    assert body["李秀英"][5:] == (1, 4, "否", "不合格")
    cells = [str(c) for r in rows for c in r if c is not None]
    assert not any(ID_WANG in c or WANG_PHONE in c for c in cells)


def test_feedback_with_show_pii_and_custom_rules(members, db, tmp_path):
    rules = tmp_path / "细则.toml"
    rules.write_text(
        "[members]\ntarget = 1\n\n[members.feedback]\nexcellent = 3\npass = 1\n", encoding="utf-8"
    )
    out = tmp_path / "反馈表.xlsx"
    result = members(
        "member",
        "feedback",
        "-u",
        "统计局",
        "-y",
        "2016",
        "-o",
        str(out),
        "--rules",
        str(rules),
        "--show-pii",
    )
    assert result.exit_code == 0, result.stderr
    rows = {
        r[0]: r for r in openpyxl.load_workbook(out)["反馈表"].iter_rows(min_row=3, values_only=True) if r[0]
    }
    assert rows["王建国"][1:3] == (WANG_PHONE, ID_WANG)
    assert rows["王建国"][-1] == "优秀" and rows["李秀英"][-1] == "合格"
    assert pii_audits(db) == ["member feedback --show-pii"]


def test_feedback_in_the_terminal_and_refusals(members, tmp_path):
    table = members("member", "feedback", "--unit", "乐清市财政局", "--year", "2016").stdout
    assert "陈晓东" in table and "不合格" in table and "150****1234" in table
    wrong = members(
        "member", "feedback", "--unit", "财政局", "--year", "2016", "-o", str(tmp_path / "反馈表.csv")
    )
    assert wrong.exit_code == 1
    assert wrong.stderr == f"反馈表只能写成 Excel（.xlsx）或 Word（.docx）：{tmp_path / '反馈表.csv'}\n"
    bad = tmp_path / "bad.toml"
    bad.write_text('[members]\ntarget = "两次"\n', encoding="utf-8")
    refused = members("member", "list", "--rules", str(bad))
    assert refused.exit_code == 1
    assert refused.stderr == f"考评规则文件 {bad} 中 [members] target 的值无效：两次（应为正整数）\n"


def test_member_rules_read_the_shipped_file_and_fall_back(tmp_path):
    assert member_rules() == {"target": 2, "excellent": 4, "pass": 2, "kinds": {}}
    partial = tmp_path / "partial.toml"
    partial.write_text('title = "细则"\n[members]\nexcellent = 6\n', encoding="utf-8")
    assert member_rules(partial) == {**DEFAULT_MEMBER_RULES, "excellent": 6, "kinds": {}}
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    assert member_rules(empty) == {**DEFAULT_MEMBER_RULES, "kinds": {}}
    kinds = tmp_path / "kinds.toml"
    kinds.write_text("[members.kinds]\nretired = 1\n", encoding="utf-8")
    assert member_rules(kinds)["kinds"] == {"retired": 1}  # 离退休党员 owe one service a year


def test_member_figures(members, db):
    with Ledger.open(db) as ledger:
        ids = {r["name"]: r["id"] for r in ledger.store.rows("SELECT id, name FROM units")}
        assert ledger.members.member_figures(2016, 2) == {
            ids["乐清市统计局"]: {"registered": 2, "met_target": 1},
            ids["乐清市财政局"]: {"registered": 1, "met_target": 0},
        }
        assert ledger.members.member_figures(2015, 1) == {
            ids["乐清市统计局"]: {"registered": 2, "met_target": 1}
        }


# ---------------------------------------------------------------------------- imports
ROSTER_ROWS = [
    {
        "name": "王建国",
        "phone": "13857712345",
        "id_number": ID_WANG,
        "unit": "乐清市统计局",
        "community": "北城社区",
        "registered_on": "2015-04-01",
        "post": "法律咨询",
    },
    {
        "name": "李秀英",
        "phone": "13900008000",
        "unit": "乐清市统计局",
        "community": "北城社区",
        "post": "便民",
    },
    {
        "name": "李秀英",
        "phone": "13900008000",
        "id_number": ID_LI,
        "unit": "乐清市统计局",
        "community": "北城社区",
    },
    {
        "name": "陈晓东",
        "phone": "15058761234",
        "id_number": ID_CHEN,
        "unit": "乐清市财政局",
        "community": "BC",
        "specialty": "摄影",
    },
]


def test_batch_import_matches_row_by_row_import(roster, db, tmp_path):
    values = [validate("members", raw) for raw in ROSTER_ROWS]
    with Ledger.open(db) as ledger:
        with ledger.store.write("import members"):
            assert ledger.members.import_members_batch(values, ImportContext()) == [
                "inserted",
                "inserted",
                "repeated",  # the same member again in the file (#20): merged, not an update
                "inserted",
            ]
        batch_rows = ledger.store.rows(
            "SELECT name, phone, id_number, unit_id, post, specialty FROM members ORDER BY id"
        )
        with ledger.store.write("import members"):
            outcomes = ledger.members.import_members_batch(values, ImportContext())
            assert outcomes == ["unchanged", "unchanged", "repeated", "unchanged"]
    other = tmp_path / "other.db"
    Ledger.open(other, create=True).close()
    copy_into(db, other)
    with Ledger.open(other) as ledger:
        ledger.store.conn.execute("DELETE FROM members")
        with ledger.store.write("import members"):
            outcomes = [ledger.members.import_members(v, ImportContext()) for v in values]
        assert outcomes == ["inserted", "inserted", "updated", "inserted"]
        assert (
            ledger.store.rows(
                "SELECT name, phone, id_number, unit_id, post, specialty FROM members ORDER BY id"
            )
            == batch_rows
        )
    assert batch_rows[1] == {
        "name": "李秀英",
        "phone": "13900008000",
        "id_number": ID_LI,
        "unit_id": 1,
        "post": "convenience",
        "specialty": None,
    }


def test_batch_import_names_the_row_and_column_of_an_unknown_unit(roster, db):
    values = [validate("members", raw) for raw in ROSTER_ROWS]
    values[3]["unit"] = "乐清市旅游局"
    with Ledger.open(db) as ledger:
        with pytest.raises(NotFound) as refused, ledger.store.write("import members"):
            ledger.members.import_members_batch(values, ImportContext())
        assert (refused.value.params["index"], refused.value.params["field"]) == (3, "unit")
        assert ledger.store.scalar("SELECT count(*) FROM members") == 0


def test_import_members_and_services_through_the_cli(roster, tmp_path):
    people = write_xlsx(
        tmp_path / "在职党员报到名册.xlsx",
        [
            ["乐清市在职党员到社区报到登记表"],
            ["姓名", "手机号码", "身份证号", "工作单位", "报到社区", "报到日期", "认领岗位", "特长"],
            [
                "王建国",
                13857712345.0,
                ID_WANG,
                "乐清市统计局（盖章）",
                "北城社区",
                "2015/4/1",
                "法律",
                "法律咨询",
            ],
            ["李秀英", "139 0000 8000", ID_LI, "乐清市统计局", "BC", "2015年5月12日", "便民服务", None],
            ["陈晓东", "15058761234", None, "乐清市财政局", "北城社区", 42430, "环境", "摄影"],
        ],
        sheet="名册",
    )
    first = roster("import", "members", str(people), "--format", "json")
    assert first.exit_code == 0, first.stdout + first.stderr
    assert json.loads(first.stdout)["inserted"] == 3
    again = json.loads(roster("import", "members", str(people), "--format", "json").stdout)
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, 3)
    data = json.loads(roster("member", "list", "--format", "json", "--show-pii").stdout)
    assert [(m["name"], m["phone"], m["registered_on"]) for m in data] == [
        ("李秀英", "13900008000", "2015-05-12"),
        ("王建国", "13857712345", "2015-04-01"),
        ("陈晓东", "15058761234", "2016-03-01"),
    ]
    log = write_xlsx(
        tmp_path / "活动记录卡.xlsx",
        [
            ["姓名", "手机号码", "服务日期", "服务内容", "服务时长"],
            ["王建国", "13857712345", "2016-05-01", "垃圾分类督导", 1.5],
            ["李秀英", None, "2016-09-09", "四点半课堂辅导", "半天"],
            ["陈晓东", None, "2016-10-01", "平安巡防", "2小时"],
        ],
    )
    served = roster("import", "services", str(log), "--format", "json")
    assert served.exit_code == 0, served.stdout + served.stderr
    assert json.loads(served.stdout)["inserted"] == 3
    assert json.loads(roster("import", "services", str(log), "--format", "json").stdout)["unchanged"] == 3
    card = json.loads(roster("member", "card", "李秀英", "--year", "2016", "--format", "json").stdout)
    assert card["services"] == [
        {"member": "李秀英", "date": "2016-09-09", "activity": None, "hours": 4.0, "note": "四点半课堂辅导"}
    ]


def test_import_services_refuses_an_unknown_member(members, db, tmp_path):
    log = write_xlsx(
        tmp_path / "log.xlsx",
        [
            ["姓名", "服务日期", "时长"],
            ["王建国", "2016-12-01", 2],
            ["赵无名", "2016-12-01", 2],
        ],
    )
    before = counts(db)
    result = members("import", "services", str(log), "--format", "json")
    assert result.exit_code == 1
    errors = json.loads(result.stdout)["errors"]
    assert errors == [{"sheet": "Sheet1", "row": 3, "column": "姓名", "reason": "找不到在职党员：赵无名"}]
    assert counts(db)["services"] == before["services"]


# ---------------------------------------------------------------------------- demo
def test_demo_members_have_valid_ids_masked_output_and_some_under_target(demo_cli, demo_db):
    with Ledger.open(demo_db) as ledger:
        ids = [
            r["id_number"]
            for r in ledger.store.rows("SELECT id_number FROM members WHERE id_number IS NOT NULL")
        ]
        total = ledger.store.scalar("SELECT count(*) FROM members")
        figures = ledger.members.member_figures(2016, 2)
    assert 1_300 <= total <= 1_700
    assert all(n.id_number(i) == i for i in ids)
    registered = sum(f["registered"] for f in figures.values())
    met = sum(f["met_target"] for f in figures.values())
    assert 0.6 < met / registered < 0.95
    below = json.loads(
        demo_cli("member", "list", "--below-target", "--year", "2016", "--format", "json").stdout
    )
    assert len(below) == registered - met
    assert all("*" in m["phone"] for m in below)
