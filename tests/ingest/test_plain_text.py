"""Plain text lines read a window at a time give the events the line-by-line reader gives.

`checker/ingest/text.py` reads runs of lines in the shape each tool prints (S3 export tasks,
`aws logs tail`, `sam logs`, `awslogs get`) with one regex per window; every other line is
read line by line as before. Both ways must give the same events, skips and truncation
counts, on real-shaped exports (tests/reencode.py on the examples' events) and on lines made
to sit on every edge of the regexes (a message that starts like a zone, a stream, a digit or
a space; carriage returns; bytes that are not UTF-8; lines longer than the cap; continuation
lines; seconds that are no time).
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.events import LogEvent
from checker.ingest.batch import batched
from checker.ingest.limits import Limits, LineCap
from checker.ingest.skips import Skip
from checker.ingest.text import read_text, stream_from_path, text_items
from tests import reencode

ROOT = Path(__file__).resolve().parents[2]
GROUP = "/aws/lambda/orders-api"
TEXT_FORMATS = ("s3-export", "aws-logs-tail", "awslogs", "sam-logs")


class _LineByLine(LineCap):
    """A LineCap without `peek`: the reader then takes every line by itself (the old way)."""

    peek = None  # type: ignore[assignment]


def _both(data: bytes, cap: int = 1 << 20, stream: str | None = None) -> tuple[list[LogEvent | Skip], int]:
    """The items and truncation count of both ways; asserts that they agree."""
    results = []
    for kind in (LineCap, _LineByLine):
        limits = Limits(max_message_bytes=cap)
        items = list(read_text(kind(io.BytesIO(data), limits), source_stream=stream, limits=limits))
        results.append((items, limits.truncated))
    assert results[0] == results[1]
    items, truncated = results[0]
    return items, truncated


def _example_events() -> list[LogEvent]:
    doc = json.loads((ROOT / "examples" / "vpc-node-postgres.json").read_text(encoding="utf-8"))
    healthy = json.loads((ROOT / "examples" / "healthy-function.json").read_text(encoding="utf-8"))
    events = [
        LogEvent(e["timestamp"], e["message"], None, e["logStreamName"])
        for e in doc["events"] + healthy["events"]
    ]
    return sorted(events, key=lambda e: e.timestamp or 0)


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_real_shaped_exports_read_the_same_both_ways(fmt: str, tmp_path: Path) -> None:
    events = _example_events()
    written = reencode.ENCODERS[fmt](events, tmp_path, GROUP)
    files = sorted(p for p in written.rglob("*") if p.is_file()) if written.is_dir() else [written]
    total = 0
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        items, _ = _both(data, stream=stream_from_path(str(path)))
        assert all(isinstance(i, LogEvent) for i in items)
        total += len(items)
        # The batches the analysis reads hold the same events (structs stand for LogEvents).
        limits = Limits()
        stream = stream_from_path(str(path))
        read = text_items(LineCap(io.BytesIO(data), limits), source_stream=stream, limits=limits)
        batches = list(batched(read))
        assert [b.event(n) for b in batches for n in range(len(b.items))] == items  # type: ignore[union-attr]
    # Every event written is read (multi-line messages stay one event).
    assert total == len(events)


def test_an_export_reads_to_the_same_report_as_before(tmp_path: Path) -> None:
    """The CLI's report on a tail export equals the one on the same events as filter-log-events."""
    events = _example_events()
    reports = []
    for fmt in ("filter-log-events", "aws-logs-tail"):
        folder = tmp_path / fmt
        folder.mkdir()
        path = reencode.ENCODERS[fmt](events, folder, GROUP)
        done = subprocess.run(
            [sys.executable, "-m", "checker", "analyze", "--format", "json", "--fail-on", "never", str(path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        report = json.loads(done.stdout)
        reports.append((report["summary"], [f["failed_invocations"] for f in report["findings"]]))
    assert reports[0] == reports[1]
    assert reports[0][0]["failed_invocations"] > 0


STREAM = "2026/11/20/orders-api[$LATEST]0123456789abcdef0123456789abcdef"
# Messages: real line shapes (examples/lambda_lines.py wording) and the edges of the regexes.
MESSAGES = [
    "START RequestId: 9e7769b1-0f42-45b4-907a-70c31012f037 Version: $LATEST",
    "END RequestId: 9e7769b1-0f42-45b4-907a-70c31012f037",
    "2026-11-20T00:00:06.593Z\t9e7769b1-0f42-45b4-907a-70c31012f037\tERROR\t"
    "Error: connect ETIMEDOUT 10.0.3.47:5432",
    "[INFO]\t2026-11-20T00:00:06.593Z\t9e7769b1-0f42-45b4-907a-70c31012f037\tprocessing 8 records",
    "[ERROR] ConnectTimeoutError: Connect timeout on endpoint URL",
    # Times at the start that `awslogs` lines take but its plain pattern does not (`_finish`).
    "2026-11-20T00:00:06Z a time without milliseconds",
    "2026-11-20T00:00:06.593123Z microseconds",
    "[WARNING]  2026-11-20T00:00:06.5Z one digit",
    "Zebra",
    "UTC is the zone",
    "+01:00 ahead",
    "-0530",
    "12 digits first",
    "\u0663 an Arabic-Indic digit",
    " a space first",
    "\ta tab first",
    "\u00a0a no-break space first",
    STREAM + " a stream first",
    "2026/11/20 a date with slashes",
    "",
    '{"level":"error"}',
    "caf\u00e9 \u2603",
]
CONTINUATIONS = [
    "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16) {",
    '\u00a0\u00a0File "/var/task/app.py", line 38, in handler',
    "}",
    "",
    "  errno: -110,",
]
SECONDS = ["2026-11-20T00:00:06", "2026-11-20T23:59:59", "2026-13-20T00:00:06", "9999-12-31T23:59:59"]


def _line(fmt: str, second: str, ms: str, message: str) -> str:
    if fmt == "s3-export":
        return f"{second}.{ms[:3]}Z {message}"
    if fmt == "aws-logs-tail":
        return f"{second}.{ms}+00:00 {STREAM} {message}"
    if fmt == "sam-logs":
        return f"{STREAM} {second}.{ms} {message}"
    return f"{GROUP} {STREAM}   {message}"


line_parts = st.tuples(
    st.sampled_from(SECONDS),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.sampled_from(MESSAGES) | st.text(max_size=12),
    st.sampled_from(["plain", "plain", "plain", "continuation", "crlf", "bad-utf8", "long", "other"]),
)


def _file(fmt: str, parts: list[tuple[str, str, str, str]]) -> bytes:
    out = []
    for second, ms, message, kind in parts:
        line = _line(fmt, second, ms, message).encode("utf-8", "surrogatepass")
        if kind == "continuation":
            line = CONTINUATIONS[len(message) % len(CONTINUATIONS)].encode()
        elif kind == "crlf":
            line += b"\r"
        elif kind == "bad-utf8":
            line += b"\xff\xfe"
        elif kind == "long":
            line += b"x" * 300
        elif kind == "other":  # another tool's line in this file
            other = TEXT_FORMATS[(TEXT_FORMATS.index(fmt) + 1) % len(TEXT_FORMATS)]
            line = _line(other, second, ms, message).encode("utf-8", "surrogatepass")
        out.append(line + b"\n")
    return b"".join(out)


@pytest.mark.parametrize(
    "message,millis",
    [
        ("[WARNING]  2026-11-20T00:00:06.5Z one digit", 1795132806500),
        ("[INFO]\t2026-11-20T00:00:06Z\tno milliseconds", 1795132806000),
        ("a line of no time", None),
    ],
)
def test_an_awslogs_message_takes_the_time_it_starts_with(message: str, millis: int | None) -> None:
    """`awslogs get` prints no time of its own: a message that starts with one (after a level
    in brackets) is at that time, in any precision, and a message without one at the time of
    the line before, the same when its window's plain lines are read at once."""
    before = "[INFO]\t2026-11-20T00:00:05.250Z\tc0ffee00-1111-4222-8333-444455556666\tstarting"
    lines = [_line("awslogs", "", "", text) for text in (before, message)]
    items, _ = _both(("\n".join(lines) + "\n").encode())
    assert [i.timestamp for i in items if isinstance(i, LogEvent)] == [1795132805250, millis or 1795132805250]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    fmt=st.sampled_from(TEXT_FORMATS),
    parts=st.lists(line_parts, min_size=1, max_size=60),
    cap=st.sampled_from([64, 200, 1 << 20]),
)
def test_any_mix_of_lines_reads_the_same_both_ways(
    fmt: str, parts: list[tuple[str, str, str, str]], cap: int
) -> None:
    _both(_file(fmt, parts), cap=cap)


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_many_windows_of_plain_lines_with_traces_between(fmt: str) -> None:
    """Windows grow to 256 KB and start small again after a stack trace: a long file with a
    continuation line every few hundred lines reads the same both ways."""
    lines = []
    for n in range(6000):
        lines.append(_line(fmt, SECONDS[n % 2], f"{n % 1000:03d}123", MESSAGES[n % 5]))
        if n % 337 == 0:
            lines += CONTINUATIONS[:3]
    data = ("\n".join(lines) + "\n").encode()
    items, truncated = _both(data)
    assert truncated == 0
    assert len(items) == 6000
    assert all(isinstance(i, LogEvent) for i in items)
    runs = [i for i in text_items(LineCap(io.BytesIO(data), Limits())) if isinstance(i, list)]
    assert sum(map(len, runs)) > 5000  # most lines were read a window at a time


def _csv_both(data: bytes) -> list[object]:
    """Console CSV events read as the reader does (runs of whole rows at once) and row by row."""
    from checker.ingest.csv_export import _event, _Rows, read_insights_csv

    read: list[object] = []
    for item in read_insights_csv(io.BytesIO(data), "export.csv", Limits()):
        read.extend(item if isinstance(item, list) else [item])
    rows = _Rows(io.BytesIO(data), "export.csv", Limits())
    header = next(rows)
    fields = [f.lstrip("\ufeff").strip() for f in header]
    assert read == [_event(fields, row, rows.line) for row in rows]
    return read


CSV_ROW = '2026-11-20 00:00:06.593,"{m}",{s},123456789012:{g}\n'


@pytest.mark.parametrize(
    "header",
    [
        "\ufeff@timestamp,@message,@logStream,@log",
        "@message",
        "@message,@timestamp",
        "@timestamp,@message,@message,@log",  # a name twice: the last one counts
        "@log,@message,@logStream",
    ],
)
def test_console_csv_rows_read_the_same_as_row_by_row(header: str) -> None:
    rows = [CSV_ROW.format(m=m.replace('"', '""') + "\n", s=STREAM, g=GROUP) for m in MESSAGES[:6]] * 50
    rows[7] = "2026-11-20 00:00:06.593\n"  # a short row
    rows[9] = ',"",,\n'  # empty values
    events = _csv_both((header + "\n" + "".join(rows)).encode())
    assert len(events) == len(rows)
