"""Enumerations of the domain: stable English keys, Chinese and English labels, and accepted synonyms.

The ledger stores the English key; tables and workbooks show the label of the current language.
"""

from __future__ import annotations

from typing import NamedTuple

from gongjian.i18n import get_lang


class Term(NamedTuple):
    """One value of an enumeration."""

    key: str
    zh: str
    en: str
    synonyms: tuple[str, ...] = ()


def _terms(*rows: tuple) -> tuple[Term, ...]:
    return tuple(Term(r[0], r[1], r[2], tuple(r[3]) if len(r) > 3 else ()) for r in rows)


ENUMS: dict[str, tuple[Term, ...]] = {
    "unit_kind": _terms(
        (
            "government",
            "机关",
            "Government body",
            ["机关单位", "党政机关", "政府机关", "政府部门", "行政机关", "gov"],
        ),
        ("institution", "事业单位", "Public institution", ["事业", "事业机构"]),
        ("soe", "国有企业", "State-owned enterprise", ["国企", "国有", "央企", "国有公司", "state-owned"]),
        (
            "private",
            "非公企业",
            "Private enterprise",
            ["民营企业", "私营企业", "非公", "民企", "企业", "公司", "company"],
        ),
        ("social_org", "社会组织", "Social organisation", ["协会", "社团", "民非", "社会团体", "ngo"]),
        ("school", "学校", "School", ["中学", "小学", "学院", "幼儿园"]),
        ("hospital", "医院", "Hospital", ["卫生院", "医疗机构", "卫生服务中心"]),
        ("military", "驻军", "Military unit", ["部队", "驻地部队", "武警", "army"]),
        ("other", "其他", "Other", ["其它"]),
    ),
    "pair_role": _terms(
        ("lead", "牵头单位", "Lead unit", ["牵头", "是", "y", "yes", "true", "1", "√", "主"]),
        ("member", "结对单位", "Member unit", ["成员", "成员单位", "否", "n", "no", "false", "0", "结对"]),
    ),
    "activity_category": _terms(
        ("festival", "节日活动", "Festival", ["节日", "节庆", "节庆活动", "传统节日"]),
        ("volunteer", "志愿服务", "Volunteering", ["志愿", "志愿者服务", "志愿活动"]),
        (
            "culture_sports",
            "文体活动",
            "Culture and sports",
            ["文体", "文艺", "体育", "文化活动", "文艺演出"],
        ),
        ("lecture", "讲座培训", "Lecture or training", ["讲座", "培训", "宣讲"]),
        ("visit", "走访慰问", "Visits", ["走访", "慰问", "慰问活动"]),
        ("environment", "环境整治", "Environment clean-up", ["环境", "卫生整治", "清洁", "环境卫生"]),
        ("health", "义诊健康", "Health clinic", ["义诊", "健康", "医疗", "健康义诊"]),
        ("legal", "法治宣传", "Legal awareness", ["普法", "法治", "法律宣传", "法律咨询"]),
        ("party_study", "党建学习", "Party study", ["党建", "党课", "学习", "主题党日"]),
        ("other", "其他", "Other", ["其它"]),
    ),
    "contribution_kind": _terms(
        ("cash", "资金", "Cash", ["现金", "出资", "捐款", "资金支持", "经费", "money"]),
        ("in_kind", "物资", "In kind", ["捐物", "实物", "物品", "物资支持", "折合", "in-kind"]),
        ("venue", "场地", "Venue", ["场所", "场地支持"]),
        ("service", "服务", "Service", ["服务支持", "劳务"]),
    ),
    "ticket_category": _terms(
        ("infrastructure", "基础设施", "Infrastructure", ["设施", "基础", "道路", "路灯"]),
        ("sanitation", "环境卫生", "Sanitation", ["卫生", "环境", "垃圾", "环卫"]),
        ("traffic", "交通出行", "Traffic", ["交通", "停车", "出行"]),
        ("security", "治安", "Public security", ["治安安全", "安全", "消防", "治安维稳"]),
        ("public_service", "公共服务", "Public services", ["服务", "民生"]),
        ("other", "其他", "Other", ["其它"]),
    ),
    "ticket_source": _terms(
        ("survey", "排查", "Survey", ["地毯式排查", "排查发现", "普查"]),
        ("resident", "居民反映", "Resident report", ["居民", "群众反映", "来访"]),
        ("grid", "网格员上报", "Grid worker", ["网格员", "网格上报", "网格"]),
        # 绍兴北海: residents complain online, "承诺3天内处理结案" (the promise is in the rules file)
        ("complaint", "网上投诉", "Online complaint", ["投诉", "在线投诉", "网络投诉", "网上留言"]),
        ("hotline", "热线电话", "Hotline", ["热线", "12345", "市民热线", "来电", "电话"]),
        # 成都同安: 坝坝会 and 议事会 collect residents' problems
        ("meeting", "议事会", "Resident meeting", ["坝坝会", "居民议事会", "联席会议", "会议", "院坝会"]),
        ("inspection", "督查", "Inspection", ["巡查", "检查", "督查发现", "暗访"]),
        ("other", "其他", "Other", ["其它"]),
    ),
    "ticket_status": _terms(
        ("open", "待分派", "Open", ["新建", "未分派", "待处理"]),
        ("assigned", "已分派", "Assigned", ["分派", "已交办", "交办"]),
        ("in_progress", "整治中", "In progress", ["处理中", "整改中", "进行中"]),
        ("resolved", "已整改", "Resolved", ["整改完成", "已处理", "待验收"]),
        ("closed", "已销号", "Closed", ["销号", "已验收", "已完成", "完成"]),
        ("rejected", "不予处理", "Rejected", ["驳回", "不处理", "不予受理"]),
    ),
    "member_post": _terms(
        ("policy", "政策宣传", "Policy outreach", ["宣传", "政策宣讲"]),
        ("environment", "环境整治", "Environment", ["环境", "环境卫生", "卫生"]),
        ("security", "治安维稳", "Public order", ["治安", "维稳", "巡逻", "平安巡防"]),
        ("culture", "文化娱乐", "Culture", ["文化", "文娱", "文体"]),
        ("legal", "法律咨询", "Legal advice", ["法律", "普法"]),
        ("convenience", "便民服务", "Everyday help", ["便民", "志愿服务"]),
        ("relief", "救助服务", "Relief", ["救助", "帮扶", "结对帮扶"]),
        ("education", "教育辅导", "Tutoring", ["教育", "辅导", "四点半课堂"]),
        ("health", "医疗保健", "Health care", ["医疗", "义诊", "健康"]),
        ("other", "其他", "Other", ["其它"]),
    ),
    "member_status": _terms(
        ("active", "在册", "Active", ["在职", "正常", "已报到", "报到"]),
        ("left", "已转出", "Left", ["转出", "注销", "离开", "调离"]),
        ("retired", "退休", "Retired", ["已退休", "离退休", "退休党员"]),
        ("deceased", "去世", "Deceased", ["已去世", "逝世", "病故", "已故", "死亡"]),
    ),
    # 绍兴: 在职党员 register where they live; 非在职党员 (retired, flexibly employed …) "亮身份、履契约" too.
    "member_kind": _terms(
        ("in_service", "在职党员", "In-service member", ["在职"]),
        ("retired", "离退休党员", "Retired member", ["退休党员", "离休党员", "退休", "离休", "离退休"]),
        ("flexible", "灵活就业党员", "Flexibly employed member", ["灵活就业", "自由职业", "自由职业党员"]),
        ("other", "其他非在职党员", "Other member", ["非在职党员", "非在职", "其他", "其它"]),
    ),
    # 两地报到 (绍兴): a member registers where they live (the member's community) and where they were born.
    "registration_place": _terms(
        ("birthplace", "出生地", "Birthplace", ["户籍地", "老家", "出生地社区"]),
        ("other", "其他", "Other", ["其它"]),
    ),
    # 人员类别 of the party-member information system (党员信息系统): 正式党员 or 预备党员.
    "party_status": _terms(
        ("full", "正式党员", "Full member", ["正式", "full member"]),
        ("probationary", "预备党员", "Probationary member", ["预备", "probationary member"]),
    ),
    # 兼职委员: a unit's leader on a community's or a street's party committee (绍兴, 成都同安).
    "committee_role": _terms(
        ("deputy_secretary", "兼职副书记", "Part-time deputy secretary", ["副书记", "兼职党委副书记"]),
        ("member", "兼职委员", "Part-time committee member", ["委员", "兼职党委委员"]),
    ),
    "need_category": _terms(
        ("venue", "场地", "Venue", ["场所", "活动场地"]),
        ("funds", "资金", "Funds", ["经费", "资金支持"]),
        ("health", "医疗健康", "Health", ["医疗", "健康", "义诊"]),
        ("education", "教育培训", "Education", ["教育", "培训"]),
        ("legal", "法律服务", "Legal", ["法律", "法律咨询", "普法"]),
        ("culture", "文体", "Culture and sports", ["文体活动", "文化", "体育"]),
        ("environment", "环境整治", "Environment", ["环境", "卫生"]),
        ("convenience", "便民服务", "Everyday services", ["便民"]),
        ("employment", "就业", "Employment", ["就业服务", "招聘"]),
        ("other", "其他", "Other", ["其它"]),
    ),
    "project_status": _terms(
        ("listed", "待认领", "Listed", ["发布", "未认领"]),
        ("claimed", "已认领", "Claimed", ["认领", "实施中", "进行中"]),
        ("done", "已完成", "Done", ["完成", "已办结", "办结"]),
        ("cancelled", "已取消", "Cancelled", ["取消"]),
    ),
    "claim_how": _terms(
        ("claim", "认领", "Claim", ["领办"]),
        ("bid", "竞拍", "Bid", ["拍卖", "竞标"]),
    ),
    "need_status": _terms(
        ("open", "待解决", "Open", ["未解决"]),
        ("met", "已解决", "Met", ["解决", "已满足"]),
    ),
    "grade": _terms(
        ("excellent", "优秀", "Excellent"),
        ("good", "良好", "Good"),
        ("pass", "合格", "Pass", ["称职"]),
        ("fail", "不合格", "Fail", ["不称职"]),
    ),
    # What `gongjian search` finds (its --kind): one per searched table (`store.migrations.SEARCHED`).
    "search_kind": _terms(
        ("community", "社区", "Community", ["communities"]),
        ("unit", "单位", "Unit", ["units", "共建单位", "结对单位"]),
        ("agreement", "协议", "Agreement", ["agreements", "共建协议", "协议书"]),
        ("activity", "活动", "Activity", ["activities", "共建活动"]),
        ("ticket", "问题", "Problem", ["tickets", "problem", "problems", "问题台账"]),
        ("need", "需求", "Need", ["needs", "需求清单"]),
        ("resource", "资源", "Resource", ["resources", "资源清单"]),
        ("project", "项目", "Project", ["projects", "共建项目"]),
        ("meeting", "会议", "Meeting", ["meetings", "联席会议"]),
        ("member", "党员", "Member", ["members", "在职党员"]),
    ),
    "file_kind": _terms(
        ("plan", "活动方案", "Plan", ["方案"]),
        ("record", "活动记录", "Record", ["记录"]),
        ("photo", "照片", "Photo", ["图片", "相片"]),
        ("other", "其他", "Other", ["其它"]),
    ),
}

# Human name of each enumeration, for error messages.
ENUM_NAMES: dict[str, tuple[str, str]] = {
    "unit_kind": ("单位类型", "unit kind"),
    "pair_role": ("结对角色", "pairing role"),
    "activity_category": ("活动类别", "activity category"),
    "contribution_kind": ("出资类型", "contribution kind"),
    "ticket_category": ("问题类别", "problem category"),
    "ticket_source": ("问题来源", "problem source"),
    "ticket_status": ("问题状态", "problem status"),
    "member_post": ("认领岗位", "claimed post"),
    "member_status": ("党员状态", "member status"),
    "party_status": ("人员类别", "party standing"),
    "registration_place": ("报到地类型", "registration place"),
    "member_kind": ("党员身份", "member kind"),
    "committee_role": ("兼职职务", "committee role"),
    "need_category": ("需求/资源类别", "need/resource category"),
    "project_status": ("项目状态", "project status"),
    "claim_how": ("认领方式", "claim method"),
    "need_status": ("需求状态", "need status"),
    "grade": ("等次", "grade"),
    "file_kind": ("文件类型", "file kind"),
    "search_kind": ("检索范围", "search kind"),
}


def keys(enum: str) -> tuple[str, ...]:
    """The stored keys of an enumeration, in display order."""
    return tuple(term.key for term in ENUMS[enum])


def term_label(enum: str, key: str | None, lang: str | None = None) -> str:
    """The label of a stored key in the current (or given) language; unknown keys pass through."""
    if key is None:
        return ""
    if lang is None:
        lang = get_lang()
    for term in ENUMS[enum]:
        if term.key == key:
            return term.zh if lang == "zh" else term.en
    return key
