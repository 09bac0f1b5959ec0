"""Activities (活动): their SQL (with the unit names of each role), fields and totals; the part is `Records`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gongjian.errors import InvalidValue

SEP = "\x1f"  # joins unit names inside one SQL value; never part of a cleaned name

# Unit names of one activity and role, in the order they were given (the first organiser leads).
_UNITS_OF = (
    "(SELECT group_concat(name, char(31)) FROM (SELECT u.name FROM activity_units au "
    "JOIN units u ON u.id = au.unit_id WHERE au.activity_id = a.id AND au.role = '{role}' ORDER BY au.id))"
)

ACTIVITY_SELECT = f"""
    SELECT a.id, a.date, a.year, c.code AS community_code, c.name AS community, a.title, a.category,
           {_UNITS_OF.format(role="organiser")} AS organisers,
           {_UNITS_OF.format(role="participant")} AS participants,
           a.participant_times, a.volunteers, a.members_served, a.venue, a.spending_fen, a.description, a.note
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


def _split_names(value: str | None) -> list[str]:
    return value.split(SEP) if value else []


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
