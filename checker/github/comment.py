"""The PR comment: one per check name, found by a hidden marker, edited in place."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from github import GithubException
from github.Issue import Issue
from github.IssueComment import IssueComment

from checker.github.client import BadAnswer, answer, post_again, post_once
from checker.render.escape import unclosed_fence

# A concurrent run's comment was created after our listing, a second or so before our create;
# re-reading what changed in this window finds it without paging through the whole PR again.
RACE_WINDOW = timedelta(minutes=1)
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
        head += (
            f"> [!NOTE]\n> The {previous} connection-failure finding this comment showed "
            "earlier is gone: the latest exports have no connection failure.\n\n"
        )
    tail = f"\n\n---\n{footer}\n"
    room = limit - len(head) - len(tail)
    return head + truncate_markdown(report_markdown, room, full_report_url) + tail


def truncate_markdown(text: str, limit: int, full_report_url: str | None) -> str:
    """Cut at a line end under `limit` characters, close an open fence, say where the rest is."""
    if len(text) <= limit:
        return text
    where = f"[the workflow run]({full_report_url})" if full_report_url else "the job summary"
    note = (
        f"\n\n> [!WARNING]\n> This report was cut to fit GitHub's {COMMENT_LIMIT:,}-character "
        f"comment limit. The full report is in {where} and the check run.\n"
    )
    cut = text[: max(limit - len(note), 0)]
    while True:
        if "\n" in cut:
            cut = cut[: cut.rindex("\n")]
        fence = unclosed_fence(cut)  # a fence of any length or of tildes, not a count of ```
        closing = f"\n{fence}" if fence else ""
        if len(cut) + len(closing) + len(note) <= limit or not cut:
            return cut + closing + note
        cut = cut[: len(cut) - len(closing)]


def find_marked(comments: Iterable[IssueComment], mark: str) -> list[IssueComment]:
    """Our comments, oldest first: the marker opens the body (a reply quoting one does not)."""
    marked = []
    for comment in comments:
        raw = answer(comment, strict=True)
        if not isinstance(raw.get("id"), int):
            raise BadAnswer("a comment without an id")
        body = raw.get("body")
        if isinstance(body, str) and body.startswith(mark) and isinstance(raw.get("url"), str):
            marked.append(comment)
    return sorted(marked, key=lambda c: int(answer(c)["id"]))


def publish_comment(
    issue: Issue,
    *,
    check_name: str,
    mode: str,
    has_finding: bool,
    render: Callable[[str | None], str],
) -> CommentResult:
    """Edit the earlier comment, or create one when `mode` asks; `render(previous_severity)`.

    Two runs on one PR may both find no comment and both create one; a create whose answer was
    lost may or may not have posted. So after creating, read the comments again: the oldest
    marked one is kept (each run picks the same), the newer ones are deleted, the oldest edited.
    """
    if mode == "off":
        return CommentResult("skipped")
    mark = marker(check_name)
    marked = find_marked(issue.get_comments(), mark)
    if marked:
        return _keep_oldest(marked, render, "updated")
    if not has_finding and mode != "always":
        return CommentResult("skipped")
    body = render(None)
    made = post_once(lambda: issue.create_comment(body), "id", "html_url")
    created = None if isinstance(made, BaseException) else made
    marked = find_marked(_recent_comments(issue, created), mark)
    if isinstance(made, BaseException) and not marked:  # the lost create did not post: post once more
        created = post_again(lambda: issue.create_comment(body), made, "id", "html_url")
    if created is not None and (not marked or answer(marked[0])["id"] == answer(created)["id"]):
        _delete(marked[1:])  # ours is the oldest: a concurrent run's newer copy goes
        return CommentResult("created", str(answer(created)["html_url"]))
    return _keep_oldest(marked, render, "created")


def _recent_comments(issue: Issue, created: IssueComment | None) -> Iterable[IssueComment]:
    """The comments a concurrent run can have added since we listed: one page, not all."""
    stamp = str(answer(created).get("created_at") or "") if created is not None else ""
    try:
        since = datetime.fromisoformat(stamp.replace("Z", "+00:00")) - RACE_WINDOW
    except ValueError:
        return issue.get_comments()
    return issue.get_comments(since=since)


def _keep_oldest(
    marked: list[IssueComment], render: Callable[[str | None], str], action: str
) -> CommentResult:
    """Edit the oldest marked comment and delete the others, which would go stale."""
    oldest, *newer = marked
    raw = answer(oldest)
    body = render(previous_severity(str(raw.get("body") or "")))
    if body != raw.get("body"):  # e.g. our own create, whose answer was lost
        oldest.edit(body)
    _delete(newer)
    return CommentResult(action, str(raw.get("html_url") or "") or None)


def _delete(comments: Iterable[IssueComment]) -> None:
    for comment in comments:
        try:
            comment.delete()
        except GithubException as exc:
            if exc.status != 404:  # the other run deleted it first
                raise
