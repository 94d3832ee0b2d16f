"""The bundled examples through the whole pipeline, rendered: what issue 3's "Done when" asks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from checker.analyze import analyze
from checker.config import Config
from checker.render.markdown import render_markdown
from checker.render.text import WIDTH, render_text
from tests.render.github_html import ALLOWED_TAGS, read

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def test_vpc_node_postgres_text_report() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "checker", "analyze", "examples/vpc-node-postgres.json", "--format", "text"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    out = result.stdout
    assert "28 of 150 invocations could not connect" in out and "[HIGH]" in out
    assert (
        "  Primary error   connect ETIMEDOUT 10.0.3.47:5432\n                  ETIMEDOUT, PostgreSQL, 28"
        in out
    )
    assert "  Time burned     3," in out and "GB-s, $0.0" in out
    assert "  Connect timeout 28 failing invocations lasted about 127" in out
    steps = [line for line in out.splitlines() if line.startswith(("  1. ", "  2. "))]
    assert steps == [
        "  1. Allow TCP 5432 in the security groups on both ends",
        "  2. Check the network ACLs of both subnets, including ephemeral ports",
    ]
    assert max(len(line) for line in out.splitlines()) <= WIDTH


@pytest.mark.parametrize(
    "name",
    [
        "vpc-node-postgres.json",
        "python-dynamodb-insights.json",
        "single-dns-failure.log",
        "healthy-function.json",
        "get-log-events.json",
        "insights-console-export.json",
        "s3-export",
        "subscription-payload.json",
    ],
)
def test_every_example_renders_cleanly(name: str) -> None:
    report = analyze([str(EXAMPLES / name)], Config())
    # Lines fit, except one word too long for any line (a hostname), which is never cut.
    assert [
        line for line in render_text(report).splitlines() if len(line) > WIDTH and " " in line.strip()
    ] == []
    page = read(render_markdown(report))
    assert set(page.tags) <= ALLOWED_TAGS
    for table in page.tables:
        assert len({len(row) for row in table}) == 1, table  # no log text split or merged a cell
    assert page.tags.count("input") == sum(len(f.remediation) for f in report.findings)
