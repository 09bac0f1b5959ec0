"""The command line: thin Typer commands over `gongjian.ledger.Ledger`.

Errors from the domain are turned into one stderr line and an exit code in exactly one place,
`GongjianGroup.invoke`; `--debug` lets the traceback through. Each noun lives in its own module.
"""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from gongjian import __version__
from gongjian.errors import GongjianError
from gongjian.i18n import set_lang, t


def _prescan_lang(argv: list[str]) -> str | None:
    """Read `--lang` from argv before the commands are built, so help text is in that language."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


set_lang(_prescan_lang(sys.argv[1:]))


class State:
    """Options given before the noun, shared by every command of one invocation."""

    db: Path | None = None
    debug: bool = False
    argv: str = "gongjian"


state = State()


class Fmt(StrEnum):
    """Output format of listings."""

    table = "table"
    json = "json"
    csv = "csv"


def fail(message: str, code: int = 1) -> None:
    """Print one line on stderr and exit with `code`."""
    typer.echo(message, err=True)
    raise typer.Exit(code)


class GongjianGroup(TyperGroup):
    """The root group: turns every domain error into one stderr line and exit code 1."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if ctx.parent is None:  # the full command line, as the audit log records it (also under CliRunner)
            state.argv = command_line(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except GongjianError as exc:
            fail(exc.message(), exc.exit_code)
        except Exception as exc:
            if _is_cli_control(exc):
                raise  # usage errors, --help, typer.Exit: the framework prints and exits itself
            if isinstance(exc, BrokenPipeError):
                _quiet_broken_pipe()
            if state.debug:
                raise
            if isinstance(exc, OSError):
                fail(t("os_error", error=f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")))
            fail(t("internal_error", error=f"{type(exc).__name__}: {exc}"))


def _quiet_broken_pipe() -> None:
    """The reader of our output went away (`gongjian unit list | head`): stop quietly, as a pipe expects."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    with suppress(OSError, ValueError):  # not a real file descriptor (tests): nothing more to silence
        os.dup2(devnull, sys.stdout.fileno())
    raise typer.Exit(1)


def command_line(args: list[str]) -> str:
    """`gongjian ARGS` as one line a shell would accept; Chinese text stays readable (not quoted)."""
    import re
    import shlex

    special = re.compile(r"[\s'\"\\$`;&|<>()*?#~!{}\[\]]")
    return " ".join(["gongjian", *(a if a and not special.search(a) else shlex.quote(a) for a in args)])


def _is_cli_control(exc: BaseException) -> bool:
    """True for the framework's own control-flow exceptions (click's, or typer's vendored click)."""
    return any(cls.__module__.split(".")[0] in ("click", "typer") for cls in type(exc).__mro__)


app = typer.Typer(
    cls=GongjianGroup,
    help=t("h_app"),
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gongjian {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    db: Path = typer.Option(None, "--db", help=t("o_db")),
    lang: str = typer.Option(None, "--lang", help=t("o_lang")),
    debug: bool = typer.Option(False, "--debug", help=t("o_debug")),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help=t("o_version")),
) -> None:
    """gongjian 共建台账."""
    if lang is not None and lang.lower() not in ("zh", "en", "zh-cn", "zh_cn", "en-us", "en_us"):
        fail(t("usage_lang", lang=lang), 2)
    set_lang(lang)
    state.db = db
    state.debug = debug


def open_ledger(*, create: bool = False, readonly: bool = False):
    """Open the ledger named by `--db`, `GONGJIAN_DB` or the user data directory."""
    from gongjian.ledger import Ledger

    ledger = Ledger.open(state.db, create=create, readonly=readonly)
    ledger.store.argv = state.argv
    if ledger.store.upgraded_from:
        typer.echo(
            t(
                "ledger_upgraded",
                old=ledger.store.upgraded_from,
                new=ledger.store.info()["schema_version"],
                backup=str(ledger.store.upgrade_backup),
            ),
            err=True,
        )
    return ledger


_console = None


def console():
    """The stdout console: colour and box drawing only on a terminal without NO_COLOR."""
    global _console
    if _console is None:
        from rich.console import Console

        terminal = sys.stdout.isatty()
        _console = Console(
            no_color=bool(os.environ.get("NO_COLOR")) or not terminal,
            force_terminal=terminal,
            width=None if terminal else 240,
            highlight=False,
            soft_wrap=not terminal,
        )
    return _console


def show(table, fmt: Fmt | str = Fmt.table) -> None:
    """Write a `gongjian.writing.table.Table` to stdout in the chosen format."""
    from gongjian.writing import table as tables

    fmt = Fmt(fmt)
    if fmt is Fmt.json:
        tables.to_json(table, sys.stdout)
    elif fmt is Fmt.csv:
        tables.to_csv(table, sys.stdout)
    else:
        tables.render_rich(table, console())


def brief(key: str) -> str:
    """A command's one-line summary for command lists: its help text up to the first colon or bracket.

    Click shortens help at spaces, which Chinese text has none of; this keeps the list readable.
    """
    import re

    return re.split(r"[：:（(；;。]", t(key), maxsplit=1)[0].strip()


def say(message: str) -> None:
    """A line for the person at the terminal (stdout)."""
    typer.echo(message)


FORMAT_OPTION = typer.Option(Fmt.table, "--format", "-f", help=t("o_format"), case_sensitive=False)

COMMAND_MODULES = (
    "setup",
    "roster",
    "records",
    "tickets",
    "projects",
    "io",
    "assess",
    "summary",
    "admin",
    "merge",
)


def _register() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"gongjian.cli.{name}").register(app)


_register()


def _invoked(args: list[str]) -> typer.Typer:
    """The app holding only the top-level command `args` invoke, else the whole app.

    Typer turns every command it holds into a click command on each run (≈ 40 ms for all of gongjian's),
    so a run of one command builds only its own. Without a known command (`--help`, `--version`, a typo
    to suggest a correction for) the whole app runs, exactly as before.
    """
    import copy

    name = None
    words = iter(args)
    for arg in words:
        if arg in ("--db", "--lang"):
            next(words, None)
        elif arg in ("-h", "--help", "--version"):
            return app
        elif not arg.startswith("-"):
            name = arg
            break
    commands = [
        c for c in app.registered_commands if (c.name or c.callback.__name__.replace("_", "-")) == name
    ]
    groups = [g for g in app.registered_groups if g.name == name]
    if name is None or not (commands or groups):
        return app
    lean = copy.copy(app)
    lean.registered_commands, lean.registered_groups = commands, groups
    return lean


def main() -> None:
    """Console-script entry point."""
    for stream in (sys.stdout, sys.stderr):
        if (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            with suppress(AttributeError, ValueError):
                stream.reconfigure(encoding="utf-8")
    state.argv = command_line(sys.argv[1:])
    try:
        _invoked(sys.argv[1:])(prog_name="gongjian")
    except KeyboardInterrupt:
        typer.echo(t("interrupted"), err=True)
        sys.exit(130)
