"""What a shell completes from the ledger (`reports.completion.candidates`): names and numbers, those that
start with what was typed first, nothing from a file that is not a readable ledger."""

from __future__ import annotations

from gongjian.reports.completion import LIMIT, candidates


def test_communities_complete_by_code_or_name(demo_db):
    assert candidates(demo_db, "community", "bc") == [("BC", "北城社区")]
    assert ("BC", "北城社区") in candidates(demo_db, "community", "北城")


def test_units_complete_from_any_part_of_the_name(demo_db):
    found = [name for name, _ in candidates(demo_db, "unit", "统计")]
    assert found == ["乐清市统计局"]
    assert len(candidates(demo_db, "unit", "")) == LIMIT


def test_members_are_offered_with_their_unit_never_their_phone(demo_db):
    found = candidates(demo_db, "member", "张丽")
    assert found and all(name.startswith("张丽") for name, _ in found)
    assert all(not any(ch.isdigit() for ch in name + unit) for name, unit in found)


def test_a_missing_or_foreign_file_completes_nothing(tmp_path):
    assert candidates(tmp_path / "没有.db", "unit", "统计") == []
    foreign = tmp_path / "名单.db"
    foreign.write_text("不是台账", encoding="utf-8")
    assert candidates(foreign, "unit", "统计") == []
    assert candidates(foreign, "phone", "") == []
