"""The benchmark cannot rot: its generator and runner work at a tiny scale (no timing is asserted here).

The generated city must be valid data for gongjian itself: checksummed identifiers, one lead per
community, an audit row for every insert, and spreadsheets that import without a single rejected row.
"""

from __future__ import annotations

import csv
import re
import shutil
import sys
from pathlib import Path

import pytest

from gongjian.store import migrations

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import generate, names, run, sheets  # noqa: E402
from gongjian.importing.importer import run_import  # noqa: E402
from gongjian.ledger import Ledger  # noqa: E402
from gongjian.reading import normalize as n  # noqa: E402

TINY = generate.SCALES["tiny"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    """The tiny city, generated once for this module."""
    out = tmp_path_factory.mktemp("bench") / "tiny"
    generate.generate(out, TINY, log=lambda _: None)
    return out


def test_checksums_match_gongjian_validators():
    import random

    rng = random.Random(7)
    for kind in ("government", "institution", "soe", "private", "social_org", "other"):
        code = names.credit_code(rng, kind, "330602")
        assert n.credit_code(code) == code
    assert names.credit_code(rng, "military", "330602") is None
    for male in (True, False):
        idn = names.id_number(rng, "330602", male)
        assert n.id_number(idn) == idn
        assert int(idn[16]) % 2 == (1 if male else 0)
    assert n.phone(names.mobile(rng))
    # the standard's own example: 91350100M000100Y43 is a valid code
    assert names.credit_check("91350100M000100Y4") == "3"


def test_plan_is_deterministic_and_valid():
    first, again = generate.plan(TINY), generate.plan(TINY)
    assert [m["id_number"] for m in first.members] == [m["id_number"] for m in again.members]
    assert [u["name"] for u in first.units] == [u["name"] for u in again.units]
    assert len(first.communities) == TINY.communities and len(first.units) == TINY.units
    assert len(first.members) == TINY.members
    assert len({m["id_number"] for m in first.members}) == TINY.members
    assert len({u["name_key"] for u in first.units}) == TINY.units
    for unit in first.units:
        assert n.unit_name(unit["name"]) == unit["name"]
        if unit["credit_code"]:
            assert n.credit_code(unit["credit_code"]) == unit["credit_code"]
    leads = [p["community_id"] for p in first.pairings if p["role"] == "lead"]
    assert sorted(leads) == [c["id"] for c in first.communities]


def test_city_ledger_is_consistent(tiny):
    with Ledger.open(tiny / "city.db", readonly=True) as ledger:
        counts = {
            t: ledger.store.scalar(f"SELECT count(*) FROM {t}")
            for t in (
                "communities",
                "units",
                "pairings",
                "agreements",
                "activities",
                "activity_units",
                "contributions",
                "tickets",
                "ticket_events",
                "members",
                "services",
                "needs",
                "resources",
                "projects",
                "project_claims",
                "meetings",
                "meeting_attendance",
                "unit_ratings",
            )
        }
        assert all(counts.values()), counts
        assert counts["members"] == TINY.members
        # the audit triggers fired for every row written by `bench generate`
        audited = ledger.store.scalar(
            "SELECT count(*) FROM audit_changes WHERE command_id = "
            "(SELECT id FROM audit_commands WHERE command = 'bench generate')"
        )
        total = sum(ledger.store.scalar(f"SELECT count(*) FROM {t}") for t in migrations.AUDITED)
        assert audited == total
        assert (
            ledger.store.scalar("SELECT count(*) FROM pairings WHERE role = 'lead' AND ended IS NULL")
            == TINY.communities
        )
        statuses = {r["status"] for r in ledger.store.rows("SELECT DISTINCT status FROM tickets")}
        assert statuses == {"open", "assigned", "in_progress", "resolved", "closed", "rejected"}
        assert not ledger.store.rows(
            "SELECT id FROM tickets WHERE status = 'closed' AND (verifier IS NULL OR closed_on IS NULL)"
        )
        assert not ledger.store.rows(
            "SELECT id FROM tickets WHERE status IN ('assigned', 'in_progress') "
            "AND (assignee_id IS NULL OR deadline IS NULL)"
        )
        for number, code, year, seq in ledger.store.conn.execute(
            "SELECT t.number, c.code, t.year, t.seq FROM tickets t JOIN communities c ON c.id = t.community_id"
        ):
            assert number == f"{code}-{year}-{seq:05d}"
        years = [r["year"] for r in ledger.store.rows("SELECT DISTINCT year FROM activities ORDER BY year")]
        assert years == list(TINY.years)
        assert ledger.store.scalar("SELECT value FROM meta WHERE key = 'name'") == generate.LEDGER_NAME


def test_generation_is_reused_until_the_fingerprint_changes(tiny):
    said = []
    manifest = generate.generate(tiny, TINY, log=said.append)
    assert said == [f"reusing the generated tiny city in {tiny}"]
    assert manifest["fingerprint"] == generate.fingerprint(TINY, generate.SEED)
    assert manifest["sheets"] == {
        "roster.xlsx": TINY.members,
        "roster.csv": TINY.members,
        "survey.xlsx": TINY.survey_rows,
    }


def test_roster_files_import_without_a_rejected_row(tiny, tmp_path):
    import python_calamine as pc

    cells = pc.CalamineWorkbook.from_path(str(tiny / "roster.xlsx")).get_sheet_by_index(0).to_python()
    assert cells[0][0].startswith("绍兴市在职党员进社区报到花名册")
    assert tuple(cells[1]) == sheets.ROSTER_HEADER
    assert len(cells) == TINY.members + 2
    with open(tiny / "roster.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == sheets.ROSTER_HEADER and len(rows) == TINY.members + 1
    assert all(re.fullmatch(r"\d{17}[\dX]", r[4]) for r in rows[1:])
    for name in ("roster.xlsx", "roster.csv"):
        db = tmp_path / f"{name}.db"
        shutil.copyfile(tiny / "target.db", db)
        with Ledger.open(db) as ledger:
            report = run_import(ledger, "members", tiny / name)
            assert (report.inserted, report.rejected, report.errors) == (TINY.members, 0, [])
            assert ledger.store.scalar("SELECT count(*) FROM members") == TINY.members
    with (
        Ledger.open(tmp_path / "roster.csv.db") as ledger,
        Ledger.open(tiny / "city.db", readonly=True) as city,
    ):
        imported = {
            r["id_number"]: r
            for r in ledger.store.rows(
                "SELECT m.name, m.phone, m.id_number, u.name AS unit, m.post, m.status FROM members m "
                "JOIN units u ON u.id = m.unit_id"
            )
        }
        planned = {
            r["id_number"]: r
            for r in city.store.rows(
                "SELECT m.name, m.phone, m.id_number, u.name AS unit, m.post, m.status FROM members m "
                "JOIN units u ON u.id = m.unit_id"
            )
        }
        assert imported == planned


def test_survey_imports_without_a_rejected_row(tiny, tmp_path):
    db = tmp_path / "survey.db"
    shutil.copyfile(tiny / "target.db", db)
    with Ledger.open(db) as ledger:
        report = run_import(ledger, "tickets", tiny / "survey.xlsx")
        assert (report.inserted, report.rejected) == (TINY.survey_rows, 0)


def test_runner_smoke(tiny, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    shutil.copytree(tiny, out / "tiny")
    results = tmp_path / "RESULTS.md"
    assert (
        run.main(["--quick", "--scale", "tiny", "--no-peers", "--out", str(out), "--results", str(results)])
        == 0
    )
    text = results.read_text(encoding="utf-8")
    for heading in (
        "## Targets",
        "### import members (300 rows × 12 columns)",
        "### assessment workbook 2025",
        "### report year 2025 / summary",
        "### cold start",
        "### search (city ledger)",
        "## Machine and versions",
    ):
        assert heading in text
    assert "not available: skipped (--no-peers)" in text
    printed = capsys.readouterr().out
    assert "reusing the generated tiny city" in printed
    # every contender that gongjian itself provides ran (none is "not available" but the skipped peers)
    missing = [line for line in text.splitlines() if "not available" in line and "--no-peers" not in line]
    assert missing == []


def test_the_register_bench_runs_at_a_tiny_scale(tmp_path, capsys, monkeypatch):
    """`python -m bench.registers` (issue #24): its three files import whole; the figures are only printed."""
    from bench import registers

    monkeypatch.chdir(ROOT)
    registers.main(["--rows", "30", "--runs", "1", "--out", str(tmp_path)])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "30 enterprises, median of 1 runs (wall / CPU seconds)"
    assert [line.split(":")[0].strip() for line in lines[1:]] == [
        "floor (calamine read + one executemany, bare table)",
        "start-up (gongjian info)",
        "gongjian import units (xlsx)",
        "gongjian import units (html)",
        "gongjian import units (xml)",
    ]
    with Ledger.open(tmp_path / "gongjian.db") as ledger:  # the last run: the XML spreadsheet
        assert ledger.store.scalar("SELECT count(*) FROM units") == 30
