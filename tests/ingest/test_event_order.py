"""Regression: a whole export gives the same verdict whatever the order of its events in the file.

Logs Insights returns `sort @timestamp desc` by default, so its results (API, console JSON and
CSV) are newest first; `get-log-events` pages and Insights sorted on another field come in yet
other orders. The Python export in examples/ is such a newest-first Insights result: its
unhandled `[ERROR] ConnectTimeoutError` lines carry no RequestId, and were once placed by the
invocation that happened to be running when they were read, then let go before the end; the
failing count fell from 5 to 4, and a shuffled Node export counted 203 invocations for 150.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest

from checker.analyze import analyze
from checker.config import Config
from checker.events import LogEvent
from checker.ingest.read import Ingest
from tests import reencode
from tests.conftest import EXAMPLES

ORDERED = sorted(set(reencode.ENCODERS) - reencode.ORDERED_ONLY)
PYTHON = EXAMPLES / "python-dynamodb-insights.json"
NODE = EXAMPLES / "vpc-node-postgres.json"
# The failing invocations of the Python export, oldest first (examples/generate.py).
PYTHON_FAILING = [
    "f9702a2f-9017-4eb3-946f-9858b5bd8c47",
    "626aafef-0ddc-4bf5-ac96-bb3d73d43ff4",
    "e270626c-78cf-4551-b7e5-3b19b36ddac8",
    "f111baaf-633c-4d9e-995f-bf224287b60d",
    "c63c09b4-d14d-47e7-97d6-efb93184ddd8",
]


def events_of(path: Path) -> list[LogEvent]:
    return [event for event, _name in Ingest([str(path)], max_inflated_bytes=1 << 30).events()]


def ordered(events: list[LogEvent], order: str) -> list[LogEvent]:
    by_time = sorted(events, key=lambda e: e.timestamp or 0)
    if order == "oldest-first":
        return by_time
    if order == "newest-first":
        return by_time[::-1]
    shuffled = events[:]
    random.Random(20261120).shuffle(shuffled)
    return shuffled


def verdict(events: list[LogEvent], fmt: str, group: str) -> tuple[int, int, str, list[str | None], str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = reencode.ENCODERS[fmt](events, Path(tmp), group)
        report = analyze([str(path)], Config(log_group=group))
    (finding,) = report.findings
    failing = sorted((i.timestamp or 0, i.request_id) for i in finding.failed_invocations_list)
    primary = f"{finding.primary.category} {finding.primary.host}:{finding.primary.port}"
    return (
        report.summary.invocations,
        report.summary.failed_invocations,
        report.summary.severity,
        [rid for _t, rid in failing],
        primary,
    )


def test_the_newest_first_insights_export_as_it_is() -> None:
    events = events_of(PYTHON)
    times = [e.timestamp or 0 for e in events]
    assert times == sorted(times, reverse=True)  # the file really is newest first
    report = analyze([str(PYTHON)], Config())
    s = report.summary
    assert (s.events, s.invocations, s.failed_invocations, s.severity) == (206, 40, 5, "ELEVATED")


@pytest.mark.parametrize("order", ["oldest-first", "newest-first", "shuffled"])
@pytest.mark.parametrize("fmt", ORDERED)
def test_python_export_in_every_order(fmt: str, order: str) -> None:
    events = ordered(events_of(PYTHON), order)
    assert verdict(events, fmt, "/aws/lambda/inventory-sync") == (
        40,
        5,
        "ELEVATED",
        PYTHON_FAILING,
        "ETIMEDOUT dynamodb.us-east-1.amazonaws.com:443",
    )


@pytest.mark.parametrize("order", ["newest-first", "shuffled"])
@pytest.mark.parametrize("fmt", ["insights-query-results", "get-log-events", "s3-export", "aws-logs-tail"])
def test_node_export_in_every_order(fmt: str, order: str) -> None:
    events = events_of(NODE)
    group = "/aws/lambda/orders-api"  # the export does not name it (examples/expected.json)
    expected = verdict(ordered(events, "oldest-first"), fmt, group)
    assert expected[:3] == (150, 28, "HIGH")
    assert expected[4] == "ETIMEDOUT 10.0.3.47:5432"
    assert verdict(ordered(events, order), fmt, group) == expected
