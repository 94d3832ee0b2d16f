"""Why an event read was not analyzed: every reader reports these, never drops silently."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Skip:
    """One event read but not analyzed; `reason` is the key counted in `skipped_reasons`."""

    reason: str
    problem: str | None = None  # `/json/pointer: reason` when a schema said no


NOT_UTF8 = "not valid UTF-8"
DUPLICATE = "duplicate event"
CONTROL_MESSAGE = "subscription control message"
INVALID_EVENT = "invalid event"
