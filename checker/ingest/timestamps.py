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


# A run of Insights' own form, one a line: what `parse_timestamp`'s cached path takes, each.
_INSIGHTS_RUN = re.compile(r"(?:[^\n]{19}\.[0-9]{3}\n)*")


def parse_timestamps(texts: list[str]) -> list[int | None]:
    """`parse_timestamp` of each text, in a few passes over them all when each is in Logs
    Insights' own form (a column of rows shares it): no Python call per text."""
    if not texts or _INSIGHTS_RUN.fullmatch("\n".join(texts) + "\n") is None:
        return [parse_timestamp(text) for text in texts]
    heads = [text[:19] for text in texts]
    new = set(heads).difference(_SECONDS)
    if len(_SECONDS) + len(new) > _SECONDS_KEPT:
        _SECONDS.clear()
        new = set(heads)
    for head in new:
        _SECONDS[head] = _parse(head + ".000")
    bases = list(map(_SECONDS.__getitem__, heads))
    millis = list(map(int, [text[20:] for text in texts]))
    return [None if b is None or b + m > MAX_MILLIS else b + m for b, m in zip(bases, millis, strict=True)]


def _parse(text: str) -> int | None:
    match = _ISO.fullmatch(text.strip())
    if match is None:
        return None
    return _millis(match)


_HEADS: dict[str, int | None] = {}  # `YYYY-MM-DDTHH:MM:SS` -> ms of that second, as `_SECONDS`


def second_millis(head: str) -> int | None:
    """Milliseconds of a `YYYY-MM-DDTHH:MM:SS` second as `leading_timestamp` reads it (its cache)."""
    base: int | None = _HEADS.get(head, -1)
    if base == -1:
        if len(_HEADS) >= _SECONDS_KEPT:
            _HEADS.clear()
        whole = _ISO.fullmatch(head + ".000Z")
        base = _HEADS[head] = _millis(whole) if whole is not None else None
    return base


def leading_timestamp(text: str) -> tuple[int, int] | None:
    """(milliseconds, end offset) of an ISO timestamp at the start of `text`, if any.

    The shapes exports print (`2026-11-20T10:00:00.123Z` of S3 exports and Node.js lines,
    `...00.123000+00:00` of `aws logs tail`, `...00.123000 ` of `sam logs`) take a path that
    parses each second once (with the regex) and reads the rest by hand; anything it is not
    sure of goes to the regex, so the result is always the regex's (tests/ingest).
    """
    if text[19:20] in (".", ","):
        base = second_millis(text[:19])
        if base is not None:
            found = _tail(text, base)
            if found is not None:
                return found
    return _leading(text)


# What follows the second, in ASCII only: where the regex's `\d` or `\s` could read more
# (other digits or spaces, a zone it may take), `_tail` leaves the text to it.
_TAIL = re.compile(r"[.,]([0-9]{1,9})(?![0-9])([ \t]*)(Z|UTC|[+-][0-9]{2}:?[0-9]{2})?")


def _tail(text: str, base: int) -> tuple[int, int] | None:
    """The fraction, spaces and zone after a known second, or None: ask the regex."""
    found = _TAIL.match(text, 19)
    if found is None:
        return None
    after_digits, after_spaces = found.end(1), found.end(2)
    if text[after_digits : after_digits + 1].isdigit():
        return None
    zone = found.group(3)
    if zone is None and (
        text[after_spaces : after_spaces + 1].isspace() or text[after_spaces : after_spaces + 1] in ("+", "-")
    ):
        return None
    millis = base + int(found.group(1)[:3].ljust(3, "0"))
    if zone is not None and zone not in ("Z", "UTC"):
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        millis -= sign * (int(digits[:2]) * 60 + int(digits[2:])) * 60_000
    return (millis, found.end()) if 0 <= millis <= MAX_MILLIS else None


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
