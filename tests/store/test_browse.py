"""`gongjian browse`: Datasette on the ledger, read-only, with Chinese labels and masked personal data."""

from __future__ import annotations

import hashlib
import json
import sqlite3

from typer.testing import CliRunner

from gongjian.cli import app
from gongjian.i18n import set_lang
from gongjian.store import browse as web


def _ledger(tmp_path):
    """城南社区 with a unit whose liaison has a mobile number (written through the CLI)."""
    path = tmp_path / "城南.db"
    for args in (
        ("init", "--name", "城南社区台账"),
        ("community", "add", "CN", "城南社区", "--phone", "0577-62512345"),
        (
            "unit",
            "add",
            "中国移动乐清分公司",
            "--kind",
            "国企",
            "--contact",
            "周敏",
            "--phone",
            "13857712345",
        ),
    ):
        set_lang("zh")
        result = CliRunner().invoke(app, ["--db", str(path), *args])
        assert result.exit_code == 0, result.stderr
    return path


def test_browse_without_datasette_says_how_to_install(cli, monkeypatch):
    monkeypatch.setattr(web, "datasette_available", lambda: False)
    result = cli("browse")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "浏览功能需要 Datasette，请先安装：pip install 'gongjian[web]'\n"


def test_datasette_is_detected_by_import_spec(monkeypatch):
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert web.datasette_available() is False
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object() if name == "datasette" else None)
    assert web.datasette_available() is True


def test_metadata_labels_tables_and_columns_in_chinese():
    meta = web.metadata(
        "乐成街道",
        {
            "communities": ["id", "uid", "code", "name", "street", "households"],
            "units": ["id", "name", "credit_code", "party_members"],
            "pairings": ["id", "community_id", "street_id", "role", "started"],
            "merge_aliases": ["tbl", "source_uid", "target_uid"],
            "unknown_table": ["x"],
        },
        "共建台账：乐成街道",
    )
    tables = meta["databases"]["乐成街道"]["tables"]
    assert meta["title"] == meta["databases"]["乐成街道"]["title"] == "共建台账：乐成街道"
    assert tables["communities"]["title"] == "社区"
    assert tables["communities"]["columns"] == {
        "id": "编号",
        "uid": "UID",
        "code": "代码",
        "name": "名称",
        "street": "街道",
        "households": "户数",
    }
    assert tables["units"]["columns"]["credit_code"] == "统一社会信用代码"
    assert tables["pairings"]["columns"]["street_id"] == "街道（编号）"  # a reference labelled by its target
    assert tables["merge_aliases"]["hidden"] is True
    assert "unknown_table" not in tables
    set_lang("en")
    assert web.metadata("x", {"units": ["name"]}, "t")["databases"]["x"]["tables"]["units"] == {
        "title": "units",
        "columns": {"name": "Name"},
    }


def test_browse_serves_a_masked_snapshot(tmp_path):
    ledger = _ledger(tmp_path)
    digest = hashlib.sha256(ledger.read_bytes()).hexdigest()
    with web.prepare(ledger) as site:
        assert site.immutable and site.db.parent != ledger.parent
        conn = sqlite3.connect(site.db)
        phones = [
            r[0] for r in conn.execute("SELECT phone FROM units UNION ALL SELECT phone FROM communities")
        ]
        audit = " ".join(r[0] or "" for r in conn.execute("SELECT after FROM audit_changes"))
        argv = " ".join(r[0] or "" for r in conn.execute("SELECT argv FROM audit_commands"))
        raw = site.db.read_bytes()
        conn.close()
        assert phones == ["138****2345", "0577-****2345"]
        assert "13857712345" not in audit and "138****2345" in audit
        assert "13857712345" not in argv and "138****2345" in argv
        assert b"13857712345" not in raw and b"62512345" not in raw  # not even in free pages
        meta = json.loads(site.metadata.read_text(encoding="utf-8"))
        assert meta["title"] == "共建台账：城南社区台账"
        assert web.datasette_command(site, port=8123) == [
            web.sys.executable,
            "-m",
            "datasette",
            "serve",
            "--immutable",
            str(site.db),
            "--metadata",
            str(site.metadata),
            "--host",
            "127.0.0.1",
            "--port",
            "8123",
        ]
        folder = site.db.parent
    assert not folder.exists()
    with web.prepare(ledger, show_pii=True) as site:
        assert site.db == ledger.resolve() and not site.immutable
        assert "--immutable" not in web.datasette_command(site)
    assert hashlib.sha256(ledger.read_bytes()).hexdigest() == digest
