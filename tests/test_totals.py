"""StreamTotals counts streams as a Counter of (log group, log stream, input) would, and its
per-function views read the same counts: the report's totals cannot tell them apart."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from checker.functions import function_key
from checker.totals import StreamOf, StreamTotals

GROUPS = st.sampled_from([None, "/aws/lambda/orders-api", "/aws/lambda/shared"])
STREAMS = st.sampled_from(
    [
        None,
        "2026/11/20/[$LATEST]5f557203301850c5a38fd547923a7369",
        "2026/11/20/orders-api[$LATEST]0f1e2d3c4b5a69788796a5b4c3d2e1f0",
        "2026/11/20/billing[$LATEST]0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    ]
)
SOURCES = st.sampled_from([None, "a.json", "b.json"])
WHERE = st.tuples(GROUPS, STREAMS, SOURCES)


@given(st.lists(WHERE), st.lists(WHERE))
def test_counting_and_adding_give_the_counter_s_counts(
    counted: list[StreamOf], added: list[StreamOf]
) -> None:
    totals = StreamTotals(counted)
    totals.add(Counter(added))
    expected = Counter(counted) + Counter(added)
    assert dict(totals.items()) == dict(expected)
    assert len(totals) == len(expected) and totals.total() == expected.total()
    for where in expected:
        assert where in totals and totals[where] == expected[where]
    assert ("/aws/lambda/none", "x", None) not in totals
    assert totals[("/aws/lambda/none", "x", None)] == 0  # as a Counter reads a stream never counted
    assert totals.get(("/aws/lambda/none", "x", None)) is None  # and as Counter.get does
    assert all(totals.get(where) == expected.get(where) for where in expected)


@given(st.lists(WHERE, min_size=1))
def test_each_function_s_streams_are_the_ones_function_key_gives(counted: list[StreamOf]) -> None:
    totals = StreamTotals(counted)
    expected: dict[object, Counter[StreamOf]] = {}
    for where, count in Counter(counted).items():
        expected.setdefault(function_key(*where), Counter())[where] = count
    functions = totals.by_function()
    assert functions.keys() == expected.keys()
    for key, streams in functions.items():
        assert dict(streams.items()) == dict(expected[key]) == {w: streams[w] for w in streams}
        assert len(streams) == len(expected[key]) and sum(streams.values()) == expected[key].total()
        names = [stream for (_group, stream, _source) in expected[key]]
        # one (log group, input) pair: no name twice, so the streams may be ranked by name alone
        assert streams.single_pair() == (len({(g, s) for g, _n, s in expected[key]}) == 1)
        if streams.single_pair():
            assert sorted(streams.named(), key=str) == sorted(
                zip(names, expected[key].values(), strict=True), key=str
            )


def test_a_stream_s_count_can_be_set_and_deleted() -> None:
    totals = StreamTotals([("/aws/lambda/orders-api", "s", None)])
    totals[("/aws/lambda/orders-api", "s", None)] += 2
    totals[(None, "s", "a.json")] = 4
    assert dict(totals) == {("/aws/lambda/orders-api", "s", None): 3, (None, "s", "a.json"): 4}
    assert list(totals.named_in_inputs()) == [("s", "a.json")]
    del totals[("/aws/lambda/orders-api", "s", None)]
    assert dict(totals) == {(None, "s", "a.json"): 4}
