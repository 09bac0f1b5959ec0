"""Keeping the ledger safe: backup, restore, doctor, audit log and undo, export."""

from __future__ import annotations


class Maintenance:
    """Mixed into `Ledger`; shares the core's connection and transactions."""
