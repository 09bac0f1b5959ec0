"""The one way out: a command builds its result and hands it to `emit`, which writes it.

- a `gongjian.writing.table.Table` (a listing, a report, one record as a two-column table) is written in
  the chosen format — a table for a person, JSON or CSV with English keys — or, given `output`, into
  that file (`-o FILE.xlsx` for a workbook); JSON and CSV stream rows that come from a cursor;
- a plain document (a dict or list: what a `show` command gives a script) is written as one JSON
  document, whatever the format (a single record has no CSV);
- text a writer has already rendered (the digest) is written as it is.

On a terminal a table taller than the screen goes through a pager, as `git log` does (`pager`): the
program `GONGJIAN_PAGER` names, else `PAGER`, else `less` (or `more` on Windows); `--no-pager`, an empty
`GONGJIAN_PAGER` or `cat` print it straight. A listing longer than `PAGED_ROWS` pages its most recent
rows, under a line saying how many more there are and how to see them all. Off a terminal nothing changes.

`progress()` is the one progress display of long work (imports, exports, the workbook and documents,
merge, backup and restore, doctor, demo, upgrades): the domain reports `(phase, done, total)` to the
callback it is given, and this draws one line on stderr — only when stderr is a terminal, not with
`--quiet`, and only once the work has run for `PROGRESS_DELAY` seconds — with the phase in the user's
language. `say` is for a line addressed to the person at the terminal, on stdout (or stderr with
`err=True`); `say_written` says what an xlsx writer had to continue or cut.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import typer

from gongjian.cli.common import state
from gongjian.cli.options import Fmt
from gongjian.i18n import CATALOG, t
from gongjian.paths import replacing
from gongjian.writing.table import Table, to_csv, to_json, write_json

_console = None
PROGRESS_DELAY = 0.5  # seconds of work before a progress line appears
PAGED_ROWS = 2000  # rows of a listing paged on a terminal at most: the most recent ones
Progress = Callable[[str, int, int | None], None]


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

        if not isinstance(result.rows, list):
            result.rows = list(result.rows)
        out = console()
        if not (out.is_terminal and _stdout_is_terminal() and state.pager and _pager_command()):
            render_rich(result, out)
            return
        hidden = len(result.rows) - PAGED_ROWS
        if hidden > 0:  # a city's 120,000 tickets: the most recent rows, and how to see them all
            result.rows = result.rows[-PAGED_ROWS:]
            result.footer = [t("listing_more", n=f"{hidden:,}", shown=f"{PAGED_ROWS:,}"), *result.footer]
        with out.capture() as captured:
            render_rich(result, out)
        page(captured.get())


def _to_file(table: Table, fmt: str, path: Path, notes: list[tuple[str, str]] | None) -> None:
    """A table written into a file: a workbook for `.xlsx` (with a notes sheet), else JSON or CSV."""
    if path.suffix.lower() == ".xlsx":
        # deferred (start-up): the workbook writer, ~10 ms, only for `-o FILE.xlsx`
        from gongjian.writing.xlsx import write_tables

        say_written(write_tables(path, [table], notes=notes))
        return
    with replacing(path) as partial, open(partial, "w", encoding="utf-8", newline="") as out:
        (to_json if fmt == Fmt.json else to_csv)(table, out)


def say(message: str, *, err: bool = False) -> None:
    """A line for the person at the terminal: stdout, or stderr beside a result a script reads."""
    typer.echo(message, err=err)


def say_written(written: Any) -> None:
    """On stderr, what an xlsx file could not hold as it was: sheets continued past Excel's last row
    (`名称 (2)` …) and cells cut at its 32,767 characters, each with the way to keep everything (CSV)."""
    for sheet, parts in written.continued.items():
        say(
            t("xlsx_continued", sheet=sheet, rows=f"{written.max_rows:,}", parts="、".join(parts)),
            err=True,
        )
    if written.cut:
        where = t("xlsx_cut_in", name=written.name) if written.name else ""
        say(t("xlsx_cut", n=f"{written.cut:,}", chars=f"{written.max_chars:,}", name=where), err=True)


# ---------------------------------------------------------------------------- the pager
def _pager_command() -> str | None:
    """The pager to run (`GONGJIAN_PAGER`, `PAGER`, else less or Windows' more), or None to print straight."""
    command = os.environ.get("GONGJIAN_PAGER")
    if command is None:
        command = os.environ.get("PAGER")
    if command is None:
        command = "less" if shutil.which("less") else "more" if os.name == "nt" else ""
    command = command.strip()
    return None if command in ("", "cat") else command


def page(text: str) -> None:
    """Show `text` on the terminal: straight when it fits the screen, else through the pager."""
    height = shutil.get_terminal_size().lines
    command = _pager_command()
    if command is None or text.count("\n") < height - 1:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # quit if one screen, keep colours, leave the text on the screen
    env.setdefault("LESSCHARSET", "utf-8")
    encoding = "utf-8"
    if os.name == "nt" and command.split()[0].lower() in ("more", "more.com"):
        encoding = os.device_encoding(1) or "mbcs"  # Windows' more reads the console's code page
    sys.stdout.flush()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C belongs to the pager, as in git
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
        with suppress(BrokenPipeError, OSError):  # the reader quit the pager before the end
            pager.stdin.write(text.encode(encoding, errors="replace"))
        with suppress(BrokenPipeError, OSError):
            pager.stdin.close()
        pager.wait()
    finally:
        signal.signal(signal.SIGINT, previous)


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


# ---------------------------------------------------------------------------- progress
def phase_label(phase: str) -> str:
    """What a phase is called on screen: `export:services` is the catalog's `progress_export` with
    name=services; a phase the catalog does not know is shown as it is."""
    key, _, name = phase.partition(":")
    if f"progress_{key}" not in CATALOG:
        return name or key
    return t(f"progress_{key}", name=name)


class ProgressLine:
    """One line on `stream` (a terminal) showing the phase, a bar, counts and time; drawn by rich, started
    only after `delay` seconds of work (so quick commands never flash a bar), cleared when done."""

    def __init__(
        self, stream: Any, *, delay: float | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        delay = PROGRESS_DELAY if delay is None else delay
        self.stream, self.delay, self.clock = stream, delay, clock
        self.started_at = clock()
        self.state: tuple[str, int, int | None] | None = None
        self.shown: tuple[str, int | None] | None = None
        self.bar = None
        self.task = None
        self.lock = threading.Lock()
        self.timer = threading.Timer(delay, self._due)
        self.timer.daemon = True
        self.timer.start()

    def update(self, phase: str, done: int, total: int | None = None) -> None:
        """The work has reached `done` of `total` (None: not known) in `phase`."""
        with self.lock:
            self.state = (phase, done, total)
            if self.bar is None and self.clock() - self.started_at < self.delay:
                return
            self._draw()

    def _due(self) -> None:
        with self.lock:
            if self.state is not None and self.bar is None:
                self._draw()

    def _draw(self) -> None:
        if self.state is None:
            return
        phase, done, total = self.state
        if self.bar is None:
            # deferred (start-up): rich's progress bar, ~27 ms, only for work that takes a while
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[count]}"),
                TimeElapsedColumn(),
                console=Console(file=self.stream, force_terminal=True, highlight=False),
                transient=True,
            )
            self.bar.start()
        count = f"{done:,}/{total:,}" if total else (f"{done:,}" if done else "")
        if self.shown != (phase, total):
            self.shown = (phase, total)
            if self.task is not None:
                self.bar.remove_task(self.task)
            self.task = self.bar.add_task(
                phase_label(phase),
                total=total or None,
                count=count,
                completed=min(done, total) if total else done,
            )
        self.bar.update(self.task, completed=min(done, total) if total else done, count=count)

    def stop(self) -> None:
        """Clear the line (if it was drawn); nothing more is drawn after this."""
        self.timer.cancel()
        with self.lock:
            if self.bar is not None:
                self.bar.stop()
                self.bar = None
            self.state = None


@contextmanager
def progress(stream: Any = None) -> Iterator[Progress | None]:
    """A progress callback for long work, drawn on stderr — None (nothing drawn) off a terminal or with
    `--quiet`. The line appears only once the work has run for `PROGRESS_DELAY` seconds."""
    stream = stream or sys.stderr
    if state.quiet or not _is_terminal(stream):
        yield None
        return
    line = ProgressLine(stream)
    try:
        yield line.update
    finally:
        line.stop()


@contextmanager
def working(phase: str, store: Any = None) -> Iterator[Progress | None]:
    """`progress()` for work that reports no counts: `phase` is shown (once the work passes
    `PROGRESS_DELAY`) with the time it has taken. Given the ledger's store, SQLite calls back every
    `TICK` instructions (`Store.ticking`), so that Ctrl-C stops a long statement (the command then rolls
    back and exits 130, `cli.cancelled`) — on a terminal or not."""
    with progress() as told:
        if told is not None:
            told(phase, 0, None)
        if store is None:
            yield told
            return
        with store.ticking(lambda: _tick(), TICK):
            yield told


TICK = 100_000  # SQLite instructions between two calls of `_tick` (well under a millisecond of work)


def _tick() -> None:
    """SQLite's progress handler: nothing to do but give Python a moment to see Ctrl-C."""
    return None


def _stdout_is_terminal() -> bool:
    """True when stdout itself is a terminal (a pager is for a person; a console made to look like one is not)."""
    return _is_terminal(sys.stdout)


def _is_terminal(stream: Any) -> bool:
    with suppress(AttributeError, ValueError, io.UnsupportedOperation):
        return bool(stream.isatty())
    return False
