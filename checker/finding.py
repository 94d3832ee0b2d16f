"""The connection-failure finding of one function: severity, errors, destinations, sources, cost."""

from __future__ import annotations

import bisect
import fnmatch
import heapq
import ipaddress
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar, TypeVar

from checker.config import Config
from checker.cost import (
    DESTINATION_DURATION_KEYS,
    DurationTally,
    Spent,
    TimeoutPattern,
    Wasted,
    WasteTally,
    attempt_facts,
    spent_by,
    timing_of,
    tried_to_connect,
)
from checker.detect.model import Category, ConnectionFailure, Runtime
from checker.functions import FunctionKey, Span, function_key
from checker.invocations import FailureEvent, Invocation, StreamOf, stream_of
from checker.remedy import Remediation
from checker.totals import FunctionStreams, StreamTotals
from checker.vocab import Severity

if TYPE_CHECKING:
    from checker.network.evaluate import FindingNetwork

RULE = "connection-failures"


def severity_for(failed: int, config: Config) -> Severity:
    """HIGH above `high_above` failing invocations, ELEVATED at `elevated_at` or more."""
    if failed > config.high_above:
        return Severity.HIGH
    if failed >= config.elevated_at:
        return Severity.ELEVATED
    return Severity.NONE


@dataclass(frozen=True, slots=True)
class ErrorCount:
    """One kind of failure (category, code, destination) and how many invocations it hit."""

    category: Category
    code: str
    message: str
    host: str | None
    port: int | None
    service: str | None
    invocations: int
    example: str  # the raw log line it was seen in: the line of the event that holds the error
    # What the invocations that had it burned; an invocation failing on two destinations (or
    # with two errors) counts in both. None where not tallied (hand-built findings).
    wasted: Wasted | None = None
    timeout: TimeoutPattern | None = None  # destinations only: the connect timeout they show
    runtime: Runtime = "unknown"  # the runtime that logged it
    library: str | None = None  # the client library the failing event names (ConnectionFailure.library)

    @property
    def billed_ms(self) -> int:
        """The billed time of the invocations that had it; 0 where not tallied."""
        return self.wasted.billed_ms if self.wasted else 0


@dataclass(frozen=True, slots=True)
class StreamShare:
    """A log stream (execution environment) and its share of the failures."""

    log_stream: str | None
    failed_invocations: int
    total_invocations: int
    subnet: str | None
    availability_zone: str | None
    local_addresses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ZoneCount:
    """The invocations of one Availability Zone ID the function logged (its streams' AZ)."""

    # In the JSON report's key order, which msgspec encodes it in.
    availability_zone_id: str
    subnet: str | None = None  # the only function subnet in that AZ, from network evidence
    failed_invocations: int = field(default=0, kw_only=True)
    total_invocations: int = field(default=0, kw_only=True)


@dataclass(frozen=True, slots=True)
class FailedInvocation:
    request_id: str | None
    log_stream: str | None
    timestamp: int | None
    failure: ConnectionFailure
    duration_ms: float | None
    timed_out: bool
    attempts: int


@dataclass(frozen=True)
class Finding:
    """What connfail reports about one function (log group).

    What can be worked out from the other fields is a property, not a field: `primary`,
    `most_frequent`, `invocations_omitted`, `sources_omitted`, `failed_without_zone`.
    """

    rule: ClassVar[str] = RULE
    function: str | None
    log_group: str | None
    severity: Severity
    failed_invocations: int
    total_invocations: int
    errors: tuple[ErrorCount, ...]  # by normalized message, most frequent first
    destinations: tuple[ErrorCount, ...]  # by (category, code, host, port), most frequent first
    categories: dict[Category, int]  # invocations per category
    first_seen: int | None
    last_seen: int | None
    wasted: Wasted
    timeout: TimeoutPattern | None
    sources: tuple[StreamShare, ...]  # most failing first: at most `max_listed_sources` of the streams
    streams_with_invocations: int
    failed_invocations_list: tuple[FailedInvocation, ...]  # the first `max_listed_invocations`
    vpc: bool | None  # True when evidence or config says the function runs in a VPC
    remediation: tuple[Remediation, ...] = ()  # the pipeline's remediation stage (checker.analyze)
    source: str | None = None  # the export it came from, when no log group names the function
    log_span: tuple[int, int] | None = None  # first start and last end of all its invocations
    runtime_order: tuple[Runtime, ...] | None = None  # of every failing invocation, most frequent first
    failing_stream_count: int | None = None  # streams with a failing invocation; None: those in `sources`
    network: FindingNetwork | None = None  # the network walk's verdicts (checker.network), with evidence
    # Per AZ ID the function logged (most failing first); empty when no stream logged one.
    zones: tuple[ZoneCount, ...] = ()
    message: str = ""  # the summary sentence: the pipeline's last stage (checker.analyze) writes it

    @cached_property
    def primary(self) -> ErrorCount:
        """The most billed time, ties (and findings without REPORT lines) by count."""
        return _most_billed(self.errors, self.destinations)

    @property
    def most_frequent(self) -> ErrorCount | None:
        """errors[0], when it is not the primary (another destination cost more billed time)."""
        first = self.errors[0]
        return None if first is self.primary else first

    @property
    def invocations_omitted(self) -> int:
        """Failing invocations beyond `failed_invocations_list`."""
        return self.failed_invocations - len(self.failed_invocations_list)

    @property
    def sources_omitted(self) -> int:
        """Streams beyond `sources`."""
        return self.streams_with_invocations - len(self.sources)

    @property
    def failed_without_zone(self) -> int:
        """Failing invocations of streams that logged no AZ ID (0 when none logged one)."""
        return self.failed_invocations - sum(z.failed_invocations for z in self.zones) if self.zones else 0

    @property
    def failing_streams(self) -> int:
        """Streams with at least one failing invocation, listed in `sources` or not."""
        if self.failing_stream_count is not None:
            return self.failing_stream_count
        return sum(1 for s in self.sources if s.failed_invocations)

    @property
    def stream_count(self) -> int:
        """Every stream of the function, listed in `sources` or omitted."""
        return self.streams_with_invocations

    @property
    def runtimes(self) -> tuple[Runtime, ...]:
        """The runtimes of the failing invocations, most frequent first."""
        if self.runtime_order is not None:
            return self.runtime_order
        seen = Counter(inv.failure.runtime for inv in self.failed_invocations_list)
        return tuple(name for name, _ in seen.most_common())


def ignored(failure: ConnectionFailure, patterns: Sequence[str]) -> bool:
    host = (failure.host or "").lower()
    return bool(host) and any(fnmatch.fnmatchcase(host, p.lower()) for p in patterns)


OrderKey = tuple[bool, int, int]  # how the report lists invocations: by start time
LOCAL_ADDRESSES_PER_STREAM = 16  # local (ENI) addresses named per stream: the lowest, sorted


def order_key(inv: Invocation) -> OrderKey:
    """Earliest start first, ties in the order the grouper met them; no start last."""
    return (inv.start is None, inv.start or 0, inv.rank)


@dataclass(slots=True)
class _Seen:
    """One kind of failure (by message or destination): how many invocations, the first one."""

    count: int
    first: OrderKey
    evidence: FailureEvent
    waste: WasteTally
    durations: DurationTally | None  # destinations only


@dataclass(slots=True)
class _Alike:
    """The invocations of one function that showed one error at one destination, from one
    runtime, and nothing else (`FindingTally._add_alike`): counted once for all they count in."""

    count: int
    first: OrderKey
    evidence: FailureEvent
    waste: WasteTally
    durations: DurationTally  # their destination's: every timing in the order they came
    error: tuple[object, ...]
    destination: tuple[object, ...]
    category: Category
    runtime: Runtime


class FindingTally:
    """One function's failing invocations folded into exact counts and bounded samples.

    Memory follows what the report shows (distinct errors, destinations, streams, at most
    `listed` invocations), not how many invocations failed; every count stays exact and the
    same whatever order the invocations come in.
    """

    def __init__(self, listed: int) -> None:
        self.failed = 0
        self._listed_max = listed
        self._listed: list[tuple[OrderKey, FailedInvocation]] = []
        self._cutoff: OrderKey | None = None  # once `listed` are kept: the last; later ones go
        self._errors: dict[tuple[object, ...], _Seen] = {}
        self._destinations: dict[tuple[object, ...], _Seen] = {}
        # The invocations `_add_alike` took, by what they showed: folded into the rest at the end
        self._alike: dict[tuple[object, ...], _Alike] = {}
        self._categories: Counter[Category] = Counter()
        self._category_first: dict[Category, OrderKey] = {}
        self._runtimes: Counter[Runtime] = Counter()
        self._runtime_first: dict[Runtime, OrderKey] = {}
        self._first_seen: int | None = None
        self._last_seen: int | None = None
        self._waste = WasteTally()
        self._durations = DurationTally()
        self._failed_per_stream: Counter[str | None] = Counter()
        self._local: dict[str | None, list[str]] = {}
        self._vpc = False

    def add(self, inv: Invocation, kept: Sequence[FailureEvent]) -> None:
        # One pass over the kept lines, then one update per kind: an outage sends every
        # invocation here, so nothing is derived twice (attempts, what it spent).
        first = kept[0].failure
        if len(kept) == 1 or all(
            (f.category, f.code, f.message, f.host, f.port)
            == (first.category, first.code, first.message, first.host, first.port)
            for f in (e.failure for e in kept)
        ):
            self._add_alike(inv, kept)
        else:
            self._add_general(inv, kept)

    def _add_general(self, inv: Invocation, kept: Sequence[FailureEvent]) -> None:
        """`add` of an invocation whose kept lines show several errors or destinations."""
        key = order_key(inv)
        self.failed += 1
        errors: dict[tuple[object, ...], list[FailureEvent]] = {}
        destinations: dict[tuple[object, ...], list[FailureEvent]] = {}
        for evidence in kept:
            f = evidence.failure
            found = errors.get(error_kind := (f.category, f.code, f.message))
            if found is None:
                errors[error_kind] = [evidence]
            else:
                found.append(evidence)
            found = destinations.get(where := (f.category, f.code, f.host, f.port))
            if found is None:
                destinations[where] = [evidence]
            else:
                found.append(evidence)
            self._note_line(inv.log_stream, evidence)
        spent = spent_by(inv)
        tries, logged = attempt_facts(inv, kept)
        for kind, lines in errors.items():
            _count(self._errors, kind, lines[0], key, spent)
        for kind, lines in destinations.items():
            seen = _count(self._destinations, kind, lines[0], key, spent, destination=True)
            # one destination is one category: it tried to connect unless that is ENOTFOUND
            if seen.durations is not None and kind[0] != "ENOTFOUND":
                if len(lines) == len(kept):
                    seen.durations.add(inv, tries, logged)
                else:
                    seen.durations.add(inv, *attempt_facts(inv, lines))
        for category in {e.failure.category for e in kept}:
            _first_by(self._categories, self._category_first, category, key)
        best = kept[0].failure if len(kept) == 1 else _best(kept)
        _first_by(self._runtimes, self._runtime_first, best.runtime, key)
        self._waste.add_spent(spent)
        if tried_to_connect(kept):  # a DNS failure is no connect timeout showing through
            # the timeout pattern counts the attempts of every line, ignored hosts included
            if len(kept) == len(inv.evidence):
                self._durations.add(inv, tries, logged)
            else:
                self._durations.add(inv, *attempt_facts(inv, inv.evidence))
        self._failed_per_stream[inv.log_stream] += 1
        self._list(key, inv, kept[0].event.timestamp, best, tries)

    def _add_alike(self, inv: Invocation, kept: Sequence[FailureEvent]) -> None:
        """`add` of an invocation whose kept lines all show one error at one destination (most,
        and every one of an outage: one line, or a logged error and its `Invoke Error`): counted
        in its `_Alike`, what it spent and its timing found once."""
        start = inv.start
        key = (start is None, start or 0, inv.rank)
        self.failed += 1
        evidence = kept[0]
        f = evidence.failure
        for line in kept:
            stamp = line.event.timestamp
            if line.failure.local_address or stamp is None:
                self._note_line(inv.log_stream, line)
            else:  # `_note_line` of a line with a time and no local address, inline
                if self._first_seen is None or stamp < self._first_seen:
                    self._first_seen = stamp
                if self._last_seen is None or stamp > self._last_seen:
                    self._last_seen = stamp
        category = f.category
        kind = (category, f.code, f.message, f.host, f.port, f.runtime)
        alike = self._alike.get(kind)
        if alike is None:
            alike = self._alike[kind] = self._alike_of(key, evidence)
        alike.count += 1
        if key < alike.first:
            alike.first, alike.evidence = key, evidence
        alike.waste.add_spent(spent_by(inv))
        # all its lines are one destination's: their attempts are the invocation's and its own
        tries, logged = attempt_facts(inv, kept)
        if category != "ENOTFOUND":  # a DNS failure is no connect timeout showing through
            timing = timing_of(inv, tries, logged)
            if timing is not None:
                alike.durations.add_timing(timing)
            # the timeout pattern counts the attempts of every line, ignored hosts included
            if len(inv.evidence) != len(kept):
                self._durations.add(inv, *attempt_facts(inv, inv.evidence))
            elif timing is not None:
                self._durations.add_timing(timing)
        self._failed_per_stream[inv.log_stream] += 1
        if self._cutoff is None or key <= self._cutoff:  # `_list`'s own test, before the call
            self._list(key, inv, evidence.event.timestamp, f, tries)

    def _alike_of(self, key: OrderKey, evidence: FailureEvent) -> _Alike:
        """A new `_Alike`: its error, destination, category and runtime are known from now, in
        the order they were met (that breaks ties of count and first), and counted at the end."""
        f = evidence.failure
        error, where = (f.category, f.code, f.message), (f.category, f.code, f.host, f.port)
        _seen_of(self._errors, error, evidence, key)
        durations = _seen_of(self._destinations, where, evidence, key, destination=True).durations
        _first_by(self._categories, self._category_first, f.category, key, 0)
        _first_by(self._runtimes, self._runtime_first, f.runtime, key, 0)
        assert durations is not None
        return _Alike(0, key, evidence, WasteTally(), durations, error, where, f.category, f.runtime)

    def _fold_alike(self) -> None:
        """Add the `_Alike` counts to the error, destination, category, runtime and function
        totals they stand for (exact sums: as if each invocation had been added to each)."""
        for alike in self._alike.values():
            for seen in (self._errors[alike.error], self._destinations[alike.destination]):
                seen.count += alike.count
                if alike.first < seen.first:
                    seen.first, seen.evidence = alike.first, alike.evidence
                seen.waste.merge(alike.waste)
            _first_by(self._categories, self._category_first, alike.category, alike.first, alike.count)
            _first_by(self._runtimes, self._runtime_first, alike.runtime, alike.first, alike.count)
            self._waste.merge(alike.waste)
        self._alike = {}

    def _note_line(self, stream: str | None, evidence: FailureEvent) -> None:
        """A kept line's time (first and last seen) and the local address it names, per stream."""
        stamp = evidence.event.timestamp
        if stamp is not None:
            if self._first_seen is None or stamp < self._first_seen:
                self._first_seen = stamp
            if self._last_seen is None or stamp > self._last_seen:
                self._last_seen = stamp
        address = evidence.failure.local_address
        if address:
            ip = address.rsplit(":", 1)[0]
            self._vpc = self._vpc or _private(ip)
            local = self._local.setdefault(stream, [])
            if ip not in local:
                bisect.insort(local, ip)
                del local[LOCAL_ADDRESSES_PER_STREAM:]

    def _list(
        self, key: OrderKey, inv: Invocation, timestamp: int | None, failure: ConnectionFailure, tries: int
    ) -> None:
        """List the invocation if it is among the first `listed_max` by start (trimmed in bulk)."""
        if self._listed_max and (self._cutoff is None or key <= self._cutoff):
            self._listed.append(
                (
                    key,
                    FailedInvocation(
                        inv.request_id,
                        inv.log_stream,
                        timestamp,
                        failure,
                        inv.duration_ms,
                        inv.timed_out,
                        tries,
                    ),
                )
            )
            if len(self._listed) >= self._listed_max + max(self._listed_max // 4, 64):
                self._trim()

    def _trim(self) -> None:
        self._listed.sort(key=lambda pair: pair[0])
        del self._listed[self._listed_max :]
        if self._listed and len(self._listed) == self._listed_max:
            self._cutoff = self._listed[-1][0]

    def finding(self, key: FunctionKey, totals: Mapping[StreamOf, int], config: Config) -> Finding | None:
        log_group, function, source = key
        severity = severity_for(self.failed, config)
        if not self.failed or severity is Severity.NONE:
            return None
        self._trim()
        self._fold_alike()
        runtimes = tuple(name for name, _ in _most_common(self._runtimes, self._runtime_first))
        price = config.price_per_gb_second
        errors = _counts(self._errors, price, runtimes)
        destinations = _counts(self._destinations, price, runtimes)
        listed = tuple(failed for _, failed in self._listed)
        sources, failing_streams = self._sources(totals, config)
        return Finding(
            function=function,
            log_group=log_group,
            source=source,
            severity=severity,
            failed_invocations=self.failed,
            total_invocations=sum(totals.values()),
            errors=tuple(errors),
            destinations=tuple(destinations),
            categories=dict(_most_common(self._categories, self._category_first)),
            first_seen=self._first_seen,
            last_seen=self._last_seen,
            wasted=self._waste.result(config.price_per_gb_second),
            timeout=self._durations.pattern(config.price_per_gb_second, runtimes),
            sources=sources,
            streams_with_invocations=len(totals),
            failed_invocations_list=listed,
            vpc=config.vpc if config.vpc is not None else (True if self._vpc else None),
            runtime_order=runtimes,
            failing_stream_count=failing_streams,
        )

    def _sources(
        self, stream_totals: Mapping[StreamOf, int], config: Config
    ) -> tuple[tuple[StreamShare, ...], int]:
        """The `max_listed_sources` streams with the most failing invocations (then the most
        invocations, then by name), and how many streams failed."""
        named: Callable[[], Iterable[tuple[str | None, int]]]
        if isinstance(stream_totals, FunctionStreams) and stream_totals.single_pair():
            named = stream_totals.named  # each name once: read in place, no table per function
        else:  # streams of two inputs may share a name (`_merge_sources` did not join them)
            named = Counter({stream: n for (_group, stream, _source), n in stream_totals.items()}).items
        failed = self._failed_per_stream

        def rank(item: tuple[str | None, int]) -> tuple[int, int, str]:
            stream, total = item
            return (-failed.get(stream, 0), -total, stream or "")

        # nsmallest equals sorted(...)[:n], ties included, without sorting every stream
        chosen = heapq.nsmallest(config.max_listed_sources, named(), key=rank)
        rows = []
        for stream, total in chosen:
            network = config.streams.get(stream or "")
            rows.append(
                StreamShare(
                    stream,
                    failed.get(stream, 0),
                    total,
                    network.subnet if network else None,
                    network.availability_zone if network else None,
                    tuple(self._local.get(stream, ())),
                )
            )
        failing = sum(1 for stream, _total in named() if failed.get(stream, 0))
        return tuple(rows), failing


Name = TypeVar("Name", bound=str)


def _first_by(
    counts: Counter[Name], first: dict[Name, OrderKey], name: Name, key: OrderKey, times: int = 1
) -> None:
    counts[name] += times
    if name not in first or key < first[name]:
        first[name] = key


def _most_common(counts: Counter[Name], first: dict[Name, OrderKey]) -> list[tuple[Name, int]]:
    """Most frequent first; a tie goes to the one the first-listed invocation showed first."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], first[kv[0]]))


def _count(
    seen: dict[tuple[object, ...], _Seen],
    kind: tuple[object, ...],
    evidence: FailureEvent,
    key: OrderKey,
    spent: Spent | None,
    *,
    destination: bool = False,
) -> _Seen:
    """Count a kind once per invocation; keep the evidence of the first invocation that had it;
    add the invocation's cost to it (the caller adds a destination's timing)."""
    found = _seen_of(seen, kind, evidence, key, destination=destination)
    found.count += 1
    if key < found.first:
        found.first, found.evidence = key, evidence
    found.waste.add_spent(spent)
    return found


def _seen_of(
    seen: dict[tuple[object, ...], _Seen],
    kind: tuple[object, ...],
    evidence: FailureEvent,
    key: OrderKey,
    *,
    destination: bool = False,
) -> _Seen:
    """The tally of a kind, made (counting none yet) with `evidence` as its first if new."""
    found = seen.get(kind)
    if found is None:
        found = seen[kind] = _Seen(
            0,
            key,
            evidence,
            WasteTally(),
            DurationTally(DESTINATION_DURATION_KEYS) if destination else None,
        )
    return found


def _counts(
    seen: dict[tuple[object, ...], _Seen], price: float, runtimes: tuple[str, ...]
) -> list[ErrorCount]:
    result = []
    for k in sorted(seen, key=lambda k: (-seen[k].count, str(k))):
        found = seen[k]
        evidence = found.evidence
        f = evidence.failure
        text = evidence.event.message.strip()
        example = text.splitlines()[0] if text else ""
        timeout = found.durations.pattern(price, runtimes) if found.durations is not None else None
        result.append(
            ErrorCount(
                f.category,
                f.code,
                f.message,
                f.host,
                f.port,
                f.service,
                found.count,
                example,
                found.waste.result(price),
                timeout,
                f.runtime,
                f.library,
            )
        )
    return result


def _most_billed(errors: Sequence[ErrorCount], destinations: Sequence[ErrorCount]) -> ErrorCount:
    """The primary error: the most frequent one, unless another destination cost more billed time;
    then that destination's most frequent error. Wordings of one failure (a logged traceback and
    the runtime's own error line) share a destination, so they never outbid each other."""

    def where(e: ErrorCount) -> tuple[object, ...]:
        return (e.category, e.code, e.host, e.port)

    def billed(e: ErrorCount) -> int:
        return e.wasted.billed_ms if e.wasted else 0

    first = errors[0]
    by_key = {where(d): d for d in destinations}
    costliest = max(destinations, key=billed)  # max keeps the first (most frequent) of equals
    own = by_key.get(where(first))
    if own is None or where(costliest) == where(first) or billed(costliest) <= billed(own):
        return first
    return next(e for e in errors if where(e) == where(costliest))


FUNCTIONS_KNOWN = 4096  # streams whose function `FindingBuilder` remembers (100k would cost 20 MB)


class FindingBuilder:
    """Feed invocations with `add` (each once, in any order); `findings` gives the result."""

    def __init__(self, config: Config) -> None:
        self._config = config
        self._tallies: dict[FunctionKey, FindingTally] = {}
        # Per stream: its function's key, for the last streams seen (at most FUNCTIONS_KNOWN).
        self._functions: dict[StreamOf, FunctionKey] = {}

    def add(self, inv: Invocation) -> None:
        evidence = inv.evidence
        # `_kept`'s common case (one line, no ignored hosts: an outage's every invocation) keeps
        # the evidence as it is, and is alike (`FindingTally.add`)
        alike = len(evidence) == 1 and not self._config.ignore_hosts
        kept: Sequence[FailureEvent] = evidence if alike else _kept(inv, self._config)
        if not kept:
            return
        where = (inv.log_group, inv.log_stream, inv.source)  # `stream_of`, inline
        key = self._functions.get(where)
        if key is None:
            if len(self._functions) >= FUNCTIONS_KNOWN:
                self._functions.clear()  # a row per stream would grow with the streams
            key = self._functions[where] = function_key(*where)
        tally = self._tallies.get(key)
        if tally is None:
            tally = self._tallies[key] = FindingTally(self._config.max_listed_invocations)
        if alike:
            tally._add_alike(inv, kept)
        else:
            tally.add(inv, kept)

    def findings(
        self,
        totals: Mapping[StreamOf, int],
        spans: dict[FunctionKey, Span] | None = None,
        zones: dict[StreamOf, str] | None = None,
    ) -> list[Finding]:
        """One Finding per function with enough failing invocations, worst first.

        `totals` counts every invocation per (log group, log stream), failing or not; `spans`
        is the time each function's streams cover (`Grouper.function_spans`); `zones` is the
        AZ ID each stream logged (`Grouper.zones`).
        """
        if not isinstance(totals, StreamTotals):
            totals = StreamTotals(totals)  # a Counter of streams (tests, callers of their own)
        stream_totals = totals.by_function()
        function_spans = spans or {}
        findings = []
        for key, tally in self._tallies.items():
            finding = tally.finding(key, stream_totals.get(key) or FunctionStreams(), self._config)
            if finding is None:
                continue
            if key in function_spans:
                finding = replace(finding, log_span=function_spans[key])
            if zones:
                finding = _with_zones(finding, tally, stream_totals.get(key) or {}, zones)
            findings.append(finding)
        findings.sort(key=lambda f: (-f.severity.rank, -f.failed_invocations, f.function or ""))
        return findings


def _with_zones(
    finding: Finding, tally: FindingTally, totals: Mapping[StreamOf, int], zones: dict[StreamOf, str]
) -> Finding:
    """The finding with its per-AZ split, when any of its streams logged an AZ ID."""
    failed: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for where, count in totals.items():
        zone = zones.get(where)
        if zone:
            total[zone] += count
            failed[zone] += tally._failed_per_stream.get(where[1], 0)
    if not total:
        return finding
    rows = sorted(
        (ZoneCount(z, failed_invocations=failed[z], total_invocations=total[z]) for z in total),
        key=lambda z: (-z.failed_invocations, -z.total_invocations, z.availability_zone_id),
    )
    return replace(finding, zones=tuple(rows))


def build_findings(
    invocations: Sequence[Invocation],
    config: Config,
    totals: Mapping[StreamOf, int] | None = None,
    spans: dict[FunctionKey, Span] | None = None,
) -> list[Finding]:
    """The findings of `invocations`; without `totals` the invocations given are all there were."""
    builder = FindingBuilder(config)
    for inv in invocations:
        builder.add(inv)
    return builder.findings(
        totals if totals is not None else StreamTotals(stream_of(inv) for inv in invocations), spans
    )


def _kept(inv: Invocation, config: Config) -> list[FailureEvent]:
    """The invocation's evidence minus ignored hosts, one line per failure.

    A wrapped error logs the same failure more than once (Java's `Caused by:` lines, Node's
    `Invoke Error` after the logged error): a line of the same category that names no
    destination adds nothing to one that does, so it is dropped.
    """
    if not config.ignore_hosts:
        if len(inv.evidence) == 1:  # the common case, in an outage on every invocation
            return list(inv.evidence)
        kept = list(inv.evidence)
    else:
        kept = [e for e in inv.evidence if not ignored(e.failure, config.ignore_hosts)]
    located = {e.failure.category for e in kept if e.failure.host is not None}
    return [e for e in kept if e.failure.host is not None or e.failure.category not in located]


def _best(kept: Sequence[FailureEvent]) -> ConnectionFailure:
    """The most telling failure of an invocation: one that names its destination."""
    return max((e.failure for e in kept), key=lambda f: (f.host is not None, f.port is not None))


def _private(ip: str) -> bool:
    """A private local address in an error means the function's ENI is in a VPC subnet.

    Link-local (169.254.x, fe80::), unspecified (0.0.0.0, ::) and loopback addresses are not:
    every Lambda sandbox has them, in a VPC or not (facts/network.md §0)."""
    try:
        address = ipaddress.ip_address(ip.strip("[]"))
    except ValueError:
        return False
    return address.is_private and not (address.is_link_local or address.is_unspecified or address.is_loopback)
