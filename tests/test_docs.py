"""The README names every command, and its two newcomer commands are the ones CI runs."""

from __future__ import annotations

from pathlib import Path

from typer.main import get_command

from gongjian.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_paths() -> list[str]:
    paths: list[str] = []

    def walk(cmd, prefix):
        for name, sub in getattr(cmd, "commands", {}).items():
            if getattr(sub, "hidden", False):
                continue
            path = [*prefix, name]
            if not getattr(sub, "commands", None) or getattr(sub, "invoke_without_command", False):
                paths.append(" ".join(path))
            walk(sub, path)

    walk(get_command(app), [])
    return paths


def test_every_command_is_named_in_the_readme():
    missing = [p for p in command_paths() if f"gongjian {p}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in ci.splitlines() if "pytest" in line and not line.startswith("#"))
    assert command.strip() in README


def test_readme_main_job_builds_the_demo_and_the_workbook():
    assert "gongjian demo" in README
    assert "assess 2016 -o" in README


def test_the_clerks_first_day_runs_step_by_step_as_written(tmp_path):
    """Every command of the README's 社区干事的第一天 runs, in order, in a fresh folder (the install line aside)."""
    import os
    import re
    import subprocess
    import sys

    day = README.split("## 社区干事的第一天", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", day, re.S)
    assert len(blocks) == 9  # 0. install and init, then the eight steps
    lines = [
        line for block in blocks for line in block.splitlines() if not line.startswith("python3 -m venv")
    ]
    script = "set -e\n" + "\n".join(lines).replace(
        '"$PWD/.venv/bin:$PATH"', f'"{Path(sys.executable).parent}:$PATH"'
    )
    # where the README says to fill in the template in Excel, the test fills in two units
    filled = """
python3 - <<'PY'
import openpyxl
book = openpyxl.load_workbook("单位名册.xlsx")
sheet = book.worksheets[0]
sheet.delete_rows(2, sheet.max_row)
sheet.append(["乐清市财政局", None, "机关"])
sheet.append(["乐清市人民医院（乐清市红十字医院）", None, "医院"])
book.save("单位名册.xlsx")
PY
"""
    assert "\n# 在 Excel 里填好名册" in script
    script = re.sub(r"\n# 在 Excel 里填好名册[^\n]*\n", lambda m: filled, script)
    env = {k: v for k, v in os.environ.items() if k not in ("GONGJIAN_DB", "GONGJIAN_LANG")}
    env["HOME"] = str(tmp_path)
    proc = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, (proc.stdout[-3000:], proc.stderr[-3000:])
    assert "导入共建单位：新增 2，更新 0，未变 0，有误 0（单位名册.xlsx，工作表“共建单位”）" in proc.stdout
    assert "已销号（验收人：张晓京，2016-03-25）" in proc.stdout
    assert (tmp_path / "考评2016.xlsx").exists() and (tmp_path / "北城.db").exists()
