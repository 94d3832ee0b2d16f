"""The labelled corpus: each real-wording line classifies as a careful SRE would read it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checker.detect.classify import classify
from tests.conftest import read_yaml

CORPUS = Path(__file__).resolve().parents[1] / "data" / "detect" / "corpus.yaml"
ROWS: list[dict[str, Any]] = read_yaml(CORPUS)
REQUIRED = ("category", "code", "host", "port", "line")


def _id(row: dict[str, Any]) -> str:
    first = row["line"].strip().splitlines()[0] if row["line"].strip() else "<empty>"
    return f"{row.get('runtime', 'none')}-{row['category']}-{first[-60:]}"


def test_every_row_states_category_code_host_and_port() -> None:
    for row in ROWS:
        missing = [key for key in REQUIRED if key not in row]
        assert not missing, (missing, row["line"][:80])
        if row["category"] is None:
            assert row["code"] is None and row["host"] is None and row["port"] is None
            assert row.get("why"), row["line"][:80]
        else:
            assert row.get("runtime"), row["line"][:80]


POSITIVES = [r for r in ROWS if r["category"] is not None]
NEGATIVES = [r for r in ROWS if r["category"] is None]


@pytest.mark.parametrize("row", POSITIVES, ids=[_id(r) for r in POSITIVES])
def test_failure_line(row: dict[str, Any]) -> None:
    failures = classify(row["line"])
    assert len(failures) == 1, failures
    [got] = failures
    assert (got.category, got.code, got.host, got.port, got.runtime) == (
        row["category"],
        row["code"],
        row["host"],
        row["port"],
        row["runtime"],
    )
    if "service" in row:
        assert got.service == row["service"]
    if "local" in row:
        assert got.local_address == row["local"]
    assert got.message and "\n" not in got.message


@pytest.mark.parametrize("row", NEGATIVES, ids=[_id(r) for r in NEGATIVES])
def test_not_a_connection_failure(row: dict[str, Any]) -> None:
    assert classify(row["line"]) == []
