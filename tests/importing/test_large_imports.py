"""A large import takes the fast path (few batches, the table's plain indexes built once after the rows)
and keeps every guarantee: the same errors at the same rows, all or nothing, the schema as it was, undo."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from records_support import make_roster

from gongjian.importing import importer
from gongjian.ledger import Ledger
from gongjian.store import db as store_db

ROWS = 1_200
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ("建国", "秀英", "晓东", "海燕", "志强", "丽娟", "国华", "明辉", "静怡", "顺招")
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(serial: int) -> str:
    """A valid resident ID number of someone born in Yueqing (330382) in 1980-1989."""
    body = f"330382198{serial % 10}{serial % 12 + 1:02d}{serial % 28 + 1:02d}{serial % 1000:03d}"
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True)) % 11]
    return body + check


def roster_csv(path: Path, bad_row: int | None = None) -> Path:
    """1,200 party members reporting to 北城社区 and 东门社区 (row 2 is the first record)."""
    units = ("乐清市统计局", "乐清市财政局", "乐清中学", "乐清市公安局")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["姓名", "联系电话", "身份证号", "工作单位", "居住社区", "报到日期"])
        for i in range(ROWS):
            unit = "乐清市气象局" if i + 2 == bad_row else units[i % 4]
            name = SURNAMES[i % len(SURNAMES)] + GIVEN[i % len(GIVEN)]
            phone = f"139{i:08d}"
            out.writerow([name, phone, id_number(i), unit, ("北城社区", "东门社区")[i % 2], "2025-03-05"])
    return path


def indexes(db: Path) -> set[tuple[str, str]]:
    with Ledger.open(db) as ledger:
        return set(ledger.store.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))


@pytest.fixture
def roster_db(cli, monkeypatch):
    make_roster(cli)
    monkeypatch.setattr(store_db, "DEFER_INDEXES_ROWS", 500)  # 1,200 rows count as a large batch here
    return cli.path


def test_a_large_roster_goes_in_with_one_batch_and_its_indexes_built_after(
    cli, roster_db, tmp_path, monkeypatch
):
    before = indexes(roster_db)
    calls: list[int] = []
    batch = Ledger.importer

    def counted(self, kind):
        row_fn, batch_fn = batch(self, kind)

        def wrapped(rows, ctx):
            calls.append(len(rows))
            return batch_fn(rows, ctx)

        return row_fn, wrapped

    monkeypatch.setattr(Ledger, "importer", counted)
    r = cli("import", "members", str(roster_csv(tmp_path / "在职党员.csv")), "--format", "json")
    assert r.exit_code == 0, r.stderr
    report = json.loads(r.stdout)
    assert (report["inserted"], report["rejected"]) == (ROWS, 0)
    assert calls == [ROWS] and ROWS <= importer.FAST_CHUNK_ROWS
    assert indexes(roster_db) == before
    with Ledger.open(roster_db) as ledger:
        assert ledger.store.scalar("SELECT count(*) FROM members") == ROWS
        assert ledger.store.scalar("SELECT count(*) FROM audit_changes WHERE tbl = 'members'") == ROWS
        assert ledger.store.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        found = ledger.store.rows(
            "SELECT name, unit_id FROM members INDEXED BY members_name_phone WHERE name = ? AND phone = ?",
            ("李秀英", "13900000001"),
        )
        assert found == [{"name": "李秀英", "unit_id": 2}]
    r = cli("undo", "--yes")
    assert r.exit_code == 0, r.stderr
    with Ledger.open(roster_db) as ledger:
        assert ledger.store.scalar("SELECT count(*) FROM members") == 0
    assert indexes(roster_db) == before


def test_an_unknown_unit_at_row_1102_is_named_and_nothing_is_imported(cli, roster_db, tmp_path):
    before = indexes(roster_db)
    r = cli("import", "members", str(roster_csv(tmp_path / "在职党员.csv", bad_row=1102)), "--format", "json")
    assert r.exit_code == 1
    report = json.loads(r.stdout)
    assert (report["inserted"], report["rejected"]) == (0, 1)
    assert (
        r.stderr.strip() == "有 1 行有误，未导入任何记录；改正后重新导入，或加 --skip-invalid 只导入无误的行"
    )
    assert report["errors"] == [
        {"sheet": "在职党员", "row": 1102, "column": "工作单位", "reason": "找不到单位：乐清市气象局"}
    ]
    assert indexes(roster_db) == before
    with Ledger.open(roster_db) as ledger:
        assert ledger.store.scalar("SELECT count(*) FROM members") == 0
        assert ledger.store.scalar("SELECT count(*) FROM audit_commands WHERE command LIKE 'import%'") == 0
