"""Record specs of the contract-project kinds (`needs`, `resources`, `projects`, `meetings`).

One validation for `need add`, `resource add`, `project add`, `meeting add` and `gongjian import KIND`.
Fields that an import may leave out default to None here, so a re-import never overwrites a value the
clerk set later (a met need stays met); the ledger fills in defaults when it inserts a new row.
"""

from __future__ import annotations

from gongjian.reading import normalize as n
from gongjian.reading.specs import Field, Spec, enum_field, register

DEFAULT_CLAIM_DAYS = 30  # a project's claim window when no deadline is given (PRODUCT §2)

NEED = register(
    Spec(
        "needs",
        (
            Field(
                "community", n.text, True, ("社区", "社区名称", "所属社区", "community"), example="北城社区"
            ),
            Field(
                "text",
                n.text,
                True,
                ("需求内容", "需求", "需求事项", "需求描述", "需求名称", "内容", "need", "text"),
                example="老旧小区缺少居民晾晒场地",
            ),
            enum_field(
                "category",
                "need_category",
                aliases=("类别", "需求类别", "分类", "类型", "category"),
                example="场地",
                hint=(
                    "场地、资金、医疗健康、教育培训、法律服务、文体、环境整治、便民服务、就业、其他",
                    "venue, funds, health, education, legal, culture, environment, convenience, employment, other",
                ),
            ),
            Field(
                "source",
                n.text,
                aliases=("来源", "需求来源", "提出方式", "收集方式", "source"),
                example="居民代表议事",
            ),
            Field(
                "raised_on",
                n.date_iso,
                aliases=("提出日期", "登记日期", "收集日期", "日期", "raised_on"),
                example="2016-03-05",
            ),
            enum_field(
                "status", "need_status", aliases=("状态", "解决情况", "是否解决", "status"), example="待解决"
            ),
            Field("note", n.text, aliases=("备注", "说明", "note")),
        ),
        natural_key=("community", "text"),
    )
)

RESOURCE = register(
    Spec(
        "resources",
        (
            Field(
                "unit",
                n.unit_name,
                True,
                ("单位", "单位名称", "共建单位", "提供单位", "unit"),
                example="乐清市人民医院",
            ),
            Field(
                "text",
                n.text,
                True,
                ("资源内容", "资源", "资源名称", "资源描述", "可提供资源", "资源项目", "resource", "text"),
                example="每月一次专家义诊进社区",
            ),
            enum_field(
                "category",
                "need_category",
                aliases=("类别", "资源类别", "分类", "类型", "category"),
                example="医疗健康",
            ),
            Field(
                "capacity",
                n.text,
                aliases=("规模", "数量", "可提供数量", "容量", "频次", "capacity"),
                example="每月1次，每次医生4名",
            ),
            Field("note", n.text, aliases=("备注", "说明", "note")),
        ),
        natural_key=("unit", "text"),
    )
)

# The record's number in the ledger, as `export projects|meetings --format xlsx` writes it first: a row
# that has one updates that record (an unknown number is an error); a new record leaves it empty.
LEDGER_ID = Field(
    "ledger_id",
    n.identifier,
    aliases=("台账编号", "ledger_id"),
    hint=(
        "导出时自动填写，用来找回台账中的这条记录；新增的记录不填，也不要修改",
        "Filled in by the export to find the record again; leave it empty for a new record and never edit it",
    ),
)

PROJECT = register(
    Spec(
        "projects",
        (
            LEDGER_ID,
            Field(
                "community", n.text, True, ("社区", "社区名称", "所属社区", "community"), example="北城社区"
            ),
            Field(
                "title",
                n.text,
                True,
                ("项目名称", "项目", "民生事项", "事项名称", "共建项目", "title"),
                example="新建居民晾晒场",
            ),
            Field(
                "need",
                n.text,
                aliases=("对应需求", "需求", "需求内容", "need"),
                example="老旧小区缺少居民晾晒场地",
            ),
            enum_field(
                "category",
                "need_category",
                aliases=("类别", "项目类别", "分类", "类型", "category"),
                example="场地",
            ),
            Field(
                "budget",
                n.money_fen,
                aliases=("预算", "预算金额", "项目预算", "预算（元）", "资金", "budget"),
                example="5万元",
            ),
            Field(
                "listed_on",
                n.date_iso,
                aliases=("发布日期", "发布时间", "列项日期", "listed_on"),
                example="2016-04-01",
            ),
            Field(
                "claim_deadline",
                n.date_iso,
                aliases=("认领截止", "认领截止日期", "认领期限", "截止日期", "claim_deadline"),
                example="2016-04-30",
                hint=(
                    "截止前仅限结对单位认领，逾期无人认领进入领办大厅；不填为发布后30天",
                    "Only paired units may claim until then; unclaimed projects then enter the open hall. "
                    "Default: 30 days after listing",
                ),
            ),
            Field(
                "due",
                n.date_iso,
                aliases=("完成时限", "计划完成日期", "完成期限", "due"),
                example="2016-09-30",
            ),
            Field(
                "claimants",
                n.split_list,
                aliases=("认领单位", "领办单位", "承接单位", "claimants"),
                example="乐清市住房和城乡建设局、乐清市城市建设投资集团",
                hint=(
                    "已认领的单位（用“、”分隔），按认领规则核对",
                    "Units that claimed it (separated by 、), checked by the claim rule",
                ),
            ),
            Field(
                "shares",
                n.split_list,
                aliases=("出资份额", "认领份额", "各单位份额", "shares"),
                hint=(
                    "联合认领、众筹时各单位出资：单位=金额，用“、”分隔，如 乐清市统计局=1万元、乐清市财政局=5000",
                    "Each claimant's money in a joint claim or pool: UNIT=AMOUNT, separated by 、",
                ),
            ),
            Field(
                "claimed_on",
                n.date_iso,
                aliases=("认领日期", "claimed_on"),
                example="2016-04-20",
                hint=("不填按发布日期", "Default: the listing date"),
            ),
            enum_field(
                "status",
                "project_status",
                aliases=("状态", "项目状态", "办理状态", "status"),
                hint=(
                    "按流程改：待认领→已认领（须有认领单位）→已完成（任务全部完成）；未完成的可改为已取消",
                    "Along the workflow: listed → claimed (needs a claimant) → done (every task done); "
                    "a project not done may be cancelled",
                ),
            ),
            Field(
                "done_on",
                n.date_iso,
                aliases=("办结日期", "完成日期", "done_on"),
                hint=(
                    "状态为已完成时填写，不填按导入当天",
                    "With status done; default: the day of the import",
                ),
            ),
            Field("satisfied", n.integer, aliases=("满意", "满意票数", "satisfied")),
            Field(
                "basically_satisfied", n.integer, aliases=("基本满意", "基本满意票数", "basically_satisfied")
            ),
            Field("unsatisfied", n.integer, aliases=("不满意", "不满意票数", "unsatisfied")),
            Field(
                "rated_on",
                n.date_iso,
                aliases=("评议日期", "rated_on"),
                hint=(
                    "居民代表评议的日期，不早于办结日期",
                    "The day residents rated it, not before it was done",
                ),
            ),
            Field("note", n.text, aliases=("备注", "说明", "note")),
        ),
        natural_key=("community", "title"),
    )
)

MEETING = register(
    Spec(
        "meetings",
        (
            LEDGER_ID,
            Field(
                "date",
                n.date_iso,
                True,
                ("日期", "会议日期", "召开日期", "时间", "date"),
                example="2016-03-18",
            ),
            Field("community", n.text, True, ("社区", "社区名称", "community"), example="北城社区"),
            Field(
                "chair",
                n.unit_name,
                aliases=("轮值主席", "轮值主席单位", "主持单位", "chair"),
                example="乐清市统计局",
            ),
            Field(
                "present",
                n.split_list,
                aliases=("出席单位", "参会单位", "到会单位", "present"),
                example="乐清市统计局、乐清市财政局",
                hint=(
                    "出席的单位（用“、”分隔）；未列出的结对单位记为缺席；已有的会议不填则出席情况不变",
                    "Units present (separated by 、); paired units not listed are recorded absent; left "
                    "empty for a meeting already recorded, its attendance stays as it is",
                ),
            ),
            Field(
                "absent",
                n.split_list,
                aliases=("缺席单位", "未到单位", "absent"),
                hint=(
                    "或只列缺席单位，其余结对单位记为出席",
                    "Or list only the absent units; the other paired units are present",
                ),
            ),
            Field(
                "topics",
                n.text,
                aliases=("议题", "会议议题", "主要内容", "topics"),
                example="二季度共建项目认领",
            ),
            Field(
                "decisions",
                n.text,
                aliases=("决定事项", "会议决定", "议定事项", "decisions"),
                example="晾晒场项目由住建局牵头实施",
            ),
            Field("note", n.text, aliases=("备注", "说明", "note")),
        ),
        natural_key=("community", "date"),
    )
)
