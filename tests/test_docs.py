"""The README names every command, and its two newcomer commands are the ones CI runs."""

from __future__ import annotations

from pathlib import Path

from typer.main import get_command

from gongjian.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_paths() -> list[str]:
    paths: list[str] = []

    def walk(cmd, prefix):
        for name, sub in getattr(cmd, "commands", {}).items():
            if getattr(sub, "hidden", False):
                continue
            path = [*prefix, name]
            if not getattr(sub, "commands", None) or getattr(sub, "invoke_without_command", False):
                paths.append(" ".join(path))
            walk(sub, path)

    walk(get_command(app), [])
    return paths


def test_every_command_is_named_in_the_readme():
    missing = [p for p in command_paths() if f"gongjian {p}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in ci.splitlines() if "pytest" in line and not line.startswith("#"))
    assert command.strip() in README


def test_readme_main_job_builds_the_demo_and_the_workbook():
    assert "gongjian demo" in README
    assert "assess 2016 -o" in README
