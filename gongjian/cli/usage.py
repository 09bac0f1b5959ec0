"""The frame of every help page and usage error, in the clerk's language (`--lang en` keeps English).

Typer draws help pages and usage errors with its own vendored click; this module speaks through the hooks
that core offers, never by rewriting what it printed:

- typer's `gettext` (`typer.core._`) for the words it already marks for translation: `Arguments`,
  `Options`, `Commands`, `required`, `default: …`, `Missing command.`, `Aborted!`;
- a help formatter (`Formatter`, through the context's `formatter_class`) for `Usage:` and the
  headings, and for line breaking that never splits a word (`activities`) — Chinese text has no spaces,
  which click's wrapping needs;
- command and group classes (`Command`, `Group`, given to every command by `install`) for `[OPTIONS]`,
  `COMMAND [ARGS]...`, `Show this message and exit.` and `No such command … Did you mean …`;
- `show_error`, called by the root group in place of click's `Error: …`: each usage error in one
  sentence of the catalog, and a global option written after the command (`gongjian init --db x.db`)
  answered with the command line that works (`gongjian --db x.db init`).

The same classes give each parameter a lean coercion (`_Lean`): Typer ≥ 0.29 builds a pydantic
`TypeAdapter` for every option of the invoked command, defaults included (≈ 0.15 s of start-up); a
plain text, whole number, path or choice typed well is taken as the adapter would take it, and anything
else goes to Typer's own coercion, so every value and every message stays Typer's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from enum import Enum
from pathlib import Path
from typing import Any, get_args

import typer
import typer.core
from typer import _click
from typer.core import TyperCommand, TyperGroup
from typer.models import Context as TyperContext
from typer.models import DefaultPlaceholder

try:  # Typer ≥ 0.29 coerces values through pydantic adapters; an older Typer has none of this
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_choice, coerce_cli_path, lenient_issubclass
except ImportError:  # pragma: no cover - older Typer: click's own types, nothing to spare
    RuntimeParam = None  # type: ignore[assignment,misc]

from gongjian.cli.common import command_line
from gongjian.i18n import t
from gongjian.writing.wrap import cells, wrap

# The global options (before the command) and whether each takes a value.
GLOBAL_OPTIONS = {"--db": True, "--lang": True, "--debug": False, "--version": False}

# typer's own words, marked for gettext in typer.core, and their catalog keys.
_TYPER_WORDS = {
    "Arguments": "help_arguments",
    "Options": "help_options",
    "Commands": "help_commands",
    "required": "help_required",
    "default: {default}": "help_default",
    "env var: {var}": "help_envvar",
    "(dynamic)": "help_dynamic",
    "Missing command.": "usage_missing_command",
    "Aborted!": "aborted",
}


def gettext(message: str) -> str:
    """typer's gettext: its words in the current language (anything else as it is)."""
    key = _TYPER_WORDS.get(message)
    return t(key) if key else message


class Formatter(_click.formatting.HelpFormatter):
    """Help pages in the current language, wrapped between words (a Chinese character is one)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """`用法：gongjian unit list [选项]`."""
        super().write_usage(prog, args, t("help_usage") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        """`选项：` / `Options:`."""
        self.write(f"{'':>{self.current_indent}}{t('help_heading', heading=heading)}\n")

    def write_text(self, text: str) -> None:
        """A paragraph of help, indented and wrapped to the page."""
        indent = " " * self.current_indent
        paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
        for i, paragraph in enumerate(paragraphs):
            if i:
                self.write("\n")
            joined = " ".join(line.strip() for line in paragraph.splitlines() if line.strip() != "\b")
            for line in wrap(joined, max(self.width - self.current_indent, 20)):
                self.write(f"{indent}{line}\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """Options and commands: the name, then its help wrapped in the column beside it."""
        rows = [(row[0], row[1] if len(row) > 1 else "") for row in rows]
        first_col = min(max((cells(first) for first, _ in rows), default=0), col_max) + col_spacing
        text_width = max(self.width - first_col - self.current_indent, 20)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if cells(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cells(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap(re.sub(r"\s*\n\s*", " ", second.strip()), text_width)
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class Context(TyperContext):
    """The context of every gongjian command: help pages drawn by `Formatter`."""

    formatter_class = Formatter


def _translated(option: Any) -> Any:
    """The help option (`-h, --help`) with its help in the current language."""
    if option is not None:
        option.help = t("help_help")
    return option


_WHOLE = re.compile(r"-?[0-9]+")


def _lean_value(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> Any:
    """`value` as Typer's adapter would coerce it for a plain `annotation`; LookupError when unsure."""
    if (annotation is str and isinstance(value, str)) or (annotation is bool and isinstance(value, bool)):
        return value
    if annotation is int and (
        (isinstance(value, int) and not isinstance(value, bool))
        or (isinstance(value, str) and _WHOLE.fullmatch(value))
    ):
        number = int(value)
        if (info.min is None or number >= info.min) and (info.max is None or number <= info.max):
            return number
    elif lenient_issubclass(annotation, Enum) and isinstance(value, str | Enum):
        return coerce_cli_choice(value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
    elif (
        lenient_issubclass(annotation, Path)
        and info.path_type is None
        and info.parser is None
        and isinstance(value, str | Path)
        and str(value)
    ):
        return coerce_cli_path(Path(value), info, path_type=annotation, param=param, ctx=ctx)
    raise LookupError(annotation)


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class _Lean(RuntimeParam):
        """A parameter's coercion without a pydantic adapter for the plain cases (`_lean_value`); the rest,
        and every refusal, by Typer's own (built only then)."""

        descriptor: Any

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            item = get_args(self.annotation)[0] if self.descriptor.is_list else None
            try:
                if item is not None and isinstance(value, list | tuple):
                    return [_lean_value(item, self.parameter_info, v, param, ctx) for v in value]
                if item is None:
                    return _lean_value(self.annotation, self.parameter_info, value, param, ctx)
            except Exception:  # noqa: BLE001 - Typer's coercion says what is wrong, in its words
                pass
            return build_runtime_param(self.descriptor)._coerce_value(value, param=param, ctx=ctx)


def _lean(params: list[Any]) -> None:
    """Give each Typer parameter the lean coercion (`_Lean`), unless it has a parser or opens a file."""
    if RuntimeParam is None:
        return
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if (
            descriptor is None
            or getattr(param, "_runtime_param", False) is not None
            or descriptor.file_annotation is not None
            or descriptor.parameter_info.parser is not None
        ):
            continue
        param._runtime_param = _Lean(descriptor.parameter_info, descriptor.annotation, descriptor)


class Command(TyperCommand):
    """A gongjian command: its usage line and help option in the current language."""

    context_class = Context
    options_metavar = property(lambda self: t("help_options_metavar"), lambda self, value: None)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Parse as Typer does, each parameter with the lean coercion (`_lean`)."""
        _lean(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def get_help_option(self, ctx: Any) -> Any:
        """`-h, --help  显示本帮助并退出`."""
        return _translated(super().get_help_option(ctx))


class Group(TyperGroup):
    """A gongjian command group: as `Command`, and an unknown command answered with the ones meant."""

    context_class = Context
    options_metavar = property(lambda self: t("help_options_metavar"), lambda self, value: None)
    subcommand_metavar = property(lambda self: t("help_command_metavar"), lambda self, value: None)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Parse as Typer does, each parameter with the lean coercion (`_lean`)."""
        _lean(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def get_help_option(self, ctx: Any) -> Any:
        """`-h, --help  显示本帮助并退出`."""
        return _translated(super().get_help_option(ctx))

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """The command `args[0]` names; an unknown one is a usage error that suggests the close ones."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            matches = get_close_matches(name, list(self.commands))
            if matches:
                message = t("usage_no_command_suggest", name=name, suggestions="、".join(matches))
            else:
                message = t("usage_no_command", name=name, commands="、".join(self.commands))
            raise _click.exceptions.UsageError(message, ctx)
        return super().resolve_command(ctx, args)


def install(app: typer.Typer) -> None:
    """Give typer the catalog's words and every command and group of `app` the classes above."""
    typer.core._ = gettext  # typer.core's gettext, the hook it marks its own words with

    def walk(sub: typer.Typer) -> None:
        for command in sub.registered_commands:
            if command.cls in (None, TyperCommand):
                command.cls = Command
        for group in sub.registered_groups:
            chosen = (
                group.cls if not isinstance(group.cls, DefaultPlaceholder) else group.typer_instance.info.cls
            )
            if isinstance(chosen, DefaultPlaceholder) or chosen in (None, TyperGroup):
                group.cls = Group
            elif not issubclass(chosen, Group):  # a group of its own making: this frame beneath it
                group.cls = type(chosen.__name__, (chosen, Group), {})
            walk(group.typer_instance)

    walk(app)


# ------------------------------------------------------------------------------------------ usage errors
def show_error(exc: Exception, argv: list[str]) -> None:
    """Print a usage error as the clerk reads it: the usage line, where help is, and one sentence."""
    if isinstance(exc, _click.exceptions.NoArgsIsHelpError):
        exc.show()
        return
    corrected = _global_option_after_command(exc, argv)
    if corrected is not None:
        typer.echo(corrected, err=True)
        return
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, _click.exceptions.UsageError) and ctx is not None:
        typer.echo(ctx.get_usage(), err=True)
        if ctx.command.get_help_option(ctx) is not None:
            typer.echo(
                t("usage_try_help", command=f"{ctx.command_path} {ctx.help_option_names[0]}"), err=True
            )
        typer.echo("", err=True)
    typer.echo(t("usage_error", message=message_of(exc)), err=True)


def message_of(exc: Exception) -> str:
    """The sentence for one usage error, from what the exception knows (its parameter, its option)."""
    errors = _click.exceptions
    if isinstance(exc, errors.MissingParameter) and exc.param is not None:
        return t(f"usage_missing_{exc.param.param_type_name}", name=_name(exc.param), what=_what(exc.param))
    if isinstance(exc, errors.NoSuchOption):
        message = t("usage_no_option", option=exc.option_name)
        if exc.possibilities:
            message += t("usage_possible_options", options="、".join(sorted(exc.possibilities)))
        return message
    if isinstance(exc, errors.BadOptionUsage):
        if "requires" in exc.message:
            return t("usage_option_needs_value", option=exc.option_name)
        if "does not take a value" in exc.message:
            return t("usage_option_takes_no_value", option=exc.option_name)
    if isinstance(exc, errors.BadParameter) and exc.param is not None:
        return t("usage_bad_value", name=_name(exc.param), detail=_detail(exc.message))
    if isinstance(exc, errors.UsageError):
        m = re.fullmatch(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", exc.message)
        if m:
            return t("usage_extra_arguments", args=m.group(1))
    if isinstance(exc, errors.ClickException):
        return exc.format_message()
    return str(exc)


def _name(param: Any) -> str:
    """An option by its flags (`--verifier`), an argument by its name (`title`)."""
    if param.param_type_name == "option":
        return "/".join(param.opts)
    return param.display_name_raw


def _what(param: Any) -> str:
    """What the parameter is, from its help: `（问题标题）`; nothing when it has no help."""
    text = (param.help or "").strip()
    if not text:
        return ""
    first = re.split(r"[：:；;。，,（(]", text, maxsplit=1)[0].strip()
    return t("usage_what", what=first or text)


def _detail(message: str) -> str:
    """Why a value was refused, from typer's (or pydantic's) English: the choices, or a whole number."""
    m = re.search(r"'(.*)' is not one of (.*)\.$", message)
    if m:
        choices = "、".join(c.strip().strip("'") for c in m.group(2).split(","))
        return t("usage_bad_choice", value=m.group(1), choices=choices)
    if "valid integer" in message:
        return t("usage_bad_integer")
    if re.search(r"[\u4e00-\u9fff]", message):  # already in Chinese (a check of ours)
        return message
    return re.sub(r"^Value error, ", "", message)


def _global_option_after_command(exc: Exception, argv: list[str]) -> str | None:
    """`--db` written after the command: the sentence that says so, with the command line that works."""
    if not isinstance(exc, _click.exceptions.NoSuchOption):
        return None
    option = exc.option_name.split("=", 1)[0]
    if option not in GLOBAL_OPTIONS:
        return None
    moved, rest = [], []
    words = iter(argv)
    command_seen = False
    for word in words:
        flag = word.split("=", 1)[0]
        if command_seen and flag in GLOBAL_OPTIONS:
            moved.append(word)
            if GLOBAL_OPTIONS[flag] and "=" not in word:
                value = next(words, None)
                if value is not None:
                    moved.append(value)
            continue
        if not word.startswith("-"):
            command_seen = True
        rest.append(word)
    insert = next((i for i, w in enumerate(rest) if not w.startswith("-") and _is_command_word(rest, i)), 0)
    fixed = [*rest[:insert], *moved, *rest[insert:]]
    return t(
        "usage_error", message=t("usage_global_option_after", option=option, command=command_line(fixed))
    )


def _is_command_word(words: list[str], i: int) -> bool:
    """Whether words[i] is the command (not the value of a global option written before it)."""
    previous = words[i - 1] if i else ""
    return not (previous in GLOBAL_OPTIONS and GLOBAL_OPTIONS[previous])
