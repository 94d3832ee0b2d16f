"""The C scanner (checker/_scan.c) against the pure-Python path it stands in for (issue 14).

Three levels: one slice (the scanner accepts exactly what msgspec decodes, or declines, and
selects exactly the events the Aho-Corasick pass would), the grouper (the same invocations,
totals, spans and zones from scanned batches as from decoded ones), and the CLI (byte-identical
JSON reports on the examples and generated exports, with CONNFAIL_PURE_PYTHON=1 and without).
"""

from __future__ import annotations

import io
import json
import os
import random
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import invocations
from checker.errors import InputError
from checker.ingest import fast_events
from checker.ingest.batch import Batch
from checker.invocations import AZ_NEEDLES, NEEDLES, Grouper, Invocation, _selected
from tests.conftest import fresh_readers, run_cli

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import generate as bench_generate  # type: ignore[import-not-found]  # noqa: E402  (bench/generate.py)

try:
    import checker._scan
except ImportError:
    if os.environ.get("CI"):  # CI installs with `pip install -e .`, which builds it: missing is a failure
        raise
    pytest.skip("the C scanner is not built (python setup.py build_ext --inplace)", allow_module_level=True)
SCANNER = fast_events.scanner()
DECODER = msgspec.json.Decoder(list[fast_events.FilterEvent])
RID = [f"8f5c1c02-4b1e-4a53-9bd2-1d6c9f0e7a{n:02d}" for n in range(8)]

# Real wording: the Lambda platform lines (docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html),
# pg's `connect ETIMEDOUT` and ioredis' `connect ECONNREFUSED` as examples/lambda_lines.py writes them.
PIECES = [
    "START RequestId: {rid} Version: $LATEST\n",
    "END RequestId: {rid}\n",
    "REPORT RequestId: {rid}\tDuration: 127034.55 ms\tBilled Duration: 127035 ms\tMemory Size: 512 MB\t"
    "Max Memory Used: 91 MB\tInit Duration: 211.07 ms\t\n",
    "REPORT RequestId: {rid}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\t"
    "Max Memory Used: 60 MB\tStatus: timeout\n",
    "2026-11-20T10:00:00.000Z {rid} Task timed out after 3.00 seconds\n",
    "2026-11-20T10:00:00.000Z\t{rid}\tERROR\tError: connect ETIMEDOUT 10.0.3.47:5432\n",
    "2026-11-20T10:00:00.000Z\t{rid}\tERROR\t[ioredis] Unhandled error event: Error: connect ECONNREFUSED "
    "10.0.6.21:6379\n",
    "dial tcp 10.0.3.47:5432: connect: connection refused\n",  # a Go line: no request id
    '{"level":"INFO","message":"ok","az_id":"use1-az4"}\n',
    '{"level":"INFO","message":"ok","az_id":"use1-az6"}\n',
    "START RequestId:{rid}\n",
    "START RequestId: \u00a0{rid}\n",
    "INFO ready\n",
]
# Hostile, not real wording: a REPORT whose duration overflows 64 bits, so the start `finish`
# and `_hand_over` derive from it (and the stream's span) is an int the C code compares as such.
HUGE_REPORT = "REPORT RequestId: {rid}\tDuration: 999999999999999999999999999.00 ms\tBilled Duration: 1 ms\n"
ODD = ["\t", "\n", "\u00a0", '"', "\\", "/", "\U0001f600", "\x01", "é", "\x00"]


def _message(draw: Any) -> str:
    parts = draw(
        st.lists(
            st.sampled_from(PIECES + ODD + [HUGE_REPORT] + [n.lstrip("\x00") for n in NEEDLES]), max_size=4
        )
    )
    rid = draw(st.sampled_from(RID))
    return "".join(parts).replace("{rid}", rid)


@st.composite
def events(draw: Any) -> list[dict[str, Any]]:
    out = []
    count = draw(st.integers(1, 60))
    times = draw(st.lists(st.integers(1795168800000, 1795168800000 + 5000), min_size=count, max_size=count))
    order = draw(st.sampled_from(["oldest-first", "newest-first", "as drawn"]))
    if order != "as drawn":
        times.sort(reverse=order == "newest-first")
    for timestamp in times:
        event: dict[str, Any] = {"timestamp": timestamp}
        stream = draw(st.sampled_from(["2026/11/20/[$LATEST]aa", "2026/11/20/[$LATEST]bb", None, ""]))
        if stream is not None:
            event["logStreamName"] = stream
        event["message"] = _message(draw)
        if draw(st.booleans()):
            event["ingestionTime"] = event["timestamp"] + 500
        if draw(st.booleans()):
            event["eventId"] = str(draw(st.integers(0, 10**20)))
        out.append(event)
    return out


def _slice(doc: list[dict[str, Any]], ensure_ascii: bool, indent: int | None) -> bytes:
    text = json.dumps(doc, ensure_ascii=ensure_ascii, indent=indent)
    return text.strip()[1:-1].strip().encode()


# Damage as attackers (and other tools) do it, at the byte level of a slice.
DAMAGE = [
    b'"extra": 1, ',
    b'"timestamp": 1.5, ',
    b'"timestamp": -1, ',
    b'"message": null, ',
    b'"ingestionTime": 99999999999999999999999, ',
    b'"eventId": "\\ud800", ',
    b'"message": "\\ud800", ',
    b'"message": "a\\u0000b", ',
    b'"message": "\\x", ',
    b'"message": "\xff", ',
    b'"message": "\xed\xa0\x80", ',
    b'"logStreamName": "a\\u0041", ',
    b'"timestamp": 01, ',
]


def _damaged(data: bytes, rng: random.Random) -> bytes:
    how = rng.randrange(3)
    if how == 0:
        at = data.find(b"{", rng.randrange(max(1, len(data))))
        if at >= 0:
            return data[: at + 1] + rng.choice(DAMAGE) + data[at + 1 :]
    if how == 1 and data:
        at = rng.randrange(len(data))
        return data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
    return data[: rng.randrange(len(data) + 1)]


def _scanned(data: bytes) -> tuple[int, list[Any], bytes, Any] | None:
    buffer = bytearray(b"[" + data + b"]")
    result: tuple[int, list[Any], bytes, Any] | None = SCANNER.scan(buffer, 1, len(buffer) - 1)
    return result


def _in_order(items: list[Any], flags: bytes, lines: Any) -> list[tuple[Any, ...]]:
    """The selected events and the taken-out platform lines of a scan, in slice order."""
    taken = lines.entries() if lines is not None else []
    merged: list[tuple[Any, ...]] = []
    at = 0
    for index in range(len(items) + 1):
        while at < len(taken) and taken[at][0] <= index:
            merged.append(("line", *taken[at][1:]))
            at += 1
        if index < len(items):
            merged.append(("item", items[index], flags[index]))
    return merged


def _platform_id(message: str) -> str | None:
    """The RequestId `Grouper._platform_line` reads from a START, END or REPORT line."""
    if not message.startswith(invocations._PLATFORM_PREFIXES):
        return None
    words = message.split(None, 3)
    return words[2] if len(words) >= 3 and words[1] == "RequestId:" else None


def _flags_in_python(message: str) -> int:
    chosen = _selected("\x00" + message)
    return (1 if any(n < len(NEEDLES) for _, n in chosen) else 0) | (
        2 if any(n >= len(NEEDLES) for _, n in chosen) else 0
    )


def check_slice(data: bytes) -> None:
    try:
        decoded = DECODER.decode(b"[" + data + b"]")
    except (msgspec.DecodeError, msgspec.ValidationError):
        decoded = None
    scanned = _scanned(data)
    if decoded is None:
        assert scanned is None, data
        return
    if scanned is None:  # declined: the slice goes the msgspec way, which decoded it
        return
    count, items, flags, lines = scanned
    assert count == len(decoded)
    same_selection(decoded, items, flags, lines)


def same_selection(
    events: list[Any], items: list[Any], flags: bytes, lines: Any, sifted: bool = False
) -> None:
    """What the C module selected of `events` (the items, their flags, the lines it took out) is
    what the Python selection picks, in order. A scan takes out every START, END and REPORT line
    whose words up to its id are ASCII; a sift, those whose message is ASCII and whose time and
    stream are known (a time; a str or none)."""
    expected = [(e, _flags_in_python(e.message)) for e in events if _flags_in_python(e.message)]
    merged = _in_order(items, flags, lines)
    assert len(merged) == len(expected)
    for got, (event, flag) in zip(merged, expected, strict=True):
        rid = _platform_id(event.message)
        if got[0] == "item":
            assert (got[1] is event if sifted else got[1] == event) and got[2] == flag  # a sift keeps its own
            # Only a line whose words around the id are not all ASCII stays an event.
            kept = not event.message[: event.message.index(rid) + len(rid) + 1].isascii() if rid else True
            if sifted:
                kept = kept or not event.message.isascii() or event.timestamp is None
            assert flag != 1 or kept
            continue
        kind, timestamp, stream, request_id, report = got[1:]
        assert flag == 1 and rid == request_id and event.message.startswith(f"{kind} RequestId")
        unnamed = (None, msgspec.UNSET)
        assert (timestamp, None if stream in unnamed else stream) == (
            event.timestamp,
            None if event.log_stream in unnamed else event.log_stream,
        )
        assert report == (event.message if kind == "REPORT" else None)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events(), st.booleans(), st.sampled_from([None, 4]), st.integers(0, 2**32 - 1), st.integers(0, 2))
def test_a_slice_is_read_as_msgspec_reads_it(
    doc: list[Any], ascii_only: bool, indent: Any, seed: int, damage: int
) -> None:
    data = _slice(doc, ascii_only, indent)
    rng = random.Random(seed)
    for _ in range(damage):
        data = _damaged(data, rng)
    check_slice(data)


def test_escapes_decode_as_msgspec_decodes_them() -> None:
    message = 'a\tb\nc\u00a0d"e\\f/g\U0001f600h\u2028 connect ECONNREFUSED'
    data = b'{"timestamp": 1, "message": ' + json.dumps(message).encode() + b"}"
    assert b"\\ud83d\\ude00" in data and b"\\u00a0" in data
    scanned = _scanned(data.replace(b"/", b"\\/"))
    assert scanned is not None
    assert scanned[0] == 1 and [e.message for e in scanned[1]] == [message] and scanned[3] is None
    assert scanned[1] == DECODER.decode(b"[" + data + b"]")


# The bytes a string scan stops at, and one it does not (DEL), each at every offset across the
# 16- and 8-byte blocks `plain_end` (checker/_scan.c) takes at once: escapes, UTF-8, and the two
# no JSON string holds raw (a control byte, a byte no UTF-8 starts with).
STOPS = [b'\\"', b"\\\\", b"\\n", "\u00e9".encode(), "\u2028".encode(), b"\x7f", b"\x1f", b"\xff"]


@pytest.mark.parametrize("stop", STOPS, ids=lambda stop: stop.hex())
def test_a_stop_byte_anywhere_in_a_block_is_read_as_msgspec_reads_it(stop: bytes) -> None:
    valid = stop not in (b"\x1f", b"\xff")
    needle = b" connect ECONNREFUSED 10.0.6.21:6379 "
    for offset in range(40):
        text = b"a" * offset + stop + needle + b"b" * (40 - offset)
        for field in ("logStreamName", "message", "eventId"):
            values = {"logStreamName": b"2026/11/20/[$LATEST]0f", "message": b"ready", "eventId": b"1"}
            values[field] = text
            data = (
                b'{"logStreamName": "%s", "timestamp": 1795168800000, "message": "%s", '
                b'"ingestionTime": 1795168800001, "eventId": "%s"}'
                % (values["logStreamName"], values["message"], values["eventId"])
            )
            check_slice(data)
            if field == "message":  # read by the scan itself, not declined to msgspec
                assert (_scanned(data) is not None) == valid, (stop, offset)


def test_integers_of_every_length_read_as_msgspec_reads_them() -> None:
    """Times and ingestion times of 1 to 26 digits (a leading zero, a digit run broken by a
    dot) read as msgspec reads them, and the scan itself (`read_int`, at most 18 digits) reads
    every valid one it can hold."""
    rng = random.Random(14)
    message = "connect ECONNREFUSED 10.0.6.21:6379"
    longest = {"timestamp": 13, "ingestionTime": 18}  # a time past MAX_MILLIS goes to msgspec
    for n in range(1, 27):
        digits = "".join(rng.choice("0123456789") for _ in range(n))
        for number in (
            digits,
            "9" * n,
            "1" + digits[1:],
            "0" + digits,
            digits[: n // 2] + "." + digits[n // 2 :],
        ):
            for field, most in longest.items():
                values = {"timestamp": "1795168800000", "ingestionTime": "1795168800001", field: number}
                data = (
                    f'{{"logStreamName": "s", "timestamp": {values["timestamp"]}, "message": "{message}", '
                    f'"ingestionTime": {values["ingestionTime"]}, "eventId": "1"}}'
                ).encode()
                check_slice(data)
                plain = number.isdigit() and (number == "0" or not number.startswith("0"))
                if plain and n <= most:
                    scanned = _scanned(data)
                    assert scanned is not None, (field, number)
                    assert scanned[1][0].timestamp == int(values["timestamp"])


def test_what_the_scanner_declines() -> None:
    for damage in DAMAGE:
        assert _scanned(b'{"timestamp": 1, ' + damage + b'"message": "x"}') is None, damage


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES + ODD + list(NEEDLES) + list(AZ_NEEDLES) + ["x", "az", '"']), max_size=8)
)
def test_needles_as_aho_corasick_finds_them(parts: list[str]) -> None:
    message = "".join(parts).replace("{rid}", RID[0]).replace("\x00", "")
    assert SCANNER.flags(message.encode()) == _flags_in_python(message)


def test_overlapping_needles_as_aho_corasick_finds_them() -> None:
    """Where a needle of one kind overlaps one of the other (`"az_id"` ends with the quote
    `"platform.` starts with), the non-overlapping pass finds only the first: both do."""
    cases = {'"az_id"platform.': 2, '{"x":"platform.x","az_id":"y"}': 3, '"AvailabilityZoneID"platform.': 2}
    for message, flags in cases.items():
        assert _flags_in_python(message) == flags, message
        assert SCANNER.flags(message.encode()) == flags, message


def _state(grouper: Grouper, invocations: list[Invocation]) -> Any:
    return (
        [
            (
                i.request_id,
                i.log_group,
                i.log_stream,
                i.start,
                i.end,
                i.duration_ms,
                i.billed_ms,
                i.init_ms,
                i.timed_out,
                i.status,
                i.rank,
                i.unnamed,
                i.source,
                [(e.event.message, e.failure.code) for e in i.evidence],
            )
            for i in invocations
        ],
        dict(grouper.retired),
        grouper.spans,
        grouper.function_spans(),
        grouper.zones,
        grouper.events,
    )


@contextmanager
def python_path() -> Iterator[None]:
    """The grouper reads decoded batches the Python way (no `Scanner.sift`)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fast_events, "sifter", lambda: None)
        yield


def _group(batches: Iterator[Batch], keep_recent: int, handed: list[Any], inputs: list[str]) -> Any:
    grouper = Grouper(
        keep_recent=keep_recent, let_go=lambda inv: handed.append(inv.request_id), keep_failing=1
    )
    for batch, name in zip(batches, inputs, strict=True):
        grouper.add_batch(batch, name)
    return _state(grouper, grouper.finish())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(events(), min_size=1, max_size=4),
    st.integers(1, 3),
    st.lists(st.sampled_from(["export.json", "other.json"]), min_size=4, max_size=4),
    st.booleans(),
)
def test_the_grouper_gives_the_same_from_scanned_batches(
    slices: list[Any], keep_recent: int, inputs: list[str], shuffled: bool
) -> None:
    """Oldest-first, newest-first and drawn orders (shuffled across slices too), named, unnamed
    and empty streams, lines without an id, and slices of several inputs (each input's own
    order and unnamed stream): the C handling of the Lines gives what the Python path gives."""
    for doc in slices:  # no NUL: the scanner declines a slice with one (tested above)
        for event in doc:
            event["message"] = event["message"].replace("\x00", "")
    if shuffled:
        every = [event for doc in slices for event in doc]
        random.Random(len(every)).shuffle(every)
        slices = [every[i :: len(slices)] for i in range(len(slices))]
        slices = [doc for doc in slices if doc]
    _assert_both_paths_group_alike(slices, keep_recent, inputs[: len(slices)])


def _assert_both_paths_group_alike(docs: list[Any], keep_recent: int, inputs: list[str]) -> None:
    """The slices of `docs` decoded and grouped by the Python path, and scanned and grouped by
    the C path, end in the same grouper state and hand over the same failing invocations."""
    datas = [_slice(doc, False, None) for doc in docs]
    decoded = [Batch(DECODER.decode(b"[" + data + b"]")) for data in datas]
    scanned = []
    for data in datas:
        found = _scanned(data)
        assert found is not None
        scanned.append(Batch(found[1], count=found[0], flags=found[2], lines=found[3]))
    handed_python: list[Any] = []
    handed_c: list[Any] = []
    with python_path():
        python = _group(iter(decoded), keep_recent, handed_python, inputs)
    assert _group(iter(scanned), keep_recent, handed_c, inputs) == python
    assert handed_c == handed_python


STREAMS = [f"2026/11/20/[$LATEST]{n:02x}" for n in range(6)]
APP_LINES = [PIECES[5], PIECES[6], PIECES[7], PIECES[4], "INFO ready\n"]  # failures, a Go line, a timeout


@st.composite
def sessions(draw: Any) -> list[dict[str, Any]]:
    """Invocations in a few streams, each stream in one or two bursts (it stops and resumes):
    START (or not: the REPORT may be all there is), application lines with and without an id,
    timeouts, END, REPORT; request ids drawn from a small pool, so some repeat across streams."""
    out = []
    for stream in draw(st.lists(st.sampled_from(STREAMS), min_size=1, max_size=4, unique=True)):
        t = 1795168800000 + draw(st.integers(0, 10_000))
        for _ in range(draw(st.integers(1, 12))):
            if draw(st.integers(0, 5)) == 0:
                t += draw(st.integers(60_000, 600_000))  # the stream is quiet a while, then speaks again
            rid = draw(st.sampled_from(RID))
            lines = [PIECES[0]] if draw(st.integers(0, 4)) else []
            lines += draw(st.lists(st.sampled_from(APP_LINES), max_size=2))
            lines += [PIECES[1], draw(st.sampled_from(PIECES[2:4]))]
            for text in lines:
                out.append({"timestamp": t, "logStreamName": stream, "message": text.replace("{rid}", rid)})
                t += draw(st.integers(0, 40))
    order = draw(st.sampled_from(["oldest-first", "newest-first", "jittered", "shuffled"]))
    if order == "shuffled":
        random.Random(len(out)).shuffle(out)
    elif order == "jittered":
        out.sort(key=lambda e: e["timestamp"] + random.Random(e["timestamp"]).randrange(-300, 300))
    else:
        out.sort(key=lambda e: e["timestamp"], reverse=order == "newest-first")
    return out


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions(), st.integers(1, 4), st.integers(1, 3), st.sampled_from([1, 10**9]))
def test_the_book_of_records_ends_as_the_python_grouper_does(
    events: list[dict[str, Any]], slices: int, keep_recent: int, sweep_at: int
) -> None:
    """The C path keeps healthy invocations as records (`_scan.Book`) and makes an Invocation
    only when Python asks for one: over streams that stop and resume, lines without an id,
    request ids again in another stream, REPORT before START, timeouts, any order, windows of
    one to three, and quiet streams folded at every batch or never, it ends in the Python
    path's state: invocations (ranks too), evidence, counts, spans, and the failing ones let
    go in the same order."""
    docs = [events[i::slices] for i in range(slices)]
    docs = [doc for doc in docs if doc]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(invocations, "SWEEP_AT", sweep_at)
        _assert_both_paths_group_alike(docs, keep_recent, ["export.json"] * len(docs))


@pytest.mark.parametrize("keep_recent", [1, 2])
def test_a_line_read_between_invocations_goes_with_the_next_to_start(keep_recent: int) -> None:
    """A failure line without an id (a Go line) read while no invocation ran belongs to the
    next invocation to start: the C module asks whether a waiting line may fall in a record
    before its window lets it go without Python (`may_place`), and must not answer no then."""
    t = 1795168800000

    def line(at: int, piece: int, rid: str) -> dict[str, Any]:
        return {"timestamp": at, "logStreamName": STREAMS[0], "message": PIECES[piece].replace("{rid}", rid)}

    events = [line(t + 50, 7, "")]  # after the first invocation's END, before the second's START
    for n in range(4):
        at = t + 100 * n
        events += [line(at, 0, RID[n]), line(at + 10, 1, RID[n]), line(at + 11, 2, RID[n])]
    events.sort(key=lambda e: e["timestamp"])
    _assert_both_paths_group_alike([events], keep_recent, ["export.json"])


def _reports(paths: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    both = []
    for pure in ("1", "0"):
        monkeypatch.setenv(fast_events.PURE_PYTHON, pure)  # run_cli passes os.environ on
        done = run_cli("analyze", "--format", "json", *paths)
        assert done.returncode in (0, 1), done.stderr
        both.append((done.returncode, done.stdout, done.stderr))
    return both[0], both[1]


@pytest.mark.parametrize(
    "fail_rate,streams", [(0.03, None), (1.0, None), (0.2, 400)], ids=["default", "outage", "streams"]
)
def test_generated_exports_give_identical_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_rate: float, streams: Any
) -> None:
    path = tmp_path / "export.json"
    bench_generate.generate(path, 3 * 1024 * 1024, 11, 24, fail_rate, streams)
    # The scanner reads these (more than one 1 MB slice): the C path is the one compared.
    with path.open("rb") as stream:
        batches = list(fast_events.read_events(stream, path.name, "filter-log-events", selected=True))
    assert any(isinstance(b, Batch) and b.flags is not None for b in batches)
    pure, compiled = _reports([str(path)], monkeypatch)
    assert compiled == pure
    assert json.loads(compiled[1])["summary"]["failed_invocations"] > 0


def test_a_slice_the_scanner_declines_is_decoded_in_between(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key the scanner does not know (msgspec ignores it) in the middle of a big export: that
    slice goes the msgspec way, the ones around it the scanner's, into the same grouper."""
    path = tmp_path / "export.json"
    bench_generate.generate(path, 3 * 1024 * 1024, 5, 24, 0.1)
    data = path.read_bytes()
    middle = data.index(b'{\n            "logStreamName"', len(data) // 2)
    path.write_bytes(data[: middle + 1] + b'"extra": 1, ' + data[middle + 1 :])
    with path.open("rb") as stream:
        batches = list(fast_events.read_events(stream, path.name, "filter-log-events", selected=True))
    scanned = [b for b in batches if isinstance(b, Batch) and b.flags is not None]
    decoded = [  # by msgspec: the one slice with the key
        b
        for b in batches
        if isinstance(b, Batch) and b.flags is None and isinstance(b.items[0], fast_events.FilterEvent)
    ]
    assert len(scanned) >= 2 and len(decoded) == 1
    pure, compiled = _reports([str(path)], monkeypatch)
    assert compiled == pure


def test_examples_give_identical_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = sorted(str(p) for p in (ROOT / "examples").iterdir() if p.suffix in (".json", ".log"))
    paths.remove(str(ROOT / "examples" / "expected.json"))
    for path in paths:
        pure, compiled = _reports([path], monkeypatch)
        assert compiled == pure, path


def _grouped(path: Path, sweep_at: int, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, int, tuple[int, int]]:
    """The grouper's whole result on `path` read the scanner's way (the C module handles the
    platform lines), folding quiet streams whenever `sweep_at` new windows appeared: every
    invocation (those let go, then those `finish` returns), how many were folded at most, and
    how many `finish` returned (and how many of those failed)."""
    monkeypatch.setattr(invocations, "SWEEP_AT", sweep_at)
    monkeypatch.setattr(fast_events, "CHUNK", 1 << 16)  # 48 batches: a batch's span counts as late
    let_go: list[Invocation] = []
    grouper = Grouper(let_go=let_go.append, keep_failing=3)
    folded = 0
    with path.open("rb") as stream:
        for batch in fast_events.read_events(stream, path.name, "filter-log-events", selected=True):
            if isinstance(batch, Batch):
                grouper.add_batch(batch, path.name)
                folded = max(folded, sum(grouper.retired.values()))
    kept = grouper.finish()
    totals = Counter(grouper.retired) + Counter(invocations.stream_of(inv) for inv in kept)
    everything = _state(grouper, [*let_go, *kept])[0]
    returned = (len(kept), sum(1 for inv in kept if inv.failed))
    return (everything, totals, grouper.function_spans(), grouper.zones, grouper.events), folded, returned


@pytest.mark.parametrize("pure", ["0", "1"], ids=["scanner", "pure-python"])
def test_quiet_streams_fold_into_the_same_counts_and_spans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pure: str
) -> None:
    """Many one-invocation streams (short-lived environments): folding the ones the file has left
    behind, at every batch, gives what keeping every window to the end gives."""
    path = tmp_path / "export.json"
    bench_generate.generate(path, 3 * 1024 * 1024, 13, 24, 0.2, 900)
    monkeypatch.setenv(fast_events.PURE_PYTHON, pure)
    fresh_readers()
    try:
        kept_all, _, returned_all = _grouped(path, 10**9, monkeypatch)
        swept, folded, returned = _grouped(path, 1, monkeypatch)
    finally:
        fresh_readers()
    assert swept[1:] == kept_all[1:]  # invocations per stream, spans, zones, events

    def failing(rows: list[Any]) -> list[Any]:  # in the order findings list them; ranks only order
        chosen = sorted(
            (row for row in rows if row[-1]), key=lambda row: (row[3] is None, row[3] or 0, row[10])
        )
        return [row[:10] + row[11:] for row in chosen]

    assert failing(swept[0]) == failing(kept_all[0])  # failing streams fold too, into the same
    assert returned[0] < returned_all[0] // 2 and folded > returned_all[0] // 2
    assert returned[1] < returned_all[1] // 2


def _counted_after_each_batch(path: Path, pure: str, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    monkeypatch.setenv(fast_events.PURE_PYTHON, pure)
    monkeypatch.setattr(fast_events, "CHUNK", 1 << 16)
    fresh_readers()
    grouper = Grouper(keep_recent=2, let_go=lambda inv: None, keep_failing=3)
    counted = []
    try:
        with path.open("rb") as stream:
            for batch in fast_events.read_events(stream, path.name, "filter-log-events", selected=True):
                if isinstance(batch, Batch):
                    grouper.add_batch(batch, path.name)
                    counted.append(grouper.retired.total())
    finally:
        fresh_readers()
    return counted


def test_the_invocations_counted_so_far_are_the_same_after_every_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the progress line shows after each batch (`Grouper.retired`): the C module holds
    its streams' counts back between batches, and hands them over whenever they are read."""
    path = tmp_path / "export.json"
    bench_generate.generate(path, 3 * 1024 * 1024, 13, 24, 0.2)
    scanned = _counted_after_each_batch(path, "0", monkeypatch)
    python = _counted_after_each_batch(path, "1", monkeypatch)
    assert len(scanned) > 20 and scanned[-1] > 1000
    assert scanned == python


TAIL_EVENT = b'{\n    "logStreamName": "s",\n    "timestamp": 1,\n    "message": "x\\u00a0y"\n}\n]'
SEARCHED = (
    b',\n    "searchedLogStreams": [\n        {\n            "logStreamName": "2026/11/20/a[$LATEST]0f",'
    b'\n            "searchedCompletely": true\n        }%s\n    ]%s\n}\n'
)


@pytest.mark.parametrize(
    "more,after,plain",
    [
        (b"", b"", True),
        (b',\n        {"logStreamName": "b", "searchedCompletely": false}', b',\n    "nextToken": "t"', True),
        (b',\n        {"logStreamName": "b\\u0041", "searchedCompletely": false}', b"", False),  # an escape
        (b',\n        {"logStreamName": "b", "searchedCompletely": false},', b"", False),  # a trailing comma
        (b',\n        {"logStreamName": "b",\x0c"searchedCompletely": false}', b"", False),  # not JSON space
        (b"", b',\n    "nextToken": 5', True),  # the schema refuses it
        (b"", b',\n    "searchedLogStreams": []', True),  # a key twice
        (b"", b',\n    "nextToken": "t', True),  # cut short
        (b',\n        {"logStreamName": "\xc3", "searchedCompletely": false}', b"", False),  # not UTF-8
    ],
)
def test_a_plain_searched_log_streams_tail_reads_as_the_general_way(
    more: bytes, after: bytes, plain: bool
) -> None:
    """The tail after the events, with `searchedLogStreams` checked in place (or not, when it
    is not the plain shape): the same events, the same verdict, the same error line."""
    data = TAIL_EVENT + SEARCHED % (more, after)
    close = data.index(b"]")
    assert (fast_events._events_and_tail(bytearray(data), close) is not None) == plain
    outcomes: list[tuple[str, Any]] = []
    for known in (close, None):
        try:
            parts = list(fast_events._finish(bytearray(data), "x.json", "filter-log-events", 0, known))
            outcomes.append(("ok", [[e.message for e in p.items] for p in parts if isinstance(p, Batch)]))
        except InputError as exc:
            outcomes.append(("error", str(exc)))
    assert outcomes[0] == outcomes[1]
    assert outcomes[1] != ("ok", []), outcomes


@pytest.mark.parametrize(
    "last",
    [
        b"",
        b',\n        {"logStreamName": "z", "searchedCompletely": true},',  # a trailing comma
        b',\n        {"logStreamName": "z\\u0041", "searchedCompletely": true}',  # an escape
        b',\n        {"logStreamName": "z", "searchedCompletely": true}\n    ],\n    "nextToken": 7',
    ],
)
def test_searched_log_streams_read_piece_by_piece_as_in_one_piece(
    monkeypatch: pytest.MonkeyPatch, last: bytes
) -> None:
    """The items of a long `searchedLogStreams` are dropped as they come (the general way would
    read them all); the events and the verdict are those of reading the document in one piece."""
    events = b",\n".join(
        b'{"logStreamName": "s%d", "timestamp": %d, "message": "line %d"}' % (n, n, n) for n in range(300)
    )
    items = b",\n".join(b'{"logStreamName": "s%d", "searchedCompletely": true}' % n for n in range(2000))
    close = b"" if b"nextToken" in last else b"\n    ]"
    data = (
        b'{\n    "events": [\n'
        + events
        + b'\n    ],\n    "searchedLogStreams": [\n'
        + items
        + last
        + close
        + b"\n}\n"
    )
    outcomes: list[tuple[str, Any]] = []
    for chunk in (len(data) + 1, 512):
        monkeypatch.setattr(fast_events, "CHUNK", chunk)
        try:
            parts = list(fast_events.read_events(io.BytesIO(data), "x.json", "filter-log-events"))
            outcomes.append(("ok", [e.message for p in parts if isinstance(p, Batch) for e in p.items]))
        except InputError as exc:
            outcomes.append(("error", str(exc)))
    assert outcomes[0] == outcomes[1]
    if not last or b"\\u" in last:
        assert outcomes[0] == ("ok", [f"line {n}" for n in range(300)])
    else:
        assert outcomes[0][0] == "error", outcomes[0]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=40), st.binary(max_size=6), st.integers(-50, 50))
def test_find_finds_what_bytearray_find_finds(data: bytes, needle: bytes, start: int) -> None:
    """The memmem search `_EventsEnd` uses for `"searchedLogStreams"`, with its edge cases."""
    haystack = bytearray(data + needle + data)
    assert checker._scan.find(haystack, needle, start) == haystack.find(needle, start)
    assert checker._scan.find(bytearray(data), needle, start) == bytearray(data).find(needle, start)


@pytest.mark.parametrize("needle", [n.lstrip("\x00") for n in (*NEEDLES, *AZ_NEEDLES)])
def test_a_needle_is_found_with_any_of_its_bytes_escaped(needle: str) -> None:
    """The scanner's filter looks for a piece of each needle in the raw bytes: a needle whose
    byte is written as a \\u escape (or a quote as \\") is still found, and so is one that
    ends a platform line's prefix or follows it."""
    for at in range(len(needle)):
        escaped = (
            json.dumps(needle[:at])[1:-1] + f"\\u{ord(needle[at]):04x}" + json.dumps(needle[at + 1 :])[1:-1]
        )
        for before, after in [
            ("", ""),
            ("x ", " y"),
            ("START RequestId: 1 ", ""),
            ("REPORT RequestId: 2\\t", "\\n"),
        ]:
            data = b'{"timestamp": 1, "message": "' + f"{before}{escaped}{after}".encode() + b'"}'
            message = DECODER.decode(b"[" + data + b"]")[0].message
            check_slice(data)
            scanned = _scanned(data)
            assert scanned is not None
            assert len(_in_order(*scanned[1:])) == (1 if _flags_in_python(message) else 0), message


class _BreaksAfter(io.RawIOBase):
    """A stream that fails with OSError after `limit` bytes, as a cut-short gzip member does."""

    def __init__(self, data: bytes, limit: int) -> None:
        self._data, self._limit, self._at = data, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._at >= self._limit:
            if self._limit == len(self._data):
                return 0
            raise OSError("Compressed file ended before the end-of-stream marker was reached")
        n = min(len(buffer), self._limit - self._at)
        buffer[:n] = self._data[self._at : self._at + n]
        self._at += n
        return n


def _read(stream: Any, name: str) -> tuple[list[Any], BaseException | None]:
    """Every batch and skip `read_events` gives, as plain values, and the error it ends with."""
    got: list[Any] = []
    try:
        for part in fast_events.read_events(stream, name, "filter-log-events", selected=True):
            if isinstance(part, Batch):
                lines = part.lines
                got.append(
                    (
                        part.events,
                        part.flags,
                        [msgspec.to_builtins(item) for item in part.items],
                        None if lines is None else (lines.stamps, lines.entries()),
                    )
                )
            else:
                got.append(part)
    except (InputError, OSError) as exc:
        return got, exc
    return got, None


@pytest.mark.parametrize("cut", [None, 0.8], ids=["whole", "read-fails-midway"])
def test_reading_one_slice_ahead_gives_what_reading_in_line_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cut: float | None
) -> None:
    """The second thread (`READ_AHEAD`, on a machine with two cores) changes nothing a reader
    sees: the same batches in the same order, a declined slice decoded at its place, and when
    the input fails midway, the same events before the same error."""
    path = tmp_path / "export.json"
    bench_generate.generate(path, 4 * 1024 * 1024, 3, 24, 0.1)
    data = path.read_bytes()
    middle = data.index(b'{\n            "logStreamName"', len(data) // 3)
    data = data[: middle + 1] + b'"extra": 1, ' + data[middle + 1 :]  # one slice declined
    limit = len(data) if cut is None else int(len(data) * cut)
    seen = []
    for ahead in (True, False):
        monkeypatch.setattr(fast_events, "READ_AHEAD", ahead)
        batches, error = _read(io.BufferedReader(_BreaksAfter(data, limit)), path.name)
        seen.append((batches, repr(error)))
    assert seen[0] == seen[1]
    assert len(seen[0][0]) >= (4 if cut is None else 2)
    assert (seen[0][1] == "None") == (cut is None)


@pytest.mark.parametrize("cut", [None, 0.8], ids=["whole", "read-fails-midway"])
def test_reading_ahead_hands_the_gil_over_quickly_and_gives_the_process_its_interval_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cut: float | None
) -> None:
    """While a slice is scanned ahead the interpreter switches threads every HANDOVER_S (the
    grouper's batches would otherwise keep the scan thread waiting 5 ms a slice); the
    process's own interval is back once the input is read, or has failed."""
    if fast_events.scanner() is None:
        pytest.skip("the C scanner is not built: no slice is scanned ahead")
    path = tmp_path / "export.json"
    bench_generate.generate(path, 6 * 1024 * 1024, 3, 24, 0.1)
    data = path.read_bytes()
    limit = len(data) if cut is None else int(len(data) * cut)
    monkeypatch.setattr(fast_events, "READ_AHEAD", True)
    own = sys.getswitchinterval()
    during = []
    try:
        sys.setswitchinterval(0.004)
        stream = io.BufferedReader(_BreaksAfter(data, limit))
        with suppress(OSError, InputError):
            for _part in fast_events.read_events(stream, path.name, "filter-log-events", selected=True):
                during.append(sys.getswitchinterval())
        after = sys.getswitchinterval()
    finally:
        sys.setswitchinterval(own)
    assert sum(1 for x in during if x == pytest.approx(fast_events.HANDOVER_S)) >= 2
    assert after == pytest.approx(0.004)


def test_a_slice_scanned_ahead_has_begun_before_the_grouper_takes_the_gil_again() -> None:
    """`_Ahead.submit` returns only once the scan thread runs the slice's scan: the grouper's C
    calls hold the GIL for a whole slice, so a scan that had not begun would wait for them."""
    begun: list[bool] = []
    release = threading.Event()

    class _Slow:
        def scan(self, buffer: bytearray, start: int, end: int) -> tuple[int, list[object], bytes, None]:
            begun.append(True)
            release.wait(5)  # still scanning while `submit` returns
            return 0, [], b"", None

    decoder = msgspec.json.Decoder(list[fast_events.FilterEvent])
    ahead = fast_events._Ahead(_Slow(), decoder, "export.json", "filter-log-events")
    try:
        release.set()
        ahead.submit(bytearray(b" {}"), 1, 3)  # the first starts the thread itself
        ahead.settle(0)
        release.clear()
        ahead.submit(bytearray(b" {}"), 1, 3)
        assert begun == [True, True]
    finally:
        release.set()
        ahead.close()


def test_a_record_is_found_by_its_request_id_alone() -> None:
    """The book keeps a record's request id as the bytes its line held: Python's lookup of
    the same id finds it (its REPORT line back as text), and an id that only looks alike, a
    non-ASCII one or no str at all, finds nothing and raises nothing."""
    if fast_events.scanner() is None:
        pytest.skip("the C scanner is not built")
    rid = RID[0]
    lines = [piece.replace("{rid}", rid) for piece in PIECES[:3]]  # START, END, REPORT
    doc = [
        {"timestamp": 1795168800000 + n, "logStreamName": STREAMS[0], "message": text}
        for n, text in enumerate(lines)
    ]
    found = _scanned(_slice(doc, False, None))
    assert found is not None
    grouper = Grouper(keep_recent=5)
    grouper.add_batch(Batch(found[1], count=found[0], flags=found[2], lines=found[3]), "export.json")
    book = grouper._book
    assert book is not None
    group = grouper._scan_keys[STREAMS[0]][0]
    for other in (rid.upper(), rid[:-1] + "\u00e9", rid[:-1], 42):
        assert book.take(grouper, group, other) is None
    inv = book.take(grouper, group, rid)
    assert (inv.request_id, inv.start, inv.end) == (rid, 1795168800000, 1795168800002)
    assert inv.report_line == lines[2]
