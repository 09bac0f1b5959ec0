"""Activities (活动), funds and in-kind support (资金物资), in-service party members (在职党员) and their services.

The three record books live in `records_activities`, `records_funds` and `records_members`; this module
mixes them into one `Records` part and holds, in one place, the yearly figures the assessment and the
reports are computed from (one grouped SQL query each, on the integer `year` column and its indexes),
plus the members' rules (service target and feedback thresholds) read from the rules file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gongjian import records_specs  # noqa: F401  (registers the four record kinds)
from gongjian.errors import InvalidValue
from gongjian.records_activities import Activities, activity_totals
from gongjian.records_common import RecordsBase
from gongjian.records_funds import Funds, contribution_totals
from gongjian.records_members import Members, evaluate

__all__ = [
    "DEFAULT_MEMBER_RULES",
    "Records",
    "activity_totals",
    "contribution_totals",
    "evaluate",
    "member_rules",
]

# The seeds' rule: each in-service member serves at least twice a year; feedback grades by services.
DEFAULT_MEMBER_RULES: dict[str, int] = {"target": 2, "excellent": 4, "pass": 2}


def member_rules(path: Path | str | None = None) -> dict[str, int]:
    """`{"target", "excellent", "pass"}` from the `[members]` table of the rules file, else the defaults.

    Reads `path` (an explicit `--rules` file, which must exist) or the shipped `data/rules/default.toml`;
    thresholds may also sit in `[members.feedback]`. Missing file or keys fall back to 2 / 4 / 2.
    """
    import tomllib

    from gongjian.paths import data_path

    rules = dict(DEFAULT_MEMBER_RULES)
    file = Path(path).expanduser() if path else data_path("rules", "default.toml")
    if not file.is_file():
        if path:
            raise InvalidValue("file_missing", path=str(file))
        return rules
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidValue("member_rules_unreadable", path=str(file), error=str(exc)) from None
    section = data.get("members")
    if not isinstance(section, dict):
        return rules
    feedback = section.get("feedback") if isinstance(section.get("feedback"), dict) else {}
    for key in rules:
        value = section.get(key, feedback.get(key))
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidValue("member_rules_bad", path=str(file), name=key, value=value)
        rules[key] = value
    return rules


class Records(Activities, Funds, Members, RecordsBase):
    """Mixed into `Ledger`; shares the core's connection and transactions."""

    # ------------------------------------------------------------------ figures for assessment and reports
    def activity_figures(self, year: int) -> dict[int, dict[str, Any]]:
        """Per unit, its activities in `year`: `{unit_id: {"organised": n, "participated": n, "last_date": iso}}`.

        Units with no activity in the year are absent (read them as zeros and `last_date` None).
        """
        rows = self.conn.execute(
            """SELECT au.unit_id, sum(au.role = 'organiser'), sum(au.role = 'participant'), max(a.date)
               FROM activities a JOIN activity_units au ON au.activity_id = a.id
               WHERE a.year = ? GROUP BY au.unit_id""",
            (int(year),),
        ).fetchall()
        return {u: {"organised": o, "participated": p, "last_date": d} for u, o, p, d in rows}

    def contribution_figures(self, year: int) -> dict[int, dict[str, int]]:
        """Per unit, fen given in `year` by kind: `{unit_id: {"cash_fen", "in_kind_fen", "venue_fen", "service_fen"}}`.

        Units that gave nothing in the year are absent (read them as zeros).
        """
        rows = self.conn.execute(
            """SELECT unit_id,
                      sum(CASE WHEN kind = 'cash' THEN amount_fen ELSE 0 END),
                      sum(CASE WHEN kind = 'in_kind' THEN amount_fen ELSE 0 END),
                      sum(CASE WHEN kind = 'venue' THEN amount_fen ELSE 0 END),
                      sum(CASE WHEN kind = 'service' THEN amount_fen ELSE 0 END)
               FROM contributions WHERE year = ? GROUP BY unit_id""",
            (int(year),),
        ).fetchall()
        return {
            u: {"cash_fen": c, "in_kind_fen": k, "venue_fen": v, "service_fen": s} for u, c, k, v, s in rows
        }

    def member_figures(self, year: int, target: int) -> dict[int, dict[str, int]]:
        """Per work unit, its active members registered by the end of `year` and how many served ≥ `target` times.

        `{unit_id: {"registered": n, "met_target": n}}`; units without registered members are absent.
        """
        rows = self.conn.execute(
            """SELECT m.unit_id, count(*), coalesce(sum(coalesce(s.n, 0) >= ?), 0)
               FROM members m
               LEFT JOIN (SELECT member_id, count(*) AS n FROM services WHERE year = ? GROUP BY member_id) s
                      ON s.member_id = m.id
               WHERE m.status = 'active' AND m.unit_id IS NOT NULL
                 AND (m.registered_on IS NULL OR m.registered_on <= ?)
               GROUP BY m.unit_id""",
            (int(target), int(year), f"{int(year):04d}-12-31"),
        ).fetchall()
        return {u: {"registered": r, "met_target": m} for u, r, m in rows}

    # ------------------------------------------------------------------ privacy
    def record_pii_access(self, command: str) -> None:
        """Write an audit entry saying full ID numbers/phones were shown (`member list --show-pii` …)."""
        with self.write(command):
            pass
