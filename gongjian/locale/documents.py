"""Catalog entries of the documents offices print: the workbook's layout (titles, 填报单位 line, 合计,
signature block, the 说明 built from the rules), the ledger's signature settings, and the Word documents
(《共建协议书》, 活动记录卡, 反馈表, the year's work report)."""

LABELS: dict[str, tuple[str, str]] = {}

MESSAGES: dict[str, tuple[str, str]] = {
    # --- 汇总: the new columns ---
    "r_lead_unit": ("牵头单位", "Lead unit"),
    "r_venue": ("场地折合（元）", "Venue (yuan)"),
    "r_service": ("服务折合（元）", "Services (yuan)"),
    "r_tickets_rejected": ("不予处理", "Set aside"),
}
MESSAGES.update(
    {
        # --- signature settings (`gongjian info --set`) ---
        "o_info_set": (
            "设置文书签名栏的名字，如 --set 制表人=张三（可重复；值为空则清除）：填报单位、负责人、审核人、制表人",
            "Set a name of the documents' signature block, e.g. --set 制表人=张三 (repeatable; empty clears): "
            "填报单位 (unit), 负责人 (head), 审核人 (reviewer), 制表人 (preparer)",
        ),
        "o_info_set_metavar": ("名称=值", "KEY=VALUE"),
        "sign_unit": ("填报单位", "Reporting unit"),
        "sign_head": ("负责人", "Head"),
        "sign_reviewer": ("审核人", "Reviewer"),
        "sign_preparer": ("制表人", "Preparer"),
        "sign_blank": ("（未设置，留空手签）", "(not set: left blank to sign by hand)"),
        "sign_set": ("已设置 {name}：{value}", "Set {name}: {value}"),
        "info_signatures": ("签名栏：", "Signature block: "),
        "sign_unknown_key": (
            "不认识的签名栏名称“{name}”，可设置：{choices}",
            "Unknown signature name “{name}”; choose one of: {choices}",
        ),
        "sign_needs_equals": (
            "“{item}”缺少等号，请写成 名称=值，如 --set 制表人=张三",
            "“{item}” has no “=”: write KEY=VALUE, e.g. --set 制表人=张三",
        ),
    }
)
