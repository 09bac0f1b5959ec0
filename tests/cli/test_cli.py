"""Global behaviour of the command line: options, languages, exit codes, help, init/info/demo."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import POSIX
from typer.testing import CliRunner

from gongjian import __version__
from gongjian.cli import app
from gongjian.ledger import Ledger


def run(*args, env=None):
    return CliRunner().invoke(app, list(args), env=env)


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout == f"gongjian {__version__}\n"


def test_unknown_command_is_a_usage_error_exit_2(db):
    result = run("--db", str(db), "unit", "lst")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "错误：没有“lst”这个命令，是不是要用 list？"


def test_missing_ledger_is_one_line(tmp_path):
    path = tmp_path / "nowhere.db"
    result = run("--db", str(path), "unit", "list")
    assert result.exit_code == 1
    assert result.stderr == f"台账 {path} 不存在，请先运行 gongjian init 或 gongjian demo\n"
    assert not path.exists()


def test_english_messages_with_flag_and_environment(db):
    result = run("--db", str(db), "--lang", "en", "unit", "show", "乐清市统计局")
    assert result.exit_code == 1 and result.stderr == "No unit named 乐清市统计局\n"
    result = run("--db", str(db), "unit", "show", "乐清市统计局", env={"GONGJIAN_LANG": "en"})
    assert result.stderr == "No unit named 乐清市统计局\n"


def test_bad_lang_is_usage_error(db):
    result = run("--db", str(db), "--lang", "fr", "info")
    assert result.exit_code == 2 and "fr" in result.stderr


def test_db_from_environment(db):
    result = run("unit", "add", "乐清市统计局", env={"GONGJIAN_DB": str(db)})
    assert result.exit_code == 0
    with Ledger.open(db) as ledger:
        assert ledger.store.scalar("SELECT name FROM units") == "乐清市统计局"


def test_init_creates_private_ledger_and_info_counts(tmp_path):
    path = tmp_path / "北城社区.db"
    result = run("--db", str(path), "init", "--name", "北城社区共建台账")
    assert result.exit_code == 0 and result.stdout == f"已新建台账：{path}\n"
    assert not POSIX or oct(path.stat().st_mode & 0o777) == "0o600"
    assert run("--db", str(path), "init").stdout == f"台账已存在：{path}\n"
    info = json.loads(run("--db", str(path), "info", "--format", "json").stdout)
    assert info["name"] == "北城社区共建台账"
    assert info["schema_version"] >= 1
    assert info["counts"]["units"] == 0 and "tickets" in info["counts"]
    text = run("--db", str(path), "info").stdout
    assert "结构版本" in text and "共建单位" in text


def test_init_into_a_missing_folder_asks_for_parents_and_says_where(tmp_path):
    path = tmp_path / "街道" / "北城社区.db"
    result = run("--db", str(path), "init", "--name", "北城社区共建台账")
    assert result.exit_code == 1
    assert result.stderr == (
        f"文件夹 {path.parent} 不存在，台账没有建立；要新建这个文件夹并把台账建在其中，请加 --parents："
        f"gongjian --db {path} init --name 北城社区共建台账 --parents\n"
    )
    assert not path.parent.exists()
    result = run("--db", str(path), "init", "--name", "北城社区共建台账", "--parents")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"已新建文件夹：{path.parent}\n已新建台账：{path}\n"
    assert not POSIX or oct(path.stat().st_mode & 0o777) == "0o600"


def test_init_in_the_default_place_creates_its_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path))
    result = run("init")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("已新建台账：") and result.stdout.rstrip().endswith("ledger.db")


def test_a_ledger_named_by_a_folder_is_one_plain_line(tmp_path):
    folder = tmp_path / "台账"
    folder.mkdir()
    for args in (("unit", "list"), ("init",), ("summary",)):
        result = run("--db", str(folder), *args)
        assert result.exit_code == 1, args
        assert result.stderr == (
            f"{folder} 是一个文件夹，不是台账文件；请写出台账的文件名，如 --db {folder / 'ledger.db'}\n"
        )
    assert list(folder.iterdir()) == []


def test_every_command_has_help(db):
    """Walk the whole command tree: every group and command prints help in Chinese and exits 0."""
    from typer.main import get_command

    root = get_command(app)
    paths = []

    def walk(cmd, prefix):
        for name, sub in getattr(cmd, "commands", {}).items():
            paths.append([*prefix, name])
            assert sub.help or sub.short_help, f"{' '.join([*prefix, name])} has no help text"
            walk(sub, [*prefix, name])

    walk(root, [])
    assert len(paths) > 20
    for path in paths:
        result = run(*path, "--help")
        assert result.exit_code == 0, (path, result.output)


def test_internal_errors_never_show_a_traceback(db, monkeypatch):
    from gongjian.roster import roster

    def boom(self):
        raise RuntimeError("磁盘故障")

    monkeypatch.setattr(roster.Roster, "list_communities", boom)
    result = run("--db", str(db), "community", "list")
    assert result.exit_code == 1
    assert result.stderr == "内部错误：RuntimeError: 磁盘故障（加 --debug 查看详情）\n"
    result = run("--db", str(db), "--debug", "community", "list")
    assert isinstance(result.exception, RuntimeError)


def test_demo_builds_and_never_overwrites_a_real_ledger(tmp_path, db):
    result = run("demo", "--db", str(db))
    assert result.exit_code == 1 and "不是演示台账" in result.stderr
    with Ledger.open(db) as ledger:
        assert ledger.store.scalar("SELECT count(*) FROM units") == 0
    demo = tmp_path / "demo.db"
    result = run("demo", "--db", str(demo))
    assert result.exit_code == 0, result.output
    assert f"演示台账已生成：{demo}" in result.stdout
    assert "gongjian --db" in result.stdout
    with Ledger.open(demo) as ledger:
        assert ledger.store.scalar("SELECT count(*) FROM communities") == 12
        assert ledger.store.scalar("SELECT count(*) FROM units") == 195
        assert (
            ledger.store.scalar("SELECT count(*) FROM pairings WHERE role = 'lead' AND ended IS NULL") == 12
        )
    again = run("demo", "--db", str(demo))  # a demo ledger may be rebuilt
    assert again.exit_code == 0


def test_demo_counts_are_reproducible(demo_master, tmp_path):
    result = run("demo", "--db", str(tmp_path / "again.db"))
    assert result.exit_code == 0
    with Ledger.open(demo_master) as a, Ledger.open(tmp_path / "again.db") as b:
        assert a.store.info()["counts"] == b.store.info()["counts"]
        assert a.store.rows("SELECT name, kind, credit_code FROM units ORDER BY id") == b.store.rows(
            "SELECT name, kind, credit_code FROM units ORDER BY id"
        )


@pytest.mark.parametrize("env_extra", [{"NO_COLOR": "1"}, {}])
def test_subprocess_output_is_plain_utf8(demo_db, env_extra):
    env = {"PATH": os.environ.get("PATH", ""), "GONGJIAN_DB": str(demo_db), "LANG": "C", **env_extra}
    proc = subprocess.run(
        [sys.executable, "-m", "gongjian", "community", "list"], capture_output=True, env=env
    )
    assert proc.returncode == 0, proc.stderr.decode()
    text = proc.stdout.decode("utf-8")
    assert "北城社区" in text and "\x1b[" not in text


def test_the_demos_next_commands_run_as_printed_without_gongjian_on_path(tmp_path):
    """A newcomer who ran `.venv/bin/gongjian demo` copies the lines it prints: each one runs."""
    script = Path(sys.executable).with_name("gongjian")
    env = {**os.environ, "PATH": "/usr/bin:/bin"}
    env.pop("GONGJIAN_DB", None)
    proc = subprocess.run(
        [str(script), "demo"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    start = lines.index("接下来可以试试：")
    commands = [line.strip() for line in lines[start + 1 : start + 5]]
    assert commands[0] == f"{script} --db gongjian-demo.db report year 2016"
    for command in commands:
        ran = subprocess.run(
            command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
        )
        assert ran.returncode == 0, (command, ran.stderr)
    assert (tmp_path / "考评2016.xlsx").exists()
