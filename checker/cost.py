"""What failing invocations burned: time, GB-seconds, dollars, and the timeout they reveal."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from fractions import Fraction

from checker.constants import ADVISED_CONNECT_TIMEOUT
from checker.detect.model import AttemptBasis
from checker.invocations import FailureEvent, Invocation

CLUSTER_TOLERANCE = 0.10  # durations within 10 % of the median are "the same timeout"
CLUSTER_SHARE = 0.6  # ... when at least this share of failing invocations lands there
ATTEMPT_GAP_MS = 1000  # failure lines further apart than this are separate connect attempts
SHORT_CONNECT_TIMEOUT_S = float(ADVISED_CONNECT_TIMEOUT)

# When a client sets no connect timeout, Linux gives up after its SYN retries (6 by default):
# about 127 s, plus the time to the error. One attempt lasting this long means "no timeout".
KERNEL_SYN_GIVE_UP_S = (120.0, 136.0)
_SAME_TIMEOUT = 0.05  # a duration within 5 % of a library's default is taken to be it


def known_timeout(per_attempt_s: float, runtimes: Collection[str]) -> str | None:
    """What one attempt's duration is known to be: the kernel's limit or library defaults.

    Only libraries of the runtimes that failed are named (no pymysql in a Node finding); the
    defaults come from the client registry (checker/clients/), the one place they live, rows
    of runtimes the linter does not read (Java, .NET, Ruby) included.
    """
    from checker import clients  # only once a timeout pattern is found: start-up stays light

    libraries = [
        lib
        for lib in clients.of_runtimes(runtimes)
        if lib.default_connect
        and abs(per_attempt_s - lib.default_connect) <= _SAME_TIMEOUT * lib.default_connect
    ]
    low, high = KERNEL_SYN_GIVE_UP_S
    if low <= per_attempt_s <= high:
        return (
            "about 130 s, when the Linux kernel gives up its SYN retries: the client set no "
            "connect timeout at all"
        )
    if libraries:
        defaults = [lib.default_connect for lib in libraries if lib.default_connect]
        return (
            f"{min(defaults):g} s, the default connect timeout of {', '.join(lib.name for lib in libraries)}"
        )
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
    # How per_attempt_s was found: "duration" (one logged attempt: the invocation's duration over
    # `attempts`) or "logged-attempts" (retries logged: the time from the invocation's start to
    # the last logged failure, over the failures logged; the median of the cluster's invocations)
    per_attempt_from: AttemptBasis = "duration"


class ExactSum:
    """A sum of floats as exact as math.fsum, fed one at a time: the same total in any order.

    Kept as a whole number of 2**-places (places: the finest binary place added so far), so
    the total is exact and its one division is correctly rounded, as fsum's result is. An
    infinity or NaN gives what Shewchuk's partials gave: itself alone, NaN with anything else;
    a total beyond the float range (1.8e308) is NaN too (the partials gave NaN or raised).
    """

    __slots__ = ("_places", "_scaled", "_special", "_values")

    def __init__(self) -> None:
        self._scaled = 0
        self._places = 0
        self._special: float | None = None
        self._values = 0

    def add(self, x: float) -> None:
        self._values += 1
        try:
            numerator, denominator = x.as_integer_ratio()
        except (OverflowError, ValueError):  # inf, nan
            self._special = x
            return
        places = denominator.bit_length() - 1  # a float's denominator is a power of two
        if places > self._places:
            self._scaled <<= places - self._places
            self._places = places
        self._scaled += numerator << (self._places - places)

    def merge(self, other: ExactSum) -> None:
        """Add the values `other` was fed: the same total as adding each of them here."""
        self._values += other._values
        if other._special is not None:
            self._special = other._special
        places = max(self._places, other._places)
        self._scaled = (self._scaled << (places - self._places)) + (other._scaled << (places - other._places))
        self._places = places

    @property
    def value(self) -> float:
        if self._special is not None:
            return self._special if self._values == 1 else math.nan
        try:
            return self._scaled / (1 << self._places)
        except OverflowError:
            return math.nan


Spent = tuple[float, int, int]  # (duration ms, billed ms, billed ms x memory MB) of one invocation


def spent_by(inv: Invocation) -> Spent | None:
    """What one invocation burned, or None when no REPORT told it."""
    if inv.duration_ms is None and inv.billed_ms is None:
        return None
    billed_ms = inv.billed_ms if inv.billed_ms is not None else int(inv.duration_ms or 0)
    return (inv.duration_ms or 0.0, billed_ms, billed_ms * (inv.memory_mb or 128))


class WasteTally:
    """What failing invocations burned, added one invocation at a time (exact, order-free)."""

    __slots__ = ("_billed", "_billed_mb", "_duration", "_reported")

    def __init__(self) -> None:
        self._duration = ExactSum()
        self._billed = 0
        self._billed_mb = 0  # billed ms x memory MB, exact
        self._reported = 0

    def add(self, inv: Invocation) -> None:
        self.add_spent(spent_by(inv))

    def add_spent(self, spent: Spent | None) -> None:
        """One invocation's `spent_by`: found once, added to every tally it counts in."""
        if spent is None:
            return
        self._reported += 1
        self._billed += spent[1]
        self._billed_mb += spent[2]
        total = self._duration
        if total._special is None:  # ExactSum.add, inlined: it runs three times per invocation
            try:
                numerator, denominator = spent[0].as_integer_ratio()
            except (OverflowError, ValueError):
                total.add(spent[0])
                return
            total._values += 1
            places = denominator.bit_length() - 1
            if places > total._places:
                total._scaled <<= places - total._places
                total._places = places
            total._scaled += numerator << (total._places - places)
        else:
            total.add(spent[0])

    def merge(self, other: WasteTally) -> None:
        """Add what `other` tallied: as if each of its invocations had been added here."""
        self._reported += other._reported
        self._billed += other._billed
        self._billed_mb += other._billed_mb
        self._duration.merge(other._duration)

    def result(self, price_per_gb_second: float) -> Wasted:
        # One correctly rounded division of the exact total: GB-seconds of 256 MB functions end
        # in 5 at the fifth decimal half of the time, where a running float sum rounds either way.
        gb_seconds = self._billed_mb / (1000 * 1024)
        return Wasted(
            round(self._duration.value, 2),
            self._billed,
            round(gb_seconds, 4),
            round(gb_seconds * price_per_gb_second, 6),
            self._reported,
        )


def wasted(invocations: Sequence[Invocation], price_per_gb_second: float) -> Wasted:
    tally = WasteTally()
    for inv in invocations:
        tally.add(inv)
    return tally.result(price_per_gb_second)


def attempt_times(evidence: Sequence[FailureEvent]) -> list[int]:
    """When each separate connect attempt of one invocation was logged as failed: the first line
    of each bunch of failure lines (the lines of one stack trace are one attempt)."""
    stamps = sorted(e.event.timestamp for e in evidence if e.event.timestamp is not None)
    return [
        after
        for before, after in zip([None, *stamps], stamps, strict=False)
        if before is None or after - before > ATTEMPT_GAP_MS
    ]


def attempts(evidence: Sequence[FailureEvent]) -> int:
    """Separate connect attempts logged in one invocation (lines of one stack trace count once)."""
    return max(len(attempt_times(evidence)), 1)


def logged_attempt_ms(inv: Invocation, evidence: Sequence[FailureEvent]) -> float | None:
    """The time one connect attempt took, from the failures an invocation logged, or None when it
    logged fewer than two (then only its duration tells, and that includes whatever came after).

    With the invocation's start before its first failure: (last failure - start) / failures, so a
    function timeout that cut a further attempt short, or work after the last failure, does not
    stretch the per-attempt time; otherwise the mean gap between the logged failures.
    """
    return _per_attempt_ms(inv, attempt_times(evidence))


def attempt_facts(inv: Invocation, evidence: Sequence[FailureEvent]) -> tuple[int, float | None]:
    """`attempts` and `logged_attempt_ms` of one invocation's evidence, from one sort of it."""
    if len(evidence) == 1:  # most failing invocations log one line: one attempt, no gap to time
        return 1, None
    times = attempt_times(evidence)
    return max(len(times), 1), _per_attempt_ms(inv, times)


def _per_attempt_ms(inv: Invocation, times: list[int]) -> float | None:
    if len(times) < 2:
        return None
    if inv.start is not None and inv.start < times[0]:
        return (times[-1] - inv.start) / len(times)
    return (times[-1] - times[0]) / (len(times) - 1)


def tried_to_connect(evidence: Sequence[FailureEvent]) -> bool:
    """False when every failure is a failed name lookup (ENOTFOUND): no connect was tried, so the
    invocation's duration tells nothing of a connect timeout (a slow resolver is not one)."""
    return any(e.failure.category != "ENOTFOUND" for e in evidence)


# (duration ms, billed-or-duration ms, memory MB, connect attempts, timed out, ms per logged
# attempt or 0.0 when fewer than two were logged): all the timeout pattern needs of one failing
# invocation; invocations alike share one count.
_Timing = tuple[float, float, int, int, bool, float]
DURATION_KEYS = 20_000  # distinct timings kept exactly per function; beyond, durations are rounded
# The same per destination, fewer: a finding may have many destinations, and memory must follow
# them, not the failing invocations (durations rounded to 1 ms, 10 ms ... buckets past it).
DESTINATION_DURATION_KEYS = 100
# The widest bucket: over a billion times a Lambda's 15 minutes. A time beyond it (a hostile
# REPORT's 1e300 ms) is counted as this, so such times join one key instead of one each.
MAX_STEP_MS = 1e15


def timing_of(inv: Invocation, tries: int, attempt_ms: float | None = None) -> _Timing | None:
    """What `DurationTally` counts of one failing invocation; None without a duration."""
    if inv.duration_ms is None:
        return None
    return (
        inv.duration_ms,
        float(inv.billed_ms or inv.duration_ms or 0),
        inv.memory_mb or 128,
        tries,
        inv.timed_out,
        attempt_ms or 0.0,
    )


class DurationTally:
    """The durations of failing invocations as counts of alike timings, in bounded memory.

    Exact while a function's failing invocations show at most DURATION_KEYS distinct timings
    (REPORT prints durations to 0.01 ms); past that, durations are rounded to the middle of
    their 1 ms, then 10 ms ... bucket until they fit (`_middle`): the median and cluster move by
    at most half that step, and the counts do not depend on the order of the invocations.
    """

    __slots__ = ("_counts", "_keys", "_largest", "_step")

    def __init__(self, keys: int | None = None) -> None:
        self._counts: Counter[_Timing] = Counter()
        self._keys = DURATION_KEYS if keys is None else keys
        self._step = 0.0  # 0: exact
        self._largest = 0.0  # once rounding: the largest time counted, as logged

    def add(self, inv: Invocation, tries: int, attempt_ms: float | None = None) -> None:
        """One failing invocation: its duration, `tries` connect attempts, and the time per
        attempt its logged failures show (`logged_attempt_ms`), if any."""
        timing = timing_of(inv, tries, attempt_ms)
        if timing is not None:
            self.add_timing(timing)

    def add_timing(self, timing: _Timing) -> None:
        """One failing invocation's `timing_of`: found once, added to every tally it counts in."""
        counts = self._counts
        if not self._step:
            counts[timing] += 1
            if len(counts) <= self._keys:
                return
            self._largest = max(_largest(key) for key in counts)
        else:
            # `_largest` and `_rounded`, inlined: a destination's tally rounds every failing
            # invocation of an outage once it holds DESTINATION_DURATION_KEYS timings.
            duration, spent, memory, tries, timed_out, attempt_ms = timing
            largest = duration  # max()'s own steps, so a NaN goes where it went
            if spent > largest:
                largest = spent
            if attempt_ms > largest:
                largest = attempt_ms
            if largest > self._largest:
                self._largest = largest
            step = self._step
            counts[
                (
                    _middle(duration, step),
                    _middle(spent, step),
                    memory,
                    tries,
                    timed_out,
                    _middle(attempt_ms, step),
                )
            ] += 1
        # A step wider than every time merges no more: what still differs is the memory size,
        # the attempts or the timeout, which no rounding joins (a hostile input's hundred attempt
        # counts at one destination). Such keys stay, one per kind; the loop ends (it went on to
        # an infinite step and raised ValueError on its NaN).
        while len(counts) > self._keys and self._step <= min(self._largest, MAX_STEP_MS):
            self._step = self._step * 10 if self._step else 1.0
            rounded: Counter[_Timing] = Counter()
            for key, count in counts.items():
                rounded[self._rounded(key)] += count
            self._counts = counts = rounded

    def _rounded(self, timing: _Timing) -> _Timing:
        step = self._step
        if not step:
            return timing
        duration, spent, memory, tries, timed_out, attempt_ms = timing
        return (
            _middle(duration, step),
            _middle(spent, step),
            memory,
            tries,
            timed_out,
            _middle(attempt_ms, step),
        )

    def pattern(self, price_per_gb_second: float, runtimes: Collection[str]) -> TimeoutPattern | None:
        """The duration most failing invocations share, when at least 3 do; None otherwise.

        `runtimes` are those of the failing invocations: they say which libraries' defaults to name.
        """
        timed = sorted(self._counts.items())
        total = sum(count for _, count in timed)
        if total < 3:
            return None
        median = _median([(key[0], count) for key, count in timed], total)
        if median < 1000:
            return None  # fast failures (refused, DNS) show no timeout
        if self._step > CLUSTER_TOLERANCE * median:
            return None  # rounded coarser than a cluster is wide: no shared duration shows
        cluster = [
            (key, count) for key, count in timed if abs((key[0] or 0) - median) <= CLUSTER_TOLERANCE * median
        ]
        size = sum(count for _, count in cluster)
        if size < CLUSTER_SHARE * total:
            return None
        by_tries: Counter[int] = Counter()
        for key, count in cluster:
            by_tries[key[3]] += count
        tries = max(round(_median(sorted(by_tries.items()), size)), 1)
        per_attempt = median / 1000 / tries
        basis: AttemptBasis = "duration"
        logged: Counter[float] = Counter()
        for key, count in cluster:
            if key[5]:
                logged[key[5]] += count
        if tries > 1 and logged and 2 * sum(logged.values()) >= size:
            # retries were logged: their timestamps say how long one took, not duration / count
            per_attempt = _median(sorted(logged.items()), sum(logged.values())) / 1000
            basis = "logged-attempts"
        saved_s = Fraction()
        saved_gb_s = Fraction()
        if per_attempt > SHORT_CONNECT_TIMEOUT_S:
            would = SHORT_CONNECT_TIMEOUT_S * tries
            for (_duration, spent, memory, _tries, _timed_out, _attempt), count in cluster:
                saved = max(spent / 1000 - would, 0.0)
                saved_s += Fraction(saved) * count
                saved_gb_s += Fraction(saved * memory / 1024) * count
        return TimeoutPattern(
            duration_s=round(median / 1000, 2),
            invocations=size,
            attempts=tries,
            per_attempt_s=round(per_attempt, 2),
            function_timeouts=sum(count for key, count in cluster if key[4]),
            saved_s=round(float(saved_s), 1),
            saved_usd=round(float(saved_gb_s) * price_per_gb_second, 6),
            known_as=known_timeout(per_attempt, runtimes),
            per_attempt_from=basis,
        )


def _largest(timing: _Timing) -> float:
    return max(timing[0], timing[1], timing[5])


def _middle(ms: float, step: float) -> float:
    """The middle of the `step` ms wide bucket that holds `ms`; 0.0 (no attempt logged) stays.

    Buckets of 1, 10, 100 ... ms nest, and a middle lies inside its wider bucket, so a value
    rounded at one step and again at a wider one ends where it would have gone in one go. The
    tally therefore counts the same timings whatever order they came in. Rounding to the
    nearest multiple did not nest: 14.6 went to 15 and then to 20, but straight to 10.
    """
    if not ms:
        return ms
    ms = min(ms, MAX_STEP_MS)  # nests as well: the middles of its buckets lie at or above it
    return (ms // step) * step + step / 2


def _median(counted: Sequence[tuple[float, int]], total: int) -> float:
    """statistics.median of the sorted values `counted` holds (value, times), without expanding."""

    def at(rank: int) -> float:
        seen = 0
        for value, count in counted:
            seen += count
            if rank < seen:
                return value
        raise IndexError(rank)

    middle = total // 2
    if total % 2:
        return at(middle)
    return (at(middle - 1) + at(middle)) / 2


def timeout_pattern(invocations: Sequence[Invocation], price_per_gb_second: float) -> TimeoutPattern | None:
    """The duration most failing invocations that tried to connect share, when at least 3 do."""
    tally = DurationTally()
    for inv in invocations:
        if tried_to_connect(inv.evidence):
            tally.add(inv, attempts(inv.evidence), logged_attempt_ms(inv, inv.evidence))
    runtimes = {e.failure.runtime for inv in invocations for e in inv.evidence}
    return tally.pattern(price_per_gb_second, runtimes)
