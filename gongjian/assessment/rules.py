"""The assessment rules (考评细则): reading and checking the rules TOML; imported lazily, only by `assess`.

A rules file lists criteria (考核内容) in the form real 考评细则 tables use — 考核内容 / 考核标准 / 扣分标准 /
考核方式 / 得分 — each with a measure from `MEASURES` and one of four scoring styles:

- `rate`: `points` for every `per` of the measure, capped at `max` (3 points per activity, max 30);
- `ratio`: the measure's share × `max` (closed problems ÷ assigned problems × 20); when there is nothing to
  measure the criterion scores `empty` ("full" marks by default, or "zero");
- `deduct`: `max` minus `points` for every `per` of the measure, never below 0 (10 − 2 per missed meeting);
- `rating`: the community's rating (0–10) scaled to `max`; an unrated unit scores `empty`.

Plus bonus items (加分项, `rate` style, capped together), grade thresholds, the share cap on 优秀, the veto
(一票否决) and the in-service members' yearly target. Money in a rules file is in yuan and becomes exact
fen; every number is read as `Decimal`, never float. A bad file is refused with one line per problem,
each naming the line of the file.
"""

from __future__ import annotations

import json
import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gongjian.errors import FileProblem, InvalidValue
from gongjian.i18n import t
from gongjian.paths import data_path
from gongjian.vocab import keys
from gongjian.writing.table import number_text


class Measure(NamedTuple):
    """A figure a criterion can score: its kind (`count`, `money`, `ratio`, `rating`) and catalog label key."""

    kind: str
    label: str


MEASURES: dict[str, Measure] = {
    "activities_organised": Measure("count", "m_activities_organised"),
    "activities_participated": Measure("count", "m_activities_participated"),
    "activities_involved": Measure("count", "m_activities_involved"),
    "funds": Measure("money", "m_funds"),
    "cash": Measure("money", "m_cash"),
    "in_kind": Measure("money", "m_in_kind"),
    "venue": Measure("money", "m_venue"),
    "service": Measure("money", "m_service"),
    "contributions": Measure("money", "m_contributions"),
    "tickets_closed_share": Measure("ratio", "m_tickets_closed_share"),
    "tickets_assigned": Measure("count", "m_tickets_assigned"),
    "tickets_overdue": Measure("count", "m_tickets_overdue"),
    "meetings_attended_share": Measure("ratio", "m_meetings_attended_share"),
    "meetings_missed": Measure("count", "m_meetings_missed"),
    "members_target_share": Measure("ratio", "m_members_target_share"),
    "members_registered": Measure("count", "m_members_registered"),
    "community_rating": Measure("rating", "m_community_rating"),
    "projects_claimed": Measure("count", "m_projects_claimed"),
    "projects_via_hall": Measure("count", "m_projects_via_hall"),
    "projects_bids": Measure("count", "m_projects_bids"),
    "projects_done": Measure("count", "m_projects_done"),
    "projects_share": Measure("money", "m_projects_share"),
    "committee_seats": Measure("count", "m_committee_seats"),
}
STYLE_KINDS = {
    "rate": ("count", "money"),
    "deduct": ("count", "money"),
    "ratio": ("ratio",),
    "rating": ("rating",),
}
RATING_SCALE = Decimal(10)

_STRICT = ConfigDict(extra="forbid", frozen=True)
Points = Decimal


class Criterion(BaseModel):
    """One line of the 考评细则: what is assessed, how it is scored and its full marks (`max`)."""

    model_config = _STRICT
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    standard: str = ""
    deduction: str = ""
    method: str = ""
    measure: str
    style: Literal["rate", "ratio", "deduct", "rating"]
    max: Points = Field(gt=0)
    points: Points | None = Field(default=None, ge=0)
    per: Decimal = Field(default=Decimal(1), gt=0)
    partial: bool = False
    empty: Literal["full", "zero"] = "full"

    def per_units(self) -> Decimal:
        """The step in the measure's own unit: fen for money (the file says yuan), else as written."""
        return self.per * 100 if MEASURES[self.measure].kind == "money" else self.per


class BonusItem(BaseModel):
    """One 加分项: `points` for every `per` of a count or money measure, up to its own `max`."""

    model_config = _STRICT
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    standard: str = ""
    deduction: str = ""
    method: str = ""
    measure: str
    points: Points = Field(ge=0)
    per: Decimal = Field(default=Decimal(1), gt=0)
    max: Points = Field(gt=0)
    partial: bool = False

    @property
    def style(self) -> str:
        """Bonus items always score as a capped rate."""
        return "rate"

    def per_units(self) -> Decimal:
        """The step in the measure's own unit: fen for money (the file says yuan), else as written."""
        return self.per * 100 if MEASURES[self.measure].kind == "money" else self.per


class Bonus(BaseModel):
    """The 加分项 block: items and the cap on their sum."""

    model_config = _STRICT
    name: str = "加分项"
    max: Points = Field(default=Decimal(0), ge=0)
    items: tuple[BonusItem, ...] = ()


class Grades(BaseModel):
    """Grade thresholds (total ≥ threshold) and the largest share of units that may be 优秀, in percent."""

    model_config = _STRICT
    excellent: Points = Field(default=Decimal(90), ge=0)
    good: Points = Field(default=Decimal(75), ge=0)
    pass_: Points = Field(default=Decimal(60), ge=0, alias="pass")
    excellent_share: Decimal = Field(default=Decimal(20), ge=0, le=100)


class Veto(BaseModel):
    """一票否决: a unit whose every listed measure is zero for the year is graded 不合格."""

    model_config = _STRICT
    enabled: bool = True
    none_of: tuple[str, ...] = ("activities_involved", "contributions")
    reason: str = "全年未组织或参与共建活动，也未出资出物"


class Feedback(BaseModel):
    """Services a member needs in a year for the feedback sheet (反馈表) to say 优秀 / 合格."""

    model_config = _STRICT
    excellent: int = Field(default=4, ge=1)
    pass_: int = Field(default=2, ge=1, alias="pass")


class Members(BaseModel):
    """In-service party members: the yearly target of services per member and the feedback thresholds."""

    model_config = _STRICT
    target: int = Field(default=2, ge=1)
    feedback: Feedback = Feedback()
    kinds: dict[str, int] = Field(default_factory=dict)  # a member kind's own target (在职党员: `target`)


class Tickets(BaseModel):
    """Problems: the days the office promises to settle a problem in, by its source (`[tickets.promise]`)."""

    model_config = _STRICT
    promise: dict[str, int] = Field(default_factory=dict)


class Ranking(BaseModel):
    """How equal totals are ordered: these measures, each larger first, then the unit's id."""

    model_config = _STRICT
    tie_break: tuple[str, ...] = ("activities_organised", "funds")


class Rules(BaseModel):
    """A whole rules file, validated."""

    model_config = _STRICT
    title: str = "社区共建工作年度考评细则"
    total: Points = Field(gt=0)
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    bonus: Bonus = Bonus()
    grades: Grades = Grades()
    veto: Veto = Veto()
    members: Members = Members()
    tickets: Tickets = Tickets()
    ranking: Ranking = Ranking()

    def to_json(self) -> str:
        """The rules as JSON (numbers as exact decimal strings), as stored with a finalised year."""
        return json.dumps(self.model_dump(mode="json", by_alias=True), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Rules:
        """Rules stored by `to_json`."""
        return cls.model_validate(json.loads(text))


# ---------------------------------------------------------------------------- loading
def default_rules_path() -> Path:
    """The shipped rules, `data/rules/default.toml`."""
    return data_path("rules", "default.toml")


def load_rules(path: Path | str | None = None) -> Rules:
    """Read and check a rules file (the shipped default when `path` is None)."""
    path = Path(path).expanduser() if path else default_rules_path()
    try:
        raw_bytes = path.read_bytes()
    except FileNotFoundError as exc:
        raise FileProblem("file_missing", path=str(path)) from exc
    except IsADirectoryError as exc:
        raise FileProblem("file_missing", path=str(path)) from exc
    try:
        text = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem("rules_not_utf8", path=path.name) from exc
    return parse_rules(text, name=path.name)


def parse_rules(text: str, *, name: str = "rules.toml") -> Rules:
    """Parse and check rules TOML text; every problem becomes one line naming the file's line."""
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        line, reason = toml_error(exc, text)
        raise InvalidValue("rules_syntax", file=name, line=line, reason=reason) from exc
    lines = key_lines(text)
    problems: list[tuple[tuple, str]] = []
    try:
        rules = Rules.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            problems.append((tuple(err["loc"]), _reason(err)))
        rules = None
    if rules is not None:
        problems.extend(semantic_problems(rules))
    if problems:
        details = [
            t("rules_problem", file=name, line=_line_of(loc, lines), where=_where(loc), reason=why)
            for loc, why in problems
        ]
        raise InvalidValue("rules_invalid", file=name, n=len(details), details="\n".join(details))
    return rules


def semantic_problems(rules: Rules) -> list[tuple[tuple, str]]:
    """Checks across fields: known measures, styles that fit them, unique keys, caps adding up, thresholds."""
    problems: list[tuple[tuple, str]] = []
    choices = "、".join(MEASURES)
    seen: set[str] = set()
    for i, c in enumerate(rules.criteria):
        here = ("criteria", i)
        if c.key in seen:
            problems.append(((*here, "key"), t("rules_duplicate_key", key=c.key)))
        seen.add(c.key)
        if c.measure not in MEASURES:
            problems.append(
                ((*here, "measure"), t("rules_unknown_measure", measure=c.measure, choices=choices))
            )
            continue
        kind = MEASURES[c.measure].kind
        if kind not in STYLE_KINDS[c.style]:
            problems.append(
                (
                    (*here, "style"),
                    t("rules_style_mismatch", style=c.style, measure=c.measure, kind=t("kind_" + kind)),
                )
            )
        if c.style in ("rate", "deduct") and c.points is None:
            problems.append(((*here,), t("rules_points_missing", style=c.style)))
        if kind == "money" and c.per_units() != c.per_units().to_integral_value():
            problems.append(((*here, "per"), t("rules_per_fen", per=c.per)))
    criteria_sum = sum((c.max for c in rules.criteria), Decimal(0))
    if criteria_sum != rules.total:
        problems.append(
            (
                ("total",),
                t("rules_total_mismatch", caps=number_text(criteria_sum), total=number_text(rules.total)),
            )
        )
    for i, item in enumerate(rules.bonus.items):
        here = ("bonus", "items", i)
        if item.key in seen:
            problems.append(((*here, "key"), t("rules_duplicate_key", key=item.key)))
        seen.add(item.key)
        if item.measure not in MEASURES:
            problems.append(
                ((*here, "measure"), t("rules_unknown_measure", measure=item.measure, choices=choices))
            )
        elif MEASURES[item.measure].kind not in STYLE_KINDS["rate"]:
            problems.append(
                (
                    (*here, "measure"),
                    t(
                        "rules_style_mismatch",
                        style="rate",
                        measure=item.measure,
                        kind=t("kind_" + MEASURES[item.measure].kind),
                    ),
                )
            )
        if item.max > rules.bonus.max:
            problems.append(
                (
                    (*here, "max"),
                    t("rules_bonus_item_cap", max=number_text(item.max), cap=number_text(rules.bonus.max)),
                )
            )
    for i, c in enumerate(rules.criteria):
        problems.extend(text_problems(c, ("criteria", i, "deduction")))
    for i, item in enumerate(rules.bonus.items):
        problems.extend(text_problems(item, ("bonus", "items", i, "deduction")))
    g = rules.grades
    if not (g.excellent > g.good > g.pass_):
        problems.append(
            (
                ("grades",),
                t(
                    "rules_grades_order",
                    excellent=number_text(g.excellent),
                    good=number_text(g.good),
                    pass_=number_text(g.pass_),
                ),
            )
        )
    if g.excellent > rules.total + rules.bonus.max:
        problems.append(
            (("grades", "excellent"), t("rules_grade_unreachable", value=number_text(g.excellent)))
        )
    for i, m in enumerate(rules.veto.none_of):
        if m not in MEASURES or MEASURES[m].kind not in ("count", "money"):
            problems.append((("veto", "none_of", i), t("rules_veto_measure", measure=m)))
    for i, m in enumerate(rules.ranking.tie_break):
        if m not in MEASURES or MEASURES[m].kind not in ("count", "money"):
            problems.append((("ranking", "tie_break", i), t("rules_veto_measure", measure=m)))
    if rules.members.feedback.excellent < rules.members.feedback.pass_:
        problems.append((("members", "feedback"), t("rules_feedback_order")))
    for kind, value in rules.members.kinds.items():
        if kind not in keys("member_kind") or value < 1:
            problems.append(
                (
                    ("members", "kinds", kind),
                    t("rules_kind_bad", kind=kind, choices="、".join(keys("member_kind"))),
                )
            )
    sources = keys("ticket_source")
    for source, days in rules.tickets.promise.items():
        if source not in sources or days < 1:
            problems.append(
                (
                    ("tickets", "promise", source),
                    t("rules_promise_bad", source=source, choices="、".join(sources)),
                )
            )
    return problems


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def text_problems(item: Criterion | BonusItem, loc: tuple) -> list[tuple[tuple, str]]:
    """A 扣分标准 written in the file must agree with the item's numbers: every number in the text is one
    of its `points`, `per` or `max` (or 0, or the rating's scale of 10). Text without numbers is kept."""
    if not item.deduction:
        return []
    allowed = {Decimal(0), item.per, item.max}
    if item.points is not None:
        allowed.add(item.points)
    if item.style == "rating":
        allowed.add(RATING_SCALE)
    wrong = [n for n in _NUMBER.findall(item.deduction) if Decimal(n) not in allowed]
    if not wrong:
        return []
    numbers = "、".join(
        f"{name} = {number_text(value)}"
        for name, value in (("points", item.points), ("per", item.per), ("max", item.max))
        if value is not None and (name != "per" or item.style in ("rate", "deduct"))
    )
    return [(loc, t("rules_text_numbers", found="、".join(dict.fromkeys(wrong)), numbers=numbers))]


# ---------------------------------------------------------------------------- describing
def describe(item: Criterion | BonusItem) -> str:
    """The 扣分标准 text of a criterion: as written in the file, else generated from its scoring."""
    if item.deduction:
        return item.deduction
    unit = t("per_" + MEASURES[item.measure].kind) if item.measure in MEASURES else ""
    if item.style == "rate":
        return t(
            "rule_rate",
            per=number_text(item.per),
            unit=unit,
            what=t(MEASURES[item.measure].label),
            points=number_text(item.points or 0),
            max=number_text(item.max),
        )
    if item.style == "deduct":
        return t(
            "rule_deduct",
            max=number_text(item.max),
            per=number_text(item.per),
            unit=unit,
            what=t(MEASURES[item.measure].label),
            points=number_text(item.points or 0),
        )
    if item.style == "ratio":
        key = "rule_ratio_full" if item.empty == "full" else "rule_ratio_zero"
        return t(key, what=t(MEASURES[item.measure].label), max=number_text(item.max))
    key = "rule_rating_full" if item.empty == "full" else "rule_rating_zero"
    return t(key, max=number_text(item.max))


def rule_rows(rules: Rules) -> list[tuple[str, str, str, str, str]]:
    """The rules in the five-column form of a 考评细则: 考核内容, 考核标准, 扣分标准, 考核方式, 得分."""
    rows = [
        (c.name, c.standard, describe(c), c.method, t("points_n", n=number_text(c.max)))
        for c in rules.criteria
    ]
    for item in rules.bonus.items:
        rows.append(
            (
                f"{rules.bonus.name}：{item.name}",
                item.standard,
                describe(item),
                item.method,
                t("points_up_to", n=number_text(item.max)),
            )
        )
    if rules.veto.enabled:
        rows.append((t("veto_name"), rules.veto.reason, t("veto_effect"), t("veto_method"), t("veto_score")))
    return rows


# ---------------------------------------------------------------------------- error lines
# tomllib's reasons, in the clerk's words (a reason not listed here is shown as tomllib says it).
_TOML_REASONS = (
    (
        r"Cannot overwrite a value|Cannot declare .* twice|Duplicate inline table key|Cannot redefine"
        r"|Cannot mutate immutable",
        "rules_toml_twice",
    ),
    (r"Expected '=' after a key", "rules_toml_no_equals"),
    (r"Expected '\]\]?' at the end", "rules_toml_no_bracket"),
    (r"Invalid date or datetime", "rules_toml_date"),
    (r"Invalid value", "rules_toml_value"),
    (r"Unclosed array", "rules_toml_unclosed_array"),
    (r"Unclosed inline table", "rules_toml_unclosed_table"),
    (r"Unterminated string|Illegal character '\\n'", "rules_toml_unterminated"),
    (
        r"Illegal character|Found invalid character|Unescaped|Escaped character|Invalid hex",
        "rules_toml_character",
    ),
    (r"Invalid statement|Invalid initial character", "rules_toml_statement"),
)


def toml_error(exc: tomllib.TOMLDecodeError, text: str) -> tuple[int, str]:
    """The line a TOML syntax error is on (the last line for `end of document`) and why, in words."""
    message = str(exc)
    found = re.search(r"line (\d+)", message)
    line = int(found.group(1)) if found else max(len(text.splitlines()), 1)
    reason = re.sub(r"\s*\((?:at )?(?:line \d+, column \d+|end of document)\)", "", message)
    for pattern, key in _TOML_REASONS:
        if re.match(pattern, reason):
            return line, t(key)
    return line, reason


_TABLE = re.compile(r"^\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(
    r'^((?:"[^"]*"|\'[^\']*\'|[A-Za-z0-9_\-]+)(?:\s*\.\s*(?:"[^"]*"|\'[^\']*\'|[A-Za-z0-9_\-]+))*)\s*='
)


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(
        p.strip().strip("\"'") for p in re.split(r"\.(?=(?:[^\"']*[\"'][^\"']*[\"'])*[^\"']*$)", dotted)
    )


def key_lines(text: str) -> dict[tuple, int]:
    """Where each table header and key of a TOML text is: path (with array-of-table indexes) -> line number."""
    lines: dict[tuple, int] = {}
    counters: dict[tuple, int] = {}
    table: tuple = ()
    quote: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if quote is not None:
            if line.count(quote) % 2 == 1:
                quote = None
            continue
        if not line or line.startswith("#"):
            continue
        header = _TABLE.match(line)
        if header:
            path = _parts(header.group(1))
            parent = _index_path(path[:-1], counters)
            if line.startswith("[["):
                counters[path] = counters.get(path, -1) + 1
                table = (*parent, path[-1], counters[path])
            else:
                table = (*parent, path[-1])
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault((*table, *_parts(key.group(1))), number)
            rest = line[key.end() :]
            for q in ('"""', "'''"):
                if rest.count(q) % 2 == 1:
                    quote = q
    return lines


def _index_path(path: tuple, counters: dict[tuple, int]) -> tuple:
    """A dotted header path with the current index after each array-of-tables it passes through."""
    out: list = []
    for i in range(len(path)):
        out.append(path[i])
        if path[: i + 1] in counters:
            out.append(counters[path[: i + 1]])
    return tuple(out)


def _line_of(loc: tuple, lines: dict[tuple, int]) -> str:
    """The line of the deepest known part of `loc`; 1 when nothing matches (the file as a whole)."""
    loc = tuple("pass" if p == "pass_" else p for p in loc)
    for end in range(len(loc), 0, -1):
        if loc[:end] in lines:
            return str(lines[loc[:end]])
    return "1"


def _where(loc: tuple) -> str:
    parts = []
    for p in loc:
        if isinstance(p, int):
            parts[-1:] = [f"{parts[-1]}[{p + 1}]"] if parts else [f"[{p + 1}]"]
        else:
            parts.append("pass" if p == "pass_" else str(p))
    return ".".join(parts) or t("rules_whole_file")


def _reason(err: dict[str, Any]) -> str:
    """A pydantic error as one short sentence in the current language."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return t("rules_missing")
    if kind == "extra_forbidden":
        return t("rules_unknown_setting", value=_show(err.get("input")))
    if kind in ("greater_than_equal", "greater_than") and str(ctx.get("ge", ctx.get("gt"))) == "0":
        return t(
            "rules_negative" if kind == "greater_than_equal" else "rules_not_positive",
            value=_show(err.get("input")),
        )
    if kind == "greater_than_equal":
        return t("rules_at_least", value=_show(err.get("input")), minimum=ctx.get("ge"))
    if kind == "greater_than":
        return t("rules_above", value=_show(err.get("input")), minimum=ctx.get("gt"))
    if kind == "less_than_equal":
        return t("rules_at_most", value=_show(err.get("input")), maximum=ctx.get("le"))
    if kind == "literal_error":
        return t("rules_choice", value=_show(err.get("input")), choices=ctx.get("expected", ""))
    if kind in ("string_pattern_mismatch",):
        return t("rules_bad_key", value=_show(err.get("input")))
    if kind in ("too_short",):
        return t("rules_empty")
    if kind.startswith(("decimal", "int", "float")):
        return t("rules_not_number", value=_show(err.get("input")))
    if kind.startswith("bool"):
        return t("rules_not_bool", value=_show(err.get("input")))
    if kind.startswith("string"):
        return t("rules_not_text", value=_show(err.get("input")))
    if kind in ("model_type", "dict_type", "tuple_type", "list_type"):
        return t("rules_wrong_shape", value=_show(err.get("input")))
    return err.get("msg", kind)


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "{…}"
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"
