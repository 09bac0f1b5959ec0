"""Timed tasks run as child processes of `bench.run` in the project's virtual environment.

Each task times only its inner work (what a floor or a query time means) and prints `BENCH_JSON {...}`:

    python -m bench.tasks read --engine calamine|openpyxl FILE
    python -m bench.tasks floor --db NEW_DB [--skip N] FILE
    python -m bench.tasks stored-rows --before TARGET_DB --after IMPORTED_DB --kind KIND PICKLE
    python -m bench.tasks store-floor --db TARGET_COPY --rows PICKLE FILE
    python -m bench.tasks dump-cells WORKBOOK PICKLE
    python -m bench.tasks write-cells --engine xlsxwriter|openpyxl PICKLE OUT
    python -m bench.tasks queries --db LEDGER --year YEAR --today DATE [--runs N]
    python -m bench.tasks search --db LEDGER --year YEAR [--runs N]
"""

from __future__ import annotations

import argparse
import pickle
import statistics
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bench.measure import Clock, emit
from gongjian.reports import assessment as assessing


# ---------------------------------------------------------------------------- reading (the import floor)
def read_calamine(path: Path) -> list[list[Any]]:
    """Every row of the first sheet with python-calamine."""
    import python_calamine as pc

    book = pc.CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_index(0).to_python()


def read_openpyxl(path: Path) -> list[tuple[Any, ...]]:
    """Every row of the first sheet with openpyxl in read-only mode."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


READERS = {"calamine": read_calamine, "openpyxl": read_openpyxl}


def task_read(args: argparse.Namespace) -> None:
    """Time reading the first sheet of a workbook with one engine."""
    clock = Clock()
    rows = READERS[args.engine](args.file)
    emit({**clock.read(), "rows": len(rows), "columns": max(len(r) for r in rows)})


# ---------------------------------------------------------------------------- the import floor
def read_csv(path: Path) -> list[list[str]]:
    """Every row of a UTF-8 CSV file with the standard library's reader (C)."""
    import csv

    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def floor_reader(path: Path) -> tuple[str, Callable[[Path], list]]:
    """The fastest reader of a file: python-calamine for a workbook, the `csv` module for CSV."""
    return ("csv", read_csv) if path.suffix.lower() == ".csv" else ("calamine", read_calamine)


def task_floor(args: argparse.Namespace) -> None:
    """The physical floor of an import: read the file with the fastest reader, then one `executemany` of
    the parsed rows (as tuples, from the first row under the header) into a bare table — no triggers, no
    indexes, no constraints — in one transaction of a new database. Both halves are timed."""
    import sqlite3

    for leftover in (args.db, Path(f"{args.db}-wal"), Path(f"{args.db}-journal")):
        leftover.unlink(missing_ok=True)
    _, reader = floor_reader(args.file)
    clock = Clock()
    rows = reader(args.file)
    data = [tuple(r) for r in rows[args.skip :]]
    read = clock.read()
    width = max(len(r) for r in data)
    conn = sqlite3.connect(args.db, isolation_level=None)
    conn.execute(f"CREATE TABLE floor ({', '.join(f'c{i}' for i in range(width))})")
    clock = Clock()
    conn.execute("BEGIN")
    conn.executemany(f"INSERT INTO floor VALUES ({', '.join('?' * width)})", data)
    conn.execute("COMMIT")
    write = clock.read()
    conn.close()
    emit(
        {
            "seconds": read["seconds"] + write["seconds"],
            "cpu": read["cpu"] + write["cpu"],
            "read": read["seconds"],
            "write": write["seconds"],
            "rows": len(data),
        }
    )


# ---------------------------------------------------------------------------- the store's floor (info)
# The tables an import of each kind writes, in the order it writes them.
IMPORT_TABLES = {"units": ("units",), "members": ("members",), "tickets": ("tickets", "ticket_events")}
# Columns the store fills itself (the key, the record's uid, its stamps).
STORE_FILLS = ("id", "uid", "created_at", "updated_at")


def task_stored_rows(args: argparse.Namespace) -> None:
    """Untimed set-up of the store floor: the rows an import added (in `after`, beyond what `before` held),
    as the ledger stores them, less the columns the store fills itself."""
    import sqlite3

    conn = sqlite3.connect(args.after)
    conn.execute("ATTACH DATABASE ? AS before", (str(args.before),))
    tables = []
    for table in IMPORT_TABLES[args.kind]:
        columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")') if r[1] not in STORE_FILLS]
        last = conn.execute(f'SELECT coalesce(max(id), 0) FROM before."{table}"').fetchone()[0]
        select = ", ".join(f'"{c}"' for c in columns)
        rows = conn.execute(
            f'SELECT {select} FROM main."{table}" WHERE id > ? ORDER BY id', (last,)
        ).fetchall()
        tables.append((table, columns, rows))
    conn.close()
    with open(args.pickle, "wb") as fh:
        pickle.dump(tables, fh, protocol=pickle.HIGHEST_PROTOCOL)
    emit({"rows": sum(len(rows) for _, _, rows in tables)})


def task_store_floor(args: argparse.Namespace) -> None:
    """What keeping the ledger's guarantees costs beyond the physical floor, with no import logic: read the
    file with the fastest reader, then write the rows the import stored (already validated, matched and
    keyed) through `Store.bulk_insert` in one write — unique keys, defaults, constraints, year guards, the
    audit rows and the search index, as an import pays them. Reading and writing are timed; opening the
    ledger is not."""
    from gongjian.ledger import Ledger

    with open(args.rows, "rb") as fh:
        tables = pickle.load(fh)
    _, reader = floor_reader(args.file)
    clock = Clock()
    reader(args.file)
    read = clock.read()
    with Ledger.open(args.db) as ledger:
        clock = Clock()
        with ledger.store.write("import"):
            for table, columns, rows in tables:
                ledger.store.bulk_insert(table, columns, rows)
        write = clock.read()
    emit(
        {
            "seconds": read["seconds"] + write["seconds"],
            "cpu": read["cpu"] + write["cpu"],
            "read": read["seconds"],
            "write": write["seconds"],
            "rows": sum(len(rows) for _, _, rows in tables),
        }
    )


# ---------------------------------------------------------------------------- the workbook floor
def task_dump_cells(args: argparse.Namespace) -> None:
    """Read every sheet's cells of a workbook (untimed set-up of the write floors) into a pickle."""
    import python_calamine as pc

    book = pc.CalamineWorkbook.from_path(str(args.workbook))
    sheets = []
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python()
        sheets.append((name, rows))
    with open(args.pickle, "wb") as fh:
        pickle.dump(sheets, fh, protocol=pickle.HIGHEST_PROTOCOL)
    shape = {name: [len(rows), max((len(r) for r in rows), default=0)] for name, rows in sheets}
    cells = sum(sum(1 for v in r if v not in ("", None)) for _, rows in sheets for r in rows)
    emit({"sheets": shape, "cells": cells})


def _write_xlsxwriter(sheets: list, out: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(out), {"constant_memory": True, "strings_to_urls": False})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets:
        sheet = book.add_worksheet(name)
        write_string, write_number, write_datetime = (
            sheet.write_string,
            sheet.write_number,
            sheet.write_datetime,
        )
        for r, cells in enumerate(rows):
            for c, value in enumerate(cells):
                if value.__class__ is str:
                    if value:
                        write_string(r, c, value)
                elif value.__class__ in (int, float):
                    write_number(r, c, value)
                elif isinstance(value, date):
                    write_datetime(r, c, value, day)
                elif value is not None:
                    sheet.write(r, c, value)
    book.close()


def _write_openpyxl(sheets: list, out: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for cells in rows:
            sheet.append([None if v == "" else v for v in cells])
    book.save(out)


WRITERS = {"xlsxwriter": _write_xlsxwriter, "openpyxl": _write_openpyxl}


def task_write_cells(args: argparse.Namespace) -> None:
    """Time writing the pickled cells of a workbook with one engine."""
    with open(args.pickle, "rb") as fh:
        sheets = pickle.load(fh)
    clock = Clock()
    WRITERS[args.engine](sheets, args.out)
    emit(clock.read())


# ---------------------------------------------------------------------------- report and summary queries
def task_queries(args: argparse.Namespace) -> None:
    """Query time of `report year`, `summary` and the assessment, each on a freshly opened ledger."""
    from gongjian.ledger import Ledger
    from gongjian.reports.digest import digest, window

    today = date.fromisoformat(args.today)
    first, last = window("7d", None, today=today)

    def report(ledger) -> Any:
        return assessing.year_report(ledger, args.year, today=today)

    def summary(ledger) -> Any:
        return digest(ledger, since=first, until=last, today=today)

    def assess(ledger) -> Any:
        return assessing.assess(ledger, args.year, today=today)

    out: dict[str, Any] = {}
    for name, call in (("report", report), ("summary", summary), ("assess", assess)):
        times, cpu = [], []
        for _ in range(args.runs):
            with Ledger.open(args.db, readonly=True) as ledger:
                clock = Clock()
                call(ledger)
                timing = clock.read()
                times.append(timing["seconds"])
                cpu.append(timing["cpu"])
        out[name] = {"median": statistics.median(times), "first": times[0], "runs": times, "cpu": cpu}
    emit(out)


# ---------------------------------------------------------------------------- search
def search_queries(ledger, year: int) -> list[tuple[str, str, dict[str, Any]]]:
    """(label, words, options) of the timed searches: the clerks' short words, several words, a phrase,
    one character, the filters — and `社区`, a word in almost every fifth document (no target: info)."""
    community = ledger.store.scalar("SELECT name FROM communities ORDER BY id LIMIT 1")
    return [
        ("路灯", "路灯", {}),
        ("垃圾", "垃圾", {}),
        ("停车", "停车", {}),
        ("垃圾 破损", "垃圾 破损", {}),
        ("垃圾桶破损", "垃圾桶破损", {}),
        ("老年人", "老年人", {}),
        ("灯", "灯", {}),
        ("王 --kind 党员", "王", {"kinds": ["member"]}),
        (f"垃圾 --year {year}", "垃圾", {"year": year}),
        (f"垃圾 --community {community}", "垃圾", {"community": community}),
        ("社区 (info)", "社区", {}),
    ]


def task_search(args: argparse.Namespace) -> None:
    """Query time of `gongjian search` (the report, ranked, 20 hits read in full) on a fresh ledger."""
    from gongjian.ledger import Ledger
    from gongjian.reports.search import search

    out: dict[str, Any] = {}
    with Ledger.open(args.db, readonly=True) as ledger:
        queries = search_queries(ledger, args.year)
    for label, words, options in queries:
        times, total = [], 0
        for _ in range(args.runs):
            with Ledger.open(args.db, readonly=True) as ledger:
                clock = Clock()
                total = search(ledger, words, limit=20, **options)["total"]
                times.append(clock.read()["seconds"])
        out[label] = {"median": statistics.median(times), "runs": times, "total": total}
    emit(out)


def main(argv: list[str] | None = None) -> None:
    """Run one task (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m bench.tasks")
    sub = parser.add_subparsers(dest="task", required=True)
    p = sub.add_parser("read")
    p.add_argument("--engine", choices=sorted(READERS), required=True)
    p.add_argument("file", type=Path)
    p.set_defaults(run=task_read)
    p = sub.add_parser("floor")
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--skip", type=int, default=1, help="rows above the first data row (title, header)")
    p.add_argument("file", type=Path)
    p.set_defaults(run=task_floor)
    p = sub.add_parser("stored-rows")
    p.add_argument("--before", type=Path, required=True)
    p.add_argument("--after", type=Path, required=True)
    p.add_argument("--kind", choices=sorted(IMPORT_TABLES), required=True)
    p.add_argument("pickle", type=Path)
    p.set_defaults(run=task_stored_rows)
    p = sub.add_parser("store-floor")
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--rows", type=Path, required=True)
    p.add_argument("file", type=Path)
    p.set_defaults(run=task_store_floor)
    p = sub.add_parser("dump-cells")
    p.add_argument("workbook", type=Path)
    p.add_argument("pickle", type=Path)
    p.set_defaults(run=task_dump_cells)
    p = sub.add_parser("write-cells")
    p.add_argument("--engine", choices=sorted(WRITERS), required=True)
    p.add_argument("pickle", type=Path)
    p.add_argument("out", type=Path)
    p.set_defaults(run=task_write_cells)
    p = sub.add_parser("queries")
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--today", required=True)
    p.add_argument("--runs", type=int, default=3)
    p.set_defaults(run=task_queries)
    p = sub.add_parser("search")
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--runs", type=int, default=5)
    p.set_defaults(run=task_search)
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main()
