"""Long work on the city ledger (#23): wall time and peak RSS of exports, listings, the workbook, merge,
backup and doctor, beside SQLite's own `.mode csv` output of the SELECT statements `export all` runs (and of
the raw tables).

    python -m bench.longwork CITY.db WORKDIR [--only NAME …]

CITY.db is copied into WORKDIR (opening the copy upgrades it), every command runs as its own process
(`bench.measure.run_child`: GNU time's peak RSS), and the table goes to stdout and `bench/RESULTS-export.md`.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import sys
from pathlib import Path

from bench.measure import run_child

LIMIT_MB = 300
RESULTS = Path(__file__).with_name("RESULTS-export.md")


def commands(db: Path, out: Path) -> list[tuple[str, list[str], str | None]]:
    """(name, argv, stdout file or None) of each measured command."""
    g = [sys.executable, "-m", "gongjian", "--db", str(db)]
    return [
        (
            "export services -f xlsx",
            [*g, "export", "services", "-f", "xlsx", "-o", str(out / "services.xlsx")],
            None,
        ),
        ("export all (CSV)", [*g, "export", "all", "-o", str(out / "all")], None),
        ("export ticket_events (CSV)", [*g, "export", "ticket_events", "-o", str(out / "te.csv")], None),
        (
            "export services -f json",
            [*g, "export", "services", "-f", "json", "-o", str(out / "services.json")],
            None,
        ),
        (
            "export tickets -f xlsx",
            [*g, "export", "tickets", "-f", "xlsx", "-o", str(out / "tickets.xlsx")],
            None,
        ),
        ("assess 2024 -o 考评.xlsx", [*g, "assess", "2024", "-o", str(out / "考评 2024.xlsx")], None),
        ("ticket list --format json", [*g, "ticket", "list", "--format", "json"], "tickets.json"),
        ("member list --format csv", [*g, "member", "list", "--format", "csv"], "members.csv"),
        ("backup", [*g, "backup", str(out / "backup.db")], None),
        ("doctor --quick", [*g, "doctor", "--quick"], None),
        ("merge (city into an empty ledger)", [*g, "merge", str(db), "--into", str(out / "merged.db")], None),
        (
            "merge again (into the merged ledger)",
            [*g, "merge", str(db), "--into", str(out / "merged.db")],
            None,
        ),
    ]


def sqlite_dumps(db: Path, out: Path) -> list[tuple[str, list[str], str | None]]:
    """SQLite's own shell writing, as CSV, one file per table `export all` writes: the export's own SELECT
    statements (`reports.export.csv_select`: the same joined names, lists and masking, in SQL) — the honest
    floor of `export all` — and the raw tables (`SELECT *`) beside it."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from datetime import date

    from gongjian.ledger import Ledger
    from gongjian.reports.export import csv_select
    from gongjian.reports.listings import KINDS, kind_of

    with Ledger.open(db, readonly=True) as ledger:
        selects = {kind: csv_select(kind_of(ledger, kind)) for kind in KINDS}
    dumps = []
    for name, query in (
        ("same SELECTs", lambda kind: selects[kind]),
        ("raw tables", lambda kind: f'SELECT * FROM "{kind}"'),
    ):
        folder = out / f"sqlite-csv-{name.replace(' ', '-')}"
        folder.mkdir(exist_ok=True)
        script = out / f"dump-{name.replace(' ', '-')}.sql"
        lines = [".mode csv", ".headers on", f".parameter set :today '{date.today().isoformat()}'"]
        for kind in KINDS:
            lines += [f".output {folder / (kind + '.csv')}", query(kind) + ";"]
        script.write_text("\n".join(lines) + "\n", encoding="utf-8")
        dumps.append(
            (f"sqlite3 .mode csv, {name}", ["sqlite3", "-readonly", str(db), f".read {script}"], None)
        )
    return dumps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("city", type=Path)
    parser.add_argument("workdir", type=Path)
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args(argv)
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    db = work / "city.db"
    if not db.exists():
        shutil.copyfile(args.city, db)
    upgrade = run_child(
        [sys.executable, "-c", f"from gongjian.ledger import Ledger; Ledger.open({str(db)!r}).close()"]
    )
    upgrade.check("upgrade")
    rows = []
    todo = commands(db, work)
    todo.extend(sqlite_dumps(db, work))
    for name, command, stdout in todo:
        if args.only and not any(o in name for o in args.only):
            continue
        for leftover in ("all", "merged.db", "backup.db"):
            if leftover == "merged.db" and name.startswith("merge again"):
                continue  # the re-run merges into the ledger the merge before it made
            target = work / leftover
            if target.is_dir():
                shutil.rmtree(target)
            else:
                target.unlink(missing_ok=True)
        sample = run_child(command, cwd=work, timeout=3600)
        if stdout:
            (work / stdout).write_text(sample.stdout, encoding="utf-8")
        lines = sample.stderr.strip().splitlines() or [""]
        last = next((x for x in lines if "超过" in x), lines[-1])[:120]  # a sheet continued, else the last
        cpu = sample.cpu or 0.0
        rows.append((name, sample.seconds, cpu, sample.rss_mb, sample.returncode, last))
        print(
            f"{name}: {sample.seconds:.1f} s ({cpu:.1f} s CPU), {sample.rss_mb:.0f} MB, exit {sample.returncode}"
            f"  {last}",
            flush=True,
        )
    lines = [
        "# Long work on the city ledger (#23)",
        "",
        f"`python -m bench.longwork bench/out/city/city.db WORKDIR` on {platform.machine()}, "
        f"{platform.python_implementation()} {platform.python_version()}, 2 shared cores; one run each, "
        "peak RSS by GNU time. Limit: "
        f"{LIMIT_MB} MB each; `export all` within 2× SQLite's own dump.",
        "",
        "| command | wall (s) | CPU (s) | peak RSS (MB) | exit | stderr (a continued sheet, else the last line) |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, seconds, cpu, rss, code, last in rows:
        lines.append(
            f"| {name} | {seconds:.1f} | {cpu:.1f} | {rss:.0f} | {code} | {last.replace('|', '/')} |"
        )
    text = "\n".join(lines) + "\n"
    if not args.only:
        RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
