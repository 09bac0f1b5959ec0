"""The annual assessment's records: community ratings (`assess rate`) and finalised years.

`store_result` keeps each unit's result (scores, figures, names) and the rules in `assessments` /
`assessment_years`; the finalised-year triggers then refuse changes to the year's records until
`reopen_assessment`. A finalised year is always reported from what was stored (`stored_result`).
Computing a year's assessment from its figures is `gongjian.reports.assessment`.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongjian.assessment.scoring import RATING_MAX, AssessmentResult, UnitResult
from gongjian.errors import Conflict, InvalidValue, YearFinalized
from gongjian.reading import normalize as n
from gongjian.reading.specs import checked_text
from gongjian.roster.roster import Roster
from gongjian.store.db import Store, now_iso

if TYPE_CHECKING:
    from gongjian.assessment.rules import Rules


def parse_year(value: object) -> int:
    """A year typed by the clerk (`2016`, `２０１６`, `2016年`), 1949–2100."""
    text = (n.text(value) or "").removesuffix("年")
    if not (text.isascii() and text.isdigit() and 1949 <= int(text) <= 2100):
        raise InvalidValue("bad_year", value=n.text(value) or str(value))
    return int(text)


def load_rules_of(rules: Rules | Path | str | None) -> tuple[Rules, str]:
    """Rules as given (object, file) or the shipped default; with the file's name."""
    # pydantic and the rules models load only when a command assesses: see the start-up note in ARCHITECTURE.md.
    from gongjian.assessment.rules import Rules, default_rules_path, load_rules

    if isinstance(rules, Rules):
        return rules, ""
    if rules is None:
        return load_rules(None), default_rules_path().name
    return load_rules(rules), Path(rules).name


def _rating(value: object) -> Decimal:
    """A community rating 0–10 with at most two decimals (`9`, `8.5`, `９.５`)."""
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


# ---------------------------------------------------------------------------- the ledger part
class Assessment:
    """Community ratings, finalised years and their stored results: `ledger.assessment`."""

    def __init__(self, store: Store, roster: Roster) -> None:
        self.store = store
        self.roster = roster

    def assessment_year(self, year: int) -> dict[str, Any] | None:
        """The `assessment_years` row of a year, if the year was ever finalised."""
        return self.store.row("SELECT * FROM assessment_years WHERE year = ?", (int(year),))

    def is_finalized(self, year: int) -> bool:
        """True when the year's assessment is finalised (its records are frozen)."""
        return bool(
            self.store.scalar("SELECT finalized_at FROM assessment_years WHERE year = ?", (int(year),))
        )

    def ensure_year_open(self, year: int) -> None:
        """Refuse, naming the year and `assess reopen`, when the year is finalised."""
        if self.is_finalized(year):
            raise YearFinalized("year_finalized_generic", year=int(year))

    def rate_unit(self, unit: object, year: object, score: object, note: str | None = None) -> dict[str, Any]:
        """`assess rate`: record (or replace) the community's rating of a unit for a year, 0–10."""
        year_ = parse_year(year)
        value = _rating(score)
        note = checked_text("note", note)
        with self.store.write("assess rate"):
            row = self.roster.unit(unit)
            self.ensure_year_open(year_)
            if not self.roster.paired_in_year(row["id"], year_):
                raise Conflict("rate_not_paired", unit=row["name"], year=year_)
            self.store.conn.execute(
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
            for r in self.store.rows("SELECT unit_id, score FROM unit_ratings WHERE year = ?", (int(year),))
        }

    def stored_result(self, year: int, stored: dict[str, Any]) -> AssessmentResult:
        """A finalised year's result exactly as it was stored (names, figures and rules of that day)."""
        from gongjian.assessment.rules import Rules  # pydantic, only for a finalised year

        kept = json.loads(stored["rules"])
        units = [
            UnitResult.from_stored(r)
            for r in self.store.rows(
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

    def store_result(self, result: AssessmentResult, summary: dict[str, Any]) -> AssessmentResult:
        """Freeze a computed year: every unit's result, the rules and the 汇总 figures; the year's records lock.

        Runs inside the caller's write (`reports.assessment.finalize`), which computed `result` and
        `summary` from the same snapshot.
        """
        year = result.year
        if self.is_finalized(year):
            raise Conflict("assess_already_final", year=year)
        if not result.units:
            raise Conflict("assess_no_units", year=year)
        self.store.conn.execute("DELETE FROM assessments WHERE year = ?", (year,))
        for unit in result.units:
            self.store.insert("assessments", {"year": year, **unit.stored()})
        kept = {
            "rules": json.loads(result.rules.to_json()),
            "source": result.rules_source,
            "as_of": result.as_of,
            "summary": summary,
        }
        result.finalized_at = now_iso()
        result.summary = summary
        self.store.conn.execute(
            "INSERT INTO assessment_years (year, finalized_at, rules) VALUES (?, ?, ?) "
            "ON CONFLICT (year) DO UPDATE SET finalized_at = excluded.finalized_at, rules = excluded.rules, "
            "updated_at = excluded.finalized_at",
            (year, result.finalized_at, json.dumps(kept, ensure_ascii=False, sort_keys=True)),
        )
        return result

    def reopen_assessment(self, year: object) -> dict[str, Any]:
        """`assess reopen YEAR`: unfreeze a finalised year (its stored results stay until finalised again)."""
        year_ = parse_year(year)
        with self.store.write("assess reopen"):
            row = self.assessment_year(year_)
            if row is None or not row["finalized_at"]:
                raise Conflict("assess_not_final", year=year_)
            self.store.update("assessment_years", row["id"], {"finalized_at": None})
        return {"year": year_, "finalized_at": row["finalized_at"]}

    def stored_rules(self, year: int) -> dict[str, Any] | None:
        """What a finalised year kept beside its results (rules, source, as_of, summary), else None."""
        stored = self.assessment_year(year)
        if stored is None or not stored["finalized_at"]:
            return None
        return json.loads(stored["rules"])

    def finalized_years(self) -> list[int]:
        """The years whose assessment is finalised, oldest first."""
        return [
            r["year"]
            for r in self.store.rows(
                "SELECT year FROM assessment_years WHERE finalized_at IS NOT NULL ORDER BY year"
            )
        ]
