"""A page read at once (`fast_events._to_the_end`) gives what the general way gives.

A page of filter-log-events (or the last slice of a large file) is read in one batch, with the
events array taken to close at the first `], "searchedLogStreams"` and no quote counted: the
scanner or msgspec reading every event before it proves it. Over pages with tricky strings, a
`searchedLogStreams` key inside an event, invalid events and broken envelopes, the events,
skips, verdicts and errors are those of the general way (the shortcut turned off) and of the
streaming reader.
"""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.errors import InputError
from checker.events import LogEvent
from checker.ingest import fast_events
from checker.ingest.batch import Batch
from checker.ingest.json_formats import read_cloudwatch_events
from checker.ingest.skips import Skip
from tests.ingest.lines import STREAM_A, T0, end, node_error, start
from tests.ingest.test_scan import _group

PIECES = [
    '], "searchedLogStreams": [',
    '"searchedLogStreams"',
    "\\",
    '"',
    "},{",
    "}, {",
    "]",
    ",",
    "\n",
    "caf\u00e9 \u2603",
    "\u0000",
    start(1),
    end(1),
    node_error(1, "2026-11-20T10:00:00.000Z", "Error: connect ECONNREFUSED 10.0.1.5:5432"),
]
messages = st.lists(st.sampled_from(PIECES), max_size=4).map("".join)
# Extra keys an event may carry: one that ends in `], "searchedLogStreams"` outside any string.
EXTRA = [{}, {}, {}, {"x": [1], "searchedLogStreams": [2]}, {"x": '], "searchedLogStreams": []'}]


@st.composite
def event_text(draw: st.DrawFn) -> str:
    item: dict[str, Any] = {"timestamp": draw(st.sampled_from([T0, T0 + 1, T0 + 2, 0, 2.0, -1, 1.5, "x"]))}
    item["message"] = draw(st.one_of(messages, messages, messages, st.sampled_from([None, 7])))
    if draw(st.booleans()):
        item["logStreamName"] = STREAM_A
    if draw(st.booleans()):
        item["eventId"] = draw(st.sampled_from(["1", "2"]))
    item.update(draw(st.sampled_from(EXTRA)))
    return json.dumps(item, indent=draw(st.sampled_from([None, 4])), ensure_ascii=draw(st.booleans()))


TAILS = [
    ', "searchedLogStreams": []}',
    ',\n    "searchedLogStreams": [\n        {"logStreamName": "s", "searchedCompletely": true},'
    ' {"logStreamName": "t", "searchedCompletely": false}\n    ],\n    "nextToken": "Bxkq6kVGFt"\n}\n',
    ', "searchedLogStreams": [{"logStreamName": "s\\u00e9", "searchedCompletely": true}]}',
    ', "searchedLogStreams": 5}',
    ', "searchedLogStreams": [], "searchedLogStreams": []}',
    ', "searchedLogStreams": [], "nextToken": 5}',
    ', "searchedLogStreams": []',
    ', "searchedLogStreams": []}}',
    ', "searchedLogStreams": [], "x": "\\ud800"}',
    ', "nextToken": "t", "searchedLogStreams": []}',
    "}",
]


@st.composite
def pages(draw: st.DrawFn) -> bytes:
    items = draw(st.lists(event_text(), min_size=1, max_size=5))
    gap = draw(st.sampled_from([",", ", ", ",\n        "]))
    return ('{"events": [' + gap.join(items) + "]" + draw(st.sampled_from(TAILS))).encode()


def _parts(data: bytes, whole: bool, selected: bool, chunk: int = 1 << 20) -> list[Any]:
    """The reader's batches and skips, in order, and the error it ends with; `whole`: with the
    shortcut (else the general way)."""
    out: list[Any] = []
    off = mock.patch.object(fast_events, "_to_the_end", lambda *args: None)
    with mock.patch.object(fast_events, "CHUNK", chunk), off if not whole else contextlib.nullcontext():
        try:
            out += fast_events.read_events(io.BytesIO(data), "p.json", "filter-log-events", selected=selected)
        except InputError as exc:
            out.append(("error", exc.reason))
    return out


def _read(data: bytes, chunk: int, whole: bool) -> list[Any]:
    """Each batch's count and events, each skip, and the error, in order."""
    out: list[Any] = []
    for part in _parts(data, whole, False, chunk):
        if isinstance(part, Skip):
            out.append((part.reason, part.problem))
        elif isinstance(part, Batch):
            out += [part.events, *(part.event(i) for i in range(len(part.items)))]
        else:
            out.append(part)
    return out


def _joined(out: list[Any]) -> tuple[int, list[Any]]:
    """`_read` with the batches' counts added up: where one batch ends is no one's business."""
    return sum(n for n in out if isinstance(n, int)), [x for x in out if not isinstance(x, int)]


def _streaming(data: bytes) -> list[Any]:
    out: list[Any] = []
    try:
        for part in read_cloudwatch_events(io.BytesIO(data), "p.json", "filter-log-events"):
            out.append((part.reason, part.problem) if isinstance(part, Skip) else part)
    except InputError as exc:
        out.append(("error", exc.reason))
    return out


def _split(out: list[Any]) -> tuple[list[Any], list[Any]]:
    """Events apart from skips and errors: a slice's problems may come ahead of its events."""
    return [e for e in out if isinstance(e, LogEvent)], [e for e in out if not isinstance(e, LogEvent)]


@settings(max_examples=400, deadline=None)
@given(data=pages(), chunk=st.sampled_from([64, 1 << 20]))
def test_a_page_read_at_once_gives_what_the_general_way_gives(data: bytes, chunk: int) -> None:
    count, at_once = _joined(_read(data, chunk, whole=True))
    assert (count, at_once) == _joined(_read(data, chunk, whole=False))
    assert count == sum(isinstance(e, LogEvent) for e in at_once)
    events, others = _split(at_once)
    if chunk > len(data) and not any(o[0] == "error" for o in others):
        # One slice: what the streaming reader gives (which, on an error, may have given more
        # events before it: the envelope is read after them).
        assert (events, others) == _split(_streaming(data))


def _grouped(data: bytes, whole: bool) -> tuple[Any, ...]:
    """The grouper's state after the scanned batches (a single file's way), the events counted,
    the skips and the error."""
    parts = _parts(data, whole, True)
    batches = [p for p in parts if isinstance(p, Batch)]
    state = _group(iter(batches), 2, [], ["p.json"] * len(batches))
    others = [(p.reason, p.problem) if isinstance(p, Skip) else p for p in parts if not isinstance(p, Batch)]
    return state, sum(b.events for b in batches), others


@settings(max_examples=200, deadline=None)
@given(data=pages())
def test_a_page_scanned_at_once_groups_as_the_general_way_does(data: bytes) -> None:
    """With the C scanner (a single file: only the events worth a look are handed over, the
    general way's last event decoded apart): the same invocations, counts, skips and errors."""
    assert _grouped(data, whole=True) == _grouped(data, whole=False)


def test_a_plain_page_is_one_batch() -> None:
    """The shortcut is taken: 250 events and the CLI's envelope give one batch, not two."""
    events = [
        {"logStreamName": STREAM_A, "timestamp": T0 + n, "message": start(n), "eventId": str(n)}
        for n in range(250)
    ]
    data = json.dumps({"events": events, "searchedLogStreams": []}, indent=4).encode()
    parts = list(fast_events.read_events(io.BytesIO(data), "p.json", "filter-log-events"))
    assert [len(p.items) for p in parts if isinstance(p, Batch)] == [250]
    assert [p.event(n).message for p in parts if isinstance(p, Batch) for n in range(250)] == [
        start(n) for n in range(250)
    ]


def _general_envelope(tail: str) -> dict[str, Any] | None:
    try:
        envelope, twice = fast_events._envelope_keys(tail)
    except (ValueError, RecursionError):
        return None
    return None if twice else envelope


space = st.text(st.sampled_from(" \t\n\r\x0b\x0c\u00a0"), max_size=3)


@settings(max_examples=300, deadline=None)
@given(
    st.tuples(
        space,
        space,
        space,
        space,
        st.sampled_from(["[]", "[ ]", "[1]", "{}"]),
        st.sampled_from(["}", "}}", "", "} x"]),
    )
)
def test_the_plain_tail_is_the_envelope_json_reads(parts: tuple[str, ...]) -> None:
    """The envelope after a page's events, known without `json.loads` when it is the usual one."""
    a, b, c, d, array, close = parts
    tail = f',{a}"searchedLogStreams"{b}:{c}{array}{d}{close}'
    assert fast_events._envelope(tail) == _general_envelope(tail)
