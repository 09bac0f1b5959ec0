"""The benchmark cannot rot: its generator and runner work at a tiny scale (no timing is asserted here).

The generated city must be valid data for gongjian itself: checksummed identifiers, one lead per
community, an audit row for every insert, and spreadsheets that import without a single rejected row.
"""

from __future__ import annotations

import csv
import json
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
        "units.xlsx": TINY.unit_rows,
        "units.csv": TINY.unit_rows,
        "survey.xlsx": TINY.survey_rows,
        "survey.csv": TINY.survey_rows,
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


@pytest.mark.parametrize("name", ["survey.xlsx", "survey.csv"])
def test_survey_imports_without_a_rejected_row(tiny, tmp_path, name):
    db = tmp_path / "survey.db"
    shutil.copyfile(tiny / "target.db", db)
    with Ledger.open(db) as ledger:
        report = run_import(ledger, "tickets", tiny / name)
        assert (report.inserted, report.rejected) == (TINY.survey_rows, 0)


@pytest.mark.parametrize("name", ["units.xlsx", "units.csv"])
def test_unit_register_imports_as_new_units(tiny, tmp_path, name):
    """The 50,000-row register of the city scale: every row a new, valid enterprise (none in the roster)."""
    db = tmp_path / "units.db"
    shutil.copyfile(tiny / "target.db", db)
    with Ledger.open(db) as ledger:
        before = ledger.store.scalar("SELECT max(id) FROM units")
        report = run_import(ledger, "units", tiny / name)
        assert (report.inserted, report.updated, report.rejected) == (TINY.unit_rows, 0, 0)
        new = "SELECT count(*) FROM units WHERE id > ?"
        assert ledger.store.scalar(new, (before,)) == TINY.unit_rows
        assert (
            ledger.store.scalar(
                new + " AND kind = 'private' AND credit_code LIKE '91%' AND length(phone) = 11", (before,)
            )
            == TINY.unit_rows
        )


def test_floor_task_times_a_bare_table(tiny, tmp_path, capsys):
    """The physical floor reads every record of the file and stores it in a table with no index or trigger."""
    import sqlite3

    from bench import tasks

    for name, skip, rows in (("roster.xlsx", 2, TINY.members), ("units.csv", 1, TINY.unit_rows)):
        db = tmp_path / f"{name}.db"
        tasks.main(["floor", "--db", str(db), "--skip", str(skip), str(tiny / name)])
        payload = json.loads(capsys.readouterr().out.split("BENCH_JSON ", 1)[1])
        assert payload["rows"] == rows and payload["seconds"] > 0 and payload["cpu"] > 0
        conn = sqlite3.connect(db)
        try:
            assert conn.execute("SELECT count(*) FROM floor").fetchone()[0] == rows
            kinds = {r[0] for r in conn.execute("SELECT type FROM sqlite_master")}
            assert kinds == {"table"}  # no index, no trigger
        finally:
            conn.close()


def test_store_floor_writes_what_the_import_stored(tiny, tmp_path, capsys):
    """The store floor's rows, written by `Store.bulk_insert` alone, make the same tickets, moves, audit rows and
    search documents as `import tickets` of the same file (uids and stamps aside)."""
    import sqlite3

    from bench import tasks

    imported, again = tmp_path / "imported.db", tmp_path / "store.db"
    for db in (imported, again):
        shutil.copyfile(tiny / "target.db", db)
    with Ledger.open(imported) as ledger:
        assert run_import(ledger, "tickets", tiny / "survey.csv").inserted == TINY.survey_rows
    rows = tmp_path / "rows.pickle"
    tasks.main(
        [
            "stored-rows",
            "--before",
            str(tiny / "target.db"),
            "--after",
            str(imported),
            "--kind",
            "tickets",
            str(rows),
        ]
    )
    capsys.readouterr()
    tasks.main(["store-floor", "--db", str(again), "--rows", str(rows), str(tiny / "survey.csv")])
    payload = json.loads(capsys.readouterr().out.split("BENCH_JSON ", 1)[1])
    assert payload["rows"] > TINY.survey_rows and payload["cpu"] > 0
    conn = sqlite3.connect(imported)
    conn.execute("ATTACH DATABASE ? AS again", (str(again),))
    checks = {
        "tickets": "SELECT id, number, title, status, reported_on FROM {}.tickets",
        "ticket_events": "SELECT ticket_id, on_date, to_status FROM {}.ticket_events",
        "audit": "SELECT tbl, row_id, op, json_remove(after, '$.uid', '$.created_at', '$.updated_at', '$.at') "
        "FROM {}.audit_changes",
        "search": "SELECT rowid, head, body FROM {}.search_index",
    }
    try:
        for name, sql in checks.items():
            ours, theirs = sql.format("main"), sql.format("again")
            assert conn.execute(f"SELECT count(*) FROM ({ours} EXCEPT {theirs})").fetchone()[0] == 0, name
            assert conn.execute(f"SELECT count(*) FROM ({theirs} EXCEPT {ours})").fetchone()[0] == 0, name
        counts = (
            "SELECT (SELECT count(*) FROM main.ticket_events), (SELECT count(*) FROM again.ticket_events)"
        )
        ours, theirs = conn.execute(counts).fetchone()
        assert ours == theirs > TINY.survey_rows
    finally:
        conn.close()


def test_the_bench_has_no_import_cycles():
    """bench/ imports in one direction only (the generator's plan, records and sheets; the runner, its
    context and its report)."""
    import ast

    here = ROOT / "bench"
    graph: dict[str, set[str]] = {}
    for path in here.glob("*.py"):
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "bench":
                    found.update(a.name for a in node.names)
                elif node.module.startswith("bench."):
                    found.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("bench."))
        graph[path.stem] = found - {path.stem}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    cycles = sorted(m for m in graph if reaches(m, m, {m}))
    assert cycles == []


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
        "### import units (120 rows)",
        "### import members (300 rows)",
        "### import tickets (100 rows)",
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
