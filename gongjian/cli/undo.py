"""`gongjian undo`: undo the last command that changed the ledger (without `--yes`, say what first)."""

from __future__ import annotations

import typer

from gongjian.cli.common import confirm, open_ledger
from gongjian.cli.options import SHOW_PII, yes_option
from gongjian.cli.output import say
from gongjian.cli.views import changes_text
from gongjian.i18n import t
from gongjian.privacy import mask_pii_text


def undo(yes: bool = yes_option("o_undo_yes"), show_pii: bool = SHOW_PII) -> None:
    """Undo the last command that changed the ledger: with `--yes` at once; otherwise show what it would
    undo, then ask on a terminal (`确认？[y/N]`), or stop with exit 1 off one (`未执行：加 --yes 确认`)."""
    # deferred (start-up): gongjian.store.audit loads sqlite3, ~20 ms (loaded with the ledger by now)
    from gongjian.store.audit import utc_to_local

    with open_ledger() as ledger:
        if not yes:
            if show_pii:
                ledger.audit.record_pii_access("undo --show-pii")
            entry = ledger.audit.undo_preview(show_pii=show_pii)
            counts: dict[str, dict[str, int]] = {}
            for ch in entry["changes"]:
                ops = counts.setdefault(ch["tbl"], {"insert": 0, "update": 0, "delete": 0})
                ops[ch["op"]] += 1
            say(
                t(
                    "undo_preview",
                    id=entry["id"],
                    at=utc_to_local(entry["at"]),
                    argv=entry["argv"] or entry["command"],
                    rows=len(entry["changes"]),
                    summary=changes_text(counts),
                )
            )
            confirm(yes)
        done = ledger.audit.undo()
    say(
        t(
            "undo_done",
            id=done["id"],
            argv=mask_pii_text(done["argv"] or done["command"]),
            rows=done["rows"],
            undo_id=done["undo_id"],
        )
    )


def register(app: typer.Typer) -> None:
    """Add `undo`."""
    app.command("undo", help=t("h_undo"))(undo)
