"""What one pattern row (or one structured JSON record) found in an event."""

from __future__ import annotations

from dataclasses import dataclass

from checker.detect.model import Category, WordingRuntime


@dataclass(frozen=True, slots=True)
class WordingMatch:
    """A row (or a structured record) that matched: what failed, maybe where."""

    order: int  # row index; -1 for structured fields (most specific)
    category: Category | None
    code: str | None
    host: str | None
    port: int | None
    local: str | None
    runtime: WordingRuntime
    line: str
    col: int  # where the wording starts within `line`
    pos: int
    end: int
    generic: bool = False
    exclusive: bool = False
    service: str | None = None
    pattern_id: str | None = None


def int_port(value: object) -> int | None:
    """A TCP port from an int or digit string; None when absent or out of range."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value < 65536 else None
    if isinstance(value, str) and value.isdigit():
        return int_port(int(value))
    return None
