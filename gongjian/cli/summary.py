"""`gongjian summary`: the digest a script can run unattended (PRODUCT §7), in text, Markdown or JSON.

Opens the ledger read-only, so it writes nothing and never waits on a running import (WAL readers are
not blocked by a writer). With `--check` it stays silent and exits 0 when nothing needs attention, else
prints the digest and exits 3, so cron mails only when needed.
"""

from __future__ import annotations

from enum import StrEnum

import typer

from gongjian.cli.common import brief, open_ledger
from gongjian.cli.options import community_option, format_option, limit_option, since_option
from gongjian.cli.output import emit, say
from gongjian.i18n import t

CHECK_EXIT = 3  # PRODUCT §3: `summary --check` exits 3 when something needs attention


class SummaryFormat(StrEnum):
    """Output format of the digest."""

    text = "text"
    markdown = "markdown"
    json = "json"


class PostKind(StrEnum):
    """A chat group robot's platform."""

    wecom = "wecom"
    dingtalk = "dingtalk"
    feishu = "feishu"


def summary(
    since: str = since_option("o_summary_since", "7d"),
    until: str = typer.Option(None, "--until", help=t("o_summary_until")),
    community: str = community_option("o_summary_community"),
    fmt: SummaryFormat = format_option(SummaryFormat.text, "o_summary_format"),
    check: bool = typer.Option(False, "--check", help=t("o_summary_check")),
    limit: int = limit_option("o_summary_limit", 50),
    post: str = typer.Option(None, "--post", help=t("o_summary_post"), show_default=False),
    post_kind: PostKind = typer.Option(
        None, "--post-kind", help=t("o_summary_post_kind"), case_sensitive=False
    ),
    post_secret: str = typer.Option(
        None, "--post-secret", help=t("o_summary_post_secret"), show_default=False
    ),
) -> None:
    """Print the digest of a period; with --check, only when something needs attention (exit 3).

    With --post (or --post-kind) the digest goes to a chat group's robot instead, without personal data.
    """
    # deferred (start-up): the digest and its writers, ~15 ms
    from gongjian.reports.digest import digest, today, window
    from gongjian.writing import digest as render

    posting = post is not None or post_kind is not None
    if posting:
        # deferred (start-up): urllib and the chat bodies, only when posting
        from gongjian.reports.post import deliver, target_of
        from gongjian.writing.chat import chat_message

        target = target_of(post, post_kind.value if post_kind else None, post_secret)
    day = today()
    first, last = window(since, until, today=day)
    with open_ledger(readonly=True) as ledger:
        data = digest(
            ledger, since=first, until=last, today=day, community=community, limit=limit, personal=not posting
        )
    if check and not data["needs_attention"]:
        return
    if posting:
        message = chat_message(data, target.kind)
        sent = deliver(target, message)
        say(
            t(
                "post_done_trimmed" if message.trimmed else "post_done",
                platform=t(f"chat_{target.kind}"),
                host=sent["host"],
                bytes=f"{sent['bytes']:,}",
                sections=message.trimmed_names,
            )
        )
        if check:
            raise typer.Exit(CHECK_EXIT)
        return
    writer = {
        SummaryFormat.text: render.to_text,
        SummaryFormat.markdown: render.to_markdown,
        SummaryFormat.json: render.to_json,
    }[fmt]
    emit(writer(data))
    if check:
        raise typer.Exit(CHECK_EXIT)


def register(app: typer.Typer) -> None:
    """Add `summary`."""
    app.command("summary", help=t("h_summary"), short_help=brief("h_summary"))(summary)
