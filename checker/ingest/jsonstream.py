"""Stream a JSON document: the items of its big arrays one at a time, the rest as an envelope."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import ijson


@dataclass(frozen=True, slots=True)
class Item:
    """One element of a streamed array: `key` is the top-level key holding it (None: a bare array)."""

    key: str | None
    index: int
    value: Any


@dataclass(frozen=True, slots=True)
class Envelope:
    """Everything of one top-level value except the streamed arrays, which appear as `[]`."""

    value: Any


class JSONSyntaxError(Exception):
    """The bytes are not (complete) JSON."""


def iter_document(
    stream: IO[bytes], array_keys: frozenset[str], *, multiple: bool = False
) -> Iterator[Item | Envelope]:
    """Yield the items of the top-level arrays named in `array_keys`, then the Envelope.

    With `multiple`, the stream may hold several JSON values back to back (Firehose objects);
    each value yields its items and then its own Envelope.
    """
    tokens = ijson.basic_parse(stream, use_float=True, multiple_values=multiple)
    try:
        for event, value in tokens:
            if event == "start_map":
                yield from _stream_map(tokens, array_keys)
            elif event == "start_array":
                for index, item in enumerate(_array_items(tokens)):
                    yield Item(None, index, item)
                yield Envelope([])
            else:
                yield Envelope(value)
    except ijson.IncompleteJSONError as exc:
        raise JSONSyntaxError(_describe(exc)) from None
    except ijson.JSONError as exc:
        raise JSONSyntaxError(_describe(exc)) from None


def _stream_map(tokens: Iterator[tuple[str, Any]], array_keys: frozenset[str]) -> Iterator[Item | Envelope]:
    envelope: dict[str, Any] = {}
    for event, value in tokens:
        if event == "end_map":
            yield Envelope(envelope)
            return
        key = value  # event is map_key
        event, value = next(tokens)
        if key in array_keys and event == "start_array":
            envelope[key] = []
            for index, item in enumerate(_array_items(tokens)):
                yield Item(key, index, item)
        else:
            envelope[key] = _build(tokens, event, value)


def _array_items(tokens: Iterator[tuple[str, Any]]) -> Iterator[Any]:
    for event, value in tokens:
        if event == "end_array":
            return
        yield _build(tokens, event, value)


def _build(tokens: Iterator[tuple[str, Any]], event: str, value: Any) -> Any:
    if event == "start_map":
        result: dict[str, Any] = {}
        for ev, key in tokens:
            if ev == "end_map":
                return result
            ev2, val2 = next(tokens)
            result[key] = _build(tokens, ev2, val2)
    if event == "start_array":
        return list(_array_items(tokens))
    return value


def _describe(exc: Exception) -> str:
    arg = exc.args[0] if exc.args else ""
    text = arg.decode("utf-8", "replace") if isinstance(arg, bytes) else str(arg)
    first = text.strip().splitlines()[0] if text.strip() else ""
    if "invalid bytes in UTF8" in first:
        return "not valid UTF-8: JSON text must be UTF-8 encoded"
    if isinstance(exc, ijson.IncompleteJSONError) and ("premature EOF" in first or not first):
        return "truncated JSON: the file ends inside a value"
    return f"not valid JSON: {first}" if first else "not valid JSON"
