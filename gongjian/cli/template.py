"""`gongjian template`: the import templates (.xlsx) clerks fill in — Chinese headers, an example row."""

from __future__ import annotations

from pathlib import Path

import typer

from gongjian.cli.options import force_option, output_option
from gongjian.cli.output import say
from gongjian.errors import FileProblem
from gongjian.i18n import t


def template(
    kind: str = typer.Argument(..., help=t("o_template_kind")),
    output: Path = output_option("o_template_output"),
    force: bool = force_option("o_template_force"),
) -> None:
    """Write the import template of a kind (`.xlsx`), unless a file is there and `--force` is not given."""
    # deferred (start-up): the ledger (every part registers its kinds) and the template writer, ~30 ms
    import gongjian.ledger  # noqa: F401
    from gongjian.importing.importer import resolve_kind
    from gongjian.importing.templates import default_name, write_template
    from gongjian.reading.specs import SPECS

    key = resolve_kind(kind, list(SPECS))
    path = (output or Path(default_name(key))).expanduser()
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    if path.exists() and not force:
        raise FileProblem("imp_template_exists", path=str(path))
    write_template(key, path)
    say(t("imp_template_written", path=str(path)))


def register(app: typer.Typer) -> None:
    """Add `template`."""
    app.command("template", help=t("h_template"))(template)
