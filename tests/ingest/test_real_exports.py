"""Whole, realistic exports in the shapes that once broke a reader: verdict, count, category, host.

Every case starts from a bundled example (examples/, built from the runtimes' real output) or
from real wording quoted next to it, and checks what a user acts on: severity, failing
invocations, category and destination of the primary error, and that no event went missing.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from checker.analyze import analyze
from checker.config import Config
from checker.events import LogEvent
from checker.github.summary import check_summary, title
from checker.ingest.read import Ingest
from checker.render.escape import md_text
from checker.report import Report
from tests import reencode
from tests.conftest import EXAMPLES, ROOT, run_cli

EXPECTED = json.loads((EXAMPLES / "expected.json").read_text())
CAP = 2**31
TEXT_FORMATS = ("s3-export", "aws-logs-tail", "awslogs", "sam-logs")


@cache
def example_events(name: str) -> tuple[tuple[LogEvent, ...], str]:
    """The example's events in time order (as text exports list them), and its log group."""
    ingest = Ingest([str(EXAMPLES / name)], max_inflated_bytes=CAP)
    events = [e for e, _name in ingest.events()]
    function = next(iter(EXPECTED[name]["functions"]))
    group = EXPECTED[name]["functions"][function]["log_group"]
    fallback = "2026/11/20/[$LATEST]0f1e2d3c4b5a69788796a5b4c3d2e1f0"  # get-log-events names none
    events = [e if e.log_stream else replace(e, log_stream=fallback) for e in events]
    events.sort(key=lambda e: e.timestamp or 0)
    return tuple(events), group


def verdict(report: Report) -> tuple[object, ...]:
    s = report.summary
    primary = report.findings[0].primary if report.findings else None
    where = (primary.category, primary.host, primary.port) if primary else None
    return s.severity, s.events, s.invocations, s.failed_invocations, where


def truth(name: str) -> tuple[object, ...]:
    t = EXPECTED[name]
    p = t["primary_error"]
    failed = t["failed_invocations"]
    severity = "NONE" if not failed else "HIGH" if failed > 5 else "ELEVATED"
    return (
        severity,
        t["events"],
        t["invocations"],
        t["failed_invocations"],
        (p["category"], p["host"], p["port"]) if p else None,
    )


@pytest.mark.parametrize("fmt", sorted(reencode.ENCODERS))
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_example_gives_the_same_verdict_in_every_format(tmp_path: Path, name: str, fmt: str) -> None:
    events, group = example_events(name)
    path = reencode.ENCODERS[fmt](events, tmp_path, group)
    report = analyze([str(path)], Config(log_group=group))
    assert verdict(report) == truth(name)
    assert not report.ignored
    assert sum(i.events for i in report.inputs) == len(events)
    assert sum(i.skipped for i in report.inputs) == 0


def cr_joined(events: tuple[LogEvent, ...]) -> list[LogEvent]:
    """The Python runtime's unhandled-error event as its StandardLogSink writes it: lines joined
    by `\\r`, one `\\n` at the end (aws-lambda-python-runtime-interface-client, bootstrap.py
    `StandardLogSink.log_error`; `aws lambda invoke --log-type Tail` shows the lines overwriting
    each other, AWS Lambda developer guide, python-exceptions)."""
    return [
        replace(e, message=e.message.replace("\n", "\r") + "\n")
        if e.message.startswith("[ERROR] ") and "\nTraceback" in e.message
        else e
        for e in events
    ]


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_python_tracebacks_joined_by_cr_stay_one_event(tmp_path: Path, fmt: str) -> None:
    events, group = example_events("python-dynamodb-insights.json")
    joined = cr_joined(events)
    assert sum("\r" in e.message for e in joined) == 3  # the 3 unhandled ConnectTimeoutErrors
    path = reencode.ENCODERS[fmt](joined, tmp_path, group)
    report = analyze([str(path)], Config(log_group=group))
    assert verdict(report) == ("ELEVATED", 206, 40, 5, ("ETIMEDOUT", "dynamodb.us-east-1.amazonaws.com", 443))
    read = [e for e, _n in Ingest([str(path)], max_inflated_bytes=CAP).events()]
    tracebacks = [e for e in read if e.message.startswith("[ERROR] ConnectTimeoutError")]
    assert [(e.message, e.log_stream) for e in tracebacks] == [
        (e.message, e.log_stream) for e in joined if "\r" in e.message
    ]


def test_s3_stream_whose_first_invocations_fail_is_read_not_skipped(tmp_path: Path) -> None:
    """Each failing environment's object begins with INIT_START, START and then a traceback of
    dozens of lines: the object must still read as an export, not be skipped with a note."""
    events, group = example_events("python-dynamodb-insights.json")
    folder = reencode.s3_export(events, tmp_path, group)
    result = run_cli("analyze", str(folder), "--format", "json", "--log-group", group)
    assert result.returncode == 0, result.stderr
    assert "skipped" not in result.stderr
    report = json.loads(result.stdout)
    assert report["summary"] == {
        "events": 206,
        "invocations": 40,
        "failed_invocations": 5,
        "severity": "ELEVATED",
    }
    assert {i["format"] for i in report["inputs"]} == {"s3-export"}
    primary = report["findings"][0]["primary_error"]
    assert (primary["category"], primary["host"], primary["port"]) == (
        "ETIMEDOUT",
        "dynamodb.us-east-1.amazonaws.com",
        443,
    )


# The Ruby runtime: `LambdaLogger.log_error` does `puts message` then
# `puts JSON.pretty_unparse(exception.to_lambda_response)` (aws-lambda-ruby-runtime-interface-client,
# lib/aws_lambda_ric/lambda_logger.rb; the AWS Lambda developer guide shows the output). The
# error is Net::HTTP's, as pasted in saitgulmez/casper-ruby-sdk:
# `Failed to open TCP connection to 5.161.68.4:7777 (Connection refused - connect(2) for
# "5.161.68.4" port 7777) (Errno::ECONNREFUSED)`.
RUBY_STREAMS = (
    "2026/11/20/[$LATEST]3c9d1e7a5b2f4068a1d3c5e7f9b0a2c4",
    "2026/11/20/[$LATEST]8e0f2a4c6b1d3e5f7a9c0b2d4e6f8a1b",
)


def ruby_export() -> list[LogEvent]:
    """12 invocations of a Ruby 3.3 function in 2 environments; the first 7 cannot reach the
    pricing service: the file opens with the pretty-printed error."""
    t = 1_795_600_000_000
    events: list[LogEvent] = []
    for n in range(12):
        stream = RUBY_STREAMS[n % 2]
        rid = f"5ce6a15a-f156-11e8-b8aa-{n:012x}"
        events.append(LogEvent(t, f"START RequestId: {rid} Version: $LATEST\n", None, stream))
        took = 12.0
        if n < 7:
            took = 1031.0
            body = {
                "errorMessage": "Failed to open TCP connection to 10.0.7.31:8443 (Connection refused "
                '- connect(2) for "10.0.7.31" port 8443)',
                "errorType": "Function<Errno::ECONNREFUSED>",
                "stackTrace": [
                    "/var/lang/lib/ruby/3.3.0/net/http.rb:1603:in `initialize'",
                    "/var/lang/lib/ruby/3.3.0/net/http.rb:1603:in `open'",
                    "/var/task/function.rb:14:in `handler'",
                ],
            }
            events.append(LogEvent(t + 1030, "Error raised from handler method\n", None, stream))
            events.append(LogEvent(t + 1030, json.dumps(body, indent=2) + "\n", None, stream))
        else:
            events.append(LogEvent(t + 11, "quote refreshed for 3 items\n", None, stream))
        events.append(LogEvent(t + int(took), f"END RequestId: {rid}\n", None, stream))
        events.append(
            LogEvent(
                t + int(took),
                f"REPORT RequestId: {rid}\tDuration: {took:.2f} ms\t"
                f"Billed Duration: {int(took) + 1} ms\tMemory Size: 256 MB\t"
                "Max Memory Used: 61 MB\t\n",
                None,
                stream,
            )
        )
        t += 60_000
    return events


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_pretty_printed_json_error_lines_continue_their_event(tmp_path: Path, fmt: str) -> None:
    events = ruby_export()
    path = reencode.ENCODERS[fmt](events, tmp_path, "/aws/lambda/pricing-sync")
    read = [e for e, _n in Ingest([str(path)], max_inflated_bytes=CAP).events()]
    assert len(read) == len(events) == 12 * 4 + 7
    errors = [e for e in read if e.message.startswith("{")]
    assert len(errors) == 7
    assert all(e.message.count("\n") == 9 and e.log_stream in RUBY_STREAMS for e in errors)
    report = analyze([str(path)], Config(log_group="/aws/lambda/pricing-sync"))
    assert verdict(report) == ("HIGH", 55, 12, 7, ("ECONNREFUSED", "10.0.7.31", 8443))


def test_console_copy_keeps_a_pretty_printed_object_in_its_event(tmp_path: Path) -> None:
    """A copy of the raw lines (`--log-type Tail`, the console): the `{` line and the lines
    after it continue "Error raised from handler method"; nothing becomes an event of its own."""
    lines = "".join(e.message for e in ruby_export() if e.log_stream == RUBY_STREAMS[0])
    (tmp_path / "copied.txt").write_text(lines)
    ingest = Ingest([str(tmp_path / "copied.txt")], max_inflated_bytes=CAP)
    read = [e for e, _n in ingest.events()]
    assert ingest.inputs[0].format == "text"
    assert [e.message.split("\n", 1)[0] for e in read[:4]] == [
        "START RequestId: 5ce6a15a-f156-11e8-b8aa-000000000000 Version: $LATEST",
        "Error raised from handler method",
        "END RequestId: 5ce6a15a-f156-11e8-b8aa-000000000000",
        "REPORT RequestId: 5ce6a15a-f156-11e8-b8aa-000000000000\tDuration: 1031.00 ms\t"
        "Billed Duration: 1032 ms\tMemory Size: 256 MB\tMax Memory Used: 61 MB\t",
    ]
    assert read[1].message.count("\n") == 10  # its line and the 9 lines of the object
    report = analyze([str(tmp_path / "copied.txt")], Config(log_group="/aws/lambda/pricing-sync"))
    assert verdict(report) == ("ELEVATED", 24, 6, 4, ("ECONNREFUSED", "10.0.7.31", 8443))


# Lambda's log stream names: `[$LATEST]` or a published version in brackets, and in a custom
# log group shared by several functions the function's name first (examples/lambda_lines.py
# `log_stream_name`; AWS Lambda developer guide, "Configuring advanced logging controls").
STREAM_SHAPES = {
    "latest": "2026/11/20/[$LATEST]{hex}",
    "version": "2026/11/20/[14]{hex}",
    "shared-group": "2026/11/20/orders-api[$LATEST]{hex}",
    "shared-group-version": "2026/11/20/orders_api-v2[3]{hex}",
}


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
@pytest.mark.parametrize("shape", sorted(STREAM_SHAPES))
def test_every_stream_name_shape_in_every_text_format(tmp_path: Path, shape: str, fmt: str) -> None:
    events, group = example_events("vpc-node-postgres.json")
    renamed = {s: STREAM_SHAPES[shape].format(hex=s[-32:]) for s in {e.log_stream or "" for e in events}}
    events = tuple(replace(e, log_stream=renamed[e.log_stream or ""]) for e in events)
    path = reencode.ENCODERS[fmt](events, tmp_path, group)
    ingest = Ingest([str(path)], max_inflated_bytes=CAP)
    read = [e for e, _n in ingest.events()]
    assert {i.format for i in ingest.inputs} == {fmt}
    assert {e.log_stream for e in read} == set(renamed.values())
    trimmed = fmt != "s3-export"  # the tools print `message.rstrip()`
    timed = fmt != "awslogs"  # `awslogs get` prints no time unless asked
    assert sorted((e.log_stream, e.timestamp if timed else 0, e.message) for e in read) == sorted(
        (e.log_stream, e.timestamp if timed else 0, e.message.rstrip() + "\n" if trimmed else e.message)
        for e in events
    )
    report = analyze([str(path)], Config(log_group=group))
    assert verdict(report) == truth("vpc-node-postgres.json")


def test_tail_of_a_shared_log_group_counts_every_invocation(tmp_path: Path) -> None:
    """`aws logs tail /platform/lambda-shared`: the bench generator's four functions share one
    log group, so every stream name carries its function's name."""
    sys.path.insert(0, str(ROOT / "bench"))
    import generate  # type: ignore[import-not-found]

    export = tmp_path / "shared.json"
    facts = generate.generate(export, 400_000, seed=3, concurrency=32, fail_rate=0.05)
    group = "/platform/lambda-shared"
    events = [e for e, _n in Ingest([str(export)], max_inflated_bytes=CAP).events()]
    shared = re.compile(r"2026/11/20/[a-z-]+\[\$LATEST\][0-9a-f]{32}")
    assert all(shared.fullmatch(e.log_stream or "") for e in events)
    tail = reencode.aws_logs_tail(events, tmp_path, group)
    report = analyze([str(tail)], Config(log_group=group))
    assert report.inputs[0].format == "aws-logs-tail"
    assert (report.summary.events, report.summary.invocations, report.summary.failed_invocations) == (
        facts["events"],
        facts["invocations"],
        facts["failed_invocations"],
    )
    assert verdict(report) == verdict(analyze([str(export)], Config(log_group=group)))


def test_filter_log_events_beyond_a_slice_with_searched_log_streams(tmp_path: Path) -> None:
    """AWS CLI v1 and moto print one object per stream in `searchedLogStreams`, after the events:
    the sliced reader must stop at the end of the events array (it said "Extra data")."""
    sys.path.insert(0, str(ROOT / "bench"))
    import generate

    export = tmp_path / "big.json"
    facts = generate.generate(export, 2_500_000, seed=5, concurrency=64, fail_rate=0.03)
    assert export.stat().st_size > 2 << 20
    assert '"searchedCompletely": true' in export.read_text()[-400:]
    result = run_cli("analyze", str(export), "--format", "json", "--log-group", "/platform/lambda-shared")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"] == {
        "events": facts["events"],
        "invocations": facts["invocations"],
        "failed_invocations": facts["failed_invocations"],
        "severity": "HIGH",
    }
    assert report["inputs"][0]["skipped"] == 0
    by_function = {f["function"]: f["failed_invocations"] for f in report["findings"]}
    assert by_function == {
        name: fn["failed_invocations"] for name, fn in facts["functions"].items() if fn["failed_invocations"]
    }


def test_an_unreadable_part_of_an_s3_export_is_counted_and_shown_everywhere(tmp_path: Path) -> None:
    """One stream's object was re-encoded to Windows-1252 on its way (a tool that "fixed" the
    encoding): its lines with a non-ASCII byte cannot be read. They are counted, per input, and
    every report warns that the severity may be higher."""
    events, group = example_events("vpc-node-postgres.json")
    failing = next(e.log_stream for e in events if "ETIMEDOUT" in e.message)
    assert failing is not None
    marked = tuple(
        replace(e, message=e.message.replace("GET /orders", "GET /commandes/reçues"))
        if e.log_stream == failing
        else e
        for e in events
    )
    folder = reencode.s3_export(marked, tmp_path, group)
    obj = next(folder.rglob("000000.gz"))
    while failing not in str(obj):
        obj = next(p for p in folder.rglob("000000.gz") if failing in str(p))
    body = gzip.decompress(obj.read_bytes()).decode("utf-8")
    bad = sum("reçues" in line for line in body.splitlines())
    assert bad > 0
    obj.write_bytes(gzip.compress(body.encode("cp1252"), mtime=0))
    reports = {
        fmt: run_cli("analyze", str(folder), "--format", fmt, "--log-group", group)
        for fmt in ("json", "text", "markdown")
    }
    report = json.loads(reports["json"].stdout)
    assert sum(i["skipped"] for i in report["inputs"]) == bad
    assert [i["skipped_reasons"] for i in report["inputs"] if i["skipped"]] == [{"not valid UTF-8": bad}]
    assert report["summary"]["events"] + bad == len(events)
    warning = (
        f"{bad} events could not be analyzed ({bad} not valid UTF-8): connection failures "
        "among them are not counted, so the severity may be higher."
    )
    assert warning in " ".join(reports["text"].stdout.split())
    assert f"⚠️ **Warning:** {md_text(warning)}" in reports["markdown"].stdout
    summary = check_summary(analyze([str(folder)], Config(log_group=group)), 0)
    assert f"Warning: {md_text(warning)}" in summary


def test_an_s3_object_is_read_by_its_key_when_its_head_is_all_continuation(tmp_path: Path) -> None:
    """An object whose first lines do not look like Lambda lines (here: a part cut from a stream
    in the middle of an event) is still an export object by its key: read, never dropped."""
    events, _group = example_events("single-dns-failure.log")
    stream = events[0].log_stream or ""
    obj = tmp_path / "exportedlogs" / "0d3c5a1e-task" / stream / "000000.gz"
    obj.parent.mkdir(parents=True)
    body = "".join(
        f"{reencode.iso_z(e.timestamp or 0)} {e.message.removesuffix(chr(10))}\n"
        for e in events
        if e.log_stream == stream
    )
    cut = "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n" * 30 + body
    obj.write_bytes(gzip.compress(cut.encode(), mtime=0))
    ingest = Ingest([str(tmp_path / "exportedlogs")], max_inflated_bytes=CAP)
    read = [e for e, _n in ingest.events()]
    assert (ingest.ignored, [i.format for i in ingest.inputs]) == ([], ["s3-export"])
    assert len(read) == 1 + len([e for e in events if e.log_stream == stream])


def test_two_exports_of_one_function_without_log_group_are_one_finding(tmp_path: Path) -> None:
    """Two filter-log-events exports (no log group in either) of one function whose time windows
    overlap, each holding 3 of the 6 failing invocations of the window: one function with 6
    (HIGH), not two findings of 3 (ELEVATED each), and the same verdict as one export of it all."""
    doc = json.loads((EXAMPLES / "vpc-node-postgres.json").read_text())
    events = sorted(doc["events"], key=lambda e: e["timestamp"])
    fails = sorted({e["timestamp"] for e in events if "Invoke Error" in e["message"]})
    middle = (fails[2] + fails[3]) // 2
    window = [e for e in events if e["timestamp"] <= fails[5] + 1000]
    parts = {
        "monday.json": [e for e in window if e["timestamp"] <= middle + 5000],
        "tuesday.json": [e for e in window if e["timestamp"] >= middle - 5000],
        "whole.json": window,
    }
    for name, part in parts.items():
        (tmp_path / name).write_text(json.dumps({"events": part, "searchedLogStreams": []}, indent=4))
    monday, tuesday, whole = (str(tmp_path / name) for name in parts)
    alone = [json.loads(run_cli("analyze", p, "--format", "json").stdout) for p in (monday, tuesday)]
    assert [(r["summary"]["severity"], r["summary"]["failed_invocations"]) for r in alone] == [
        ("ELEVATED", 3),
        ("ELEVATED", 3),
    ]
    result = run_cli("analyze", monday, tuesday, "--format", "json")
    report = json.loads(result.stdout)
    assert result.returncode == 1
    one = json.loads(run_cli("analyze", whole, "--format", "json").stdout)
    assert report["summary"] == one["summary"]
    assert report["summary"]["severity"] == "HIGH" and report["summary"]["failed_invocations"] == 6
    assert [(f["export"], f["failed_invocations"], f["total_invocations"]) for f in report["findings"]] == [
        (monday, 6, one["findings"][0]["total_invocations"])
    ]
    primary = report["findings"][0]["primary_error"]
    assert (primary["category"], primary["host"], primary["port"]) == ("ETIMEDOUT", "10.0.3.47", 5432)


def test_split_functions_say_the_severity_is_one_functions(tmp_path: Path) -> None:
    """Two exports that share no stream stay two functions: the total line must not read as if
    the sum were one function's count."""
    for name in ("get-log-events.json", "single-dns-failure.log"):
        (tmp_path / name).write_bytes((EXAMPLES / name).read_bytes())
    paths = [str(tmp_path / "get-log-events.json"), str(tmp_path / "single-dns-failure.log")]
    result = run_cli("analyze", *paths)
    assert result.returncode == 0
    lines = " ".join(result.stdout.split("\n\n")[0].split())
    assert "unnamed function in get-log-events.json: 12 invocations, 3 failing" in lines
    assert (
        "Total: 163 events, 32 invocations of 2 functions, 4 failing in all (counted per function "
        "above). Highest severity of one function: ELEVATED"
    ) in lines
    markdown = run_cli("analyze", *paths, "--format", "markdown").stdout
    assert "Severity is per function: the most in one function is 3 (table below)." in markdown


def test_check_run_title_with_two_functions_says_whose_severity_it_is() -> None:
    both = [str(EXAMPLES / "get-log-events.json"), str(EXAMPLES / "single-dns-failure.log")]
    report = analyze(both, Config())
    assert title(report) == "ELEVATED (highest of 2 functions): 4 of 32 invocations failed to connect in all"
    single = analyze([str(EXAMPLES / "get-log-events.json")], Config())
    assert title(single) == "ELEVATED: 3 of 12 invocations failed to connect"
