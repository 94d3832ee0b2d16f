"""Readers of the JSON export shapes: each streams its events and checks them on the way."""

from __future__ import annotations

import binascii
import gzip
import io
from collections.abc import Iterator
from typing import IO, Any

from checker.errors import InputError
from checker.events import LogEvent
from checker.ingest.jsonstream import Envelope, Item, JSONSyntaxError, iter_document
from checker.ingest.limits import JSONStringCap, Limits, printable
from checker.ingest.skips import CONTROL_MESSAGE, INVALID_EVENT, Skip
from checker.ingest.timestamps import parse_timestamp
from checker.ingest.validate import item_problem
from checker.schema import problems

Output = Iterator[LogEvent | Skip]


def _int(value: Any) -> int:
    return int(value)


def _documents(
    stream: IO[bytes], name: str, keys: frozenset[str], *, multiple: bool = False
) -> Iterator[Item | Envelope]:
    try:
        yield from iter_document(stream, keys, multiple=multiple)
    except JSONSyntaxError as exc:
        raise InputError(name, str(exc)) from None


def check_envelope(schema: str, envelope: Any, name: str, prefix: str = "") -> None:
    found = problems(schema, envelope, prefix)
    if found:
        raise InputError(name, found[0])


def read_cloudwatch_events(stream: IO[bytes], name: str, schema: str) -> Output:
    """filter-log-events or get-log-events output (`schema` names which)."""
    for part in _documents(stream, name, frozenset({"events"})):
        if isinstance(part, Envelope):
            check_envelope(schema, part.value, name)
            continue
        yield checked_event(schema, part.value, f"/events/{part.index}")


def checked_event(schema: str, item: Any, pointer: str) -> LogEvent | Skip:
    """One filter-log-events or get-log-events event, or why the schema refuses it."""
    problem = item_problem(schema, "event", item, pointer)
    if problem:
        return Skip(INVALID_EVENT, problem)
    stream, event_id = item.get("logStreamName"), item.get("eventId")
    # Only the standard library's decoder gets here, and it lets `"\ud800"` through.
    return LogEvent(
        _int(item["timestamp"]),
        printable(item["message"]),
        None,
        printable(stream) if stream else stream,
        printable(event_id) if event_id else event_id,
    )


def read_live_tail(stream: IO[bytes], name: str) -> Output:
    """StartLiveTail output: `sessionStart` / `sessionUpdate` objects, one after another."""
    count = 0
    for part in _documents(stream, name, frozenset(), multiple=True):
        if isinstance(part, Item):  # a bare array at the top level: not this shape
            continue
        count += 1
        prefix = f"#{count}"
        check_envelope("live-tail", part.value, name, prefix)
        update = part.value.get("sessionUpdate")
        if not update:
            continue
        for index, event in enumerate(update["sessionResults"]):
            pointer = f"{prefix}/sessionUpdate/sessionResults/{index}"
            problem = item_problem("live-tail", "event", event, pointer)
            if problem:
                yield Skip(INVALID_EVENT, problem)
                continue
            group = event.get("logGroupIdentifier")
            yield LogEvent(
                _int(event["timestamp"]),
                event["message"],
                group.rsplit(":", 1)[-1] if group else None,
                event.get("logStreamName"),
            )


def read_insights_results(stream: IO[bytes], name: str, *, first_index: int = 0) -> Output:
    """Logs Insights get-query-results: rows of {field, value} pairs.

    `first_index`: how many rows came before the stream's first (fast_rows read them)."""
    for part in _documents(stream, name, frozenset({"results"})):
        if isinstance(part, Envelope):
            check_envelope("insights-query-results", part.value, name)
            continue
        pointer = f"/results/{first_index + part.index}"
        problem = item_problem("insights-query-results", "row", part.value, pointer)
        if problem:
            yield Skip(INVALID_EVENT, problem)
            continue
        yield insights_event({pair["field"]: pair["value"] for pair in part.value})


def read_insights_console(stream: IO[bytes], name: str, *, first_index: int = 0) -> Output:
    """The console's JSON download: an array of objects keyed by field name."""
    for part in _documents(stream, name, frozenset()):
        if isinstance(part, Envelope):
            if part.value != []:
                check_envelope("insights-console-export", part.value, name)
            continue
        problem = item_problem("insights-console-export", "row", part.value, f"/{first_index + part.index}")
        if problem:
            yield Skip(INVALID_EVENT, problem)
            continue
        yield insights_event({k: v for k, v in part.value.items() if isinstance(v, str)})


def insights_event(row: dict[str, str]) -> LogEvent:
    """The event of an Insights row, once the row is known to be valid."""
    stamp = row.get("@timestamp")
    log = row.get("@log")
    return LogEvent(
        parse_timestamp(stamp) if stamp else None,
        row["@message"],
        log.split(":", 1)[-1] if log else None,
        row.get("@logStream"),
        row.get("@ptr"),
    )


def _decode_awslogs(data: str, name: str, limits: Limits) -> IO[bytes]:
    """The gzip inside `awslogs.data`, inflated as it is read (charged to the inflation cap)."""
    import base64  # only subscription payloads need it: not loaded at start-up

    from checker.ingest.sources import CappedReader

    try:
        packed = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise InputError(name, "/awslogs/data: not valid base64") from None
    if packed[:2] != b"\x1f\x8b":
        raise InputError(name, "/awslogs/data: not gzip data")
    inflated = gzip.GzipFile(fileobj=io.BytesIO(packed), mode="rb")
    raw = io.BufferedReader(CappedReader(inflated, limits.budget, name))  # type: ignore[arg-type]
    return io.BufferedReader(JSONStringCap(raw, limits), buffer_size=1 << 20)


def read_subscription_messages(stream: IO[bytes], name: str, *, limits: Limits) -> Output:
    """Decoded subscription messages (one, or several back to back), or encoded deliveries."""
    count = 0
    buffered: list[LogEvent | Skip] = []
    for part in _documents(stream, name, frozenset({"logEvents"}), multiple=True):
        if isinstance(part, Item):
            if part.key is None:
                raise InputError(name, "a subscription message must be a JSON object")
            pointer = f"#{count + 1}/logEvents/{part.index}"
            problem = item_problem("subscription-message", "event", part.value, pointer)
            if problem:
                buffered.append(Skip(INVALID_EVENT, problem))
            else:
                buffered.append(
                    LogEvent(
                        _int(part.value["timestamp"]),
                        part.value["message"],
                        None,
                        None,
                        part.value.get("id"),
                    )
                )
            continue
        count += 1
        value = part.value
        if isinstance(value, dict) and "awslogs" in value:
            check_envelope("subscription-envelope", value, name, f"#{count}")
            inner = _decode_awslogs(value["awslogs"]["data"], name, limits)
            with inner:
                yield from read_subscription_messages(inner, name, limits=limits)
            continue
        check_envelope("subscription-message", value, name, f"#{count}")
        control = value["messageType"] == "CONTROL_MESSAGE"
        for item in buffered:
            if control:
                yield Skip(CONTROL_MESSAGE)
            elif isinstance(item, LogEvent):
                yield LogEvent(
                    item.timestamp, item.message, value["logGroup"], value["logStream"], item.event_id
                )
            else:
                yield item
        buffered = []
    if count == 0:
        raise InputError(name, "empty file")


def json_head_keys(head: bytes) -> list[str]:
    """Top-level keys found in the first bytes of a JSON object (the head may be cut short)."""
    keys: list[str] = []
    depth = 0
    try:
        for _prefix, event, value in _parse_head(head):
            if event in ("start_map", "start_array"):
                depth += 1
            elif event in ("end_map", "end_array"):
                depth -= 1
            elif event == "map_key" and depth == 1:
                keys.append(value)
    except Exception:
        pass
    return keys


def _parse_head(head: bytes) -> Iterator[tuple[str, str, Any]]:
    import ijson

    yield from ijson.parse(io.BytesIO(head), multiple_values=True, use_float=True)


def first_item_keys(head: bytes, array_key: str | None) -> list[str]:
    """Keys of the first object inside the named top-level array (or a bare top-level array)."""
    import ijson

    prefix = f"{array_key}.item" if array_key else "item"
    keys: list[str] = []
    try:
        for path, event, value in ijson.parse(io.BytesIO(head), multiple_values=True, use_float=True):
            if path == prefix and event == "map_key":
                keys.append(value)
            elif path == prefix and event == "end_map":
                break
    except Exception:
        pass
    return keys
