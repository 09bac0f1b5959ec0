"""Chinese all the way: the frame of every help page and every usage error is in the clerk's language
(`--lang en` keeps English), help text breaks between words, and a global option written after the
command is answered with the command line that works."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from gongjian.cli import app
from gongjian.i18n import set_lang, t

ENGLISH_FRAME = ("Usage", "Options", "Arguments", "Commands", "[required]", "Show this message", "Error:")


def run(*args: str):
    set_lang("zh")
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("ticket", "--help"),
        ("import", "--help"),
        ("ticket", "open", "--help"),
        ("project", "task"),
    ],
)
def test_every_help_page_is_framed_in_chinese(args):
    r = run(*args)
    page = r.stdout + r.stderr
    assert r.exit_code in (0, 2), page
    assert page.startswith("用法：gongjian") or page.startswith("用法：root")
    assert "选项：" in page and "-h, --help" in page and "显示本帮助并退出" in page
    assert not [word for word in ENGLISH_FRAME if word in page], page


def test_a_commands_help_names_its_arguments_and_what_is_required():
    page = run("ticket", "open", "--help").stdout
    assert "[选项] {community} {title}" in page.splitlines()[0]
    assert "参数：" in page and "[必填]" in page
    assert "[默认：table]" in run("import", "--help").stdout


def test_english_keeps_the_english_frame():
    page = run("--lang", "en", "ticket", "open", "--help").stdout
    assert page.startswith("Usage: root ticket open [OPTIONS] {community} {title}")
    assert "Arguments:" in page and "[required]" in page and "Show this message and exit." in page
    r = run("--lang", "en", "ticket", "open")
    assert r.exit_code == 2
    assert r.stderr.splitlines()[-1] == "Error: Missing argument 'community' (社区)."
    assert "Try 'root ticket open -h' for help." in r.stderr


def test_import_help_never_breaks_a_word():
    page = run("import", "--help").stdout
    kinds = re.findall(r"[a-z]+", t("o_import_kind"))
    assert "activities" in kinds and "contributions" in kinds
    lines = page.splitlines()
    for word in kinds:
        assert any(re.search(rf"\b{word}\b", line) for line in lines), word
    assert all(len(line) <= 80 for line in lines)


def test_a_missing_argument_names_it_and_what_it_is_in_chinese():
    r = run("ticket", "open", "北城")
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        "用法：root ticket open [选项] {community} {title}",
        "查看帮助：root ticket open -h",
        "",
        "错误：缺少参数 title（问题）",
    ]


def test_a_missing_option_in_chinese(cli):
    r = cli("ticket", "close", "BC-2016-00001")
    assert r.exit_code == 2
    assert r.stderr.splitlines()[-1].startswith("错误：缺少选项 --verifier")


@pytest.mark.parametrize(
    ("args", "last_line"),
    [
        (("unit", "list", "-5"), "错误：没有这个选项：-5"),
        (("unit", "list", "--kin", "机关"), "错误：没有这个选项：--kin（是不是要用 --kind？）"),
        (("ticket", "lis"), "错误：没有“lis”这个命令，是不是要用 list？"),
        (
            ("unit", "list", "--format", "xyz"),
            "错误：--format/-f 的值不对：“xyz”不是可选的值（可选：table、json、csv）",
        ),
        (("activity", "list", "--year", "abc"), "错误：--year/-y 的值不对：应为整数"),
        (("ticket", "show", "BC-2016-00001", "多余"), "错误：多余的参数：多余"),
        (("unit", "list", "--format"), "错误：选项 --format 后面要写一个值"),
        (("--db",), "错误：选项 --db 后面要写一个值"),
    ],
)
def test_usage_errors_are_one_chinese_sentence_and_exit_2(cli, args, last_line):
    r = cli(*args)
    assert r.exit_code == 2, r.output
    assert r.stderr.splitlines()[-1] == last_line
    assert not [word for word in ENGLISH_FRAME if word in r.stderr], r.stderr


def test_an_unknown_command_without_a_close_one_lists_the_commands():
    r = run("unit", "frobnicate")
    assert r.exit_code == 2
    assert r.stderr.splitlines()[-1] == "错误：没有“frobnicate”这个命令（可用的有：add、list、show、edit）"


def test_a_global_option_after_the_command_is_answered_with_the_command_line_that_works(tmp_path):
    path = tmp_path / "北城.db"
    r = run("init", "--name", "北城社区共建台账", "--db", str(path))
    assert r.exit_code == 2
    expected = f"gongjian --db {path} init --name 北城社区共建台账"
    assert r.stderr == f"错误：--db 是全局选项，要写在命令前面：{expected}\n"
    assert not path.exists()  # nothing was done
    # the corrected line works as printed
    fixed = expected.split()[1:]
    assert run(*fixed).exit_code == 0 and path.exists()


def test_several_global_options_after_the_command_all_move_before_it(tmp_path):
    path = tmp_path / "ledger.db"
    r = run("unit", "list", f"--db={path}", "--lang", "en")
    assert r.exit_code == 2
    assert r.stderr == (
        f"Error: --db is a global option and goes before the command: gongjian --db={path} --lang en unit list\n"
    )


# ------------------------------------------------------------------------------------ lean coercion
def _params_of(*path: str):
    """The click parameters of the command `path` (`("summary",)`, `("ticket", "list")`), by name."""
    import typer.main

    command = typer.main.get_command(app)
    ctx = command.make_context("gongjian", ["--help"], resilient_parsing=True)
    for name in path:
        command = command.get_command(ctx, name)
    return {p.name: p for p in command.params}


@pytest.mark.parametrize(
    ("path", "name", "values"),
    [
        (("summary",), "since", ["7d", "2025-10", "北城"]),
        (("summary",), "limit", ["0", "12", 50, "007"]),
        (("summary",), "fmt", ["json", "markdown"]),
        (("summary",), "post_kind", ["wecom", "feishu"]),
        (("ticket", "list"), "fmt", ["csv", "table"]),
        (("ticket", "list"), "year", ["2016", 2016]),
        (("report", "year"), "output", ["年报.xlsx", "out/年报.docx"]),
    ],
)
def test_lean_coercion_takes_each_value_as_typers_own(path, name, values):
    """Every plain value comes out of the lean coercion exactly as out of Typer's pydantic adapter."""
    from typer._coercion import build_runtime_param

    from gongjian.cli.usage import _Lean, _lean

    param = _params_of(*path)[name]
    param._runtime_param = None
    _lean([param])
    assert isinstance(param._runtime_param, _Lean)
    typers = build_runtime_param(param.type_descriptor)
    for value in values:
        mine = param._runtime_param.coerce(value, param=param, ctx=None)
        theirs = typers.coerce(value, param=param, ctx=None)
        assert (mine, type(mine)) == (theirs, type(theirs)), value


@pytest.mark.parametrize(
    ("args", "last_line"),
    [
        (("summary", "--limit", "x"), "错误：--limit 的值不对：应为整数"),
        (
            ("summary", "--format", "xml"),
            "错误：--format/-f 的值不对：“xml”不是可选的值（可选：text、markdown、json）",
        ),
    ],
)
def test_a_value_the_lean_coercion_refuses_gets_typers_own_answer(cli, args, last_line):
    r = cli(*args)
    assert r.exit_code == 2, r.output
    assert r.stderr.splitlines()[-1] == last_line


def test_a_value_typed_less_plainly_still_goes_through_typers_coercion(demo_cli):
    r = demo_cli("summary", "--limit", "+2", "--format", "json", "--since", "2016")
    assert r.exit_code == 0, r.output
    assert len(json.loads(r.stdout)["activities"]["items"]) == 2
