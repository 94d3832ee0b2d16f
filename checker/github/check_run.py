"""The check run on the head commit: conclusion by severity, output, annotations in batches."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from github.CheckRun import CheckRun
from github.Repository import Repository

from checker.github.client import BadAnswer, answer, post_again, post_once
from checker.github.comment import truncate_markdown
from checker.redact import public
from checker.sink import public_markdown

# The checks API caps output.summary and output.text at 65,535 characters each, and takes at
# most 50 annotations per request: more go in later PATCHes, which append.
OUTPUT_LIMIT = 65535
ANNOTATIONS_PER_REQUEST = 50

# Lint severities to the checks API's annotation levels; unknown ones are warnings.
ANNOTATION_LEVELS = {"error": "failure", "warning": "warning", "info": "notice"}
# What a created or found run must answer with: the step links to it and PATCHes it.
_RUN_FIELDS = ("id", "url", "html_url")


@dataclass(frozen=True)
class Annotation:
    path: str
    line: int
    message: str
    level: str = "warning"  # notice | warning | failure
    title: str | None = None
    column: int | None = None

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": public(self.path),
            "start_line": self.line,
            "end_line": self.line,
            "annotation_level": self.level,
            "message": public(self.message),
        }
        if self.title:
            data["title"] = public(self.title)[:255]
        if self.column:  # columns are only allowed on single-line annotations, as here
            data["start_column"] = data["end_column"] = self.column
        return data


def lint_annotation(finding: Any, workspace: Path) -> Annotation:
    """An annotation from a lint finding, on its path relative to the repository root."""
    severity = str(getattr(finding, "severity", "warning")).lower()
    library = getattr(finding, "library", None)
    return Annotation(
        path=repo_path(str(finding.path), workspace),
        line=max(int(finding.line), 1),
        column=getattr(finding, "column", None) or None,
        level=ANNOTATION_LEVELS.get(severity, "warning"),
        title=f"{finding.rule}" + (f" ({library})" if library else ""),
        message=str(finding.message),
    )


def repo_path(path: str, workspace: Path) -> str:
    """`path` relative to the workspace (the repository root), as annotations require."""
    result = Path(path)
    if result.is_absolute():
        with contextlib.suppress(ValueError):
            result = result.resolve().relative_to(workspace.resolve())
    return result.as_posix()


def batches(items: Sequence[Annotation], size: int = ANNOTATIONS_PER_REQUEST) -> list[list[Annotation]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)] or [[]]


def build_output(title: str, summary: str, text: str, url: str | None) -> dict[str, Any]:
    return {
        "title": public(title)[:255],
        "summary": truncate_markdown(public_markdown(summary), OUTPUT_LIMIT, url),
        "text": truncate_markdown(public_markdown(text), OUTPUT_LIMIT, url),
    }


def publish_check_run(
    repo: Repository,
    *,
    name: str,
    head_sha: str,
    conclusion: str,
    output: dict[str, Any],
    annotations: Sequence[Annotation],
    external_id: str | None = None,
) -> str:
    """Create the run with the first 50 annotations; PATCH the rest in, completing on the last."""
    groups = batches(annotations)
    first = {**output, "annotations": [a.to_api() for a in groups[0]]} if annotations else output
    if len(groups) == 1:
        state: dict[str, Any] = {"status": "completed", "conclusion": conclusion, "completed_at": _now()}
    else:
        state = {"status": "in_progress"}
    run = create_check_run(
        repo,
        name=name,
        head_sha=head_sha,
        state=state,
        output=first,
        external_id=external_id or secrets.token_hex(8),
    )
    for index, group in enumerate(groups[1:], start=2):
        # Each PATCH repeats title and summary (required); annotations append to earlier ones.
        patch = {**output, "annotations": [a.to_api() for a in group]}
        if index == len(groups):
            run.edit(status="completed", conclusion=conclusion, completed_at=_now(), output=patch)
        else:
            run.edit(output=patch)
    return str(run.html_url)


def create_check_run(
    repo: Repository,
    *,
    name: str,
    head_sha: str,
    state: dict[str, Any],
    output: dict[str, Any],
    external_id: str,
) -> CheckRun:
    """POST the run once; if the answer was lost, find it by name, head SHA and external id.

    A POST that timed out or got a 5xx may still have created the run: posting again made one
    step leave four runs. So look it up, PATCH it if it is there, and POST again only if not.
    """

    def post() -> CheckRun:
        return repo.create_check_run(
            name=name, head_sha=head_sha, external_id=external_id, output=output, **state
        )

    run = post_once(post, *_RUN_FIELDS)
    if not isinstance(run, BaseException):
        return run
    found = find_check_run(repo, name=name, head_sha=head_sha, external_id=external_id)
    if found is None:
        return post_again(post, run, *_RUN_FIELDS)
    sent = len(output.get("annotations", []))
    if sent and (answer(found).get("output") or {}).get("annotations_count") == sent:
        output = {k: v for k, v in output.items() if k != "annotations"}  # they would append
    found.edit(output=output, **state)
    return found


def find_check_run(repo: Repository, *, name: str, head_sha: str, external_id: str) -> CheckRun | None:
    """This step's run on `head_sha` (GET .../commits/{sha}/check-runs?check_name=...)."""
    runs = repo.get_commit(head_sha).get_check_runs(check_name=name, filter="all")
    for run in runs:
        raw = answer(run, strict=True)
        if not isinstance(raw.get("id"), int):
            raise BadAnswer("a check run without an id")
        if raw.get("external_id") == external_id and raw.get("url") and raw.get("html_url"):
            return run
    return None


def _now() -> datetime:
    return datetime.now(timezone.utc)
