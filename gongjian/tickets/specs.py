"""Record spec of the problem ledger's kind `tickets` (PRODUCT §5): the columns of a survey sheet.

One validation for `ticket open` and `gongjian import tickets`.
"""

from __future__ import annotations

from gongjian.reading import normalize as n
from gongjian.reading.specs import Field, Spec, enum_field, register
from gongjian.tickets.flow import ticket_number

TICKETS = register(
    Spec(
        "tickets",
        (
            Field(
                "number",
                ticket_number,
                aliases=("问题编号", "编号", "台账编号", "number"),
                hint=(
                    "留空则按社区和发现年份自动顺序编号",
                    "leave empty: numbered in order per community and year",
                ),
            ),
            Field(
                "community", n.text, True, ("社区", "社区名称", "所属社区", "community"), example="北城社区"
            ),
            Field("grid", n.text, aliases=("网格", "所属网格", "网格名称", "grid"), example="北城第一网格"),
            enum_field(
                "category",
                "ticket_category",
                aliases=("问题类别", "类别", "问题类型", "问题分类", "分类", "category"),
                example="基础设施",
                hint=(
                    "基础设施、环境卫生、交通出行、治安、公共服务、其他",
                    "infrastructure, sanitation, traffic, security, public_service, other",
                ),
            ),
            Field(
                "title", n.text, aliases=("问题", "问题名称", "标题", "问题标题", "title"), example="路灯损坏"
            ),
            Field(
                "description",
                n.text,
                aliases=("问题描述", "具体描述", "详细描述", "问题详情", "情况描述", "description"),
                example="建设路12号至18号路段3盏路灯不亮，夜间行人摸黑通行",
            ),
            Field(
                "location",
                n.text,
                aliases=("位置", "地点", "问题位置", "具体位置", "问题地点", "location"),
                example="建设路12号",
            ),
            enum_field(
                "source",
                "ticket_source",
                aliases=("来源", "问题来源", "发现方式", "source"),
                example="排查",
                hint=("排查、居民反映、网格员上报、其他", "survey, resident, grid, other"),
            ),
            Field(
                "reported_on",
                n.date_iso,
                aliases=("发现日期", "上报日期", "发现时间", "排查日期", "登记日期", "reported_on"),
                example="2016-03-05",
            ),
            Field(
                "unit",
                n.unit_name,
                aliases=(
                    "责任单位",
                    "整改单位",
                    "承办单位",
                    "包干单位",
                    "共建单位",
                    "单位",
                    "unit",
                    "assignee",
                ),
                example="乐清市统计局",
            ),
            Field(
                "deadline",
                n.date_iso,
                aliases=("整改期限", "整改时限", "期限", "完成时限", "deadline"),
                example="2016-04-30",
            ),
            enum_field(
                "status",
                "ticket_status",
                aliases=("状态", "处理状态", "整改状态", "办理状态", "status"),
                example="已销号",
                hint=(
                    "待分派、已分派、整治中、已整改、已销号、不予处理；留空则按已填的列推断",
                    "open, assigned, in_progress, resolved, closed, rejected; empty: inferred from the row",
                ),
            ),
            Field(
                "resolution",
                n.text,
                aliases=("整改情况", "整改结果", "处理情况", "处理结果", "resolution"),
                example="已更换灯具3盏",
            ),
            Field("verifier", n.text, aliases=("验收人", "销号人", "验收", "verifier"), example="张晓京"),
            Field(
                "closed_on",
                n.date_iso,
                aliases=("销号日期", "销号时间", "验收日期", "closed_on"),
                example="2016-04-20",
            ),
            Field("reason", n.text, aliases=("原因", "不予处理原因", "驳回原因", "reason")),
            Field(
                "promised_by",
                n.date_iso,
                aliases=("承诺期限", "承诺办结日期", "承诺时限", "promised_by"),
                hint=(
                    "留空则按考评细则 [tickets.promise] 中该来源的承诺天数推算（如网上投诉3天）",
                    "Empty: the reported day plus the days the rules file promises for the source",
                ),
            ),
            Field(
                "meeting",
                n.text,
                aliases=("来源会议", "提出会议", "会议日期", "meeting"),
                limit=32,
                hint=(
                    "提出该问题的联席会议、议事会：本社区的会议日期（或会议编号）",
                    "The meeting of the community that raised it: its date (or id)",
                ),
            ),
        ),
        natural_key=("number",),
    )
)
