"""The PR comment: one per check name, found by a hidden marker, edited in place."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from github.Issue import Issue
from github.IssueComment import IssueComment

# GitHub rejects an issue comment body above 65,536 characters.
COMMENT_LIMIT = 65536
_SEVERITY_MARK = re.compile(r"<!-- connfail-severity:(\w+) -->")


@dataclass(frozen=True)
class CommentResult:
    action: str  # "created" | "updated" | "skipped"
    url: str | None = None


def marker(check_name: str) -> str:
    return f"<!-- connfail:{check_name} -->"


def previous_severity(body: str) -> str | None:
    """The severity an earlier comment showed, from its hidden second marker."""
    found = _SEVERITY_MARK.search(body)
    return found.group(1) if found else None


def compose_body(
    *,
    check_name: str,
    severity: str,
    report_markdown: str,
    footer: str,
    previous: str | None,
    full_report_url: str | None,
    limit: int = COMMENT_LIMIT,
) -> str:
    """Marker, a note when an earlier finding is gone, the report, the footer; cut to the limit."""
    head = f"{marker(check_name)}\n<!-- connfail-severity:{severity} -->\n"
    if severity == "NONE" and previous not in (None, "NONE"):
        head += (f"> [!NOTE]\n> The {previous} connection-failure finding this comment showed "
                 "earlier is gone: the latest exports have no connection failure.\n\n")
    tail = f"\n\n---\n{footer}\n"
    room = limit - len(head) - len(tail)
    return head + truncate_markdown(report_markdown, room, full_report_url) + tail


def truncate_markdown(text: str, limit: int, full_report_url: str | None) -> str:
    """Cut at a line end under `limit` characters, close an open fence, say where the rest is."""
    if len(text) <= limit:
        return text
    where = f"[the workflow run]({full_report_url})" if full_report_url else "the job summary"
    note = (f"\n\n> [!WARNING]\n> This report was cut to fit GitHub's {COMMENT_LIMIT:,}-character "
            f"comment limit. The full report is in {where} and the check run.\n")
    room = max(limit - len(note) - len("\n```"), 0)
    cut = text[:room]
    if "\n" in cut:
        cut = cut[: cut.rindex("\n")]
    if cut.count("```") % 2:
        cut += "\n```"
    return cut + note


def find_marked(comments: Iterable[IssueComment], mark: str) -> list[IssueComment]:
    """Comments carrying the marker, oldest first; `comments` pages through all of the PR's."""
    return [comment for comment in comments if mark in (comment.body or "")]


def publish_comment(
    issue: Issue,
    *,
    check_name: str,
    mode: str,
    has_finding: bool,
    render: Callable[[str | None], str],
) -> CommentResult:
    """Edit the earlier comment, or create one when `mode` asks; `render(previous_severity)`."""
    if mode == "off":
        return CommentResult("skipped")
    marked = find_marked(issue.get_comments(), marker(check_name))
    if marked:
        existing, *duplicates = marked
        existing.edit(render(previous_severity(existing.body or "")))
        # A create retried after a lost answer can leave a second copy: it would go stale.
        for duplicate in duplicates:
            duplicate.delete()
        return CommentResult("updated", existing.html_url)
    if not has_finding and mode != "always":
        return CommentResult("skipped")
    created = issue.create_comment(render(None))
    return CommentResult("created", created.html_url)
