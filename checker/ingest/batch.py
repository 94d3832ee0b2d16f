"""Events travel in batches: per-event Python work is the cost, so stages look at a batch at once.

A batch holds event objects of one input: `LogEvent`s, or the structs the fast JSON reader
decodes. Both expose `timestamp`, `message`, `log_stream` and `event_id`; the log group is
the event's own (`LogEvent.log_group`) or, for the structs, the batch's.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import msgspec

from checker.events import LogEvent
from checker.ingest.skips import Skip

BATCH_EVENTS = 4096
SELECTED, ZONE = 1, 2  # a scanned item's flags: it holds a needle, an AZ needle (invocations.py)


@dataclass(frozen=True, slots=True)
class Batch:
    items: Sequence[Any]  # LogEvent or a struct with the same attribute names
    log_group: str | None = None  # for items that carry no group of their own
    # A batch of the C scanner (checker/_scan.c) holds only the events that carry a needle:
    # `count` is how many events it stands for, `flags` one byte per item (`SELECTED`, `ZONE`).
    count: int | None = None
    flags: bytes | None = None
    # Its START, END and REPORT lines, taken out of `items` (a `checker._scan.Lines`, or None):
    # the grouper reads them in C, each at its place among the items.
    lines: Any = None

    @property
    def events(self) -> int:
        """How many events of the input the batch stands for."""
        return len(self.items) if self.count is None else self.count

    def event(self, index: int, message: str | None = None) -> LogEvent:
        """Item `index` as a LogEvent (for the few events a stage keeps), with `message` in place
        of its own when given (the part of it evidence keeps)."""
        item = self.items[index]
        if isinstance(item, LogEvent):
            if message is None:
                return item
            return LogEvent(item.timestamp, message, item.log_group, item.log_stream, item.event_id)
        stream = item.log_stream
        event_id = item.event_id
        return LogEvent(
            item.timestamp,
            item.message if message is None else message,
            self.log_group,
            None if stream is msgspec.UNSET else sys.intern(stream),
            None if event_id is msgspec.UNSET else event_id,
        )


def batched(
    items: Iterable[LogEvent | Skip | list[Any] | Batch], size: int = BATCH_EVENTS
) -> Iterator[Batch | Skip]:
    """Group a reader's LogEvents (one at a time, or several in a list, which may hold structs
    as `Batch` allows) into batches of `size`; Skips pass through as they come, and batches
    the reader made, after the events before them."""
    pending: list[Any] = []
    for item in items:
        if isinstance(item, Skip):
            yield item
            continue
        if isinstance(item, Batch):
            if pending:
                yield Batch(pending)
                pending = []
            yield item
            continue
        if isinstance(item, list):
            pending += item
            while len(pending) >= size:
                yield Batch(pending[:size])
                del pending[:size]
            continue
        pending.append(item)
        if len(pending) >= size:
            yield Batch(pending)
            pending = []
    if pending:
        yield Batch(pending)


def sifted(batch: Batch, sifter: Any) -> Batch | None:
    """`batch` as the C scanner gives a slice: its events with a needle, their flags and their
    START, END and REPORT lines (`Scanner.sift` in checker/_scan.c), for a batch of one log group
    and without a NUL in a message; None otherwise (the grouper's Python path reads it)."""
    found = sifter.sift(batch.items, LogEvent, batch.log_group)
    if found is None:
        return None
    items, flags, lines, group = found
    return Batch(items, group, count=len(batch.items), flags=flags, lines=lines)
