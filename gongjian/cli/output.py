"""The one way out: a command builds its result and hands it to `emit`, which writes it.

- a `gongjian.writing.table.Table` (a listing, a report, one record as a two-column table) is written in
  the chosen format — a table for a person, JSON or CSV with English keys — or, given `output`, into
  that file (`-o FILE.xlsx` for a workbook);
- a plain document (a dict or list: what a `show` command gives a script) is written as one JSON
  document, whatever the format (a single record has no CSV);
- text a writer has already rendered (the digest) is written as it is.

`say` is for a line addressed to the person at the terminal, on stdout (or stderr with `err=True`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import typer

from gongjian.cli.options import Fmt
from gongjian.writing.table import Table, to_csv, to_json, write_json

_console = None


def emit(
    result: Table | dict[str, Any] | list[Any] | str,
    fmt: str = Fmt.table,
    output: Path | None = None,
    *,
    notes: list[tuple[str, str]] | None = None,
) -> None:
    """Write a command's result: a Table in `fmt` (or into `output`), a document as JSON, text as is."""
    if isinstance(result, str):
        sys.stdout.write(result)
        sys.stdout.flush()
    elif not isinstance(result, Table):
        write_json(result, sys.stdout)
    elif output is not None:
        _to_file(result, fmt, Path(output), notes)
    elif fmt == Fmt.json:
        to_json(result, sys.stdout)
    elif fmt == Fmt.csv:
        to_csv(result, sys.stdout)
    else:
        # deferred (start-up): rich's tables, ~20 ms, only when a table is drawn for a person
        from gongjian.writing.terminal import render_rich

        render_rich(result, console())


def _to_file(table: Table, fmt: str, path: Path, notes: list[tuple[str, str]] | None) -> None:
    """A table written into a file: a workbook for `.xlsx` (with a notes sheet), else JSON or CSV."""
    if path.suffix.lower() == ".xlsx":
        # deferred (start-up): the workbook writer, ~10 ms, only for `-o FILE.xlsx`
        from gongjian.writing.xlsx import write_tables

        write_tables(path, [table], notes=notes)
        return
    with open(path, "w", encoding="utf-8", newline="") as out:
        (to_json if fmt == Fmt.json else to_csv)(table, out)


def say(message: str, *, err: bool = False) -> None:
    """A line for the person at the terminal: stdout, or stderr beside a result a script reads."""
    typer.echo(message, err=err)


def console():
    """The stdout console: colour and box drawing only on a terminal without NO_COLOR."""
    global _console
    if _console is None:
        # deferred (start-up): rich's console, ~19 ms, only for a table drawn for a person
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
