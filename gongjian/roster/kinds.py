"""A unit's kind and standing from what its register says: the one rule (`unit_kind`) and its table.

The market regulator's enterprise lists, civil affairs' social-organisation lists and the clerk's own
roster all say what a unit is, each in its own words: our kinds (机关, 非公企业 …), a registration type
(有限责任公司, 民办非企业单位 …), or only the unified social credit code, whose first two characters are
the registration authority and the category of the body (GB 32100-2015). The editable table
`data/registers/unit_kinds.toml` maps registration types and code prefixes to our kinds and names the
register statuses (注销, 吊销 …) of a unit that no longer exists. `derive_unit` applies the rule to a
validated unit record, for the unit import (through the spec's `derive`) and for `unit add` alike.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from gongjian.errors import FileProblem, GongjianError
from gongjian.paths import data_path
from gongjian.reading import normalize as n

KINDS_FILE = ("registers", "unit_kinds.toml")
# What `derive_unit` adds to a unit record for the roster to settle against the stored unit.
INFERRED_KIND = "inferred_kind"  # a kind inferred from the register or the credit code (not the clerk's)
INACTIVE = "inactive"  # the register status of a unit that was deregistered or revoked
REGISTER_ONLY = ("register_kind", "status")  # fields read from registers, never columns of `units`
_NOT_COLUMNS = (*REGISTER_ONLY, INFERRED_KIND, INACTIVE)


@dataclass(frozen=True)
class KindTable:
    """`data/registers/unit_kinds.toml`: ordered (words, kind) rules, code prefixes, blanks, inactive words."""

    rules: tuple[tuple[tuple[str, ...], str], ...]
    codes: dict[str, str]
    not_given: frozenset[str]
    inactive: tuple[str, ...]


def _fold(text: str) -> str:
    """How register words are compared: NFKC, case-folded, without white space."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


_TABLE: dict[str, KindTable] = {}


def kind_table() -> KindTable:
    """The kind table, read once; a broken file is refused with the file and what is wrong."""
    if "table" in _TABLE:
        return _TABLE["table"]
    path = data_path(*KINDS_FILE)

    def broken(detail: str) -> FileProblem:
        return FileProblem("imp_registers_invalid", file=str(path), detail=detail)

    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise broken(str(exc)) from None

    def kind(value: Any, where: str) -> str:
        try:
            return n.enum_value("unit_kind", value)
        except GongjianError as exc:
            raise broken(f"{where}: {exc.message()}") from None

    rules = []
    for i, rule in enumerate(data.get("kinds", []), start=1):
        words = rule.get("contains") if isinstance(rule, dict) else None
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise broken(f"[[kinds]] {i}: contains")
        rules.append((tuple(_fold(w) for w in words), kind(rule.get("kind"), f"[[kinds]] {i}")))
    codes = {
        str(prefix).upper(): kind(value, f"[credit_code] {prefix}")
        for prefix, value in (data.get("credit_code") or {}).items()
    }
    not_given = frozenset(_fold(str(w)) for w in data.get("not_given", []))
    inactive = tuple(_fold(str(w)) for w in (data.get("status") or {}).get("inactive", []))
    table = _TABLE["table"] = KindTable(tuple(rules), codes, not_given, inactive)
    return table


def not_given(value: object) -> bool:
    """True for a cell that says nothing: blank, or one of the table's `not_given` words (N/A, 无, -, /)."""
    text = n.text(value)
    return text is None or _fold(text) in kind_table().not_given


def register_kind(text: object) -> str | None:
    """The kind a registration type names by the table's ordered rules (有限责任公司 → private), else None."""
    folded = _fold(n.text(text) or "")
    if not folded:
        return None
    for words, key in kind_table().rules:
        if any(word in folded for word in words):
            return key
    return None


def code_kind(credit_code: str | None) -> str | None:
    """The kind a credit code's registration authority and category characters name (GB 32100-2015)."""
    if not credit_code or len(credit_code) < 2:
        return None
    return kind_table().codes.get(credit_code[:2].upper())


def own_kind(value: object) -> str | None:
    """The kind key when `value` is one of ours (a label, key or synonym: 机关, 国企, soe), else None."""
    try:
        return n.enum_value("unit_kind", value)
    except GongjianError:
        return None


def kind_value(value: object) -> str | None:
    """The kind column's normaliser: one of our kinds, else a registration type through the table, None when it
    says nothing (N/A); anything else is refused, naming our kinds."""
    if value.__class__ is str:
        return _kind_of_text(value)
    return _kind_of(value)


@lru_cache(maxsize=4096)
def _kind_of_text(value: str) -> str | None:
    return _kind_of(value)


def _kind_of(value: object) -> str | None:
    key = own_kind(value)
    if key is not None:
        return key
    if not_given(value):
        return None
    key = register_kind(value)
    if key is not None:
        return key
    return n.enum_value("unit_kind", value)  # raises the one message that lists our kinds


class KindChoice(NamedTuple):
    """What `unit_kind` decided: the kind key (None: unknown, 其他), where it came from, an unmapped value."""

    key: str | None
    source: str | None  # given | kind (a registration type in the kind column) | register_kind | credit_code
    unmapped: str | None = None


def unit_kind(given: str | None, given_text: object, register: object, credit_code: str | None) -> KindChoice:
    """A unit's kind: the clerk's own value in our kind column (or `--kind`) always wins; else what the
    register's kind column says (企业类型, 机构类型 …) through the table's rules; else the credit code's
    first two characters (GB 32100-2015: 11 机关, 12 事业单位, 51–53 社会组织, 91/92/93 → 非公企业 …);
    else unknown (stored as 其他). `given` is the kind column already read by `kind_value` and
    `given_text` what it said; a register value the rules cannot map is returned as `unmapped`.
    """
    if given is not None:
        return KindChoice(given, "given" if _own(given_text) else "kind")
    unmapped = None
    key, says_nothing = _register(register) if register.__class__ is str else _register_of(register)
    if key is not None:
        return KindChoice(key, "register_kind")
    if not says_nothing:
        unmapped = n.text(register)
    key = code_kind(credit_code)
    if key is not None:
        return KindChoice(key, "credit_code", unmapped)
    return KindChoice(None, None, unmapped)


@lru_cache(maxsize=4096)
def _register(text: str) -> tuple[str | None, bool]:
    return _register_of(text)


def _register_of(value: object) -> tuple[str | None, bool]:
    """(the kind a register's kind cell maps to, whether the cell says nothing at all)."""
    if not_given(value):
        return None, True
    return register_kind(value), False


def _own(value: object) -> bool:
    """True when the kind column said one of our kinds (not a registration type)."""
    return (_own_text(value) if value.__class__ is str else own_kind(value)) is not None


@lru_cache(maxsize=4096)
def _own_text(value: str) -> str | None:
    return own_kind(value)


def inactive_status(status: object) -> str | None:
    """The register status as written when it says the unit no longer exists (注销, 吊销, 撤销), else None."""
    text = n.text(status)
    if text is None:
        return None
    folded = _fold(text)
    return text if any(word in folded for word in kind_table().inactive) else None


STATUS_LINE = "登记状态："  # how a register status is written into a unit's note (stored text, not a message)


def status_note(note: str | None, status: str) -> str:
    """A unit's note with its register status added (`登记状态：吊销，未注销`), once."""
    line = f"{STATUS_LINE}{status}"
    if note and line in note:
        return note
    return f"{note}；{line}" if note else line


def note_status(note: str | None) -> str | None:
    """The register status `status_note` wrote into a note, or None."""
    for part in (note or "").replace(";", "；").split("；"):
        if part.startswith(STATUS_LINE):
            return part[len(STATUS_LINE) :]
    return None


def derive_unit(values: dict[str, Any], raw: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    """Complete a validated unit record by `unit_kind` and `inactive_status`; return the facts to report.

    The clerk's kind (one of ours) stays in `kind`; a kind inferred from a registration type (in any kind
    column) or the credit code goes to `inferred_kind` (the roster applies it to a new unit, or to one
    still of kind 其他: never over a kind a clerk chose); a deregistered or
    revoked unit's status goes to `inactive`. Facts: ("kinds_inferred", source), ("kinds_unmapped",
    value), ("inactive", status).
    """
    facts: list[tuple[str, str]] = []
    given_text = raw.get("kind") if raw is not None else values.get("kind")
    choice = unit_kind(
        values.get("kind"), given_text, values.pop("register_kind", None), values.get("credit_code")
    )
    if choice.unmapped:
        facts.append(("kinds_unmapped", choice.unmapped))
    if choice.source == "given":
        values["kind"] = choice.key
    else:  # a registration type, in our kind column or the register's own, or the credit code's category
        values["kind"] = None
        if choice.key is not None:
            values[INFERRED_KIND] = choice.key
    if choice.source not in (None, "given"):
        facts.append(("kinds_inferred", choice.source))
    status = inactive_status(values.pop("status", None))
    if status is not None:
        values[INACTIVE] = status
        facts.append(("inactive", status))
    return facts


def settle_unit(values: dict[str, Any], stored: dict[str, Any] | None) -> dict[str, Any]:
    """The unit columns to write for a derived record, given the stored unit (None for a new one).

    An inferred kind fills a new unit, or one still of kind 其他 — never the kind a clerk chose; an
    inactive status makes the unit inactive and is added to its note (the file's note, else the stored one).
    """
    out = dict(values)
    for key in _NOT_COLUMNS:
        out.pop(key, None)
    inferred = values.get(INFERRED_KIND)
    if out.get("kind") is None and inferred is not None and (stored is None or stored["kind"] == "other"):
        out["kind"] = inferred
    status = values.get(INACTIVE)
    if status is not None:
        out["active"] = 0
        note = out.get("note") if out.get("note") is not None else (stored or {}).get("note")
        out["note"] = status_note(note, status)
    return out
