"""What changed in this PR, and which line to fix: two runs (base commit, then PR) of
`connfail action` against the local fake GitHub, the digest between them, culprit annotations,
and the number of requests a run makes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from checker.digest import decode
from tests.github.fake_github import FakeGitHub, Fault
from tests.github.test_action_end_to_end import HEAD, ROOT, pr_event, run_action

BASE, PARENT, GRANDPARENT, OLDEST = "1" * 40, "2" * 40, "3" * 40, "4" * 40
CULPRIT_LINT = "tests/data/github/culprit/**/*.js"
LINT_60 = "tests/data/github/lint/*.py"  # 60 requests calls: two annotation batches
MAX_REQUESTS = 10


def _export(tmp: Path, name: str, example: str) -> str:
    """`example` copied under `name`: an unnamed function is named by its file (`name`)."""
    tmp.mkdir(parents=True, exist_ok=True)
    return str(shutil.copy(ROOT / "examples" / example, tmp / name))


def test_the_pr_run_shows_new_still_failing_and_fixed_against_the_base_commit(
    fake: FakeGitHub, tmp_path: Path
) -> None:
    fake.state.page_size = 100  # GitHub's, as connfail asks for
    fake.add_commits([BASE, PARENT])
    base_exports = ",".join(
        [
            "examples/python-dynamodb-insights.json",  # inventory-sync: 5
            _export(tmp_path / "base", "partner.json", "vpc-node-postgres.json"),
            "examples/insights-console-export.json",
        ]
    )  # search-indexer: 4
    pushed = run_action(fake, tmp_path / "push", "push", {"after": BASE}, sha=BASE, exports=base_exports)
    assert pushed.code == 1
    [base_run] = fake.state.check_runs
    assert base_run["head_sha"] == BASE and fake.state.comments == {}
    digest = decode(base_run["output"]["summary"])
    assert digest is not None
    assert [(f["function"], f["failed_invocations"]) for f in digest["functions"]] == [
        ("unnamed function in partner.json", 28),
        ("inventory-sync", 5),
        ("search-indexer", 4),
    ]
    report = json.loads(Path(pushed.outputs["report"]).read_text(encoding="utf-8"))
    assert report["digest"] == digest  # the same object in the JSON report

    fake.state.requests.clear()
    pr_exports = ",".join(
        [
            "examples/python-dynamodb-insights.json",  # still failing
            "examples/subscription-decoded.json",  # ledger-writer: new
            _export(tmp_path / "pr", "partner.json", "healthy-function.json"),
        ]
    )
    result = run_action(fake, tmp_path / "pr-run", "pull_request", pr_event(), exports=pr_exports)

    body = fake.state.comments[7][-1]["body"]
    headline = body.splitlines()[2]
    assert headline == (
        "### 🟠 **ELEVATED** connfail: connection failures in 2 of 3 functions · "
        "1 new, 1 still failing, 1 fixed"
    )
    assert "Compared with `main` at `1111111`." in body
    table = body[body.index("| Severity | Function") :].split("\n\n")[0].splitlines()
    rows = table[2:]
    assert [(row.split(" | ")[1], row.split(" | ")[-1]) for row in rows] == [
        ("**inventory\\-sync**", "still failing |"),
        ("**ledger\\-writer**", "🆕 new |"),
        ("**unnamed function in partner.json**", "✅ fixed (was 28) |"),
    ]
    assert "search-indexer" not in body  # not in this run's exports: neither fixed nor failing
    assert result.summary.count("1 new, 1 still failing, 1 fixed") == 1  # the job summary too
    pr_run = fake.state.check_runs[-1]
    assert pr_run["output"]["summary"].splitlines()[1] == (
        "**ELEVATED (highest of 2 functions): 6 of 103 invocations failed to connect in all** · "
        "1 new, 1 still failing, 1 fixed"
    )
    assert fake.calls() == [
        ("GET", f"/api/v3/repos/o/r/commits/{BASE}/check-runs"),  # the base commit's result
        ("POST", "/api/v3/repos/o/r/check-runs"),
        ("GET", "/api/v3/repos/o/r/issues/7/comments"),
        ("POST", "/api/v3/repos/o/r/issues/7/comments"),
        ("GET", "/api/v3/repos/o/r/issues/7/comments"),
    ]  # the race check after creating


def test_without_a_base_result_the_comment_says_why_and_how_to_fix_it_within_ten_requests(
    fake: FakeGitHub, tmp_path: Path
) -> None:
    """The worst case: the base and its ancestors have no result, the lint annotations take
    two requests, the comment is created: still at most 10 requests."""
    fake.state.page_size = 100
    fake.add_commits([BASE, PARENT, GRANDPARENT, OLDEST])
    result = run_action(
        fake,
        tmp_path,
        "pull_request",
        pr_event(),
        exports="examples/vpc-node-postgres.json",
        lint=f"{CULPRIT_LINT},{LINT_60}",
        log_group="/aws/lambda/orders-api",
    )

    assert result.code == 1
    body = fake.state.comments[7][-1]["body"]
    assert (
        "> [!NOTE]\n> No comparison with the base branch: no \\`connfail\\` check run on "
        "\\`main\\` at \\`1111111\\` or its 2 nearest ancestors; run this workflow on "
        "\\`push\\` to \\`main\\` too, so that pull requests have a result to compare with."
    ) in body
    calls = fake.calls()
    assert calls == [
        ("GET", "/api/v3/repos/o/r/pulls/7/files"),
        ("GET", f"/api/v3/repos/o/r/commits/{BASE}/check-runs"),
        ("GET", "/api/v3/repos/o/r/commits"),
        ("GET", f"/api/v3/repos/o/r/commits/{PARENT}/check-runs"),
        ("GET", f"/api/v3/repos/o/r/commits/{GRANDPARENT}/check-runs"),
        ("POST", "/api/v3/repos/o/r/check-runs"),
        ("PATCH", f"/api/v3/repos/o/r/check-runs/{fake.state.check_runs[0]['id']}"),
        ("GET", "/api/v3/repos/o/r/issues/7/comments"),
        ("POST", "/api/v3/repos/o/r/issues/7/comments"),
        ("GET", "/api/v3/repos/o/r/issues/7/comments"),
    ]
    assert len(calls) <= MAX_REQUESTS
    assert OLDEST not in "".join(r.path for r in fake.state.requests)  # the walk is bounded


def test_a_hostile_base_summary_is_ignored_with_a_note(fake: FakeGitHub, tmp_path: Path) -> None:
    fake.add_commits([BASE, PARENT])
    fake.state.check_runs.append(
        {
            "id": 1,
            "name": "connfail",
            "head_sha": BASE,
            "status": "completed",
            "url": f"{fake.api_url}/repos/o/r/check-runs/1",
            "html_url": f"{fake.base}/o/r/runs/1",
            "output": {"title": "x", "summary": "<!-- connfail-digest:v1 W1sxXV0= -->"},
            "annotations": [],
        }
    )

    run_action(
        fake,
        tmp_path,
        "pull_request",
        pr_event(),
        exports="examples/vpc-node-postgres.json",
        report_artifact="connfail-report",
    )

    body = fake.state.comments[7][-1]["body"]
    assert (
        f"everything else: [job summary]({fake.base}/o/r/actions/runs/5550001) · "
        f"[JSON report]({fake.base}/o/r/actions/runs/5550001#artifacts) (artifact "
        "`connfail-report`)"
    ) in body
    assert (
        "No comparison with the base branch: the \\`1111111\\` check run\\'s digest cannot be "
        "read: the digest does not fit its schema"
    ) in body.replace("'", "\\'")
    assert "vs base" not in body


def test_the_culprit_is_named_in_the_row_the_details_and_first_among_the_annotations(
    fake: FakeGitHub, tmp_path: Path
) -> None:
    # The PR changed line 30 of client_calls.py (a requests call: not this culprit) and
    # src/db.js around the Pool.
    fake.add_pull_file(
        7,
        "tests/data/github/lint/client_calls.py",
        "@@ -28,3 +28,4 @@ def fetch_all(base: str) -> list[int]:\n"
        '         requests.get(f"{base}/orders/20").status_code,\n'
        '         requests.get(f"{base}/orders/21").status_code,\n'
        '+        requests.get(f"{base}/orders/22").status_code,\n'
        '         requests.get(f"{base}/orders/23").status_code,',
    )
    fake.add_pull_file(
        7,
        "tests/data/github/culprit/src/db.js",
        "@@ -11,3 +11,3 @@ const config = {\n };\n-const pool = new Pool();\n"
        "+const pool = new Pool(config);\n \n",
    )

    result = run_action(
        fake,
        tmp_path,
        "pull_request",
        pr_event(),
        exports="examples/vpc-node-postgres.json",
        lint=f"{CULPRIT_LINT},{LINT_60}",
        log_group="/aws/lambda/orders-api",
    )

    assert result.code == 1
    [run] = fake.state.check_runs
    first, second, third = run["annotations"][:3]
    assert first == {
        "path": "tests/data/github/culprit/src/db.js",
        "start_line": 12,
        "end_line": 12,
        "annotation_level": "failure",
        "start_column": 14,
        "end_column": 14,
        "title": "connfail: likely culprit of orders-api's ETIMEDOUT to 10.0.3.47:5432 (PostgreSQL)",
        "message": "new Pool(): no connect timeout, and pg has no connect timeout by default "
        "(0 = none; the kernel gives up after about 130 s); set "
        "connectionTimeoutMillis: 3000. 28 failing invocations of orders-api each "
        "waited ~127 s.",
    }
    # then lint findings on changed lines, then in changed files, then the others
    assert (second["path"], second["start_line"], second["title"]) == (
        "tests/data/github/lint/client_calls.py",
        30,
        "CF101 (requests)",
    )
    assert (third["path"], third["start_line"]) == ("tests/data/github/lint/client_calls.py", 8)
    assert run["annotations"][-1]["path"] == "tests/data/github/culprit/src/notify.js"
    assert len(run["annotations"]) == 62

    body = fake.state.comments[7][-1]["body"]
    link = f"{fake.base}/o/r/blob/{HEAD}/tests/data/github/culprit/src/db.js#L12"
    row = next(line for line in body.splitlines() if line.startswith("| 🔴"))
    assert f"| [`db.js:12`]({link}) |" in row and "**orders\\-api**" in row
    assert (
        f"🎯 **Likely culprit:** [`tests/data/github/culprit/src/db.js:12`]({link}) (changed "
        "in this PR) — new Pool\\(\\): no connect timeout"
    ) in body
    assert "these 28 invocations each waited \\~127 s" in body
    summary = run["output"]["summary"]
    assert "- **orders\\-api** (HIGH): " in summary
    assert (
        "Likely culprit: tests/data/github/culprit/src/db.js:12 — new Pool\\(\\): no connect "
        "timeout, and pg has no connect timeout by default \\(0 = none; the kernel gives up "
        "after about 130 s\\); set connectionTimeoutMillis: 3000; these 28 invocations each "
        "waited \\~127 s."
    ) in summary
    # names everywhere: the ::error title too
    assert "::error title=connfail HIGH%3A orders-api::28 invocations" in result.stdout


def test_unreadable_pr_files_lose_only_the_order(fake: FakeGitHub, tmp_path: Path) -> None:
    fake.fail(Fault("GET", r"/api/v3/repos/o/r/pulls/7/files", status=404, message="Not Found"))

    result = run_action(
        fake,
        tmp_path,
        "pull_request",
        pr_event(),
        exports="examples/vpc-node-postgres.json",
        lint=CULPRIT_LINT,
        log_group="/aws/lambda/orders-api",
    )

    assert result.code == 1
    assert (
        "connfail: note: the PR's files could not be read (GitHub answered HTTP 404: Not "
        "Found); lint findings are listed without regard to the lines it changed"
    ) in result.stdout.splitlines()
    [run] = fake.state.check_runs
    assert [(a["path"], a["annotation_level"]) for a in run["annotations"]] == [
        ("tests/data/github/culprit/src/db.js", "failure"),  # the culprit all the same
        ("tests/data/github/culprit/src/notify.js", "failure"),
    ]
    assert "could not publish" not in result.stdout
