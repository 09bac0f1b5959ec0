"""`gongjian demo`: build the demo ledger (乐清: 12 communities, 195 units, two years of records)."""

from __future__ import annotations

import shlex
from pathlib import Path

import typer

from gongjian import demo as demo_data
from gongjian.cli.common import fail, open_ledger, program, state
from gongjian.cli.options import force_option
from gongjian.cli.output import say, working
from gongjian.i18n import t

COUNTED = (
    "communities",
    "units",
    "pairings",
    "agreements",
    "activities",
    "contributions",
    "tickets",
    "members",
    "services",
    "projects",
    "meetings",
)


def _remove(path: Path, suffixes: tuple[str, ...]) -> None:
    for suffix in suffixes:
        Path(str(path) + suffix).unlink(missing_ok=True)


def demo(
    db: Path = typer.Option(None, "--db", help=t("o_demo_db")),
    force: bool = force_option("o_demo_force"),
) -> None:
    """Build the demo ledger (乐清: 12 communities, 195 units, two years of records)."""
    path = (db or state.db or Path("gongjian-demo.db")).expanduser()
    if path.exists() and path.stat().st_size > 0 and not demo_data.is_demo(path) and not force:
        fail(t("demo_would_overwrite", path=str(path)))
    # Build beside the target and move it into place only when complete: a failed build leaves nothing.
    building = path.with_name(path.name + ".building")
    _remove(building, ("", "-wal", "-shm"))
    try:
        with open_ledger(building, create=True) as ledger, working("demo", ledger.store):
            demo_data.build(ledger)
            counts = ledger.store.info()["counts"]
            ledger.store.compact()
        _remove(path, ("-wal", "-shm"))
        building.replace(path)
    finally:
        _remove(building, ("", "-wal", "-shm"))
    say(t("demo_built", path=str(path.resolve())))
    say(t("demo_counts", **{k: counts.get(k, 0) for k in COUNTED}))
    say(t("demo_next", prog=program(), path=shlex.quote(str(path))))


def register(app: typer.Typer) -> None:
    """Add `demo`."""
    app.command("demo", help=t("h_demo"))(demo)
