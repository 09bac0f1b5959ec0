"""Profile gongjian's slow paths on the generated city with pyinstrument (the `dev` extra installs it).

    .venv/bin/python -m bench.profile import workbook      # → bench/out/profiles/<workload>.txt and .html
    .venv/bin/python -m bench.profile --cpu import         # → <workload>.cpu.txt: cProfile on CPU time

pyinstrument samples wall time (what the clerk waits for); `--cpu` runs cProfile with `time.process_time`
as its clock, which a busy shared machine disturbs less, and lists the top functions by own and by
cumulative CPU time.

Workloads: `import` (the member roster), `units` (the unit register), `tickets` (the survey) — each also
from its CSV (`import-csv`, `units-csv`, `tickets-csv`) — `workbook` (`assess YEAR -o`),
`report` (`report year`), `summary`, `help` (cold start). Each runs the same command as `bench.run`, on
a fresh copy of the import target where it writes.
"""

from __future__ import annotations

import argparse
import contextlib
import pstats
import shutil
import subprocess
import sys
from pathlib import Path

from bench.context import BENCH, ROOT, child_env
from bench.generate import SCALES, SEED, generate

# the import workloads: kind and file (the member roster is `import`, as before)
IMPORTS = {
    "import": ("members", "roster.xlsx"),
    "import-csv": ("members", "roster.csv"),
    "units": ("units", "units.xlsx"),
    "units-csv": ("units", "units.csv"),
    "tickets": ("tickets", "survey.xlsx"),
    "tickets-csv": ("tickets", "survey.csv"),
}
PROFILES = (*IMPORTS, "workbook", "report", "summary", "help")


def command(workload: str, data: Path, scratch: Path, year: int) -> list[str]:
    """The gongjian arguments of a workload (after `-m gongjian`)."""

    def fresh() -> str:
        target = scratch / "profile.db"
        for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(data / "target.db", target)
        return str(target)

    city = str(data / "city.db")
    if workload in IMPORTS:
        kind, name = IMPORTS[workload]
        return ["--db", fresh(), "import", kind, str(data / name), "--format", "json"]
    return {
        "workbook": lambda: ["--db", city, "assess", str(year), "-o", str(scratch / "profile.xlsx")],
        "report": lambda: ["--db", city, "report", "year", str(year)],
        "summary": lambda: ["--db", city, "summary"],
        "help": lambda: ["--help"],
    }[workload]()


def cpu_child(argv: list[str]) -> None:
    """In the child: run `gongjian ARGS` under cProfile with a CPU-time clock; dump the stats to OUT."""
    import cProfile
    import runpy
    import time

    out, args = argv[0], argv[1:]
    sys.argv = ["gongjian", *args]
    profiler = cProfile.Profile(time.process_time)
    with contextlib.suppress(SystemExit):  # the CLI ends with sys.exit
        profiler.runcall(runpy.run_module, "gongjian", run_name="__main__", alter_sys=True)
    profiler.dump_stats(out)


def cpu_report(stats_path: Path, out: Path, top: int = 40) -> None:
    """The top functions by own CPU time and by cumulative CPU time, as text."""
    with open(out, "w", encoding="utf-8") as fh:
        stats = pstats.Stats(str(stats_path), stream=fh)
        stats.strip_dirs()
        fh.write(f"CPU time (process_time), total {stats.total_tt:.2f} s\n\n== by own time ==\n")
        stats.sort_stats("tottime").print_stats(top)
        fh.write("\n== by cumulative time ==\n")
        stats.sort_stats("cumulative").print_stats(top)


def main(argv: list[str] | None = None) -> None:
    """Profile each named workload; write a text and an HTML report per workload (or a CPU report)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        cpu_child(argv[1:])
        return
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.splitlines()[0])
    parser.add_argument("workloads", nargs="+", choices=PROFILES)
    parser.add_argument("--scale", choices=sorted(SCALES), default="city")
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    parser.add_argument("--cpu", action="store_true", help="cProfile on CPU time instead of pyinstrument")
    args = parser.parse_args(argv)
    scale = SCALES[args.scale]
    data = args.out / scale.name
    generate(data, scale, SEED)
    target = args.out / "profiles"
    target.mkdir(parents=True, exist_ok=True)
    env = child_env(GONGJIAN_TODAY=f"{scale.last_year}-12-31")
    for workload in args.workloads:
        gongjian = command(workload, data, target, scale.last_year)
        if args.cpu:
            stats = target / f"{workload}.pstats"
            subprocess.run(
                [sys.executable, "-m", "bench.profile", "--child", str(stats), *gongjian],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                cwd=ROOT,
            )
            cpu_report(stats, target / f"{workload}.cpu.txt")
            print(f"{workload}: {target / (workload + '.cpu.txt')}")
            continue
        session = target / f"{workload}.pyisession"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pyinstrument",
                "-r",
                "pyisession",
                "-o",
                str(session),
                "-m",
                "gongjian",
                *gongjian,
            ],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        for renderer, suffix in (("text", "txt"), ("html", "html")):
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pyinstrument",
                    "--load",
                    str(session),
                    "-r",
                    renderer,
                    "-o",
                    str(target / f"{workload}.{suffix}"),
                ],
                check=True,
            )
        print(f"{workload}: {target / (workload + '.txt')}")


if __name__ == "__main__":
    main()
