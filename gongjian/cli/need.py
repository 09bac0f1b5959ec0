"""`gongjian need`: what a community's residents need (需求清单) — add, list."""

from __future__ import annotations

import typer

from gongjian.cli.common import open_ledger
from gongjian.cli.options import (
    COMMUNITY,
    COMMUNITY_ARG,
    FORMAT,
    Fmt,
    category_option,
    note_option,
    status_option,
)
from gongjian.cli.output import emit, say
from gongjian.cli.views import count_footer
from gongjian.i18n import t
from gongjian.vocab import term_label
from gongjian.writing.table import Column, Table

need_app = typer.Typer(help=t("h_need"), no_args_is_help=True)

NEED_COLUMNS = [
    Column("id", "int"),
    Column("community_code", show=False),
    Column("community"),
    Column("category", "enum", enum="need_category"),
    Column("text", wrap=True),
    Column("source", fold=True),
    Column("raised_on", "date"),
    Column("status", "enum", enum="need_status"),
    Column("projects", "list"),
]


@need_app.command("add", help=t("h_need_add"))
def need_add(
    community: str = COMMUNITY_ARG,
    text: str = typer.Argument(..., help=t("o_need_text")),
    category: str = category_option("o_pj_category"),
    source: str = typer.Option(None, "--source", help=t("o_need_source")),
    raised: str = typer.Option(None, "--raised", help=t("o_need_raised")),
    note: str = note_option("label_note"),
) -> None:
    with open_ledger() as ledger:
        row = ledger.needs.add_need(
            community=community, text=text, category=category, source=source, raised_on=raised, note=note
        )
    say(
        t(
            "pj_need_added",
            id=row["id"],
            community=row["community"],
            text=row["text"],
            category=term_label("need_category", row["category"]),
        )
    )


@need_app.command("list", help=t("h_need_list"))
def need_list(
    community: str = COMMUNITY,
    status: str = status_option("o_need_status"),
    category: str = category_option("o_pj_category"),
    fmt: Fmt = FORMAT,
) -> None:
    with open_ledger() as ledger:
        rows = ledger.needs.list_needs(community=community, status=status, category=category)
    emit(Table(NEED_COLUMNS, rows, footer=count_footer(rows, fmt)), fmt)


def register(app: typer.Typer) -> None:
    """Add the `need` noun."""
    app.add_typer(need_app, name="need")
