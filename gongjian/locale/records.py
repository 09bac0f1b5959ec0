"""Catalog entries of the records part (activities, funds, party members): key -> (中文, English)."""

LABELS: dict[str, tuple[str, str]] = {
    # activities
    "organisers": ("组织单位", "Organisers"),
    "participants": ("参与单位", "Participating units"),
    "participant_times": ("参加人次", "Participant-times"),
    "volunteers": ("志愿者人数", "Volunteers"),
    "members_served": ("在职党员人次", "Party members taking part"),
    "venue": ("活动地点", "Venue"),
    "status_on": ("状态日期", "Status since"),
    "spending": ("活动经费", "Spending"),
    "spending_fen": ("活动经费（元）", "Spending (yuan)"),
    "funding": ("单位出资", "Unit funding"),
    "description": ("内容", "Description"),
    "files": ("附件", "Files"),
    "path": ("路径", "Path"),
    "size": ("大小（字节）", "Size (bytes)"),
    # contributions
    "amount": ("金额", "Amount"),
    "amount_fen": ("金额（元）", "Amount (yuan)"),
    "receipt_no": ("收据号", "Receipt no."),
    "activity": ("活动", "Activity"),
    "project": ("项目", "Project"),
    # members and services
    "member": ("党员", "Member"),
    "id_number": ("身份证号", "ID number"),
    "registered_on": ("报到日期", "Registered"),
    "specialty": ("特长", "Specialty"),
    "post": ("认领岗位", "Claimed post"),
    "duration": ("服务时长（小时）", "Duration (hours)"),
    "hours": ("时长（小时）", "Hours"),
    "services": ("服务次数", "Services"),
    "target": ("目标次数", "Target"),
    "target_met": ("是否达标", "Target met"),
    "owed": ("尚差次数", "Still owed"),
    "evaluation": ("评价", "Evaluation"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    "imp_note_spending": (
        "“{column}”列记为各活动自己的活动经费（活动花了多少钱），不计入资金物资，也不计入考评的资金物资分；"
        "单位出资请填“出资”列，或用 gongjian import contributions 导入",
        "The “{column}” column is each activity's own spending (what it cost): not a contribution, and not "
        "counted in the assessment's funds; put a unit's funding under 出资, or import it with "
        "gongjian import contributions",
    ),
    "imp_note_funding": (
        "“{column}”列记为第一个组织单位给该社区的资金（计入资金物资和考评）",
        "The “{column}” column is cash given by the first organiser to the community (counted in funds and "
        "in the assessment)",
    ),
    # --- naming records ---
    "what_activity": ("活动", "activity"),
    "what_member": ("在职党员", "party member"),
    "label_member_name": ("姓名", "Name"),
    "label_activity_count": ("活动数", "Activities"),
    # --- activities ---
    "activity_unpaired": (
        "{unit} 在 {date} 没有与 {community} 结对，不能作为该社区当天活动的组织或参与单位；"
        "请先用 gongjian pair add 结对（或核对结对的起止日期），或加 --allow-unpaired 照样登记",
        "{unit} is not paired with {community} on {date}, so it cannot organise or join that community's "
        "activity of that day; pair them first with gongjian pair add (or check the pairing's dates), or add "
        "--allow-unpaired to record it anyway",
    ),
    "activity_unpaired_import": (
        "{unit} 在 {date} 没有与 {community} 结对，不能作为该社区当天活动的组织或参与单位；"
        "请先用 gongjian pair add 结对后再导入，或加 --allow-unpaired",
        "{unit} is not paired with {community} on {date}, so it cannot organise or join that community's "
        "activity of that day; pair them first with gongjian pair add, then import again, or add --allow-unpaired",
    ),
    "fund_unpaired": (
        "{unit} 在 {date} 没有与 {community} 结对，不能登记它当天给该社区的资金物资；"
        "请先用 gongjian pair add 结对（或核对结对的起止日期），或加 --allow-unpaired 照样登记",
        "{unit} is not paired with {community} on {date}, so its support to that community on that day cannot "
        "be recorded; pair them first with gongjian pair add (or check the pairing's dates), or add "
        "--allow-unpaired to record it anyway",
    ),
    "activity_needs_organiser": (
        "请至少指定一个组织单位（--organiser）",
        "Name at least one organising unit (--organiser)",
    ),
    "activity_exists": (
        "该活动已登记（编号 {id}）：{date} {community} {title}",
        "That activity is already recorded (id {id}): {date} {community} {title}",
    ),
    "activity_added": (
        "已登记活动（编号 {id}）：{date} {community} {title}，组织单位：{organisers}",
        "Recorded activity {id}: {date} {community} {title}, organised by {organisers}",
    ),
    "activity_files_added": (
        "附件 {n} 个已记录（路径和 SHA-256）",
        "{n} file(s) recorded (path and SHA-256)",
    ),
    "activity_totals": (
        "合计：活动 {count:,} 场，参加人次 {participant_times:,}，志愿者 {volunteers:,} 人",
        "Total: {count:,} activities, {participant_times:,} participant-times, {volunteers:,} volunteers",
    ),
    "activity_bad_range": (
        "开始日期 {start} 晚于结束日期 {end}",
        "Start date {start} is after end date {end}",
    ),
    "title_activity_units": ("组织与参与单位", "Organisers and participants"),
    "title_activity_files": ("附件", "Files"),
    "title_activity_funds": ("相关资金物资", "Linked funds and in-kind support"),
    "title_activity_services": ("在职党员服务", "Party members' services"),
    # --- funds ---
    "fund_added": (
        "已登记资金物资（编号 {id}）：{unit} → {community}，{kind} {amount} 元{description}",
        "Recorded contribution {id}: {unit} → {community}, {kind} {amount} yuan{description}",
    ),
    "fund_exists": (
        "该笔资金物资已登记（编号 {id}）：{date} {unit} → {community} {amount} 元",
        "That contribution is already recorded (id {id}): {date} {unit} → {community} {amount} yuan",
    ),
    "fund_receipt_exists": (
        "收据号 {receipt} 已登记（编号 {id}）",
        "Receipt {receipt} is already recorded (id {id})",
    ),
    "fund_amount_zero": (
        "{kind}的金额必须大于0（物资请填折合金额）",
        "A {kind} contribution needs an amount above 0 (give in-kind support its value)",
    ),
    "fund_totals": (
        "合计：{count:,} 笔；资金 {cash} 元，物资折合 {in_kind} 元，资金与物资合计 {goods} 元",
        "Total: {count:,} contributions; cash {cash} yuan, in-kind value {in_kind} yuan, cash and in-kind {goods} yuan",
    ),
    "fund_totals_other": (
        "另有场地折合 {venue} 元、服务折合 {service} 元",
        "Besides: venue value {venue} yuan, service value {service} yuan",
    ),
    # --- members ---
    "member_needs_key": (
        "请填写手机号或身份证号（用来识别同一名党员）",
        "Give a phone number or an ID number (they identify the member)",
    ),
    "member_exists": (
        "在职党员已登记（编号 {id}）：{name}（{unit}）",
        "That party member is already registered (id {id}): {name} ({unit})",
    ),
    "member_id_taken": (
        "身份证号 {id_number} 已属于另一名党员（编号 {id}）",
        "ID number {id_number} belongs to another member (id {id})",
    ),
    "member_added": (
        "已登记在职党员（编号 {id}）：{name}，工作单位 {unit}，报到社区 {community}",
        "Registered party member {id}: {name}, works at {unit}, registered at {community}",
    ),
    "member_left": ("{name} 已转出，不能再登记服务", "{name} has left; no more services can be logged"),
    "member_not_serving": (
        "{name} 的状态为“{status}”（自 {since} 起），不能登记这一天的服务",
        "{name} is “{status}” (since {since}); no service can be logged on that day",
    ),
    "member_edited": ("已修改在职党员（编号 {id}）：{name}", "Changed party member {id}: {name}"),
    "member_edited_field": ("{field}：{before} → {after}", "{field}: {before} → {after}"),
    "member_edit_nothing": (
        "没有要修改的内容：请给出 --unit、--community、--phone、--status 或 --note",
        "Nothing to change: give --unit, --community, --phone, --status or --note",
    ),
    "member_edit_on_needs_status": (
        "--on 是状态生效的日期，须与 --status 一起使用",
        "--on is the day a status took effect; give it with --status",
    ),
    "member_edit_unchanged": (
        "{name} 的信息与所给的相同，未作修改",
        "{name} already reads so; nothing changed",
    ),
    "member_status_before_registered": (
        "状态日期 {day} 早于报到日期 {registered_on}",
        "The status date {day} is before the registration date {registered_on}",
    ),
    "member_phone_taken": (
        "另一名同名党员（编号 {id}）已使用这个电话：{name}",
        "Another member named {name} (id {id}) has that phone",
    ),
    "member_candidate": ("{name}（{unit}，编号 {id}）", "{name} ({unit}, id {id})"),
    "service_exists": (
        "该服务已记录：{name} {date} {what}",
        "That service is already logged: {name} {date} {what}",
    ),
    "service_added": (
        "已记录服务：{name} {date} {hours} 小时（{year} 年第 {n} 次，目标 {target} 次）",
        "Logged a service: {name} {date} {hours} h (no. {n} in {year}, target {target})",
    ),
    "member_rules_bad": (
        "考评规则文件 {path} 中 [members] {name} 的值无效：{value}（应为正整数）",
        "Rules file {path}: [members] {name} is not a positive whole number: {value}",
    ),
    "member_rules_unreadable": (
        "考评规则文件 {path} 无法读取：{error}",
        "Cannot read the rules file {path}: {error}",
    ),
    "member_card_title": (
        "在职党员参加社区活动记录卡（{year}年）",
        "Party member's community service record card ({year})",
    ),
    "member_card_summary": (
        "{year} 年共服务 {n} 次、{hours} 小时；年度目标 {target} 次：{verdict}",
        "{year}: {n} services, {hours} hours; yearly target {target}: {verdict}",
    ),
    "member_card_met": ("已达标", "met"),
    "member_card_owed": ("未达标，尚差 {owed} 次", "not met, {owed} more needed"),
    "member_card_none": ("本年度还没有服务记录", "No services logged this year yet"),
    "member_services_title": ("服务记录", "Services"),
    "member_below_title": (
        "{year} 年服务未达标的在职党员（目标 {target} 次）",
        "Party members below the {year} target ({target} services)",
    ),
    "member_list_totals": (
        "共 {n:,} 名；{year} 年已达标 {met:,} 名，未达标 {below:,} 名（目标 {target} 次）",
        "{n:,} members; in {year} {met:,} met the target and {below:,} did not (target {target})",
    ),
    "member_below_totals": (
        "共 {n:,} 名未达标，合计尚差 {owed:,} 次服务",
        "{n:,} members below the target, {owed:,} services still owed in all",
    ),
    "feedback_title": (
        "在职党员参加社区活动情况反馈表（{unit}，{year}年）",
        "Party members' community service feedback ({unit}, {year})",
    ),
    "feedback_sheet": ("反馈表", "Feedback"),
    "feedback_note_unit": ("工作单位", "Work unit"),
    "feedback_note_year": ("年度", "Year"),
    "feedback_note_rules": (
        "全年服务 ≥ {excellent} 次为优秀，≥ {passed} 次为合格，其余为不合格；年度目标 {target} 次",
        "≥ {excellent} services excellent, ≥ {passed} pass, otherwise fail; yearly target {target}",
    ),
    "feedback_note_rules_key": ("评价标准", "Evaluation"),
    "feedback_note_summary_key": ("汇总", "Summary"),
    "feedback_note_summary": (
        "党员 {n} 名：优秀 {excellent}，合格 {passed}，不合格 {failed}",
        "{n} members: {excellent} excellent, {passed} pass, {failed} fail",
    ),
    "feedback_note_pii_key": ("个人信息", "Personal data"),
    "feedback_note_masked": ("身份证号和电话已脱敏", "ID numbers and phones are masked"),
    "feedback_note_unmasked": (
        "含完整身份证号和电话，请妥善保管",
        "Contains full ID numbers and phones; keep it safe",
    ),
    "feedback_note_made": ("制表日期", "Made on"),
    "feedback_written": (
        "已写出反馈表：{path}（{unit}，{year} 年，党员 {n} 名：优秀 {excellent}，合格 {passed}，不合格 {failed}）",
        "Wrote the feedback sheet {path} ({unit}, {year}: {n} members — {excellent} excellent, {passed} pass, "
        "{failed} fail)",
    ),
    # --- CLI help ---
    "h_activity": ("共建活动：登记、列表、查看", "Co-building activities: add, list, show"),
    "h_activity_add": (
        "登记一次共建活动：日期、社区、名称、类别、组织/参与单位、参加人次、志愿者、附件",
        "Record an activity: date, community, title, category, organising/participating units, "
        "participant-times, volunteers, files",
    ),
    "h_activity_list": (
        "列出活动，可按年度、日期范围、社区、单位、类别筛选；表格下方是合计",
        "List activities by year, date range, community, unit or category; totals under the table",
    ),
    "h_activity_show": (
        "查看一次活动：单位、附件、资金物资、党员服务",
        "Show an activity: units, files, funds, services",
    ),
    "h_fund": ("资金物资：登记、列表（资金与物资折合分列并合计）", "Funds and in-kind support: add, list"),
    "h_fund_add": (
        "登记单位给社区的资金、物资（折合金额）、场地或服务",
        "Record cash, in-kind support (at its value), a venue or a service from a unit to a community",
    ),
    "h_fund_list": (
        "列出资金物资，可按年度、日期范围、社区、单位、类型筛选",
        "List contributions by year, date range, community, unit or kind",
    ),
    "h_member": (
        "在职党员：报到登记、列表、查看、记录服务、活动记录卡、反馈表",
        "In-service party members: register, list, show, log services, record card, feedback sheet",
    ),
    "h_member_add": (
        "登记到社区报到的在职党员（身份证号按国标校验，输出时脱敏）",
        "Register an in-service party member at a community (ID number checksum-validated, masked on output)",
    ),
    "h_member_list": (
        "列出在职党员及其年度服务次数；--below-target 只列未达标的",
        "List party members with their services in the year; --below-target lists those under the target",
    ),
    "h_member_show": ("查看一名党员及其全部服务记录", "Show a party member and every service logged"),
    "h_member_edit": (
        "修改在职党员的工作单位、报到社区、电话、状态（在册、已转出、退休、去世，--on 为生效日期）或备注；"
        "记入审计日志，可用 gongjian undo 撤销。年度数字和反馈表按年末当天的状态计算。",
        "Change a party member's work unit, community, phone, status (active, left, retired, deceased; "
        "--on is the day it took effect) or note; logged and undoable. A year's figures and the feedback "
        "sheet count the status on the year's last day.",
    ),
    "o_member_edit_status": (
        "新状态：在册（在职）、已转出、退休、去世",
        "New status: active, left, retired or deceased",
    ),
    "o_member_edit_on": ("状态生效的日期（默认今天）", "The day the status took effect (default today)"),
    "h_member_serve": (
        "记录一次服务（日期、时长、可关联活动）",
        "Log a service (date, hours, optional activity)",
    ),
    "h_member_card": ("打印党员的年度活动记录卡", "Print a member's service record card for a year"),
    "h_member_feedback": (
        "生成发给工作单位的年度反馈表（优秀/合格/不合格），-o 写成 Excel",
        "The yearly feedback sheet for a work unit (excellent/pass/fail); -o writes it as Excel",
    ),
    # --- CLI options ---
    "o_rec_date": ("日期（默认今天），如 2016-03-10、2016年3月10日", "Date (default today), e.g. 2016-03-10"),
    "o_rec_community": ("社区：代码、名称或名称片段", "Community: code, name or a fragment"),
    "o_rec_title": ("活动名称，如 龙抬头荠菜饭活动", "Activity title, e.g. 龙抬头荠菜饭活动"),
    "o_rec_category": (
        "活动类别：节日活动、志愿服务、文体活动、讲座培训、走访慰问、环境整治、义诊健康、法治宣传、党建学习、其他",
        "Category: festival, volunteer, culture_sports, lecture, visit, environment, health, legal, "
        "party_study, other (Chinese labels accepted)",
    ),
    "o_rec_organiser": (
        "组织单位（可重复，或用“、”分隔）",
        "Organising unit (repeatable, or separated by 、)",
    ),
    "o_rec_participant": (
        "参与单位（可重复，或用“、”分隔）",
        "Participating unit (repeatable, or separated by 、)",
    ),
    "o_rec_participant_times": ("参加人次", "Participant-times"),
    "o_rec_volunteers": ("志愿者人数", "Number of volunteers"),
    "o_rec_members_served": ("参加的在职党员人次", "Party members taking part"),
    "o_rec_venue": ("活动地点", "Venue"),
    "o_rec_spending": ("活动经费，如 2000、1.2万元", "Spending, e.g. 2000 or 1.2万元"),
    "o_rec_description": ("内容说明", "Description"),
    "o_rec_note": ("备注", "Note"),
    "o_rec_plan": ("活动方案文件（记录路径和 SHA-256）", "Activity plan file (path and SHA-256 are kept)"),
    "o_rec_record": ("活动记录文件", "Activity record file"),
    "o_rec_photo": ("活动照片（可重复）", "Photo (repeatable)"),
    "o_rec_allow_unpaired": (
        "允许当天未与该社区结对的单位",
        "Accept units that are not paired with the community on that day",
    ),
    "o_rec_year": ("年度，如 2016", "Year, e.g. 2016"),
    "o_rec_from": ("起始日期（含）", "From date (inclusive)"),
    "o_rec_to": ("截止日期（含）", "To date (inclusive)"),
    "o_rec_unit_filter": ("单位（组织或参与）", "Unit (organiser or participant)"),
    "o_rec_activity_ref": ("活动：编号、名称或名称片段", "Activity: id, title or a fragment"),
    "o_rec_unit": ("单位：名称、信用代码或名称片段", "Unit: name, credit code or a fragment"),
    "o_rec_amount": (
        "金额或物资折合金额，如 30000、3万元、¥1,200.50",
        "Amount or in-kind value, e.g. 30000, 3万元, ¥1,200.50",
    ),
    "o_rec_kind": ("类型：资金、物资、场地、服务", "Kind: cash, in_kind, venue, service"),
    "o_rec_fund_description": ("说明，如 500斤糯米", "Description, e.g. 500斤糯米"),
    "o_rec_project": ("关联的共建项目：编号或名称", "Linked project: id or title"),
    "o_rec_receipt": ("收据号", "Receipt number"),
    "o_rec_member_name": ("党员姓名", "Member's name"),
    "o_rec_member_ref": (
        "党员：编号、姓名、手机号、身份证号或姓名片段",
        "Member: id, name, phone, ID number or a fragment of the name",
    ),
    "o_rec_phone": ("手机号", "Mobile phone"),
    "o_rec_id_number": ("身份证号（可选，按国标校验）", "ID number (optional, checksum-validated)"),
    "o_rec_work_unit": ("工作单位（须已登记为共建单位）", "Work unit (must be a registered unit)"),
    "o_rec_home_community": ("报到（居住）社区", "Community of residence where the member registered"),
    "o_rec_registered": ("报到日期（默认今天）", "Registration date (default today)"),
    "o_rec_specialty": ("特长，如 法律咨询、摄影", "Specialty, e.g. legal advice, photography"),
    "o_rec_post": (
        "认领岗位：政策宣传、环境整治、治安维稳、文化娱乐、法律咨询、便民服务、救助服务、教育辅导、医疗保健、其他",
        "Claimed post: policy, environment, security, culture, legal, convenience, relief, education, health, other",
    ),
    "o_rec_status": ("状态：在册、已转出、退休、去世", "Status: active, left, retired or deceased"),
    "o_rec_hours": (
        "服务时长：小时数如 2、1.5，或 90分钟、半天",
        "Duration: hours like 2 or 1.5, or 90分钟, 半天",
    ),
    "o_rec_below_target": ("只列该年度服务次数未达标的党员", "Only members below the yearly target"),
    "o_rec_rules": (
        "考评规则文件（默认 data/rules/default.toml）",
        "Rules file (default: data/rules/default.toml)",
    ),
    "o_rec_feedback_out": ("写成 Excel 文件（.xlsx）", "Write an Excel file (.xlsx)"),
    "o_rec_post_filter": ("认领岗位", "Claimed post"),
}
