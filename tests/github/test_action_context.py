"""Inputs from INPUT_* variables and the PR / head SHA / artifact run of each event."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from checker.errors import ConfigError
from checker.github.context import Target, read_runner, resolve_target
from checker.github.inputs import read_inputs

HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e"
MERGE = "e3a1f07b2c09b0c3a9b51d0b8c4c4d5f6a7b8c9d"


def test_inputs_with_runner_names_and_defaults() -> None:
    inputs = read_inputs(
        {
            "INPUT_EXPORTS": "logs/*.json, more/**/*.gz\nother.txt",
            "INPUT_GITHUB-TOKEN": "t0k",
            "INPUT_FAIL-ON": "Elevated",
            "INPUT_RUN-ID": "123",
        }
    )
    assert inputs.exports == ("logs/*.json", "more/**/*.gz", "other.txt")
    assert inputs.fail_on == "elevated"
    assert inputs.run_id == 123
    assert (inputs.comment, inputs.check_name, inputs.lint, inputs.token) == ("auto", "connfail", (), "t0k")


def test_underscore_names_work_where_a_shell_drops_hyphens() -> None:
    assert read_inputs({"INPUT_FAIL_ON": "never", "INPUT_CHECK_NAME": "db"}).fail_on == "never"


def test_empty_fail_on_leaves_it_to_the_config() -> None:
    assert read_inputs({"INPUT_FAIL-ON": ""}).fail_on is None


def test_fail_on_defaults_to_high_as_the_contract_says() -> None:
    assert read_inputs({}).fail_on == "high"


def test_token_falls_back_to_github_token_for_local_runs() -> None:
    assert read_inputs({"GITHUB_TOKEN": "local"}).token == "local"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"INPUT_FAIL-ON": "critical"}, "input fail-on: 'critical' is not one of high, elevated, never"),
        ({"INPUT_COMMENT": "yes"}, "input comment: 'yes' is not one of auto, always, off"),
        ({"INPUT_RUN-ID": "latest"}, "input run-id: 'latest' is not a workflow run id (digits only)"),
        ({"INPUT_CHECK-NAME": "a --> b"}, "input check-name: use one line of at most 100 characters"),
    ],
)
def test_bad_inputs_name_the_input(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        read_inputs(env)
    assert str(caught.value).startswith(message)


def _runner(tmp_path: Path, event_name: str, payload: dict[str, Any]) -> Target:
    event = tmp_path / "event.json"
    event.write_text(json.dumps(payload), encoding="utf-8")
    runner = read_runner(
        {
            "GITHUB_EVENT_NAME": event_name,
            "GITHUB_EVENT_PATH": str(event),
            "GITHUB_SHA": MERGE,
            "GITHUB_RUN_ID": "555",
            "GITHUB_REPOSITORY": "o/r",
        }
    )
    return resolve_target(runner, None)


@pytest.mark.parametrize("event_name", ["pull_request", "pull_request_target"])
def test_pull_request_uses_the_head_sha_not_the_merge_commit(tmp_path: Path, event_name: str) -> None:
    payload = {"number": 7, "pull_request": {"number": 7, "head": {"sha": HEAD}}}
    assert _runner(tmp_path, event_name, payload) == Target(7, HEAD, 555)


def test_workflow_run_takes_the_listed_pr_and_the_triggering_run(tmp_path: Path) -> None:
    payload = {
        "workflow_run": {
            "id": 999,
            "head_sha": HEAD,
            "pull_requests": [{"number": 3, "head": {"sha": "0" * 40}}, {"number": 8, "head": {"sha": HEAD}}],
        }
    }
    assert _runner(tmp_path, "workflow_run", payload) == Target(8, HEAD, 999, True)


def test_workflow_run_from_a_fork_lists_no_pr(tmp_path: Path) -> None:
    payload = {"workflow_run": {"id": 999, "head_sha": HEAD, "pull_requests": []}}
    assert _runner(tmp_path, "workflow_run", payload) == Target(None, HEAD, 999, True)


def test_push_checks_github_sha_and_comments_nowhere(tmp_path: Path) -> None:
    assert _runner(tmp_path, "push", {"after": MERGE}) == Target(None, MERGE, 555)


def test_run_id_input_wins(tmp_path: Path) -> None:
    runner = read_runner({"GITHUB_EVENT_NAME": "push", "GITHUB_RUN_ID": "555"})
    assert resolve_target(runner, 42).artifact_run_id == 42


def test_unreadable_event_payload_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "event.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="is not JSON"):
        read_runner({"GITHUB_EVENT_PATH": str(tmp_path / "event.json")})


def test_enterprise_urls_come_from_the_runner() -> None:
    runner = read_runner(
        {
            "GITHUB_API_URL": "https://ghe.example.com/api/v3/",
            "GITHUB_SERVER_URL": "https://ghe.example.com",
            "GITHUB_REPOSITORY": "o/r",
            "GITHUB_RUN_ID": "5",
        }
    )
    assert runner.api_url == "https://ghe.example.com/api/v3"
    assert runner.run_url == "https://ghe.example.com/o/r/actions/runs/5"


def test_a_pr_names_its_base_commit_and_branch_for_the_comparison(tmp_path: Path) -> None:
    base = "1" * 40
    payload = {
        "number": 7,
        "pull_request": {"number": 7, "head": {"sha": HEAD}, "base": {"sha": base, "ref": "main"}},
    }
    target = _runner(tmp_path, "pull_request", payload)
    assert (target.base_sha, target.base_ref) == (base, "main")
    runs = {
        "workflow_run": {
            "id": 999,
            "head_sha": HEAD,
            "pull_requests": [
                {"number": 8, "head": {"sha": HEAD}, "base": {"sha": base, "ref": "release/1.x"}}
            ],
        }
    }
    target = _runner(tmp_path, "workflow_run", runs)
    assert (target.pr_number, target.base_sha, target.base_ref) == (8, base, "release/1.x")


def test_a_base_that_is_not_a_commit_sha_or_a_branch_name_is_dropped(tmp_path: Path) -> None:
    payload = {
        "number": 7,
        "pull_request": {
            "number": 7,
            "head": {"sha": HEAD},
            "base": {"sha": "../../etc", "ref": "main\n::error::x"},
        },
    }
    target = _runner(tmp_path, "pull_request", payload)
    assert (target.base_sha, target.base_ref) == ("", "")


def test_report_artifact_is_an_artifact_name() -> None:
    assert read_inputs({"INPUT_REPORT-ARTIFACT": "connfail-report"}).report_artifact == ("connfail-report")
    with pytest.raises(ConfigError) as caught:
        read_inputs({"INPUT_REPORT-ARTIFACT": "a/b<script>"})
    assert str(caught.value).startswith("input report-artifact: use an artifact name")
