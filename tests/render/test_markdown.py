"""`--format markdown`: the PR comment body, as GitHub would show it.

Golden files live in tests/data/render/; refresh them after an intended change with
`CONNFAIL_UPDATE_GOLDEN=1 python -m pytest tests/render` and review the diff.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from checker.render.markdown import render_markdown
from checker.vocab import Severity
from tests.render import sample_reports
from tests.render.github_html import ALLOWED_TAGS, ENGINES, MENTION, REFERENCE, read


@pytest.mark.parametrize("engine", ENGINES)
def test_high_finding_reads_right_on_github(engine: str) -> None:
    page = read(render_markdown(sample_reports.vpc_postgres()), engine)
    overview, summary, destinations, sources, _inputs, _functions = page.tables
    assert overview == [
        ["Severity", "Function", "Failing", "Error", "Destination", "Cause", "Burned"],
        ["🔴\xa0HIGH", "orders-api", "28/150", "ETIMEDOUT", "10.0.3.47:5432 (PostgreSQL)", "", "59 min"],
    ]
    assert summary[:3] == [
        ["Failing invocations", "28 of 150"],
        ["Primary error", "connect ETIMEDOUT 10.0.3.47:5432 — ETIMEDOUT, 28 invocations"],
        ["Destination", "10.0.3.47:5432 (PostgreSQL)"],
    ]
    assert destinations == [
        ["Failing", "Error", "Code", "Destination", "Service"],
        ["28", "ETIMEDOUT", "ETIMEDOUT", "10.0.3.47:5432", "PostgreSQL"],
    ]
    assert sources[1] == ["2026/11/20/[$LATEST]ec7ac8ad1b2ba06b6ae12c972399d29d", "11 of 23", "10.0.1.23"]
    assert len(sources) == 4  # header + the 3 failing environments; the 4 clean ones are counted
    assert "4 other environments had no failures." in "".join(page.prose)
    assert page.tags.count("input") == 4  # one checkbox per remediation entry
    prose = "".join(page.prose)
    assert "What to check first" in prose and "3 more steps to check, in order" in prose
    assert "Allow TCP 5432 in the security groups on both ends" in prose
    # the severity once in the headline, once in the function's row, once in its summary
    assert prose.count("HIGH") == 2 and page.tags.count("details") == 4
    evidence = page.code_blocks[0]
    assert evidence.splitlines()[1].endswith("connect ETIMEDOUT 10.0.3.47:5432 - Local (10.0.1.23:45174)")
    assert (
        "aws lambda get-function-configuration --function-name orders-api --query VpcConfig\n"
        in page.code_blocks
    )


def test_headline_of_a_healthy_run_says_so() -> None:
    markdown = render_markdown(sample_reports.healthy())
    assert markdown.startswith(
        "### ✅ **NONE** connfail: no connection failures\n\n"
        "60 invocations of 1 function in 1 export (194 events): none failed to connect."
    )
    assert "- [ ]" not in markdown


def test_severity_badges_use_no_external_images() -> None:
    for make in sample_reports.ALL.values():
        page = read(render_markdown(make()))
        assert "img" not in page.tags and "a" not in page.tags
    assert render_markdown(sample_reports.single_dns()).startswith("### 🟠 **ELEVATED** connfail:")


@pytest.mark.parametrize("engine", ENGINES)
def test_hostile_log_text_is_shown_not_run(engine: str) -> None:
    markdown = render_markdown(sample_reports.hostile())
    page = read(markdown, engine)
    assert set(page.tags) <= ALLOWED_TAGS, set(page.tags) - ALLOWED_TAGS
    assert "script" not in page.tags and "img" not in page.tags and "a" not in page.tags
    # the log's </details> and <details> did not open or close anything: ours are 3 (the
    # function, its evidence, inputs); its one remediation step folds nothing
    assert page.tags.count("details") == 3 and page.end_tags.count("details") == 3
    assert page.tables[0][1][1] == "evil-`fn`|<b>@\u200doctocat"  # one cell, shown as text
    prose = "".join(page.prose)
    assert not MENTION.search(prose) and not REFERENCE.search(prose)
    # every evidence line is inside the one code block, the ``` and ```` in them did not close it
    evidence = page.code_blocks[0].splitlines()
    assert (
        evidence[3] == "ERROR | col | <img src=x onerror=alert(1)> </details> ```` Authorization: Bearer ***"
    )
    assert evidence[5].startswith("ERROR key AKIA**************** password=*** @here #123 [link]")
    assert len(evidence) == 7 + 7
    # a `|` in log text did not add cells
    destinations = page.tables[2]
    assert destinations[2] == ["2", "ECONNREFUSED", "ECONNREFUSED", "db|evil`<b>:5432", "PostgreSQL"]
    assert all(len(row) == 5 for row in destinations)
    assert page.tables[3][1] == ["2026/11/20/[$LATEST]<script>|@octocat", "7 of 9", "10.0.1.9"]
    assert page.tables[4][1] == [
        "exports/<evil>|`x`.json",
        "filter-log-events",
        "40",
        "1 (1 bad <b>json</b>)",
    ]


def test_secrets_never_reach_the_comment() -> None:
    markdown = render_markdown(sample_reports.hostile())
    for secret in ("hunter2", "AKIAIOSFODNN7EXAMPLE", "eyJhbGciOiJIUzI1NiJ9"):
        assert secret not in markdown
    assert "postgres://admin:***@db.internal:5432/app" in markdown
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", markdown)


def test_functions_are_ranked_by_severity_before_failures() -> None:
    report = sample_reports.python_dynamodb()
    more, fewer = report.findings  # 18 and 3 failing invocations
    flipped = (replace(more, severity=Severity.ELEVATED), replace(fewer, severity=Severity.HIGH))
    ranked = replace(report, findings=flipped)  # in the order the report holds them
    rows = [
        line.split(" | ")[:3]
        for line in render_markdown(ranked).splitlines()
        if line.startswith("| 🔴") or line.startswith("| 🟠")
    ]
    assert rows == [
        ["| 🔴&nbsp;HIGH", "**invoice\\-renderer**", "3/12"],
        ["| 🟠&nbsp;ELEVATED", "**inventory\\-sync**", "18/40"],
    ]
    same = (replace(fewer, severity=Severity.HIGH), more)  # both HIGH: the most failures first
    names = [
        line.split(" | ")[1]
        for line in render_markdown(replace(report, findings=same)).splitlines()
        if line.startswith("| 🔴")
    ]
    assert names == ["**inventory\\-sync**", "**invoice\\-renderer**"]
