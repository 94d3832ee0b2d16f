"""Write one list of CloudWatch events in every export shape connfail reads, as each tool prints it.

The shapes follow design §2 and the tools' own code: `aws logs tail --format detailed`
(`<isoformat µs> <stream> <message>`, the message `rstrip()`-ed), `awslogs get` (group and
stream left-justified, then `message.rstrip()`: jorgebastida/awslogs core.py), `sam logs`
(`<stream> <timestamp> <message>`), an S3 export task (`<ISO>Z <message>` per event, one
object per stream under `<prefix>/<task>/<stream>/000000.gz`). Used by the format-independence
tests; the checker itself never writes exports.
"""

from __future__ import annotations

import base64
import csv
import gzip
import io
import json
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path

from checker.events import LogEvent

ACCOUNT = "123456789012"


def iso_z(ms: int) -> str:
    moment = datetime.fromtimestamp(ms / 1000, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def tail_ts(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).isoformat(timespec="microseconds")


def insights_ts(ms: int) -> str:
    moment = datetime.fromtimestamp(ms / 1000, tz=timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{ms % 1000:03d}"


def _ts(event: LogEvent) -> int:
    assert event.timestamp is not None, "re-encoding needs timestamps"
    return event.timestamp


def _stream(event: LogEvent) -> str:
    assert event.log_stream, "re-encoding needs log streams"
    return event.log_stream


def _group(event: LogEvent, group: str) -> str:
    return event.log_group or group


def by_stream(events: Sequence[LogEvent]) -> dict[str, list[LogEvent]]:
    streams: dict[str, list[LogEvent]] = {}
    for event in events:
        streams.setdefault(_stream(event), []).append(event)
    return streams


def filter_log_events(events: Sequence[LogEvent], folder: Path, group: str, first_id: int = 0) -> Path:
    """The AWS CLI's shape: 4-space indent, `searchedLogStreams` objects after the events.

    `first_id` numbers the eventIds from there: pages of one export never share an id."""
    doc = {
        "events": [
            {
                "logStreamName": _stream(e),
                "timestamp": _ts(e),
                "message": e.message,
                "ingestionTime": _ts(e) + 200,
                "eventId": f"{n:056d}",
            }
            for n, e in enumerate(events, first_id)
        ],
        "searchedLogStreams": [{"logStreamName": s, "searchedCompletely": True} for s in by_stream(events)],
    }
    path = folder / "filter-log-events.json"
    path.write_text(json.dumps(doc, indent=4) + "\n")
    return path


def get_log_events(events: Sequence[LogEvent], folder: Path, group: str) -> Path:
    """One file per stream, as get-log-events returns one stream at a time."""
    out = folder / "get-log-events"
    out.mkdir()
    for n, (_stream_name, items) in enumerate(by_stream(events).items()):
        doc = {
            "events": [
                {"timestamp": _ts(e), "message": e.message, "ingestionTime": _ts(e) + 200} for e in items
            ],
            "nextForwardToken": "f/3" + "0" * 55,
            "nextBackwardToken": "b/3" + "0" * 55,
        }
        (out / f"stream-{n}.json").write_text(json.dumps(doc, indent=4) + "\n")
    return out


def _insights_fields(event: LogEvent, group: str) -> list[tuple[str, str]]:
    return [
        ("@timestamp", insights_ts(_ts(event))),
        ("@message", event.message),
        ("@logStream", _stream(event)),
        ("@log", f"{ACCOUNT}:{_group(event, group)}"),
    ]


def insights_results(events: Sequence[LogEvent], folder: Path, group: str) -> Path:
    doc = {
        "results": [[{"field": f, "value": v} for f, v in _insights_fields(e, group)] for e in events],
        "statistics": {
            "recordsMatched": float(len(events)),
            "recordsScanned": float(len(events)),
            "bytesScanned": 1.0,
        },
        "status": "Complete",
    }
    path = folder / "insights-results.json"
    path.write_text(json.dumps(doc, indent=4) + "\n")
    return path


def insights_console_json(events: Sequence[LogEvent], folder: Path, group: str) -> Path:
    path = folder / "insights-console.json"
    path.write_text(json.dumps([dict(_insights_fields(e, group)) for e in events], indent=2))
    return path


def insights_console_csv(events: Sequence[LogEvent], folder: Path, group: str) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["@timestamp", "@message", "@logStream", "@log"])
    for event in events:
        writer.writerow([v for _f, v in _insights_fields(event, group)])
    path = folder / "insights-console.csv"
    path.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")
    return path


def s3_export(events: Sequence[LogEvent], folder: Path, group: str) -> Path:
    top = folder / "exportedlogs"
    for stream, items in by_stream(events).items():
        obj = top / "0d3c5a1e-task" / stream / "000000.gz"
        obj.parent.mkdir(parents=True)
        body = "".join(f"{iso_z(_ts(e))} {e.message.removesuffix(chr(10))}\n" for e in items)
        obj.write_bytes(gzip.compress(body.encode(), mtime=0))
    return top


def _subscription(stream: str, items: Sequence[LogEvent], group: str, first_id: int) -> dict[str, object]:
    return {
        "messageType": "DATA_MESSAGE",
        "owner": ACCOUNT,
        "logGroup": _group(items[0], group),
        "logStream": stream,
        "subscriptionFilters": ["connfail"],
        "logEvents": [
            {"id": f"{first_id + n:056d}", "timestamp": _ts(e), "message": e.message}
            for n, e in enumerate(items)
        ],
    }


def subscription_decoded(events: Sequence[LogEvent], folder: Path, group: str) -> Path:
    out = folder / "subscription"
    out.mkdir()
    first = 0
    for n, (stream, items) in enumerate(by_stream(events).items()):
        (out / f"batch-{n}.json").write_text(json.dumps(_subscription(stream, items, group, first)))
        first += len(items)
    return out


def subscription_payload(events: Sequence[LogEvent], folder: Path, group: str) -> Path:
    out = folder / "subscription-payload"
    out.mkdir()
    first = 0
    for n, (stream, items) in enumerate(by_stream(events).items()):
        data = gzip.compress(json.dumps(_subscription(stream, items, group, first)).encode(), mtime=0)
        first += len(items)
        envelope = {"awslogs": {"data": base64.b64encode(data).decode()}}
        (out / f"event-{n}.json").write_text(json.dumps(envelope, indent=2))
    return out


def live_tail(events: Sequence[LogEvent], folder: Path, group: str) -> Path:
    arn = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:"
    updates: list[dict[str, object]] = [
        {"sessionStart": {"requestId": "a1b2", "sessionId": "c3d4", "logGroupIdentifiers": [arn + group]}}
    ]
    for n in range(0, len(events), 50):
        updates.append(
            {
                "sessionUpdate": {
                    "sessionMetadata": {"sampled": False},
                    "sessionResults": [
                        {
                            "logStreamName": _stream(e),
                            "logGroupIdentifier": arn + _group(e, group),
                            "message": e.message,
                            "timestamp": _ts(e),
                            "ingestionTime": _ts(e) + 200,
                        }
                        for e in events[n : n + 50]
                    ],
                }
            }
        )
    path = folder / "live-tail.json"
    path.write_text("\n".join(json.dumps(u) for u in updates) + "\n")
    return path


def aws_logs_tail(events: Sequence[LogEvent], folder: Path, group: str) -> Path:
    path = folder / "tail.log"
    path.write_text("".join(f"{tail_ts(_ts(e))} {_stream(e)} {e.message}".rstrip() + "\n" for e in events))
    return path


def awslogs(events: Sequence[LogEvent], folder: Path, group: str) -> Path:
    width = max(len(_stream(e)) for e in events)
    path = folder / "awslogs.txt"
    path.write_text("".join(f"{group} {_stream(e).ljust(width)} {e.message.rstrip()}\n" for e in events))
    return path


def sam_logs(events: Sequence[LogEvent], folder: Path, group: str) -> Path:
    path = folder / "sam-logs.txt"
    path.write_text("".join(f"{_stream(e)} {tail_ts(_ts(e))[:26]} {e.message.rstrip()}\n" for e in events))
    return path


Encoder = Callable[[Sequence[LogEvent], Path, str], Path]
# Formats that print no time of their own: the reader dates an event by the one before it, so
# only the file's order tells which invocation a line belongs to (awslogs without --timestamp).
ORDERED_ONLY = frozenset({"awslogs"})
ENCODERS: dict[str, Encoder] = {
    "filter-log-events": filter_log_events,
    "get-log-events": get_log_events,
    "insights-query-results": insights_results,
    "insights-console-json": insights_console_json,
    "insights-console-csv": insights_console_csv,
    "s3-export": s3_export,
    "subscription": subscription_decoded,
    "subscription-payload": subscription_payload,
    "live-tail": live_tail,
    "aws-logs-tail": aws_logs_tail,
    "awslogs": awslogs,
    "sam-logs": sam_logs,
}
