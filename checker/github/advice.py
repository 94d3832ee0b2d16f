"""What to tell the user when the token cannot write: which permission, or the workflow_run pattern."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Which `permissions:` entry each write needs, declared once for messages and the README.
PERMISSIONS = {
    "comment": "pull-requests: write",
    "check run": "checks: write",
    "artifact": "actions: read",
}
FORK_SAFE_DOCS = "the README's “Fork pull requests” section and examples/workflows/connfail-report.yml"


@dataclass(frozen=True)
class Problem:
    """An API write that failed; the step goes on without it."""

    what: str  # "comment" | "check run" | ...
    detail: str  # one line from client.describe
    forbidden: bool  # HTTP 403 from a read-only token


def read_only_reason(event_name: str, event: dict[str, Any], actor: str) -> str | None:
    """Why GitHub gave this run a read-only token whatever `permissions:` says, if it did."""
    if actor == "dependabot[bot]":
        return "Dependabot pull requests get a read-only token"
    pr = event.get("pull_request")
    if event_name == "pull_request" and isinstance(pr, dict):
        head_repo = (pr.get("head") or {}).get("repo") or {}
        base_repo = (pr.get("base") or {}).get("repo") or {}
        if head_repo.get("full_name") and head_repo.get("full_name") != base_repo.get("full_name"):
            return "pull requests from forks get a read-only token"
    return None


def explain(problems: list[Problem], read_only: str | None) -> list[str]:
    """One line per fix, most useful first."""
    forbidden = [p for p in problems if p.forbidden]
    lines = []
    if forbidden and read_only:
        lines.append(
            f"{read_only[0].upper()}{read_only[1:]}: connfail cannot write "
            f"the {' or the '.join(p.what for p in forbidden)} from this workflow. Run it from a "
            f"workflow_run workflow instead: see {FORK_SAFE_DOCS}."
        )
    elif forbidden:
        needed = ", ".join(f"`{PERMISSIONS.get(p.what, p.what)}`" for p in forbidden)
        lines.append(
            f"The token may not write the {' and the '.join(p.what for p in forbidden)} "
            f"(HTTP 403): add {needed} to the job's `permissions:`. For pull requests "
            f"from forks and Dependabot, see {FORK_SAFE_DOCS}."
        )
    lines.extend(f"Could not write the {p.what}: {p.detail}" for p in problems if not p.forbidden)
    return lines
