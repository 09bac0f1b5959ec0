"""Importing an enterprise register as the market regulator sends it (issue #24), against the import floor.

    python -m bench.registers [--rows 10000] [--runs 5] [--out bench/out/registers]

Writes a synthetic register of `--rows` enterprises (企业名称, 统一社会信用代码, 注册日期, 企业类型, 法人代表,
注册资金, 经营范围, 所在省份, 地区, 注册地址; valid credit codes) as an xlsx, a web page and an XML
Spreadsheet 2003 (both named .xls), then times, each in its own process, median of `--runs`:

- the floor of PRODUCT §9: python-calamine reading the xlsx + one `executemany` of already-built tuples
  into a bare table (no triggers, no indexes), timed inside the child;
- `gongjian import units FILE` on a fresh ledger for each of the three files, wall time of the whole
  command (start-up, header detection, validation, the kind rule, audit, indexes).

Nothing here is a test: the figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import html
import json
import sqlite3
import statistics
import sys
from pathlib import Path

from bench.measure import Clock, emit, run_child
from gongjian.reading.normalize import _credit_check

HEADER = (
    "企业名称",
    "统一社会信用代码",
    "注册日期",
    "企业类型",
    "法人代表",
    "注册资金",
    "经营范围",
    "所在省份",
    "地区",
    "注册地址",
)
TYPES = (
    "有限责任公司（自然人投资或控股）",
    "个体工商户",
    "股份有限公司（非上市）",
    "有限责任公司（国有独资）",
    "个人独资企业",
)
BARE = (
    "CREATE TABLE units (name TEXT, name_key TEXT, credit_code TEXT, kind TEXT, legal_rep TEXT, address TEXT)"
)


def code(prefix: str, seq: int) -> str:
    """A valid unified social credit code."""
    body = f"{prefix}330382MA{seq:07d}"
    return body + _credit_check(body)


def rows(count: int) -> list[list[str]]:
    """The register's data rows."""
    out = []
    for i in range(count):
        kind = TYPES[i % len(TYPES)]
        out.append(
            [
                f"乐清市测试{i:06d}电器有限公司",
                code("92" if kind == "个体工商户" else "91", i),
                f"2018-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                kind,
                "王建国",
                "100万元人民币",
                "电器配件制造、销售",
                "浙江省",
                "温州市",
                f"浙江省乐清市乐成街道测试路{i % 300 + 1}号",
            ]
        )
    return out


def write_files(out: Path, data: list[list[str]]) -> dict[str, Path]:
    """The register as xlsx, web page (.xls) and XML spreadsheet (.xls)."""
    import xlsxwriter

    out.mkdir(parents=True, exist_ok=True)
    xlsx = out / "企业名录.xlsx"
    book = xlsxwriter.Workbook(str(xlsx), {"constant_memory": True})
    sheet = book.add_worksheet("Sheet1")
    sheet.write_row(0, 0, HEADER)
    for r, row in enumerate(data, start=1):
        sheet.write_row(r, 0, row)
    book.close()
    page = out / "企业名录-网页.xls"
    cells = ["<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>" for row in data]
    page.write_bytes(
        (
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'
            "<table><tr>"
            + "".join(f"<th>{h}</th>" for h in HEADER)
            + "</tr>\n"
            + "\n".join(cells)
            + "</table>"
            "</body></html>"
        ).encode("gb18030")
    )
    xml = out / "企业名录-XML.xls"

    def row_xml(values: tuple[str, ...] | list[str]) -> str:
        return (
            "<Row>"
            + "".join(f'<Cell><Data ss:Type="String">{html.escape(v)}</Data></Cell>' for v in values)
            + "</Row>"
        )

    xml.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><?mso-application progid="Excel.Sheet"?>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Sheet1"><Table>'
        + row_xml(HEADER)
        + "\n".join(row_xml(row) for row in data)
        + "</Table></Worksheet></Workbook>",
        encoding="utf-8",
    )
    return {"xlsx": xlsx, "html": page, "xml": xml}


def task_floor(path: Path, db: Path) -> None:
    """Child: read the xlsx with calamine, build the tuples, one executemany into a bare table; time both."""
    import python_calamine as pc

    from gongjian.reading import normalize as n

    clock = Clock()
    data = pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    read = clock.read()
    built = [(r[0], n.name_key(r[0]), r[1], "private", r[4], r[9]) for r in data[1:]]  # untimed: built
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute(BARE)
    clock = Clock()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?, ?)", built)
    conn.execute("COMMIT")
    write = clock.read()
    conn.close()
    emit({"seconds": read["seconds"] + write["seconds"], "cpu": read["cpu"] + write["cpu"]})


def fresh(path: Path) -> Path:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("bench/out/registers"))
    parser.add_argument("--floor", nargs=2, type=Path, help=argparse.SUPPRESS)  # the child task
    args = parser.parse_args(argv)
    if args.floor:
        task_floor(*args.floor)
        return
    files = write_files(args.out, rows(args.rows))
    python = sys.executable
    floor: list[tuple[float, float]] = []  # (wall, cpu) seconds, timed inside the child
    for _ in range(args.runs):
        sample = run_child(
            [
                python,
                "-m",
                "bench.registers",
                "--floor",
                str(files["xlsx"]),
                str(fresh(args.out / "floor.db")),
            ]
        )
        payload = sample.check("floor").payload
        floor.append((payload["seconds"], payload["cpu"]))
    startup: list[tuple[float, float]] = []  # `gongjian info`: the start-up every command pays
    results: dict[str, list[tuple[float, float]]] = {}
    for shape, path in files.items():
        results[shape] = []
        for _ in range(args.runs):
            db = fresh(args.out / "gongjian.db")
            sample = run_child([python, "-m", "gongjian", "--db", str(db), "init"]).check("init")
            if shape == "xlsx":
                sample = run_child([python, "-m", "gongjian", "--db", str(db), "info"]).check("info")
                startup.append((sample.seconds, sample.cpu or 0.0))
            sample = run_child(
                [python, "-m", "gongjian", "--db", str(db), "import", "units", str(path), "--format", "json"]
            )
            inserted = json.loads(sample.check(f"import {shape}").stdout)["inserted"]
            if inserted != args.rows:  # a refused or partial import is no measurement
                raise SystemExit(f"import {shape}: {inserted} of {args.rows} rows imported")
            results[shape].append((sample.seconds, sample.cpu or 0.0))

    def medians(samples: list[tuple[float, float]]) -> tuple[float, float]:
        return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)

    wall, cpu = medians(floor)
    print(f"{args.rows:,} enterprises, median of {args.runs} runs (wall / CPU seconds)")
    print(f"  floor (calamine read + one executemany, bare table): {wall:.3f} / {cpu:.3f}")
    up_wall, up_cpu = medians(startup)
    print(f"  start-up (gongjian info): {up_wall:.3f} / {up_cpu:.3f}")
    for shape, samples in results.items():
        w, c = medians(samples)
        print(
            f"  gongjian import units ({shape}): {w:.3f} / {c:.3f} = {w / wall:.2f}× / {c / cpu:.2f}× the floor; "
            f"without start-up {(w - up_wall) / wall:.2f}× / {(c - up_cpu) / cpu:.2f}×"
        )


if __name__ == "__main__":
    main()
