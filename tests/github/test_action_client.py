"""Retries on 5xx (PATCH too), giving up in bounded time, and read-only tokens told apart."""

from __future__ import annotations

import json
import time

import pytest
import requests
import responses
from github import Github, GithubException, GithubRetry

from checker.github.client import (
    RETRIED_METHODS,
    GitHubApiRetry,
    WaitBudget,
    connect,
    default_retry,
    describe,
    is_not_accessible,
    may_have_written,
    retry_after,
)
from tests.github.action_helpers import API, TOKEN, URL, comment_json

COMMENT = f"{API}/repos/o/r/issues/comments/3"


def _status(call: responses.Call) -> int:
    assert isinstance(call.response, requests.Response), call.response
    return call.response.status_code


def _retrying(total: int = 3, budget: WaitBudget | None = None) -> Github:
    retry = GitHubApiRetry(budget=budget, total=total, backoff_factor=0, allowed_methods=RETRIED_METHODS)
    return connect(TOKEN, URL, retry=retry, throttle=False)


# GitHub's wording for both rate limits, from real answers: the secondary one as quoted in
# apache/devlake#1322, the primary one as logged in EnricoMi/publish-unit-test-result-action#385.
SECONDARY = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
PRIMARY = "API rate limit exceeded for installation ID 5425010."


@responses.activate
def test_a_502_is_retried_for_get_and_patch_but_not_for_post() -> None:
    for method in ("GET", "PATCH"):
        url = f"{API}/repos/o/r/issues/7/comments" if method == "GET" else COMMENT
        responses.add(method, url, status=502, json={"message": "Server Error"})
        responses.add(method, url, status=200, json=[] if method == "GET" else comment_json(7, "x", 3))
    responses.post(f"{API}/repos/o/r/issues/7/comments", status=502, json={"message": "Server Error"})
    issue = _retrying().get_repo("o/r").get_issue(7)

    assert list(issue.get_comments()) == []
    with pytest.raises(GithubException) as caught:
        issue.create_comment("hello")  # it may have been created: comment.py looks before again
    assert may_have_written(caught.value)

    statuses = [(c.request.method, _status(c)) for c in responses.calls]
    assert statuses == [("GET", 502), ("GET", 200), ("POST", 502)]


@responses.activate
def test_a_patch_is_retried_after_a_502() -> None:
    responses.patch(COMMENT, status=502, json={"message": "Server Error"})
    responses.patch(COMMENT, json=comment_json(7, "hello again", 3))
    comment = _retrying().get_repo("o/r").get_issue(7)
    responses.get(f"{API}/repos/o/r/issues/7/comments", json=[comment_json(7, "hello", 3)])
    [existing] = list(comment.get_comments())
    existing.edit("hello again")
    assert [(c.request.method, _status(c)) for c in responses.calls] == [
        ("GET", 200),
        ("PATCH", 502),
        ("PATCH", 200),
    ]
    assert json.loads(responses.calls[-1].request.body or "") == {"body": "hello again"}


@responses.activate
def test_a_rate_limited_post_is_sent_again_when_the_wait_fits() -> None:
    post = f"{API}/repos/o/r/issues/7/comments"
    responses.post(post, status=403, json={"message": SECONDARY}, headers={"Retry-After": "0"})
    responses.post(post, status=201, json=comment_json(7, "hello", 9))
    budget = WaitBudget()
    created = _retrying(budget=budget).get_repo("o/r").get_issue(7).create_comment("hello")
    assert created.id == 9
    assert [_status(c) for c in responses.calls] == [403, 201]
    assert budget.spent == 0 and budget.refused == []


def test_retry_after_is_read_as_seconds_or_a_date() -> None:
    from email.utils import formatdate

    def answer(value: str) -> object:
        return type("R", (), {"headers": {"Retry-After": value}})()

    assert retry_after(answer("86400")) == 86400
    assert 590 < (retry_after(answer(formatdate(time.time() + 600, usegmt=True))) or 0) <= 600
    assert retry_after(answer("soon")) is None
    assert retry_after(None) is None


@responses.activate
def test_retries_end_with_a_retry_error_and_a_clear_message() -> None:
    responses.get(f"{API}/repos/o/r/issues/7/comments", status=503, json={"message": "busy"})
    issue = _retrying(total=2).get_repo("o/r").get_issue(7)
    with pytest.raises(requests.exceptions.RetryError) as caught:
        list(issue.get_comments())
    assert len(responses.calls) == 3
    assert describe(caught.value, URL) == (
        "GitHub kept failing at https://api.github.com after 3 retries (server errors)"
    )


@responses.activate
def test_read_only_token_403_is_recognised_and_not_retried() -> None:
    responses.post(
        f"{API}/repos/o/r/check-runs",
        status=403,
        json={
            "message": "Resource not accessible by integration",
            "documentation_url": "https://docs.github.com/rest/checks/runs#create-a-check-run",
            "status": "403",
        },
    )
    repo = _retrying().get_repo("o/r")
    with pytest.raises(GithubException) as caught:
        repo.create_check_run(name="connfail", head_sha="abc")
    assert len(responses.calls) == 1
    assert is_not_accessible(caught.value)
    assert describe(caught.value, URL) == ("GitHub answered HTTP 403: Resource not accessible by integration")


def test_unreachable_api_is_named() -> None:
    exc = requests.exceptions.ConnectionError("refused")
    assert describe(exc, "https://ghe.example.com/api/v3") == (
        "cannot reach the GitHub API at https://ghe.example.com/api/v3 (check GITHUB_API_URL and the network)"
    )
    assert not is_not_accessible(exc)


@responses.activate
def test_enterprise_base_url_is_used_for_every_call() -> None:
    ghe = "https://ghe.example.com/api/v3"
    responses.get("https://ghe.example.com:443/api/v3/repos/o/r/issues/7/comments", json=[])
    repo = connect(TOKEN, ghe, retry=None, throttle=False).get_repo("o/r")
    assert list(repo.get_issue(7).get_comments()) == []
    assert responses.calls[0].request.url == (
        "https://ghe.example.com:443/api/v3/repos/o/r/issues/7/comments?per_page=100"
    )


def test_default_retry_is_bounded_covers_patch_and_not_post() -> None:
    retry = default_retry()
    assert isinstance(retry, GithubRetry)
    assert (retry.total, retry.backoff_factor) == (3, 1)
    assert retry.allowed_methods is not None
    assert {"GET", "PATCH", "DELETE"} <= set(retry.allowed_methods)
    assert "POST" not in retry.allowed_methods
    assert 502 in retry.status_forcelist
    budget = WaitBudget()
    assert default_retry(budget).new(total=1).budget is budget  # clones share the budget
