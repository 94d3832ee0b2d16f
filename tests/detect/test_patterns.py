"""The pattern table: every row's real example line classifies to that row, once per row."""

from __future__ import annotations

import pytest

from checker.detect.classify import ANCHORS, classify, might_report_failure
from checker.detect.model import CATEGORIES
from checker.detect.patterns import PATTERNS, RUNTIMES, Pattern

CATEGORY_ROWS = [p for p in PATTERNS if p.category is not None]
DESTINATION_ROWS = [p for p in PATTERNS if p.category is None]
KNOWN_GROUPS = {"dest", "url", "host", "host2", "port", "local", "at"}


def test_ids_are_unique() -> None:
    ids = [p.id for p in PATTERNS]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


@pytest.mark.parametrize("row", PATTERNS, ids=lambda p: p.id)
def test_row_is_well_formed(row: Pattern) -> None:
    assert row.runtime in RUNTIMES
    assert row.category is None or row.category in CATEGORIES
    assert (row.category is None) == (row.code is None)
    assert set(row.regex.groupindex) <= KNOWN_GROUPS
    assert any(needle in row.example for needle in row.needles), "no needle occurs in the example"
    assert row.regex.search(row.example), "the regex misses its own example"


@pytest.mark.parametrize("row", CATEGORY_ROWS, ids=lambda p: p.id)
def test_category_row_example_classifies_to_the_row(row: Pattern) -> None:
    failures = classify(row.example)
    assert failures, row.example
    assert (failures[0].category, failures[0].code) == (row.category, row.code)


@pytest.mark.parametrize("row", CATEGORY_ROWS, ids=lambda p: p.id)
def test_every_needle_passes_the_prefilter(row: Pattern) -> None:
    # The prefilter only looks for ANCHORS; a needle without one could never be reached.
    for needle in row.needles:
        assert any(anchor in needle for anchor in ANCHORS), needle
        assert might_report_failure(needle)


@pytest.mark.parametrize("row", DESTINATION_ROWS, ids=lambda p: p.id)
def test_destination_row_example_lends_a_destination(row: Pattern) -> None:
    failures = classify(row.example)
    assert failures, row.example
    assert failures[0].host is not None or failures[0].port is not None


FILLERS = (
    "a" * 60000,
    "a1.b2-c3_" * 8000,
    "1:" * 30000,
    "x/" * 30000,
    " " * 60000,
    "(a:1 " * 12000,
    "'a', " * 12000,
    '"a" ' * 15000,
)


@pytest.mark.parametrize("row", PATTERNS, ids=lambda p: p.id)
def test_no_catastrophic_backtracking(row: Pattern) -> None:
    # A huge event (a logged payload) must not stall the analyzer: every row stays linear.
    import time

    for filler in FILLERS:
        for needle in row.needles:
            text = needle + filler + needle
            start = time.perf_counter()
            for _ in row.regex.finditer(text):
                pass
            assert time.perf_counter() - start < 0.5, (filler[:6], needle)
