"""What the step tells a user whose token cannot write, and how globs find exports."""

from __future__ import annotations

from pathlib import Path

from checker.github.advice import Problem, explain, read_only_reason
from checker.github.exports import expand


def _pr(head: str) -> dict[str, object]:
    return {"pull_request": {"head": {"repo": {"full_name": head}}, "base": {"repo": {"full_name": "o/r"}}}}


def test_fork_and_dependabot_tokens_are_read_only_whatever_the_permissions() -> None:
    assert read_only_reason("pull_request", _pr("fork/r"), "octocat") == (
        "pull requests from forks get a read-only token"
    )
    assert read_only_reason("pull_request", _pr("o/r"), "dependabot[bot]") == (
        "Dependabot pull requests get a read-only token"
    )
    assert read_only_reason("pull_request", _pr("o/r"), "octocat") is None
    assert read_only_reason("pull_request_target", _pr("fork/r"), "octocat") is None


def test_missing_permissions_are_named_for_a_same_repo_pr() -> None:
    problems = [
        Problem("check run", "GitHub answered HTTP 403: Resource not accessible by integration", True),
        Problem("comment", "GitHub answered HTTP 403: ...", True),
    ]
    assert explain(problems, None) == [
        "The token may not write the check run and the comment (HTTP 403): add "
        "`checks: write`, `pull-requests: write` to the job's `permissions:`. For pull "
        "requests from forks and Dependabot, see the README's “Fork pull requests” section "
        "and examples/workflows/connfail-report.yml."
    ]


def test_a_fork_is_pointed_at_the_workflow_run_pattern() -> None:
    [line] = explain([Problem("comment", "403", True)], "pull requests from forks get a read-only token")
    assert line.startswith(
        "Pull requests from forks get a read-only token: connfail cannot "
        "write the comment from this workflow. Run it from a workflow_run"
    )


def test_other_failures_are_passed_on() -> None:
    assert explain([Problem("comment", "cannot reach the GitHub API at http://x", False)], None) == [
        "Could not write the comment: cannot reach the GitHub API at http://x"
    ]


def test_globs_match_files_and_folders_once_in_order(tmp_path: Path) -> None:
    (tmp_path / "logs" / "a").mkdir(parents=True)
    for name in ("logs/a/1.json", "logs/2.json", "logs/3.gz"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    found = expand(["logs/**/*.json", "logs/2.json", "logs/*.gz"], tmp_path)
    assert found == [
        str(tmp_path / "logs/2.json"),
        str(tmp_path / "logs/a/1.json"),
        str(tmp_path / "logs/3.gz"),
    ]
    assert expand([str(tmp_path / "logs" / "*.gz")], Path("/")) == [str(tmp_path / "logs/3.gz")]
