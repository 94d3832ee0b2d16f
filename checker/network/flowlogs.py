"""VPC Flow Logs records: the default v2 format and custom formats, CloudWatch and S3 shapes.

The format is data: `describe-flow-logs` `LogFormat` (or the manifest's) for CloudWatch exports,
which carry no header; the header line for S3 `.log.gz` files. Unknown fields are kept by name.
Every line is a record or counted as skipped with its reason: nothing is dropped unseen.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from checker.errors import InputError

DEFAULT_FORMAT = ("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets "
                  "bytes start end action log-status")
MAX_FILE_BYTES = 256 * 1024 * 1024  # inflated, per file
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


def parse_line(line: str, names: tuple[str, ...], stats: FlowFile) -> FlowRecord | None:
    values = line.split()
    if len(values) != len(names):
        stats.skipped[BAD_LINE] += 1
        return None
    row = dict(zip(names, values, strict=True))
    if row.get("log-status") in ("NODATA", "SKIPDATA"):
        stats.skipped[NODATA] += 1
        return None
    try:
        record = FlowRecord(
            row.get("interface-id", "-"), row.get("srcaddr", "-"), row.get("dstaddr", "-"),
            _int(row.get("srcport")), _int(row.get("dstport")), row.get("protocol", "-"),
            _int(row.get("start")), _int(row.get("end")), row.get("action", "-"),
            _dash(row.get("subnet-id")), _dash(row.get("az-id")), _dash(row.get("flow-direction")),
            _int(row.get("tcp-flags")))
    except ValueError:
        stats.skipped[BAD_VALUE] += 1
        return None
    stats.records += 1
    return record


def _dash(value: str | None) -> str | None:
    return None if value in (None, "-") else value


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


Keep = Callable[[FlowRecord], bool]


def _add(logs: FlowLogs, record: FlowRecord | None, stats: FlowFile, keep: Keep | None) -> None:
    if record is None or (keep is not None and not keep(record)):
        return
    if len(logs.records) >= MAX_RECORDS:
        stats.records -= 1
        stats.skipped[OVER_LIMIT] += 1
        return
    logs.records.append(record)


def read_cloudwatch(path: Path, log_format: str | None, source: str, logs: FlowLogs,
                    keep: Keep | None = None) -> None:
    """A filter-log-events export of the flow-log group: one record per event, no header."""
    try:
        document = json.loads(_read_bytes(path))
    except (ValueError, RecursionError) as exc:
        raise InputError(str(path), f"is not filter-log-events JSON: {exc}") from None
    events = document.get("events") if isinstance(document, dict) else None
    if not isinstance(events, list):
        raise InputError(str(path), "has no `events` list (filter-log-events output)")
    names = fields_of(log_format or DEFAULT_FORMAT)
    default = log_format is None or fields_of(log_format) == fields_of(DEFAULT_FORMAT)
    stats = FlowFile(str(path), "default v2" if default else f"custom ({source})")
    for event in events:
        message = event.get("message") if isinstance(event, dict) else None
        if not isinstance(message, str):
            stats.skipped["an event with no message"] += 1
            continue
        _add(logs, parse_line(message, names, stats), stats, keep)
    logs.files.append(stats)


def _lines(path: Path) -> Iterator[str]:
    """The text lines of a `.log` or `.log.gz`, streamed, at most MAX_FILE_BYTES of them."""
    read = 0
    try:
        with path.open("rb") as raw:
            handle = gzip.GzipFile(fileobj=raw) if path.name.endswith(".gz") else raw
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
        raise InputError(str(path), "does not start with a flow-log header line (version account-id ...); "
                                    "Parquet flow logs are not read")
    shape = "default v2" if " ".join(names) == DEFAULT_FORMAT else "custom (S3 header)"
    stats = FlowFile(str(path), shape)
    for line in lines:
        if line.strip():
            _add(logs, parse_line(line, names, stats), stats, keep)
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
