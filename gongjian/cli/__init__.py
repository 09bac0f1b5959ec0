"""The command line: thin Typer commands over `gongjian.ledger.Ledger`.

One module per command noun, named as the command: `gongjian member …` is `gongjian/cli/member.py`
(`import_.py` for `gongjian import`), each with `register(app)`. What they share lives beside them:
`options.py` (options declared once), `output.py` (`emit`, the one way out), `common.py` (the ledger,
`fail`), `views.py` (columns several commands show). Errors from the domain are turned into one stderr
line and an exit code in exactly one place, `GongjianGroup.invoke`; `--debug` lets the traceback through.

A run of one command imports only that command's module (`_invoked`); `--help`, `--version`, completion
and a command not known import them all (`app`, built on first use). Imports sit at the top of a module
unless they cost start-up time: the ledger and the parts that load sqlite3, rich, the normalisers, the
spreadsheet writers and readers (5–40 ms each, measured after `import gongjian.cli`) are imported inside
the command that uses them, marked `# deferred (start-up)`.
"""

from __future__ import annotations

import copy
import importlib
import os
import sys
from contextlib import suppress
from pathlib import Path
from typing import Any

import typer
from typer import _click

from gongjian import __version__
from gongjian.cli import usage
from gongjian.cli.common import command_line, fail, ledger_path, state
from gongjian.errors import GongjianError
from gongjian.i18n import set_lang, t
from gongjian.paths import InUse


def _prescan_lang(argv: list[str]) -> str | None:
    """Read `--lang` from argv before the commands are built, so help text is in that language."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


# Before any command module (or `options`, whose help texts are read from the catalog on import) loads.
set_lang(_prescan_lang(sys.argv[1:]))


class GongjianGroup(usage.Group):
    """The root group: turns every domain error into one stderr line and exit code 1, and every usage
    error into the clerk's language (`usage.show_error`) with exit code 2."""

    def main(self, args: Any = None, prog_name: str | None = None, *rest: Any, **extra: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        state.lang = _prescan_lang(argv)
        if state.lang is not None:
            set_lang(state.lang)
        extra["standalone_mode"] = False  # the errors are shown here, in the clerk's language
        try:
            code = super().main(argv, prog_name, *rest, **extra)
        except _click.exceptions.ClickException as exc:
            usage.show_error(exc, argv)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo(t("aborted"), err=True)
            sys.exit(1)
        if isinstance(code, int) and code:  # typer.Exit(code) from a command
            sys.exit(code)
        return code

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if ctx.parent is None:  # the full command line, as the audit log records it (also under CliRunner)
            state.argv = command_line(args)
        return super().parse_args(ctx, args)

    def get_params(self, ctx: Any) -> list[Any]:
        """The root's options, Typer's completion options with help in the user's language."""
        params = super().get_params(ctx)
        for param in params:
            key = COMPLETION_HELP.get(param.name or "")
            if key is not None:
                param.help = t(key)
            if param.name == "install_completion":
                param.callback = _install_completion
        return params

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            cancelled()
        except GongjianError as exc:
            fail(exc.message(), exc.exit_code, masked=True)
        except Exception as exc:
            if _is_cli_control(exc):
                raise  # usage errors, --help, typer.Exit: the framework prints and exits itself
            if isinstance(exc, BrokenPipeError):
                _quiet_broken_pipe()
            if _interrupted(exc):
                cancelled()
            if state.debug:
                raise
            damaged = _damage(exc)
            if damaged is not None:
                fail(damaged.message(), damaged.exit_code, masked=True)
            if isinstance(exc, InUse):
                fail(t("file_in_use", path=exc.filename))
            if isinstance(exc, OSError):
                fail(t("os_error", error=f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")))
            fail(t("internal_error", error=f"{type(exc).__name__}: {exc}"))


COMPLETION_HELP = {"install_completion": "o_install_completion", "show_completion": "o_show_completion"}


def _install_completion(ctx: Any, param: Any, value: Any) -> Any:
    """`--install-completion`: Typer's installer for the shell in use, its two lines in the user's language."""
    if not value or ctx.resilient_parsing:
        return value
    # deferred (start-up): the completion scripts, only when installing them
    from typer.completion import install

    shell = value if isinstance(value, str) else _shell()
    if shell not in SHELLS:
        fail(t("completion_no_shell", shell=shell or "?", shells="、".join(SHELLS)))
    shell, path = install(shell=shell)
    typer.echo(t("completion_installed", shell=shell, path=str(path)))
    typer.echo(t("completion_restart"))
    ctx.exit(0)


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _shell() -> str | None:
    """The shell this command runs in, as Typer detects it (shellingham, which Typer depends on)."""
    try:
        import shellingham  # deferred (start-up): only for --install-completion
    except ImportError:
        return None
    try:
        return shellingham.detect_shell()[0]
    except shellingham.ShellDetectionFailure:
        return None


def cancelled() -> None:
    """Ctrl-C: every write of the command was rolled back and every half-written file removed on the way
    out; say so in one line and exit 130, as a shell expects of an interrupted program."""
    fail(t("cancelled"), 130)


def _interrupted(exc: BaseException) -> bool:
    """SQLite's `interrupted`: Ctrl-C reached a long statement through a progress handler, which stopped it."""
    return type(exc).__module__ == "sqlite3" and str(exc) == "interrupted"


def _damage(exc: BaseException) -> GongjianError | None:
    """A damaged ledger met while a command read it (`database disk image is malformed`, text that is not
    UTF-8): one line naming the ledger and how to restore it, instead of SQLite's English."""
    if not (type(exc).__module__ == "sqlite3" or isinstance(exc, UnicodeDecodeError)):
        return None
    # deferred (start-up): only on this error path
    from gongjian.store import soundness

    found = soundness.damage_problem(exc)
    if found is None:
        return None
    return soundness.refusal(found, path=str(ledger_path()), context="ledger_bad")


def _quiet_broken_pipe() -> None:
    """The reader of our output went away (`gongjian unit list | head`): stop quietly, as a pipe expects."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    with suppress(OSError, ValueError):  # not a real file descriptor (tests): nothing more to silence
        os.dup2(devnull, sys.stdout.fileno())
    raise typer.Exit(1)


def _is_cli_control(exc: BaseException) -> bool:
    """True for the framework's own control-flow exceptions (click's, or typer's vendored click)."""
    return any(cls.__module__.split(".")[0] in ("click", "typer") for cls in type(exc).__mro__)


# The root: the global options and the group, without commands; `app` (below) is it with every command.
root = typer.Typer(
    cls=GongjianGroup,
    help=t("h_app"),
    no_args_is_help=True,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gongjian {__version__}")
        raise typer.Exit()


@root.callback()
def _root(
    db: Path = typer.Option(None, "--db", help=t("o_db")),
    lang: str = typer.Option(None, "--lang", help=t("o_lang")),
    debug: bool = typer.Option(False, "--debug", help=t("o_debug")),
    quiet: bool = typer.Option(False, "--quiet", help=t("o_quiet")),
    no_pager: bool = typer.Option(False, "--no-pager", help=t("o_no_pager")),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help=t("o_version")),
) -> None:
    """gongjian 共建台账."""
    if lang is not None and lang.lower() not in ("zh", "en", "zh-cn", "zh_cn", "en-us", "en_us"):
        fail(t("usage_lang", lang=lang), 2)
    set_lang(
        lang if lang is not None else state.lang
    )  # `--lang` read before the command, else the environment
    state.db = db
    state.debug = debug
    state.quiet = quiet
    state.pager = not no_pager
    # deferred (start-up): the progress display; every command module imports it anyway
    from gongjian.cli.output import progress

    state.progress = progress


# One module per top-level command, named as the command (`import_` for `import`, a keyword), in the
# order `gongjian --help` lists them (commands first, then groups, each in registration order).
COMMAND_MODULES = (
    "init",
    "info",
    "demo",
    "community",
    "unit",
    "pair",
    "agreement",
    "committee",
    "activity",
    "fund",
    "member",
    "ticket",
    "need",
    "resource",
    "project",
    "meeting",
    "notice",
    "import_",
    "template",
    "assess",
    "report",
    "summary",
    "search",
    "backup",
    "restore",
    "doctor",
    "log",
    "undo",
    "export",
    "merge",
    "browse",
)


def _module_of(name: str) -> str:
    """The module of a top-level command: its own name (`import_` for the keyword `import`)."""
    return "import_" if name == "import" else name


def _built(modules: tuple[str, ...]) -> typer.Typer:
    """The root with the commands of `modules` registered, in that order."""
    built = copy.copy(root)
    built.registered_commands, built.registered_groups = [], []
    for name in modules:
        importlib.import_module(f"gongjian.cli.{name}").register(built)
    usage.install(built)
    return built


def _whole() -> typer.Typer:
    """The whole command line, every command module imported: built once, on first use."""
    whole = globals().get("app")
    if whole is None:
        whole = globals()["app"] = _built(COMMAND_MODULES)
    return whole


def __getattr__(name: str) -> Any:
    """`gongjian.cli.app` is `_whole()`."""
    if name == "app":
        return _whole()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _invoked(args: list[str]) -> typer.Typer:
    """The app holding only the top-level command `args` invoke, else the whole app.

    Importing every command module and turning every command into a click command costs a run of one
    command ≈ 40 ms, so a run of one command imports and builds only its own module. Without a known
    command (`--help`, `--version`, a typo to suggest a correction for) the whole app runs, as before.
    """
    name = None
    words = iter(args)
    for arg in words:
        if arg in ("--db", "--lang"):
            next(words, None)
        elif arg in ("-h", "--help", "--version"):
            return _whole()
        elif not arg.startswith("-"):
            name = arg
            break
    module = _module_of(name or "")
    if module not in COMMAND_MODULES or module.removesuffix("_") != name:
        return _whole()
    return _built((module,))


def main() -> None:
    """Console-script entry point."""
    for stream in (sys.stdout, sys.stderr):
        if (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            with suppress(AttributeError, ValueError):
                stream.reconfigure(encoding="utf-8")
    state.argv = command_line(sys.argv[1:])
    try:
        _invoked(sys.argv[1:])(prog_name="gongjian")
    except KeyboardInterrupt:  # before or after a command ran (parsing, start-up)
        typer.echo(t("cancelled"), err=True)
        sys.exit(130)
