"""The functions' log events: filter-log-events (the default), or one Logs Insights query that
keeps, server-side, only the lines connfail reads.

The Insights filter is built from `checker.invocations.NEEDLES` (platform lines, timeouts, JSON
platform records and every anchor of the classifier, which checker/detect's pattern table is
checked against), so a new wording needs no change here. Its result rows become the same
filter-log-events JSON the default mode writes.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from checker.collect.aws import Aws, AwsError
from checker.collect.calls import call
from checker.detect.needles import NEEDLES
from checker.ingest.timestamps import parse_timestamp

MAX_EVENTS = 500_000  # per log group: what one folder holds at most (a note says when it is cut)
INSIGHTS_LIMIT = 10_000  # the most rows one Logs Insights query returns
MAX_QUERIES = 32  # windows split in halves while a query hits INSIGHTS_LIMIT, at most this many
AUTO_INSIGHTS_MS = 24 * 3600 * 1000  # longer windows use Insights without --insights
QUERY_WAIT_S = 900.0  # how long collect waits for a query before it stops it
MAX_GROUPS_PER_QUERY = 50  # Logs Insights' limit of log groups in one query
# Platform lines the analyzer does not need for a verdict but a reader wants beside it.
EXTRA_PLATFORM_PREFIXES = ("INIT_START", "INIT_REPORT")
_REGEX_SPECIAL = set("\\.^$|?*+()[]{}/")


@dataclass
class GroupEvents:
    """One log group's events, as filter-log-events JSON, and whether they were cut."""

    log_group: str
    events: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False

    def document(self) -> dict[str, Any]:
        return {"events": self.events, "searchedLogStreams": []}


def filter_log_events(
    aws: Aws,
    log_group: str,
    start_ms: int,
    end_ms: int,
    filter_pattern: str | None = None,
    max_events: int = MAX_EVENTS,
) -> GroupEvents:
    """Every event of `log_group` in [start_ms, end_ms] (at most `max_events`). Raises AwsError."""
    params: dict[str, Any] = {"logGroupName": log_group, "startTime": start_ms, "endTime": end_ms}
    if filter_pattern:
        params["filterPattern"] = filter_pattern
    got = GroupEvents(log_group)
    for page in aws.pages(call("logs", "filter-log-events"), **params):
        for event in page.get("events", []):
            if len(got.events) >= max_events:
                got.truncated = True
                return got
            got.events.append(event)
    return got


def _escaped(text: str) -> str:
    """`text` as a literal inside an Insights /regex/ (RE2 syntax, `/` delimited)."""
    return "".join("\\" + c if c in _REGEX_SPECIAL else c for c in text)


def query_terms() -> tuple[list[str], list[str]]:
    """(prefixes a message starts with, substrings it contains): what makes a line worth keeping."""
    prefixes = [n[1:] for n in NEEDLES if n.startswith("\x00")] + list(EXTRA_PLATFORM_PREFIXES)
    contains = [n for n in NEEDLES if not n.startswith("\x00")]
    return prefixes, contains


def insights_query() -> str:
    """The one Logs Insights query `--insights` runs (docs/collect.md shows it)."""
    prefixes, contains = query_terms()
    starts = "|".join(_escaped(p) for p in prefixes)
    anywhere = "|".join(_escaped(c) for c in contains)
    return (
        "fields @timestamp, @message, @logStream, @log, @ingestionTime\n"
        f"| filter @message like /^({starts})/ or @message like /{anywhere}/\n"
        "| sort @timestamp asc\n"
        f"| limit {INSIGHTS_LIMIT}"
    )


@dataclass
class InsightsRun:
    query: str
    queries: int = 0  # how many StartQuery calls the windows took
    truncated: bool = False  # a one-second window still hit the limit, or MAX_QUERIES ran out
    unplaced: int = 0  # rows with no known @log or no readable @timestamp: counted, not kept


def run_insights(
    aws: Aws, log_groups: list[str], start_ms: int, end_ms: int, run: InsightsRun
) -> dict[str, GroupEvents]:
    """The query over every group (50 per query), windows halved while a result is full."""
    rows: dict[str, dict[str, str]] = {}
    for index in range(0, len(log_groups), MAX_GROUPS_PER_QUERY):
        chunk = log_groups[index : index + MAX_GROUPS_PER_QUERY]
        _window(aws, chunk, start_ms // 1000, -(-end_ms // 1000), run, rows)
    events, run.unplaced = rows_to_events(rows.values(), log_groups)
    return events


def _window(
    aws: Aws, groups: list[str], start_s: int, end_s: int, run: InsightsRun, rows: dict[str, dict[str, str]]
) -> None:
    if run.queries >= MAX_QUERIES:
        run.truncated = True
        return
    run.queries += 1
    got = _query(aws, groups, start_s, end_s, run.query)
    for row in got:
        rows.setdefault(_row_key(row), row)
    if len(got) >= INSIGHTS_LIMIT:
        if end_s - start_s <= 1:  # Insights times are whole seconds: no narrower window
            run.truncated = True
            return
        middle = (start_s + end_s) // 2  # both halves hold `middle`: its rows are deduplicated
        _window(aws, groups, start_s, middle, run, rows)
        _window(aws, groups, middle, end_s, run, rows)


def _query(aws: Aws, groups: list[str], start_s: int, end_s: int, query: str) -> list[dict[str, str]]:
    started = aws.run(
        call("logs", "start-query"),
        logGroupNames=groups,
        startTime=start_s,
        endTime=end_s,
        queryString=query,
        limit=INSIGHTS_LIMIT,
    )
    query_id = started["queryId"]
    deadline = time.monotonic() + QUERY_WAIT_S
    pause = 0.2
    while True:
        result = aws.run(call("logs", "get-query-results"), queryId=query_id)
        status = result.get("status")
        if status == "Complete":
            return [{f["field"]: f.get("value", "") for f in row} for row in result.get("results", [])]
        if status in ("Failed", "Cancelled", "Timeout", "Unknown"):
            raise AwsError("error", f"Logs Insights query {query_id} ended {status}")
        if time.monotonic() > deadline:
            aws.run(call("logs", "stop-query"), queryId=query_id)
            raise AwsError(
                "error", f"Logs Insights query {query_id} still running after {QUERY_WAIT_S:.0f} s: stopped"
            )
        time.sleep(pause)
        pause = min(pause * 2, 5.0)


def _row_key(row: dict[str, str]) -> str:
    """@ptr names one event; without it (older emulators), its group, stream, time and text."""
    return row.get("@ptr") or "\x00".join(
        row.get(k, "") for k in ("@log", "@logStream", "@timestamp", "@message")
    )


def row_millis(value: str) -> int | None:
    """Insights prints `2026-12-01 20:00:00.000` (UTC); some emulators print epoch milliseconds."""
    value = value.strip()
    if value.isdigit():
        return int(value)
    return parse_timestamp(value)


def row_group(value: str, groups: list[str]) -> str | None:
    """`@log` is `123456789012:/aws/lambda/fn` (account, colon, group); some emulators omit the account."""
    if value in groups:
        return value
    _account, _, group = value.partition(":")
    return group if group in groups else None


def rows_to_events(rows: Iterable[dict[str, str]], groups: list[str]) -> tuple[dict[str, GroupEvents], int]:
    """Insights rows -> filter-log-events JSON per log group, oldest first; and how many rows
    could not be placed (no known @log, no readable @timestamp)."""
    out = {g: GroupEvents(g) for g in groups}
    unplaced = 0
    for row in rows:
        group = row_group(row.get("@log", ""), groups)
        millis = row_millis(row.get("@timestamp", ""))
        if group is None or millis is None:
            unplaced += 1
            continue
        event: dict[str, Any] = {
            "logStreamName": row.get("@logStream", ""),
            "timestamp": millis,
            "message": row.get("@message", ""),
        }
        ingested = row_millis(row.get("@ingestionTime", ""))
        if ingested is not None:
            event["ingestionTime"] = ingested
        out[group].events.append(event)
    for got in out.values():
        got.events.sort(key=lambda e: (e["timestamp"], e["logStreamName"]))
        if len(got.events) > MAX_EVENTS:
            del got.events[MAX_EVENTS:]
            got.truncated = True
    return out, unplaced
