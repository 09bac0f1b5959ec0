"""What a shell completes from the ledger (`gongjian --install-completion`): community codes, unit names by
fragment, ticket numbers, member names — each one read-only query on the ledger file, never a phone or an ID
number. A ledger that is missing, locked or damaged completes nothing (a shell must never see an error).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

LIMIT = 50  # candidates offered at most: a shell lists them all

# (value, what the shell shows beside it), matched on `:f` (the lower-cased fragment, '' matches all).
QUERIES = {
    "community": (
        "SELECT code, name FROM communities"
        " WHERE instr(lower(code), :f) = 1 OR instr(lower(name), :f) > 0"
        " ORDER BY instr(lower(code), :f) <> 1, code LIMIT :n"
    ),
    "unit": (
        "SELECT name, '' FROM units WHERE active AND instr(lower(name), :f) > 0"
        " ORDER BY instr(lower(name), :f) <> 1, name LIMIT :n"
    ),
    "ticket": (
        "SELECT number, title FROM tickets WHERE instr(lower(number), :f) > 0"
        " ORDER BY instr(lower(number), :f) <> 1, number DESC LIMIT :n"
    ),
    "member": (
        "SELECT m.name, coalesce(u.name, '') FROM members AS m LEFT JOIN units AS u ON u.id = m.unit_id"
        " WHERE m.status = 'active' AND instr(lower(m.name), :f) > 0"
        " ORDER BY instr(lower(m.name), :f) <> 1, m.name LIMIT :n"
    ),
}


def candidates(path: Path | str, what: str, fragment: str) -> list[tuple[str, str]]:
    """The values of `what` (community, unit, ticket, member) containing `fragment`, those starting with it
    first, each with a short description; [] when the ledger cannot be read."""
    path = Path(path).expanduser()
    if what not in QUERIES or not path.is_file():
        return []
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        return []
    try:
        found = conn.execute(QUERIES[what], {"f": fragment.lower(), "n": LIMIT}).fetchall()
    except sqlite3.Error:
        return []
    finally:
        conn.close()
    return [(str(value), str(about or "")) for value, about in found if value]
