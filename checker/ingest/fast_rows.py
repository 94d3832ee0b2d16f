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
from checker.ingest.batch import BATCH_EVENTS, Batch, batched
from checker.ingest.fast_events import Prepend
from checker.ingest.skips import Skip
from checker.ingest.timestamps import parse_timestamps

CHUNK = 1 << 20
MAX_PENDING = 8 * CHUNK  # no row boundary found in this much: the general reader streams the rest
_TRIES = 64  # closing bytes looked at per slice before giving up on finding a boundary
_WS = b" \t\r\n"


class Pair(msgspec.Struct, frozen=True, gc=False):
    """A get-query-results cell; other keys are allowed by the schema and skipped."""

    field: str
    value: str


Scalar = str | int | float | bool | None  # the console row's additionalProperties types
_NAMED = ("@message", "@timestamp", "@logStream", "@log", "@ptr")  # what `insights_event` reads
_UNSET = msgspec.UNSET


class RowEvent(msgspec.Struct, frozen=True, gc=False):
    """An Insights row as a batch item (`Batch`: its log group is the batch's); it stands for
    `insights_event` of the row, with UNSET where that gives None for a field not there."""

    timestamp: int | None
    message: str
    log_stream: str | msgspec.UnsetType = msgspec.UNSET
    event_id: str | msgspec.UnsetType = msgspec.UNSET


Runs = list[tuple[str | None, list[RowEvent]]]  # (log group, its rows' events), in file order


def _results_events(rows: list[list[Pair]]) -> Runs | None:
    """The events of get-query-results rows, taken a column at a time (the fields of rows that
    all come in the first row's order, each once, without a dict per row); None when a row
    has no @message (the general reader's)."""
    layout = [p.field for p in rows[0]] if rows else []
    width = len(layout)
    if (
        len(set(layout)) == width
        and list(map(len, rows)).count(width) == len(rows)
        and [p.field for row in rows for p in row] == layout * len(rows)
    ):
        if "@message" not in layout:
            return None
        values = [p.value for row in rows for p in row]
        return row_runs(
            {name: values[at::width] for at, name in enumerate(layout) if name in _NAMED}, len(rows)
        )
    return _console_events([{p.field: p.value for p in row} for row in rows])


def _console_events(rows: list[dict[str, Scalar]]) -> Runs | None:
    """The events of console rows whose @message is a string and whose other named fields are
    strings where they are there, taken a column at a time; None for any other slice."""
    columns: dict[str, list[Any]] = {}
    for name in _NAMED:
        column = [row.get(name, _UNSET) for row in rows]
        types = set(map(type, column))
        if name == "@message" and types != {str}:
            return None
        if types <= {msgspec.UnsetType}:
            continue
        if not types <= {str, msgspec.UnsetType}:
            if name != "@ptr":
                return None
            column = [v if type(v) is str else _UNSET for v in column]  # `insights_event` drops it
        columns[name] = column
    return row_runs(columns, len(rows))


def row_runs(columns: dict[str, list[Any]], count: int) -> Runs:
    """`insights_event` of each row, from the columns of its fields (UNSET where a row lacks
    one; a column not there at all is left out), cut into runs of one log group."""
    stamps = columns.get("@timestamp")
    times: list[int | None] = [None] * count
    if stamps is not None:
        given = [n for n, stamp in enumerate(stamps) if stamp]
        if len(given) == count:
            times = parse_timestamps(stamps)
        else:
            for n, at in zip(given, parse_timestamps([stamps[n] for n in given]), strict=True):
                times[n] = at
    unset = [_UNSET] * count
    events = list(
        map(
            RowEvent,
            times,
            columns["@message"],
            columns.get("@logStream", unset),
            columns.get("@ptr", unset),
        )
    )
    logs = columns.get("@log")
    if logs is None:
        return [(None, events)]
    first = logs[0]
    if logs.count(first) == count:
        return [(first.split(":", 1)[-1] if first else None, events)]
    runs: Runs = []
    start = 0
    for n in range(1, count + 1):
        if n == count or logs[n] != logs[start]:
            log = logs[start]
            runs.append((log.split(":", 1)[-1] if log else None, events[start:n]))
            start = n
    return runs


class _Shape:
    """One document shape: how its rows open and close, and the general reader for the rest."""

    def __init__(
        self,
        head: bytes,
        prefix: bytes,
        rows: Any,
        events: Callable[[Any], Runs | None],
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


def read_rows(stream: IO[bytes], name: str, shape: _Shape) -> Iterator[Batch | Skip]:
    """Batches of the events of an Insights document of `shape` (RESULTS or CONSOLE)."""
    first = stream.read(CHUNK)
    head = shape.head.match(first)
    if head is None:
        yield from batched(shape.general(Prepend(first, stream), name, 0))  # type: ignore[arg-type]
        return
    buffer = bytearray(first)
    start = head.end()
    index = 0
    pending = Pending()
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
        runs = _decoded(shape, buffer, end)
        if runs is None:
            break  # not all valid: the general reader says why, from this row on
        for group, events in runs:
            yield from pending.add(group, events)
            index += len(events)
        start = following
    yield from pending.flush()
    rest = Prepend(shape.prefix + bytes(buffer[start:]), stream)
    yield from batched(shape.general(rest, name, index))  # type: ignore[arg-type]


class Pending:
    """Rows' events waiting to fill a batch of one log group, so that `Scanner.sift` takes it."""

    def __init__(self) -> None:
        self.group: str | None = None
        self.events: list[RowEvent] = []

    def add(self, group: str | None, events: list[RowEvent]) -> Iterator[Batch]:
        if group != self.group:
            yield from self.flush()
            self.group = group
        self.events += events
        while len(self.events) >= BATCH_EVENTS:
            yield Batch(self.events[:BATCH_EVENTS], self.group)
            del self.events[:BATCH_EVENTS]

    def flush(self) -> Iterator[Batch]:
        if self.events:
            yield Batch(self.events, self.group)
            self.events = []


def _decoded(shape: _Shape, buffer: bytearray, end: int) -> Runs | None:
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
