"""The roster through the CLI and the Ledger API: communities, units, pairings, agreements."""

from __future__ import annotations

import json
import sqlite3

import pytest

from gongjian.errors import Ambiguous, Conflict, NotFound, ValidationFailed
from gongjian.ledger import Ledger

GOOD_CODE = "11330382021862961W"  # 乐清市统计局 in the demo sources; checksum valid
BAD_CODE = "11330382021862961X"  # one character off


def counts(path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("communities", "units", "pairings", "agreements", "audit_commands")
        }
    finally:
        conn.close()


@pytest.fixture
def roster(cli):
    """Two communities, four units, the 统计局 leading 北城社区."""
    assert (
        cli(
            "community",
            "add",
            "BC",
            "北城社区",
            "--street",
            "乐成街道",
            "--district",
            "乐清市",
            "--secretary",
            "张晓京",
            "--phone",
            "0577-62512345",
            "--grid",
            "北城第一网格",
        ).exit_code
        == 0
    )
    assert cli("community", "add", "DM", "东门社区", "--street", "乐成街道").exit_code == 0
    assert (
        cli(
            "unit",
            "add",
            "乐清市统计局",
            "--kind",
            "机关",
            "--credit-code",
            GOOD_CODE,
            "--contact",
            "赵顺招",
            "--phone",
            "13857712345",
            "--party-members",
            "28",
        ).exit_code
        == 0
    )
    assert cli("unit", "add", "乐清市财政局", "--kind", "机关单位").exit_code == 0
    assert cli("unit", "add", "中国移动乐清分公司", "--kind", "国企").exit_code == 0
    assert cli("unit", "add", "正泰集团股份有限公司", "--kind", "民营企业").exit_code == 0
    assert cli("pair", "add", "BC", "乐清市统计局", "--lead", "--started", "2015年3月1日").exit_code == 0
    assert cli("pair", "add", "BC", "中国移动乐清分公司", "--started", "2015/3/5").exit_code == 0
    return cli


def test_bad_credit_code_is_refused_in_chinese_and_writes_nothing(cli, db):
    before = counts(db)
    result = cli("unit", "add", "乐清市统计局", "--kind", "机关", "--credit-code", BAD_CODE)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "统一社会信用代码无效" in result.stderr and BAD_CODE in result.stderr
    assert "Traceback" not in result.stderr
    assert counts(db) == before


def test_bad_phone_unknown_kind_and_unknown_community_are_one_line_each(roster, db):
    before = counts(db)
    for args, needle in [
        (("unit", "add", "乐清市教育局", "--phone", "12345"), "电话号码无效"),
        (("unit", "add", "乐清市教育局", "--kind", "外星机构"), "单位类型"),
        (("pair", "add", "XX社区", "乐清市财政局"), "找不到社区：XX社区"),
        (("pair", "add", "BC", "乐清市不存在局"), "找不到单位：乐清市不存在局"),
    ]:
        result = roster(*args)
        assert result.exit_code == 1, args
        assert needle in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1
    assert counts(db) == before


def test_community_list_json_keys_and_values(roster):
    data = json.loads(roster("community", "list", "--format", "json").stdout)
    assert [c["code"] for c in data] == ["BC", "DM"]
    first = data[0]
    for key in ("code", "name", "street", "district", "secretary", "phone"):
        assert key in first
    assert first["name"] == "北城社区"
    assert first["lead_unit"] == "乐清市统计局"
    assert first["units"] == 2
    assert first["phone"] == "0577-****2345"  # masked by default


def test_show_pii_reveals_phone(roster):
    data = json.loads(roster("community", "list", "--format", "json", "--show-pii").stdout)
    assert data[0]["phone"] == "0577-62512345"


def test_unit_list_english_json_with_keys(roster):
    result = roster("--lang", "en", "unit", "list", "--format", "json")
    assert result.exit_code == 0
    units = json.loads(result.stdout)
    assert {u["name"] for u in units} >= {"乐清市统计局", "中国移动乐清分公司"}
    stats = next(u for u in units if u["name"] == "乐清市统计局")
    assert set(stats) >= {"name", "credit_code", "kind", "contact", "phone", "party_members"}
    assert stats == {
        **stats,
        "credit_code": GOOD_CODE,
        "kind": "government",
        "phone": "138****2345",
        "party_members": 28,
        "contact": "赵顺招",
    }
    soe = next(u for u in units if u["name"] == "中国移动乐清分公司")
    assert soe["kind"] == "soe"  # 国企 is a synonym of 国有企业


def test_unit_list_table_uses_chinese_labels_and_plain_text(roster):
    out = roster("unit", "list").stdout
    assert "统一社会信用代码" in out and "国有企业" in out and "非公企业" in out
    assert "\x1b[" not in out  # not a terminal: no ANSI
    assert "共 4 条" in out


def test_csv_listing_has_english_header(roster):
    out = roster("pair", "list", "--format", "csv").stdout.splitlines()
    assert out[0] == "community,unit,role,started,ended"
    assert "北城社区,乐清市统计局,lead,2015-03-01," in out


def test_second_lead_refused_until_first_ended(roster, db):
    result = roster("pair", "add", "BC", "乐清市财政局", "--lead")
    assert result.exit_code == 1
    assert result.stderr == "北城社区 已有牵头单位“乐清市统计局”；请先用 gongjian pair end 结束它\n"
    assert roster("pair", "end", "BC", "乐清市统计局", "--on", "2016-12-31").exit_code == 0
    result = roster("pair", "add", "BC", "乐清市财政局", "--lead")
    assert result.exit_code == 0, result.stderr
    assert "牵头单位" in result.stdout
    listing = json.loads(roster("pair", "list", "-c", "BC", "--all", "--format", "json").stdout)
    ended = next(p for p in listing if p["unit"] == "乐清市统计局")
    assert ended["ended"] == "2016-12-31"


def test_pair_end_before_start_and_not_paired(roster):
    assert roster("pair", "end", "BC", "中国移动乐清分公司", "--on", "2014-01-01").exit_code == 1
    result = roster("pair", "end", "DM", "中国移动乐清分公司")
    assert result.exit_code == 1
    assert result.stderr == "中国移动乐清分公司 没有与 东门社区 结对\n"


def test_fragment_naming_and_ambiguity(roster):
    result = roster("unit", "show", "统计")
    assert result.exit_code == 0 and "乐清市统计局" in result.stdout
    result = roster("unit", "show", "乐清市")
    assert result.exit_code == 1
    assert result.stderr.startswith("“乐清市”对应多个单位：")
    assert "乐清市统计局" in result.stderr and "乐清市财政局" in result.stderr
    assert roster("community", "show", "bc").exit_code == 0  # code, any case
    assert roster("community", "show", "1").exit_code == 0  # id


def test_unit_name_normalised_full_width_spaces_and_seal(cli):
    assert cli("unit", "add", "乐清市　统计局（盖章）", "--kind", "机关").exit_code == 0
    units = json.loads(cli("unit", "list", "--format", "json").stdout)
    assert units[0]["name"] == "乐清市统计局"
    result = cli("unit", "add", "乐清市 统计局")
    assert result.exit_code == 1 and result.stderr == "单位已存在：乐清市统计局\n"


def test_edit_community_and_unit(roster):
    assert roster("community", "edit", "BC", "--households", "3,260", "--grid", "北城第二网格").exit_code == 0
    data = json.loads(roster("community", "show", "BC", "--format", "json").stdout)
    assert data["households"] == 3260
    assert data["grids"] == ["北城第一网格", "北城第二网格"]
    result = roster("community", "edit", "BC")
    assert result.exit_code == 1 and result.stderr == "没有要修改的内容\n"
    assert roster("unit", "edit", "乐清市财政局", "--credit-code", GOOD_CODE).exit_code == 1
    assert roster("unit", "edit", "乐清市财政局", "--party-members", "41").exit_code == 0
    data = json.loads(roster("unit", "show", "乐清市财政局", "--format", "json").stdout)
    assert data["party_members"] == 41


def test_agreements_numbered_listed_and_expiring(roster, tmp_path):
    scan = tmp_path / "北城社区共建协议书.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned agreement")
    result = roster(
        "agreement",
        "add",
        "BC",
        "乐清市统计局",
        "--signed",
        "2016-01-15",
        "--until",
        "2026-12-10",
        "--commitment",
        "节日慰问、环境整治",
        "--commitment",
        "义诊健康",
        "--file",
        str(scan),
    )
    assert result.exit_code == 0, result.stderr
    assert "BC-2016-001" in result.stdout
    assert (
        roster(
            "agreement", "add", "BC", "中国移动乐清分公司", "--signed", "2016-02-01", "--until", "2018-12-31"
        ).exit_code
        == 0
    )
    listed = json.loads(roster("agreement", "list", "--format", "json").stdout)
    assert [a["number"] for a in listed] == ["BC-2016-001", "BC-2016-002"]
    first = listed[0]
    assert set(first) >= {"number", "community", "unit", "signed_on", "valid_until", "commitments"}
    assert first["commitments"] == ["节日慰问", "环境整治", "义诊健康"]
    shown = json.loads(roster("agreement", "show", "2016-001", "--format", "json").stdout)
    import hashlib

    assert shown["file_sha256"] == hashlib.sha256(scan.read_bytes()).hexdigest()
    result = roster(
        "agreement", "add", "BC", "乐清市统计局", "--signed", "2016-05-01", "--until", "2016-01-01"
    )
    assert result.exit_code == 1 and "早于签订日期" in result.stderr


def test_expiring_window_uses_today(roster):
    from datetime import date, timedelta

    soon = (date.today() + timedelta(days=10)).isoformat()
    later = (date.today() + timedelta(days=90)).isoformat()
    roster("agreement", "add", "BC", "乐清市统计局", "--number", "BC-XY-1", "--until", soon)
    roster("agreement", "add", "BC", "中国移动乐清分公司", "--number", "BC-XY-2", "--until", later)
    rows = json.loads(roster("agreement", "expiring", "--format", "json").stdout)
    assert [r["number"] for r in rows] == ["BC-XY-1"]
    rows = json.loads(roster("agreement", "expiring", "--days", "120", "--format", "json").stdout)
    assert [r["number"] for r in rows] == ["BC-XY-1", "BC-XY-2"]


def test_every_change_is_one_audited_command(roster, db):
    conn = sqlite3.connect(db)
    commands = [r[0] for r in conn.execute("SELECT command FROM audit_commands ORDER BY id")]
    assert commands[:3] == ["community add", "community add", "unit add"]
    changes = conn.execute(
        "SELECT tbl, op FROM audit_changes WHERE command_id = (SELECT id FROM audit_commands WHERE command = 'pair add' LIMIT 1)"
    ).fetchall()
    assert changes == [("pairings", "insert")]


# ---------------------------------------------------------------------------- the API directly
def test_api_add_and_resolve(ledger: Ledger):
    ledger.roster.add_community(code="bc", name="北城社区")
    assert ledger.roster.community("BC")["name"] == "北城社区"
    unit = ledger.roster.add_unit(name="乐清市统计局", kind="机关", credit_code=GOOD_CODE)
    assert ledger.roster.unit(GOOD_CODE)["id"] == unit["id"]
    with pytest.raises(NotFound):
        ledger.roster.unit("不存在")
    ledger.roster.add_unit(name="乐清市财政局")
    with pytest.raises(Ambiguous) as info:
        ledger.roster.unit("乐清市")
    assert "乐清市统计局" in info.value.message()


def test_api_validation_lists_every_bad_field(ledger: Ledger):
    with pytest.raises(ValidationFailed) as info:
        ledger.roster.add_unit(name="", credit_code=BAD_CODE, phone="123")
    fields = [f for f, _ in info.value.errors]
    assert fields == ["名称", "统一社会信用代码", "电话"]


def test_api_one_lead_is_enforced_by_the_schema_too(ledger: Ledger):
    ledger.roster.add_community(code="BC", name="北城社区")
    a = ledger.roster.add_unit(name="乐清市统计局")
    b = ledger.roster.add_unit(name="乐清市财政局")
    ledger.roster.add_pairing("BC", a["id"], lead=True)
    with pytest.raises(Conflict):
        ledger.roster.add_pairing("BC", b["id"], lead=True)
    # even a raw insert cannot create a second active lead
    with pytest.raises(Conflict), ledger.store.write("raw"):
        ledger.store.insert("pairings", {"community_id": 1, "unit_id": b["id"], "role": "lead"})
    assert ledger.store.scalar("SELECT count(*) FROM pairings") == 1
