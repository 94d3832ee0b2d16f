"""Every export shape is detected and read with exact event counts, groups and streams."""

from __future__ import annotations

import base64
import csv
import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest

from checker.events import LogEvent
from checker.ingest.read import Ingest
from tests.ingest.lines import (
    STREAM_A,
    STREAM_B,
    T0,
    end,
    event,
    filter_export,
    node_error,
    report,
    rid,
    start,
)

CAP = 2**31


def read(*paths: str | Path, stdin: bytes | None = None) -> tuple[Ingest, list[LogEvent]]:
    ingest = Ingest(
        [str(p) for p in paths],
        max_inflated_bytes=CAP,
        stdin=io.BytesIO(stdin) if stdin is not None else None,
    )
    return ingest, [e for e, _name in ingest.events()]


def invocation_lines(n: int) -> list[str]:
    return [
        start(n),
        node_error(n, "2026-11-20T10:00:01.234Z", "Error: connect ECONNREFUSED 10.0.1.5:5432"),
        end(n),
        report(n),
    ]


def test_filter_log_events(tmp_path: Path) -> None:
    events = [
        event(T0 + i, line, STREAM_A if i % 2 else STREAM_B)
        for i, line in enumerate(invocation_lines(1) + invocation_lines(2))
    ]
    path = tmp_path / "export.json"
    path.write_text(filter_export(events))
    ingest, got = read(path)
    assert ingest.inputs[0].format == "filter-log-events"
    assert ingest.inputs[0].events == 8 and ingest.inputs[0].skipped == 0
    assert got[0] == LogEvent(T0, start(1), None, STREAM_B, events[0]["eventId"])  # type: ignore[arg-type]
    assert got[1].log_stream == STREAM_A


def test_get_log_events_has_neither_group_nor_stream(tmp_path: Path) -> None:
    doc = {
        "events": [
            {"timestamp": T0 + i, "message": m, "ingestionTime": T0 + i + 5}
            for i, m in enumerate(invocation_lines(1))
        ],
        "nextForwardToken": "f/3",
        "nextBackwardToken": "b/3",
    }
    path = tmp_path / "stream.json"
    path.write_text(json.dumps(doc))
    ingest, got = read(path)
    assert ingest.inputs[0].format == "get-log-events"
    assert [(e.timestamp, e.log_group, e.log_stream) for e in got] == [(T0 + i, None, None) for i in range(4)]


def _insights_row(ts: str, message: str, stream: str) -> list[dict[str, str]]:
    return [
        {"field": "@timestamp", "value": ts},
        {"field": "@message", "value": message},
        {"field": "@logStream", "value": stream},
        {"field": "@log", "value": "123456789012:/aws/lambda/inventory-sync"},
        {"field": "@ptr", "value": "CmAKJwojMTIzNDU2Nzg5MDEyOi9hd3MvbGFtYmRh" + ts[-3:]},
    ]


def test_insights_query_results(tmp_path: Path) -> None:
    doc = {
        "results": [
            _insights_row("2026-11-20 10:00:00.123", start(1), STREAM_A),
            _insights_row("2026-11-20 10:00:00.456", end(1), STREAM_A),
        ],
        "statistics": {"recordsMatched": 2.0, "recordsScanned": 90.0, "bytesScanned": 9000.0},
        "status": "Complete",
    }
    path = tmp_path / "q.json"
    path.write_text(json.dumps(doc, indent=4))
    ingest, got = read(path)
    assert ingest.inputs[0].format == "insights-query-results"
    assert [(e.timestamp, e.log_group, e.log_stream) for e in got] == [
        (1_795_168_800_123, "/aws/lambda/inventory-sync", STREAM_A),
        (1_795_168_800_456, "/aws/lambda/inventory-sync", STREAM_A),
    ]


def test_insights_console_json_and_csv(tmp_path: Path) -> None:
    rows = [
        {
            "@timestamp": "2026-11-20 10:00:00.123",
            "@message": start(7),
            "@logStream": STREAM_A,
            "@log": "123456789012:/aws/lambda/search-indexer",
        },
        {
            "@timestamp": "2026-11-20 10:00:00.900",
            "@message": "Error: connect ETIMEDOUT 10.0.3.47:5432\n"
            "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)\n",
            "@logStream": STREAM_A,
            "@log": "123456789012:/aws/lambda/search-indexer",
        },
    ]
    (tmp_path / "console.json").write_text(json.dumps(rows))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    (tmp_path / "console.csv").write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode())
    ingest, got = read(tmp_path / "console.json", tmp_path / "console.csv")
    assert [i.format for i in ingest.inputs] == ["insights-console-json", "insights-console-csv"]
    assert [i.events for i in ingest.inputs] == [2, 0]  # the CSV repeats the JSON: duplicates
    assert ingest.inputs[1].skipped_reasons == {"duplicate event": 2}
    assert got[1].message.startswith("Error: connect ETIMEDOUT 10.0.3.47:5432\n    at TCPConnectWrap")


def _subscription(
    group: str, stream: str, messages: list[str], kind: str = "DATA_MESSAGE"
) -> dict[str, object]:
    return {
        "messageType": kind,
        "owner": "123456789012",
        "logGroup": group,
        "logStream": stream,
        "subscriptionFilters": ["connfail"],
        "logEvents": [
            {"id": f"3{sum(map(ord, stream)) * 7919:012d}{i:043d}", "timestamp": T0 + i, "message": m}
            for i, m in enumerate(messages)
        ],
    }


def test_subscription_encoded_decoded_and_firehose(tmp_path: Path) -> None:
    message = _subscription("/aws/lambda/ledger-writer", STREAM_A, invocation_lines(3))
    data = base64.b64encode(gzip.compress(json.dumps(message).encode())).decode()
    (tmp_path / "payload.json").write_text(json.dumps({"awslogs": {"data": data}}))
    control = _subscription(
        "/aws/lambda/ledger-writer",
        "log_stream_created_by_aws_to_validate_log_delivery_subscriptions",
        ["CWL CONTROL MESSAGE: Checking health of destination Firehose."],
        "CONTROL_MESSAGE",
    )
    other = _subscription("/aws/lambda/ledger-writer", STREAM_B, invocation_lines(4))
    firehose = b"".join(json.dumps(m).encode() for m in (control, other))
    (tmp_path / "firehose-1-2026-11-20-10-00-00-abc").write_bytes(gzip.compress(firehose))
    ingest, got = read(tmp_path / "payload.json", tmp_path / "firehose-1-2026-11-20-10-00-00-abc")
    assert [(i.format, i.events, dict(i.skipped_reasons)) for i in ingest.inputs] == [
        ("subscription", 4, {}),
        ("subscription", 4, {"subscription control message": 1}),
    ]
    assert {(e.log_group, e.log_stream) for e in got} == {
        ("/aws/lambda/ledger-writer", STREAM_A),
        ("/aws/lambda/ledger-writer", STREAM_B),
    }


def test_live_tail(tmp_path: Path) -> None:
    lines = [
        json.dumps({"sessionStart": {"requestId": "x", "sessionId": "y", "logGroupIdentifiers": []}}),
        json.dumps(
            {
                "sessionUpdate": {
                    "sessionMetadata": {"sampled": False},
                    "sessionResults": [
                        {
                            "logStreamName": STREAM_A,
                            "logGroupIdentifier": "123456789012:/aws/lambda/orders-api",
                            "message": m,
                            "timestamp": T0 + i,
                            "ingestionTime": T0 + i + 9,
                        }
                        for i, m in enumerate(invocation_lines(5))
                    ],
                }
            }
        ),
    ]
    (tmp_path / "tail.jsonl").write_text("\n".join(lines) + "\n")
    ingest, got = read(tmp_path / "tail.jsonl")
    assert ingest.inputs[0].format == "live-tail"
    assert len(got) == 4 and got[0].log_group == "/aws/lambda/orders-api"


def test_s3_export_multiline_and_stream_from_key(tmp_path: Path) -> None:
    folder = tmp_path / "exportedlogs" / "3f1a9c2e-task" / STREAM_A
    folder.mkdir(parents=True)
    text = (
        "2026-11-20T10:00:00.000Z START RequestId: " + rid(9) + " Version: $LATEST\n"
        "2026-11-20T10:00:00.100Z 2026-11-20T10:00:00.100Z\t"
        + rid(9)
        + "\tERROR\tError: connect ETIMEDOUT 10.0.3.47:5432\n"
        "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)\n"
        "2026-11-20T10:00:02.000Z END RequestId: " + rid(9) + "\n"
    )
    (folder / "000000.gz").write_bytes(gzip.compress(text.encode(), mtime=0))
    ingest, got = read(tmp_path / "exportedlogs")
    assert ingest.inputs[0].format == "s3-export"
    assert len(got) == 3
    assert got[1].message.endswith("(node:net:1607:16)\n") and got[1].log_stream == STREAM_A


@pytest.mark.parametrize(
    ("text", "fmt", "stream", "group"),
    [
        (
            f"2026-11-20T10:00:00.123000+00:00 {STREAM_A} START RequestId: {rid(1)} Version: $LATEST\n",
            "aws-logs-tail",
            STREAM_A,
            None,
        ),
        (
            f"/aws/lambda/partner-sync {STREAM_A} START RequestId: {rid(1)} Version: $LATEST\n",
            "awslogs",
            STREAM_A,
            "/aws/lambda/partner-sync",
        ),
        (
            f"{STREAM_A} 2026-11-20T10:00:00.123000 START RequestId: {rid(1)} Version: $LATEST\n",
            "sam-logs",
            STREAM_A,
            None,
        ),
        # a console copy in which the tabs became spaces
        (f"START RequestId: {rid(1)} Version: $LATEST\n", "text", None, None),
    ],
)
def test_text_formats(tmp_path: Path, text: str, fmt: str, stream: str | None, group: str | None) -> None:
    path = tmp_path / "logs.txt"
    path.write_text(text + text.replace("START", "END").replace(" Version: $LATEST", ""))
    ingest, got = read(path)
    assert ingest.inputs[0].format == fmt
    assert [(e.log_stream, e.log_group) for e in got] == [(stream, group), (stream, group)]
    assert got[0].message == f"START RequestId: {rid(1)} Version: $LATEST\n"


def test_zip_artifact_and_stdin(tmp_path: Path) -> None:
    export = filter_export([event(T0 + i, m) for i, m in enumerate(invocation_lines(1))])
    archive = tmp_path / "connfail-exports.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("logs/orders.json", export)
        zf.writestr("pr-number.txt", "42\n")
    ingest, _got = read(archive)
    assert [(i.path, i.events) for i in ingest.inputs] == [(f"{archive}!logs/orders.json", 4)]
    assert [i.path for i in ingest.ignored] == [f"{archive}!pr-number.txt"]
    ingest, _got = read("-", stdin=gzip.compress(export.encode()))
    assert (ingest.inputs[0].path, ingest.inputs[0].events) == ("<stdin>", 4)


def test_overlapping_exports_count_each_event_once(tmp_path: Path) -> None:
    events = [event(T0 + i, m) for i, m in enumerate(invocation_lines(1) + invocation_lines(2))]
    (tmp_path / "a.json").write_text(filter_export(events[:6]))
    (tmp_path / "b.json").write_text(filter_export(events[2:]))
    ingest, got = read(tmp_path / "a.json", tmp_path / "b.json")
    assert len(got) == 8
    assert [(i.events, dict(i.skipped_reasons)) for i in ingest.inputs] == [
        (6, {}),
        (2, {"duplicate event": 4}),
    ]


def test_same_line_twice_in_one_export_is_not_a_duplicate(tmp_path: Path) -> None:
    line = "2026-11-20T10:00:00.000Z START RequestId: " + rid(1) + " Version: $LATEST\n"
    retry = "2026-11-20T10:00:00.001Z 2026-11-20T10:00:00.001Z\t" + rid(1) + "\tINFO\tretrying\n"
    (tmp_path / "000000").write_bytes((line + retry + retry).encode())
    ingest, _got = read(tmp_path / "000000")
    assert ingest.inputs[0].events == 3


def test_mixed_good_and_bad_events_reports_the_bad_count(tmp_path: Path) -> None:
    events = [
        event(T0, start(1)),
        {"timestamp": T0 + 1, "logStreamName": STREAM_A},
        event(T0 + 2, end(1)),
        {"timestamp": "yesterday", "message": "x"},
    ]
    (tmp_path / "mixed.json").write_text(filter_export(events))
    ingest, _got = read(tmp_path / "mixed.json")
    stats = ingest.inputs[0]
    assert (stats.events, stats.skipped, dict(stats.skipped_reasons)) == (2, 2, {"invalid event": 2})
    assert stats.problems == [
        "/events/1: 'message' is required",
        "/events/3/timestamp: 'yesterday' is not of type 'integer'",
    ]


def test_text_line_that_is_not_utf8_is_counted(tmp_path: Path) -> None:
    good = f"2026-11-20T10:00:00.000Z START RequestId: {rid(1)} Version: $LATEST\n".encode()
    (tmp_path / "000000").write_bytes(
        good + b"2026-11-20T10:00:00.001Z caf\xe9\n" + good.replace(b"START", b"END")
    )
    ingest, _got = read(tmp_path / "000000")
    assert (ingest.inputs[0].events, dict(ingest.inputs[0].skipped_reasons)) == (2, {"not valid UTF-8": 1})
