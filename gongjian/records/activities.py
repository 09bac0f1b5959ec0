"""Activities (活动): their SQL (with the unit names of each role), fields and totals; the part is `Records`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gongjian.errors import InvalidValue

INACTIVE_DAYS = 90  # see `Records.inactive_units`


def units_of_sql(role: str, activity: str = "a.id") -> str:
    """SQL for the names of an activity's units of one role, in the order given (the first organiser leads).

    The names come joined by `store.db.SEP`; `store.db.split_names` turns the value back into a list. `role` is
    'organiser' or 'participant' (a fixed word of the code, never user input).
    """
    if role not in ("organiser", "participant"):
        raise ValueError(f"units_of_sql: role must be organiser or participant, not {role!r}")
    return (
        "(SELECT group_concat(name, char(31)) FROM (SELECT u.name FROM activity_units au "
        f"JOIN units u ON u.id = au.unit_id WHERE au.activity_id = {activity} AND au.role = '{role}' ORDER BY au.id))"
    )


# The one listing query of activities (`activity list`, `activity show`, export, the year's book, the digest).
ACTIVITY_SELECT = f"""
    SELECT a.id, a.date, a.year, c.code AS community_code, c.name AS community, a.title, a.category,
           {units_of_sql("organiser")} AS organisers,
           {units_of_sql("participant")} AS participants,
           a.participant_times, a.volunteers, a.members_served, a.venue, a.spending_fen, a.description, a.note,
           a.uid, a.created_at, a.updated_at
    FROM activities a JOIN communities c ON c.id = a.community_id
"""

ACTIVITY_FIELDS = (
    "category",
    "participant_times",
    "volunteers",
    "members_served",
    "venue",
    "description",
    "note",
)


def activity_totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Count, participant-times, volunteers and party members over listed activities (the totals line)."""
    return {
        "count": len(rows),
        "participant_times": sum(r["participant_times"] or 0 for r in rows),
        "volunteers": sum(r["volunteers"] or 0 for r in rows),
        "members_served": sum(r["members_served"] or 0 for r in rows),
        "spending_fen": sum(r["spending_fen"] or 0 for r in rows),
    }


def _file_entries(plan: list[str], record: list[str], photos: list[str]) -> list[tuple[str, Path]]:
    """(kind, path) of each file to attach, checked to exist before anything is written."""
    entries = []
    for kind, paths in (("plan", plan), ("record", record), ("photo", photos)):
        for raw in paths or []:
            path = Path(str(raw)).expanduser()
            if not path.is_file():
                raise InvalidValue("file_missing", path=str(path))
            entries.append((kind, path))
    return entries
