"""Text kept as typed (PRODUCT §4): official names keep their full-width （）、，：《》 exactly as the clerk
typed them, and every place that compares names finds `测试(北城)单位` from `测试（北城）单位` and the reverse,
because only the matching keys are folded."""

from __future__ import annotations

import json

import pytest

from gongjian.errors import Conflict
from gongjian.ledger import Ledger
from gongjian.merge.merge import merge
from gongjian.reading.normalize import match_key
from gongjian.reading.specs import ImportContext

TYPED = "测试（北城）单位，有限公司"
HALF = "测试(北城)单位,有限公司"


def test_unit_add_stores_the_name_as_typed(cli):
    r = cli("unit", "add", TYPED, "--kind", "国企")
    assert r.exit_code == 0, r.output
    listed = json.loads(cli("unit", "list", "--format", "json").stdout)
    assert [u["name"] for u in listed] == [TYPED]
    assert TYPED in cli("unit", "list").stdout
    assert TYPED in cli("unit", "list", "--format", "csv").stdout


@pytest.mark.parametrize(("stored", "typed"), [(TYPED, HALF), (HALF, TYPED)])
def test_a_unit_is_found_by_either_form_whole_or_in_part(ledger, stored, typed):
    ledger.roster.add_unit(name=stored, kind="国企")
    assert ledger.roster.unit(typed)["name"] == stored
    assert ledger.roster.unit(typed[:8])["name"] == stored  # `测试（北城）单` / `测试(北城)单位,`: a fragment
    with pytest.raises(Conflict):
        ledger.roster.add_unit(name=typed, kind="国企")  # one unit, however its brackets are typed


@pytest.mark.parametrize(
    ("stored", "typed"), [("北城（新区）社区", "北城(新区)社区"), ("北城(新区)社区", "北城（新区）社区")]
)
def test_a_community_is_found_by_either_form_and_never_added_twice(ledger, stored, typed):
    ledger.roster.add_community(code="BX", name=stored, grids="第一网格（东）")
    assert ledger.roster.community(typed)["code"] == "BX"
    assert ledger.roster.community(typed[3:])["name"] == stored  # `新区)社区` finds `北城（新区）社区`
    with pytest.raises(Conflict):
        ledger.roster.add_community(code="BY", name=typed)
    cid = ledger.roster.community(typed)["id"]
    assert ledger.roster.ensure_grid(cid, "第一网格(东)") == (
        ledger.roster.ensure_grid(cid, "第一网格（东）")[0],
        False,
    )
    assert ledger.roster.grids(cid) == ["第一网格（东）"]


def test_reimporting_a_roster_typed_the_other_way_updates_the_one_unit(cli, db, tmp_path):
    first = tmp_path / "名册.csv"
    first.write_text(f"单位名称,单位类型\n{TYPED},国企\n", encoding="utf-8")
    assert cli("import", "units", str(first)).exit_code == 0
    second = tmp_path / "名册2.csv"
    second.write_text(f'单位名称,单位类型\n"{HALF}",国企\n{TYPED},国企\n', encoding="utf-8")
    r = cli("import", "units", str(second))
    assert r.exit_code == 0, r.output
    with Ledger.open(db) as led:
        assert led.store.scalar("SELECT count(*) FROM units") == 1


def test_an_activity_title_is_found_by_either_form(ledger):
    ledger.roster.add_community(code="BC", name="北城社区")
    ledger.roster.add_unit(name="乐清市统计局", kind="机关")
    ledger.roster.add_pairing(community="BC", unit="乐清市统计局", started="2016-01-01")
    ledger.records.add_activity(
        community="BC", title="《共建协议书》签订仪式（第一批）", date="2016-03-10", organisers="乐清市统计局"
    )
    assert (
        ledger.records.activity("<共建协议书>签订仪式(第一批)")["title"] == "《共建协议书》签订仪式（第一批）"
    )
    assert ledger.records.activity("签订仪式(第一批")["title"] == "《共建协议书》签订仪式（第一批）"


def test_merging_a_ledger_that_holds_folded_names_unifies_them(tmp_path):
    """An older ledger stored names folded to ASCII; merged with one that keeps them as typed, each
    community, grid and unit is still one record."""
    old, new, into = tmp_path / "old.db", tmp_path / "new.db", tmp_path / "district.db"
    for path, community, grid, unit in (
        (old, "北城(新区)社区", "第一网格(东)", HALF),
        (new, "北城（新区）社区", "第一网格（东）", TYPED),
    ):
        with Ledger.open(path, create=True) as led:
            led.roster.add_community(code="BX", name=community, grids=grid)
            led.roster.add_unit(name=unit, kind="国企")
    merge([old, new], into)
    with Ledger.open(into) as led:
        assert led.store.scalar("SELECT count(*) FROM communities") == 1
        assert led.store.scalar("SELECT count(*) FROM grids") == 1
        assert led.store.scalar("SELECT count(*) FROM units") == 1


def test_the_unit_batch_matches_units_retyped_with_other_brackets(tmp_path):
    # the batch folds the names itself (`normalize.match_keys`): retyped brackets find the same unit
    rows = [
        {"name": "绍兴市（越城区）市场监督管理局", "credit_code": "11330602002556870N"},
        {"name": "浙江越秀外国语学院", "credit_code": None},
        {"name": "绍兴黄酒集团(有限公司)", "credit_code": None},
    ]
    again = [
        {"name": "绍兴市(越城区)市场监督管理局", "credit_code": "11330602002556870N"},
        {"name": "浙江越秀外国语学院", "credit_code": None, "contact": "王丽"},
        {"name": "绍兴黄酒集团（有限公司）", "credit_code": None},
        {"name": "柯桥区中国轻纺城建设管理委员会", "credit_code": None},
    ]
    with Ledger.open(tmp_path / "units.db", create=True) as led:
        outcomes = []
        for batch in (rows, again):
            with led.store.write("import units"):
                outcomes.append(led.roster.import_units_batch([dict(r) for r in batch], ImportContext()))
        assert outcomes == [
            ["inserted", "inserted", "inserted"],
            ["updated", "updated", "updated", "inserted"],  # names retyped, a contact added
        ]
        stored = led.store.rows("SELECT name, name_key, credit_code, contact FROM units ORDER BY id")
    assert [r["name_key"] for r in stored] == [match_key(r["name"]) for r in again]
    assert [r["name"] for r in stored] == [
        "绍兴市(越城区)市场监督管理局",  # as typed last, one unit
        "浙江越秀外国语学院",
        "绍兴黄酒集团（有限公司）",
        "柯桥区中国轻纺城建设管理委员会",
    ]
