"""Measure importing a 10,000-row problem survey sheet (`gongjian import tickets`), first and again.

    .venv/bin/python bench/tickets_import.py [ROWS]

Writes the sheet (survey columns as clerks keep them: 社区, 网格, 问题类别, 问题描述, 位置, 发现日期,
责任单位, 整改期限, 整改情况, 验收人, 销号日期, 状态) into a temporary folder, imports it into a fresh
ledger with 12 communities and 40 units through the CLI (a subprocess, as a clerk runs it), then imports
it again (every row unchanged), and prints the wall and CPU seconds of each run and the rows per second.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMUNITIES = [
    ("BC", "北城社区"),
    ("DM", "东门社区"),
    ("XM", "西门社区"),
    ("NM", "南门社区"),
    ("QF", "千帆社区"),
    ("DX", "丹霞社区"),
    ("NK", "宁康社区"),
    ("QH", "清和社区"),
    ("CH", "长虹社区"),
    ("SM", "石马社区"),
    ("WJ", "万家社区"),
    ("DS", "东山社区"),
]
CATEGORIES = ["基础设施", "环境卫生", "交通出行", "治安", "公共服务", "其他"]
PROBLEMS = [
    "路灯不亮",
    "井盖缺失",
    "楼道堆放杂物",
    "违章停车",
    "绿化带破损",
    "消防通道堵塞",
    "垃圾清运不及时",
]


def write_sheet(path: Path, rows: int) -> None:
    """A survey workbook with `rows` problems in every status."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("问题台账")
    ws.write_row(0, 0, ["2015年城市社区问题排查台账"])
    ws.write_row(
        1,
        0,
        [
            "序号",
            "社区",
            "网格",
            "问题类别",
            "问题描述",
            "位置",
            "发现日期",
            "责任单位",
            "整改期限",
            "整改情况",
            "验收人",
            "销号日期",
            "状态",
        ],
    )
    for i in range(rows):
        code, name = COMMUNITIES[i % len(COMMUNITIES)]
        month, day = 3 + i % 6, 1 + i % 28
        problem = PROBLEMS[i % len(PROBLEMS)]
        stage = i % 5  # 0 open, 1 assigned, 2 resolved, 3-4 closed
        unit = f"乐清市共建单位{i % 40 + 1:02d}" if stage else None
        row = [
            i + 1,
            name,
            f"{name[:2]}第{i % 4 + 1}网格",
            CATEGORIES[i % 6],
            f"建设路{i % 300 + 1}号{problem}",
            f"建设路{i % 300 + 1}号",
            f"2015-{month:02d}-{day:02d}",
            unit,
            f"2015-{month + 2:02d}-28" if stage else None,
            "已整改" if stage >= 2 else None,
            "张晓京" if stage >= 3 else None,
            f"2015-{month + 1:02d}-28" if stage >= 3 else None,
            ["待分派", "已分派", "已整改", "已销号", "已销号"][stage],
        ]
        ws.write_row(i + 2, 0, row)
    wb.close()


def gongjian(db: Path, *args: str) -> tuple[float, float]:
    """Run one gongjian command against `db`; its wall-clock and CPU seconds (user + system)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "gongjian", "--db", str(db), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime
    if result.returncode != 0:
        raise SystemExit(f"gongjian {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    print(result.stdout.splitlines()[0])
    return seconds, cpu


def main() -> None:
    """Build, import twice, report."""
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    from gongjian.ledger import Ledger

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sheet, db = folder / "survey.xlsx", folder / "ledger.db"
        write_sheet(sheet, rows)
        with Ledger.open(db, create=True) as ledger:
            for code, name in COMMUNITIES:
                ledger.roster.add_community(code=code, name=name)
            for n in range(1, 41):
                ledger.roster.add_unit(name=f"乐清市共建单位{n:02d}")
        first = gongjian(db, "import", "tickets", str(sheet))
        again = gongjian(db, "import", "tickets", str(sheet))
        with Ledger.open(db) as ledger:
            count = ledger.store.scalar("SELECT count(*) FROM tickets")
            gaps = ledger.store.scalar(
                "SELECT count(*) FROM (SELECT community_id, year FROM tickets "
                "GROUP BY community_id, year HAVING max(seq) != count(*))"
            )
        print(
            f"{rows} rows: first import {first[0]:.2f} s, CPU {first[1]:.2f} s ({rows / first[0]:,.0f} rows/s), "
            f"re-import {again[0]:.2f} s, CPU {again[1]:.2f} s; {count} tickets, {gaps} numbering gaps"
        )


if __name__ == "__main__":
    main()
