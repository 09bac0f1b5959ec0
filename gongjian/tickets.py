"""The problem ledger (问题台账): numbered tickets, their workflow and events, grid management."""

from __future__ import annotations


class Tickets:
    """Mixed into `Ledger`; shares the core's connection and transactions."""
