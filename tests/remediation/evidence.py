"""Findings built from a few facts of evidence, for the remediation tests."""

from __future__ import annotations

from checker.cost import TimeoutPattern, Wasted
from checker.detect.model import Category, ConnectionFailure, Runtime
from checker.detect.services import service_for
from checker.finding import ErrorCount, FailedInvocation, Finding, StreamShare
from checker.vocab import Severity

T0 = 1795168933136  # 2026-11-20T10:02:13.136Z

Dest = tuple[Category, str | None, int | None]  # (category, host, port)


def finding(
    *destinations: Dest,
    vpc: bool | None = True,
    runtime: Runtime = "nodejs",
    timeout: TimeoutPattern | None = None,
    function: str | None = "orders-api",
    subnet: str | None = None,
) -> Finding:
    """A finding whose destinations are `destinations`, most frequent first."""
    errors = tuple(
        ErrorCount(
            category,
            category,
            f"{category} {host}:{port}",
            host,
            port,
            service_for(host, port),
            10 - i,
            f"Error: {category} {host}:{port}",
        )
        for i, (category, host, port) in enumerate(destinations)
    )
    first = errors[0]
    failure = ConnectionFailure(
        first.category, first.code, runtime, first.host, first.port, first.service, first.message
    )
    categories: dict[Category, int] = {}
    for e in errors:
        categories[e.category] = categories.get(e.category, 0) + e.invocations
    return Finding(
        function=function,
        log_group=f"/aws/lambda/{function}" if function else None,
        severity=Severity.HIGH,
        failed_invocations=10,
        total_invocations=40,
        errors=errors,
        destinations=errors,
        categories=categories,
        first_seen=T0,
        last_seen=T0 + 3_600_000,
        wasted=Wasted(1000.0, 1000, 0.5, 0.00001, 10),
        timeout=timeout,
        sources=(
            StreamShare("2026/11/20/[$LATEST]ec7ac8ad1b2ba06b6ae12c972399d29d", 10, 20, subnet, None, ()),
            StreamShare(
                "2026/11/20/[$LATEST]58b8413f8ef5b163cef350e708d01bfe", 0, 20, "subnet-clean", None, ()
            ),
        ),
        streams_with_invocations=2,
        failed_invocations_list=(
            FailedInvocation("939ae232-588e-4bce-b71e-d78a1dc02e27", None, T0, failure, 127_000.0, False, 1),
        ),
        vpc=vpc,
    )


def kernel_timeout(attempts: int = 1) -> TimeoutPattern:
    """Failing invocations that waited out Linux's SYN retries (~127 s) per attempt."""
    return TimeoutPattern(
        duration_s=127.3 * attempts,
        invocations=10,
        attempts=attempts,
        per_attempt_s=127.3,
        function_timeouts=0,
        saved_s=1243.0,
        saved_usd=0.010358,
        known_as=None,
    )
