"""VPC Flow Logs records: the default v2 format and custom formats, CloudWatch and S3 shapes.

The format is data: `describe-flow-logs` `LogFormat` (or the manifest's) for CloudWatch exports,
which carry no header; the header line for S3 `.log.gz` files. Unknown fields are kept by name.
Every line is a record or counted as skipped with its reason: nothing is dropped unseen.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from checker.errors import InputError

DEFAULT_FORMAT = (
    "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets "
    "bytes start end action log-status"
)
MAX_FILE_BYTES = 256 * 1024 * 1024  # inflated, per file
Keep = frozenset[tuple[str | None, str | None]]  # (address, port) of the failing destinations
MAX_LINE_BYTES = 64 * 1024  # a record is a few hundred bytes
MAX_RECORDS = 1_000_000  # kept (those to or from a failing destination); more are counted as skipped
_FIELD = re.compile(r"\$\{([a-z0-9-]+)\}")
NODATA = "no data in the interval (log-status NODATA/SKIPDATA)"
BAD_LINE = "fewer or more fields than the format"
BAD_VALUE = "a port or time that is not a number"
OVER_LIMIT = f"beyond the {MAX_RECORDS:,} records kept"


@dataclass(frozen=True, slots=True)
class FlowRecord:
    interface_id: str
    srcaddr: str
    dstaddr: str
    srcport: int | None
    dstport: int | None
    protocol: str
    start: int | None  # Unix seconds
    end: int | None
    action: str  # ACCEPT | REJECT
    subnet_id: str | None = None  # v3 `subnet-id`
    az_id: str | None = None  # v4 `az-id`
    direction: str | None = None  # v5 `flow-direction`: ingress | egress
    tcp_flags: int | None = None


@dataclass
class FlowFile:
    path: str
    format: str  # "default v2", "custom (from describe-flow-logs)", "custom (S3 header)" ...
    records: int = 0
    skipped: Counter[str] = field(default_factory=Counter)


@dataclass
class FlowLogs:
    records: list[FlowRecord] = field(default_factory=list)
    files: list[FlowFile] = field(default_factory=list)


def fields_of(log_format: str) -> tuple[str, ...]:
    """`${version} ${srcaddr} ...` (LogFormat) or `version srcaddr ...` (an S3 header) -> names."""
    named = _FIELD.findall(log_format)
    return tuple(named) if named else tuple(log_format.split())


def _int(value: str | None) -> int | None:
    if value is None or value == "-":
        return None
    return int(value)


_FIELDS = (
    "interface-id",
    "srcaddr",
    "dstaddr",
    "srcport",
    "dstport",
    "protocol",
    "start",
    "end",
    "action",
    "subnet-id",
    "az-id",
    "flow-direction",
    "tcp-flags",
    "log-status",
)


class Layout:
    """Where each field the walk reads sits in a record of one format (-1: not in it)."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.width = len(names)
        at = {name: i for i, name in enumerate(names)}
        (
            self.eni,
            self.src,
            self.dst,
            self.sport,
            self.dport,
            self.proto,
            self.start,
            self.end,
            self.action,
            self.subnet,
            self.az,
            self.direction,
            self.flags,
            self.status,
        ) = (at.get(f, -1) for f in _FIELDS)


def _get(values: list[str], index: int) -> str | None:
    value = values[index] if index >= 0 else "-"
    return None if value == "-" else value


def parse_line(line: str, layout: Layout, stats: FlowFile, keep: Keep | None = None) -> FlowRecord | None:
    """One record; None when it is skipped (counted with its reason) or not wanted by `keep`."""
    values = line.split()
    if len(values) != layout.width:
        stats.skipped[BAD_LINE] += 1
        return None
    if layout.status >= 0 and values[layout.status] in ("NODATA", "SKIPDATA"):
        stats.skipped[NODATA] += 1
        return None
    stats.records += 1
    if (
        keep is not None
        and (_get(values, layout.dst), _get(values, layout.dport)) not in keep
        and (_get(values, layout.src), _get(values, layout.sport)) not in keep
    ):
        return None  # read and counted; no failing destination's
    try:

        def text(index: int) -> str:
            return _get(values, index) or "-"

        def number(index: int) -> int | None:
            return _int(_get(values, index))

        return FlowRecord(
            text(layout.eni),
            text(layout.src),
            text(layout.dst),
            number(layout.sport),
            number(layout.dport),
            text(layout.proto),
            number(layout.start),
            number(layout.end),
            text(layout.action),
            _get(values, layout.subnet),
            _get(values, layout.az),
            _get(values, layout.direction),
            number(layout.flags),
        )
    except ValueError:
        stats.records -= 1
        stats.skipped[BAD_VALUE] += 1
        return None


def _read_bytes(path: Path) -> bytes:
    """A JSON export, whole (json.loads needs it): at most MAX_FILE_BYTES."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(str(path), f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(str(path), f"holds more than {MAX_FILE_BYTES:,} bytes of flow-log records")
    return data


def _add(logs: FlowLogs, record: FlowRecord | None, stats: FlowFile) -> None:
    if record is None:
        return
    if len(logs.records) >= MAX_RECORDS:
        stats.records -= 1
        stats.skipped[OVER_LIMIT] += 1
        return
    logs.records.append(record)


class _Event(msgspec.Struct):
    message: str | None = None


class _Export(msgspec.Struct):
    events: list[_Event]


def read_cloudwatch(
    path: Path, log_format: str | None, source: str, logs: FlowLogs, keep: Keep | None = None
) -> None:
    """A filter-log-events export of the flow-log group: one record per event, no header."""
    try:  # typed: only the messages are kept in memory, not every event's other fields
        events = msgspec.json.decode(_read_bytes(path), type=_Export).events
    except msgspec.ValidationError as exc:
        raise InputError(str(path), f"is not filter-log-events output: {exc}") from None
    except (msgspec.DecodeError, RecursionError) as exc:
        raise InputError(str(path), f"is not filter-log-events JSON: {exc}") from None
    layout = Layout(fields_of(log_format or DEFAULT_FORMAT))
    default = log_format is None or fields_of(log_format) == fields_of(DEFAULT_FORMAT)
    stats = FlowFile(str(path), "default v2" if default else f"custom ({source})")
    for event in events:
        if event.message is None:
            stats.skipped["an event with no message"] += 1
            continue
        _add(logs, parse_line(event.message, layout, stats, keep), stats)
    logs.files.append(stats)


def _lines(path: Path) -> Iterator[str]:
    """The text lines of a `.log` or `.log.gz`, streamed, at most MAX_FILE_BYTES of them."""
    read = 0
    try:
        with path.open("rb") as raw:
            handle = (
                io.BufferedReader(gzip.GzipFile(fileobj=raw), 1 << 20) if path.name.endswith(".gz") else raw
            )
            while line := handle.readline(MAX_LINE_BYTES):  # a longer line comes in pieces: bad lines
                read += len(line)
                if read > MAX_FILE_BYTES:
                    raise InputError(str(path), f"holds more than {MAX_FILE_BYTES:,} bytes of records")
                yield line.decode("utf-8", "replace")  # not text: the header check says so
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:  # BadGzipFile is an OSError: first
        raise InputError(str(path), f"is not a complete gzip file: {exc}") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read: {exc.strerror or exc}") from None


def read_s3(path: Path, logs: FlowLogs, keep: Keep | None = None) -> None:
    """An S3 delivery `.log.gz`: a header line of field names, then one record per line."""
    lines = _lines(path)
    header = next(lines, None)
    if header is None:
        logs.files.append(FlowFile(str(path), "empty"))
        return
    names = fields_of(header)
    if "srcaddr" not in names or "dstaddr" not in names:
        raise InputError(
            str(path),
            "does not start with a flow-log header line (version account-id ...); "
            "Parquet flow logs are not read",
        )
    shape = "default v2" if " ".join(names) == DEFAULT_FORMAT else "custom (S3 header)"
    layout = Layout(names)
    stats = FlowFile(str(path), shape)
    for line in lines:
        if line.strip():
            _add(logs, parse_line(line, layout, stats, keep), stats)
    logs.files.append(stats)


def read_folder(folder: Path, formats: dict[str, str | None], keep: Keep | None = None) -> FlowLogs:
    """Every flow-log file of `folder`; `formats` maps a file name (or log group) to its LogFormat."""
    logs = FlowLogs()
    if folder.is_file():
        paths = [folder]
    elif folder.is_dir():
        paths = sorted(p for p in folder.rglob("*") if p.is_file())
    else:
        raise InputError(str(folder), "is not a file or folder of flow-log exports")
    for path in paths:
        if path.name.endswith((".log.gz", ".log")):
            read_s3(path, logs, keep)
        elif path.suffix == ".json":
            group = path.stem.replace("~", "/")
            chosen = formats.get(path.name, formats.get(group))
            source = "manifest" if path.name in formats else "describe-flow-logs"
            read_cloudwatch(path, chosen, source, logs, keep)
    return logs
