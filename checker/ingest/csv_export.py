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
from collections.abc import Iterator
from itertools import chain
from typing import IO, Any

import msgspec

from checker.errors import InputError
from checker.events import LogEvent
from checker.ingest.batch import Batch
from checker.ingest.fast_rows import Pending, Runs, row_runs
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
_PLAIN_RUN = re.compile(rf"(?:{_PLAIN_ROW.pattern})*")  # as many as follow, in one call
PLAIN_ROW_CHARS = 100_000  # under the csv module's field size limit (131,072)


def is_insights_csv(head: str) -> bool:
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    return "@message" in [c.strip().strip('"') for c in first.split(",")]


def read_insights_csv(stream: IO[bytes], name: str, limits: Limits) -> Iterator[LogEvent | Skip | Batch]:
    rows = _Rows(stream, name, limits)
    header = next(rows, None)
    fields = [f.lstrip("\ufeff").strip() for f in header] if header else []
    if "@message" not in fields:
        raise InputError(name, "CSV without a @message column")
    # Whole rows of a header without a name twice: their fields by place (the dict below
    # would hold the same), a run of plain rows at once.
    whole = len(fields) if len(set(fields)) == len(fields) else -1
    where = {name: fields.index(name) for name in _COLUMNS if name in fields}
    pending = Pending()
    for row in rows:
        yield from pending.flush()  # what came before this row, first
        yield _event(fields, row, rows.line)
        run, line = rows.rest_of_run()
        if run and list(map(len, run)).count(whole) == len(run):
            for group, events in _events(run, where):
                yield from pending.add(group, events)
            continue
        yield from pending.flush()  # what came before this row, first
        for ahead in run:  # not all whole: one at a time, each with its line
            yield _event(fields, ahead, line)
            line += _line_breaks(ahead) + 1
    yield from pending.flush()


_COLUMNS = ("@message", "@timestamp", "@log", "@logStream")


def _split(text: str) -> list[list[str]]:
    """Plain rows split by the csv module (C), which only a console CSV needs: loaded here."""
    import csv

    return list(csv.reader(io.StringIO(text, newline="")))


def _line_breaks(row: list[str]) -> int:
    """The line breaks inside a row's fields (quoted ones may hold them)."""
    return sum(field.count("\n") for field in row)


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


def _events(rows: list[list[str]], where: dict[str, int]) -> Runs:
    """`_event` of whole rows (every field there, no name twice), a column at a time."""
    columns: dict[str, list[Any]] = {name: [r[at] for r in rows] for name, at in where.items()}
    if "@logStream" in columns:  # an empty one names no stream
        columns["@logStream"] = [stream or msgspec.UNSET for stream in columns["@logStream"]]
    return row_runs(columns, len(rows))


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
        self._run: list[list[str]] = []  # rows split ahead by the csv module, from `_next` on
        self._next = 0
        self._next_line = 1  # the line the row at `_next` starts on

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
        if self._next < len(self._run) or self._plain_rows():
            ahead = self._run[self._next]
            self._next += 1
            self.line = self._next_line
            self._next_line += _line_breaks(ahead) + 1
            return ahead
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

    def rest_of_run(self) -> tuple[list[list[str]], int]:
        """The rows split ahead and not read yet, and the line the first starts on."""
        rest, first = self._run[self._next :], self._next_line
        self._run, self._next = [], 0
        return rest, first

    def _plain_rows(self) -> bool:
        """Split the run of plain rows at the reading position in one call of the csv module (C),
        as the scanner below would read them; False when the next row is not plain (a blank
        line, a quote inside a field, a row cut at the end of the text read so far, a field that
        may reach the cap): the scanner reads that one."""
        text, start = self._text, self._pos
        at = _PLAIN_RUN.match(text, start).end()  # type: ignore[union-attr]
        if at == start:
            return False
        rows = _split(text[start:at])
        if max(map(len, chain.from_iterable(rows)), default=0) > self._longest():
            return self._plain_rows_one_by_one()
        self._run, self._next, self._next_line = rows, 0, self._lines
        self._pos, self._lines = at, self._lines + text.count("\n", start, at)
        return True

    def _plain_rows_one_by_one(self) -> bool:
        """`_plain_rows` up to the first row that may hold a field as long as the cap."""
        text, start = self._text, self._pos
        longest = self._longest()
        line, at = self._lines, start
        while True:
            found = _PLAIN_ROW.match(text, at)
            if found is None or found.end() - at > longest:
                break
            line += text.count("\n", at, found.end())
            at = found.end()
        if at == start:
            return False
        self._run, self._next, self._next_line = _split(text[start:at]), 0, self._lines
        self._pos, self._lines = at, line
        return True

    def _longest(self) -> int:
        """The longest field a plain row may hold: no field is cut, the csv module takes it."""
        return min(PLAIN_ROW_CHARS, self._limits.max_message_bytes // 4)

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
