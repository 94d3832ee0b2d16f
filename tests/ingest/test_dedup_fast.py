"""The duplicate check of a batch with nothing seen before, a column at a time, is the event-by-event check.

`Deduplicator.duplicates` first tries `_all_new` (no eventId twice, no event inside the time
range an earlier input held of its stream); both ways must find the same duplicates, input
after input, whatever the batches hold: pages that meet in a millisecond, an export given
twice, eventIds repeated within an input, some events with ids and some without.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.events import LogEvent
from checker.ingest.read import Deduplicator

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


def _found(batches: list[list[list[LogEvent]]], fast: bool, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    if not fast:
        monkeypatch.setattr(Deduplicator, "_all_new", lambda self, items: False)
    dedup = Deduplicator()
    found = []
    for source in batches:
        dedup.next_input()
        found.append([dedup.duplicates(batch) for batch in source])
    monkeypatch.undo()
    return found


@settings(max_examples=300, deadline=None)
@given(batches=inputs)
def test_both_ways_find_the_same_duplicates(batches: list[list[list[LogEvent]]]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _found(batches, True, monkeypatch) == _found(batches, False, monkeypatch)


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
