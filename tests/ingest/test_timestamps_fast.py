"""Insights' `YYYY-MM-DD HH:MM:SS.mmm` takes a cached path that must equal the full parser."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.ingest import timestamps
from checker.ingest.timestamps import MAX_MILLIS, parse_timestamp

digits = st.text(alphabet="0123456789", min_size=1, max_size=4)
insights_like = st.builds(
    lambda y, mo, d, sep, h, mi, s, ms: f"{y:>04}-{mo:>02}-{d:>02}{sep}{h:>02}:{mi:>02}:{s:>02}.{ms:>03}"[
        :23
    ],
    st.sampled_from(["2026", "1970", "9999", "0000", "1969", "20x6"]),
    digits,
    digits,
    st.sampled_from([" ", "T", "_"]),
    digits,
    digits,
    digits,
    st.text(alphabet="0123456789\u0663", min_size=3, max_size=3),
)


@settings(max_examples=2000, deadline=None)
@given(text=insights_like)
def test_the_cached_path_equals_the_full_parser(text: str) -> None:
    assert parse_timestamp(text) == timestamps._parse(text)


def test_known_values_and_the_last_instant() -> None:
    assert parse_timestamp("2026-11-20 10:00:00.123") == 1_795_168_800_123
    assert parse_timestamp("2026-11-20 10:00:00.999") == 1_795_168_800_999  # same second, cached
    assert parse_timestamp("9999-12-31 23:59:59.999") == MAX_MILLIS
    assert parse_timestamp("2026-13-20 10:00:00.000") is None


node_like = st.builds(
    lambda y, mo, d, sep, h, mi, s, dot, frac, gap, zone, tail: (
        f"{y:>04}-{mo:>02}-{d:>02}{sep}{h:>02}:{mi:>02}:{s:>02}{dot}{frac}{gap}{zone}{tail}"
    ),
    st.sampled_from(["2026", "1970", "9999", "0000", "1969", "20x6", "2\u0663\u0662\u0666"]),
    digits,
    digits,
    st.sampled_from([" ", "T", "_"]),
    digits,
    digits,
    digits,
    st.sampled_from([".", ",", ":"]),
    st.text(alphabet="0123456789\u0663", min_size=0, max_size=11),
    st.sampled_from(["", " ", "\t ", "\u00a0", "  "]),
    st.sampled_from(["", "Z", "UTC", "UT", "+00:00", "-05:30", "+0530", "+05:3", "+5", "-0٣:00", "+05:3a"]),
    st.sampled_from(["", " START RequestId", "\t", "Z", "0", "+01:00", "٣", "\u00a0x"]),
)


@settings(max_examples=500, deadline=None)
@given(text=node_like)
def test_the_cached_leading_timestamp_equals_the_regex(text: str) -> None:
    """S3 exports, Node.js lines, `aws logs tail` and `sam logs` stamps: the cached path is exact."""
    assert timestamps.leading_timestamp(text) == timestamps._leading(text)


def test_leading_timestamp_known_values() -> None:
    assert timestamps.leading_timestamp("2026-11-20T10:00:00.123Z START") == (1_795_168_800_123, 24)
    assert timestamps.leading_timestamp("2026-11-20T10:00:00.124Z") == (1_795_168_800_124, 24)  # cached
    assert timestamps.leading_timestamp("2026-11-20T10:00:00.1234Z") == (1_795_168_800_123, 25)
    assert timestamps.leading_timestamp("9999-12-31T23:59:59.999Z") == (MAX_MILLIS, 24)
    assert timestamps.leading_timestamp("2026-13-20T10:00:00.000Z") is None
    tail = "2026-11-20T10:00:00.123000+00:00 2026/11/20/[$LATEST]0a START"  # aws logs tail
    assert timestamps.leading_timestamp(tail) == (1_795_168_800_123, 32)
    assert timestamps.leading_timestamp("2026-11-20T10:00:00.123000 START") == (1_795_168_800_123, 27)
    assert timestamps.leading_timestamp("2026-11-20T10:00:00.5-01:00") == (1_795_172_400_500, 27)
