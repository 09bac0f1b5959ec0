"""`gongjian init`: create a new, empty ledger (or report the one that is there)."""

from __future__ import annotations

import typer

from gongjian.cli.common import ledger_path, open_ledger
from gongjian.cli.options import name_option
from gongjian.cli.output import say
from gongjian.i18n import t


def init(name: str = name_option("o_ledger_name")) -> None:
    """Create a new, empty ledger (or report the one that is there)."""
    path = ledger_path()
    existed = path.exists() and path.stat().st_size > 0
    with open_ledger(create=True) as ledger:
        if name:
            ledger.store.set_name(name)
        say(t("ledger_exists" if existed else "ledger_created", path=str(ledger.store.path)))


def register(app: typer.Typer) -> None:
    """Add `init`."""
    app.command("init", help=t("h_init"))(init)
