"""Each wording class in a whole export: what `connfail analyze` says about the function.

tests/data/detect/exports/ holds small filter-log-events exports (written by its build.py)
with one real wording each, around START/END/REPORT lines in the runtime's own log format.
One CLI run reads them all, as a user passing several exports would.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA, read_yaml, run_cli

EXPORTS = DATA / "detect" / "exports"
CASES: list[dict[str, Any]] = read_yaml(EXPORTS / "cases.yaml")


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    paths = [str(EXPORTS / case["file"]) for case in CASES]
    result = run_cli("analyze", "--format", "json", "--fail-on", "never", *paths)
    assert result.returncode == 0, result.stderr
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def _export(report: dict[str, Any], case: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [item for item in report[key] if Path(item["export"]).name == case["file"]]


def test_every_export_here_has_its_expectation() -> None:
    assert sorted(p.name for p in EXPORTS.glob("*.json")) == sorted(c["file"] for c in CASES)


def test_every_export_is_read_whole(report: dict[str, Any]) -> None:
    inputs = {Path(i["path"]).name: i for i in report["inputs"]}
    for case in CASES:
        got = inputs[case["file"]]
        assert (got["format"], got["skipped"]) == ("filter-log-events", 0), case["file"]


FAILING = [c for c in CASES if c["category"] is not None]
CLEAN = [c for c in CASES if c["category"] is None]


@pytest.mark.parametrize("case", FAILING, ids=[c["file"] for c in FAILING])
def test_wording_class_in_a_whole_export(report: dict[str, Any], case: dict[str, Any]) -> None:
    [finding] = _export(report, case, "findings")
    primary = finding["primary_error"]
    assert (finding["severity"], finding["failed_invocations"], finding["total_invocations"]) == (
        case["severity"],
        case["failed_invocations"],
        case["invocations"],
    ), case["source"]
    assert (primary["category"], primary["host"], primary["port"]) == (
        case["category"],
        case["host"],
        case["port"],
    ), case["source"]
    assert finding["runtimes"] == [case["runtime"]]


@pytest.mark.parametrize("case", CLEAN, ids=[c["file"] for c in CLEAN])
def test_wording_that_is_no_connect_failure(report: dict[str, Any], case: dict[str, Any]) -> None:
    assert _export(report, case, "findings") == [], case["source"]
    [function] = _export(report, case, "functions")
    assert (function["invocations"], function["failed_invocations"]) == (case["invocations"], 0)
