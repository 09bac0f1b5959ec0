"""`gongjian info`: the ledger's path, id, schema version and row counts per table; `--set` keeps the names
printed in the documents' signature block (填报单位, 负责人, 审核人, 制表人)."""

from __future__ import annotations

import typer

from gongjian.cli.common import open_ledger
from gongjian.cli.options import FORMAT, Fmt
from gongjian.cli.output import emit, say
from gongjian.errors import InvalidValue
from gongjian.i18n import t
from gongjian.writing.table import Column, Table

SETTINGS = typer.Option(None, "--set", help=t("o_info_set"), metavar=t("o_info_set_metavar"))


def info(fmt: Fmt = FORMAT, settings: list[str] = SETTINGS) -> None:
    """Show the ledger's path, id, schema version and row counts per table; `--set 制表人=张三` sets a name."""
    if settings:
        _set(settings)
        return
    with open_ledger() as ledger:
        data = ledger.store.info()
        signatures = ledger.store.signatures()
    if fmt is Fmt.json:
        emit({**data, "signatures": signatures})
        return
    say(t("info_path", path=data["path"]))
    say(t("info_ledger", uid=data["ledger_uid"], name=data["name"] or "-"))
    say(t("info_schema", version=data["schema_version"]))
    say(t("info_signatures"))
    for key, name in signatures.items():  # one name a line: a narrow terminal cuts nothing
        say(f"  {t('sign_' + key)}：{name or t('sign_blank')}")
    rows = [
        {"table": name, "label": t("tbl_" + name), "rows": count} for name, count in data["counts"].items()
    ]
    columns = [Column("table"), Column("label", title=t("label_table_zh")), Column("rows", "int")]
    emit(Table(columns, rows), fmt)


def _set(settings: list[str]) -> None:
    """Apply each `KEY=VALUE` (an empty value clears the name) and say what is now set."""
    pairs = []
    for item in settings:
        key, sep, value = item.partition("=")
        if not sep:
            raise InvalidValue("sign_needs_equals", item=item)
        pairs.append((key, value))
    with open_ledger() as ledger, ledger.store.write("info set"):
        keys = [ledger.store.set_signature(key, value) for key, value in pairs]
        now = ledger.store.signatures()
    for key in keys:
        say(t("sign_set", name=t("sign_" + key), value=now[key] or t("sign_blank")))


def register(app: typer.Typer) -> None:
    """Add `info`."""
    app.command("info", help=t("h_info"))(info)
