"""Helpers shared by the contract-project and joint-meeting tests (test_projects.py, test_meetings.py)."""

from __future__ import annotations

import json
import sqlite3

from gongjian.ledger import Ledger
from gongjian.reading.specs import ImportContext, validate


def count(path, table: str) -> int:
    """Rows in a table of the ledger file, read over a separate connection."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def js(result) -> object:
    """The JSON a successful command printed."""
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def refused(result, message: str) -> None:
    """A refusal: exit 1, nothing on stdout, exactly one line on stderr, and that line is `message`."""
    assert result.exit_code == 1, result.stdout
    assert result.stdout == ""
    assert result.stderr == message + "\n"


def build_town(db) -> None:
    """北城社区 led by 统计局 with 人民医院 and 司法局; 东门社区 led by 财政局; 正泰 paired nowhere."""
    with Ledger.open(db) as ledger:
        ledger.roster.add_community(code="BC", name="北城社区")
        ledger.roster.add_community(code="DM", name="东门社区")
        for name, kind in [
            ("乐清市统计局", "机关"),
            ("乐清市人民医院", "医院"),
            ("乐清市司法局", "机关"),
            ("乐清市财政局", "机关"),
            ("正泰集团股份有限公司", "非公企业"),
        ]:
            ledger.roster.add_unit(name=name, kind=kind)
        ledger.roster.add_pairing("BC", "乐清市统计局", lead=True, started="2015-03-01")
        ledger.roster.add_pairing("BC", "乐清市人民医院", started="2015-03-05")
        ledger.roster.add_pairing("BC", "乐清市司法局", started="2015-03-08")
        ledger.roster.add_pairing("DM", "乐清市财政局", lead=True, started="2015-03-02")


def import_row(ledger, kind: str, raw: dict, ctx: ImportContext) -> str:
    """Validate one raw row as the import framework does and hand it to `ledger.import_<kind>`."""
    values = validate(kind, raw)
    with ledger.store.write(f"import {kind}"):
        row_fn, _ = ledger.importer(kind)
        return row_fn(values, ctx)
