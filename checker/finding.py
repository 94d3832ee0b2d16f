"""The connection-failure finding of one function: severity, errors, destinations, sources, cost."""

from __future__ import annotations

import fnmatch
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from checker.config import Config
from checker.cost import TimeoutPattern, Wasted, attempts, timeout_pattern, wasted
from checker.detect.model import ConnectionFailure
from checker.invocations import Evidence, Invocation, StreamOf, stream_of
from checker.remediation import Remediation, select

RULE = "connection-failures"
SEVERITIES = ("NONE", "ELEVATED", "HIGH")
_FAIL_ON_LEVEL = {"elevated": 1, "high": 2}


def severity_for(failed: int, config: Config) -> str:
    """HIGH above `high_above` failing invocations, ELEVATED at `elevated_at` or more."""
    if failed > config.high_above:
        return "HIGH"
    if failed >= config.elevated_at:
        return "ELEVATED"
    return "NONE"


def meets_fail_on(severity: str, fail_on: str) -> bool:
    """True when `severity` is at or above the `--fail-on` level ("never" is never met)."""
    level = _FAIL_ON_LEVEL.get(fail_on)
    return level is not None and SEVERITIES.index(severity) >= level


@dataclass(frozen=True)
class ErrorCount:
    """One kind of failure (category, code, destination) and how many invocations it hit."""

    category: str
    code: str
    message: str
    host: str | None
    port: int | None
    service: str | None
    invocations: int
    example: str  # the raw log line (first line of the event) it was seen in


@dataclass(frozen=True)
class Source:
    """A log stream (execution environment) and its share of the failures."""

    log_stream: str | None
    failed_invocations: int
    total_invocations: int
    subnet: str | None
    availability_zone: str | None
    local_addresses: tuple[str, ...]


@dataclass(frozen=True)
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
    """What connfail reports about one function (log group)."""

    function: str | None
    log_group: str | None
    severity: str
    failed_invocations: int
    total_invocations: int
    primary: ErrorCount
    errors: tuple[ErrorCount, ...]  # by normalized message, most frequent first
    destinations: tuple[ErrorCount, ...]  # by (category, code, host, port), most frequent first
    categories: dict[str, int]  # invocations per category
    first_seen: int | None
    last_seen: int | None
    wasted: Wasted
    timeout: TimeoutPattern | None
    sources: tuple[Source, ...]  # failing streams first
    streams_with_invocations: int
    failed_invocations_list: tuple[FailedInvocation, ...]
    vpc: bool | None  # True when evidence or config says the function runs in a VPC
    remediation: tuple[Remediation, ...] = ()  # chosen by checker.remediation.select
    source: str | None = None  # the export it came from, when no log group names the function
    log_span: tuple[int, int] | None = None  # first start and last end of all its invocations

    @property
    def runtimes(self) -> tuple[str, ...]:
        seen = Counter(inv.failure.runtime for inv in self.failed_invocations_list)
        return tuple(name for name, _ in seen.most_common())


_STREAM_FUNCTION = re.compile(r"\d{4}/\d{2}/\d{2}/([^\[/]+)\[")


def function_name(log_group: str | None, log_stream: str | None = None) -> str | None:
    """The function an event came from: named in the stream of a shared log group
    (`2026/11/20/orders-api[$LATEST]...`), else the group `/aws/lambda/<name>`."""
    if log_stream:
        match = _STREAM_FUNCTION.match(log_stream)
        if match:
            return match.group(1)
    if log_group is None:
        return None
    return log_group.removeprefix("/aws/lambda/")


StreamTotals = Counter[StreamOf]  # invocations per (log group, log stream, input if no group)
FunctionKey = tuple[str | None, str | None, str | None]  # (log group, function, input if unnamed)


def function_key(log_group: str | None, log_stream: str | None, source: str | None) -> FunctionKey:
    """Which function an invocation belongs to; an export that names no log group stands alone."""
    function = function_name(log_group, log_stream)
    return (log_group, function, source if function is None else None)


def ignored(failure: ConnectionFailure, patterns: Sequence[str]) -> bool:
    host = (failure.host or "").lower()
    return bool(host) and any(fnmatch.fnmatchcase(host, p.lower()) for p in patterns)


def build_findings(invocations: Sequence[Invocation], config: Config,
                   totals: StreamTotals | None = None,
                   spans: dict[StreamOf, tuple[int, int]] | None = None) -> list[Finding]:
    """One Finding per function with enough failing invocations, worst first.

    `totals` counts every invocation per (log group, log stream), including those the grouper
    let go; without it the invocations given are all there were.
    """
    if totals is None:
        totals = Counter(stream_of(inv) for inv in invocations)
    by_function: dict[FunctionKey, list[Invocation]] = defaultdict(list)
    for inv in invocations:
        by_function[function_key(*stream_of(inv))].append(inv)
    stream_totals: dict[FunctionKey, StreamTotals] = defaultdict(Counter)
    for where, count in totals.items():
        stream_totals[function_key(*where)][where] += count
    findings = []
    function_spans: dict[FunctionKey, tuple[int, int]] = {}
    for where, (first, last) in (spans or {}).items():
        key = function_key(*where)
        known = function_spans.get(key)
        function_spans[key] = (first, last) if known is None else (min(first, known[0]), max(last, known[1]))
    for key, function_invocations in by_function.items():
        finding = _finding(key, function_invocations, stream_totals[key], config)
        if finding is not None and key in function_spans:
            finding = replace(finding, log_span=function_spans[key])
        if finding is not None:
            findings.append(replace(finding, remediation=select(finding)))
    findings.sort(key=lambda f: (-SEVERITIES.index(f.severity), -f.failed_invocations, f.function or ""))
    return findings


def _kept(inv: Invocation, config: Config) -> list[Evidence]:
    """The invocation's evidence minus ignored hosts, one line per failure.

    A wrapped error logs the same failure more than once (Java's `Caused by:` lines, Node's
    `Invoke Error` after the logged error): a line of the same category that names no
    destination adds nothing to one that does, so it is dropped.
    """
    kept = [e for e in inv.evidence if not ignored(e.failure, config.ignore_hosts)]
    located = {e.failure.category for e in kept if e.failure.host is not None}
    return [e for e in kept if e.failure.host is not None or e.failure.category not in located]


def _finding(key: FunctionKey, invocations: list[Invocation], totals: StreamTotals,
             config: Config) -> Finding | None:
    log_group, function, source = key
    failing = [(inv, kept) for inv in invocations if (kept := _kept(inv, config))]
    severity = severity_for(len(failing), config)
    if not failing or severity == "NONE":
        return None
    errors = _count(failing, lambda f: (f.category, f.code, f.message))
    destinations = _count(failing, lambda f: (f.category, f.code, f.host, f.port))
    categories = Counter[str]()
    for _inv, kept in failing:
        for category in {e.failure.category for e in kept}:
            categories[category] += 1
    stamps = [e.event.timestamp for _inv, kept in failing for e in kept if e.event.timestamp is not None]
    failed_list = tuple(
        FailedInvocation(inv.request_id, inv.log_stream, kept[0].event.timestamp, _best(kept),
                         inv.duration_ms, inv.timed_out, attempts(kept))
        for inv, kept in failing
    )
    failing_invs = [inv for inv, _ in failing]
    return Finding(
        function=function,
        log_group=log_group,
        source=source,
        severity=severity,
        failed_invocations=len(failing),
        total_invocations=sum(totals.values()),
        primary=errors[0],
        errors=tuple(errors),
        destinations=tuple(destinations),
        categories=dict(categories.most_common()),
        first_seen=min(stamps) if stamps else None,
        last_seen=max(stamps) if stamps else None,
        wasted=wasted(failing_invs, config.price_per_gb_second),
        timeout=timeout_pattern(failing_invs, config.price_per_gb_second),
        sources=_sources(totals, failing, config),
        streams_with_invocations=len(totals),
        failed_invocations_list=failed_list,
        vpc=config.vpc if config.vpc is not None else _vpc_evidence(failing),
    )


def _best(kept: list[Evidence]) -> ConnectionFailure:
    """The most telling failure of an invocation: one that names its destination."""
    return max((e.failure for e in kept), key=lambda f: (f.host is not None, f.port is not None))


def _count(
    failing: list[tuple[Invocation, list[Evidence]]],
    keyfn: Callable[[ConnectionFailure], tuple[object, ...]],
) -> list[ErrorCount]:
    counts: Counter[tuple[object, ...]] = Counter()
    first: dict[tuple[object, ...], Evidence] = {}
    for _inv, kept in failing:
        seen = set()
        for evidence in kept:
            k = keyfn(evidence.failure)
            if k in seen:
                continue
            seen.add(k)
            counts[k] += 1
            first.setdefault(k, evidence)
    ordered = sorted(counts, key=lambda k: (-counts[k], str(k)))
    result = []
    for k in ordered:
        f = first[k].failure
        example = first[k].event.message.strip().splitlines()[0] if first[k].event.message.strip() else ""
        result.append(ErrorCount(f.category, f.code, f.message, f.host, f.port, f.service,
                                 counts[k], example))
    return result


def _sources(stream_totals: StreamTotals, failing: list[tuple[Invocation, list[Evidence]]],
             config: Config) -> tuple[Source, ...]:
    totals = Counter({stream: count for (_group, stream, _source), count in stream_totals.items()})
    failed = Counter(inv.log_stream for inv, _ in failing)
    local: dict[str | None, set[str]] = defaultdict(set)
    for inv, kept in failing:
        for evidence in kept:
            if evidence.failure.local_address:
                local[inv.log_stream].add(evidence.failure.local_address.rsplit(":", 1)[0])
    rows = []
    for stream, total in totals.items():
        network = config.streams.get(stream or "")
        rows.append(Source(stream, failed.get(stream, 0), total,
                           network.subnet if network else None,
                           network.availability_zone if network else None,
                           tuple(sorted(local.get(stream, ())))))
    rows.sort(key=lambda s: (-s.failed_invocations, -s.total_invocations, s.log_stream or ""))
    return tuple(rows)


def _vpc_evidence(failing: list[tuple[Invocation, list[Evidence]]]) -> bool | None:
    """A private local address in an error means the function's ENI is in a VPC subnet."""
    for _inv, kept in failing:
        for evidence in kept:
            address = evidence.failure.local_address
            if address and _private(address.rsplit(":", 1)[0]):
                return True
    return None


def _private(ip: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(ip.strip("[]")).is_private
    except ValueError:
        return False
