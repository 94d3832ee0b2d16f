"""Retries on 5xx (PATCH too), giving up in bounded time, and read-only tokens told apart."""

from __future__ import annotations

import json

import pytest
import requests
import responses
from action_helpers import API, TOKEN, URL, comment_json
from github import GithubException, GithubRetry

from checker.github.client import RETRIED_METHODS, connect, describe, is_not_accessible

COMMENT = f"{API}/repos/o/r/issues/comments/3"


def _retrying(total: int = 3):  # type: ignore[no-untyped-def]
    retry = GithubRetry(total=total, backoff_factor=0, allowed_methods=RETRIED_METHODS)
    return connect(TOKEN, URL, retry=retry, throttle=False)


@responses.activate
def test_a_502_is_retried_for_get_post_and_patch() -> None:
    for method in ("GET", "POST", "PATCH"):
        url = f"{API}/repos/o/r/issues/7/comments" if method != "PATCH" else COMMENT
        responses.add(method, url, status=502, json={"message": "Server Error"})
        responses.add(method, url, status=200 if method != "POST" else 201,
                      json=[] if method == "GET" else comment_json(7, "x", 3))
    issue = _retrying().get_repo("o/r").get_issue(7)

    assert list(issue.get_comments()) == []
    created = issue.create_comment("hello")
    created.edit("hello again")

    statuses = [(c.request.method, c.response.status_code) for c in responses.calls]
    assert statuses == [("GET", 502), ("GET", 200), ("POST", 502), ("POST", 201),
                        ("PATCH", 502), ("PATCH", 200)]
    assert json.loads(responses.calls[-1].request.body) == {"body": "hello again"}


@responses.activate
def test_retries_end_with_a_retry_error_and_a_clear_message() -> None:
    responses.get(f"{API}/repos/o/r/issues/7/comments", status=503, json={"message": "busy"})
    issue = _retrying(total=2).get_repo("o/r").get_issue(7)
    with pytest.raises(requests.exceptions.RetryError) as caught:
        list(issue.get_comments())
    assert len(responses.calls) == 3
    assert describe(caught.value, URL) == (
        "GitHub kept failing at https://api.github.com after 3 retries (server errors)")


@responses.activate
def test_read_only_token_403_is_recognised_and_not_retried() -> None:
    responses.post(f"{API}/repos/o/r/check-runs", status=403,
                   json={"message": "Resource not accessible by integration",
                         "documentation_url": "https://docs.github.com/rest/checks/runs#create-a-check-run",
                         "status": "403"})
    repo = _retrying().get_repo("o/r")
    with pytest.raises(GithubException) as caught:
        repo.create_check_run(name="connfail", head_sha="abc")
    assert len(responses.calls) == 1
    assert is_not_accessible(caught.value)
    assert describe(caught.value, URL) == (
        "GitHub answered HTTP 403: Resource not accessible by integration")


def test_unreachable_api_is_named() -> None:
    exc = requests.exceptions.ConnectionError("refused")
    assert describe(exc, "https://ghe.example.com/api/v3") == (
        "cannot reach the GitHub API at https://ghe.example.com/api/v3 "
        "(check GITHUB_API_URL and the network)")
    assert not is_not_accessible(exc)


@responses.activate
def test_enterprise_base_url_is_used_for_every_call() -> None:
    ghe = "https://ghe.example.com/api/v3"
    responses.get("https://ghe.example.com:443/api/v3/repos/o/r/issues/7/comments", json=[])
    repo = connect(TOKEN, ghe, retry=None, throttle=False).get_repo("o/r")
    assert list(repo.get_issue(7).get_comments()) == []
    assert responses.calls[0].request.url == (
        "https://ghe.example.com:443/api/v3/repos/o/r/issues/7/comments?per_page=100")


def test_default_retry_is_bounded_and_covers_patch() -> None:
    from checker.github.client import default_retry

    retry = default_retry()
    assert isinstance(retry, GithubRetry)
    assert (retry.total, retry.backoff_factor, retry.max_rate_limit_wait) == (3, 1, 120)
    assert {"GET", "POST", "PATCH", "DELETE"} <= set(retry.allowed_methods)
    assert 502 in retry.status_forcelist
