"""The command line's layout: one module per command noun, named as the command, and no SQL or JSON in it.

`gongjian member …` lives in `gongjian/cli/member.py` (`import_.py` for `gongjian import`); what the
command modules share lives in the few modules named in SHARED.
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import typer

import gongjian.cli
from gongjian.cli import COMMAND_MODULES, app

CLI_DIR = Path(gongjian.cli.__file__).parent
SHARED = {"__init__", "common", "options", "output", "usage", "views"}
# What a command module must not do: talk SQL, reach past the store's API, or write JSON itself.
FORBIDDEN = (
    "json.dump",
    ".execute(",
    "SELECT ",
    "PRAGMA",
    ".store.conn",
    ".store.rows(",
    ".store.row(",
    ".store.scalar(",
)


def module_of(command: str) -> str:
    """The module a top-level command lives in: its own name (`import_` for the keyword `import`)."""
    return "import_" if command == "import" else command


def callbacks(sub: typer.Typer):
    """Every function of a Typer app: its callback, its commands, and those of its sub-groups."""
    if sub.registered_callback and sub.registered_callback.callback:
        yield sub.registered_callback.callback
    for command in sub.registered_commands:
        yield command.callback
    for group in sub.registered_groups:
        yield from callbacks(group.typer_instance)


def top_level_names() -> list[str]:
    return [c.name for c in app.registered_commands] + [g.name for g in app.registered_groups]


def test_every_command_is_defined_in_the_module_named_after_it():
    for command in app.registered_commands:
        assert command.callback.__module__ == f"gongjian.cli.{module_of(command.name)}", command.name
    for group in app.registered_groups:
        for function in callbacks(group.typer_instance):
            assert function.__module__ == f"gongjian.cli.{module_of(group.name)}", (group.name, function)


def test_each_command_module_registers_its_own_command_and_no_other():
    for name in COMMAND_MODULES:
        fresh = typer.Typer()
        importlib.import_module(f"gongjian.cli.{name}").register(fresh)
        registered = [c.name for c in fresh.registered_commands] + [g.name for g in fresh.registered_groups]
        assert registered == [name.removesuffix("_")], name


def test_every_module_is_a_command_or_shared_machinery():
    modules = {path.stem for path in CLI_DIR.glob("*.py")}
    assert modules - SHARED == set(COMMAND_MODULES)
    assert sorted(module_of(name) for name in top_level_names()) == sorted(COMMAND_MODULES)


def test_the_cli_talks_no_sql_and_writes_no_json_itself():
    for path in sorted(CLI_DIR.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        found = [word for word in FORBIDDEN if word in text]
        assert not found, f"gongjian/cli/{path.name} contains {found}"


def test_help_lists_every_command():
    result = subprocess.run(
        [sys.executable, "-m", "gongjian", "--lang", "en", "--help"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    listed = re.findall(r"^  (\S+)\s", result.stdout.split("Commands:", 1)[1], flags=re.MULTILINE)
    assert listed == top_level_names()
    assert sorted(listed) == sorted(name.removesuffix("_") for name in COMMAND_MODULES)


def test_a_run_of_one_command_imports_only_that_commands_module():
    code = (
        "import json, sys\n"
        "from gongjian.cli import _invoked\n"
        "lean = _invoked(['--db', 'x.db', 'import', 'units', '单位名册.csv', '--dry-run'])\n"
        "print(json.dumps([c.name for c in lean.registered_commands]))\n"
        "print(json.dumps([m for m in sys.modules if m.startswith('gongjian.cli.')]))\n"
        "print(_invoked(['import_']) is _invoked(['--help']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    commands, modules, whole = result.stdout.splitlines()
    assert json.loads(commands) == ["import"]
    loaded = {m.removeprefix("gongjian.cli.") for m in json.loads(modules)}
    assert loaded & set(COMMAND_MODULES) == {"import_"}
    assert whole == "True"  # `import_` is no command: the whole app, which suggests `import`
