"""Catalog parts: each module holds `MESSAGES` and `LABELS` of one part of the product."""
