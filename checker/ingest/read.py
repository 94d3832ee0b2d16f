"""Read every input into one stream of LogEvents, counting what each input gave and skipped."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from checker.errors import InputError
from checker.events import LogEvent
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


class Deduplicator:
    """Counts an event once when overlapping exports hold it twice.

    The same eventId is the same event anywhere. Without ids, the same stream, timestamp and
    message counts as one only across different inputs: one export never overlaps itself, and
    a function may well log the same line twice in a millisecond.
    """

    def __init__(self) -> None:
        self._ids: set[int] = set()
        self._earlier: set[int] = set()
        self._current: set[int] = set()

    def next_input(self) -> None:
        self._earlier |= self._current
        self._current = set()

    def seen(self, event: LogEvent) -> bool:
        if event.event_id is not None:
            key = hash(event.event_id)
            if key in self._ids:
                return True
            self._ids.add(key)
        content = hash((event.log_stream, event.timestamp, event.message))
        if content in self._earlier:
            return True
        self._current.add(content)
        return False


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
        kept = []
        for index in range(len(batch.items)):
            event = batch.event(index)
            if dedup.seen(event):
                stats.skip(Skip(DUPLICATE), self.keep_problems)
            else:
                kept.append(event)
        return Batch(kept)

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
