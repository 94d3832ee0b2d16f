"""The console-CSV scanner equals a character-by-character RFC 4180 reading, at any piece size.

Its quoted-field loop takes runs of text and `""` pairs in one regex call, reading on when a
piece ends inside a field or right at a quote (which may start a `""`); small pieces (1-7
characters) put every boundary everywhere. Large fields are checked for content, not time
(their timing is bench/csv_field.py).
"""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.ingest import csv_export
from checker.ingest.batch import batched
from checker.ingest.csv_export import _Rows
from checker.ingest.limits import Limits, cap_text
from checker.ingest.skips import Skip


def reference(text: str, cap: int) -> tuple[list[list[str]], int]:
    """Rows and cut fields, one character at a time (the module's documented quoting)."""
    rows: list[list[str]] = []
    cut = 0
    i, n = 0, len(text)
    while i < n:
        if text[i] in "\r\n":  # a blank line
            i += 2 if text[i : i + 2] == "\r\n" else 1
            continue
        row: list[str] = []
        while True:
            chars: list[str] = []
            if i < n and text[i] == '"':
                i += 1
                while i < n:
                    if text[i] == '"':
                        if i + 1 < n and text[i + 1] == '"':
                            chars.append('"')
                            i += 2
                            continue
                        i += 1
                        break
                    chars.append(text[i])
                    i += 1
            while i < n and text[i] not in ",\r\n":
                chars.append(text[i])
                i += 1
            whole = "".join(chars)
            kept, was_cut = cap_text(whole, cap)
            cut += was_cut
            row.append(kept)
            if i < n and text[i] == ",":
                i += 1
                continue
            i += 2 if text[i : i + 2] == "\r\n" else (1 if i < n else 0)
            break
        rows.append(row)
    return rows, cut


def scanned(text: str, cap: int) -> tuple[list[list[str]], int]:
    limits = Limits(max_message_bytes=cap)
    rows = list(_Rows(io.BytesIO(text.encode("utf-8")), "x.csv", limits))
    return rows, limits.truncated


pieces = st.text(alphabet='ab,"\r\né€', max_size=60)


@pytest.mark.parametrize("piece", [1, 2, 3, 7, 1 << 20])
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=pieces, cap=st.sampled_from([3, 8, 1 << 20]))
def test_rows_equal_the_reference_reading(
    monkeypatch: pytest.MonkeyPatch, piece: int, text: str, cap: int
) -> None:
    monkeypatch.setattr(csv_export, "PIECE", piece)  # the same value for every example
    assert scanned(text, cap) == reference(text, cap)


def test_a_large_field_with_quotes_and_line_breaks_keeps_its_text_and_the_next_row() -> None:
    body = 'payload {""id"": 1, ""note"": ""a quoted word""}\n' * 40_000  # ~2 MB, 240k `""`
    text = f'@timestamp,@message\n"2026-11-20 10:00:00.000","{body}"\n"2026-11-20 10:00:01.000","last"\n'
    limits = Limits(max_message_bytes=1 << 30)
    rows = list(_Rows(io.BytesIO(text.encode()), "x.csv", limits))
    assert rows[1] == ["2026-11-20 10:00:00.000", body.replace('""', '"')]
    assert rows[2] == ["2026-11-20 10:00:01.000", "last"]
    capped = Limits(max_message_bytes=1000)
    rows = list(_Rows(io.BytesIO(text.encode()), "x.csv", capped))
    assert rows[1][1] == body.replace('""', '"').encode()[:1000].decode()
    assert (rows[2], capped.truncated) == (["2026-11-20 10:00:01.000", "last"], 1)


def _rows_and_lines(text: str, plain: bool) -> list[tuple[list[str], int]]:
    rows = _Rows(io.BytesIO(text.encode("utf-8")), "x.csv", Limits(max_message_bytes=1 << 20))
    if not plain:
        rows._plain_rows = lambda: False  # type: ignore[method-assign]
    return [(row, rows.line) for row in rows]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet='ab,"\r\n\x00é', max_size=80))
def test_runs_of_plain_rows_split_by_the_csv_module_equal_the_scanner(text: str) -> None:
    """Rows and the line each starts on (what a skipped row's message names) are the same."""
    assert _rows_and_lines(text, plain=True) == _rows_and_lines(text, plain=False)


def test_plain_rows_keep_their_line_numbers_across_quoted_line_breaks() -> None:
    text = '@timestamp,@message\n"t1","one\nmore"\r\n"t2",two\n\n"t3","""quoted"""\n'
    assert _rows_and_lines(text, plain=True) == [
        (["@timestamp", "@message"], 1),
        (["t1", "one\nmore"], 2),
        (["t2", "two"], 4),
        (["t3", '"quoted"'], 6),
    ]


csv_fields = st.one_of(
    st.sampled_from(["", "2026-11-20 10:00:00.123", "2026-11-20T10:00:00.123Z", "1:/aws/lambda/a", "s"]),
    st.text(alphabet='ab,"\n\r é€', max_size=12),
    st.builds(lambda n: "ECONNREFUSED é\n" * n, st.integers(0, 2000)),  # a large field
)


def _quoted(field: str) -> str:
    return '"' + field.replace('"', '""') + '"' if any(c in field for c in ',"\r\n') else field


@st.composite
def csv_documents(draw: st.DrawFn) -> str:
    """A header of the named fields (maybe one twice, maybe another), then rows: mostly
    whole, some short or long, some blank lines."""
    header = draw(st.permutations(["@timestamp", "@message", "@logStream", "@log"]))
    header += draw(st.sampled_from([[], ["@message"], ["requestId"]]))
    lines = [",".join(header)]
    for _ in range(draw(st.integers(0, 40))):
        width = len(header) + draw(st.sampled_from([0, 0, 0, 0, -1, -3, 1]))
        lines.append(",".join(_quoted(draw(csv_fields)) for _ in range(max(width, 0))))
    return "\r\n".join(lines) + draw(st.sampled_from(["", "\n", "\r\n"]))


def _one_by_one(data: bytes, limits: Limits) -> list[object]:
    """What read_insights_csv gives when every row is read by the scanner and `_event`."""
    rows = _Rows(io.BytesIO(data), "x.csv", limits)
    rows._plain_rows = lambda: False  # type: ignore[method-assign]
    fields = [f.lstrip("\ufeff").strip() for f in next(rows)]
    return [csv_export._event(fields, row, rows.line) for row in rows]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=csv_documents(), cap=st.sampled_from([64, 1 << 20]))
def test_whole_rows_a_column_at_a_time_equal_each_row_alone(
    monkeypatch: pytest.MonkeyPatch, text: str, cap: int
) -> None:
    monkeypatch.setattr(csv_export, "PIECE", 4096)  # several pieces, each a run of rows
    data = text.encode()
    got: list[object] = []
    limits = Limits(max_message_bytes=cap)
    for part in batched(csv_export.read_insights_csv(io.BytesIO(data), "x.csv", limits)):
        got += [part] if isinstance(part, Skip) else map(part.event, range(part.events))
    want_limits = Limits(max_message_bytes=cap)
    want = _one_by_one(data, want_limits)
    # A batch comes after the skips of its rows: the events in order, then the skips in order.
    assert [e for e in got if not isinstance(e, Skip)] == [e for e in want if not isinstance(e, Skip)]
    assert [e for e in got if isinstance(e, Skip)] == [e for e in want if isinstance(e, Skip)]
    assert limits.truncated == want_limits.truncated
