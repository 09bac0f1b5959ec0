"""`gongjian restore`: restore the ledger from a checked backup, keeping the current one beside it."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Any

import typer

from gongjian.cli.common import ledger_path, open_ledger
from gongjian.cli.output import say, working
from gongjian.errors import FileProblem, LedgerError
from gongjian.i18n import t
from gongjian.store.migrations import LATEST


def restore(path: Path = typer.Argument(..., help=t("o_restore_path"))) -> None:
    """Restore the ledger from a checked backup, keeping the current one beside it."""
    from gongjian.store import files  # deferred (start-up)

    place = ledger_path()
    new, folder = not place.exists(), place.parent.exists()
    try:
        done = _restore(path)
    except BaseException:  # refused or Ctrl-C: a ledger this command created is not left behind, empty
        if new:
            files.remove_new_ledger(place)
            if not folder:
                with suppress(OSError):
                    place.parent.rmdir()
        raise
    if done["kept"]:
        say(t("restore_done", source=done["source"], kept=done["kept"]))
    else:
        say(t("restore_done_new", source=done["source"]))
    if done["upgraded"]:
        say(t("restore_upgraded", old=done["schema_version"], new=LATEST))


def _restore(path: Path) -> dict[str, Any]:
    """Open (or create) the ledger, set a damaged one aside, and restore the backup into it."""
    # deferred (start-up): the store loads sqlite3
    from gongjian.store import maintenance, soundness

    try:
        ledger = open_ledger(create=True)
    except LedgerError as exc:
        if exc.params.get("problem_key") not in soundness.DAMAGE:
            raise
        # The ledger itself is damaged (what restore is for): once the backup is known to be good, set the
        # damaged ledger aside and restore into a new one.
        source = Path(path).expanduser()
        if not source.is_file():
            raise FileProblem("restore_missing", path=str(source)) from None
        wrong = soundness.check_file(source)
        if wrong is not None:
            raise soundness.refusal(wrong, path=str(source), context="restore_bad") from None
        say(t("restore_set_aside", path=str(maintenance.set_aside(ledger_path()))))
        ledger = open_ledger(create=True)
    with ledger, working("restore", ledger.store):
        return ledger.maintenance.restore(path)


def register(app: typer.Typer) -> None:
    """Add `restore`."""
    app.command("restore", help=t("h_restore"))(restore)
