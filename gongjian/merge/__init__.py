"""Merging several clerks' ledgers into one (PRODUCT §10)."""
