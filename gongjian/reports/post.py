"""Posting the digest to the office's chat group (`gongjian summary --post URL --post-kind …`).

The message is the digest without personal data (`digest(personal=False)`: nobody named, phone and ID
numbers inside text masked) in the platform's documented body (`gongjian.writing.chat`). It is sent with
the standard library (`urllib.request`, no dependency) as one JSON POST:

- 钉钉 with a signing secret (加签): `timestamp` (milliseconds) and `sign` = Base64(HMAC-SHA256(secret,
  "timestamp\\nsecret")) join the webhook URL's query;
- 飞书 with a signing secret (签名校验): `timestamp` (seconds) and `sign` = Base64(HMAC-SHA256 keyed with
  "timestamp\\nsecret", of nothing) join the JSON body;
- 企业微信's robot has no signing: its key is in the URL.

A delivery fails on an HTTP error, a timeout, a connection that cannot be made, or a reply whose `errcode`
(企业微信, 钉钉) or `code` (飞书) is not 0; it is tried again after `BACKOFF` seconds, then refused with one
line naming the platform, the attempts and the last reason — never the URL, whose key is the robot's
password. URL, kind and secret may come from `GONGJIAN_POST_URL`, `GONGJIAN_POST_KIND` and
`GONGJIAN_POST_SECRET`, so that they stay out of crontab and shell history.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from gongjian.errors import DeliveryFailed, InvalidValue
from gongjian.i18n import t
from gongjian.writing.chat import PLATFORMS, Message

ENV_URL = "GONGJIAN_POST_URL"
ENV_KIND = "GONGJIAN_POST_KIND"
ENV_SECRET = "GONGJIAN_POST_SECRET"
BACKOFF = (2.0, 5.0, 15.0)  # seconds to wait before the second, third and fourth attempt
TIMEOUT = 15.0  # seconds for one attempt
HOSTS = {  # a webhook's host names its platform when --post-kind is not given
    "qyapi.weixin.qq.com": "wecom",
    "oapi.dingtalk.com": "dingtalk",
    "open.feishu.cn": "feishu",
    "open.larksuite.com": "feishu",
}


@dataclass(frozen=True)
class Target:
    """Where the digest goes: the webhook URL, its platform, and the signing secret (if any)."""

    url: str
    kind: str
    secret: str | None = None

    @property
    def host(self) -> str:
        """The webhook's host, the only part of its URL ever shown."""
        return urllib.parse.urlsplit(self.url).hostname or "?"


def target_of(url: str | None, kind: str | None, secret: str | None) -> Target:
    """The target from the options, else from the environment; the kind from the host when not given."""
    url = (url or os.environ.get(ENV_URL) or "").strip()
    kind = (kind or os.environ.get(ENV_KIND) or "").strip().lower() or None
    secret = (secret or os.environ.get(ENV_SECRET) or "").strip() or None
    if not url:
        raise InvalidValue("post_no_url", env=ENV_URL)
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidValue("post_bad_url")
    if kind is None:
        kind = HOSTS.get(parts.hostname.lower())
        if kind is None:
            raise InvalidValue("post_no_kind", host=parts.hostname)
    if kind not in PLATFORMS:
        raise InvalidValue("post_bad_kind", kind=kind, choices=", ".join(PLATFORMS))
    return Target(url, kind, secret)


def sign(secret: str, timestamp: str, kind: str) -> str:
    """The platform's signature of a timestamp with the robot's secret (钉钉 加签, 飞书 签名校验), Base64."""
    string = f"{timestamp}\n{secret}".encode()
    if kind == "feishu":
        digest = hmac.new(string, b"", hashlib.sha256).digest()
    else:
        digest = hmac.new(secret.encode("utf-8"), string, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def request_of(target: Target, body: dict[str, Any], now: float) -> tuple[str, bytes]:
    """The URL and the JSON bytes of one attempt, signed as the platform asks when there is a secret."""
    url, body = target.url, dict(body)
    if target.secret and target.kind == "dingtalk":
        stamp = str(int(now * 1000))
        query = urllib.parse.urlencode({"timestamp": stamp, "sign": sign(target.secret, stamp, "dingtalk")})
        url += ("&" if urllib.parse.urlsplit(url).query else "?") + query
    elif target.secret and target.kind == "feishu":
        stamp = str(int(now))
        body.update(timestamp=stamp, sign=sign(target.secret, stamp, "feishu"))
    return url, json.dumps(body, ensure_ascii=False).encode("utf-8")


def _attempt(target: Target, body: dict[str, Any]) -> str | None:
    """Post once; None when the platform took the message, else why not (one phrase)."""
    url, data = request_of(target, body, time.time())
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # http(s) only: target_of
            reply = response.read(65536)
    except urllib.error.HTTPError as exc:
        return t("post_http", status=exc.code)
    except TimeoutError:
        return t("post_timeout", seconds=f"{TIMEOUT:g}")
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            return t("post_timeout", seconds=f"{TIMEOUT:g}")
        return t("post_unreachable", host=target.host, reason=str(exc.reason))
    except OSError as exc:
        return t("post_unreachable", host=target.host, reason=str(exc))
    try:
        answer = json.loads(reply.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return t("post_not_json")
    if not isinstance(answer, dict):
        return t("post_not_json")
    code = answer.get("code", answer.get("StatusCode")) if target.kind == "feishu" else answer.get("errcode")
    if code in (0, "0"):
        return None
    message = answer.get("msg") if target.kind == "feishu" else answer.get("errmsg")
    return t("post_errcode", code=code, message=message or "")


def deliver(target: Target, message: Message, *, sleep: Any = None) -> dict[str, Any]:
    """Post `message` to `target`, trying again after each of `BACKOFF`'s waits; returns what was sent.

    Raises DeliveryFailed (one line: platform, attempts, the last reason) when every attempt failed.
    """
    waits = (0.0, *BACKOFF)
    reason = ""
    for attempt, wait in enumerate(waits, start=1):
        if wait:
            (sleep or time.sleep)(wait)
        reason = _attempt(target, message.body)
        if reason is None:
            return {
                "platform": target.kind,
                "host": target.host,
                "attempts": attempt,
                "bytes": message.size,
                "trimmed": list(message.trimmed),
            }
    raise DeliveryFailed("post_failed", platform=t(f"chat_{target.kind}"), attempts=len(waits), reason=reason)
