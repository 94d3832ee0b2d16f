"""Stream a JSON document: the items of its big arrays one at a time, the rest as an envelope."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import ijson

from checker.ingest.limits import MAX_JSON_DEPTH


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
    each value yields its items and then its own Envelope. A top-level key given twice is
    refused: which of its values counts would depend on the reader.

    `use_float` matters beyond floats: without it ijson's C backend makes an int of every
    number and crashes the process (SIGSEGV) on one of more than 4,300 digits (Python's
    int-to-str limit); with it, yajl reports "integer overflow" past 64 bits instead.
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
    except UnicodeDecodeError:
        raise JSONSyntaxError(
            "not valid JSON: a string holds a lone UTF-16 surrogate escape "
            "(\\ud800-\\udfff) or bytes that are not UTF-8"
        ) from None


def _stream_map(tokens: Iterator[tuple[str, Any]], array_keys: frozenset[str]) -> Iterator[Item | Envelope]:
    envelope: dict[str, Any] = {}
    for event, value in tokens:
        if event == "end_map":
            yield Envelope(envelope)
            return
        key = value  # event is map_key
        if key in envelope:
            raise JSONSyntaxError(f"refused: the top-level key {key!r} appears twice")
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
    """The value starting with (event, value), built without recursion, at most MAX_JSON_DEPTH deep.

    The hot loop of every ijson-read format (one pass per token): the container being filled
    and whether it is a dict are kept in locals rather than looked up for each token.
    """
    if event != "start_map" and event != "start_array":
        return value
    root: Any = {} if event == "start_map" else []
    stack: list[Any] = [root]
    top: Any = root
    in_map = event == "start_map"
    key: str | None = None
    for event, value in tokens:
        if event == "map_key":
            key = value
        elif event == "end_map" or event == "end_array":
            stack.pop()
            if not stack:
                return root
            top = stack[-1]
            in_map = type(top) is dict
        elif event == "start_map" or event == "start_array":
            if len(stack) >= MAX_JSON_DEPTH:
                raise JSONSyntaxError(f"refused: JSON nested deeper than {MAX_JSON_DEPTH} levels")
            child: Any = {} if event == "start_map" else []
            if in_map:
                top[key] = child
            else:
                top.append(child)
            stack.append(child)
            top = child
            in_map = event == "start_map"
        elif in_map:
            top[key] = value
        else:
            top.append(value)
    return root


def _describe(exc: Exception) -> str:
    arg = exc.args[0] if exc.args else ""
    text = arg.decode("utf-8", "replace") if isinstance(arg, bytes) else str(arg)
    first = text.strip().splitlines()[0] if text.strip() else ""
    if "invalid bytes in UTF8" in first:
        return "not valid UTF-8: JSON text must be UTF-8 encoded"
    if isinstance(exc, ijson.IncompleteJSONError) and ("premature EOF" in first or not first):
        return "truncated JSON: the file ends inside a value"
    return f"not valid JSON: {first}" if first else "not valid JSON"
