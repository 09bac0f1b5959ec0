"""Concurrency and crash safety (PRODUCT §8), with real processes synchronised by signal files, never by timing.

An import of thousands of rows runs in one process and pauses half-way inside its write transaction until
every reader process has read the ledger; readers (`unit list`, `info`, `summary`, `report year`) and a
writer (`community add`) loop meanwhile. No command fails, and no reader sees a half-written import.
A second run is killed with SIGKILL half-way: the ledger is exactly as before and `doctor` is clean.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from reliability_data import ROOT, dump, env, fill, run

from gongjian.ledger import Ledger

N_ROWS = 3000
WAIT = 180  # seconds: a ceiling for a stuck process, never a timing assertion

# Runs `gongjian import` and stops after the first batch of rows, inside the open write transaction:
# it touches `midway`, then waits for `go` (or for every reader's `ack-*`), then carries on.
IMPORTER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from gongjian.roster.roster import Roster

    db, source, signals, readers = sys.argv[1], sys.argv[2], Path(sys.argv[3]), sys.argv[4].split(",")
    name = "import_units_batch" if hasattr(Roster, "import_units_batch") else "import_units"
    original = getattr(Roster, name)
    calls = []

    def paused(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        calls.append(1)
        if len(calls) == 1:
            assert self.store.conn.in_transaction
            (signals / "midway").touch()
            while not (signals / "go").exists() and not all(
                    (signals / f"ack-{r}").exists() for r in readers if r):
                time.sleep(0.005)
        return result

    setattr(Roster, name, paused)
    sys.argv = ["gongjian", "--db", db, "import", "units", source]
    from gongjian.cli import main
    main()
    """
)

# Runs one command over and over in its own process; the first run after `midway` appears is the
# "during" read (the import then waits for its `ack`); stops after one more run once `stop` appears.
READER = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from typer.testing import CliRunner
    from gongjian.cli import app

    db, name, signals, out = sys.argv[1], sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
    command = json.loads(sys.argv[5])
    runner = CliRunner()
    results, acked = [], False
    while True:
        stopping = (signals / "stop").exists()
        during = (signals / "midway").exists() and not acked and not (signals / "go").exists()
        r = runner.invoke(app, ["--db", db, *command])
        results.append({"exit": r.exit_code, "stdout": r.stdout if r.exit_code or command[0] in ("unit", "info")
                        else "", "stderr": r.stderr, "phase": "during" if during else "other"})
        (signals / f"ready-{name}").touch()
        if during:
            (signals / f"ack-{name}").touch()
            acked = True
        if stopping:
            break
    out.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    """
)

# Adds communities one command at a time until `stop` (each waits its turn for the write lock).
WRITER = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from typer.testing import CliRunner
    from gongjian.cli import app

    db, signals, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    runner, results, i = CliRunner(), [], 0
    while not (signals / "stop").exists():
        i += 1
        r = runner.invoke(app, ["--db", db, "community", "add", f"W{i:03d}", f"新建{i:03d}社区"])
        results.append({"exit": r.exit_code, "stderr": r.stderr})
        (signals / "ready-writer").touch()
    out.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    """
)

READERS = {
    "unit_list": ["unit", "list", "--format", "json"],
    "info": ["info", "--format", "json"],
    "summary": ["summary", "--since", "2016-01-01", "--format", "json"],
    "report": ["report", "year", "2016"],
}


def units_csv(path: Path, n: int) -> Path:
    """A roster of `n` new units, as a street office would send it."""
    lines = ["单位名称,单位类型,联络员,联系电话,党员数"]
    kinds = ["机关", "事业单位", "国有企业", "非公企业", "社会组织", "学校", "医院"]
    for i in range(1, n + 1):
        lines.append(f"乐清市共建单位{i:05d},{kinds[i % len(kinds)]},联络员{i:05d},138{i:08d},{i % 40}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def wait_for(path: Path, proc: subprocess.Popen | None = None) -> None:
    """Block until `path` exists (a signal file), or fail if `proc` died first."""
    deadline = time.monotonic() + WAIT
    while not path.exists():
        if proc is not None and proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"{path.name} never came: process ended with {proc.returncode}\n{out}\n{err}")
        if time.monotonic() > deadline:
            pytest.fail(f"{path.name} never came")
        time.sleep(0.005)


def spawn(script: str, *args: object) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
        cwd=ROOT,
    )


@pytest.fixture
def filled(db):
    with Ledger.open(db) as ledger:
        fill(ledger)
    return db


def test_readers_and_a_writer_never_fail_or_see_half_an_import(filled, tmp_path):
    signals = tmp_path / "signals"
    signals.mkdir()
    source = units_csv(tmp_path / "共建单位名册.csv", N_ROWS)
    before_units = 3
    readers = {
        name: spawn(READER, filled, name, signals, tmp_path / f"{name}.json", json.dumps(command))
        for name, command in READERS.items()
    }
    writer = spawn(WRITER, filled, signals, tmp_path / "writer.json")
    for name, proc in readers.items():
        wait_for(signals / f"ready-{name}", proc)
    wait_for(signals / "ready-writer", writer)

    importer = spawn(IMPORTER, filled, source, signals, ",".join(READERS))
    wait_for(signals / "midway", importer)
    out, err = importer.communicate(timeout=WAIT)
    assert importer.returncode == 0, err
    assert f"新增 {N_ROWS}" in out
    (signals / "stop").touch()
    for proc in [*readers.values(), writer]:
        _, err = proc.communicate(timeout=WAIT)
        assert proc.returncode == 0, err

    seen: dict[str, list[int]] = {}
    for name in READERS:
        results = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
        failures = [r for r in results if r["exit"] != 0]
        assert failures == [], f"{name}: {failures[:3]}"
        assert not [r for r in results if "locked" in r["stderr"] or "占用" in r["stderr"]]
        assert [r["phase"] for r in results].count("during") == 1, name
        if name == "unit_list":
            seen[name] = [len(json.loads(r["stdout"])) for r in results]
        elif name == "info":
            seen[name] = [json.loads(r["stdout"])["counts"]["units"] for r in results]
        if name in seen:
            during = [c for c, r in zip(seen[name], results, strict=True) if r["phase"] == "during"]
            assert during == [before_units], name  # read while the import held half its rows, uncommitted
            assert set(seen[name]) <= {before_units, before_units + N_ROWS}, name
            assert seen[name][-1] == before_units + N_ROWS, name
    writes = json.loads((tmp_path / "writer.json").read_text(encoding="utf-8"))
    assert writes and all(w["exit"] == 0 for w in writes), writes[:3]

    with Ledger.open(filled) as ledger:
        assert ledger.store.info()["counts"]["units"] == before_units + N_ROWS
        assert ledger.store.info()["counts"]["communities"] == 2 + len(writes)
        imports = [e for e in ledger.audit.audit_log(limit=None) if e["command"] == "import units"]
        assert len(imports) == 1 and imports[0]["changes"]["units"]["insert"] == N_ROWS
        assert ledger.maintenance.doctor() == []
    reads = {
        name: len(json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))) for name in READERS
    }
    print(
        f"\nFIGURE concurrency: {sum(reads.values())} reads {reads}, {len(writes)} writes, 0 failures, "
        f"{len(READERS)} reads during the open import transaction all saw {before_units} units"
    )


@pytest.mark.skipif(
    os.name != "posix", reason="SIGKILL: Windows ends a process with TerminateProcess, no signal"
)
def test_an_import_killed_half_way_leaves_the_ledger_exactly_as_before(filled, tmp_path):
    signals = tmp_path / "signals"
    signals.mkdir()
    source = units_csv(tmp_path / "共建单位名册.csv", N_ROWS)
    before = dump(filled)
    importer = spawn(IMPORTER, filled, source, signals, "never")
    wait_for(signals / "midway", importer)
    with Ledger.open(filled) as ledger:  # the first batch is written, but not committed
        assert ledger.store.scalar("SELECT count(*) FROM units") == 3
    os.kill(importer.pid, signal.SIGKILL)
    importer.communicate(timeout=WAIT)
    assert importer.returncode == -signal.SIGKILL
    assert (filled.parent / "ledger.db-wal").exists()  # the dead writer's frames are still there …
    r = run(filled, "doctor")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    assert dump(filled) == before  # … and never count: the ledger is exactly as before
    r = run(filled, "import", "units", str(source))
    assert r.returncode == 0, r.stderr
    assert f"新增 {N_ROWS}" in r.stdout


def test_backup_while_another_process_holds_a_write_transaction(filled, tmp_path):
    """`backup` copies the last committed state while a writer is half-way through its transaction."""
    signals = tmp_path / "signals"
    signals.mkdir()
    source = units_csv(tmp_path / "共建单位名册.csv", N_ROWS)
    importer = spawn(IMPORTER, filled, source, signals, "never")
    wait_for(signals / "midway", importer)
    target = tmp_path / "during.db"
    r = run(filled, "backup", str(target))
    assert r.returncode == 0, r.stderr
    (signals / "go").touch()
    _, err = importer.communicate(timeout=WAIT)
    assert importer.returncode == 0, err
    with Ledger.open(target) as copy:
        assert copy.store.scalar("PRAGMA integrity_check") == "ok"
        assert copy.store.info()["counts"]["units"] == 3
        assert copy.maintenance.doctor() == []
    with Ledger.open(filled) as ledger:
        assert ledger.store.info()["counts"]["units"] == 3 + N_ROWS
