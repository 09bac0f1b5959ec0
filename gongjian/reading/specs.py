"""Record specifications: each kind's fields, normaliser, header aliases and example value.

One `validate(kind, raw)` serves the CLI `add`/`edit` commands and every importer alike, so a value is
accepted or refused the same way wherever it comes from. Domain modules register their own kinds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from gongjian.errors import GongjianError, ValidationFailed
from gongjian.i18n import t
from gongjian.reading import normalize as n

# How long a text may be, by what it is, in characters after normalising. Every limit is far below the
# 32,767 characters an Excel cell holds, so every value the ledger keeps fits a cell of every export, and a
# terminal column is never padded to a 40,000-character name.
CODE = 32  # a community code, an agreement, ticket or receipt number
PERSON = 50  # a person's name (a liaison, a secretary, a verifier, a member)
NAME = 100  # the name of a unit, a community, a street, a grid, a party organisation; a list item
TITLE = (
    200  # a title (an activity, a problem, a project, a need, a resource); an address, a location, a venue
)
TEXT = 2000  # a description, a resolution, a reason, topics and decisions, a note: about a printed page
PATH = 1024  # a file path
LIST_ITEMS = 100  # items in one list cell (grids, commitments, organisers, units present …)

# The limit of a field by its key, the same in every kind that has it; a field may set its own (`limit`).
LIMITS: dict[str, int] = {
    **dict.fromkeys(("code", "number", "receipt_no"), CODE),
    **dict.fromkeys(("secretary", "director", "contact", "verifier", "member", "owner"), PERSON),
    **dict.fromkeys(
        ("name", "street", "district", "party_org", "community", "unit", "chair", "grid", "grids", "source"),
        NAME,
    ),
    **dict.fromkeys(("specialty", "claimants", "present", "absent", "organisers", "participants"), NAME),
    **dict.fromkeys(("title", "text", "need", "activity", "project", "commitments", "capacity"), TITLE),
    **dict.fromkeys(("address", "location", "venue"), TITLE),
    **dict.fromkeys(("description", "resolution", "reason", "topics", "decisions", "note"), TEXT),
    "file": PATH,
}
# A text field no key above names is held to the limit of what its normaliser reads.
PARSER_LIMITS: dict[Callable[[object], Any], int] = {
    n.text: TEXT,
    n.unit_name: NAME,
    n.identifier: CODE,
    n.split_list: NAME,
}


@dataclass(frozen=True)
class Field:
    """One column of a kind: English key, normaliser, Chinese/English header aliases, longest text."""

    key: str
    parse: Callable[[object], Any] = n.text
    required: bool = False
    aliases: tuple[str, ...] = ()
    enum: str | None = None
    example: str | None = None
    default: Any = None
    hint: tuple[str, str] | None = None  # (中文, English) explanation for templates
    limit: int | None = None  # characters; None: `LIMITS[key]`, else the normaliser's (`PARSER_LIMITS`)

    @property
    def max_chars(self) -> int | None:
        """The longest text this field takes (for a list: each item), or None for a value that is not text."""
        return self.limit or LIMITS.get(self.key) or PARSER_LIMITS.get(self.parse)

    note: str | None = None  # catalog key: where this column's values go, said in the import report
    template: bool = True  # a column of the kind's template (False: only read from registers, data/registers)


@dataclass(frozen=True)
class Spec:
    """A record kind (plural table name) and its fields, in template column order."""

    kind: str
    fields: tuple[Field, ...]
    natural_key: tuple[str, ...] = ()
    by_key: dict[str, Field] = field(default_factory=dict, compare=False)
    # Completes a validated record from its other fields (a unit's kind from its credit code …), given the
    # row as read, and returns what it inferred as (fact, value) pairs the import report counts; raises
    # InvalidValue (with `field=`) for a value it cannot accept. The importer calls it on every valid row;
    # it never changes a field of the natural key (the importer keys the records column by column).
    derive: Callable[[dict[str, Any], dict[str, Any] | None], list[tuple[str, str]]] | None = field(
        default=None, compare=False
    )

    def __post_init__(self) -> None:
        self.by_key.update({f.key: f for f in self.fields})


SPECS: dict[str, Spec] = {}


@dataclass
class ImportContext:
    """Per-import state handed to `ledger.import_<kind>(values, ctx)`: options, caches, warnings, position."""

    dry_run: bool = False
    today: date = field(default_factory=date.today)
    sheet: str = ""
    row: int = 0  # the row number as Excel shows it
    cache: dict[str, dict[Any, Any]] = field(default_factory=dict)  # e.g. cache["community"]["北城社区"] = 3
    warnings: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)  # kind-specific switches, e.g. allow_unpaired

    def cached(self, bucket: str, key: Any, compute: Callable[[], Any]) -> Any:
        """Memoise a lookup (community or unit id by name …) for the length of one import."""
        store = self.cache.get(bucket)
        if store is None:
            store = self.cache[bucket] = {}
        elif key in store:
            return store[key]
        value = store[key] = compute()
        return value


def register(spec: Spec) -> Spec:
    """Make a kind known to `validate`, the importers and the templates."""
    SPECS[spec.kind] = spec
    return spec


def enum_field(key: str, enum: str, **kw: Any) -> Field:
    """A field whose value is one of `gongjian.vocab.ENUMS[enum]` (labels and synonyms accepted)."""
    parse = _ENUM_PARSERS.get(enum)
    if parse is None:
        parse = _ENUM_PARSERS[enum] = lambda v, _e=enum: n.enum_value(_e, v)
    return Field(key, parse=parse, enum=enum, **kw)


_ENUM_PARSERS: dict[str, Callable[[object], str]] = {}  # one parser per enumeration (pure, see _plan)


# A field whose parser is a pure function of the text (no today, no ledger) remembers what it made of up
# to MEMO_SIZE distinct texts: an import repeats the same unit, community and label names many times.
PURE_PARSERS = frozenset({n.text, n.unit_name, n.identifier})
MEMO_SIZE = 4096
_Plan = tuple[tuple[str, Callable[[object], Any], bool, Any, dict[str, Any] | None, int | None], ...]
_PLANS: dict[str, tuple[Spec, _Plan]] = {}


def _pure_parsers() -> set[Callable[[object], Any]]:
    return {*PURE_PARSERS, *_ENUM_PARSERS.values()}


def _plan(kind: str) -> _Plan:
    """The kind's fields as plain `(key, parse, required, default, memo, limit)` tuples (rebuilt if the spec
    is replaced); `limit` only for fields whose values are text."""
    spec = SPECS[kind]
    known = _PLANS.get(kind)
    if known is None or known[0] is not spec:
        plan = tuple(
            (
                f.key,
                f.parse,
                f.required,
                f.default,
                {} if f.parse in _pure_parsers() else None,
                f.max_chars if f.enum is None else None,
            )
            for f in spec.fields
        )
        known = _PLANS[kind] = (spec, plan)
    return known[1]


def _label(key: str) -> str:
    from gongjian.i18n import label  # only when a value is refused: the clean path imports nothing

    return label(key)


def _required(key: str) -> tuple[str, str]:
    return _label(key), t("required")


def _check(
    key: str,
    parse: Callable[[object], Any],
    required: bool,
    default: Any,
    memo: dict[str, Any] | None,
    limit: int | None,
    value: object,
) -> tuple[Any, tuple[str, str] | None]:
    """One value of a field as `validate` takes it: (the clean value, None) or (None, (label, why))."""
    if value is None or (isinstance(value, str) and (not value or value.isspace())):
        return (None, _required(key)) if required else (default, None)
    if memo is not None and value.__class__ is str and value in memo:
        parsed = memo[value]
    else:
        try:
            parsed = parse(value)
        except GongjianError as exc:
            return None, (_label(key), exc.message())
        if memo is not None and value.__class__ is str and len(memo) < MEMO_SIZE:
            memo[value] = parsed
    if parsed is None:
        return (None, _required(key)) if required else (default, None)
    if (
        limit is not None
        and (parsed.__class__ is not str or len(parsed) > limit)  # a short text: no call
        and (too_long := _too_long(parsed, limit)) is not None
    ):
        return None, (_label(key), too_long)
    return parsed, None


def validate(kind: str, raw: dict[str, object], *, partial: bool = False) -> dict[str, Any]:
    """Normalise and check `raw` against the kind's fields; raise ValidationFailed listing every bad field.

    With `partial`, only the keys present are checked (for `edit`); otherwise required fields must be there
    and absent optional fields take their default.
    """
    clean: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    for key, parse, required, default, memo, limit in _plan(kind):
        if key in raw:
            value = raw[key]
        elif partial:
            continue
        else:
            value = None
        parsed, error = _check(key, parse, required, default, memo, limit, value)
        if error is None:
            clean[key] = parsed
        else:
            errors.append(error)
    if errors:
        raise ValidationFailed(errors)
    return clean


def _column_parser(
    kind: str, parse: Callable[[object], Any]
) -> Callable[[list[object]], list[object]] | None:
    """The column function of a field's normaliser (`normalize.COLUMNS`, an enumeration's), or None."""
    found = n.COLUMNS.get(parse)
    if found is not None:
        return found
    for enum, parser in _ENUM_PARSERS.items():
        if parser is parse:
            return lambda values, _e=enum: n.enum_column(_e, values)
    return None


# Cells told apart by equality alone (no number: 1 == 1.0 == True; a date is never equal to a datetime).
_DISTINCT_CELLS = frozenset((str, type(None), date, datetime))
REPEATS_FROM = 64  # cells in a column before its repeated values are settled once each


def _settle(fast: Callable[[list[object]], list[object]], values: list[object]) -> list[object]:
    """`fast(values)`; a column of texts or dates that repeat (a unit, a community, a date, a label on
    many rows) settles each distinct value once: column functions are pure per cell, giving texts or numbers."""
    if len(values) >= REPEATS_FROM and set(map(type, values)) <= _DISTINCT_CELLS:
        distinct = dict.fromkeys(values)
        if 2 * len(distinct) <= len(values):
            settled = dict(zip(distinct, fast(list(distinct)), strict=True))
            return list(map(settled.__getitem__, values))
    return fast(values)


def validate_columns(
    kind: str, columns: dict[str, list[object]], count: int
) -> tuple[list[str], list[list[Any]], dict[int, list[tuple[str, str]]]]:
    """`validate` of `count` records given column by column (a field without a column: every value None).

    Each column goes through its normaliser's column function (one compiled shape for the whole column);
    only the cells it leaves take the normaliser, one by one, exactly as `validate` would. Returns the keys
    (field order), each key's column of clean values, and the errors of each refused record (its index ->
    [(label, why)] in field order): the same values and messages as `validate` record by record.
    """
    keys: list[str] = []
    out: list[list[Any]] = []
    errors: dict[int, list[tuple[str, str]]] = {}
    for key, parse, required, default, memo, limit in _plan(kind):
        keys.append(key)
        values = columns.get(key)
        if values is None:
            if required:
                error = _required(key)
                for index in range(count):
                    errors.setdefault(index, []).append(error)
                out.append([None] * count)
            else:
                out.append([default] * count)
            continue
        fast = _column_parser(kind, parse)
        parsed = _settle(fast, values) if fast is not None else [n.SLOW] * count
        slow = n.SLOW
        if limit is None:
            todo = [i for i, p in enumerate(parsed) if p is slow]
        else:
            todo = [i for i, p in enumerate(parsed) if p is slow or (p.__class__ is str and len(p) > limit)]
        blank_error = _required(key) if required else None
        for index in todo:
            cell = values[index]
            if cell is None:  # a blank cell: no call
                if blank_error is None:
                    parsed[index] = default
                else:
                    parsed[index] = None
                    errors.setdefault(index, []).append(blank_error)
                continue
            value, error = _check(key, parse, required, default, memo, limit, cell)
            parsed[index] = value
            if error is not None:
                errors.setdefault(index, []).append(error)
        out.append(parsed)
    return keys, out, errors


def _too_long(value: Any, limit: int) -> str | None:
    """Why a text (or a list of texts) is longer than its field takes, or None when it fits."""
    if value.__class__ is str:
        return t("too_long", length=f"{len(value):,}", limit=f"{limit:,}") if len(value) > limit else None
    if value.__class__ is list:
        if len(value) > LIST_ITEMS:
            return t("too_many_items", n=f"{len(value):,}", limit=LIST_ITEMS)
        longest = max((len(item) for item in value if item.__class__ is str), default=0)
        if longest > limit:
            return t("too_long_item", length=f"{longest:,}", limit=f"{limit:,}")
    return None


def checked_text(key: str, value: object) -> str | None:
    """One text given outside a record (a reason, a task's title, a rating's note): normalised (`n.text`)
    and held to the limit its key has in every record spec (`LIMITS`), refused in one line naming it."""
    text = n.text(value)
    limit = LIMITS.get(key, TEXT)
    if text is not None and len(text) > limit:
        raise ValidationFailed([(_label(key), t("too_long", length=f"{len(text):,}", limit=f"{limit:,}"))])
    return text
