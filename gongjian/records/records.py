"""Activities (活动), funds and in-kind support (资金物资), in-service party members (在职党员) and their services.

The three record books live in `records_activities`, `records_funds` and `records_members`; this module
mixes them into one `Records` part and holds, in one place, the yearly figures the assessment and the
reports are computed from (one grouped SQL query each, on the integer `year` column and its indexes),
plus the members' rules (service target and feedback thresholds) read from the rules file.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from gongjian.errors import InvalidValue
from gongjian.records import specs as _specs  # noqa: F401  (registers the four record kinds)
from gongjian.records.activities import Activities, activity_totals
from gongjian.records.common import RecordsBase
from gongjian.records.funds import Funds, contribution_totals
from gongjian.records.members import Members, evaluate

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

    def member_figures(self, year: int, target: int, *, by: str = "unit") -> dict[Any, Any]:
        """Active members registered by the end of `year`, and how many of them served ≥ `target` times.

        `by="unit"`: per work unit, `{unit_id: {"registered": n, "met_target": n}}` (members without a
        unit are left out); `by="community"`: the same per residence community; `by="both"`:
        `{"unit": {...}, "community": {...}}` from one pass over the year's services. Groups without
        registered members are absent.
        """
        if by not in ("unit", "community", "both"):
            raise ValueError(f"member_figures: by must be unit, community or both, not {by!r}")
        last = f"{int(year):04d}-12-31"
        # `coalesce(registered_on, '') <= ?` rather than `IS NULL OR …`: each count stays on its covering index.
        out: dict[str, dict[int, dict[str, int]]] = {}
        for part, index, extra in (
            ("unit", "members_unit", " AND unit_id IS NOT NULL"),
            ("community", "members_community", ""),
        ):
            if by in (part, "both"):
                out[part] = {
                    key: {"registered": n, "met_target": 0}
                    for key, n in self.conn.execute(
                        f"SELECT {part}_id, count(*) FROM members INDEXED BY {index} "
                        f"WHERE status = 'active' AND coalesce(registered_on, '') <= ?{extra} GROUP BY {part}_id",
                        (last,),
                    )
                }
        # Those who met the target: one grouped scan of the year's services on their covering index, each
        # such member looked up once by id and counted here both ways (cheaper than two sorted GROUP BYs).
        met = self.conn.execute(
            """SELECT m.unit_id, m.community_id
               FROM (SELECT member_id FROM services WHERE year = ? GROUP BY member_id HAVING count(*) >= ?) s
               JOIN members m ON m.id = s.member_id
               WHERE m.status = 'active' AND coalesce(m.registered_on, '') <= ?""",
            (int(year), int(target), last),
        ).fetchall()
        columns = list(zip(*met, strict=True)) or [(), ()]
        for part, keys in zip(("unit", "community"), columns, strict=True):
            groups = out.get(part)
            if groups is None:
                continue
            for key, n in Counter(keys).items():
                if key is not None:
                    groups[key]["met_target"] = n
        return out[by] if by != "both" else out

    # ------------------------------------------------------------------ privacy
    def record_pii_access(self, command: str) -> None:
        """Write an audit entry saying full ID numbers/phones were shown (`member list --show-pii` …)."""
        with self.write(command):
            pass
