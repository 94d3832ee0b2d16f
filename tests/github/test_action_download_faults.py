"""Artifacts, the PR lookup and slow answers against a failing GitHub: one line, never a traceback.

`connfail action` runs as a subprocess against the local fake GitHub (the slow cases in process,
with a 1 s request timeout instead of 30 s).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.github import client
from checker.render.escape import md_text
from tests.github.fake_github import RESET, SHAPE, SLOW, TRUNCATED, FakeGitHub, Fault
from tests.github.test_action_end_to_end import (
    HEAD,
    HIGH_EXPORT,
    ROOT,
    Result,
    _zip,
    pr_event,
    run_action_here,
    workflow_run_event,
)

TRIGGERING = 777
LIST = rf"/api/v3/repos/o/r/actions/runs/{TRIGGERING}/artifacts"
# No verdict: severity ERROR, every other output set and empty.
NO_VERDICT_OUTPUTS = {
    "severity": "ERROR",
    "failed-invocations": "",
    "report": "",
    "comment-url": "",
    "check-run-url": "",
}


def _logs(fake: FakeGitHub, pr: bytes = b"7\n") -> int:
    return fake.add_artifact(
        TRIGGERING,
        "lambda-logs",
        _zip({"vpc-node-postgres.json": (ROOT / HIGH_EXPORT).read_bytes(), "pr-number.txt": pr}),
    )


def _from_artifact(capsys: pytest.CaptureFixture[str], fake: FakeGitHub, tmp: Path) -> Result:
    return run_action_here(
        capsys, fake, tmp, "workflow_run", workflow_run_event(TRIGGERING, []), artifact="lambda-logs"
    )


def _assert_one_error_line(result: Result, line: str) -> None:
    assert result.code == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines() == [f"::error title=connfail::{line}"]
    assert result.summary == f"> [!CAUTION]\n> connfail could not run: {md_text(line)}\n"
    assert result.outputs == NO_VERDICT_OUTPUTS


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        (TRUNCATED, "GitHub sent an answer that is not its API's JSON at {api}"),
        (SHAPE, "GitHub sent an answer that is not its API's JSON at {api}"),
    ],
)
def test_a_garbled_artifact_list_is_one_line(
    fake: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, reason: str
) -> None:
    _logs(fake)
    fake.fail(Fault("GET", LIST, kind=kind, times=0))
    result = _from_artifact(capsys, fake, tmp_path)
    _assert_one_error_line(result, "artifact lambda-logs: " + reason.format(api=fake.api_url))


def test_an_expired_artifact_still_writes_outputs(
    fake: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.add_artifact(TRIGGERING, "lambda-logs", b"", expired=True)
    result = _from_artifact(capsys, fake, tmp_path)
    _assert_one_error_line(
        result,
        "artifact lambda-logs: expired: GitHub deleted it after its "
        "retention period (HTTP 410); re-run the workflow that uploads it",
    )


def test_a_blob_host_that_resets_every_download_is_one_line(
    fake: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client, "RETRIES", 1)  # 3 would add 2 + 4 s of backoff
    _logs(fake)
    fake.fail(Fault("GET", r"/blob/\d+", kind=RESET, times=0))
    result = _from_artifact(capsys, fake, tmp_path)
    host = fake.blob_url.removeprefix("http://")
    _assert_one_error_line(
        result,
        f"artifact lambda-logs: download failed: GitHub closed the connection without an answer at {host}",
    )
    assert len(fake.state.blob_requests) == 2  # a GET is retried on a reset


def test_a_blob_500_is_retried_and_the_run_goes_on(
    fake: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _logs(fake)
    fake.state.pulls[7] = HEAD
    fake.fail(Fault("GET", r"/blob/\d+", status=500))
    result = _from_artifact(capsys, fake, tmp_path)
    assert result.code == 1, result.stdout + result.stderr
    assert len(fake.state.blob_requests) == 2
    assert result.outputs["failed-invocations"] == "28"
    assert len(fake.state.comments[7]) == 1


def test_a_pr_that_is_not_found_costs_the_comment_only(
    fake: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _logs(fake, pr=b"9")  # the fake knows no PR 9: GET /pulls/9 answers 404
    result = _from_artifact(capsys, fake, tmp_path)
    assert result.code == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert [line for line in result.stdout.splitlines() if "could not publish" in line] == [
        "::warning title=connfail could not publish::Could not write the PR lookup: GitHub "
        "answered HTTP 404: Not Found"
    ]
    assert fake.state.comments == {}
    assert [r["conclusion"] for r in fake.state.check_runs] == ["failure"]
    assert result.outputs["severity"] == "HIGH" and result.outputs["comment-url"] == ""
    assert "Could not write the PR lookup: GitHub answered HTTP 404: Not Found" in result.summary


def test_a_post_answered_after_the_timeout_is_found_not_posted_again(
    fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.fail(
        Fault("POST", r"/api/v3/repos/o/r/check-runs", kind=SLOW, delay=1.5, process=True),
        Fault("POST", r"/api/v3/repos/o/r/issues/7/comments", kind=SLOW, delay=1.5, process=True),
    )

    monkeypatch.setattr(client, "REQUEST_TIMEOUT", 1)  # not 30 s
    result = run_action_here(capsys, fake, tmp_path, "pull_request", pr_event(), exports=HIGH_EXPORT)

    assert result.code == 1
    [run] = fake.state.check_runs
    [comment] = fake.state.comments[7]
    assert (run["status"], run["conclusion"]) == ("completed", "failure")
    assert [m for m, _ in fake.writes()] == ["POST", "PATCH", "POST"]  # no second POST
    assert result.outputs["check-run-url"] == run["html_url"]
    assert result.outputs["comment-url"] == comment["html_url"]
    assert "could not publish" not in result.stdout


def test_an_api_slower_than_the_timeout_everywhere_is_one_line_per_write(
    fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for method in ("GET", "POST"):
        fake.fail(Fault(method, r"/api/v3/.*", kind=SLOW, delay=3, times=0))
    monkeypatch.setattr(client, "MAX_TOTAL_WAIT", 2)  # two retried 1 s timeouts, not 60

    monkeypatch.setattr(client, "REQUEST_TIMEOUT", 1)  # not 30 s
    result = run_action_here(capsys, fake, tmp_path, "pull_request", pr_event(), exports=HIGH_EXPORT)

    assert result.code == 1
    reason = "GitHub did not answer in 1 s; connfail does not wait more than 2 s for GitHub in all"
    # The first request, the base commit's check runs (what changed in this PR), used up the
    # wait: the comment and the summary say there is no comparison, and the writes are skipped.
    assert [line for line in result.stdout.splitlines() if "could not publish" in line] == [
        f"::warning title=connfail could not publish::Could not write the check run: skipped after {reason}",
        f"::warning title=connfail could not publish::Could not write the comment: skipped after {reason}",
    ]
    assert (
        f"No comparison with the base branch: the base commit's check runs could not be read: {reason}"
    ) in result.summary.replace("\\", "")
    # The base commit's check runs, tried again after 0 s, not after the 2 s of backoff the
    # budget no longer holds; then no write is sent.
    assert fake.calls() == [("GET", f"/api/v3/repos/o/r/commits/{'1' * 40}/check-runs")] * 2
    assert result.outputs["severity"] == "HIGH" and result.outputs["check-run-url"] == ""
    assert f"Could not write the check run: skipped after {reason}" in result.summary
