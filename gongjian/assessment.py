"""The annual assessment (年度考评): community ratings, scoring under the rules, finalising a year."""

from __future__ import annotations


class Assessment:
    """Mixed into `Ledger`; shares the core's connection and transactions."""
