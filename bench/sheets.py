"""The spreadsheets of the import workloads, as units and streets send them.

- `roster.xlsx`: the city's in-service party members (在职党员报到花名册), one row per member, 12 columns
  under a title row, phones typed as numbers, ID numbers as text, registration dates as date cells — with
  the small mess of real files (a space inside a name, a phone with dashes, a date typed as text, a post
  given by its synonym, a unit name with its seal note);
- `roster.csv`: the same rows as plain UTF-8 CSV (header first), for `sqlite-utils insert --csv`;
- `units.xlsx` / `units.csv`: a register of new enterprises (name, credit code, kind, contact, phone,
  party members), none already in the roster;
- `survey.xlsx` / `survey.csv`: a carpet survey of problems (地毯式排查问题清单) in the year after the records.
"""

from __future__ import annotations

import csv
import random
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bench import names as w
from bench.city import Roster, _day_in

ROSTER_HEADER = (
    "序号",
    "姓名",
    "性别",
    "联系电话",
    "身份证号",
    "工作单位",
    "居住社区",
    "报到日期",
    "认领岗位",
    "特长",
    "状态",
    "备注",
)
SURVEY_HEADER = (
    "序号",
    "社区",
    "网格",
    "问题类别",
    "问题",
    "问题描述",
    "位置",
    "来源",
    "发现日期",
    "责任单位",
    "整改期限",
    "状态",
)
POST_SYNONYM = {
    "policy": "宣传",
    "environment": "环境卫生",
    "security": "平安巡防",
    "culture": "文体",
    "legal": "普法",
    "convenience": "便民",
    "relief": "结对帮扶",
    "education": "四点半课堂",
    "health": "义诊",
    "other": "其它",
}


def roster_rows(roster: Roster, rng: random.Random) -> list[list[Any]]:
    """The roster's cells, row by row: phones as numbers, dates as `date`, a little realistic mess."""
    from gongjian.vocab import term_label

    units = {u["id"]: u["name"] for u in roster.units}
    communities = {c["id"]: c["name"] for c in roster.communities}
    rows = []
    for i, m in enumerate(roster.members, start=1):
        name = m["name"]
        if rng.random() < 0.02 and len(name) == 2:
            name = f"{name[0]}　{name[1]}"  # a full-width space to line up two-character names
        phone: Any = int(m["phone"])
        if rng.random() < 0.03:
            phone = f"{m['phone'][:3]}-{m['phone'][3:7]}-{m['phone'][7:]}"
        registered: Any = m["registered_on"]
        roll = rng.random()
        if roll < 0.05:
            registered = f"{registered.year}年{registered.month}月{registered.day}日"
        elif roll < 0.08:
            registered = f"{registered.year}.{registered.month}.{registered.day}"
        unit = units[m["unit_id"]]
        if rng.random() < 0.01:
            unit += "（盖章）"
        post = POST_SYNONYM[m["post"]] if rng.random() < 0.3 else term_label("member_post", m["post"], "zh")
        rows.append(
            [
                i,
                name,
                "男" if m["male"] else "女",
                phone,
                m["id_number"],
                unit,
                communities[m["community_id"]],
                registered,
                post,
                m["specialty"] or "",
                "已转出" if m["status"] == "left" else "在册",
                m["note"] or "",
            ]
        )
    return rows


def write_roster_xlsx(path: Path, title: str, rows: list[list[Any]]) -> None:
    """The roster workbook (xlsxwriter, constant memory): title row, header, one row per member."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("在职党员")
    bold = book.add_format({"bold": True, "align": "center", "font_size": 14})
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#DDEBF7"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.merge_range(0, 0, 0, len(ROSTER_HEADER) - 1, title, bold)
    sheet.write_row(1, 0, ROSTER_HEADER, head)
    for r, cells in enumerate(rows, start=2):
        for c, value in enumerate(cells):
            if isinstance(value, date):
                sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), day)
            elif isinstance(value, int):
                sheet.write_number(r, c, value)
            elif value:
                sheet.write_string(r, c, value)
    sheet.set_column(0, 0, 7)
    sheet.set_column(1, 3, 12)
    sheet.set_column(4, 4, 20)
    sheet.set_column(5, 6, 28)
    book.close()


def write_roster_csv(path: Path, rows: list[list[Any]]) -> None:
    """The same roster as UTF-8 CSV, header first, every cell as text (dates ISO)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(ROSTER_HEADER)
        for cells in rows:
            out.writerow([v.isoformat() if isinstance(v, date) else v for v in cells])


def survey_rows(roster: Roster, rng: random.Random, count: int) -> list[list[Any]]:
    """A carpet survey of `count` problems in the year after the records, some already assigned to a unit."""
    from gongjian.vocab import term_label

    year = roster.scale.last_year + 1
    units = {u["id"]: u["name"] for u in roster.units}
    grids = {g[0]: g[2] for g in roster.grids}
    categories = list(w.TICKET_CATEGORY_WEIGHTS)
    weights = list(w.TICKET_CATEGORY_WEIGHTS.values())
    rows: list[list[Any]] = []
    for i in range(count):
        c = roster.communities[rng.randrange(len(roster.communities))]
        category = rng.choices(categories, weights)[0]
        title = rng.choice(w.TICKET_TITLES[category])
        location = f"{rng.choice(w.ROADS)}{rng.randrange(1, 300)}号"
        found = _day_in(rng, year, start=date(year, 3, 1), end=date(year, 10, 31))
        paired = roster.paired(c["id"], found)
        assigned = bool(paired) and rng.random() < 0.6
        unit, due = "", None
        if assigned:
            unit = units[rng.choice(paired)]
            due = date.fromordinal(found.toordinal() + rng.randrange(15, 60))
        rows.append(
            [
                i + 1,
                c["name"],
                grids[rng.choice(roster.grids_of[c["id"]])],
                term_label("ticket_category", category, "zh"),
                title,
                f"{location}{title}，排查发现",
                location,
                rng.choice(("排查", "排查", "网格员上报", "居民反映")),
                found,
                unit,
                due,
                "已分派" if assigned else "待分派",
            ]
        )
    return rows


def units_rows(roster: Roster, rng: random.Random, count: int) -> list[list[Any]]:
    """`count` new enterprises for the unit register (none already in the roster): name, credit code,
    kind, contact, phone (a number cell, as Excel keeps a typed mobile), party members."""
    from gongjian.reading import normalize as n
    from gongjian.vocab import term_label

    taken = {n.match_key(u["name"]) for u in roster.units}
    codes = {u["credit_code"] for u in roster.units if u["credit_code"]}
    regions = [(district, region) for district, (region, _) in w.DISTRICTS.items()]
    suffixes = ("有限公司", "有限公司", "有限公司", "股份有限公司", "商贸有限公司", "经营部")
    kind = term_label("unit_kind", "private", "zh")
    rows: list[list[Any]] = []
    while len(rows) < count:
        district, region = regions[rng.randrange(len(regions))]
        words = rng.choice(w.FIRM_WORDS) + rng.choice(w.FIRM_WORDS) + rng.choice(w.FIRM_WORDS)
        name = f"{rng.choice(('浙江', '绍兴', district))}{words}{rng.choice(w.FIRM_TRADES)}{rng.choice(suffixes)}"
        key = n.match_key(name)
        if key in taken:
            continue
        code = w.credit_code(rng, "private", region)
        if code in codes:
            continue
        taken.add(key)
        codes.add(code)
        male = rng.random() < 0.6
        rows.append([name, code, kind, w.person(rng, male), int(w.mobile(rng)), rng.randrange(0, 30)])
    return rows


def write_xlsx(
    path: Path, sheet_name: str, title: str | None, header: tuple[str, ...], rows: list[list[Any]]
) -> None:
    """A workbook as clerks send them (xlsxwriter, constant memory): an optional title row, the header,
    one row per record; numbers as numbers, dates as date cells."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet(sheet_name)
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    first = 0
    if title is not None:
        bold = book.add_format({"bold": True, "align": "center", "font_size": 14})
        sheet.merge_range(0, 0, 0, len(header) - 1, title, bold)
        first = 1
    sheet.write_row(first, 0, header, book.add_format({"bold": True, "border": 1}))
    for r, cells in enumerate(rows, start=first + 1):
        for c, value in enumerate(cells):
            if isinstance(value, date):
                sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), day)
            elif isinstance(value, int):
                sheet.write_number(r, c, value)
            elif value:
                sheet.write_string(r, c, value)
    book.close()


def write_csv(path: Path, header: tuple[str, ...], rows: list[list[Any]]) -> None:
    """The same rows as UTF-8 CSV, header first, every cell as text (dates ISO)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        for cells in rows:
            out.writerow([v.isoformat() if isinstance(v, date) else ("" if v is None else v) for v in cells])


UNITS_HEADER = ("单位名称", "统一社会信用代码", "单位类型", "联络员", "联系电话", "党员数")
EXTRAS = ("units.xlsx", "units.csv", "survey.xlsx", "survey.csv")


def write_extras(
    out: Path, roster: Roster, units_rng: random.Random, survey_rng: random.Random
) -> dict[str, int]:
    """The unit register (units.xlsx/.csv) and the problem survey (survey.xlsx/.csv); their data rows."""
    scale = roster.scale
    units = units_rows(roster, units_rng, scale.unit_rows)
    write_xlsx(out / "units.xlsx", "共建单位", None, UNITS_HEADER, units)
    write_csv(out / "units.csv", UNITS_HEADER, units)
    survey = survey_rows(roster, survey_rng, scale.survey_rows)
    year = scale.last_year + 1
    write_xlsx(out / "survey.xlsx", "问题清单", f"{year}年城市社区地毯式排查问题清单", SURVEY_HEADER, survey)
    write_csv(out / "survey.csv", SURVEY_HEADER, survey)
    return {
        "units.xlsx": len(units),
        "units.csv": len(units),
        "survey.xlsx": len(survey),
        "survey.csv": len(survey),
    }


def write_all(out: Path, roster: Roster, rng: random.Random) -> dict[str, int]:
    """Write roster.xlsx and roster.csv into `out`; returns the data rows of each."""
    rows = roster_rows(roster, rng)
    year = roster.scale.last_year
    write_roster_xlsx(out / "roster.xlsx", f"绍兴市在职党员进社区报到花名册（{year}年）", rows)
    write_roster_csv(out / "roster.csv", rows)
    return {"roster.xlsx": len(rows), "roster.csv": len(rows)}
