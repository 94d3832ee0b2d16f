"""Time and money burned by failing invocations, and the timeout their durations reveal."""

from __future__ import annotations

import pytest

from checker.cost import known_timeout, timeout_pattern, wasted
from checker.detect.model import ConnectionFailure
from checker.events import LogEvent
from checker.invocations import FailureEvent, Invocation

FAILURE = ConnectionFailure(
    "ETIMEDOUT", "ETIMEDOUT", "nodejs", "10.0.3.47", 5432, "PostgreSQL", "connect ETIMEDOUT 10.0.3.47:5432"
)
X86 = 0.0000166667


def failing(
    duration_ms: float,
    billed_ms: int,
    memory_mb: int = 512,
    attempts_at: tuple[int, ...] = (0,),
    timed_out: bool = False,
) -> Invocation:
    inv = Invocation(
        "id",
        "/aws/lambda/orders-api",
        "stream",
        start=0,
        duration_ms=duration_ms,
        billed_ms=billed_ms,
        memory_mb=memory_mb,
        timed_out=timed_out,
    )
    inv.evidence = [
        FailureEvent(FAILURE, LogEvent(t, "connect ETIMEDOUT 10.0.3.47:5432\n")) for t in attempts_at
    ]
    return inv


def test_gb_seconds_and_price_from_billed_duration_and_memory() -> None:
    burned = wasted([failing(30003.12, 30004, 512), failing(1500.0, 1500, 1024)], X86)
    assert (burned.duration_ms, burned.billed_ms) == (31503.12, 31504)
    assert burned.gb_seconds == pytest.approx(30.004 * 0.5 + 1.5 * 1.0, abs=1e-4)
    assert burned.usd == pytest.approx((30.004 * 0.5 + 1.5) * X86, abs=1e-6)


def test_retries_show_as_multiples_of_one_connect_timeout() -> None:
    # 3 attempts of 30 s each, logged 30 s apart, in every one of 5 invocations.
    invocations = [failing(90_050.0, 90_051, attempts_at=(30_000, 60_000, 90_000)) for _ in range(5)]
    pattern = timeout_pattern(invocations, X86)
    assert pattern is not None
    # per attempt from the logged failures: the last at 90 s after the start, over 3
    assert (pattern.duration_s, pattern.attempts, pattern.per_attempt_s, pattern.invocations) == (
        90.05,
        3,
        30.0,
        5,
    )
    assert pattern.per_attempt_from == "logged-attempts"
    # a Node function: the Node library with a 30 s default, not Python's aiohttp
    assert pattern.known_as == "30 s, the default connect timeout of mongodb"
    # A 3 s connect timeout: 3 attempts x 3 s instead of 90.051 s billed, for each of 5.
    assert pattern.saved_s == pytest.approx(5 * (90.051 - 9), abs=0.1)


def test_no_pattern_for_fast_or_scattered_failures() -> None:
    assert timeout_pattern([failing(120.0, 120) for _ in range(5)], X86) is None  # refused fast
    scattered = [failing(d, int(d)) for d in (2_000.0, 9_000.0, 30_000.0, 61_000.0)]
    assert timeout_pattern(scattered, X86) is None
    assert timeout_pattern([failing(60_000.0, 60_000)] * 2, X86) is None  # too few to say


def test_function_timeouts_are_counted() -> None:
    pattern = timeout_pattern([failing(30_000.0, 30_000, timed_out=True) for _ in range(4)], X86)
    assert pattern is not None and pattern.function_timeouts == 4


@pytest.mark.parametrize(
    ("seconds", "runtimes", "known"),
    [
        (5.07, ("python",), "5 s, the default connect timeout of httpx"),
        (10.01, ("python",), "10 s, the default connect timeout of pymysql"),
        (10.01, ("nodejs",), "10 s, the default connect timeout of fetch, mysql2, ioredis, undici"),
        (
            10.01,
            ("nodejs", "python"),
            "10 s, the default connect timeout of pymysql, fetch, mysql2, ioredis, undici",
        ),
        (60.0, ("python",), "60 s, the default connect timeout of botocore, asyncpg"),
        (60.0, ("nodejs",), None),  # botocore is Python's
        # Runtimes the linter does not read have rows too (checker/clients/), with documented defaults.
        (60.0, ("ruby",), "60 s, the default connect timeout of Net::HTTP"),
        (
            10.01,
            ("java", "unknown"),
            "10 s, the default connect timeout of AWS SDK for Java v1, JDBC (pgjdbc), MongoDB Java driver",
        ),
        (2.02, ("java",), "2 s, the default connect timeout of AWS SDK for Java v2"),
        (5.0, ("nodejs",), "5 s, the default connect timeout of node-redis, Prisma"),
        (30.0, ("go", "dotnet"), None),  # Go's net.Dialer and .NET's HttpClient have none
        (
            127.2,
            ("ruby",),
            "about 130 s, when the Linux kernel gives up its SYN retries: the client set no "
            "connect timeout at all",
        ),
        (15.0, ("python", "nodejs"), None),
    ],
)
def test_known_timeouts(seconds: float, runtimes: tuple[str, ...], known: str | None) -> None:
    assert known_timeout(seconds, runtimes) == known


def test_per_attempt_time_comes_from_the_logged_attempts_not_the_duration() -> None:
    # ioredis retrying a 10 s connect: failures logged at 10.0, 20.1, 30.3, 40.6 and 50.9 s,
    # then the 60 s function timeout cuts the sixth attempt short. Duration / 5 would say 12 s.
    at = (10_000, 20_100, 30_300, 40_600, 50_900)
    invocations = [failing(60_000.0, 60_000, attempts_at=at, timed_out=True) for _ in range(4)]
    pattern = timeout_pattern(invocations, X86)
    assert pattern is not None
    assert (pattern.attempts, pattern.per_attempt_s) == (5, 10.18)
    assert pattern.per_attempt_from == "logged-attempts"
    assert pattern.known_as == "10 s, the default connect timeout of fetch, mysql2, ioredis, undici"
    # one logged attempt: only the duration tells
    single = timeout_pattern([failing(10_020.0, 10_021) for _ in range(3)], X86)
    assert single is not None
    assert (single.attempts, single.per_attempt_s, single.per_attempt_from) == (1, 10.02, "duration")
