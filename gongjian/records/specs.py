"""Record specs of the records part: activities, contributions, members and services (PRODUCT §2, §5).

One validation for `activity add`, `fund add`, `member add`, `member serve` and their importers. The
header aliases are the Chinese and English column names found in the logs that units and streets send.
Optional fields default to None (not given), so an import that lacks a column never blanks a value.
"""

from __future__ import annotations

from gongjian.reading import normalize as n
from gongjian.reading.specs import PERSON, Field, Spec, enum_field, register

ACTIVITY = register(
    Spec(
        "activities",
        (
            Field(
                "date",
                n.date_iso,
                True,
                ("活动日期", "日期", "活动时间", "时间", "date"),
                example="2016-03-10",
            ),
            Field(
                "community",
                n.text,
                True,
                ("社区", "社区名称", "所在社区", "结对社区", "活动社区", "community"),
                example="北城社区",
            ),
            Field(
                "title",
                n.text,
                True,
                ("活动名称", "活动主题", "活动项目", "名称", "主题", "标题", "title"),
                example="龙抬头荠菜饭活动",
            ),
            enum_field(
                "category",
                "activity_category",
                aliases=("类别", "活动类别", "活动类型", "活动形式", "类型", "形式", "category"),
                example="节日活动",
            ),
            Field(
                "organisers",
                n.split_list,
                True,
                (
                    "组织单位",
                    "主办单位",
                    "牵头单位",
                    "承办单位",
                    "组织者",
                    "共建单位",
                    "结对单位",
                    "单位",
                    "organisers",
                    "organiser",
                    "organizers",
                    "organizer",
                ),
                example="乐清市统计局、乐清市财政局",
                default=[],
                hint=(
                    "可填多个单位，用“、”“，”“；”或换行分隔",
                    "Several units separated by 、 , ; or new lines",
                ),
            ),
            Field(
                "participants",
                n.split_list,
                aliases=("参与单位", "参加单位", "协办单位", "participants", "participating units"),
                example="乐清市教育局",
                default=[],
            ),
            Field(
                "participant_times",
                n.integer,
                aliases=(
                    "参加人次",
                    "参与人次",
                    "人次",
                    "参加人数",
                    "参与人数",
                    "participant_times",
                    "participant-times",
                ),
                example="1000",
            ),
            Field(
                "volunteers",
                n.integer,
                aliases=("志愿者人数", "志愿者", "志愿者人次", "志愿者数", "volunteers"),
                example="80",
            ),
            Field(
                "members_served",
                n.integer,
                aliases=(
                    "在职党员人次",
                    "党员人次",
                    "参与党员",
                    "在职党员",
                    "党员参与人次",
                    "members_served",
                ),
                example="25",
            ),
            Field(
                "venue",
                n.text,
                aliases=("活动地点", "地点", "场地", "活动场所", "venue"),
                example="社区办公楼门口",
            ),
            Field(
                "spending",
                n.money_fen,
                aliases=("活动经费", "经费", "支出", "花费", "费用", "经费支出", "spending"),
                example="2000",
                hint=(
                    "活动花费（元）；单位出资请填“出资”列",
                    "What the activity cost (yuan); put unit funding under 出资",
                ),
                note="imp_note_spending",
            ),
            Field(
                "funding",
                n.money_fen,
                aliases=("单位出资", "出资", "出资金额", "捐款", "捐款金额", "资金", "资金支持", "funding"),
                example="30000",
                hint=(
                    "组织单位的出资，登记为第一个组织单位的资金",
                    "Funding by the (first) organiser, recorded as cash",
                ),
                note="imp_note_funding",
            ),
            Field(
                "description",
                n.text,
                aliases=("活动内容", "内容", "简介", "活动简介", "说明", "description"),
                example="结对单位提供500多斤糯米，居民一起制作荠菜饭",
            ),
            Field("note", n.text, aliases=("备注", "note")),
        ),
        natural_key=("date", "community", "title"),
    )
)

CONTRIBUTION = register(
    Spec(
        "contributions",
        (
            Field(
                "date",
                n.date_iso,
                True,
                ("日期", "出资日期", "捐赠日期", "时间", "date"),
                example="2016-03-01",
            ),
            Field(
                "unit",
                n.unit_name,
                True,
                ("单位", "单位名称", "共建单位", "结对单位", "出资单位", "捐赠单位", "unit"),
                example="乐清市统计局",
            ),
            Field(
                "community",
                n.text,
                True,
                ("社区", "社区名称", "受助社区", "结对社区", "community"),
                example="北城社区",
            ),
            enum_field(
                "kind",
                "contribution_kind",
                aliases=("类型", "出资类型", "出资方式", "支持方式", "形式", "方式", "kind"),
                example="资金",
                default="cash",
            ),
            Field(
                "amount",
                n.money_fen,
                True,
                ("金额", "折合金额", "金额（元）", "折合价值", "价值", "出资金额", "捐款金额", "amount"),
                example="30000",
                hint=("元；物资、场地、服务填折合金额", "Yuan; for in-kind support its value"),
            ),
            Field(
                "description",
                n.text,
                aliases=("说明", "内容", "物资", "物资名称", "明细", "用途", "摘要", "description"),
                example="500斤糯米",
            ),
            Field(
                "activity",
                n.text,
                aliases=("活动", "关联活动", "活动名称", "activity"),
                example="龙抬头荠菜饭活动",
            ),
            Field("project", n.text, aliases=("项目", "关联项目", "项目名称", "project")),
            Field(
                "receipt_no",
                n.identifier,
                aliases=("收据号", "收据编号", "票据号", "凭证号", "单据号", "receipt_no", "receipt"),
                example="BC2016-003",
            ),
            Field("note", n.text, aliases=("备注", "note")),
        ),
        natural_key=("date", "unit", "community", "kind", "amount", "description", "receipt_no"),
    )
)

MEMBER = register(
    Spec(
        "members",
        (
            Field("name", n.text, True, ("姓名", "党员姓名", "名字", "name"), example="王建国", limit=PERSON),
            Field(
                "phone",
                n.phone,
                aliases=("手机号码", "手机号", "手机", "联系电话", "电话", "phone", "mobile"),
                example="13857712345",
            ),
            Field(
                "id_number",
                n.id_number,
                aliases=("身份证号", "身份证号码", "公民身份号码", "身份证", "id_number", "id number"),
                example="330382198505061233",
            ),
            Field(
                "unit",
                n.unit_name,
                True,
                ("工作单位", "所在单位", "单位", "单位名称", "unit", "work unit"),
                example="乐清市统计局",
            ),
            Field(
                "community",
                n.text,
                True,
                ("报到社区", "居住社区", "所在社区", "社区", "community"),
                example="北城社区",
            ),
            Field(
                "registered_on",
                n.date_iso,
                aliases=("报到日期", "报到时间", "登记日期", "registered_on", "registered"),
                example="2016-04-01",
            ),
            Field("specialty", n.text, aliases=("特长", "专长", "个人特长", "specialty"), example="法律咨询"),
            enum_field(
                "post", "member_post", aliases=("认领岗位", "岗位", "服务岗位", "post"), example="法律咨询"
            ),
            enum_field("status", "member_status", aliases=("状态", "status"), example="在册"),
            enum_field("party_status", "party_status", aliases=("人员类别", "党员类别", "party_status")),
            enum_field(
                "kind",
                "member_kind",
                aliases=("党员身份", "在职情况", "是否在职", "kind"),
                hint=(
                    "在职党员（默认）、离退休党员、灵活就业党员、其他非在职党员；各类每年服务次数见考评细则 [members.kinds]",
                    "in_service (default), retired, flexible, other; each kind's yearly target is in [members.kinds]",
                ),
            ),
            Field("note", n.text, aliases=("备注", "note")),
        ),
        natural_key=("id_number", "name", "phone"),
    )
)

# How a row names its member (a service, a second registration): the name, and the phone or ID number
# that tell two members of one name apart.
MEMBER_BY = (
    Field("member", n.text, True, ("党员", "姓名", "党员姓名", "member", "name"), example="王建国"),
    Field(
        "phone",
        n.phone,
        aliases=("手机号码", "手机号", "手机", "联系电话", "电话", "phone"),
        example="13857712345",
    ),
    Field(
        "id_number",
        n.id_number,
        aliases=("身份证号", "身份证号码", "公民身份号码", "身份证", "id_number"),
    ),
)

SERVICE = register(
    Spec(
        "services",
        (
            *MEMBER_BY,
            Field("date", n.date_iso, True, ("服务日期", "日期", "活动日期", "date"), example="2016-03-10"),
            Field(
                "activity",
                n.text,
                aliases=("活动", "活动名称", "参加活动", "activity"),
                example="龙抬头荠菜饭活动",
            ),
            Field(
                "duration",
                n.minutes,
                aliases=(
                    "服务时长（小时）",
                    "服务时长",
                    "时长",
                    "小时",
                    "小时数",
                    "时长（小时）",
                    "duration",
                    "hours",
                ),
                example="2",
                hint=(
                    "小时数，如 2、1.5；也可写 90分钟、半天",
                    "Hours such as 2 or 1.5; 90分钟 and 半天 work too",
                ),
            ),
            Field("note", n.text, aliases=("服务内容", "内容", "备注", "note"), example="协助制作荠菜饭"),
        ),
        natural_key=("id_number", "member", "phone", "date", "activity", "note"),
    )
)


# 两地报到 (issue #21): a member's registration in a second community (where they were born, or another).
REGISTRATION = register(
    Spec(
        "member_registrations",
        (
            *MEMBER_BY,
            Field(
                "community",
                n.text,
                True,
                ("报到社区", "第二报到社区", "出生地社区", "社区", "community"),
                example="东门社区",
            ),
            enum_field(
                "place",
                "registration_place",
                aliases=("报到地类型", "报到类型", "place"),
                example="出生地",
                default="birthplace",
            ),
            Field(
                "registered_on",
                n.date_iso,
                aliases=("报到日期", "报到时间", "registered_on"),
                example="2016-03-01",
            ),
            enum_field(
                "post", "member_post", aliases=("认领岗位", "岗位", "服务岗位", "post"), example="政策宣传"
            ),
            Field("ended", n.date_iso, aliases=("结束日期", "转出日期", "ended")),
            Field("note", n.text, aliases=("备注", "note")),
        ),
        natural_key=("member", "phone", "id_number", "community"),
    )
)
