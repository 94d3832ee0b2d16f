"""The PyGithub client the Action uses, its retry policy, and API errors told in one line."""

from __future__ import annotations

import inspect

import requests
from github import Auth, Github, GithubException, GithubRetry, RateLimitExceededException
from urllib3.util.retry import Retry

# Bounded: 3 retries with 0, 2 and 4 s of backoff, at most 120 s for a rate limit or a
# Retry-After header, 30 s per request; worst case a few minutes, never the runner's 6 hours.
RETRIES = 3
MAX_RATE_LIMIT_WAIT = 120
REQUEST_TIMEOUT = 30
# PATCH is retried too: every PATCH the Action sends repeats a full state (comment body, check
# run output), except annotation batches, where a repeat at worst shows an annotation twice.
RETRIED_METHODS = Retry.DEFAULT_ALLOWED_METHODS | {"GET", "POST", "PATCH"}

def default_retry() -> Retry:
    # Older urllib3 releases have no cap on Retry-After; GitHub sends seconds, not hours.
    capped = ({"retry_after_max": MAX_RATE_LIMIT_WAIT}
              if "retry_after_max" in inspect.signature(Retry.__init__).parameters else {})
    return GithubRetry(total=RETRIES, backoff_factor=1, max_rate_limit_wait=MAX_RATE_LIMIT_WAIT,
                       allowed_methods=RETRIED_METHODS, **capped)


def connect(
    token: str,
    api_url: str,
    *,
    retry: Retry | None = None,
    throttle: bool = True,
) -> Github:
    """A lazy client on `api_url` (github.com or GitHub Enterprise's `https://HOST/api/v3`)."""
    extra = {} if throttle else {"seconds_between_requests": 0, "seconds_between_writes": 0}
    return Github(auth=Auth.Token(token), base_url=api_url, lazy=True, per_page=100,
                  timeout=REQUEST_TIMEOUT, retry=retry, **extra)  # type: ignore[arg-type]


def is_not_accessible(exc: BaseException) -> bool:
    """A read-only token's write: fork PRs, Dependabot, or a workflow without `permissions:`."""
    return (isinstance(exc, GithubException) and exc.status == 403
            and not isinstance(exc, RateLimitExceededException))


def describe(exc: BaseException, api_url: str) -> str:
    """One line for the log; never includes request headers (the token)."""
    if isinstance(exc, GithubException):
        return f"GitHub answered HTTP {exc.status}: {_message(exc) or 'no message'}"
    if isinstance(exc, requests.exceptions.RetryError):
        return f"GitHub kept failing at {api_url} after {RETRIES} retries (server errors)"
    if isinstance(exc, requests.exceptions.Timeout):
        return f"GitHub did not answer in time at {api_url}"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return f"cannot reach the GitHub API at {api_url} (check GITHUB_API_URL and the network)"
    return f"{type(exc).__name__}: {exc}"


API_ERRORS: tuple[type[BaseException], ...] = (
    GithubException, requests.exceptions.RequestException)


def _message(exc: GithubException) -> str:
    data = exc.data
    if isinstance(data, dict):
        return str(data.get("message") or "")
    return str(data or "")
