"""`--format text`: the terminal report.

Golden files live in tests/data/render/; refresh them after an intended change with
`CONNFAIL_UPDATE_GOLDEN=1 python -m pytest tests/render` and review the diff.
"""

from __future__ import annotations

import pytest

from checker.render.text import WIDTH, clean, render_text
from tests.render import sample_reports


@pytest.mark.parametrize("name", sorted(sample_reports.ALL))
def test_every_line_fits_80_columns(name: str) -> None:
    long = [line for line in render_text(sample_reports.ALL[name]()).splitlines() if len(line) > WIDTH]
    assert long == []


def test_high_finding_names_what_the_issue_promises() -> None:
    out = render_text(sample_reports.vpc_postgres())
    assert "[HIGH] orders-api: 28 of 150 invocations could not connect" in out
    assert (
        "  Primary error   connect ETIMEDOUT 10.0.3.47:5432\n"
        "                  ETIMEDOUT, PostgreSQL, 28 invocations" in out
    )
    assert "  Time burned     3,561.2 s run (3,567.8 s billed), 1,783.906 GB-s, $0.0297" in out
    assert "  Connect timeout 28 failing invocations lasted about 127.3 s with one logged" in out
    assert "A 3 s connect timeout would have saved about 3,484 billed seconds ($0.0290)." in " ".join(
        out.split()
    )
    steps = [line for line in out.splitlines() if line[:5].strip().rstrip(".").isdigit()]
    assert steps == [
        "  1. Allow TCP 5432 in the security groups on both ends",
        "  2. Check the network ACLs of both subnets, including ephemeral ports",
        "  3. Find where the packets stop in VPC Flow Logs",
        "  4. Set a 3 s connect timeout in the client",
    ]
    assert (
        "     $ aws lambda get-function-configuration --function-name orders-api \\\n       --query VpcConfig"
        in out
    )
    assert "       const pool = new Pool({ connectionTimeoutMillis: 3000 });" in out


def test_sources_list_failing_environments_first_with_their_local_address() -> None:
    out = render_text(sample_reports.vpc_postgres())
    assert (
        "      11/23 failing  2026/11/20/[$LATEST]ec7ac8ad1b2ba06b6ae12c972399d29d\n"
        "                     local 10.0.1.23\n"
    ) in out
    assert "  4 other environments had no failures\n" in out
    located = render_text(sample_reports.python_dynamodb())
    assert "subnet-0a1b2c3d in us-east-1b" in located


def test_destinations_show_the_top_five() -> None:
    out = render_text(sample_reports.python_dynamodb())
    assert "Destinations (top 5 of 6)" in out
    assert "api.stripe.com" not in out.split("Destinations")[1].split("Execution")[0]


def test_colour_only_when_asked() -> None:
    report = sample_reports.vpc_postgres()
    assert "\x1b" not in render_text(report)
    coloured = render_text(report, color=True)
    assert "\x1b[1;97;41m HIGH \x1b[0m \x1b[1morders-api\x1b[0m" in coloured
    assert coloured.count("\x1b[") % 2 == 0  # every style is reset


def test_log_text_cannot_drive_the_terminal_or_leak_secrets() -> None:
    out = render_text(sample_reports.hostile())
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b]0;pwned\\x07" in out
    assert "hunter2" not in out and "postgres://admin:***@db.internal:5432/app" in out
    assert clean("a\tb\x1b[2Jc\x9bd") == "a b\\x1b[2Jc\\x9bd"
    assert clean("x\u202ey") == "x\\u202ey"


def test_no_finding_says_so() -> None:
    assert render_text(sample_reports.healthy()) == (
        "examples/healthy-function.json: filter-log-events, 194 events, 2 skipped (2\n"
        "    duplicate event)\n"
        "  notifications-worker: 60 invocations, 0 failing\n"
        "Total: 194 events, 60 invocations, 0 failing. Severity: NONE\n"
        "\n"
        "No connection failures found.\n"
    )
