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

# When a client sets no connect timeout, Linux gives up after its SYN retries (6 by default):
# about 127 s, plus the time to the error. One attempt lasting this long means "no timeout".
KERNEL_SYN_GIVE_UP_S = (120.0, 136.0)
_SAME_TIMEOUT = 0.05  # a duration within 5 % of a library's default is taken to be it


def known_timeout(per_attempt_s: float) -> str | None:
    """What one attempt's duration is known to be: the kernel's limit or library defaults.

    The defaults come from the linter's table of client libraries, the one place they live.
    """
    from checker.lint.libraries import LIBRARIES

    names = [lib.id for lib in LIBRARIES if lib.default_connect
             and abs(per_attempt_s - lib.default_connect) <= _SAME_TIMEOUT * lib.default_connect]
    low, high = KERNEL_SYN_GIVE_UP_S
    if low <= per_attempt_s <= high:
        return ("about 130 s, when the Linux kernel gives up its SYN retries: the client set no "
                "connect timeout at all")
    if names:
        defaults = [lib.default_connect for lib in LIBRARIES if lib.id in names and lib.default_connect]
        return f"{min(defaults):g} s, the default connect timeout of {', '.join(names)}"
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
