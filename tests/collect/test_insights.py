"""The Logs Insights path: the query is derived from the classifier's table, its rows become
filter-log-events JSON, and a full result halves its window.

moto 5.2.5 runs `fields`, `sort` and `limit` but ignores `filter` (moto/logs/logs_query), so
what the filter keeps is checked here offline, with Python's `re` standing in for RE2 (the query
uses only literals, `|`, `^`, groups and escapes, which both read alike).
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from checker.collect import logs as collect_logs
from checker.collect.aws import Aws
from checker.collect.logs import InsightsRun, insights_query, query_terms, rows_to_events, run_insights
from checker.detect.classify import ANCHORS
from checker.detect.patterns import PATTERNS
from checker.schema import problems
from tests.collect.conftest import DUMMY, L

ORDINARY = [
    "2026-12-01T21:00:00.000Z\t4c1a7e2e-6f0b-4a8e-9d7e-2b3f5c9a1d10\tINFO\torder 1234 stored\n",
    "[INFO]\t2026-12-01T21:00:00.000Z\t4c1a7e2e-6f0b-4a8e-9d7e-2b3f5c9a1d10\tFound credentials in "
    "environment variables.\n",
]


def _regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The two /regex/ literals of the query's filter, as Python patterns."""
    found = re.findall(r"like /((?:\\.|[^/\\])*)/", insights_query())
    assert len(found) == 2
    return re.compile(found[0]), re.compile(found[1])


def _keeps(message: str) -> bool:
    starts, anywhere = _regexes()
    return bool(starts.match(message) or anywhere.search(message))


def test_every_category_rows_needles_hold_an_anchor_of_the_query() -> None:
    _prefixes, contains = query_terms()
    anywhere = _regexes()[1]
    assert set(ANCHORS) <= set(contains)
    for row in PATTERNS:
        if row.category is None:
            continue
        for needle in row.needles:
            assert anywhere.search(needle), (row.id, needle)


def test_the_query_keeps_every_rows_real_example_line() -> None:
    missed = [row.id for row in PATTERNS if row.category is not None and not _keeps(row.example)]
    assert missed == []


def test_the_query_keeps_platform_lines_and_drops_ordinary_ones() -> None:
    rid = "4c1a7e2e-6f0b-4a8e-9d7e-2b3f5c9a1d10"
    arn = "arn:aws:lambda:us-east-1::runtime:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    platform = [
        L.start(rid),
        L.end(rid),
        L.report(rid, 3001.2, 256, 80, status="timeout"),
        L.init_start("nodejs:20.v48", arn),
        L.task_timed_out(1796162300000, rid, 3.0),
        L.json_platform_start(1796162300000, rid),
    ]
    assert [_keeps(line) for line in platform] == [True] * len(platform)
    assert [_keeps(line) for line in ORDINARY] == [False, False]


def test_real_insights_rows_become_filter_log_events_json() -> None:
    """GetQueryResults rows as AWS prints them: `@timestamp` in `YYYY-MM-DD HH:MM:SS.mmm` UTC,
    `@log` as `account:group` (AWS CLI reference, logs get-query-results)."""
    rows = [
        {
            "@timestamp": "2026-12-01 21:00:00.010",
            "@message": "START RequestId: x Version: $LATEST\n",
            "@logStream": "2026/12/01/[$LATEST]0f1e",
            "@log": "123456789012:/aws/lambda/orders-api",
            "@ingestionTime": "2026-12-01 21:00:01.000",
            "@ptr": "CmQKKwonMTIzNDU2Nzg5MDEy",
        },
        {
            "@timestamp": "2026-12-01 20:59:59.000",
            "@message": "earlier\n",
            "@logStream": "s",
            "@log": "123456789012:/aws/lambda/orders-api",
            "@ptr": "b",
        },
        {
            "@timestamp": "not a time",
            "@message": "?",
            "@logStream": "s",
            "@log": "123456789012:/aws/lambda/orders-api",
            "@ptr": "c",
        },
        {
            "@timestamp": "2026-12-01 21:00:00.000",
            "@message": "other group",
            "@logStream": "s",
            "@log": "123456789012:/aws/lambda/other",
            "@ptr": "d",
        },
    ]
    events, unplaced = rows_to_events(rows, ["/aws/lambda/orders-api"])
    document = events["/aws/lambda/orders-api"].document()
    assert problems("filter-log-events", document) == []
    assert document["events"] == [
        {"logStreamName": "s", "timestamp": 1796158799000, "message": "earlier\n"},
        {
            "logStreamName": "2026/12/01/[$LATEST]0f1e",
            "timestamp": 1796158800010,
            "message": "START RequestId: x Version: $LATEST\n",
            "ingestionTime": 1796158801000,
        },
    ]
    assert unplaced == 2


@pytest.fixture
def aws(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Aws:
    for key, value in DUMMY.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_endpoint)
    return Aws(region="ap-northeast-1")


def _events(aws: Aws, group: str) -> list[tuple[int, str]]:
    logs: Any = aws.client("logs")
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName="s")
    base = (int(time.time()) - 600) * 1000
    events = [(base + i * 7000 + (i % 3), f"REPORT RequestId: {i:04d}") for i in range(24)]
    logs.put_log_events(
        logGroupName=group, logStreamName="s", logEvents=[{"timestamp": t, "message": m} for t, m in events]
    )
    return events


def test_a_full_result_halves_the_window_until_every_line_is_read(
    aws: Aws, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = _events(aws, "/aws/lambda/split")
    monkeypatch.setattr(collect_logs, "INSIGHTS_LIMIT", 5)
    run = InsightsRun(insights_query())
    got = run_insights(aws, ["/aws/lambda/split"], events[0][0], events[-1][0], run)
    assert [(e["timestamp"], e["message"]) for e in got["/aws/lambda/split"].events] == events
    assert run.queries > 1 and not run.truncated


def test_running_out_of_queries_is_said(aws: Aws, monkeypatch: pytest.MonkeyPatch) -> None:
    events = _events(aws, "/aws/lambda/cut")
    monkeypatch.setattr(collect_logs, "INSIGHTS_LIMIT", 5)
    monkeypatch.setattr(collect_logs, "MAX_QUERIES", 2)
    run = InsightsRun(insights_query())
    got = run_insights(aws, ["/aws/lambda/cut"], events[0][0], events[-1][0], run)
    assert (run.queries, run.truncated) == (2, True)
    assert len(got["/aws/lambda/cut"].events) < len(events)
