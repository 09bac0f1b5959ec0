"""Timed tasks run as child processes of `bench.run` in the project's virtual environment.

Each task times only its inner work (what a floor or a query time means) and prints `BENCH_JSON {...}`:

    python -m bench.tasks read --engine calamine|openpyxl FILE
    python -m bench.tasks insert-members --db LEDGER FILE [--no-triggers]
    python -m bench.tasks dump-cells WORKBOOK PICKLE
    python -m bench.tasks write-cells --engine xlsxwriter|openpyxl PICKLE OUT
    python -m bench.tasks queries --db LEDGER --year YEAR --today DATE [--runs N]
    python -m bench.tasks search --db LEDGER --year YEAR [--runs N]
"""

from __future__ import annotations

import argparse
import pickle
import statistics
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


# ---------------------------------------------------------------------------- writing (the import floor)
MEMBER_COLUMNS = (
    "name",
    "phone",
    "id_number",
    "unit_id",
    "community_id",
    "registered_on",
    "specialty",
    "post",
    "status",
    "note",
)


def member_tuples(ledger, rows: list[list[Any]]) -> list[tuple]:
    """The members table's rows for a roster sheet (title, header, then data), built the way gongjian would."""
    from gongjian.reading import normalize as n

    units = {name: uid for uid, name in ledger.store.conn.execute("SELECT id, name FROM units")}
    communities = {name: cid for cid, name in ledger.store.conn.execute("SELECT id, name FROM communities")}
    header = [str(h) for h in rows[1]]
    at = {h: i for i, h in enumerate(header)}
    out = []
    for cells in rows[2:]:

        def cell(name: str, cells=cells) -> Any:
            value = cells[at[name]]
            return None if value in ("", None) else value

        out.append(
            (
                n.text(cell("姓名")),
                n.phone(cell("联系电话")),
                n.id_number(cell("身份证号")),
                units[n.unit_name(cell("工作单位"))],
                communities[n.text(cell("居住社区"))],
                n.date_iso(cell("报到日期")) if cell("报到日期") else None,
                n.text(cell("特长")),
                n.enum_value("member_post", cell("认领岗位")),
                n.enum_value("member_status", cell("状态")),
                n.text(cell("备注")),
            )
        )
    return out


def task_insert_members(args: argparse.Namespace) -> None:
    """Time one `executemany` of the roster's built member tuples, in one transaction, as gongjian writes."""
    from gongjian.ledger import Ledger

    with Ledger.open(args.db) as ledger:
        rows = member_tuples(ledger, read_calamine(args.file))
        conn = ledger.store.conn
        if args.no_triggers:
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'members'"
            ).fetchall():
                conn.execute(f'DROP TRIGGER "{name}"')
        sql = f"INSERT INTO members ({', '.join(MEMBER_COLUMNS)}) VALUES ({', '.join('?' * len(MEMBER_COLUMNS))})"
        clock = Clock()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO audit_commands (command, argv) VALUES ('bench floor', 'bench')")
        conn.executemany(sql, rows)
        conn.execute("COMMIT")
        timing = clock.read()
        count = ledger.store.scalar("SELECT count(*) FROM members")
    emit({**timing, "rows": len(rows), "members": count})


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
    p = sub.add_parser("insert-members")
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--no-triggers", action="store_true")
    p.add_argument("file", type=Path)
    p.set_defaults(run=task_insert_members)
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
