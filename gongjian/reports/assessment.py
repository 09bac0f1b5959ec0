"""A year's assessment and report, computed from the year's figures: `assess`, `finalize`, `year_report`.

The figures come from `gongjian.reports.figures` as of the year's last day (or today, for a year not yet
over); scoring is `gongjian.assessment.scoring`; a finalised year is read back from what
`Assessment.store_result` kept, so it reads the same however the ledger changes afterwards.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongjian.assessment.assessment import load_rules_of, parse_year
from gongjian.assessment.scoring import AssessmentResult, score_units
from gongjian.errors import Conflict
from gongjian.records.members import member_rules
from gongjian.reports import figures as reports
from gongjian.reports import findings as report_findings

if TYPE_CHECKING:
    from gongjian.assessment.rules import Rules
    from gongjian.ledger import Ledger


def assess(
    ledger: Ledger,
    year: object,
    *,
    rules: Rules | Path | str | None = None,
    community: object = None,
    today: date | None = None,
) -> AssessmentResult:
    """`assess YEAR`: every active unit's scores, total, rank and grade (the stored ones when finalised)."""
    year_ = parse_year(year)
    with ledger.store.snapshots(reports.LANES) as others:
        limit = ledger.roster.community(community) if community is not None else None
        stored = ledger.assessment.assessment_year(year_)
        if stored is not None and stored["finalized_at"]:
            if rules is not None:
                raise Conflict("assess_finalized_rules", year=year_)
            result = ledger.assessment.stored_result(year_, stored)
        else:
            loaded = load_rules_of(rules)
            # the problems' figures beside the rest, as in `year_report`
            jobs = reports.concurrent_jobs(
                year_,
                reports.as_of(year_, today),
                target=loaded[0].members.target,
                kinds=None,
                community_id=None,
                findings=False,
            )
            with reports.alongside(ledger, others, jobs):
                result = _compute(ledger, year_, loaded, today)
    return result.only_community(limit) if limit is not None else result


def finalize(
    ledger: Ledger, year: object, *, rules: Rules | Path | str | None = None, today: date | None = None
) -> AssessmentResult:
    """`assess YEAR --finalize`: compute and store every unit's result and the rules; the year's records freeze."""
    year_ = parse_year(year)
    with ledger.store.write("assess finalize"):
        if ledger.assessment.is_finalized(year_):
            raise Conflict("assess_already_final", year=year_)
        result = _compute(ledger, year_, load_rules_of(rules), today)
        summary = reports.summary_snapshot(
            ledger,
            year_,
            date.fromisoformat(result.as_of),
            target=result.rules.members.target,
            kinds=dict(result.rules.members.kinds),
        )
        return ledger.assessment.store_result(result, summary)


def _compute(ledger: Ledger, year: int, rules_: tuple[Rules, str], today: date | None) -> AssessmentResult:
    rules, source = rules_
    as_of = reports.as_of(year, today)
    units = reports.active_units(ledger, year)
    measures = reports.unit_measures(
        ledger, year, [u["id"] for u in units], target=rules.members.target, as_of=as_of
    )
    return AssessmentResult(
        year, rules, score_units(units, measures, rules), as_of.isoformat(), rules_source=source
    )


def year_report(
    ledger: Ledger, year: object, *, community: object = None, today: date | None = None
) -> dict[str, Any]:
    """`report year`: the year's summary and chart figures (stored ones when finalised) and the findings."""
    year_ = parse_year(year)
    # The problems' figures (and the inactive units) are worked out on another connection at the same state
    # of the ledger, beside the rest (`reports.alongside`).
    with ledger.store.snapshots(reports.LANES) as others:
        limit = ledger.roster.community(community) if community is not None else None
        kept = ledger.assessment.stored_rules(year_)
        if kept is not None:
            target, day = kept["rules"]["members"]["target"], date.fromisoformat(kept["as_of"])
            kinds = kept["rules"]["members"].get("kinds") or {}
        else:
            members = member_rules()  # the shipped rules file, read once (without pydantic)
            target, kinds, day = members["target"], members["kinds"], reports.as_of(year_, today)
        jobs = reports.concurrent_jobs(
            year_, day, target=target, kinds=kinds, community_id=limit["id"] if limit else None
        )
        with reports.alongside(ledger, others, jobs):
            return _year_report(ledger, year_, limit, kept, target, kinds, day)


def _year_report(
    ledger: Ledger,
    year: int,
    limit: dict[str, Any] | None,
    kept: dict[str, Any] | None,
    target: int,
    kinds: dict[str, int],
    day: date,
) -> dict[str, Any]:
    """`year_report`'s figures, inside its snapshot: `kept` is a finalised year's stored rules and summary.
    The findings come first: most of their work needs neither figure being worked out beside them."""
    found = report_findings.findings(ledger, year, community=limit, today=day, target=target)
    figures = reports.year_figures(
        ledger,
        year,
        community=limit,
        today=day,
        target=target,
        stored=kept["summary"] if kept is not None else None,
        kinds=kinds,
    )
    seats = reports.committee_seats(ledger, year, day, limit["id"] if limit else None)
    sources = reports.ticket_sources(ledger, year, day, limit)
    member_kinds = reports.member_figures(ledger, year, target, kinds)["kind"]
    finalized_at = ledger.assessment.assessment_year(year)["finalized_at"] if kept is not None else None
    return {
        "year": year,
        "community": limit["name"] if limit else None,
        "finalized_at": finalized_at,
        "figures": figures,
        "findings": found,
        "committee_seats": seats,
        "ticket_sources": sources,
        "member_kinds": member_kinds,
    }
