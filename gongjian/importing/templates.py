"""Import templates (`gongjian template KIND`): the columns of a kind as a workbook a clerk fills in.

The headers are the first (Chinese) alias of each field, which the importer maps back exactly; the
second row is the example row (skipped on import when left in place); enumerations get a drop-down list
of their Chinese labels; identifier columns are formatted as text so that leading zeros and 18-digit
codes survive Excel; a 说明 sheet explains every column, with the names the registers of other offices
give it (`data/registers/columns.toml`), the register columns read but not written to the template
(登记类型, 登记状态) and the register columns that are ignored. The xlsx itself is written by
`gongjian.writing.xlsx`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gongjian.i18n import CATALOG, LABELS, get_lang, label, t
from gongjian.reading import normalize as n
from gongjian.reading.layout import IGNORED, register_aliases, register_columns
from gongjian.reading.specs import SPECS, Field
from gongjian.vocab import ENUMS
from gongjian.writing import xlsx as workbook

# Normaliser -> catalog key of the generic hint shown for a column without a hint of its own.
_HINTS = {
    n.phone: "tpl_hint_phone",
    n.credit_code: "tpl_hint_credit_code",
    n.id_number: "tpl_hint_id_number",
    n.date_iso: "tpl_hint_date",
    n.money_fen: "tpl_hint_money",
    n.integer: "tpl_hint_integer",
    n.split_list: "tpl_hint_list",
    n.unit_name: "tpl_hint_unit_name",
    n.identifier: "tpl_hint_identifier",
    n.yes_no: "tpl_hint_yes_no",
    n.minutes: "tpl_hint_minutes",
}
_TEXT_PARSERS = (n.identifier, n.phone, n.credit_code, n.id_number)


def header_of(f: Field) -> str:
    """The template header of a field: its first alias (Chinese), else its label."""
    if f.aliases:
        return f.aliases[0]
    entry = LABELS.get(f.key)
    return entry[0] if entry else f.key


def choices_of(f: Field) -> list[str]:
    """The Chinese labels of an enumeration field, for its drop-down list."""
    return [term.zh for term in ENUMS[f.enum]] if f.enum else []


def hint_of(f: Field) -> str:
    """What to type in a column, in the current language: the field's own hint, else a generic one."""
    if f.hint:
        return f.hint[0] if get_lang() == "zh" else f.hint[1]
    if f.enum:
        return t("tpl_choose", choices="、".join(choices_of(f)))
    key = _HINTS.get(f.parse)
    return t(key) if key else ""


def _other_names(f: Field, kind: str, header: str) -> list[str]:
    """The names a column may have besides its header: the field's aliases, then the registers' names."""
    return list(dict.fromkeys(a for a in (*f.aliases, *register_aliases(kind, f.key)) if a != header))


def template_columns(kind: str, *, register_only: bool = False) -> list[dict[str, Any]]:
    """Every column of a kind's template: header, required, choices, hint, text, example, aliases.

    With `register_only`, the fields read only from registers (not columns of the template) instead.
    """
    columns = []
    for f in SPECS[kind].fields:
        if f.template == register_only:
            continue
        header = header_of(f) if not register_only else (register_aliases(kind, f.key) or (label(f.key),))[0]
        others = _other_names(f, kind, header)
        columns.append(
            {
                "key": f.key,
                "header": header,
                "required": f.required,
                "choices": choices_of(f) or None,
                "hint": hint_of(f),
                "text": f.parse in _TEXT_PARSERS,
                "example": f.example or "",
                "aliases": others,
            }
        )
    return columns


def default_name(kind: str) -> str:
    """The default file name of a kind's template, e.g. `共建单位导入模板.xlsx`."""
    return t("imp_template_name", what=t(f"tbl_{kind}"), kind=kind)


def write_template(kind: str, path: Path | str) -> Path:
    """Write the import template of `kind` to `path` (mode 0600) and return the path."""
    columns = template_columns(kind)
    what = t(f"tbl_{kind}")
    notes = [
        (
            c["header"],
            t("tpl_required") if c["required"] else t("tpl_optional"),
            c["hint"],
            c["example"],
            "、".join(c["aliases"]),
        )
        for c in columns
    ]
    for c in template_columns(kind, register_only=True):
        notes.append((c["header"], t("tpl_register_only"), c["hint"], "", "、".join(c["aliases"])))
    ignored = register_columns().get(kind, {}).get(IGNORED, ())
    if ignored:
        notes.append((t("tpl_ignored_columns"), "", t("tpl_ignored_hint"), "", "、".join(ignored)))
    header = (
        t("tpl_col_header"),
        t("tpl_col_required"),
        t("tpl_col_hint"),
        t("tpl_col_example"),
        t("tpl_col_aliases"),
    )
    return workbook.write_template(
        path,
        _sheet_title(kind),
        columns,
        [c["example"] for c in columns],
        notes_name="说明",
        notes_title=t("tpl_notes_title", what=what),
        notes_header=header,
        notes=notes,
        usage=t("tpl_usage", kind=kind).split("\n"),
    )


def _sheet_title(kind: str) -> str:
    """The data sheet's name: the kind's Chinese table label (the headers are Chinese too)."""
    entry = CATALOG.get(f"tbl_{kind}")
    return entry[0] if entry else kind
