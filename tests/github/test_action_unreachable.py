"""An API that cannot be reached: the step says so in one line and still reports by severity."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from checker.github import command
from checker.github.runner_files import read_outputs

ROOT = Path(__file__).resolve().parents[2]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_api_is_reported_and_the_step_still_fails_on_high(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(command, "default_retry", lambda budget: None)  # no backoff in a unit test
    api = f"http://127.0.0.1:{_closed_port()}/api/v3"
    event = tmp_path / "event.json"
    event.write_text(
        json.dumps({"number": 7, "pull_request": {"number": 7, "head": {"sha": "a" * 40}}}), encoding="utf-8"
    )
    env = {
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_REPOSITORY": "o/r",
        "GITHUB_RUN_ID": "9",
        "GITHUB_API_URL": api,
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_SHA": "b" * 40,
        "GITHUB_OUTPUT": str(tmp_path / "out"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "sum"),
        "GITHUB_WORKSPACE": str(ROOT),
        "RUNNER_TEMP": str(tmp_path),
        "INPUT_GITHUB-TOKEN": "ghs_secret",
        "INPUT_EXPORTS": "examples/vpc-node-postgres.json",
    }

    assert command.run_action(env) == 1

    reason = f"cannot reach the GitHub API at {api} (check GITHUB_API_URL and the network)"
    summary = (tmp_path / "sum").read_text(encoding="utf-8")
    assert f"Could not write the check run: {reason}" in summary
    assert f"Could not write the comment: {reason}" in summary
    assert read_outputs((tmp_path / "out").read_text(encoding="utf-8"))["check-run-url"] == ""
    out = capsys.readouterr().out
    assert f"::warning title=connfail could not publish::Could not write the check run: {reason}" in (out)
    assert "ghs_secret" not in out + summary
