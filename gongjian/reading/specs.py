"""Record specifications: each kind's fields, normaliser, header aliases and example value.

One `validate(kind, raw)` serves the CLI `add`/`edit` commands and every importer alike, so a value is
accepted or refused the same way wherever it comes from. Domain modules register their own kinds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gongjian.errors import GongjianError, ValidationFailed
from gongjian.reading import normalize as n


@dataclass(frozen=True)
class Field:
    """One column of a kind: English key, normaliser, Chinese/English header aliases."""

    key: str
    parse: Callable[[object], Any] = n.text
    required: bool = False
    aliases: tuple[str, ...] = ()
    enum: str | None = None
    example: str | None = None
    default: Any = None
    hint: tuple[str, str] | None = None  # (中文, English) explanation for templates


@dataclass(frozen=True)
class Spec:
    """A record kind (plural table name) and its fields, in template column order."""

    kind: str
    fields: tuple[Field, ...]
    natural_key: tuple[str, ...] = ()
    by_key: dict[str, Field] = field(default_factory=dict, compare=False)

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
_Plan = tuple[tuple[str, Callable[[object], Any], bool, Any, dict[str, Any] | None], ...]
_PLANS: dict[str, tuple[Spec, _Plan]] = {}


def _pure_parsers() -> set[Callable[[object], Any]]:
    return {*PURE_PARSERS, *_ENUM_PARSERS.values()}


def _plan(kind: str) -> _Plan:
    """The kind's fields as plain `(key, parse, required, default, memo)` tuples (rebuilt if the spec is replaced)."""
    spec = SPECS[kind]
    known = _PLANS.get(kind)
    if known is None or known[0] is not spec:
        plan = tuple(
            (f.key, f.parse, f.required, f.default, {} if f.parse in _pure_parsers() else None)
            for f in spec.fields
        )
        known = _PLANS[kind] = (spec, plan)
    return known[1]


def _label(key: str) -> str:
    from gongjian.i18n import label  # only when a value is refused: the clean path imports nothing

    return label(key)


def _required(key: str) -> tuple[str, str]:
    from gongjian.i18n import t

    return _label(key), t("required")


def validate(kind: str, raw: dict[str, object], *, partial: bool = False) -> dict[str, Any]:
    """Normalise and check `raw` against the kind's fields; raise ValidationFailed listing every bad field.

    With `partial`, only the keys present are checked (for `edit`); otherwise required fields must be there
    and absent optional fields take their default.
    """
    clean: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    for key, parse, required, default, memo in _plan(kind):
        if key in raw:
            value = raw[key]
        elif partial:
            continue
        else:
            value = None
        if value is None or (isinstance(value, str) and (not value or value.isspace())):
            if required and not (partial and key not in raw):
                errors.append(_required(key))
            elif not partial or key in raw:
                clean[key] = default
            continue
        if memo is not None and value.__class__ is str and value in memo:
            parsed = memo[value]
        else:
            try:
                parsed = parse(value)
            except GongjianError as exc:
                errors.append((_label(key), exc.message()))
                continue
            if memo is not None and value.__class__ is str and len(memo) < MEMO_SIZE:
                memo[value] = parsed
        if parsed is None:
            if required:
                errors.append(_required(key))
            else:
                clean[key] = default
        else:
            clean[key] = parsed
    if errors:
        raise ValidationFailed(errors)
    return clean


# ---------------------------------------------------------------------------- roster kinds
COMMUNITY = register(
    Spec(
        "communities",
        (
            Field(
                "code",
                n.identifier,
                True,
                ("社区代码", "代码", "简称", "编码", "社区编码", "code"),
                example="BC",
            ),
            Field(
                "name", n.text, True, ("社区名称", "社区", "名称", "name", "community"), example="北城社区"
            ),
            Field("street", n.text, aliases=("街道", "所属街道", "镇街", "street"), example="乐成街道"),
            Field(
                "district", n.text, aliases=("区县", "县市区", "所属区", "区", "district"), example="乐清市"
            ),
            Field(
                "secretary",
                n.text,
                aliases=("书记", "社区书记", "党组织书记", "支部书记", "secretary"),
                example="张晓京",
            ),
            Field("director", n.text, aliases=("主任", "社区主任", "居委会主任", "director"), example="林海"),
            Field("phone", n.phone, aliases=("联系电话", "电话", "手机", "phone"), example="0577-62512345"),
            Field(
                "households", n.integer, aliases=("户数", "住户数", "居民户数", "households"), example="3200"
            ),
            Field("address", n.text, aliases=("地址", "办公地址", "address"), example="乐成街道北城路1号"),
            Field(
                "grids",
                n.split_list,
                aliases=("网格", "网格名称", "grids"),
                example="第一网格、第二网格",
                default=[],
            ),
            Field("note", n.text, aliases=("备注", "说明", "note")),
        ),
        natural_key=("code",),
    )
)

UNIT = register(
    Spec(
        "units",
        (
            Field(
                "name",
                n.unit_name,
                True,
                ("单位名称", "共建单位", "结对单位", "名称", "单位", "name", "unit"),
                example="乐清市统计局",
            ),
            Field(
                "credit_code",
                n.credit_code,
                aliases=("统一社会信用代码", "信用代码", "社会信用代码", "credit_code", "credit code"),
                example="11330382002584590E",
            ),
            enum_field(
                "kind",
                "unit_kind",
                aliases=("单位类型", "单位性质", "类型", "性质", "kind", "type"),
                example="机关",
                default="other",
            ),
            Field(
                "party_org",
                n.text,
                aliases=("党组织", "党组织名称", "party_org"),
                example="中共乐清市统计局支部委员会",
            ),
            Field(
                "party_members",
                n.integer,
                aliases=("党员数", "党员人数", "在职党员数", "party_members"),
                example="28",
                default=0,
            ),
            Field("contact", n.text, aliases=("联络员", "联系人", "contact", "liaison"), example="赵顺招"),
            Field(
                "phone",
                n.phone,
                aliases=("联系电话", "电话", "手机", "手机号码", "phone"),
                example="13857712345",
            ),
            Field("address", n.text, aliases=("地址", "单位地址", "address")),
            Field("note", n.text, aliases=("备注", "说明", "note")),
        ),
        natural_key=("credit_code", "name"),
    )
)

PAIRING = register(
    Spec(
        "pairings",
        (
            Field(
                "community", n.text, True, ("社区", "社区名称", "结对社区", "community"), example="北城社区"
            ),
            Field(
                "unit",
                n.unit_name,
                True,
                ("单位", "单位名称", "共建单位", "结对单位", "unit"),
                example="乐清市统计局",
            ),
            enum_field(
                "role",
                "pair_role",
                aliases=("角色", "是否牵头单位", "牵头", "牵头单位", "role", "lead"),
                example="牵头单位",
                default="member",
            ),
            Field(
                "started",
                n.date_iso,
                aliases=("开始日期", "结对日期", "结对时间", "started"),
                example="2015-03-01",
            ),
            Field("ended", n.date_iso, aliases=("结束日期", "ended")),
            Field("note", n.text, aliases=("备注", "note")),
        ),
        natural_key=("community", "unit"),
    )
)

AGREEMENT = register(
    Spec(
        "agreements",
        (
            Field("number", n.identifier, aliases=("协议编号", "编号", "number"), example="BC-2016-001"),
            Field("community", n.text, True, ("社区", "社区名称", "community"), example="北城社区"),
            Field(
                "unit", n.unit_name, True, ("单位", "单位名称", "共建单位", "unit"), example="乐清市统计局"
            ),
            Field(
                "signed_on",
                n.date_iso,
                aliases=("签订日期", "签约日期", "签订时间", "signed_on"),
                example="2016-01-15",
            ),
            Field(
                "valid_until",
                n.date_iso,
                aliases=("有效期至", "到期日期", "截止日期", "valid_until"),
                example="2017-12-31",
            ),
            Field(
                "commitments",
                n.split_list,
                aliases=("认领服务项目", "服务项目", "承诺事项", "commitments"),
                example="节日慰问、环境整治",
                default=[],
            ),
            Field("file", n.text, aliases=("文件", "扫描件", "file")),
            Field("note", n.text, aliases=("备注", "note")),
        ),
        natural_key=("number",),
    )
)
