"""Caps that keep memory bounded whatever an input holds: message size, inflation, JSON depth.

A message longer than `max-message-bytes` is cut to its first part (the event is still
analyzed) and counted as truncated. The cut happens while the bytes stream by, before any
parser sees them, so one huge string never exists in memory: JSON strings are cut by
`JSONStringCap`, text lines by `LineCap`, CSV fields by the CSV reader itself.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import IO

from checker.errors import InputError

# CloudWatch Logs refuses events over 1 MB (PutLogEvents API reference: "Each log event can be
# no larger than 1 MB"; 256 KB before 2025), so no real export holds a longer message.
DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024
DEFAULT_MAX_INFLATED_BYTES = 2 * 1024**3  # all compressed members of one PATH together
# A subscription delivery's base64 `awslogs.data` is one JSON string far longer than a message
# (a Kinesis record holds up to 1 MiB; Lambda's synchronous payload 6 MB): it gets this cap.
MAX_ENVELOPE_STRING_BYTES = 16 * 1024 * 1024
# Exports nest 4 levels deep; messages that are JSON are strings. Deeper means hostile.
MAX_JSON_DEPTH = 64
CHUNK = 1 << 20
_SURROGATES = re.compile("[\ud800-\udfff]")


def size_text(count: int) -> str:
    """`2 GiB`, `1 MiB`, or `12345-byte` for a size in bytes."""
    for unit, scale in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if count >= scale and count % scale == 0:
            return f"{count // scale} {unit}"
    return f"{count}-byte"


@dataclass
class Budget:
    """The bytes all compressed members of one PATH may inflate to, together."""

    cap: int
    used: int = 0

    def spend(self, count: int, name: str) -> None:
        self.used += count
        if self.used > self.cap:
            raise InputError(
                name,
                f"inflates beyond the {size_text(self.cap)} cap "
                "(all compressed files of this path together; "
                "setting max-inflated-bytes)",
            )


@dataclass
class Limits:
    """The caps one input is read under, and how many messages it had cut."""

    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES
    budget: Budget = field(default_factory=lambda: Budget(DEFAULT_MAX_INFLATED_BYTES))
    truncated: int = 0
    selected: bool = False  # readers may hand over only the events with a needle (`Ingest.read`)


def printable(text: str) -> str:
    """`text` with lone surrogates (undecodable file names, `\\ud800` escapes) made U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", text)
    return text


def cap_text(text: str, cap: int) -> tuple[str, bool]:
    """(`text` cut to at most `cap` UTF-8 bytes on a character boundary, whether it was cut)."""
    if len(text) * 4 <= cap:
        return text, False
    data = text.encode("utf-8", "surrogatepass")
    if len(data) <= cap:
        return text, False
    return data[:cap].decode("utf-8", "ignore"), True


def utf8_prefix(data: bytes) -> bytes:
    """`data` without a UTF-8 character cut short at its end."""
    end = len(data)
    back = 0
    while back < 4 and end - back > 0 and 0x80 <= data[end - back - 1] < 0xC0:
        back += 1
    if end - back > 0 and data[end - back - 1] >= 0xC0:
        lead = data[end - back - 1]
        need = 1 if lead < 0xE0 else 2 if lead < 0xF0 else 3
        if back < need:
            return data[: end - back - 1]
    return data


class RawStream(io.RawIOBase):
    """A RawIOBase face for any binary stream, so io.BufferedReader can sit on top."""

    def __init__(self, inner: IO[bytes]) -> None:
        self._inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._inner.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._inner.close()
        super().close()


class LineCap(io.BufferedReader):
    """Lines of `inner`, each cut to `cap` bytes; the rest of a longer line is read and dropped.

    `cuts` counts the lines cut so far: the text reader counts truncated events from it, once
    per event however many of its lines were cut.
    """

    def __init__(self, inner: IO[bytes], limits: Limits) -> None:
        super().__init__(RawStream(inner), buffer_size=1 << 16)
        self._limits = limits
        self.cuts = 0

    def readline(self, size: int | None = -1) -> bytes:
        cap = self._limits.max_message_bytes
        line = super().readline(cap + 1)
        if len(line) <= cap or line.endswith(b"\n"):
            return line
        while True:
            rest = super().readline(CHUNK)
            if not rest or rest.endswith(b"\n"):
                break
        self.cuts += 1
        return utf8_prefix(line[:cap]) + b"\n"


# In the normalized copy, `\\` and `\"` become these two bytes: control bytes never occur
# raw in valid JSON, so every `"` left is a real quote and every `\` starts another escape.
_PAIR = b"\x01\x02"
_HIGH = rb"\\u[dD][89abAB][0-9a-fA-F]{2}"
_LOW = rb"\\u[dD][c-fC-F][0-9a-fA-F]{2}"
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")
_PAIRED = re.compile(_HIGH + _LOW + rb"|(" + _HIGH + rb"|" + _LOW + rb")")
_HIGH_AT_END = re.compile(_HIGH + rb"\Z")


class JSONStringCap(io.RawIOBase):
    """JSON bytes with every string cut to `cap` bytes and lone surrogate escapes made U+FFFD.

    The JSON grammar is tracked only as far as strings go (a quote not escaped starts or ends
    one), with whole-chunk C operations; a chunk whose strings are all short passes unchanged.
    Invalid JSON stays invalid: the parser behind reports it.
    """

    def __init__(self, inner: IO[bytes], limits: Limits, cap: int | None = None) -> None:
        self._inner = inner
        self._limits = limits
        self._cap = cap if cap is not None else limits.max_message_bytes
        self._carry = b""
        self._pending = b""
        self._at = 0  # bytes of `_pending` already read
        self._in_string = False
        self._length = 0  # bytes of the open string so far
        self._dropping = False  # the open string passed the cap: drop until it ends
        self._lazy = True  # outside any string at the start of `_carry`; grammar not tracked
        self._tail = b""
        self._eof = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def read(self, size: int | None = -1) -> bytes:
        """Up to `size` bytes (all that is left with -1); fewer only at the end of the stream.

        A whole filtered chunk is handed on as it is, without a copy.
        """
        parts: list[bytes] = []
        got = 0
        while size is None or size < 0 or got < size:
            if self._at >= len(self._pending):
                if self._eof:
                    break
                chunk = self._inner.read(CHUNK)
                self._eof = not chunk
                self._pending, self._at = self._filter(chunk, final=self._eof), 0
                continue
            room = len(self._pending) - self._at if size is None or size < 0 else size - got
            if self._at == 0 and room >= len(self._pending):
                part = self._pending
            else:
                part = self._pending[self._at : self._at + room]
            self._at += len(part)
            parts.append(part)
            got += len(part)
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def close(self) -> None:
        self._inner.close()
        super().close()

    def _filter(self, chunk: bytes, *, final: bool) -> bytes:
        data = self._carry + chunk if self._carry else chunk
        self._carry = b""
        if not self._lazy:
            return self._exact(data, final=final)
        if not final and len(data) < 64:  # short reads (pipes) gather: an escape fits whole
            self._carry = data
            return b""
        # Lazy: a raw newline never occurs inside a JSON string, so when every window of cap/4
        # bytes holds one, no string is longer than the cap and the bytes pass unchanged.
        # Otherwise the grammar is tracked from the last newline before (maybe in `_tail`,
        # the bytes already passed since the last newline, always shorter than cap/2).
        start = self._suspicious(data)
        if start is None:
            last = data.rfind(b"\n")
            self._tail = data[last + 1 :] if last >= 0 else self._tail + data
            return data
        self._lazy = False
        if start > 0:
            return data[:start] + self._exact(data[start:], final=final)
        tail, self._tail = self._tail, b""
        return self._exact(tail + data, final=final)[len(tail) :]

    def _suspicious(self, data: bytes) -> int | None:
        """Where to track the grammar from: after the newline before a long newline-free run."""
        window = max(1, self._cap // 4)
        first = data.find(b"\n")
        if len(self._tail) + (first if first >= 0 else len(data)) >= window:
            return 0
        for offset in range(first, len(data) - window + 1, window):
            if data.find(b"\n", offset, offset + window) < 0:
                return data.rfind(b"\n", 0, offset) + 1
        return None

    def _exact(self, data: bytes, *, final: bool) -> bytes:
        norm = data.replace(b"\\\\", _PAIR).replace(b'\\"', _PAIR)
        if not final:
            # An escape cut by the chunk's end waits for the next chunk (a `\uXXXX` pair: 12 bytes).
            hold = norm.find(b"\\", max(0, len(norm) - 12))
            end = _HIGH_AT_END.search(norm, max(0, len(norm) - 18), hold if hold >= 0 else len(norm))
            if end is not None:
                hold = end.start()
            tail = data[-4:]
            whole = len(data) - len(tail) + len(utf8_prefix(tail))  # nor a cut UTF-8 character
            if whole < len(data):
                hold = whole if hold < 0 else min(hold, whole)
            if hold >= 0:
                data, self._carry, norm = data[:hold], data[hold:], norm[:hold]
        if _SURROGATE.search(norm):
            data, norm = _replace_lone_surrogates(data, norm)
        pieces = norm.split(b'"')
        inside = pieces[0::2] if self._in_string else pieces[1::2]
        if not self._dropping and (
            max(map(len, inside), default=0) + (self._length if self._in_string else 0) <= self._cap
        ):
            self._advance(pieces)
            out = data
        else:
            out = self._cut(data, norm, pieces)
        self._lazy = not self._in_string
        self._tail = b""
        return out

    def _advance(self, pieces: list[bytes]) -> None:
        quotes = len(pieces) - 1
        was = self._in_string
        self._in_string = was ^ (quotes % 2 == 1)
        if self._in_string:
            self._length = (self._length if quotes == 0 else 0) + len(pieces[-1])
        else:
            self._length = 0

    def _cut(self, data: bytes, norm: bytes, pieces: list[bytes]) -> bytes:
        out: list[bytes] = []
        offset = 0
        last = len(pieces) - 1
        for index, piece in enumerate(pieces):
            size = len(piece)
            if not self._in_string:
                out.append(data[offset : offset + size])
            elif not self._dropping:
                if self._length + size > self._cap:
                    out.append(
                        data[offset : _safe_cut(data, norm, offset, offset + self._cap - self._length)]
                    )
                    self._dropping = True
                    self._limits.truncated += 1
                else:
                    out.append(data[offset : offset + size])
                    self._length += size
            offset += size
            if index < last:
                out.append(b'"')
                offset += 1
                self._in_string = not self._in_string
                self._length = 0
                self._dropping = False
        return b"".join(out)


def _safe_cut(data: bytes, norm: bytes, start: int, cut: int) -> int:
    """The last offset <= `cut` that splits no escape and no UTF-8 character."""
    escape = norm.rfind(b"\\", max(start, cut - 5), cut)
    if escape >= 0:
        cut = escape
    if cut > start and norm[cut - 1 : cut] == _PAIR[:1]:
        cut -= 1
    while cut > start and 0x80 <= data[cut] < 0xC0:
        cut -= 1
    if cut - 6 >= start and _HIGH_AT_END.match(norm, cut - 6, cut):
        cut -= 6
    return cut


def _replace_lone_surrogates(data: bytes, norm: bytes) -> tuple[bytes, bytes]:
    """Both copies with each `\\uD800`-`\\uDFFF` escape that is not half of a pair made `\\ufffd`."""
    spots = [m.start(1) for m in _PAIRED.finditer(norm) if m.start(1) >= 0]
    if not spots:
        return data, norm
    fixed, fixed_norm = bytearray(data), bytearray(norm)
    for spot in spots:
        fixed[spot : spot + 6] = b"\\ufffd"
        fixed_norm[spot : spot + 6] = b"\\ufffd"
    return bytes(fixed), bytes(fixed_norm)
