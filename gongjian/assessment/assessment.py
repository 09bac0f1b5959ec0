"""The annual assessment (年度考评): community ratings, scoring under the rules, finalising a year.

Scoring is exact: every criterion's points are computed as a `Fraction` from integer figures (fen for
money), rounded half-up to 0.01 once, and the total is the sum of the rounded points — so the shown
criterion scores always add up to the shown total. Units are ranked by total (larger first), then by
the rules' tie-break measures (`[ranking] tie_break`, each larger first), then by unit id (smaller
first); vetoed units (一票否决) come last. At most `excellent_share` percent of the units assessed
(rounded down) are graded 优秀: the others above the threshold drop to 良好 in rank order.

`finalize_assessment` stores each unit's result (scores, figures, names) and the rules in
`assessments` / `assessment_years`; the finalised-year triggers then refuse changes to the year's
records until `reopen_assessment`. A finalised year is always reported from what was stored.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongjian.errors import Conflict, InvalidValue, YearFinalized

if TYPE_CHECKING:
    from gongjian.assessment.rules import BonusItem, Criterion, Rules

GRADES = ("excellent", "good", "pass", "fail")
RATING_MAX = Decimal(10)


# ---------------------------------------------------------------------------- exact points
def to_cents(value: Fraction) -> Decimal:
    """A non-negative exact value rounded half-up to 0.01, as a Decimal."""
    cents = math.floor(value * 100 + Fraction(1, 2))
    return Decimal(cents).scaleb(-2)


def _steps(item: Criterion | BonusItem, value: int) -> Fraction:
    steps = Fraction(value) / Fraction(item.per_units())
    return steps if item.partial else Fraction(math.floor(steps))


def criterion_points(item: Criterion | BonusItem, value: Any) -> Fraction:
    """The exact points one criterion (or bonus item) gives a measured value, within 0 … max."""
    full = Fraction(item.max)
    style = item.style
    if style == "rate":
        return min(full, _steps(item, int(value)) * Fraction(item.points or 0))
    if style == "deduct":
        return max(Fraction(0), full - _steps(item, int(value)) * Fraction(item.points or 0))
    if style == "ratio":
        num, den = value
        if den <= 0:
            return full if item.empty == "full" else Fraction(0)
        return min(Fraction(1), Fraction(max(num, 0), den)) * full
    if value is None:  # rating not entered
        return full if item.empty == "full" else Fraction(0)
    return min(Fraction(1), Fraction(Decimal(value)) / Fraction(RATING_MAX)) * full


# ---------------------------------------------------------------------------- results
@dataclass
class UnitResult:
    """One unit's assessment: its figures, criterion points, bonus, total, rank and grade."""

    unit_id: int
    unit: str
    kind: str
    communities: list[str]
    community_ids: list[int]
    measures: dict[str, Any]
    scores: dict[str, Decimal] = field(default_factory=dict)
    bonus_items: dict[str, Decimal] = field(default_factory=dict)
    bonus: Decimal = Decimal(0)
    total: Decimal = Decimal(0)
    vetoed: bool = False
    rank: int = 0
    grade: str = "fail"
    capped: bool = False

    def stored(self) -> dict[str, Any]:
        """The row kept in `assessments` for a finalised year."""
        scores = {
            "criteria": {k: str(v) for k, v in self.scores.items()},
            "bonus": {k: str(v) for k, v in self.bonus_items.items()},
            "bonus_total": str(self.bonus),
            "total": str(self.total),
        }
        detail = {
            "unit": self.unit,
            "kind": self.kind,
            "communities": self.communities,
            "community_ids": self.community_ids,
            "capped": self.capped,
            "measures": {
                k: (list(v) if isinstance(v, tuple) else str(v) if isinstance(v, Decimal) else v)
                for k, v in self.measures.items()
            },
        }
        return {
            "unit_id": self.unit_id,
            "rank": self.rank,
            "total": float(self.total),
            "grade": self.grade,
            "vetoed": int(self.vetoed),
            "scores": json.dumps(scores, ensure_ascii=False, sort_keys=True),
            "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True),
        }

    @classmethod
    def from_stored(cls, row: dict[str, Any]) -> UnitResult:
        """A result as it was finalised (names and figures as they were then)."""
        scores, detail = json.loads(row["scores"]), json.loads(row["detail"])
        measures = {k: (tuple(v) if isinstance(v, list) else v) for k, v in detail["measures"].items()}
        if measures.get("community_rating") is not None:
            measures["community_rating"] = Decimal(measures["community_rating"])
        return cls(
            unit_id=row["unit_id"],
            unit=detail["unit"],
            kind=detail["kind"],
            communities=detail["communities"],
            community_ids=detail["community_ids"],
            measures=measures,
            scores={k: Decimal(v) for k, v in scores["criteria"].items()},
            bonus_items={k: Decimal(v) for k, v in scores["bonus"].items()},
            bonus=Decimal(scores["bonus_total"]),
            total=Decimal(scores["total"]),
            vetoed=bool(row["vetoed"]),
            rank=row["rank"],
            grade=row["grade"],
            capped=bool(detail.get("capped")),
        )


@dataclass
class AssessmentResult:
    """A year's assessment: the rules, every unit in rank order, and whether it is finalised."""

    year: int
    rules: Rules
    units: list[UnitResult]
    as_of: str
    finalized_at: str | None = None
    rules_source: str = ""
    summary: dict[str, Any] | None = None  # the 汇总 figures stored when the year was finalised
    community: dict[str, Any] | None = None  # the community the view is limited to

    def grade_counts(self) -> dict[str, int]:
        """How many units got each grade."""
        counts = dict.fromkeys(GRADES, 0)
        for u in self.units:
            counts[u.grade] += 1
        return counts

    def only_community(self, community: dict[str, Any]) -> AssessmentResult:
        """The same results (ranks and grades unchanged) limited to the units paired with one community."""
        units = [u for u in self.units if community["id"] in u.community_ids]
        return AssessmentResult(
            self.year,
            self.rules,
            units,
            self.as_of,
            self.finalized_at,
            self.rules_source,
            self.summary,
            community,
        )


def score_units(
    units: list[dict[str, Any]], measures: dict[int, dict[str, Any]], rules: Rules
) -> list[UnitResult]:
    """Score, rank and grade units (`id`, `name`, `kind`, `communities`, `community_ids`) under the rules."""
    results = []
    for u in units:
        m = measures[u["id"]]
        r = UnitResult(u["id"], u["name"], u["kind"], list(u["communities"]), list(u["community_ids"]), m)
        for c in rules.criteria:
            r.scores[c.key] = to_cents(criterion_points(c, m[c.measure]))
        for item in rules.bonus.items:
            r.bonus_items[item.key] = to_cents(criterion_points(item, m[item.measure]))
        r.bonus = min(sum(r.bonus_items.values(), Decimal(0)), rules.bonus.max)
        r.total = sum(r.scores.values(), Decimal(0)) + r.bonus
        r.vetoed = rules.veto.enabled and all(not m[k] for k in rules.veto.none_of)
        results.append(r)
    return rank_and_grade(results, rules)


def rank_and_grade(results: list[UnitResult], rules: Rules) -> list[UnitResult]:
    """Order units (vetoed last; total, tie-break measures, unit id) and grade them with the 优秀 cap."""
    tie = rules.ranking.tie_break

    def order(r: UnitResult) -> tuple:
        return (r.vetoed, -r.total, *(-int(r.measures[k]) for k in tie), r.unit_id)

    ordered = sorted(results, key=order)
    g = rules.grades
    cap = math.floor(Decimal(len(ordered)) * g.excellent_share / 100)
    excellent = 0
    for rank, r in enumerate(ordered, start=1):
        r.rank, r.capped = rank, False
        if r.vetoed:
            r.grade = "fail"
        elif r.total >= g.excellent:
            if excellent < cap:
                r.grade, excellent = "excellent", excellent + 1
            else:
                r.grade, r.capped = "good", True
        elif r.total >= g.good:
            r.grade = "good"
        elif r.total >= g.pass_:
            r.grade = "pass"
        else:
            r.grade = "fail"
    return ordered


def _year(value: object) -> int:
    """A year typed by the clerk (`2016`, `２０１６`, `2016年`), 1949–2100."""
    from gongjian.reading import normalize as n

    text = (n.text(value) or "").removesuffix("年")
    if not (text.isascii() and text.isdigit() and 1949 <= int(text) <= 2100):
        raise InvalidValue("bad_year", value=n.text(value) or str(value))
    return int(text)


# ---------------------------------------------------------------------------- the ledger part
class Assessment:
    """Mixed into `Ledger`; shares the core's connection and transactions."""

    def assessment_year(self, year: int) -> dict[str, Any] | None:
        """The `assessment_years` row of a year, if the year was ever finalised."""
        return self.row("SELECT * FROM assessment_years WHERE year = ?", (int(year),))

    def is_finalized(self, year: int) -> bool:
        """True when the year's assessment is finalised (its records are frozen)."""
        return bool(self.scalar("SELECT finalized_at FROM assessment_years WHERE year = ?", (int(year),)))

    def ensure_year_open(self, year: int) -> None:
        """Refuse, naming the year and `assess reopen`, when the year is finalised."""
        if self.is_finalized(year):
            raise YearFinalized("year_finalized_generic", year=int(year))

    def active_unit_in_year(self, unit_id: int, year: int) -> bool:
        """True when the unit had a pairing active at some time during the year."""
        from gongjian.reports.figures import year_bounds

        first, last = year_bounds(year)
        return bool(
            self.scalar(
                "SELECT 1 FROM pairings WHERE unit_id = ? AND (started IS NULL OR started <= ?) "
                "AND (ended IS NULL OR ended >= ?) LIMIT 1",
                (unit_id, last, first),
            )
        )

    def rate_unit(self, unit: object, year: object, score: object, note: str | None = None) -> dict[str, Any]:
        """`assess rate`: record (or replace) the community's rating of a unit for a year, 0–10."""
        from gongjian.reading import normalize as n

        year_ = _year(year)
        value = _rating(score)
        note = n.text(note)
        with self.write("assess rate"):
            row = self.unit(unit)
            self.ensure_year_open(year_)
            if not self.active_unit_in_year(row["id"], year_):
                raise Conflict("rate_not_paired", unit=row["name"], year=year_)
            self.conn.execute(
                "INSERT INTO unit_ratings (year, unit_id, score, note) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (year, unit_id) DO UPDATE SET score = excluded.score, note = excluded.note, "
                "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') "
                "WHERE score IS NOT excluded.score OR note IS NOT excluded.note",
                (year_, row["id"], float(value), note),
            )
        return {"unit": row["name"], "unit_id": row["id"], "year": year_, "score": value, "note": note}

    def unit_ratings(self, year: int) -> dict[int, Decimal]:
        """The community ratings entered for a year: unit id -> score (exact as typed, e.g. 8.5)."""
        return {
            r["unit_id"]: Decimal(repr(r["score"])).normalize()
            for r in self.rows("SELECT unit_id, score FROM unit_ratings WHERE year = ?", (int(year),))
        }

    def assess(
        self,
        year: object,
        *,
        rules: Rules | Path | str | None = None,
        community: object = None,
        today: date | None = None,
    ) -> AssessmentResult:
        """`assess YEAR`: every active unit's scores, total, rank and grade (stored ones when finalised)."""
        year_ = _year(year)
        with self.snapshot():
            limit = self.community(community) if community is not None else None
            stored = self.assessment_year(year_)
            if stored is not None and stored["finalized_at"]:
                if rules is not None:
                    raise Conflict("assess_finalized_rules", year=year_)
                result = self._stored_result(year_, stored)
            else:
                result = self._compute(year_, _rules(rules), today)
        return result.only_community(limit) if limit is not None else result

    def _compute(self, year: int, rules_: tuple[Rules, str], today: date | None) -> AssessmentResult:
        from gongjian.reports import figures as reports

        rules, source = rules_
        as_of = reports.as_of(year, today)
        units = reports.active_units(self, year)
        measures = reports.unit_measures(
            self, year, [u["id"] for u in units], target=rules.members.target, as_of=as_of
        )
        return AssessmentResult(
            year, rules, score_units(units, measures, rules), as_of.isoformat(), rules_source=source
        )

    def _stored_result(self, year: int, stored: dict[str, Any]) -> AssessmentResult:
        from gongjian.assessment.rules import Rules

        kept = json.loads(stored["rules"])
        units = [
            UnitResult.from_stored(r)
            for r in self.rows(
                "SELECT unit_id, rank, scores, total, grade, vetoed, detail FROM assessments WHERE year = ? "
                "ORDER BY rank, unit_id",
                (year,),
            )
        ]
        return AssessmentResult(
            year,
            Rules.model_validate(kept["rules"]),
            units,
            kept["as_of"],
            stored["finalized_at"],
            kept.get("source", ""),
            kept.get("summary"),
        )

    def finalize_assessment(
        self, year: object, *, rules: Rules | Path | str | None = None, today: date | None = None
    ) -> AssessmentResult:
        """`assess YEAR --finalize`: store every unit's result and the rules; the year's records freeze."""
        from gongjian.reports import figures as reports
        from gongjian.store.db import now_iso

        year_ = _year(year)
        with self.write("assess finalize"):
            if self.is_finalized(year_):
                raise Conflict("assess_already_final", year=year_)
            result = self._compute(year_, _rules(rules), today)
            if not result.units:
                raise Conflict("assess_no_units", year=year_)
            summary = reports.summary_snapshot(
                self, year_, date.fromisoformat(result.as_of), target=result.rules.members.target
            )
            self.conn.execute("DELETE FROM assessments WHERE year = ?", (year_,))
            for unit in result.units:
                self.insert("assessments", {"year": year_, **unit.stored()})
            kept = {
                "rules": json.loads(result.rules.to_json()),
                "source": result.rules_source,
                "as_of": result.as_of,
                "summary": summary,
            }
            result.finalized_at = now_iso()
            result.summary = summary
            self.conn.execute(
                "INSERT INTO assessment_years (year, finalized_at, rules) VALUES (?, ?, ?) "
                "ON CONFLICT (year) DO UPDATE SET finalized_at = excluded.finalized_at, rules = excluded.rules, "
                "updated_at = excluded.finalized_at",
                (year_, result.finalized_at, json.dumps(kept, ensure_ascii=False, sort_keys=True)),
            )
        return result

    def reopen_assessment(self, year: object) -> dict[str, Any]:
        """`assess reopen YEAR`: unfreeze a finalised year (its stored results stay until finalised again)."""
        year_ = _year(year)
        with self.write("assess reopen"):
            row = self.assessment_year(year_)
            if row is None or not row["finalized_at"]:
                raise Conflict("assess_not_final", year=year_)
            self.update("assessment_years", row["id"], {"finalized_at": None})
        return {"year": year_, "finalized_at": row["finalized_at"]}

    def year_report(
        self, year: object, *, community: object = None, today: date | None = None
    ) -> dict[str, Any]:
        """`report year`: the year's summary and chart figures (stored ones when finalised) and the findings."""
        from gongjian.reports import figures as reports

        year_ = _year(year)
        with self.snapshot():
            limit = self.community(community) if community is not None else None
            stored = self.assessment_year(year_)
            kept = json.loads(stored["rules"]) if stored is not None and stored["finalized_at"] else None
            if kept is not None:
                target, day = kept["rules"]["members"]["target"], date.fromisoformat(kept["as_of"])
            else:
                target, day = reports.members_target(), reports.as_of(year_, today)
            figures = reports.year_figures(
                self,
                year_,
                community=limit,
                today=day,
                target=target,
                stored=kept["summary"] if kept is not None else None,
            )
            found = reports.findings(self, year_, community=limit, today=day, target=target)
        return {
            "year": year_,
            "community": limit["name"] if limit else None,
            "finalized_at": stored["finalized_at"] if kept is not None else None,
            "figures": figures,
            "findings": found,
        }

    def finalized_years(self) -> list[int]:
        """The years whose assessment is finalised, oldest first."""
        return [
            r["year"]
            for r in self.rows(
                "SELECT year FROM assessment_years WHERE finalized_at IS NOT NULL ORDER BY year"
            )
        ]


def _rules(rules: Rules | Path | str | None) -> tuple[Rules, str]:
    """Rules as given (object, file) or the shipped default; with the name shown in the workbook."""
    from gongjian.assessment.rules import Rules, default_rules_path, load_rules

    if isinstance(rules, Rules):
        return rules, ""
    if rules is None:
        return load_rules(None), default_rules_path().name
    return load_rules(rules), Path(rules).name


def _rating(value: object) -> Decimal:
    """A community rating 0–10 with at most two decimals (`9`, `8.5`, `９.５`)."""
    from decimal import InvalidOperation

    from gongjian.reading import normalize as n

    text = n.text(value) or ""
    try:
        score = Decimal(text.removesuffix("分"))
    except InvalidOperation:
        score = None
    if (
        score is None
        or not score.is_finite()
        or not (0 <= score <= RATING_MAX)
        or score != score.quantize(Decimal("0.01"))
    ):
        raise InvalidValue("bad_rating", value=text or str(value))
    return score.normalize() if score != score.to_integral_value() else Decimal(int(score))


__all__ = [
    "Assessment",
    "AssessmentResult",
    "UnitResult",
    "criterion_points",
    "rank_and_grade",
    "score_units",
    "to_cents",
]
