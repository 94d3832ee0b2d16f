"""Insights rows read a column at a time give what the general reader gives, row for row.

The fast reader (fast_rows.py) decodes slices of rows with msgspec and takes each field as a
column; the general reader (json_formats.py) builds a dict per row and checks it against the
schema. Over generated documents (bad rows, missing and repeated fields, fields in any order,
several log groups, non-ASCII and large values, timestamps in and out of Insights' form) both
give the same events, in the same order, and the same skips with the same problems.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.events import LogEvent
from checker.ingest import fast_rows, json_formats
from checker.ingest.batch import Batch
from checker.ingest.skips import Skip
from checker.ingest.timestamps import parse_timestamp, parse_timestamps

stamps = st.one_of(
    st.builds(
        lambda d, h, ms: f"2026-11-{d:02d} {h:02d}:00:0{ms % 10}.{ms:03d}",
        st.integers(1, 31),
        st.integers(0, 25),
        st.integers(0, 999),
    ),
    st.sampled_from(["", "2026-11-20T10:00:00.123Z", "9999-12-31 23:59:59.999", "2026-11-20 10:00:00.12٣"]),
    st.text(max_size=24),
)
texts = st.one_of(
    st.sampled_from(["START RequestId: 1 Version: $LATEST\n", "connect ETIMEDOUT 10.0.0.1:5432\n", ""]),
    st.text(max_size=40),
    st.builds(lambda n: "ECONNREFUSED é " * n, st.integers(0, 3000)),  # a large field
)
scalars: st.SearchStrategy[Any] = st.one_of(
    texts, st.integers(-5, 5), st.none(), st.booleans(), st.floats(0, 1)
)
logs = st.sampled_from(["123456789012:/aws/lambda/a", "123456789012:/aws/lambda/b", "/aws/lambda/c", ""])
NAMES = ["@timestamp", "@message", "@logStream", "@log", "@ptr", "requestId"]


@st.composite
def rows(draw: st.DrawFn) -> list[tuple[str, Any]]:
    """One row as (field, value) pairs: mostly a plain row, sometimes a field missing, given
    twice, out of order or of the wrong type."""
    row: list[tuple[str, Any]] = [
        ("@timestamp", draw(stamps)),
        ("@message", draw(texts)),
        ("@logStream", draw(st.sampled_from(["2026/11/20/[$LATEST]abc", "s2", ""]))),
        ("@log", draw(logs)),
        ("@ptr", draw(st.sampled_from(["CmAK1", "CmAK2"]))),
    ]
    if draw(st.integers(0, 19)) == 0:
        del row[draw(st.integers(0, len(row) - 1))]
    if draw(st.integers(0, 4)) == 0:  # mostly a value the schema takes; a list it refuses
        value = ["a"] if draw(st.integers(0, 9)) == 0 else draw(scalars)
        row.insert(draw(st.integers(0, len(row))), (draw(st.sampled_from(NAMES)), value))
    if draw(st.integers(0, 19)) == 0:
        row.reverse()
    return row


documents = st.lists(rows(), min_size=1, max_size=60)


def events_and_skips(parts: Iterable[Batch | Skip | LogEvent]) -> tuple[list[LogEvent], list[Skip]]:
    """The events, and the skips, each in order (a batch comes after the skips of its rows)."""
    events: list[LogEvent] = []
    skips: list[Skip] = []
    for part in parts:
        if isinstance(part, Skip):
            skips.append(part)
        elif isinstance(part, Batch):
            events += map(part.event, range(part.events))
        else:
            events.append(part)
    return events, skips


def _results(doc: list[list[tuple[str, Any]]]) -> bytes:
    rows = [[{"field": f, "value": v} for f, v in row] for row in doc]
    return json.dumps({"results": rows, "status": "Complete"}, indent=1, ensure_ascii=False).encode()


def _console(doc: list[list[tuple[str, Any]]]) -> bytes:
    # A key given twice: its last value (json.dumps of a dict), as ijson and msgspec read it.
    return json.dumps([dict(row) for row in doc], indent=1, ensure_ascii=False).encode()


def _both(
    monkeypatch: pytest.MonkeyPatch, data: bytes, shape: Any, general: Any, chunk: int = 512
) -> tuple[Any, Any]:
    monkeypatch.setattr(fast_rows, "CHUNK", chunk)  # many slices of a few rows each
    got = events_and_skips(fast_rows.read_rows(io.BufferedReader(io.BytesIO(data)), "x.json", shape))
    want = events_and_skips(general(io.BytesIO(data), "x.json"))
    return got, want


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=documents)
def test_get_query_results_rows_equal_the_general_reader(monkeypatch: pytest.MonkeyPatch, doc: Any) -> None:
    got, want = _both(monkeypatch, _results(doc), fast_rows.RESULTS, json_formats.read_insights_results)
    assert got == want


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=documents)
def test_console_rows_equal_the_general_reader(monkeypatch: pytest.MonkeyPatch, doc: Any) -> None:
    got, want = _both(monkeypatch, _console(doc), fast_rows.CONSOLE, json_formats.read_insights_console)
    assert got == want


def test_plain_rows_go_the_column_way_in_batches_of_one_log_group(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = [
        [("@timestamp", f"2026-11-20 10:00:0{n % 10}.00{n % 10}"), ("@message", f"m{n}\n"), ("@log", log)]
        for n, log in enumerate(["1:/aws/lambda/a"] * 30 + ["1:/aws/lambda/b"] * 30)
    ]
    monkeypatch.setattr(fast_rows, "CHUNK", 512)
    parts = list(
        fast_rows.read_rows(io.BufferedReader(io.BytesIO(_results(doc))), "x.json", fast_rows.RESULTS)
    )
    rows = [p for p in parts if isinstance(p, Batch) and isinstance(p.items[0], fast_rows.RowEvent)]
    assert [p.log_group for p in rows] == ["/aws/lambda/a", "/aws/lambda/b"]  # one group a batch
    assert sum(p.events for p in rows) > 50  # all but the last slice's rows took the struct route
    got, want = _both(monkeypatch, _results(doc), fast_rows.RESULTS, json_formats.read_insights_results)
    assert got == want


@settings(max_examples=300, deadline=None)
@given(column=st.lists(stamps.filter(bool), max_size=20))
def test_a_column_of_timestamps_parses_as_each_alone(column: list[str]) -> None:
    assert parse_timestamps(column) == [parse_timestamp(text) for text in column]


def _plain(count: int) -> list[list[tuple[str, Any]]]:
    return [
        [("@timestamp", f"2026-11-20 10:00:00.{n:03d}"), ("@message", f"m{n}\n"), ("@ptr", f"p{n}")]
        for n in range(count)
    ]


def test_a_console_ptr_that_is_no_string_is_no_event_id(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _plain(60)
    doc[20] = [*doc[20][:2], ("@ptr", 7)]  # the schema takes any scalar there; the event has no id
    got, want = _both(monkeypatch, _console(doc), fast_rows.CONSOLE, json_formats.read_insights_console)
    assert got == want
    assert [e.event_id for e in got[0][19:22]] == ["p19", None, "p21"]


def test_rows_whose_lengths_differ_but_whose_fields_line_up_are_each_their_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = _plain(60)
    # Two rows of 2 and 4 fields: laid end to end, the fields of two rows of 3.
    doc[20], doc[21] = doc[20][:2], [doc[20][2], *doc[21]]
    data = _results(doc)
    got, want = _both(
        monkeypatch, data, fast_rows.RESULTS, json_formats.read_insights_results, len(data) // 2
    )
    assert got == want
    assert [(e.message, e.event_id) for e in got[0][20:22]] == [("m20\n", None), ("m21\n", "p21")]
