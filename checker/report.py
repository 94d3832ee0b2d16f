"""The whole result of one analysis, and its JSON form (the contract of design §5)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import checker
from checker.cost import TimeoutPattern, Wasted
from checker.finding import SEVERITIES, ErrorCount, FailedInvocation, Finding, FunctionKey, function_key
from checker.ingest.read import Ignored, InputStats
from checker.ingest.timestamps import iso
from checker.invocations import StreamOf

if TYPE_CHECKING:
    from checker.network.evaluate import NetworkEvidence


@dataclass(frozen=True)
class FunctionCount:
    function: str | None
    log_group: str | None
    invocations: int
    failed_invocations: int
    source: str | None = None  # the export, when no log group names the function


@dataclass(frozen=True)
class Summary:
    events: int
    invocations: int
    failed_invocations: int
    severity: str


@dataclass(frozen=True)
class Unreadable:
    """An input that could not be read (completely): listed in the report, the run exits 2.

    `read` holds what it gave before the error (those events were analyzed), when it got that far.
    """

    path: str
    reason: str
    read: InputStats | None = None

    @property
    def message(self) -> str:
        """The reason, and what of the file was analyzed all the same."""
        if self.read is None or not self.read.events:
            return self.reason
        return f"{self.reason} (the {self.read.events:,} events before it were analyzed)"


@dataclass(frozen=True)
class Report:
    inputs: tuple[InputStats, ...]  # the inputs read completely
    ignored: tuple[Ignored, ...]
    functions: tuple[FunctionCount, ...]
    findings: tuple[Finding, ...]
    summary: Summary
    version: str | None = None  # None: the installed version, read only for the JSON form
    unreadable: tuple[Unreadable, ...] = ()
    network: NetworkEvidence | None = None  # the evidence folder's network/ and flowlogs/, when given

    @property
    def read_any(self) -> bool:
        """Whether there is a verdict to show: some input was read, if only in part."""
        return bool(self.inputs) or any(u.read and u.read.events for u in self.unreadable)

    def to_dict(self) -> dict[str, Any]:
        from checker.digest import digest

        return {
            "tool": {"name": "connfail", "version": self.version or checker.__version__},
            "inputs": [
                {
                    "path": i.path,
                    "format": i.format,
                    "events": i.events,
                    "skipped": i.skipped,
                    "skipped_reasons": dict(sorted(i.skipped_reasons.items())),
                    "truncated_messages": i.truncated,
                }
                for i in self.inputs
            ]
            + [_unreadable_dict(u) for u in self.unreadable],
            "ignored_files": [{"path": i.path, "reason": i.reason} for i in self.ignored],
            "summary": {
                "events": self.summary.events,
                "invocations": self.summary.invocations,
                "failed_invocations": self.summary.failed_invocations,
                "severity": self.summary.severity,
            },
            "functions": [
                {
                    "function": f.function,
                    "log_group": f.log_group,
                    "export": f.source,
                    "invocations": f.invocations,
                    "failed_invocations": f.failed_invocations,
                }
                for f in self.functions
            ],
            "findings": [finding_dict(f) for f in self.findings],
            "digest": digest(self.findings),  # what a pull request's run compares with its base
            **({"network": network_dict(self.network)} if self.network is not None else {}),
        }


def _unreadable_dict(u: Unreadable) -> dict[str, Any]:
    read = u.read
    return {
        "path": u.path,
        "format": read.format if read else "unknown",
        "events": read.events if read else 0,
        "skipped": read.skipped if read else 0,
        "skipped_reasons": dict(sorted(read.skipped_reasons.items())) if read else {},
        "error": u.reason,
    }


def overall_severity(findings: tuple[Finding, ...]) -> str:
    return max((f.severity for f in findings), key=SEVERITIES.index, default="NONE")


def _time(millis: int | None) -> str | None:
    return iso(millis) if millis is not None else None


def finding_dict(f: Finding) -> dict[str, Any]:
    from checker.render.message import finding_message

    primary = f.primary
    return {
        "rule": "connection-failures",
        "severity": f.severity,
        "function": f.function,
        "log_group": f.log_group,
        "export": f.source,
        "failed_invocations": f.failed_invocations,
        "total_invocations": f.total_invocations,
        "message": finding_message(f),
        "primary_error": _error_dict(primary),
        "most_frequent_error": _error_dict(f.most_frequent) if f.most_frequent else None,
        "categories": f.categories,
        "runtimes": list(f.runtimes),
        "destinations": [
            {
                "category": d.category,
                "code": d.code,
                "host": d.host,
                "port": d.port,
                "service": d.service,
                "invocations": d.invocations,
                "example": d.example,
                "library": d.library,
                "wasted": _wasted_dict(d.wasted),
                "timeout_pattern": _timeout_dict(d.timeout),
            }
            for d in f.destinations
        ],
        "first_seen": _time(f.first_seen),
        "last_seen": _time(f.last_seen),
        "wasted": _wasted_dict(f.wasted),
        "timeout_pattern": _timeout_dict(f.timeout),
        "vpc": f.vpc,
        "sources": [
            {
                "log_stream": s.log_stream,
                "failed_invocations": s.failed_invocations,
                "total_invocations": s.total_invocations,
                "subnet": s.subnet,
                "availability_zone": s.availability_zone,
                "local_addresses": list(s.local_addresses),
            }
            for s in f.sources
        ],
        "sources_omitted": f.sources_omitted,
        "remediation": [{"id": r.id, "title": r.title, "markdown": r.markdown} for r in f.remediation],
        "invocations": [_invocation_dict(i) for i in f.failed_invocations_list],
        "invocations_omitted": f.invocations_omitted,
        **({"network": finding_network_dict(f.network)} if f.network is not None else {}),
        **(
            {
                "availability_zones": {
                    "zones": [
                        {
                            "availability_zone_id": z.availability_zone_id,
                            "subnet": z.subnet,
                            "failed_invocations": z.failed_invocations,
                            "total_invocations": z.total_invocations,
                        }
                        for z in f.zones
                    ],
                    "failed_without_zone": f.failed_without_zone,
                }
            }
            if f.zones
            else {}
        ),
    }


def _error_dict(e: ErrorCount) -> dict[str, Any]:
    return {
        "category": e.category,
        "code": e.code,
        "message": e.message,
        "host": e.host,
        "port": e.port,
        "service": e.service,
        "invocations": e.invocations,
        "billed_ms": e.wasted.billed_ms if e.wasted else 0,
    }


def _wasted_dict(w: Wasted | None) -> dict[str, Any]:
    if w is None:
        return {"duration_ms": 0.0, "billed_ms": 0, "gb_seconds": 0.0, "usd": 0.0}
    return {"duration_ms": w.duration_ms, "billed_ms": w.billed_ms, "gb_seconds": w.gb_seconds, "usd": w.usd}


def _timeout_dict(t: TimeoutPattern | None) -> dict[str, Any] | None:
    if t is None:
        return None
    return {
        "duration_s": t.duration_s,
        "invocations": t.invocations,
        "attempts": t.attempts,
        "per_attempt_s": t.per_attempt_s,
        "function_timeouts": t.function_timeouts,
        "saved_s": t.saved_s,
        "saved_usd": t.saved_usd,
        "known_as": t.known_as,
        "per_attempt_from": t.per_attempt_from,
    }


def network_dict(n: NetworkEvidence) -> dict[str, Any]:
    from checker.network.report import evidence_dict

    return evidence_dict(n)


def finding_network_dict(n: Any) -> dict[str, Any]:
    from checker.network.report import finding_network

    return finding_network(n)


def _invocation_dict(i: FailedInvocation) -> dict[str, Any]:
    return {
        "request_id": i.request_id,
        "log_stream": i.log_stream,
        "timestamp": _time(i.timestamp),
        "category": i.failure.category,
        "code": i.failure.code,
        "host": i.failure.host,
        "port": i.failure.port,
        "service": i.failure.service,
        "message": i.failure.message,
        "duration_ms": i.duration_ms,
        "timed_out": i.timed_out,
        "attempts": i.attempts,
    }


def function_counts(totals: Counter[StreamOf], findings: tuple[Finding, ...]) -> tuple[FunctionCount, ...]:
    """Invocations per function (from every stream's total) and how many of them failed."""
    per_function: Counter[FunctionKey] = Counter()
    for where, count in totals.items():
        per_function[function_key(*where)] += count
    failed = {(f.log_group, f.function, f.source): f.failed_invocations for f in findings}
    return tuple(
        FunctionCount(function, group, total, failed.get((group, function, source), 0), source)
        for (group, function, source), total in sorted(
            per_function.items(), key=lambda kv: tuple((x is None, x or "") for x in kv[0])
        )
    )
