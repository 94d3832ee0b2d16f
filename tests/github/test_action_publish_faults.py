"""Publishing against a GitHub that fails: no duplicate check run or comment, no long wait.

`connfail action` runs as a subprocess against the local fake GitHub, over real HTTP.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from checker.github.comment import marker
from tests.github.fake_github import HTML, MISSING, RESET, SHAPE, TRUNCATED, FakeGitHub, Fault
from tests.github.test_action_end_to_end import (
    HEAD,
    HIGH_EXPORT,
    LINT,
    MERGE,
    Result,
    pr_event,
    run_action,
    run_action_here,
)

CHECK_RUNS = r"/api/v3/repos/o/r/check-runs"
COMMENTS = r"/api/v3/repos/o/r/issues/7/comments"
LOOKUP = f"/api/v3/repos/o/r/commits/{HEAD}/check-runs"
SECONDARY = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."


def _publish_lines(result: Result) -> list[str]:
    return [line for line in result.stdout.splitlines() if "could not publish" in line]


def _assert_reported(result: Result) -> None:
    """Summary and outputs written, the finding's exit code, no traceback."""
    assert result.code == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.outputs["severity"] == "HIGH"
    assert result.outputs["failed-invocations"] == "28"
    assert "28 invocations failed" in result.summary or "HIGH" in result.summary


def test_a_check_run_created_behind_a_502_is_found_and_completed_not_duplicated(
    fake: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.fail(Fault("POST", CHECK_RUNS, status=502, process=True))

    result = run_action_here(capsys, fake, tmp_path, "pull_request", pr_event(), exports=HIGH_EXPORT)

    _assert_reported(result)
    [run] = fake.state.check_runs
    assert (run["head_sha"], run["status"], run["conclusion"]) == (HEAD, "completed", "failure")
    assert [c for c in fake.calls() if "check-runs" in c[1]] == [
        ("GET", f"/api/v3/repos/o/r/commits/{'1' * 40}/check-runs"),  # the base's result
        ("POST", "/api/v3/repos/o/r/check-runs"),
        ("GET", LOOKUP),
        ("PATCH", f"/api/v3/repos/o/r/check-runs/{run['id']}"),
    ]
    lookup = next(r.path for r in fake.state.requests if r.path.startswith(LOOKUP))
    assert "check_name=connfail" in lookup and "filter=all" in lookup
    assert result.outputs["check-run-url"] == run["html_url"]
    assert _publish_lines(result) == []


def test_a_lost_answer_does_not_send_the_first_annotations_twice(
    fake: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.fail(Fault("POST", CHECK_RUNS, kind=RESET, process=True))

    result = run_action_here(capsys, fake, tmp_path, "push", {"after": MERGE}, exports=HIGH_EXPORT, lint=LINT)

    _assert_reported(result)
    [run] = fake.state.check_runs
    assert len(run["annotations"]) == 60  # 50 in the lost POST, 10 in the last PATCH
    assert [a["start_line"] for a in run["annotations"]] == sorted(
        {a["start_line"] for a in run["annotations"]}, key=[a["start_line"] for a in run["annotations"]].index
    )
    assert (run["status"], run["conclusion"]) == ("completed", "failure")


def test_an_earlier_run_of_the_same_commit_is_not_taken_for_ours(
    fake: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_action_here(capsys, fake, tmp_path / "1", "push", {"after": MERGE}, exports=HIGH_EXPORT)
    fake.fail(Fault("POST", CHECK_RUNS, status=502))  # this one created nothing

    second = run_action_here(capsys, fake, tmp_path / "2", "push", {"after": MERGE}, exports=HIGH_EXPORT)

    _assert_reported(second)
    first_run, second_run = fake.state.check_runs
    assert first_run["external_id"] != second_run["external_id"]
    assert second.outputs["check-run-url"] == second_run["html_url"]
    assert fake.writes()[1:] == [("POST", "/api/v3/repos/o/r/check-runs")] * 2


def test_a_concurrent_runs_comment_is_kept_and_ours_deleted(
    fake: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other: dict[str, object] = {}

    def concurrent_create(method: str, path: str) -> None:  # right after our first listing
        if method == "GET" and path.startswith(COMMENTS) and not other:
            other.update(
                fake.add_comment(7, f"{marker('connfail')}\nthe other run", login="github-actions[bot]")
            )

    fake.state.on_request.append(concurrent_create)

    result = run_action_here(capsys, fake, tmp_path, "pull_request", pr_event(), exports=HIGH_EXPORT)

    _assert_reported(result)
    [comment] = fake.state.comments[7]
    assert comment["id"] == other["id"]
    assert comment["body"].startswith(f"{marker('connfail')}\n<!-- connfail-severity:HIGH -->")
    assert "28 invocations failed" in comment["body"] or "HIGH" in comment["body"]
    ours = next(r for r in reversed(fake.state.requests) if r.method == "DELETE").path
    assert int(ours.rsplit("/", 1)[1]) > int(str(other["id"]))  # the newer one goes
    assert [(m, p.rsplit("/", 1)[1]) for m, p in fake.writes() if "comments" in p] == [
        ("POST", "comments"),
        ("PATCH", str(other["id"])),
        ("DELETE", ours.rsplit("/", 1)[1]),
    ]
    assert result.outputs["comment-url"] == other["html_url"]


def test_two_runs_racing_on_one_pr_leave_exactly_one_comment(fake: FakeGitHub, tmp_path: Path) -> None:
    fake.meet("GET", COMMENTS, parties=2)  # both list before either creates
    results: dict[int, Result] = {}

    def run(i: int) -> None:
        results[i] = run_action(fake, tmp_path / str(i), "pull_request", pr_event(), exports=HIGH_EXPORT)

    threads = [threading.Thread(target=run, args=(i,)) for i in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    [comment] = fake.state.comments[7]
    assert [m for m, p in fake.writes() if "comments" in p].count("POST") == 2
    assert results[1].outputs["comment-url"] == results[2].outputs["comment-url"] == (comment["html_url"])
    for result in results.values():
        _assert_reported(result)
        assert _publish_lines(result) == []


def test_a_comment_posted_behind_a_502_is_not_posted_again(
    fake: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.fail(Fault("POST", COMMENTS, kind=HTML, status=502, process=True))

    result = run_action_here(capsys, fake, tmp_path, "pull_request", pr_event(), exports=HIGH_EXPORT)

    _assert_reported(result)
    [comment] = fake.state.comments[7]
    assert [m for m, p in fake.writes() if "comments" in p] == ["POST"]
    assert result.outputs["comment-url"] == comment["html_url"]


def test_retry_after_86400_is_not_waited_for_and_said_in_one_line(fake: FakeGitHub, tmp_path: Path) -> None:
    fake.fail(
        Fault("POST", CHECK_RUNS, status=403, message=SECONDARY, times=0, headers={"Retry-After": "86400"})
    )

    result = run_action(fake, tmp_path, "pull_request", pr_event(), exports=HIGH_EXPORT)

    _assert_reported(result)
    line = "GitHub asked to wait 86400 s; connfail does not wait more than 60 s for GitHub in all"
    assert _publish_lines(result) == [
        f"::warning title=connfail could not publish::Could not write the check run: {line}",
        f"::warning title=connfail could not publish::Could not write the comment: skipped after {line}",
    ]
    assert f"Could not write the check run: {line}" in result.summary
    assert fake.calls() == [  # the base result (none in this fake), then the POST once
        ("GET", f"/api/v3/repos/o/r/commits/{'1' * 40}/check-runs"),
        ("GET", "/api/v3/repos/o/r/commits"),
        ("POST", "/api/v3/repos/o/r/check-runs"),
    ]
    assert result.outputs["check-run-url"] == "" and result.outputs["comment-url"] == ""


def test_garbage_answers_end_in_one_line_each(
    fake: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for i, (kind, status) in enumerate([(HTML, 200), (TRUNCATED, 0), (SHAPE, 0), (MISSING, 0)]):
        fake.state.check_runs.clear()
        fake.state.comments.clear()
        fake.state.requests.clear()
        fake.fail(Fault("GET", COMMENTS, kind=kind, status=status, times=0))
        fake.fail(Fault("POST", CHECK_RUNS, kind=kind, status=status, times=0, process=True))
        fake.fail(Fault("GET", LOOKUP, kind=kind, status=status, times=0))

        result = run_action_here(
            capsys, fake, tmp_path / str(i), "pull_request", pr_event(), exports=HIGH_EXPORT
        )

        _assert_reported(result)
        lines = _publish_lines(result)
        assert len(lines) == 2, (kind, result.stdout)
        assert lines == [
            "::warning title=connfail could not publish::Could not write the check run: GitHub "
            f"sent an answer that is not its API's JSON at {fake.api_url}",
            "::warning title=connfail could not publish::Could not write the comment: GitHub "
            f"sent an answer that is not its API's JSON at {fake.api_url}",
        ], kind
        assert len(fake.state.check_runs) == 1, kind  # created once, never again
        fake.state.faults.clear()
