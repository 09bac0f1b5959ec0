"""`gongjian init`: create a new, empty ledger (or report the one that is there)."""

from __future__ import annotations

import os

import typer

from gongjian.cli.common import fail, ledger_path, open_ledger, state
from gongjian.cli.options import name_option
from gongjian.cli.output import say
from gongjian.i18n import t

ENV_DB = "GONGJIAN_DB"  # as gongjian.store.db reads it (not imported: it loads sqlite3)


def init(
    name: str = name_option("o_ledger_name"),
    parents: bool = typer.Option(False, "--parents", help=t("o_init_parents")),
) -> None:
    """Create a new, empty ledger (or report the one that is there).

    A folder the clerk named (`--db`, `GONGJIAN_DB`) is created only with `--parents`; the user data
    directory, where the ledger lives when nothing names a place, is created as needed.
    """
    path = ledger_path()
    folder = path.parent
    named = state.db is not None or bool(os.environ.get(ENV_DB))
    if named and not folder.exists() and not parents:
        fail(t("ledger_folder_missing", folder=str(folder.resolve()), command=f"{state.argv} --parents"))
    new_folder = not folder.exists()
    existed = path.exists() and path.stat().st_size > 0
    with open_ledger(create=True) as ledger:
        if name:
            ledger.store.set_name(name)
        if new_folder and named:
            say(t("ledger_created_folder", folder=str(folder.resolve())))
        say(t("ledger_exists" if existed else "ledger_created", path=str(ledger.store.path.resolve())))


def register(app: typer.Typer) -> None:
    """Add `init`."""
    app.command("init", help=t("h_init"))(init)
