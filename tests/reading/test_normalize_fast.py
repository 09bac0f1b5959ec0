"""The fast paths of `gongjian.reading.normalize` for clean input give exactly what the long way gives."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongjian.errors import InvalidValue, ValidationFailed
from gongjian.reading import normalize as n
from gongjian.vocab import ENUMS


def outcome(fn, value):
    """What a normaliser returns, or the message it refuses with."""
    try:
        return fn(value)
    except InvalidValue as exc:
        return ("refused", exc.message())


def slow_unit_name(value: object) -> str | None:
    """`unit_name` without its shortcut: every seal and enclosure rule tried."""
    s = n.text(value)
    if s is None:
        return None
    while True:
        before = s
        s = n._SEAL_TAIL.sub("", s)
        s = n._SEAL_HEAD.sub("", s)
        if len(s) >= 2:
            close = n._ENCLOSURES.get(s[0])
            if close is not None and s[-1] == close:
                inner = s[1:-1]
                if s[0] not in inner and close not in inner:
                    s = inner.strip(" ")
        if s == before:
            break
    return s or None


def slow_enum(enum: str, value: object) -> str | None:
    """`enum_value` without its shortcut: text(), casefold, then the squashed form."""
    lookup = n._enum_lookup(enum)
    s = n.text(value)
    if s is None:
        return None
    folded = s.casefold()
    return lookup.get(folded) or lookup.get(n._ENUM_SQUASH.sub("", folded))


def slow_id_check(body: str) -> str:
    return n._ID_CHECK[sum(int(c) * w for c, w in zip(body, n._ID_WEIGHTS, strict=True)) % 11]


@given(st.integers(min_value=10**10, max_value=2 * 10**10 - 1), st.booleans())
def test_a_phone_number_as_a_spreadsheet_number_reads_as_its_text(number, as_float):
    value = float(number) if as_float else number
    assert outcome(n.phone, value) == outcome(n.phone, f" {number} ")


@pytest.mark.parametrize("value", [13844785265.0, 17703844663, 13844785265.5, 12345678901.0, True])
def test_phone_numbers_as_numbers(value):
    expected = {13844785265.0: "13844785265", 17703844663: "17703844663"}.get(value)
    if expected is None:
        with pytest.raises(InvalidValue):
            n.phone(value)
    else:
        assert n.phone(value) == expected


@given(st.from_regex(r"[0-9]{17}", fullmatch=True))
def test_id_check_digit_matches_the_standard_formula(body):
    assert n._id_check(body) == slow_id_check(body)


@given(
    st.from_regex(r"[1-6][0-9]{5}", fullmatch=True),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2030, 12, 31)),
    st.from_regex(r"[0-9]{3}", fullmatch=True),
    st.sampled_from([None, *"0123456789X"]),
)
def test_a_clean_id_number_takes_the_same_verdict_as_a_padded_one(region, born, seq, check):
    body = f"{region}{born:%Y%m%d}{seq}"
    number = body + (slow_id_check(body) if check is None else check)
    assert outcome(n.id_number, number) == outcome(n.id_number, f" {number[:6]} {number[6:]} ")


NAMES = sorted({name for enum in ENUMS for name in n._enum_lookup(enum)})


@given(st.sampled_from(sorted(ENUMS)), st.one_of(st.sampled_from(NAMES), st.text(max_size=8)))
def test_enum_value_finds_what_the_long_way_finds(enum, value):
    found = outcome(lambda v: n.enum_value(enum, v), value)
    expected = slow_enum(enum, value)
    assert found == expected if expected is not None else found[0] == "refused"


@given(
    st.one_of(
        st.text(max_size=12),
        st.sampled_from(
            [
                "乐清市统计局（盖章）",
                "《乐清中学》",
                "(盖章)绍兴市图书馆",
                "章华公司",
                "【绍兴祥越电器有限公司】",
            ]
        ),
    )
)
def test_unit_name_shortcut_changes_nothing(value):
    assert n.unit_name(value) == slow_unit_name(value)


def test_validate_remembers_pure_results_but_never_refusals(monkeypatch):
    from gongjian.reading import specs as models

    monkeypatch.setattr(models, "MEMO_SIZE", 2)
    monkeypatch.setattr(models, "_PLANS", {})
    raw = {"name": "王建国", "phone": "13857712345", "unit": "乐清市统计局（盖章）", "community": "北城社区"}
    first = models.validate("members", {**raw, "post": "法律咨询"})
    assert models.validate("members", {**raw, "post": "法律咨询"}) == first
    assert (first["unit"], first["post"]) == ("乐清市统计局", "legal")
    for _ in range(2):
        with pytest.raises(ValidationFailed) as refused:
            models.validate("members", {**raw, "post": "扫大街"})
        assert refused.value.errors[0][0] == "认领岗位"
    memos = {key: memo for key, _, _, _, memo, _ in models._plan("members") if memo is not None}
    assert memos["unit"] == {"乐清市统计局（盖章）": "乐清市统计局"}
    assert memos["post"] == {"法律咨询": "legal"} and "phone" not in memos and "id_number" not in memos
    models.validate("members", {**raw, "name": "李秀英"})
    models.validate("members", {**raw, "name": "陈晓东"})
    assert len(memos["name"]) == 2  # full: further names are parsed, not remembered
