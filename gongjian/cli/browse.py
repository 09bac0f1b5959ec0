"""`gongjian browse`: look at the ledger read-only in a web browser (Datasette), PII masked unless asked."""

from __future__ import annotations

import typer

from gongjian.cli.common import fail, ledger_path, open_ledger
from gongjian.cli.options import pii_option
from gongjian.cli.output import say
from gongjian.i18n import t


def browse(
    port: int = typer.Option(8001, "--port", "-p", min=0, max=65535, help=t("o_browse_port")),
    host: str = typer.Option("127.0.0.1", "--host", help=t("o_browse_host")),
    show_pii: bool = pii_option("o_browse_show_pii"),
) -> None:
    """Serve a masked (or, with `--show-pii`, plain) read-only copy of the ledger with Datasette."""
    # deferred (start-up): gongjian.store.browse loads sqlite3, ~7 ms
    from gongjian.store import browse as web

    if not web.datasette_available():
        fail(t("browse_needs_datasette"))
    path = ledger_path()
    if show_pii:
        with open_ledger() as ledger:
            ledger.audit.record_pii_access("browse --show-pii")
    with web.prepare(path, show_pii=show_pii) as site:
        say(t("browse_starting", url=f"http://{host}:{port}/{site.database}"))
        if not show_pii:
            say(t("browse_masked", at=site.taken_at))
        code = web.run(web.datasette_command(site, host=host, port=port))
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add `browse`."""
    app.command("browse", help=t("h_browse"))(browse)
