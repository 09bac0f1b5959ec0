"""`gongjian backup`: back the ledger up with SQLite's online backup API (PRODUCT §8)."""

from __future__ import annotations

from pathlib import Path

import typer

from gongjian.cli.common import open_ledger
from gongjian.cli.options import force_option
from gongjian.cli.output import say, working
from gongjian.i18n import t


def backup(
    path: Path = typer.Argument(..., help=t("o_backup_path")),
    force: bool = force_option("o_backup_force"),
) -> None:
    """Back the ledger up with SQLite's online backup API."""
    with open_ledger() as ledger, working("backup", ledger.store) as told:
        done = ledger.maintenance.backup(path, force=force, progress=told)
    say(t("backup_done", path=done["path"], size=f"{done['size']:,}", sha256=done["sha256"]))


def register(app: typer.Typer) -> None:
    """Add `backup`."""
    app.command("backup", help=t("h_backup"))(backup)
