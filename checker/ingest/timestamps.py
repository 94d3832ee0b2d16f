"""Timestamps as CloudWatch exports print them -> milliseconds since the epoch (UTC)."""

from __future__ import annotations

import calendar
import re
import time

# 9999-12-31T23:59:59.999Z: the last instant ISO-8601's four-digit year can write (also the
# `maximum` of every schema's `timestamp`). Past it, time.gmtime overflows.
MAX_MILLIS = 253_402_300_799_999

_ISO = re.compile(
    r"(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?"
    r"\s*(Z|UTC|[+-]\d{2}:?\d{2})?"
)


_SECONDS: dict[str, int | None] = {}  # Insights' `YYYY-MM-DD HH:MM:SS` -> ms, by the thousand per second
_SECONDS_KEPT = 65_536


def parse_timestamp(text: str) -> int | None:
    """Milliseconds for `2026-11-20T10:00:00.123Z`, `2026-11-20 10:00:00.123` (UTC), `...+00:00`."""
    if len(text) == 23 and text[19] == "." and text[20:].isdigit() and text[20:].isascii():
        # Logs Insights' own form, on every row: the second is parsed once, the rest is arithmetic.
        head = text[:19]
        if head in _SECONDS:
            base = _SECONDS[head]
        else:
            if len(_SECONDS) >= _SECONDS_KEPT:
                _SECONDS.clear()
            base = _SECONDS[head] = _parse(head + ".000")
        if base is None:
            return None
        millis = base + int(text[20:])
        return millis if millis <= MAX_MILLIS else None
    return _parse(text)


def _parse(text: str) -> int | None:
    match = _ISO.fullmatch(text.strip())
    if match is None:
        return None
    return _millis(match)


_HEADS: dict[str, int | None] = {}  # `YYYY-MM-DDTHH:MM:SS` -> ms of that second, as `_SECONDS`


def leading_timestamp(text: str) -> tuple[int, int] | None:
    """(milliseconds, end offset) of an ISO timestamp at the start of `text`, if any."""
    if text[19:20] == "." and text[23:24] == "Z" and text[20:23].isdigit() and text[20:23].isascii():
        # `2026-11-20T10:00:00.123Z`, how S3 exports and Node.js lines begin: the second is
        # parsed once (by the regex below), the milliseconds added.
        head = text[:19]
        base: int | None = _HEADS.get(head, -1)
        if base == -1:
            if len(_HEADS) >= _SECONDS_KEPT:
                _HEADS.clear()
            whole = _ISO.fullmatch(head + ".000Z")
            base = _HEADS[head] = _millis(whole) if whole is not None else None
        if base is not None:
            millis = base + int(text[20:23])
            return (millis, 24) if millis <= MAX_MILLIS else None
    return _leading(text)


def _leading(text: str) -> tuple[int, int] | None:
    match = _ISO.match(text)
    millis = _millis(match) if match is not None else None
    if match is None or millis is None:
        return None
    return millis, match.end()


def _millis(match: re.Match[str]) -> int | None:
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        seconds = calendar.timegm(
            (int(year), int(month), int(day), int(hour), int(minute), int(second), 0, 0, 0)
        )
    except (ValueError, OverflowError):
        return None
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31 and int(hour) < 24):
        return None
    millis = seconds * 1000 + (int((fraction or "0")[:3].ljust(3, "0")))
    if zone and zone not in ("Z", "UTC"):
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        millis -= sign * (int(digits[:2]) * 60 + int(digits[2:])) * 60_000
    return millis if 0 <= millis <= MAX_MILLIS else None


def iso(millis: int) -> str:
    """ISO-8601 UTC with milliseconds, the form every report uses (clamped to 1970-9999)."""
    seconds, ms = divmod(min(max(millis, 0), MAX_MILLIS), 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{ms:03d}Z"
