"""The digest as a chat group robot's message: 企业微信, 钉钉 and 飞书, each in its documented JSON body.

- 企业微信 (`wecom`): `{"msgtype": "markdown", "markdown": {"content": …}}`, content at most 4096 bytes;
- 钉钉 (`dingtalk`): `{"msgtype": "markdown", "markdown": {"title": …, "text": …}}`, text at most 20000 bytes;
- 飞书 (`feishu`): an interactive card with a header and one `markdown` element; the whole request body at
  most 20 KB (its card Markdown has no headings: they are bold lines).

A digest too long for the platform is cut from its least important sections up (`TRIM_ORDER`): their lists
are shortened, and the message ends with a line saying which sections were shortened and that the full
digest is one `gongjian summary` away. Building the message is pure: sending it is
`gongjian.reports.post`.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gongjian.i18n import t
from gongjian.writing.digest import title_of, to_chat_markdown

# Sections whose lists give way first, least important first; each with its lists in that order.
TRIM_ORDER: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("activities", ("items",)),
    ("funds", ("items",)),
    ("members_under_target", ("items",)),
    ("inactive_units", ("items",)),
    ("projects", ("in_hall", "past_due")),
    ("agreements_expiring", ("items",)),
    ("problems", ("overdue",)),
)
HEADING_KEYS = {
    "activities": "sum_h_activities",
    "funds": "sum_h_funds",
    "members_under_target": "sum_h_members",
    "inactive_units": "sum_h_inactive",
    "projects": "sum_h_projects",
    "agreements_expiring": "sum_h_agreements",
    "problems": "sum_h_problems",
}
NOTE_RESERVE = 600  # bytes kept free for the line that says what was shortened


@dataclass(frozen=True)
class Platform:
    """One chat platform's group robot: its name key, size limit and how a message is measured and built."""

    key: str
    limit: int
    headings: bool
    build: Callable[[str, str], dict[str, Any]]
    measure: Callable[[dict[str, Any], str], int]


def _wecom(title: str, text: str) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"content": text}}


def _dingtalk(title: str, text: str) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}


def _feishu(title: str, text: str) -> dict[str, Any]:
    return {
        "msg_type": "interactive",
        "card": {
            "config": {"wide_screen_mode": True},
            "header": {"title": {"tag": "plain_text", "content": title}, "template": "blue"},
            "elements": [{"tag": "markdown", "content": text}],
        },
    }


def _text_bytes(body: dict[str, Any], text: str) -> int:
    return len(text.encode("utf-8"))


def body_bytes(body: dict[str, Any], text: str = "") -> int:
    """The size of a JSON request body as sent (UTF-8, Chinese unescaped)."""
    return len(json.dumps(body, ensure_ascii=False).encode("utf-8"))


SIGNATURE_RESERVE = 100  # 飞书's timestamp and signature join the body after it is built
PLATFORMS = {
    "wecom": Platform("wecom", 4096, True, _wecom, _text_bytes),
    "dingtalk": Platform("dingtalk", 20_000, True, _dingtalk, _text_bytes),
    "feishu": Platform("feishu", 20_000 - SIGNATURE_RESERVE, False, _feishu, body_bytes),
}


@dataclass(frozen=True)
class Message:
    """A robot's message: the JSON body to post, its Markdown, its size and the sections shortened."""

    platform: str
    body: dict[str, Any]
    text: str
    size: int
    trimmed: tuple[str, ...]  # the sections shortened (digest keys), least important first
    trimmed_names: str = ""  # the same as a clerk reads them: 活动、资金物资


def chat_message(data: dict[str, Any], platform: str, *, limit: int | None = None) -> Message:
    """The digest `data` (see `gongjian.reports.digest`) as `platform`'s message, cut to its size limit."""
    spec = PLATFORMS[platform]
    limit = limit or spec.limit
    title = title_of(data)

    def build(d: dict[str, Any], note: str = "") -> tuple[dict[str, Any], str, int]:
        text = to_chat_markdown(d, headings=spec.headings) + (f"\n{note}\n" if note else "")
        body = spec.build(title, text)
        return body, text, spec.measure(body, text)

    body, text, size = build(data)
    if size <= limit:
        return Message(platform, body, text, size, ())
    work = copy.deepcopy(data)
    room = limit - NOTE_RESERVE
    trimmed: list[str] = []
    for section, lists in TRIM_ORDER:
        for name in lists:
            holder = work[section] if name == "items" else work[section][name]
            items = holder["items"]
            if not items or build(work)[2] <= room:
                continue
            full = len(items)
            low, high = 0, full  # the most items that fit: binary search on the rendered size
            while low < high:
                mid = (low + high + 1) // 2
                holder["items"] = items[:mid]
                if build(work)[2] <= room:
                    low = mid
                else:
                    high = mid - 1
            holder["items"] = items[:low]
            if low < full and section not in trimmed:
                trimmed.append(section)
        if build(work)[2] <= room:
            break
    names = t("sum_list_sep").join(t(HEADING_KEYS[s], days=_days(work, s)) for s in trimmed)
    note = t("chat_trimmed", platform=t(f"chat_{platform}"), sections=names)
    body, text, size = build(work, note)
    while size > limit:  # the summaries alone are too long (never with real ledgers): cut the text itself
        text = _cut(text, len(text.encode("utf-8")) - (size - limit) - 16)
        body = spec.build(title, text)
        size = spec.measure(body, text)
    return Message(platform, body, text, size, tuple(trimmed), names)


def _days(data: dict[str, Any], section: str) -> int | str:
    part = data.get(section) or {}
    return part.get("within_days") or part.get("days") or ""


def _cut(text: str, size: int) -> str:
    """`text` cut to at most `size` UTF-8 bytes, ending with an ellipsis line."""
    raw = text.encode("utf-8")[: max(size, 0)]
    return raw.decode("utf-8", errors="ignore").rstrip() + "\n…\n"
