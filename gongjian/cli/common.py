"""What every command module shares besides its options and output: the run's state, the ledger, exits.

`state` holds the options given before the noun (`--db`, `--debug`, `--quiet`, `--no-pager`) and the command line the audit log
records; `open_ledger()` opens the ledger they name; `fail()` ends a command with one stderr line and
an exit code. Nothing here calls the catalog at import time, so `gongjian.cli` can import this module
before it has read `--lang`.
"""

from __future__ import annotations

import re
import shlex
import shutil
import sys
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from gongjian.i18n import t
from gongjian.privacy import mask_id, mask_phone, mask_pii_text

if TYPE_CHECKING:
    from gongjian.ledger import Ledger


class State:
    """Options given before the noun, shared by every command of one invocation."""

    db: Path | None = None
    lang: str | None = None  # `--lang` wherever it was written (read before the command line is parsed)
    debug: bool = False
    quiet: bool = False  # --quiet: no progress display
    pager: bool = True  # --no-pager: a long table is printed straight, not paged
    progress: Any = None  # `cli.output.progress`, set once a command runs (the upgrade of an older ledger)
    argv: str = "gongjian"


state = State()


def fail(message: str, code: int = 1, *, masked: bool = False) -> None:
    """Print one line on stderr and exit with `code`; ID numbers and phones in it are masked unless the
    message is a domain error's, whose parameters were masked when it was made (`errors.masked`)."""
    typer.echo(message if masked else mask_pii_text(message), err=True)
    raise typer.Exit(code)


def command_line(args: list[str]) -> str:
    """`gongjian ARGS` as one line a shell would accept; Chinese text stays readable (not quoted)."""
    special = re.compile(r"[\s'\"\\$`;&|<>()*?#~!{}\[\]]")
    return " ".join(["gongjian", *(a if a and not special.search(a) else shlex.quote(a) for a in args)])


def program() -> str:
    """How to run gongjian again, as a line to copy: `gongjian` when that name on PATH is this program,
    else the path it was run by (`.venv/bin/gongjian`), else `python3 -m gongjian`."""
    ran = Path(sys.argv[0])
    if ran.name != "gongjian":
        return "python3 -m gongjian" if ran.name == "__main__.py" else "gongjian"
    found = shutil.which("gongjian")
    if found and Path(found).resolve() == ran.resolve():
        return "gongjian"
    return shlex.quote(str(ran))


YES_ANSWERS = ("y", "yes", "是", "确认", "好")


def on_terminal() -> bool:
    """Whether a person is at the keyboard: both stdin and stdout are a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def confirm(yes: bool) -> None:
    """Go ahead after a preview: with `--yes` at once; on a terminal when the clerk answers `y` to
    `确认？[y/N]`; otherwise stop with exit 1 — off a terminal `未执行：加 --yes 确认`, so that a script
    never reads a preview as success."""
    if yes:
        return
    if not on_terminal():
        fail(t("confirm_need_yes"))
    try:
        answer = input(t("confirm_prompt"))
    except EOFError:
        answer = ""
    if answer.strip().casefold() not in YES_ANSWERS:
        fail(t("confirm_declined"))


def open_ledger(path: Path | None = None, *, create: bool = False, readonly: bool = False) -> Ledger:
    """Open the ledger at `path`, else the one named by `--db`, `GONGJIAN_DB` or the user data directory."""
    # deferred (start-up): the ledger loads sqlite3 and every part of the domain, ~30 ms
    from gongjian.ledger import Ledger

    with (state.progress or nullcontext)() as told:  # only an upgrade of an older ledger tells it
        ledger = Ledger.open(path or state.db, create=create, readonly=readonly, progress=told)
    ledger.store.argv = state.argv
    for file, mode in ledger.store.tightened:
        typer.echo(t("ledger_tightened", path=str(file), mode=f"{mode:04o}"), err=True)
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


def ledger_path() -> Path:
    """The ledger file `--db` names, else the default one (`GONGJIAN_DB`, the user data directory)."""
    # deferred (start-up): gongjian.store.db loads sqlite3 and the migrations, ~5 ms
    from gongjian.store.db import default_path

    return Path(state.db).expanduser() if state.db else default_path()


def brief(key: str) -> str:
    """A command's one-line summary for command lists: its help text up to the first colon or bracket.

    Click shortens help at spaces, which Chinese text has none of; this keeps the list readable.
    """
    return re.split(r"[：:（(；;。]", t(key), maxsplit=1)[0].strip()


def joined(values: list[str] | None) -> str | None:
    """A repeatable option's values as one 、-separated value for the validators (None when empty)."""
    return "、".join(values) if values else None


def masked(rows: Iterable[dict[str, Any]], show_pii: bool) -> Iterator[dict[str, Any]]:
    """`mask_rows` one row at a time, for a listing streamed from the cursor."""
    for row in rows:
        yield mask_rows([row], show_pii)[0]


def mask_rows(rows: list[dict[str, Any]], show_pii: bool) -> list[dict[str, Any]]:
    """Mask phones (`138****8000`) and ID numbers (`3303**********1234`) in place unless `--show-pii`."""
    if show_pii:
        return rows
    for row in rows:
        if row.get("phone"):
            row["phone"] = mask_phone(row["phone"])
        if row.get("id_number"):
            row["id_number"] = mask_id(row["id_number"])
    return rows
