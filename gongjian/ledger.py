"""The domain API over one SQLite ledger: every read and write the CLI does goes through `Ledger`.

`Ledger` is assembled from one part per domain (roster, records, tickets, projects and meetings,
assessment, maintenance); each part lives in its own module and shares the core's connection and
transactions. The ledger never prints.
"""

from __future__ import annotations

from gongjian.assessment.assessment import Assessment
from gongjian.projects.projects import Projects
from gongjian.records.records import Records
from gongjian.roster.roster import Roster
from gongjian.store.db import Core, default_path, now_iso
from gongjian.store.maintenance import Maintenance
from gongjian.tickets.tickets import Tickets

__all__ = ["Ledger", "default_path", "now_iso"]


class Ledger(Roster, Records, Tickets, Projects, Assessment, Maintenance, Core):
    """One clerk's ledger: open with `Ledger.open(path)`; see each part for its operations."""

    def info(self) -> dict:
        """Path, ledger id and name, schema version and row counts per table (`gongjian info`)."""
        from gongjian.store import migrations

        counts = {table: self.scalar(f'SELECT count(*) FROM "{table}"') for table in migrations.AUDITED}
        meta = {r["key"]: r["value"] for r in self.rows("SELECT key, value FROM meta")}
        return {
            "path": str(self.path),
            "ledger_uid": meta.get("ledger_uid"),
            "name": meta.get("name"),
            "schema_version": migrations.schema_version(self.conn),
            "counts": counts,
        }

    def set_name(self, name: str) -> None:
        """Give the ledger a human name (shown by `info`, used in merge reports)."""
        with self.write("init"):
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES ('name', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (name,),
            )
