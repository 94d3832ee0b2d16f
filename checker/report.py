"""The whole result of one analysis, and its JSON form (the contract of design §5).

The JSON form is the model encoded by msgspec: a model type whose fields are the contract's keys
in order (StreamShare, ZoneCount, TimeoutPattern, Summary) is encoded as it is; the others
declare their keys once, as a `Shape` (checker/shape.py) below, naming only what does not come
from an attribute of the same name (a timestamp's ISO form, a renamed or flattened field, a key
left out when empty); the network part's shapes are in checker/network/report.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import checker
from checker.cost import Wasted
from checker.finding import Finding
from checker.functions import FunctionKey, function_key
from checker.ingest.read import Ignored, InputStats
from checker.ingest.timestamps import iso
from checker.invocations import StreamOf
from checker.shape import Shape, to_builtins
from checker.vocab import Severity

if TYPE_CHECKING:
    from checker.network.evaluate import NetworkEvidence


@dataclass(frozen=True)
class FunctionCount:
    """A function's invocations and failing invocations: the report's `functions` rows."""

    function: str | None
    log_group: str | None
    invocations: int
    failed_invocations: int
    source: str | None = None  # the export, when no log group names the function


@dataclass(frozen=True)
class Summary:
    """The totals of a run and its overall severity (the last line of the text report)."""

    events: int
    invocations: int
    failed_invocations: int
    severity: Severity


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

    # What of it was read, as an input's row of the report shows it.
    @property
    def format(self) -> str:
        return self.read.format if self.read else "unknown"

    @property
    def events(self) -> int:
        return self.read.events if self.read else 0

    @property
    def skipped(self) -> int:
        return self.read.skipped if self.read else 0

    @property
    def skipped_reasons(self) -> Mapping[str, int]:
        return self.read.skipped_reasons if self.read else {}


@dataclass(frozen=True)
class Report:
    """What one run found: the renderers and reporters take it from here."""

    inputs: tuple[InputStats, ...]  # the inputs read completely
    ignored: tuple[Ignored, ...]
    functions: tuple[FunctionCount, ...]
    findings: tuple[Finding, ...]
    summary: Summary
    version: str | None = None  # None: the installed version, read only for the JSON form
    unreadable: tuple[Unreadable, ...] = ()
    network: NetworkEvidence | None = None  # the evidence folder's network/ and flowlogs/, when given
    # What a pull request's run compares with its base (checker.digest): the pipeline's last stage.
    digest: Mapping[str, Any] = field(default_factory=dict)

    @property
    def read_any(self) -> bool:
        """Whether there is a verdict to show: some input was read, if only in part."""
        return bool(self.inputs) or any(u.read and u.read.events for u in self.unreadable)

    def to_dict(self) -> dict[str, Any]:
        """The JSON report as builtins (dicts, lists, strings, numbers): design §5."""
        return to_builtins(REPORT.encode(self))


def overall_severity(findings: tuple[Finding, ...]) -> Severity:
    """The worst severity of the findings; NONE without any."""
    return max((Severity(f.severity) for f in findings), default=Severity.NONE)


def _time(millis: int | None) -> str | None:
    return iso(millis) if millis is not None else None


NO_WASTE = Wasted(0.0, 0, 0.0, 0.0, 0)  # what an error count without a cost tally shows

WASTED = Shape("duration_ms billed_ms gb_seconds usd")


def _by_name(counts: Mapping[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items()))


INPUT = Shape(
    "path format events skipped skipped_reasons truncated_messages",
    read={"truncated_messages": "truncated"},
    convert={"skipped_reasons": _by_name},
)
UNREADABLE = Shape(
    "path format events skipped skipped_reasons error",
    read={"error": "reason"},
    convert={"skipped_reasons": _by_name},
)
FUNCTION = Shape("function log_group export invocations failed_invocations", read={"export": "source"})
ERROR = Shape("category code message host port service invocations billed_ms")
DESTINATION = Shape(
    "category code host port service invocations example library wasted timeout_pattern",
    read={"wasted": lambda d: d.wasted or NO_WASTE, "timeout_pattern": "timeout"},
    nested={"wasted": WASTED},
)
REMEDIATION = Shape("id title markdown")
INVOCATION = Shape(
    "request_id log_stream timestamp category code host port service message duration_ms timed_out attempts",
    read={key: f"failure.{key}" for key in ("category", "code", "host", "port", "service", "message")},
    convert={"timestamp": _time},
)


def _network(finding: Finding) -> dict[str, Any] | None:
    if finding.network is None:
        return None
    from checker.network.report import finding_network

    return finding_network(finding.network)


FINDING = Shape(
    "rule severity function log_group export failed_invocations total_invocations message "
    "primary_error most_frequent_error categories runtimes destinations first_seen last_seen "
    "wasted timeout_pattern vpc sources sources_omitted remediation invocations "
    "invocations_omitted network availability_zones",
    read={
        "export": "source",
        "primary_error": "primary",
        "most_frequent_error": "most_frequent",
        "timeout_pattern": "timeout",
        "invocations": "failed_invocations_list",
        "network": _network,
        "availability_zones": lambda f: (
            {"zones": f.zones, "failed_without_zone": f.failed_without_zone} if f.zones else None
        ),
    },
    convert={"first_seen": _time, "last_seen": _time},
    nested={
        "primary_error": ERROR,
        "most_frequent_error": ERROR,
        "destinations": DESTINATION,
        "wasted": WASTED,
        "remediation": REMEDIATION,
        "invocations": INVOCATION,
    },
    absent_when_none=frozenset({"network", "availability_zones"}),
)


def _network_evidence(report: Report) -> dict[str, Any] | None:
    if report.network is None:
        return None
    from checker.network.report import evidence_dict

    return evidence_dict(report.network)


REPORT = Shape(
    "tool inputs ignored_files summary functions findings digest network",
    read={
        "tool": lambda r: {"name": "connfail", "version": r.version or checker.__version__},
        "inputs": lambda r: (
            [INPUT.encode(i) for i in r.inputs] + [UNREADABLE.encode(u) for u in r.unreadable]
        ),
        "ignored_files": "ignored",
        "network": _network_evidence,
    },
    nested={"functions": FUNCTION, "findings": FINDING},
    absent_when_none=frozenset({"network"}),
)


def finding_dict(f: Finding) -> dict[str, Any]:
    """One finding of the JSON report, as builtins."""
    result: dict[str, Any] = to_builtins(FINDING.encode(f))
    return result


def function_counts(
    totals: Mapping[StreamOf, int], findings: tuple[Finding, ...]
) -> tuple[FunctionCount, ...]:
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
