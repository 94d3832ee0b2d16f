"""Which function a log stream belongs to, and the time span each function's streams cover.

Apart from `finding` so that the grouper can fold a stream's span into its function's as the
stream goes (`Grouper._sweep`) without importing the finding model.
"""

from __future__ import annotations

import re
from typing import TypeVar

_STREAM_FUNCTION = re.compile(r"\d{4}/\d{2}/\d{2}/([^\[/]+)\[")

FunctionKey = tuple[str | None, str | None, str | None]  # (log group, function, input if unnamed)
Span = tuple[int, int]  # first start, last end (epoch ms)
K = TypeVar("K")


def function_name(log_group: str | None, log_stream: str | None = None) -> str | None:
    """The function an event came from: named in the stream of a shared log group
    (`2026/11/20/orders-api[$LATEST]...`), else the group `/aws/lambda/<name>`."""
    if log_stream:
        match = _STREAM_FUNCTION.match(log_stream)
        if match:
            return match.group(1)
    if log_group is None:
        return None
    return log_group.removeprefix("/aws/lambda/")


def function_key(log_group: str | None, log_stream: str | None, source: str | None) -> FunctionKey:
    """Which function an invocation belongs to; an export that names no log group stands alone."""
    function = function_name(log_group, log_stream)
    return (log_group, function, source if function is None else None)


def widen(spans: dict[K, Span], key: K, first: int, last: int) -> None:
    """Stretch `spans[key]` to cover first..last (min and max compose: any order, same span)."""
    span = spans.get(key)
    if span is None:
        spans[key] = (first, last)
    elif first < span[0] or last > span[1]:
        spans[key] = (min(first, span[0]), max(last, span[1]))
