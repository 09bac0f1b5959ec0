"""Tests of the shared normalisers (PRODUCT.md §4): examples, every error path, and properties."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongjian import i18n
from gongjian.errors import InvalidValue
from gongjian.reading import normalize as nz
from gongjian.vocab import ENUM_NAMES, ENUMS

TODAY = datetime.date(2024, 6, 15)

CC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def credit_check(body: str) -> str:
    """Check character of a unified social credit code, straight from GB 32100-2015."""
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(CC_CHARS.index(c) * w for c, w in zip(body, weights, strict=True))
    return CC_CHARS[(31 - total % 31) % 31]


def id_check(body: str) -> str:
    """Check character of a resident ID number, ISO 7064 MOD 11-2."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def full_width(s: str) -> str:
    """The full-width form of every printable ASCII character (what a Chinese IME types)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in s)


@pytest.fixture(autouse=True)
def _chinese():
    i18n.set_lang("zh")
    yield
    i18n.set_lang("zh")


def raises_key(key: str, func, *args, **kwargs) -> InvalidValue:
    with pytest.raises(InvalidValue) as info:
        func(*args, **kwargs)
    assert info.value.key == key, (info.value.key, str(info.value))
    message = str(info.value)
    assert "\n" not in message and message and "{" not in message
    return info.value


# ---------------------------------------------------------------------------------------------- text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("乐清市统计局", "乐清市统计局"),
        ("乐清市　统计局", "乐清市统计局"),
        ("北城 社区", "北城社区"),
        ("  乐清市 北城 社区  ", "乐清市北城社区"),
        ("乐清市\t\n统计局", "乐清市统计局"),
        ("ＡＢＣ　公司", "ABC 公司"),
        ("Wenzhou   Power\xa0Supply  Co.", "Wenzhou Power Supply Co."),
        ("中国\u3000电信 Wenzhou", "中国电信 Wenzhou"),
        ("\x00乐清\x07市\u200b统计局\ufeff", "乐清市统计局"),
        ("乐清市北城社区（盖章）", "乐清市北城社区（盖章）"),
        ("测试（北城）单位，有限公司", "测试（北城）单位，有限公司"),
        ("问题13：路灯损坏", "问题13：路灯损坏"),
        ("《共建协议书》、“结对”", "《共建协议书》、“结对”"),
        ("测试 （北城） 单位", "测试（北城）单位"),
        ("ＢＣ－２０１６", "BC－2016"),
        ("１３８００１３８０００", "13800138000"),
        (13800000000.0, "13800000000"),
        (13800000000, "13800000000"),
        (2.5, "2.5"),
        (Decimal("12.50"), "12.50"),
        (b"\xe4\xb9\x90\xe6\xb8\x85", "乐清"),
        ("乐清".encode("gb18030"), "乐清"),
        (datetime.date(2016, 3, 5), "2016-03-05"),
        (datetime.datetime(2016, 3, 5), "2016-03-05"),
        (datetime.datetime(2016, 3, 5, 10, 30), "2016-03-05 10:30:00"),
        (True, "True"),
    ],
)
def test_text_examples(raw, expected):
    assert nz.text(raw) == expected


@pytest.mark.parametrize(
    ("typed", "other"),
    [
        ("测试（北城）单位", "测试(北城)单位"),
        ("乐清市统计局，办公室", "乐清市统计局,办公室"),
        ("《共建协议书》", "<共建协议书>"),
        ("ＡＢＣ公司", "abc 公司"),
        ("北城社区：第一网格", "北城社区:第一网格"),
    ],
)
def test_what_is_stored_is_as_typed_but_both_forms_have_one_key(typed, other):
    assert nz.text(typed) == typed.replace("ＡＢＣ", "ABC")  # full-width letters and digits only are folded
    assert nz.match_key(typed) == nz.match_key(other) != ""
    assert nz.name_key(typed) == nz.name_key(other)


def test_folded_is_what_parsers_read():
    assert nz.folded("测试（北城）单位，有限公司") == "测试(北城)单位,有限公司"
    assert nz.money_fen("￥１，２００．５０元") == 120050
    assert nz.date_iso("２０１６／３／５") == "2016-03-05"
    assert nz.identifier("ｂｃ－２０１６－００００１") == "BC-2016-00001"
    assert nz.split_list("节日慰问，政策宣讲／志愿服务") == ["节日慰问", "政策宣讲", "志愿服务"]


@pytest.mark.parametrize(
    "raw", [None, "", "   ", "\u3000\xa0\t\n", "\x00", float("nan"), Decimal("NaN"), b""]
)
def test_text_empty_is_none(raw):
    assert nz.text(raw) is None


def test_text_huge_and_strange_inputs_do_not_crash():
    assert nz.text("乐清" * 200_000) == "乐清" * 200_000
    assert nz.text("\ud800乐清") == "乐清"
    assert nz.text(float("inf")) is None
    assert nz.text(["a"]) == "['a']"


def test_text_of_an_unprintable_object_is_invalid_value():
    class Broken:
        def __str__(self) -> str:
            raise RuntimeError("boom")

    raises_key("bad_value", nz.text, Broken())
    raises_key("bad_value", nz.text, 10**20000)


# ---------------------------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("乐清市统计局", "乐清市统计局"),
        ("乐清市统计局（盖章）", "乐清市统计局"),
        ("乐清市统计局 (盖章)", "乐清市统计局"),
        ("乐清市统计局（签章）", "乐清市统计局"),
        ("乐清市统计局（公章）", "乐清市统计局"),
        ("乐清市统计局【盖章】", "乐清市统计局"),
        ("乐清市统计局盖章", "乐清市统计局"),
        ("乐清市统计局(章)", "乐清市统计局"),
        ("（盖章）乐清市统计局", "乐清市统计局"),
        ("《乐清市统计局》", "乐清市统计局"),
        ("「乐清市北城社区」（盖章）", "乐清市北城社区"),
        ("“乐清市统计局”", "乐清市统计局"),
        ("《「乐清市统计局（盖章）」》", "乐清市统计局"),
        ("乐清市　统计局", "乐清市统计局"),
        ("《人民日报》乐清记者站", "《人民日报》乐清记者站"),
        ("国网乐清市供电公司(北城营业厅)", "国网乐清市供电公司(北城营业厅)"),
        ("文章", "文章"),
    ],
)
def test_unit_name(raw, expected):
    assert nz.unit_name(raw) == expected


@pytest.mark.parametrize("raw", [None, "", " ", "（盖章）", "《》"])
def test_unit_name_empty(raw):
    assert nz.unit_name(raw) is None


def test_name_key_matches_variants():
    base = nz.name_key("乐清市统计局")
    assert base == "乐清市统计局"
    for variant in [
        "乐清市　统计局",
        "乐清市统计局（盖章）",
        "《乐清市统计局》",
        " 乐清市·统计局 ",
        "乐清市-统计局。",
    ]:
        assert nz.name_key(variant) == base
    assert nz.name_key("ABC Co., Ltd.") == nz.name_key("abc co ltd") == "abccoltd"
    assert nz.name_key("（盖章）") == ""
    assert nz.name_key(None) == ""
    assert nz.name_key("乐清市北城社区") != nz.name_key("乐清市南城社区")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0577.0", "0577"),
        (123.0, "123"),
        (123, "123"),
        ("0012", "0012"),
        ("bc-2016-00001", "BC-2016-00001"),
        ("ｂｃ", "BC"),
        ("  bc  ", "BC"),
        ("北城bc", "北城BC"),
        ("straße", "STRAßE"),
        (None, None),
        ("", None),
    ],
)
def test_identifier(raw, expected):
    assert nz.identifier(raw) == expected


# ---------------------------------------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("raw", "fen"),
    [
        ("30000", 3_000_000),
        ("3万", 3_000_000),
        ("3万元", 3_000_000),
        ("1.2万元", 1_200_000),
        ("1.2 万", 1_200_000),
        ("¥1,200.50", 120_050),
        ("￥1200", 120_000),
        ("1200元", 120_000),
        ("800 元", 80_000),
        ("RMB 500", 50_000),
        ("rmb500", 50_000),
        ("0", 0),
        ("1,200.5元", 120_050),
        ("500.00", 50_000),
        ("０.５元", 50),
        ("1200元整", 120_000),
        ("5千元", 500_000),
        ("1亿", 10_000_000_000),
        ("1.23456万元", 1_234_560),
        (".5", 50),
        (1200, 120_000),
        (0, 0),
        (1200.5, 120_050),
        (0.1 + 0.2, 30),
        (1200.505, 120_051),
        (19.995, 2000),
        (Decimal("1200.50"), 120_050),
        (10**12, 10**14),
    ],
)
def test_money_fen(raw, fen):
    result = nz.money_fen(raw)
    assert result == fen
    assert type(result) is int


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "  ",
        "壹万元",
        "1.234元",
        "-5",
        "-5元",
        -1,
        -0.01,
        "1,20",
        "3,0000",
        "abc",
        "1.2.3",
        "元",
        "万元",
        float("nan"),
        float("inf"),
        Decimal("NaN"),
        Decimal("1.001"),
        True,
        b"\xff\xfe",
        "5" * 100,
    ],
)
def test_money_fen_invalid(raw):
    raises_key("bad_money", nz.money_fen, raw)


@pytest.mark.parametrize(
    "raw", [10**12 + 1, "10000000000001", "1000000000000.01", "20000亿", 1e13, Decimal("1E+20")]
)
def test_money_too_large(raw):
    raises_key("money_too_large", nz.money_fen, raw)


def test_fen_to_yuan():
    assert nz.fen_to_yuan(123456) == "1,234.56"
    assert nz.fen_to_yuan(0) == "0.00"
    assert nz.fen_to_yuan(5) == "0.05"
    assert nz.fen_to_yuan(100_000_000) == "1,000,000.00"
    assert nz.fen_to_yuan(-123456) == "-1,234.56"


# ---------------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "raw",
    [
        "2016-03-05",
        "2016-3-5",
        "2016/3/5",
        "2016/03/05",
        "2016.3.5",
        "2016年3月5日",
        "2016年03月05号",
        "2016 年 3 月 5 日",
        "20160305",
        "2016-03-05 10:00:00",
        "2016-03-05 00:00:00.000",
        "2016-03-05T10:00",
        "2016-03-05T10:00:00+08:00",
        "2016年3月5日 10:30",
        "２０１６－０３－０５",
        "２０１６年３月５日",
        " 2016-03-05 ",
        42434,
        42434.0,
        42434.75,
        20160305,
        Decimal("42434"),
        datetime.date(2016, 3, 5),
        datetime.datetime(2016, 3, 5, 10, 0),
    ],
)
def test_date_iso_examples(raw):
    assert nz.date_iso(raw) == "2016-03-05"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("today", "2024-06-15"),
        ("TODAY", "2024-06-15"),
        ("今天", "2024-06-15"),
        ("ｔｏｄａｙ", "2024-06-15"),
        ("yesterday", "2024-06-14"),
        ("昨天", "2024-06-14"),
        ("7d", "2024-06-08"),
        ("７ｄ", "2024-06-08"),
        ("0d", "2024-06-15"),
        ("30d", "2024-05-16"),
        ("2w", "2024-06-01"),
        ("7天", "2024-06-08"),
        ("7天前", "2024-06-08"),
        ("2周", "2024-06-01"),
    ],
)
def test_date_iso_relative(raw, expected):
    assert nz.date_iso(raw, today=TODAY) == expected


def test_date_iso_relative_defaults_to_the_real_today():
    assert nz.date_iso("today") == datetime.date.today().isoformat()


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "2016-02-30",
        "2015-02-29",
        "2016-13-01",
        "2016-00-10",
        "1948-12-31",
        "2101-01-01",
        "1900-01-01",
        "16/3/5",
        "3/5/2016",
        "2016-03-05 25:00",
        "2016-3/5",
        "next tuesday",
        "999999d",
        "99999999w",
        1,
        100,
        -5,
        10**30,
        float("nan"),
        float("inf"),
        True,
        "2016",
        "2016-03",
        "x" * 10_000,
        datetime.date(1900, 1, 1),
        datetime.datetime(2200, 1, 1),
    ],
)
def test_date_iso_invalid(raw):
    raises_key("bad_date", nz.date_iso, raw, today=TODAY)


def test_date_error_message_echoes_the_value():
    error = raises_key("bad_date", nz.date_iso, "2016-02-30")
    assert str(error).startswith("日期无效：2016-02-30")
    i18n.set_lang("en")
    error = raises_key("bad_date", nz.date_iso, "2016-02-30")
    assert str(error).startswith("Invalid date: 2016-02-30")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2016", ("2016-01-01", "2016-12-31")),
        (2016, ("2016-01-01", "2016-12-31")),
        ("2016年", ("2016-01-01", "2016-12-31")),
        ("2016年度", ("2016-01-01", "2016-12-31")),
        ("2016-03", ("2016-03-01", "2016-03-31")),
        ("2016年3月", ("2016-03-01", "2016-03-31")),
        ("2016/3", ("2016-03-01", "2016-03-31")),
        ("2016.3", ("2016-03-01", "2016-03-31")),
        ("201602", ("2016-02-01", "2016-02-29")),
        ("2015-02", ("2015-02-01", "2015-02-28")),
        ("2016-03-05", ("2016-03-05", "2016-03-05")),
        ("2016年3月5日", ("2016-03-05", "2016-03-05")),
        (42434, ("2016-03-05", "2016-03-05")),
        (datetime.date(2016, 3, 5), ("2016-03-05", "2016-03-05")),
        ("7d", ("2024-06-08", "2024-06-08")),
    ],
)
def test_period(raw, expected):
    assert nz.period(raw, today=TODAY) == expected


@pytest.mark.parametrize(
    "raw", [None, "", "1900", "2016-13", "2016-00", "2016-02-30", "last year", "20161", "42434"]
)
def test_period_invalid(raw):
    raises_key("bad_period", nz.period, raw, today=TODAY)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7d", "2024-06-08"),
        ("30d", "2024-05-16"),
        ("2w", "2024-06-01"),
        ("today", "2024-06-15"),
        ("2016-03", "2016-03-01"),
        ("2016年3月", "2016-03-01"),
        ("2016", "2016-01-01"),
        ("2016-03-05", "2016-03-05"),
        ("20160305", "2016-03-05"),
    ],
)
def test_since(raw, expected):
    assert nz.since(raw, today=TODAY) == expected


@pytest.mark.parametrize("raw", [None, "", "7x", "last week", "2016-02-30", "1800"])
def test_since_invalid(raw):
    raises_key("bad_since", nz.since, raw, today=TODAY)


# ---------------------------------------------------------------------------------------------- phones


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13800000000", "13800000000"),
        (13800000000, "13800000000"),
        (13800000000.0, "13800000000"),
        ("13800000000.0", "13800000000"),
        ("+86 138 0000 0000", "13800000000"),
        ("+8613800000000", "13800000000"),
        ("0086 13800000000", "13800000000"),
        ("8613800000000", "13800000000"),
        ("138-0000-0000", "13800000000"),
        ("138 0000 0000", "13800000000"),
        ("１３８００１３８０００", "13800138000"),
        ("0577-62512345", "0577-62512345"),
        ("057762512345", "0577-62512345"),
        ("(0577)62512345", "0577-62512345"),
        ("（0577）62512345", "0577-62512345"),
        ("0577 6251 2345", "0577-62512345"),
        ("0577-6251234", "0577-6251234"),
        ("010-12345678", "010-12345678"),
        ("01012345678", "010-12345678"),
        ("021-62512345", "021-62512345"),
        ("0577-62512345-123", "0577-62512345-123"),
        ("0577-62512345转123", "0577-62512345-123"),
        ("0577-62512345 ext. 123", "0577-62512345-123"),
        ("+86 577 62512345", "0577-62512345"),
        ("+86-10-12345678", "010-12345678"),
        (57762512345, "0577-62512345"),
        (1012345678, "010-12345678"),
    ],
)
def test_phone(raw, expected):
    assert nz.phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "12345",
        "1380000000",
        "138000000000",
        "12800000000",
        "23800000000",
        "13800000000-12",
        "0577-123456",
        "0577-123456789",
        "62512345",
        "abc",
        "138OOOOOOOO",
        float("nan"),
        True,
        "1" * 1000,
    ],
)
def test_phone_invalid(raw):
    raises_key("bad_phone", nz.phone, raw)


def test_mask_phone():
    assert nz.mask_phone("13800138000") == "138****8000"
    assert nz.mask_phone("0577-62512345") == "0577-****2345"
    assert nz.mask_phone("0577-6251234") == "0577-***1234"
    assert nz.mask_phone("010-12345678-123") == "010-****5678-123"
    assert nz.mask_phone(None) == ""
    assert nz.mask_phone("") == ""
    assert "62512345" not in nz.mask_phone("62512345")


# ---------------------------------------------------------------------------------------------- codes


def test_credit_code_known_valid():
    assert nz.credit_code("91350100M000100Y43") == "91350100M000100Y43"
    assert nz.credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert nz.credit_code("９１３５０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"
    assert nz.credit_code("913501-00M000100Y43") == "91350100M000100Y43"
    body = "91330382MA2" + "8ABCD"[:5] + "X"
    assert nz.credit_code(body + credit_check(body)) == body + credit_check(body)


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "91350100M000100Y44",
        "91350100M000100Y4",
        "91350100M000100Y433",
        "91350100I000100Y43",
        "91350100O000100Y43",
        "91350100M00010OY43",
        "９１３５０１００Ｍ０００１００Ｙ４４",
        12345,
    ],
)
def test_credit_code_invalid(raw):
    raises_key("bad_credit_code", nz.credit_code, raw)


def test_id_number_known_valid():
    assert nz.id_number("11010519491231002X") == "11010519491231002X"
    assert nz.id_number("11010519491231002x") == "11010519491231002X"
    assert nz.id_number(" 110105 19491231 002X ") == "11010519491231002X"
    body = "33038219900101123"
    assert nz.id_number(body + id_check(body)) == body + id_check(body)


@pytest.mark.parametrize(
    "raw",
    [
        "110105194912310021",
        "11010519491231002",
        "11010519491231002XX",
        "11010519491331002X",
        "1101051949123100X2",
        "330382180001011234",
        "11010521000101002X",
        "110105491231002",
        110105194912310021,
    ],
)
def test_id_number_invalid_and_masked(raw):
    error = raises_key("bad_id_number", nz.id_number, raw)
    message = str(error)
    digits = str(raw)
    assert digits not in message
    assert "**" in message


def test_id_number_future_birth_date_and_empty():
    body = f"330382{datetime.date.today().year + 1}0101123"
    raises_key("bad_id_number", nz.id_number, body + id_check(body))
    raises_key("bad_id_number", nz.id_number, None)
    raises_key("bad_id_number", nz.id_number, "")


def test_mask_id():
    assert nz.mask_id("330382199001011234") == "3303**********1234"
    assert nz.mask_id("11010519491231002X") == "1101**********002X"
    assert nz.mask_id(None) == ""
    assert nz.mask_id("") == ""
    assert nz.mask_id("1234") == "****"


# ---------------------------------------------------------------------------------------------- enums


@pytest.mark.parametrize(
    ("enum", "raw", "key"),
    [
        ("unit_kind", "机关", "government"),
        ("unit_kind", "国企", "soe"),
        ("unit_kind", "SOE", "soe"),
        ("unit_kind", "State-owned enterprise", "soe"),
        ("unit_kind", "state owned enterprise", "soe"),
        ("unit_kind", " 事业单位 ", "institution"),
        ("unit_kind", "Social_Org", "social_org"),
        ("unit_kind", "social org", "social_org"),
        ("unit_kind", "其它", "other"),
        ("pair_role", "牵头", "lead"),
        ("pair_role", "是", "lead"),
        ("pair_role", "否", "member"),
        ("activity_category", "志愿服务", "volunteer"),
        ("activity_category", "Culture and sports", "culture_sports"),
        ("contribution_kind", "in-kind", "in_kind"),
        ("contribution_kind", "In kind", "in_kind"),
        ("ticket_status", "已销号", "closed"),
        ("ticket_status", "In progress", "in_progress"),
        ("member_post", "四点半课堂", "education"),
    ],
)
def test_enum_value(enum, raw, key):
    assert nz.enum_value(enum, raw) == key


def test_enum_value_unknown_lists_choices():
    error = raises_key("bad_enum", nz.enum_value, "unit_kind", "外星人")
    assert (
        str(error)
        == "单位类型无效：外星人（可选：机关、事业单位、国有企业、非公企业、社会组织、学校、医院、驻军、其他）"
    )
    i18n.set_lang("en")
    error = raises_key("bad_enum", nz.enum_value, "ticket_source", "rumour")
    assert str(error).startswith("Unknown problem source: rumour (choose from: survey, resident")
    raises_key("bad_enum", nz.enum_value, "grade", None)
    raises_key("bad_enum", nz.enum_value, "grade", "")


def test_every_enum_name_maps_back_to_its_key():
    for enum, terms in ENUMS.items():
        assert enum in ENUM_NAMES
        for term in terms:
            for name in (term.key, term.zh, term.en, *term.synonyms):
                assert nz.enum_value(enum, name) == term.key, (enum, name)
                assert nz.enum_value(enum, name.upper()) == term.key, (enum, name)
                assert nz.enum_value(enum, full_width(f" {name} ")) == term.key, (enum, name)


# ---------------------------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,200", 1200),
        ("1200人次", 1200),
        ("1200人", 1200),
        ("1200 人次", 1200),
        (1200.0, 1200),
        (" 12 ", 12),
        ("12.0", 12),
        ("１２", 12),
        ("1.2万", 12000),
        ("1.2万人次", 12000),
        (Decimal("7"), 7),
        (0, 0),
        ("35户", 35),
        ("+5", 5),
    ],
)
def test_integer(raw, expected):
    assert nz.integer(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "1.5",
        1.5,
        "-1",
        -1,
        "abc",
        "1,20",
        "12元",
        float("nan"),
        float("inf"),
        True,
        "9" * 100,
        Decimal("1.5"),
    ],
)
def test_integer_invalid(raw):
    raises_key("bad_integer", nz.integer, raw)


def test_integer_bounds():
    assert nz.integer("-3", minimum=-5) == -3
    raises_key("bad_integer", nz.integer, "-6", minimum=-5)
    error = raises_key("bad_integer", nz.integer, "0", minimum=1)
    assert "不小于1" in str(error)
    assert nz.integer("100", maximum=100) == 100
    error = raises_key("integer_too_large", nz.integer, "101", maximum=100)
    assert "100" in str(error)
    raises_key("integer_too_large", nz.integer, 2**63)


# ---------------------------------------------------------------------------------------------- lists, yes/no


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("乐清市统计局、乐清市供电公司", ["乐清市统计局", "乐清市供电公司"]),
        (
            "张三,李四，王五;赵六；钱七/孙八／周九|吴十",
            ["张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十"],
        ),
        ("义诊\n法律咨询\r\n四点半课堂", ["义诊", "法律咨询", "四点半课堂"]),
        ("张三、、李四、张三、 ", ["张三", "李四"]),
        ("北城 社区、 南城 社区", ["北城社区", "南城社区"]),
        ("single", ["single"]),
        (None, []),
        ("", []),
        ("、,;", []),
        (["张三、李四", "李四", None, "王五"], ["张三", "李四", "王五"]),
        (12, ["12"]),
        (float("nan"), []),
    ],
)
def test_split_list(raw, expected):
    assert nz.split_list(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("是", True),
        ("否", False),
        ("Y", True),
        ("n", False),
        ("YES", True),
        ("no", False),
        ("true", True),
        ("FALSE", False),
        ("1", True),
        ("0", False),
        (1, True),
        (0, False),
        (1.0, True),
        ("√", True),
        ("×", False),
        ("牵头", True),
        (True, True),
        (False, False),
        (None, False),
        ("", False),
        ("  ", False),
        (float("nan"), False),
        ("ｙｅｓ", True),
    ],
)
def test_yes_no(raw, expected):
    assert nz.yes_no(raw) is expected


@pytest.mark.parametrize("raw", ["maybe", "2", 2, "是否", "?"])
def test_yes_no_invalid(raw):
    raises_key("bad_bool", nz.yes_no, raw)


# ---------------------------------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (2, 120),
        (0, 0),
        ("2", 120),
        ("2.5", 150),
        (2.5, 150),
        (Decimal("2.5"), 150),
        ("2小时", 120),
        ("2个小时", 120),
        ("两个小时", 120),
        ("1.5h", 90),
        ("1.5 H", 90),
        ("2 hours", 120),
        ("90分钟", 90),
        ("90分", 90),
        ("90min", 90),
        ("半天", 240),
        ("一天", 480),
        ("半小时", 30),
        ("一个半小时", 90),
        ("2小时30分钟", 150),
        ("2h30m", 150),
        ("1:30", 90),
        ("２小时", 120),
        (0.1, 6),
        (1 / 3, 20),
        ("0.01", 1),
    ],
)
def test_minutes(raw, expected):
    result = nz.minutes(raw)
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "-1",
        -1,
        -0.5,
        "abc",
        "两小时半天",
        "2天3分",
        float("nan"),
        float("inf"),
        True,
        "9" * 50,
        10**9,
    ],
)
def test_minutes_invalid(raw):
    raises_key("bad_hours", nz.minutes, raw)


# ---------------------------------------------------------------------------------------------- catalog


def test_every_error_key_is_in_the_catalog_in_both_languages():
    keys = [
        "value_empty",
        "bad_value",
        "bad_money",
        "money_too_large",
        "bad_date",
        "bad_period",
        "bad_since",
        "bad_phone",
        "bad_credit_code",
        "bad_id_number",
        "bad_enum",
        "bad_integer",
        "integer_too_large",
        "bad_bool",
        "bad_hours",
    ]
    for key in keys:
        zh, en = i18n.CATALOG[key]
        assert zh and en and "\n" not in zh + en


# ---------------------------------------------------------------------------------------------- properties

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=60)
CJKISH_TEXT = st.text(
    alphabet=st.sampled_from(
        list(
            "乐清市北城社区统计局（）()《》「」盖章 　\t\n\xa0,，、·-_ABCabc0123456789ー\u3099\u309b\u200b\x00"
        )
    ),
    max_size=40,
)
ANY_VALUE = st.one_of(
    ANY_TEXT,
    CJKISH_TEXT,
    st.from_regex(r"[0-9０-９.,，万元¥￥年月日号/\-: dwhT天周小时分钟]{0,20}", fullmatch=True),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.none(),
    st.booleans(),
    st.binary(max_size=30),
    st.dates(),
    st.datetimes(),
)


@PROPERTY
@given(st.one_of(ANY_TEXT, CJKISH_TEXT))
def test_text_is_idempotent_and_never_raises(raw):
    once = nz.text(raw)
    assert once is None or (once == once.strip() and once != "")
    assert nz.text(once) == once


@PROPERTY
@given(st.one_of(ANY_TEXT, CJKISH_TEXT))
def test_folding_happens_only_in_the_keys(raw):
    typed = nz.text(raw)
    assert nz.match_key(typed) == nz.match_key(raw) == nz.match_key(nz.folded(raw))


@PROPERTY
@given(st.one_of(ANY_TEXT, CJKISH_TEXT))
def test_unit_name_and_name_key_are_stable(raw):
    name = nz.unit_name(raw)
    assert nz.unit_name(name) == name
    assert nz.name_key(name) == nz.name_key(raw)


@PROPERTY
@given(st.integers(min_value=0, max_value=10**14))
def test_money_round_trips(fen):
    yuan = Decimal(fen).scaleb(-2)
    forms = [
        f"{yuan:f}元",
        f"{yuan:f}",
        f"¥{yuan:,.2f}",
        f"{yuan:,f} 元",
        f"RMB {yuan:f}",
        full_width(f"{yuan:f}元"),
        f"{Decimal(fen).scaleb(-6):f}万元",
        f"{Decimal(fen).scaleb(-6):f}万",
    ]
    for form in forms:
        result = nz.money_fen(form)
        assert result == fen, form
        assert type(result) is int
    assert nz.money_fen(fen / 100) == fen  # an Excel float cell
    if fen % 100 == 0:
        assert nz.money_fen(fen // 100) == fen


@PROPERTY
@given(st.dates(min_value=datetime.date(1949, 1, 1), max_value=datetime.date(2100, 12, 31)), st.times())
def test_date_round_trips(day, time):
    iso = day.isoformat()
    y, m, d = day.year, day.month, day.day
    forms = [
        iso,
        f"{y}-{m}-{d}",
        f"{y}/{m}/{d}",
        f"{y}.{m}.{d}",
        f"{y}年{m}月{d}日",
        f"{y}年{m:02d}月{d:02d}号",
        f"{y}{m:02d}{d:02d}",
        f"{iso} {time:%H:%M:%S}",
        f"{iso}T{time:%H:%M}",
        full_width(f"{y}年{m}月{d}日"),
        full_width(iso),
        day,
        datetime.datetime.combine(day, time),
    ]
    serial = (day - datetime.date(1899, 12, 30)).days
    forms += [serial, float(serial), serial + (time.hour * 3600 + time.minute * 60) / 86400]
    for form in forms:
        assert nz.date_iso(form) == iso, form
    assert nz.period(iso) == (iso, iso)
    assert nz.since(iso) == iso
    assert nz.period(f"{y}-{m:02d}")[0] <= iso <= nz.period(f"{y}-{m:02d}")[1]
    assert nz.period(str(y)) == (f"{y}-01-01", f"{y}-12-31")


@PROPERTY
@given(st.integers(min_value=0, max_value=100_000))
def test_relative_dates(days):
    expected = TODAY - datetime.timedelta(days=days)
    if expected.year >= 1949:
        assert nz.date_iso(f"{days}d", today=TODAY) == expected.isoformat()
        assert nz.since(f"{days}d", today=TODAY) == expected.isoformat()
    else:
        raises_key("bad_date", nz.date_iso, f"{days}d", today=TODAY)


MOBILES = st.builds(
    lambda second, rest: f"1{second}{rest}",
    st.sampled_from("3456789"),
    st.from_regex(r"[0-9]{9}", fullmatch=True),
)


@PROPERTY
@given(MOBILES)
def test_phone_accepts_every_mobile_format(mobile):
    a, b, c = mobile[:3], mobile[3:7], mobile[7:]
    forms = [
        mobile,
        int(mobile),
        float(mobile),
        f"{mobile}.0",
        f"+86 {a} {b} {c}",
        f"+86{mobile}",
        f"0086-{mobile}",
        f"86{mobile}",
        f"{a}-{b}-{c}",
        f"{a} {b} {c}",
        full_width(mobile),
        f" {mobile} ",
    ]
    for form in forms:
        assert nz.phone(form) == mobile, form
    assert nz.mask_phone(mobile) == f"{a}****{c}"


LANDLINES = st.tuples(
    st.one_of(
        st.just("010"),
        st.from_regex(r"02[0-9]", fullmatch=True),
        st.from_regex(r"0[3-9][0-9]{2}", fullmatch=True),
    ),
    st.from_regex(r"[2-8][0-9]{6,7}", fullmatch=True),
)


@PROPERTY
@given(LANDLINES, st.from_regex(r"[0-9]{1,4}", fullmatch=True))
def test_phone_accepts_every_landline_format(landline, ext):
    area, local = landline
    expected = f"{area}-{local}"
    for form in [
        expected,
        f"{area}{local}",
        f"({area}){local}",
        f"{area} {local}",
        f"+86 {area[1:]} {local}",
    ]:
        assert nz.phone(form) == expected, form
    assert nz.phone(f"{area}-{local}-{ext}") == f"{expected}-{ext}"
    assert nz.phone(f"{area}-{local}转{ext}") == f"{expected}-{ext}"
    masked = nz.mask_phone(expected)
    assert masked.startswith(area + "-") and masked.endswith(local[-4:]) and local not in masked


@PROPERTY
@given(st.text(alphabet=CC_CHARS, min_size=17, max_size=17), st.data())
def test_credit_code_accepts_valid_and_rejects_every_single_corruption(body, data):
    code = body + credit_check(body)
    assert nz.credit_code(code) == code
    assert nz.credit_code(code.lower()) == code
    position = data.draw(st.integers(min_value=0, max_value=17))
    for replacement in CC_CHARS + "IOSVZ":
        if replacement != code[position]:
            corrupted = code[:position] + replacement + code[position + 1 :]
            raises_key("bad_credit_code", nz.credit_code, corrupted)


@PROPERTY
@given(
    st.from_regex(r"[1-6][0-9]{5}", fullmatch=True),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date.today()),
    st.from_regex(r"[0-9]{3}", fullmatch=True),
    st.data(),
)
def test_id_number_accepts_valid_and_rejects_every_single_corruption(region, born, seq, data):
    body = f"{region}{born:%Y%m%d}{seq}"
    number = body + id_check(body)
    assert nz.id_number(number) == number
    assert nz.id_number(number.lower()) == number
    assert nz.mask_id(number) == number[:4] + "*" * 10 + number[-4:]
    position = data.draw(st.integers(min_value=0, max_value=17))
    for replacement in "0123456789X":
        if replacement != number[position]:
            corrupted = number[:position] + replacement + number[position + 1 :]
            error = raises_key("bad_id_number", nz.id_number, corrupted)
            assert corrupted not in str(error)


@PROPERTY
@given(st.sampled_from([(enum, term) for enum, terms in ENUMS.items() for term in terms]), st.data())
def test_enum_value_maps_every_name_back(pair, data):
    enum, term = pair
    name = data.draw(st.sampled_from((term.key, term.zh, term.en, *term.synonyms)))
    assert nz.enum_value(enum, name) == term.key
    assert nz.enum_value(enum, f"  {name.upper()}  ") == term.key


@PROPERTY
@given(
    st.integers(min_value=0, max_value=10**6), st.sampled_from(["{:,}", "{}人次", "{} 人", "{}.0", "{:,}户"])
)
def test_integer_round_trips(n, form):
    assert nz.integer(form.format(n)) == n


@PROPERTY
@given(st.integers(min_value=0, max_value=10**7 // 60))
def test_minutes_of_whole_hours(hours):
    assert nz.minutes(hours) == hours * 60
    assert nz.minutes(f"{hours}小时") == hours * 60
    assert nz.minutes(f"{hours * 60}分钟") == hours * 60
    assert nz.minutes(float(hours)) == hours * 60


@PROPERTY
@given(st.lists(st.sampled_from(["张三", "李四", "王五", "乐清市统计局", "A B"]), max_size=8), st.data())
def test_split_list_round_trips(items, data):
    separator = data.draw(st.sampled_from(["、", ",", "，", ";", "；", "/", "／", "|", "\n", " 、 "]))
    assert nz.split_list(separator.join(items)) == list(dict.fromkeys(items))


NORMALISERS = [
    nz.text,
    nz.unit_name,
    nz.name_key,
    nz.identifier,
    nz.money_fen,
    lambda v: nz.date_iso(v, today=TODAY),
    lambda v: nz.period(v, today=TODAY),
    lambda v: nz.since(v, today=TODAY),
    nz.phone,
    nz.credit_code,
    nz.id_number,
    lambda v: nz.enum_value("unit_kind", v),
    lambda v: nz.enum_value("ticket_status", v),
    nz.integer,
    nz.split_list,
    nz.yes_no,
    nz.minutes,
]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_VALUE)
def test_nothing_raises_anything_but_invalid_value(value):
    for normaliser in NORMALISERS:
        try:
            result = normaliser(value)
        except InvalidValue as error:
            message = str(error)
            assert message and "\n" not in message
            continue
        if normaliser in (nz.money_fen, nz.integer, nz.minutes):
            assert type(result) is int
        if isinstance(result, float):
            assert not math.isnan(result)


@PROPERTY
@given(st.integers(min_value=-(10**14), max_value=10**14))
def test_fen_to_yuan_round_trips(fen):
    shown = nz.fen_to_yuan(fen)
    if fen >= 0:
        assert nz.money_fen(shown) == fen
    else:
        assert shown.startswith("-")
