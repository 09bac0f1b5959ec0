"""Catalog entries of `gongjian search`: key -> (中文, English)."""

LABELS: dict[str, tuple[str, str]] = {
    "search_kind_column": ("类别", "Kind"),
    "search_ref": ("编号或名称", "Number or name"),
    "search_text": ("匹配内容", "Matching text"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    "h_search": (
        "全文检索整个台账：社区和单位（名称、联系人）、活动（标题、内容、地点）、问题（标题、地点、描述、"
        "处理说明）、需求、资源、项目、协议（承诺事项）、联席会议（议题、决定事项）、在职党员（仅姓名）。"
        "一两个字的词（路灯、垃圾）也能找到；多个词须同时出现（search 路灯 北城）。结果按相关程度排列，"
        "命中处用【】标出；电话和身份证号从不检索、从不显示。",
        "Search the whole ledger: communities and units (names, contacts), activities (title, text, venue), "
        "problems (title, location, description, notes), needs, resources, projects, agreements "
        "(commitments), joint meetings (topics, decisions) and party members (names only). Words of one or "
        "two Chinese characters are found too; several words must all occur (search 路灯 北城). Best hits "
        "first, each hit marked 【】; phones and ID numbers are never searched nor shown.",
    ),
    "o_search_words": ("要找的词（可以写几个，用空格分开）", "Words to find (several, separated by spaces)"),
    "o_search_kind": (
        "只找这一类（可重复）：社区、单位、协议、活动、问题、需求、资源、项目、会议、党员",
        "Only this kind (repeatable): community, unit, agreement, activity, ticket, need, resource, "
        "project, meeting, member",
    ),
    "o_search_community": (
        "只找这个社区的记录（含与它结对的单位及其资源）",
        "Only records of this community (and the units paired with it, and their resources)",
    ),
    "o_search_year": ("只找这一年的记录（按记录的日期）", "Only records dated in this year"),
    "o_search_limit": ("最多列出的条数（0 表示全部）", "List at most this many hits (0 for all)"),
    "search_empty": ("请给出要找的词", "Give the words to search for"),
    "search_none": ("没有找到“{words}”", "Nothing found for “{words}”"),
    "search_some": ("共找到 {total} 条，列出最相关的 {shown} 条", "{total} found; the best {shown} listed"),
    "search_all": ("共找到 {total} 条", "{total} found"),
}
