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
from checker.ingest.csv_export import _Rows
from checker.ingest.limits import Limits, cap_text


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
