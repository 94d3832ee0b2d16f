"""Readers of the JSON export shapes: each streams its events and checks them on the way."""

from __future__ import annotations

import binascii
import gzip
import io
import re
from collections.abc import Iterator
from typing import IO, Annotated, Any, Literal

import msgspec

from checker.errors import InputError
from checker.events import LogEvent
from checker.ingest.jsonstream import Envelope, Item, JSONSyntaxError, iter_document
from checker.ingest.limits import JSONStringCap, Limits, printable
from checker.ingest.skips import CONTROL_MESSAGE, INVALID_EVENT, Skip
from checker.ingest.timestamps import MAX_MILLIS, parse_timestamp
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


class _LiveTailEvent(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A `sessionResults` event, typed as the live-tail schema says (`$defs/event`)."""

    timestamp: Annotated[int, msgspec.Meta(ge=0, le=MAX_MILLIS)]
    message: str
    logStreamName: str | msgspec.UnsetType = msgspec.UNSET  # the JSON's own (camelCase) keys
    logGroupIdentifier: str | msgspec.UnsetType = msgspec.UNSET
    ingestionTime: Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)] | msgspec.UnsetType = msgspec.UNSET


class _LiveTailResults(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    sessionResults: list[_LiveTailEvent]
    sessionMetadata: dict[str, bool] | msgspec.UnsetType = msgspec.UNSET


class _LiveTailUpdate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A `sessionUpdate` or `sessionStart` object alone on its line, with nothing the schema
    does not name (a start's own keys hold strings, or arrays of strings)."""

    sessionUpdate: _LiveTailResults | msgspec.UnsetType = msgspec.UNSET
    sessionStart: dict[str, str | list[str]] | msgspec.UnsetType = msgspec.UNSET


# A key with an escape in it (`"logGr\u006fup"`): the key regexes below look for the names as
# they are spelled, so a name given twice, once escaped, would pass them.
_ESCAPED_KEY = re.compile(rb'[{,][ \t\n\r]*"[^"\\]*\\u')


def _escaped_key(data: bytes) -> bool:
    """Whether a key of the JSON text `data` is spelled with a `\\u` escape."""
    return b"\\u" in data and _ESCAPED_KEY.search(data) is not None


_UPDATE = msgspec.json.Decoder(_LiveTailUpdate)
_UPDATE_KEYS = [b"sessionUpdate", b"sessionStart"]
_UPDATE_KEY = re.compile(rb'[{,][ \t\n\r]*"(%s)"[ \t\n\r]*:' % b"|".join(_UPDATE_KEYS))


def _key_twice(data: bytes, names: list[bytes], pattern: re.Pattern[bytes]) -> bool:
    """Whether `pattern` (a key among `names`) finds a key twice in `data`. A name that occurs
    at most once as a JSON string cannot be a key twice, and counting is ~10 x faster than
    `findall` (the pattern tries at every comma): only a text naming one twice is searched."""
    if all(data.count(b'"%s"' % name) < 2 for name in names):
        return False
    keys = pattern.findall(data)
    return len(keys) != len(set(keys))


def _plain_updates(data: bytes, events: list[LogEvent]) -> tuple[int, int]:
    """How many bytes of `data`'s whole lines are `sessionUpdate` (or `sessionStart`) objects
    the general reader would take as they are (one per line, the key once, typed as the schema
    says) or blank, and how many objects; their events are added to `events`."""
    at = objects = 0
    while True:
        end = data.find(b"\n", at)
        if end < 0:
            return at, objects
        line = data[at:end]
        if not line.strip(b" \t\r"):  # JSON's whitespace between two objects
            at = end + 1
            continue
        try:
            update = _UPDATE.decode(line)
        except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
            return at, objects
        unset = msgspec.UNSET
        if (
            _UPDATE_KEY.search(line) is None  # neither key
            or _key_twice(line, _UPDATE_KEYS, _UPDATE_KEY)
            or _escaped_key(line)  # a key twice, maybe
        ):
            return at, objects  # the general reader refuses it
        results = update.sessionUpdate
        for event in results.sessionResults if results is not unset else ():
            group = event.logGroupIdentifier
            events.append(
                LogEvent(
                    event.timestamp,
                    event.message,
                    group.rsplit(":", 1)[-1] if group is not unset and group else None,
                    None if event.logStreamName is unset else event.logStreamName,
                )
            )
        at = end + 1
        objects += 1


def read_live_tail(stream: IO[bytes], name: str) -> Iterator[LogEvent | Skip | list[LogEvent]]:
    """StartLiveTail output: `sessionStart` / `sessionUpdate` objects, one after another (the
    events of the lines msgspec decodes come a list at a time).

    Whole lines that are plain `sessionUpdate` objects are decoded by msgspec, a line at a
    time; from the first other line on, the general reader goes on with the same reads."""
    pending = b""
    count = 0
    while True:
        try:
            chunk = stream.read(_READ)
        except Exception as exc:  # raised again where the general reader meets it
            rest = _Replay([pending] if pending else [], None, exc)
            break
        if not chunk:
            if count and not pending.strip(b" \t\n\r"):  # JSON's whitespace after the last
                return
            rest = _Replay([pending] if pending else [], None, None)
            break
        pending += chunk
        events: list[LogEvent] = []
        used, objects = _plain_updates(pending, events)
        count += objects
        if events:
            yield events  # one list, as `batched` takes it (not a yield each)
        pending = pending[used:]
        if b"\n" in pending or len(pending) > _WHOLE:  # a line that is not plain, or too long
            rest = _Replay([pending], stream, None)
            break
    yield from _read_live_tail(rest, name, count)  # type: ignore[arg-type]


def _read_live_tail(stream: IO[bytes], name: str, count: int) -> Output:
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


class _SubscriptionEvent(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A log event of a subscription message, typed as its schema says (`$defs/event`)."""

    timestamp: Annotated[int, msgspec.Meta(ge=0, le=MAX_MILLIS)]
    message: str
    id: str | msgspec.UnsetType = msgspec.UNSET


class _SubscriptionMessage(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A decoded subscription message with the schema's keys only, typed as it says."""

    messageType: Literal["DATA_MESSAGE", "CONTROL_MESSAGE"]  # the JSON's own (camelCase) keys
    logGroup: str
    logStream: str
    logEvents: list[_SubscriptionEvent]
    owner: str | msgspec.UnsetType = msgspec.UNSET
    subscriptionFilters: list[str] | msgspec.UnsetType = msgspec.UNSET


_MESSAGE = msgspec.json.Decoder(_SubscriptionMessage)
# The top-level keys where the message's JSON names them: in valid JSON such bytes are a key
# (a quote inside a string is escaped), and the events' keys are only id, timestamp, message.
_MESSAGE_KEYS = [name.encode() for name in _SubscriptionMessage.__struct_fields__]
_MESSAGE_KEY = re.compile(rb'[{,][ \t\n\r]*"(%s)"[ \t\n\r]*:' % b"|".join(_MESSAGE_KEYS))


_READ = 64 * 1024  # ijson's own read size (`iter_document`): see `_Replay`
_WHOLE = 8 << 20  # a message up to this size is read whole and decoded at once


class _Replay:
    """What was read of a stream, one read at a time as it came, then the stream's rest (or
    the error its next read raised): the general reader, reading as much at a time, meets
    the same bytes and the same error at the same read."""

    def __init__(self, chunks: list[bytes], rest: IO[bytes] | None, error: Exception | None) -> None:
        self._chunks = chunks[::-1]
        self._rest = rest
        self._error = error

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson asks for no bytes first, to see their type
            return b""
        if self._chunks:
            return self._chunks.pop()
        if self._error is not None:
            raise self._error
        return self._rest.read(size) if self._rest is not None else b""


def _plain_message(data: bytes) -> list[LogEvent | Skip] | None:
    """The events of one whole subscription message the general reader would take as they
    are (valid, each key once, nothing else): decoded by msgspec at once. None otherwise."""
    try:
        message = _MESSAGE.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        return None
    if _key_twice(data, _MESSAGE_KEYS, _MESSAGE_KEY) or _escaped_key(data):  # a key twice, maybe
        return None  # the general reader refuses it
    if message.messageType == "CONTROL_MESSAGE":
        return [Skip(CONTROL_MESSAGE) for _ in message.logEvents]
    group, stream = message.logGroup, message.logStream
    unset = msgspec.UNSET
    return [
        LogEvent(e.timestamp, e.message, group, stream, None if e.id is unset else e.id)
        for e in message.logEvents
    ]


def read_subscription_messages(
    stream: IO[bytes], name: str, *, limits: Limits
) -> Iterator[LogEvent | Skip | list[LogEvent | Skip]]:
    """Decoded subscription messages (one, or several back to back), or encoded deliveries:
    the events of a message msgspec decodes at once come as one list (`batched` takes it)."""
    chunks: list[bytes] = []
    read = 0
    while read < _WHOLE:
        try:
            chunk = stream.read(_READ)
        except Exception as exc:  # raised again where the general reader meets it
            stream = _Replay(chunks, None, exc)  # type: ignore[assignment]
            break
        if not chunk:
            found = _plain_message(b"".join(chunks)) if chunks else None
            if found is not None:
                if found and isinstance(found[0], Skip):
                    yield from found
                else:  # the events in one list, as `batched` takes them (not a yield each)
                    yield found
                return
            stream = _Replay(chunks, None, None)  # type: ignore[assignment]
            break
        chunks.append(chunk)
        read += len(chunk)
    else:
        stream = _Replay(chunks, stream, None)  # type: ignore[assignment]
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


_RAW_ITEMS = msgspec.json.Decoder(list[msgspec.Raw])
# `{"events": [{` as the AWS CLI prints it, in JSON's own whitespace.
_EVENTS_FIRST = re.compile(rb'\A[ \t\n\r]*\{[ \t\n\r]*"events"[ \t\n\r]*:[ \t\n\r]*\[(?=[ \t\n\r]*\{)')


def json_head_keys(head: bytes) -> list[str]:
    """Top-level keys found in the first bytes of a JSON object (the head may be cut short)."""
    events = _EVENTS_FIRST.match(head)
    if events is not None:
        # A page of events cut short inside its array (the head of a file over 64 KB): no other
        # top-level key can come before the cut, and ijson would go through every event of
        # the head to find that out (its parse stops at the cut, or sooner at invalid JSON).
        try:
            _RAW_ITEMS.decode(b"[" + head[events.end() :])  # each event checked, none built
        except msgspec.DecodeError as exc:
            if str(exc) == "Input data was truncated":
                return ["events"]
        except RecursionError:  # nested deeper than msgspec goes: ijson's way
            pass
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


_ARRAY_FIRST = re.compile(rb"\A[ \t\n\r]*\[[ \t\n\r]*(?=\{)")
_NEXT_ITEM = re.compile(rb"\}[ \t\n\r]*,[ \t\n\r]*\{")
_INT64 = range(-(2**63), 2**63)  # yajl's integers (ijson's parser): a longer one is an error there


def _first_item(head: bytes, array_key: str | None) -> dict[str, Any] | None:
    """The first item of `{"events": [...` or `[...`, when it is a plain object (string and
    64-bit integer values) followed by another: what ijson reads of it without a doubt."""
    opened = _EVENTS_FIRST if array_key == "events" else _ARRAY_FIRST if array_key is None else None
    found = opened.match(head) if opened is not None else None
    if found is None:
        return None
    start = head.index(b"{", found.end())
    for tries, gap in enumerate(_NEXT_ITEM.finditer(head, start)):
        if tries == 4:  # "}, {" inside the first strings: leave it to ijson
            return None
        try:
            item = msgspec.json.decode(head[start : gap.start() + 1])
        except (msgspec.DecodeError, RecursionError):  # nested deeper than msgspec goes
            continue
        if not isinstance(item, dict):
            return None
        plain = all(type(v) is str or (type(v) is int and v in _INT64) for v in item.values())
        return item if plain else None
    return None


def first_item_keys(head: bytes, array_key: str | None) -> list[str]:
    """Keys of the first object inside the named top-level array (or a bare top-level array)
    (a key given twice may be listed once: the callers ask which keys are there)."""
    item = _first_item(head, array_key)
    if item is not None:  # ijson parses the whole head, 64 KB, for the first item's keys
        return list(item)
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
