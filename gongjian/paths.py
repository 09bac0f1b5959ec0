"""Where the shipped data lives (demo sources, default rules, templates): the `data/` folder."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def data_path(*parts: str) -> Path:
    """A path inside the shipped `data/` folder (installed as the `gongjian.data` package)."""
    node = files("gongjian.data")
    for part in parts:
        node = node.joinpath(part)
    return Path(str(node))
