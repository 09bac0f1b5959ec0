"""Each member's services per year kept by triggers (`service_counts`, migration 10): in step? rebuild.

The table is an index of `services` (what a year's figures count per member); the triggers on services
keep it through every write — commands, imports, undo, merge — and a restored ledger brings its own.
`doctor` recounts it from the services (`stale_counts`), `doctor --fix` fills it again (`rebuild_counts`).
"""

from __future__ import annotations

from typing import Any

from gongjian.store.db import Store

TABLE = "service_counts"


def has_counts(store: Store) -> bool:
    """True when the ledger keeps the services per member and year (schema version 10 and later)."""
    return bool(
        store.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,))
    )


def stale_counts(store: Store) -> list[dict[str, Any]]:
    """Every (member, year) whose kept count differs from its services: member_id, member (name or None),
    year, kept (None: missing) and counted (None: no services) — by member id, then year."""
    return store.rows(
        f"""WITH counted AS (SELECT year, member_id, count(*) AS n FROM services GROUP BY year, member_id),
                 wrong AS (
                     SELECT c.member_id, c.year, k.services AS kept, c.n AS counted
                     FROM counted c LEFT JOIN {TABLE} k ON k.year = c.year AND k.member_id = c.member_id
                     WHERE k.services IS NOT c.n
                     UNION ALL
                     SELECT k.member_id, k.year, k.services, NULL FROM {TABLE} k
                     WHERE NOT EXISTS (SELECT 1 FROM services s WHERE s.year = k.year AND s.member_id = k.member_id))
            SELECT w.member_id, m.name AS member, w.year, w.kept, w.counted
            FROM wrong w LEFT JOIN members m ON m.id = w.member_id ORDER BY w.member_id, w.year"""
    )


def rebuild_counts(store: Store) -> int:
    """Count every member's services per year again (inside a write); returns the (member, year) rows kept."""
    store.conn.execute(f"DELETE FROM {TABLE}")
    store.conn.execute(
        f"INSERT INTO {TABLE} (year, member_id, services) "
        "SELECT year, member_id, count(*) FROM services GROUP BY year, member_id"
    )
    return int(store.scalar(f"SELECT count(*) FROM {TABLE}") or 0)
