"""Writing the digest of `gongjian.reports.digest` as plain text, Markdown or JSON.

Text and Markdown come from one renderer and carry the same lines in the same order: Markdown only adds
`#` headings, bold figures and escapes. Text is plain by construction (no ANSI, no box drawing, control
characters in stored text are blanked), one item per line, fixed section headings: safe to mail or to
paste into a chat group. JSON is the digest itself, with the keys documented in `docs/summary.schema.json`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from gongjian.i18n import t
from gongjian.reading.normalize import fen_to_yuan as yuan
from gongjian.vocab import term_label

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPACES = re.compile(r" {2,}")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
# Chat groups' Markdown shows a backslash escape as it is: their markup characters in stored text are
# written full-width instead (a title can neither format the message nor @ anybody).
_CHAT_SAFE = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "\\`*_[]<>#|~@"})


def plain(value: object) -> str:
    """Stored text made safe for one line of plain output: control characters blanked, spaces collapsed."""
    text = _CONTROL.sub(" ", str(value))
    return _SPACES.sub(" ", text).strip()


def to_json(data: dict[str, Any]) -> str:
    """The digest as indented JSON with a final newline (Chinese kept as UTF-8, never escaped)."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_text(data: dict[str, Any]) -> str:
    """The digest as plain text for mail and chat groups."""
    return _Renderer(markdown=False).render(data)


def to_markdown(data: dict[str, Any]) -> str:
    """The digest as Markdown: the text's lines with headings, bold figures and escaped user text."""
    return _Renderer(markdown=True).render(data)


def to_chat_markdown(data: dict[str, Any], *, headings: bool = True) -> str:
    """The digest as the Markdown a chat group's robot posts: stored text made harmless by full-width markup
    characters instead of backslashes; without `headings` (飞书 cards) the headings are bold lines."""
    return _Renderer(markdown=True, chat=True, headings=headings).render(data)


def title_of(data: dict[str, Any]) -> str:
    """The digest's title line as plain text (a chat message's title)."""
    return _Renderer(markdown=False).title(data)


class _Renderer:
    """Lays out the digest's sections; `markdown` switches headings, emphasis and escaping."""

    def __init__(self, *, markdown: bool, chat: bool = False, headings: bool = True) -> None:
        self.md = markdown
        self.chat = chat
        self.headings = headings
        self.blocks: list[tuple[str, str]] = []  # (kind, line): kind is "title", "heading", "line" or "item"

    def line(self, text: str, kind: str = "line") -> None:
        """Add one line of output."""
        self.blocks.append((kind, text))

    def joined(self) -> str:
        """The lines as one string; Markdown gets a blank line around everything but consecutive items."""
        out: list[str] = []
        previous = None
        for kind, text in self.blocks:
            if kind == "heading" or (self.md and previous is not None and not (kind == previous == "item")):
                out.append("")
            out.append(text)
            previous = kind
        return "\n".join(out) + "\n"

    # ------------------------------------------------------------------ building blocks
    def esc(self, value: object) -> str:
        """Stored text (names, titles) on one line; escaped for Markdown."""
        text = plain(value)
        if self.chat:
            return text.translate(_CHAT_SAFE)
        return _MD_SPECIAL.sub(r"\\\1", text) if self.md else text

    def em(self, value: object) -> str:
        """A figure, bold in Markdown."""
        return f"**{value}**" if self.md else str(value)

    def heading(self, title: str) -> None:
        """A fixed section heading, preceded by a blank line."""
        if self.md:
            self.line(f"## {title}" if self.headings else f"**{title}**", "heading")
        else:
            self.line(t("sum_heading", title=title), "heading")

    def item(self, main: str, details: list[str]) -> None:
        """One list line: the main words and, in brackets, the details that are present."""
        shown = [d for d in details if d]
        text = main + (t("sum_paren", text=t("sum_sep").join(shown)) if shown else "")
        self.line(f"- {text}", "item")

    def more(self, section: dict[str, Any]) -> None:
        """The line saying how many items the limit left out."""
        hidden = section["count"] - len(section["items"])
        if hidden > 0:
            self.line(t("sum_more", n=self.em(hidden)))

    def names(self, names: list[str]) -> str:
        """A list of names joined the way the language does."""
        return t("sum_list_sep").join(self.esc(n) for n in names)

    # ------------------------------------------------------------------ the digest
    def title(self, d: dict[str, Any]) -> str:
        """The title of the digest: its period and scope."""
        scope = d["community"]
        where = (
            t("sum_scope_all")
            if scope is None
            else self.esc(scope["name"]) + t("sum_paren", text=self.esc(scope["code"]))
        )
        return t("sum_title", since=d["since"], until=d["until"], scope=where)

    def render(self, d: dict[str, Any]) -> str:
        """Every section in its fixed order; returns the whole text with a final newline."""
        title = self.title(d)
        if self.md:
            self.line(f"# {title}" if self.headings else f"**{title}**", "title")
        else:
            self.line(title, "title")
        if d["ledger_name"]:
            self.line(t("sum_asof_ledger", today=d["today"], name=self.esc(d["ledger_name"])))
        else:
            self.line(t("sum_asof", today=d["today"]))
        flagged = [t(f"sum_att_{key}", n=self.em(n)) for key, n in d["attention"].items() if n]
        self.line(
            t("sum_attention", items=t("sum_sep").join(flagged)) if flagged else t("sum_attention_none")
        )
        self.activities(d["activities"])
        self.funds(d["funds"])
        self.problems(d["problems"])
        self.agreements(d["agreements_expiring"])
        self.inactive(d["inactive_units"])
        self.members(d["members_under_target"])
        self.projects(d["projects"])
        return self.joined()

    def activities(self, s: dict[str, Any]) -> None:
        """New activities in the period."""
        self.heading(t("sum_h_activities"))
        if not s["count"]:
            self.line(t("sum_act_none"))
            return
        self.line(
            t(
                "sum_act_line",
                n=self.em(s["count"]),
                times=self.em(s["participant_times"]),
                volunteers=self.em(s["volunteers"]),
            )
        )
        for a in s["items"]:
            self.item(
                f"{a['date']} {self.esc(a['community'])} {self.esc(a['title'])}",
                [
                    term_label("activity_category", a["category"]),
                    t("sum_organised_by", names=self.names(a["organisers"])) if a["organisers"] else "",
                    t("sum_times", n=a["participant_times"]),
                ],
            )
        self.more(s)

    def funds(self, s: dict[str, Any]) -> None:
        """Cash and in-kind support received in the period."""
        self.heading(t("sum_h_funds"))
        if not s["count"]:
            self.line(t("sum_funds_none"))
            return
        self.line(
            t(
                "sum_funds_line",
                n=self.em(s["count"]),
                cash=self.em(yuan(s["cash_fen"])),
                in_kind=self.em(yuan(s["in_kind_fen"])),
                total=self.em(yuan(s["total_fen"])),
            )
        )
        for f in s["items"]:
            self.item(
                f"{f['date']} {self.esc(f['unit'])} → {self.esc(f['community'])} "
                f"{term_label('contribution_kind', f['kind'])} {t('sum_yuan', amount=yuan(f['amount_fen']))}",
                [self.esc(f["description"]) if f["description"] else ""],
            )
        self.more(s)

    def problems(self, s: dict[str, Any]) -> None:
        """Problems reported and closed in the period, and every overdue one."""
        self.heading(t("sum_h_problems"))
        overdue = s["overdue"]
        self.line(
            t(
                "sum_problems_line",
                opened=self.em(s["opened"]),
                closed=self.em(s["closed"]),
                unfinished=self.em(s["unfinished"]),
                overdue=self.em(overdue["count"]),
            )
        )
        for p in overdue["items"]:
            where = self.esc(p["community"]) + (f"·{self.esc(p['grid'])}" if p["grid"] else "")
            self.item(
                f"{self.esc(p['number'])} {where} {self.esc(p['title'])}",
                [
                    t("sum_assignee", unit=self.esc(p["assignee"])) if p["assignee"] else t("sum_unassigned"),
                    t("sum_deadline", date=p["deadline"]),
                    t("sum_days_overdue", days=self.em(p["days_overdue"])),
                    term_label("ticket_status", p["status"]),
                ],
            )
        self.more(overdue)

    def agreements(self, s: dict[str, Any]) -> None:
        """Agreements that end soon and are not renewed."""
        self.heading(t("sum_h_agreements", days=s["within_days"]))
        if not s["count"]:
            self.line(t("sum_agreements_none", days=s["within_days"]))
            return
        self.line(t("sum_agreements_line", n=self.em(s["count"])))
        for a in s["items"]:
            self.item(
                f"{self.esc(a['number'])} {self.esc(a['community'])} — {self.esc(a['unit'])}",
                [t("sum_valid_until", date=a["valid_until"], days=self.em(a["days_left"]))],
            )
        self.more(s)

    def inactive(self, s: dict[str, Any]) -> None:
        """Paired units with no activity for a long time."""
        self.heading(t("sum_h_inactive", days=s["days"]))
        if not s["count"]:
            self.line(t("sum_inactive_none", days=s["days"]) if s["paired"] else t("sum_inactive_nobody"))
            return
        self.line(t("sum_inactive_line", n=self.em(s["count"]), days=s["days"]))
        for u in s["items"]:
            last = (
                t("sum_last_activity", date=u["last_activity"], days=self.em(u["days_since"]))
                if u["last_activity"]
                else t("sum_no_activity")
            )
            self.item(f"{self.esc(u['unit'])}", [self.names(u["communities"]), last])
        self.more(s)

    def members(self, s: dict[str, Any]) -> None:
        """Active members who owe services this year."""
        self.heading(t("sum_h_members"))
        if not s["count"]:
            if s["active"]:
                self.line(t("sum_members_none", year=s["year"], target=s["target"]))
            else:
                self.line(t("sum_members_nobody"))
            return
        self.line(
            t(
                "sum_members_line",
                year=s["year"],
                target=s["target"],
                n=self.em(s["count"]),
                months=self.em(s["months_left"]),
            )
        )
        if "communities" in s:  # counted per community: nobody is named (a digest posted to a chat group)
            for m in s["items"]:
                self.item(self.esc(m["community"]), [t("sum_member_count", n=self.em(m["members"]))])
            hidden = s["communities"] - len(s["items"])
            if hidden > 0:
                self.line(t("sum_more_communities", n=self.em(hidden)))
            return
        for m in s["items"]:
            self.item(
                " ".join(self.esc(v) for v in (m["name"], m["community"], m["unit"]) if v),
                [t("sum_member_services", services=m["services"], missing=self.em(m["missing"]))],
            )
        self.more(s)

    def projects(self, s: dict[str, Any]) -> None:
        """Projects past due, and listed projects that nobody claimed in time."""
        self.heading(t("sum_h_projects"))
        past_due, hall = s["past_due"], s["in_hall"]
        if not past_due["count"] and not hall["count"]:
            self.line(t("sum_projects_none"))
            return
        if past_due["count"]:
            self.line(t("sum_projects_past_due", n=self.em(past_due["count"])))
            for p in past_due["items"]:
                self.item(
                    f"{self.esc(p['community'])} {self.esc(p['title'])}",
                    [
                        t("sum_deadline", date=p["due"]),
                        t("sum_days_overdue", days=self.em(p["days_overdue"])),
                        term_label("project_status", p["status"]),
                        t("sum_claimants", names=self.names(p["claimants"])) if p["claimants"] else "",
                        t("sum_budget", amount=yuan(p["budget_fen"])) if p["budget_fen"] else "",
                    ],
                )
            self.more(past_due)
        if hall["count"]:
            self.line(t("sum_projects_in_hall", n=self.em(hall["count"])))
            for p in hall["items"]:
                self.item(
                    f"{self.esc(p['community'])} {self.esc(p['title'])}",
                    [
                        t("sum_claim_deadline", date=p["claim_deadline"], days=self.em(p["days_waiting"])),
                        t("sum_budget", amount=yuan(p["budget_fen"])) if p["budget_fen"] else "",
                    ],
                )
            self.more(hall)
