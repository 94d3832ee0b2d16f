"""The unit every reader produces: one CloudWatch Logs event."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LogEvent:
    """One log event as CloudWatch stored it; `message` keeps the runtime's trailing newline."""

    timestamp: int | None  # milliseconds since the Unix epoch, UTC; None when the export has none
    message: str
    log_group: str | None = None
    log_stream: str | None = None
    event_id: str | None = None
