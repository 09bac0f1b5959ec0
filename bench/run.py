"""One command for PRODUCT §9: each workload's floor, peers and gongjian, as ratios measured in one run.

    .venv/bin/python -m bench.run            # the city (first run also generates it: a few minutes)
    .venv/bin/python -m bench.run --quick    # a smoke run on a small city, one run each

Workloads: importing units (50,000), members (100,000) and tickets (20,000) from xlsx and CSV against
their physical floors, the annual assessment workbook of the whole city, `report year` and `summary`,
cold start, and `search` (its query time, and what its index costs an import). Each timed command is its
own process (peak RSS per
process); the median of `--runs` runs is reported (slow contenders that no target depends on run once).
The table is printed and written to `bench/RESULTS.md` (a quick run writes `bench/out/RESULTS-quick.md`)
with the machine and package versions. A workload that cannot run is reported as "not available: why".
"""

from __future__ import annotations

import argparse
import compileall
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from bench.context import BENCH, ROOT, Context, child_env
from bench.generate import SCALES, SEED, generate
from bench.measure import Row, Sample, Target, Unavailable, fmt_seconds, machine, run_child, versions
from bench.report import print_summary, render

PEERS_VENV = BENCH / ".venv-peers"
PEER_PACKAGES = ("pandas", "openpyxl", "python-calamine")
PROJECT_PACKAGES = [
    "gongjian",
    "typer",
    "rich",
    "sqlite-utils",
    "pydantic",
    "python-calamine",
    "openpyxl",
    "xlsxwriter",
    "platformdirs",
]
WORKLOADS = ("import", "workbook", "reports", "startup", "search")
MINIMAL_APP = '''"""A minimal two-command Typer app: the cold-start yardstick of PRODUCT §9."""
import typer

app = typer.Typer(help="Minimal app")


@app.command()
def hello(name: str = typer.Argument(..., help="who")) -> None:
    """Say hello."""
    typer.echo(f"hello {name}")


@app.command()
def bye(name: str = typer.Option("you", help="who")) -> None:
    """Say goodbye."""
    typer.echo(f"bye {name}")


if __name__ == "__main__":
    app()
'''


def measure(
    ctx: Context,
    row: Row,
    argv: Callable[[], list[str]],
    *,
    runs: int | None = None,
    inner: bool = False,
    check: Callable[[Sample], None] | None = None,
    env: dict[str, str] | None = None,
) -> Row:
    """Run a contender `runs` times (each its own process); record wall (or inner) seconds and peak RSS."""
    ctx.rows.append(row)
    try:
        for _ in range(runs or ctx.runs):
            sample = run_child(argv(), env=env or child_env(), cwd=ROOT).check(row.label)
            if check is not None:
                check(sample)
            if inner:
                if sample.payload is None:
                    raise Unavailable(f"{row.label} reported no timing")
                row.seconds.append(sample.payload["seconds"])
                if "cpu" in sample.payload:
                    row.cpu.append(sample.payload["cpu"])
            else:
                row.seconds.append(sample.seconds)
                if sample.cpu is not None:
                    row.cpu.append(sample.cpu)
            row.rss_mb.append(sample.rss_mb)
    except Unavailable as exc:
        row.unavailable = str(exc)
        row.seconds.clear()
    ctx.log(
        f"  {row.label}: "
        + (
            f"not available: {row.unavailable}"
            if row.unavailable
            else f"{fmt_seconds(row.median)} s (runs {', '.join(fmt_seconds(s) for s in row.seconds)})"
        )
    )
    return row


def ratio(value: float | None, base: float | None) -> float | None:
    """value / base, None when either is missing."""
    return value / base if value is not None and base else None


def cpu_note(row: Row, floor: Row) -> str:
    """The same ratio in CPU seconds (steadier than wall time on a busy machine)."""
    value = ratio(row.cpu_median, floor.cpu_median)
    return f"in CPU seconds {value:.2f}×" if value is not None else ""


# ---------------------------------------------------------------------------- import
# kind, file stem, rows above the first record in the xlsx (title, header) and in the CSV (header)
IMPORTS = (("units", "units", 1, 1), ("members", "roster", 2, 1), ("tickets", "survey", 2, 1))
IMPORT_LIMIT = 2.5  # × the physical floor (issue #19; PRODUCT §9's goal is 1.5×)
RSS_LIMIT = 300  # MB, for the 100,000-row roster


def workload_import(ctx: Context) -> None:
    """Every import kind in xlsx and CSV against its physical floor; the pandas and sqlite-utils peers of
    the member roster."""
    for kind, stem, skip_xlsx, skip_csv in IMPORTS:
        rows = ctx.manifest["sheets"].get(f"{stem}.xlsx")
        if rows is None:
            continue
        name = f"import {kind} ({rows:,} rows)"
        ctx.log(name)
        for fmt, skip in (("xlsx", skip_xlsx), ("csv", skip_csv)):
            import_one(ctx, name, kind, ctx.data / f"{stem}.{fmt}", rows, skip)
        if kind == "members":
            member_peers(ctx, name)
    members = [r for r in ctx.rows if r.role == "gongjian" and r.label.startswith("gongjian import members")]
    peak = max((r.peak_mb or 0 for r in members), default=0) or None
    ctx.targets.append(
        Target("import members: peak RSS", peak, RSS_LIMIT, "MB", "the larger of xlsx and CSV")
    )


def import_one(ctx: Context, name: str, kind: str, path: Path, rows: int, skip: int) -> None:
    """One file: its physical floor (fastest reader + one executemany into a bare table) and gongjian."""
    reader = "python-calamine" if path.suffix == ".xlsx" else "csv module"
    floor = measure(
        ctx,
        Row(name, "floor", f"FLOOR {path.name}: {reader} + one executemany, bare table"),
        lambda: ctx.task("floor", "--db", str(ctx.work / "floor.db"), "--skip", str(skip), str(path)),
        inner=True,
    )

    def imported(sample: Sample) -> None:
        report = json.loads(sample.stdout)
        if report["inserted"] != rows or report["rejected"]:
            raise Unavailable(
                f"gongjian inserted {report['inserted']} of {rows} rows, rejected {report['rejected']}"
            )

    gj = measure(
        ctx,
        Row(name, "gongjian", f"gongjian import {kind} {path.name}"),
        lambda: ctx.gongjian(
            "--db",
            str(ctx.fresh(ctx.data / "target.db", "gongjian.db")),
            "import",
            kind,
            str(path),
            "--format",
            "json",
        ),
        check=imported,
    )
    floor.ratio = 1.0 if floor.median else None
    gj.ratio = ratio(gj.median, floor.median)
    gj.note = cpu_note(gj, floor) + " (whole process, start-up included)"
    store_floor(ctx, name, kind, path, floor)
    fmt = path.suffix.lstrip(".")
    ctx.targets.append(
        Target(
            f"import {kind} ({fmt}): gongjian ÷ physical floor",
            gj.ratio,
            IMPORT_LIMIT,
            "×",
            cpu_note(gj, floor),
        )
    )


def store_floor(ctx: Context, name: str, kind: str, path: Path, floor: Row) -> None:
    """An info row beside the physical floor: the same read, then the rows gongjian stored written by
    `Store.bulk_insert` alone (keys, constraints, audit rows, search index; no start-up, no import logic)."""
    imported = ctx.work / "gongjian.db"
    if not imported.exists():
        return
    rows = ctx.work / f"stored-{kind}.pickle"
    run_child(
        ctx.task(
            "stored-rows",
            "--before",
            str(ctx.data / "target.db"),
            "--after",
            str(imported),
            "--kind",
            kind,
            str(rows),
        ),
        env=child_env(),
        cwd=ROOT,
    ).check("stored rows")
    stored = measure(
        ctx,
        Row(name, "info", f"STORE {path.name}: same read + Store.bulk_insert of the rows gongjian stored"),
        lambda: ctx.task(
            "store-floor",
            "--db",
            str(ctx.fresh(ctx.data / "target.db", "store.db")),
            "--rows",
            str(rows),
            str(path),
        ),
        inner=True,
    )
    stored.ratio = ratio(stored.median, floor.median)
    stored.note = (
        cpu_note(stored, floor) + "; what the ledger's keys, audit and search index cost with no import logic"
    )


def member_peers(ctx: Context, name: str) -> None:
    """pandas read_excel + to_sql and sqlite-utils insert --csv on the member roster (PRODUCT §9)."""
    xlsx, csv = ctx.data / "roster.xlsx", ctx.data / "roster.csv"
    target = ctx.data / "target.db"
    gj = next(r for r in ctx.rows if r.label == "gongjian import members roster.xlsx")
    gj_csv = next(r for r in ctx.rows if r.label == "gongjian import members roster.csv")
    floor = next(r for r in ctx.rows if r.label.startswith("FLOOR roster.xlsx"))
    # pandas as a clerk calls it (read_excel's default engine for xlsx is openpyxl), and with calamine
    pandas_default = Row(name, "peer", "pandas read_excel (default engine: openpyxl) + to_sql")
    pandas_calamine = Row(name, "info", "pandas read_excel (engine='calamine') + to_sql")
    if ctx.peers_python is None:
        for row in (pandas_default, pandas_calamine):
            row.unavailable = ctx.peers_reason
            ctx.rows.append(row)
    else:
        for row, engine, runs in (
            (pandas_default, "openpyxl", ctx.slow_runs),
            (pandas_calamine, "calamine", ctx.slow_runs),
        ):
            measure(
                ctx,
                row,
                lambda engine=engine: [
                    str(ctx.peers_python),
                    "-m",
                    "bench.peers",
                    "--engine",
                    engine,
                    str(xlsx),
                    str(ctx.fresh(target, "peer.db")),
                ],
                runs=runs,
            )
            row.ratio = ratio(row.median, floor.median)
    # the project's own (its dev extra): no pandas beside it; a peer like the others under --no-peers
    sqlite_utils = Path(ctx.python).parent / "sqlite-utils"
    sqlite_csv = Row(name, "peer", "sqlite-utils insert --csv")
    if ctx.peers_python is None or not sqlite_utils.exists():
        sqlite_csv.unavailable = (
            ctx.peers_reason if ctx.peers_python is None else "pip install -e '.[dev]' first"
        )
        ctx.rows.append(sqlite_csv)
    else:
        measure(
            ctx,
            sqlite_csv,
            lambda: [
                str(sqlite_utils),
                "insert",
                str(ctx.fresh(target, "peer.db")),
                "roster",
                str(csv),
                "--csv",
            ],
            runs=ctx.slow_runs,
        )
    stricter = ratio(gj.median, pandas_calamine.median)
    ctx.targets += [
        Target(
            "import members: gongjian ÷ pandas read_excel + to_sql",
            ratio(gj.median, pandas_default.median),
            1.0,
            "×",
            "must be < 1; "
            + (f"against pandas with engine='calamine': {stricter:.2f}×" if stricter is not None else ""),
        ),
        Target(
            "import members (CSV): gongjian ÷ sqlite-utils insert --csv",
            ratio(gj_csv.median, sqlite_csv.median),
            1.0,
            "×",
            "must be < 1; both read roster.csv",
        ),
    ]


# ---------------------------------------------------------------------------- workbook
def workload_workbook(ctx: Context) -> None:
    """The annual assessment workbook of the whole city against writers of the same cells."""
    year = ctx.scale.last_year
    name = f"assessment workbook {year} (whole city)"
    ctx.log(name)
    city = ctx.data / "city.db"
    book = ctx.work / "assess.xlsx"
    gj = measure(
        ctx,
        Row(name, "gongjian", f"gongjian assess {year} -o FILE.xlsx"),
        lambda: ctx.gongjian("--db", str(city), "assess", str(year), "-o", str(book)),
    )
    if gj.unavailable:
        ctx.targets.append(Target("workbook: gongjian ÷ xlsxwriter floor", None, 1.3, "×", gj.unavailable))
        return
    cells = ctx.work / "cells.pickle"
    shape = run_child(ctx.task("dump-cells", str(book), str(cells)), env=child_env(), cwd=ROOT).check(
        "dump-cells"
    )
    sheets = shape.payload["sheets"]
    ctx.notes.append(
        f"The {year} workbook has {len(sheets)} sheets and {shape.payload['cells']:,} non-empty cells: "
        + ", ".join(f"{n} {r:,}×{c}" for n, (r, c) in sheets.items())
        + ". The floors write exactly these values (dates as date cells, no other formats, no charts)."
    )
    floor = measure(
        ctx,
        Row(name, "floor", "FLOOR = xlsxwriter constant_memory, same cells"),
        lambda: ctx.task("write-cells", "--engine", "xlsxwriter", str(cells), str(ctx.work / "floor.xlsx")),
        inner=True,
    )
    measure(
        ctx,
        Row(name, "peer", "openpyxl write-only, same cells"),
        lambda: ctx.task("write-cells", "--engine", "openpyxl", str(cells), str(ctx.work / "openpyxl.xlsx")),
        inner=True,
        runs=ctx.slow_runs,
    )
    for row in ctx.rows:
        if row.workload == name:
            row.ratio = ratio(row.median, floor.median)
    ctx.targets.append(
        Target(
            "workbook: gongjian ÷ xlsxwriter floor",
            gj.ratio,
            1.3,
            "×",
            "whole `assess -o` process against the floor's write time; " + cpu_note(gj, floor),
        )
    )


# ---------------------------------------------------------------------------- report and summary
def workload_reports(ctx: Context) -> None:
    """Query time (in-process, fresh ledger each run) and whole-process time of `report year` and `summary`."""
    year = ctx.scale.last_year
    today = f"{year}-12-31"
    name = f"report year {year} / summary (city ledger)"
    ctx.log(name)
    city = ctx.data / "city.db"
    env = child_env(GONGJIAN_TODAY=today)
    row_q = Row(name, "gongjian", "query time: report year (reports.assessment.year_report)")
    row_s = Row(name, "gongjian", "query time: summary (summary.digest)")
    row_a = Row(name, "info", "query time: assess (scores of every unit)")
    ctx.rows += [row_q, row_s, row_a]
    try:
        sample = run_child(
            ctx.task(
                "queries",
                "--db",
                str(city),
                "--year",
                str(year),
                "--today",
                today,
                "--runs",
                str(max(ctx.runs, 3)),
            ),
            env=env,
            cwd=ROOT,
        ).check("queries")
        for row, key in ((row_q, "report"), (row_s, "summary"), (row_a, "assess")):
            row.seconds = sample.payload[key]["runs"]
            row.cpu = sample.payload[key]["cpu"]
            row.note = f"first call {fmt_seconds(sample.payload[key]['first'])} s"
    except Unavailable as exc:
        for row in (row_q, row_s, row_a):
            row.unavailable = str(exc)
    for row in (row_q, row_s, row_a):
        ctx.log(f"  {row.label}: {row.unavailable or fmt_seconds(row.median) + ' s'}")
    measure(
        ctx,
        Row(name, "gongjian", f"process: gongjian report year {year}"),
        lambda: ctx.gongjian("--db", str(city), "report", "year", str(year)),
        env=env,
    )
    measure(
        ctx,
        Row(name, "gongjian", "process: gongjian summary"),
        lambda: ctx.gongjian("--db", str(city), "summary"),
        env=env,
    )
    process = next(
        x for x in ctx.rows if x.workload == name and x.label.startswith("process: gongjian report")
    )
    ctx.targets += [
        Target("report year: query time", row_q.median, 0.2, "s"),
        Target("report year: whole process", process.median, 0.6, "s", "`gongjian report year` to a pipe"),
        Target("summary: query time", row_s.median, 0.2, "s"),
    ]


# ---------------------------------------------------------------------------- cold start
def workload_startup(ctx: Context) -> None:
    """Cold start of gongjian against a minimal two-command Typer app."""
    name = "cold start"
    ctx.log(name)
    runs = 1 if ctx.runs == 1 else max(5, ctx.runs * 2 + 1)  # start-up is short and noisy: more runs
    app = ctx.work / "minimal_app.py"
    app.write_text(MINIMAL_APP, encoding="utf-8")
    script = Path(ctx.python).parent / "gongjian"
    gongjian = [str(script)] if script.exists() else ctx.gongjian()
    env = child_env(GONGJIAN_TODAY=f"{ctx.scale.last_year}-12-31")
    measure(ctx, Row(name, "info", "python -c pass"), lambda: [ctx.python, "-c", "pass"], runs=runs)
    measure(
        ctx,
        Row(name, "info", "python -c 'import typer'"),
        lambda: [ctx.python, "-c", "import typer"],
        runs=runs,
    )
    floor = measure(
        ctx,
        Row(name, "floor", "FLOOR = minimal two-command Typer app --help"),
        lambda: [ctx.python, str(app), "--help"],
        runs=runs,
    )
    rows = [
        measure(ctx, Row(name, "gongjian", "gongjian --help"), lambda: [*gongjian, "--help"], runs=runs),
        measure(
            ctx, Row(name, "gongjian", "gongjian --version"), lambda: [*gongjian, "--version"], runs=runs
        ),
        measure(
            ctx,
            Row(name, "gongjian", "gongjian summary (tiny ledger)"),
            lambda: [*gongjian, "--db", str(ctx.tiny / "city.db"), "summary"],
            runs=runs,
            env=env,
        ),
    ]
    for row in ctx.rows:
        if row.workload == name:
            row.ratio = ratio(row.median, floor.median)
    for row, what in zip(rows, ("--help", "--version", "summary"), strict=True):
        ctx.targets.append(Target(f"cold start: gongjian {what} ÷ minimal Typer app", row.ratio, 1.5, "×"))


# ---------------------------------------------------------------------------- search
SEARCH_LIMIT = 0.05  # seconds: the target for one search on the city ledger
INDEX_COST_LIMIT = 1.15  # an import with the search index at most 15 % slower than without it


def without_search_index(path: Path) -> None:
    """Drop the search index from a ledger copy (its triggers, views and tables): the import baseline."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        found = conn.execute(
            "SELECT type, name FROM sqlite_master WHERE name LIKE 'search\\_%' ESCAPE '\\' "
            "AND type IN ('trigger', 'view')"
        ).fetchall()
        for kind, name in found:
            conn.execute(f'DROP {kind.upper()} "{name}"')
        conn.execute("DROP TABLE IF EXISTS search_terms")
        conn.execute("DROP TABLE IF EXISTS search_index")
        conn.commit()
    finally:
        conn.close()


def workload_search(ctx: Context) -> None:
    """`gongjian search` on the city ledger, and importing the roster and the survey with and without its index."""
    year = ctx.scale.last_year
    name = "search (city ledger)"
    ctx.log(name)
    city = ctx.data / "city.db"
    rows: dict[str, Row] = {}
    try:
        sample = run_child(
            ctx.task("search", "--db", str(city), "--year", str(year), "--runs", str(max(ctx.runs, 5))),
            env=child_env(),
            cwd=ROOT,
        ).check("search")
        for label, timing in sample.payload.items():
            kind = "info" if label.endswith("(info)") else "gongjian"
            row = Row(name, kind, f"query time: search {label} ({timing['total']:,} hits)")
            row.seconds = timing["runs"]
            rows[label] = row
            ctx.rows.append(row)
            ctx.log(f"  {row.label}: {fmt_seconds(row.median)} s")
    except Unavailable as exc:
        row = Row(name, "gongjian", "query time: search")
        row.unavailable = str(exc)
        ctx.rows.append(row)
    typical = [r for label, r in rows.items() if not label.endswith("(info)") and r.median is not None]
    slowest = max(typical, key=lambda r: r.median) if typical else None
    ctx.targets.append(
        Target(
            "search: slowest typical query (median)",
            slowest.median if slowest else None,
            SEARCH_LIMIT,
            "s",
            slowest.label.removeprefix("query time: ") if slowest else "",
        )
    )
    target = ctx.data / "target.db"
    bare = ctx.work / "target-without-search.db"
    shutil.copyfile(target, bare)
    without_search_index(bare)
    for what, sheet, kind in (
        (f"import members ({ctx.manifest['sheets']['roster.xlsx']:,} rows)", "roster.xlsx", "members"),
        (f"import tickets ({ctx.manifest['sheets']['survey.xlsx']:,}-row survey)", "survey.xlsx", "tickets"),
    ):
        label = f"{what}: with the search index ÷ without"
        ctx.log(label)
        with_index = Row(label, "gongjian", f"gongjian import {kind} (with the index)")
        without = Row(label, "floor", f"gongjian import {kind} (without the index)")
        ctx.rows += [with_index, without]
        try:  # alternately, so that the load of a shared machine weighs on both alike
            for _ in range(ctx.runs):
                for row, source, suffix in ((with_index, target, "with"), (without, bare, "without")):
                    copy = ctx.fresh(source, f"search-{suffix}.db")
                    argv = ctx.gongjian(
                        "--db", str(copy), "import", kind, str(ctx.data / sheet), "--format", "json"
                    )
                    sample = run_child(argv, env=child_env(), cwd=ROOT).check(row.label)
                    row.seconds.append(sample.seconds)
                    row.rss_mb.append(sample.rss_mb)
                    if sample.cpu is not None:
                        row.cpu.append(sample.cpu)
        except Unavailable as exc:
            for row in (with_index, without):
                row.unavailable, row.seconds = str(exc), []
        for row in (with_index, without):
            ctx.log(f"  {row.label}: {row.unavailable or fmt_seconds(row.median) + ' s'}")
        # What the index costs is the import's own work: CPU seconds (median of the alternating runs). On a
        # shared machine the wall time mostly measures the other processes; it is noted beside.
        with_index.ratio = ratio(with_index.median, without.median)
        without.ratio = 1.0 if without.median else None
        cpu = ratio(with_index.cpu_median, without.cpu_median)
        fastest = ratio(min(with_index.seconds, default=None), min(without.seconds, default=None))
        note = (
            f"CPU seconds, {ctx.runs} alternating runs each; wall time: medians {with_index.ratio or 0:.2f}×"
        )
        note += f", fastest runs {fastest:.2f}×" if fastest is not None else ""
        ctx.targets.append(Target(f"search index: {what} with ÷ without", cpu, INDEX_COST_LIMIT, "×", note))


RUNNERS = {
    "import": workload_import,
    "workbook": workload_workbook,
    "reports": workload_reports,
    "startup": workload_startup,
    "search": workload_search,
}


# ---------------------------------------------------------------------------- the peers' environment
def ensure_peers(log: Callable[[str], None]) -> tuple[Path | None, str]:
    """bench/.venv-peers with pandas, openpyxl and python-calamine (created on first use)."""
    python = PEERS_VENV / "bin" / "python"
    try:
        if not python.exists():
            log(f"creating {PEERS_VENV.relative_to(ROOT)} (pandas, openpyxl, python-calamine) …")
            base = getattr(sys, "_base_executable", None) or sys.executable  # the interpreter under our venv
            subprocess.run(
                [base, "-m", "venv", str(PEERS_VENV)], check=True, capture_output=True, timeout=300
            )
        probe = subprocess.run(
            [str(python), "-c", "import pandas, openpyxl, python_calamine"], capture_output=True, timeout=120
        )
        if probe.returncode != 0:
            subprocess.run(
                [str(python), "-m", "pip", "install", "-q", *PEER_PACKAGES],
                check=True,
                capture_output=True,
                timeout=900,
            )
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        reason = detail.decode("utf-8", "replace").strip().splitlines()[-1:] or [str(exc)]
        return None, f"peers venv unavailable: {reason[0][:160]}"
    return python, ""


def peer_versions(python: Path | None) -> dict[str, str]:
    """Versions of the peers' packages in their own environment."""
    if python is None:
        return {}
    code = f"import json, importlib.metadata as m; print(json.dumps({{n: m.version(n) for n in {list(PEER_PACKAGES)!r}}}))"
    try:
        return json.loads(
            subprocess.run(
                [str(python), "-c", code], capture_output=True, text=True, timeout=60, check=True
            ).stdout
        )
    except (OSError, subprocess.SubprocessError, ValueError):
        return {}


def main(argv: list[str] | None = None) -> int:
    """Generate (or reuse) the city, run the workloads, print the table and write the results file."""
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: small city, one run each")
    parser.add_argument("--scale", choices=sorted(SCALES), help="city (default) | small (--quick) | tiny")
    parser.add_argument("--runs", type=int, help="runs per contender (default 3; --quick 1)")
    parser.add_argument("--only", help=f"comma-separated workloads: {','.join(WORKLOADS)}")
    parser.add_argument("--no-peers", action="store_true", help="skip the pandas peers (no virtual env)")
    parser.add_argument("--out", type=Path, default=BENCH / "out", help="generated data and scratch files")
    parser.add_argument("--results", type=Path, help="results file (default bench/RESULTS.md)")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the city even if up to date")
    args = parser.parse_args(argv)
    scale = SCALES[args.scale or ("small" if args.quick else "city")]
    runs = args.runs or (1 if args.quick else 3)
    only = [w.strip() for w in (args.only or ",".join(WORKLOADS)).split(",") if w.strip()]
    unknown = set(only) - set(WORKLOADS)
    if unknown:
        parser.error(f"unknown workloads: {', '.join(sorted(unknown))}")
    results = args.results or (args.out / "RESULTS-quick.md" if args.quick else BENCH / "RESULTS.md")

    def log(text: str) -> None:
        print(text, flush=True)

    started, t0 = datetime.now(), time.perf_counter()
    facts = machine()
    # An installed package carries its bytecode (pip compiles it); a fresh checkout has none, and the timed
    # children run with PYTHONDONTWRITEBYTECODE, so each would compile gongjian from source (≈ 0.1–0.3 s).
    compileall.compile_dir(ROOT / "gongjian", quiet=1)
    manifest = generate(args.out / scale.name, scale, SEED, force=args.regenerate, log=log)
    tiny = args.out / "tiny"
    if scale.name != "tiny":
        generate(tiny, SCALES["tiny"], SEED, log=log)
    peers_python, reason = (None, "skipped (--no-peers)") if args.no_peers else ensure_peers(log)
    with tempfile.TemporaryDirectory(prefix="bench-", dir=args.out) as work:
        ctx = Context(
            scale, args.out / scale.name, tiny, Path(work), runs, 1, peers_python, reason, manifest, log=log
        )
        for workload in only:
            RUNNERS[workload](ctx)
    facts.update({f"{k} (project venv)": v for k, v in versions(PROJECT_PACKAGES).items()})
    facts.update({f"{k} (peers venv)": v for k, v in peer_versions(peers_python).items()})
    print_summary(ctx, log)
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(render(ctx, started, time.perf_counter() - t0, argv, facts), encoding="utf-8")
    log(f"\nwritten to {results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
