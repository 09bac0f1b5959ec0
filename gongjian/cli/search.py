"""`gongjian search WORD…`: one search over the whole ledger, best hits first, each hit marked 【…】."""

from __future__ import annotations

import typer

from gongjian.cli.common import brief, open_ledger
from gongjian.cli.options import FORMAT, Fmt, community_option, limit_option, year_option
from gongjian.cli.output import emit, say
from gongjian.i18n import t


def search(
    words: list[str] = typer.Argument(..., help=t("o_search_words")),
    kind: list[str] = typer.Option(None, "--kind", "-k", help=t("o_search_kind")),
    community: str = community_option("o_search_community"),
    year: int = year_option("o_search_year"),
    fmt: Fmt = FORMAT,
    limit: int = limit_option("o_search_limit", 20),
) -> None:
    """Find records of every kind by words of their names, titles and texts."""
    # deferred (start-up): the search report loads the normalisers and the store, ~15 ms
    from gongjian.reports.search import search as run_search
    from gongjian.reports.search import search_table

    with open_ledger() as ledger:
        result = run_search(ledger, words, kinds=kind, community=community, year=year, limit=limit)
    if not result["hits"] and fmt is Fmt.table:
        say(t("search_none", words=" ".join(result["words"])))
        return
    emit(search_table(result), fmt)


def register(app: typer.Typer) -> None:
    """Add `search`."""
    app.command("search", help=t("h_search"), short_help=brief("h_search"))(search)
