"""The PR comment: marker lookup across pages, edit in place vs create, body limits."""

from __future__ import annotations

import json

import pytest
import responses
from github import GithubException
from github.Issue import Issue
from github.IssueComment import IssueComment
from responses import matchers

from checker.github.comment import (
    COMMENT_LIMIT,
    compose_body,
    find_marked,
    marker,
    previous_severity,
    publish_comment,
    truncate_markdown,
)
from checker.render.escape import unclosed_fence
from tests.github.action_helpers import API, URL, client, comment_json

COMMENTS = f"{API}/repos/o/r/issues/7/comments"


def _render(previous: str | None) -> str:
    return compose_body(
        check_name="connfail",
        severity="HIGH",
        report_markdown="## HIGH",
        footer="connfail 0.1.0",
        previous=previous,
        full_report_url=None,
    )


def _issue() -> Issue:
    return client().get_repo("o/r").get_issue(7)


@responses.activate
def test_edits_the_marked_comment_found_on_the_second_page() -> None:
    page2 = f"{URL}/repositories/1/issues/7/comments?per_page=100&page=2"
    responses.get(
        COMMENTS,
        json=[comment_json(7, "LGTM", 1)],
        headers={"Link": f'<{page2}>; rel="next", <{page2}>; rel="last"'},
        match=[matchers.query_param_matcher({"per_page": "100"})],
    )
    old = f"{marker('connfail')}\n<!-- connfail-severity:HIGH -->\nold"
    responses.get(
        f"{API}/repositories/1/issues/7/comments",
        json=[comment_json(7, "nit", 2), comment_json(7, old, 3)],
        match=[matchers.query_param_matcher({"per_page": "100", "page": "2"})],
    )
    patch = responses.patch(f"{API}/repos/o/r/issues/comments/3", json=comment_json(7, "new", 3))

    result = publish_comment(_issue(), check_name="connfail", mode="auto", has_finding=True, render=_render)

    assert result.action == "updated"
    assert result.url == "https://github.com/o/r/pull/7#issuecomment-3"
    assert patch.call_count == 1
    sent = json.loads(patch.calls[0].request.body)
    assert sent["body"].startswith("<!-- connfail:connfail -->\n")
    assert not any(c.request.method == "POST" for c in responses.calls)


@responses.activate
def test_creates_a_comment_when_none_is_marked() -> None:
    responses.get(COMMENTS, json=[comment_json(7, "<!-- connfail:other-check -->", 1)])
    post = responses.post(COMMENTS, json=comment_json(7, "x", 9), status=201)

    result = publish_comment(_issue(), check_name="connfail", mode="auto", has_finding=True, render=_render)

    assert result == type(result)("created", "https://github.com/o/r/pull/7#issuecomment-9")
    assert json.loads(post.calls[0].request.body)["body"] == _render(None)


@responses.activate
def test_auto_without_finding_or_earlier_comment_posts_nothing() -> None:
    responses.get(COMMENTS, json=[])
    result = publish_comment(_issue(), check_name="connfail", mode="auto", has_finding=False, render=_render)
    assert result.action == "skipped"
    assert [c.request.method for c in responses.calls] == ["GET"]


@responses.activate
def test_always_posts_even_without_a_finding() -> None:
    responses.get(COMMENTS, json=[])
    responses.post(COMMENTS, json=comment_json(7, "x", 9), status=201)
    result = publish_comment(
        _issue(), check_name="connfail", mode="always", has_finding=False, render=_render
    )
    assert result.action == "created"


@responses.activate
def test_off_makes_no_request() -> None:
    result = publish_comment(_issue(), check_name="connfail", mode="off", has_finding=True, render=_render)
    assert result.action == "skipped"
    assert len(responses.calls) == 0


def test_body_says_an_earlier_finding_is_gone() -> None:
    body = compose_body(
        check_name="db",
        severity="NONE",
        report_markdown="No failures.",
        footer="f",
        previous="HIGH",
        full_report_url=None,
    )
    assert body.startswith("<!-- connfail:db -->\n<!-- connfail-severity:NONE -->\n")
    assert "The HIGH connection-failure finding this comment showed earlier is gone" in body
    assert previous_severity(body) == "NONE"


def test_body_is_cut_under_the_limit_with_a_closed_fence_and_a_link() -> None:
    report = "## Finding\n```\n" + "connect ETIMEDOUT 10.0.3.47:5432\n" * 5000 + "```\n"
    body = compose_body(
        check_name="connfail",
        severity="HIGH",
        report_markdown=report,
        footer="connfail 0.1.0",
        previous=None,
        full_report_url="https://github.com/o/r/actions/runs/5",
    )
    assert len(body) <= COMMENT_LIMIT
    assert body.count("```") % 2 == 0
    assert "[the workflow run](https://github.com/o/r/actions/runs/5)" in body
    assert body.endswith("---\nconnfail 0.1.0\n")


def test_short_markdown_is_untouched() -> None:
    assert truncate_markdown("a\nb", 10, None) == "a\nb"


def test_a_cut_inside_a_longer_fence_closes_that_fence_so_the_note_stays_outside() -> None:
    """Evidence holding ``` is fenced with ````: counting ``` would leave the fence open and
    swallow the "report was cut" note into the code block (issue 11)."""
    report = "## Finding\n````\nlog line with ``` inside\n" + "connect ETIMEDOUT 10.0.3.47:5432\n" * 400
    cut = truncate_markdown(report, 2000, None)
    assert len(cut) <= 2000
    body, _note = cut.split("\n\n> [!WARNING]\n")
    assert body.endswith("connect ETIMEDOUT 10.0.3.47:5432\n````")
    assert unclosed_fence(cut) is None  # the note is Markdown, not code
    tildes = truncate_markdown("~~~\n" + "x\n" * 2000, 500, None)
    assert tildes.split("\n\n> [!WARNING]")[0].endswith("x\n~~~") and len(tildes) <= 500


@responses.activate
def test_a_duplicate_left_by_a_retried_create_is_removed() -> None:
    mark = f"{marker('connfail')}\n<!-- connfail-severity:HIGH -->\nold"
    responses.get(COMMENTS, json=[comment_json(7, mark, 3), comment_json(7, mark, 4)])
    patch = responses.patch(f"{API}/repos/o/r/issues/comments/3", json=comment_json(7, "n", 3))
    delete = responses.delete(f"{API}/repos/o/r/issues/comments/4", status=204)
    result = publish_comment(_issue(), check_name="connfail", mode="auto", has_finding=True, render=_render)
    assert result.url == "https://github.com/o/r/pull/7#issuecomment-3"
    assert (patch.call_count, delete.call_count) == (1, 1)


@responses.activate
def test_a_create_whose_answer_was_lost_is_found_and_not_posted_again() -> None:
    responses.get(COMMENTS, json=[])
    responses.post(COMMENTS, status=502, json={"message": "Server Error"})
    responses.get(COMMENTS, json=[comment_json(7, "LGTM", 1), comment_json(7, _render(None), 5)])

    result = publish_comment(_issue(), check_name="connfail", mode="auto", has_finding=True, render=_render)

    assert result == type(result)("created", "https://github.com/o/r/pull/7#issuecomment-5")
    assert [c.request.method for c in responses.calls] == ["GET", "POST", "GET"]  # no edit


@responses.activate
def test_after_creating_the_oldest_marked_comment_wins() -> None:
    theirs = comment_json(7, f"{marker('connfail')}\nthe other run", 4)
    responses.get(COMMENTS, json=[], match=[matchers.query_param_matcher({"per_page": "100"})])
    responses.post(
        COMMENTS, status=201, json={**comment_json(7, _render(None), 6), "created_at": "2026-12-01T20:00:05Z"}
    )
    recent = responses.get(
        COMMENTS,
        json=[theirs, comment_json(7, _render(None), 6)],
        match=[matchers.query_param_matcher({"per_page": "100", "since": "2026-12-01T19:59:05Z"})],
    )
    patch = responses.patch(f"{API}/repos/o/r/issues/comments/4", json=theirs)
    delete = responses.delete(f"{API}/repos/o/r/issues/comments/6", status=204)

    result = publish_comment(_issue(), check_name="connfail", mode="auto", has_finding=True, render=_render)

    assert result.url == "https://github.com/o/r/pull/7#issuecomment-4"
    assert (recent.call_count, patch.call_count, delete.call_count) == (1, 1, 1)
    assert json.loads(patch.calls[0].request.body)["body"] == _render(None)


def test_a_reply_quoting_the_marker_is_not_ours() -> None:
    quoted = comment_json(7, f"> {marker('connfail')}\n> HIGH\n\nWhy?", 2)
    ours = comment_json(7, f"{marker('connfail')}\nreport", 3)
    issue = client().get_repo("o/r").get_issue(7)
    comments = [IssueComment(issue.requester, {}, data) for data in (quoted, ours)]
    assert [c.id for c in find_marked(comments, marker("connfail"))] == [3]


@responses.activate
def test_a_lost_create_not_found_is_posted_once_more() -> None:
    responses.get(COMMENTS, json=[])
    responses.post(COMMENTS, status=502, json={"message": "Server Error"})
    responses.get(COMMENTS, json=[comment_json(7, "LGTM", 1)])
    responses.post(COMMENTS, status=201, json=comment_json(7, _render(None), 5))

    result = publish_comment(_issue(), check_name="connfail", mode="auto", has_finding=True, render=_render)

    assert result == type(result)("created", "https://github.com/o/r/pull/7#issuecomment-5")
    assert [c.request.method for c in responses.calls] == ["GET", "POST", "GET", "POST"]


@responses.activate
def test_when_the_second_create_fails_too_the_first_failure_is_raised() -> None:
    responses.get(COMMENTS, json=[])
    responses.post(COMMENTS, status=502, json={"message": "Server Error"})
    responses.get(COMMENTS, json=[])
    responses.post(COMMENTS, status=503, json={"message": "Service Unavailable"})

    with pytest.raises(GithubException) as caught:
        publish_comment(_issue(), check_name="connfail", mode="auto", has_finding=True, render=_render)

    assert caught.value.status == 502
    assert [c.request.method for c in responses.calls] == ["GET", "POST", "GET", "POST"]
