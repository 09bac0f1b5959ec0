"""`gongjian doctor`: check the ledger — silent with exit 0 when sound, one line per problem otherwise.

`--fix` first makes every file and folder that holds the ledger's ID numbers and phones private (0600,
folders 0700), rebuilds the search index and counts the services per member and year again when out of step,
saying what it did, then checks.
"""

from __future__ import annotations

import typer

from gongjian.cli.common import brief, open_ledger
from gongjian.cli.output import say, working
from gongjian.i18n import t


def doctor(
    quick: bool = typer.Option(False, "--quick", help=t("o_doctor_quick")),
    fix: bool = typer.Option(False, "--fix", help=t("o_doctor_fix")),
) -> None:
    """Check the ledger; silent with exit 0 when sound, one line per problem and exit 1 otherwise."""
    with open_ledger() as ledger:
        if fix:
            # the search index and the services per member, rebuilt when out of step
            with working("index", ledger.store):
                fixed = ledger.maintenance.fix()
            for key, params in fixed:
                say(t(key, **params))
        with working("check", ledger.store):
            problems = ledger.maintenance.doctor(quick=quick)
    for key, params in problems:
        say(t(key, **params))
    if problems:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `doctor`."""
    app.command("doctor", help=t("h_doctor"), short_help=brief("h_doctor"))(doctor)
