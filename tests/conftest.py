"""Shared fixtures: a fresh ledger, the demo ledger, and a CLI runner that returns stdout/stderr/exit code."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongjian.cli import app
from gongjian.i18n import set_lang
from gongjian.ledger import Ledger

# Windows has no owner/group/other file modes (os.chmod sets only the read-only flag): the checks of file
# modes run on POSIX; a test about modes alone carries `posix_modes`, a wider test guards its mode lines.
POSIX = os.name == "posix"
posix_modes = pytest.mark.skipif(not POSIX, reason="Windows has no POSIX file modes (0600/0700) to check")


@pytest.fixture(autouse=True)
def _chinese_by_default(monkeypatch):
    """Every test starts in Chinese with no ledger from the environment."""
    monkeypatch.delenv("GONGJIAN_DB", raising=False)
    monkeypatch.delenv("GONGJIAN_LANG", raising=False)
    set_lang("zh")
    yield
    set_lang("zh")


@pytest.fixture
def db(tmp_path) -> Path:
    """Path of a new, empty ledger."""
    path = tmp_path / "ledger.db"
    Ledger.open(path, create=True).close()
    return path


@pytest.fixture
def ledger(db):
    """An open, empty ledger (closed after the test)."""
    with Ledger.open(db) as opened:
        yield opened


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory) -> Path:
    """The demo ledger, built once per test session (copy it before changing it)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(app, ["demo", "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def demo_db(demo_master, tmp_path) -> Path:
    """A private copy of the demo ledger that a test may change."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_master, path)
    return path


class Cli:
    """Run gongjian commands in-process against one ledger; returns click's Result."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):
        set_lang("zh")
        return self.runner.invoke(app, ["--db", str(self.path), *args], input=input)


@pytest.fixture
def cli(db) -> Cli:
    """A CLI runner bound to a new, empty ledger: `cli("unit", "list").stdout`."""
    return Cli(db)


@pytest.fixture
def demo_cli(demo_db) -> Cli:
    """A CLI runner bound to a private copy of the demo ledger."""
    return Cli(demo_db)
