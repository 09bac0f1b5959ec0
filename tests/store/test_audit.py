"""The audit log and undo (PRODUCT §8): every change logged with its command line and rows; undo reverts
the last changing command exactly, is logged itself, and never reaches into a finalised year."""

from __future__ import annotations

import json

import pytest
from reliability_data import CREDIT_CODE, domain_dump, dump, fill_db

from gongjian.errors import Conflict, NotFound, YearFinalized
from gongjian.ledger import Ledger


@pytest.fixture
def filled(db):
    """A ledger with the small 乐清 data set; returns its path."""
    return fill_db(db)


# ---------------------------------------------------------------------------------------------- audit log
def test_every_change_is_logged_with_time_command_line_and_before_after(cli):
    assert cli("community", "add", "BC", "北城社区").exit_code == 0
    assert cli("unit", "add", "乐清市统计局", "--kind", "机关", "--phone", "13857712345").exit_code == 0
    assert cli("unit", "edit", "统计局", "--contact", "赵顺招").exit_code == 0
    with Ledger.open(cli.path) as ledger:
        log = ledger.audit.audit_log(show_pii=True)
        assert [e["argv"] for e in log] == [
            f"gongjian --db {cli.path} unit edit 统计局 --contact 赵顺招",
            f"gongjian --db {cli.path} unit add 乐清市统计局 --kind 机关 --phone 13857712345",
            f"gongjian --db {cli.path} community add BC 北城社区",
        ]
        assert [e["command"] for e in log] == ["unit edit", "unit add", "community add"]
        assert all(e["at"].endswith("Z") and len(e["at"]) == 20 for e in log)
        edit = ledger.audit.audit_command(log[0]["id"], show_pii=True)
        (change,) = edit["changes"]
        assert (change["tbl"], change["op"], change["fields"]) == ("units", "update", ["contact"])
        assert change["before"]["contact"] is None and change["after"]["contact"] == "赵顺招"
        assert change["before"]["phone"] == "13857712345"


def test_log_lists_filters_and_masks(filled, cli):
    assert cli("unit", "add", "乐清市教育局", "--phone", "13905779876", "--contact", "王芳").exit_code == 0
    assert cli("pair", "add", "NH", "教育局").exit_code == 0
    r = cli("log", "--table", "共建单位", "--limit", "2")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "审计日志"
    assert "unit add 乐清市教育局 --phone 139****9876 --contact 王芳" in r.stdout
    assert "13905779876" not in r.stdout and "pair add" not in r.stdout
    assert len(lines) == 4  # title, header, two commands

    data = json.loads(cli("log", "--format", "json", "--table", "units").stdout)
    assert [e["changes"] for e in data] == [{"units": {"insert": 1, "update": 0, "delete": 0}}] * 4
    assert json.loads(cli("log", "--format", "json", "--since", "2100-01-01").stdout) == []
    assert len(json.loads(cli("log", "--format", "json", "--since", "7d", "--limit", "100").stdout)) == 12
    r = cli("log", "--table", "菜单")
    assert r.exit_code == 1 and r.stderr.startswith("没有这张表：菜单（可选：communities, grids, units")


def test_log_id_shows_every_row_of_one_command(filled, cli):
    with Ledger.open(filled) as ledger:
        records = next(e for e in ledger.audit.audit_log() if e["command"] == "records")
    r = cli("log", "--id", str(records["id"]))
    assert r.exit_code == 0, r.stderr
    assert "活动" in r.stdout and "龙抬头荠菜饭活动" in r.stdout and "资金物资" in r.stdout
    data = json.loads(cli("log", "--id", str(records["id"]), "--format", "json").stdout)
    assert [(c["tbl"], c["op"]) for c in data["changes"]] == [
        ("activities", "insert"),
        ("activity_units", "insert"),
        ("activity_units", "insert"),
        ("contributions", "insert"),
        ("contributions", "insert"),
    ]
    assert data["changes"][3]["after"]["amount_fen"] == 300000
    r = cli("log", "--id", "999")
    assert (r.exit_code, r.stderr) == (1, "审计日志中没有第 999 条命令\n")


def test_show_pii_is_written_to_the_audit_log(filled, cli):
    assert cli("unit", "add", "乐清市教育局", "--phone", "13905779876").exit_code == 0
    assert "13905779876" not in cli("log", "--format", "json").stdout
    r = cli("log", "--show-pii", "--format", "json")
    assert r.exit_code == 0
    assert "--phone 13905779876" in r.stdout
    with Ledger.open(filled) as ledger:
        top = ledger.audit.audit_log(limit=1)[0]
    assert top["command"] == "log --show-pii" and top["rows"] == 0
    assert cli("log").stdout.count("查看了完整个人信息") == 1


# ---------------------------------------------------------------------------------------------- undo
def test_undo_without_yes_off_a_terminal_shows_what_it_would_revert_and_exits_1(filled, cli):
    assert cli("unit", "add", "乐清市教育局", "--kind", "机关", "--phone", "13600001111").exit_code == 0
    before = dump(filled)
    r = cli("undo")
    assert r.exit_code == 1  # a script must not read the preview as success
    lines = r.stdout.splitlines()
    assert lines[0].startswith("将撤销 #") and lines[0].endswith(
        f"gongjian --db {filled} unit add 乐清市教育局 --kind 机关 --phone 136****1111"
    )
    assert lines[1:] == ["涉及 1 行：共建单位 新增1"]
    assert r.stderr == "未执行：加 --yes 确认\n"
    assert dump(filled) == before


@pytest.mark.parametrize(
    ("answer", "done"), [("y\n", True), ("是\n", True), ("n\n", False), ("\n", False), ("", False)]
)
def test_undo_on_a_terminal_asks_before_it_reverts(filled, cli, monkeypatch, answer, done):
    monkeypatch.setattr("gongjian.cli.common.on_terminal", lambda: True)
    assert cli("unit", "add", "乐清市教育局", "--kind", "机关").exit_code == 0
    r = cli("undo", input=answer)
    assert "确认？[y/N] " in r.stdout
    with Ledger.open(filled) as ledger:
        left = ledger.store.scalar("SELECT count(*) FROM units WHERE name = '乐清市教育局'")
    if done:
        assert r.exit_code == 0 and "已撤销 #" in r.stdout and left == 0
    else:
        assert r.exit_code == 1 and r.stderr == "未执行，台账未改动\n" and left == 1


def test_undo_reverts_an_insert_and_is_itself_logged(filled, cli):
    before = domain_dump(filled)
    assert cli("unit", "add", "乐清市教育局", "--kind", "机关").exit_code == 0
    r = cli("undo", "--yes")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("已撤销 #")
    assert "（恢复了 1 行；本次撤销记为 #" in r.stdout
    assert domain_dump(filled) == before
    with Ledger.open(filled) as ledger:
        undo, added = ledger.audit.audit_log(limit=2)
        assert (undo["command"], undo["undo_of"], added["undone_by"]) == ("undo", added["id"], undo["id"])
        assert undo["changes"] == {"units": {"insert": 0, "update": 0, "delete": 1}}
        assert ledger.maintenance.doctor() == []


def test_undo_restores_updates_exactly_including_time_stamps_and_real_numbers(filled):
    with Ledger.open(filled) as ledger:
        with ledger.store.write("assess rate"):
            ledger.store.insert("unit_ratings", {"year": 2016, "unit_id": 1, "score": 2 / 3 * 10})
        before = domain_dump(filled)
        with ledger.store.write("assess rate"):
            ledger.store.update("unit_ratings", 1, {"score": 9.5, "note": "积极参与"})
        ledger.roster.edit_unit("乐清市统计局", phone="13800001111", address="乐清市伯乐东路1号")
        ledger.audit.undo()
        ledger.audit.undo()
        assert domain_dump(filled) == before
        assert ledger.store.scalar("SELECT score FROM unit_ratings") == 2 / 3 * 10


def test_undo_brings_deleted_rows_back_with_the_same_ids_and_uids(filled):
    with Ledger.open(filled) as ledger:
        before = domain_dump(filled)
        with ledger.store.write("activity delete"):  # cascades to its two activity_units rows
            ledger.store.conn.execute("DELETE FROM contributions WHERE activity_id = 1")
            ledger.store.conn.execute("DELETE FROM activities WHERE id = 1")
        assert ledger.store.scalar("SELECT count(*) FROM activity_units") == 0
        done = ledger.audit.undo()
        assert done["rows"] == 4 and done["tables"] == {
            "activity_units": 2,
            "activities": 1,
            "contributions": 1,
        }
        assert domain_dump(filled) == before
        assert ledger.store.scalar("PRAGMA foreign_keys") == 1
        assert ledger.maintenance.doctor() == []


def test_undo_replays_in_reverse_order(filled):
    """Ending a lead and naming a new one in one command: undone in the other order, the unique index would fire."""
    with Ledger.open(filled) as ledger:
        before = domain_dump(filled)
        with ledger.store.write("pair swap-lead"):
            ledger.roster.end_pairing("BC", "乐清市统计局", ended="2016-06-30")
            ledger.roster.end_pairing("BC", "乐清市财政局", ended="2016-06-30")
            ledger.roster.add_pairing("BC", "乐清市财政局", lead=True, started="2016-07-01")
        assert ledger.roster.list_pairings(community="BC", role="lead")[0]["unit"] == "乐清市财政局"
        ledger.audit.undo()
        assert domain_dump(filled) == before


def test_undo_walks_back_command_by_command_and_skips_commands_without_changes(filled):
    with Ledger.open(filled) as ledger:
        states = [domain_dump(filled)]
        ledger.roster.add_unit(name="乐清市教育局", kind="机关")
        states.append(domain_dump(filled))
        ledger.roster.edit_unit("乐清市教育局", contact="王芳")
        ledger.audit.record_pii_access("member list --show-pii")  # logged, changes no row
        assert ledger.audit.undo()["command"] == "unit edit"
        assert domain_dump(filled) == states[1]
        assert ledger.audit.undo()["command"] == "unit add"
        assert domain_dump(filled) == states[0]
        assert ledger.audit.undo()["command"] == "records"
        assert ledger.store.scalar("SELECT count(*) FROM activities") == 0


def test_an_import_sized_command_is_undone_as_one(filled):
    with Ledger.open(filled) as ledger:
        before = domain_dump(filled)
        with ledger.store.write("import units"):
            for i in range(1, 501):
                ledger.roster.save_unit(
                    {"name": f"乐清市共建单位{i:03d}", "kind": "private", "party_members": i % 30}
                )
        assert ledger.store.scalar("SELECT count(*) FROM units") == 503
        assert ledger.audit.undo()["rows"] == 500
        assert domain_dump(filled) == before


def test_undo_refuses_a_row_changed_outside_the_log(filled):
    with Ledger.open(filled) as ledger:
        ledger.roster.edit_unit("乐清市财政局", contact="陈立新")
        ledger.store.conn.execute("DROP TRIGGER audit_units_update")
        ledger.store.conn.execute("UPDATE units SET contact = '别人改的' WHERE id = 2")
        before = dump(filled)
        with pytest.raises(Conflict) as err:
            ledger.audit.undo()
        assert err.value.message() == "无法撤销：units 第 2 行在这之后被改动过；台账未改动"
        assert dump(filled) == before


def test_undo_refuses_to_revert_into_a_finalised_year(filled, cli):
    with Ledger.open(filled) as ledger:
        with ledger.store.write("assess finalize"):
            ledger.store.insert(
                "assessments", {"year": 2016, "unit_id": 1, "total": 92.5, "grade": "excellent"}
            )
            ledger.store.insert("assessment_years", {"year": 2016, "finalized_at": "2017-01-10T08:00:00Z"})
        finalize_id = ledger.audit.audit_log(limit=1)[0]["id"]
    before = dump(filled)
    refusal = (
        f"无法撤销 #{finalize_id}（assess finalize）：它改动了 2016 年度的记录，而该年度考评已定稿；"
        "如确需撤销，请先运行 gongjian assess reopen 2016\n"
    )
    for args in (("undo", "--yes"), ("undo",)):  # the preview says so too
        r = cli(*args)
        assert (r.exit_code, r.stderr) == (1, refusal)
    assert dump(filled) == before


def test_undo_refuses_a_row_that_moved_into_a_finalised_year(filled):
    with Ledger.open(filled) as ledger:
        with ledger.store.write("fund edit"):
            ledger.store.update(
                "contributions", 1, {"date": "2017-01-06", "year": 2017, "description": "慰问金"}
            )
        with ledger.store.write("assess finalize"):
            ledger.store.insert("assessments", {"year": 2017, "unit_id": 3, "total": 88.0, "grade": "good"})
            ledger.store.insert("assessment_years", {"year": 2017, "finalized_at": "2018-01-10T08:00:00Z"})
        ledger.store.conn.execute(
            "UPDATE audit_commands SET undo_of = id WHERE command = 'assess finalize'"
        )  # skip it
        before = dump(filled)
        with pytest.raises(YearFinalized) as err:
            ledger.audit.undo()
        assert err.value.message().startswith("无法撤销 #") and "2017 年度" in err.value.message()
        assert dump(filled) == before


def test_the_guard_triggers_back_undo_up_with_a_clear_message(filled, monkeypatch):
    """Should the up-front check ever miss a frozen row, the finalised-year triggers still refuse."""
    with Ledger.open(filled) as ledger:
        with ledger.store.write("fund add"):
            ledger.store.insert(
                "contributions",
                {
                    "date": "2016-05-01",
                    "year": 2016,
                    "unit_id": 2,
                    "community_id": 1,
                    "kind": "cash",
                    "amount_fen": 500000,
                },
            )
        with ledger.store.write("assess finalize"):
            ledger.store.insert("assessment_years", {"year": 2016, "finalized_at": "2017-01-10T08:00:00Z"})
        ledger.store.conn.execute(
            "UPDATE audit_commands SET undo_of = id WHERE command = 'assess finalize'"
        )  # skip it
        monkeypatch.setattr(type(ledger.audit), "_refuse_finalised", lambda self, target, changes: None)
        before = dump(filled)
        with pytest.raises(YearFinalized) as err:
            ledger.audit.undo()
        assert err.value.message() == (
            f"无法撤销 #{ledger.audit.undo_target()['id']}（fund add）：它涉及已定稿年度的记录；"
            "如确需撤销，请先运行 gongjian assess reopen 年度"
        )
        assert dump(filled) == before


def test_undo_with_nothing_to_undo(cli):
    r = cli("undo", "--yes")
    assert (r.exit_code, r.stderr) == (1, "没有可以撤销的命令\n")
    r = cli("undo")
    assert (r.exit_code, r.stderr) == (1, "没有可以撤销的命令\n")


def test_undo_expect_guards_against_reverting_another_command(filled):
    with Ledger.open(filled) as ledger:
        shown = ledger.audit.undo_preview()["id"]
        ledger.roster.add_unit(name="乐清市教育局")
        with pytest.raises(Conflict) as err:
            ledger.audit.undo(expect=shown)
        assert err.value.key == "undo_moved"
        with pytest.raises(NotFound):
            Ledger.open(filled).audit.audit_command(10_000)


def test_fill_data_is_what_the_tests_assume(filled):
    with Ledger.open(filled) as ledger:
        assert ledger.roster.unit(CREDIT_CODE)["name"] == "乐清市统计局"
        assert ledger.store.info()["counts"]["contributions"] == 2
