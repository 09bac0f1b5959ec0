"""Catalog entries of the practices of issue #21 (兼职委员, problems with a promise): key -> (中文, English)."""

LABELS: dict[str, tuple[str, str]] = {
    "person": ("姓名", "Name"),
    "committee": ("兼职组织", "Committee"),
    "unit_post": ("单位职务", "Post in the unit"),
    "committee_role": ("兼职职务", "Role"),
    "committee_seats": ("兼职委员数", "Committee seats"),
    "promised_by": ("承诺期限", "Promised by"),
    "meeting": ("来源会议", "Raised at meeting"),
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
    "xlsx_n_seats": ("人", "seats"),
    "m_committee_seats": ("兼职委员人数", "Part-time committee seats held"),
}
