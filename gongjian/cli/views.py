"""Columns and table builders shown by more than one command.

Pairings, agreements and committee seats appear under `community show`, `unit show`, `pair list` and `agreement …`;
contributions under `fund list` and `activity show`; the audit log's change counts under `log` and
`undo`. Each command's own columns live in its module.
"""

from __future__ import annotations

from typing import Any

from gongjian.cli.options import Fmt
from gongjian.i18n import t
from gongjian.writing.table import Column, Table, record_table

PAIRING_COLUMNS = [
    Column("community"),
    Column("unit"),
    Column("role", "enum", enum="pair_role"),
    Column("started"),
    Column("ended"),
]
AGREEMENT_COLUMNS = [
    Column("number"),
    Column("community"),
    Column("unit"),
    Column("signed_on"),
    Column("valid_until"),
    Column("commitments", "list"),
]
SEAT_COLUMNS = [
    Column("id", "int", data=False),
    Column("committee"),
    Column("person"),
    Column("unit"),
    Column("role", "enum", enum="committee_role", title=t("label_committee_role")),
    Column("unit_post", fold=True),
    Column("started"),
    Column("ended", fold=True),
]
CONTRIBUTION_COLUMNS = [
    Column("id", "int"),
    Column("date", "date"),
    Column("unit"),
    Column("community"),
    Column("kind", "enum", enum="contribution_kind"),
    Column("amount_fen", "money"),
    Column("description", wrap=True),
    Column("activity", show=False),
    Column("project", show=False),
    Column("receipt_no", fold=True),
]


def count_footer(rows: list[Any], fmt: str) -> list[str]:
    """`N rows` under a table for a person; nothing in JSON or CSV."""
    return [t("n_rows", n=len(rows))] if fmt == Fmt.table else []


def with_pairings(row: dict[str, Any], columns: list[Column], title: str) -> list[Table]:
    """A community or unit as tables: its fields, its pairings, its agreements and its part-time committee
    members (兼职委员) when it has any."""
    tables = [
        record_table(row, columns, title=title),
        Table(PAIRING_COLUMNS, row["pairings"], title=t("title_pairings")),
    ]
    if row["agreements"]:
        tables.append(Table(AGREEMENT_COLUMNS, row["agreements"], title=t("title_agreements")))
    if row.get("committee_seats"):
        tables.append(Table(SEAT_COLUMNS, row["committee_seats"], title=t("title_committee_seats")))
    return tables


def changes_text(changes: dict[str, dict[str, int]]) -> str:
    """Row changes per table as one line: `单位 新增2；结对 修改1`."""

    def ops(counts: dict[str, int]) -> str:
        return "、".join(f"{t('op_' + op)}{n}" for op, n in counts.items() if n)

    return "；".join(f"{t('tbl_' + table)} {ops(counts)}" for table, counts in sorted(changes.items()))
