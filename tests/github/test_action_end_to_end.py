"""`connfail action` as a subprocess, under the runner's environment, against a local GitHub."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest

from checker.cli import main
from checker.github.runner_files import read_outputs
from tests.github.fake_github import FakeGitHub, Fault
from tests.ingest.hostile import zip_bytes as _zip

ROOT = Path(__file__).resolve().parents[2]
HIGH_EXPORT = "examples/vpc-node-postgres.json"  # 28 failing invocations
CLEAN_EXPORT = "examples/healthy-function.json"
LINT = "tests/data/github/lint/*.py"  # 60 calls without a connect timeout
HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e"
MERGE = "e3a1f07b2c09b0c3a9b51d0b8c4c4d5f6a7b8c9d"
TOKEN = "ghs_e2eSecretToken0123456789abcdefABCD"
RUN_ID = 5550001


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str


def pr_event(number: int = 7, *, fork: bool = False) -> dict[str, object]:
    head_repo = "someone/r" if fork else "o/r"
    return {
        "action": "synchronize",
        "number": number,
        "repository": {"full_name": "o/r"},
        "pull_request": {
            "number": number,
            "head": {"sha": HEAD, "repo": {"full_name": head_repo}},
            "base": {"sha": "1" * 40, "ref": "main", "repo": {"full_name": "o/r"}},
        },
    }


def workflow_run_event(run_id: int, pull_requests: list[dict[str, object]]) -> dict[str, object]:
    return {
        "action": "completed",
        "repository": {"full_name": "o/r"},
        "workflow_run": {
            "id": run_id,
            "head_sha": HEAD,
            "event": "pull_request",
            "conclusion": "success",
            "pull_requests": pull_requests,
        },
    }


def run_action(
    fake: FakeGitHub, tmp: Path, event_name: str, event: dict[str, object], *, sha: str = MERGE, **inputs: str
) -> Result:
    """Run the entry point with the variables a runner sets, and nothing from this test's env;
    `sha` is GITHUB_SHA (a push's commit)."""
    env, output, summary = _runner_env(fake, tmp, event_name, event, inputs)
    env["GITHUB_SHA"] = sha
    proc = subprocess.run(
        [sys.executable, "-m", "checker", "action"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return Result(
        proc.returncode,
        proc.stdout,
        proc.stderr,
        read_outputs(output.read_text(encoding="utf-8")),
        summary.read_text(encoding="utf-8"),
    )


def run_action_here(
    capsys: pytest.CaptureFixture[str],
    fake: FakeGitHub,
    tmp: Path,
    event_name: str,
    event: dict[str, object],
    **inputs: str,
) -> Result:
    """`run_action` in this process (`connfail action` through cli.main): a second faster, and
    a test can shorten client.REQUEST_TIMEOUT or client.MAX_TOTAL_WAIT."""
    env, output, summary = _runner_env(fake, tmp, event_name, event, inputs)
    capsys.readouterr()
    with mock.patch.dict(os.environ, env, clear=True):
        code = main(["action"])
    captured = capsys.readouterr()
    return Result(
        code,
        captured.out,
        captured.err,
        read_outputs(output.read_text(encoding="utf-8")),
        summary.read_text(encoding="utf-8"),
    )


def _runner_env(
    fake: FakeGitHub, tmp: Path, event_name: str, event: dict[str, object], inputs: dict[str, str]
) -> tuple[dict[str, str], Path, Path]:
    tmp.mkdir(parents=True, exist_ok=True)
    event_path = tmp / "event.json"
    event_path.write_text(json.dumps(event), encoding="utf-8")
    output, summary, temp = tmp / "output", tmp / "summary.md", tmp / "runner-temp"
    for path in (output, summary):
        path.write_text("", encoding="utf-8")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp),
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_REPOSITORY": "o/r",
        "GITHUB_RUN_ID": str(RUN_ID),
        "GITHUB_API_URL": fake.api_url,
        "GITHUB_SERVER_URL": fake.base,
        "GITHUB_SHA": MERGE,
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_WORKSPACE": str(ROOT),
        "GITHUB_ACTOR": "octocat",
        "RUNNER_TEMP": str(temp),
        "INPUT_GITHUB-TOKEN": TOKEN,
        "INPUT_COMMENT": "auto",
        "INPUT_CHECK-NAME": "connfail",
        "INPUT_CONFIG": "tests/data/github/connfail.yml",  # lints the fixtures under tests/
    }
    env.update({f"INPUT_{name.replace('_', '-').upper()}": value for name, value in inputs.items()})
    return env, output, summary


def _assert_no_token(fake: FakeGitHub, *results: Result) -> None:
    for result in results:
        assert TOKEN not in result.stdout + result.stderr + result.summary
    for comments in fake.state.comments.values():
        assert all(TOKEN not in c["body"] for c in comments)


def test_first_run_comments_and_the_second_edits_the_same_comment(fake: FakeGitHub, tmp_path: Path) -> None:
    for i in range(3):  # other people's comments, so the lookup has to page (2 per page)
        fake.add_comment(7, f"review note {i}")

    first = run_action(fake, tmp_path / "1", "pull_request", pr_event(), exports=HIGH_EXPORT, lint=LINT)

    assert first.code == 1, first.stdout + first.stderr
    [run] = fake.state.check_runs
    assert (run["name"], run["head_sha"], run["status"], run["conclusion"]) == (
        "connfail",
        HEAD,
        "completed",
        "failure",
    )
    assert len(run["annotations"]) == 60
    assert run["annotations"][0] == {
        "path": "tests/data/github/lint/client_calls.py",
        "start_line": 8,
        "end_line": 8,
        "annotation_level": "failure",
        "title": "CF101 (requests)",
        "start_column": 9,
        "end_column": 9,
        "message": "requests.get(): no connect timeout, and requests sets none by default, so a "
        "dropped connect lasts until the kernel gives up (about 130 s) or the function "
        "times out; set timeout=(3.05, None)",
    }
    assert run["output"]["title"].startswith("HIGH: 28 of ")
    comments = fake.state.comments[7]
    assert len(comments) == 4
    body = comments[-1]["body"]
    assert body.startswith("<!-- connfail:connfail -->\n")
    assert f"[check run]({run['html_url']})" in body
    assert f"everything else: [job summary]({fake.base}/o/r/actions/runs/{RUN_ID})" in body
    assert first.outputs["severity"] == "HIGH"
    assert first.outputs["failed-invocations"] == "28"
    assert first.outputs["comment-url"] == comments[-1]["html_url"]
    assert first.outputs["check-run-url"] == run["html_url"]
    report = json.loads(Path(first.outputs["report"]).read_text(encoding="utf-8"))
    assert report["summary"]["failed_invocations"] == 28
    assert report["summary"]["severity"] == "HIGH"
    assert f"[check run]({run['html_url']})" in first.summary
    assert f"[PR comment]({comments[-1]['html_url']})" in first.summary
    assert fake.writes() == [
        ("POST", "/api/v3/repos/o/r/check-runs"),
        ("PATCH", f"/api/v3/repos/o/r/check-runs/{run['id']}"),
        ("POST", "/api/v3/repos/o/r/issues/7/comments"),
    ]
    comment_gets = [
        r.path for r in fake.state.requests if r.method == "GET" and "/issues/7/comments" in r.path
    ]
    # All pages to find an earlier comment; after creating, what changed in the last minute
    # (here: all of them), where a concurrent run's comment would be.
    assert [re.sub(r"since=[^&]+", "since=T", g) for g in comment_gets] == [
        "/api/v3/repos/o/r/issues/7/comments?per_page=100",
        "/api/v3/repos/o/r/issues/7/comments?page=2&per_page=100",
        "/api/v3/repos/o/r/issues/7/comments?per_page=100&since=T",
        "/api/v3/repos/o/r/issues/7/comments?page=2&per_page=100&since=T",
    ]
    assert all(r.headers.get("Authorization") == f"token {TOKEN}" for r in fake.state.requests)

    second = run_action(fake, tmp_path / "2", "pull_request", pr_event(), exports=HIGH_EXPORT, lint=LINT)

    assert second.code == 1
    assert len(fake.state.comments[7]) == 4  # edited, not duplicated
    comment_id = comments[-1]["id"]
    assert fake.writes()[3:] == [
        ("POST", "/api/v3/repos/o/r/check-runs"),
        ("PATCH", f"/api/v3/repos/o/r/check-runs/{fake.state.check_runs[1]['id']}"),
        ("PATCH", f"/api/v3/repos/o/r/issues/comments/{comment_id}"),
    ]
    assert second.outputs["comment-url"] == first.outputs["comment-url"]
    _assert_no_token(fake, first, second)


def test_a_fixed_pr_gets_its_comment_updated_and_a_green_check(fake: FakeGitHub, tmp_path: Path) -> None:
    run_action(fake, tmp_path / "1", "pull_request", pr_event(), exports=HIGH_EXPORT)
    fixed = run_action(fake, tmp_path / "2", "pull_request", pr_event(), exports=CLEAN_EXPORT)

    assert fixed.code == 0, fixed.stdout + fixed.stderr
    [comment] = fake.state.comments[7]
    assert "The HIGH connection-failure finding this comment showed earlier is gone" in comment["body"]
    assert fake.state.check_runs[-1]["conclusion"] == "success"
    assert fixed.outputs["severity"] == "NONE"
    assert fixed.outputs["failed-invocations"] == "0"


def test_clean_pr_without_earlier_comment_gets_no_comment(fake: FakeGitHub, tmp_path: Path) -> None:
    result = run_action(fake, tmp_path, "pull_request", pr_event(), exports=CLEAN_EXPORT)
    assert result.code == 0
    assert fake.state.comments == {}
    assert result.outputs["comment-url"] == ""
    assert [c["conclusion"] for c in fake.state.check_runs] == ["success"]


def test_workflow_run_downloads_the_artifact_without_the_token(fake: FakeGitHub, tmp_path: Path) -> None:
    triggering = 777
    fake.add_artifact(triggering, "coverage", _zip({"index.html": b"<html></html>"}))
    fake.add_artifact(triggering, "other", _zip({"a.txt": b"a"}))
    fake.add_artifact(
        triggering,
        "lambda-logs",
        _zip({"vpc-node-postgres.json": (ROOT / HIGH_EXPORT).read_bytes(), "pr-number.txt": b"7\n"}),
    )
    fake.state.pulls[7] = HEAD

    result = run_action(
        fake, tmp_path, "workflow_run", workflow_run_event(triggering, []), artifact="lambda-logs"
    )

    assert result.code == 1, result.stdout + result.stderr
    [blob] = fake.state.blob_requests
    assert "Authorization" not in blob.headers
    assert blob.path.startswith("/blob/")
    assert [c["body"].splitlines()[0] for c in fake.state.comments[7]] == ["<!-- connfail:connfail -->"]
    assert fake.state.check_runs[0]["head_sha"] == HEAD
    assert result.outputs["failed-invocations"] == "28"
    listed = [r.path for r in fake.state.requests if "/runs/777/artifacts" in r.path]
    assert listed == [
        "/api/v3/repos/o/r/actions/runs/777/artifacts?per_page=100",
        "/api/v3/repos/o/r/actions/runs/777/artifacts?page=2&per_page=100",
    ]
    _assert_no_token(fake, result)


def test_workflow_run_refuses_a_pr_number_whose_head_is_another_commit(
    fake: FakeGitHub, tmp_path: Path
) -> None:
    fake.add_artifact(
        888,
        "lambda-logs",
        _zip({"vpc-node-postgres.json": (ROOT / HIGH_EXPORT).read_bytes(), "pr-number.txt": b"9"}),
    )
    fake.state.pulls[9] = "f" * 40

    result = run_action(fake, tmp_path, "workflow_run", workflow_run_event(888, []), artifact="lambda-logs")

    assert result.code == 1
    assert fake.state.comments == {}
    assert "the artifact names PR #9, whose head is fffffff, not the tested commit 6dcb09b" in (result.stdout)


def test_expired_artifact_is_a_configuration_error(fake: FakeGitHub, tmp_path: Path) -> None:
    fake.add_artifact(RUN_ID, "lambda-logs", b"", expired=True)
    result = run_action(fake, tmp_path, "push", {"after": MERGE}, artifact="lambda-logs")
    assert result.code == 2
    assert result.stdout.startswith(
        "::error title=connfail::artifact lambda-logs: expired: GitHub deleted it after its "
        "retention period (HTTP 410)"
    )


def test_read_only_token_still_reports_and_fails_on_high(fake: FakeGitHub, tmp_path: Path) -> None:
    fake.state.read_only = True

    result = run_action(fake, tmp_path, "pull_request", pr_event(fork=True), exports=HIGH_EXPORT, lint=LINT)

    assert result.code == 1
    assert fake.state.comments == {} and fake.state.check_runs == []
    lines = result.stdout.splitlines()
    errors = [line for line in lines if line.startswith("::error")]
    warnings = [line for line in lines if line.startswith("::warning")]
    assert errors[0].startswith(
        "::error title=connfail HIGH%3A unnamed function in "
        "vpc-node-postgres.json::28 invocations failed with connection errors"
    )
    assert len(errors) <= 10 and len(warnings) == 10
    assert any("Pull requests from forks get a read-only token" in w for w in warnings)
    assert any("workflow_run" in w for w in warnings)
    assert "::warning file=tests/data/github/lint/client_calls.py,line=8,col=9,title=CF101::" in (
        result.stdout
    )
    assert result.outputs["severity"] == "HIGH"
    assert result.outputs["comment-url"] == "" and result.outputs["check-run-url"] == ""
    assert "Pull requests from forks get a read-only token" in result.summary
    _assert_no_token(fake, result)


def test_missing_permissions_are_named(fake: FakeGitHub, tmp_path: Path) -> None:
    fake.state.read_only = True
    result = run_action(fake, tmp_path, "pull_request", pr_event(), exports=HIGH_EXPORT)
    assert "add `checks: write`, `pull-requests: write` to the job's `permissions:`" in (result.summary)


def test_a_502_on_create_is_looked_up_then_created(fake: FakeGitHub, tmp_path: Path) -> None:
    fake.fail(Fault("POST", r"/api/v3/repos/o/r/check-runs", status=502))
    result = run_action(fake, tmp_path, "push", {"after": MERGE}, exports=HIGH_EXPORT)
    assert result.code == 1
    assert [c["head_sha"] for c in fake.state.check_runs] == [MERGE]
    assert fake.calls() == [
        ("POST", "/api/v3/repos/o/r/check-runs"),
        ("GET", f"/api/v3/repos/o/r/commits/{MERGE}/check-runs"),
        ("POST", "/api/v3/repos/o/r/check-runs"),
    ]
    assert fake.state.comments == {}


def test_bad_inputs_exit_2_saying_what_to_fix(fake: FakeGitHub, tmp_path: Path) -> None:
    bad = run_action(fake, tmp_path / "1", "push", {}, exports=HIGH_EXPORT, fail_on="critical")
    assert bad.code == 2
    assert bad.stdout == (
        "::error title=connfail::input fail-on: 'critical' is not one of high, elevated, never\n"
    )
    none = run_action(fake, tmp_path / "2", "push", {}, exports="nothing/*.json")
    assert none.code == 2
    assert "::error title=connfail::inputs: no exports found" in none.stdout
    assert none.summary.startswith("> [!CAUTION]\n> connfail could not run: inputs: no exports")
    assert fake.state.requests == []


def test_fail_on_never_keeps_the_build_green(fake: FakeGitHub, tmp_path: Path) -> None:
    result = run_action(fake, tmp_path, "pull_request", pr_event(), exports=HIGH_EXPORT, fail_on="never")
    assert result.code == 0
    assert fake.state.check_runs[0]["conclusion"] == "neutral"
    assert result.stdout.startswith(
        "::warning title=connfail HIGH%3A unnamed function in vpc-node-postgres.json::28 invocations failed"
    )


def test_lint_globs_matching_nothing_warn_and_skip(fake: FakeGitHub, tmp_path: Path) -> None:
    result = run_action(fake, tmp_path, "push", {}, exports=CLEAN_EXPORT, lint="src/**/*.js")
    assert result.code == 0
    assert result.stdout.startswith(
        "::warning title=connfail::lint: no file matches src/**/*.js; nothing linted\n"
    )
    assert fake.state.check_runs[0]["conclusion"] == "success"


def test_lint_findings_alone_comment_with_a_neutral_check(fake: FakeGitHub, tmp_path: Path) -> None:
    result = run_action(fake, tmp_path, "pull_request", pr_event(), exports=CLEAN_EXPORT, lint=LINT)
    assert result.code == 0
    [run] = fake.state.check_runs
    assert (run["conclusion"], len(run["annotations"])) == ("neutral", 60)
    [comment] = fake.state.comments[7]
    assert "| `tests/data/github/lint/client_calls.py:8` | CF101 | requests |" in comment["body"]
    assert (
        "40 more not listed here; the check run's annotations and `connfail lint` show them all."
        in (comment["body"])
    )


def test_log_group_input_names_the_function_of_an_unnamed_export(fake: FakeGitHub, tmp_path: Path) -> None:
    # filter-log-events output carries log streams but no log group
    result = run_action(
        fake, tmp_path, "pull_request", pr_event(), exports=HIGH_EXPORT, log_group="/aws/lambda/orders-api"
    )
    assert result.code == 1
    summary = fake.state.check_runs[0]["output"]["summary"]
    assert "- **orders\\-api** (HIGH): 28 invocations failed with connection errors" in summary
    report = json.loads(Path(result.outputs["report"]).read_text())
    assert [(f["function"], f["log_group"], f["failed_invocations"]) for f in report["findings"]] == [
        ("orders-api", "/aws/lambda/orders-api", 28)
    ]
