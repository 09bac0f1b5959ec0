"""Catalog entries of the merge part: key -> (中文, English)."""

LABELS: dict[str, tuple[str, str]] = {}

MESSAGES: dict[str, tuple[str, str]] = {}
