"""Shipped data: demo ledger sources, default assessment rules, templates."""
