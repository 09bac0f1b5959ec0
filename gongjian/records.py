"""Activities (活动), funds and in-kind support (资金物资), in-service party members (在职党员) and their services."""

from __future__ import annotations


class Records:
    """Mixed into `Ledger`; shares the core's connection and transactions."""
