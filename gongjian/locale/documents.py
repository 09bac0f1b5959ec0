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
MESSAGES.update(
    {
        # --- the Word documents ---
        "doc_template_bad": (
            "协议书模板 {path} 无法读取：{reason}",
            "The agreement template {path} cannot be read: {reason}",
        ),
        "doc_docx_only": (
            "只能写成 Word 文档（.docx）：{path}",
            "This document is written as Word (.docx) only: {path}",
        ),
        "doc_xlsx_or_docx": (
            "反馈表只能写成 Excel（.xlsx）或 Word（.docx）：{path}",
            "The feedback sheet is written as .xlsx or .docx only: {path}",
        ),
        "doc_written": ("已生成 {what}：{path}", "Wrote the {what}: {path}"),
        "doc_blank_date": ("＿＿年＿＿月＿＿日", "____-__-__"),
        "doc_date_blank": ("　　　　年　　月　　日", "       -    -   "),
        "doc_open_end": ("双方另行约定之日", "a date the parties agree later"),
        "doc_year_line": ("（{year}年度）", "({year})"),
        "doc_no": ("序号", "No."),
        "doc_times": ("共 {n} 次", "{n} services"),
        "doc_people": ("共 {n} 人", "{n} members"),
        "doc_phone": ("联系电话", "Phone"),
        "doc_address": ("地址", "Address"),
        "doc_contact": ("联系人", "Contact"),
        "doc_services": ("服务次数", "Services"),
        "doc_grade": ("评定", "Grade"),
        "doc_overdue": ("逾期未改", "Overdue"),
        # 《共建协议书》
        "doc_agreement_title": ("社区共建协议书", "Co-building agreement"),
        "doc_agreement_what": ("共建协议书", "agreement"),
        "doc_agreement_number": ("协议编号：{number}", "Agreement no. {number}"),
        "doc_parties": ("共建双方", "The parties"),
        "doc_party_a": ("甲方（社区）", "Party A (community)"),
        "doc_party_b": ("乙方（共建单位）", "Party B (unit)"),
        "doc_term": ("共建期限", "Term"),
        "doc_term_text": ("自{start}起至{end}止。", "From {start} to {end}."),
        "doc_commitments": ("共建内容（乙方承诺事项及认领的服务项目）", "What party B commits to"),
        "doc_no_commitments": ("由双方另行商定。", "To be agreed by the parties."),
        "doc_claimed_projects": ("乙方认领的社区共建项目：", "Projects party B has claimed:"),
        "doc_claimed_on": ("{on}认领", "claimed {on}"),
        "doc_duties_a": ("甲方的权利和义务", "Party A's rights and duties"),
        "doc_duties_b": ("乙方的权利和义务", "Party B's rights and duties"),
        "doc_other_terms": ("其他", "Other terms"),
        "doc_seal_a": ("甲方（盖章）", "Party A (seal)"),
        "doc_seal_b": ("乙方（盖章）", "Party B (seal)"),
        "doc_signer": ("负责人（签字）", "Signed by"),
        "doc_signed_on": ("签订日期", "Date"),
        # 活动记录卡
        "doc_card_title": ("在职党员到社区报到服务活动记录卡", "In-service member's record card"),
        "doc_card_what": ("活动记录卡", "record card"),
        "doc_card_services": ("{year}年度参加社区服务情况", "Services in {year}"),
        "doc_card_summary": (
            "{year}年度共参加社区服务 {n} 次，累计 {hours} 小时；每年应不少于 {target} 次，{verdict}；评定：{grade}。",
            "{n} services in {year}, {hours} hours in all; the target is {target}: {verdict}; grade: {grade}.",
        ),
        "doc_community_opinion": ("社区意见", "Community's opinion"),
        "doc_community_party_opinion": ("社区党组织意见", "Community party organisation's opinion"),
        "doc_seal_community": ("社区党组织（盖章）", "Community party organisation (seal)"),
        # 反馈表
        "doc_feedback_title": (
            "在职党员到社区报到服务情况反馈表",
            "Feedback on in-service members' community service",
        ),
        "doc_feedback_what": ("反馈表", "feedback sheet"),
        "doc_party_org_of": ("{unit}党组织", "The party organisation of {unit}"),
        "doc_feedback_intro": (
            "贵单位 {n} 名在职党员{year}年度到居住地社区报到服务的情况反馈如下（全年服务 {excellent} 次及以上为优秀，"
            "{passed} 次及以上为合格，不足 {passed} 次为不合格），请在党员年度评议中参考。",
            "The {year} community services of your {n} in-service members follow ({excellent}+ excellent, "
            "{passed}+ pass, fewer fail), for the members' annual review.",
        ),
        "doc_feedback_counts": (
            "合计 {n} 人：优秀 {excellent} 人，合格 {passed} 人，不合格 {failed} 人。",
            "{n} members: {excellent} excellent, {passed} pass, {failed} fail.",
        ),
        # the year's work report
        "doc_report_what": ("年度工作报告", "work report"),
        "doc_r_title": ("{year}年度社区共建工作报告", "{year} co-building work report"),
        "doc_r_subtitle": ("（数据截至{as_of}）", "(figures as of {as_of})"),
        "doc_r_subject": ("{year}年度社区共建工作报告", "{year} co-building work report"),
        "doc_r_overview": ("总体情况", "Overview"),
        "doc_r_overview_text": (
            "{year}年度，{communities} 个社区与 {units} 个（次）共建单位结对，开展共建活动 {activities} 次，"
            "参加 {times} 人次；共建单位出资 {cash} 元，捐赠物资折合 {in_kind} 元；"
            "发现问题 {found} 个，已整改销号 {closed} 个，不予处理 {rejected} 个，销号率 {rate}；"
            "报到在职党员 {members} 名，全年服务达标 {met} 名。",
            "In {year}, {communities} communities were paired with {units} units; {activities} activities drew "
            "{times} participant-times; units gave {cash} yuan in cash and {in_kind} yuan in kind; of {found} "
            "problems found {closed} were closed and {rejected} set aside (closure rate {rate}); {members} "
            "in-service members registered and {met} met the service target.",
        ),
        "doc_r_table_communities": ("表1　{year}年度各社区共建情况", "Table 1  {year} by community"),
        "doc_r_activities": ("共建活动", "Activities"),
        "doc_r_table_categories": ("表2　{year}年度活动类别构成", "Table 2  {year} activities by kind"),
        "doc_r_activities_text": (
            "全年开展共建活动 {n} 次，参加 {times} 人次。活动较多的类别为：{top}；活动最多的月份是 {month}（{busiest} 次）。",
            "{n} activities, {times} participant-times. The main kinds: {top}; the busiest month was {month} "
            "({busiest}).",
        ),
        "doc_r_funds": ("资金物资", "Funds and in-kind support"),
        "doc_r_funds_text": (
            "共建单位出资 {cash} 元，捐赠物资折合 {in_kind} 元，提供场地折合 {venue} 元、服务折合 {service} 元。",
            "Units gave {cash} yuan in cash, {in_kind} in kind, venues worth {venue} and services worth {service}.",
        ),
        "doc_r_table_funds": (
            "表3　{year}年度各社区资金物资（元）",
            "Table 3  {year} funds by community (yuan)",
        ),
        "doc_r_tickets": ("问题整治", "The problem ledger"),
        "doc_r_tickets_text": (
            "全年发现问题 {found} 个，截至 {as_of} 已整改销号 {closed} 个，不予处理 {rejected} 个，"
            "逾期未整改 {overdue} 个，销号率 {rate}（已销号 ÷（发现问题 − 不予处理））。",
            "{found} problems found; by {as_of} {closed} closed, {rejected} set aside, {overdue} overdue; "
            "closure rate {rate} (closed ÷ (found − set aside)).",
        ),
        "doc_r_table_tickets": ("表4　{year}年度各社区问题整治", "Table 4  {year} problems by community"),
        "doc_r_members": ("在职党员", "In-service members"),
        "doc_r_members_text": (
            "报到在职党员 {members} 名，全年服务达标 {met} 名，达标率 {share}。",
            "{members} members registered, {met} met the target ({share}).",
        ),
        "doc_r_table_members": ("表5　{year}年度各社区在职党员", "Table 5  {year} members by community"),
        "doc_r_projects": ("契约化共建项目", "Contract projects"),
        "doc_r_projects_text": (
            "全年列出共建项目 {listed} 个，已认领 {claimed} 个（其中领办大厅认领 {via_hall} 个、竞拍 {bid} 个），"
            "已完成 {done} 个，已取消 {cancelled} 个。",
            "{listed} projects listed, {claimed} claimed ({via_hall} in the open hall, {bid} by bid), {done} "
            "completed, {cancelled} cancelled.",
        ),
        "doc_r_table_projects": ("表6　{year}年度各社区共建项目", "Table 6  {year} projects by community"),
        "doc_p_listed": ("列出", "Listed"),
        "doc_p_claimed": ("已认领", "Claimed"),
        "doc_p_via_hall": ("领办大厅", "Open hall"),
        "doc_p_bid": ("竞拍", "By bid"),
        "doc_p_done": ("已完成", "Done"),
        "doc_p_cancelled": ("已取消", "Cancelled"),
        "doc_r_meetings": ("联席会议", "Joint meetings"),
        "doc_r_meetings_text": (
            "{communities} 个社区共召开共建联席会议 {held} 次，结对单位出席率 {rate}。",
            "{held} joint meetings in {communities} communities; attendance {rate}.",
        ),
        "doc_r_table_meetings": (
            "表7　{year}年度各社区联席会议",
            "Table 7  {year} joint meetings by community",
        ),
        "doc_m_held": ("召开次数", "Held"),
        "doc_m_invited": ("应出席（家次）", "Invited"),
        "doc_m_attended": ("实出席（家次）", "Attended"),
        "doc_m_rate": ("出席率", "Attendance"),
        "doc_r_findings": ("存在的问题", "Findings"),
        "doc_r_more": ("……另有 {n} 条，见年度考评工作簿。", "… {n} more, in the assessment workbook."),
        "doc_r_as_of": (
            "注：本报告各项数据均为{as_of}当天的状态；金额单位为元。",
            "Note: every figure is the state on {as_of}; money in yuan.",
        ),
        "o_report_output": (
            "写成 Word 文档（.docx）的年度工作报告",
            "Write the work report as a Word document (.docx)",
        ),
        "o_agreement_output": (
            "写成 Word 文档（.docx）的《共建协议书》",
            "Write the agreement as a Word document (.docx)",
        ),
        "o_card_output": (
            "写成 Word 文档（.docx）的活动记录卡",
            "Write the record card as a Word document (.docx)",
        ),
        "o_feedback_output_any": (
            "写成反馈表文件：.docx（Word，盖章寄送）或 .xlsx（Excel）",
            "Write the feedback sheet: .docx (Word, to seal and send) or .xlsx (Excel)",
        ),
    }
)
