"""The PyGithub client the Action uses, its retry policy, and API errors told in one line."""

from __future__ import annotations

import email.utils
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import requests
from github import (
    Auth,
    Github,
    GithubException,
    GithubRetry,
    RateLimitExceededException,
)
from github.GithubException import RateLimitExceededExceedsMaxWait
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError, ReadTimeoutError
from urllib3.util.retry import Retry

if TYPE_CHECKING:
    from typing_extensions import Self

# Bounded: 3 retries with 0, 2 and 4 s of backoff, 30 s per request, and at most 60 s of
# waiting in all (backoff, Retry-After, rate-limit resets, retried timeouts) across every
# request of a run: a rate limit never holds the step for minutes, let alone the runner's 6 hours.
RETRIES = 3
MAX_TOTAL_WAIT = 60
REQUEST_TIMEOUT = 30
# PATCH is retried: every PATCH the Action sends repeats a full state (comment body, check run
# output), except annotation batches, where a repeat at worst shows an annotation twice.
# POST is not: a POST that timed out or got a 5xx may have created its object, so the callers
# look it up before creating again (check_run.py, comment.py). A POST is repeated here only
# when GitHub refused it outright (a rate limit) or the connection failed before it was sent.
RETRIED_METHODS = Retry.DEFAULT_ALLOWED_METHODS | {"PATCH"}  # GET, PUT, DELETE, ...: not POST
RATE_LIMITED = (403, 429)


class WaitTooLong(Exception):
    """GitHub asked for more waiting than is left of the run's MAX_TOTAL_WAIT."""

    def __init__(self, asked: float, reason: str) -> None:
        super().__init__(asked, reason)
        self.asked = asked
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


@dataclass
class WaitBudget:
    """Seconds of waiting left for one run, shared by every request and retry it makes."""

    seconds: float = field(default_factory=lambda: MAX_TOTAL_WAIT)
    spent: float = 0.0
    refused: list[str] = field(default_factory=list)  # each wait refused, in one line

    @property
    def left(self) -> float:
        return max(self.seconds - self.spent, 0.0)

    def spend(self, seconds: float, why: str) -> None:
        """Count `seconds` of waiting, or raise WaitTooLong naming `why` when they are not left."""
        seconds = max(seconds, 0.0)
        if seconds > self.left:
            reason = f"{why}; connfail does not wait more than {self.seconds:g} s for GitHub in all"
            self.refused.append(reason)
            raise WaitTooLong(seconds, reason)
        self.spent += seconds


class BudgetRetry(Retry):
    """A urllib3 Retry whose every wait is drawn from a WaitBudget and never above it."""

    def __init__(
        self, budget: WaitBudget | None = None, timeout_cost: float | None = None, **kwargs: Any
    ) -> None:
        self.budget = budget if budget is not None else WaitBudget()
        self.timeout_cost = REQUEST_TIMEOUT if timeout_cost is None else timeout_cost
        super().__init__(**kwargs)

    def new(self, **kw: Any) -> Self:
        kw.update(budget=self.budget, timeout_cost=self.timeout_cost)
        return super().new(**kw)

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if method.upper() == "POST":  # refused, so not created: safe to send again
            return status_code in RATE_LIMITED and (status_code == 403 or has_retry_after)
        return super().is_retry(method, status_code, has_retry_after)

    def increment(  # type: ignore[override]
        self,
        method: str | None = None,
        url: str | None = None,
        response: Any = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: Any = None,
    ) -> Retry:
        if isinstance(error, ConnectTimeoutError) or (  # urllib3 retries these for any method
            isinstance(error, ReadTimeoutError) and method is not None and self._is_method_retryable(method)
        ):
            # The user waited out the timeout once; another try costs as much again.
            try:
                self.budget.spend(self.timeout_cost, f"GitHub did not answer in {self.timeout_cost:g} s")
            except WaitTooLong:
                raise error from None
        return super().increment(method, url, response, error, _pool, _stacktrace)

    def sleep(self, response: Any = None) -> None:
        asked = retry_after(response) if self.respect_retry_after_header else None
        if asked is not None:
            self.budget.spend(asked, f"GitHub asked to wait {asked:.0f} s")
        else:
            asked = self.get_backoff_time()  # GithubRetry sets it to a rate limit's reset
            status = getattr(response, "status", None)
            last = self.history[-1].error if self.history else None
            why = (
                f"GitHub asked to wait {asked:.0f} s (rate limit)"
                if status in RATE_LIMITED
                else f"GitHub kept answering HTTP {status}"
                if status
                else f"GitHub did not answer in {self.timeout_cost:g} s"
                if isinstance(last, (ReadTimeoutError, ConnectTimeoutError))
                else "GitHub kept failing"
            )
            self.budget.spend(asked, why)
        if asked > 0:
            time.sleep(asked)


class GitHubApiRetry(BudgetRetry, GithubRetry):
    """GithubRetry (rate-limit aware, 403s inspected) on the run's wait budget."""


def default_retry(budget: WaitBudget | None = None) -> GitHubApiRetry:
    """The API's retry policy; pass one `budget` to every client and download of a run."""
    # No max_rate_limit_wait: GithubRetry sets the backoff to the rate limit's reset, and
    # sleep() refuses it against the budget like any other wait, so the refusal is recorded.
    return GitHubApiRetry(budget=budget, total=RETRIES, backoff_factor=1, allowed_methods=RETRIED_METHODS)


def download_retry(budget: WaitBudget | None, timeout: float) -> BudgetRetry:
    """The same policy for downloads from a foreign host (no GitHub 403 handling there)."""
    return BudgetRetry(
        budget=budget,
        timeout_cost=timeout,
        total=RETRIES,
        backoff_factor=1,
        status_forcelist=(500, 502, 503, 504),
        allowed_methods={"GET"},
    )


def retrying_session(retry: Retry) -> requests.Session:
    """A requests session that retries by `retry` (download_retry) on http and https alike."""
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def retry_after(response: Any) -> float | None:
    """Seconds a response's Retry-After header asks for (an integer or an HTTP date)."""
    headers = getattr(response, "headers", None)
    value = headers.get("Retry-After") if headers is not None else None
    if not value:
        return None
    value = str(value).strip()
    if re.fullmatch(r"[0-9]{1,12}", value):
        return float(value)
    parsed = email.utils.parsedate_tz(value)
    if parsed is None:
        return None
    return max(email.utils.mktime_tz(parsed) - time.time(), 0.0)


WRITE_PAUSE = 0.5  # seconds between two writes of one run (PyGithub's default: 1 s)


def connect(
    token: str,
    api_url: str,
    *,
    retry: Retry | None = None,
    throttle: bool = True,
) -> Github:
    """A lazy client on `api_url` (github.com or GitHub Enterprise's `https://HOST/api/v3`)."""
    # PyGithub logs each retry at INFO on stderr ("Retrying after 86400 seconds", which we do
    # not do); the step prints one line per failed write instead.
    logging.getLogger("github").setLevel(logging.WARNING)
    # PyGithub waits 0.25 s before every request and 1 s between writes by default, which GitHub
    # asks of clients sending many writes; a run sends at most ten requests and four writes, so
    # it waits only between writes, half a second: a quarter of the step's wall time otherwise.
    return Github(
        auth=Auth.Token(token),
        base_url=api_url,
        lazy=True,
        per_page=100,
        timeout=REQUEST_TIMEOUT,
        retry=retry,
        seconds_between_requests=0,
        seconds_between_writes=WRITE_PAUSE if throttle else 0,
    )


def is_not_accessible(exc: BaseException) -> bool:
    """A read-only token's write: fork PRs, Dependabot, or a workflow without `permissions:`."""
    return (
        isinstance(exc, GithubException)
        and exc.status == 403
        and not isinstance(exc, RateLimitExceededException)
        and not _is_rate_limit(exc)
    )


def may_have_written(exc: BaseException) -> bool:
    """Whether a failed POST may still have created its object (look it up before a new POST)."""
    if isinstance(exc, requests.exceptions.ConnectTimeout) or _reason(exc, NewConnectionError):
        return False  # never connected, so never sent
    if isinstance(exc, GithubException):
        return exc.status >= 500 or exc.status < 400  # a 2xx with a body we cannot read
    return isinstance(exc, API_ERRORS) and not isinstance(exc, WaitTooLong)


def describe(exc: BaseException, api_url: str) -> str:
    """One line for the log; never includes request headers (the token)."""
    if isinstance(exc, WaitTooLong):
        return str(exc)
    if isinstance(exc, RateLimitExceededExceedsMaxWait):
        return (
            f"GitHub asked to wait {exc.wait:.0f} s (rate limit); connfail does not wait "
            f"more than {MAX_TOTAL_WAIT} s for GitHub in all"
        )
    if isinstance(exc, GithubException):
        if 200 <= exc.status < 300 or not isinstance(exc.data, (dict, type(None))):
            return f"GitHub answered HTTP {exc.status} with a body that is not its API's JSON"
        return f"GitHub answered HTTP {exc.status}: {_message(exc) or 'no message'}"
    if isinstance(exc, requests.exceptions.RetryError):
        return f"GitHub kept failing at {api_url} after {RETRIES} retries (server errors)"
    if isinstance(exc, requests.exceptions.Timeout) or _reason(exc, ReadTimeoutError):
        return f"GitHub did not answer in {REQUEST_TIMEOUT} s at {api_url}"
    if isinstance(exc, requests.exceptions.ConnectionError):
        if _was_reset(exc):
            return f"GitHub closed the connection without an answer at {api_url}"
        return f"cannot reach the GitHub API at {api_url} (check GITHUB_API_URL and the network)"
    if isinstance(exc, BAD_ANSWERS):
        return f"GitHub sent an answer that is not its API's JSON at {api_url}"
    return f"{type(exc).__name__}: {exc}"


class BadAnswer(ValueError):
    """A 2xx answer without the fields the API documents (HTML, a list for an object, ...)."""


def answer(obj: Any, *, strict: bool = False) -> dict[str, Any]:
    """The JSON object a PyGithub object was built from ({}, or BadAnswer if `strict`, when it
    was not one); never a GET, as `raw_data` and a missing attribute of a lazy object are."""
    raw = getattr(obj, "_rawData", None)
    if isinstance(raw, dict):
        return raw
    if strict:
        raise BadAnswer(f"a {type(raw).__name__} where the API documents an object")
    return {}


def require(obj: Any, *names: str) -> None:
    """Raise BadAnswer unless the answer behind `obj` holds each field."""
    raw = answer(obj)
    if any(raw.get(name) in (None, "") for name in names):
        raise BadAnswer(f"the answer lacks {', '.join(names)}")


# What PyGithub raises when a body is not the JSON it expects: truncated JSON (ValueError),
# a list where an object belongs or missing fields (TypeError, KeyError, AttributeError).
BAD_ANSWERS: tuple[type[BaseException], ...] = (ValueError, TypeError, KeyError, AttributeError, IndexError)
API_ERRORS: tuple[type[BaseException], ...] = (
    GithubException,
    requests.exceptions.RequestException,
    WaitTooLong,
    *BAD_ANSWERS,
)

Made = TypeVar("Made")


def post_once(create: Callable[[], Made], *fields: str) -> Made | BaseException:
    """POST once: what it made (its answer holding `fields`), or the error when the answer was
    lost and the POST may still have written (a timeout, a 5xx: look it up before posting
    again). Any other error is raised: the POST wrote nothing."""
    try:
        made = create()
        require(made, *fields)
        return made
    except API_ERRORS as exc:
        if not may_have_written(exc):
            raise
        return exc


def post_again(create: Callable[[], Made], lost: BaseException, *fields: str) -> Made:
    """The second and last POST, after the lookup did not find the first one's object; if it
    fails too, the first failure is what is raised (the one the user needs to see)."""
    try:
        made = create()
    except API_ERRORS:
        raise lost from None
    require(made, *fields)
    return made


def _message(exc: GithubException) -> str:
    data = exc.data
    if isinstance(data, dict):
        return str(data.get("message") or "")[:200]
    return str(data or "")[:200]


def _is_rate_limit(exc: GithubException) -> bool:
    message = _message(exc).lower()
    return "rate limit" in message and isinstance(exc.data, dict)


def _reason(exc: BaseException, kind: type[BaseException]) -> bool:
    """Whether requests wrapped a urllib3 `kind` (retries used up: MaxRetryError.reason)."""
    inner = exc.args[0] if exc.args else None
    return isinstance(getattr(inner, "reason", None), kind)


def _was_reset(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(8):
        if seen is None:
            return False
        if isinstance(seen, (ConnectionResetError, BrokenPipeError)) or (
            "RemoteDisconnected" in type(seen).__name__
        ):
            return True
        args = getattr(seen, "args", ())
        nested = next((a for a in args if isinstance(a, BaseException)), None)
        seen = nested or getattr(seen, "reason", None) or seen.__context__
    return False
