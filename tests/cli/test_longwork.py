"""Long work as the clerk sees it (#23): one progress line on a terminal only, after half a second, with the
phase in Chinese, never with `--quiet`; Ctrl-C that leaves the ledger and the files as they were; the
pager of long listings; shell completion from the ledger."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gongjian.cli import output
from gongjian.cli.common import state
from gongjian.cli.output import ProgressLine, page, phase_label, progress
from gongjian.ledger import Ledger

ROOT = Path(__file__).resolve().parents[2]


class Terminal(io.StringIO):
    """stderr as a terminal shows it."""

    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


# ---------------------------------------------------------------------------- progress
def test_the_phase_is_named_in_chinese():
    assert phase_label("export:services") == "导出 services"
    assert phase_label("sheet:服务记录") == "写入工作表 服务记录"
    assert phase_label("backup") == "备份台账"
    assert phase_label("check") == "检查台账"
    assert phase_label("something:else") == "else"  # a phase the catalog does not know, as it is


def test_the_line_appears_only_once_the_work_has_run_half_a_second():
    stream, clock = Terminal(), Clock()
    line = ProgressLine(stream, delay=0.5, clock=clock)
    try:
        line.update("export:services", 20_000, 1_483_121)
        assert stream.getvalue() == ""  # a quick command never flashes a bar
        clock.now += 0.6
        line.update("export:services", 40_000, 1_483_121)
        shown = stream.getvalue()
        assert "导出 services" in shown and "40,000/1,483,121" in shown
    finally:
        line.stop()


def test_no_progress_off_a_terminal_or_with_quiet(monkeypatch):
    with progress(io.StringIO()) as told:
        assert told is None
    monkeypatch.setattr(state, "quiet", True)
    with progress(Terminal()) as told:
        assert told is None
    monkeypatch.setattr(state, "quiet", False)
    with progress(Terminal()) as told:
        assert told is not None


def test_quiet_is_a_global_option_and_changes_nothing_else(demo_cli):
    plain = demo_cli("export", "units", "-f", "json")
    quiet = demo_cli("--quiet", "export", "units", "-f", "json")
    assert plain.exit_code == quiet.exit_code == 0
    assert (quiet.stdout, quiet.stderr) == (plain.stdout, plain.stderr)


def test_progress_reaches_the_display_in_order(demo_db, tmp_path):
    from gongjian.reports.export import export_files

    seen: list[tuple[str, int, int | None]] = []
    with Ledger.open(demo_db) as ledger:
        export_files(ledger, "all", path=tmp_path / "全部", progress=lambda *a: seen.append(a))
        services = ledger.store.scalar("SELECT count(*) FROM services")
    last = [s for s in seen if s[0] == "export:services"][-1]
    assert last == ("export:services", services, services)


def test_the_upgrade_of_an_older_ledger_is_told_once(tmp_path):
    import sqlite3

    from gongjian.store import migrations

    path = tmp_path / "旧 台账.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, upto=migrations.LATEST - 1)
    conn.close()
    seen: list[tuple] = []
    with Ledger.open(path, progress=lambda *a: seen.append(a)) as ledger:
        assert ledger.store.upgraded_from == migrations.LATEST - 1
    with Ledger.open(path, progress=lambda *a: seen.append(a)):
        pass
    with Ledger.open(tmp_path / "新台账.db", create=True, progress=lambda *a: seen.append(a)):
        pass
    assert seen == [("upgrade", 0, None)]
    assert phase_label("upgrade") == "升级台账结构"


def test_ctrl_c_during_an_upgrade_leaves_the_ledger_and_no_copy(tmp_path, monkeypatch):
    import sqlite3

    from conftest import Cli

    from gongjian.store import db as store_db
    from gongjian.store import migrations

    path = tmp_path / "旧 台账.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, upto=migrations.LATEST - 1)
    conn.close()

    def pressed() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store_db, "_upgrade_tick", pressed)
    monkeypatch.setattr(store_db, "UPGRADE_TICK", 1)
    r = Cli(path)("info")
    assert (r.exit_code, r.stderr) == (130, "已取消，未做任何改动\n")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST - 1
    conn.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".bak") == []


# ---------------------------------------------------------------------------- Ctrl-C
def _interrupt_after(monkeypatch, calls: int) -> None:
    """SQLite's progress handler as if Ctrl-C came after `calls` calls of it."""
    count = {"n": 0}

    def tick() -> None:
        count["n"] += 1
        if count["n"] >= calls:
            raise KeyboardInterrupt

    monkeypatch.setattr(output, "_tick", tick)
    monkeypatch.setattr(output, "TICK", 1000)


def test_ctrl_c_during_doctor_says_cancelled_and_exits_130(demo_cli, monkeypatch):
    _interrupt_after(monkeypatch, 5)
    r = demo_cli("doctor")
    assert (r.exit_code, r.stderr) == (130, "已取消，未做任何改动\n")


def test_ctrl_c_while_the_demo_is_built_leaves_no_ledger(cli, tmp_path, monkeypatch):
    _interrupt_after(monkeypatch, 50)
    target = tmp_path / "演示 台账.db"
    r = cli("demo", "--db", str(target))
    assert (r.exit_code, r.stderr) == (130, "已取消，未做任何改动\n")
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith("演示")]


def test_ctrl_c_during_a_backup_leaves_no_file(demo_db, tmp_path):
    folder = tmp_path / "备份 文件夹"
    folder.mkdir()
    target = folder / "备份 2026.db"

    def stop(phase, done, total):
        assert phase == "backup" and 0 < done <= total  # the copy is not yet in place
        raise KeyboardInterrupt

    with Ledger.open(demo_db) as ledger, pytest.raises(KeyboardInterrupt):
        ledger.maintenance.backup(target, progress=stop)
    assert list(folder.iterdir()) == []


def test_a_backup_told_its_pages_is_whole(demo_db, tmp_path):
    seen = []
    with Ledger.open(demo_db) as ledger:
        done = ledger.maintenance.backup(tmp_path / "备份.db", progress=lambda *a: seen.append(a))
        pages = ledger.store.scalar("PRAGMA page_count")
    assert seen[-1] == ("backup", pages, pages)
    with Ledger.open(done["path"]) as copy:
        assert copy.maintenance.doctor() == []


# ---------------------------------------------------------------------------- the pager
def test_the_pager_is_chosen_as_git_chooses_it(monkeypatch):
    monkeypatch.setenv("GONGJIAN_PAGER", "less -S")
    monkeypatch.setenv("PAGER", "most")
    assert output._pager_command() == "less -S"
    monkeypatch.delenv("GONGJIAN_PAGER")
    assert output._pager_command() == "most"
    for off in ("", "cat"):
        monkeypatch.setenv("GONGJIAN_PAGER", off)
        assert output._pager_command() is None


def _recording_pager(tmp_path: Path) -> tuple[str, Path]:
    script = tmp_path / "分页 程序.py"
    seen = tmp_path / "seen.txt"
    script.write_text(
        f"import sys\nopen({str(seen)!r}, 'wb').write(sys.stdin.buffer.read())\n", encoding="utf-8"
    )
    return f'"{sys.executable}" "{script}"', seen


def test_a_listing_taller_than_the_screen_goes_through_the_pager(tmp_path, monkeypatch, capsys):
    command, seen = _recording_pager(tmp_path)
    monkeypatch.setenv("GONGJIAN_PAGER", command)
    monkeypatch.setattr(output.shutil, "get_terminal_size", lambda: os.terminal_size((80, 10)))
    text = "".join(f"乐清市第{i}中学\n" for i in range(1, 31))
    page(text)
    assert seen.read_text(encoding="utf-8") == text
    assert capsys.readouterr().out == ""
    page("两行\n而已\n")  # fits the screen: printed straight
    assert capsys.readouterr().out == "两行\n而已\n"


def test_no_pager_prints_straight(demo_cli, monkeypatch, tmp_path):
    command, seen = _recording_pager(tmp_path)
    monkeypatch.setenv("GONGJIAN_PAGER", command)
    r = demo_cli("--no-pager", "unit", "list")
    assert r.exit_code == 0 and "乐清市统计局" in r.stdout
    assert not seen.exists()


def test_a_very_long_listing_pages_its_most_recent_rows_and_says_how_to_see_all(
    demo_cli, demo_db, tmp_path, monkeypatch
):
    from rich.console import Console

    command, seen = _recording_pager(tmp_path)
    monkeypatch.setenv("GONGJIAN_PAGER", command)
    monkeypatch.setattr(output, "PAGED_ROWS", 5)
    monkeypatch.setattr(output, "_stdout_is_terminal", lambda: True)
    monkeypatch.setattr(output, "_console", Console(file=io.StringIO(), force_terminal=True, width=200))
    monkeypatch.setattr(output.shutil, "get_terminal_size", lambda: os.terminal_size((200, 10)))
    with Ledger.open(demo_db) as ledger:
        numbers = [r["number"] for r in ledger.tickets.list_tickets(community="BC")]
    r = demo_cli("ticket", "list", "-c", "BC")
    assert r.exit_code == 0, r.stderr
    paged = seen.read_text(encoding="utf-8")
    assert (
        f"只显示最近的 5 条，前面还有 {len(numbers) - 5:,} 条；全部查看：加 --no-pager，或 --format csv -o 文件.csv"
        in paged
    )
    assert all(n in paged for n in numbers[-5:]) and numbers[-6] not in paged
    assert f"共 {len(numbers)} 条" in paged  # the counts are of every row


# ---------------------------------------------------------------------------- completion
def _complete(db: Path, words: str) -> list[str]:
    """What bash completes for `words` (the last one being typed)."""
    env = {
        **os.environ,
        "_GONGJIAN_COMPLETE": "complete_bash",
        "COMP_WORDS": f"gongjian --db {db} {words}",
        "COMP_CWORD": str(len(words.split()) + 2),
    }
    code = "from gongjian.cli import main; main()"
    r = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, encoding="utf-8", cwd=ROOT
    )
    assert r.returncode == 0, r.stderr
    return [line for line in r.stdout.splitlines() if line]


def test_completion_offers_the_ledgers_communities_units_tickets_and_members(demo_db):
    assert _complete(demo_db, "ticket list -c 北") == ["BC"]
    assert "乐清市统计局" in _complete(demo_db, "unit show 统计")
    numbers = _complete(demo_db, "ticket show BC-2015-0000")
    assert numbers[:3] == ["BC-2015-00009", "BC-2015-00008", "BC-2015-00007"]
    names = _complete(demo_db, "member show 张丽")
    assert names and all(n.startswith("张丽") for n in names)


def test_completion_never_offers_a_phone_or_an_id_number(demo_db):
    with Ledger.open(demo_db) as ledger:
        phone, id_number = ledger.store.conn.execute(
            "SELECT phone, id_number FROM members WHERE phone IS NOT NULL AND id_number IS NOT NULL LIMIT 1"
        ).fetchone()
    assert _complete(demo_db, f"member show {phone[:7]}") == []
    assert _complete(demo_db, f"member show {id_number[:10]}") == []


def test_completion_without_a_ledger_offers_nothing(tmp_path):
    assert _complete(tmp_path / "没有这个台账.db", "unit show 统计") == []


@pytest.mark.skipif(
    os.name != "posix", reason="bash completion goes into $HOME/.bashrc; PowerShell's into $PROFILE"
)
def test_install_completion_says_where_in_chinese(tmp_path):
    # Typer's switch for tests: the shell is the one named, not the one detected from the process tree.
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "GONGJIAN_LANG": "zh",
        "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1",
    }
    code = "import sys; sys.argv[0] = 'gongjian'; from gongjian.cli import main; main()"
    r = subprocess.run(
        [sys.executable, "-c", code, "--install-completion", "bash"],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
    )
    assert r.returncode == 0, r.stderr
    script = tmp_path / ".bash_completions" / "gongjian.sh"
    assert r.stdout.splitlines() == [f"已为 bash 安装命令补全：{script}", "重新打开终端后生效"]
    assert "_GONGJIAN_COMPLETE" in script.read_text(encoding="utf-8")
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text(encoding="utf-8")


@pytest.mark.skipif(
    os.name != "posix", reason="runs gongjian under /bin/sh, a shell completion does not support"
)
def test_install_completion_in_an_unsupported_shell_says_which_are(tmp_path):
    code = f"'{sys.executable}' -c 'import sys; sys.argv[0] = \"gongjian\"; from gongjian.cli import main; main()'"
    env = {**os.environ, "HOME": str(tmp_path), "GONGJIAN_LANG": "zh"}
    r = subprocess.run(
        ["/bin/sh", "-c", f"{code} --install-completion; exit $?"],  # sh stays the parent
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
    )
    assert r.returncode == 1
    assert r.stderr == (
        "不能为 sh 安装命令补全（支持 bash、zsh、fish、powershell、pwsh）；"
        "请在这些 shell 里运行，或用 --show-completion 查看脚本\n"
    )
    assert not (tmp_path / ".bashrc").exists()


def test_ctrl_c_while_a_finished_backup_is_checked_leaves_no_file(demo_db, tmp_path, monkeypatch):
    from gongjian.store import maintenance

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(maintenance, "sha256_file", interrupted)
    folder = tmp_path / "备份"
    folder.mkdir()
    with Ledger.open(demo_db) as ledger, pytest.raises(KeyboardInterrupt):
        ledger.maintenance.backup(folder / "周五.db")
    assert list(folder.iterdir()) == []
    with Ledger.open(demo_db) as ledger:
        assert "周五.db" not in str(ledger.store.scalar("SELECT value FROM meta WHERE key = 'places'"))
