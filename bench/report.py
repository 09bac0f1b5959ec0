"""The results of a benchmark run: the printed table and `RESULTS.md` (targets, contenders, city, machine)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bench.context import BENCH
from bench.measure import Row, Target, fmt_seconds

if TYPE_CHECKING:
    from datetime import datetime

    from bench.context import Context


def _row_cells(row: Row) -> list[str]:
    if row.unavailable:
        return [row.role, row.label, "—", "—", "0", "—", "—", f"not available: {row.unavailable}"]
    runs = str(len(row.seconds))
    peak = f"{row.peak_mb:.0f}" if row.peak_mb is not None else "—"
    ratio_ = f"{row.ratio:.2f}" if row.ratio is not None else "—"
    return [
        row.role,
        row.label,
        fmt_seconds(row.median),
        fmt_seconds(row.cpu_median),
        runs,
        ratio_,
        peak,
        row.note,
    ]


def _target_cells(target: Target) -> list[str]:
    measured = (
        "—"
        if target.measured is None
        else (f"{target.measured:.2f}" + ("×" if target.unit == "×" else f" {target.unit}"))
    )
    limit = f"{'<' if target.unit in ('s', 'MB') else '≤'} {target.limit:g}{'×' if target.unit == '×' else ' ' + target.unit}"
    verdict = target.verdict()
    if target.passed is False:
        verdict += f" (by {target.measured / target.limit:.2f}× the limit)"
    return [target.name, measured, limit, verdict, target.why]


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    def esc(s: str) -> str:
        return s.replace("|", "\\|")

    return [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
        *("| " + " | ".join(esc(c) for c in r) + " |" for r in rows),
    ]


def render(ctx: Context, started: datetime, elapsed: float, argv: list[str], facts: dict[str, Any]) -> str:
    """RESULTS.md: targets, every workload's contenders, the city, the machine and versions."""
    scale = ctx.scale
    lines = [
        "# gongjian performance — PRODUCT §9",
        "",
        f"Produced by `python -m bench.run {' '.join(argv)}`".rstrip() + f" on {started:%Y-%m-%d %H:%M}, "
        f"in {elapsed / 60:.1f} minutes; {ctx.runs} run(s) per contender (median), slow contenders that no "
        f"target depends on: {ctx.slow_runs}. Ratios are taken within this run (the machine is shared and "
        "noisy: absolute seconds are not comparable between runs, ratios are).",
        "",
        "## Targets",
        "",
        *_table(["target", "measured", "limit", "verdict", "note"], [_target_cells(t) for t in ctx.targets]),
        "",
        "## Workloads",
        "",
        "Seconds are the wall time of the whole process, except floors and query times, which time only the",
        "work itself inside their process (`bench/tasks.py`). Peak RSS is per process (`os.wait4`).",
        "",
    ]
    workloads = list(dict.fromkeys(r.workload for r in ctx.rows))
    for workload in workloads:
        lines += [
            f"### {workload}",
            "",
            *_table(
                ["role", "contender", "median s", "cpu s", "runs", "× floor", "peak RSS MB", "note"],
                [_row_cells(r) for r in ctx.rows if r.workload == workload],
            ),
            "",
        ]
    if ctx.notes:
        lines += ["Notes:", "", *(f"- {n}" for n in ctx.notes), ""]
    counts = ctx.manifest["city"]["counts"]
    sizes = ctx.manifest["sizes"]
    lines += [
        "## The synthetic city",
        "",
        f"Scale `{scale.name}` (seed {ctx.manifest['seed']}): {scale.communities} communities, {scale.units:,} "
        f"units, {scale.members:,} members, {scale.first_year}–{scale.last_year}: {scale.activities:,} activities, "
        f"{scale.tickets:,} problems, {scale.contributions:,} contributions and {scale.projects} projects a year. "
        f"Built by `bench/generate.py` in {ctx.manifest['city']['total_seconds']:.0f} s (one audited transaction, "
        f"{sum(ctx.manifest['city']['seconds'].values()):.0f} s of inserts), spreadsheets in "
        f"{ctx.manifest['files_seconds']:.0f} s.",
        "",
        *_table(["table", "rows"], [[k, f"{v:,}"] for k, v in counts.items()]),
        "",
        *_table(["file", "size"], [[k, f"{v / 2**20:.1f} MiB"] for k, v in sizes.items()]),
        "",
        "## Machine and versions",
        "",
        *_table(["", ""], [[k, v] for k, v in facts.items()]),
        "",
    ]
    analysis = BENCH / "ANALYSIS.md"
    if analysis.exists():
        lines += [analysis.read_text(encoding="utf-8").rstrip(), ""]
    return "\n".join(lines)


def print_summary(ctx: Context, log: Callable[[str], None]) -> None:
    """The targets and the contenders as plain aligned text."""

    def show(header: list[str], rows: list[list[str]]) -> None:
        widths = [max(_width(c) for c in col) for col in zip(header, *rows, strict=True)]
        for r in (header, *rows):
            log("  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True)).rstrip())

    log("")
    for workload in dict.fromkeys(r.workload for r in ctx.rows):
        log(workload)
        show(
            ["role", "contender", "median s", "cpu s", "runs", "× floor", "peak MB", "note"],
            [_row_cells(r) for r in ctx.rows if r.workload == workload],
        )
        log("")
    show(["target", "measured", "limit", "verdict", "note"], [_target_cells(t) for t in ctx.targets])


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
