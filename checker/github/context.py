"""What the runner tells a step: its environment variables and the triggering event's payload."""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.errors import ConfigError

PR_EVENTS = ("pull_request", "pull_request_target")


@dataclass(frozen=True)
class Runner:
    event_name: str
    event: dict[str, Any]
    repository: str  # "owner/name", "" outside Actions
    run_id: int | None
    api_url: str
    server_url: str
    sha: str
    output_path: str
    summary_path: str
    workspace: Path
    temp: Path

    @property
    def run_url(self) -> str | None:
        if not self.repository or self.run_id is None:
            return None
        return f"{self.server_url}/{self.repository}/actions/runs/{self.run_id}"


@dataclass(frozen=True)
class Target:
    """Where results go: the PR to comment on, the commit to check, the run holding the artifact."""

    pr_number: int | None
    head_sha: str
    artifact_run_id: int | None
    # A fork's workflow_run lists no PR: its number then comes from the artifact, to be verified.
    pr_from_artifact_allowed: bool = False
    base_sha: str = ""  # the PR's base commit, whose check run a PR run compares with
    base_ref: str = ""  # the base branch


def read_runner(env: Mapping[str, str]) -> Runner:
    event_path = env.get("GITHUB_EVENT_PATH", "")
    run_id = env.get("GITHUB_RUN_ID", "")
    workspace = Path(env.get("GITHUB_WORKSPACE") or Path.cwd())
    return Runner(
        event_name=env.get("GITHUB_EVENT_NAME", ""),
        event=_read_event(event_path) if event_path else {},
        repository=env.get("GITHUB_REPOSITORY", ""),
        run_id=int(run_id) if run_id.isdigit() else None,
        api_url=(env.get("GITHUB_API_URL") or "https://api.github.com").rstrip("/"),
        server_url=(env.get("GITHUB_SERVER_URL") or "https://github.com").rstrip("/"),
        sha=env.get("GITHUB_SHA", ""),
        output_path=env.get("GITHUB_OUTPUT", ""),
        summary_path=env.get("GITHUB_STEP_SUMMARY", ""),
        workspace=workspace,
        temp=Path(env.get("RUNNER_TEMP") or tempfile.gettempdir()),
    )


def resolve_target(runner: Runner, run_id_input: int | None) -> Target:
    """PR number, head SHA and artifact run for the event (design §7)."""
    event = runner.event
    if runner.event_name in PR_EVENTS and isinstance(event.get("pull_request"), dict):
        pr = event["pull_request"]
        return Target(
            pr_number=_int(pr.get("number")) or _int(event.get("number")),
            head_sha=str(pr.get("head", {}).get("sha") or runner.sha),
            artifact_run_id=run_id_input or runner.run_id,
            base_sha=_base(pr)[0],
            base_ref=_base(pr)[1],
        )
    if runner.event_name == "workflow_run" and isinstance(event.get("workflow_run"), dict):
        run = event["workflow_run"]
        head_sha = str(run.get("head_sha") or runner.sha)
        number = _listed_pr(run.get("pull_requests"), head_sha)
        listed = [
            p for p in run.get("pull_requests") or [] if isinstance(p, dict) and p.get("number") == number
        ]
        return Target(
            pr_number=number,
            head_sha=head_sha,
            artifact_run_id=run_id_input or _int(run.get("id")),
            pr_from_artifact_allowed=True,
            base_sha=_base(listed[0])[0] if listed else "",
            base_ref=_base(listed[0])[1] if listed else "",
        )
    return Target(pr_number=None, head_sha=runner.sha, artifact_run_id=run_id_input or runner.run_id)


def _listed_pr(pull_requests: Any, head_sha: str) -> int | None:
    """The PR whose head is the run's commit (the list is empty for fork PRs)."""
    if not isinstance(pull_requests, list):
        return None
    for pr in pull_requests:
        if isinstance(pr, dict) and pr.get("head", {}).get("sha") == head_sha:
            return _int(pr.get("number"))
    return None


def _base(pr: dict[str, Any]) -> tuple[str, str]:
    """The base commit and branch a PR payload names (checked strings: the payload is data)."""
    base = pr.get("base")
    if not isinstance(base, dict):
        return "", ""
    sha, ref = base.get("sha"), base.get("ref")
    sha = sha if isinstance(sha, str) and re.fullmatch(r"[0-9a-f]{40}", sha) else ""
    ref = ref if isinstance(ref, str) and re.fullmatch(r"[\w./-]{1,255}", ref) else ""
    return sha, ref


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _read_event(path: str) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        reason = f"cannot read the event payload (GITHUB_EVENT_PATH): {exc.strerror}"
        raise ConfigError(path, reason) from None
    except ValueError:
        raise ConfigError(path, "the event payload (GITHUB_EVENT_PATH) is not JSON") from None
    return data if isinstance(data, dict) else {}
