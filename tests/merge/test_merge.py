"""Merging clerks' ledgers into a street/district ledger (`merge`), and read-only browsing (`browse`)."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongjian.cli import app
from gongjian.errors import Conflict, LedgerError, YearFinalized
from gongjian.i18n import set_lang
from gongjian.ledger import Ledger
from gongjian.merge.merge import MergeConflicts, merge

STATS_CODE = "11330382021862961W"  # 乐清市统计局; checksum valid


# ---------------------------------------------------------------------------- helpers
def gj(*args: str):
    """Run gongjian in-process; returns click's Result (stdout, stderr, exit_code)."""
    set_lang("zh")
    return CliRunner().invoke(app, list(args))


def ok(path: Path, *args: str):
    result = gj("--db", str(path), *args)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {tb: conn.execute(f'SELECT count(*) FROM "{tb}"').fetchone()[0] for tb in tables}
    finally:
        conn.close()


def figures(path: Path) -> dict[str, tuple[int, int, int]]:
    """Per unit (by normalised name): activities it organised or joined, funds in fen, tickets closed."""
    conn = sqlite3.connect(path)
    try:
        out = {}
        for uid, key in conn.execute("SELECT id, name_key FROM units"):
            acts = conn.execute(
                "SELECT count(DISTINCT activity_id) FROM activity_units WHERE unit_id = ?", (uid,)
            ).fetchone()[0]
            fen = conn.execute(
                "SELECT coalesce(sum(amount_fen), 0) FROM contributions WHERE unit_id = ?", (uid,)
            ).fetchone()[0]
            closed = conn.execute(
                "SELECT count(*) FROM tickets WHERE assignee_id = ? AND status = 'closed'", (uid,)
            ).fetchone()[0]
            out[key] = (acts, fen, closed)
        return out
    finally:
        conn.close()


def summed(*paths: Path) -> dict[str, tuple[int, int, int]]:
    total: dict[str, tuple[int, int, int]] = {}
    for path in paths:
        for key, fig in figures(path).items():
            before = total.get(key, (0, 0, 0))
            total[key] = tuple(a + b for a, b in zip(before, fig, strict=True))
    return total


def report_json(result) -> dict:
    assert result.stdout.lstrip().startswith("{"), result.stdout
    return json.loads(result.stdout)


def table_counts(report: dict, table: str) -> dict[str, int]:
    found = next(c for c in report["tables"] if c["table"] == table)
    return {k: found[k] for k in ("added", "updated", "unchanged", "unified", "conflicts")}


def close_ticket(path: Path, number: str, unit: str, verifier: str, month: int = 5) -> None:
    """Assign, start, resolve and close a ticket within one month of 2016."""
    ok(
        path,
        "ticket",
        "assign",
        number,
        "--unit",
        unit,
        "--deadline",
        "2016-12-31",
        "--on",
        f"2016-{month:02d}-02",
    )
    ok(path, "ticket", "start", number, "--on", f"2016-{month:02d}-03")
    ok(path, "ticket", "resolve", number, "--resolution", "已整改到位", "--on", f"2016-{month:02d}-20")
    ok(path, "ticket", "close", number, "--verifier", verifier, "--on", f"2016-{month:02d}-25")


# ---------------------------------------------------------------------------- three clerks' ledgers
def build_beicheng(path: Path) -> Path:
    """北城社区: the 统计局 (with its credit code) leads; 财政局 and 中国移动 are paired."""
    ok(path, "init", "--name", "北城社区台账")
    ok(
        path,
        "community",
        "add",
        "BC",
        "北城社区",
        "--street",
        "乐成街道",
        "--district",
        "乐清市",
        "--secretary",
        "张晓京",
        "--grid",
        "北城第一网格",
    )
    ok(
        path,
        "unit",
        "add",
        "乐清市统计局",
        "--kind",
        "机关",
        "--credit-code",
        STATS_CODE,
        "--contact",
        "赵顺招",
    )
    ok(path, "unit", "add", "乐清市财政局", "--kind", "机关")
    ok(path, "unit", "add", "中国移动乐清分公司", "--kind", "国企")
    ok(path, "pair", "add", "BC", "乐清市统计局", "--lead", "--started", "2015-03-01")
    ok(path, "pair", "add", "BC", "乐清市财政局", "--started", "2015-03-01")
    ok(path, "pair", "add", "BC", "中国移动乐清分公司", "--started", "2015-03-05")
    ok(
        path,
        "agreement",
        "add",
        "BC",
        "乐清市统计局",
        "--signed",
        "2015-03-01",
        "--until",
        "2017-12-31",
        "--commitment",
        "节日慰问",
        "--commitment",
        "环境整治",
    )
    ok(
        path,
        "activity",
        "add",
        "BC",
        "重阳节慰问孤寡老人",
        "--date",
        "2016-10-09",
        "--category",
        "走访慰问",
        "--organiser",
        "乐清市统计局",
        "--participant",
        "乐清市财政局",
        "--participant-times",
        "45",
        "--volunteers",
        "12",
    )
    ok(
        path,
        "activity",
        "add",
        "BC",
        "楼道环境大扫除",
        "--date",
        "2016-04-16",
        "--category",
        "环境整治",
        "--organiser",
        "中国移动乐清分公司",
        "--participant-times",
        "30",
    )
    ok(path, "fund", "add", "乐清市统计局", "BC", "3万元", "--date", "2016-05-01", "--kind", "现金")
    ok(
        path,
        "fund",
        "add",
        "中国移动乐清分公司",
        "BC",
        "8000",
        "--date",
        "2016-09-10",
        "--kind",
        "捐物",
        "--description",
        "500斤糯米",
    )
    ok(path, "ticket", "open", "BC", "楼道堆放杂物", "--grid", "北城第一网格", "--reported", "2016-04-01")
    close_ticket(path, "BC-2016-00001", "乐清市统计局", "张晓京")
    ok(path, "ticket", "open", "BC", "路灯损坏", "--reported", "2016-05-03", "--category", "路灯")
    ok(
        path,
        "ticket",
        "assign",
        "BC-2016-00002",
        "--unit",
        "乐清市财政局",
        "--deadline",
        "2016-07-01",
        "--on",
        "2016-05-04",
    )
    return path


def build_dongmen(path: Path) -> Path:
    """东门社区: the 统计局 and 财政局 again (no credit code: matched by name), and 正泰."""
    ok(path, "init", "--name", "东门社区台账")
    ok(path, "community", "add", "DM", "东门社区", "--street", "乐成街道", "--district", "乐清市")
    ok(path, "unit", "add", "乐清市统计局", "--kind", "机关", "--party-members", "28")
    ok(path, "unit", "add", "乐清市财政局", "--kind", "机关", "--phone", "0577-62512345")
    ok(path, "unit", "add", "正泰集团股份有限公司", "--kind", "民营企业")
    ok(path, "pair", "add", "DM", "乐清市财政局", "--lead", "--started", "2015-03-02")
    ok(path, "pair", "add", "DM", "乐清市统计局", "--started", "2015-03-02")
    ok(path, "pair", "add", "DM", "正泰集团股份有限公司", "--started", "2015-04-01")
    ok(
        path,
        "activity",
        "add",
        "DM",
        "端午节包粽子",
        "--date",
        "2016-06-09",
        "--category",
        "节日活动",
        "--organiser",
        "正泰集团股份有限公司",
        "--participant",
        "乐清市统计局",
        "--participant-times",
        "120",
    )
    ok(path, "fund", "add", "正泰集团股份有限公司", "DM", "1.2万元", "--date", "2016-06-01", "--kind", "现金")
    ok(path, "fund", "add", "乐清市统计局", "DM", "5000", "--date", "2016-06-09", "--kind", "现金")
    ok(path, "ticket", "open", "DM", "化粪池堵塞", "--reported", "2016-04-11", "--category", "卫生")
    close_ticket(path, "DM-2016-00001", "乐清市统计局", "陈立")
    ok(path, "ticket", "open", "DM", "违章停车", "--reported", "2016-04-12", "--category", "交通")
    close_ticket(path, "DM-2016-00002", "正泰集团股份有限公司", "陈立")
    return path


def build_chengnan(path: Path) -> Path:
    """城南社区: the 统计局 with its credit code, 中国移动 (matched by name) as the lead."""
    ok(path, "init", "--name", "城南社区台账")
    ok(path, "community", "add", "CN", "城南社区", "--street", "城南街道", "--district", "乐清市")
    ok(
        path,
        "unit",
        "add",
        "中国移动乐清分公司",
        "--kind",
        "国有企业",
        "--contact",
        "周敏",
        "--phone",
        "13857712345",
    )
    ok(path, "unit", "add", "乐清市统计局", "--credit-code", STATS_CODE, "--kind", "机关")
    ok(path, "pair", "add", "CN", "中国移动乐清分公司", "--lead", "--started", "2015-05-01")
    ok(path, "pair", "add", "CN", "乐清市统计局", "--started", "2015-05-01")
    ok(
        path,
        "activity",
        "add",
        "CN",
        "健康义诊进社区",
        "--date",
        "2016-08-20",
        "--category",
        "义诊",
        "--organiser",
        "中国移动乐清分公司",
        "--organiser",
        "乐清市统计局",
        "--participant-times",
        "200",
    )
    ok(path, "fund", "add", "中国移动乐清分公司", "CN", "¥1,200.50", "--date", "2016-08-20", "--kind", "现金")
    ok(path, "ticket", "open", "CN", "健身器材损坏", "--reported", "2016-07-01", "--category", "设施")
    close_ticket(path, "CN-2016-00001", "中国移动乐清分公司", "王建", month=7)
    return path


@pytest.fixture(scope="module")
def three_masters(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("clerks")
    return {
        "bc": build_beicheng(folder / "北城.db"),
        "dm": build_dongmen(folder / "东门.db"),
        "cn": build_chengnan(folder / "城南.db"),
    }


@pytest.fixture
def clerks(three_masters, tmp_path) -> dict[str, Path]:
    """Private copies of the three clerks' ledgers (a test may edit them)."""
    out = {}
    for key, master in three_masters.items():
        out[key] = tmp_path / master.name
        shutil.copy(master, out[key])
    return out


# ---------------------------------------------------------------------------- the street ledger
def test_three_ledgers_merge_into_one_with_units_unified(clerks, tmp_path):
    street = tmp_path / "乐成街道.db"
    hashes = {k: sha256(p) for k, p in clerks.items()}
    result = gj(
        "merge",
        str(clerks["bc"]),
        str(clerks["dm"]),
        str(clerks["cn"]),
        "--into",
        str(street),
        "--name",
        "乐成街道共建台账",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    report = report_json(result)
    assert report["dry_run"] is False and report["created"] is True
    assert [s["name"] for s in report["sources"]] == ["北城社区台账", "东门社区台账", "城南社区台账"]
    # 统计局: 北城 (credit code), 东门 (name), 城南 (credit code); 财政局: 北城, 东门; 中国移动: 北城, 城南
    assert table_counts(report, "units") == {
        "added": 4,
        "updated": 0,
        "unchanged": 0,
        "unified": 4,
        "conflicts": 0,
    }
    assert table_counts(report, "communities")["added"] == 3
    assert table_counts(report, "tickets")["added"] == 5
    assert report["totals"]["conflicts"] == 0 and report["conflicts"] == []
    unified = {(u["name"], u["source"], u["by"]) for u in report["unified"]}
    assert unified == {
        ("乐清市统计局", "台账“东门社区台账”", "name_key"),
        ("乐清市财政局", "台账“东门社区台账”", "name_key"),
        ("乐清市统计局", "台账“城南社区台账”", "credit_code"),
        ("中国移动乐清分公司", "台账“城南社区台账”", "name_key"),
    }
    # the sources are read-only: not one byte changed
    assert {k: sha256(p) for k, p in clerks.items()} == hashes

    units = json.loads(ok(street, "unit", "list", "--format", "json", "--show-pii").stdout)
    by_name = {u["name"]: u for u in units}
    assert sorted(by_name) == ["中国移动乐清分公司", "乐清市统计局", "乐清市财政局", "正泰集团股份有限公司"]
    stats = by_name["乐清市统计局"]
    assert stats["credit_code"] == STATS_CODE  # kept from 北城/城南 though 东门 had none
    assert stats["party_members"] == 28  # known only to 东门
    assert stats["contact"] == "赵顺招"
    assert set(stats["communities"].split("、")) == {"北城社区", "东门社区", "城南社区"}
    assert by_name["乐清市财政局"]["phone"] == "0577-62512345"
    # one lead per community, references correct across ledgers
    leads = json.loads(ok(street, "pair", "list", "--format", "json").stdout)
    assert {(p["community"], p["unit"]) for p in leads if p["role"] == "lead"} == {
        ("北城社区", "乐清市统计局"),
        ("东门社区", "乐清市财政局"),
        ("城南社区", "中国移动乐清分公司"),
    }
    tickets = json.loads(ok(street, "ticket", "list", "--format", "json").stdout)
    assert {t["number"] for t in tickets} == {
        "BC-2016-00001",
        "BC-2016-00002",
        "DM-2016-00001",
        "DM-2016-00002",
        "CN-2016-00001",
    }
    # the per-unit figures of the street ledger are the sums over the clerks' ledgers
    assert figures(street) == summed(clerks["bc"], clerks["dm"], clerks["cn"])
    assert figures(street)["乐清市统计局"] == (3, 3_500_000, 2)
    info = json.loads(ok(street, "info", "--format", "json").stdout)
    assert info["name"] == "乐成街道共建台账"
    assert info["counts"]["units"] == 4 and info["counts"]["activities"] == 4


def test_rerun_changes_nothing_and_leaves_no_empty_command(clerks, tmp_path):
    street = tmp_path / "street.db"
    sources = [str(clerks[k]) for k in ("bc", "dm", "cn")]
    assert gj("merge", *sources, "--into", str(street)).exit_code == 0
    before, digest = counts(street), sha256(street)
    again = gj("merge", *sources, "--into", str(street), "--format", "json")
    assert again.exit_code == 0, again.stderr
    report = report_json(again)
    assert report["totals"]["added"] == report["totals"]["updated"] == report["totals"]["unified"] == 0
    assert report["totals"]["unchanged"] == sum(
        v
        for k, v in before.items()
        if k not in ("meta", "audit_commands", "audit_changes", "merge_aliases")
        and not k.startswith("search_")
    )
    assert counts(street) == before
    assert sha256(street) == digest
    text = gj("merge", *sources, "--into", str(street))
    assert text.exit_code == 0
    assert "目标台账已包含全部记录，没有需要改动的" in text.stdout


def test_edits_on_both_sides_are_merged_by_updated_at(clerks, tmp_path):
    street = tmp_path / "street.db"
    sources = [str(clerks[k]) for k in ("bc", "dm", "cn")]
    assert gj("merge", *sources, "--into", str(street)).exit_code == 0
    # the street office corrects a community; the clerks keep working in their own ledgers
    ok(street, "community", "edit", "BC", "--households", "3200")
    ok(clerks["bc"], "unit", "edit", "乐清市统计局", "--phone", "13957712345")
    ok(clerks["dm"], "unit", "edit", "乐清市统计局", "--party-members", "31")
    ok(clerks["dm"], "community", "edit", "DM", "--secretary", "林芳")
    ok(
        clerks["cn"],
        "activity",
        "add",
        "CN",
        "法律咨询进社区",
        "--date",
        "2016-11-05",
        "--category",
        "普法",
        "--organiser",
        "乐清市统计局",
        "--participant-times",
        "60",
    )
    # 北城 hands the lead from the 统计局 to 正泰 (a unit 东门 knows already)
    ok(clerks["bc"], "unit", "add", "正泰集团股份有限公司", "--kind", "民营企业")
    ok(clerks["bc"], "pair", "end", "BC", "乐清市统计局", "--on", "2016-12-31")
    ok(clerks["bc"], "pair", "add", "BC", "正泰集团股份有限公司", "--lead", "--started", "2017-01-01")
    result = gj("merge", *sources, "--into", str(street), "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = report_json(result)
    assert table_counts(report, "pairings") == {
        "added": 1,
        "updated": 1,
        "unchanged": 7,
        "unified": 0,
        "conflicts": 0,
    }
    leads = json.loads(ok(street, "pair", "list", "--format", "json", "--lead").stdout)
    assert {p["community"]: p["unit"] for p in leads}["北城社区"] == "正泰集团股份有限公司"
    assert table_counts(report, "units") == {
        "added": 0,
        "updated": 1,
        "unchanged": 3,
        "unified": 1,
        "conflicts": 0,
    }
    assert table_counts(report, "communities") == {
        "added": 0,
        "updated": 1,
        "unchanged": 2,
        "unified": 0,
        "conflicts": 0,
    }
    assert table_counts(report, "activities")["added"] == 1
    stats = ok(street, "unit", "show", "乐清市统计局", "--format", "json", "--show-pii").stdout
    stats = json.loads(stats)
    assert stats["phone"] == "13957712345" and stats["party_members"] == 31
    communities = {
        c["code"]: c for c in json.loads(ok(street, "community", "list", "--format", "json").stdout)
    }
    assert communities["BC"]["households"] == 3200  # the street's own edit stands
    assert communities["DM"]["secretary"] == "林芳"
    assert figures(street) == summed(clerks["bc"], clerks["dm"], clerks["cn"])
    # and once more: nothing left to do
    again = report_json(gj("merge", *sources, "--into", str(street), "--format", "json"))
    assert again["totals"]["added"] + again["totals"]["updated"] == 0


def test_dry_run_reports_and_writes_nothing(clerks, tmp_path):
    street = tmp_path / "street.db"
    result = gj("merge", str(clerks["bc"]), str(clerks["dm"]), "--into", str(street), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert not street.exists()
    lines = result.stdout.splitlines()
    assert lines[0] == f"合并预览（未写入）：2 个台账 → {street}"
    assert "  来源：台账“北城社区台账”　" + str(clerks["bc"]) in lines
    row = next(line for line in lines if line.startswith("共建单位"))
    assert row.split() == ["共建单位", "4", "0", "0", "2", "0"]
    assert (
        "  单位“乐清市统计局”：台账“东门社区台账”的记录并入台账“北城社区台账”的同一单位（名称相同）" in lines
    )
    assert lines[-1] == "以上为预览，台账未改动；去掉 --dry-run 即执行合并"
    # against an existing target, too: the file keeps every byte
    assert gj("merge", str(clerks["bc"]), "--into", str(street)).exit_code == 0
    digest = sha256(street)
    preview = report_json(
        gj(
            "merge",
            str(clerks["bc"]),
            str(clerks["dm"]),
            str(clerks["cn"]),
            "--into",
            str(street),
            "--dry-run",
            "--format",
            "json",
        )
    )
    assert preview["dry_run"] is True
    # 正泰 is new; 统计局 (28 party members), 财政局 (a phone) and 中国移动 (a liaison) learn something
    assert table_counts(preview, "units") == {
        "added": 1,
        "updated": 3,
        "unchanged": 0,
        "unified": 4,
        "conflicts": 0,
    }
    assert sha256(street) == digest


def test_undo_reverts_a_whole_merge(clerks, tmp_path):
    street = tmp_path / "street.db"
    ok(street, "init", "--name", "乐成街道共建台账")
    assert gj("merge", str(clerks["bc"]), str(clerks["dm"]), "--into", str(street)).exit_code == 0
    log = ok(street, "log").stdout
    assert "gongjian merge" in log
    ok(street, "undo", "--yes")
    assert all(
        n == 0
        for tb, n in counts(street).items()
        if tb in ("units", "communities", "activities", "tickets", "contributions")
    )
    # merging again after the undo restores the same ledger, aliases included
    assert gj("merge", str(clerks["bc"]), str(clerks["dm"]), "--into", str(street)).exit_code == 0
    assert figures(street) == summed(clerks["bc"], clerks["dm"])


# ---------------------------------------------------------------------------- conflicts and refusals
def test_conflicts_stop_the_merge_with_nothing_written(clerks, tmp_path):
    rival = tmp_path / "北城（另一个）.db"
    ok(rival, "init", "--name", "北城社区老台账")
    ok(rival, "community", "add", "BC", "北城社区")  # the same community (code and name): unified …
    ok(rival, "unit", "add", "正泰集团股份有限公司", "--kind", "民营企业")
    ok(rival, "pair", "add", "BC", "正泰集团股份有限公司", "--lead")  # … but a second lead
    ok(rival, "ticket", "open", "BC", "井盖缺失", "--reported", "2016-03-01")  # … and another BC-2016-00001
    other = tmp_path / "北城新村.db"
    ok(other, "init", "--name", "北城新村台账")
    ok(other, "community", "add", "BC", "北城新村")  # one code, two communities
    street = tmp_path / "street.db"
    assert gj("merge", str(clerks["dm"]), "--into", str(street)).exit_code == 0
    before, digest = counts(street), sha256(street)
    hashes = [sha256(p) for p in (clerks["bc"], rival, other)]

    result = gj("merge", str(clerks["bc"]), str(rival), str(other), "--into", str(street))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "合并未执行，目标台账未改动：发现 3 处无法自动处理的冲突",
        "社区代码 BC：台账“北城社区台账”中是“北城社区”，台账“北城新村台账”中是“北城新村”，同一代码不能指两个社区",
        "北城社区的牵头单位：台账“北城社区台账”中是“乐清市统计局”，台账“北城社区老台账”中是“正泰集团股份有限公司”，"
        "每个社区只能有一个在任牵头单位",
        "问题编号 BC-2016-00001：台账“北城社区台账”中是“楼道堆放杂物”，台账“北城社区老台账”中是“井盖缺失”，"
        "两个不同的问题用了同一编号",
    ]
    assert counts(street) == before and sha256(street) == digest
    assert [sha256(p) for p in (clerks["bc"], rival, other)] == hashes
    # a dry run lists the same conflicts after its report, and exits 1 too
    preview = gj("merge", str(clerks["bc"]), str(rival), str(other), "--into", str(street), "--dry-run")
    assert preview.exit_code == 1
    assert "各表合并情况" in preview.stdout
    assert len(preview.stderr.splitlines()) == 4
    # without the rival ledgers the merge goes through
    assert gj("merge", str(clerks["bc"]), "--into", str(street)).exit_code == 0


def test_a_new_target_is_not_left_behind_when_the_merge_is_refused(clerks, tmp_path):
    other = tmp_path / "北城新村.db"
    ok(other, "init")
    ok(other, "community", "add", "BC", "北城新村")
    street = tmp_path / "street.db"
    with pytest.raises(MergeConflicts) as err:
        merge([clerks["bc"], other], street)
    assert err.value.report.conflicts == [
        "社区代码 BC：台账“北城社区台账”中是“北城社区”，台账“北城新村.db”中是“北城新村”，同一代码不能指两个社区"
    ]
    assert not street.exists() and not Path(f"{street}-wal").exists()


def test_units_with_one_name_and_two_credit_codes_conflict(tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    for path, code in ((a, STATS_CODE), (b, "91330382MA2CR0BX0Q")):
        ok(path, "init", "--name", path.stem)
        ok(path, "unit", "add", "乐清市统计局", "--credit-code", code)
    with pytest.raises(MergeConflicts) as err:
        merge([a, b], tmp_path / "t.db")
    assert err.value.report.conflicts == [
        f"单位“乐清市统计局”：台账“a”中的统一社会信用代码为 {STATS_CODE}，台账“b”中为 91330382MA2CR0BX0Q"
    ]


def test_merging_into_a_finalised_year_is_refused(clerks, tmp_path):
    street = tmp_path / "street.db"
    assert gj("merge", str(clerks["bc"]), "--into", str(street)).exit_code == 0
    with Ledger.open(street) as ledger, ledger.store.write("assess 2016 --finalize"):
        ledger.store.insert("assessment_years", {"year": 2016, "finalized_at": "2017-01-10T08:00:00Z"})
    before = counts(street)
    result = gj("merge", str(clerks["bc"]), str(clerks["dm"]), "--into", str(street))
    assert result.exit_code == 1
    assert result.stderr == (
        "目标台账 2016 年度的考评已定稿，合并会新增或改动其中的记录（活动 1 条、活动参与单位 2 条、资金物资 2 条、问题 2 条）；"
        "台账未改动。确需合并请先运行 gongjian assess reopen 2016\n"
    )
    assert counts(street) == before
    with pytest.raises(YearFinalized) as err:
        merge([clerks["dm"]], street)
    assert err.value.key == "merge_year_finalized" and err.value.params["years"] == "2016"
    assert counts(street) == before
    # rows of that year already in the target and unchanged are no obstacle
    assert gj("merge", str(clerks["bc"]), "--into", str(street)).exit_code == 0


def test_bad_sources_are_refused_in_one_line(clerks, tmp_path):
    text = tmp_path / "名册.db"
    text.write_text("这不是台账", encoding="utf-8")
    street = tmp_path / "street.db"
    for args, message in [
        (
            (str(tmp_path / "无此台账.db"),),
            f"台账 {tmp_path / '无此台账.db'} 不存在，请先运行 gongjian init 或 gongjian demo",
        ),
        ((str(text),), f"来源台账 {text} 不是 SQLite 数据库文件（是文本或其他格式的文件）；没有合并任何记录"),
        ((str(clerks["bc"]), str(clerks["bc"])), f"来源台账 {clerks['bc']} 指定了两次"),
    ]:
        result = gj("merge", *args, "--into", str(street))
        assert (result.exit_code, result.stderr) == (1, message + "\n")
    same = gj("merge", str(clerks["bc"]), "--into", str(clerks["bc"]))
    assert same.exit_code == 1
    assert same.stderr == f"{clerks['bc']} 既是来源又是目标；请用 --into 指定另一个目标台账\n"
    assert not street.exists()
    assert gj("merge", "--into", str(street)).exit_code == 2


def test_target_defaults_to_the_global_db_option(clerks, tmp_path):
    street = tmp_path / "street.db"
    result = gj("--db", str(street), "merge", str(clerks["cn"]))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"已新建目标台账 {street}，并合并了 1 个台账"


# ---------------------------------------------------------------------------- the rules, through the API
def _set(path: Path, sql: str, params: tuple = ()) -> None:
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute(sql, params)
    finally:
        conn.close()


def _activity(path: Path, title: str) -> dict:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return dict(
            conn.execute(
                "SELECT * FROM activities WHERE uid = (SELECT uid FROM activities WHERE title = ?)", (title,)
            ).fetchone()
        )
    finally:
        conn.close()


def test_newest_version_wins_and_ties_go_to_the_source_named_last(clerks, tmp_path):
    a = clerks["bc"]
    b = tmp_path / "北城-副本.db"
    shutil.copy(a, b)  # the same rows, same uids: a copy carried on a USB stick and edited
    _set(
        a,
        "UPDATE activities SET participant_times = 50, updated_at = '2016-10-10T09:00:00Z' "
        "WHERE title = '重阳节慰问孤寡老人'",
    )
    _set(
        b,
        "UPDATE activities SET participant_times = 60, updated_at = '2016-10-10T09:00:00Z' "
        "WHERE title = '重阳节慰问孤寡老人'",
    )
    t1, t2 = tmp_path / "t1.db", tmp_path / "t2.db"
    merge([a, b], t1)
    merge([b, a], t2)
    assert _activity(t1, "重阳节慰问孤寡老人")["participant_times"] == 60
    assert _activity(t2, "重阳节慰问孤寡老人")["participant_times"] == 50
    again = merge([a, b], t1)
    assert again.changes == 0 and again.totals.unified == 0
    # a newer edit wins whatever the order
    _set(
        a,
        "UPDATE activities SET participant_times = 70, updated_at = '2016-10-11T09:00:00Z' "
        "WHERE title = '重阳节慰问孤寡老人'",
    )
    report = merge([a, b], t1)
    assert next(c for c in report.tables if c.table == "activities").updated == 1
    assert _activity(t1, "重阳节慰问孤寡老人")["participant_times"] == 70
    assert _activity(t1, "重阳节慰问孤寡老人")["updated_at"] == "2016-10-11T09:00:00Z"
    # an edit made in the target after that is newer than both sources: it stands
    _set(
        t1,
        "UPDATE activities SET participant_times = 75, updated_at = '2030-01-01T00:00:00Z' "
        "WHERE title = '重阳节慰问孤寡老人'",
    )
    assert merge([a, b], t1).changes == 0
    assert _activity(t1, "重阳节慰问孤寡老人")["participant_times"] == 75


def test_a_street_ledger_merges_into_the_district_without_duplicates(clerks, tmp_path):
    street = tmp_path / "乐成街道.db"
    district = tmp_path / "乐清市.db"
    merge([clerks["bc"], clerks["dm"]], street, name="乐成街道")
    first = merge([street, clerks["cn"]], district, name="乐清市")
    assert next(c for c in first.tables if c.table == "units").added == 4
    # the district also receives 东门's own ledger: its rows and its unified units are known already
    report = merge([clerks["dm"], street, clerks["cn"]], district)
    assert report.changes == 0, report.tables
    assert report.totals.unified == 0
    assert figures(district) == summed(clerks["bc"], clerks["dm"], clerks["cn"])
    with Ledger.open(district) as ledger:
        assert ledger.store.info()["counts"]["units"] == 4


def test_grids_pairings_and_members_are_unified_not_duplicated(tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    for path in (a, b):  # two clerks who both keep 北城社区 and its grid, the same pairing and member
        ok(path, "init", "--name", path.stem)
        ok(path, "community", "add", "BC", "北城社区", "--grid", "北城第一网格")
        ok(path, "unit", "add", "乐清市统计局", "--kind", "机关")
        ok(path, "pair", "add", "BC", "乐清市统计局", "--lead")
        with Ledger.open(path) as ledger, ledger.store.write("member add"):
            ledger.store.insert(
                "members",
                {
                    "name": "王丽",
                    "id_number": "330382198805120023",
                    "community_id": 1,
                    "unit_id": 1,
                    "registered_on": "2016-03-01",
                },
            )
    report = merge([a, b], tmp_path / "t.db")
    got = {c.table: (c.added, c.unified) for c in report.tables if c.added or c.unified}
    assert got == {
        "communities": (1, 1),
        "grids": (1, 1),
        "units": (1, 1),
        "pairings": (1, 1),
        "members": (1, 1),
    }
    assert [u["by"] for u in report.unified] == ["code", "name_key"]
    assert merge([a, b], tmp_path / "t.db").changes == 0


def test_the_merged_ledger_is_sound_and_audited(clerks, tmp_path):
    street = tmp_path / "street.db"
    report = merge(
        [clerks["bc"], clerks["dm"], clerks["cn"]], street, argv="gongjian merge … --into street.db"
    )
    with Ledger.open(street) as ledger:
        assert ledger.store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        command = ledger.store.row("SELECT * FROM audit_commands ORDER BY id DESC LIMIT 1")
        assert (command["command"], command["argv"]) == ("merge", "gongjian merge … --into street.db")
        changes = ledger.store.scalar(
            "SELECT count(*) FROM audit_changes WHERE command_id = ?", (command["id"],)
        )
        assert changes == report.totals.added
        # uids travel: every source row keeps its uid, unified units keep an alias
        for source in clerks.values():
            with Ledger.open(source, readonly=True) as src:
                for (uid,) in src.store.conn.execute("SELECT uid FROM activities"):
                    assert ledger.store.scalar("SELECT 1 FROM activities WHERE uid = ?", (uid,)) == 1
        assert ledger.store.scalar("SELECT count(*) FROM merge_aliases WHERE tbl = 'units'") == 4


def domain_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table but the audit trail; aliases without the time they were learnt."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE 'audit_%' AND name NOT LIKE 'search_%' AND name != 'meta'"
            )
        ]
        rows = {tb: conn.execute(f'SELECT * FROM "{tb}" ORDER BY 1, 2').fetchall() for tb in tables}
        rows["merge_aliases"] = [row[:4] for row in rows["merge_aliases"]]
        return rows
    finally:
        conn.close()


def test_rows_move_in_chunks_and_the_chunk_size_changes_nothing(clerks, tmp_path, monkeypatch):
    """Two sources holding the same activities and events (a street ledger and one of its clerks' ledgers,
    edited since) give the same district ledger and report whether rows move 500 or 2 at a time."""
    street = tmp_path / "street.db"
    ok(street, "init", "--name", "乐成街道台账")
    assert gj("merge", str(clerks["bc"]), str(clerks["dm"]), "--into", str(street)).exit_code == 0
    ok(
        clerks["bc"],
        "activity",
        "add",
        "BC",
        "垃圾分类宣传",
        "--date",
        "2016-10-08",
        "--category",
        "环境整治",
        "--organiser",
        "乐清市统计局",
        "--participant-times",
        "35",
    )
    ok(clerks["cn"], "ticket", "open", "CN", "路灯不亮", "--reported", "2016-09-01", "--category", "设施")
    close_ticket(clerks["cn"], "CN-2016-00002", "中国移动乐清分公司", "王建", month=9)
    sources = [str(street), str(clerks["bc"]), str(clerks["cn"])]
    seen = []
    for size in (500, 2):
        monkeypatch.setattr("gongjian.merge.merge.CHUNK", size)
        district = tmp_path / f"district-{size}.db"
        result = gj("merge", *sources, "--into", str(district), "--format", "json")
        assert result.exit_code == 0, result.stderr
        report = report_json(result)
        seen.append((report["tables"], domain_rows(district)))
        assert table_counts(report, "activities")["added"] == counts(district)["activities"]
    assert seen[0] == seen[1]
    assert len(seen[0][1]["activities"]) == len({row[1] for row in seen[0][1]["activities"]})


def test_errors_through_the_api(clerks, tmp_path):
    with pytest.raises(Conflict) as err:
        merge([], tmp_path / "t.db")
    assert err.value.key == "merge_no_sources"
    newer = tmp_path / "newer.db"
    shutil.copy(clerks["cn"], newer)
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(LedgerError) as err:
        merge([newer], tmp_path / "t.db")
    assert err.value.key == "ledger_newer"


def test_an_older_ledger_merges_with_what_it_has(clerks, tmp_path):
    old = tmp_path / "东门-旧版.db"
    shutil.copy(clerks["dm"], old)
    conn = sqlite3.connect(old)
    with conn:  # as a ledger of schema version 1 with one column fewer would be
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'").fetchall():
            conn.execute(f'DROP VIEW "{name}"')  # version 1 had no search index (migration 7)
        for name in ("search_instances", "search_terms", "search_index"):
            conn.execute(f'DROP TABLE "{name}"')
        conn.execute("DROP TABLE merge_aliases")
        conn.execute("ALTER TABLE activities DROP COLUMN venue")
        conn.execute("PRAGMA user_version = 1")
    conn.close()
    digest = sha256(old)
    street = tmp_path / "street.db"
    report = merge([clerks["bc"], old], street)
    assert report.totals.conflicts == 0
    assert next(c for c in report.tables if c.table == "activities").added == 3
    assert figures(street) == summed(clerks["bc"], clerks["dm"])
    assert sha256(old) == digest
    # the activity keeps the target's venue when a newer version from the old ledger has no such column
    _set(street, "UPDATE activities SET venue = '社区文化家园' WHERE title = '端午节包粽子'")
    conn = sqlite3.connect(old)
    with conn:
        conn.execute("UPDATE activities SET participant_times = 130, updated_at = '2030-01-01T00:00:00Z'")
    conn.close()
    merge([old], street)
    row = _activity(street, "端午节包粽子")
    assert (row["venue"], row["participant_times"]) == ("社区文化家园", 130)


def test_the_assessment_and_reports_work_across_the_merged_communities(clerks, tmp_path):
    street = tmp_path / "street.db"
    assert gj("merge", *(str(clerks[k]) for k in ("bc", "dm", "cn")), "--into", str(street)).exit_code == 0
    scored = json.loads(ok(street, "assess", "2016", "--format", "json").stdout)
    stats = [row for row in scored if row["unit"] == "乐清市统计局"]
    assert len(stats) == 1  # one unit, scored on what three ledgers recorded
    assert set(stats[0]["communities"]) == {"北城社区", "东门社区", "城南社区"}
    assert {row["unit"] for row in scored} == {
        "乐清市统计局",
        "乐清市财政局",
        "中国移动乐清分公司",
        "正泰集团股份有限公司",
    }
    year = json.loads(ok(street, "report", "year", "2016", "--format", "json").stdout)
    assert year["year"] == 2016
    assert ok(street, "doctor").exit_code == 0


def test_keyed_tables_stream_when_their_keys_stay_apart_with_the_same_result(clerks, tmp_path, monkeypatch):
    """A keyed table whose rows meet no other by a key (members, tickets … of a clerk's ledger merged into a
    street ledger, and the re-run) is planned as a stream; the ledger and the report are those of the whole
    table planned at once, and a table whose rows are unified (units across ledgers) is still planned whole."""
    from gongjian.merge.plan import Planner

    street = tmp_path / "street.db"
    ok(street, "init", "--name", "乐成街道台账")
    assert gj("merge", str(clerks["bc"]), "--into", str(street)).exit_code == 0
    ok(clerks["cn"], "ticket", "open", "CN", "路灯不亮", "--reported", "2016-09-01", "--category", "设施")
    sources = [str(street), str(clerks["bc"]), str(clerks["dm"]), str(clerks["cn"])]
    real = Planner._keys_stay_apart
    streamed: dict[str, list[bool]] = {}
    monkeypatch.setattr("gongjian.merge.plan.STREAM_KEYED_AT", 0)  # the small ledgers' tables too

    def watched(self, table, *args):
        apart = real(self, table, *args)
        streamed.setdefault(table, []).append(apart)
        return apart

    seen = []
    for mode in ("stream", "whole"):
        if mode == "stream":
            monkeypatch.setattr(Planner, "_keys_stay_apart", watched)
        else:
            monkeypatch.setattr(Planner, "_keys_stay_apart", lambda *_: False)
        district = tmp_path / f"district-{mode}.db"
        first = gj("merge", *sources, "--into", str(district), "--format", "json")
        again = gj("merge", *sources, "--into", str(district), "--format", "json")
        assert first.exit_code == 0 and again.exit_code == 0, (first.stderr, again.stderr)
        seen.append((report_json(first), report_json(again), domain_rows(district)))
    for report in (seen[0][0], seen[0][1]):
        report.pop("target")
    for report in (seen[1][0], seen[1][1]):
        report.pop("target")
    assert seen[0] == seen[1]
    assert table_counts(seen[0][0], "units")["unified"] > 0
    assert False in streamed["units"]  # units shared by the ledgers are unified: planned whole
    assert streamed["members"] == [True, True] and streamed["tickets"] == [True, True]
    assert table_counts(seen[0][1], "members")["unchanged"] == len(seen[0][2]["members"])


def test_ctrl_c_while_a_source_is_checked_leaves_no_target(clerks, tmp_path, monkeypatch):
    """Ctrl-C while a large source is checked (SQLite's progress handler on the read-only source): exit 130,
    the one line, and no target ledger left behind."""

    def ctrl_c(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr("gongjian.store.soundness.TICK", 1)
    monkeypatch.setattr("gongjian.store.soundness._breathe", ctrl_c)
    district = tmp_path / "district.db"
    result = gj("merge", str(clerks["bc"]), str(clerks["dm"]), "--into", str(district))
    assert (result.exit_code, result.stderr) == (130, "已取消，未做任何改动\n")
    assert not any(p.name.startswith("district") for p in tmp_path.iterdir())
