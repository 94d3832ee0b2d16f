"""Many small files and big Insights documents read fast, with the same events and verdicts.

Pages of one export meet only in their last millisecond, so the duplicate check keeps a
compact key per event and builds no set for them; an export given twice still counts each
event once. Logs Insights rows are decoded in slices by msgspec; from a slice with a row the
schema refuses, the general reader takes over and says why, with the same pointer.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from checker.ingest import json_formats
from checker.ingest.fast_rows import CONSOLE, RESULTS, read_rows
from checker.ingest.read import Ingest
from tests.ingest.lines import (
    NODE_TIMEOUT,
    STREAM_A,
    STREAM_B,
    T0,
    end,
    event,
    filter_export,
    node_error,
    report,
    start,
)
from tests.ingest.test_rows_fast import events_and_skips

CAP = 2**31


def _read(*paths: Path) -> Ingest:
    ingest = Ingest([str(p) for p in paths], max_inflated_bytes=CAP)
    for _ in ingest.events():
        pass
    return ingest


def _invocation(n: int, at: int, stream: str) -> list[dict[str, object]]:
    lines = [start(n), node_error(n, "2026-11-23T10:00:00.100Z", NODE_TIMEOUT), end(n), report(n)]
    return [event(at + i, line, stream) for i, line in enumerate(lines)]


def test_pages_that_repeat_their_last_millisecond_count_each_event_once(tmp_path: Path) -> None:
    first = _invocation(1, T0, STREAM_A) + _invocation(2, T0, STREAM_B)
    # The next page starts in the millisecond the first ended: one event again, one new.
    again = first[3]
    stamp = again["timestamp"]
    assert isinstance(stamp, int)
    same_ms = event(stamp, "2026-11-23T10:00:00.103Z\tretrying\n", STREAM_A)
    second = [again, same_ms, *_invocation(3, T0 + 10, STREAM_A)]
    (tmp_path / "page-1.json").write_text(filter_export(first))
    (tmp_path / "page-2.json").write_text(filter_export(second))
    (tmp_path / "page-3.json").write_text(filter_export(first))  # the first page, fetched twice
    ingest = _read(tmp_path)
    assert [(Path(i.path).name, i.events, dict(i.skipped_reasons)) for i in ingest.inputs] == [
        ("page-1.json", 8, {}),
        ("page-2.json", 5, {"duplicate event": 1}),
        ("page-3.json", 0, {"duplicate event": 8}),
    ]


def test_an_event_id_repeated_with_its_stream_and_time_is_one_event(tmp_path: Path) -> None:
    one = event(T0, start(1), STREAM_A, event_id="38123456789012345678901234567890123456789012345678901234")
    two = {**one, "message": start(1).replace("$LATEST", "7")}  # the same id: the same event
    other = {**one, "logStreamName": STREAM_B}  # the same id in another stream: another event
    (tmp_path / "a.json").write_text(filter_export([one]))
    (tmp_path / "b.json").write_text(filter_export([two]))
    (tmp_path / "c.json").write_text(filter_export([other]))
    ingest = _read(tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.json")
    assert [(i.events, dict(i.skipped_reasons)) for i in ingest.inputs] == [
        (1, {}),
        (0, {"duplicate event": 1}),
        (1, {}),
    ]


def _rows(count: int) -> list[list[dict[str, str]]]:
    rows = []
    for n in range(count):
        stamp = f"2026-11-23 10:{n // 60000 % 60:02d}:{n // 1000 % 60:02d}.{n % 1000:03d}"
        message = node_error(n, "2026-11-23T10:00:00.100Z", NODE_TIMEOUT) if n % 7 == 0 else start(n)
        rows.append(
            [
                {"field": "@timestamp", "value": stamp},
                {"field": "@message", "value": message},
                {"field": "@logStream", "value": STREAM_A},
                {"field": "@log", "value": "123456789012:/aws/lambda/orders-api"},
                {"field": "@ptr", "value": f"CmAKJQohMTIzNDU2Nzg5MDEy{n:012d}"},
            ]
        )
    return rows


def _both(data: bytes, fast: object, general: object) -> tuple[Any, Any]:
    got = events_and_skips(read_rows(io.BufferedReader(io.BytesIO(data)), "x.json", fast))  # type: ignore[arg-type]
    return got, events_and_skips(general(io.BytesIO(data), "x.json"))  # type: ignore[operator]


@pytest.mark.parametrize("bad", [None, 3, 9000])
def test_insights_results_in_slices_equal_the_general_reader(bad: int | None) -> None:
    rows = _rows(12000)  # ~5 MB: several slices
    if bad is not None:
        rows[bad][2]["value"] = 7  # type: ignore[assignment]
    doc = {"results": rows, "statistics": {"recordsMatched": 12000.0}, "status": "Complete"}
    got, want = _both(json.dumps(doc, indent=4).encode(), RESULTS, json_formats.read_insights_results)
    assert got == want
    skips = [item.problem for item in got[1]]
    assert skips == ([] if bad is None else [f"/results/{bad}/2/value: 7 is not of type 'string'"])
    assert len(got[0]) == 12000 - (bad is not None)


@pytest.mark.parametrize("bad", [None, 8000])
def test_insights_console_json_in_slices_equals_the_general_reader(bad: int | None) -> None:
    rows: list[dict[str, object]] = [{p["field"]: p["value"] for p in row} for row in _rows(12000)]
    if bad is not None:
        rows[bad]["@logStream"] = ["not", "a", "string"]
    got, want = _both(json.dumps(rows, indent=2).encode(), CONSOLE, json_formats.read_insights_console)
    assert got == want
    skips = [item.problem for item in got[1]]
    assert skips == (
        [] if bad is None else [f"/{bad}/@logStream: ['not', 'a', 'string'] is not of type 'string'"]
    )


def test_insights_results_cut_short_say_so_after_the_fast_slices() -> None:
    doc = json.dumps({"results": _rows(12000), "status": "Complete"}, indent=4).encode()
    with pytest.raises(Exception) as fast:
        list(read_rows(io.BufferedReader(io.BytesIO(doc[:-5000])), "x.json", RESULTS))
    with pytest.raises(Exception) as general:
        list(json_formats.read_insights_results(io.BytesIO(doc[:-5000]), "x.json"))
    assert str(fast.value) == str(general.value)
    assert "truncated JSON" in str(fast.value)
