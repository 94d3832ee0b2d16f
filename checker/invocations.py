"""Group log events into Lambda invocations and keep what the finding needs of each.

An event joins an invocation by the RequestId it carries (START, END, REPORT, Node.js, Python,
.NET and Ruby line prefixes, JSON `requestId`-like fields). Lines that carry no id (Java, Go)
join the invocation that was running in the same log stream at their timestamp: one execution
environment runs one invocation at a time. Only lines with a connection failure are kept, so
memory grows with invocations, not with events.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from checker.detect.model import ConnectionFailure
from checker.events import LogEvent

UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_START = re.compile(r"START RequestId:\s*(\S+)")
_END = re.compile(r"END RequestId:\s*(\S+)")
_REPORT = re.compile(r"REPORT RequestId:\s*(\S+)")
_METRIC = re.compile(
    r"(Billed Restore Duration|Restore Duration|Billed Duration|Init Duration|Max Memory Used"
    r"|Memory Size|Duration):\s*([\d.]+)\s*(?:ms|MB)"
)
_STATUS = re.compile(r"Status:\s*(\w+)")
_TIMED_OUT = re.compile(rf"(?:\S+\s+)?({UUID})\s+Task timed out after\s+([\d.]+)\s+seconds")
# Application lines: Node.js "<ISO>\t<id>\tLEVEL\t", Python "[LEVEL]\t<ISO>\t<id>\t",
# .NET "<ISO>\t<id>\t<level>\t", Ruby Logger "E, [<ts> #8] ERROR <id> -- :".
_APP_ID = re.compile(
    rf"(?:\[[A-Z]+\]\s+)?(?:\d{{4}}-\d{{2}}-\d{{2}}T[\d:.]+Z\s+)?({UUID})\s"
    rf"|[IWEFDA], \[[^\]]*\]\s+[A-Z]+\s+({UUID})\s+--"
)
_JSON_ID_KEYS = ("requestId", "AWSRequestId", "awsRequestId", "function_request_id", "request_id")
Classifier = Callable[[str], list[ConnectionFailure]]


@dataclass(frozen=True, slots=True)
class Evidence:
    """A connection failure and the log event that told it."""

    failure: ConnectionFailure
    event: LogEvent


@dataclass(slots=True, eq=False)
class Invocation:
    """One invocation; filled in while grouping, complete once `Grouper.finish` returns."""

    request_id: str | None
    log_group: str | None
    log_stream: str | None
    start: int | None = None  # ms, from START (or the first event seen)
    end: int | None = None  # ms, from END/REPORT
    duration_ms: float | None = None
    billed_ms: int | None = None
    memory_mb: int | None = None
    max_memory_mb: int | None = None
    init_ms: float | None = None
    timed_out: bool = False
    status: str | None = None
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.evidence)

    def _touch(self, timestamp: int | None) -> None:
        if timestamp is None:
            return
        if self.start is None or timestamp < self.start:
            self.start = timestamp


StreamKey = tuple[str | None, str]  # (log group, log stream or "<input name>")


@dataclass(slots=True)
class _Pending:
    key: StreamKey
    timestamp: int | None
    running: str | None  # the invocation open in the stream when the line arrived (file order)
    evidence: Evidence


class Grouper:
    """Feed events with `add`, then `finish` returns every invocation found."""

    def __init__(self, classify: Classifier | None = None) -> None:
        if classify is None:
            from checker.detect.classify import classify as default_classify

            classify = default_classify
        self._classify = classify
        self._by_id: dict[tuple[str | None, str], Invocation] = {}
        self._streams: dict[StreamKey, list[Invocation]] = {}
        self._running: dict[StreamKey, str | None] = {}
        self._pending: list[_Pending] = []
        self.events = 0

    def add(self, event: LogEvent, input_name: str) -> None:
        self.events += 1
        key: StreamKey = (event.log_group, event.log_stream or f"<{input_name}>")
        message = event.message
        head = message[:16]
        if head.startswith("START RequestId"):
            match = _START.match(message)
            if match:
                inv = self._invocation(key, match.group(1))
                inv._touch(event.timestamp)
                self._running[key] = inv.request_id
                return
        elif head.startswith("END RequestId"):
            match = _END.match(message)
            if match:
                inv = self._invocation(key, match.group(1))
                self._close(inv, key, event.timestamp)
                return
        elif head.startswith("REPORT RequestId"):
            match = _REPORT.match(message)
            if match:
                self._report(self._invocation(key, match.group(1)), key, event, message)
                return
        elif head.startswith("{") and '"platform.' in message:
            if self._platform_record(key, event):
                return
        if "Task timed out after" in message:
            timed = _TIMED_OUT.search(message)
            if timed:
                self._invocation(key, timed.group(1)).timed_out = True
                return
        failures = self._classify(message)
        if not failures:
            return
        request_id = request_id_of(message)
        for failure in failures:
            evidence = Evidence(failure, event)
            if request_id is not None:
                inv = self._invocation(key, request_id)
                inv._touch(event.timestamp)
                inv.evidence.append(evidence)
            else:
                self._pending.append(_Pending(key, event.timestamp, self._running.get(key), evidence))

    def _invocation(self, key: StreamKey, request_id: str) -> Invocation:
        found = self._by_id.get((key[0], request_id))
        if found is None:
            stream = None if key[1].startswith("<") else key[1]
            found = Invocation(request_id, key[0], stream)
            self._by_id[(key[0], request_id)] = found
            self._streams.setdefault(key, []).append(found)
        return found

    def _close(self, inv: Invocation, key: StreamKey, timestamp: int | None) -> None:
        if timestamp is not None and (inv.end is None or timestamp > inv.end):
            inv.end = timestamp
        if self._running.get(key) == inv.request_id:
            self._running[key] = None

    def _report(self, inv: Invocation, key: StreamKey, event: LogEvent, message: str) -> None:
        metrics = {name: float(value) for name, value in _METRIC.findall(message)}
        inv.duration_ms = metrics.get("Duration", inv.duration_ms)
        billed = metrics.get("Billed Duration")
        inv.billed_ms = int(billed) if billed is not None else inv.billed_ms
        memory = metrics.get("Memory Size")
        inv.memory_mb = int(memory) if memory is not None else inv.memory_mb
        used = metrics.get("Max Memory Used")
        inv.max_memory_mb = int(used) if used is not None else inv.max_memory_mb
        inv.init_ms = metrics.get("Init Duration", inv.init_ms)
        status = _STATUS.search(message)
        if status:
            inv.status = status.group(1).lower()
            inv.timed_out = inv.timed_out or inv.status == "timeout"
        self._close(inv, key, event.timestamp)
        if inv.start is None and event.timestamp is not None and inv.duration_ms is not None:
            inv.start = event.timestamp - int(inv.duration_ms)

    def _platform_record(self, key: StreamKey, event: LogEvent) -> bool:
        try:
            record = json.loads(event.message)
        except ValueError:
            return False
        if not isinstance(record, dict) or not str(record.get("type", "")).startswith("platform."):
            return False
        body = record.get("record")
        if not isinstance(body, dict) or not isinstance(body.get("requestId"), str):
            return True  # platform.initStart and friends: no invocation of their own
        inv = self._invocation(key, body["requestId"])
        kind = record["type"]
        if kind == "platform.start":
            inv._touch(event.timestamp)
            self._running[key] = inv.request_id
        elif kind == "platform.runtimeDone":
            inv.timed_out = inv.timed_out or body.get("status") == "timeout"
        elif kind == "platform.report":
            raw_metrics = body.get("metrics")
            metrics: dict[str, Any] = raw_metrics if isinstance(raw_metrics, dict) else {}
            inv.duration_ms = _number(metrics.get("durationMs"), inv.duration_ms)
            billed = _number(metrics.get("billedDurationMs"), None)
            inv.billed_ms = int(billed) if billed is not None else inv.billed_ms
            memory = _number(metrics.get("memorySizeMB"), None)
            inv.memory_mb = int(memory) if memory is not None else inv.memory_mb
            used = _number(metrics.get("maxMemoryUsedMB"), None)
            inv.max_memory_mb = int(used) if used is not None else inv.max_memory_mb
            inv.init_ms = _number(metrics.get("initDurationMs"), inv.init_ms)
            if isinstance(body.get("status"), str):
                inv.status = body["status"]
                inv.timed_out = inv.timed_out or inv.status == "timeout"
            self._close(inv, key, event.timestamp)
        return True

    def finish(self) -> list[Invocation]:
        """Attach lines without a RequestId by stream and time; return invocations in order."""
        orphans: dict[tuple[StreamKey, int | None], Invocation] = {}
        for pending in self._pending:
            inv = self._attribute(pending)
            if inv is None:
                # No invocation of this stream is known (an errors-only query): lines of one
                # second in one stream are taken to be one invocation whose id was not logged.
                second = None if pending.timestamp is None else pending.timestamp // 1000
                inv = orphans.get((pending.key, second))
                if inv is None:
                    stream = None if pending.key[1].startswith("<") else pending.key[1]
                    inv = Invocation(None, pending.key[0], stream, start=pending.timestamp)
                    orphans[(pending.key, second)] = inv
                    self._streams.setdefault(pending.key, []).append(inv)
            inv._touch(pending.evidence.event.timestamp)
            inv.evidence.append(pending.evidence)
        self._pending = []
        result = [inv for invs in self._streams.values() for inv in invs]
        result.sort(key=lambda inv: (inv.start is None, inv.start or 0))
        return result

    def _attribute(self, pending: _Pending) -> Invocation | None:
        candidates = [inv for inv in self._streams.get(pending.key, ()) if inv.request_id]
        t = pending.timestamp
        if t is not None:
            timed = sorted((inv for inv in candidates if inv.start is not None), key=_start_of)
            starts = [_start_of(inv) for inv in timed]
            index = bisect.bisect_right(starts, t) - 1
            if index >= 0 and (timed[index].end is None or t <= timed[index].end):  # type: ignore[operator]
                return timed[index]
            if pending.running is None and index + 1 < len(timed):
                return timed[index + 1]  # before the first START: the init of the next invocation
        if pending.running is not None:
            return self._by_id.get((pending.key[0], pending.running))
        return None


def _start_of(inv: Invocation) -> int:
    return inv.start if inv.start is not None else 0


def _number(value: Any, default: float | None) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def request_id_of(message: str) -> str | None:
    """The RequestId an application line carries in its prefix or JSON fields, if any."""
    match = _APP_ID.match(message)
    if match:
        return match.group(1) or match.group(2)
    if message.startswith("{"):
        try:
            record = json.loads(message)
        except ValueError:
            return None
        if isinstance(record, dict):
            for key in _JSON_ID_KEYS:
                value = record.get(key)
                if isinstance(value, str) and value:
                    return value
    return None


def group(events: Iterable[tuple[LogEvent, str]], classify: Classifier | None = None) -> list[Invocation]:
    """All invocations of (event, input name) pairs; a convenience for tests and small inputs."""
    grouper = Grouper(classify)
    for event, name in events:
        grouper.add(event, name)
    return grouper.finish()
