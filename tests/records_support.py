"""Shared set-up of the records tests: a small 乐清 roster, valid ID numbers, xlsx fixtures, row counts."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

# Resident ID numbers with valid GB 11643-1999 check characters (乐清 330382, 鹿城 330302).
ID_WANG = "330382198505061233"
ID_LI = "330382197903124565"
ID_CHEN = "330302199008150027"
ID_BAD = "330382198505061234"  # one digit off: the checksum fails

RECORD_TABLES = (
    "activities",
    "activity_units",
    "activity_files",
    "contributions",
    "members",
    "services",
    "audit_commands",
)


def counts(path: Path) -> dict[str, int]:
    """Row counts of the records tables (and the audit log), to prove a refused command wrote nothing."""
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in RECORD_TABLES}
    finally:
        conn.close()


def make_roster(cli) -> None:
    """北城社区 (统计局 leads, 财政局 and 乐清中学 paired) and 东门社区 (公安局 leads); 教育局 is paired nowhere."""
    steps = [
        ("community", "add", "BC", "北城社区", "--street", "乐成街道"),
        ("community", "add", "DM", "东门社区", "--street", "乐成街道"),
        ("unit", "add", "乐清市统计局", "--kind", "机关"),
        ("unit", "add", "乐清市财政局", "--kind", "机关"),
        ("unit", "add", "乐清中学", "--kind", "学校"),
        ("unit", "add", "乐清市公安局", "--kind", "机关"),
        ("unit", "add", "乐清市教育局", "--kind", "机关"),
        ("pair", "add", "BC", "乐清市统计局", "--lead", "--started", "2015-03-01"),
        ("pair", "add", "BC", "乐清市财政局", "--started", "2015-03-05"),
        ("pair", "add", "BC", "乐清中学", "--started", "2015-03-05"),
        ("pair", "add", "DM", "乐清市公安局", "--lead", "--started", "2015-03-01"),
    ]
    for args in steps:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)


def write_xlsx(path: Path, rows: list[list[object]], sheet: str = "Sheet1") -> Path:
    """A workbook with one sheet holding `rows` as they are (title rows, header, data)."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def totals_of(line: str) -> list[int]:
    """The numbers of a totals line, thousands separators removed: '活动 2 场，参加人次 1,120' -> [2, 1120]."""
    return [int(x.replace(",", "")) for x in re.findall(r"\d[\d,]*", line)]


def yuan(line: str) -> list[int]:
    """The yuan amounts of a funds footer line as integer fen: '资金 30,000.00 元' -> [3000000]."""
    return [int(x.replace(",", "").replace(".", "")) for x in re.findall(r"\d[\d,]*\.\d\d", line)]


def master(tmp_path_factory, name: str, build: Callable[[object], None]) -> Path:
    """A ledger built once through the CLI (`build(cli)`), for tests to copy: see `copy_into`."""
    from conftest import Cli

    from gongjian.ledger import Ledger

    path = tmp_path_factory.mktemp(name) / f"{name}.db"
    Ledger.open(path, create=True).close()
    build(Cli(path))
    return path


def copy_into(source: Path, target: Path) -> None:
    """Replace the (closed) ledger at `target` with a copy of `source`."""
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copy(source, target)
