"""A unit's kind from what its register says (issue #24): the clerk's own kind wins, else the register's
kind column through data/registers/unit_kinds.toml, else the credit code's first two characters
(GB 32100-2015); `unit add` without --kind and the unit import use the same rule."""

from __future__ import annotations

import json

import pytest
from registers_support import credit_code

from gongjian.ledger import Ledger
from gongjian.reading import normalize as n
from gongjian.roster import kinds
from gongjian.roster.kinds import KindChoice, unit_kind


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("有限责任公司（自然人投资或控股）", "private"),
        ("有限责任公司(自然人投资或控股的法人独资)", "private"),
        ("股份有限公司（上市、国有控股）", "soe"),  # 国有 comes before 股份有限公司
        ("有限责任公司分公司（国有独资）", "soe"),
        ("全民所有制", "soe"),
        ("国有企业", "soe"),
        ("个体工商户", "private"),
        ("个人独资企业", "private"),
        ("普通合伙企业", "private"),
        ("有限责任公司（外商投资、非独资）", "private"),
        ("有限责任公司（台港澳法人独资）", "private"),
        ("港澳台投资企业", "private"),
        ("有限责任公司分公司（自然人投资或控股）", "private"),
        ("农民专业合作社", "private"),
        ("股份合作制", "private"),
        ("集体所有制", "other"),
        ("社会团体", "social_org"),
        ("民办非企业单位", "social_org"),  # not 非…企业: the social-organisation rule comes first
        ("社会服务机构", "social_org"),
        ("基金会", "social_org"),
        ("机关法人", "government"),
        ("事业单位法人", "institution"),
        ("联营企业", None),
        ("", None),
    ],
)
def test_registration_types_map_by_the_tables_ordered_rules(text, key):
    assert kinds.register_kind(text) == key


@pytest.mark.parametrize(
    ("prefix", "key"),
    [
        ("11", "government"),
        ("12", "institution"),
        ("13", "government"),  # 群团机关
        ("19", "other"),
        ("31", "social_org"),  # 律师事务所
        ("32", "institution"),  # 公证处
        ("51", "social_org"),
        ("52", "social_org"),
        ("53", "social_org"),
        ("71", "other"),
        ("81", "other"),
        ("91", "private"),
        ("92", "private"),
        ("93", "private"),
        ("A1", "military"),
        ("N2", "other"),
        ("Y1", "other"),
        ("99", None),  # not a category of GB 32100-2015: nothing inferred
    ],
)
def test_credit_code_prefixes_name_the_kind_by_gb_32100(prefix, key):
    assert kinds.code_kind(f"{prefix}330382MA2867XXXX") == key


def test_the_clerks_kind_wins_then_the_register_then_the_code():
    code = credit_code("91", 7)
    assert unit_kind("school", "学校", "有限责任公司", code) == KindChoice("school", "given")
    assert unit_kind("private", "有限责任公司", None, code) == KindChoice("private", "kind")
    assert unit_kind(None, None, "有限责任公司（国有独资）", code) == KindChoice("soe", "register_kind")
    assert unit_kind(None, None, "N/A", code) == KindChoice("private", "credit_code")
    assert unit_kind(None, None, "联营企业", code) == KindChoice("private", "credit_code", "联营企业")
    assert unit_kind(None, None, "联营企业", None) == KindChoice(None, None, "联营企业")
    assert unit_kind(None, None, None, None) == KindChoice(None, None)


@pytest.mark.parametrize("blank", ["N/A", "n/a", "无", "-", "/", "暂无", "NULL"])
def test_a_kind_cell_that_says_nothing_is_no_kind(blank):
    assert kinds.kind_value(blank) is None


def test_the_kind_column_accepts_our_kinds_and_registration_types_and_refuses_the_rest():
    assert kinds.kind_value("国企") == "soe"
    assert kinds.kind_value("有限责任公司") == "private"
    assert kinds.kind_value("社会团体") == "social_org"
    with pytest.raises(Exception) as err:
        kinds.kind_value("外星机构")
    assert str(err.value) == (
        "单位类型无效：外星机构（可选：机关、事业单位、国有企业、非公企业、社会组织、学校、医院、驻军、其他）"
    )


def test_inactive_statuses_and_the_note_they_leave():
    assert kinds.inactive_status("吊销，未注销") == n.text("吊销，未注销")  # the status as text is kept (#17)
    assert kinds.inactive_status("注销") == "注销"
    assert kinds.inactive_status("撤销") == "撤销"
    assert kinds.inactive_status("存续（在营、开业、在册）") is None
    assert kinds.inactive_status(None) is None
    assert kinds.status_note(None, "注销") == "登记状态：注销"
    assert kinds.status_note("老城区", "注销") == "老城区；登记状态：注销"
    assert kinds.status_note("老城区；登记状态：注销", "注销") == "老城区；登记状态：注销"  # once
    assert kinds.note_status("老城区；登记状态：吊销") == "吊销"


# ---------------------------------------------------------------------------------------------- commands


def test_unit_add_without_a_kind_takes_it_from_the_credit_code(cli, db):
    r = cli("unit", "add", "乐清市测试书法家协会", "--credit-code", credit_code("51", 1))
    assert r.exit_code == 0, r.stderr
    assert cli("unit", "add", "乐清市测试律师事务所", "--credit-code", credit_code("31", 2)).exit_code == 0
    assert cli("unit", "add", "乐清市测试电器有限公司", "--kind", "有限责任公司").exit_code == 0
    assert (
        cli(
            "unit", "add", "乐清市测试中学", "--kind", "学校", "--credit-code", credit_code("12", 3)
        ).exit_code
        == 0
    )
    assert cli("unit", "add", "乐清市测试服务中心").exit_code == 0
    data = json.loads(cli("unit", "list", "--format", "json").stdout)
    assert [(u["name"], u["kind"]) for u in data] == [
        ("乐清市测试书法家协会", "social_org"),
        ("乐清市测试律师事务所", "social_org"),
        ("乐清市测试电器有限公司", "private"),
        ("乐清市测试中学", "school"),  # the clerk's kind, not 事业单位 from the code
        ("乐清市测试服务中心", "other"),
    ]


def test_unit_add_and_edit_still_refuse_a_kind_that_is_none_of_ours(cli, db):
    r = cli("unit", "add", "乐清市测试局", "--kind", "外星机构")
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr.count("\n") == 1 and "单位类型无效：外星机构" in r.stderr
    assert cli("unit", "add", "乐清市测试局", "--kind", "机关").exit_code == 0
    r = cli("unit", "edit", "乐清市测试局", "--kind", "N/A")
    assert (r.exit_code, r.stderr.strip()) == (
        1,
        "单位类型无效：N/A（可选：机关、事业单位、国有企业、非公企业、社会组织、学校、医院、驻军、其他）",
    )
    assert cli("unit", "edit", "乐清市测试局", "--kind", "事业单位法人").exit_code == 0
    with Ledger.open(db) as ledger:
        assert ledger.roster.unit("乐清市测试局")["kind"] == "institution"
