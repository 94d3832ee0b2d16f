"""`connfail analyze` end to end: exit codes by severity, the JSON report and its schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from checker.schema import load_schema
from tests.conftest import EXAMPLES, run_cli

HIGH = str(EXAMPLES / "vpc-node-postgres.json")
ELEVATED = str(EXAMPLES / "single-dns-failure.log")
NONE = str(EXAMPLES / "healthy-function.json")


@pytest.mark.parametrize(
    ("path", "fail_on", "code"),
    [
        (HIGH, None, 1),
        (HIGH, "never", 0),
        (ELEVATED, None, 0),
        (ELEVATED, "elevated", 1),
        (ELEVATED, "high", 0),
        (NONE, "elevated", 0),
        (NONE, None, 0),
    ],
)
def test_exit_code_follows_severity(path: str, fail_on: str | None, code: int, tmp_path: Path) -> None:
    args = ["analyze", path] + (["--fail-on", fail_on] if fail_on else [])
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == code, result.stderr
    assert result.stderr == ""


def test_json_report_fields_and_schema(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run_cli("analyze", HIGH, "--format", "json", "--output", str(out), cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    report = json.loads(out.read_text())
    Draft202012Validator(load_schema("report")).validate(report)
    assert report["summary"] == {
        "events": 779,
        "invocations": 150,
        "failed_invocations": 28,
        "severity": "HIGH",
    }
    finding = report["findings"][0]
    assert (finding["severity"], finding["failed_invocations"], finding["total_invocations"]) == (
        "HIGH",
        28,
        150,
    )
    assert finding["primary_error"] == {
        "category": "ETIMEDOUT",
        "code": "ETIMEDOUT",
        "message": "connect ETIMEDOUT 10.0.3.47:5432",
        "host": "10.0.3.47",
        "port": 5432,
        "service": "PostgreSQL",
        "invocations": 28,
        "billed_ms": finding["wasted"]["billed_ms"],
    }  # the one destination: all the billed time
    assert finding["most_frequent_error"] is None
    assert finding["message"].startswith(
        "28 invocations failed with connection errors (28 of 150). Primary error: "
        '"connect ETIMEDOUT 10.0.3.47:5432" (PostgreSQL).'
    )
    assert finding["timeout_pattern"]["attempts"] == 1
    assert 120 < finding["timeout_pattern"]["per_attempt_s"] < 136
    assert len(finding["invocations"]) == 28
    assert sum(s["failed_invocations"] for s in finding["sources"]) == 28
    assert [s["failed_invocations"] > 0 for s in finding["sources"]].count(True) == 3


@pytest.mark.parametrize(
    "name",
    [
        "vpc-node-postgres.json",
        "single-dns-failure.log",
        "healthy-function.json",
        "python-dynamodb-insights.json",
        "s3-export",
        "subscription-payload.json",
    ],
)
def test_every_example_report_validates(name: str, tmp_path: Path) -> None:
    result = run_cli("analyze", str(EXAMPLES / name), "--format", "json", "--fail-on", "never", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    Draft202012Validator(load_schema("report")).validate(json.loads(result.stdout))


def test_stdin_and_config_thresholds(tmp_path: Path) -> None:
    (tmp_path / ".connfail.yml").write_text("thresholds: {high: 30}\nfail-on: elevated\n")
    result = run_cli("analyze", "-", "--format", "json", stdin=Path(HIGH).read_bytes(), cwd=tmp_path)
    assert result.returncode == 1
    assert json.loads(result.stdout)["summary"]["severity"] == "ELEVATED"


def test_ignore_hosts_drops_a_local_test_database(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.connfail]\nignore-hosts = ["10.0.3.*"]\n')
    result = run_cli("analyze", HIGH, "--format", "json", cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout)["summary"]["failed_invocations"] == 0


def test_bad_config_is_one_line(tmp_path: Path) -> None:
    (tmp_path / ".connfail.yml").write_text("fail-on: sometimes\n")
    result = run_cli("analyze", HIGH, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        f"connfail: {tmp_path / '.connfail.yml'}: /fail-on: 'sometimes' is not one of "
        "['high', 'elevated', 'never']\n"
    )


FAILING_STREAMS = [
    "ec7ac8ad1b2ba06b6ae12c972399d29d",
    "58b8413f8ef5b163cef350e708d01bfe",
    "a93db3eb4ae79162ece135bc20aa2891",
]
HEALTHY_STREAMS = [
    "55aa024d5c3a34f5dcb152b0fa1eafae",
    "784907a2cd6e0084e7b08c23a70884e8",
    "7ab9db80eef6b66bbf5cfb1a2080da39",
    "8ab5a7d09a0bf75fbd4a2a71165115bb",
]


def test_network_context_names_where_failures_came_from(tmp_path: Path) -> None:
    # The logs cannot tell subnets; the user says which environment ran where.
    lines = ["network:", "  vpc: true", "  streams:"]
    for hexid in FAILING_STREAMS:
        lines.append(
            f'    "2026/11/20/[$LATEST]{hexid}": {{subnet: subnet-0a1b2c3d, availability-zone: us-east-1b}}'
        )
    for hexid in HEALTHY_STREAMS:
        lines.append(
            f'    "2026/11/20/[$LATEST]{hexid}": {{subnet: subnet-0e4f5g6h, availability-zone: us-east-1a}}'
        )
    (tmp_path / ".connfail.yml").write_text("\n".join(lines) + "\n")
    result = run_cli("analyze", HIGH, "--format", "json", cwd=tmp_path)
    finding = json.loads(result.stdout)["findings"][0]
    assert (
        "All failures originated from subnet-0a1b2c3d in us-east-1b. Environments in "
        "subnet-0e4f5g6h in us-east-1a had zero connection errors."
    ) in finding["message"]
    assert {(s["subnet"], s["availability_zone"]) for s in finding["sources"] if s["failed_invocations"]} == {
        ("subnet-0a1b2c3d", "us-east-1b")
    }


def test_failures_bunched_in_time_are_called_out(tmp_path: Path) -> None:
    result = run_cli("analyze", HIGH, "--format", "json", cwd=tmp_path)
    message = json.loads(result.stdout)["findings"][0]["message"]
    assert "All failures fell within 22 min (10:02-10:24 UTC) of the 62 min the logs cover." in message


def test_log_group_names_the_function_of_an_export_that_does_not(tmp_path: Path) -> None:
    unnamed = json.loads(run_cli("analyze", HIGH, "--format", "json", cwd=tmp_path).stdout)["findings"][0]
    assert (unnamed["function"], unnamed["export"]) == (None, HIGH)
    result = run_cli(
        "analyze", HIGH, "--format", "json", "--log-group", "/aws/lambda/orders-api", cwd=tmp_path
    )
    finding = json.loads(result.stdout)["findings"][0]
    assert (finding["function"], finding["log_group"], finding["export"]) == (
        "orders-api",
        "/aws/lambda/orders-api",
        None,
    )
    commands = " ".join(r["markdown"] for r in finding["remediation"])
    assert "--function-name orders-api" in commands
    (tmp_path / ".connfail.yml").write_text("log-group: /aws/lambda/orders-api\n")
    from_config = json.loads(run_cli("analyze", HIGH, "--format", "json", cwd=tmp_path).stdout)
    assert from_config["findings"][0]["function"] == "orders-api"
