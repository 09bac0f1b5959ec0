"""Catalog entries of the summary part (`gongjian summary`, the cron digest): key -> (中文, English)."""

LABELS: dict[str, tuple[str, str]] = {}

MESSAGES: dict[str, tuple[str, str]] = {
    # --- help ---
    "h_summary": (
        "打印一段时间的共建摘要（适合 cron 定时发送）：新开展的活动和参加人次、收到的资金物资、"
        "新发现和已销号的问题、逾期问题、30天内到期的协议、90天无活动的单位、服务未达标的在职党员、"
        "逾期或待领办的项目。输出为纯文本（无颜色）、Markdown 或 JSON（结构见 docs/summary.schema.json）。"
        "以只读方式打开台账，不写入任何内容。",
        "Print a digest of a period, made for cron: new activities and participant-times, funds and in-kind "
        "support received, problems reported and closed, overdue problems, agreements expiring within 30 "
        "days, units with no activity in 90 days, members under their service target, projects past due or "
        "waiting in the open hall. Plain text (never coloured), Markdown or JSON (schema in "
        "docs/summary.schema.json). Opens the ledger read-only and writes nothing.",
    ),
    "o_summary_since": (
        "起始日期：7d、30d、2w、月份如 2026-10、年份或具体日期",
        "Start of the period: 7d, 30d, 2w, a month like 2026-10, a year or a date",
    ),
    "o_summary_until": (
        "截止日期（含当天；月份取其最后一天；默认今天）",
        "End of the period, inclusive (a month means its last day; default today)",
    ),
    "o_summary_community": (
        "只看一个社区（代码、名称或名称片段）",
        "One community only (code, name or a fragment of the name)",
    ),
    "o_summary_format": (
        "输出格式：text（纯文本，默认）、markdown 或 json",
        "Output format: text (plain, the default), markdown or json",
    ),
    "o_summary_check": (
        "没有需要关注的事项时什么也不打印、退出码 0；否则打印摘要、退出码 3。需要关注的事项指：逾期问题、"
        "30天内到期且未续签的协议、90天无活动的结对单位、本年服务未达标的在职党员、逾期未完成的项目、"
        "过了认领截止日仍无人认领的项目",
        "Print nothing and exit 0 when nothing needs attention; otherwise print the digest and exit 3. "
        "Needing attention means: overdue problems, agreements expiring within 30 days and not renewed, "
        "paired units with no activity in 90 days, members under this year's service target, projects past "
        "due, listed projects unclaimed past their claim deadline",
    ),
    "o_summary_limit": (
        "每个清单最多列出的条数（0 表示全部；各项总数始终完整）",
        "At most this many items per list (0 for all; totals are always complete)",
    ),
    "o_summary_post": (
        "把摘要发到群机器人的 webhook 地址（也可用环境变量 GONGJIAN_POST_URL，免得地址写进 crontab）",
        "Post the digest to a group robot's webhook URL (or set GONGJIAN_POST_URL, to keep it out of crontab)",
    ),
    "o_summary_post_kind": (
        "群机器人的平台：wecom（企业微信）、dingtalk（钉钉）、feishu（飞书）；官方地址可省略。"
        "地址在 GONGJIAN_POST_URL 里时，写 --post-kind 即发送（不写 --post 也不写它则只打印摘要）",
        "The robot's platform: wecom (WeCom), dingtalk (DingTalk), feishu (Feishu/Lark); implied by their "
        "own webhook hosts. With the URL in GONGJIAN_POST_URL, --post-kind alone posts (with neither it nor "
        "--post the digest is printed)",
    ),
    "o_summary_post_secret": (
        "钉钉“加签”或飞书“签名校验”的密钥（也可用环境变量 GONGJIAN_POST_SECRET）",
        "The signing secret of a DingTalk or Feishu robot (or set GONGJIAN_POST_SECRET)",
    ),
    "chat_wecom": ("企业微信", "WeCom"),
    "chat_dingtalk": ("钉钉", "DingTalk"),
    "chat_feishu": ("飞书", "Feishu"),
    "chat_trimmed": (
        "（摘要超出{platform}消息长度上限，已缩减：{sections}。完整内容请运行 gongjian summary 查看）",
        "(The digest is longer than a {platform} message may be; shortened: {sections}. Run gongjian summary "
        "for all of it.)",
    ),
    "post_done": (
        "摘要已发到{platform}群（{host}，{bytes} 字节）",
        "Digest posted to the {platform} group ({host}, {bytes} bytes)",
    ),
    "post_done_trimmed": (
        "摘要已发到{platform}群（{host}，{bytes} 字节；因长度上限缩减了：{sections}）",
        "Digest posted to the {platform} group ({host}, {bytes} bytes; shortened to fit: {sections})",
    ),
    "post_no_url": (
        "没有群机器人地址：请用 --post URL 或环境变量 {env} 给出",
        "No robot URL: give --post URL or set {env}",
    ),
    "post_bad_url": (
        "群机器人地址须以 https:// 或 http:// 开头",
        "A robot URL starts with https:// or http://",
    ),
    "post_no_kind": (
        "看不出 {host} 是哪个平台的群机器人：请加 --post-kind wecom|dingtalk|feishu",
        "Cannot tell which platform {host} is: add --post-kind wecom|dingtalk|feishu",
    ),
    "post_bad_kind": (
        "不支持的平台“{kind}”（可选：{choices}）",
        "Unknown platform “{kind}” (choices: {choices})",
    ),
    "post_http": ("HTTP {status}", "HTTP {status}"),
    "post_timeout": ("{seconds} 秒内无响应", "no answer within {seconds} s"),
    "post_unreachable": ("连接不上 {host}：{reason}", "cannot reach {host}: {reason}"),
    "post_not_json": ("回复不是平台的 JSON", "the reply is not the platform's JSON"),
    "post_errcode": ("平台返回错误 {code}：{message}", "the platform answered error {code}: {message}"),
    "post_failed": (
        "摘要未能发到{platform}群（试了 {attempts} 次）：{reason}",
        "The digest could not be posted to the {platform} group ({attempts} attempts): {reason}",
    ),
    # --- errors ---
    "summary_since_after_until": (
        "起始日期 {since} 晚于截止日期 {until}",
        "The start {since} is after the end {until}",
    ),
    "summary_bad_today": (
        "环境变量 {env} 的日期无效：{value}（应为 YYYY-MM-DD）",
        "Invalid date in {env}: {value} (expected YYYY-MM-DD)",
    ),
    # --- the digest ---
    "sum_title": (
        "共建台账摘要：{since} 至 {until} · {scope}",
        "Co-building digest: {since} to {until} · {scope}",
    ),
    "sum_scope_all": ("全部社区", "all communities"),
    "sum_asof": ("统计日期：{today}", "As of {today}"),
    "sum_asof_ledger": ("统计日期：{today}　台账：{name}", "As of {today}, ledger: {name}"),
    "sum_attention": ("需要关注：{items}", "Needs attention — {items}"),
    "sum_attention_none": ("需要关注：无", "Needs attention — nothing"),
    "sum_att_overdue_problems": ("逾期问题 {n} 个", "overdue problems: {n}"),
    "sum_att_expiring_agreements": ("30 天内到期协议 {n} 份", "agreements expiring within 30 days: {n}"),
    "sum_att_inactive_units": ("90 天无活动单位 {n} 个", "units inactive for 90 days: {n}"),
    "sum_att_members_under_target": ("服务未达标党员 {n} 名", "members under target: {n}"),
    "sum_att_projects_past_due": ("逾期项目 {n} 个", "projects past due: {n}"),
    "sum_att_projects_in_hall": ("领办大厅待认领项目 {n} 个", "projects waiting in the open hall: {n}"),
    "sum_heading": ("【{title}】", "[{title}]"),
    "sum_h_activities": ("活动", "Activities"),
    "sum_h_funds": ("资金物资", "Funds and in-kind support"),
    "sum_h_problems": ("问题台账", "Problems"),
    "sum_h_agreements": ("{days} 天内到期的协议", "Agreements expiring within {days} days"),
    "sum_h_inactive": ("{days} 天无活动的单位", "Units with no activity in {days} days"),
    "sum_h_members": ("服务未达标的在职党员", "Members under target"),
    "sum_h_projects": ("逾期或待领办的项目", "Projects past due or waiting in the open hall"),
    "sum_sep": ("；", "; "),
    "sum_list_sep": ("、", ", "),
    "sum_paren": ("（{text}）", " ({text})"),
    "sum_more": (
        "……另有 {n} 项未列出（加 --limit 0 显示全部）",
        "… {n} more not shown (add --limit 0 to show all)",
    ),
    "sum_act_line": (
        "新开展活动 {n} 场，参加 {times} 人次，志愿者 {volunteers} 人次。",
        "New activities: {n}; participant-times: {times}; volunteers: {volunteers}.",
    ),
    "sum_act_none": ("本期没有新开展的活动。", "No new activities in the period."),
    "sum_organised_by": ("组织：{names}", "organised by {names}"),
    "sum_times": ("{n} 人次", "participant-times: {n}"),
    "sum_funds_line": (
        "收到 {n} 笔：资金 {cash} 元，物资折合 {in_kind} 元，合计 {total} 元。",
        "Received: {n}; cash {cash} yuan, in kind {in_kind} yuan, together {total} yuan.",
    ),
    "sum_funds_none": ("本期没有收到资金或物资。", "No funds or in-kind support received in the period."),
    "sum_yuan": ("{amount} 元", "{amount} yuan"),
    "sum_problems_line": (
        "新发现问题 {opened} 个，销号 {closed} 个；目前未办结 {unfinished} 个，其中逾期 {overdue} 个。",
        "Reported: {opened}; closed: {closed}; unfinished now: {unfinished}, of which overdue: {overdue}.",
    ),
    "sum_assignee": ("责任单位：{unit}", "assignee: {unit}"),
    "sum_unassigned": ("未分派责任单位", "no assignee"),
    "sum_deadline": ("期限 {date}", "deadline {date}"),
    "sum_days_overdue": ("逾期 {days} 天", "days overdue: {days}"),
    "sum_agreements_line": ("共 {n} 份，请及时续签：", "To renew in time: {n}"),
    "sum_agreements_none": ("没有 {days} 天内到期的协议。", "No agreement expires within {days} days."),
    "sum_valid_until": ("{date} 到期，还剩 {days} 天", "valid until {date}, days left: {days}"),
    "sum_inactive_line": (
        "共 {n} 个结对单位近 {days} 天没有组织或参加活动：",
        "Paired units that organised or joined no activity in the last {days} days: {n}",
    ),
    "sum_inactive_none": (
        "所有结对单位近 {days} 天都有活动。",
        "Every paired unit had an activity in the last {days} days.",
    ),
    "sum_last_activity": ("最近活动 {date}，已 {days} 天", "last activity {date}, days since: {days}"),
    "sum_no_activity": ("没有活动记录", "no activity on record"),
    "sum_members_line": (
        "{year} 年每名在职党员至少服务 {target} 次，{n} 名未达标；本年还剩 {months} 个月（含本月）：",
        "Services owed in {year}: {target} per member. Under target: {n}; months left, this one included: "
        "{months}",
    ),
    "sum_members_nobody": (
        "还没有登记在册的在职党员（党员报到后用 gongjian member add 登记，或用 gongjian import members 导入）。",
        "No active in-service members are registered yet (gongjian member add, or gongjian import members).",
    ),
    "sum_inactive_nobody": (
        "还没有结对单位（用 gongjian pair add 结对，或用 gongjian import pairings 导入）。",
        "No units are paired yet (gongjian pair add, or gongjian import pairings).",
    ),
    "sum_members_none": (
        "在册党员均已达到 {year} 年服务目标（每人 {target} 次）。",
        "Every active member has met the {year} target ({target} services).",
    ),
    "sum_member_services": (
        "已服务 {services} 次，还差 {missing} 次",
        "services: {services}, missing: {missing}",
    ),
    "sum_member_count": ("未达标 {n} 名", "under target: {n}"),
    "sum_more_communities": ("……另有 {n} 个社区", "… and {n} more communities"),
    "sum_projects_none": ("没有逾期或待领办的项目。", "No project is past due or waiting in the open hall."),
    "sum_projects_past_due": ("逾期未完成 {n} 个：", "Past due: {n}"),
    "sum_projects_in_hall": ("领办大厅待认领 {n} 个：", "Waiting in the open hall: {n}"),
    "sum_claimants": ("承办：{names}", "claimed by {names}"),
    "sum_budget": ("预算 {amount} 元", "budget {amount} yuan"),
    "sum_claim_deadline": (
        "认领截止 {date}，已等待 {days} 天",
        "claim deadline {date}, days waiting: {days}",
    ),
}
