"""Catalog entries of registers as other offices send them (issue #24): register columns, a unit's kind
from its register, deregistered units, party-member rosters, and the web systems' ".xls" files."""

LABELS: dict[str, tuple[str, str]] = {
    "legal_rep": ("法定代表人", "Legal representative"),
    "register_kind": ("登记类型", "Registration type"),
    "party_status": ("人员类别", "Party standing"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    # --- options ---
    "o_import_community": (
        "没有社区列（或社区为空）的行都记到这个社区，如党员信息系统导出的名册：--community 北城社区",
        "The community of every row that names none, e.g. a roster from the party-member system",
    ),
    "o_import_force": (
        "结对导入时，已停用（注销、吊销）的单位也照样结对",
        "Pair units that are inactive (deregistered or revoked) too",
    ),
    "o_unit_legal_rep": ("法定代表人（负责人）", "Legal representative"),
    "o_pair_force": (
        "单位已停用（注销、吊销）也照样结对",
        "Pair the unit even though it is inactive (deregistered or revoked)",
    ),
    # --- refusals ---
    "unit_inactive_pair_status": (
        "{unit}已停用（登记状态：{status}），不能结对；确需结对请加 --force",
        "{unit} is inactive (register status: {status}); add --force to pair it anyway",
    ),
    "unit_inactive_pair": (
        "{unit}已停用，不能结对；确需结对请加 --force",
        "{unit} is inactive; add --force to pair it anyway",
    ),
    "imp_default_no_field": (
        "{what}没有“{field}”一项，不能用 --community 指定",
        "{what} have no {field}; --community does not apply",
    ),
    "imp_missing_columns_community": (
        "{file} 的工作表“{sheet}”第 {row} 行表头缺少必填列：{columns}；"
        "名册里没有社区列时，用 --community 指定报到社区，如 --community 北城社区",
        "The header (row {row}) of sheet “{sheet}” in {file} lacks required columns: {columns}; "
        "when the roster has no community column, name it with --community",
    ),
    "imp_registers_invalid": (
        "对照表 {file} 有误：{detail}",
        "The table {file} is not valid: {detail}",
    ),
    # --- the import report ---
    "imp_fact_kinds_inferred": (
        "按登记信息推断单位类型 {n} 个：{items}",
        "Unit kinds inferred from the register: {n} ({items})",
    ),
    "imp_fact_from_column": ("按“{column}” {n} 个", "{n} from “{column}”"),
    "imp_fact_kinds_unmapped": (
        "{n} 个单位的登记类型对照不上单位类型（已按统一社会信用代码推断，没有的记为“其他”；"
        "可在 data/registers/unit_kinds.toml 中补充）：{items}",
        "{n} units have a registration type that maps to no kind (inferred from the credit code, else "
        "其他; add it to data/registers/unit_kinds.toml): {items}",
    ),
    "imp_fact_value": ("{value}（{n}）", "{value} ({n})"),
    "imp_fact_inactive": (
        "已注销、吊销的单位 {n} 个，作为停用单位导入（登记状态写入备注，结对须加 --force）：{items}",
        "{n} units deregistered or revoked, imported as inactive (the status is in their note; pairing them "
        "needs --force): {items}",
    ),
    # --- the agreement document ---
    "doc_head": ("负责人", "Head"),
    "doc_legal_rep": ("法定代表人", "Legal representative"),
    # --- templates ---
    "tpl_register_only": ("名册列", "Register column"),
    "tpl_ignored_columns": ("不导入的名册列", "Register columns ignored"),
    "tpl_ignored_hint": (
        "各部门名册里的这些列认得，但台账不记，导入时忽略（列名对照表：data/registers/columns.toml）",
        "Columns of other offices' registers that the ledger does not keep: ignored on import "
        "(the table: data/registers/columns.toml)",
    ),
    # --- web ".xls" files ---
    "imp_html_no_table": (
        "{file} 是网页（HTML），但里面没有表格，不能导入",
        "{file} is a web page (HTML) without a table; nothing to import",
    ),
    "imp_html_table_name": ("{name}-表{n}", "{name}-table{n}"),
    "imp_xml_dtd": (
        "{file} 含有 DTD 或实体声明（<!DOCTYPE>、<!ENTITY>），Excel 的 XML 表格不会有这些，为安全起见拒绝读取",
        "{file} declares a DTD or entities (<!DOCTYPE>, <!ENTITY>), which an Excel XML spreadsheet never "
        "does; refused for safety",
    ),
    "imp_xml_broken": (
        "{file} 的 XML 不完整或有误（{detail}），可能是导出时中断了；请重新导出后再导入",
        "{file} is not well-formed XML ({detail}); it may have been cut short: export it again",
    ),
}
