"""Real lines from public sources: each classifies as a careful SRE would read it.

tests/data/detect/real/<runtime>.yaml holds lines copied as found in GitHub issues of client
libraries and AWS SDKs (the `source` of each row), unlike corpus.yaml whose hosts are made up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checker.detect.classify import classify
from checker.detect.model import CATEGORIES
from checker.detect.patterns import RUNTIMES
from tests.conftest import read_yaml

REAL = Path(__file__).resolve().parents[1] / "data" / "detect" / "real"
ROWS: list[dict[str, Any]] = [row for path in sorted(REAL.glob("*.yaml")) for row in read_yaml(path)]


def _id(row: dict[str, Any]) -> str:
    first = row["line"].strip().splitlines()[0] if row["line"].strip() else "<empty>"
    return f"{row['runtime']}-{row['category']}-{first[-50:]}"


def test_every_row_names_its_source_and_labels() -> None:
    assert ROWS
    for row in ROWS:
        assert str(row.get("source", "")).startswith("https://"), row["line"][:80]
        assert row["runtime"] in RUNTIMES, row["line"][:80]
        if row["category"] is None:
            assert row.get("why"), row["line"][:80]
        else:
            assert row["category"] in CATEGORIES
            assert "host" in row and "port" in row, row["line"][:80]


def test_no_line_is_listed_twice() -> None:
    lines = [row["line"] for row in ROWS]
    assert len(lines) == len(set(lines)), [line[:80] for line in lines if lines.count(line) > 1]


POSITIVES = [r for r in ROWS if r["category"] is not None]
NEGATIVES = [r for r in ROWS if r["category"] is None]


@pytest.mark.parametrize("row", POSITIVES, ids=[_id(r) for r in POSITIVES])
def test_real_failure_line(row: dict[str, Any]) -> None:
    failures = classify(row["line"])
    assert len(failures) == 1, failures
    [got] = failures
    assert (got.category, got.host, got.port, got.runtime) == (
        row["category"],
        row["host"],
        row["port"],
        row["runtime"],
    ), row["source"]
    if "code" in row:
        assert got.code == row["code"]
    if "service" in row:
        assert got.service == row["service"]


@pytest.mark.parametrize("row", NEGATIVES, ids=[_id(r) for r in NEGATIVES])
def test_real_line_that_is_not_a_connect_failure(row: dict[str, Any]) -> None:
    assert classify(row["line"]) == [], row["why"]


MIN_PER_CELL = 25  # issue 9: real lines per category per runtime


def test_every_runtime_has_enough_real_lines_per_category() -> None:
    """The labelled corpus keeps at least MIN_PER_CELL real lines in every runtime x category cell."""
    cells = {(runtime, category): 0 for runtime in RUNTIMES if runtime != "any" for category in CATEGORIES}
    for row in POSITIVES:
        cells[(row["runtime"], row["category"])] += 1
    short = {cell: n for cell, n in cells.items() if n < MIN_PER_CELL}
    assert short == {}, short


def test_docs_state_the_corpus_size() -> None:
    """docs/wordings.md gives the corpus's size; it must follow the files."""
    docs = (Path(__file__).resolve().parents[2] / "docs" / "wordings.md").read_text(encoding="utf-8")
    sentence = (
        f"holds {len(ROWS)} lines ({len(POSITIVES)}\nfailures, at least {MIN_PER_CELL} per category"
        f" for each runtime, and {len(NEGATIVES)} lines that must not count)"
    )
    assert sentence in docs
