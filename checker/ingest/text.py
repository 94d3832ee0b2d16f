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
from collections.abc import Callable, Iterator
from typing import IO, Any, NamedTuple

import msgspec

from checker.events import LogEvent
from checker.ingest.limits import Limits
from checker.ingest.skips import NOT_UTF8, Skip
from checker.ingest.timestamps import leading_timestamp, second_millis

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
    for item in text_items(stream, source_stream=source_stream, source_group=source_group, limits=limits):
        if isinstance(item, list):
            for event in item:
                stream_of, group_of = _stream_and_group(event)
                yield LogEvent(event.timestamp, event.message, group_of, stream_of, None)
        else:
            yield item


def text_items(
    stream: IO[bytes],
    *,
    source_stream: str | None = None,
    source_group: str | None = None,
    limits: Limits | None = None,
) -> Iterator[LogEvent | Skip | list[Any]]:
    """`read_text`'s events, those of a run of plain lines in one list (see `batched`), as
    LogEvents or TextEvents."""
    pending: _Start | None = None
    extra: list[str] = []
    size, cut = 0, False
    last_time: int | None = None
    cuts = 0
    fmt: str | None = None  # the file's format, told by its first event line
    peek: Callable[[int], bytes] | None = getattr(stream, "peek", None)
    # Whole lines of at most the cap's length (LineCap would not cut them) for `_plain_lines`;
    # the window grows while they are plain, and starts small again after a line that is not,
    # which is read line by line with the next 0, 1, 3, 7 ... 63 lines (a stack trace's).
    most = _WINDOW if limits is None else min(_WINDOW, limits.max_message_bytes + 1)
    window = _WINDOW_FIRST
    wait = backoff = 0  # after a line that is not plain, the lines to read before looking again
    while True:
        plain = _PLAIN.get(fmt) if fmt is not None and pending is not None else None
        if plain is not None and peek is not None and fmt is not None:
            found = _plain_lines(plain, peek(window), min(window, most)) if not wait else None
            made = None
            if found is not None and found is not _NO_WHOLE_LINE:
                assert pending is not None
                before = _finish(pending, extra, last_time, source_stream, source_group)
                after = before.timestamp if before.timestamp is not None else last_time
                made = _plain_events(found[0], _ORDER[fmt], after, source_stream, source_group)
            if made is not None and found is not None:
                backoff = 0
                window = min(window * 4, _WINDOW)
                lines, used, last_size = found
                stream.read(used)
                yield before
                extra = []
                if cut and limits is not None:
                    limits.truncated += 1
                events, last_time = made
                last = events.pop()
                yield events
                # The last line's event may go on in the next lines: it waits as they do.
                message = lines[-1][_ORDER[fmt][_PARTS.index("message")]]
                pending = _Start(last.timestamp, *_stream_and_group(last), message)
                size, cut = last_size, False
                continue
            if found is _NO_WHOLE_LINE:  # the buffer ends inside a line: read it, look again
                pass
            else:
                window = _WINDOW_FIRST
                if wait:
                    wait -= 1
                else:
                    backoff = wait = min(2 * backoff + 1, _BACKOFF)
        raw = stream.readline()
        if not raw:
            break
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


_HEAD_ISO = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
# A line of each export format as its tool prints it, that `line_start` reads without a doubt:
# where it matches, `line_start` and `is_start` would find an event start of the file's own
# format with these parts (the timestamp's second is read as `leading_timestamp` reads it).
# Groups: second, milliseconds (or more digits: the first three count), stream, group,
# message. The lookaheads keep the regex from backtracking into a shorter run of spaces, and
# turn away what `line_start` would read otherwise: an S3 message that starts like a log
# stream (that is a tail line), a sam-logs message that starts with a zone (`Z`, `UTC`, `+`,
# `-`) or another space, an awslogs line or message that starts with a digit (a timestamp).
_PLAIN: dict[str, re.Pattern[str]] = {
    FORMAT_S3: re.compile(
        rf"^(?P<second>{_HEAD_ISO})\.(?P<fraction>[0-9]{{3}})Z [ \t]*(?![ \t])(?![^\n]{{4}}/)"
        r"(?P<stream>)(?P<group>)(?P<message>[^\n]*)$",
        re.M,
    ),
    FORMAT_TAIL: re.compile(
        rf"^(?P<second>{_HEAD_ISO})\.(?P<fraction>[0-9]{{6}})\+00:00 [ \t]*(?![ \t])"
        rf"(?P<stream>{STREAM})[ \t]+(?P<group>)(?P<message>[^\n]*)$",
        re.M,
    ),
    FORMAT_SAM: re.compile(
        rf"^(?P<stream>{STREAM})[ \t]+(?P<second>{_HEAD_ISO})\.(?P<fraction>[0-9]{{6}})[ \t]+(?!\s)(?![ZU+-])"
        r"(?P<group>)(?P<message>[^\n]*)$",
        re.M,
    ),
    FORMAT_AWSLOGS: re.compile(
        rf"^(?P<second>)(?P<fraction>)(?!\d)(?P<group>\S+)[ \t]+(?P<stream>{STREAM})[ \t]+(?![ \t])"
        rf"(?:(?!\d)|(?={_HEAD_ISO}\.[0-9]{{3}}Z\t))(?P<message>"
        # The time `_finish` finds at the start of the message (`_EMBEDDED_TIME`), when plain.
        rf"(?:(?=(?:\[\w+\][^\S\n]+)?(?P<embedded>{_HEAD_ISO})\.(?P<embedded_ms>[0-9]{{3}})Z))?[^\n]*)$",
        re.M,
    ),
}
# Where each part is among a pattern's groups (findall gives them in the pattern's order).
_PARTS = ("second", "fraction", "stream", "group", "message")
_ORDER = {fmt: tuple(plain.groupindex[part] - 1 for part in _PARTS) for fmt, plain in _PLAIN.items()}
_EMBEDDED_AT = tuple(_PLAIN[FORMAT_AWSLOGS].groupindex[part] - 1 for part in ("embedded", "embedded_ms"))
_WINDOW_FIRST, _WINDOW = 1 << 10, 1 << 18
_BACKOFF = 63
_NO_WHOLE_LINE: tuple[list[_Start], int, int] = ([], 0, 0)


def _plain_lines(plain: re.Pattern[str], buffered: bytes, window: int) -> tuple[list[Any], int, int] | None:
    """The plain lines at the head of `buffered[:window]` (whole lines only, UTF-8, no
    carriage return) as group tuples, the bytes they take and the size of the last one;
    None when the first line is not plain, `_NO_WHOLE_LINE` when none is buffered whole:
    the caller then reads a line itself."""
    data = buffered[:window]
    data = data[: data.rfind(b"\n") + 1]
    if not data:
        return _NO_WHOLE_LINE
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\r" in text:
        return None
    # Up to the first line that starts otherwise than the first (a continuation line, mostly).
    other = re.compile(f"\n(?!{re.escape(text[0])})")  # compiled once: re keeps it
    differs = other.search(text, 0, len(text) - 1)
    end = len(text) if differs is None else differs.start() + 1
    found = plain.findall(text, 0, end)  # one match per line at most: each is one whole line
    if len(found) == text.count("\n", 0, end):
        at = end
        last = text.rfind("\n", 0, at - 1) + 1
    else:  # the plain lines before the first that is not
        found, at, last = [], 0, 0
        while match := plain.match(text, at):
            found.append(match.groups())
            last, at = at, match.end() + 1
        if not found:
            return None
    if len(text) == len(data):  # ASCII: characters are bytes
        return found, at, at - last
    return found, len(text[:at].encode("utf-8")), len(text[last:at].encode("utf-8"))


class _Seconds(dict[str, int]):
    """`second_millis` of each second, asked once per window; ValueError for one it refuses."""

    def __missing__(self, second: str) -> int:
        base = second_millis(second)
        if base is None:
            raise ValueError(second)
        self[second] = base
        return base


def _plain_events(
    found: list[Any], order: tuple[int, ...], last_time: int | None, stream: str | None, group: str | None
) -> tuple[list[Any], int | None] | None:
    """The events of plain lines (group tuples, `order` says where each part is) as `_finish`
    makes them (TextEvents for those with a time and no `group`), and the last time; None
    when a second is no time (then line by line)."""
    second, fraction, own_stream, own_group, message = order
    events: list[Any] = []
    if not found[0][second]:  # awslogs: no timestamp of its own, the message's if plain
        embedded, embedded_ms = _EMBEDDED_AT
        bases: dict[str, int | None] = {}  # `second_millis` of each second, once a window
        for x in found:
            text = x[embedded]
            if text:
                if text not in bases:
                    bases[text] = second_millis(text)
                base = bases[text]
                if base is not None:
                    last_time = base + int(x[embedded_ms])
                    events.append(LogEvent(last_time, x[message] + "\n", x[own_group], x[own_stream]))
                    continue
            body = x[message]
            if not body or (body[0] != "[" and not body[0].isdecimal()):
                # `_EMBEDDED_TIME` cannot match (it starts with "[" or a digit, which is what
                # `isdecimal` says `\d` is): `_finish`'s event, at the last time
                events.append(
                    LogEvent(last_time, body + "\n", x[own_group] or group, x[own_stream] or stream)
                )
                continue
            event = _finish(
                _Start(None, x[own_stream], x[own_group], x[message]), [], last_time, stream, group
            )
            last_time = event.timestamp if event.timestamp is not None else last_time
            events.append(event)
        return events, last_time
    seconds = _Seconds()
    try:
        if group is None:  # a struct: made in C, where a LogEvent's __init__ is Python
            unset = msgspec.UNSET
            events = [
                TextEvent(
                    seconds[x[second]] + int(x[fraction][:3]),
                    x[message] + "\n",
                    x[own_stream] or stream or unset,
                )
                for x in found
            ]
        else:
            events = [
                LogEvent(
                    seconds[x[second]] + int(x[fraction][:3]),
                    x[message] + "\n",
                    group,
                    x[own_stream] or stream,
                )
                for x in found
            ]
    except ValueError:  # a second `second_millis` refuses
        return None
    return events, events[-1].timestamp


def _stream_and_group(event: Any) -> tuple[str | None, str | None]:
    if isinstance(event, LogEvent):
        return event.log_stream, event.log_group
    return (None if event.log_stream is msgspec.UNSET else event.log_stream), None


class TextEvent(msgspec.Struct, frozen=True, gc=False):
    """An event of a plain text line, as a batch item (`Batch`: the log group is the batch's,
    None). It stands for `LogEvent(timestamp, message, None, log_stream or None)`."""

    timestamp: int
    message: str
    log_stream: str | msgspec.UnsetType = msgspec.UNSET

    event_id = msgspec.UNSET


def _finish(
    start: _Start, extra: list[str], last_time: int | None, stream: str | None, group: str | None
) -> LogEvent:
    message = "\n".join([start.message, *extra]) + "\n" if extra else start.message + "\n"
    timestamp = start.timestamp
    if timestamp is None:
        embedded = _EMBEDDED_TIME.match(start.message)
        if embedded:
            found = leading_timestamp(embedded.group(1))
            timestamp = found[0] if found else None
    if timestamp is None:
        timestamp = last_time
    return LogEvent(timestamp, message, start.group or group, start.stream or stream)
