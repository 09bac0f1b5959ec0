"""What every workload of `bench.run` shares: where the project and the bench live, the run's context
(data, interpreters, runs, the results so far) and the environment of a timed child."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.city import Scale
from bench.measure import Row, Target

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


@dataclass
class Context:
    """What every workload needs: the data, the interpreters, how many runs, and the results so far."""

    scale: Scale
    data: Path  # the generated files of the scale
    tiny: Path  # a tiny ledger for the cold start of `summary`
    work: Path  # scratch copies
    runs: int
    slow_runs: int
    peers_python: Path | None
    peers_reason: str
    manifest: dict[str, Any]
    rows: list[Row] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    log: Callable[[str], None] = print

    @property
    def python(self) -> str:
        """The project's interpreter (gongjian, its floors)."""
        return sys.executable

    def gongjian(self, *args: str) -> list[str]:
        """`python -m gongjian ARGS` in the project's interpreter."""
        return [self.python, "-m", "gongjian", *args]

    def task(self, *args: str) -> list[str]:
        """`python -m bench.tasks ARGS` in the project's interpreter."""
        return [self.python, "-m", "bench.tasks", *args]

    def fresh(self, source: Path, name: str) -> Path:
        """A fresh copy of a ledger in the scratch folder (untimed)."""
        target = self.work / name
        for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(source, target)
        return target


def child_env(**extra: str) -> dict[str, str]:
    """The environment of every timed child: no colour, a fixed width, no ledger from the caller."""
    env = {k: v for k, v in os.environ.items() if k not in ("GONGJIAN_DB", "GONGJIAN_TODAY", "FORCE_COLOR")}
    env.update(NO_COLOR="1", COLUMNS="120", PYTHONDONTWRITEBYTECODE="1", **extra)
    return env
