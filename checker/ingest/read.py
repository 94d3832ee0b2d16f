"""Read every input into one stream of LogEvents, counting what each input gave and skipped."""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

import msgspec

from checker.errors import InputError
from checker.events import LogEvent
from checker.ingest import fast_events
from checker.ingest.batch import Batch
from checker.ingest.formats import FORMATS, HEAD_BYTES, describe_unknown, sniff
from checker.ingest.limits import (
    DEFAULT_MAX_MESSAGE_BYTES,
    MAX_ENVELOPE_STRING_BYTES,
    JSONStringCap,
    Limits,
    LineCap,
)
from checker.ingest.skips import DUPLICATE, Skip
from checker.ingest.sources import Ignored, InputFile, decoded, expand
from checker.ingest.text import FORMAT_S3, stream_from_path

__all__ = ["Ignored", "Ingest", "InputStats"]

# Formats whose deliveries may repeat an event within one file (at-least-once delivery).
REDELIVERED = frozenset({"subscription"})


@dataclass
class InputStats:
    """What one input file gave: `events` analyzed, `skipped` not, with the reasons counted."""

    path: str
    format: str
    events: int = 0
    skipped: int = 0
    skipped_reasons: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)  # schema problems, for `connfail validate`
    truncated: int = 0  # events analyzed on their first max-message-bytes only

    def skip(self, skip: Skip, keep_problems: int) -> None:
        self.skipped += 1
        self.skipped_reasons[skip.reason] += 1
        if skip.problem and len(self.problems) < keep_problems:
            self.problems.append(skip.problem)


class _Seen:
    """What the inputs held of one log stream: their time range and a 64-bit key per event."""

    __slots__ = ("hi", "hi_keys", "keys", "lo", "lookup")

    def __init__(self, at: int) -> None:
        self.lo = self.hi = at
        self.keys = array("q")  # content keys, and id keys for the events with an eventId
        self.hi_keys: set[int] = set()  # the keys of the events at `hi`, its last millisecond
        self.lookup: set[int] | None = None  # `keys` as a set, once a later input overlaps them

    def add(self, at: int, keys: tuple[int, ...]) -> None:
        self.keys.extend(keys)
        if at > self.hi:
            self.hi, self.hi_keys = at, set(keys)
        elif at == self.hi:
            self.hi_keys.update(keys)
        elif at < self.lo:
            self.lo = at

    def absorb(self, later: _Seen) -> None:
        """Fold the next input's keys of the stream in (`next_input`)."""
        self.keys.extend(later.keys)
        if self.lookup is not None:
            self.lookup.update(later.keys)
        if later.hi > self.hi:
            self.hi, self.hi_keys = later.hi, later.hi_keys
        elif later.hi == self.hi:
            self.hi_keys |= later.hi_keys
        self.lo = min(self.lo, later.lo)

    def absorb_run(self, lo: int, hi: int, keys: bytes, hi_keys: list[int]) -> None:
        """`absorb` of a batch's run of the stream (`_all_new`), without a `_Seen` made of it."""
        before = len(self.keys)
        self.keys.frombytes(keys)
        if self.lookup is not None:
            self.lookup.update(self.keys[before:])
        if hi > self.hi:
            self.hi, self.hi_keys = hi, set(hi_keys)
        elif hi == self.hi:
            self.hi_keys.update(hi_keys)
        if lo < self.lo:
            self.lo = lo

    def holds(self, at: int, keys: tuple[int, ...]) -> bool:
        if at < self.lo or at > self.hi:
            return False
        if at == self.hi:  # exports are in time order: where the next one starts, mostly
            return not self.hi_keys.isdisjoint(keys)
        if self.lookup is None:
            self.lookup = set(self.keys)
        return not self.lookup.isdisjoint(keys)


class Deduplicator:
    """Counts an event once when overlapping exports hold it twice.

    Within one input the same eventId is the same event (a subscription redelivers batches).
    Across inputs an event repeats an earlier one when stream, timestamp and message agree,
    or eventId, stream and timestamp do; without ids a function may well log the same line
    twice in a millisecond, and one export never overlaps itself.

    Memory is 8 bytes per event (16 with an eventId) in one array per log stream, not a set:
    a set is built for a stream only when a later input holds the same stream within its time
    range (an export repeated, overlapping pages). Pages, S3 objects and subscription batches
    in time order only meet in their last millisecond, whose keys are kept apart.
    """

    def __init__(self) -> None:
        self._ids: set[int] = set()  # this input's eventIds
        self._earlier: dict[str | None, _Seen] = {}
        self._current: dict[str | None, _Seen] = {}
        self._runs: list[dict[str | None, Run]] = []  # its first batch, when `_all_new` took it

    def next_input(self) -> None:
        earlier = self._earlier
        for stream, seen in self._current.items():
            old = earlier.get(stream)
            if old is None:
                earlier[stream] = seen
            else:
                old.absorb(seen)
        for runs in self._runs:  # folded as `_Seen.absorb` would fold them
            _fold_runs(earlier, runs)
        self._current = {}
        self._runs = []
        self._ids = set()

    def duplicates(self, items: Sequence[Any]) -> list[int]:
        """The indexes of the items (LogEvents or the fast reader's structs) seen before."""
        if self._all_new(items):
            return []
        found: list[int] = []
        ids, earlier, current = self._ids, self._earlier, self._current
        unset = msgspec.UNSET
        for index, item in enumerate(items):
            stream = item.log_stream
            if stream is unset:
                stream = None
            stamp = item.timestamp
            keys: tuple[int, ...] = (hash((stream, stamp, item.message)),)
            event_id = item.event_id
            if event_id is not None and event_id is not unset:
                own = hash(event_id)
                if own in ids:
                    found.append(index)
                    continue
                ids.add(own)
                keys = (keys[0], hash((event_id, stream, stamp)))
            at = -1 if stamp is None else stamp
            old = earlier.get(stream)
            if old is not None and old.holds(at, keys):
                found.append(index)
                continue
            seen = current.get(stream)
            if seen is None:
                seen = current[stream] = _Seen(at)
            seen.add(at, keys)
        return found

    def _all_new(self, items: Sequence[Any]) -> bool:
        """What `duplicates` does for a batch of which no event can repeat one seen before (no
        eventId twice, no event inside the time range an earlier input held of its stream but in
        its last millisecond, other than the events there), a stream at a time (`keyed`: in C
        when built); False, having changed nothing, when one might: then event by event."""
        scan = fast_events.compiled()
        found = _keyed(items) if scan is None else scan.keyed(items, msgspec.UNSET)
        if found is None:
            return False
        runs, own = found
        if self._earlier:
            for stream, (lo, hi, _keys, _hi_keys, lo_keys) in runs.items():
                old = self._earlier.get(stream)
                if old is None or hi < old.lo or lo > old.hi:
                    continue
                if lo == old.hi and old.hi_keys.isdisjoint(lo_keys):
                    continue  # pages in time order that meet in a millisecond, with other events there
                return False
        if own is not None:
            if len(set(own)) != len(own) or not self._ids.isdisjoint(own):
                return False
            self._ids.update(own)
        if self._runs or self._current:
            _fold_runs(self._current, runs)  # as `_Seen.add` takes the events one by one
        else:  # an input's first batch (all of a page) waits for `next_input`, one `_Seen` less
            self._runs.append(runs)
        return True


def _fold_runs(table: dict[str | None, _Seen], runs: dict[str | None, Run]) -> None:
    """A batch's runs of its streams (`_all_new`) into the `_Seen` of each stream in `table`."""
    for stream, (lo, hi, keys, hi_keys, _lo_keys) in runs.items():
        seen = table.get(stream)
        if seen is None:
            seen = table[stream] = _Seen(hi)
        seen.absorb_run(lo, hi, keys, hi_keys)


# Per log stream of a batch: its earliest and latest time, its events' keys, those at the latest
# and those at the earliest time.
Run = tuple[int, int, bytes, list[int], list[int]]


def _keyed(items: Sequence[Any]) -> tuple[dict[str | None, Run], list[int] | None] | None:
    """The keys `Deduplicator` keeps of a batch's events, by stream, and their eventIds' hashes
    (None when none has one); None when some have an eventId and some do not. The C module's
    `keyed` gives the same (and None for a time that is no 64-bit int)."""
    unset = msgspec.UNSET
    runs: dict[str | None, list[Any]] = {}
    ids: list[int] = []
    with_id: bool | None = None
    for item in items:
        stream = item.log_stream
        if stream is unset:
            stream = None
        stamp = item.timestamp
        event_id = item.event_id
        has_id = event_id is not None and event_id is not unset
        if with_id is not None and has_id != with_id:
            return None
        with_id = has_id
        keys: tuple[int, ...] = (hash((stream, stamp, item.message)),)
        if has_id:
            ids.append(hash(event_id))
            keys = (keys[0], hash((event_id, stream, stamp)))
        at = -1 if stamp is None else stamp
        run = runs.get(stream)
        if run is None:
            run = runs[stream] = [at, at, array("q"), [], []]
        run[2].extend(keys)
        if at > run[1]:
            run[1], run[3] = at, []
        elif at < run[0]:
            run[0], run[4] = at, []
        if at == run[1]:
            run[3].extend(keys)
        if at == run[0]:
            run[4].extend(keys)
    by_stream = {
        s: (lo, hi, keys.tobytes(), at_hi, at_lo) for s, (lo, hi, keys, at_hi, at_lo) in runs.items()
    }
    return by_stream, (ids if with_id else None)


class Ingest:
    """Reads PATHs lazily; `events()` yields every analyzable event once, in file order."""

    def __init__(
        self,
        paths: list[str],
        *,
        max_inflated_bytes: int,
        stdin: IO[bytes] | None = None,
        keep_problems: int = 20,
        max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES,
    ) -> None:
        self.paths = paths
        self.cap = max_inflated_bytes
        self.max_message_bytes = max_message_bytes
        self.stdin = stdin
        self.keep_problems = keep_problems
        self.inputs: list[InputStats] = []
        self.ignored: list[Ignored] = []

    def sources(self) -> list[InputFile]:
        """Every source of every PATH; entries skipped on the way are added to `ignored`."""
        found: list[InputFile] = []
        for item in expand(self.paths, self.cap, self.stdin):
            if isinstance(item, Ignored):
                self.ignored.append(item)
            else:
                found.append(item)
        return found

    def batches(self) -> Iterator[tuple[Batch, str]]:
        """(batch, input name) for every analyzable event of every input, each event once."""
        sources = self.sources()
        dedup = Deduplicator() if len(sources) > 1 else None
        for source in sources:
            if dedup is not None:
                dedup.next_input()
            for batch in self.read(source, dedup):
                yield batch, source.name

    def events(self) -> Iterator[tuple[LogEvent, str]]:
        """(event, input name) one at a time: the slow, simple view, for tests and tools."""
        for batch, name in self.batches():
            for index in range(len(batch.items)):
                yield batch.event(index), name

    def read(
        self, source: InputFile, dedup: Deduplicator | None = None, *, selected: bool = False
    ) -> Iterator[Batch]:
        """The batches of one source; its InputStats is appended to `inputs` as it starts.

        `selected`: the caller is the grouper, which looks only at the events that carry a
        needle; a reader may then hand over only those (`Batch.count` says how many it read).
        """
        opened = self._open(source)
        if opened is None:
            return
        stream, fmt, stats = opened
        self.inputs.append(stats)
        if dedup is None and fmt in REDELIVERED:
            dedup = Deduplicator()
        limits = Limits(self.max_message_bytes, source.budget)
        limits.selected = selected and dedup is None  # the duplicate check needs every event
        stream = _capped(stream, fmt, limits)
        try:
            for item in FORMATS[fmt].read(stream, source.name, limits):
                if isinstance(item, Skip):
                    stats.skip(item, self.keep_problems)
                    continue
                if dedup is not None:
                    item = self._unique(item, dedup, stats)
                stats.events += item.events
                if item.events:
                    yield item
        finally:
            stats.truncated = limits.truncated
            stream.close()
        if stats.events == 0 and stats.problems:
            raise InputError(source.name, stats.problems[0])

    def _unique(self, batch: Batch, dedup: Deduplicator, stats: InputStats) -> Batch:
        found = dedup.duplicates(batch.items)
        if not found:
            return batch
        for _ in found:
            stats.skip(Skip(DUPLICATE), self.keep_problems)
        gone = set(found)
        return Batch([e for n, e in enumerate(batch.items) if n not in gone], batch.log_group)

    def _open(self, source: InputFile) -> tuple[IO[bytes], str, InputStats] | None:
        try:
            stream = decoded(source)
        except OSError as exc:
            raise InputError(source.name, f"cannot read: {exc.strerror or exc}") from None
        head = _peek(stream, HEAD_BYTES)
        if not head.strip():
            stream.close()
            if source.explicit:
                raise InputError(source.name, "empty file")
            self.ignored.append(Ignored(source.name, "empty file"))
            return None
        fmt = sniff(head)
        if fmt is None and stream_from_path(source.name):
            fmt = FORMAT_S3  # an export task's object, by its key: read it all, count what fails
        if fmt is None:
            reason = describe_unknown(head)
            stream.close()
            if source.explicit:
                raise InputError(source.name, reason)
            self.ignored.append(Ignored(source.name, reason))
            return None
        return stream, fmt, InputStats(source.name, fmt)


def _capped(stream: IO[bytes], fmt: str, limits: Limits) -> IO[bytes]:
    """`stream` with each message cut to the cap as it streams by (CSV cuts its own fields)."""
    first = _peek(stream, HEAD_BYTES).lstrip(b" \t\r\n\xef\xbb\xbf")[:1]
    if first in (b"{", b"["):
        # A subscription delivery's base64 data is one long string; its decoded events get
        # the message cap when they are read.
        cap = max(limits.max_message_bytes, MAX_ENVELOPE_STRING_BYTES) if fmt in REDELIVERED else None
        return JSONStringCap(stream, limits, cap)  # type: ignore[return-value]  # read() is all they use
    if fmt == "insights-console-csv":
        return stream
    return LineCap(stream, limits)


def _peek(stream: IO[bytes], size: int) -> bytes:
    peek = getattr(stream, "peek", None)
    head: bytes = peek(size) if peek else b""
    return head[:size]
