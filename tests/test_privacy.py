"""The masking rules as SQL (`privacy.mask_phone_sql`, `mask_id_sql`, used by the CSV export) give the same
text as the Python rules every other output uses, for any text a ledger can hold."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongjian.privacy import mask_id, mask_id_sql, mask_phone, mask_phone_sql

# Any text but NUL, which the normalisers remove from every value before it is stored
# (`reading.normalize`), and which SQLite's length() stops at.
ANY_TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=40)
# Text shaped like phones and ID numbers, so that every branch of the rules is reached often.
PHONE_LIKE = st.from_regex(r"\A[0-9０-９一二X x\-+()\u0660-\u0669]{0,24}\Z")


@pytest.fixture(scope="module")
def conn():
    db = sqlite3.connect(":memory:")
    yield db
    db.close()


def _sql(conn: sqlite3.Connection, expr: str, value: str | None) -> str:
    return conn.execute(f"SELECT {expr} FROM (SELECT ? AS v)", (value,)).fetchone()[0]


@settings(max_examples=600, deadline=None)
@given(value=st.one_of(ANY_TEXT, PHONE_LIKE))
def test_phone_masked_in_sql_as_in_python(conn, value):
    assert _sql(conn, mask_phone_sql("v"), value) == mask_phone(value)


@settings(max_examples=600, deadline=None)
@given(value=st.one_of(ANY_TEXT, PHONE_LIKE))
def test_id_number_masked_in_sql_as_in_python(conn, value):
    assert _sql(conn, mask_id_sql("v"), value) == mask_id(value)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("13812348000", "138****8000"),
        ("0577-62345678", "0577-****5678"),
        ("0577-62345678-801", "0577-****5678-801"),
        ("0577-6234567８", "057******567８"),  # a full-width digit: not a landline's number, masked whole
        ("110", "***"),
        ("", ""),
        (None, ""),
    ],
)
def test_phones_a_clerk_types(conn, value, shown):
    assert mask_phone(value) == shown
    assert _sql(conn, mask_phone_sql("v"), value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("330382198805120017", "3303**********0017"),
        ("33038219880512001X", "3303**********001X"),
        ("12345678", "********"),
        (None, ""),
    ],
)
def test_id_numbers_a_clerk_types(conn, value, shown):
    assert mask_id(value) == shown
    assert _sql(conn, mask_id_sql("v"), value) == shown
