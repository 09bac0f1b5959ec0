"""Contract projects (契约化共建: needs, resources, projects, claims, tasks) and joint meetings (联席会议)."""

from __future__ import annotations


class Projects:
    """Mixed into `Ledger`; shares the core's connection and transactions."""
