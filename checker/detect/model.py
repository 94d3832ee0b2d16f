"""What the classifier says about one log event, and the vocabularies of the report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

# The report's vocabularies, as the JSON contract spells them (schemas/report.schema.json):
# Literal types, so mypy checks every value written in the code and tests, and a value stays
# the plain string the report and the renderers compare with.
Category = Literal["ECONNREFUSED", "ETIMEDOUT", "ENOTFOUND", "ENETUNREACH"]
CATEGORIES: tuple[Category, ...] = get_args(Category)
Runtime = Literal["nodejs", "python", "java", "go", "dotnet", "ruby", "unknown"]
# Where a destination's packets have to go (checker.remediation.destination_kind).
DestinationKind = Literal["private", "public", "aws-gateway", "aws-interface", "unknown"]
# What the network evidence makes of a destination (the report's `resolved.kind`): an address in
# a VPC, an RDS database, an AWS service endpoint, a public address, or a private-looking name
# the evidence does not resolve.
TargetKind = Literal["vpc", "database", "aws-service", "public", "private"]
# How TimeoutPattern.per_attempt_s was found (schemas/report.schema.json `per_attempt_from`).
AttemptBasis = Literal["duration", "logged-attempts"]
# A wording row's runtime: "any" when several runtimes print it (libpq, libmysqlclient, strerror).
WordingRuntime = Literal["nodejs", "python", "java", "go", "dotnet", "ruby", "any"]


@dataclass(frozen=True, slots=True)
class ConnectionFailure:
    """A failed attempt to open a TCP connection, as one log line tells it."""

    category: Category
    code: str  # the raw code as printed: EAI_AGAIN, EHOSTUNREACH, UND_ERR_CONNECT_TIMEOUT, Errno 111 ...
    runtime: Runtime
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
