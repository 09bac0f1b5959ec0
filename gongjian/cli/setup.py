"""`init`, `info` and `demo`: creating a ledger, looking at it, and building the demo."""

from __future__ import annotations

from pathlib import Path

import typer

from gongjian.cli import FORMAT_OPTION, Fmt, fail, open_ledger, say, show, state
from gongjian.i18n import t


def init(name: str = typer.Option(None, "--name", help=t("o_ledger_name"))) -> None:
    """Create a new, empty ledger (or report the one that is there)."""
    from gongjian.store.db import default_path

    path = Path(state.db).expanduser() if state.db else default_path()
    existed = path.exists() and path.stat().st_size > 0
    ledger = open_ledger(create=True)
    with ledger:
        if name:
            ledger.store.set_name(name)
        say(t("ledger_exists" if existed else "ledger_created", path=str(ledger.store.path)))


def info(fmt: Fmt = FORMAT_OPTION) -> None:
    """Show the ledger's path, id, schema version and row counts per table."""
    import json
    import sys

    from gongjian.writing.table import Column, Table

    with open_ledger() as ledger:
        data = ledger.store.info()
    if fmt is Fmt.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    say(t("info_path", path=data["path"]))
    say(t("info_ledger", uid=data["ledger_uid"], name=data["name"] or "-"))
    say(t("info_schema", version=data["schema_version"]))
    rows = [
        {"table": name, "label": t("tbl_" + name), "rows": count} for name, count in data["counts"].items()
    ]
    show(
        Table([Column("table"), Column("label", title=t("label_table_zh")), Column("rows", "int")], rows), fmt
    )


def demo(
    db: Path = typer.Option(None, "--db", help=t("o_demo_db")),
    force: bool = typer.Option(False, "--force", help=t("o_demo_force")),
) -> None:
    """Build the demo ledger (乐清: 12 communities, 195 units, two years of records)."""
    from gongjian import demo as demo_mod
    from gongjian.ledger import Ledger

    path = (db or state.db or Path("gongjian-demo.db")).expanduser()
    if path.exists() and path.stat().st_size > 0 and not demo_mod.is_demo(path) and not force:
        fail(t("demo_would_overwrite", path=str(path)))
    # Build beside the target and move it into place only when complete: a failed build leaves nothing.
    building = path.with_name(path.name + ".building")
    for suffix in ("", "-wal", "-shm"):
        Path(str(building) + suffix).unlink(missing_ok=True)
    ledger = Ledger.open(building, create=True)
    ledger.store.argv = state.argv
    try:
        with ledger:
            demo_mod.build(ledger)
            counts = ledger.store.info()["counts"]
            ledger.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            ledger.store.conn.execute("PRAGMA journal_mode = DELETE")
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        building.replace(path)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(str(building) + suffix).unlink(missing_ok=True)
    say(t("demo_built", path=str(path.resolve())))
    say(
        t(
            "demo_counts",
            **{
                k: counts.get(k, 0)
                for k in (
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
            },
        )
    )
    say(t("demo_next", path=str(path)))


def register(app: typer.Typer) -> None:
    """Add `init`, `info` and `demo`."""
    app.command("init", help=t("h_init"))(init)
    app.command("info", help=t("h_info"))(info)
    app.command("demo", help=t("h_demo"))(demo)
