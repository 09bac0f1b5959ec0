"""Options and arguments several commands take, declared once, the way sqlite-utils' `cli.py` shares them.

A command names one as a parameter default: `fmt: Fmt = FORMAT`, `community: str = COMMUNITY`. The
flags, short flags and defaults live only here. Where a command's help says more than the shared text
(which community: a filter, the member's home, the activity's), it asks the factory for the option with
its own catalog key — `community_option("o_rec_community")` — and keeps the same flags.

Help texts come from the catalog when this module is imported, which `gongjian.cli` does only after it
has read `--lang`.
"""

from __future__ import annotations

import warnings
from enum import StrEnum
from typing import Any

import typer

from gongjian.i18n import t


class Fmt(StrEnum):
    """Output format of listings."""

    table = "table"
    json = "json"
    csv = "csv"


class ReportFmt(StrEnum):
    """Output format of a run's report (`import`, `merge`): for a person, or one JSON document."""

    table = "table"
    json = "json"


# ---------------------------------------------------------------------------- completion
# Click's `shell_complete`, not Typer's `autocompletion`: Typer keeps only the candidates that start with what
# was typed, and a unit or member is completed from any part of its name (`统计` → 乐清市统计局). Typer
# warns that it prefers its own; the warning says nothing a clerk can act on.
warnings.filterwarnings("ignore", "In Typer, only the parameter 'autocompletion'", DeprecationWarning)


def completer(what: str) -> Any:
    """A shell-completion callback offering the ledger's `what` (community, unit, ticket, member) that
    contain what the clerk has typed (`reports.completion.candidates`: one read-only query)."""

    def complete(ctx: Any, param: Any, incomplete: str) -> list[Any]:
        # deferred (start-up): called only while a shell asks for completions; Typer's own Click (the
        # `click` package is not installed beside it)
        from typer._click.shell_completion import CompletionItem

        from gongjian.reports.completion import candidates

        found = candidates(_ledger_file(ctx), what, incomplete)
        return [CompletionItem(value, help=about or None) for value, about in found]

    return complete


def _ledger_file(ctx: Any) -> Any:
    """The ledger a command line names (`--db` before the noun), else the default one."""
    db = ctx.find_root().params.get("db")
    if db:
        return db
    # deferred (start-up): only while completing
    from gongjian.store.db import default_path

    return default_path()


COMPLETE_COMMUNITY = completer("community")
COMPLETE_UNIT = completer("unit")
COMPLETE_TICKET = completer("ticket")
COMPLETE_MEMBER = completer("member")


# ---------------------------------------------------------------------------- factories
def format_option(default: StrEnum = Fmt.table, help_key: str = "o_format") -> Any:
    """`--format/-f`: a choice of the enum `default` belongs to (table, json, csv unless said otherwise)."""
    return typer.Option(default, "--format", "-f", help=t(help_key), case_sensitive=False)


def output_option(help_key: str) -> Any:
    """`--output/-o FILE`: where a command writes its file (a workbook, a template, an export)."""
    return typer.Option(None, "--output", "-o", help=t(help_key))


def year_option(help_key: str = "o_rec_year", *, short: bool = True, required: bool = False) -> Any:
    """`--year/-y`; `--year` alone where `-y` is `--yes` (tickets) or was never given (projects, meetings)."""
    flags = ("--year", "-y") if short else ("--year",)
    return typer.Option(... if required else None, *flags, help=t(help_key))


def community_option(help_key: str = "o_community_ref", *, required: bool = False) -> Any:
    """`--community/-c`: a community by code, name or a unique part of its name."""
    return typer.Option(
        ... if required else None, "--community", "-c", help=t(help_key), shell_complete=COMPLETE_COMMUNITY
    )


def unit_option(help_key: str = "o_unit_ref", *, required: bool = False) -> Any:
    """`--unit/-u`: a unit by id, name or a unique part of its name."""
    return typer.Option(
        ... if required else None, "--unit", "-u", help=t(help_key), shell_complete=COMPLETE_UNIT
    )


def pii_option(help_key: str = "o_show_pii") -> Any:
    """`--show-pii`: phones and ID numbers unmasked (and the access written to the audit log)."""
    return typer.Option(False, "--show-pii", help=t(help_key))


def date_option(help_key: str = "o_rec_date") -> Any:
    """`--date/-d`: the day a record happened (default today)."""
    return typer.Option(None, "--date", "-d", help=t(help_key))


def on_option(help_key: str) -> Any:
    """`--on DATE`: the day a move happened, or the day a listing is seen from."""
    return typer.Option(None, "--on", help=t(help_key))


def note_option(help_key: str = "o_rec_note") -> Any:
    """`--note`: free text kept beside a record."""
    return typer.Option(None, "--note", help=t(help_key))


def category_option(help_key: str) -> Any:
    """`--category`: a category of the vocabulary (Chinese label, English key or synonym)."""
    return typer.Option(None, "--category", help=t(help_key))


def status_option(help_key: str, *, short: bool = False) -> Any:
    """`--status`; `-s` as well where a command has given it (the ticket filters)."""
    flags = ("--status", "-s") if short else ("--status",)
    return typer.Option(None, *flags, help=t(help_key))


def rules_option(help_key: str) -> Any:
    """`--rules FILE`: a rules file (TOML) instead of the shipped one."""
    return typer.Option(None, "--rules", help=t(help_key))


def from_option(help_key: str) -> Any:
    """`--from DATE`: the first day of a period."""
    return typer.Option(None, "--from", help=t(help_key))


def to_option(help_key: str) -> Any:
    """`--to DATE`: the last day of a period."""
    return typer.Option(None, "--to", help=t(help_key))


def since_option(help_key: str, default: str | None = None) -> Any:
    """`--since`: where a period or a log starts."""
    return typer.Option(default, "--since", help=t(help_key))


def name_option(help_key: str) -> Any:
    """`--name`: a name to give or set."""
    return typer.Option(None, "--name", help=t(help_key))


def phone_option(help_key: str = "label_phone") -> Any:
    """`--phone`: a phone number (stored normalised, shown masked unless `--show-pii`)."""
    return typer.Option(None, "--phone", help=t(help_key))


def yes_option(help_key: str) -> Any:
    """`--yes/-y`: go ahead; without it a command that changes many rows only says what it would do."""
    return typer.Option(False, "--yes", "-y", help=t(help_key))


def force_option(help_key: str) -> Any:
    """`--force`: overwrite a file that is there."""
    return typer.Option(False, "--force", help=t(help_key))


def allow_unpaired_option(help_key: str = "o_rec_allow_unpaired") -> Any:
    """`--allow-unpaired`: record a unit's activity or support on a day it is not paired with the community."""
    return typer.Option(False, "--allow-unpaired", help=t(help_key))


def limit_option(help_key: str, default: int) -> Any:
    """`--limit N`: list at most N items (0: all of them)."""
    return typer.Option(default, "--limit", min=0, help=t(help_key))


def dry_run_option(help_key: str) -> Any:
    """`--dry-run`: check and report everything, write nothing."""
    return typer.Option(False, "--dry-run", help=t(help_key))


# ---------------------------------------------------------------------------- the common ones
FORMAT = format_option()
SHOW_PII = pii_option()
COMMUNITY = community_option()
UNIT = unit_option()
YEAR = year_option()
DATE = date_option()
NOTE = note_option()
ALLOW_UNPAIRED = allow_unpaired_option()

COMMUNITY_ARG = typer.Argument(..., help=t("o_community_ref"), shell_complete=COMPLETE_COMMUNITY)
UNIT_ARG = typer.Argument(..., help=t("o_unit_ref"), shell_complete=COMPLETE_UNIT)
