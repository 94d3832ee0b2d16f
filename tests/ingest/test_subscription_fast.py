"""A subscription message decoded at once by msgspec reads as the general (ijson) reader reads it.

`read_subscription_messages` reads a message of up to 8 MB whole and decodes it with msgspec
when it is plain (the schema's keys, each once, typed as the schema says); anything else, and
any read error, goes to the general reader on the same reads. Both ways must give the same
events, skips and error line, on real-shaped deliveries (tests/reencode.py) and on messages
that sit on the edges: a key given twice, an extra key, a null id, an event the schema
refuses, a control message, several messages back to back (Firehose), a cut-short file, a
sniffing head of filter-log-events pages.
"""

from __future__ import annotations

import base64
import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker.errors import InputError
from checker.events import LogEvent
from checker.ingest import json_formats
from checker.ingest.formats import sniff
from checker.ingest.limits import JSONStringCap, Limits
from tests import reencode

ROOT = Path(__file__).resolve().parents[2]
GROUP = "/aws/lambda/orders-api"
STREAM = "2026/11/20/[$LATEST]ec7ac8ad1b2ba06b6ae12c972399d29d"
# Wording from examples/vpc-node-postgres.json (node-postgres's connect timeout).
FAILED = (
    "2026-11-20T10:00:05.697Z\tc0ffee00-1111-4222-8333-444455556666\tERROR\t"
    "Error: connect ETIMEDOUT 10.0.3.47:5432\n"
)


def _collect(reader: Iterator[Any], items: list[Any]) -> None:
    """A reader's events and skips in order: what msgspec decoded at once comes as one list."""
    for item in reader:
        if isinstance(item, list):
            items.extend(item)
        else:
            items.append(item)


def _read(data: bytes, monkeypatch: pytest.MonkeyPatch, *, whole: bool) -> tuple[list[Any], str | None]:
    if not whole:
        monkeypatch.setattr(json_formats, "_WHOLE", 0)  # nothing is read ahead: the general reader
    limits = Limits(max_message_bytes=1 << 20)
    items: list[Any] = []
    error = None
    try:
        capped: Any = JSONStringCap(io.BytesIO(data), limits, 16 << 20)  # as read.py hands it over
        _collect(json_formats.read_subscription_messages(capped, "delivery.json", limits=limits), items)
    except InputError as exc:
        error = str(exc)
    monkeypatch.undo()
    return items, error


def _both(data: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], str | None]:
    fast = _read(data, monkeypatch, whole=True)
    general = _read(data, monkeypatch, whole=False)
    assert fast == general
    return fast


def _message(**changes: Any) -> dict[str, Any]:
    message: dict[str, Any] = {
        "messageType": "DATA_MESSAGE",
        "owner": "123456789012",
        "logGroup": GROUP,
        "logStream": STREAM,
        "subscriptionFilters": ["connfail"],
        "logEvents": [
            {"id": "0" * 56, "timestamp": 1795168805697, "message": FAILED},
            {"id": "1" * 56, "timestamp": 1795168805698, "message": "END RequestId: c0ffee00\n"},
        ],
    }
    message.update(changes)
    return message


def test_a_plain_message_gives_its_events(monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.dumps(_message()).encode()
    assert json_formats._plain_message(data) is not None  # the msgspec way
    items, error = _both(data, monkeypatch)
    assert error is None
    assert items == [
        LogEvent(1795168805697, FAILED, GROUP, STREAM, "0" * 56),
        LogEvent(1795168805698, "END RequestId: c0ffee00\n", GROUP, STREAM, "1" * 56),
    ]


EDGES = {
    "a top-level key twice": json.dumps(_message())[:-1].encode() + b', "logGroup": "/other"}',
    "a top-level key twice, once escaped": json.dumps(_message())[:-1].encode()
    + b', "logGr\\u006fup": "/x"}',
    "an event key twice, once escaped": b'{"messageType": "DATA_MESSAGE", "logGroup": "g", "logStream": "s", '
    b'"logEvents": [{"timestamp": 1, "message": "a", "mess\\u0061ge": "b"}]}',
    "an extra top-level key": json.dumps(_message(extra={"deep": [1, 2]})).encode(),
    "an extra event key": json.dumps(
        _message(logEvents=[{"id": "a", "timestamp": 1, "message": "m", "extractedFields": {}}])
    ).encode(),
    "a null id": json.dumps(_message(logEvents=[{"id": None, "timestamp": 1, "message": "m"}])).encode(),
    "no id": json.dumps(_message(logEvents=[{"timestamp": 1, "message": "m"}])).encode(),
    "a negative timestamp": json.dumps(_message(logEvents=[{"timestamp": -1, "message": "m"}])).encode(),
    "a float timestamp": json.dumps(_message(logEvents=[{"timestamp": 1.0, "message": "m"}])).encode(),
    "an event key twice": b'{"messageType": "DATA_MESSAGE", "logGroup": "g", "logStream": "s", '
    b'"logEvents": [{"timestamp": 1, "message": "a", "message": "b"}]}',
    "a control message": json.dumps(_message(messageType="CONTROL_MESSAGE")).encode(),
    "an unknown message type": json.dumps(_message(messageType="OTHER")).encode(),
    "no logStream": json.dumps({k: v for k, v in _message().items() if k != "logStream"}).encode(),
    "a key's name in a message": json.dumps(
        _message(logEvents=[{"timestamp": 1, "message": '{"logGroup": "x", "logGroup": "y"}'}])
    ).encode(),
    "two messages back to back": (json.dumps(_message()) + "\n" + json.dumps(_message())).encode(),
    "cut short": json.dumps(_message()).encode()[:-40],
    "a lone surrogate": json.dumps(_message(logEvents=[{"timestamp": 1, "message": "\ud800"}])).encode(),
    "not an object": b"[1, 2]",
    "nested deeper than msgspec goes": b'{"messageType": "DATA_MESSAGE", "logGroup": "g", "logStream": "s", '
    b'"logEvents": [], "x": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    "a BOM": b"\xef\xbb\xbf" + json.dumps(_message()).encode(),
}


@pytest.mark.parametrize("case", sorted(EDGES))
def test_every_edge_reads_the_same_both_ways(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _both(EDGES[case], monkeypatch)


def test_a_delivery_and_a_big_message_read_the_same_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    inner = json.dumps(_message()).encode()
    delivery = json.dumps({"awslogs": {"data": base64.b64encode(gzip.compress(inner)).decode()}}).encode()
    items, error = _both(delivery, monkeypatch)
    assert error is None and len(items) == 2
    # Over 64 KB: several reads ahead, the same bytes for the general reader when it declines.
    many = [{"timestamp": 1795168805697 + n, "message": FAILED} for n in range(1200)]
    big = json.dumps(_message(logEvents=many)).encode()
    assert len(big) > 2 * 64 * 1024
    for data in (big, big[:-10], big[:-1] + b', "logStream": "again"}'):
        _both(data, monkeypatch)


def test_real_shaped_deliveries_read_the_same_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = json.loads((ROOT / "examples" / "vpc-node-postgres.json").read_text(encoding="utf-8"))
    events = [LogEvent(e["timestamp"], e["message"], None, e["logStreamName"]) for e in doc["events"]]
    total = 0
    for fmt in ("subscription", "subscription-payload"):
        folder = tmp_path / fmt
        folder.mkdir()
        for path in sorted(reencode.ENCODERS[fmt](events, folder, GROUP).iterdir()):
            items, error = _both(path.read_bytes(), monkeypatch)
            assert error is None
            total += len(items)
    assert total == 2 * len(events)


def test_sniffing_a_page_of_events_cut_short() -> None:
    """The head of a filter-log-events page over 64 KB: its top-level keys and its first
    event's, as ijson finds them (the shortcut leaves anything else to it)."""
    events = [{"logStreamName": STREAM, "timestamp": 1795168805697, "message": FAILED, "eventId": "1"}] * 800
    page = json.dumps({"events": events, "searchedLogStreams": []}, indent=4).encode()
    head = page[: 64 * 1024]
    assert json_formats.json_head_keys(head) == ["events"]
    assert set(json_formats.first_item_keys(head, "events")) == {
        "logStreamName",
        "timestamp",
        "message",
        "eventId",
    }
    assert sniff(head) == "filter-log-events"
    assert json_formats.json_head_keys(page) == ["events", "searchedLogStreams"]  # whole: ijson's way
    # A first event with a 20-digit number: ijson stops there (integer overflow); so does the shortcut.
    deep = b'{"events": [{"timestamp": ' + b"[" * 5000  # msgspec refuses the depth; ijson reads on
    assert json_formats.json_head_keys(deep) == ["events"]
    assert json_formats.first_item_keys(deep + b"]" * 5000 + b'}, {"a": 1}', "events") == ["timestamp"]
    odd = head.replace(b'"timestamp": 1795168805697', b'"timestamp": 17951688056970000000', 1)
    assert json_formats.first_item_keys(odd, "events") == ["logStreamName", "timestamp"]


def _live(data: bytes, monkeypatch: pytest.MonkeyPatch, *, lines: bool) -> tuple[list[Any], str | None]:
    if not lines:
        monkeypatch.setattr(json_formats, "_plain_updates", lambda data, events: (0, 0))  # the general reader
    items: list[Any] = []
    error = None
    try:
        capped: Any = JSONStringCap(io.BytesIO(data), Limits())
        _collect(json_formats.read_live_tail(capped, "live-tail.json"), items)
    except InputError as exc:
        error = str(exc)
    monkeypatch.undo()
    return items, error


def _live_both(data: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], str | None]:
    fast = _live(data, monkeypatch, lines=True)
    assert fast == _live(data, monkeypatch, lines=False)
    return fast


START = {"sessionStart": {"requestId": "a1b2", "sessionId": "c3d4", "logGroupIdentifiers": [GROUP]}}


def _update(*events: dict[str, Any]) -> dict[str, Any]:
    return {"sessionUpdate": {"sessionMetadata": {"sampled": False}, "sessionResults": list(events)}}


LIVE_EVENT = {
    "logStreamName": STREAM,
    "logGroupIdentifier": f"arn:aws:logs:us-east-1:123456789012:log-group:{GROUP}",
    "message": FAILED,
    "timestamp": 1795168805697,
    "ingestionTime": 1795168805897,
}
LIVE = "\n".join(json.dumps(d) for d in (START, _update(LIVE_EVENT), _update(LIVE_EVENT, LIVE_EVENT))) + "\n"
LIVE_EDGES = {
    "plain": LIVE.encode(),
    "no newline at the end": LIVE.rstrip("\n").encode(),
    "blank lines and spaces after": (LIVE + "\n  \n").encode(),
    "a blank line between": LIVE.replace("\n", "\n\n", 1).encode(),
    "a key twice": (
        LIVE + json.dumps(_update(LIVE_EVENT))[:-1] + ', "sessionUpdate": {"sessionResults": []}}\n'
    ).encode(),
    "a key twice, once escaped": (
        LIVE + json.dumps(_update(LIVE_EVENT))[:-1] + ', "sessionUpd\\u0061te": {"sessionResults": []}}\n'
    ).encode(),
    "an event key twice, once escaped": (
        LIVE + json.dumps(_update(LIVE_EVENT))[:-3] + ', "mess\\u0061ge": "b"}]}}\n'
    ).encode(),
    "an extra event key": (LIVE + json.dumps(_update({**LIVE_EVENT, "other": 1})) + "\n").encode(),
    "an event the schema refuses": (
        LIVE + json.dumps(_update({**LIVE_EVENT, "timestamp": -1})) + "\n"
    ).encode(),
    "a nested start": (json.dumps({"sessionStart": {"filters": {"a": 1}}}) + "\n" + LIVE).encode(),
    "two objects on a line": LIVE.replace("}\n{", "} {", 1).encode(),
    "cut short": LIVE.encode()[:-30],
    "a 20-digit ingestion time": (
        LIVE + json.dumps(_update({**LIVE_EVENT, "ingestionTime": 10**20})) + "\n"
    ).encode(),
    "a BOM": b"\xef\xbb\xbf" + LIVE.encode(),
    "garbage after": (LIVE + "}\n").encode(),
    "nested deep": (
        LIVE + '{"sessionUpdate": {"sessionResults": [' + "[" * 5000 + "]" * 5000 + "]}}\n"
    ).encode(),
    "an object with neither key": (LIVE + "{}\n").encode(),
    "the key's name as a message": (
        LIVE + json.dumps(_update({**LIVE_EVENT, "message": "sessionUpdate"})) + "\n"
    ).encode(),
    "no group": (
        LIVE + json.dumps(_update({"message": "m", "timestamp": 1, "logGroupIdentifier": ""})) + "\n"
    ).encode(),
}


@pytest.mark.parametrize("case", sorted(LIVE_EDGES))
def test_live_tail_lines_read_the_same_both_ways(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _live_both(LIVE_EDGES[case], monkeypatch)


def test_plain_live_tail_lines_give_their_events(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    items, error = _live_both(LIVE_EDGES["plain"], monkeypatch)
    assert error is None
    assert items == [LogEvent(1795168805697, FAILED, GROUP, STREAM)] * 3
    events: list[LogEvent] = []
    assert json_formats._plain_updates(LIVE.encode(), events) == (len(LIVE), 3)  # all the msgspec way
    doc = json.loads((ROOT / "examples" / "vpc-node-postgres.json").read_text(encoding="utf-8"))
    real = [LogEvent(e["timestamp"], e["message"], None, e["logStreamName"]) for e in doc["events"]]
    items, error = _live_both(reencode.ENCODERS["live-tail"](real, tmp_path, GROUP).read_bytes(), monkeypatch)
    assert error is None and len(items) == len(real)
