"""Catalog entries of the tickets part (问题台账): key -> (中文, English)."""

LABELS: dict[str, tuple[str, str]] = {
    "grid": ("网格", "Grid"),
    "location": ("位置", "Location"),
    "source": ("来源", "Source"),
    "reported_on": ("发现日期", "Reported"),
    "assignee": ("责任单位", "Assignee"),
    "deadline": ("整改期限", "Deadline"),
    "resolution": ("整改情况", "Resolution"),
    "verifier": ("验收人", "Verifier"),
    "closed_on": ("销号日期", "Closed on"),
    "reason": ("原因", "Reason"),
    "overdue": ("逾期", "Overdue"),
    "on_date": ("日期", "Date"),
    "days_overdue": ("逾期天数", "Days overdue"),
    "due_soon": ("即将到期", "Due soon"),
    "max_days_overdue": ("最长逾期天数", "Most days overdue"),
    "found": ("发现问题", "Found"),
    "closure_rate": ("销号率", "Closure rate"),
    "median_days_to_close": ("销号天数中位数", "Median days to close"),
    "tk_category": ("问题类别", "Category"),
    "tk_title": ("问题", "Problem"),
    "tk_description": ("问题描述", "Description"),
    "tk_closed": ("已销号", "Closed"),
    "tk_rejected": ("不予处理", "Rejected"),
    "tk_open": ("未办结", "Open"),
    "tk_at": ("记录时间", "Recorded"),
    "tk_move": ("处理", "Move"),
    "tk_detail": ("说明", "Detail"),
    "tk_due": ("期限情况", "Due"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    # --- help ---
    "h_ticket": (
        "问题台账：登记、分派、整治、销号，按网格管理，逾期提醒",
        "Problem ledger: open, assign, work, close out (销号), by grid, with overdue reminders",
    ),
    "h_ticket_open": (
        "登记一个新问题，按社区和发现年份自动编号（如 BC-2016-00042）",
        "Open a new problem, numbered per community and reported year (e.g. BC-2016-00042)",
    ),
    "h_ticket_assign": (
        "分派给责任单位并定整改期限（待分派 → 已分派；已分派的可改派）；不给编号而用筛选条件可批量分派，需 --yes",
        "Assign to a unit with a deadline (open → assigned; re-assigns an assigned one); "
        "with filters instead of a number, assigns in bulk (needs --yes)",
    ),
    "h_ticket_start": ("开始整治（已分派 → 整治中）", "Start work (assigned → in progress)"),
    "h_ticket_resolve": ("登记整改情况（整治中 → 已整改）", "Record what was done (in progress → resolved)"),
    "h_ticket_close": (
        "验收销号（已整改 → 已销号）；不给编号而用筛选条件可批量销号，需 --yes",
        "Verify and close out (resolved → closed); with filters instead of a number, closes in bulk (needs --yes)",
    ),
    "h_ticket_reject": (
        "不予处理，须写明原因（待分派/已分派/整治中 → 不予处理）",
        "Reject with a reason (open/assigned/in progress → rejected)",
    ),
    "h_ticket_reopen": (
        "重新整治，须写明原因（已整改/已销号 → 整治中）",
        "Reopen with a reason (resolved/closed → in progress)",
    ),
    "h_ticket_list": (
        "列出问题，可按社区、网格、类别、状态、责任单位、逾期、年度、发现日期筛选，表下列出各状态数量",
        "List problems by community, grid, category, status, unit, overdue, year or reported date, "
        "with counts by status",
    ),
    "h_ticket_show": ("查看一个问题及其全部处理记录", "Show a problem and its full history"),
    "h_ticket_overdue": (
        "逾期和即将到期的问题，按责任单位分组",
        "Overdue problems and those due soon, grouped by assignee",
    ),
    "o_tk_ref": (
        "问题编号，如 BC-2016-00042（序号前导零可省略），或编号片段",
        "Problem number, e.g. BC-2016-00042 (leading zeros optional), or a fragment of it",
    ),
    "o_tk_bulk_ref": (
        "问题编号；不给则按筛选条件批量处理",
        "Problem number; leave out to act on every problem the filters select",
    ),
    "o_tk_community": ("社区：代码、名称或名称片段", "Community: code, name or a fragment of the name"),
    "o_tk_title": ("问题，如“路灯损坏”", "The problem, e.g. 路灯损坏"),
    "o_tk_grid": ("网格名称（首次使用时自动加入该社区）", "Grid name (added to the community on first use)"),
    "o_tk_category": (
        "问题类别：基础设施、环境卫生、交通出行、治安、公共服务、其他",
        "Category: infrastructure, sanitation, traffic, security, public_service, other (or Chinese labels)",
    ),
    "o_tk_description": ("问题描述", "Description"),
    "o_tk_location": ("位置，如“建设路12号”", "Location, e.g. 建设路12号"),
    "o_tk_source": (
        "问题来源：排查（默认）、居民反映、网格员上报、网上投诉、热线电话、议事会、督查、其他；"
        "考评细则承诺了天数的来源（如网上投诉3天）自动记下承诺期限",
        "Source: survey (default), resident, grid, complaint, hotline, meeting, inspection, other; a source "
        "the rules file promises days for (complaint: 3) gets its promised-by day",
    ),
    "o_tk_reported": ("发现日期（默认今天）", "Date found (default today)"),
    "o_tk_unit": (
        "责任单位：名称、信用代码或名称片段",
        "Assigned unit: name, credit code or a fragment of the name",
    ),
    "o_tk_deadline": (
        "整改期限：日期，或 +30d / 30天 表示分派日起30天",
        "Deadline: a date, or +30d for 30 days after the assignment",
    ),
    "o_tk_on": ("该步骤的日期（默认今天）", "Date of this step (default today)"),
    "o_tk_resolution": ("整改情况，如“已更换灯具3盏”", "What was done"),
    "o_tk_verifier": ("验收人姓名", "Who verified it"),
    "o_tk_reason": ("原因", "Reason"),
    "o_tk_note": ("备注", "Note"),
    "o_tk_yes": ("确认批量改动", "Confirm the bulk change"),
    "o_tk_days_left": (
        "同时列出多少天内到期的问题（默认7天）",
        "Also list problems due within this many days (default 7)",
    ),
    "o_tk_f_grid": ("网格名称或名称片段", "Grid name or a fragment of it"),
    "o_tk_f_category": ("问题类别（可重复）", "Category (repeatable)"),
    "o_tk_f_status": (
        "状态（可重复）：待分派、已分派、整治中、已整改、已销号、不予处理",
        "Status (repeatable): open, assigned, in_progress, resolved, closed, rejected",
    ),
    "o_tk_f_unit": ("责任单位", "Assigned unit"),
    "o_tk_f_assignee": (
        "现在的责任单位（与 --status 已分派 一起用于批量改派）",
        "Current assignee (with --status assigned, to re-assign in bulk)",
    ),
    "o_tk_f_overdue": ("只列逾期的问题", "Only overdue problems"),
    "o_tk_f_year": ("发现年度，如 2016", "Year found, e.g. 2016"),
    "o_tk_f_from": (
        "发现日期起（日期、月份如 2016-03 或年份）",
        "Found on or after (a date, month like 2016-03, or year)",
    ),
    "o_tk_f_to": ("发现日期止（日期、月份或年份）", "Found on or before (a date, month or year)"),
    # --- names ---
    "tk_what": ("问题", "problem"),
    "tk_move_assign": ("分派", "assign"),
    "tk_move_start": ("开始整治", "start"),
    "tk_move_resolve": ("登记整改", "resolve"),
    "tk_move_close": ("验收销号", "close"),
    "tk_move_reject": ("不予处理", "reject"),
    "tk_move_reopen": ("重新整治", "reopen"),
    "tk_move_verb": ("{move}（{verb}）", "{verb}"),
    "tk_move_none": ("无（已是终结状态）", "none (final status)"),
    "tk_total": ("合计", "Total"),
    "tk_unassigned": ("（未分派）", "(unassigned)"),
    # --- results ---
    "tk_opened": ("已登记问题 {number}：{title}", "Opened {number}: {title}"),
    "tk_assigned": (
        "{number} 已分派给 {unit}，整改期限 {deadline}",
        "{number} assigned to {unit}, due {deadline}",
    ),
    "tk_started": ("{number} 开始整治", "{number}: work started"),
    "tk_resolved": ("{number} 已整改，待验收销号", "{number} resolved, awaiting verification"),
    "tk_closed_msg": (
        "{number} 已销号（验收人：{verifier}，{date}）",
        "{number} closed (verified by {verifier}, {date})",
    ),
    "tk_rejected_msg": ("{number} 不予处理：{reason}", "{number} rejected: {reason}"),
    "tk_reopened": ("{number} 重新整治：{reason}", "{number} reopened: {reason}"),
    "tk_bulk_plan": ("将{move} {n} 个问题", "{n} problems will be changed ({move})"),
    "tk_bulk_skip": (
        "另有 {n} 个符合条件的问题当前状态不能{move}，不会改动",
        "{n} more matching problems cannot be changed ({move}) in their current status and are left as they are",
    ),
    "tk_bulk_assigned": (
        "已分派 {n} 个问题给 {unit}，整改期限 {deadline}",
        "Assigned {n} problems to {unit}, due {deadline}",
    ),
    "tk_closed_today": (
        "注意：没有用 --on 写销号日期，销号日期记为今天 {today}，计入 {this_year} 年度，不计入问题所属的 {year} 年度。"
        "若实际在 {year} 年已销号，请先 gongjian undo --yes，再写明日期重新销号，如："
        "gongjian ticket close {number} --verifier {verifier} --on {year}-12-31",
        "Note: without --on the 销号日期 is today, {today}, so it counts in {this_year}, not in the problem's "
        "year {year}. If it was closed in {year}, run gongjian undo --yes and close it again with its date, e.g. "
        "gongjian ticket close {number} --verifier {verifier} --on {year}-12-31",
    ),
    "tk_bulk_closed_today": (
        "其中 {n} 个是往年发现的问题：没有用 --on 写销号日期，销号日期记为今天 {today}，计入 {year} 年度；"
        "要记在实际销号的日期，请加 --on 日期",
        "{n} of them were found in earlier years: without --on the 销号日期 is today, {today}, so they count "
        "in {year}; give the real date with --on DATE",
    ),
    "tk_bulk_closed": (
        "已销号 {n} 个问题（验收人：{verifier}，{date}）",
        "Closed {n} problems (verified by {verifier}, {date})",
    ),
    "tk_counts": ("共 {n} 条：{parts}；其中逾期 {overdue} 条", "{n} rows: {parts}; {overdue} overdue"),
    "tk_history": ("处理记录", "History"),
    "tk_overdue_title": (
        "逾期及 {days} 天内到期的问题（{today}）",
        "Overdue and due within {days} days ({today})",
    ),
    "tk_overdue_by_unit": ("按责任单位", "By assignee"),
    "tk_overdue_none": (
        "没有逾期或 {days} 天内到期的问题",
        "No problems overdue or due within {days} days",
    ),
    "tk_overdue_footer": (
        "逾期 {overdue} 个，{days} 天内到期 {soon} 个，涉及 {units} 个责任单位",
        "{overdue} overdue, {soon} due within {days} days, {units} assignees",
    ),
    "tk_days_over": ("逾期 {n} 天", "{n} days overdue"),
    "tk_days_left": ("还剩 {n} 天", "{n} days left"),
    "tk_due_today": ("今天到期", "due today"),
    "tk_event_open": ("登记", "opened"),
    "tk_event_assigned": ("分派给 {unit}，期限 {note}", "assigned to {unit}, due {note}"),
    "tk_event_resolved": ("整改情况：{note}", "resolution: {note}"),
    "tk_event_closed": ("验收人：{note}", "verified by {note}"),
    "tk_event_reason": ("原因：{note}", "reason: {note}"),
    # --- refusals and errors ---
    "tk_move_refused": (
        "问题 {number} 当前状态为“{status}”，不能{move}；可执行：{allowed}",
        "Problem {number} is “{status}”: cannot {move}; allowed: {allowed}",
    ),
    "tk_text_required": ("{what}不能为空", "{what} is required"),
    "tk_reported_required": (
        "发现日期必填（问题按发现年份编号）",
        "The date found is required (problems are numbered by the year found)",
    ),
    "tk_title_missing": ("问题和问题描述至少要填一项", "Give the problem or its description"),
    "tk_date_future": ("{what} {date} 晚于今天（{today}）", "{what} {date} is after today ({today})"),
    "tk_date_before_reported": (
        "{what} {date} 早于问题的发现日期 {reported}",
        "{what} {date} is before the problem was found ({reported})",
    ),
    "tk_deadline_before": (
        "整改期限 {deadline} 早于分派日期 {on}",
        "Deadline {deadline} is before the assignment ({on})",
    ),
    "tk_state_needs": (
        "状态为“{status}”的问题还需要填写：{fields}",
        "A “{status}” problem also needs: {fields}",
    ),
    "tk_state_forbids": (
        "状态为“{status}”的问题不应填写：{fields}（请核对状态）",
        "A “{status}” problem cannot have: {fields} (check the status)",
    ),
    "tk_unit_unknown": (
        "找不到责任单位：{name}（请先登记或导入该单位）",
        "No unit named {name} (add or import the unit first)",
    ),
    "tk_number_bad": (
        "问题编号格式不对：{number}（应为“社区代码-年份-序号”，如 BC-2016-00042）",
        "Malformed problem number: {number} (expected CODE-YEAR-SEQ, e.g. BC-2016-00042)",
    ),
    "tk_number_mismatch": (
        "问题编号 {number} 与社区代码 {code}、发现年份 {year} 不符",
        "Problem number {number} does not match community code {code} and year found {year}",
    ),
    "tk_number_not_next": (
        "台账里没有问题 {number}，它也不是 {code} 社区 {year} 年的下一个编号（应为 {expected}）；新问题请把编号留空，由系统按顺序编号",
        "There is no problem {number}, and it is not the next number of {code} in {year} ({expected}); "
        "leave the number empty for new problems",
    ),
    "tk_number_community": (
        "问题 {number} 属于{community}，不能改到{other}（编号不变）",
        "Problem {number} belongs to {community}; it cannot move to {other} (numbers never change)",
    ),
    "tk_number_year": (
        "问题 {number} 的发现日期只能在 {year} 年内修改（编号不变）",
        "Problem {number} must keep a date found in {year} (numbers never change)",
    ),
    "tk_w_title_is_description": (
        "文件没有“问题”列：每个问题的名称取“问题描述”的全文，不截短",
        "The file has no 问题 (title) column: each problem is titled by its whole 问题描述 (description)",
    ),
    "tk_same_row": (
        "第 {row} 行与第 {first} 行内容完全相同，已按两个问题登记；如是重复录入请删去一行后重新导入",
        "Row {row} is identical to row {first}; both were kept as two problems (delete one if it is a repeat)",
    ),
    "tk_bulk_no_target": (
        "请给出问题编号，或用 --community、--status 等筛选条件选择要批量处理的问题",
        "Give a problem number, or filters such as --community or --status to select problems in bulk",
    ),
    "tk_bulk_number_and_filters": (
        "给了问题编号就不能再用筛选条件；批量处理请去掉编号",
        "Give either a problem number or filters, not both",
    ),
    "tk_bulk_none": ("没有符合条件、可以{move}的问题", "No matching problem can be changed ({move})"),
    "tk_bulk_before_last": (
        "有 {n} 个问题的发现日期或上一步处理日期晚于 {on}（如 {number}：{last}），台账未改动",
        "{n} problems were found or last moved after {on} (e.g. {number}: {last}); nothing changed",
    ),
    "tk_date_before_last": (
        "日期 {date} 早于该问题上一步处理的日期 {last}",
        "Date {date} is before the problem's previous step ({last})",
    ),
    "tk_figures_by": (
        "不支持的分组：{by}（可选 {choices}）",
        "Unsupported grouping: {by} (choose from {choices})",
    ),
}
