"""A fast reader for the biggest exports: `{"events": [...]}` as the AWS CLI prints it.

The events array is cut into ~1 MB slices at object boundaries and each slice is decoded by
msgspec into structs whose field types are the schema's, so a slice that decodes is valid.
A slice that does not is decoded again with the standard library and checked item by item
against the schema, which gives the exact verdict and pointer. A file laid out otherwise
(keys before `events`, no array) goes to the general streaming reader.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
from collections.abc import Iterator
from functools import cache
from typing import IO, TYPE_CHECKING, Annotated, Any

import msgspec

from checker.errors import InputError
from checker.events import LogEvent
from checker.ingest import json_formats
from checker.ingest.batch import Batch, batched
from checker.ingest.skips import Skip
from checker.ingest.timestamps import MAX_MILLIS

if TYPE_CHECKING:
    from concurrent.futures import Future

CHUNK = 1 << 20


def _cores() -> int:
    """The cores this process may run on (its affinity where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


# A file of more than one slice is scanned one slice ahead in a second thread (`_Ahead`), when
# there is a second core to run it: on one core the thread only adds its copy of each slice.
READ_AHEAD = _cores() > 1
# While a slice is scanned ahead, a thread waiting for the GIL gets it after this long, not the
# interpreter's 5 ms: the scan thread needs it once per slice to hand its result over, and the
# grouper holds it through whole batches (C code, no switch of its own), so at 5 ms the two
# took turns. Measured (1 GB, 2 cores): 2.85 s -> 2.10 s wall; 0.1 and 0.05 ms gave no more.
HANDOVER_S = 0.0002
_HEAD = re.compile(rb'\A(?:\xef\xbb\xbf)?\s*\{\s*"events"\s*:\s*\[\s*(?=\{)')
_WS = b" \t\r\n"
# The one key after the events array whose value holds objects ("}, {" that are no boundary
# between events): AWS CLI v1 and moto print one object per stream there.
_SEARCHED = b'"searchedLogStreams"'
NonNegative = Annotated[int, msgspec.Meta(ge=0, le=MAX_MILLIS)]


class FilterEvent(
    msgspec.Struct,
    frozen=True,
    gc=False,
    rename={"log_stream": "logStreamName", "event_id": "eventId", "ingestion_time": "ingestionTime"},
):
    """An event of filter-log-events; the field types are those of its schema."""

    timestamp: NonNegative
    message: str
    log_stream: str | msgspec.UnsetType = msgspec.UNSET
    ingestion_time: int | msgspec.UnsetType = msgspec.UNSET
    event_id: str | msgspec.UnsetType = msgspec.UNSET


class GetEvent(msgspec.Struct, frozen=True, gc=False, rename={"ingestion_time": "ingestionTime"}):
    """An event of get-log-events: no stream, no id."""

    timestamp: NonNegative
    message: str
    ingestion_time: int | msgspec.UnsetType = msgspec.UNSET

    log_stream = msgspec.UNSET
    event_id = msgspec.UNSET


_STRUCTS: dict[str, type[msgspec.Struct]] = {"filter-log-events": FilterEvent, "get-log-events": GetEvent}
PURE_PYTHON = "CONNFAIL_PURE_PYTHON"  # set to 1: never use the C scanner (tests compare both)


@cache
def compiled() -> Any:
    """The C module (checker/_scan.c), or None: not built (an install without a compiler) or
    turned off by CONNFAIL_PURE_PYTHON=1."""
    if os.environ.get(PURE_PYTHON, "") not in ("", "0"):
        return None
    try:
        from checker import _scan
    except ImportError:
        return None
    return _scan


@cache
def scanner() -> Any:
    """The C scanner of filter-log-events slices, or None (see `compiled`)."""
    return _scanner()


@cache
def sifter() -> Any:
    """The C scanner of every other reader's batches (`Scanner.sift`), or None: a second one,
    with buffers of its own, as the first may be scanning a slice ahead in another thread."""
    return _scanner()


def _scanner() -> Any:
    _scan = compiled()
    if _scan is None:
        return None
    from checker.detect.needles import AZ_NEEDLES, NEEDLES

    needles = [n.encode() for n in (*NEEDLES, *AZ_NEEDLES)]
    try:
        return _scan.Scanner(needles, len(NEEDLES), FilterEvent, msgspec.UNSET, MAX_MILLIS)
    except ValueError:  # needles beyond its 16-bit automaton (CONTRIBUTING.md): msgspec reads all
        return None


@cache
def _find() -> Any:
    """`bytearray.find`, or the C module's (memmem: twice as fast on every chunk read)."""
    _scan = compiled()
    return bytearray.find if _scan is None else _scan.find


def read_events(
    stream: IO[bytes], name: str, schema: str, *, selected: bool = False
) -> Iterator[Batch | Skip]:
    """Batches of events of a filter-log-events or get-log-events export.

    `selected`: batches may hold only the events with a needle (see `Batch.count`): the C
    scanner, when built, reads a slice it fully understands in one pass that way; any other
    slice is decoded by msgspec, so invalid input gets the same verdict either way.
    """
    first = stream.read(CHUNK)
    head = _HEAD.match(first)
    if head is None:
        rest = Prepend(first, stream)
        yield from batched(json_formats.read_cloudwatch_events(rest, name, schema))  # type: ignore[arg-type]
        return
    decoder = msgspec.json.Decoder(list[_STRUCTS[schema]])  # type: ignore[valid-type]
    scan: Any = None  # the C scanner, made at the first slice (an export under 1 MB has none)
    # The pending events live in one bytearray from `start` on; the byte before `start` is
    # free, so a slice is decoded in place: "[" written before it, "]" after its last "}".
    buffer = bytearray(first)
    start = head.end()
    index = 0
    events_end = _EventsEnd()
    ahead: _Ahead | None = None  # the scanner's slices, each scanned while the one before is used
    try:
        while True:
            try:
                more = stream.read(CHUNK)
            except BaseException:
                if ahead is not None:  # what came before the failure, as without read-ahead
                    parts, count = ahead.settle(index)
                    yield from parts
                raise
            if not more:
                break
            if start > 1:
                del buffer[: start - 1]
                events_end.shift(start - 1)
                start = 1
            buffer += more
            cut = _last_boundary(buffer, start, events_end)
            if events_end.at is not None:
                events_end.drop_searched(buffer)
            if cut is None:
                continue
            end, following = cut
            if scan is None and selected and schema == "filter-log-events":
                scan = scanner() or False
            if scan and READ_AHEAD:
                ahead = ahead or _Ahead(scan, decoder, name, schema)
                parts, count = ahead.settle(index)
                # The slice leaves in the buffer itself, not a copy of it (1 GB read: 1 GB less
                # moved); what follows it starts a new buffer, after its free byte.
                following_part = bytearray(b" ")
                with memoryview(buffer) as view:
                    following_part += view[following:]
                ahead.submit(buffer, start, end)
                events_end.shift(following - 1)
                buffer, following = following_part, 1
            else:
                parts, count = _slice(decoder, buffer, start, end, name, schema, index, scan or None)
            yield from parts
            index += count
            start = following
        if ahead is not None:
            parts, count = ahead.settle(index)
            yield from parts
            index += count
    finally:
        if ahead is not None:
            ahead.close()
    if scan is None and selected and schema == "filter-log-events":
        scan = scanner() or False
    whole = _to_the_end(decoder, buffer, start, events_end, scan or None)
    if whole is not None:  # a page, or the last slice of a file, in one batch
        batches, envelope = whole
        yield from batches
        json_formats.check_envelope(schema, envelope, name)
        return
    cut = _last_boundary(buffer, start, events_end)  # a file under CHUNK: all but its last event
    if cut is not None:
        parts, count = _slice(decoder, buffer, start, cut[0], name, schema, index, scan or None)
        yield from parts
        index += count
        start = cut[1]
    close = events_end.at - start if events_end.at is not None else None
    del buffer[:start]  # in place: the tail may be large (`searchedLogStreams`, one object per stream)
    yield from _finish(buffer, name, schema, index, close)


class _Ahead:
    """The scanner's slices, each scanned in a second thread while the caller handles the
    batches of the one before: the scan's checking pass lets go of the GIL (checker/_scan.c),
    so the grouper and the scan use both cores of a large file. One slice at a time, copied
    out of the buffer (which the reader goes on filling); settled in file order, a slice the
    scanner declines decoded by msgspec then, so every batch, skip and error comes as it would
    without it."""

    def __init__(self, scan: Any, decoder: msgspec.json.Decoder[Any], name: str, schema: str) -> None:
        from concurrent.futures import ThreadPoolExecutor  # a large file only: not at start-up

        self._scan = scan
        self._decoder = decoder
        self._name = name
        self._schema = schema
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="connfail-scan")
        self._pending: tuple[Future[Any], bytearray, int, int] | None = None
        self._interval = sys.getswitchinterval()  # the process's own, back at `close`
        sys.setswitchinterval(min(self._interval, HANDOVER_S))

    def submit(self, buffer: bytearray, start: int, end: int) -> None:
        """Start scanning buffer[start:end] (after `settle` took the slice before); the buffer
        is this one's from now: the caller goes on in a new one."""
        assert self._pending is None
        # Wait until the scan thread has begun: it needs the GIL to start, and the grouper's
        # C calls hold it for a whole slice, so the scan of a healthy file began only after
        # them (1 GB, none failing: 1.84-1.95 -> 1.47-1.53 s, paired).
        started = threading.Event()

        def scan() -> Any:
            started.set()
            return self._scan.scan(buffer, start, end)

        self._pending = (self._pool.submit(scan), buffer, start, end)
        started.wait(1.0)  # for speed only: `settle` waits for the result either way

    def settle(self, index: int) -> tuple[list[Batch | Skip], int]:
        """The batches of the slice being scanned (its first event is event `index`), if any."""
        if self._pending is None:
            return [], 0
        future, data, start, end = self._pending
        self._pending = None
        found = future.result()
        if found is not None:
            count, items, flags, lines = found
            return [Batch(items, count=count, flags=flags, lines=lines)], count
        return _slice(self._decoder, data, start, end, self._name, self._schema, index)

    def close(self) -> None:
        self._pending = None
        self._pool.shutdown(wait=True)
        sys.setswitchinterval(self._interval)


class Prepend:
    """A stream whose first bytes were already read."""

    def __init__(self, first: bytes, rest: IO[bytes]) -> None:
        self._first = first
        self._rest = rest

    def read(self, size: int = -1) -> bytes:
        if self._first:
            if size < 0:
                data, self._first = self._first + self._rest.read(), b""
                return data
            data, self._first = self._first[:size], self._first[size:]
            return data
        return self._rest.read(size)


class _EventsEnd:
    """Finds where the events array closes (the "]" before `"searchedLogStreams"`), looking at
    each byte of the buffer once however often it is asked."""

    def __init__(self) -> None:
        self.at: int | None = None
        self._scanned = 0
        self._item: int | None = None  # where the next `searchedLogStreams` item starts

    def shift(self, removed: int) -> None:
        """The first `removed` bytes of the buffer were deleted."""
        self._scanned = max(0, self._scanned - removed)
        if self.at is not None:
            self.at -= removed
        if self._item is not None:
            self._item -= removed

    def drop_searched(self, buffer: bytearray) -> None:
        """Delete the plain `searchedLogStreams` items read so far, each with the comma after it,
        when a plain item follows (never the last): what is left reads as the whole array would
        (`_events_and_tail`; the general way gets valid items fewer, which the schema does not
        look at). 100k streams print 16 MB there, which would otherwise wait in the buffer."""
        assert self.at is not None
        if self._item is None:
            key = _SEARCHED_KEY.match(buffer, self.at + 1)
            opened = _OPEN.match(buffer, key.end()) if key else None
            if opened is None or opened.end() == len(buffer):
                return  # not (yet) there
            self._item = opened.end()
        at = self._item
        while True:
            item = _ITEM_RE.match(buffer, at)
            gap = _NEXT.match(buffer, item.end()) if item else None
            if gap is None or gap.group(1) is None or _ITEM_RE.match(buffer, gap.end()) is None:
                break
            at = gap.end()
        del buffer[self._item : at]

    def find(self, buffer: bytearray, start: int) -> int | None:
        if self.at is None:
            for close in self._candidates(buffer, start):
                if _outside_string(buffer, start, close):
                    self.at = close
                    break
            self._scanned = len(buffer)
        return self.at

    def candidate(self, buffer: bytearray, start: int) -> int | None:
        """`find`'s answer, or the first place it would check, unchecked: the caller proves it
        (`_to_the_end`) or goes the general way."""
        if self.at is not None:
            return self.at
        return next(self._candidates(buffer, start), None)

    def _candidates(self, buffer: bytearray, start: int) -> Iterator[int]:
        """Each `]` followed by `,` and the key, past whitespace, from where `find` left off."""
        find = _find()
        at = find(buffer, _SEARCHED, max(start, self._scanned - len(_SEARCHED)))
        while at >= 0:
            close = _before(buffer, _before(buffer, at, 0x2C), 0x5D)  # `]` `,` key
            if close is not None:
                yield close
            at = find(buffer, _SEARCHED, at + 1)


def _before(buffer: bytearray, position: int | None, byte: int) -> int | None:
    """The index of `byte` just before `position`, past whitespace; None if another byte is there."""
    if position is None:
        return None
    at = position - 1
    while at >= 0 and buffer[at] in _WS:
        at -= 1
    return at if at >= 0 and buffer[at] == byte else None


def _last_boundary(buffer: bytearray, start: int, events_end: _EventsEnd) -> tuple[int, int] | None:
    """(end of the last complete event, start of the next) after `start`, outside any string
    and inside the events array."""
    size = len(buffer)
    closed = events_end.find(buffer, start)
    end = size if closed is None else closed
    while True:
        close = buffer.rfind(b"}", start, end)
        if close < 0:
            return None
        after = close + 1
        while after < size and buffer[after] in _WS:
            after += 1
        if after < size and buffer[after] == 0x2C:  # ","
            nxt = after + 1
            while nxt < size and buffer[nxt] in _WS:
                nxt += 1
            if nxt < size and buffer[nxt] == 0x7B:  # "{"
                # A raw newline never occurs inside a JSON string: such a gap is a real boundary.
                if b"\n" in buffer[close:nxt] or _outside_string(buffer, start, close):
                    return close + 1, nxt
        end = close


def _outside_string(buffer: bytearray, start: int, position: int) -> bool:
    """Whether `position` lies outside every string, counting unescaped quotes from `start`."""
    text = bytes(buffer[start:position]).replace(b"\\\\", b"")
    return (text.count(b'"') - text.count(b'\\"')) % 2 == 0


def _slice(
    decoder: msgspec.json.Decoder[Any],
    buffer: bytearray,
    start: int,
    end: int,
    name: str,
    schema: str,
    index: int,
    scan: Any = None,
) -> tuple[list[Batch | Skip], int]:
    """The batches of the events in buffer[start:end], and how many there were."""
    if scan is not None:
        found = scan.scan(buffer, start, end)
        if found is not None:
            count, items, flags, lines = found
            return [Batch(items, count=count, flags=flags, lines=lines)], count
    buffer[start - 1] = 0x5B  # "["
    after = buffer[end]
    buffer[end] = 0x5D  # "]"
    try:
        with memoryview(buffer) as view:
            items = decoder.decode(view[start - 1 : end + 1])
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        loaded = _loads(bytes(buffer[start - 1 : end + 1]), name)
        return list(batched(_checked(loaded, schema, index))), len(loaded)
    finally:
        buffer[end] = after
    return ([Batch(items)] if items else []), len(items)


def _loads(data: bytes, name: str) -> list[Any]:
    try:
        value = json.loads(data)
    except UnicodeDecodeError:
        raise InputError(name, "not valid UTF-8: JSON text must be UTF-8 encoded") from None
    except ValueError as exc:
        raise InputError(name, f"not valid JSON: {exc.args[0].split(':')[0]}") from None
    except RecursionError:
        raise InputError(name, "refused: JSON nested too deep") from None
    if not isinstance(value, list):
        raise InputError(name, "not valid JSON")
    return value


def _checked(items: list[Any], schema: str, index: int) -> Iterator[LogEvent | Skip]:
    for offset, item in enumerate(items):
        yield json_formats.checked_event(schema, item, f"/events/{index + offset}")


# `"searchedLogStreams": [...]` right after the events, each item as the AWS CLI prints it with
# plain ASCII strings (no escape, no control character) and JSON's own whitespace: valid JSON
# whose items the schema does not look at, so the envelope is read with `[]` in its place.
# 100k streams print 16 MB there: as text (UCS-2 when the last event holds one non-ASCII
# character) and as dicts it was ~100 MB for a moment.
_JSON_WS = rb"[ \t\n\r]*"
_SEARCHED_KEY = re.compile(rb"%s,%s\"searchedLogStreams\"%s:%s" % ((_JSON_WS,) * 4))
_ITEM = (
    rb'\{%s"logStreamName"%s:%s"[^"\\\x00-\x1f\x80-\xff]*"%s,%s"searchedCompletely"%s:%s(?:true|false)%s\}'
    % ((_JSON_WS,) * 8)
)
_ITEM_RE = re.compile(_ITEM)
# Up to 256 items, each with the comma after it, in one match (a page prints ~100).
_ITEMS = re.compile(rb"(?:%s%s,%s){1,256}" % (_ITEM, _JSON_WS, _JSON_WS))
_NEXT = re.compile(rb"%s(,%s)?" % (_JSON_WS, _JSON_WS))
_OPEN = re.compile(rb"\[%s" % _JSON_WS)


def _searched_end(buffer: bytearray, at: int) -> int | None:
    """Where a plain `searchedLogStreams` array that starts at `at` ends, or None. At most 256
    items a match: a regex repeating over 100k items keeps a backtracking mark per item."""
    opened = _OPEN.match(buffer, at)
    if opened is None:
        return None
    at = opened.end()
    if buffer[at : at + 1] == b"]":
        return at + 1
    while True:
        items = _ITEMS.match(buffer, at)
        if items is not None:
            at = items.end()
            continue
        item = _ITEM_RE.match(buffer, at)
        if item is None:
            return None
        gap = _NEXT.match(buffer, item.end())
        assert gap is not None  # it matches the empty string
        at = gap.end()
        if gap.group(1) is None:
            return at + 1 if buffer[at : at + 1] == b"]" else None


def _tail(buffer: bytearray, close: int | None) -> str | None:
    """The text after the events array, when it closes at `close` (`_EventsEnd`) and a plain
    `searchedLogStreams` follows (left out, see above); None otherwise."""
    if close is None or close < 0:
        return None
    key = _SEARCHED_KEY.match(buffer, close + 1)
    array_end = _searched_end(buffer, key.end()) if key else None
    if key is None or array_end is None:
        return None
    try:
        after = (bytes(buffer[close + 1 : key.end()]) + b"[]" + bytes(buffer[array_end:])).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return after.strip()


def _events_and_tail(buffer: bytearray, close: int | None) -> tuple[list[Any], str] | None:
    """The last events and the text after their array (`_tail`), as `_finish` reads them; None
    when anything is not as expected: then the general way."""
    tail = _tail(buffer, close)
    if tail is None:
        return None
    assert close is not None
    try:
        head = buffer[: close + 1].decode("utf-8").rstrip()
        items, end = json.JSONDecoder().raw_decode("[" + head)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None
    if end != len(head) + 1:  # the array did not close there: not what `_EventsEnd` thought
        return None
    return items, tail


def _to_the_end(
    decoder: msgspec.json.Decoder[Any], buffer: bytearray, start: int, events_end: _EventsEnd, scan: Any
) -> tuple[list[Batch | Skip], dict[str, Any]] | None:
    """The batch of every event left in the buffer and the envelope after them, when all of it
    reads at once (a page of a few hundred events, the last slice of a file): the events array
    closes at `events_end`'s candidate, a plain `searchedLogStreams` and a valid envelope follow,
    and the scanner or msgspec reads the events before it. That read proves the array closes
    there (every event is a whole value, so the `]` after them lies outside every string), which
    `_outside_string` would check by counting quotes over the buffer. None: the general way,
    which gives every verdict and error (nothing has been yielded or changed)."""
    close = events_end.candidate(buffer, start)
    tail = _tail(buffer, close)
    envelope = _envelope(tail) if tail is not None else None
    if envelope is None:
        return None
    assert close is not None
    if scan is not None:
        found = scan.scan(buffer, start, close)
        if found is not None:
            count, items, flags, lines = found
            return [Batch(items, count=count, flags=flags, lines=lines)], envelope
    buffer[start - 1] = 0x5B  # "[" (the byte before `start` is free), and buffer[close] is "]"
    try:
        with memoryview(buffer) as view:
            items = decoder.decode(view[start - 1 : close + 1])
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        return None
    return ([Batch(items)] if items else []), envelope


# What follows the events of a page as `_tail` gives it, most often: the envelope is then known.
_PLAIN_TAIL = re.compile(r'\A,[ \t\n\r]*"searchedLogStreams"[ \t\n\r]*:[ \t\n\r]*\[\][ \t\n\r]*\}\Z')


def _envelope(tail: str) -> dict[str, Any] | None:
    """The envelope `_finish` reads from `tail` when it would raise no error, else None."""
    if _PLAIN_TAIL.match(tail):
        return {"events": [], "searchedLogStreams": []}
    try:
        envelope, twice = _envelope_keys(tail)
    except (ValueError, RecursionError):
        return None
    return None if twice else envelope


def _envelope_keys(tail: str) -> tuple[dict[str, Any], list[str]]:
    """The envelope whose events array `tail` follows, and its top-level keys given twice."""
    keys: list[list[str]] = []  # the keys of the last object closed: the envelope's, at the end

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys[:] = [[k for k, _ in pairs]]
        return dict(pairs)

    envelope = json.loads('{"events": []' + tail, object_pairs_hook=pairs_hook)
    twice = [k for k in dict.fromkeys(keys[-1]) if keys[-1].count(k) > 1] if keys else []
    return envelope, twice


def _finish(
    buffer: bytearray, name: str, schema: str, index: int, close: int | None = None
) -> Iterator[Batch | Skip]:
    """The last events, the end of the array and the keys after it (the envelope)."""
    fast = _events_and_tail(buffer, close)
    if fast is not None:
        items, tail = fast
        buffer.clear()
    else:
        try:
            text = buffer.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(name, "not valid UTF-8: JSON text must be UTF-8 encoded") from None
        buffer.clear()
        decoder = json.JSONDecoder()
        text = text.rstrip()
        try:
            items, end = decoder.raw_decode("[" + text)
        except ValueError as exc:
            raise InputError(name, _syntax(exc, len(text) + 1)) from None
        except RecursionError:
            raise InputError(name, "refused: JSON nested too deep") from None
        tail = text[end - 1 :].strip()
        del text
    try:
        envelope, twice = _envelope_keys(tail)
    except ValueError as exc:
        raise InputError(name, _syntax(exc, len(tail) + 13)) from None
    except RecursionError:
        raise InputError(name, "refused: JSON nested too deep") from None
    if twice:
        raise InputError(name, f"refused: the top-level key {twice[0]!r} appears twice")
    yield from batched(_checked(items, schema, index))
    json_formats.check_envelope(schema, envelope, name)


def _syntax(exc: ValueError, length: int) -> str:
    reason = str(exc.args[0]).split(":")[0]
    position = getattr(exc, "pos", None)
    if reason.startswith("Unterminated string") or (position is not None and position >= length - 1):
        return "truncated JSON: the file ends inside a value"
    return f"not valid JSON: {reason}"
