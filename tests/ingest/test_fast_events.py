"""The sliced msgspec reader gives exactly what the general streaming reader gives."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from checker.errors import InputError
from checker.events import LogEvent
from checker.ingest import fast_events
from checker.ingest.batch import Batch
from checker.ingest.json_formats import read_cloudwatch_events
from checker.ingest.skips import Skip
from tests.ingest.lines import STREAM_A, T0, end, event, node_error, rid, start

TRICKY = [
    'a JSON log line {"a":1},{"b":"},{"} with braces',
    'quotes \\" and \\\\ backslashes \\\\" end',
    "unicode caf\u00e9 \u2603 and \u0000 NUL",
    "},\n{ a newline inside the message",
    node_error(1, "2026-11-20T10:00:00.000Z", 'Error: connect ECONNREFUSED 10.0.1.5:5432 "},{"'),
]


def events(count: int) -> list[dict[str, Any]]:
    out = []
    for i in range(count):
        message = TRICKY[i % len(TRICKY)] if i % 3 else (start(i) if i % 2 else end(i))
        out.append(event(T0 + i, message, STREAM_A, event_id=f"{i:056d}"))
    return out


def fast(data: bytes, schema: str = "filter-log-events") -> list[LogEvent | str]:
    out: list[LogEvent | str] = []
    for part in fast_events.read_events(io.BytesIO(data), "x.json", schema):
        if isinstance(part, Skip):
            out.append(part.problem or part.reason)
        else:
            assert isinstance(part, Batch)
            out += [part.event(i) for i in range(len(part.items))]
    return out


def slow(data: bytes, schema: str = "filter-log-events") -> list[LogEvent | str]:
    return [
        p.problem or p.reason if isinstance(p, Skip) else p
        for p in read_cloudwatch_events(io.BytesIO(data), "x.json", schema)
    ]


@pytest.mark.parametrize("indent", [4, None], ids=["aws-cli", "compact"])
@pytest.mark.parametrize("chunk", [64, 1000, 1 << 20])
def test_same_events_as_the_streaming_reader(
    monkeypatch: pytest.MonkeyPatch, indent: int | None, chunk: int
) -> None:
    monkeypatch.setattr(fast_events, "CHUNK", chunk)
    data = json.dumps({"events": events(200), "searchedLogStreams": []}, indent=indent).encode()
    got = fast(data)
    assert got == slow(data)
    assert len(got) == 200
    assert got[4] == LogEvent(T0 + 4, TRICKY[4], None, STREAM_A, f"{4:056d}")
    assert got[5] == LogEvent(T0 + 5, TRICKY[0], None, STREAM_A, f"{5:056d}")


@pytest.mark.parametrize("chunk", [64, 1 << 20])
def test_invalid_events_in_a_slice_get_the_schema_verdict(
    monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(fast_events, "CHUNK", chunk)
    items: list[Any] = events(30)
    items[7] = {"timestamp": 5.0, "message": "float but integral: valid", "logStreamName": STREAM_A}
    items[11] = {"timestamp": -1, "message": "negative"}
    items[20] = {"timestamp": T0, "message": None}
    data = json.dumps({"events": items}, indent=4).encode()
    got = fast(data)
    # Problems may come ahead of the valid events of their slice; each list keeps its order.
    split = lambda out: ([e for e in out if isinstance(e, LogEvent)], [e for e in out if isinstance(e, str)])  # noqa: E731
    assert split(got) == split(slow(data))
    assert "/events/11/timestamp: -1 is less than the minimum of 0" in got
    assert "/events/20/message: None is not of type 'string'" in got
    assert LogEvent(5, "float but integral: valid", None, STREAM_A, None) in got


def test_get_log_events_and_keys_before_events(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fast_events, "CHUNK", 100)
    plain = [{"timestamp": T0 + i, "message": start(i), "ingestionTime": T0 + i} for i in range(20)]
    data = json.dumps({"events": plain, "nextForwardToken": "f/1", "nextBackwardToken": "b/1"}).encode()
    assert fast(data, "get-log-events") == slow(data, "get-log-events")
    reordered = json.dumps({"nextToken": "abc", "events": plain}).encode()  # not the CLI's layout
    assert fast(reordered, "get-log-events") == slow(reordered, "get-log-events")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (b'{"events": [{"timestamp": 1, "message": "a"}, {"timestamp": 2, "mess', "truncated JSON"),
        (
            b'{"events": [{"timestamp": 1, "message": "a"}], "searchedLogStreams": 5}',
            "/searchedLogStreams: 5 is not of type 'array'",
        ),
    ],
)
def test_broken_end_of_file(text: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        fast(text)
    assert reason in caught.value.reason


def test_request_ids_survive_slicing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fast_events, "CHUNK", 300)
    data = json.dumps({"events": [event(T0 + i, start(i)) for i in range(50)]}, indent=4).encode()
    assert [e.message for e in fast(data) if isinstance(e, LogEvent)] == [start(i) for i in range(50)]
    assert rid(49) in start(49)


@pytest.mark.parametrize("indent", [4, None], ids=["aws-cli", "compact"])
@pytest.mark.parametrize("chunk", [64, 1000, 1 << 20])
def test_searched_log_streams_objects_after_the_events(
    monkeypatch: pytest.MonkeyPatch, indent: int | None, chunk: int
) -> None:
    """AWS CLI v1 and moto print `searchedLogStreams` objects: "}, {" after the events array
    must never be taken for a boundary between events (it was "not valid JSON: Extra data")."""
    monkeypatch.setattr(fast_events, "CHUNK", chunk)
    items = events(120)
    items[50] = event(
        T0 + 50,
        'a message that quotes the envelope: ], "searchedLogStreams": [{"x": 1}, {"y"',
        STREAM_A,
        event_id=f"{50:056d}",
    )
    searched = [
        {"logStreamName": f"2026/11/20/orders-api[$LATEST]{n:032x}", "searchedCompletely": True}
        for n in range(40)
    ]
    envelope = {"events": items, "searchedLogStreams": searched, "nextToken": "Bxkq6kVGFtq2y_Moigeqsc"}
    data = json.dumps(envelope, indent=indent).encode()
    got = fast(data)
    assert got == slow(data)
    assert [e.message for e in got if isinstance(e, LogEvent)] == [i["message"] for i in items]
