"""What never leaves the tool as stored: personal data, unless `--show-pii`, and text that is a formula.

The one place that says what a masked ID number or phone looks like, for values (`mask_id`,
`mask_phone`, and the same rules as SQL expressions: `mask_id_sql`, `mask_phone_sql`), for a record
(`mask_pii_record`) and for free text that may hold them (`mask_pii_text`); and which text a spreadsheet
would run as a formula (`FORMULA_PREFIXES`), written as text by every writer.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")  # a cell starting so is a formula to Excel and WPS
_MOBILE = re.compile(r"1[3-9]\d{9}")
_DIGITS = re.compile(r"[0-9]+")  # the digits of a phone number: ASCII, as the normalisers leave them
# In free text: an ID number or anything like one (14–20 digits, an X at the end: a mistyped ID number, a
# bank card), a mobile or anything like one (10–12 digits starting with 1), a landline with its area code.
# Dates (8 digits), ticket numbers and sizes are left alone.
_PII_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(?:\d{14,20}[Xx]?|1\d{9,11}|0\d{2,3}-?\d{7,8})(?![0-9A-Za-z])")
_ID_LIKE = re.compile(r"\d{14,20}[Xx]?")
_BORN = re.compile(r"\d{6}(?:18|19|20)\d\d(?:0[1-9]|1[0-2])")  # an 18-character ID number's birth month


def mask_phone(value: str | None) -> str:
    """A phone for display: `138****8000`, `0577-****2345`; None -> ``.

    A landline (a `0`, then the area code, `-`, 7 or more digits 0–9) keeps its area code and the last 4
    digits of its number; anything else of 8 characters or more its first 3 and last 4; shorter, nothing."""
    if not value:
        return ""
    if _MOBILE.fullmatch(value):
        return f"{value[:3]}****{value[-4:]}"
    parts = value.split("-")
    if len(parts) >= 2 and parts[0].startswith("0") and _DIGITS.fullmatch(parts[1]) and len(parts[1]) >= 7:
        local = parts[1]
        parts[1] = "*" * (len(local) - 4) + local[-4:]
        return "-".join(parts)
    if len(value) >= 8:
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    return "*" * len(value)


def mask_id(value: str | None) -> str:
    """An ID number for display: first 4 and last 4 kept, `3303**********1234`; None -> ``."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def _stars_sql(count: str) -> str:
    """SQL for `count` asterisks (none when it is 0 or less)."""
    return f"replace(hex(zeroblob({count})), '00', '*')"


def mask_phone_sql(column: str) -> str:
    """`mask_phone` as an SQL expression over `column` (a column name: it is read several times), NULL -> ''.

    The same text for every value (tests/test_privacy.py proves it over arbitrary text): a mobile is the
    general case of 11 characters, first 3 and last 4 kept."""
    v = column
    dash = f"instr({v}, '-')"
    rest = f"substr({v}, {dash} + 1)"
    local = (
        f"(CASE WHEN instr({rest}, '-') > 0 THEN substr({rest}, 1, instr({rest}, '-') - 1) ELSE {rest} END)"
    )
    return (
        f"(CASE WHEN {v} IS NULL OR {v} = '' THEN '' "
        f"WHEN substr({v}, 1, 1) = '0' AND {dash} > 0 AND length({local}) >= 7 "
        f"AND {local} NOT GLOB '*[^0-9]*' "
        f"THEN substr({v}, 1, {dash}) || {_stars_sql(f'length({local}) - 4')} || substr({local}, -4) "
        f"|| substr({v}, {dash} + 1 + length({local})) "
        f"WHEN length({v}) >= 8 THEN substr({v}, 1, 3) || {_stars_sql(f'length({v}) - 7')} || substr({v}, -4) "
        f"ELSE {_stars_sql(f'length({v})')} END)"
    )


def mask_id_sql(column: str) -> str:
    """`mask_id` as an SQL expression over `column` (a column name: it is read several times), NULL -> ''."""
    v = column
    return (
        f"(CASE WHEN {v} IS NULL OR {v} = '' THEN '' "
        f"WHEN length({v}) <= 8 THEN {_stars_sql(f'length({v})')} "
        f"ELSE substr({v}, 1, 4) || {_stars_sql(f'length({v}) - 8')} || substr({v}, -4) END)"
    )


def mask_pii_text(text: str | None) -> str | None:
    """Mask ID-number-like and phone-like runs inside free text (a command line, a message) for display."""
    if not text:
        return text

    def repl(m: re.Match[str]) -> str:
        found = m.group(0)
        if not _ID_LIKE.fullmatch(found):
            return mask_phone(found)
        if len(found) == 18 and not _BORN.match(found):  # a credit code (11330382021862961X), not a person
            return found
        return mask_id(found)

    return _PII_IN_TEXT.sub(repl, text)


def mask_pii_record(record: dict[str, Any] | None) -> dict[str, Any] | None:
    """A copy of a row with its phone and ID number fields masked."""
    if record is None:
        return None
    out = dict(record)
    for key, value in out.items():
        if not isinstance(value, str) or not value:
            continue
        if key == "id_number" or key.endswith("_id_number"):
            out[key] = mask_id(value)
        elif key == "phone" or key.endswith("_phone"):
            out[key] = mask_phone(value)
    return out
