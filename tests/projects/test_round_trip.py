"""The sheets a clerk edits in Excel and imports back: projects (status, completion, ratings) and joint meetings
(topics, decisions), matched by the 台账编号 the export writes first; all or nothing, rejects, idempotent."""

from __future__ import annotations

import datetime

import openpyxl
import pytest
from projects_support import build_town, count, js

from gongjian.ledger import Ledger


@pytest.fixture
def town_projects(db, cli):
    """北城社区 with four projects: #1 listed, #2 claimed (no tasks), #3 claimed with an open task, #4 done
    (unrated); one meeting on 2016-03-18 with every paired unit present."""
    build_town(db)
    with Ledger.open(db) as ledger:
        for title in ("新建居民晾晒场", "四点半课堂", "楼道照明改造", "老年人智能手机课堂"):
            ledger.projects.add_project(
                community="BC",
                title=title,
                budget="2万元",
                listed_on="2016-03-01",
                claim_deadline="2016-03-31",
            )
        for ref in ("四点半课堂", "楼道照明改造", "老年人智能手机课堂"):
            ledger.projects.claim_project(ref, ["乐清市统计局"], on="2016-03-10")
        ledger.projects.add_project_task("楼道照明改造", "采购LED灯具", owner="周海峰", due="2016-05-01")
        ledger.projects.finish_project("老年人智能手机课堂", on="2016-06-15")
        ledger.meetings.add_meeting(
            date="2016-03-18", community="BC", chair="乐清市统计局", present="全部", topics="二季度项目认领"
        )
    return cli


def sheet(path):
    """The first sheet of a workbook: its header and a row number per 台账编号."""
    book = openpyxl.load_workbook(path)
    ws = book.active
    header = [c.value for c in ws[1]]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    return book, ws, {h: i + 1 for i, h in enumerate(header)}, rows


def exported(cli, tmp_path, kind: str):
    path = tmp_path / f"{kind}.xlsx"
    r = cli("export", kind, "--format", "xlsx", "-o", str(path))
    assert r.exit_code == 0, r.stderr
    return path


def test_the_export_opens_with_the_ledger_number_and_re_imports_unchanged(town_projects, tmp_path):
    path = exported(town_projects, tmp_path, "projects")
    _, ws, col, rows = sheet(path)
    assert [c.value for c in ws[1]][:3] == ["台账编号", "社区", "标题"]
    assert [c.value for c in ws[1]][-7:] == [
        "状态",
        "办结日期",
        "满意",
        "基本满意",
        "不满意",
        "评议日期",
        "备注",
    ]
    assert sorted(rows) == [1, 2, 3, 4]
    r = town_projects("import", "projects", str(path))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith(
        "导入共建项目：新增 0，更新 0，未变 4，有误 0（projects.xlsx，工作表“projects”）\n"
    )
    # CSV and JSON keep their columns: the same number is `id`, at the end as before.
    header = town_projects("export", "projects").stdout.splitlines()[0]
    assert header.startswith("\ufeffcommunity,title,") or header.startswith("community,title,")
    assert header.endswith(",note,id,uid,created_at,updated_at")


def test_status_completion_and_ratings_come_back_from_the_sheet(town_projects, db, tmp_path):
    path = exported(town_projects, tmp_path, "projects")
    book, ws, col, rows = sheet(path)
    ws.cell(rows[2], col["状态"]).value = "已完成"
    ws.cell(rows[2], col["办结日期"]).value = datetime.datetime(2016, 5, 31)
    ws.cell(rows[4], col["满意"]).value = 28
    ws.cell(rows[4], col["基本满意"]).value = 5
    ws.cell(rows[4], col["不满意"]).value = 1
    ws.cell(rows[4], col["评议日期"]).value = "2016年6月20日"
    ws.cell(rows[1], col["状态"]).value = "已取消"
    ws.cell(rows[1], col["备注"]).value = "资金未落实"
    book.save(path)
    r = town_projects("import", "projects", str(path))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("导入共建项目：新增 0，更新 3，未变 1，有误 0")
    two = js(town_projects("project", "show", "四点半课堂", "--format", "json"))
    assert (two["status"], two["done_on"]) == ("done", "2016-05-31")
    four = js(town_projects("project", "show", "老年人智能手机课堂", "--format", "json"))
    assert (four["satisfied"], four["basically_satisfied"], four["unsatisfied"], four["rated_on"]) == (
        28,
        5,
        1,
        "2016-06-20",
    )
    one = js(town_projects("project", "show", "新建居民晾晒场", "--format", "json"))
    assert (one["status"], one["note"]) == ("cancelled", "资金未落实")
    again = town_projects("import", "projects", str(path))
    assert again.stdout.startswith("导入共建项目：新增 0，更新 0，未变 4，有误 0")  # idempotent
    log = js(town_projects("log", "--format", "json"))
    assert [c["command"] for c in log[:2]] == ["import projects", "import projects"]
    undone = town_projects("undo", "--yes")
    assert undone.exit_code == 0, undone.stderr
    assert js(town_projects("project", "show", "四点半课堂", "--format", "json"))["status"] == "claimed"
    assert js(town_projects("project", "show", "新建居民晾晒场", "--format", "json"))["status"] == "listed"


def test_a_title_whose_brackets_excel_made_half_width_is_still_the_numbered_project(
    town_projects, db, tmp_path
):
    """The row's title is checked against the numbered project by its matching key (#17), as every lookup:
    Excel's autocorrect turning （二期） into (二期) is no other record; the title stays as the ledger holds it."""
    with Ledger.open(db) as ledger:
        ledger.projects.add_project(
            community="BC", title="楼道照明改造（二期）", budget="3万元", listed_on="2016-07-01"
        )
    path = exported(town_projects, tmp_path, "projects")
    book, ws, col, rows = sheet(path)
    assert ws.cell(rows[5], col["标题"]).value == "楼道照明改造（二期）"
    ws.cell(rows[5], col["标题"]).value = "楼道照明改造(二期)"
    ws.cell(rows[5], col["备注"]).value = "待下半年认领"
    book.save(path)
    r = town_projects("import", "projects", str(path))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("导入共建项目：新增 0，更新 1，未变 4，有误 0")
    five = js(town_projects("project", "show", "5", "--format", "json"))
    assert (five["title"], five["note"]) == ("楼道照明改造（二期）", "待下半年认领")


def test_unknown_numbers_other_records_and_forbidden_moves_are_errors_at_their_rows(
    town_projects, db, tmp_path
):
    path = exported(town_projects, tmp_path, "projects")
    book, ws, col, rows = sheet(path)
    ws.cell(rows[1], col["状态"]).value = "已完成"  # listed → done skips the claim
    ws.cell(rows[3], col["状态"]).value = "已完成"  # its task is still open
    ws.cell(rows[4], col["状态"]).value = "待认领"  # done is final
    ws.cell(rows[2], col["台账编号"]).value = 99  # no such project
    ws.cell(rows[2], col["满意"]).value = 3  # (not rated: the row is refused as a whole)
    book.save(path)
    before = {t: count(db, t) for t in ("projects", "audit_commands", "audit_changes")}
    r = town_projects("import", "projects", str(path), "--format", "json")
    assert r.exit_code == 1
    errors = js(type("R", (), {"exit_code": 0, "stdout": r.stdout, "stderr": ""})())["errors"]
    assert errors == [
        {
            "sheet": "projects",
            "row": 2,
            "column": "状态",
            "reason": "项目“新建居民晾晒场”不能从“待认领”改为“已完成”（流程：待认领→已认领→已完成，未完成的可取消）",
        },
        {
            "sheet": "projects",
            "row": 3,
            "column": "台账编号",
            "reason": "台账中没有台账编号为 99 的项目（新增的记录请把台账编号留空）",
        },
        {
            "sheet": "projects",
            "row": 4,
            "column": "状态",
            "reason": "项目“楼道照明改造”还有 1 项任务未完成：采购LED灯具；请先用 gongjian project task done 逐项完成",
        },
        {
            "sheet": "projects",
            "row": 5,
            "column": "状态",
            "reason": "项目“老年人智能手机课堂”不能从“已完成”改为“待认领”（流程：待认领→已认领→已完成，未完成的可取消）",
        },
    ]
    assert {
        t: count(db, t) for t in before
    } == before  # all or nothing: nothing written, not even a log entry


def test_a_number_that_names_another_record_is_refused_and_skip_invalid_writes_the_rest(
    town_projects, tmp_path
):
    path = exported(town_projects, tmp_path, "projects")
    book, ws, col, rows = sheet(path)
    ws.cell(rows[2], col["标题"]).value = "四点半课堂（暑期班）"  # a retitled row keeps project 2's number
    ws.cell(rows[1], col["状态"]).value = "已取消"
    book.save(path)
    r = town_projects("import", "projects", str(path), "--skip-invalid")
    assert r.exit_code == 0, r.stderr
    assert "更新 1，未变 2，有误 1" in r.stdout
    rejects = openpyxl.load_workbook(tmp_path / "projects.rejects.xlsx").active
    header = [c.value for c in rejects[1]]
    assert header[0] == "台账编号" and header[-1] == "错误原因"
    (row,) = list(rejects.iter_rows(min_row=2, values_only=True))
    assert row[0] == 2 and row[2] == "四点半课堂（暑期班）"
    assert row[-1] == "“台账编号”列：台账编号 2 是北城社区的项目“四点半课堂”，与本行的社区或项目名称不符"
    assert js(town_projects("project", "show", "新建居民晾晒场", "--format", "json"))["status"] == "cancelled"


def test_a_new_project_leaves_the_number_empty_and_is_listed_as_before(town_projects, tmp_path):
    path = exported(town_projects, tmp_path, "projects")
    book, ws, col, rows = sheet(path)
    new = ws.max_row + 1
    for header, value in {
        "社区": "北城社区",
        "标题": "社区图书角",
        "预算（元）": 8000,
        "发布日期": "2016-09-01",
    }.items():
        ws.cell(new, col[header]).value = value
    book.save(path)
    r = town_projects("import", "projects", str(path), "--dry-run")
    assert r.stdout.startswith("试导入共建项目（未写入）：将新增 1，更新 0，未变 4，有误 0")
    r = town_projects("import", "projects", str(path))
    assert r.stdout.startswith("导入共建项目：新增 1，更新 0，未变 4，有误 0")
    row = js(town_projects("project", "show", "社区图书角", "--format", "json"))
    assert (row["status"], row["budget_fen"], row["listed_on"]) == ("listed", 800000, "2016-09-01")


def test_meetings_topics_and_decisions_come_back_and_attendance_stays(town_projects, tmp_path):
    path = exported(town_projects, tmp_path, "meetings")
    book, ws, col, rows = sheet(path)
    assert [c.value for c in ws[1]] == [
        "台账编号",
        "日期",
        "社区",
        "轮值主席",
        "出席单位",
        "议题",
        "决定事项",
        "备注",
    ]
    ws.cell(rows[1], col["议题"]).value = "二季度项目认领、晾晒场选址"
    ws.cell(rows[1], col["决定事项"]).value = "晾晒场由统计局牵头实施"
    ws.delete_cols(col["出席单位"])  # only the topics and decisions go back
    book.save(path)
    r = town_projects("import", "meetings", str(path))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("导入联席会议：新增 0，更新 1，未变 0，有误 0")
    (meeting,) = js(town_projects("meeting", "list", "--format", "json"))
    assert (meeting["topics"], meeting["decisions"]) == (
        "二季度项目认领、晾晒场选址",
        "晾晒场由统计局牵头实施",
    )
    assert meeting["present"] == ["乐清市统计局", "乐清市人民医院", "乐清市司法局"]
    assert town_projects("import", "meetings", str(path)).stdout.startswith(
        "导入联席会议：新增 0，更新 0，未变 1"
    )


def test_a_meeting_row_whose_number_is_unknown_or_of_another_day_is_refused(town_projects, db, tmp_path):
    path = exported(town_projects, tmp_path, "meetings")
    book, ws, col, rows = sheet(path)
    ws.cell(rows[1], col["日期"]).value = "2016-03-25"
    book.save(path)
    r = town_projects("import", "meetings", str(path))
    assert r.exit_code == 1
    assert "台账编号 1 是北城社区 2016-03-18 的联席会议，与本行的社区或日期不符" in r.stdout
    ws.cell(rows[1], col["日期"]).value = "2016-03-18"
    ws.cell(rows[1], col["台账编号"]).value = 7
    book.save(path)
    r = town_projects("import", "meetings", str(path))
    assert r.exit_code == 1
    assert "台账中没有台账编号为 7 的联席会议（新增的记录请把台账编号留空）" in r.stdout
    assert count(db, "meetings") == 1
