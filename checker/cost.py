"""What failing invocations burned: time, GB-seconds, dollars, and the timeout they reveal."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from checker.invocations import Evidence, Invocation

CLUSTER_TOLERANCE = 0.10  # durations within 10 % of the median are "the same timeout"
CLUSTER_SHARE = 0.6  # ... when at least this share of failing invocations lands there
ATTEMPT_GAP_MS = 1000  # failure lines further apart than this are separate connect attempts
SHORT_CONNECT_TIMEOUT_S = 3.0

# Connect timeouts that show through as the duration of one attempt: (low s, high s, what it is).
KNOWN_CONNECT_TIMEOUTS: tuple[tuple[float, float, str], ...] = (
    (4.5, 5.5, "5 s, the default connect timeout of httpx and of redis-py 8"),
    (9.5, 10.5, "10 s, the default connect timeout of undici (fetch), mysql2, ioredis and PyMySQL"),
    (19.5, 20.5, "20 s, pymongo's default connectTimeoutMS"),
    (29.5, 30.5, "30 s, the default of aiohttp's sock_connect and of the MongoDB Node.js driver"),
    (59.0, 61.0, "60 s, botocore's default connect_timeout"),
    (120.0, 136.0, "about 130 s, when the Linux kernel gives up its SYN retries: the client set no "
                   "connect timeout at all"),
)


def known_timeout(per_attempt_s: float) -> str | None:
    """What a per-attempt duration is known to be, e.g. a library default or the kernel's limit."""
    for low, high, what in KNOWN_CONNECT_TIMEOUTS:
        if low <= per_attempt_s <= high:
            return what
    return None


@dataclass(frozen=True)
class Wasted:
    duration_ms: float
    billed_ms: int
    gb_seconds: float
    usd: float
    invocations_with_report: int


@dataclass(frozen=True)
class TimeoutPattern:
    """Failing invocations that all lasted about as long: a timeout showing through."""

    duration_s: float  # the typical duration of a failing invocation
    invocations: int  # how many failing invocations are in the cluster
    attempts: int  # connect attempts logged per invocation (1 = no retry seen)
    per_attempt_s: float  # duration_s / attempts: the client's (or kernel's) connect timeout
    function_timeouts: int  # cluster members that ended in "Task timed out"
    saved_s: float  # billed seconds a 3 s connect timeout would have saved across the cluster
    saved_usd: float
    known_as: str | None  # the library default or kernel limit this duration matches, if any


def wasted(invocations: Sequence[Invocation], price_per_gb_second: float) -> Wasted:
    duration = 0.0
    billed = 0
    gb_seconds = 0.0
    reported = 0
    for inv in invocations:
        if inv.duration_ms is None and inv.billed_ms is None:
            continue
        reported += 1
        duration += inv.duration_ms or 0.0
        billed_ms = inv.billed_ms if inv.billed_ms is not None else int(inv.duration_ms or 0)
        billed += billed_ms
        gb_seconds += billed_ms / 1000 * (inv.memory_mb or 128) / 1024
    return Wasted(round(duration, 2), billed, round(gb_seconds, 4),
                  round(gb_seconds * price_per_gb_second, 6), reported)


def attempts(evidence: Sequence[Evidence]) -> int:
    """Separate connect attempts logged in one invocation (lines of one stack trace count once)."""
    stamps = sorted(e.event.timestamp for e in evidence if e.event.timestamp is not None)
    if not stamps:
        return 1
    count = 1
    for before, after in pairwise(stamps):
        if after - before > ATTEMPT_GAP_MS:
            count += 1
    return count


def timeout_pattern(invocations: Sequence[Invocation], price_per_gb_second: float) -> TimeoutPattern | None:
    """The duration most failing invocations share, when at least 3 do; None otherwise."""
    timed = [inv for inv in invocations if inv.duration_ms is not None]
    if len(timed) < 3:
        return None
    median = statistics.median(inv.duration_ms for inv in timed if inv.duration_ms is not None)
    if median < 1000:
        return None  # fast failures (refused, DNS) show no timeout
    cluster = [inv for inv in timed
               if abs((inv.duration_ms or 0) - median) <= CLUSTER_TOLERANCE * median]
    if len(cluster) < CLUSTER_SHARE * len(timed):
        return None
    tries = round(statistics.median(attempts(inv.evidence) for inv in cluster))
    tries = max(tries, 1)
    per_attempt = median / 1000 / tries
    saved_s = 0.0
    saved_gb_s = 0.0
    if per_attempt > SHORT_CONNECT_TIMEOUT_S:
        for inv in cluster:
            spent = (inv.billed_ms or inv.duration_ms or 0) / 1000
            would = SHORT_CONNECT_TIMEOUT_S * tries
            saved = max(spent - would, 0.0)
            saved_s += saved
            saved_gb_s += saved * (inv.memory_mb or 128) / 1024
    return TimeoutPattern(
        duration_s=round(median / 1000, 2),
        invocations=len(cluster),
        attempts=tries,
        per_attempt_s=round(per_attempt, 2),
        function_timeouts=sum(1 for inv in cluster if inv.timed_out),
        saved_s=round(saved_s, 1),
        saved_usd=round(saved_gb_s * price_per_gb_second, 6),
        known_as=known_timeout(per_attempt),
    )
