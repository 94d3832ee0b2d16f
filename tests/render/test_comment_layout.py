"""The PR comment's one-screen layout: headline, a row per function, folded details, the delta."""

from __future__ import annotations

from dataclasses import replace

import pytest

from checker.culprit import Culprit, Site
from checker.digest import Change, Comparison, Status
from checker.render.markdown import COMMENT_FUNCTIONS, CommentContext, render_markdown
from tests.render import sample_reports
from tests.render.github_html import ENGINES, read

PG = (
    "new Pool(): no connect timeout, and pg waits forever by default (0 = no limit); "
    "set connectionTimeoutMillis: 3000"
)


def _culprit() -> Culprit:
    finding = sample_reports.vpc_postgres().findings[0]
    site = Site("src/db.js", 12, PG, "pg", "CF101", True)
    return Culprit(finding.primary, (site,), 28, 127.3)


def _many(count: int) -> sample_reports.Report:
    report = sample_reports.vpc_postgres()
    base = report.findings[0]
    findings = tuple(replace(base, function=f"fn-{i:02d}", failed_invocations=28 + i) for i in range(count))
    return replace(report, findings=findings)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_row_names_the_culprit_and_the_change_and_the_details_say_why(engine: str) -> None:
    comparison = Comparison(
        {
            "orders-api": Change("orders-api", Status.NEW, None),
            "billing": Change("billing", Status.FIXED, 12),
        },
        (),
    )
    context = CommentContext(
        comparison=comparison,
        base="`main` at `1111111`",
        culprits={"orders-api": _culprit()},
        code_url="https://github.com/o/r/blob/6dcb09b/",
    )
    markdown = render_markdown(sample_reports.vpc_postgres(), context)
    assert markdown.startswith(
        "### 🔴 **HIGH** connfail: connection failures in 1 function · "
        "1 new, 1 fixed\n\n**28** of 150 invocations could not open a "
        "connection (1 export, 779 events). Compared with `main` at "
        "`1111111`.\n"
    )
    page = read(markdown, engine)
    assert page.tables[0] == [
        ["Severity", "Function", "Failing", "Error", "Destination", "Cause", "Burned", "vs base"],
        [
            "🔴\xa0HIGH",
            "orders-api",
            "28/150",
            "ETIMEDOUT",
            "10.0.3.47:5432 (PostgreSQL)",
            "db.js:12",
            "59 min",
            "🆕 new",
        ],
        ["✅", "billing", "0", "", "", "", "", "✅ fixed (was 12)"],
    ]
    assert ("[`db.js:12`](https://github.com/o/r/blob/6dcb09b/src/db.js#L12)") in markdown
    assert (
        "🎯 **Likely culprit:** [`src/db.js:12`](https://github.com/o/r/blob/6dcb09b/src/db.js#L12)"
        " (changed in this PR) — new Pool\\(\\): no connect timeout, and pg waits forever by "
        "default \\(0 = no limit\\); set connectionTimeoutMillis: 3000; these 28 invocations "
        "each waited \\~127 s"
    ) in markdown


def test_without_a_base_result_the_comment_says_why_and_how_to_fix_it() -> None:
    note = (
        "no `connfail` check run on `main` at `1111111` or its 2 nearest ancestors; run this "
        "workflow on `push` to `main` too"
    )
    markdown = render_markdown(sample_reports.vpc_postgres(), CommentContext(base_note=note))
    assert "> [!NOTE]\n> No comparison with the base branch: no \\`connfail\\` check run on " in markdown
    assert "vs base" not in markdown


def test_thirty_functions_keep_eight_detailed_and_name_every_other_in_a_folded_table() -> None:
    report = _many(30)
    markdown = render_markdown(
        report, CommentContext(max_functions=COMMENT_FUNCTIONS, summary_url="https://x/run")
    )
    page = read(markdown)
    assert [row[1] for row in page.tables[0][1:]] == [f"fn-{i:02d}" for i in range(29, 21, -1)]
    assert [row[1] for row in page.tables[-3][1:]] == [f"fn-{i:02d}" for i in range(21, -1, -1)]
    assert "22 more failing functions: rows here, details in the job summary" in "".join(page.prose)
    # one <details> per detailed function (and its evidence and folded steps), one for the rest
    assert markdown.count("<details><summary>🔴 <b>fn-") == 8


def test_details_give_way_to_the_size_limit_but_every_row_stays() -> None:
    report = _many(8)
    full = render_markdown(report, CommentContext())
    cut = render_markdown(report, CommentContext(max_chars=len(full) // 2, summary_url="https://x/run"))
    assert len(cut) <= len(full) // 2
    kept = cut.count("<details><summary>🔴 <b>fn-")
    assert 0 < kept < 8
    assert (
        f"The details of {8 - kept} more functions did not fit in a comment: see the "
        "[job summary](https://x/run)."
    ) in cut
    assert [row[1] for row in read(cut).tables[0][1:]] == [f"fn-{i:02d}" for i in range(7, -1, -1)]


def test_an_unnamed_function_is_named_by_its_export_in_the_row_and_the_summary() -> None:
    report = sample_reports.vpc_postgres()
    report = replace(
        report,
        findings=(replace(report.findings[0], function=None, source="exports/vpc-node-postgres.json"),),
    )
    markdown = render_markdown(report)
    assert read(markdown).tables[0][1][1] == "unnamed function in vpc-node-postgres.json"
    assert "<b>unnamed function in vpc-node-postgres.json</b>" in markdown


def test_a_blocking_network_verdict_is_the_named_cause_before_the_culprit_line() -> None:
    from checker.network.evaluate import Destination, FindingNetwork
    from checker.network.path import Verdict

    report = sample_reports.vpc_postgres()
    verdict = Verdict(
        "SG_EGRESS_BLOCKS",
        {
            "group": "sg-0a1b2c3d",
            "group_name": "orders-api",
            "port": "5432",
            "target": "10.0.3.47",
            "allow": "IpRanges=[{CidrIp=10.0.3.47/32}]",
        },
    )
    network = FindingNetwork(
        "orders-api",
        ("subnet-0a1b",),
        (Destination("10.0.3.47", 5432, "ETIMEDOUT", 28, None, (), (verdict,), verdict),),
        lead="",
    )
    report = replace(report, findings=(replace(report.findings[0], network=network),))
    page = read(render_markdown(report, CommentContext(culprits={"orders-api": _culprit()})))
    assert page.tables[0][1][5] == "SG_EGRESS_BLOCKS"
    without = read(
        render_markdown(sample_reports.vpc_postgres(), CommentContext(culprits={"orders-api": _culprit()}))
    )
    assert without.tables[0][1][5] == "db.js:12"
