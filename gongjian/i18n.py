"""The one message catalog: every string a person reads, in Simplified Chinese and English.

Keys are stable English identifiers; `t(key, **params)` formats the entry in the current language.
Column labels live here too (`label`), so tables and workbooks share one vocabulary. The core and roster
entries are below; each other part of the product keeps its entries in `gongjian/locale/<part>.py`
(`MESSAGES` and `LABELS` dicts), merged into the same two dicts when this module is imported.
"""

from __future__ import annotations

import importlib
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
    if entry is None and key.startswith("label_"):
        entry = LABELS.get(key[6:])
    text = key if entry is None else entry[0] if _state["lang"] == "zh" else entry[1]
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
}

# Messages: key -> (中文, English).  Placeholders use str.format names.
CATALOG: dict[str, tuple[str, str]] = {
    # --- core ---
    "validation_failed": ("输入有误：{details}", "Invalid input: {details}"),
    "required": ("必填", "required"),
    "too_long": (
        "太长（{length} 个字），最多 {limit} 个字",
        "too long ({length} characters), at most {limit}",
    ),
    "too_long_item": (
        "其中一项太长（{length} 个字），每项最多 {limit} 个字",
        "an item is too long ({length} characters), at most {limit} each",
    ),
    "too_many_items": ("项数太多（{n} 项），最多 {limit} 项", "too many items ({n}), at most {limit}"),
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
    "ledger_is_folder": (
        "{path} 是一个文件夹，不是台账文件；请写出台账的文件名，如 --db {example}",
        "{path} is a folder, not a ledger file; name the ledger file, e.g. --db {example}",
    ),
    "ledger_cannot_open": (
        "打不开台账文件 {path}：所在文件夹不存在，或没有读写权限",
        "Cannot open the ledger file {path}: its folder does not exist or is not writable",
    ),
    "ledger_folder_missing": (
        "文件夹 {folder} 不存在，台账没有建立；要新建这个文件夹并把台账建在其中，请加 --parents：{command}",
        "The folder {folder} does not exist; nothing was created. To create it with the ledger inside, "
        "add --parents: {command}",
    ),
    "ledger_created_folder": ("已新建文件夹：{folder}", "Created folder {folder}"),
    "o_init_parents": (
        "台账所在的文件夹不存在时一并新建（--db 或 GONGJIAN_DB 指定的位置）",
        "Create the ledger's folder when it does not exist (the place --db or GONGJIAN_DB names)",
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
    "db_locked": (
        "台账正被其他程序占用，请稍后再试",
        "The ledger is busy in another process; try again shortly",
    ),
    "fold_item": ("{label}：{value}", "{label}: {value}"),
    # --- the frame of help pages and usage errors (gongjian/cli/usage.py)
    "help_usage": ("用法：", "Usage: "),
    "help_heading": ("{heading}：", "{heading}:"),
    "help_arguments": ("参数", "Arguments"),
    "help_options": ("选项", "Options"),
    "help_commands": ("命令", "Commands"),
    "help_required": ("必填", "required"),
    "help_default": ("默认：{default}", "default: {default}"),
    "help_envvar": ("环境变量：{var}", "env var: {var}"),
    "help_dynamic": ("（随情况而定）", "(dynamic)"),
    "help_help": ("显示本帮助并退出", "Show this message and exit."),
    "help_options_metavar": ("[选项]", "[OPTIONS]"),
    "help_command_metavar": ("命令 [参数]...", "COMMAND [ARGS]..."),
    "aborted": ("已取消，台账未改动", "Aborted; the ledger is unchanged"),
    "confirm_prompt": ("确认？[y/N] ", "Go ahead? [y/N] "),
    "confirm_need_yes": ("未执行：加 --yes 确认", "Not done: add --yes to confirm"),
    "confirm_declined": ("未执行，台账未改动", "Not done; the ledger is unchanged"),
    "usage_error": ("错误：{message}", "Error: {message}"),
    "usage_try_help": ("查看帮助：{command}", "Try '{command}' for help."),
    "usage_missing_command": ("缺少命令", "Missing command."),
    "usage_no_command": (
        "没有“{name}”这个命令（可用的有：{commands}）",
        "No such command '{name}' (the commands are: {commands}).",
    ),
    "usage_no_command_suggest": (
        "没有“{name}”这个命令，是不是要用 {suggestions}？",
        "No such command '{name}'. Did you mean {suggestions}?",
    ),
    "usage_missing_argument": ("缺少参数 {name}{what}", "Missing argument '{name}'{what}."),
    "usage_missing_option": ("缺少选项 {name}{what}", "Missing option '{name}'{what}."),
    "usage_missing_parameter": ("缺少参数 {name}{what}", "Missing parameter '{name}'{what}."),
    "usage_what": ("（{what}）", " ({what})"),
    "usage_no_option": ("没有这个选项：{option}", "No such option: {option}"),
    "usage_possible_options": ("（是不是要用 {options}？）", " (Possible options: {options})"),
    "usage_option_needs_value": ("选项 {option} 后面要写一个值", "Option '{option}' requires an argument."),
    "usage_option_takes_no_value": ("选项 {option} 后面不能带值", "Option '{option}' does not take a value."),
    "usage_bad_value": ("{name} 的值不对：{detail}", "Invalid value for '{name}': {detail}"),
    "usage_bad_choice": ("“{value}”不是可选的值（可选：{choices}）", "'{value}' is not one of {choices}."),
    "usage_bad_integer": ("应为整数", "a whole number is expected."),
    "usage_extra_arguments": ("多余的参数：{args}", "Got unexpected extra arguments ({args})."),
    "usage_global_option_after": (
        "{option} 是全局选项，要写在命令前面：{command}",
        "{option} is a global option and goes before the command: {command}",
    ),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "n_rows": ("共 {n} 条", "{n} rows"),
    "os_error": ("文件操作失败：{error}", "File operation failed: {error}"),
    "ledger_readonly": ("台账 {path} 以只读方式打开，不能修改", "Ledger {path} is open read-only"),
    "ledger_needs_upgrade": (
        "台账 {path} 的结构版本较旧，请先运行任一修改命令（如 gongjian info 以外的命令）或 gongjian init 升级",
        "Ledger {path} has an older schema; run gongjian init to upgrade it first",
    ),
    "year_finalized_generic": (
        "{year}年度考评已定稿，该年度的记录不能再修改；如需修改，请先运行 gongjian assess reopen {year}",
        "The {year} assessment is finalised and that year's records are frozen; run gongjian assess reopen {year} first",
    ),
    "integrity": (
        "操作被拒绝，会破坏台账一致性：{detail}",
        "Refused: it would break the ledger's consistency: {detail}",
    ),
    "what_grid": ("网格", "grid"),
    # --- CLI help ---
    "h_app": (
        "共建台账：社区共建的结对、协议、活动、资金物资、问题台账、在职党员、契约化项目、联席会议与年度考评。",
        "gongjian: the co-building ledger of communities and their paired units — pairings, agreements, "
        "activities, funds, problems, party members, projects, meetings and the annual assessment.",
    ),
    "o_db": (
        "台账文件路径（默认取 GONGJIAN_DB，否则用户数据目录）",
        "Ledger file (default: GONGJIAN_DB, else the user data directory)",
    ),
    "o_lang": ("界面语言：zh（默认）或 en", "Language: zh (default) or en"),
    "o_debug": ("出错时显示完整的 Python 回溯", "Show the full Python traceback on errors"),
    "o_version": ("显示版本号", "Show the version"),
    "o_format": ("输出格式：table、json 或 csv", "Output format: table, json or csv"),
    "o_show_pii": (
        "显示完整的身份证号和电话（会记入审计日志）",
        "Show full ID numbers and phones (written to the audit log)",
    ),
    "o_days": ("天数", "Number of days"),
    "h_init": (
        "新建一个空台账（已存在则只报告位置）",
        "Create a new, empty ledger (or report the existing one)",
    ),
    "h_info": ("显示台账位置、结构版本和各表行数", "Show the ledger's path, schema version and row counts"),
    "h_demo": (
        "生成演示台账（乐清：12个社区、195个单位、两年记录）",
        "Build the demo ledger (乐清: 12 communities, 195 units, two years of records)",
    ),
    "o_ledger_name": ("台账名称，如“北城社区共建台账”", "A name for the ledger"),
    "o_demo_db": ("演示台账的文件路径", "Where to write the demo ledger"),
    "o_demo_force": ("即使该文件不是演示台账也覆盖", "Overwrite the file even if it is not a demo ledger"),
    "ledger_created": ("已新建台账：{path}", "Created ledger {path}"),
    "ledger_exists": ("台账已存在：{path}", "Ledger already exists: {path}"),
    "info_path": ("台账：{path}", "Ledger: {path}"),
    "info_ledger": ("台账编号：{uid}　名称：{name}", "Ledger id: {uid}  name: {name}"),
    "info_schema": ("结构版本：{version}", "Schema version: {version}"),
    "label_table_zh": ("内容", "Contents"),
    "demo_would_overwrite": (
        "{path} 是一个真实台账，不是演示台账；演示不会覆盖它（确需覆盖请加 --force）",
        "{path} is a real ledger, not a demo; the demo will not overwrite it (add --force to do so)",
    ),
    "demo_built": ("演示台账已生成：{path}", "Demo ledger built: {path}"),
    "demo_counts": (
        "社区 {communities} 个，单位 {units} 个，结对 {pairings} 对，协议 {agreements} 份，活动 {activities} 场，"
        "资金物资 {contributions} 笔，问题 {tickets} 个，在职党员 {members} 名（服务 {services} 次），"
        "项目 {projects} 个，联席会议 {meetings} 次",
        "{communities} communities, {units} units, {pairings} pairings, {agreements} agreements, "
        "{activities} activities, {contributions} contributions, {tickets} problems, {members} members "
        "({services} services), {projects} projects, {meetings} meetings",
    ),
    "demo_next": (
        "接下来可以试试：\n  {prog} --db {path} report year 2016\n  {prog} --db {path} assess 2016 -o 考评2016.xlsx\n"
        "  {prog} --db {path} ticket overdue\n  {prog} --db {path} summary --since 30d\n"
        "（或先 export GONGJIAN_DB={path}，之后就不必每次写 --db）",
        "Try next:\n  {prog} --db {path} report year 2016\n  {prog} --db {path} assess 2016 -o assessment-2016.xlsx\n"
        "  {prog} --db {path} ticket overdue\n  {prog} --db {path} summary --since 30d\n"
        "(or export GONGJIAN_DB={path} once and drop --db)",
    ),
    "tbl_communities": ("社区", "communities"),
    "tbl_grids": ("网格", "grids"),
    "tbl_units": ("共建单位", "units"),
    "tbl_pairings": ("结对关系", "pairings"),
    "tbl_agreements": ("共建协议", "agreements"),
    "tbl_activities": ("活动", "activities"),
    "tbl_activity_units": ("活动参与单位", "activity units"),
    "tbl_activity_files": ("活动附件", "activity files"),
    "tbl_contributions": ("资金物资", "contributions"),
    "tbl_tickets": ("问题", "tickets"),
    "tbl_ticket_events": ("问题处理记录", "ticket events"),
    "tbl_members": ("在职党员", "members"),
    "tbl_services": ("服务记录", "services"),
    "tbl_needs": ("需求清单", "needs"),
    "tbl_resources": ("资源清单", "resources"),
    "tbl_projects": ("共建项目", "projects"),
    "tbl_project_claims": ("项目认领", "project claims"),
    "tbl_project_tasks": ("项目任务", "project tasks"),
    "tbl_meetings": ("联席会议", "meetings"),
    "tbl_meeting_attendance": ("会议出席", "meeting attendance"),
    "tbl_unit_ratings": ("社区评价", "unit ratings"),
    "tbl_assessment_years": ("考评年度", "assessment years"),
    "tbl_assessments": ("考评结果", "assessments"),
    # --- normalisers ---
    "value_empty": ("空值", "empty"),
    "bad_value": ("无法识别的值：{value}", "Unrecognised value: {value}"),
    "bad_money": (
        "金额无效：{value}（应为不小于0、最多精确到分的金额，如 1200、¥1,200.50、3万元）",
        "Invalid amount: {value} (expected a non-negative amount to the fen, e.g. 1200, ¥1,200.50, 3万元)",
    ),
    "money_too_large": (
        "金额过大：{value}（不能超过1万亿元）",
        "Amount too large: {value} (at most 1,000,000,000,000 yuan)",
    ),
    "bad_date": (
        "日期无效：{value}（应为1949至2100年间的日期，如 2016-03-05、2016/3/5、2016年3月5日、20160305）",
        "Invalid date: {value} (expected a date from 1949 to 2100, e.g. 2016-03-05, 2016/3/5, 20160305)",
    ),
    "bad_period": (
        "时间范围无效：{value}（应为年份如 2016、月份如 2016-03 或日期如 2016-03-05）",
        "Invalid period: {value} (expected a year like 2016, a month like 2016-03 or a date like 2016-03-05)",
    ),
    "bad_since": (
        "起始日期无效：{value}（可用 7d、2w、today、2016-03、2016 或具体日期）",
        "Invalid start date: {value} (use 7d, 2w, today, 2016-03, 2016 or a date)",
    ),
    "bad_phone": (
        "电话号码无效：{value}（应为11位手机号或带区号的固话，如 0577-62512345）",
        "Invalid phone number: {value} (expected an 11-digit mobile or a landline with area code, e.g. 0577-62512345)",
    ),
    "bad_credit_code": (
        "统一社会信用代码无效：{value}（应为18位数字或大写字母，且校验位正确）",
        "Invalid unified social credit code: {value} (expected 18 digits or capital letters with a valid check character)",
    ),
    "bad_id_number": (
        "身份证号码无效：{value}（应为18位，出生日期和校验位正确）",
        "Invalid ID number: {value} (expected 18 characters with a valid birth date and check digit)",
    ),
    "bad_enum": (
        "{what}无效：{value}（可选：{choices}）",
        "Unknown {what}: {value} (choose from: {choices})",
    ),
    "bad_integer": (
        "数量无效：{value}（应为不小于{minimum}的整数）",
        "Invalid number: {value} (expected a whole number of at least {minimum})",
    ),
    "integer_too_large": (
        "数量过大：{value}（最大为{maximum}）",
        "Number too large: {value} (at most {maximum})",
    ),
    "bad_bool": (
        "是否值无效：{value}（应为 是/否、Y/N、√/×、1/0）",
        "Invalid yes/no value: {value} (expected yes/no, Y/N, true/false, 1/0, 是/否)",
    ),
    "bad_hours": (
        "服务时长无效：{value}（应为小时数如 2、2.5、1.5h，或 90分钟、半天）",
        "Invalid duration: {value} (expected hours like 2, 2.5, 1.5h, or 90 min, half a day)",
    ),
    # --- roster (communities, units, pairings, agreements) ---
    "h_community": ("社区：新增、列表、查看、修改", "Communities: add, list, show, edit"),
    "h_community_add": (
        "新增社区（代码如 BC，名称如 北城社区）",
        "Add a community (code such as BC, name such as 北城社区)",
    ),
    "h_community_list": (
        "列出所有社区及其牵头单位、结对单位数、网格数",
        "List communities with lead unit, paired units and grids",
    ),
    "h_community_show": (
        "查看一个社区：基本信息、网格、结对单位、协议",
        "Show a community: details, grids, paired units, agreements",
    ),
    "h_community_edit": ("修改社区信息，--grid 增加网格", "Edit a community; --grid adds grids"),
    "h_unit": ("共建单位：新增、列表、查看、修改", "Units: add, list, show, edit"),
    "h_unit_add": (
        "新增共建单位（名称唯一；信用代码按国标校验）",
        "Add a unit (unique name; credit code checksum-validated)",
    ),
    "h_unit_list": ("列出共建单位，可按类型或社区筛选", "List units, by kind or community"),
    "h_unit_show": ("查看一个单位：基本信息、结对社区、协议", "Show a unit: details, pairings, agreements"),
    "h_unit_edit": ("修改单位信息", "Edit a unit"),
    "h_pair": (
        "结对：新增、列表、结束（每个社区只能有一个在任牵头单位）",
        "Pairings: add, list, end (one active lead unit per community)",
    ),
    "h_pair_add": (
        "把单位与社区结对，--lead 设为牵头单位",
        "Pair a unit with a community; --lead makes it the lead unit",
    ),
    "h_pair_list": ("列出结对关系", "List pairings"),
    "h_pair_end": ("结束结对关系", "End a pairing"),
    "h_agreement": ("共建协议：新增、列表、查看、即将到期", "Agreements: add, list, show, expiring"),
    "h_agreement_add": (
        "登记已签订的《共建协议书》及认领服务项目",
        "File a signed agreement and its commitments",
    ),
    "h_agreement_list": ("列出共建协议", "List agreements"),
    "h_agreement_show": ("查看一份协议", "Show an agreement"),
    "h_agreement_expiring": (
        "列出即将到期的协议（默认30天内）",
        "Agreements expiring soon (default: within 30 days)",
    ),
    "o_community_code": ("社区代码，如 BC", "Community code, e.g. BC"),
    "o_community_name": ("社区名称，如 北城社区", "Community name, e.g. 北城社区"),
    "o_community_ref": (
        "社区：代码、名称、编号或名称片段",
        "Community: code, name, id or a fragment of the name",
    ),
    "o_unit_name": ("单位名称，如 乐清市统计局", "Unit name, e.g. 乐清市统计局"),
    "o_unit_kind": (
        "单位类型：机关、事业单位、国有企业、非公企业、社会组织、学校、医院、驻军、其他（也认“有限责任公司”等登记类型）；"
        "新增单位不填时按统一社会信用代码推断",
        "Unit kind (机关, 事业单位, 国有企业, 非公企业, 社会组织, 学校, 医院, 驻军, 其他 or English keys, or a "
        "registration type such as 有限责任公司); a new unit without one takes it from its credit code",
    ),
    "o_unit_ref": (
        "单位：名称、信用代码、编号或名称片段",
        "Unit: name, credit code, id or a fragment of the name",
    ),
    "o_grid": ("网格名称（可重复）", "Grid name (repeatable)"),
    "o_lead": ("作为该社区的牵头单位", "As the community's lead unit"),
    "o_started": ("结对开始日期", "Date the pairing started"),
    "o_ended": ("结束日期（默认今天）", "End date (default today)"),
    "o_pair_all": ("包括已结束的结对", "Include ended pairings"),
    "o_pair_lead_only": ("只列牵头单位", "Lead units only"),
    "o_agreement_number": (
        "协议编号（不填则自动生成，如 BC-2016-001）",
        "Agreement number (generated when omitted, e.g. BC-2016-001)",
    ),
    "o_commitment": ("认领服务项目（可重复，或用“、”分隔）", "A commitment (repeatable, or separated by 、)"),
    "o_agreement_file": (
        "协议扫描件路径（记录路径和 SHA-256）",
        "Scanned agreement file (path and SHA-256 are kept)",
    ),
    "o_agreement_ref": ("协议编号或编号片段", "Agreement number or a fragment of it"),
    "label_communities": ("结对社区", "Communities"),
    "title_pairings": ("结对关系", "Pairings"),
    "title_agreements": ("共建协议", "Agreements"),
    "title_expiring": ("{days}天内到期的协议", "Agreements expiring within {days} days"),
    "community_added": ("已新增社区：{name}（{code}）", "Added community {name} ({code})"),
    "community_edited": ("已修改社区：{name}（{code}）", "Updated community {name} ({code})"),
    "community_exists": ("社区已存在：{code}", "Community already exists: {code}"),
    "community_name_taken": (
        "社区名称“{name}”已被代码 {code} 使用",
        "Community name “{name}” is already used by code {code}",
    ),
    "unit_added": ("已新增单位：{name}（编号 {id}）", "Added unit {name} (id {id})"),
    "unit_edited": ("已修改单位：{name}", "Updated unit {name}"),
    "unit_exists": ("单位已存在：{name}", "Unit already exists: {name}"),
    "unit_credit_mismatch": (
        "单位“{name}”的统一社会信用代码是 {old}，与 {new} 不一致",
        "Unit “{name}” has credit code {old}, not {new}",
    ),
    "credit_code_taken": (
        "统一社会信用代码 {code} 已属于另一个单位",
        "Credit code {code} belongs to another unit",
    ),
    "second_lead": (
        "{community} 已有牵头单位“{unit}”；请先用 gongjian pair end 结束它",
        "{community} already has a lead unit, “{unit}”; end it first with gongjian pair end",
    ),
    "already_paired": ("{unit} 已与 {community} 结对", "{unit} is already paired with {community}"),
    "not_paired": ("{unit} 没有与 {community} 结对", "{unit} is not paired with {community}"),
    "paired": ("已结对：{community} — {unit}", "Paired {community} with {unit}"),
    "paired_lead": ("已结对：{community} — {unit}（牵头单位）", "Paired {community} with {unit} (lead unit)"),
    "pair_ended": (
        "已结束结对：{community} — {unit}（{ended}）",
        "Ended pairing {community} — {unit} ({ended})",
    ),
    "end_before_start": (
        "结束日期 {ended} 早于开始日期 {started}",
        "End date {ended} is before the start {started}",
    ),
    "valid_before_signed": (
        "有效期 {valid_until} 早于签订日期 {signed_on}",
        "Valid-until {valid_until} is before signing {signed_on}",
    ),
    "file_missing": ("找不到文件：{path}", "File not found: {path}"),
    "agreement_exists": ("协议编号已存在：{number}", "Agreement number already exists: {number}"),
    "agreement_added": (
        "已登记协议 {number}：{community} — {unit}",
        "Filed agreement {number}: {community} — {unit}",
    ),
}


def _merge_parts() -> None:
    for part in PARTS:
        module = importlib.import_module(f"gongjian.locale.{part}")
        for key, value in getattr(module, "LABELS", {}).items():
            LABELS.setdefault(key, value)
        for key, value in getattr(module, "MESSAGES", {}).items():
            if key in CATALOG:
                raise RuntimeError(f"catalog key defined twice: {key}")
            CATALOG[key] = value


PARTS = (
    "imports",
    "records",
    "tickets",
    "projects",
    "assessment",
    "summary",
    "search",
    "reliability",
    "merge",
    "bench",
    "documents",
    "longwork",
    "registers",
    "practices",
)
_merge_parts()
