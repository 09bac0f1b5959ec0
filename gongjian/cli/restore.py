"""`gongjian restore`: restore the ledger from a checked backup, keeping the current one beside it."""

from __future__ import annotations

from pathlib import Path

import typer

from gongjian.cli.common import open_ledger
from gongjian.cli.output import say
from gongjian.i18n import t
from gongjian.store.migrations import LATEST


def restore(path: Path = typer.Argument(..., help=t("o_restore_path"))) -> None:
    """Restore the ledger from a checked backup, keeping the current one beside it."""
    with open_ledger(create=True) as ledger:
        done = ledger.maintenance.restore(path)
    if done["kept"]:
        say(t("restore_done", source=done["source"], kept=done["kept"]))
    else:
        say(t("restore_done_new", source=done["source"]))
    if done["upgraded"]:
        say(t("restore_upgraded", old=done["schema_version"], new=LATEST))


def register(app: typer.Typer) -> None:
    """Add `restore`."""
    app.command("restore", help=t("h_restore"))(restore)
