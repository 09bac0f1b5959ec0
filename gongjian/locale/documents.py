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
MESSAGES.update(
    {
        # --- the workbook's frame ---
        "xlsx_subtitle": (
            "填报单位：{unit}　　　统计截止：{as_of}　　　计量单位：{units}",
            "Reporting unit: {unit}    As of: {as_of}    Units: {units}",
        ),
        "xlsx_units_notes": ("分、元、次、人次", "points, yuan, times, participant-times"),
        "xlsx_units_summary": (
            "个、次、人次、元、件、人",
            "units, times, participant-times, yuan, problems, people",
        ),
        "xlsx_units_scores": ("分", "points"),
        "xlsx_units_activities": ("次、人次、人、元", "times, participant-times, people, yuan"),
        "xlsx_units_money": ("元", "yuan"),
        "xlsx_units_tickets": ("件", "problems"),
        "xlsx_units_members": ("人、次、小时", "people, times, hours"),
        "xlsx_units_services": ("次、小时", "times, hours"),
        "xlsx_subtotal": ("{group} 小计", "{group} subtotal"),
        "xlsx_count": ("共 {n} {unit}", "{n} {unit}"),
        "xlsx_n_activities": ("项", "activities"),
        "xlsx_n_contributions": ("笔", "entries"),
        "xlsx_n_tickets": ("件", "problems"),
        "xlsx_n_members": ("人", "members"),
        "xlsx_n_services": ("次", "services"),
        "xlsx_sheet_services": ("服务记录", "Services"),
        "xlsx_services_title": ("{year}年度在职党员服务记录", "{year} services of in-service members"),
        "xlsx_service_content": ("服务内容", "What was done"),
        "xlsx_scoring_heading": ("计分说明", "How each item scores"),
        "xlsx_members_sheets": ("在职党员、服务记录", "Members, services"),
        "xlsx_members_sheets_value": (
            "两表按居住社区分类汇总：打印和打开时只显示各社区小计和合计；点击行号左侧的“+”或左上角的“2”展开每名党员、每次服务",
            "both sheets are subtotalled by residence community: printed and opened folded to the subtotals; "
            "the “+” beside a row number or the “2” at the top left opens every member or service",
        ),
        "xlsx_privacy_value": (
            "工作簿不含在职党员的身份证号和电话",
            "the workbook holds no member's ID number or phone",
        ),
        "xlsx_projects_key": ("领办项目", "Projects"),
        "xlsx_projects_value": (
            "认领1个项目加 {claim} 分（多家单位联合认领的，每家各计1个）；"
            "在领办大厅认领的，另计领办大厅认领，共加 {hall} 分；"
            "竞拍的每个出价单位均按认领计分，不论是否中标，共加 {bid} 分；"
            "完成1个项目另加 {done} 分；已取消项目的认领不计分",
            "a project claimed scores {claim} (each co-claimant counts it); one claimed in the open hall "
            "also counts as a hall claim: {hall} in all; every bidder counts as a claimant, won or not: {bid}; "
            "a project completed adds {done}; claims on a cancelled project score nothing",
        ),
        "xlsx_bonus_cap": ("各加分项之和最高加 {max} 分", "all bonus items together add at most {max}"),
        "xlsx_members_rule": ("在职党员服务", "Member services"),
        "xlsx_members_rule_value": (
            "每名在职党员全年参加社区服务不少于 {target} 次为达标；反馈评定：{excellent} 次及以上为优秀，"
            "{passed} 次及以上为合格，不足 {passed} 次为不合格",
            "a member meets the target with {target} services in the year; feedback: {excellent}+ excellent, "
            "{passed}+ pass, fewer fail",
        ),
        # what each measure counts (the 计分说明 of the measures a rules file uses)
        "mc_activities_organised": (
            "本年度活动台账中由该单位组织或联合组织的活动次数",
            "activities of the year the unit organised or co-organised",
        ),
        "mc_activities_participated": (
            "本年度活动台账中该单位作为参与单位的活动次数",
            "activities of the year the unit took part in",
        ),
        "mc_activities_involved": (
            "本年度该单位组织、联合组织或参与的活动次数",
            "activities of the year the unit organised or took part in",
        ),
        "mc_funds": (
            "本年度出资金额与捐赠物资折合金额之和（场地、服务折合不计入）",
            "cash plus in-kind value given in the year (venue and services apart)",
        ),
        "mc_cash": ("本年度出资金额", "cash given in the year"),
        "mc_in_kind": ("本年度捐赠物资折合金额", "in-kind value given in the year"),
        "mc_venue": ("本年度提供场地的折合金额", "venue value given in the year"),
        "mc_service": ("本年度提供服务的折合金额", "service value given in the year"),
        "mc_contributions": (
            "本年度出资、物资、场地、服务折合金额之和",
            "cash, in-kind, venue and service value given in the year",
        ),
        "mc_tickets_closed_share": (
            "本年度交办该单位的问题中，截至统计截止日已整改并验收销号的比例；不予处理的问题不计入分母",
            "of the problems of the year assigned to the unit, the share closed by the as-of day; "
            "problems set aside leave the denominator",
        ),
        "mc_tickets_assigned": ("本年度交办该单位的问题数", "problems of the year assigned to the unit"),
        "mc_tickets_overdue": (
            "截至统计截止日该单位逾期未整改的问题数",
            "the unit's problems overdue on the as-of day",
        ),
        "mc_meetings_attended_share": (
            "结对社区本年度召开的联席会议中该单位出席的比例",
            "the share of its communities' joint meetings of the year the unit attended",
        ),
        "mc_meetings_missed": (
            "结对社区本年度召开的联席会议中该单位缺席的次数",
            "joint meetings of its communities the unit missed in the year",
        ),
        "mc_members_target_share": (
            "统计截止日在册的本单位在职党员中，全年服务不少于 {target} 次的比例",
            "of the unit's members on the register on the as-of day, the share with {target}+ services",
        ),
        "mc_members_registered": (
            "统计截止日在册的本单位报到在职党员人数",
            "the unit's members on the register on the as-of day",
        ),
        "mc_community_rating": ("结对社区对该单位的年度评价分（0–10分）", "the community's rating (0–10)"),
        "mc_projects_claimed": (
            "本年度认领或竞拍的契约化共建项目数（含联合认领；已取消项目不计）",
            "contract projects claimed or bid for in the year (co-claims included; cancelled ones not)",
        ),
        "mc_projects_via_hall": (
            "本年度在领办大厅认领的项目数（认领期限内无结对单位认领、转入领办大厅的项目；已取消项目不计）",
            "projects claimed in the open hall in the year (cancelled ones not)",
        ),
        "mc_projects_bids": (
            "本年度以竞拍方式认领的项目数，不论是否中标（已取消项目不计）",
            "projects bid for in the year, won or not (cancelled ones not)",
        ),
        "mc_projects_done": (
            "该单位认领、本年度完成的项目数",
            "projects the unit claimed that were completed in the year",
        ),
        # --- the signature block ---
        "sign_unit_seal": ("填报单位（盖章）", "Reporting unit (seal)"),
        "sign_date": ("填报日期", "Date"),
        "doc_date": ("{y}年{m}月{d}日", "{y}-{m:02d}-{d:02d}"),
    }
)
MESSAGES.update(
    {
        "rules_text_numbers": (
            "扣分标准写的 {found} 与本项的计分不符（{numbers}），请改正文字或数字，或删去扣分标准由程序按数字生成",
            "the scoring text says {found}, which is not in its numbers ({numbers}): correct the text or "
            "the numbers, or leave the text out to have it built from the numbers",
        ),
    }
)
