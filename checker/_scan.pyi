"""Types of the optional C scanner, checker/_scan.c (built by setup.py; absent without a compiler)."""

from typing import Any

class Scanner:
    """Reads filter-log-events slices in one pass; see checker/ingest/fast_events.py."""

    def __init__(
        self, needles: list[bytes], az_first: int, struct: type, unset: object, max_millis: int, /
    ) -> None: ...
    def scan(self, buffer: bytearray, start: int, end: int, /) -> tuple[int, list[Any], bytes] | None: ...
    def flags(self, message: bytes, /) -> int: ...

def platform(
    grouper: Any,
    items: list[Any],
    flags: bytes,
    keys: dict[Any, Any],
    make_key: Any,
    other: Any,
    order_type: type,
    /,
) -> None: ...
