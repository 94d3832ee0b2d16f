"""The Logs Insights console's CSV download: a header row of field names, one row per event.

Read with a small scanner of its own rather than the csv module fed by a codecs reader (whose
readline is quadratic in a line's length: an 8 MB field took a minute): it takes the text in
1 MiB pieces, finds quotes and separators with str.find, and keeps at most max-message-bytes
of any field, so time is linear and memory bounded whatever a row holds. Quoting is RFC 4180
(`""` inside quotes is one quote), as the console writes it.
"""

from __future__ import annotations

import codecs
import io
import re
from collections import deque
from collections.abc import Iterator
from typing import IO

from checker.errors import InputError
from checker.events import LogEvent
from checker.ingest.limits import Limits, cap_text
from checker.ingest.skips import INVALID_EVENT, NOT_UTF8, Skip
from checker.ingest.timestamps import parse_timestamp

PIECE = 1 << 20
_SEPARATOR = re.compile(r"[,\r\n]")
_QUOTED_RUN = re.compile(r'[^"]*(?:""[^"]*)*')  # inside quotes, up to the closing quote
# A whole row in the plainest form: each field quoted (`""` inside) or free of quotes, then
# the line's end; no NUL, not a blank line. Runs of such rows are split by the csv module.
_FIELD = r'(?:"[^"\x00]*(?:""[^"\x00]*)*"|[^,"\r\n\x00]*)'
_PLAIN_ROW = re.compile(rf"(?![\r\n]){_FIELD}(?:,{_FIELD})*(?:\r\n|\n)")
PLAIN_ROW_CHARS = 100_000  # under the csv module's field size limit (131,072)


def is_insights_csv(head: str) -> bool:
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    return "@message" in [c.strip().strip('"') for c in first.split(",")]


def read_insights_csv(
    stream: IO[bytes], name: str, limits: Limits
) -> Iterator[LogEvent | Skip | list[LogEvent]]:
    rows = _Rows(stream, name, limits)
    header = next(rows, None)
    fields = [f.lstrip("\ufeff").strip() for f in header] if header else []
    if "@message" not in fields:
        raise InputError(name, "CSV without a @message column")
    # Whole rows of a header without a name twice: their fields by place (the dict below
    # would hold the same), a run of plain rows at once.
    whole = len(fields) if len(set(fields)) == len(fields) else -1
    where = {name: fields.index(name) for name in _COLUMNS if name in fields}
    for row in rows:
        yield _event(fields, row, rows.line)
        if rows._ready and all(len(r) == whole for r, _line in rows._ready):
            run = [r for r, _line in rows._ready]
            rows.line = rows._ready[-1][1]
            rows._ready.clear()
            yield _events(run, where)


_COLUMNS = ("@message", "@timestamp", "@log", "@logStream")


def _event(fields: list[str], row: list[str], line: int) -> LogEvent | Skip:
    values = dict(zip(fields, row, strict=False))  # a short row lacks the last fields
    message = values.get("@message")
    if message is None:
        return Skip(INVALID_EVENT, f"line {line}: no @message value")
    stamp = values.get("@timestamp")
    log = values.get("@log")
    return LogEvent(
        parse_timestamp(stamp) if stamp else None,
        message,
        log.split(":", 1)[-1] if log else None,
        values.get("@logStream") or None,
    )


def _events(rows: list[list[str]], where: dict[str, int]) -> list[LogEvent]:
    """`_event` of whole rows (every field there, no name twice), by the fields' places."""
    message = where["@message"]
    stamp, log, stream = (where.get(name) for name in _COLUMNS[1:])
    times = [parse_timestamp(r[stamp]) if r[stamp] else None for r in rows] if stamp is not None else None
    groups = [r[log].split(":", 1)[-1] if r[log] else None for r in rows] if log is not None else None
    return [
        LogEvent(
            times[n] if times is not None else None,
            row[message],
            groups[n] if groups is not None else None,
            (row[stream] or None) if stream is not None else None,
        )
        for n, row in enumerate(rows)
    ]


class _Rows:
    """Rows of a CSV stream as lists of fields; `line` is the line the last row started on."""

    def __init__(self, stream: IO[bytes], name: str, limits: Limits) -> None:
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self._name = name
        self._limits = limits
        self._text = ""
        self._pos = 0
        self._eof = False
        self._lines = 1
        self.line = 1
        self._ready: deque[tuple[list[str], int]] = deque()  # (row, its line), split ahead

    def __iter__(self) -> _Rows:
        return self

    def _more(self) -> bool:
        """Append the next piece of text; False at the end of the stream."""
        if self._eof:
            return False
        data = self._stream.read(PIECE)
        try:
            piece = self._decoder.decode(data, final=not data)
        except UnicodeDecodeError:
            raise InputError(self._name, f"{NOT_UTF8}: the CSV has bytes that are not UTF-8") from None
        if not data:
            self._eof = True
        self._text = self._text[self._pos :] + piece
        self._pos = 0
        return bool(piece) or not self._eof

    def _peek(self) -> str:
        while self._pos >= len(self._text):
            if not self._more():
                return ""
        return self._text[self._pos]

    def __next__(self) -> list[str]:
        if self._ready or self._plain_rows():
            ready, self.line = self._ready.popleft()
            return ready
        while True:
            first = self._peek()
            if first == "":
                raise StopIteration
            if first in "\r\n":  # a blank line: no row
                self._end_of_line()
                continue
            break
        self.line = self._lines
        row: list[str] = []
        while True:
            row.append(self._field())
            sep = self._peek()
            if sep == ",":
                self._pos += 1
                continue
            self._end_of_line()
            return row

    def _plain_rows(self) -> bool:
        """Split the run of plain rows at the reading position in one call of the csv module (C),
        as the scanner below would read them; False when the next row is not plain (a blank
        line, a quote inside a field, a row cut at the end of the text read so far, a field that
        may reach the cap): the scanner reads that one."""
        text, start = self._text, self._pos
        longest = min(PLAIN_ROW_CHARS, self._limits.max_message_bytes // 4)  # no field is cut
        lines: list[int] = []
        line, at = self._lines, start
        while True:
            found = _PLAIN_ROW.match(text, at)
            if found is None or found.end() - at > longest:
                break
            lines.append(line)
            line += text.count("\n", at, found.end())
            at = found.end()
        if not lines:
            return False
        import csv  # only a console CSV needs it: not loaded at start-up

        rows = list(csv.reader(io.StringIO(text[start:at], newline="")))
        if len(rows) != len(lines):  # never for plain rows; the scanner decides if it happens
            return False
        self._ready.extend(zip(rows, lines, strict=True))
        self._pos, self._lines = at, line
        return True

    def _end_of_line(self) -> None:
        if self._peek() == "\r":
            self._pos += 1
        if self._peek() == "\n":
            self._pos += 1
        self._lines += 1

    def _field(self) -> str:
        kept: list[str] = []
        size = 0
        cap = self._limits.max_message_bytes
        if self._peek() == '"':
            self._pos += 1
            while True:
                # The longest run of other characters and `""` pairs, found by the regex engine
                # in one call however many quotes the field holds (a Python step per `""` made
                # a JSON-laden message cost ~0.3 s per MB).
                end = _QUOTED_RUN.match(self._text, self._pos).end()  # type: ignore[union-attr]
                text = self._text
                if end > self._pos:
                    run = text[self._pos : end]
                    self._lines += run.count("\n")
                    size = self._keep(kept, run.replace('""', '"') if '"' in run else run, size, cap)
                self._pos = end
                # The text ends here, or at a quote that may start a `""`: read on first.
                if end >= len(text) - 1 and self._more():
                    continue
                if self._pos >= len(self._text):
                    break  # an unclosed quote runs to the end of the file
                self._pos += 1  # the closing quote
                break
        while True:  # unquoted text, or what follows a closing quote up to the separator
            end = self._next_separator()
            size = self._keep(kept, self._text[self._pos : end], size, cap)
            self._pos = end
            if end < len(self._text) or not self._more():
                break
        text = "".join(kept)
        if size > cap:
            self._limits.truncated += 1
        return text

    def _next_separator(self) -> int:
        found = _SEPARATOR.search(self._text, self._pos)
        return found.start() if found else len(self._text)

    @staticmethod
    def _keep(kept: list[str], text: str, size: int, cap: int) -> int:
        """Add what still fits under the cap; the return value counts every byte (to know a cut)."""
        if size < cap and text:
            part, _cut = cap_text(text, cap - size)
            kept.append(part)
        return size + (len(text) if size >= cap else len(text.encode("utf-8")))
