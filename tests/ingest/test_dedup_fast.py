"""The duplicate check of a batch with nothing seen before, a column at a time, is the event-by-event check.

`Deduplicator.duplicates` first tries `_all_new` (no eventId twice, no event inside the time
range an earlier input held of its stream); both ways must find the same duplicates, input
after input, whatever the batches hold: pages that meet in a millisecond, an export given
twice, eventIds repeated within an input, some events with ids and some without; with the C
module's `keyed` (checker/_scan.c) and with `_keyed`, its Python twin, which give the same.
"""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.events import LogEvent
from checker.ingest import fast_events
from checker.ingest.read import Deduplicator, _keyed

STREAMS = ["2026/11/20/[$LATEST]ec7ac8ad1b2ba06b6ae12c972399d29d", "2026/11/20/[$LATEST]0f3b", None]
events = st.builds(
    LogEvent,
    st.sampled_from([None, 0, 1795168805697, 1795168805698, 1795168805699]),
    st.sampled_from(["START RequestId: 1\n", "Error: connect ETIMEDOUT 10.0.3.47:5432\n", "END\n"]),
    st.none(),
    st.sampled_from(STREAMS),
    st.sampled_from([None, "1", "2", "3"]),
)
inputs = st.lists(st.lists(st.lists(events, max_size=8), max_size=3), min_size=1, max_size=4)


def _found(
    batches: list[list[list[LogEvent]]], fast: bool, monkeypatch: pytest.MonkeyPatch, pure: bool = False
) -> list[Any]:
    if not fast:
        monkeypatch.setattr(Deduplicator, "_all_new", lambda self, items: False)
    if pure:
        monkeypatch.setattr(fast_events, "compiled", lambda: None)
    dedup = Deduplicator()
    found = []
    for source in batches:
        dedup.next_input()
        found.append([dedup.duplicates(batch) for batch in source])
    monkeypatch.undo()
    return found


@pytest.mark.parametrize("pure", [False, True], ids=["c", "python"])
@settings(max_examples=300, deadline=None)
@given(batches=inputs)
def test_both_ways_find_the_same_duplicates(batches: list[list[list[LogEvent]]], pure: bool) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _found(batches, True, monkeypatch, pure) == _found(batches, False, monkeypatch)


@settings(max_examples=300, deadline=None)
@given(batch=st.lists(events, max_size=12))
def test_the_c_keys_are_the_python_keys(batch: list[LogEvent]) -> None:
    scan = fast_events.compiled()
    assert scan is not None
    assert scan.keyed(batch, msgspec.UNSET) == _keyed(batch)


def test_the_c_keys_decline_a_time_beyond_64_bits() -> None:
    """`_keyed` reads it (a Python int); the C module leaves such a batch to the event-by-event check."""
    scan = fast_events.compiled()
    assert scan is not None
    far = [LogEvent(2**70, "x", None, STREAMS[0])]
    assert scan.keyed(far, msgspec.UNSET) is None and _keyed(far) is not None


def test_an_export_given_twice_and_pages_that_meet() -> None:
    page = [LogEvent(1795168805697 + n, f"line {n}\n", None, STREAMS[n % 2], str(n)) for n in range(6)]
    later = [
        LogEvent(1795168805702 + n, f"line {n + 5}\n", None, STREAMS[(n + 5) % 2], str(n + 5))
        for n in range(3)
    ]
    dedup = Deduplicator()
    dedup.next_input()
    assert dedup.duplicates(page) == []
    dedup.next_input()
    assert dedup.duplicates(later) == [0]  # the last millisecond of the page before, again
    dedup.next_input()
    assert dedup.duplicates(page) == [0, 1, 2, 3, 4, 5]  # the first page given twice
