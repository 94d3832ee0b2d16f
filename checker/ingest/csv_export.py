"""The Logs Insights console's CSV download: a header row of field names, one row per event."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from typing import IO

from checker.errors import InputError
from checker.events import LogEvent
from checker.ingest.skips import INVALID_EVENT, NOT_UTF8, Skip
from checker.ingest.timestamps import parse_timestamp

csv.field_size_limit(1 << 28)  # a Lambda message can be 256 KB; rows are bounded by the cap anyway


def is_insights_csv(head: str) -> bool:
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    return "@message" in [c.strip().strip('"') for c in first.split(",")]


def read_insights_csv(stream: IO[bytes], name: str) -> Iterator[LogEvent | Skip]:
    text = codecs.getreader("utf-8")(stream, "strict")
    lines = _utf8_lines(text, name)
    reader = csv.DictReader(lines)
    if reader.fieldnames is None or "@message" not in [f.lstrip("\ufeff") for f in reader.fieldnames]:
        raise InputError(name, "CSV without a @message column")
    reader.fieldnames = [f.lstrip("\ufeff") for f in reader.fieldnames]
    for row in reader:
        message = row.get("@message")
        if message is None:
            yield Skip(INVALID_EVENT, f"line {reader.line_num}: no @message value")
            continue
        stamp = row.get("@timestamp")
        log = row.get("@log")
        yield LogEvent(
            parse_timestamp(stamp) if stamp else None,
            message,
            log.split(":", 1)[-1] if log else None,
            row.get("@logStream") or None,
        )


def _utf8_lines(text: codecs.StreamReader, name: str) -> Iterator[str]:
    try:
        yield from text
    except UnicodeDecodeError:
        raise InputError(name, f"{NOT_UTF8}: the CSV has bytes that are not UTF-8") from None
