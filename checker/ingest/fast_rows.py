"""A fast reader for Logs Insights results: get-query-results rows and the console's JSON download.

As for filter-log-events (fast_events.py), the rows are cut into ~1 MB slices at row
boundaries and each slice is decoded by msgspec into the types of the row schema, instead of
ijson building every row in Python. Only slices whose every row is valid take this path: from
the first slice that does not decode or holds a row the schema would refuse, and for the last
slice with the keys after the rows, the general streaming reader takes over, given the rest of
the document behind a prefix that stands for what was already read. So verdicts, problems and
pointers are the general reader's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import IO, Any

import msgspec

from checker.events import LogEvent
from checker.ingest import json_formats as jf
from checker.ingest.fast_events import Prepend
from checker.ingest.skips import Skip

CHUNK = 1 << 20
MAX_PENDING = 8 * CHUNK  # no row boundary found in this much: the general reader streams the rest
_TRIES = 64  # closing bytes looked at per slice before giving up on finding a boundary
_WS = b" \t\r\n"


class Pair(msgspec.Struct, frozen=True, gc=False):
    """A get-query-results cell; other keys are allowed by the schema and skipped."""

    field: str
    value: str


Scalar = str | int | float | bool | None  # the console row's additionalProperties types
_NAMED = ("@message", "@timestamp", "@logStream", "@log")  # the row's string properties


def _results_events(rows: list[list[Pair]]) -> list[LogEvent] | None:
    events = []
    for pairs in rows:
        row = {p.field: p.value for p in pairs}
        if "@message" not in row:  # the schema's `contains`: left to the general reader
            return None
        events.append(jf.insights_event(row))
    return events


def _console_events(rows: list[dict[str, Scalar]]) -> list[LogEvent] | None:
    events = []
    for row in rows:
        if type(row.get("@message")) is not str:
            return None
        for key in _NAMED[1:]:
            if key in row and type(row[key]) is not str:
                return None
        events.append(jf.insights_event({k: v for k, v in row.items() if type(v) is str}))
    return events


class _Shape:
    """One document shape: how its rows open and close, and the general reader for the rest."""

    def __init__(
        self,
        head: bytes,
        prefix: bytes,
        rows: Any,
        events: Callable[[Any], list[LogEvent] | None],
        general: Callable[[IO[bytes], str, int], Iterator[LogEvent | Skip]],
        opens: int,
        closes: int,
    ) -> None:
        self.head = re.compile(head)
        self.prefix = prefix  # what the general reader is given for the part already read
        self.decoder = msgspec.json.Decoder(rows)
        self.events = events
        self.general = general
        self.opens, self.closes = opens, closes


RESULTS = _Shape(
    rb'\A\s*\{\s*"results"\s*:\s*\[\s*(?=\[)',
    b'{"results": [',
    list[list[Pair]],
    _results_events,
    lambda s, n, first: jf.read_insights_results(s, n, first_index=first),
    0x5B,  # [
    0x5D,  # ]
)
CONSOLE = _Shape(
    rb"\A\s*\[\s*(?=\{)",
    b"[",
    list[dict[str, Scalar]],
    _console_events,
    lambda s, n, first: jf.read_insights_console(s, n, first_index=first),
    0x7B,  # {
    0x7D,  # }
)


def read_rows(stream: IO[bytes], name: str, shape: _Shape) -> Iterator[LogEvent | Skip]:
    """The events of an Insights document of `shape` (RESULTS or CONSOLE)."""
    first = stream.read(CHUNK)
    head = shape.head.match(first)
    if head is None:
        yield from shape.general(Prepend(first, stream), name, 0)  # type: ignore[arg-type]
        return
    buffer = bytearray(first)
    start = head.end()
    index = 0
    while True:
        more = stream.read(CHUNK)
        if not more:
            break
        del buffer[:start]
        start = 0
        buffer += more
        cut = _last_boundary(buffer, shape)
        if cut is None:
            if len(buffer) > MAX_PENDING:
                break
            continue
        end, following = cut
        events = _decoded(shape, buffer, end)
        if events is None:
            break  # not all valid: the general reader says why, from this row on
        yield from events
        index += len(events)
        start = following
    rest = Prepend(shape.prefix + bytes(buffer[start:]), stream)
    yield from shape.general(rest, name, index)  # type: ignore[arg-type]


def _decoded(shape: _Shape, buffer: bytearray, end: int) -> list[LogEvent] | None:
    """The events of the rows in buffer[:end], or None when one is not what the schema wants."""
    try:
        rows = shape.decoder.decode(b"[" + bytes(buffer[:end]) + b"]")
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        return None
    return shape.events(rows)


def _last_boundary(buffer: bytearray, shape: _Shape) -> tuple[int, int] | None:
    """(end of the last complete row, start of the next): a closing byte, a comma and an
    opening byte, outside any string. A boundary inside a nested value (which no valid row
    has) only makes the slice fail to decode, and the general reader take over."""
    end = len(buffer)
    size = end
    for _ in range(_TRIES):
        close = buffer.rfind(shape.closes, 0, end)
        if close < 0:
            return None
        after = close + 1
        while after < size and buffer[after] in _WS:
            after += 1
        if after < size and buffer[after] == 0x2C:  # ","
            nxt = after + 1
            while nxt < size and buffer[nxt] in _WS:
                nxt += 1
            if nxt < size and buffer[nxt] == shape.opens:
                # A raw newline never occurs inside a JSON string: such a gap is a real boundary.
                if b"\n" in buffer[close:nxt] or _outside_string(buffer, close):
                    return close + 1, nxt
        end = close
    return None


def _outside_string(buffer: bytearray, position: int) -> bool:
    """Whether `position` lies outside every string, counting unescaped quotes from the start."""
    text = bytes(buffer[:position]).replace(b"\\\\", b"")
    return (text.count(b'"') - text.count(b'\\"')) % 2 == 0
