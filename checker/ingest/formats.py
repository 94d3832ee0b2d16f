"""Which export shape a file is, told from its first bytes, and the reader for each shape."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

from checker.ingest import json_formats as jf
from checker.ingest.batch import Batch, batched
from checker.ingest.csv_export import is_insights_csv, read_insights_csv
from checker.ingest.fast_events import read_events
from checker.ingest.fast_rows import CONSOLE, RESULTS, read_rows
from checker.ingest.limits import Limits
from checker.ingest.skips import Skip
from checker.ingest.text import looks_like_logs, stream_from_path, text_items

HEAD_BYTES = 64 * 1024
_WHITESPACE = b" \t\r\n"
_BOM = b"\xef\xbb\xbf"

Reader = Callable[[IO[bytes], str, Limits], Iterator[Batch | Skip]]


@dataclass(frozen=True)
class Format:
    """An export shape: its id (as reports name it), how a user gets it (README's table is
    generated from it: `python -m checker.ingest.docs`), and its reader."""

    id: str
    how: str  # Markdown: the command or console steps that produce it
    read: Reader


def _events(schema: str) -> Reader:
    return lambda stream, name, limits: read_events(stream, name, schema, selected=limits.selected)


def _text(stream: IO[bytes], name: str, limits: Limits) -> Iterator[Batch | Skip]:
    return batched(text_items(stream, source_stream=stream_from_path(name), limits=limits))


FORMATS: dict[str, Format] = {
    f.id: f
    for f in (
        Format(
            "filter-log-events",
            "`aws logs filter-log-events --log-group-name GROUP > export.json`",
            _events("filter-log-events"),
        ),
        Format(
            "get-log-events",
            "`aws logs get-log-events --log-group-name GROUP --log-stream-name STREAM > export.json`",
            _events("get-log-events"),
        ),
        Format(
            "insights-query-results",
            "`aws logs start-query ...`, then `aws logs get-query-results --query-id ID > results.json`"
            " (select `@timestamp, @message, @logStream, @log`)",
            lambda s, n, c: read_rows(s, n, RESULTS),
        ),
        Format(
            "insights-console-json",
            "Logs Insights console: *Export results* → *Download table (JSON)*",
            lambda s, n, c: read_rows(s, n, CONSOLE),
        ),
        Format(
            "insights-console-csv",
            "Logs Insights console: *Export results* → *Download table (CSV)*",
            lambda s, n, c: batched(read_insights_csv(s, n, c)),
        ),
        Format(
            "subscription",
            'what a subscription filter delivers: `{"awslogs":{"data":...}}` (gzip + base64), the decoded'
            " message, or Firehose objects in S3 (`aws s3 cp s3://BUCKET/KEY .`)",
            lambda s, n, c: batched(jf.read_subscription_messages(s, n, limits=c)),
        ),
        Format(
            "live-tail",
            "`StartLiveTail` response objects printed one per line by an SDK",
            lambda s, n, c: batched(jf.read_live_tail(s, n)),
        ),
        Format(
            "s3-export",
            "`aws logs create-export-task --log-group-name GROUP --destination BUCKET ...`, then"
            " `aws s3 sync s3://BUCKET/PREFIX exports/`"
            " (the `.gz` objects; the log stream comes from the key)",
            _text,
        ),
        Format("aws-logs-tail", "`aws logs tail GROUP --since 1h > export.log`", _text),
        Format("awslogs", "`awslogs get GROUP ALL --start=1h > export.log`", _text),
        Format("sam-logs", "`sam logs --name FUNCTION > export.log`", _text),
        Format("text", "Lambda log lines copied from the console (tabs turned into spaces are fine)", _text),
    )
}

_SUBSCRIPTION_KEYS = {"awslogs", "messageType", "logEvents", "subscriptionFilters"}


def sniff(head: bytes) -> str | None:
    """The id of the format whose first bytes these are, or None for an unknown shape."""
    body = head.lstrip(_WHITESPACE)
    if body.startswith(_BOM):
        body = body[len(_BOM) :].lstrip(_WHITESPACE)
    if body[:1] == b"{":
        keys = jf.json_head_keys(body)
        if _SUBSCRIPTION_KEYS & set(keys):
            return "subscription"
        if "events" in keys:
            first = jf.first_item_keys(body, "events")
            if {"logStreamName", "eventId"} & set(first) or "searchedLogStreams" in keys:
                return "filter-log-events"
            if first or "nextForwardToken" in keys or "nextBackwardToken" in keys:
                return "get-log-events"
            return "filter-log-events"
        if "results" in keys:
            return "insights-query-results"
        if {"sessionStart", "sessionUpdate"} & set(keys):
            return "live-tail"
        return None
    if body[:1] == b"[":
        first = jf.first_item_keys(body, None)
        return "insights-console-json" if "@message" in first else None
    text = body.decode("utf-8", errors="replace")
    if is_insights_csv(text):
        return "insights-console-csv"
    return looks_like_logs(text)


def describe_unknown(head: bytes) -> str:
    """A short description of a file that is no export, for the one-line error."""
    body = head.lstrip(_WHITESPACE + _BOM)
    if body[:1] == b"{":
        keys = jf.json_head_keys(body)[:5]
        if not keys:
            return "not a CloudWatch Logs export: an empty JSON object"
        return f"not a CloudWatch Logs export: a JSON object with keys {', '.join(keys)}"
    if body[:1] == b"[":
        return "not a CloudWatch Logs export: a JSON array whose items have no @message"
    if _binary(body[:8192]):
        return "not a CloudWatch Logs export: binary data"
    return "not a CloudWatch Logs export: no line looks like a Lambda log line"


def _binary(sample: bytes) -> bool:
    """NUL bytes, or bytes that are not UTF-8 (a cut character at the very end is forgiven)."""
    if b"\x00" in sample:
        return True
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(sample) - 3
    return False
