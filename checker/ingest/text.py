"""Plain-text Lambda logs: S3 export tasks, `aws logs tail`, `awslogs get`, `sam logs`, copies.

Each line that starts a new event is recognised by its prefix; a line without one continues the
message before it (stack traces, pretty-printed objects). Separators are matched as any
whitespace, because copies from a browser turn tabs into spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from checker.events import LogEvent
from checker.ingest.limits import Limits
from checker.ingest.skips import NOT_UTF8, Skip
from checker.ingest.timestamps import leading_timestamp

STREAM = r"\d{4}/\d{2}/\d{2}/\[[^\]\s]*\][0-9a-f]{32}"
_STREAM_AT_START = re.compile(rf"({STREAM})[ \t]+")
_STREAM_IN_PATH = re.compile(STREAM)
# `awslogs get`: "<group> <stream> [<timestamp>] <message>"
_AWSLOGS = re.compile(rf"(\S+)[ \t]+({STREAM})[ \t]+")
# Raw Lambda lines that begin an event when no export prefix is present.
_RAW_START = re.compile(
    r"(?:START|END|REPORT|INIT_START|INIT_REPORT|RESTORE_START|RESTORE_REPORT|EXTENSION|TELEMETRY)\b"
    r"|\[(?:TRACE|DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)\]\s"
    r"|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}"
    r"|[IWEFDA], \[\d{4}-"
    r"|\{"
)

FORMAT_S3 = "s3-export"
FORMAT_TAIL = "aws-logs-tail"
FORMAT_AWSLOGS = "awslogs"
FORMAT_SAM = "sam-logs"
FORMAT_TEXT = "text"


@dataclass(frozen=True, slots=True)
class _Start:
    timestamp: int | None
    stream: str | None
    group: str | None
    message: str


def stream_from_path(path: str) -> str | None:
    """The log stream an S3 export key names: `<prefix>/<task>/<stream>/000000.gz`."""
    match = _STREAM_IN_PATH.search(path)
    return match.group(0) if match else None


def export_of(path: str) -> str:
    """The export a file belongs to: an S3 export task's folder for its per-stream objects."""
    match = _STREAM_IN_PATH.search(path)
    return path[: match.start()].rstrip("/") or path if match else path


def line_start(line: str) -> tuple[str, _Start] | None:
    """(format, parsed start) when `line` begins a new event, else None (a continuation)."""
    stamped = leading_timestamp(line)
    if stamped is not None:
        millis, end = stamped
        rest = line[end:]
        if rest[:1] == "\t" and _RAW_NODE_ID.match(rest[1:]):
            # A raw Node.js/.NET application line: its own timestamp is part of the message.
            return FORMAT_TEXT, _Start(millis, None, None, line)
        rest = rest.lstrip(" \t")
        stream = _STREAM_AT_START.match(rest)
        if stream:
            return FORMAT_TAIL, _Start(millis, stream.group(1), None, rest[stream.end():])
        return FORMAT_S3, _Start(millis, None, None, rest)
    stream = _STREAM_AT_START.match(line)
    if stream:  # sam logs: "<stream> <timestamp> <message>"
        rest = line[stream.end():]
        stamped = leading_timestamp(rest)
        if stamped is not None:
            millis, end = stamped
            return FORMAT_SAM, _Start(millis, stream.group(1), None, rest[end:].lstrip(" \t"))
    awslogs = _AWSLOGS.match(line)
    if awslogs:
        rest = line[awslogs.end():]
        stamped = leading_timestamp(rest)
        if stamped is not None:
            rest = rest[stamped[1]:].lstrip(" \t")
        return FORMAT_AWSLOGS, _Start(stamped[0] if stamped else None, awslogs.group(2),
                                      awslogs.group(1), rest)
    if _RAW_START.match(line):
        return FORMAT_TEXT, _Start(None, None, None, line)
    return None


_RAW_NODE_ID = re.compile(r"(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|undefined)\t")
_EMBEDDED_TIME = re.compile(r"(?:\[\w+\]\s+)?(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)")


def looks_like_logs(head: str) -> str | None:
    """The text format of a file whose first lines are Lambda log lines, else None."""
    lines = [ln for ln in head.splitlines()[:20] if ln.strip()]
    if not lines:
        return None
    starts = [line_start(ln) for ln in lines]
    recognised = [s for s in starts if s is not None]
    if starts[0] is None or len(recognised) * 2 < len(lines):
        return None
    return recognised[0][0]


def read_text(
    stream: IO[bytes], *, source_stream: str | None = None, source_group: str | None = None,
    limits: Limits | None = None,
) -> Iterator[LogEvent | Skip]:
    """Events of a text export; lines that are not UTF-8 are skipped and counted.

    Continuation lines past `limits.max_message_bytes` are dropped, and so are the ends of
    lines a LineCap cut: either way the event counts once as truncated.
    """
    pending: _Start | None = None
    extra: list[str] = []
    size, cut = 0, False
    last_time: int | None = None
    cuts = 0
    for raw in stream:
        line_cut = getattr(stream, "cuts", 0) != cuts
        cuts += line_cut
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield Skip(NOT_UTF8)
            continue
        line = line.lstrip("\ufeff") if pending is None and not extra else line
        body = line.rstrip("\r\n")
        start = line_start(body) if body.strip() else None
        if start is None and pending is not None:
            if limits is not None and size + len(raw) > limits.max_message_bytes:
                cut = True
            else:
                extra.append(body)
                size += len(raw)
                cut = cut or line_cut
            continue
        if pending is not None:
            event = _finish(pending, extra, last_time, source_stream, source_group)
            last_time = event.timestamp if event.timestamp is not None else last_time
            yield event
            extra = []
            if cut and limits is not None:
                limits.truncated += 1
        size, cut = len(raw), line_cut
        if start is None:
            if body.strip():  # text before any recognised line: an event of its own
                pending = _Start(None, None, None, body)
            else:
                pending = None
            continue
        pending = start[1]
    if pending is not None:
        yield _finish(pending, extra, last_time, source_stream, source_group)
        if cut and limits is not None:
            limits.truncated += 1


def _finish(
    start: _Start, extra: list[str], last_time: int | None, stream: str | None, group: str | None
) -> LogEvent:
    message = "\n".join([start.message, *extra]) + "\n"
    timestamp = start.timestamp
    if timestamp is None:
        embedded = _EMBEDDED_TIME.match(start.message)
        if embedded:
            found = leading_timestamp(embedded.group(1))
            timestamp = found[0] if found else None
    if timestamp is None:
        timestamp = last_time
    return LogEvent(timestamp, message, start.group or group, start.stream or stream)
