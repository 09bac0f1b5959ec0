"""`gongjian summary --post`: the digest posted to a chat group's robot (企业微信, 钉钉, 飞书).

A local HTTP server plays the robot: it checks each platform's documented body and signature, answers as
the platform would (or fails), and records every request.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import sqlite3
import threading
import time
import urllib.parse
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from gongjian.ledger import Ledger
from gongjian.reports import post
from gongjian.reports.digest import digest
from gongjian.writing.chat import PLATFORMS, chat_message

TODAY = "2016-12-20"  # the demo has overdue problems, idle units and members under target on this day
SECRET = "SEC4f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff"
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


class Robot:
    """A chat group robot on 127.0.0.1: records each request and answers with the next planned reply."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.replies: list[tuple[int, object]] = []  # (HTTP status, JSON reply); the last one repeats
        self.delay = 0.0
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server hook
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                parts = urllib.parse.urlsplit(self.path)
                robot.requests.append(
                    {
                        "path": parts.path,
                        "query": dict(urllib.parse.parse_qsl(parts.query)),
                        "content_type": self.headers.get("Content-Type"),
                        "body": json.loads(raw.decode("utf-8")),
                        "received": time.time(),
                    }
                )
                if robot.delay:
                    time.sleep(robot.delay)
                status, reply = robot.replies[0] if robot.replies else (200, {"errcode": 0, "errmsg": "ok"})
                if len(robot.replies) > 1:
                    robot.replies.pop(0)
                data = json.dumps(reply).encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def __enter__(self) -> Robot:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def robot():
    with Robot() as running:
        yield running


@pytest.fixture(autouse=True)
def _fast_and_fixed(monkeypatch):
    """No real waiting between attempts, a short timeout, a fixed today, no robot from the environment."""
    monkeypatch.setattr(post, "BACKOFF", (0.01, 0.02, 0.03))
    monkeypatch.setattr(post, "TIMEOUT", 2.0)
    monkeypatch.setenv("GONGJIAN_TODAY", TODAY)
    for name in (post.ENV_URL, post.ENV_KIND, post.ENV_SECRET):
        monkeypatch.delenv(name, raising=False)


def member_names(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM members")}
    finally:
        conn.close()


def assert_no_personal_data(text: str, names: set[str]) -> None:
    """No member's name and no phone number appears in a posted message."""
    assert not PHONE.search(text)
    found = sorted(name for name in names if len(name) >= 2 and name in text)
    assert found == []


def test_wecom_gets_its_markdown_body_within_4096_bytes_and_no_personal_data(demo_cli, demo_db, robot):
    url = robot.url("/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa")
    r = demo_cli("summary", "--since", "30d", "--post", url, "--post-kind", "wecom")
    assert r.exit_code == 0, r.stderr
    (sent,) = robot.requests
    assert sent["path"] == "/cgi-bin/webhook/send" and sent["query"] == {
        "key": "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
    }
    assert sent["content_type"] == "application/json; charset=utf-8"
    body = sent["body"]
    assert list(body) == ["msgtype", "markdown"] and body["msgtype"] == "markdown"
    assert list(body["markdown"]) == ["content"]
    content = body["markdown"]["content"]
    size = len(content.encode("utf-8"))
    assert 3000 < size <= 4096  # the demo's digest is about 20 KB: cut to fit
    assert content.startswith("# 共建台账摘要：2016-11-20 至 2016-12-20 · 全部社区\n")
    assert "需要关注：逾期问题 **16** 个；90 天无活动单位 **46** 个；服务未达标党员 **290** 名" in content
    assert "## 问题台账" in content and "QH-2015-00013 清和社区" in content  # the most important list kept
    assert content.rstrip().endswith(
        "（摘要超出企业微信消息长度上限，已缩减：活动、资金物资、服务未达标的在职党员、90 天无活动的单位、"
        "问题台账。完整内容请运行 gongjian summary 查看）"
    )
    assert_no_personal_data(content, member_names(demo_db))
    assert r.stdout == (
        f"摘要已发到企业微信群（127.0.0.1，{size:,} 字节；因长度上限缩减了：活动、资金物资、"
        "服务未达标的在职党员、90 天无活动的单位、问题台账）\n"
    )
    assert "693a91f6" not in r.stdout + r.stderr  # the robot's key is never shown


def test_dingtalk_is_signed_in_the_url_with_timestamp_and_hmac_sha256(demo_cli, demo_db, robot):
    url = robot.url("/robot/send?access_token=e9a8118c8a3dc")
    before = int(time.time() * 1000)
    r = demo_cli(
        "summary", "--since", "30d", "--post", url, "--post-kind", "dingtalk", "--post-secret", SECRET
    )
    assert r.exit_code == 0, r.stderr
    (sent,) = robot.requests
    query = sent["query"]
    assert sorted(query) == ["access_token", "sign", "timestamp"] and query["access_token"] == "e9a8118c8a3dc"
    stamp = int(query["timestamp"])
    assert before <= stamp <= int(time.time() * 1000)  # milliseconds, as 钉钉 asks
    wanted = hmac.new(SECRET.encode(), f"{stamp}\n{SECRET}".encode(), hashlib.sha256).digest()
    assert base64.b64decode(query["sign"]) == wanted
    body = sent["body"]
    assert body["msgtype"] == "markdown" and sorted(body["markdown"]) == ["text", "title"]
    assert body["markdown"]["title"] == "共建台账摘要：2016-11-20 至 2016-12-20 · 全部社区"
    text = body["markdown"]["text"]
    assert len(text.encode("utf-8")) <= 20_000
    assert "- 2016-11-23 丹霞社区 志愿者卫生大扫除" in text  # 钉钉 takes 20,000 bytes: nothing cut here
    assert "已缩减" not in text
    assert_no_personal_data(text, member_names(demo_db))
    # Members under target are counted per community, never named.
    assert re.search(r"^- \S+社区（未达标 \*\*\d+\*\* 名）$", text, flags=re.MULTILINE)
    assert r.stdout.startswith("摘要已发到钉钉群（127.0.0.1，")


def test_feishu_from_the_environment_is_a_signed_card_within_20_kb(demo_cli, demo_db, robot, monkeypatch):
    monkeypatch.setenv("GONGJIAN_POST_URL", robot.url("/open-apis/bot/v2/hook/3b2ad5b1"))
    monkeypatch.setenv("GONGJIAN_POST_KIND", "feishu")
    monkeypatch.setenv("GONGJIAN_POST_SECRET", SECRET)
    robot.replies = [(200, {"code": 0, "msg": "success", "data": {}})]
    before = int(time.time())
    r = demo_cli("summary", "--since", "30d", "--post-kind", "feishu")
    assert r.exit_code == 0, r.stderr
    (sent,) = robot.requests
    body = sent["body"]
    assert sent["query"] == {} and sorted(body) == ["card", "msg_type", "sign", "timestamp"]
    stamp = int(body["timestamp"])
    assert before <= stamp <= int(time.time())  # seconds, as 飞书 asks
    wanted = hmac.new(f"{stamp}\n{SECRET}".encode(), b"", hashlib.sha256).digest()
    assert base64.b64decode(body["sign"]) == wanted
    assert body["msg_type"] == "interactive"
    card = body["card"]
    assert card["header"]["title"] == {
        "tag": "plain_text",
        "content": "共建台账摘要：2016-11-20 至 2016-12-20 · 全部社区",
    }
    (element,) = card["elements"]
    assert element["tag"] == "markdown"
    assert not re.search(r"^#", element["content"], flags=re.MULTILINE)  # card Markdown has no headings
    assert "**问题台账**" in element["content"]
    assert len(json.dumps(body, ensure_ascii=False).encode("utf-8")) <= 20_000
    assert_no_personal_data(element["content"], member_names(demo_db))


def test_a_failed_delivery_is_tried_again_with_backoff_then_succeeds(demo_cli, robot, monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr(post.time, "sleep", waits.append)
    robot.replies = [
        (500, {"error": "internal"}),
        (200, {"errcode": 45009, "errmsg": "api freq out of limit"}),
        (200, {"errcode": 0, "errmsg": "ok"}),
    ]
    r = demo_cli("summary", "--post", robot.url("/cgi-bin/webhook/send?key=k"), "--post-kind", "wecom")
    assert r.exit_code == 0, r.stderr
    assert len(robot.requests) == 3
    assert waits == [0.01, 0.02]
    assert robot.requests[0]["body"] == robot.requests[2]["body"]  # the same message each time


def test_every_attempt_failing_is_one_chinese_line_and_exit_1(demo_cli, robot):
    robot.replies = [(200, {"errcode": 310000, "errmsg": "sign not match"})]
    url = robot.url("/robot/send?access_token=e9a8118c8a3dc")
    r = demo_cli("summary", "--post", url, "--post-kind", "dingtalk", "--post-secret", "SECwrong")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr == "摘要未能发到钉钉群（试了 4 次）：平台返回错误 310000：sign not match\n"
    assert len(robot.requests) == 4


def test_an_http_error_and_a_timeout_are_reported_the_same_way(demo_cli, robot, monkeypatch):
    robot.replies = [(502, {"error": "bad gateway"})]
    r = demo_cli("summary", "--post", robot.url("/hook"), "--post-kind", "feishu")
    assert (r.exit_code, r.stderr) == (1, "摘要未能发到飞书群（试了 4 次）：HTTP 502\n")

    monkeypatch.setattr(post, "BACKOFF", ())
    monkeypatch.setattr(post, "TIMEOUT", 0.3)
    robot.replies, robot.delay = [(200, {"errcode": 0, "errmsg": "ok"})], 1.0
    r = demo_cli("summary", "--post", robot.url("/cgi-bin/webhook/send?key=k"), "--post-kind", "wecom")
    assert (r.exit_code, r.stderr) == (1, "摘要未能发到企业微信群（试了 1 次）：0.3 秒内无响应\n")


def test_an_unreachable_robot_names_its_host_not_its_url(demo_cli, monkeypatch):
    monkeypatch.setattr(post, "BACKOFF", ())
    with Robot() as closed:
        url = closed.url("/cgi-bin/webhook/send?key=secret-key")
    r = demo_cli("summary", "--post", url, "--post-kind", "wecom")
    assert r.exit_code == 1
    assert r.stderr.startswith("摘要未能发到企业微信群（试了 1 次）：连接不上 127.0.0.1：")
    assert "secret-key" not in r.stderr and r.stderr.count("\n") == 1


def test_check_posts_only_when_something_needs_attention(cli, demo_cli, robot):
    url = robot.url("/cgi-bin/webhook/send?key=k")
    quiet = cli("summary", "--check", "--post", url, "--post-kind", "wecom")  # an empty ledger
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    assert robot.requests == []
    loud = demo_cli("summary", "--check", "--post", url, "--post-kind", "wecom")
    assert loud.exit_code == 3
    assert len(robot.requests) == 1 and loud.stdout.startswith("摘要已发到企业微信群")


def test_the_platform_is_told_by_the_official_hosts_else_asked_for(cli, monkeypatch):
    assert (
        post.target_of("https://oapi.dingtalk.com/robot/send?access_token=x", None, None).kind == "dingtalk"
    )
    assert (
        post.target_of("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x", None, None).kind == "wecom"
    )
    assert post.target_of("https://open.feishu.cn/open-apis/bot/v2/hook/x", None, None).kind == "feishu"
    r = cli("summary", "--post", "https://robot.example.org/hook")
    assert (r.exit_code, r.stderr) == (
        1,
        "看不出 robot.example.org 是哪个平台的群机器人：请加 --post-kind wecom|dingtalk|feishu\n",
    )
    r = cli("summary", "--post-kind", "dingtalk")
    assert (r.exit_code, r.stderr) == (
        1,
        "没有群机器人地址：请用 --post URL 或环境变量 GONGJIAN_POST_URL 给出\n",
    )
    r = cli("summary", "--post", "ftp://oapi.dingtalk.com/robot")
    assert (r.exit_code, r.stderr) == (1, "群机器人地址须以 https:// 或 http:// 开头\n")
    assert cli("summary", "--post", "https://x.org", "--post-kind", "slack").exit_code == 2


def test_a_long_digest_is_cut_from_its_least_important_sections(demo_db):
    with Ledger.open(demo_db, readonly=True) as ledger:
        data = digest(
            ledger, since="2016-11-20", until=TODAY, today=date(2016, 12, 20), limit=0, personal=False
        )
    full = chat_message(data, "dingtalk", limit=10**9)
    assert full.trimmed == () and "已缩减" not in full.text
    for limit in (12_000, 8_000, 4_096):
        message = chat_message(data, "dingtalk", limit=limit)
        assert message.size == len(message.text.encode("utf-8")) <= limit
        assert "已缩减" in message.text
        # Cut in order: activities go before funds, … problems last.
        order = ["activities", "funds", "members_under_target", "inactive_units", "projects",
                 "agreements_expiring", "problems"]  # fmt: skip
        assert list(message.trimmed) == [s for s in order if s in message.trimmed]
        assert message.trimmed[0] == "activities"
    small = chat_message(data, "wecom")
    assert small.size <= PLATFORMS["wecom"].limit
    assert "问题台账" in small.trimmed_names


def test_phone_numbers_written_in_text_are_masked_and_markup_is_made_harmless(demo_db):
    conn = sqlite3.connect(demo_db)
    conn.execute(
        "UPDATE tickets SET title = '路灯坏了，联系王大妈13857712345 [点我](http://x.cn) <@all>' "
        "WHERE number = 'QH-2015-00013'"
    )
    conn.commit()
    conn.close()
    with Ledger.open(demo_db, readonly=True) as ledger:
        data = digest(ledger, since="2016-11-20", until=TODAY, today=date(2016, 12, 20), personal=False)
    text = chat_message(data, "dingtalk").text
    line = next(x for x in text.splitlines() if "QH-2015-00013" in x)
    assert "138＊＊＊＊2345" in line and "13857712345" not in text  # masked, and its stars no Markdown
    assert "［点我］(http://x.cn) ＜＠all＞" in line
