"""The digest of `gongjian summary` (PRODUCT §7): what happened in a period and what needs attention.

Read side only. `digest(ledger, …)` runs one or two indexed queries per section straight against the schema
of `gongjian.store.migrations` (inside one read snapshot, so a concurrent import never shows half-done) and returns
plain dicts and lists of JSON types: integer fen, ISO dates, English enum keys. Its shape is documented by
the pydantic models in `gongjian.reports.digest_schema` (→ `docs/summary.schema.json`), which this module does not
import, so `gongjian summary` starts fast. Nothing here prints or writes.

Sections and their rules:
- flows in the period `since`…`until` (inclusive): activities held, participant-times and volunteers;
  cash and in-kind contributions received; problems reported and problems closed (销号);
- the state as of `today` (what "needs attention", counted in `attention`): problems past their deadline
  and not closed/rejected; agreements whose validity ends within 30 days and that no later agreement of the
  same community and unit renews; paired units with no activity (organiser or participant) in the last 90
  days, except units paired less than 90 days ago; active members with fewer services this year than the
  target (2); projects past due and not done/cancelled; listed projects past their claim deadline that no
  unit has claimed (waiting in the open hall 领办大厅).
Every list is ordered stably and cut to `limit` items; each section's `count` is always the full number.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from typing import Any

from gongjian.errors import InvalidValue
from gongjian.privacy import mask_pii_text
from gongjian.reading import normalize as n
from gongjian.records.activities import INACTIVE_DAYS, units_of_sql
from gongjian.records.members import in_service_sql, member_rules, target_sql
from gongjian.store.db import split_names
from gongjian.tickets.lists import LIVE_SQL

SCHEMA_VERSION = 1
ENV_TODAY = "GONGJIAN_TODAY"  # fixes "today" (YYYY-MM-DD) for tests and reproducible digests
DEFAULT_SINCE = "7d"
DEFAULT_LIMIT = 50
EXPIRING_DAYS = 30


def today() -> date:
    """Today's date, or the date in `GONGJIAN_TODAY` (YYYY-MM-DD) when it is set."""
    fixed = os.environ.get(ENV_TODAY, "").strip()
    if not fixed:
        return date.today()
    try:
        return date.fromisoformat(fixed)
    except ValueError:
        raise InvalidValue("summary_bad_today", value=fixed, env=ENV_TODAY) from None


def window(since: object, until: object, *, today: date) -> tuple[str, str]:
    """The inclusive period (since, until) as ISO dates from `--since 7d|2026-10|DATE` and `--until`."""
    first = n.since(since if since not in (None, "") else DEFAULT_SINCE, today=today)
    last = n.period(until, today=today)[1] if until not in (None, "") else today.isoformat()
    if first > last:
        raise InvalidValue("summary_since_after_until", since=first, until=last)
    return first, last


def digest(
    ledger: Any,
    *,
    since: str,
    until: str,
    today: date,
    community: object = None,
    limit: int | None = DEFAULT_LIMIT,
    target: int | None = None,
    kinds: dict[str, int] | None = None,
    personal: bool = True,
) -> dict[str, Any]:
    """The whole digest for the ISO period since…until, as of `today`, optionally for one community.

    `limit` caps every list (None or 0: no cap); `target` is the services each member owes in a year
    (the rules file's, `member_rules`, when not given). Without `personal` (a digest posted to a chat
    group) no person is named: members under target are counted per community (items of
    `community_code`, `community`, `members`), and phone or ID numbers written inside any text are masked.
    """
    limit = limit or None
    if target is None:
        rules = member_rules()
        target, kinds = rules["target"], rules["kinds"] if kinds is None else kinds
    with ledger.store.snapshot():
        scope = None
        if community not in (None, ""):
            row = ledger.roster.community(community)
            scope = {"id": row["id"], "code": row["code"], "name": row["name"]}
        q = _Query(ledger, since=since, until=until, today=today, scope=scope, limit=limit)
        sections = {
            "activities": q.activities(),
            "funds": q.funds(),
            "problems": q.problems(),
            "agreements_expiring": q.agreements_expiring(),
            "inactive_units": q.inactive_units(),
            "members_under_target": q.members_under_target(target, kinds, personal=personal),
            "projects": q.projects(),
        }
        name = ledger.store.scalar("SELECT value FROM meta WHERE key = 'name'")
    attention = {
        "overdue_problems": sections["problems"]["overdue"]["count"],
        "expiring_agreements": sections["agreements_expiring"]["count"],
        "inactive_units": sections["inactive_units"]["count"],
        "members_under_target": sections["members_under_target"]["count"],
        "projects_past_due": sections["projects"]["past_due"]["count"],
        "projects_in_hall": sections["projects"]["in_hall"]["count"],
    }
    out = {
        "schema_version": SCHEMA_VERSION,
        "ledger_name": name,
        "today": today.isoformat(),
        "since": since,
        "until": until,
        "community": None if scope is None else {"code": scope["code"], "name": scope["name"]},
        "limit": limit,
        "needs_attention": any(attention.values()),
        "attention": attention,
        **sections,
    }
    return out if personal else _masked(out)


def _masked(value: Any) -> Any:
    """A copy of the digest with phone and ID numbers inside every text masked (`privacy.mask_pii_text`)."""
    if isinstance(value, str):
        return mask_pii_text(value)
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return value


def _days(later: str | date, earlier: str | None) -> int | None:
    """Whole days from the ISO date `earlier` to `later` (None when `earlier` is missing or malformed)."""
    if not earlier:
        return None
    try:
        start = date.fromisoformat(earlier)
    except ValueError:
        return None
    end = later if isinstance(later, date) else date.fromisoformat(later)
    return (end - start).days


class _Query:
    """One digest's parameters and its section queries."""

    def __init__(
        self, ledger: Any, *, since: str, until: str, today: date, scope: dict | None, limit: int | None
    ) -> None:
        self.ledger = ledger
        self.today = today
        self.scope = scope
        self.params: dict[str, Any] = {
            "since": since,
            "until": until,
            "since_year": int(since[:4]),
            "until_year": int(until[:4]),
            "today": today.isoformat(),
            "year": today.year,
            "limit": -1 if not limit else int(limit),  # SQLite: a negative LIMIT means no limit
            "cid": scope["id"] if scope else None,
        }

    def _in(self, column: str) -> str:
        """` AND <column> = :cid` when the digest is for one community."""
        return f" AND {column} = :cid" if self.scope else ""

    def rows(self, sql: str, **extra: Any) -> list[dict[str, Any]]:
        """Run one section's query with the digest's parameters (plus `extra`)."""
        return self.ledger.store.rows(sql, {**self.params, **extra})

    # ------------------------------------------------------------------ flows in the period
    def activities(self) -> dict[str, Any]:
        """Activities dated in the period: count, participant-times, volunteers and the list."""
        # Community by community through the (community_id, date) index: a week's activities are a few
        # index entries per community, where the year index would read the whole year's rows.
        rows = self.rows(
            f"""
            WITH chosen AS (
                SELECT a.id, a.date, c.code, count(*) OVER () AS n_total,
                       sum(a.participant_times) OVER () AS participant_total,
                       sum(a.volunteers) OVER () AS volunteer_total
                FROM communities c CROSS JOIN activities a ON a.community_id = c.id
                WHERE a.date BETWEEN :since AND :until {self._in("c.id")}
                ORDER BY a.date, c.code, a.id
                LIMIT :limit
            )
            SELECT chosen.*, chosen.code AS community_code, c.name AS community, a.title, a.category,
                   a.participant_times, a.volunteers,
                   {units_of_sql("organiser")} AS organisers
            FROM chosen JOIN activities a ON a.id = chosen.id JOIN communities c ON c.id = a.community_id
            ORDER BY chosen.date, chosen.code, chosen.id
            """
        )
        head = rows[0] if rows else {}
        items = [
            {
                **{k: r[k] for k in ("date", "community_code", "community", "title", "category")},
                "organisers": split_names(r["organisers"]),
                "participant_times": r["participant_times"],
                "volunteers": r["volunteers"],
            }
            for r in rows
        ]
        return {
            "count": head.get("n_total", 0),
            "participant_times": head.get("participant_total", 0),
            "volunteers": head.get("volunteer_total", 0),
            "items": items,
        }

    def funds(self) -> dict[str, Any]:
        """Cash and in-kind contributions dated in the period: totals apart and together, and the list."""
        rows = self.rows(
            f"""
            WITH chosen AS (
                SELECT f.id, f.date, c.code, count(*) OVER () AS n_total,
                       sum(CASE WHEN f.kind = 'cash' THEN f.amount_fen ELSE 0 END) OVER () AS cash_total,
                       sum(CASE WHEN f.kind = 'in_kind' THEN f.amount_fen ELSE 0 END) OVER () AS in_kind_total
                FROM contributions f JOIN communities c ON c.id = f.community_id
                WHERE f.year BETWEEN :since_year AND :until_year AND f.date BETWEEN :since AND :until
                      AND f.kind IN ('cash', 'in_kind') {self._in("f.community_id")}
                ORDER BY f.date, c.code, f.id
                LIMIT :limit
            )
            SELECT chosen.*, u.name AS unit, chosen.code AS community_code, c.name AS community, f.kind,
                   f.amount_fen, f.description
            FROM chosen JOIN contributions f ON f.id = chosen.id JOIN units u ON u.id = f.unit_id
                 JOIN communities c ON c.id = f.community_id
            ORDER BY chosen.date, chosen.code, chosen.id
            """
        )
        head = rows[0] if rows else {}
        cash, in_kind = head.get("cash_total", 0), head.get("in_kind_total", 0)
        items = [
            {
                k: r[k]
                for k in ("date", "unit", "community_code", "community", "kind", "amount_fen", "description")
            }
            for r in rows
        ]
        return {
            "count": head.get("n_total", 0),
            "cash_fen": cash,
            "in_kind_fen": in_kind,
            "total_fen": cash + in_kind,
            "items": items,
        }

    # ------------------------------------------------------------------ problems
    def problems(self) -> dict[str, Any]:
        """Problems reported and closed in the period, still unfinished now, and the overdue list."""
        scope = self._in("t.community_id")
        # One pass over the tickets for both flows (no index holds reported_on or closed_on; a scan is
        # cheaper than looking up every closed ticket through the status index); then two covering-index
        # counts on (status, deadline).
        counts = self.rows(
            f"""
            SELECT coalesce(sum(t.reported_on BETWEEN :since AND :until), 0) AS opened,
                   coalesce(sum(t.status = 'closed' AND t.closed_on BETWEEN :since AND :until), 0) AS closed,
                   (SELECT count(*) FROM tickets t WHERE t.status IN {LIVE_SQL} {scope}) AS unfinished,
                   (SELECT count(*) FROM tickets t WHERE t.status IN {LIVE_SQL} AND t.deadline < :today
                        {scope}) AS overdue
            FROM tickets t
            WHERE (t.reported_on BETWEEN :since AND :until OR t.closed_on BETWEEN :since AND :until) {scope}
            """
        )[0]
        rows = self.rows(
            f"""
            WITH chosen AS (
                SELECT t.id, t.deadline FROM tickets t
                WHERE t.status IN {LIVE_SQL} AND t.deadline < :today {scope}
                ORDER BY t.deadline, t.id
                LIMIT :limit
            )
            SELECT t.number, c.code AS community_code, c.name AS community, g.name AS grid,
                   u.name AS assignee, t.title, t.status, t.deadline
            FROM chosen JOIN tickets t ON t.id = chosen.id JOIN communities c ON c.id = t.community_id
                 LEFT JOIN units u ON u.id = t.assignee_id LEFT JOIN grids g ON g.id = t.grid_id
            ORDER BY chosen.deadline, chosen.id
            """
        )
        items = [
            {
                **{
                    k: r[k]
                    for k in (
                        "number",
                        "community_code",
                        "community",
                        "grid",
                        "assignee",
                        "title",
                        "status",
                        "deadline",
                    )
                },
                "days_overdue": _days(self.today, r["deadline"]),
            }
            for r in rows
        ]
        return {
            "opened": counts["opened"],
            "closed": counts["closed"],
            "unfinished": counts["unfinished"],
            "overdue": {"count": counts["overdue"], "items": items},
        }

    # ------------------------------------------------------------------ what needs attention
    def agreements_expiring(self) -> dict[str, Any]:
        """Agreements ending within 30 days of today that no later agreement of the same pair renews."""
        rows = self.rows(
            f"""
            WITH latest AS (  -- only agreements still valid can renew one that is about to end
                SELECT community_id, unit_id, max(valid_until) AS valid_until FROM agreements
                WHERE valid_until >= :today {self._in("community_id")} GROUP BY community_id, unit_id
            )
            SELECT a.number, c.code AS community_code, c.name AS community, u.name AS unit, a.signed_on,
                   a.valid_until, count(*) OVER () AS n_total
            FROM agreements a
                 JOIN latest l ON l.community_id = a.community_id AND l.unit_id = a.unit_id
                                  AND l.valid_until = a.valid_until
                 JOIN communities c ON c.id = a.community_id JOIN units u ON u.id = a.unit_id
            WHERE a.valid_until BETWEEN :today AND :horizon {self._in("a.community_id")}
            ORDER BY a.valid_until, a.number
            LIMIT :limit
            """,
            horizon=(self.today + timedelta(days=EXPIRING_DAYS)).isoformat(),
        )
        items = [
            {
                **{
                    k: r[k]
                    for k in ("number", "community_code", "community", "unit", "signed_on", "valid_until")
                },
                "days_left": _days(r["valid_until"], self.today.isoformat()),
            }
            for r in rows
        ]
        return {"within_days": EXPIRING_DAYS, "count": rows[0]["n_total"] if rows else 0, "items": items}

    def inactive_units(self) -> dict[str, Any]:
        """Units inactive today (`Records.inactive_units`: paired, no activity in the last 90 days)."""
        total, rows = self.ledger.records.inactive_units(
            self.today,
            community_id=self.params["cid"],
            limit=None if self.params["limit"] < 0 else self.params["limit"],
        )
        items = [
            {
                "unit": r["unit"],
                "kind": r["kind"],
                "communities": r["communities"],
                "last_activity": r["last_activity"],
                "days_since": _days(self.today, r["last_activity"]),
            }
            for r in rows
        ]
        paired = self.ledger.roster.count_paired_units_on(
            self.today.isoformat(), community_id=self.params["cid"]
        )
        return {"days": INACTIVE_DAYS, "paired": paired, "count": total, "items": items}

    def members_under_target(
        self, target: int, kinds: dict[str, int] | None = None, *, personal: bool = True
    ) -> dict[str, Any]:
        """Active members with fewer services this year than their target (`target_of`: `target`, or their
        kind's), and the months left to catch up; without `personal`, counted per community instead of named."""
        # a member's services this year, kept per member and year (`service_counts`, migration 10)
        services = "coalesce((SELECT s.services FROM service_counts s WHERE s.year = :year AND s.member_id = m.id), 0)"
        counted = in_service_sql(":today")  # the members who owe this year's services (the one rule)
        bound: dict[str, Any] = {"target": target}
        owed = target_sql("m", kinds, bound)  # `:target` itself when no kind has a target of its own
        if self.scope or owed != ":target":
            count_sql = f"""SELECT count(*) FROM members m
                            WHERE {counted} AND {services} < {owed} {self._in("m.community_id")}"""
        else:
            # Whole ledger: members counted today minus those of them who met the target (the year's
            # services kept per member).
            count_sql = f"""
                SELECT (SELECT count(*) FROM members m WHERE {counted})
                     - (SELECT count(*) FROM service_counts s JOIN members m ON m.id = s.member_id
                        WHERE s.year = :year AND s.services >= :target AND {counted})"""
        total = self.ledger.store.scalar(count_sql, {**self.params, **bound})
        active = self.ledger.store.scalar(
            f"SELECT count(*) FROM members m WHERE {counted}{self._in('m.community_id')}", self.params
        )
        summary = {
            "year": self.today.year,
            "target": target,
            "months_left": 13 - self.today.month,
            "active": active,
            "count": total,
        }
        if not personal:
            rows = self.rows(
                f"""
                SELECT c.code AS community_code, c.name AS community, count(*) AS members
                FROM communities c CROSS JOIN members m ON m.community_id = c.id
                WHERE {counted} AND {services} < {owed} {self._in("c.id")}
                GROUP BY c.id ORDER BY members DESC, c.code
                LIMIT :limit
                """,
                **bound,
            )
            groups = self.ledger.store.scalar(
                f"""SELECT count(DISTINCT m.community_id) FROM members m
                    WHERE {counted} AND {services} < {owed} {self._in("m.community_id")}""",
                {**self.params, **bound},
            )
            return {**summary, "communities": groups, "items": rows}
        # Listed by community code, then registration order: both come from indexes (CROSS JOIN fixes
        # the loop order), so the query stops after `limit` members instead of visiting every member.
        rows = self.rows(
            f"""
            WITH chosen AS (
                SELECT m.id, c.code, {services} AS services, {owed} AS target
                FROM communities c CROSS JOIN members m ON m.community_id = c.id
                WHERE {counted} AND services < target {self._in("c.id")}
                ORDER BY c.code, m.id
                LIMIT :limit
            )
            SELECT m.name, chosen.code AS community_code, c.name AS community, u.name AS unit, chosen.services,
                   chosen.target
            FROM chosen JOIN members m ON m.id = chosen.id JOIN communities c ON c.id = m.community_id
                 LEFT JOIN units u ON u.id = m.unit_id
            ORDER BY chosen.code, chosen.id
            """,
            **bound,
        )
        items = [
            {
                **{k: r[k] for k in ("name", "community_code", "community", "unit", "services")},
                "missing": r["target"] - r["services"],
            }
            for r in rows
        ]
        return {**summary, "items": items}

    def projects(self) -> dict[str, Any]:
        """Projects past their due date and not done, and listed projects unclaimed past their claim deadline."""
        scope = self._in("p.community_id")
        past_due = f"p.due < :today AND p.status NOT IN ('done', 'cancelled') {scope}"
        in_hall = (
            f"p.status = 'listed' AND p.claim_deadline < :today {scope} "
            "AND NOT EXISTS (SELECT 1 FROM project_claims pc WHERE pc.project_id = p.id)"
        )
        rows = self.rows(
            f"""
            WITH chosen AS (
                SELECT * FROM (SELECT 'past_due' AS list, p.id, p.due AS day, c.code
                               FROM projects p JOIN communities c ON c.id = p.community_id WHERE {past_due}
                               ORDER BY p.due, c.code, p.id LIMIT :limit)
                UNION ALL
                SELECT * FROM (SELECT 'in_hall', p.id, p.claim_deadline, c.code
                               FROM projects p JOIN communities c ON c.id = p.community_id WHERE {in_hall}
                               ORDER BY p.claim_deadline, c.code, p.id LIMIT :limit)
            )
            SELECT chosen.list, chosen.day, chosen.code AS community_code, c.name AS community, p.title,
                   p.status, p.budget_fen,
                   (SELECT group_concat(name, char(31)) FROM (
                        SELECT u.name FROM project_claims pc JOIN units u ON u.id = pc.unit_id
                        WHERE pc.project_id = p.id ORDER BY pc.claimed_on, pc.id)) AS claimants,
                   (SELECT count(*) FROM projects p WHERE {past_due}) AS past_due_total,
                   (SELECT count(*) FROM projects p WHERE {in_hall}) AS in_hall_total
            FROM chosen JOIN projects p ON p.id = chosen.id JOIN communities c ON c.id = p.community_id
            ORDER BY chosen.list DESC, chosen.day, chosen.code, chosen.id
            """
        )
        out: dict[str, Any] = {}
        for name, date_key, days_key in (
            ("past_due", "due", "days_overdue"),
            ("in_hall", "claim_deadline", "days_waiting"),
        ):
            items = []
            for r in rows:
                if r["list"] != name:
                    continue
                item = {k: r[k] for k in ("community_code", "community", "title", "status", "budget_fen")}
                item[date_key] = r["day"]
                item[days_key] = _days(self.today, r["day"])
                if name == "past_due":
                    item["claimants"] = split_names(r["claimants"])
                items.append(item)
            out[name] = {"count": rows[0][f"{name}_total"] if rows else 0, "items": items}
        return out
