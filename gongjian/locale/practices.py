"""Catalog entries of the practices of issue #21 (兼职委员, problems with a promise): key -> (中文, English)."""

LABELS: dict[str, tuple[str, str]] = {
    "person": ("姓名", "Name"),
    "committee": ("兼职组织", "Committee"),
    "unit_post": ("单位职务", "Post in the unit"),
    "committee_role": ("兼职职务", "Role"),
    "residence": ("居住地社区", "Lives in"),
    "place": ("报到地类型", "Place"),
    "member_kind": ("党员身份", "Kind"),
    "kind_target": ("每年服务次数要求", "Yearly target"),
    "committee_seats": ("兼职委员数", "Committee seats"),
    "promised_by": ("承诺期限", "Promised by"),
    "meeting": ("来源会议", "Raised at meeting"),
    "share_fen": ("出资份额（元）", "Share (yuan)"),
    "promised": ("承诺到期", "Promises due"),
    "promise_kept": ("按期办结", "Kept"),
    "promise_share": ("承诺办结率", "Promises kept"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    "tbl_committee_seats": ("兼职委员", "committee seats"),
    "what_seat": ("兼职委员", "committee seat"),
    "h_committee": (
        "兼职委员：单位负责人到社区、街道党组织兼任副书记或委员——新增、列表、离任",
        "Part-time committee members: unit leaders on community and street party committees — add, list, end",
    ),
    "h_committee_add": (
        "登记一名兼职委员：姓名、所在单位、兼职组织（社区或街道）、职务、任职日期",
        "Record a part-time committee member: name, unit, committee (community or street), role, start date",
    ),
    "h_committee_list": (
        "列出兼职委员（默认含已离任的），可按社区、单位或某日在任筛选",
        "List committee seats (ended ones too), by community, unit or serving on a day",
    ),
    "h_committee_end": ("兼职委员离任（默认今天）", "End a committee seat (default today)"),
    "o_seat_person": ("兼职委员姓名", "The committee member's name"),
    "o_seat_committee": (
        "兼职组织：社区（代码、名称或片段）或街道名称（街道党工委），如 北城社区、乐成街道",
        "Committee: a community (code, name or fragment) or a street (its party working committee)",
    ),
    "o_seat_role": ("兼职职务：兼职副书记 或 兼职委员（默认）", "Role: 兼职副书记 or 兼职委员 (default)"),
    "o_seat_unit_post": ("在本单位的职务，如 党组书记、局长", "Post in the unit, e.g. 党组书记、局长"),
    "o_seat_started": ("任职日期", "Date the seat began"),
    "o_seat_ref": ("兼职委员：编号或姓名", "Committee seat: id or the person's name"),
    "o_seat_on": ("只列该日在任的兼职委员", "Only seats serving on this day"),
    "o_seat_current": ("只列未离任的", "Only seats not ended"),
    "seat_added": (
        "已登记兼职委员：{person}（{unit}）任 {committee} {role}",
        "Recorded {person} ({unit}) as {role} of {committee}",
    ),
    "seat_ended_done": ("{person} 已于 {ended} 离任 {committee}", "{person} left {committee} on {ended}"),
    "seat_held": (
        "{person} 已在 {committee} 兼职且未离任；先用 gongjian committee end 结束原任职",
        "{person} already holds a seat on {committee}; end it first with gongjian committee end",
    ),
    "seat_ended": ("{person} 已于 {ended} 离任", "{person} already left on {ended}"),
    "committee_unknown": (
        "找不到兼职组织“{name}”：应为社区（代码、名称）或社区登记的街道名称",
        "No committee “{name}”: give a community (code, name) or a street the communities name",
    ),
    "title_committee_seats": ("兼职委员", "Part-time committee members"),
    "r_committee_title": (
        "{year}年兼职委员（任职覆盖本年）",
        "Part-time committee members serving in {year}",
    ),
    "xlsx_units_committees": ("人", "people"),
    "xlsx_units_sources": ("件、天", "problems, days"),
    "xlsx_n_sources": ("类来源", "sources"),
    "xlsx_sheet_sources": ("问题来源", "Problem sources"),
    "xlsx_n_seats": ("人", "seats"),
    "o_tk_deadline_promise": (
        "整改期限：日期，或 +30d / 30天 表示分派日起30天；不填则用问题的承诺期限",
        "Deadline: a date, or +30d for 30 days after the assignment; default: the problem's promised-by day",
    ),
    "o_tk_meeting": (
        "提出该问题的会议（联席会议、议事会）：本社区的会议日期或编号",
        "The meeting that raised the problem: its date (or id) in the problem's community",
    ),
    "tk_promised": ("{source}：承诺 {promised_by} 前办结", "{source}: promised by {promised_by}"),
    "tk_promise_before": (
        "承诺期限 {promised_by} 早于发现日期 {reported_on}",
        "Promised-by day {promised_by} is before the reported day {reported_on}",
    ),
    "tk_meeting_unknown": (
        "{community} 没有 {meeting} 的会议记录",
        "{community} has no meeting on {meeting}",
    ),
    "tk_meeting_ambiguous": (
        "{community} 在 {meeting} 有多次会议，请写会议编号",
        "{community} held several meetings on {meeting}: give the meeting's id",
    ),
    "rules_promise_bad": (
        "[tickets.promise] 的“{source}”不对：来源应为 {choices} 之一，天数为正整数",
        "[tickets.promise] “{source}”: the source must be one of {choices}, the days a positive whole number",
    ),
    "r_sources_title": ("{year}年度问题来源与承诺办结", "{year} problems by source, and promises kept"),
    "o_claim_bid_joint": (
        "竞拍出价，如 2万元；几个单位联合竞拍时用 --share 写明各自份额",
        "Auction bid, e.g. 2万元; for a joint bid give each unit's --share",
    ),
    "o_claim_share": (
        "单位的份额：单位=金额，如 统计局=1万元（可重复；联合竞拍份额合计等于出价，众筹不出价时各写出资）",
        "A unit's share: UNIT=AMOUNT, e.g. 统计局=1万元 (repeatable; a joint bid's shares add up to the bid)",
    ),
    "pj_share_mark": ("出资 {amount} 元", "pledged {amount} yuan"),
    "pj_how_share": ("认领，出资 {amount} 元", "claim, pledging {amount} yuan"),
    "pj_share_form": (
        "份额“{text}”应写成 单位=金额，如 乐清市统计局=1万元",
        "Share “{text}” should read UNIT=AMOUNT, e.g. 乐清市统计局=1万元",
    ),
    "pj_share_not_claimant": ("{unit} 不在这次认领的单位中，不能写份额", "{unit} is not among the claimants"),
    "pj_share_twice": ("{unit} 的份额写了两次", "{unit}'s share is given twice"),
    "pj_joint_bid_shares": (
        "几个单位联合竞拍：请用 --share 单位=金额 写明每个单位的份额（合计等于出价）",
        "A joint bid: give every bidder's share with --share UNIT=AMOUNT (adding up to the bid)",
    ),
    "pj_shares_sum": (
        "各单位份额合计 {total} 元，与出价 {bid} 元不符",
        "The shares add up to {total} yuan, not the bid of {bid} yuan",
    ),
    "m_projects_share": ("认领项目出资（本单位份额）", "Money pledged to projects (own share)"),
    "h_notice": (
        "公示表（.docx）：在职党员、共建协议履约、共建项目，供社区张贴公示",
        "Notice sheets (.docx) a community posts: members, agreements fulfilled, projects",
    ),
    "h_notice_members": (
        "在职党员公示：本社区报到的在职党员及其工作单位、特长、认领岗位（不含身份证号、电话）",
        "Members' notice: the in-service members registered here, their units, specialties and posts",
    ),
    "h_notice_agreements": (
        "共建协议履约公示：本年度有效的协议、各单位认领事项和全年落实情况",
        "Agreements' notice: the year's agreements, what each unit committed and delivered",
    ),
    "h_notice_projects": (
        "共建项目公示：本年度项目、承办单位（竞拍、出资份额）、进度和居民评议",
        "Projects' notice: the year's projects, who did them, their state and the residents' rating",
    ),
    "o_notice_on": ("公示日期（默认今天）；在职党员按该日在册计", "Posting day (default today)"),
    "o_notice_days": ("公示天数（默认7天）", "Days the notice is posted (default 7)"),
    "o_notice_output": ("输出的 Word 文件（.docx）", "The Word file to write (.docx)"),
    "ntc_written": ("已生成公示：{path}", "Notice written: {path}"),
    "ntc_period": ("公示期：{first}至{last}", "Posted from {first} to {last}"),
    "ntc_objection": (
        "公示期间如有异议，请向社区党组织反映。",
        "Objections during the notice period go to the community's party organisation.",
    ),
    "ntc_members_title": ("{community}在职党员报到情况公示", "{community}: in-service members registered"),
    "ntc_members_intro": (
        "根据在职党员到社区报到工作要求，现将截至{as_of}在本社区报到的{n}名在职党员的工作单位、个人特长和"
        "认领岗位予以公示，接受群众监督。",
        "As of {as_of}, the {n} in-service members registered in {community}, with their work units, "
        "specialties and claimed posts, are made public.",
    ),
    "ntc_agreements_title": (
        "{community}{year}年度共建协议履约情况公示",
        "{community}: agreements fulfilled in {year}",
    ),
    "ntc_agreements_intro": (
        "现将{year}年度与本社区签订共建协议的{n}家单位认领的服务事项及全年落实情况予以公示，接受群众监督和考评。",
        "The {n} units with an agreement with {community} in {year}: what each committed and what it delivered.",
    ),
    "ntc_committed": ("认领事项", "Committed"),
    "ntc_activities": ("活动（次）", "Activities"),
    "ntc_goods": ("出资捐物（元）", "Cash and in kind (yuan)"),
    "ntc_projects": ("承办项目", "Projects"),
    "ntc_projects_title": ("{community}{year}年度共建项目公示", "{community}: contract projects of {year}"),
    "ntc_projects_intro": (
        "现将{year}年度本社区{n}个共建项目的承办单位、完成情况和居民代表评议结果予以公示。",
        "The {n} contract projects of {community} in {year}: who did them, their state and the residents' rating.",
    ),
    "ntc_project": ("项目名称", "Project"),
    "ntc_doers": ("承办单位", "Done by"),
    "ntc_rating": ("居民评议", "Residents' rating"),
    "ntc_rating_value": (
        "满意{satisfied}、基本满意{basically}、不满意{unsatisfied}，满意率{share}",
        "{satisfied} satisfied, {basically} fairly, {unsatisfied} not; {share}",
    ),
    "ntc_not_rated": ("未评议", "Not rated"),
    "tbl_member_registrations": ("两地报到", "second registrations"),
    "h_member_register": (
        "两地报到：在职党员再到出生地（或其他）社区报到、双岗服务；每年服务次数按本人合计",
        "Register a member in a second community (where they were born …); the yearly target is the member's",
    ),
    "h_member_registrations": ("列出两地报到（第二报到社区）", "List second registrations"),
    "o_reg_member": ("党员：编号、姓名、手机号或身份证号", "Member: id, name, phone or ID number"),
    "o_reg_community": ("第二报到社区：代码、名称或片段", "The second community: code, name or fragment"),
    "o_reg_on": ("报到日期（默认今天）", "Registration day (default today)"),
    "o_reg_post": ("在该社区认领的岗位", "Post claimed in that community"),
    "o_reg_place": ("报到地类型：出生地（默认）或 其他", "Place: 出生地 (default) or 其他"),
    "reg_added": (
        "{member} 已在 {community} 报到（{place}，{day}）",
        "{member} registered in {community} ({place}, {day})",
    ),
    "reg_residence": (
        "{community} 是 {name} 的居住地报到社区，不必再报到",
        "{community} is where {name} lives and registered already",
    ),
    "reg_exists": ("{name} 已在 {community} 报到", "{name} is already registered in {community}"),
    "title_registrations": ("两地报到", "Second registrations"),
    "r_kinds_title": ("{year}年度各类党员报到及服务情况", "{year} members by kind"),
    "rules_kind_bad": (
        "[members.kinds] 的“{kind}”不对：应为 {choices} 之一，次数为正整数",
        "[members.kinds] “{kind}”: the kind must be one of {choices}, the target a positive whole number",
    ),
    "o_member_kind": (
        "党员身份：在职党员（默认）、离退休党员、灵活就业党员、其他非在职党员",
        "Kind: 在职党员 (default), 离退休党员, 灵活就业党员, 其他非在职党员",
    ),
    "m_committee_seats": ("兼职委员人数", "Part-time committee seats held"),
}
