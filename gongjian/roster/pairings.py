"""The one rule of pairing on a day (结对): which days a pairing covers, in Python and in SQL.

A pairing covers every day from its start to its end, both included; a pairing without a start date
covers every day before its end, one without an end every day after its start. A unit may log an
activity, give support, attend or chair a meeting, or claim a project as a paired unit of a community
exactly on the days one of its pairings with that community covers; the assessment counts a unit for a
year when a pairing covers at least one day of it. Every part asks these functions, never its own copy.
"""

from __future__ import annotations


def covers(started: str | None, ended: str | None, day: str) -> bool:
    """True when a pairing from `started` to `ended` (ISO dates, None = open) covers `day`, ends included."""
    return (started is None or started <= day) and (ended is None or day <= ended)


def covers_sql(day: str, alias: str = "p") -> str:
    """`covers` as SQL on the pairing row `alias`, for the SQL day expression `day` (`?`, `:day`, `m.date`).

    A `?` placeholder appears twice in the text: bind the day twice.
    """
    return f"({alias}.started IS NULL OR {alias}.started <= {day}) AND ({alias}.ended IS NULL OR {alias}.ended >= {day})"


def overlaps(started: str | None, ended: str | None, first: str, last: str) -> bool:
    """True when a pairing covers at least one day from `first` to `last` (ISO dates, both included)."""
    return (started is None or started <= last) and (ended is None or ended >= first)


def overlaps_sql(first: str, last: str, alias: str = "p") -> str:
    """`overlaps` as SQL on the pairing row `alias`, binding `last` then `first` (SQL expressions)."""
    return f"({alias}.started IS NULL OR {alias}.started <= {last}) AND ({alias}.ended IS NULL OR {alias}.ended >= {first})"
