"""Timing children: wall time and the peak RSS of each child process, results and machine facts.

Each timed command runs as its own process (`run_child`), reaped with `os.wait4` so its peak resident
memory is its own, not the largest of all children. A task that times its inner work itself prints one
line `BENCH_JSON {...}` on stdout; `Sample.payload` holds it.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MARK = "BENCH_JSON "


class Unavailable(Exception):
    """A workload (or one of its contenders) that cannot run here; the reason goes into the results."""


@dataclass
class Sample:
    """One run of a child process."""

    seconds: float
    rss_mb: float
    returncode: int
    stdout: str
    stderr: str
    payload: dict[str, Any] | None = None
    cpu: float | None = None  # user + system seconds of the child

    def check(self, what: str) -> Sample:
        """This sample, or `Unavailable` naming the command's failure (its last stderr line)."""
        if self.returncode != 0:
            lines = [x for x in (self.stderr or self.stdout).strip().splitlines() if x.strip()]
            raise Unavailable(f"{what} exited {self.returncode}: {lines[-1][:200] if lines else 'no output'}")
        return self


TIME = Path("/usr/bin/time")  # GNU time: the child's own peak RSS


def run_child(
    argv: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 1800
) -> Sample:
    """Run one command to completion; its wall time, peak RSS (MB), exit code, output and JSON payload.

    The peak RSS comes from GNU time when it is installed: a child forked from this (large) process counts
    the parent's pages in its own `ru_maxrss` until it execs, while one forked from `time` does not.
    """
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r", suffix=".rss") as rss,
    ):
        command = [str(TIME), "-f", "%M %U %S", "-o", rss.name, *argv] if TIME.exists() else argv
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env, cwd=cwd
            )
        except OSError as exc:
            raise Unavailable(f"cannot run {argv[0]}: {exc}") from None
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
        kib, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
        if TIME.exists():
            found = [line.split() for line in rss.read().splitlines() if line.strip()[:1].isdigit()]
            if found and len(found[-1]) == 3:
                kib, cpu = int(found[-1][0]), float(found[-1][1]) + float(found[-1][2])
            if proc.returncode != 0 and stderr.startswith("Command exited with non-zero status"):
                stderr = stderr.split("\n", 1)[-1]
    payload = None
    for line in reversed(stdout.splitlines()):
        if line.startswith(MARK):
            payload = json.loads(line[len(MARK) :])
            break
    return Sample(seconds, kib / 1024, proc.returncode, stdout, stderr, payload, cpu)


class Clock:
    """Wall and CPU seconds of this process since the clock was made."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def read(self) -> dict[str, float]:
        """{"seconds": wall, "cpu": user + system of this process} since the start."""
        return {"seconds": time.perf_counter() - self.wall, "cpu": time.process_time() - self.cpu}


def emit(payload: dict[str, Any]) -> None:
    """Print a task's result for the parent (`Sample.payload`)."""
    print(MARK + json.dumps(payload, ensure_ascii=False), flush=True)


# ---------------------------------------------------------------------------- results
@dataclass
class Row:
    """One contender of one workload: its samples (seconds) and peak memory."""

    workload: str
    role: str  # floor | peer | gongjian | info
    label: str
    seconds: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    cpu: list[float] = field(
        default_factory=list
    )  # CPU seconds of the same runs (steadier on a busy machine)
    note: str = ""
    unavailable: str | None = None
    ratio: float | None = None  # to the workload's floor

    @property
    def median(self) -> float | None:
        """The median of the samples, None when there are none."""
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def cpu_median(self) -> float | None:
        """The median CPU seconds, None when not measured."""
        return statistics.median(self.cpu) if self.cpu else None

    @property
    def peak_mb(self) -> float | None:
        """The largest peak RSS over the runs (MB), None when not measured."""
        return max(self.rss_mb) if self.rss_mb else None


@dataclass
class Target:
    """One PRODUCT §9 target, as measured."""

    name: str
    measured: float | None
    limit: float
    unit: str  # "×" (ratio) or "s" or "MB"
    why: str = ""

    @property
    def passed(self) -> bool | None:
        """True when within the limit; None when it could not be measured."""
        return None if self.measured is None else self.measured <= self.limit

    def verdict(self) -> str:
        """pass / FAIL / n/a."""
        return {True: "pass", False: "FAIL", None: "n/a"}[self.passed]


def fmt_seconds(value: float | None) -> str:
    """Seconds for the table: 3 significant places."""
    if value is None:
        return "—"
    return f"{value:.3f}" if value < 1 else f"{value:.2f}" if value < 100 else f"{value:.0f}"


# ---------------------------------------------------------------------------- the machine
def machine() -> dict[str, str]:
    """nproc, memory, CPU model, OS, Python and SQLite versions."""
    import sqlite3

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                break
    except OSError:
        pass
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    return {
        "nproc": str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()),
        "memory": memory,
        "cpu": cpu,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "load average at start": load,
    }


def versions(names: list[str]) -> dict[str, str]:
    """Installed versions of the named distributions in this interpreter."""
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in names:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out
