"""`gongjian resource`: what units can offer (资源清单) — add, list."""

from __future__ import annotations

import typer

from gongjian.cli.common import open_ledger
from gongjian.cli.options import FORMAT, UNIT, UNIT_ARG, Fmt, category_option, community_option, note_option
from gongjian.cli.output import emit, say
from gongjian.cli.views import count_footer
from gongjian.i18n import t
from gongjian.vocab import term_label
from gongjian.writing.table import Column, Table

resource_app = typer.Typer(help=t("h_resource"), no_args_is_help=True)

RESOURCE_COLUMNS = [
    Column("id", "int"),
    Column("unit"),
    Column("category", "enum", enum="need_category"),
    Column("text", wrap=True),
    Column("capacity", wrap=True, fold=True),
    Column("communities", "list", title=t("label_communities")),
]


@resource_app.command("add", help=t("h_resource_add"))
def resource_add(
    unit: str = UNIT_ARG,
    text: str = typer.Argument(..., help=t("o_resource_text")),
    category: str = category_option("o_pj_category"),
    capacity: str = typer.Option(None, "--capacity", help=t("o_resource_capacity")),
    note: str = note_option("label_note"),
) -> None:
    with open_ledger() as ledger:
        row = ledger.needs.add_resource(unit=unit, text=text, category=category, capacity=capacity, note=note)
    say(
        t(
            "pj_resource_added",
            id=row["id"],
            unit=row["unit"],
            text=row["text"],
            category=term_label("need_category", row["category"]),
        )
    )


@resource_app.command("list", help=t("h_resource_list"))
def resource_list(
    unit: str = UNIT,
    category: str = category_option("o_pj_category"),
    community: str = community_option("o_resource_community"),
    fmt: Fmt = FORMAT,
) -> None:
    with open_ledger() as ledger:
        rows = ledger.needs.list_resources(unit=unit, category=category, community=community)
    emit(Table(RESOURCE_COLUMNS, rows, footer=count_footer(rows, fmt)), fmt)


def register(app: typer.Typer) -> None:
    """Add the `resource` noun."""
    app.add_typer(resource_app, name="resource")
