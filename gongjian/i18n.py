"""The one message catalog: every string a person reads, in Simplified Chinese and English.

Keys are stable English identifiers; `t(key, **params)` formats the entry in the current language.
Column labels live here too (`label`), so tables and workbooks share one vocabulary.
"""

from __future__ import annotations

import os
from typing import Any

LANGS = ("zh", "en")
_state = {"lang": "zh"}


def set_lang(lang: str | None) -> None:
    """Choose the language for every later message: `zh` (default) or `en`."""
    lang = (lang or os.environ.get("GONGJIAN_LANG") or "zh").strip().lower()
    if lang.startswith("en"):
        _state["lang"] = "en"
    else:
        _state["lang"] = "zh"


def get_lang() -> str:
    """The current language code."""
    return _state["lang"]


def t(key: str, **params: Any) -> str:
    """The catalog entry `key` in the current language, formatted with `params`."""
    entry = CATALOG.get(key) or LABELS.get(key)
    if entry is None:
        text = key
    else:
        text = entry[0] if _state["lang"] == "zh" else entry[1]
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def label(field: str) -> str:
    """Column label for a field key (Chinese by default); unknown keys are shown as they are."""
    entry = LABELS.get(field)
    if entry is None:
        return field
    return entry[0] if _state["lang"] == "zh" else entry[1]


# Column labels: field key -> (中文, English).  Shared by tables, templates and workbooks.
LABELS: dict[str, tuple[str, str]] = {
    "id": ("编号", "ID"),
    "uid": ("UID", "UID"),
    "code": ("代码", "Code"),
    "name": ("名称", "Name"),
    "street": ("街道", "Street"),
    "district": ("区县", "District"),
    "secretary": ("书记", "Secretary"),
    "director": ("主任", "Director"),
    "phone": ("电话", "Phone"),
    "households": ("户数", "Households"),
    "grids": ("网格", "Grids"),
    "lead_unit": ("牵头单位", "Lead unit"),
    "units": ("结对单位数", "Paired units"),
    "credit_code": ("统一社会信用代码", "Credit code"),
    "kind": ("类型", "Kind"),
    "party_org": ("党组织", "Party organisation"),
    "party_members": ("党员数", "Party members"),
    "contact": ("联络员", "Liaison"),
    "address": ("地址", "Address"),
    "community": ("社区", "Community"),
    "unit": ("单位", "Unit"),
    "role": ("角色", "Role"),
    "started": ("开始日期", "Started"),
    "ended": ("结束日期", "Ended"),
    "number": ("编号", "Number"),
    "signed_on": ("签订日期", "Signed"),
    "valid_until": ("有效期至", "Valid until"),
    "commitments": ("认领服务项目", "Commitments"),
    "file": ("文件", "File"),
    "sha256": ("SHA-256", "SHA-256"),
    "days_left": ("剩余天数", "Days left"),
    "note": ("备注", "Note"),
    "table": ("表", "Table"),
    "rows": ("行数", "Rows"),
    "date": ("日期", "Date"),
    "title": ("标题", "Title"),
    "category": ("类别", "Category"),
    "status": ("状态", "Status"),
    "year": ("年度", "Year"),
    # --- activities / funds / members (issue 4) ---
    # --- tickets (issue 5) ---
    # --- projects / meetings (issue 6) ---
    # --- assessment / reports (issue 7) ---
    # --- summary (issue 8) ---
    # --- reliability (issue 9) ---
    # --- merge (issue 11) ---
}

# Messages: key -> (中文, English).  Placeholders use str.format names.
CATALOG: dict[str, tuple[str, str]] = {
    # --- core ---
    "validation_failed": ("输入有误：{details}", "Invalid input: {details}"),
    "required": ("必填", "required"),
    "not_found": ("找不到{what}：{name}", "No {what} named {name}"),
    "ambiguous": ("“{name}”对应多个{what}：{candidates}", "“{name}” matches several {what}: {candidates}"),
    "what_community": ("社区", "community"),
    "what_unit": ("单位", "unit"),
    "what_pairing": ("结对关系", "pairing"),
    "what_agreement": ("协议", "agreement"),
    "ledger_newer": (
        "台账 {path} 的结构版本为 {found}，高于本程序支持的 {supported}，请升级 gongjian",
        "Ledger {path} has schema version {found}, newer than this gongjian supports ({supported}); upgrade gongjian",
    ),
    "ledger_not_sqlite": ("{path} 不是 gongjian 台账文件", "{path} is not a gongjian ledger"),
    "ledger_missing": (
        "台账 {path} 不存在，请先运行 gongjian init 或 gongjian demo",
        "Ledger {path} does not exist; run gongjian init or gongjian demo first",
    ),
    "ledger_upgraded": (
        "台账已从版本 {old} 升级到 {new}，原文件已备份到 {backup}",
        "Ledger upgraded from version {old} to {new}; the old file is backed up at {backup}",
    ),
    "internal_error": (
        "内部错误：{error}（加 --debug 查看详情）",
        "Internal error: {error} (run with --debug for details)",
    ),
    "usage_lang": ("不支持的语言：{lang}（可选 zh、en）", "Unsupported language: {lang} (zh or en)"),
    "bad_format": ("不支持的输出格式：{fmt}", "Unsupported output format: {fmt}"),
    "nothing_to_change": ("没有要修改的内容", "Nothing to change"),
    "db_locked": ("台账正被其他程序占用，请稍后再试", "The ledger is busy in another process; try again shortly"),
    # --- normalisers ---
    # --- roster (communities, units, pairings, agreements) ---
    # --- import / template (issue 3) ---
    # --- activities / funds / members (issue 4) ---
    # --- tickets (issue 5) ---
    # --- projects / meetings (issue 6) ---
    # --- assessment / reports (issue 7) ---
    # --- summary (issue 8) ---
    # --- reliability (issue 9) ---
    # --- bench (issue 10) ---
    # --- merge (issue 11) ---
}
