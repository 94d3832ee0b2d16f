"""What the classifier says about one log event."""

from __future__ import annotations

from dataclasses import dataclass

CATEGORIES = ("ECONNREFUSED", "ETIMEDOUT", "ENOTFOUND", "ENETUNREACH")


@dataclass(frozen=True, slots=True)
class ConnectionFailure:
    """A failed attempt to open a TCP connection, as one log line tells it."""

    category: str  # one of CATEGORIES
    code: str  # the raw code as printed: EAI_AGAIN, EHOSTUNREACH, UND_ERR_CONNECT_TIMEOUT, Errno 111 ...
    runtime: str  # nodejs | python | java | go | dotnet | ruby | unknown
    host: str | None
    port: int | None
    service: str | None  # PostgreSQL, DynamoDB, HTTPS ... from the host name or the port
    message: str  # the normalized error text, one line, secrets not yet redacted
    local_address: str | None = None  # "10.0.1.23:41234" from Node's "- Local (...)": the source
    # True when the wording says a connect failed but not why (botocore EndpointConnectionError,
    # JDBC "Communications link failure"): the category is a best guess; prefer a specific record.
    generic: bool = False
    pattern_id: str | None = None  # the patterns.PATTERNS row that decided the category
    # The start (at most LINE_KEPT characters) of the line the shown wording was found on: which
    # line of a multi-line event to show as its example (a trace's first line may be a wrapper).
    line: str | None = None
    # The client library the whole event names (its package in a stack trace, its own exception),
    # set where the event is whole (invocations) from remediation.SNIPPETS: which snippet fits.
    library: str | None = None


LINE_KEPT = 200
