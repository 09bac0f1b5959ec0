"""Shared normalisers for what clerks type and paste (PRODUCT.md §4).

Every CLI option and every spreadsheet importer reads values through these functions, so that
`乐清市　统计局` and `乐清市统计局`, `3万元` and `30000`, `2016年3月5日` and `42434` mean the same.

Contract: a normaliser either returns the canonical value or raises
`gongjian.errors.InvalidValue(key, value=…)` with a catalog key from `gongjian.i18n.CATALOG`;
it never lets another exception escape, whatever the input (None, NaN, bytes, huge strings …).
Identifiers stay text, so leading zeros survive; money is integer fen, computed with Decimal.

These run on 100,000-row imports: regexes are compiled once, clean values take a fast path.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import math
import operator
import re
import unicodedata
from decimal import ROUND_HALF_UP, Context, Decimal

from gongjian.errors import InvalidValue
from gongjian.i18n import get_lang, t
from gongjian.privacy import mask_id, mask_phone  # noqa: F401  (n.mask_id / n.mask_phone, as before)
from gongjian.vocab import ENUM_NAMES, ENUMS

__all__ = [
    "COLUMNS",
    "SLOW",
    "credit_code",
    "folded",
    "date_iso",
    "enum_value",
    "fen_to_yuan",
    "id_number",
    "identifier",
    "integer",
    "mask_id",
    "match_key",
    "mask_phone",
    "minutes",
    "money_fen",
    "name_key",
    "period",
    "phone",
    "since",
    "split_list",
    "text",
    "unit_name",
    "yes_no",
]

# --------------------------------------------------------------------------------------------------
# text
# --------------------------------------------------------------------------------------------------

# Control and invisible format characters that never belong in a ledger value (white-space controls
# such as tab, newline, \x1c-\x1f and NEL are not here: they collapse to one space instead).
_INVISIBLE = (
    "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\U000e0000-\U000e007f"
)
_REMOVE = re.compile(f"[{_INVISIBLE}]+")

# Characters between which a space is dropped: Han ideographs, CJK punctuation, kana (no combining
# marks, so dropping a space can never make the string compose differently under NFKC).
_CJK = (
    "\u2e80-\u2fdf\u3001-\u3003\u3005-\u3011\u3014-\u301f\u3021-\u3029\u3038-\u303b"
    "\u3041-\u3096\u30a1-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\uffe0-\uffe6"  # full-width marks
)
# Full-width letters and digits (a Chinese input method in full-width mode): stored as ASCII.
_FULL_WIDTH = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
_FULL_WIDTH_ALNUM = re.compile(f"[{_FULL_WIDTH}]")
_HALF_WIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF5B) if chr(c).isalnum()}
_WS = re.compile(r"\s+")
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
# Anything a clean (already normalised) string cannot contain.
_DIRTY_FOLDED = re.compile(f"[{_INVISIBLE}]|[^\\S ]|^ | $|  |(?<=[{_CJK}]) (?=[{_CJK}])")
_DIRTY = re.compile(f"[{_INVISIBLE}{_FULL_WIDTH}]|[^\\S ]|^ | $|  |(?<=[{_CJK}]) (?=[{_CJK}])")
_ASCII_CLEAN = re.compile(r"[!-~]+(?: [!-~]+)*")
_MAX_INT_DIGITS_BITS = 14000  # comfortably below Python's 4300-digit int->str limit


def _is_nfkc(s: str) -> bool:
    return unicodedata.is_normalized("NFKC", s)


def _is_nfc(s: str) -> bool:
    return unicodedata.is_normalized("NFC", s)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def _scalar_str(value: object) -> str | None:
    """Any cell value as a raw string (not yet cleaned); None for None/NaN."""
    if value is None:
        return None
    if isinstance(value, str):
        return value if type(value) is str else str.__str__(value)
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        if value.bit_length() > _MAX_INT_DIGITS_BITS:
            raise InvalidValue("bad_value", value=f"int({value.bit_length()} bits)")
        return str(int(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer():
            return str(int(value))
        return repr(float(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        if -40 < value.adjusted() < 40:
            return format(value, "f")
        return str(value)
    if isinstance(value, datetime.datetime):
        if value.hour == value.minute == value.second == value.microsecond == 0:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return _decode(bytes(value))
    try:
        return str(value)
    except Exception:
        raise InvalidValue("bad_value", value=type(value).__name__) from None


def _clean_folded(s: str) -> str:
    for _ in range(4):
        before = s
        if _REMOVE.search(s):
            s = _REMOVE.sub("", s)
        if not _is_nfkc(s):
            s = unicodedata.normalize("NFKC", s)
        s = _WS.sub(" ", s).strip(" ")
        if " " in s:
            s = _CJK_GAP.sub("", s)
        if s == before or (_is_nfkc(s) and not _DIRTY_FOLDED.search(s)):
            break
    return s


def _clean(s: str) -> str:
    for _ in range(4):
        before = s
        if _REMOVE.search(s):
            s = _REMOVE.sub("", s)
        if not _is_nfc(s):
            s = unicodedata.normalize("NFC", s)
        if _FULL_WIDTH_ALNUM.search(s):
            s = s.translate(_HALF_WIDTH)
        s = _WS.sub(" ", s).strip(" ")
        if " " in s:
            s = _CJK_GAP.sub("", s)
        if s == before or (_is_nfc(s) and not _DIRTY.search(s)):
            break
    return s


def text(value: object) -> str | None:
    """Text as the clerk typed it: trimmed, one inner space (none between Chinese characters or marks), no
    controls, full-width letters and digits as ASCII (`ＡＢＣ１２３` -> `ABC123`); Chinese punctuation
    （）、，：《》 stays as typed (PRODUCT §4). None when empty."""
    if type(value) is str:
        if value.isascii():
            if _ASCII_CLEAN.fullmatch(value):
                return value
        elif _is_nfc(value) and not _DIRTY.search(value):
            return value
        s = value
    else:
        s = _scalar_str(value)
        if s is None:
            return None
    s = _clean(s)
    return s or None


def folded(value: object) -> str | None:
    """Text as it is read and compared, never as it is stored: text() with every compatibility form folded
    (NFKC: `（` -> `(`, `，` -> `,`, `￥` -> `¥`). Money, dates, numbers, codes and headers are read from it."""
    if type(value) is str:
        if value.isascii():
            if _ASCII_CLEAN.fullmatch(value):
                return value
        elif _is_nfkc(value) and not _DIRTY_FOLDED.search(value):
            return value
        s = value
    else:
        s = _scalar_str(value)
        if s is None:
            return None
    s = _clean_folded(s)
    return s or None


def match_key(value: object) -> str:
    """The key names are matched and de-duplicated by (never stored or shown): folded(), case-folded,
    without white space or punctuation, so `测试(北城)单位` and `测试（北城）单位` have one key."""
    s = folded(value)
    if s is None:
        return ""
    return _NAME_JUNK.sub("", s.casefold())


def _show(value: object) -> str:
    """A raw value as shown inside an error message: cleaned, shortened, `空` when empty."""
    try:
        s = text(value)
    except InvalidValue:
        s = type(value).__name__
    if not s:
        return t("value_empty")
    if len(s) > 40:
        s = s[:40] + "…"
    return s


# --------------------------------------------------------------------------------------------------
# names
# --------------------------------------------------------------------------------------------------

_SEAL_WORD = r"(?:单位)?(?:签字)?(?:并)?(?:盖|签|加盖)?公?章"
_SEAL_BARE = r"(?:单位)?(?:签字)?(?:并)?(?:盖|签|加盖)公?章"
_SEAL = rf"(?:[(\[【〔〖<〈（［＜]\s*{_SEAL_WORD}\s*[)\]】〕〗>〉）］＞]|{_SEAL_BARE})"
_SEAL_TAIL = re.compile(rf"\s*{_SEAL}\s*$")
_SEAL_HEAD = re.compile(rf"^\s*{_SEAL}\s*")
_ENCLOSURES = {
    "《": "》",
    "「": "」",
    "『": "』",
    "“": "”",
    "‘": "’",
    '"': '"',
    "'": "'",
    "【": "】",
    "〈": "〉",
    "〔": "〕",
    "〖": "〗",
    "(": ")",
    "[": "]",
    "<": ">",
    "（": "）",
    "［": "］",
    "＜": "＞",
    "＂": "＂",
    "＇": "＇",
}
_NAME_JUNK = re.compile(r"[\W_]+")


def unit_name(value: object) -> str | None:
    """A unit's name: text() without seal decorations such as `（盖章）` or surrounding `《》`."""
    s = text(value)
    if s is None:
        return None
    if "章" not in s and s[0] not in _ENCLOSURES:  # no seal (every form ends in 章), not enclosed
        return s
    while True:
        before = s
        s = _SEAL_TAIL.sub("", s)
        s = _SEAL_HEAD.sub("", s)
        if len(s) >= 2:
            close = _ENCLOSURES.get(s[0])
            if close is not None and s[-1] == close:
                inner = s[1:-1]
                if s[0] not in inner and close not in inner:
                    s = inner.strip(" ")
        if s == before:
            break
    return s or None


def name_key(value: object) -> str:
    """A unit's key for uniqueness and lookups: match_key() of unit_name() (folded, case-folded, without
    white space or punctuation); stored beside the name as typed."""
    s = unit_name(value)
    if s is None:
        return ""
    return match_key(s)


_WHOLE_DECIMAL = re.compile(r"(-?\d+)\.0+")
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def identifier(value: object) -> str | None:
    """A text identifier (code, number): text(), `123.0` -> `123`, leading zeros kept, ASCII upper-cased."""
    s = folded(value)
    if s is None:
        return None
    m = _WHOLE_DECIMAL.fullmatch(s)
    if m:
        s = m.group(1)
    return s.upper() if s.isascii() else s.translate(_ASCII_UPPER)


# --------------------------------------------------------------------------------------------------
# money
# --------------------------------------------------------------------------------------------------

_MAX_FEN = 10**14  # one trillion yuan
_MONEY = re.compile(
    r"(?:rmb|cny|人民币|¥)?"
    r"([+-])?"
    r"(?:(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?|\.(\d+))"
    r"(千|万|亿)?"
    r"(?:元整|元|圆|块钱|块|rmb|cny)?"
)
_UNIT_PLACES = {None: 0, "千": 3, "万": 4, "亿": 8}


def _shift(d: Decimal, places: int) -> Decimal:
    """d * 10**places, exactly (no context rounding); d must be finite."""
    sign, digits, exponent = d.as_tuple()
    return Decimal((sign, digits, int(exponent) + places))


def _to_fen(amount: Decimal, places: int, raw: object, *, round_half_up: bool) -> int:
    """Yuan `amount` * 10**places as integer fen, checked for sign, bound and precision."""
    if not amount.is_finite() or amount < 0:
        raise InvalidValue("bad_money", value=_show(raw))
    if amount.adjusted() + places > 14:
        raise InvalidValue("money_too_large", value=_show(raw))
    fen = _shift(amount, places + 2)
    if fen > _MAX_FEN:
        raise InvalidValue("money_too_large", value=_show(raw))
    whole = fen.to_integral_value(rounding=ROUND_HALF_UP)
    if whole != fen and not round_half_up:
        raise InvalidValue("bad_money", value=_show(raw))
    return int(whole)


def money_fen(value: object) -> int:
    """An amount of money as integer fen: `3万元`, `¥1,200.50`, 1200 (yuan), Excel floats …"""
    if type(value) is int:
        if 0 <= value <= _MAX_FEN // 100:
            return value * 100
        raise InvalidValue("bad_money" if value < 0 else "money_too_large", value=_show(value))
    if type(value) is str and value.isascii() and value.isdigit() and len(value) <= 12:
        return int(value) * 100
    if isinstance(value, bool) or value is None:
        raise InvalidValue("bad_money", value=_show(value))
    if isinstance(value, int):
        return money_fen(int(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidValue("bad_money", value=_show(value))
        return _to_fen(Decimal(repr(float(value))), 0, value, round_half_up=True)
    if isinstance(value, Decimal):
        return _to_fen(value, 0, value, round_half_up=False)
    s = folded(value)
    if s is None or len(s) > 60:
        raise InvalidValue("bad_money", value=_show(value))
    m = _MONEY.fullmatch(s.casefold().replace(" ", ""))
    if m is None:
        raise InvalidValue("bad_money", value=_show(value))
    sign, whole, frac, only_frac, unit = m.groups()
    if sign == "-":
        raise InvalidValue("bad_money", value=_show(value))
    if only_frac is not None:
        number = "0." + only_frac
    else:
        number = whole.replace(",", "") + ("." + frac if frac else "")
    return _to_fen(Decimal(number), _UNIT_PLACES[unit], value, round_half_up=False)


def fen_to_yuan(fen: int) -> str:
    """Integer fen as yuan for text output: 123456 -> `1,234.56`."""
    fen = int(fen)
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan:,}.{cents:02d}"


# --------------------------------------------------------------------------------------------------
# dates
# --------------------------------------------------------------------------------------------------

_MIN_YEAR = 1949
_MAX_YEAR = 2100
_EXCEL_EPOCH = datetime.date(1899, 12, 30)  # 1900 date system, past the 1900-02-29 bug
_EXCEL_MIN = (datetime.date(_MIN_YEAR, 1, 1) - _EXCEL_EPOCH).days
_EXCEL_MAX = (datetime.date(_MAX_YEAR, 12, 31) - _EXCEL_EPOCH).days
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TIME = (
    r"(?:(?:\s+|\s*t\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?"
    r"(?:\s*(?:z|[+-]\d{2}(?::?\d{2})?))?)?"
)
_DATE_SEP = re.compile(rf"(\d{{4}})\s*([-/.])\s*(\d{{1,2}})\s*\2\s*(\d{{1,2}}){_TIME}")
_DATE_CN = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"
    r"(?:\s*(\d{1,2})\s*[:时点]\s*(\d{2})\s*分?(?:\s*:?\s*(\d{2})\s*秒?)?)?"
)
_DATE_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_RELATIVE = re.compile(
    r"(\d{1,6})\s*(d|days?|天|日|w|wks?|weeks?|周|星期|个星期)(?:\s*(?:前|以前|ago|before))?"
)
_RELATIVE_WORDS = {
    "today": 0,
    "今天": 0,
    "今日": 0,
    "yesterday": 1,
    "昨天": 1,
    "昨日": 1,
    "前天": 2,
}


def _ymd(y: int, m: int, d: int) -> datetime.date | None:
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        return None
    try:
        return datetime.date(y, m, d)
    except ValueError:
        return None


def _in_range(d: datetime.date) -> bool:
    return _MIN_YEAR <= d.year <= _MAX_YEAR


def _from_serial(serial: float) -> datetime.date | None:
    if not math.isfinite(serial) or not _EXCEL_MIN <= serial < _EXCEL_MAX + 1:
        return None
    return _EXCEL_EPOCH + datetime.timedelta(days=int(serial))


def _time_ok(hh: str | None, mm: str | None, ss: str | None) -> bool:
    if hh is None:
        return True
    return int(hh) < 24 and int(mm or 0) < 60 and int(ss or 0) < 61


def _parse_date(value: object, today: datetime.date | None) -> datetime.date | None:
    """The date a value names, or None."""
    if isinstance(value, datetime.datetime):
        d = value.date()
        return d if _in_range(d) else None
    if isinstance(value, datetime.date):
        return value if _in_range(value) else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | Decimal):
        try:
            number = float(value)
        except (OverflowError, ValueError):
            return None
        if 19490101 <= number <= 21001231 and float(number).is_integer():
            n = int(number)
            return _ymd(n // 10000, n // 100 % 100, n % 100)
        return _from_serial(number)
    try:
        s = folded(value)
    except InvalidValue:
        return None
    if s is None or len(s) > 64:
        return None
    s = s.casefold()
    m = _DATE_SEP.fullmatch(s)
    if m:
        if not _time_ok(m.group(5), m.group(6), m.group(7)):
            return None
        return _ymd(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    m = _DATE_CN.fullmatch(s)
    if m:
        if not _time_ok(m.group(4), m.group(5), m.group(6)):
            return None
        return _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _DATE_COMPACT.fullmatch(s)
    if m:
        return _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    days = _RELATIVE_WORDS.get(s)
    if days is None:
        m = _RELATIVE.fullmatch(s)
        if m is None:
            return None
        days = int(m.group(1)) * (1 if m.group(2) in ("d", "day", "days", "天", "日") else 7)
    base = today or datetime.date.today()
    try:
        d = base - datetime.timedelta(days=days)
    except OverflowError:
        return None
    return d if _in_range(d) else None


def date_iso(value: object, *, today: datetime.date | None = None) -> str:
    """A date as `YYYY-MM-DD` from dates, Excel serials, common Chinese forms or `today`/`7d`/`2w`."""
    if type(value) is str and len(value) == 10:
        m = _ISO.fullmatch(value)
        if m and _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3))) is not None:
            return value
    d = _parse_date(value, today)
    if d is None:
        raise InvalidValue("bad_date", value=_show(value))
    return d.isoformat()


_YEAR = re.compile(r"(\d{4})\s*(?:年度?)?")
_MONTH = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:月份?)?|(\d{4})(\d{2})")


def _period(value: object, today: datetime.date | None) -> tuple[str, str] | None:
    s = folded(value) if not isinstance(value, datetime.date) else None
    if s is not None and len(s) <= 20:
        m = _YEAR.fullmatch(s)
        if m:
            y = int(m.group(1))
            if _MIN_YEAR <= y <= _MAX_YEAR:
                return f"{y:04d}-01-01", f"{y:04d}-12-31"
            return None
        m = _MONTH.fullmatch(s)
        if m:
            y = int(m.group(1) or m.group(3))
            mo = int(m.group(2) or m.group(4))
            if _MIN_YEAR <= y <= _MAX_YEAR and 1 <= mo <= 12:
                last = calendar.monthrange(y, mo)[1]
                return f"{y:04d}-{mo:02d}-01", f"{y:04d}-{mo:02d}-{last:02d}"
            return None
    d = _parse_date(value, today)
    if d is None:
        return None
    iso = d.isoformat()
    return iso, iso


def period(value: object, *, today: datetime.date | None = None) -> tuple[str, str]:
    """Inclusive (first, last) ISO dates of a year `2016`, a month `2016-03`/`2016年3月`, or one date."""
    try:
        result = _period(value, today)
    except InvalidValue:
        result = None
    if result is None:
        raise InvalidValue("bad_period", value=_show(value))
    return result


def since(value: object, *, today: datetime.date | None = None) -> str:
    """Start date for --since: `7d`, `2w`, `today`, a month (its first day), a year (1 January) or a date."""
    try:
        result = _period(value, today)
    except InvalidValue:
        result = None
    if result is None:
        raise InvalidValue("bad_since", value=_show(value))
    return result[0]


# --------------------------------------------------------------------------------------------------
# phones, credit codes, ID numbers
# --------------------------------------------------------------------------------------------------

_MOBILE = re.compile(r"1[3-9]\d{9}")
_PHONE_SEPARATORS = re.compile(r"[\s\-()./—–]+")
_COUNTRY = re.compile(r"(?:\+\s*|00)86[\s\-]*|\(\s*\+?\s*86\s*\)\s*|86[\s\-]+")
_EXTENSION = re.compile(r"(.+?)\s*(转|分机|ext\.?|x|#|-)\s*(\d{1,6})")
_DIGITS = re.compile(r"\d+")


def _phone_core(s: str, *, numeric: bool) -> str | None:
    """A normalised phone number (no extension) or None."""
    international = False
    m = _COUNTRY.match(s)
    if m:
        s = s[m.end() :]
        international = True
    digits = _PHONE_SEPARATORS.sub("", s)
    if not _DIGITS.fullmatch(digits):
        return None
    if not international and len(digits) == 13 and digits.startswith("86") and _MOBILE.fullmatch(digits[2:]):
        return digits[2:]
    if _MOBILE.fullmatch(digits):
        return digits
    if (international or numeric) and not digits.startswith(("0", "1")):
        digits = "0" + digits
    elif (international or numeric) and digits.startswith("10") and len(digits) in (9, 10):
        digits = "0" + digits  # Beijing 010 without its trunk zero
    if not digits.startswith("0"):
        return None
    area = 3 if digits.startswith(("010", "02")) else 4
    local = digits[area:]
    if not 7 <= len(local) <= 8:
        return None
    return f"{digits[:area]}-{local}"


def phone(value: object) -> str:
    """A phone number: mobile `13800000000` or landline `0577-62512345` (extension `-123` kept)."""
    if type(value) is str and len(value) == 11 and _MOBILE.fullmatch(value):
        return value
    if (type(value) is float or type(value) is int) and 1e10 <= value < 2e10 and value == int(value):
        digits = str(int(value))  # a mobile number as a spreadsheet number: what the long way returns
        if _MOBILE.fullmatch(digits):
            return digits
    numeric = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    s = identifier(value) if not isinstance(value, bool) else None
    if s is None or len(s) > 40:
        raise InvalidValue("bad_phone", value=_show(value))
    s = s.casefold()
    with_extension = None
    m = _EXTENSION.fullmatch(s)
    if m:
        main = _phone_core(m.group(1), numeric=False)
        if main is not None and "-" in main:
            with_extension = f"{main}-{m.group(3)}"
            # `转123`, or `-123` after a local number the clerk wrote as one group: an extension.
            if m.group(2) != "-" or main.split("-")[1] == _DIGITS.findall(m.group(1))[-1]:
                return with_extension
    result = _phone_core(s, numeric=numeric) or with_extension
    if result is None:
        raise InvalidValue("bad_phone", value=_show(value))
    return result


_CC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CC_VALUE = {c: i for i, c in enumerate(_CC_CHARS)}
_CC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_CC_SHAPE = re.compile(f"[{_CC_CHARS}]{{18}}")
_CODE_SEPARATORS = re.compile(r"[\s\-]+")


def _credit_check(body: str) -> str:
    """The check character of a credit code's first 17 characters (GB 32100-2015: weights 3^i mod 31)."""
    if len(body) != 17:
        raise ValueError("a credit code's body has 17 characters")
    total = sum(map(operator.mul, map(_CC_VALUE.__getitem__, body), _CC_WEIGHTS))
    return _CC_CHARS[(31 - total % 31) % 31]


def credit_code(value: object) -> str:
    """A unified social credit code (GB 32100-2015), upper-cased, checksum verified."""
    s = identifier(value)
    if s is not None and len(s) <= 40:
        s = _CODE_SEPARATORS.sub("", s)
        if _CC_SHAPE.fullmatch(s) and _credit_check(s[:17]) == s[17]:
            return s
    raise InvalidValue("bad_credit_code", value=_show(value))


_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"\d{17}[\dX]", re.ASCII)  # ASCII digits: full-width ones are folded first


_ID_ASCII_ZERO = ord("0") * sum(_ID_WEIGHTS)  # the weighted sum of the digits' code points, minus this


def _id_check(body: str) -> str:
    return _ID_CHECK[(sum(map(operator.mul, body.encode("ascii"), _ID_WEIGHTS)) - _ID_ASCII_ZERO) % 11]


def _ymd_any(y: int, m: int, d: int) -> datetime.date | None:
    if y < 1900:
        return None
    try:
        return datetime.date(y, m, d)
    except ValueError:
        return None


def id_number(value: object) -> str:
    """A resident ID number (GB 11643-1999): 18 chars, valid birth date and check digit, `X` upper-case."""
    if type(value) is str and len(value) == 18 and _ID_SHAPE.fullmatch(value):
        s: str | None = value  # already clean: identifier() and the separators would leave it as it is
    else:
        try:
            s = identifier(value)
        except InvalidValue:
            s = None
        if s is not None:
            s = _CODE_SEPARATORS.sub("", s)
    if s is not None and _ID_SHAPE.fullmatch(s) and _id_check(s[:17]) == s[17]:
        born = _ymd_any(int(s[6:10]), int(s[10:12]), int(s[12:14]))
        if born is not None and born <= datetime.date.today():
            return s
    shown = mask_id(s) if s else t("value_empty")
    if len(shown) > 40:
        shown = shown[:40] + "…"
    raise InvalidValue("bad_id_number", value=shown)


# --------------------------------------------------------------------------------------------------
# enumerations, numbers, lists, yes/no, durations
# --------------------------------------------------------------------------------------------------

_ENUM_LOOKUP: dict[str, dict[str, str]] = {}
_ENUM_EXACT: dict[str, dict[str, str]] = {}  # the lookup's names that text().casefold() leaves alone
_ENUM_SQUASH = re.compile(r"[\s_\-]+")


def _enum_lookup(enum: str) -> dict[str, str]:
    lookup = _ENUM_LOOKUP.get(enum)
    if lookup is None:
        lookup = {}
        terms = ENUMS[enum]
        # Keys and labels win over synonyms; earlier terms win over later ones.
        names = [(term.key, term.key) for term in terms]
        names += [(term.zh, term.key) for term in terms]
        names += [(term.en, term.key) for term in terms]
        names += [(syn, term.key) for term in terms for syn in term.synonyms]
        for name, key in names:
            lookup.setdefault((folded(name) or "").casefold(), key)
        for name, key in list(lookup.items()):
            lookup.setdefault(_ENUM_SQUASH.sub("", name), key)
        _ENUM_EXACT[enum] = {
            name: key for name, key in lookup.items() if (folded(name) or "").casefold() == name
        }
        _ENUM_LOOKUP[enum] = lookup
    return lookup


def enum_value(enum: str, value: object) -> str:
    """The stored English key of an enumeration value given as a Chinese label, key, English label or synonym."""
    lookup = _enum_lookup(enum)
    if type(value) is str:
        key = _ENUM_EXACT[enum].get(value)  # a clean label as written: what the long way finds first
        if key is not None:
            return key
    s = folded(value)
    if s is not None:
        lowered = s.casefold()
        key = lookup.get(lowered)
        if key is None:
            key = lookup.get(_ENUM_SQUASH.sub("", lowered))
        if key is not None:
            return key
    lang = get_lang()
    terms = ENUMS[enum]
    # Chinese labels for Chinese readers; the keys (which are also accepted) for English readers.
    choices = "、".join(term.zh for term in terms) if lang == "zh" else ", ".join(term.key for term in terms)
    what = ENUM_NAMES.get(enum, (enum, enum))[0 if lang == "zh" else 1]
    raise InvalidValue("bad_enum", what=what, value=_show(value), choices=choices)


_SQLITE_MAX = 2**63 - 1
_COUNT_UNITS = "人次|人|名|位|个|次|户|件|场|条|项|家|处|支|张|份|期|批|所|间|套|台|辆|本|册"
_INTEGER = re.compile(rf"([+-])?(\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.(\d+))?(万)?(?:{_COUNT_UNITS})?")


def _check_range(n: int, raw: object, minimum: int, maximum: int | None) -> int:
    if n < minimum:
        raise InvalidValue("bad_integer", value=_show(raw), minimum=minimum)
    top = _SQLITE_MAX if maximum is None else maximum
    if n > top:
        raise InvalidValue("integer_too_large", value=_show(raw), maximum=top)
    return n


def integer(value: object, *, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number such as `1,200`, `1200人次`, 1200.0; refused if fractional, out of range or junk."""
    if type(value) is int:
        return _check_range(value, value, minimum, maximum)
    if type(value) is str and value.isascii() and value.isdigit() and len(value) <= 40:
        return _check_range(int(value), value, minimum, maximum)  # `28` as a CSV gives it: no folding to do
    number: Decimal | None = None
    if isinstance(value, bool) or value is None:
        pass
    elif isinstance(value, int):
        return _check_range(int(value), value, minimum, maximum)
    elif isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return _check_range(int(value), value, minimum, maximum)
    elif isinstance(value, Decimal):
        if value.is_finite() and value.adjusted() < 40:
            number = value
    else:
        s = folded(value)
        if s is not None and len(s) <= 40:
            m = _INTEGER.fullmatch(s.replace(" ", ""))
            if m is not None:
                sign, digits, frac, wan = m.groups()
                number = Decimal((sign or "") + digits.replace(",", "") + ("." + frac if frac else ""))
                if wan:
                    number = _shift(number, 4)
    if number is None or number != number.to_integral_value():
        raise InvalidValue("bad_integer", value=_show(value), minimum=minimum)
    return _check_range(int(number), value, minimum, maximum)


_LIST_SEPARATORS = re.compile(r"[、,，;；/／|｜\n\r\u2028\u2029]+")


def split_list(value: object) -> list[str]:
    """Split a list cell on 、,，;；/| and newlines; each item text()-cleaned, empties and repeats dropped."""
    if value is None:
        return []
    if isinstance(value, list | tuple | set | frozenset):
        items: list[str] = []
        for item in value:
            items.extend(split_list(item))
        return list(dict.fromkeys(items))
    raw = _scalar_str(value)
    if raw is None:
        return []
    seen: dict[str, None] = {}
    for piece in _LIST_SEPARATORS.split(raw):
        item = text(piece)
        if item is not None:
            seen.setdefault(item, None)
    return list(seen)


_TRUE = frozenset({"是", "是的", "对", "有", "y", "yes", "t", "true", "1", "1.0", "√", "✓", "✔", "☑", "牵头"})
_FALSE = frozenset(
    {"否", "不", "不是", "非", "无", "没有", "n", "no", "f", "false", "0", "0.0", "×", "✗", "✘", "x", "☐"}
)


def yes_no(value: object) -> bool:
    """A yes/no cell: 是/否, Y/N, yes/no, true/false, 1/0, √/×, 牵头 -> bool; empty -> False."""
    if isinstance(value, bool):
        return value
    s = folded(value)
    if s is None:
        return False
    lowered = s.casefold()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise InvalidValue("bad_bool", value=_show(value))


_MAX_MINUTES = 10**7
_EXACT = Context(prec=200)
_HOUR_UNITS = ("h", "hr", "hrs", "hour", "hours", "小时", "个小时", "钟头", "个钟头", "个钟", "时")
_MINUTE_UNITS = ("m", "min", "mins", "minute", "minutes", "分钟", "分")
_DAY_UNITS = ("d", "day", "days", "天", "日", "个工作日", "工作日")  # a working day of 8 hours


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NUM = r"\d{1,9}(?:\.\d{1,9})?|\.\d{1,9}"
_DURATION = re.compile(rf"({_NUM})({_alternation(_HOUR_UNITS + _MINUTE_UNITS + _DAY_UNITS)})?")
_DURATION_HM = re.compile(
    rf"({_NUM})(?:{_alternation(_HOUR_UNITS)})(\d{{1,4}})(?:{_alternation(_MINUTE_UNITS)})?"
)
_HHMM = re.compile(r"(\d{1,5}):([0-5]\d)")
_CN_NUMBER = (
    ("一个半", "1.5"),
    ("两个半", "2.5"),
    ("半", "0.5"),
    ("一", "1"),
    ("两", "2"),
    ("二", "2"),
    ("三", "3"),
    ("四", "4"),
    ("五", "5"),
    ("六", "6"),
    ("七", "7"),
    ("八", "8"),
    ("九", "9"),
    ("十", "10"),
    ("全", "1"),
)
_MINUTES_PER = (
    {None: 60}
    | dict.fromkeys(_HOUR_UNITS, 60)
    | dict.fromkeys(_MINUTE_UNITS, 1)
    | dict.fromkeys(_DAY_UNITS, 480)
)


def _minutes_from_text(s: str) -> Decimal | None:
    s = s.casefold().replace(" ", "")
    m = _HHMM.fullmatch(s)
    if m:
        return Decimal(int(m.group(1)) * 60 + int(m.group(2)))
    for word, digits in _CN_NUMBER:
        if s.startswith(word):
            s = digits + s[len(word) :]
            break
    m = _DURATION.fullmatch(s)
    if m:
        return _EXACT.multiply(Decimal(m.group(1)), _MINUTES_PER[m.group(2)])
    m = _DURATION_HM.fullmatch(s)
    if m:
        return _EXACT.add(_EXACT.multiply(Decimal(m.group(1)), 60), Decimal(m.group(2)))
    return None


def minutes(value: object) -> int:
    """A service duration as integer minutes: 2 (hours) -> 120, `1.5h` -> 90, `90分钟` -> 90, `半天` -> 240."""
    if type(value) is int:
        if 0 <= value <= _MAX_MINUTES // 60:
            return value * 60
        raise InvalidValue("bad_hours", value=_show(value))
    amount: Decimal | None = None
    if isinstance(value, bool) or value is None:
        pass
    elif isinstance(value, int):
        return minutes(int(value))
    elif isinstance(value, float):
        if math.isfinite(value) and abs(value) <= _MAX_MINUTES:
            amount = _EXACT.multiply(Decimal(repr(float(value))), 60)
    elif isinstance(value, Decimal):
        if value.is_finite() and abs(value) <= _MAX_MINUTES:
            amount = _EXACT.multiply(value, 60)
    else:
        s = folded(value)
        if s is not None and len(s) <= 40:
            amount = _minutes_from_text(s)
    if amount is None or amount < 0 or amount > _MAX_MINUTES:
        raise InvalidValue("bad_hours", value=_show(value))
    return int(amount.to_integral_value(rounding=ROUND_HALF_UP))


# --------------------------------------------------------------------------------------------------
# whole columns (an import validates column by column)
# --------------------------------------------------------------------------------------------------


class _Unsettled:
    """The marker of a cell a column function leaves to its normaliser (`SLOW`)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "SLOW"


SLOW: object = _Unsettled()


@functools.cache
def _shapes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The column functions' own patterns, compiled on first use (a command that imports nothing pays
    nothing): text that text() returns as it is (tokens without controls, invisible or full-width
    characters or white space, one space between them and none between two Chinese characters: the same
    test as not _DIRTY); an identifier() returns as it is (printable ASCII without lower-case letters, not
    a whole decimal `12.0`); a landline as phone() writes it (010, 02x, else a four-digit area code, a
    hyphen, 7 or 8 digits)."""
    token = f"[^{_INVISIBLE}{_FULL_WIDTH}\\s]+"
    return (
        re.compile(f"{token}(?:(?:(?<![{_CJK}]) | (?![{_CJK}])){token})*"),
        re.compile(r"(?!-?\d+\.0+\Z)[!-`{-~]+(?: [!-`{-~]+)*"),
        re.compile(r"0(?:10|2\d|[3-9]\d\d)-\d{7,8}", re.ASCII),
    )


_nfc = functools.partial(unicodedata.is_normalized, "NFC")  # C all the way: no Python frame per cell
_nfkc = functools.partial(unicodedata.is_normalized, "NFKC")


def text_column(values: list[object]) -> list[object]:
    """text() of each cell that is text as typed already (the cell itself); SLOW for the others."""
    clean, nfc = _shapes()[0].fullmatch, _nfc
    return [v if v.__class__ is str and clean(v) and nfc(v) else SLOW for v in values]


def unit_name_column(values: list[object]) -> list[object]:
    """unit_name() of each clean cell without a seal word or enclosing marks; SLOW for the others."""
    clean, nfc, enclosures = _shapes()[0].fullmatch, _nfc, _ENCLOSURES
    return [
        v if v.__class__ is str and clean(v) and "章" not in v and v[0] not in enclosures and nfc(v) else SLOW
        for v in values
    ]


def identifier_column(values: list[object]) -> list[object]:
    """identifier() of each cell already upper-case printable ASCII (the cell itself); SLOW for the others."""
    clean = _shapes()[1].fullmatch
    return [v if v.__class__ is str and clean(v) else SLOW for v in values]


def credit_code_column(values: list[object]) -> list[object]:
    """credit_code() of each cell that is a clean 18-character code with its check character; SLOW else."""
    shape, value_of, weights, chars = _CC_SHAPE.fullmatch, _CC_VALUE.__getitem__, _CC_WEIGHTS, _CC_CHARS
    mul = operator.mul
    return [
        v
        if v.__class__ is str
        and shape(v)
        and chars[(31 - sum(map(mul, map(value_of, v[:17]), weights)) % 31) % 31] == v[17]
        else SLOW
        for v in values
    ]


def id_number_column(values: list[object]) -> list[object]:
    """id_number() of each clean 18-character ID number with its check digit and a past birth date; SLOW
    for the others (they take the normaliser, which names what is wrong)."""
    shape, weights, zero, check = _ID_SHAPE.fullmatch, _ID_WEIGHTS, _ID_ASCII_ZERO, _ID_CHECK
    mul, today = operator.mul, datetime.date.today()
    past: dict[str, bool] = {}  # YYYYMMDD -> a real day, not after today (many people share a birthday)
    out: list[object] = []
    append = out.append
    for v in values:
        if (
            v.__class__ is str
            and len(v) == 18
            and shape(v)
            and check[(sum(map(mul, v[:17].encode("ascii"), weights)) - zero) % 11] == v[17]
        ):
            ok = past.get(ymd := v[6:14])
            if ok is None:
                born = _ymd_any(int(v[6:10]), int(v[10:12]), int(v[12:14]))
                ok = past[ymd] = born is not None and born <= today
            if ok:
                append(v)
                continue
        append(SLOW)
    return out


def phone_column(values: list[object]) -> list[object]:
    """phone() of each cell that is an 11-digit mobile number or a landline as phone() writes it; SLOW else."""
    mobile, landline = _MOBILE.fullmatch, _shapes()[2].fullmatch
    out: list[object] = []
    append = out.append
    for v in values:
        cls = v.__class__
        if cls is str:
            if (len(v) == 11 and mobile(v)) or landline(v):  # type: ignore[arg-type]
                append(v)
                continue
        elif (cls is float or cls is int) and 1e10 <= v < 2e10 and v == int(v):  # type: ignore[operator]
            digits = str(int(v))  # type: ignore[call-overload]  # a mobile number as a spreadsheet number
            if mobile(digits):
                append(digits)
                continue
        append(SLOW)
    return out


def date_iso_column(values: list[object]) -> list[object]:
    """date_iso() of each ISO date text and each date cell in range; SLOW for the others."""
    iso, plain, stamp = _ISO.fullmatch, datetime.date, datetime.datetime
    out: list[object] = []
    append = out.append
    for v in values:
        cls = v.__class__
        if cls is str:
            if len(v) == 10 and (m := iso(v)) and _ymd(int(m[1]), int(m[2]), int(m[3])) is not None:
                append(v)
                continue
        elif cls is plain:
            if _MIN_YEAR <= v.year <= _MAX_YEAR:  # type: ignore[attr-defined]
                append(v.isoformat())  # type: ignore[attr-defined]
                continue
        elif cls is stamp and _MIN_YEAR <= v.year <= _MAX_YEAR:  # type: ignore[attr-defined]
            append(v.date().isoformat())  # type: ignore[attr-defined]
            continue
        append(SLOW)
    return out


def integer_column(values: list[object]) -> list[object]:
    """integer() (no bounds given) of each cell of ASCII digits, whole int or whole float; SLOW else."""
    out: list[object] = []
    append = out.append
    for v in values:
        cls = v.__class__
        if cls is str:
            if len(v) <= 18 and v.isascii() and v.isdigit():  # type: ignore[attr-defined]
                append(int(v))  # type: ignore[arg-type]
                continue
        elif cls is int:
            if 0 <= v <= _SQLITE_MAX:  # type: ignore[operator]
                append(v)
                continue
        elif cls is float and 0 <= v <= 1e15 and v.is_integer():  # type: ignore[operator,attr-defined]
            append(int(v))  # type: ignore[call-overload]
            continue
        append(SLOW)
    return out


def enum_column(enum: str, values: list[object]) -> list[object]:
    """enum_value() of each cell that is a label as written; SLOW for the others."""
    _enum_lookup(enum)
    exact = _ENUM_EXACT[enum].get
    return [exact(v, SLOW) if v.__class__ is str else SLOW for v in values]  # type: ignore[arg-type]


# The column function of each normaliser that has one: the same value as the normaliser for every cell it
# settles, SLOW for a cell it leaves (tests/reading/test_columns.py holds them to it for arbitrary text).
COLUMNS = {
    text: text_column,
    unit_name: unit_name_column,
    identifier: identifier_column,
    credit_code: credit_code_column,
    id_number: id_number_column,
    phone: phone_column,
    date_iso: date_iso_column,
    integer: integer_column,
}


def match_keys(values: list[object]) -> list[object]:
    """match_key() of each text (None stays None): a text in NFKC takes no call, and one whose case-folded
    form is letters and digits only (most names) is its key (nothing `_DIRTY_FOLDED` finds folds to those)."""
    junk, nfkc, dirty = _NAME_JUNK.sub, _nfkc, _DIRTY_FOLDED.search
    return [
        (
            c  # the condition runs first: it names `c`
            if (c := v.casefold()).isalnum() and nfkc(v)
            else (junk("", c) if nfkc(v) and not dirty(v) else match_key(v))
        )
        if v.__class__ is str
        else v
        for v in values
    ]
