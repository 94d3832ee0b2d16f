"""`Scanner.sift` (checker/_scan.c): every other reader's batches the C scanner's way (issue 14).

A sift of a batch of decoded events must select what the Python path selects (the same events,
flags and START/END/REPORT lines as `Scanner.scan` would give for them), decline what it cannot
read exactly (a NUL in a message, two log groups), leave the grouper in the state the Python
path leaves it, and give byte-identical reports in every format with and without the C module.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.events import LogEvent
from checker.ingest import fast_events
from checker.ingest.batch import Batch, sifted
from checker.ingest.text import TextEvent
from checker.ingest.timestamps import MAX_MILLIS
from examples import lambda_lines as L
from tests import reencode
from tests.ingest.test_scan import (
    RID,
    _flags_in_python,
    _group,
    _message,
    _reports,
    python_path,
    same_selection,
)

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import generate as bench_generate  # type: ignore[import-not-found]  # noqa: E402  (bench/generate.py)

SIFTER = fast_events.sifter()
TIMES = st.integers(1795168800000, 1795168805000)
GROUPS = ["/aws/lambda/orders-api", "/aws/lambda/billing", None, ""]
# The platform records of Lambda's JSON log format (examples/lambda_lines.py), which the Python
# path reads in `_add_one`: a sifted batch hands them over as selected events.
RECORDS = [
    L.json_platform_start(1795168800000, RID[0]),
    L.json_platform_report(1795168800400, RID[0], 380.5, 256, 71),
]


@st.composite
def items(draw: Any) -> list[Any]:
    """LogEvents (their own groups, no time, no stream) and the readers' structs, mixed."""
    out: list[Any] = []
    groups = [draw(st.sampled_from(GROUPS))]
    if draw(st.integers(0, 3)) == 0:  # mostly one group a batch: those are sifted
        groups.append(draw(st.sampled_from(GROUPS)))
    for _ in range(draw(st.integers(0, 40))):
        message = draw(st.sampled_from(RECORDS)) if draw(st.integers(0, 9)) == 0 else _message(draw)
        kind = draw(st.integers(0, 9))  # mostly a time; none; one no reader gives (an API caller's)
        timestamp = None if kind == 0 else draw(st.sampled_from([-1, 2**70])) if kind == 1 else draw(TIMES)
        stream = draw(st.sampled_from(["2026/11/20/[$LATEST]aa", "2026/11/20/[$LATEST]bb", "", None]))
        if draw(st.booleans()) or timestamp is None or not 0 <= timestamp <= MAX_MILLIS:
            out.append(LogEvent(timestamp, message, draw(st.sampled_from(groups)), stream))
        else:
            out.append(TextEvent(timestamp, message, msgspec.UNSET if stream is None else stream))
    return out


def _group_of(item: Any, batch_group: str | None) -> Any:
    return item.log_group if isinstance(item, LogEvent) else batch_group


@settings(max_examples=300, deadline=None)
@given(items(), st.sampled_from(GROUPS))
def test_a_sift_selects_what_the_python_path_selects(batch_items: list[Any], batch_group: str | None) -> None:
    found = SIFTER.sift(batch_items, LogEvent, batch_group)
    groups = {_group_of(item, batch_group) for item in batch_items}
    times = [item.timestamp for item in batch_items if _flags_in_python(item.message)]
    if (
        any("\x00" in item.message for item in batch_items)
        or len(groups) > 1
        or any(t is not None and not 0 <= t <= MAX_MILLIS for t in times)
    ):
        assert found is None  # the Python path looks at every event, keys each by its group, or
        return  # takes times beyond the readers' (an API caller's)
    assert found is not None
    selected, flags, lines, group = found
    assert group == (groups.pop() if groups else batch_group)
    same_selection(batch_items, selected, flags, lines, sifted=True)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(items(), min_size=1, max_size=4),
    st.integers(1, 3),
    st.lists(st.sampled_from(["export.log", "other.log"]), min_size=4, max_size=4),
)
def test_the_grouper_gives_the_same_from_sifted_batches(
    batches: list[list[Any]], keep_recent: int, inputs: list[str]
) -> None:
    """Batches of several groups and inputs, times and streams missing, NULs: the grouper ends
    in the same state (invocations, evidence, counts, spans, zones) either way."""
    inputs = inputs[: len(batches)]
    handed_python: list[Any] = []
    handed_c: list[Any] = []
    with python_path():
        python = _group(iter(Batch(b) for b in batches), keep_recent, handed_python, inputs)
    assert _group(iter(Batch(b) for b in batches), keep_recent, handed_c, inputs) == python
    assert handed_c == handed_python


def test_a_batch_of_one_group_and_no_nul_is_sifted() -> None:
    """What `Grouper.add_batch` then reads: the events it stands for, its lines, its group."""
    rid = RID[1]
    events = [
        LogEvent(1, L.start(rid), "/aws/lambda/a", "s"),
        LogEvent(2, "INFO ready\n", "/aws/lambda/a", "s"),
        LogEvent(3, L.report(rid, 2.5, 128, 60), "/aws/lambda/a", "s"),
        LogEvent(4, '{"az_id":"use1-az4"}', "/aws/lambda/a", "s"),
    ]
    batch = sifted(Batch(events), SIFTER)
    assert batch is not None
    assert (batch.events, batch.items, batch.flags) == (4, [events[3]], b"\x02")
    assert batch.log_group == "/aws/lambda/a"
    assert [entry[1:4] for entry in batch.lines.entries()] == [("START", 1, "s"), ("REPORT", 3, "s")]
    assert sifted(Batch([*events, LogEvent(5, "a\x00b", "/aws/lambda/a", "s")]), SIFTER) is None
    assert sifted(Batch([*events, LogEvent(5, "b", "/aws/lambda/b", "s")]), SIFTER) is None


def test_batches_of_two_groups_keep_their_streams_apart() -> None:
    """One input, one stream name, two log groups (a subscription file of two functions): each
    batch's lines go to its own group's invocations."""
    batches = [
        [
            LogEvent(n, L.start(RID[n]), group, "s"),
            LogEvent(n + 1, L.report(RID[n], 1.5, 128, 60), group, "s"),
        ]
        for n, group in enumerate(["/aws/lambda/a", "/aws/lambda/b"])
    ]
    with python_path():
        python = _group(iter(Batch(b) for b in batches), 8, [], ["export.log"] * 2)
    assert _group(iter(Batch(b) for b in batches), 8, [], ["export.log"] * 2) == python
    assert [(inv[0], inv[1]) for inv in python[0]] == [(RID[0], "/aws/lambda/a"), (RID[1], "/aws/lambda/b")]


def test_a_time_no_reader_gives_turns_sifting_off() -> None:
    """An API caller's event dated past 9999 (a Python int of any size) goes the Python way,
    and so does every batch after it: its stream's state now holds ints beyond the C's."""
    far = LogEvent(2**70, L.start(RID[2]), None, "s")
    later = [LogEvent(5, L.start(RID[3]), None, "s"), LogEvent(6, L.end(RID[3]), None, "s")]
    assert sifted(Batch([far]), SIFTER) is None and sifted(Batch(later), SIFTER) is not None
    with python_path():
        python = _group(iter([Batch([far]), Batch(later)]), 8, [], ["api"] * 2)
    assert _group(iter([Batch([far]), Batch(later)]), 8, [], ["api"] * 2) == python


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[LogEvent]:
    """A generated export's events (bench/generate.py: platform lines, failures, AZ IDs)."""
    path = tmp_path_factory.mktemp("generated") / "export.json"
    bench_generate.generate(path, 400 * 1024, 17, 24, 0.2, 30)
    doc = json.loads(path.read_bytes())
    return [LogEvent(e["timestamp"], e["message"], None, e["logStreamName"]) for e in doc["events"]]


@pytest.mark.parametrize("fmt", sorted(reencode.ENCODERS))
def test_every_format_gives_identical_reports_with_and_without_the_c_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, generated: list[LogEvent], fmt: str
) -> None:
    path = reencode.ENCODERS[fmt](generated, tmp_path, "/aws/lambda/orders-api")
    pure, compiled = _reports([str(path)], monkeypatch)
    assert compiled == pure
    assert json.loads(compiled[1])["summary"]["failed_invocations"] > 0
