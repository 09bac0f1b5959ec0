"""`gongjian search`: one search over the whole ledger — short Chinese words, several words, filters, the
order, the marked text, and members found by name only."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from gongjian.ledger import Ledger
from gongjian.reports.search import search, snippet


def hits(cli, *args: str) -> list[dict]:
    r = cli("search", *args, "--format", "json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def documents_holding(path, *words: str) -> set[tuple[int, int]]:
    """Ground truth: (kind code, id) of every record whose indexed text holds every word (a plain scan of
    the documents the index is built from)."""
    conn = sqlite3.connect(path)
    try:
        found = set()
        for doc, head, body in conn.execute("SELECT doc, head, body FROM search_documents"):
            text = (head + body).lower()
            if all(w.lower() in text for w in words):
                found.add((doc & 15, doc >> 4))
        return found
    finally:
        conn.close()


CODES = {"community": 1, "unit": 2, "agreement": 3, "activity": 4, "ticket": 5, "need": 6, "resource": 7,
         "project": 8, "meeting": 9, "member": 10}  # fmt: skip


@pytest.mark.parametrize("words", [("路灯",), ("垃圾",), ("停车",), ("灯",), ("王",), ("路灯", "北城"), ("垃圾分类",),
                                   ("北城公寓", "垃圾"), ("统计局",), ("bc",), ("区", "灯"), ("王", "区")])  # fmt: skip
def test_one_and_two_character_words_find_exactly_what_the_text_holds(demo_cli, demo_db, words):
    found = hits(demo_cli, *words, "--limit", "0")
    assert {(CODES[h["kind"]], h["id"]) for h in found} == documents_holding(demo_db, *words)
    assert found, words
    for h in found:
        assert "【" in h["text"] or h["kind"] == "unit"


def test_a_search_lists_kind_number_date_community_and_the_marked_text(demo_cli):
    r = demo_cli("search", "路灯", "北城", "--limit", "3")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["类别", "编号或名称", "日期", "社区", "匹配内容"]
    assert lines[-1] == "共找到 2 条"  # both words in one record: two 北城 problems of the demo
    more = demo_cli("search", "垃圾", "--limit", "3").stdout.splitlines()
    assert (
        len(more) == 5
        and more[-1] == f"共找到 {len(hits(demo_cli, '垃圾', '--limit', '0'))} 条，列出最相关的 3 条"
    )
    found = hits(demo_cli, "路灯", "北城", "--limit", "3")
    with Ledger.open(demo_cli.path, readonly=True) as ledger:
        ticket = ledger.tickets.ticket(found[0]["ref"])
    assert found[0] == {
        "kind": "ticket",
        "id": ticket["id"],
        "ref": ticket["number"],
        "date": ticket["reported_on"],
        "community": "北城社区",
        "text": found[0]["text"],
    }
    assert lines[1].split()[:4] == ["问题", ticket["number"], ticket["reported_on"], "北城社区"]
    assert "【路灯】" in found[0]["text"] and "【北城】" in found[0]["text"]  # the field holding both words
    table = csv.DictReader(io.StringIO(demo_cli("search", "路灯", "--format", "csv", "--limit", "2").stdout))
    assert table.fieldnames == ["kind", "id", "ref", "date", "community", "text"]


def test_the_name_or_title_comes_before_the_text_and_the_roster_before_the_records(demo_cli):
    found = hits(demo_cli, "北城", "--limit", "5")
    assert (found[0]["kind"], found[0]["ref"], found[0]["text"]) == ("community", "北城社区", "【北城】社区")
    assert demo_cli("activity", "add", "北城社区", "路灯巡查", "--date", "2016-05-02",
                    "--organiser", "乐清市统计局").exit_code == 0  # fmt: skip
    first = hits(demo_cli, "路灯巡查")[0]
    assert (first["kind"], first["ref"], first["text"]) == ("activity", "路灯巡查", "【路灯巡查】")


def test_filters_by_kind_community_and_year(demo_cli):
    tickets = hits(demo_cli, "路灯", "--kind", "问题", "--limit", "0")
    assert tickets and {h["kind"] for h in tickets} == {"ticket"}
    both = hits(demo_cli, "北城", "-k", "社区,单位", "--limit", "0")
    assert {h["kind"] for h in both} == {"community"}
    in_bc = hits(demo_cli, "路灯", "-c", "北城", "--limit", "0")
    assert in_bc and {h["community"] for h in in_bc} == {"北城社区"}
    in_2016 = hits(demo_cli, "路灯", "--year", "2016", "--limit", "0")
    assert in_2016 and {h["date"][:4] for h in in_2016} == {"2016"}
    units = hits(demo_cli, "统计", "-c", "北城", "--limit", "0")  # units paired with 北城 count as its own
    assert [h["ref"] for h in units if h["kind"] == "unit"] == ["乐清市统计局"]
    r = demo_cli("search", "路灯", "--kind", "文件")
    assert (r.exit_code, r.stderr) == (
        1,
        "检索范围无效：文件（可选：社区、单位、协议、活动、问题、需求、资源、项目、会议、党员）\n",
    )


def test_members_are_found_by_name_only_and_never_by_phone_or_id_number(demo_cli, demo_db):
    with Ledger.open(demo_db, readonly=True) as ledger:
        member = ledger.store.row(
            "SELECT name, phone, id_number FROM members WHERE phone IS NOT NULL LIMIT 1"
        )
    by_name = [h for h in hits(demo_cli, member["name"], "-k", "党员") if h["ref"] == member["name"]]
    assert by_name and set(by_name[0]) == {"kind", "id", "ref", "date", "community", "text"}
    assert member["phone"] not in json.dumps(by_name, ensure_ascii=False)
    for secret in (member["phone"], member["phone"][-4:], member["id_number"], member["id_number"][:6]):
        assert hits(demo_cli, secret, "-k", "党员", "--limit", "0") == []
    with Ledger.open(demo_db, readonly=True) as ledger:
        indexed = ledger.store.scalar(
            "SELECT count(*) FROM search_index WHERE rowid & 15 = 10 AND (instr(head, ?) OR instr(body, ?))",
            (member["phone"], member["phone"]),
        )
    assert indexed == 0


def test_nothing_found_and_no_words_at_all(demo_cli):
    r = demo_cli("search", "量子纠缠")
    assert (r.exit_code, r.stdout) == (0, "没有找到“量子纠缠”\n")
    assert hits(demo_cli, "量子纠缠") == []
    assert hits(demo_cli, "鑫") == []  # a character no text holds
    r = demo_cli("search", "  ")
    assert (r.exit_code, r.stderr) == (1, "请给出要找的词\n")
    assert demo_cli("search").exit_code == 2


def test_the_index_follows_every_write_and_undo(demo_cli, demo_db):
    r = demo_cli("ticket", "open", "北城", "消火栓漏水", "-l", "建设路12号", "--description", "夜间有安全隐患",
                 "--reported", "2016-03-05")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    (found,) = hits(demo_cli, "消火栓漏水")
    assert (found["kind"], found["date"], found["community"]) == ("ticket", "2016-03-05", "北城社区")
    assert hits(demo_cli, "安全隐患", "-c", "北城")[0]["ref"] == found["ref"]
    assert demo_cli("unit", "edit", "乐清市统计局", "--name", "乐清市统计信息中心").exit_code == 0
    assert [h["ref"] for h in hits(demo_cli, "统计信息中心")] == ["乐清市统计信息中心"]
    assert hits(demo_cli, "乐清市统计局", "-k", "单位") == []
    assert demo_cli("undo", "--yes").exit_code == 0
    assert [h["ref"] for h in hits(demo_cli, "乐清市统计局", "-k", "单位")] == ["乐清市统计局"]
    assert demo_cli("undo", "--yes").exit_code == 0  # the ticket goes, and so does its document
    assert hits(demo_cli, "消火栓") == []
    with Ledger.open(demo_db) as ledger:
        assert ledger.maintenance.doctor() == []


def test_a_unit_is_found_by_its_legal_representative_as_by_its_contact(demo_cli, demo_db):
    """#24's 法定代表人 is the unit's 负责人: a clerk who knows only the person finds the unit."""
    assert hits(demo_cli, "欧阳振华") == []
    assert demo_cli("unit", "edit", "乐清市统计局", "--legal-rep", "欧阳振华").exit_code == 0
    (found,) = hits(demo_cli, "欧阳振华")
    assert (found["kind"], found["ref"], found["text"]) == ("unit", "乐清市统计局", "【欧阳振华】")
    assert [h["ref"] for h in hits(demo_cli, "振华", "-k", "单位")] == ["乐清市统计局"]
    assert demo_cli("undo", "--yes").exit_code == 0
    assert hits(demo_cli, "欧阳振华") == []
    with Ledger.open(demo_db) as ledger:
        assert ledger.maintenance.doctor() == []


def test_the_api_and_the_snippet(demo_db):
    with Ledger.open(demo_db, readonly=True) as ledger:
        result = search(ledger, "垃圾 北城", kinds=["ticket"], limit=2)
    assert result["words"] == ["垃圾", "北城"] and result["total"] >= len(result["hits"]) == 2
    long = "北城公寓23幢4单元门口垃圾满溢，清运不及时，异味明显，居民多次反映，希望环卫部门加快清运频次并增设分类垃圾桶"
    assert snippet("垃圾清运不及时\n\n", long + "\n\n", ["异味"]) == (
        "北城公寓23幢4单元门口垃圾满溢，清运不及时，【异味】明显，居民多次反映，希望环卫部门加快清运频次并增设分类垃圾桶"
    )
    assert snippet("标题\n\n", long + "\n\n", ["北城", "垃圾"]).startswith(
        "【北城】公寓23幢4单元门口【垃圾】满溢"
    )
    assert snippet("标题\n\n", "x" * 100 + "异味" + "y" * 100 + "\n\n", ["异味"]) == (
        "…" + "x" * 20 + "【异味】" + "y" * 38 + "…"
    )


def test_every_searched_table_is_a_kind_a_clerk_can_name():
    from gongjian.reports.search import CODES, KIND_OF_TABLE
    from gongjian.store import migrations
    from gongjian.vocab import keys

    assert set(KIND_OF_TABLE) == set(migrations.SEARCHED)
    assert sorted(KIND_OF_TABLE.values()) == sorted(keys("search_kind"))
    assert {CODES[KIND_OF_TABLE[table]] for table in migrations.SEARCHED} == set(migrations.SEARCHED.values())


def test_brackets_of_either_width_part_words_so_a_name_is_found_as_the_clerk_types_it(demo_cli):
    """Stored as typed with full-width （）; found from the half-width brackets Excel and IMEs give."""
    r = demo_cli("unit", "add", "乐清市（北城）居家养老服务中心", "--kind", "社会组织")
    assert r.exit_code == 0, r.stderr
    for query in (
        "乐清市(北城)居家养老服务中心",
        "(北城)居家养老",
        "北城 居家养老",
        "乐清市（北城）居家养老服务中心",
    ):
        found = [h for h in hits(demo_cli, query) if h["kind"] == "unit"]
        assert [h["ref"] for h in found] == ["乐清市（北城）居家养老服务中心"], query
    r = demo_cli("search", "（）、")
    assert (r.exit_code, r.stderr) == (1, "请给出要找的词\n")
