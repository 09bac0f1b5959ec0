"""The domain API over one SQLite ledger: the parts of the ledger, composed over one store.

`Ledger.open(path)` opens the store (`gongjian.store.db.Store`) and gives each part of the domain its
share of it: `ledger.roster`, `ledger.committees`, `ledger.records`, `ledger.members`, `ledger.tickets`, `ledger.needs`,
`ledger.projects`, `ledger.meetings`, `ledger.assessment`, `ledger.audit`, `ledger.maintenance`. A part
reaches another part only through its public methods, handed to it here; the figures and listings
built from several parts live in `gongjian.reports`. The ledger never prints.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from gongjian.assessment.assessment import Assessment
from gongjian.projects.meetings import Meetings
from gongjian.projects.needs import Needs
from gongjian.projects.projects import Projects
from gongjian.reading.specs import SPECS
from gongjian.records.members import Members
from gongjian.records.records import Records
from gongjian.roster.committees import Committees
from gongjian.roster.roster import Roster
from gongjian.store.audit import Audit
from gongjian.store.db import Store
from gongjian.store.maintenance import Maintenance
from gongjian.tickets.tickets import Tickets

# Which part imports each kind (`gongjian import KIND`): `import_<kind>_batch`, else `import_<kind>` per row.
IMPORT_PARTS = {
    "communities": "roster",
    "units": "roster",
    "pairings": "roster",
    "agreements": "roster",
    "activities": "records",
    "contributions": "records",
    "members": "members",
    "services": "members",
    "tickets": "tickets",
    "needs": "needs",
    "resources": "needs",
    "projects": "projects",
    "meetings": "meetings",
    "committee_seats": "committees",
    "member_registrations": "members",
}

Importer = Callable[..., Any]


class Ledger:
    """One clerk's ledger: open with `Ledger.open(path)`; its parts hold the operations."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.roster = Roster(store)
        self.committees = Committees(store, self.roster)
        self.needs = Needs(store, self.roster)
        self.projects = Projects(store, self.roster, self.needs)
        self.meetings = Meetings(store, self.roster)
        self.records = Records(store, self.roster, self.projects)
        self.members = Members(store, self.roster, self.records)
        self.tickets = Tickets(store, self.roster)
        self.assessment = Assessment(store, self.roster)
        self.audit = Audit(store)
        self.maintenance = Maintenance(store)

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        create: bool = False,
        readonly: bool = False,
        progress: Callable[[str, int, int | None], None] | None = None,
    ) -> Ledger:
        """Open (or with `create`, create) a ledger, applying pending migrations; see PRODUCT §8. `progress`
        is told `("upgrade", 0, None)` when an older ledger is being upgraded."""
        return cls(Store.open(path, create=create, readonly=readonly, progress=progress))

    def close(self) -> None:
        """Close the ledger's connection."""
        self.store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ importing
    @staticmethod
    def importable_kinds() -> list[str]:
        """The kinds `gongjian import` takes: a registered spec and a part that imports it."""
        return [kind for kind in SPECS if kind in IMPORT_PARTS]

    def importer(self, kind: str) -> tuple[Importer | None, Importer | None]:
        """The (per-row, batch) import functions of a kind: `import_<kind>` and `import_<kind>_batch`."""
        part = getattr(self, IMPORT_PARTS.get(kind, ""), None)
        if part is None:
            return None, None
        return getattr(part, f"import_{kind}", None), getattr(part, f"import_{kind}_batch", None)
