"""Types of the optional C scanner, checker/_scan.c (built by setup.py; absent without a compiler)."""

from typing import Any

class Lines:
    """The START, END and REPORT lines a scan took out of its selection."""

    @property
    def stamps(self) -> tuple[()] | tuple[int, int]: ...
    def __len__(self) -> int: ...
    def entries(self) -> list[tuple[int, str, int, Any, str, str | None]]: ...

class Scanner:
    """Reads filter-log-events slices in one pass; see checker/ingest/fast_events.py."""

    def __init__(
        self, needles: list[bytes], az_first: int, struct: type, unset: object, max_millis: int, /
    ) -> None: ...
    def scan(
        self, buffer: bytearray, start: int, end: int, /
    ) -> tuple[int, list[Any], bytes, Lines | None] | None: ...
    def flags(self, message: bytes, /) -> int: ...

def platform(
    grouper: Any,
    items: list[Any],
    flags: bytes,
    lines: Lines | None,
    keys: dict[Any, Any],
    make_key: Any,
    other: Any,
    order_type: type,
    blank: Any,
    /,
) -> None: ...
def find(buffer: bytearray, needle: bytes, start: int, /) -> int: ...
