"""Grouping events into invocations: ids, interleaved streams, disorder, JSON logs, id-less runtimes."""

from __future__ import annotations

import json
import random
import re
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checker.events import LogEvent
from checker.functions import function_key
from checker.invocations import Grouper, Invocation, group, request_id_of
from tests.ingest.lines import (
    JAVA_REFUSED,
    NODE_TIMEOUT,
    PY_REFUSED,
    STREAM_A,
    STREAM_B,
    T0,
    end,
    node_error,
    python_error,
    report,
    rid,
    start,
)

GROUP = "/aws/lambda/orders-api"


def ev(ts: int, message: str, stream: str = STREAM_A, group_name: str | None = GROUP) -> tuple[LogEvent, str]:
    return LogEvent(ts, message, group_name, stream), "export.json"


def by_id(invocations: list[Invocation]) -> dict[str | None, Invocation]:
    return {inv.request_id: inv for inv in invocations}


def node_invocation(
    n: int, t: int, stream: str, fail: bool, duration: float = 120.0
) -> list[tuple[LogEvent, str]]:
    lines = [ev(t, start(n), stream)]
    if fail:
        lines.append(ev(t + 5, node_error(n, "2026-11-20T10:00:00.005Z", NODE_TIMEOUT), stream))
    lines += [
        ev(t + int(duration), end(n), stream),
        ev(t + int(duration), report(n, duration, int(duration) + 1), stream),
    ]
    return lines


def test_report_metrics_and_timeouts() -> None:
    events = [
        ev(T0, start(1)),
        ev(T0 + 30_000, f"2026-11-20T10:00:30.050Z {rid(1)} Task timed out after 30.03 seconds\n"),
        ev(T0 + 30_001, end(1)),
        ev(T0 + 30_001, report(1, 30003.12, 30004, 512, 88, init=210.3)),
        ev(T0 + 40_000, start(2)),
        ev(T0 + 41_000, end(2)),
        ev(T0 + 41_000, report(2, 1000.0, 1000, 512, 90, status="timeout")),
    ]
    invs = by_id(group(events))
    one = invs[rid(1)]
    assert (one.duration_ms, one.billed_ms, one.memory_mb, one.max_memory_mb, one.init_ms, one.timed_out) == (
        30003.12,
        30004,
        512,
        88,
        210.3,
        True,
    )
    assert (one.start, one.end) == (T0, T0 + 30_001)
    assert invs[rid(2)].timed_out and invs[rid(2)].status == "timeout"


def test_copied_report_with_spaces_instead_of_tabs() -> None:
    line = report(3, 15.5, 16, 128, 60).replace("\t", "    ")
    inv = group([ev(T0, start(3)), ev(T0 + 16, line)])[0]
    assert (inv.duration_ms, inv.billed_ms, inv.memory_mb, inv.max_memory_mb) == (15.5, 16, 128, 60)


def test_interleaved_streams_and_shuffled_events_group_the_same() -> None:
    events = []
    for n in range(40):
        stream = STREAM_A if n % 2 else STREAM_B
        events += node_invocation(n, T0 + n * 1000, stream, fail=n % 5 == 0)
    ordered = group(events)
    assert len(ordered) == 40
    assert sorted(i.request_id or "" for i in ordered if i.failed) == [rid(n) for n in range(0, 40, 5)]
    summary = lambda invs: sorted((i.request_id, i.log_stream, i.failed, i.duration_ms) for i in invs)  # noqa: E731
    fully = events[:]
    random.Random(7).shuffle(fully)  # any order at all: every invocation is kept by group()
    assert summary(group(fully)) == summary(ordered)


def test_bounded_grouper_counts_every_invocation_under_local_disorder() -> None:
    events = []
    for n in range(400):
        stream = STREAM_A if n % 2 else STREAM_B
        events += node_invocation(n, T0 + n * 1000, stream, fail=n % 7 == 0)
    # Disorder as exports have it: events shuffled within windows of a few invocations.
    shuffled: list[tuple[LogEvent, str]] = []
    rng = random.Random(7)
    for start_at in range(0, len(events), 24):
        window = events[start_at : start_at + 24]
        rng.shuffle(window)
        shuffled += window
    grouper = Grouper()  # keeps only the last few finished invocations of each stream
    for event, name in shuffled:
        grouper.add(event, name)
    kept = grouper.finish()
    assert len(kept) < 100
    assert len(kept) + sum(grouper.retired.values()) == 400
    assert sorted(i.request_id or "" for i in kept if i.failed) == sorted(rid(n) for n in range(0, 400, 7))
    assert grouper.retired == {
        (GROUP, STREAM_A, None): (200 - len([i for i in kept if i.log_stream == STREAM_A])),
        (GROUP, STREAM_B, None): (200 - len([i for i in kept if i.log_stream == STREAM_B])),
    }


def test_python_line_with_request_id() -> None:
    events = [
        ev(T0, start(4)),
        ev(T0 + 3, python_error(4, "2026-11-20T10:00:00.003Z", PY_REFUSED)),
        ev(T0 + 9, end(4)),
        ev(T0 + 9, report(4)),
    ]
    inv = group(events)[0]
    assert inv.request_id == rid(4)
    assert [(e.failure.category, e.failure.host, e.failure.port) for e in inv.evidence] == [
        ("ECONNREFUSED", "10.0.5.20", 8080)
    ]


def test_java_lines_without_id_join_the_running_invocation_of_their_stream() -> None:
    # Two environments run at the same time; each Java stack-trace line is its own event.
    events = [
        ev(T0, start(1), STREAM_A),
        ev(T0 + 1, start(2), STREAM_B),
        ev(T0 + 50, JAVA_REFUSED + "\n", STREAM_B),
        ev(T0 + 51, "\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)\n", STREAM_B),
        ev(T0 + 60, end(2), STREAM_B),
        ev(T0 + 60, report(2), STREAM_B),
        ev(T0 + 70, end(1), STREAM_A),
        ev(T0 + 70, report(1), STREAM_A),
    ]
    invs = by_id(group(events))
    assert not invs[rid(1)].failed
    assert [e.failure.category for e in invs[rid(2)].evidence] == ["ECONNREFUSED"]


def test_idless_line_arriving_before_its_start_is_placed_by_time() -> None:
    events = [
        ev(T0 + 50, JAVA_REFUSED + "\n"),
        ev(T0, start(1)),
        ev(T0 + 60, end(1)),
        ev(T0 + 61, start(2)),
        ev(T0 + 90, end(2)),
    ]
    invs = by_id(group(events))
    assert invs[rid(1)].failed and not invs[rid(2)].failed


def test_json_log_format() -> None:
    rid_a = rid(11)
    records = [
        {
            "time": "2026-11-20T10:00:00.000Z",
            "type": "platform.initStart",
            "record": {
                "initializationType": "on-demand",
                "phase": "init",
                "runtimeVersion": "nodejs:20.v33",
                "functionName": "orders-api",
                "functionVersion": "$LATEST",
            },
        },
        {
            "time": "2026-11-20T10:00:00.300Z",
            "type": "platform.start",
            "record": {"requestId": rid_a, "version": "$LATEST"},
        },
        {
            "timestamp": "2026-11-20T10:00:00.400Z",
            "level": "ERROR",
            "requestId": rid_a,
            "message": "query failed",
            "errorType": "Error",
            "errorMessage": "connect ECONNREFUSED 10.0.1.5:5432",
            "code": "ECONNREFUSED",
            "errno": -111,
            "syscall": "connect",
            "address": "10.0.1.5",
            "port": 5432,
            "stackTrace": [
                "Error: connect ECONNREFUSED 10.0.1.5:5432",
                "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)",
            ],
        },
        {
            "time": "2026-11-20T10:00:00.500Z",
            "type": "platform.runtimeDone",
            "record": {"requestId": rid_a, "status": "success", "metrics": {"durationMs": 190.2}},
        },
        {
            "time": "2026-11-20T10:00:00.510Z",
            "type": "platform.report",
            "record": {
                "requestId": rid_a,
                "status": "success",
                "metrics": {
                    "durationMs": 201.5,
                    "billedDurationMs": 202,
                    "memorySizeMB": 256,
                    "maxMemoryUsedMB": 71,
                    "initDurationMs": 280.1,
                },
            },
        },
    ]
    events = [ev(T0 + i, json.dumps(r) + "\n") for i, r in enumerate(records)]
    invs = group(events)
    assert len(invs) == 1
    inv = invs[0]
    assert (
        inv.request_id,
        inv.duration_ms,
        inv.billed_ms,
        inv.memory_mb,
        inv.max_memory_mb,
        inv.init_ms,
    ) == (rid_a, 201.5, 202, 256, 71, 280.1)
    assert [(e.failure.category, e.failure.host, e.failure.port) for e in inv.evidence] == [
        ("ECONNREFUSED", "10.0.1.5", 5432)
    ]


def test_request_id_prefixes_of_each_runtime() -> None:
    r = rid(5)
    assert request_id_of(f"2026-11-20T10:00:00.000Z\t{r}\tERROR\tboom") == r  # Node.js
    assert request_id_of(f"[ERROR]\t2026-11-20T10:00:00.000Z\t{r}\tboom") == r  # Python
    assert request_id_of(f"2026-11-20T10:00:00.000Z\t{r}\tfail\tboom") == r  # .NET
    assert request_id_of(f"E, [2026-11-20T10:00:00.000000 #8] ERROR {r} -- : boom") == r  # Ruby
    assert request_id_of(json.dumps({"level": "ERROR", "AWSRequestId": r})) == r  # Java JSON
    assert request_id_of(json.dumps({"level": "ERROR", "function_request_id": r})) == r  # Powertools
    assert request_id_of("java.net.ConnectException: Connection refused") is None


def test_errors_only_query_without_platform_lines() -> None:
    # A Logs Insights query that kept only error lines: invocations come from the failures.
    events = [
        ev(T0, node_error(1, "2026-11-20T10:00:00.000Z", NODE_TIMEOUT)),
        ev(T0 + 5, node_error(2, "2026-11-20T10:00:00.005Z", NODE_TIMEOUT)),
        ev(T0 + 9, JAVA_REFUSED + "\n", STREAM_B),
    ]
    invs = group(events)
    assert sorted((i.request_id or "-", i.failed) for i in invs) == [
        ("-", True),
        (rid(1), True),
        (rid(2), True),
    ]


def test_failing_invocations_beyond_keep_failing_are_handed_over_complete() -> None:
    events = []
    for n in range(40):  # one stream, one after another; every 4th fails
        events += node_invocation(n, T0 + n * 1000, STREAM_A, fail=n % 4 == 0, duration=300.0 + n)
    handed: list[Invocation] = []
    grouper = Grouper(let_go=handed.append, keep_failing=2)
    for event, name in events:
        grouper.add(event, name)
    kept = grouper.finish()
    # 10 failing: the last 8 invocations stay in the window (2 failing), 2 wait, 6 are handed over
    assert [inv.request_id for inv in handed] == [rid(n) for n in (0, 4, 8, 12, 16, 20)]
    assert [(inv.duration_ms, inv.billed_ms, inv.report_line) for inv in handed[:2]] == [
        (300.0, 301, None),
        (304.0, 305, None),
    ]
    assert sorted(inv.request_id or "" for inv in kept if inv.failed) == [rid(n) for n in (24, 28, 32, 36)]
    assert len(kept) == 10 and grouper.retired == {(GROUP, STREAM_A, None): 30}


def test_spans_are_the_same_whether_failing_invocations_are_handed_over_or_kept() -> None:
    events = []
    for n in range(30):  # no START lines: a REPORT's duration tells when each one started
        t = T0 + n * 2000
        events += [
            ev(t + 5, node_error(n, "2026-11-20T10:00:00.005Z", NODE_TIMEOUT)),
            ev(t + 900, end(n)),
            ev(t + 900, report(n, 895.0, 896)),
        ]
    spans = []
    handed_over: list[Invocation] = []
    for let_go in (None, handed_over.append):
        grouper = Grouper(let_go=let_go, keep_failing=0)
        for event, name in events:
            grouper.add(event, name)
        grouper.finish()
        spans.append(grouper.function_spans())
    assert spans[0] == spans[1] == {function_key(GROUP, STREAM_A, None): (T0 + 5, T0 + 29 * 2000 + 900)}


def test_no_library_name_holds_a_tab() -> None:
    """invocations._Told names the library of a text with stand-ins for its runtime prefix's
    time and request id: exact only while no name spans a tab (nor fits in their characters)."""
    from checker.remediation import _snippets_table

    names = [name for snippet in _snippets_table() for name in snippet.names]
    assert names and not [name for name in names if "\t" in name]


# REPORT lines as Lambda writes them: tests/data/detect/exports/node-pg-connection-timeout.json
# (a CloudWatch export), with Init Duration and Status as in tests/data/detect/corpus.yaml's
# timed-out REPORT (no tab after its status); edited below into what `_METRIC`/`_STATUS` read.
REAL_REPORTS = (
    "REPORT RequestId: 5f535d4d-9e32-4ac8-9188-ab72fa8da3e5\tDuration: 103.90 ms\tBilled Duration: 104 ms"
    "\tMemory Size: 512 MB\tMax Memory Used: 95 MB\t\n",
    "REPORT RequestId: 5f535d4d-9e32-4ac8-9188-ab72fa8da3e5\tDuration: 103.90 ms\tBilled Duration: 104 ms"
    "\tMemory Size: 512 MB\tMax Memory Used: 95 MB\tInit Duration: 233.51 ms\t\n",
    "REPORT RequestId: 5f535d4d-9e32-4ac8-9188-ab72fa8da3e5\tDuration: 3000.00 ms\tBilled Duration: 3000 ms"
    "\tMemory Size: 512 MB\tMax Memory Used: 95 MB\tStatus: timeout\t",
    "REPORT RequestId: 5f6a7b8c-9d0e-4f1a-2b3c-4d5e6f7a8b9c\tDuration: 30003.12 ms\tBilled Duration: 30000 ms"
    "\tMemory Size: 512 MB\tMax Memory Used: 88 MB\tInit Duration: 210.30 ms\tStatus: timeout\n",
)


def _read(message: str, began: int | None, standard: bool) -> tuple[object, ...]:
    import checker.invocations as invocations

    inv = Invocation("5f535d4d-9e32-4ac8-9188-ab72fa8da3e5", GROUP, STREAM_A, start=began, timed_out=False)
    saved = invocations._STANDARD_REPORT
    if not standard:
        invocations._STANDARD_REPORT = re.compile(r"(?!)")  # never matches: the findall reading
    try:
        Grouper._report(inv, 1_700_000_000_000, message)
    finally:
        invocations._STANDARD_REPORT = saved
    fields = "start duration_ms billed_ms memory_mb max_memory_mb init_ms status timed_out".split()
    return tuple((getattr(inv, f), type(getattr(inv, f))) for f in fields)


def test_a_standard_report_is_read_in_one_match_as_findall_reads_it() -> None:
    import checker.invocations as invocations

    for message in REAL_REPORTS:
        assert invocations._STANDARD_REPORT.fullmatch(message)
        for began in (None, 1_699_999_999_000):
            assert _read(message, began, True) == _read(message, began, False)
    timed_out = _read(REAL_REPORTS[2], None, True)
    assert timed_out[6:] == (("timeout", str), (True, bool))
    assert timed_out[0] == (1_700_000_000_000 - 3000, int)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(REAL_REPORTS),
    st.lists(
        st.tuples(
            st.integers(0, 140),
            st.sampled_from(
                ["", "\t", " ", "1", ".", "9.", "Restore Duration: 5.5 ms\t", "Status: error\t", "é"]
            ),
        ),
        max_size=3,
    ),
)
def test_any_report_reads_as_findall_reads_it(message: str, edits: list[tuple[int, str]]) -> None:
    for at, text in edits:
        at = min(at, len(message))
        message = message[:at] + text + message[at + 1 :]
    assert _read(message, None, True) == _read(message, None, False)


def test_a_new_invocation_can_be_a_copy_of_a_blank_one() -> None:
    """The C module (checker/_scan.c) makes each invocation a START/END/REPORT line names as a
    copy of `invocations._BLANK` with `Grouper._invocation`'s fields set: that is only the same
    as calling the constructor while every default is one immutable value and nothing runs after
    `__init__`."""
    import dataclasses

    from checker import invocations

    for field in dataclasses.fields(invocations.Invocation):
        assert field.default_factory is dataclasses.MISSING, field.name
        assert field.default is dataclasses.MISSING or isinstance(
            field.default, (type(None), int, str, tuple)
        )
    assert not hasattr(invocations.Invocation, "__post_init__")
    assert dataclasses.astuple(invocations._BLANK) == dataclasses.astuple(
        invocations.Invocation(None, None, None)
    )
    assert invocations.Invocation.__slots__ == tuple(
        f.name for f in dataclasses.fields(invocations.Invocation)
    )


def test_a_line_without_an_id_falls_only_where_the_quick_test_allows() -> None:
    """`_may_fall_in` spares `_place_pending` the sorted window for each invocation leaving it:
    whenever it says no, `_attribute` never places the line there; and a line that ran in an
    invocation whose span holds its time is placed there, as `_place_pending` takes it without
    the sorted window (random windows and lines)."""
    from checker import invocations

    rng = random.Random(14)
    grouper = Grouper()
    key = ("group", "stream")
    for _ in range(3000):
        window = []
        for n in range(rng.randrange(1, 6)):
            start = rng.choice([None, rng.randrange(0, 50)])
            end = rng.choice([None, None if start is None else start + rng.randrange(0, 20)])
            inv = Invocation(rng.choice([f"id-{n}", None]), "group", "stream", start=start, end=end)
            window.append(inv)
        grouper._by_id = {("group", inv.request_id or ""): inv for inv in window}
        line = invocations._Pending(
            key,
            rng.choice([None, rng.randrange(0, 70)]),
            rng.choice([None, "id-0", "id-1", "id-9"]),
            None,  # type: ignore[arg-type]  # the evidence: `_attribute` never looks at it
            "",
        )
        placed = grouper._attribute(line, invocations._timed(window))
        for inv in window:
            if not invocations._may_fall_in(line, inv):
                assert placed is not inv, (line, inv, window)
            if line.running and line.running == inv.request_id and invocations._falls_in(line.timestamp, inv):
                assert placed is inv, (line, inv, window)


def test_a_report_metric_that_is_no_number_is_left_out() -> None:
    """Hostile, not real wording: `Duration: 1.2.3 ms` (the metric pattern takes digits and
    dots) and a 400-digit duration were an internal error at the end of the run; each metric is
    now read only when it is a finite number, the others as if absent."""
    rid = "8f5c1c02-4b1e-4a53-9bd2-1d6c9f0e7a00"
    lines = [
        f"REPORT RequestId: {rid}\tDuration: 1.2.3 ms\tBilled Duration: 7 ms\tMemory Size: 128 MB\t",
        f"REPORT RequestId: {rid}\tDuration: {'9' * 400} ms\tBilled Duration: 8 ms\t",
    ]
    for message in lines:
        [inv] = group([(LogEvent(1795168800000, message, "group", "stream", None), "export.json")])
        assert inv.duration_ms is None and inv.start is None and inv.end == 1795168800000
        assert inv.billed_ms == (7 if "Memory" in message else 8)


def _report_of(
    events: list[tuple[LogEvent, str]], sweep_at: int, keep_recent: int | None = None
) -> tuple[tuple[Any, ...], int]:
    """What the report is made of (findings, invocations and spans per function), grouped as
    `analyze` groups, folding quiet streams whenever `sweep_at` new windows appeared (windows of
    `keep_recent`, the grouper's own when None); and how many invocations `finish` returned."""
    from collections import Counter

    import pytest

    from checker import invocations
    from checker.config import Config
    from checker.finding import FindingBuilder
    from checker.invocations import stream_of

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(invocations, "SWEEP_AT", sweep_at)
        builder = FindingBuilder(Config(max_listed_invocations=3))
        window = invocations.KEEP_RECENT if keep_recent is None else keep_recent
        grouper = Grouper(let_go=builder.add, keep_failing=2, keep_recent=window)
        for event, name in events:
            grouper.add(event, name)
        kept = grouper.finish()
    for inv in kept:
        builder.add(inv)
    totals = Counter(grouper.retired) + Counter(stream_of(inv) for inv in kept)
    spans = grouper.function_spans()
    findings = builder.findings(totals, spans, grouper.zones)
    return (findings, dict(totals), spans), len(kept)


def _stream_blocks(n0: int, stream: str, plan: list[tuple[int, int]]) -> list[list[tuple[LogEvent, str]]]:
    """One stream's invocations, each one's lines in order: (gap before it in ms, how it fails:
    0 not, 1 a Node error with its id, 2 a Java line without one, 3 both)."""
    out = []
    t = T0
    for n, (gap, fails) in enumerate(plan, start=n0):
        t += gap
        lines = [ev(t, start(n), stream)]
        if fails & 1:
            lines.append(ev(t + 3, node_error(n, "2026-11-20T10:00:00.003Z", NODE_TIMEOUT), stream))
        if fails & 2:
            lines.append(ev(t + 4, JAVA_REFUSED + "\n", stream))
        lines += [ev(t + 90, end(n), stream), ev(t + 90, report(n, 88.0 + n % 3, 89), stream)]
        out.append(lines)
        t += 100
    return out


def _stream_events(n0: int, stream: str, plan: list[tuple[int, int]]) -> list[tuple[LogEvent, str]]:
    """`_stream_blocks`, one line after another."""
    return [line for block in _stream_blocks(n0, stream, plan) for line in block]


_GAPS = st.sampled_from([1, 50, 400, 5_000, 60_000])
_PLANS = st.lists(
    st.lists(st.tuples(_GAPS, st.integers(0, 3)), min_size=1, max_size=5),
    min_size=1,
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(_PLANS, st.lists(st.integers(0, 10_000), max_size=6), st.randoms(use_true_random=False))
# Found by this test: a START read after its REPORT, then its stream folded (the fold widened
# only invocations whose start their REPORT told).
@example(plans=[[(1, 0)], [(400, 0)]], late=[0], rng=random.Random(0))
def test_folding_failing_streams_gives_the_report_holding_every_one_gives(
    plans: list[list[tuple[int, int]]], late: list[int], rng: random.Random
) -> None:
    """Streams that fail or not, with lines without an id, quiet gaps, and a few lines read
    late: folding every stream the input has left behind (a sweep at each event) gives the
    findings, counts and spans that keeping every window to the end gives."""
    streams = [f"2026/11/20/orders-api[$LATEST]{k:032x}" for k in range(len(plans))]
    events: list[tuple[LogEvent, str]] = []
    for k, plan in enumerate(plans):
        events += _stream_events(100 * k + 1, streams[k], plan)
    events.sort(key=lambda pair: pair[0].timestamp or 0)
    for at in late:  # a line read after some later ones, as disordered exports do
        if len(events) > 1:
            i = at % (len(events) - 1)
            j = min(len(events) - 1, i + rng.randrange(1, 4))
            events.insert(j, events.pop(i))
    # The input shows how late its lines come before it goes past any stream: a line of a
    # stream of its own, read as late as the latest of them (lateness no input has shown yet
    # cannot be told apart from a stream speaking again).
    latest, lateness = T0, 0
    for event, _name in events:
        latest = max(latest, event.timestamp or 0)
        lateness = max(lateness, latest - (event.timestamp or 0))
    clock = "2026/11/20/clock[$LATEST]0f"
    events[:0] = [ev(T0 + lateness, start(9_001), clock), ev(T0 - 1, start(9_002), clock)]
    held, _ = _report_of(events, 10**9)
    folded, _ = _report_of(events, 1)
    assert folded == held


def _counted(report: tuple[Any, ...]) -> tuple[Any, ...]:
    """What a report counts, whatever order its invocations were folded in: each finding's
    totals, costs, timeout and the counts of its errors and destinations, the invocations per
    stream, the spans. Not which of two invocations that started in the same millisecond comes
    first (a finding's examples and listed invocations): one let go ranks after those kept."""
    findings, totals, spans = report

    def counts(rows: Any) -> set[tuple[Any, ...]]:
        return {
            (e.category, e.code, e.message, e.host, e.port, e.invocations, e.wasted, e.timeout) for e in rows
        }

    return (
        [
            (
                f.function,
                f.severity,
                f.failed_invocations,
                f.total_invocations,
                f.categories,
                f.first_seen,
                f.last_seen,
                f.wasted,
                f.timeout,
                f.log_span,
                f.streams_with_invocations,
                counts(f.errors),
                counts(f.destinations),
            )
            for f in findings
        ],
        totals,
        spans,
    )


# the fixture only sets the environment, the same for every example
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_PLANS, st.randoms(use_true_random=False), st.integers(1, 3), st.sampled_from([1, 10**9]))
def test_windows_of_any_size_count_what_keeping_every_invocation_counts(
    reader_path: str, plans: list[list[tuple[int, int]]], rng: random.Random, keep_recent: int, sweep_at: int
) -> None:
    """Invocations that come in order in each stream, each one's own lines in any order (a START
    read after its REPORT, an error before its START): windows of one to three invocations,
    folded at every event or never, count what keeping every invocation to the end counts, with
    the C module and without."""
    blocks = []
    for k, plan in enumerate(plans):
        for block in _stream_blocks(100 * k + 1, f"2026/11/20/orders-api[$LATEST]{k:032x}", plan):
            rng.shuffle(block)
            blocks.append(block)
    blocks.sort(key=lambda block: min(event.timestamp or 0 for event, _name in block))
    events = [line for block in blocks for line in block]
    everything, _ = _report_of(events, 10**9, keep_recent=10**9)
    windowed, _ = _report_of(events, sweep_at, keep_recent=keep_recent)
    assert _counted(windowed) == _counted(everything)


def test_a_start_read_after_its_report_widens_the_span_when_its_invocation_leaves(reader_path: str) -> None:
    """A START read after its END and REPORT (a disordered export) moves the invocation's start
    after the REPORT widened its stream's span: the span is widened again when the invocation
    leaves its window, as `finish` widens those it keeps (it began at T0 + 100, not T0 + 190)."""
    stream = "2026/11/20/orders-api[$LATEST]" + "0" * 32
    events = []
    for n in range(1, 41):
        t = T0 + 100 * n
        lines = [ev(t, start(n), stream), ev(t + 90, end(n), stream), ev(t + 90, report(n, 88.0, 89), stream)]
        events += lines[1:] + lines[:1] if n == 1 else lines
    spans = []
    for keep in (2, 10**9):  # its window lets it go, or keeps it to the end
        grouper = Grouper(keep_recent=keep)
        for event, name in events:
            grouper.add(event, name)
        grouper.finish()
        spans.append(grouper.function_spans())
    assert spans[0] == spans[1] == {function_key(GROUP, stream, None): (T0 + 100, T0 + 4090)}


def test_a_stream_that_fails_goes_quiet_and_speaks_again_is_folded_and_counted_once() -> None:
    """A failing short-lived stream is folded once the input has left it behind (its window
    goes), and when it speaks again an hour later its new invocations count with the old ones."""
    quiet, loud = STREAM_A, STREAM_B
    events = _stream_events(1, quiet, [(0, 1), (10, 2)])
    events += _stream_events(10, loud, [(5_000 * k, 0) for k in range(1, 60)])
    events += _stream_events(500, quiet, [(3_600_000, 3)])
    events.sort(key=lambda pair: pair[0].timestamp or 0)
    held, held_kept = _report_of(events, 10**9)
    folded, folded_kept = _report_of(events, 1)
    assert folded == held
    findings, totals, _spans = folded
    assert [(f.failed_invocations, f.total_invocations) for f in findings] == [(3, 62)]
    assert totals[(GROUP, quiet, None)] == 3
    assert folded_kept < held_kept


def test_folded_streams_keep_their_span_only_in_their_function() -> None:
    """300 short-lived streams of one function, failing or not, one after another: each is
    folded as the input leaves it, and what stays of its span is the function's (memory that
    grows with functions, not streams), covering the first start to the last end."""
    import pytest

    from checker import invocations

    events: list[tuple[LogEvent, str]] = []
    streams = [f"2026/11/20/orders-api[$LATEST]{k:032x}" for k in range(300)]
    for k, stream in enumerate(streams):
        events += _stream_events(10 * k + 1, stream, [(k * 1000, k % 2)])  # one after another
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(invocations, "SWEEP_AT", 8)
        grouper = Grouper(let_go=lambda inv: None, keep_failing=0)
        for event, name in events:
            grouper.add(event, name)
        kept = grouper.finish()
    assert len(grouper.spans) < 30  # the last streams, not folded before the end
    assert grouper.function_spans() == {(GROUP, "orders-api", None): (T0, T0 + 299 * 1000 + 90)}
    assert sum(grouper.retired.values()) + len(kept) == 300
