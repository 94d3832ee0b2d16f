"""The bundled examples: each is read as its format with the exact counts its generator wrote."""

from __future__ import annotations

import json

import pytest

from checker.analyze import analyze
from checker.config import Config
from tests.conftest import EXAMPLES

EXPECTED = json.loads((EXAMPLES / "expected.json").read_text())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_counts(name: str) -> None:
    truth = EXPECTED[name]
    report = analyze([str(EXAMPLES / name)], Config())
    assert {i.format for i in report.inputs} == {truth["format"]}
    assert report.summary.events == truth["events"]
    assert report.summary.invocations == truth["invocations"]
    assert report.summary.failed_invocations == truth["failed_invocations"]
    primary = truth.get("primary_error")
    if primary:
        got = report.findings[0].primary
        assert (got.category, got.host, got.port) == (primary["category"], primary["host"], primary["port"])
        if "service" in primary:
            assert got.service == primary["service"]
