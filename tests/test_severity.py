"""Severity is ordered NONE < ELEVATED < HIGH; fail-on is parsed once where it enters and maps
onto Severity in one place; a bad fail-on at any edge is one error line and exit 2; every
vocabulary of the model is the JSON contract's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, get_args

import pytest

from checker.config import Config, load_config
from checker.detect.model import CATEGORIES, AttemptBasis, Runtime, TargetKind
from checker.finding import severity_for
from checker.github.inputs import read_inputs
from checker.report import overall_severity
from checker.schema import load_schema
from checker.vocab import FailOn, Severity
from tests.conftest import EXAMPLES, ROOT, run_cli


def test_severities_compare_by_order_not_by_spelling() -> None:
    assert sorted([Severity.HIGH, Severity.NONE, Severity.ELEVATED]) == [
        Severity.NONE,
        Severity.ELEVATED,
        Severity.HIGH,
    ]
    assert Severity.NONE < Severity.ELEVATED < Severity.HIGH  # as strings, "HIGH" < "NONE"
    assert Severity.HIGH >= "ELEVATED" and not Severity.NONE > "ELEVATED"  # the contract's strings parse
    assert [s.rank for s in Severity] == [0, 1, 2]
    with pytest.raises(ValueError):
        _ = Severity.HIGH < "high"  # a spelling outside the contract is no severity


def test_a_severity_is_the_contracts_string_wherever_it_is_written() -> None:
    high = Severity.HIGH
    assert (high == "HIGH", str(high), f"[{high}]", {"HIGH": 1}[high]) == (True, "HIGH", "[HIGH]", 1)
    assert json.dumps({"severity": high}) == '{"severity": "HIGH"}'


@pytest.mark.parametrize(
    ("fail_on", "fails_at"),
    [
        (FailOn.HIGH, {Severity.HIGH}),
        (FailOn.ELEVATED, {Severity.ELEVATED, Severity.HIGH}),
        (FailOn.NEVER, set()),
    ],
)
def test_fail_on_is_met_at_and_above_its_severity(fail_on: FailOn, fails_at: set[Severity]) -> None:
    assert {s for s in Severity if fail_on.met_by(s)} == fails_at


def test_thresholds_and_the_overall_severity() -> None:
    config = Config(high_above=5, elevated_at=2)
    assert [severity_for(n, config) for n in (0, 1, 2, 5, 6)] == [
        Severity.NONE,
        Severity.NONE,
        Severity.ELEVATED,
        Severity.ELEVATED,
        Severity.HIGH,
    ]
    assert overall_severity(()) is Severity.NONE


def test_each_edge_parses_fail_on_into_the_enum(tmp_path: Path) -> None:
    (tmp_path / ".connfail.yml").write_text("fail-on: never\n")
    assert load_config(tmp_path / ".connfail.yml").fail_on is FailOn.NEVER
    assert Config().fail_on is FailOn.HIGH
    assert read_inputs({"INPUT_FAIL-ON": "Elevated"}).fail_on is FailOn.ELEVATED
    assert read_inputs({}).fail_on is FailOn.HIGH


def test_fail_on_from_the_cli_decides_the_exit_code(tmp_path: Path) -> None:
    dns = str(EXAMPLES / "single-dns-failure.log")  # one failing invocation: ELEVATED
    codes = [run_cli("analyze", "-q", dns, "--fail-on", f, cwd=tmp_path).returncode for f in FailOn.values()]
    assert codes == [0, 1, 0]  # high, elevated, never


def test_a_bad_fail_on_is_one_error_line_and_exit_2_at_every_edge(tmp_path: Path) -> None:
    healthy = str(EXAMPLES / "healthy-function.json")
    cli = run_cli("analyze", healthy, "--fail-on", "sometimes", cwd=tmp_path)
    assert cli.returncode == 2 and cli.stdout == ""
    # argparse's usage lines, then the one error line
    assert [line for line in cli.stderr.splitlines() if "error" in line] == [
        "connfail analyze: error: argument --fail-on: invalid choice: 'sometimes' "
        "(choose from 'high', 'elevated', 'never')"
    ]

    (tmp_path / ".connfail.yml").write_text("fail-on: HIGH\n")
    config = run_cli("analyze", healthy, cwd=tmp_path)
    assert config.returncode == 2 and config.stdout == ""
    assert config.stderr == (
        f"connfail: {tmp_path / '.connfail.yml'}: "
        "/fail-on: 'HIGH' is not one of ['high', 'elevated', 'never']\n"
    )


def test_a_bad_fail_on_input_stops_the_action_with_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INPUT_", "GITHUB_"))}
    env |= {"INPUT_FAIL-ON": "critical", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "checker", "action"], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert done.returncode == 2 and done.stderr == ""
    assert (
        done.stdout
        == "::error title=connfail::input fail-on: 'critical' is not one of high, elevated, never\n"
    )


def _enum(schema: dict[str, Any], *path: str) -> list[str]:
    node: Any = schema
    for key in path:
        node = node[key]
    values: list[str] = node["enum"]
    return values


def test_each_vocabulary_is_the_schemas_enum() -> None:
    """The enums and Literal types of the model are the contract's: same values, nothing else."""
    report, config = load_schema("report"), load_schema("config")
    finding = report["$defs"]["finding"]["properties"]
    resolved = finding["network"]["properties"]["destinations"]["items"]["properties"]["resolved"]
    summary = report["properties"]["summary"]
    assert sorted(_enum(summary, "properties", "severity")) == sorted(Severity.values())
    assert _enum(config, "properties", "fail-on") == list(FailOn.values())
    assert _enum(finding, "primary_error", "properties", "category") == list(CATEGORIES)
    assert _enum(finding, "categories", "propertyNames") == list(CATEGORIES)
    assert _enum(finding, "runtimes", "items") == list(get_args(Runtime))
    assert _enum(report, "$defs", "timeout_pattern", "properties", "per_attempt_from") == list(
        get_args(AttemptBasis)
    )
    assert _enum(resolved, "properties", "kind") == list(get_args(TargetKind))
