"""Exact scoring of the annual assessment: criterion points, totals, ranks, grades and the 优秀 cap.

Scoring is exact: every criterion's points are computed as a `Fraction` from integer figures (fen for
money), rounded half-up to 0.01 once, and the total is the sum of the rounded points — so the shown
criterion scores always add up to the shown total. Units are ranked by total (larger first), then by
the rules' tie-break measures (`[ranking] tie_break`, each larger first), then by unit id (smaller
first); vetoed units (一票否决) come last. At most `excellent_share` percent of the units assessed
(rounded down) are graded 优秀: the others above the threshold drop to 良好 in rank order. Pure
functions of the figures: nothing here reads the ledger.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

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
