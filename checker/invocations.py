"""Group log events into Lambda invocations and keep what the finding needs of each.

An event joins an invocation by the RequestId it carries (START, END, REPORT, Node.js, Python,
.NET and Ruby line prefixes, JSON `requestId`-like fields). Lines that carry no id (Java, Go)
join the invocation that was running in the same log stream at their timestamp: one execution
environment runs one invocation at a time. Only lines with a connection failure are kept, and
memory grows with neither events nor failing invocations: a finished invocation is kept only
among the last few of its stream (for lines that arrive late), then counted and let go (the
last few too, once the input has gone well past a failure-free stream: `Grouper._sweep`); a
failing one is kept a while longer and then handed to `let_go`, which folds it into the
finding's counts.

The result does not depend on the order of the events in the file. A line without an id waits
until its stream's invocations around its time are known: it is placed when the invocation it
falls in leaves the window (or at the end), never by what happened to run when it was read, so
a newest-first export (Logs Insights' default `sort @timestamp desc`) places it as an
oldest-first one does. An invocation leaves its stream's window only once it lies further back
(in either direction the file runs) than twice the furthest any line of the stream has come
late so far: locally disordered exports keep a few more, a stream in no order at all (results
sorted by another field, shuffled) keeps all of its invocations, since a line read after its
invocation left would count that invocation twice or miss its failure.

Speed: C code (checker/_scan.c) picks the few events of a batch that matter (platform lines
and the classifier's anchors) and applies the START, END and REPORT lines itself: a
filter-log-events slice as it reads it, any other reader's decoded events by `Scanner.sift`.
Python looks at the rest of those only. Without the C module, a batch's messages are joined
into one string and scanned by Aho-Corasick for the same events.
"""

from __future__ import annotations

import bisect
import json
import math
import re
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from itertools import chain
from typing import Any

import ahocorasick_rs
import msgspec

from checker.detect.classify import classify as default_classify
from checker.detect.classify import (
    keyed_verdict,
    local_stand_in,
    might_report_failure,
    restored,
    stand_in_key,
    stand_in_shows,
)
from checker.detect.model import ConnectionFailure
from checker.detect.needles import AZ_NEEDLES, NEEDLES
from checker.events import LogEvent
from checker.functions import FunctionKey, Span, function_key, widen
from checker.ingest import fast_events
from checker.ingest.batch import SELECTED, ZONE, Batch, sifted
from checker.ingest.text import export_of
from checker.ingest.timestamps import MAX_MILLIS
from checker.remediation import library_of
from checker.totals import StreamOf, StreamTotals

UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_METRIC = re.compile(
    r"(Billed Restore Duration|Restore Duration|Billed Duration|Init Duration|Max Memory Used"
    r"|Memory Size|Duration):\s*([\d.]+)\s*(?:ms|MB)"
)
_STATUS = re.compile(r"Status:\s*(\w+)")
# The layout Lambda writes (tab after each field; Init Duration on a cold start, Status on a
# timeout): `_METRIC.findall` and `_STATUS` find exactly these fields in it, once each (the
# request id's hex and dashes hold no field name), each a finite number (at most 15 digits on
# either side of the point); any other REPORT is read by them.
_STANDARD_REPORT = re.compile(
    r"REPORT RequestId: [0-9a-fA-F-]+\tDuration: (\d{1,15}(?:\.\d{1,15})?) ms"
    r"\tBilled Duration: (\d{1,15}) ms\tMemory Size: (\d{1,15}) MB\tMax Memory Used: (\d{1,15}) MB\t"
    r"(?:Init Duration: (\d{1,15}(?:\.\d{1,15})?) ms\t)?"
    r"(?:Status: ([A-Za-z]+)\t?)?\n?"
)
_TIMED_OUT = re.compile(rf"(?:\S+\s+)?({UUID})\s+Task timed out after\s+([\d.]+)\s+seconds")
# Application lines: Node.js "<ISO>\t<id>\tLEVEL\t", Python "[LEVEL]\t<ISO>\t<id>\t",
# .NET "<ISO>\t<id>\t<level>\t", Ruby Logger "E, [<ts> #8] ERROR <id> -- :".
_APP_ID = re.compile(
    rf"(?:\[[A-Z]+\]\s+)?(?:\d{{4}}-\d{{2}}-\d{{2}}T[\d:.]+Z\s+)?({UUID})\s"
    rf"|[IWEFDA], \[[^\]]*\]\s+[A-Z]+\s+({UUID})\s+--"
)
_JSON_ID_KEYS = ("requestId", "AWSRequestId", "awsRequestId", "function_request_id", "request_id")
Classifier = Callable[[str], list[ConnectionFailure]]
LIBRARY_TEXT = 16_384  # how much of a failing event names its client library (a trace's first frames)
KEEP_RECENT = 8  # finished invocations kept per stream for late or out-of-order lines
KEEP_FAILING = 500  # failing invocations let go of their stream, kept whole until `let_go`
SWEEP_AT = 2048  # new windows between two looks for quiet streams to fold (at least)
RANK_LET_GO, RANK_UNSEEN = 1 << 40, 1 << 41
_AZ_ID = re.compile(
    r'"(?:az_id|AvailabilityZoneID|availability_zone_id)"\s*:\s*"([a-z]{2,5}[0-9]-az[0-9]{1,2})"'
)
_START_NEEDLE, _END_NEEDLE, _REPORT_NEEDLE = 0, 1, 2
_PLATFORM_PREFIXES = ("START RequestId", "END RequestId", "REPORT RequestId")  # in needle order
_AZ_NEEDLE = len(NEEDLES)  # the first AZ needle's index
_NEEDLES = ahocorasick_rs.BytesAhoCorasick(
    [n.encode() for n in (*NEEDLES, *AZ_NEEDLES)], implementation=ahocorasick_rs.Implementation.DFA
)


@dataclass(frozen=True, slots=True)
class FailureEvent:
    """A connection failure and the log event that told it."""

    failure: ConnectionFailure
    event: LogEvent


@dataclass(slots=True, eq=False)
class Invocation:
    """One invocation; filled in while grouping, complete once `Grouper.finish` returns."""

    request_id: str | None
    log_group: str | None
    log_stream: str | None
    start: int | None = None  # ms, from START (or the first event seen)
    end: int | None = None  # ms, from END/REPORT
    duration_ms: float | None = None
    billed_ms: int | None = None
    memory_mb: int | None = None
    max_memory_mb: int | None = None
    init_ms: float | None = None
    timed_out: bool = False
    status: str | None = None
    # A shared empty tuple until the first failure: most invocations never get a list.
    evidence: tuple[FailureEvent, ...] | list[FailureEvent] = ()
    report_line: str | None = None  # the REPORT message until `Grouper.finish` reads it
    finished: bool = False  # a REPORT was seen
    source: str | None = None  # the input it came from, when no log group names its function
    unnamed: str | None = None  # "<input>" when the export names no log stream (get-log-events)
    # Ties of start time are listed in the order the grouper met them: still in its stream's
    # window at the end (by creation), then failing ones let go (RANK_LET_GO + n), then
    # invocations seen only through lines without an id (RANK_UNSEEN + n).
    rank: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.evidence)

    def add_evidence(self, evidence: FailureEvent) -> None:
        if isinstance(self.evidence, list):
            self.evidence.append(evidence)
        else:
            self.evidence = [*self.evidence, evidence]

    def _touch(self, timestamp: int | None) -> None:
        if timestamp is None:
            return
        if self.start is None or timestamp < self.start:
            self.start = timestamp


# What a new invocation is before `Grouper._invocation` names it: the C module makes its
# invocations as copies of this one (every default is immutable: tests/test_invocations.py).
_BLANK = Invocation(None, None, None)

StreamKey = tuple[str | None, str]  # (log group, log stream or "<input name>")


def stream_of(inv: Invocation) -> StreamOf:
    """Where an invocation ran, as totals count it."""
    return (inv.log_group, inv.log_stream, inv.source)


class _Order:
    """How far behind the front lines of one stream have come, in each direction.

    `lo`/`hi` are the earliest and latest times read; `behind` the furthest a line came before
    `hi` (late in an oldest-first file), `ahead` the furthest after `lo` (late in a newest-first
    one). In an oldest-first file `ahead` is the whole span read and `behind` a little jitter;
    newest-first the other way round; in a shuffled one both are the whole span.
    """

    __slots__ = ("ahead", "behind", "hi", "input", "lo")

    def __init__(self, timestamp: int, input_no: int) -> None:
        self.lo = self.hi = timestamp
        self.behind = self.ahead = 0
        self.input = input_no

    def may_let_go(self, inv: Invocation) -> bool:
        """Whether no line of `inv` can still come, given how late lines have come so far."""
        first = inv.start if inv.start is not None else inv.end
        last = inv.end if inv.end is not None else inv.start
        if first is None or last is None:
            return True
        return last + 2 * self.behind < self.hi or first - 2 * self.ahead > self.lo


@dataclass(slots=True)
class _Pending:
    key: StreamKey
    timestamp: int | None
    running: str | None  # the invocation open in the stream when the line arrived (file order)
    evidence: FailureEvent
    source: str


class Grouper:
    """Feed events with `add_batch` (or `add`), then `finish` returns the invocations kept.

    `retired` counts, per `stream_of`, the invocations let go before the end: those that
    finished without a failure, and the failing ones handed to `let_go` (complete, REPORT
    read) once more than `keep_failing` wait; with the invocations `finish` returns they make
    the totals. Without `let_go` every failing invocation is kept to the end.
    """

    def __init__(
        self,
        classify: Classifier | None = None,
        *,
        keep_recent: int = KEEP_RECENT,
        default_group: str | None = None,
        let_go: Callable[[Invocation], None] | None = None,
        keep_failing: int = KEEP_FAILING,
    ) -> None:
        self._classify = classify or default_classify
        self._default_group = default_group  # for exports that do not name their log group
        self._by_id: dict[tuple[str | None, str], Invocation] = {}
        # Per stream: a list, not a deque (a deque's first block alone is 624 bytes: 100k
        # streams would pay 60 MB for it).
        self._recent: dict[StreamKey, list[Invocation]] = {}
        self._keep_recent = keep_recent
        self._kept: deque[Invocation] = deque()  # failing invocations let go from `recent`
        self._let_go = let_go
        self._keep_failing = keep_failing
        self._handed = 0  # failing invocations given to `let_go`
        self._running: dict[StreamKey, str | None] = {}
        self._pending: dict[StreamKey, list[_Pending]] = {}  # lines without an id, not yet placed
        # What failing texts told, remembered: for the classifier whose verdicts stand-ins keep.
        self._told = _Told() if classify is None or classify is default_classify else None
        self._order: dict[StreamKey, _Order] = {}
        # How late lines of the input come at all (any stream), and per stream the invocations
        # created: a stream whose invocations are all in its window and that the input has left
        # behind is folded into `retired` (see `_sweep`).
        self._clock: _Order | None = None
        self._created: Counter[StreamKey] = Counter()
        self._sweep_at = SWEEP_AT
        self._inputs = 0
        # Counted here first (by Python and the C module alike), moved into `_totals` at each
        # `_sweep`: the table keeps a stream's name once, not a tuple of three per stream.
        self._retiring: Counter[StreamOf] = Counter()
        self._totals = StreamTotals()
        self.spans: dict[StreamOf, Span] = {}  # first start, last end, per stream not folded
        # The spans of the streams `_sweep` folded, per function: a row per stream would grow
        # with the streams (100k short-lived ones: 18 MB).
        self._function_spans: dict[FunctionKey, Span] = {}
        # The AZ ID each stream logged: one execution environment runs in one AZ, so every
        # invocation of the stream ran there; "" when a stream logged two different ones.
        self.zones: dict[StreamOf, str] = {}
        self._zone_seen: dict[StreamKey, str] = {}  # per stream: its AZ ID as a JSON string, "" when two
        self.events = 0
        self._source = ""  # the input being read
        # The stream keys of the scanned batches of one input (`_add_scanned`), by log stream.
        self._scan_keys: dict[Any, StreamKey] = {}
        self._scan_keys_for: tuple[str | None, str, str | None] | None = None
        self._in_range = True  # every time looked at is one a reader gives: batches may be sifted
        # The scanned path's healthy invocations as C records, and its stream windows
        # (`_scan.Book`); None on the Python path. `_made` numbers invocations as they are made.
        self._book: Any = None
        self._made = 0

    def set_default_group(self, group: str | None) -> None:
        """The log group of the next inputs that do not name theirs (an evidence folder's logs/)."""
        self._default_group = group

    def add(self, event: LogEvent, input_name: str) -> None:
        self.add_batch(Batch([event]), input_name)

    def add_batch(self, batch: Batch, input_name: str) -> None:
        """Look at the events of `batch` that can matter, in order; count the rest."""
        sifter = fast_events.sifter() if batch.flags is None and self._in_range else None
        if sifter is not None:  # the C scanner's way for every reader's batches, where it can
            batch = sifted(batch, sifter) or batch
        items = batch.items
        self.events += batch.events
        source = export_of(input_name)
        if source != self._source:
            self._inputs += 1  # each input's own order: a second export may start earlier
        self._source = source
        if batch.flags is not None:
            self._tick([*(item.timestamp for item in items), *(batch.lines.stamps if batch.lines else ())])
            self._add_scanned(batch, input_name)
            self._sweep()
            return
        messages = [item.message for item in items]
        joined = "\x00" + "\x00".join(messages)
        if joined.count("\x00") != len(messages):  # a message holds NUL itself: look at each
            self._tick([item.timestamp for item in items])
            for index in range(len(items)):
                if any(n in messages[index] for n in AZ_NEEDLES):
                    self._zone(self._key(batch, items[index], input_name), messages[index])
                self._add_one(batch, index, input_name)
            self._sweep()
            return
        chosen = _selected(joined)
        self._tick([items[index].timestamp for index, _needle in chosen])
        for index, needle in chosen:
            if needle >= _AZ_NEEDLE:
                self._zone(self._key(batch, items[index], input_name), messages[index])
                continue
            if needle > _REPORT_NEEDLE:
                self._add_one(batch, index, input_name)
                continue
            if not self._platform_line(batch, items[index], needle, input_name):
                self._add_one(batch, index, input_name)
        self._sweep()

    def _tick(self, stamps: list[int | None]) -> None:
        """Follow the input's clock over the events the grouper looks at in one batch.

        Which of them came how late is not followed line by line (that is the C loop's hot
        path): the batch's whole span counts as late, which only makes `_sweep` wait longer.
        Both paths look at the same events in the same batches, so they fold alike.
        """
        known = [t for t in stamps if t is not None]
        if not known:
            return
        if self._in_range and not all(type(t) is int and 0 <= t <= MAX_MILLIS for t in known):
            self._in_range = False  # a time no reader gives (an API caller's): the C grouper's are 64-bit
            self._unbook()
        lo, hi = min(known), max(known)
        clock = self._clock
        if clock is None or clock.input != self._inputs:
            clock = self._clock = _Order(lo, self._inputs)
        clock.behind = max(clock.behind, max(clock.hi, hi) - lo)
        clock.ahead = max(clock.ahead, hi - min(clock.lo, lo))
        clock.hi = max(clock.hi, hi)
        clock.lo = min(clock.lo, lo)

    def _sweep(self) -> None:
        """Fold the streams the input has left behind into `retired`: their invocations go.

        A stream is folded when every invocation it has is finished, failure-free and in its
        window, no invocation runs in it, no line without an id waits in it, and all its lines
        lie further back (in the direction the input runs) than four times the furthest any
        line of the input has come late: no line of those invocations can still come, as
        `_Order.may_let_go` reasons for one stream. What `finish` would do with them is done
        now (REPORT read only when it tells the start, the span widened, counted); if the stream
        speaks again, it starts a new window, as its old invocations would have left it first
        (its lines come later than theirs: the input has gone past them).
        100k short-lived streams thus hold a few thousand windows at a time, not 100k.
        Looked for when the windows grew by a quarter (or SWEEP_AT), so the work stays linear.
        """
        recent = self._recent
        clock = self._clock
        book = self._book
        if len(recent) + (len(book) if book is not None else 0) < self._sweep_at or clock is None:
            return
        old, new = clock.hi - 4 * clock.behind, clock.lo + 4 * clock.ahead
        quiet = []
        for key, window in recent.items():
            if self._quiet(key, old, new, len(window), 0) and self._foldable(key, window):
                quiet.append(key)
        if book is not None:
            windows = book.windows()  # (key, made in C, size, no evidence in it)
            booked = [
                w[0]
                for w in windows
                if (w[3] or self._let_go is not None) and self._quiet(w[0], old, new, w[2], w[1])
            ]
            for key in booked:  # handed back as Invocations, then folded as the grouper's own
                _key, made, window = book.release(self, key)
                recent[key] = window
                self._created[key] += made
                if self._foldable(key, window):
                    quiet.append(key)
        for key in quiet:
            folded: set[StreamOf] = set()
            for inv in recent.pop(key):
                if inv.start is None and inv.report_line is not None:
                    self._report(inv, inv.end, inv.report_line)  # it may tell the start
                    inv.report_line = None
                # with its times as they are now, as `finish` widens: a line read after its
                # REPORT (a START read late) may have moved its start since the REPORT widened
                self._widen(inv)
                del self._by_id[(inv.log_group, inv.request_id or "")]
                where = stream_of(inv)
                self._retiring[where] += 1
                folded.add(where)
                if inv.evidence:
                    self._fold_failing(inv)
            for where in folded:
                self._fold_span(where)
            del self._created[key]
            # Its order too, when the stream's lines came in the input's direction without delay:
            # if it speaks again, a new order then judges its invocations as the old one would.
            order = self._order[key]
            if order.behind == 0 if order.hi < old else order.ahead == 0:
                del self._order[key]
                self._scan_keys.pop(key[1], None)
        windows = len(recent) + (len(book) if book is not None else 0)
        self._sweep_at = windows + max(SWEEP_AT, windows // 4)
        self._move_retiring()

    def _move_retiring(self) -> None:
        """Add what `_retiring` counted to `_totals`; emptied in place (the C module holds it)."""
        if self._retiring:
            self._totals.add(self._retiring)
            self._retiring.clear()

    @property
    def retired(self) -> StreamTotals:
        """Every invocation counted so far, per stream (see the class)."""
        if self._book is not None:  # the counts the book holds back (`FLUSH_AT` in _scan.c)
            self._book.flush(self)
        self._move_retiring()
        return self._totals

    def _fold_span(self, where: StreamOf) -> None:
        """Move a folded stream's span into its function's (if it speaks again, its new span
        joins the function's later: min and max compose). Not for an export known only by its
        input: `finish` may still join inputs that share a stream (`_merge_sources`)."""
        key = function_key(*where)
        if key[2] is None:
            span = self.spans.pop(where, None)
            if span is not None:
                widen(self._function_spans, key, *span)

    def function_spans(self) -> dict[FunctionKey, Span]:
        """The time each function's streams cover, folded or not (after `finish`)."""
        spans = dict(self._function_spans)
        for where, (first, last) in self.spans.items():
            widen(spans, function_key(*where), first, last)
        return spans

    def _quiet(self, key: StreamKey, old: int, new: int, size: int, made: int) -> bool:
        """Whether `_sweep` may fold the stream: the input left it behind, nothing runs in it,
        and its window of `size` holds every invocation made in it (`made` of them in C); with
        no `let_go`, no line without an id waits in it either (`_foldable` places them)."""
        order = self._order.get(key)
        if order is None or order.input != self._inputs or not (order.hi < old or order.lo > new):
            return False
        if self._let_go is None and key in self._pending:
            return False
        return key not in self._running and self._created[key] + made == size

    def _foldable(self, key: StreamKey, window: list[Invocation]) -> bool:
        """Whether a quiet stream's window may fold now: without `let_go`, failing invocations
        are kept to the end, and so is their window; with it, once its waiting lines are placed."""
        if self._let_go is None:
            return not any(inv.evidence for inv in window)
        return key not in self._pending or self._placed_all(key, window)

    def _unbook(self) -> None:
        """Hand the book's records and windows back to the grouper's own tables: the Python
        path goes on from there (times no reader gives, and `finish`)."""
        book, self._book = self._book, None
        if book is None:
            return
        self._made = book.made
        for key, made, window in book.release_all(self):
            if window is not None:
                self._recent[key] = window
            if made:
                self._created[key] += made

    def _placed_all(self, key: StreamKey, window: list[Invocation]) -> bool:
        """Place the stream's waiting lines in its window as `finish` would, if every one falls
        in one of its invocations (else place none: `finish` makes the rest orphans). A window
        with an invocation whose start only its REPORT can tell waits for `finish` too: read
        now, it would take that start before a line of the invocation could still come."""
        if any(inv.start is None for inv in window):
            return False
        timed = _timed(window)
        lines = self._pending[key]
        found = [self._attribute(line, timed) for line in lines]
        if None in found:
            return False
        for line, home in zip(lines, found, strict=True):
            assert home is not None
            home._touch(line.evidence.event.timestamp)
            home.add_evidence(line.evidence)
        del self._pending[key]
        return True

    def _fold_failing(self, inv: Invocation) -> None:
        """A failing invocation of a stream `_sweep` folds, to `let_go` as `finish` would give it
        (ranked among the others by when it was made, its REPORT read; already counted, its
        span widened). Its REPORT is read here unless `_sweep` read it for the start: reading
        it cannot move a known start, so the span stays."""
        assert self._let_go is not None
        if inv.report_line is not None:
            self._report(inv, inv.end, inv.report_line)
            inv.report_line = None
        self._let_go(inv)

    def _add_scanned(self, batch: Batch, input_name: str) -> None:
        """The events the C scanner selected, as `add_batch` would look at them: the scanner
        matched the same needles with the same semantics (tests/ingest/test_scan.py). It took
        the START/END/REPORT lines out as `batch.lines`, which the C module handles as
        `_platform_line` does, on these same tables and with these same methods for the rare
        steps, in file order with the other events."""
        flags = batch.flags or b""
        compiled = fast_events.compiled()
        if compiled is None:  # not built, or turned off since the batch was scanned
            assert not batch.lines, "lines come from the C scanner"
            for index, flag in enumerate(flags):
                self._scanned(batch, index, flag, input_name)
            return
        if self._scan_keys_for != (self._default_group, input_name, batch.log_group):
            self._scan_keys_for = (self._default_group, input_name, batch.log_group)
            self._scan_keys = {}
        if self._book is None and self._in_range:
            self._book = compiled.Book(_BLANK, _Order, self._made)
        compiled.platform(
            self,
            batch.items,
            flags,
            batch.lines,
            self._scan_keys,
            lambda stream: self._stream_key(batch.log_group, stream, input_name),
            lambda index, flag: self._scanned(batch, index, flag, input_name),
            _Order,
            _BLANK,
            self._book,
        )

    def _scanned(self, batch: Batch, index: int, flags: int, input_name: str) -> None:
        item = batch.items[index]
        if flags & ZONE:
            self._zone(self._key(batch, item, input_name), item.message)
        if flags & SELECTED:
            self._add_one(batch, index, input_name)  # a START/END/REPORT line too: it checks

    def _platform_line(self, batch: Batch, item: Any, kind: int, input_name: str) -> bool:
        """Handle a START, END or REPORT line (`kind` = its needle); False if it is not one."""
        message: str = item.message
        words = message.split(None, 3)  # "START RequestId: <id> Version: $LATEST"
        if len(words) < 3 or words[1] != "RequestId:":
            return False
        key = self._key(batch, item, input_name)
        self._observe(key, item.timestamp)
        inv = self._invocation(key, words[2])
        if kind == _START_NEEDLE:
            inv._touch(item.timestamp)
            self._open(inv, key)
        elif kind == _END_NEEDLE:
            self._close(inv, key, item.timestamp)
        else:
            inv.report_line = message  # parsed in `finish`, for the invocations kept
            self._close(inv, key, item.timestamp)
            self._finished(inv, key)
        return True

    def _key(self, batch: Batch, item: Any, input_name: str) -> StreamKey:
        if isinstance(item, LogEvent):
            return self._stream_key(item.log_group, item.log_stream, input_name)
        return self._stream_key(batch.log_group, item.log_stream, input_name)

    def _stream_key(self, group: str | None, stream: Any, input_name: str) -> StreamKey:
        if stream is msgspec.UNSET:
            stream = None
        group = group or self._default_group
        # Not interned: the scanned path makes a stream's key once (`_scan_keys`), and the
        # interpreter's table of interned strings would hold a row per stream (100k: ~4 MB).
        return (group, stream or f"<{input_name}>")

    def _add_one(self, batch: Batch, index: int, input_name: str) -> None:
        item = batch.items[index]
        key = self._key(batch, item, input_name)
        message: str = item.message
        timestamp: int | None = item.timestamp
        self._observe(key, timestamp)
        if message.startswith(_PLATFORM_PREFIXES):
            head = message[:16]
            kind = next(k for k, prefix in enumerate(_PLATFORM_PREFIXES) if head.startswith(prefix))
            if self._platform_line(batch, item, kind, input_name):
                return
        elif message.startswith("{") and '"platform.' in message:
            if self._platform_record(key, timestamp, message):
                return
        if "Task timed out after" in message:
            timed = _TIMED_OUT.search(message)
            if timed:
                self._invocation(key, timed.group(1)).timed_out = True
                return
        told = self._told.of(message) if self._told is not None else None
        if told is None:
            request_id, shown = request_id_of(message), self._tell(message)
        else:
            request_id, shown = told
        if not shown:
            return
        # The event as evidence keeps it: the line reports quote (`_Told`'s kept line); a stack
        # trace or JSON error record around it would multiply the memory of every failing
        # invocation. One kept event per line that holds an error.
        if request_id is None:
            pending = self._pending.get(key)
            if pending is None:
                pending = self._pending[key] = []
            running = self._running.get(key)
            for evidence in _evidence_of(batch, index, shown):
                pending.append(_Pending(key, timestamp, running, evidence, self._source))
            return
        inv = self._invocation(key, request_id)
        if timestamp is not None and (inv.start is None or timestamp < inv.start):
            inv.start = timestamp  # `Invocation._touch`, inline
        if len(shown) > 1:
            for evidence in _evidence_of(batch, index, shown):
                inv.add_evidence(evidence)
            return
        # an outage's every event: one failure, one kept line; `Invocation.add_evidence` inline
        failure, line = shown[0]
        one = FailureEvent(failure, batch.event(index, line))
        kept = inv.evidence
        if isinstance(kept, list):
            kept.append(one)
        else:
            inv.evidence = [*kept, one]

    def _tell(self, message: str) -> list[tuple[ConnectionFailure, str]]:
        """What `_Told` would remember of a message, worked out for it alone."""
        shown = []
        named: dict[str, str | None] = {}  # per runtime: the library the event names
        for failure in self._classify(message):
            if failure.runtime not in named:
                named[failure.runtime] = library_of(message[:LIBRARY_TEXT], failure.runtime)
            library = named[failure.runtime]
            if library is not None:
                failure = replace(failure, library=library)
            shown.append((failure, _error_line(message, failure.line)[:EVIDENCE_LINE_CHARS] + "\n"))
        return shown

    def _zone(self, key: StreamKey, message: str) -> None:
        """Note the AZ ID a line logs for its stream (never from an address: facts/network.md §0.1).

        A line that names the AZ its stream already logged is not parsed again (Powertools
        repeats `az_id` on every line); a stream found in two AZs ("") is done with.
        """
        seen = self._zone_seen.get(key)
        if seen is not None and seen in message:
            return
        found = _AZ_ID.search(message)
        if found is None:
            return
        where: StreamOf = (
            key[0],
            None if key[1].startswith("<") else key[1],
            self._source if key[0] is None else None,
        )
        zone = found.group(1)
        known = self.zones.setdefault(where, zone)
        if known != zone:
            self.zones[where] = known = ""
        self._zone_seen[key] = f'"{known}"' if known else ""

    def _observe(self, key: StreamKey, timestamp: int | None) -> None:
        """Follow how late (or early) the stream's lines come, for `_Order.may_let_go`."""
        if timestamp is None:
            return
        order = self._order.get(key)
        if order is None or order.input != self._inputs:
            self._order[key] = _Order(timestamp, self._inputs)
            return
        # `_Order.see`, inlined: this runs for every platform line.
        if timestamp > order.hi:
            order.hi = timestamp
        elif order.hi - timestamp > order.behind:
            order.behind = order.hi - timestamp
        if timestamp < order.lo:
            order.lo = timestamp
        elif timestamp - order.lo > order.ahead:
            order.ahead = timestamp - order.lo

    def _place_pending(self, key: StreamKey, leaving: Invocation, window: list[Invocation]) -> None:
        """Attach to `leaving` the waiting lines of its stream that fall in it, before it goes."""
        pending = self._pending.get(key)
        if not pending:
            return
        may = [_may_fall_in(line, leaving) for line in pending]
        if True not in may:
            return  # most leave with none of the stream's waiting lines: no window sorted for them
        staying = []
        timed: Timed | None = None  # sorted once a line needs it
        for line, falls in zip(pending, may, strict=True):
            if not falls:
                staying.append(line)
                continue
            if line.running and line.running == leaving.request_id and _falls_in(line.timestamp, leaving):
                found: Invocation | None = leaving  # `_attribute`'s first answer (it runs there)
            else:
                timed = timed or _timed(window)
                found = self._attribute(line, timed)
            if found is leaving:
                leaving._touch(line.evidence.event.timestamp)
                leaving.add_evidence(line.evidence)
            else:
                staying.append(line)
        if staying:
            self._pending[key] = staying
        else:
            del self._pending[key]

    def _finished(self, inv: Invocation, key: StreamKey) -> None:
        """A REPORT closed `inv`: keep it among its stream's recent ones, let the oldest go."""
        if inv.finished:
            return
        inv.finished = True
        self._widen(inv)
        recent = self._recent.get(key)
        if recent is None and self._book is not None:
            self._book.finished(self, inv, key)  # the C window of the stream
            return
        if recent is None:
            recent = self._recent[key] = []
        recent.append(inv)
        if len(recent) > self._keep_recent:
            order = self._order.get(key)
            if order is not None and not order.may_let_go(recent[0]):
                return  # its lines may still come: keep it, the window grows
            self._place_pending(key, recent[0], recent)
            old = recent.pop(0)
            del self._by_id[(old.log_group, old.request_id or "")]
            if not old.failed:
                # its times as they are now, as `finish` widens: a START read after its REPORT
                # moved its start since `_widen` above
                self._widen(old)
                self._retiring[stream_of(old)] += 1
                return
            self._let_go_failing(old)

    def _let_go_failing(self, old: Invocation) -> None:
        """A failing invocation left its stream's window: kept in `_kept`, or handed over."""
        old.rank = RANK_LET_GO + len(self._kept) + self._handed
        self._kept.append(old)
        if self._let_go is not None and len(self._kept) > self._keep_failing:
            self._hand_over(self._kept.popleft())

    def _hand_over(self, inv: Invocation) -> None:
        """Give a failing invocation, complete, to `let_go`; only its count stays here."""
        assert self._let_go is not None
        where = (inv.log_group, inv.log_stream, inv.source)  # `stream_of`, inline
        if inv.report_line is not None:
            self._report(inv, inv.end, inv.report_line)
            inv.report_line = None
            # `_widen`, inline: the REPORT may have told when it started
            first = inv.start if inv.start is not None else inv.end
            last = inv.end if inv.end is not None else inv.start
            if first is not None and last is not None:
                widen(self.spans, where, first, last)
        self._handed += 1
        self._retiring[where] += 1
        self._let_go(inv)

    def _widen(self, inv: Invocation) -> None:
        """Stretch the time span of the invocation's stream to cover it."""
        first = inv.start if inv.start is not None else inv.end
        last = inv.end if inv.end is not None else inv.start
        if first is None or last is None:
            return
        widen(self.spans, stream_of(inv), first, last)

    def _known(self, group: str | None, request_id: str) -> Invocation | None:
        """The invocation of a request id, if made: the grouper's, or a record of the book's."""
        found = self._by_id.get((group, request_id))
        if found is None and self._book is not None:
            found = self._book.take(self, group, request_id)
        return found

    def _invocation(self, key: StreamKey, request_id: str) -> Invocation:
        found = self._by_id.get((key[0], request_id))  # `_known`, inline: the pure path's every platform line
        if found is None and self._book is not None:
            found = self._book.take(self, key[0], request_id)
        if found is None:
            unnamed = key[1].startswith("<")
            if self._book is not None:
                made = self._book.next_made()
            else:
                made, self._made = self._made, self._made + 1
            found = Invocation(
                request_id,
                key[0],
                None if unnamed else key[1],
                source=self._source if key[0] is None else None,
                unnamed=key[1] if unnamed else None,
                rank=made,
            )
            self._by_id[(key[0], request_id)] = found
            self._created[key] += 1
        return found

    def _open(self, inv: Invocation, key: StreamKey) -> None:
        """A START: the invocation runs in its stream from now, unless its end was read first (a
        newest-first export, where a START closes its invocation in file order)."""
        if inv.end is None and not inv.finished:
            self._running[key] = inv.request_id
        elif self._running.get(key) == inv.request_id:
            self._running.pop(key, None)

    def _close(self, inv: Invocation, key: StreamKey, timestamp: int | None) -> None:
        if timestamp is not None and (inv.end is None or timestamp > inv.end):
            inv.end = timestamp
        if self._running.get(key) == inv.request_id:
            self._running.pop(key, None)  # only streams running an invocation have an entry

    @staticmethod
    def _report(inv: Invocation, timestamp: int | None, message: str) -> None:
        standard = _STANDARD_REPORT.fullmatch(message)
        if standard is not None:  # what `_METRIC` and `_STATUS` find in it, read in one match
            duration, billed_text, memory_text, used_text, init, status_word = standard.groups()
            inv.duration_ms = float(duration)
            inv.billed_ms = int(billed_text)  # at most 15 digits: int(float(text)) is the same
            inv.memory_mb = int(memory_text)
            inv.max_memory_mb = int(used_text)
            if init is not None:
                inv.init_ms = float(init)
            if status_word is not None:
                inv.status = status_word.lower()
                inv.timed_out = inv.timed_out or inv.status == "timeout"
            if inv.start is None and timestamp is not None:
                inv.start = timestamp - int(inv.duration_ms)
            return
        metrics: dict[str, float] = {}
        for name, value in _METRIC.findall(message):
            number = _finite(value)
            if number is not None:  # "1.2.3", or 400 digits: no metric, as if it were absent
                metrics[name] = number
        inv.duration_ms = metrics.get("Duration", inv.duration_ms)
        billed = metrics.get("Billed Duration")
        inv.billed_ms = int(billed) if billed is not None else inv.billed_ms
        memory = metrics.get("Memory Size")
        inv.memory_mb = int(memory) if memory is not None else inv.memory_mb
        used = metrics.get("Max Memory Used")
        inv.max_memory_mb = int(used) if used is not None else inv.max_memory_mb
        inv.init_ms = metrics.get("Init Duration", inv.init_ms)
        status = _STATUS.search(message)
        if status:
            inv.status = status.group(1).lower()
            inv.timed_out = inv.timed_out or inv.status == "timeout"
        if inv.start is None and timestamp is not None and inv.duration_ms is not None:
            inv.start = timestamp - int(inv.duration_ms)

    def _platform_record(self, key: StreamKey, timestamp: int | None, message: str) -> bool:
        try:
            record = json.loads(message)
        except ValueError:
            return False
        if not isinstance(record, dict) or not str(record.get("type", "")).startswith("platform."):
            return False
        body = record.get("record")
        if not isinstance(body, dict) or not isinstance(body.get("requestId"), str):
            return True  # platform.initStart and friends: no invocation of their own
        inv = self._invocation(key, body["requestId"])
        kind = record["type"]
        if kind == "platform.start":
            inv._touch(timestamp)
            self._open(inv, key)
        elif kind == "platform.runtimeDone":
            inv.timed_out = inv.timed_out or body.get("status") == "timeout"
        elif kind == "platform.report":
            raw_metrics = body.get("metrics")
            metrics: dict[str, Any] = raw_metrics if isinstance(raw_metrics, dict) else {}
            inv.duration_ms = _number(metrics.get("durationMs"), inv.duration_ms)
            billed = _number(metrics.get("billedDurationMs"), None)
            inv.billed_ms = int(billed) if billed is not None else inv.billed_ms
            memory = _number(metrics.get("memorySizeMB"), None)
            inv.memory_mb = int(memory) if memory is not None else inv.memory_mb
            used = _number(metrics.get("maxMemoryUsedMB"), None)
            inv.max_memory_mb = int(used) if used is not None else inv.max_memory_mb
            inv.init_ms = _number(metrics.get("initDurationMs"), inv.init_ms)
            if isinstance(body.get("status"), str):
                inv.status = body["status"]
                inv.timed_out = inv.timed_out or inv.status == "timeout"
            self._close(inv, key, timestamp)
            self._finished(inv, key)
        return True

    def finish(self) -> list[Invocation]:
        """Attach lines without a RequestId by stream and time; return the invocations kept."""
        self._unbook()
        kept = [*self._by_id.values(), *self._kept]  # each ranked by when it was made
        for inv in kept:
            if inv.report_line is not None:
                self._report(inv, inv.end, inv.report_line)
                inv.report_line = None
        # Only the streams that have lines without an id to place need their invocations listed.
        waiting = [line for lines in self._pending.values() for line in lines]
        wanted = {p.key for p in waiting}
        streams: dict[StreamKey, list[Invocation]] = {}
        by_start: dict[StreamKey, Timed] = {}
        if wanted:
            for inv in kept:
                where = (inv.log_group, inv.log_stream or inv.unnamed or "")
                if where in wanted:
                    streams.setdefault(where, []).append(inv)
            by_start = {where: _timed(invs) for where, invs in streams.items()}
        orphans: dict[tuple[StreamKey, int | None], Invocation] = {}
        for pending in waiting:
            found = self._attribute(pending, by_start.get(pending.key, ([], [])))
            if found is not None:
                inv = found
            else:
                # No invocation of this stream is known (an errors-only query): lines of one
                # second in one stream are taken to be one invocation whose id was not logged.
                second = None if pending.timestamp is None else pending.timestamp // 1000
                orphan = orphans.get((pending.key, second))
                if orphan is None:
                    stream = None if pending.key[1].startswith("<") else pending.key[1]
                    orphan = Invocation(
                        None,
                        pending.key[0],
                        stream,
                        start=pending.timestamp,
                        source=pending.source if pending.key[0] is None else None,
                        rank=RANK_UNSEEN + len(orphans),
                    )
                    orphans[(pending.key, second)] = orphan
                    kept.append(orphan)
                inv = orphan
            inv._touch(pending.evidence.event.timestamp)
            inv.add_evidence(pending.evidence)
        self._pending = {}
        self._merge_sources(kept)
        for inv in kept:
            self._widen(inv)
        kept.sort(key=lambda inv: (inv.start is None, inv.start or 0, inv.rank))
        # The caller owns them now: once it lets them go, nothing here holds them (100k streams
        # keep 100k invocations in their windows).
        self._by_id, self._recent, self._kept, self._created = {}, {}, deque(), Counter()
        return kept

    def _merge_sources(self, kept: list[Invocation]) -> None:
        """Exports that name no log group but share a log stream hold one function: one source."""
        same = _SameFunction()
        for stream, source in chain(self.retired.named_in_inputs(), ((i.log_stream, i.source) for i in kept)):
            if stream is not None and source is not None:
                same.seen(stream, source)
        if not same.merged:
            return
        roots = same.roots()  # one look-up per key: pages give ~(streams x pages) keys
        for inv in kept:
            inv.source = roots.get(inv.source, inv.source)
        retired = StreamTotals()
        for (group, stream, source), count in self.retired.items():
            retired[(group, stream, roots.get(source, source))] += count
        self._totals = retired
        spans: dict[StreamOf, Span] = {}
        for (group, stream, source), (first, last) in self.spans.items():
            widen(spans, (group, stream, roots.get(source, source)), first, last)
        self.spans = spans
        zones: dict[StreamOf, str] = {}
        for (group, stream, source), zone in self.zones.items():
            where = (group, stream, roots.get(source, source))
            zones[where] = zone if zones.get(where, zone) == zone else ""
        self.zones = zones

    def _attribute(self, pending: _Pending, by_start: Timed) -> Invocation | None:
        """The invocation a line without an id belongs to, among `by_start` (see `_timed`)."""
        t = pending.timestamp
        timed, starts = by_start
        running = self._known(pending.key[0], pending.running) if pending.running else None
        if t is not None:
            # The one running when the line was read, if the line's time falls in it: in file
            # order it breaks the tie of a line logged in the millisecond the next one started.
            if running is not None and _falls_in(t, running):
                return running
            index = bisect.bisect_right(starts, t) - 1
            if index >= 0 and (timed[index].end is None or t <= timed[index].end):  # type: ignore[operator]
                return timed[index]
            if pending.running is None and index + 1 < len(timed):
                return timed[index + 1]  # before the first START: the init of the next invocation
        return running


class _SameFunction:
    """Union of the inputs that share a log stream: one execution environment, one function."""

    def __init__(self) -> None:
        self._source_of: dict[str, str] = {}  # log stream -> the first input that held it
        self._parent: dict[str, str] = {}
        self.merged = False

    def seen(self, stream: str, source: str) -> None:
        first = self._source_of.setdefault(stream, source)
        if first != source:
            a, b = self.root(first), self.root(source)
            if a != b:
                self._parent[max(a, b)] = min(a, b)
                self.merged = True

    def root(self, source: str) -> str:
        while source in self._parent:
            source = self._parent[source]
        return source

    def roots(self) -> dict[str | None, str]:
        """The root of each input merged into another (any other is its own)."""
        return {source: self.root(source) for source in self._parent}


EVIDENCE_LINE_CHARS = 2000
_SAME, _FIRST, _CHECK, _FIND = 0, 1, 2, 3  # how an event's kept line follows from its text's (`_Told`)
_Shown = tuple[ConnectionFailure, bool, int, str, str | None]  # failure, restore, how, kept, matched


@dataclass(frozen=True, slots=True)
class _Entry:
    """What one text (with stand-ins) tells: see `_Told`."""

    request_id: str | None  # of a text without a runtime prefix (else the prefix's own)
    shown: tuple[_Shown, ...]
    plain: list[tuple[ConnectionFailure, str]]  # (failure, kept line) when the text has no prefix
    chars: int  # the characters of its kept lines (its key's are counted apart)
    local: str | None  # the stand-in of a Node `- Local (ip:port)` in its key, if it took one


class _Told:
    """What a failing event tells, remembered by its text: its failures (each naming the client
    library the event names), the line each is shown by, and its request id. An outage logs one
    error from every invocation, the same text but for the runtime prefix's time and request id,
    so the key is `classify.stand_in_key` and each is worked out once per distinct text.

    Exact, as classifying, `library_of` and `_error_line` on every message would be:
    - the verdict is the verdict cache's, restored the same way (`classify.restored`); no
      anchor or library name holds a tab or fits in a time or request id (tests/detect/
      test_classify_cache.py, tests/test_invocations.py), so the key has one exactly when its
      message has;
    - the request id is the prefix's (`request_id_of` reads the same one), or the text's own;
    - the kept line is the same line: the prefix changes the first line only, so a first line
      gets the event's own prefix back (`_FIRST`: shown by no line, or by the first line from
      its start); a later line is the same text, unless the line the failure was shown by also
      occurs over the event's own prefix (`_CHECK`, one bounded `find`); anything else is found
      for each event (`_FIND`);
    - a Node `- Local (ip:port)` that took its stand-in (its verdict proven exact for any
      digits there: `classify.keyed_verdict`) gets the event's own address back as the prefix
      does, its kept lines found for each event; no library name can match across it (none
      holds a parenthesis or is made of digits, dots and colons alone: test_classify_cache.py).
      A text without a prefix that took one is left to the verdict cache (its request id is
      read from its own text).
    Bounded: at most MAX_ENTRIES texts, each of at most `classify` MAX_KEY characters, and at
    most MAX_CHARS characters of texts and kept lines in all (the oldest go first).
    """

    MAX_ENTRIES = 4096
    MAX_CHARS = 1 << 24

    def __init__(self) -> None:
        self._entries: dict[str, _Entry | None] = {}
        self._chars = 0
        self.hits = 0

    def of(self, message: str) -> tuple[str | None, list[tuple[ConnectionFailure, str]]] | None:
        """(request id, [(failure, kept line)]) of a message; None when its text cannot be told
        from memory (then classify it as it is)."""
        keyed = stand_in_key(message)
        if keyed is None:
            return None
        key, prefix, local = keyed
        if local is not None and prefix is None:  # its request id is read from its own text
            return None
        entries = self._entries
        if key in entries:
            entry = entries[key]
            self.hits += 1
        else:
            entry = entries[key] = _entry(key, prefix, local)
            self._chars += len(key) + (entry.chars if entry else 0)
            while len(entries) > self.MAX_ENTRIES or self._chars > self.MAX_CHARS:
                oldest = next(iter(entries))
                gone = entries.pop(oldest)
                self._chars -= len(oldest) + (gone.chars if gone else 0)
        if entry is None or (local is not None and entry.local != local_stand_in(local)):
            return None
        if prefix is None:
            return entry.request_id, entry.plain
        time, rid = prefix.group(2), prefix.group(3)
        cut = prefix.end()
        out = []
        for failure, restore, how, kept, matched in entry.shown:
            if restore:
                failure = restored(failure, time, rid, local)
            if how == _FIRST:
                kept = message[:cut] + kept[cut:]
            elif how != _SAME and (
                how == _FIND or message.find(matched or "", 0, cut - 1 + len(matched or "")) >= 0
            ):
                kept = _error_line(message, failure.line)[:EVIDENCE_LINE_CHARS] + "\n"
            out.append((failure, kept))
        return rid, out


def _entry(key: str, prefix: re.Match[str] | None, local: str | None) -> _Entry | None:
    """What a keyed text tells (see `_Told`); None when its verdict cannot be restored."""
    if not might_report_failure(key):
        return _NOTHING
    keyed = keyed_verdict(key, prefix is not None, local)
    if keyed is None:
        return None
    ones = local_stand_in(local) if local is not None else None
    named: dict[str, str | None] = {}
    shown: list[_Shown] = []
    text = key[:LIBRARY_TEXT]
    first = key[: prefix.end()] if prefix is not None else ""
    for failure in keyed[0]:
        if failure.runtime not in named:
            named[failure.runtime] = library_of(text, failure.runtime)
        library = named[failure.runtime]
        if library is not None:
            failure = replace(failure, library=library)
        matched = failure.line
        index, line = _error_line_at(key, matched)
        if prefix is None:
            how = _SAME
        elif ones is not None:
            how = _FIND  # a kept line may show the event's own local address
        elif index == 0:
            how = _FIRST if not matched or matched.startswith(first) else _FIND
        else:
            how = _CHECK
        restore = prefix is not None and stand_in_shows(failure, ones)
        shown.append((failure, restore, how, line[:EVIDENCE_LINE_CHARS] + "\n", matched))
    request_id = request_id_of(key) if prefix is None else None
    return _Entry(
        request_id,
        tuple(shown),
        [(f, kept) for f, _r, _h, kept, _m in shown],
        sum(len(kept) for _f, _r, _h, kept, _m in shown),
        ones,
    )


_NOTHING = _Entry(None, (), [], 0, None)


def _evidence_of(batch: Batch, index: int, shown: list[tuple[ConnectionFailure, str]]) -> list[FailureEvent]:
    """The failures an event shows, each with the event as it keeps it: one kept event per line
    that holds an error."""
    events: dict[str, LogEvent] = {}
    out = []
    for failure, kept in shown:
        event = events.get(kept)
        if event is None:
            event = events[kept] = batch.event(index, kept)
        out.append(FailureEvent(failure, event))
    return out


def _error_line(message: str, matched: str | None) -> str:
    """The line of an event that holds its error: the one the wording matched on, not always the
    first (Node's `TypeError: fetch failed` above its `cause:`); the first when none is known."""
    return _error_line_at(message, matched)[1]


def _error_line_at(message: str, matched: str | None) -> tuple[int, str]:
    """`_error_line`, and its index among the lines of the stripped message."""
    text = message.strip()
    if not text:
        return 0, ""
    lines = text.splitlines()
    if matched:
        found = next((n for n, line in enumerate(lines) if matched in line), None)
        if found is not None:
            return found, lines[found]
    return 0, lines[0]


def _selected(joined: str) -> list[tuple[int, int]]:
    """(message index, needle index) of the messages that hold a needle, in order.

    One Aho-Corasick pass over the UTF-8 bytes finds every needle; a match's message is the
    number of NUL separators before it, counted incrementally between matches. A message is
    named once, by its first needle (a platform line's needle is at its very start), and once
    more by its first AZ needle, if it has one.
    """
    data = joined.encode("utf-8", "surrogatepass")
    chosen: list[tuple[int, int]] = []
    index = -1
    last = -1
    counted_to = 0
    last_zone = -1
    for needle, position, _end in _NEEDLES.find_matches_as_indexes(data):
        index += data.count(b"\x00", counted_to, position + 1)
        counted_to = position + 1
        if needle >= _AZ_NEEDLE:
            if index != last_zone:
                chosen.append((index, needle))
                last_zone = index
        elif index != last:
            chosen.append((index, needle))
            last = index
    return chosen


Timed = tuple[list[Invocation], list[int]]  # invocations by start, and their starts


def _timed(candidates: list[Invocation]) -> Timed:
    """The candidates a line can be placed in by time: those with an id and a start, by start."""
    timed = sorted((inv for inv in candidates if inv.start is not None and inv.request_id), key=_start_of)
    return timed, [_start_of(inv) for inv in timed]


def _falls_in(t: int | None, inv: Invocation) -> bool:
    """Whether time `t` lies in the span of `inv` (its end open while unknown)."""
    return t is not None and inv.start is not None and inv.start <= t and (inv.end is None or t <= inv.end)


def _may_fall_in(line: _Pending, inv: Invocation) -> bool:
    """Whether `Grouper._attribute` can place `line` in `inv` at all (inv in the window it
    places among): as the invocation running when the line was read, as the one whose span
    holds its time, or (read while none ran) as the next to start after it. False is certain."""
    if line.running and line.running == inv.request_id:
        return True
    t = line.timestamp
    if t is None or inv.start is None or not inv.request_id:
        return False
    if inv.start <= t:
        return inv.end is None or t <= inv.end
    return line.running is None


def _start_of(inv: Invocation) -> int:
    return inv.start if inv.start is not None else 0


def _finite(text: str) -> float | None:
    """A REPORT metric's number (digits and dots), None when it is none: two dots, or no finite float."""
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _number(value: Any, default: float | None) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def request_id_of(message: str) -> str | None:
    """The RequestId an application line carries in its prefix or JSON fields, if any."""
    match = _APP_ID.match(message)
    if match:
        return match.group(1) or match.group(2)
    if message.startswith("{"):
        try:
            record = json.loads(message)
        except ValueError:
            return None
        if isinstance(record, dict):
            for key in _JSON_ID_KEYS:
                value = record.get(key)
                if isinstance(value, str) and value:
                    return value
    return None


def group(events: Iterable[tuple[LogEvent, str]], classify: Classifier | None = None) -> list[Invocation]:
    """Every invocation of (event, input name) pairs, none let go: for tests and small inputs."""
    grouper = Grouper(classify, keep_recent=sys.maxsize)
    for event, name in events:
        grouper.add(event, name)
    return grouper.finish()
