"""Plain-text Lambda logs: S3 export tasks, `aws logs tail`, `awslogs get`, `sam logs`, copies.

Each line that starts a new event is recognised by its prefix, the prefix of the file's own
format (an S3 export line begins with its timestamp, a tail line with timestamp and stream);
a line without one continues the message before it (stack traces, `util.inspect` objects,
pretty-printed JSON) and so shares that event's stream and request id. Lines are split on
`\n` only: the Python runtime joins a traceback with `\r` inside one event. Separators are
matched as any whitespace, because copies from a browser turn tabs into spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, NamedTuple

from checker.events import LogEvent
from checker.ingest.limits import Limits
from checker.ingest.skips import NOT_UTF8, Skip
from checker.ingest.timestamps import leading_timestamp

# `2026/11/20/[$LATEST]<32 hex>`, `[7]` for a published version, and in a custom log group
# shared by several functions the function's name first: `2026/11/20/orders-api[$LATEST]<hex>`.
STREAM = r"\d{4}/\d{2}/\d{2}/[A-Za-z0-9_.-]{0,64}\[[^\]\s]*\][0-9a-f]{32}"
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
    r'|\{"'  # a JSON log record; a bare "{" opens a pretty-printed object, a continuation
)
# What shows a head of text is Lambda's, when multi-line messages outnumber the event starts.
_LAMBDA_MARK = re.compile(
    r"(?:START|END|REPORT) RequestId: |INIT_START |Task timed out after "
    r"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
)
HEAD_LINES = 200
# Platform lines are one line each (REPORT may carry an `XRAY TraceId` line): in a copy without
# prefixes, the line after one starts the next event.
_ONE_LINE = re.compile(r"(?:START|END|REPORT) RequestId: |INIT_START |INIT_REPORT |RESTORE_START ")

FORMAT_S3 = "s3-export"
FORMAT_TAIL = "aws-logs-tail"
FORMAT_AWSLOGS = "awslogs"
FORMAT_SAM = "sam-logs"
FORMAT_TEXT = "text"


class _Start(NamedTuple):  # a tuple: made for every line, and a frozen dataclass costs 4x
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
            return FORMAT_TAIL, _Start(millis, stream.group(1), None, rest[stream.end() :])
        return FORMAT_S3, _Start(millis, None, None, rest)
    stream = _STREAM_AT_START.match(line)
    if stream:  # sam logs: "<stream> <timestamp> <message>"
        rest = line[stream.end() :]
        stamped = leading_timestamp(rest)
        if stamped is not None:
            millis, end = stamped
            return FORMAT_SAM, _Start(millis, stream.group(1), None, rest[end:].lstrip(" \t"))
    awslogs = _AWSLOGS.match(line)
    if awslogs:
        rest = line[awslogs.end() :]
        stamped = leading_timestamp(rest)
        if stamped is not None and rest[stamped[1] : stamped[1] + 1] == " " and rest[10:11] == "T":
            # `awslogs --timestamp` prints ISO time then a space
            rest = rest[stamped[1] :].lstrip(" \t")
        else:  # a raw Node.js/.NET line's own "<ISO>\t<id>\t": part of the message
            stamped = None
        return FORMAT_AWSLOGS, _Start(
            stamped[0] if stamped else None, awslogs.group(2), awslogs.group(1), rest
        )
    if _RAW_START.match(line):
        return FORMAT_TEXT, _Start(None, None, None, line)
    return None


_RAW_NODE_ID = re.compile(r"(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|undefined)\t")
_EMBEDDED_TIME = re.compile(r"(?:\[\w+\]\s+)?(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)")


def looks_like_logs(head: str) -> str | None:
    """The text format of a file whose first line starts a Lambda log event, else None.

    Multi-line messages (tracebacks, stack traces, inspected objects) may fill most of the
    first lines: then a Lambda mark (a platform line, a request id) must be there instead.
    """
    lines = [ln.rstrip("\r") for ln in head.split("\n")[:HEAD_LINES] if ln.strip()]
    if not lines:
        return None
    first = line_start(lines[0])
    if first is None:
        return None
    fmt = first[0]
    starts = sum(1 for ln in lines if is_start(fmt, ln))
    if starts * 2 < len(lines) and not _LAMBDA_MARK.search(head):
        return None
    return fmt


def is_start(fmt: str, line: str, start: tuple[str, _Start] | None = None) -> bool:
    """Whether `line` (whose `line_start` may be given) begins a new event in a file of text
    format `fmt`, else it continues one."""
    start = start or line_start(line)
    if start is None:
        return False
    if fmt == FORMAT_S3:  # every event line of an export task begins with its timestamp
        return start[0] in (FORMAT_S3, FORMAT_TAIL) or leading_timestamp(line) is not None
    return fmt == FORMAT_TEXT or start[0] == fmt


def read_text(
    stream: IO[bytes],
    *,
    source_stream: str | None = None,
    source_group: str | None = None,
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
    fmt: str | None = None  # the file's format, told by its first event line
    for raw in stream:
        line_cut = getattr(stream, "cuts", 0) != cuts
        cuts += line_cut
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield Skip(NOT_UTF8)
            continue
        line = line.lstrip("\ufeff") if pending is None and not extra else line
        body = line.removesuffix("\n").removesuffix("\r")
        start = line_start(body) if body.strip() else None
        if start is not None:
            if fmt is None:
                fmt = start[0]
            elif not is_start(fmt, body, start):
                start = None
        elif (
            fmt == FORMAT_TEXT
            and pending is not None
            and body.strip()
            and _ONE_LINE.match(pending.message)
            and not body.startswith("XRAY TraceId")
        ):
            start = (FORMAT_TEXT, _Start(None, None, None, body))  # no copied line continues START
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
