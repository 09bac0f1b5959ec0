"""Column-wise validation (an import's read pass) gives exactly what the normalisers and `validate` give
cell by cell: the same values, the same refusals with the same messages, for arbitrary cell text."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import gongjian.ledger  # noqa: F401  (registers every kind's spec)
from gongjian.errors import InvalidValue, ValidationFailed
from gongjian.reading import normalize as n
from gongjian.reading.specs import SPECS, validate, validate_columns


def outcome(fn, value):
    """What a normaliser returns, or the message it refuses with."""
    try:
        return fn(value)
    except InvalidValue as exc:
        return ("refused", exc.message())


def _id_number(body: str) -> str:
    return body + n._id_check(body)


def _credit(body: str) -> str:
    return body + n._credit_check(body)


DIGITS = st.text("0123456789", min_size=1, max_size=20)
ID_BODIES = st.builds(
    lambda area, day, seq: f"{area}{day:%Y%m%d}{seq}",
    st.text("0123456789", min_size=6, max_size=6),
    st.dates(datetime.date(1900, 1, 1), datetime.date(2030, 12, 31)),
    st.text("0123456789", min_size=3, max_size=3),
)
CELL_TEXT = st.one_of(
    st.text(max_size=30),  # anything at all: controls, full-width forms, surrogates, combining marks
    st.text("北城社区乐清市统计局（）()《》 　\t章盖单位ａＢ１2-_.·", max_size=20),
    st.text("0123456789Xx -０１２", min_size=1, max_size=20),
    st.builds(_id_number, ID_BODIES),
    st.builds(lambda s: _id_number(s).lower(), ID_BODIES),
    st.builds(lambda s: _id_number(s)[:17] + "0", ID_BODIES),
    st.builds(lambda s: "".join(chr(ord(c) + 0xFEE0) for c in _id_number(s)), ID_BODIES),
    st.builds(_credit, st.text(n._CC_CHARS, min_size=17, max_size=17)),
    st.builds(lambda s: _credit(s).lower(), st.text(n._CC_CHARS, min_size=17, max_size=17)),
    st.text(n._CC_CHARS + "IOSVZ", min_size=18, max_size=18),
    st.builds(lambda d: "1" + d, st.text("0123456789", min_size=10, max_size=10)),
    st.builds(lambda a, d: f"0{a}-{d}", st.text("0123456789", min_size=2, max_size=3), DIGITS),
    st.builds(lambda d: d.isoformat(), st.dates(datetime.date(1900, 1, 1), datetime.date(2200, 12, 31))),
    st.from_regex(r"\d{4}-\d{2}-\d{2}", fullmatch=True),
    st.from_regex(r"-?\d{1,20}(\.0+)?", fullmatch=True),
    st.sampled_from(
        ["在册", "已转出", "法律咨询", "其他", "在职党员", "正式党员", "有限责任公司", "N/A", ""]
    ),
)
CELLS = st.one_of(
    CELL_TEXT,
    st.none(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(datetime.date(1800, 1, 1), datetime.date(2300, 12, 31)),
    st.datetimes(datetime.datetime(1800, 1, 1), datetime.datetime(2300, 12, 31)),
    st.booleans(),
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(CELLS, max_size=12))
def test_every_column_function_settles_a_cell_as_its_normaliser_does(cells):
    for parse, column in n.COLUMNS.items():
        for cell, settled in zip(cells, column(cells), strict=True):
            if settled is not n.SLOW:
                assert outcome(parse, cell) == settled, (parse.__name__, cell)


@settings(max_examples=200)
@given(st.lists(CELLS, max_size=12))
def test_enumeration_columns_settle_labels_as_enum_value_does(cells):
    for enum in ("member_status", "member_post", "member_kind", "party_status"):
        for cell, settled in zip(cells, n.enum_column(enum, cells), strict=True):
            if settled is not n.SLOW:
                assert n.enum_value(enum, cell) == settled


@settings(max_examples=200)
@given(st.lists(st.one_of(st.none(), CELL_TEXT), max_size=12))
def test_match_keys_of_a_column_are_match_key_of_each(cells):
    texts = [outcome(n.text, c) for c in cells]
    texts = [c if c is None or isinstance(c, str) else None for c in texts]
    assert n.match_keys(texts) == [None if c is None else n.match_key(c) for c in texts]


@settings(max_examples=300)
@given(st.lists(st.text(max_size=8), max_size=12))
@example(
    ["陆洋", "İstanbul", "ᾳ", "A\u0345", "北城社区", "Straße", "Ⅻ号", "张\u200b三", "ＡＢＣ", "a_b", "①"]
)
def test_match_keys_of_any_texts_are_match_key_of_each(texts):
    # names of letters and digits only are their case fold; anything else takes match_key's own path
    assert n.match_keys(texts) == [n.match_key(c) for c in texts]


def per_record(kind: str, records: list[dict[str, object]]):
    """`validate` record by record: each record's values, or its errors."""
    out = []
    for raw in records:
        try:
            out.append(("ok", validate(kind, raw)))
        except ValidationFailed as exc:
            out.append(("refused", exc.errors))
    return out


def by_columns(kind: str, records: list[dict[str, object]], keys: list[str]):
    """`validate_columns` over the same records, given as columns."""
    columns = {k: [r.get(k) for r in records] for k in keys}
    fields, clean, errors = validate_columns(kind, columns, len(records))
    out = []
    for index, row in enumerate(zip(*clean, strict=True)) if clean else enumerate([()] * len(records)):
        if index in errors:
            out.append(("refused", errors[index]))
        else:
            out.append(("ok", dict(zip(fields, row, strict=True))))
    return out


@pytest.mark.parametrize("kind", ["units", "members", "communities", "services"])
@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_validate_columns_is_validate_record_by_record(kind, data):
    keys = [f.key for f in SPECS[kind].fields]
    present = data.draw(st.lists(st.sampled_from(keys), unique=True, min_size=1))
    records = data.draw(
        st.lists(
            st.fixed_dictionaries({k: st.one_of(st.none(), CELL_TEXT, CELLS) for k in present}), max_size=8
        )
    )
    assert by_columns(kind, records, present) == per_record(kind, records)


@pytest.mark.parametrize("kind", ["units", "members", "services"])
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_column_of_repeated_texts_validates_as_record_by_record(kind, data):
    # a roster repeats its units, communities, dates and labels: each distinct text is settled once
    keys = [f.key for f in SPECS[kind].fields]
    present = data.draw(st.lists(st.sampled_from(keys), unique=True, min_size=1, max_size=4))
    cell = st.one_of(
        st.none(),
        CELL_TEXT,
        st.dates(datetime.date(1800, 1, 1), datetime.date(2300, 12, 31)),
        st.datetimes(datetime.datetime(1800, 1, 1), datetime.datetime(2300, 12, 31)),
    )
    few = {k: data.draw(st.lists(cell, min_size=1, max_size=6)) for k in present}
    picks = data.draw(
        st.lists(st.tuples(*(st.sampled_from(few[k]) for k in present)), min_size=64, max_size=90)
    )
    records = [dict(zip(present, pick, strict=True)) for pick in picks]
    assert by_columns(kind, records, present) == per_record(kind, records)


def test_a_refused_column_names_each_record_with_validates_messages():
    records = [
        {"name": "乐清市统计局", "credit_code": "11330382002584590E", "phone": "13857712345"},
        {"name": "乐清市　档案馆", "credit_code": "11330382002584590F", "phone": "12345"},
        {"name": " ", "credit_code": None, "phone": "0577-62512345"},
    ]
    keys = ["name", "credit_code", "phone"]
    assert by_columns("units", records, keys) == per_record("units", records)
    fields, clean, errors = validate_columns("units", {k: [r[k] for r in records] for k in keys}, 3)
    assert clean[fields.index("name")][:2] == ["乐清市统计局", "乐清市档案馆"]
    assert [label for label, _ in errors[1]] == ["统一社会信用代码", "电话"]
    assert errors[2] == [("名称", "必填")]


def test_a_full_width_id_number_is_folded_not_a_crash():
    body = "33038219850506123"
    wide = "".join(chr(ord(c) + 0xFEE0) for c in _id_number(body))
    assert n.id_number(wide) == _id_number(body)
