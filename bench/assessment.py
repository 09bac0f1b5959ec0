"""The annual assessment at city scale: `report year` query time and the evaluation workbook against its floor.

PRODUCT §9: the whole city's workbook must be written within 1.3× of xlsxwriter's own constant-memory
writing of the same cells, and `report year` must take under 0.2 s of query time. The floor is measured in
the same run: the cells of the workbook gongjian wrote are read back (python-calamine) and written again
by a bare xlsxwriter loop — strings with `write_string`, numbers (and dates, as serial numbers) with
`write_number` and the same formats — so both sides write exactly the same cells.

    python -m bench.assessment CITY.db [--year 2024] [--repeat 3]

`CITY.db` is the synthetic city of `bench.generate` (`python -m bench.generate --scale city OUT_DIR`).
CPU seconds are reported beside wall seconds: the machines are shared, and CPU time is steadier.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from gongjian.reports import assessment as assessing

EPOCH = date(1899, 12, 30)


def _timed(fn) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def read_cells(path: Path) -> list[tuple[str, list[list[object]]]]:
    """Every sheet's cell values, as python-calamine reads them."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return [
        (name, book.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in book.sheet_names
    ]


def floor_write(path: Path, sheets: list[tuple[str, list[list[object]]]]) -> None:
    """Raw xlsxwriter, constant memory: the same cells, no per-column logic."""
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    number, day = book.add_format({"num_format": "#,##0.00"}), book.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets:
        ws = book.add_worksheet(name)
        write_string, write_number = ws.write_string, ws.write_number
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v == "" or v is None:
                    continue
                if type(v) is str:
                    write_string(r, c, v)
                elif isinstance(v, datetime):
                    write_number(r, c, (v.date() - EPOCH).days, day)
                elif isinstance(v, date):
                    write_number(r, c, (v - EPOCH).days, day)
                else:
                    write_number(r, c, v, number)
    book.close()


def main(argv: list[str] | None = None) -> None:
    """Measure `report year`, the assessment and the workbook on a city ledger."""
    from gongjian.i18n import set_lang
    from gongjian.ledger import Ledger
    from gongjian.reports.book import write_workbook

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ledger", type=Path)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    set_lang("zh")
    ledger = Ledger.open(args.ledger, readonly=True)
    assessing.year_report(ledger, args.year)  # warm the page cache once
    report = [_timed(lambda: assessing.year_report(ledger, args.year))[:2] for _ in range(args.repeat)]
    assess = [_timed(lambda: assessing.assess(ledger, args.year)) for _ in range(args.repeat)]
    result = assess[-1][2]
    out = Path(tempfile.mkdtemp(prefix="gongjian-bench-"))
    ours, floor = [], []
    for i in range(args.repeat):
        path = out / f"ours{i}.xlsx"
        ours.append(_timed(lambda p=path: write_workbook(ledger, result, p))[:2])
    cells = read_cells(out / "ours0.xlsx")
    n_cells = sum(1 for _, rows in cells for row in rows for v in row if v not in ("", None))
    for i in range(args.repeat):
        floor.append(_timed(lambda i=i: floor_write(out / f"floor{i}.xlsx", cells))[:2])

    def best(samples, k):
        return min(s[k] for s in samples)

    print(f"city ledger {args.ledger} year {args.year}: {len(result.units)} units, {n_cells:,} cells")
    print(
        f"report year      wall {statistics.median(s[0] for s in report):.3f} s  cpu {best(report, 1):.3f} s"
    )
    print(
        f"assess (scoring) wall {statistics.median(s[0] for s in assess):.3f} s  cpu {best(assess, 1):.3f} s"
    )
    print(f"workbook         wall {best(ours, 0):.2f} s  cpu {best(ours, 1):.2f} s")
    print(
        f"floor (xlsxwriter constant memory, same cells) wall {best(floor, 0):.2f} s  cpu {best(floor, 1):.2f} s"
    )
    print(
        f"ratio            wall {best(ours, 0) / best(floor, 0):.2f}×  cpu {best(ours, 1) / best(floor, 1):.2f}×"
        "  (target ≤ 1.3×)"
    )


if __name__ == "__main__":
    main()
