"""Catalog entries of the projects part (needs, resources, contract projects, joint meetings): key -> (中文, English)."""

LABELS: dict[str, tuple[str, str]] = {
    "ledger_id": ("台账编号", "Ledger number"),
    "text": ("内容", "Text"),
    "source": ("来源", "Source"),
    "raised_on": ("提出日期", "Raised on"),
    "projects": ("对应项目", "Projects"),
    "capacity": ("规模/频次", "Capacity"),
    "community_code": ("社区代码", "Community code"),
    "need": ("对应需求", "Need"),
    "need_id": ("需求编号", "Need id"),
    "budget": ("预算（元）", "Budget (yuan)"),
    "budget_fen": ("预算（元）", "Budget (yuan)"),
    "listed_on": ("发布日期", "Listed on"),
    "claim_deadline": ("认领截止", "Claim deadline"),
    "due": ("完成时限", "Due"),
    "in_hall": ("领办大厅", "Open hall"),
    "claimants": ("认领单位", "Claimants"),
    "claims_text": ("认领单位", "Claimants"),
    "via_hall": ("大厅认领", "Via open hall"),
    "bid_fen": ("竞拍出价（元）", "Bid (yuan)"),
    "tasks": ("任务数", "Tasks"),
    "tasks_done": ("已完成任务", "Tasks done"),
    "progress": ("任务进度", "Progress"),
    "done_on": ("办结日期", "Done on"),
    "satisfied": ("满意", "Satisfied"),
    "basically_satisfied": ("基本满意", "Basically satisfied"),
    "unsatisfied": ("不满意", "Unsatisfied"),
    "satisfaction": ("满意率", "Satisfaction"),
    "rated_on": ("评议日期", "Rated on"),
    "how": ("方式", "How"),
    "claimed_on": ("认领日期", "Claimed on"),
    "owner": ("责任人", "Owner"),
    "item_id": ("编号", "Id"),
    "matches": ("匹配单位数", "Matching units"),
    "paired_units": ("结对单位", "Paired units"),
    "other_units": ("其他单位", "Other units"),
    "paired_resources": ("结对单位资源", "Paired units' resources"),
    "chair": ("轮值主席", "Chair"),
    "attended": ("出席", "Attended"),
    "invited": ("应到", "Invited"),
    "present": ("出席单位", "Present"),
    "absent": ("缺席单位", "Absent"),
    "topics": ("议题", "Topics"),
    "decisions": ("决定事项", "Decisions"),
    "order": ("顺序", "Order"),
    "unit_id": ("单位编号", "Unit id"),
    "last_chaired": ("上次担任", "Last chaired"),
    "times_chaired": ("担任次数", "Times chaired"),
    "held": ("应出席次数", "Meetings held"),
    "missed": ("缺席次数", "Missed"),
    "attendance_rate": ("出席率", "Attendance"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    # --- help ---
    "h_need": ("需求清单：社区登记居民的需求（群众出题）", "Needs: what a community's residents need"),
    "h_need_add": ("登记一条社区需求，如“缺少居民晾晒场地”", "Record a community need"),
    "h_need_list": ("列出需求，可按社区、状态、类别筛选", "List needs, by community, status or category"),
    "h_resource": ("资源清单：共建单位可提供的资源（共建单位解题）", "Resources: what units can offer"),
    "h_resource_add": ("登记一项单位资源，如“每月一次专家义诊”", "Record a resource a unit offers"),
    "h_resource_list": (
        "列出资源，可按单位、类别或结对社区筛选",
        "List resources, by unit, category or community",
    ),
    "h_project": (
        "契约化共建项目：发布、认领/竞拍、任务书、办结、居民评议、匹配",
        "Contract projects: list, claim or bid, task sheet, done, residents' rating, match",
    ),
    "h_project_add": (
        "发布一个民生项目；认领截止前仅限结对单位认领（默认发布后30天），逾期无人认领进入领办大厅",
        "List a project; only paired units may claim it until the claim deadline (default 30 days), "
        "then an unclaimed project enters the open hall",
    ),
    "h_project_claim": (
        "单位认领项目（可列多个单位联合认领），--bid 登记竞拍出价",
        "Units claim a project (several units co-claim); --bid records an auction bid",
    ),
    "h_project_task": ("项目任务书：添加任务、完成任务", "A project's task sheet: add and complete tasks"),
    "h_project_task_add": (
        "给项目任务书添加一项任务（责任人、责任单位、时限）",
        "Add a task (owner, unit, due date)",
    ),
    "h_project_task_done": ("把一项任务标记为完成", "Mark a task done"),
    "h_project_done": (
        "项目办结（任务须全部完成）；对应需求标记为已解决",
        "Complete a project (all tasks done); its need is met",
    ),
    "h_project_rate": (
        "登记居民代表评议票数：满意、基本满意、不满意",
        "Record the residents' votes: satisfied, basically, unsatisfied",
    ),
    "h_project_cancel": ("取消一个未办结的项目", "Cancel a project that is not done"),
    "h_project_list": (
        "列出项目；--hall 只列领办大厅中待认领的项目",
        "List projects; --hall shows the open hall",
    ),
    "h_project_show": ("查看一个项目：认领单位、任务书、评议", "Show a project: claims, tasks, rating"),
    "h_project_match": (
        "群众出题、共建单位解题：每条待解决需求和待认领项目对应有同类资源的单位，结对单位在前",
        "Needs meet resources: for each open need and unclaimed project, the units offering that category, "
        "paired units first",
    ),
    "h_meeting": (
        "联席会议：登记、列表、轮值主席、出席率",
        "Joint meetings: add, list, rotating chair, attendance",
    ),
    "h_meeting_add": (
        "登记一次联席会议：轮值主席、出席单位（--present）或缺席单位（--absent）、议题、决定事项",
        "Record a joint meeting: chair, units present (--present) or absent (--absent), topics, decisions",
    ),
    "h_meeting_list": ("列出联席会议", "List joint meetings"),
    "h_meeting_next_chair": (
        "下一任轮值主席：最久未担任的结对单位（从未担任的优先，再按结对日期）",
        "The next chair: the paired unit that chaired least recently (never first, then by pairing date)",
    ),
    "h_meeting_attendance": (
        "各单位某年度联席会议出席情况（考评用）",
        "Meeting attendance per unit in a year (for the assessment)",
    ),
    "o_pj_on": ("日期（默认今天）", "Date (default today)"),
    "o_pj_category": (
        "类别：场地、资金、医疗健康、教育培训、法律服务、文体、环境整治、便民服务、就业、其他",
        "Category: venue, funds, health, education, legal, culture, environment, convenience, employment, other",
    ),
    "o_need_text": ("需求内容", "What is needed"),
    "o_need_source": ("需求来源，如 居民代表议事、网格走访", "Where the need came from, e.g. 居民代表议事"),
    "o_need_raised": ("提出日期（默认今天）", "Date raised (default today)"),
    "o_need_status": ("状态：待解决、已解决", "Status: open or met"),
    "o_resource_text": ("资源内容", "What the unit offers"),
    "o_resource_capacity": ("规模或频次，如 每月1次、可容纳80人", "Capacity or frequency"),
    "o_resource_community": ("只列与该社区结对的单位的资源", "Only units paired with this community"),
    "o_project_title": ("项目名称", "Project title"),
    "o_project_need": (
        "对应需求：编号或内容片段（同一社区）",
        "The need it answers: id or a fragment (same community)",
    ),
    "o_project_budget": ("预算金额，如 50000、5万元", "Budget, e.g. 50000 or 5万元"),
    "o_project_listed": ("发布日期（默认今天）", "Listing date (default today)"),
    "o_project_deadline": (
        "认领截止日期（默认发布后30天）",
        "Claim deadline (default 30 days after listing)",
    ),
    "o_project_due": ("完成时限", "Due date"),
    "o_project_ref": ("项目：编号、名称或名称片段", "Project: id, title or a fragment of it"),
    "o_claim_units": ("认领单位（可列多个，联合认领）", "Claiming unit(s); several co-claim"),
    "o_claim_bid": ("竞拍出价，如 2万元（只能配一个单位）", "Auction bid, e.g. 2万元 (one unit only)"),
    "o_task_title": ("任务内容", "Task"),
    "o_task_owner": ("责任人", "Person responsible"),
    "o_task_unit": ("责任单位（须为认领单位）", "Responsible unit (must be a claimant)"),
    "o_task_due": ("任务时限", "Task due date"),
    "o_task_ref": ("任务：编号或名称片段", "Task: id or a fragment of its title"),
    "o_rate_satisfied": ("满意票数", "Votes: satisfied"),
    "o_rate_basic": ("基本满意票数", "Votes: basically satisfied"),
    "o_rate_unsatisfied": ("不满意票数", "Votes: unsatisfied"),
    "o_cancel_reason": ("取消原因", "Why it is cancelled"),
    "o_project_status": ("状态：待认领、已认领、已完成、已取消", "Status: listed, claimed, done, cancelled"),
    "o_project_year": ("发布年度", "Year listed"),
    "o_project_unit": ("只列该单位认领的项目", "Only projects this unit claimed"),
    "o_project_hall": (
        "只列领办大厅中的项目（认领截止已过、无人认领）",
        "Only the open hall (deadline passed, unclaimed)",
    ),
    "o_project_list_on": (
        "按哪一天判断领办大厅（默认今天）",
        "The day the open hall is judged on (default today)",
    ),
    "o_meeting_date": ("会议日期", "Meeting date"),
    "o_meeting_chair": ("轮值主席单位（须为结对单位）", "Chairing unit (a paired unit)"),
    "o_meeting_present": (
        "出席单位（可重复，或用“、”分隔；全部出席写“全部”）；其余结对单位记为缺席",
        "Unit present (repeatable; `all` when every paired unit came); other paired units are absent",
    ),
    "o_meeting_absent": (
        "缺席单位（可重复）；其余结对单位记为出席",
        "Unit absent (repeatable); other paired units are present",
    ),
    "o_meeting_topics": ("议题", "Topics"),
    "o_meeting_decisions": ("决定事项", "Decisions"),
    "o_meeting_year": ("年度", "Year"),
    "o_meeting_unit": ("只列该单位应出席的会议", "Only meetings this unit was expected at"),
    "o_next_chair_on": (
        "按哪一天的结对关系和会议记录（默认今天）",
        "Judge pairings and meetings as of this day (default today)",
    ),
    "o_next_chair_all": ("列出完整的轮值顺序", "Show the whole rotation"),
    "label_pj_task": ("任务", "Task"),
    "label_pj_item_kind": ("事项", "Item"),
    "label_pj_paired_units": ("结对单位（资源）", "Paired units (resources)"),
    "label_pj_other_units": ("其他有同类资源的单位", "Other units with such resources"),
    "title_pj_hall": (
        "领办大厅：认领截止已过、尚无单位认领，任何单位均可认领",
        "Open hall: past the claim deadline, unclaimed; any unit may claim",
    ),
    "title_pj_claims": ("认领单位", "Claims"),
    "title_pj_tasks": ("任务书", "Task sheet"),
    "title_pj_match": ("群众出题、共建单位解题", "Needs meet resources"),
    "title_pj_rotation": ("{community}轮值主席顺序", "Chair rotation of {community}"),
    "title_pj_attendance": ("{year}年联席会议出席情况", "Joint meeting attendance in {year}"),
    # --- results ---
    "pj_need_added": (
        "已登记需求 #{id}：{community} — {text}（{category}）",
        "Recorded need #{id}: {community} — {text} ({category})",
    ),
    "pj_resource_added": (
        "已登记资源 #{id}：{unit} — {text}（{category}）",
        "Recorded resource #{id}: {unit} — {text} ({category})",
    ),
    "pj_project_added": (
        "已发布项目 #{id}：{community} — {title}，预算 {budget} 元；{deadline} 前仅限结对单位认领，逾期无人认领进入领办大厅",
        "Listed project #{id}: {community} — {title}, budget {budget} yuan; paired units only until {deadline}, "
        "then the open hall if unclaimed",
    ),
    "pj_how_claim": ("认领", "claim"),
    "pj_how_bid": ("竞拍出价 {amount} 元", "bid of {amount} yuan"),
    "pj_how_hall": ("领办大厅{how}", "open-hall {how}"),
    "pj_claimed": (
        "{unit} 已认领项目 #{id}“{title}”（{how}，{day}）",
        "{unit} claimed project #{id} “{title}” ({how}, {day})",
    ),
    "pj_task_added": (
        "已为项目 #{id}“{title}”添加任务 #{task_id}：{task}",
        "Added task #{task_id} to project #{id} “{title}”: {task}",
    ),
    "pj_task_done_more": (
        "任务 #{task_id}“{task}”已完成（{day}）；该项目还有 {left} 项任务未完成",
        "Task #{task_id} “{task}” done ({day}); {left} task(s) of the project still open",
    ),
    "pj_task_done_all": (
        "任务 #{task_id}“{task}”已完成（{day}）；任务已全部完成，可运行 gongjian project done {id} 办结项目",
        "Task #{task_id} “{task}” done ({day}); every task is done — run gongjian project done {id}",
    ),
    "pj_project_done": ("项目 #{id}“{title}”已办结（{day}）", "Project #{id} “{title}” is done ({day})"),
    "pj_need_met": ("对应需求“{need}”已标记为已解决", "Its need “{need}” is marked met"),
    "pj_rated": (
        "已记录项目 #{id}“{title}”的居民代表评议：满意 {s}、基本满意 {b}、不满意 {u}，满意率 {rate}",
        "Recorded the residents' rating of project #{id} “{title}”: satisfied {s}, basically {b}, "
        "unsatisfied {u}; satisfaction {rate}",
    ),
    "pj_project_cancelled": ("项目 #{id}“{title}”已取消", "Project #{id} “{title}” is cancelled"),
    "pj_no_tasks": (
        "尚无任务；用 gongjian project task add 添加",
        "No tasks yet; add them with gongjian project task add",
    ),
    "pj_kind_need": ("需求", "Need"),
    "pj_kind_project": ("项目", "Project"),
    "pj_hall_mark_short": ("（大厅）", " (hall)"),
    "pj_and_more": ("等{n}个", " and {n} more"),
    "pj_bid_mark": ("竞拍 {amount} 元", "bid {amount} yuan"),
    "pj_hall_mark": ("领办大厅", "open hall"),
    "pj_claim_marks": ("（{marks}）", " ({marks})"),
    "pj_mark_separator": ("，", ", "),
    "pj_meeting_added": (
        "已登记联席会议 #{id}：{community} {date}，轮值主席 {chair}，出席 {attended}/{invited} 个单位",
        "Recorded joint meeting #{id}: {community} {date}, chair {chair}, {attended}/{invited} units present",
    ),
    "pj_meeting_absent": ("缺席：{units}", "Absent: {units}"),
    "pj_no_chair": ("未指定", "none"),
    "pj_next_chair": (
        "{community}下一任轮值主席：{unit}（{why}）",
        "Next chair of {community}: {unit} ({why})",
    ),
    "pj_chair_never": ("从未担任轮值主席", "has never chaired"),
    "pj_chair_last": ("上次担任：{date}，共担任 {n} 次", "last chaired {date}, {n} time(s) in all"),
    # --- refusals ---
    "pj_what_need": ("需求", "need"),
    "pj_what_project": ("项目", "project"),
    "pj_what_task": ("任务", "task"),
    "pj_what_meeting": ("联席会议", "meeting"),
    "pj_need_exists": (
        "{community}已登记过这条需求（#{id}）：{text}",
        "{community} already has this need (#{id}): {text}",
    ),
    "pj_resource_exists": (
        "{unit}已登记过这项资源（#{id}）：{text}",
        "{unit} already offers this resource (#{id}): {text}",
    ),
    "pj_project_exists": (
        "{community}已有项目“{title}”（#{id}）",
        "{community} already has a project “{title}” (#{id})",
    ),
    "pj_project_add_no_claimants": (
        "发布项目时不能同时登记认领单位；请用 gongjian project claim",
        "Claimants are recorded with gongjian project claim, not when listing",
    ),
    "pj_deadline_before_listed": (
        "认领截止日期 {deadline} 早于发布日期 {listed_on}",
        "Claim deadline {deadline} is before the listing date {listed_on}",
    ),
    "pj_due_before_listed": (
        "完成时限 {due} 早于发布日期 {listed_on}",
        "Due date {due} is before the listing date {listed_on}",
    ),
    "pj_claim_needs_unit": ("请指定认领单位", "Name the claiming unit"),
    "pj_bid_one_unit": (
        "竞拍出价要逐个单位登记：使用 --bid 时只能指定一个单位",
        "Bids are recorded one unit at a time: --bid takes a single unit",
    ),
    "pj_project_not_open": (
        "项目“{title}”{status}，不能再认领",
        "Project “{title}” is {status}; it cannot be claimed",
    ),
    "pj_claim_before_listed": (
        "认领日期 {day} 早于项目“{title}”的发布日期 {listed_on}",
        "Claim date {day} is before project “{title}” was listed ({listed_on})",
    ),
    "pj_already_claimed": (
        "{unit} 已于 {claimed_on} 认领项目“{title}”",
        "{unit} already claimed “{title}” on {claimed_on}",
    ),
    "pj_claim_paired_only": (
        "认领截止日 {deadline} 前，项目“{title}”只能由{community}的结对单位认领，{unit} 未与该社区结对；"
        "截止后仍无人认领的，项目进入领办大厅，任何单位均可认领",
        "Until {deadline} only units paired with {community} may claim “{title}”, and {unit} is not paired "
        "with it; if still unclaimed after that, the project enters the open hall where any unit may claim",
    ),
    "pj_claim_window_closed": (
        "项目“{title}”已在认领截止日 {deadline} 前由 {claimants} 认领，认领期已过，不能再加入",
        "“{title}” was claimed by {claimants} before its deadline {deadline}; the claim period is over",
    ),
    "pj_project_tasks_frozen": (
        "项目“{title}”{status}，任务书不能再修改",
        "Project “{title}” is {status}; its tasks are closed",
    ),
    "pj_task_unit_not_claimant": (
        "{unit} 没有认领项目“{title}”，不能作为任务的责任单位",
        "{unit} has not claimed “{title}” and cannot be responsible for its tasks",
    ),
    "pj_task_exists": ("项目“{title}”已有任务“{task}”", "“{title}” already has the task “{task}”"),
    "pj_task_already_done": ("任务“{task}”已于 {done_on} 完成", "Task “{task}” was done on {done_on}"),
    "pj_task_done_before_listed": (
        "完成日期 {day} 早于项目发布日期 {listed_on}",
        "Date {day} is before the project was listed ({listed_on})",
    ),
    "pj_project_already_done": (
        "项目“{title}”已于 {done_on} 办结",
        "Project “{title}” was done on {done_on}",
    ),
    "pj_project_is_cancelled": ("项目“{title}”已取消", "Project “{title}” is cancelled"),
    "pj_project_not_claimed": (
        "项目“{title}”还没有单位认领，不能办结；请先用 gongjian project claim 登记认领单位",
        "No unit has claimed “{title}” yet, so it cannot be done; record a claim with gongjian project claim",
    ),
    "pj_project_tasks_open": (
        "项目“{title}”还有 {n} 项任务未完成：{tasks}；请先用 gongjian project task done 逐项完成",
        "“{title}” has {n} open task(s): {tasks}; complete them with gongjian project task done first",
    ),
    "pj_done_before_claim": (
        "办结日期 {day} 早于认领日期 {claimed_on}",
        "Completion date {day} is before the claim ({claimed_on})",
    ),
    "pj_rate_empty": (
        "请至少填写一类评议票数（--satisfied、--basic、--unsatisfied）",
        "Give at least one count of votes",
    ),
    "pj_rate_not_done": (
        "项目“{title}”{status}，办结后才能由居民代表评议",
        "“{title}” is {status}; residents rate a project once it is done",
    ),
    "pj_rated_before_done": (
        "评议日期 {day} 早于办结日期 {done_on}",
        "Rating date {day} is before completion ({done_on})",
    ),
    "pj_number_unknown": (
        "台账中没有台账编号为 {number} 的{what}（新增的记录请把台账编号留空）",
        "The ledger has no {what} with ledger number {number} (leave it empty for a new record)",
    ),
    "pj_number_mismatch": (
        "台账编号 {number} 是{community}的项目“{title}”，与本行的社区或项目名称不符",
        "Ledger number {number} is “{title}” of {community}, not this row's community or title",
    ),
    "pj_meeting_number_mismatch": (
        "台账编号 {number} 是{community} {date} 的联席会议，与本行的社区或日期不符",
        "Ledger number {number} is the meeting of {community} on {date}, not this row's community or date",
    ),
    "pj_status_move": (
        "项目“{title}”不能从“{current}”改为“{wanted}”（流程：待认领→已认领→已完成，未完成的可取消）",
        "Project “{title}” cannot go from {current} to {wanted} (listed → claimed → done; not done may be cancelled)",
    ),
    "pj_status_needs_claim": (
        "项目“{title}”要改为已认领，须在“认领单位”列写明认领单位",
        "To mark “{title}” claimed, name the claiming unit in the claimants column",
    ),
    "pj_done_on_not_done": (
        "项目“{title}”的状态是“{status}”，办结日期只能填在已完成的项目上",
        "Project “{title}” is {status}; only a done project has a completion date",
    ),
    "pj_meeting_exists": (
        "{community}在 {date} 已登记过一次联席会议（#{id}）",
        "{community} already has a meeting on {date} (#{id})",
    ),
    "pj_meeting_present_and_absent": (
        "--present（出席单位）与 --absent（缺席单位）只能选一种方式登记",
        "Give either --present or --absent, not both",
    ),
    "pj_meeting_attendance_needed": (
        "请登记出席情况：用 --present 列出出席单位（全部出席写 --present 全部），或用 --absent 列出缺席单位",
        "Record attendance: list the units present with --present (--present all when everyone came), "
        "or the absent ones with --absent",
    ),
    "pj_no_paired_units": ("{community}在 {date} 没有结对单位", "{community} had no paired units on {date}"),
    "pj_chair_not_paired": (
        "{unit} 在 {date} 未与{community}结对，不能担任轮值主席",
        "{unit} was not paired with {community} on {date} and cannot chair",
    ),
    "pj_absent_not_paired": (
        "{unit} 在 {date} 未与{community}结对，不必登记缺席",
        "{unit} was not paired with {community} on {date}; it cannot be absent",
    ),
    "pj_chair_absent": (
        "{unit} 是轮值主席，不能同时登记为缺席",
        "{unit} chairs the meeting and cannot be absent",
    ),
}
