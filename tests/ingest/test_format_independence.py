"""Property: an export says the same thing in every format connfail reads.

Hypothesis builds exports from the runtimes' real lines (examples/lambda_lines.py, each builder
names its source): any mix of Node.js, Python (tracebacks joined by `\\n` or by `\\r`), Java (one
event per stack-trace line, no request id), Ruby (pretty-printed error object) and Go functions,
failing or not, in streams of every name shape, interleaved in time. Each export is written in
every format (tests/reencode.py) and analyzed: the counts must be the ones generated, in every
format, whatever the order of the events in the file (oldest first, newest first as Logs Insights
sorts by default, or shuffled as a sort on another field leaves them) where the format dates each
event itself, and every event written must be analyzed or counted as skipped.
"""

from __future__ import annotations

import json
import random
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.analyze import analyze
from checker.config import Config
from checker.events import LogEvent
from examples import lambda_lines as L
from tests import reencode

GROUP = "/aws/lambda/orders-api"
Lines = list[str]  # the events of one invocation between START and END, in order


def node(rid: str, fail: str | None, t: int) -> tuple[Lines, str | None]:
    """Line i of the invocation is logged at t + 1 + i (its own time is the event's)."""
    if fail == "ENOTFOUND":
        err = L.node_dns_error("api.partner.example.com")
    elif fail:
        err = L.node_connect_error(fail, "10.0.3.47", 5432)
    else:
        return [L.node_line(t + 1, rid, "INFO", "responded 200 in 14 ms")], None
    return [
        L.node_line(t + 1, rid, "ERROR", f"Failed to load order {err.inspect()}"),
        L.node_line(t + 2, rid, "ERROR", err.invoke_error()),
    ], fail


def python(rid: str, fail: str | None, t: int, joiner: str) -> tuple[Lines, str | None]:
    if not fail:
        return [L.python_log(t + 1, rid, "INFO", "updated 3 item(s) in 'inventory' in 21 ms")], None
    text = L.python_unhandled(
        "ConnectTimeoutError",
        'Connect timeout on endpoint URL: "https://dynamodb.us-east-1.amazonaws.com/"',
        [("/var/task/app.py", 38, "handler", "table.put_item(Item=item)")],
    )
    # StandardLogSink joins with "\r" (awslambdaric bootstrap.py), the telemetry sink with "\n"
    lines = [L.python_log(t + 1, rid, "INFO", "processing 1 record(s)"), text.replace("\n", joiner) + "\n"]
    return lines, "ETIMEDOUT"


def java(rid: str, fail: str | None, t: int) -> tuple[Lines, str | None]:
    if not fail:
        return ["ledger batch committed: 12 rows\n"], None
    return [
        line + "\n"
        for line in L.pgjdbc_refused_trace(
            "10.0.4.12", 5432, "example.Handler.handleRequest(Handler.java:41)"
        )
    ], "ECONNREFUSED"


def ruby(rid: str, fail: str | None, t: int) -> tuple[Lines, str | None]:
    if not fail:
        return ["quote refreshed for 3 items\n"], None
    body = {
        "errorMessage": "Failed to open TCP connection to 10.0.7.31:8443 (Connection refused - "
        'connect(2) for "10.0.7.31" port 8443)',
        "errorType": "Function<Errno::ECONNREFUSED>",
        "stackTrace": ["/var/task/function.rb:14:in `handler'"],
    }
    return ["Error raised from handler method\n", json.dumps(body, indent=2) + "\n"], "ECONNREFUSED"


def go(rid: str, fail: str | None, t: int) -> tuple[Lines, str | None]:
    if not fail:
        return [L.go_log(t + 1, "delivered webhook evt_31 in 88 ms")], None
    text = L.go_dial_error(
        "Post",
        "https://hooks.partner.example.com/v1/events",
        "[2600:1f18:4a3:6901::14]:443",
        "connect: network is unreachable",
    )
    return [L.go_log(t + 1, f"delivery failed: {text}")], "ENETUNREACH"


Builder = Callable[[str, "str | None", int], "tuple[Lines, str | None]"]
RUNTIMES: dict[str, tuple[Builder, tuple[str, ...]]] = {
    "node": (node, ("ETIMEDOUT", "ECONNREFUSED", "ENOTFOUND")),
    "python": (lambda rid, fail, t: python(rid, fail, t, "\n"), ("ETIMEDOUT",)),
    "python-cr": (lambda rid, fail, t: python(rid, fail, t, "\r"), ("ETIMEDOUT",)),
    "java": (java, ("ECONNREFUSED",)),
    "ruby": (ruby, ("ECONNREFUSED",)),
    "go": (go, ("ENETUNREACH",)),
}
SHAPES = ("2026/11/20/[$LATEST]{hex}", "2026/11/20/[14]{hex}", "2026/11/20/orders-api[$LATEST]{hex}")


@st.composite
def exports(draw: st.DrawFn) -> tuple[list[LogEvent], int, int]:
    """(events in time order, invocations, failing invocations) of one function."""
    runtime = draw(st.sampled_from(sorted(RUNTIMES)))
    build, failures = RUNTIMES[runtime]
    shape = draw(st.sampled_from(SHAPES))
    streams = [shape.format(hex=f"{n + 10:x}" * 32) for n in range(draw(st.integers(1, 3)))]
    timed: list[tuple[int, int, LogEvent]] = []
    invocations = failing = 0
    for s, stream in enumerate(streams):
        t = 1_795_600_000_000 + s * 7
        for n in range(draw(st.integers(1, 4))):
            rid = f"{s:04x}{n:04x}-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
            fail = draw(st.one_of(st.none(), st.sampled_from(failures)))
            lines, category = build(rid, fail, t)
            took = 1000 * len(lines) + 3
            messages = [L.start(rid), *lines, L.end(rid), L.report(rid, took - 0.5, 256, 71)]
            for k, message in enumerate(messages):
                when = t + (k if k < len(messages) - 2 else took)
                timed.append((when, len(timed), LogEvent(when, message, None, stream)))
            invocations += 1
            failing += category is not None
            t += took + draw(st.integers(50, 90_000))
    timed.sort(key=lambda x: (x[0], x[1]))
    return [e for _t, _n, e in timed], invocations, failing


ORDERS = ("oldest-first", "newest-first", "shuffled")


@pytest.mark.parametrize("fmt", sorted(reencode.ENCODERS))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(export=exports(), order=st.sampled_from(ORDERS), rng=st.randoms(use_true_random=False))
def test_every_format_gives_the_generated_counts(
    fmt: str, export: tuple[list[LogEvent], int, int], order: str, rng: random.Random
) -> None:
    events, invocations, failing = export
    if fmt not in reencode.ORDERED_ONLY:
        if order == "newest-first":
            events = events[::-1]
        elif order == "shuffled":
            events = events[:]
            rng.shuffle(events)
    with tempfile.TemporaryDirectory() as tmp:
        path = reencode.ENCODERS[fmt](events, Path(tmp), GROUP)
        report = analyze([str(path)], Config(log_group=GROUP))
    severity = "HIGH" if failing > 5 else "ELEVATED" if failing else "NONE"
    s = report.summary
    assert (s.invocations, s.failed_invocations, s.severity) == (invocations, failing, severity)
    read = sum(i.events + i.skipped for i in report.inputs)
    assert (read, s.events, report.ignored) == (len(events), len(events), ())
