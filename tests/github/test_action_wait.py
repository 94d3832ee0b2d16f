"""Waiting for GitHub is capped for the whole run: PyGithub over real HTTP to the local fake.

(`responses` replays retries without sleeping, so the wait budget is tested here.)
"""

from __future__ import annotations

import re
import socket
import time

import pytest
from github import Github

from checker.github import client
from checker.github.client import (
    RETRIED_METHODS,
    GitHubApiRetry,
    WaitBudget,
    WaitTooLong,
    connect,
    default_retry,
    describe,
)
from tests.github.fake_github import RESET, SLOW, FakeGitHub, Fault

# GitHub's wording for both rate limits, from real answers: the secondary one as quoted in
# apache/devlake#1322, the primary one as logged in EnricoMi/publish-unit-test-result-action#385.
PRIMARY = "API rate limit exceeded for installation ID 5425010."
SECONDARY = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
COMMENTS = r"/api/v3/repos/o/r/issues/7/comments"


def _gh(fake: FakeGitHub, budget: WaitBudget, backoff: float = 1) -> Github:
    retry = GitHubApiRetry(budget=budget, total=3, backoff_factor=backoff, allowed_methods=RETRIED_METHODS)
    return connect("ghs_x", fake.api_url, retry=retry, throttle=False)


def test_retry_after_86400_is_refused_at_once_in_one_line(fake: FakeGitHub) -> None:
    fake.fail(
        Fault("GET", COMMENTS, status=403, message=SECONDARY, times=0, headers={"Retry-After": "86400"})
    )
    budget = WaitBudget()
    started = time.monotonic()
    with pytest.raises(WaitTooLong) as caught:
        list(_gh(fake, budget).get_repo("o/r").get_issue(7).get_comments())
    assert time.monotonic() - started < 5
    assert fake.calls() == [("GET", "/api/v3/repos/o/r/issues/7/comments")]
    assert describe(caught.value, fake.api_url) == (
        "GitHub asked to wait 86400 s; connfail does not wait more than 60 s for GitHub in all"
    )
    assert budget.refused == [str(caught.value)]


def test_a_short_retry_after_is_waited_and_counted(fake: FakeGitHub) -> None:
    fake.fail(Fault("GET", COMMENTS, status=429, message=SECONDARY, headers={"Retry-After": "1"}))
    budget = WaitBudget()
    assert list(_gh(fake, budget).get_repo("o/r").get_issue(7).get_comments()) == []
    assert budget.spent == 1
    assert len(fake.calls()) == 2


def test_a_5xx_storm_stops_when_the_budget_is_spent(fake: FakeGitHub) -> None:
    fake.fail(Fault("GET", COMMENTS, status=502, times=0))
    budget = WaitBudget(seconds=3)  # backoffs are 0, 2, 4 s: the third does not fit
    with pytest.raises(WaitTooLong) as caught:
        list(_gh(fake, budget).get_repo("o/r").get_issue(7).get_comments())
    assert len(fake.calls()) == 3
    assert str(caught.value) == (
        "GitHub kept answering HTTP 502; connfail does not wait more than 3 s for GitHub in all"
    )
    assert budget.spent == 2


def test_one_budget_spans_every_request_of_a_run(fake: FakeGitHub) -> None:
    wait = Fault("GET", COMMENTS, status=429, message=SECONDARY, headers={"Retry-After": "2"})
    fake.fail(wait)
    budget = WaitBudget(seconds=3)
    issue = _gh(fake, budget).get_repo("o/r").get_issue(7)
    assert list(issue.get_comments()) == []  # waited 2 s
    fake.fail(Fault(**{**wait.__dict__, "hits": 0}))
    with pytest.raises(WaitTooLong):
        list(issue.get_comments())  # 2 more would make 4
    assert budget.spent == 2


def test_a_slow_get_is_retried_while_the_budget_lasts(
    fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client, "REQUEST_TIMEOUT", 1)  # PyGithub takes whole seconds
    fake.fail(Fault("GET", COMMENTS, kind=SLOW, delay=2.5, times=0))
    budget = WaitBudget(seconds=1.5)  # one retried timeout (1 s) fits, a second does not
    gh = connect("ghs_x", fake.api_url, retry=default_retry(budget), throttle=False)
    with pytest.raises(Exception) as caught:
        list(gh.get_repo("o/r").get_issue(7).get_comments())
    assert describe(caught.value, fake.api_url) == (f"GitHub did not answer in 1 s at {fake.api_url}")
    assert len(fake.calls()) == 2
    assert budget.spent == 1


def test_a_reset_connection_on_a_post_is_not_sent_again(fake: FakeGitHub) -> None:
    fake.fail(Fault("POST", COMMENTS, kind=RESET, process=True))
    with pytest.raises(Exception) as caught:
        _gh(fake, WaitBudget()).get_repo("o/r").get_issue(7).create_comment("hello")
    assert describe(caught.value, fake.api_url) == (
        f"GitHub closed the connection without an answer at {fake.api_url}"
    )
    assert fake.calls() == [("POST", "/api/v3/repos/o/r/issues/7/comments")]
    assert client.may_have_written(caught.value)
    assert [c["body"] for c in fake.state.comments[7]] == ["hello"]


def test_a_primary_rate_limit_reset_an_hour_away_is_not_waited_for(fake: FakeGitHub) -> None:
    reset = int(time.time()) + 3600
    fake.fail(
        Fault(
            "GET",
            COMMENTS,
            status=403,
            message=PRIMARY,
            times=0,
            headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)},
        )
    )
    budget = WaitBudget()
    with pytest.raises(WaitTooLong) as caught:
        list(_gh(fake, budget).get_repo("o/r").get_issue(7).get_comments())
    assert len(fake.calls()) == 1
    assert re.fullmatch(
        r"GitHub asked to wait 3[56]\d\d s \(rate limit\); connfail does not "
        r"wait more than 60 s for GitHub in all",
        describe(caught.value, fake.api_url),
    )
    assert budget.refused == [str(caught.value)]


def test_a_post_to_an_api_that_refuses_connections_was_never_sent() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    api = f"http://127.0.0.1:{port}/api/v3"
    retry = GitHubApiRetry(budget=WaitBudget(), total=1, backoff_factor=0, allowed_methods=RETRIED_METHODS)
    with pytest.raises(Exception) as caught:
        connect("ghs_x", api, retry=retry, throttle=False).get_repo("o/r").create_check_run(
            name="connfail", head_sha="a" * 40
        )
    assert not client.may_have_written(caught.value)  # so no lookup before giving up
    assert describe(caught.value, api) == (
        f"cannot reach the GitHub API at {api} (check GITHUB_API_URL and the network)"
    )
