"""What changed in this PR: the base commit's check run, its digest, and the PR's changed lines.

Bounded in requests: the base commit's check runs (1), then, if it has none of ours, one page of
the base branch's history (1) and the check runs of its nearest BASE_ANCESTORS ancestors; the
PR's files are one page. So a run makes at most 1 + 1 + BASE_ANCESTORS + 1 reads here.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from github.Repository import Repository

from checker.culprit import ChangedLines
from checker.digest import BadDigest, decode
from checker.github.client import answer

BASE_ANCESTORS = 2  # ancestors of the base commit searched for a result, nearest first
PR_FILES = 100  # files of the PR read for changed lines: one page
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.M)


@dataclass(frozen=True)
class Base:
    """The base branch's result to compare with, or why there is none."""

    digest: dict[str, Any] | None
    sha: str = ""  # the commit whose check run holds the digest
    ref: str = ""
    note: str | None = None  # when `digest` is None: why, and how to fix it

    @property
    def label(self) -> str:
        ref = f"`{self.ref}` at " if self.ref else ""
        return f"{ref}`{self.sha[:7]}`"


def find_base(repo: Repository, *, check_name: str, base_sha: str, base_ref: str) -> Base:
    """The digest of the nearest commit (the base, then its ancestors) with a `check_name` run."""
    fix = (
        f"run this workflow on `push` to {f'`{base_ref}`' if base_ref else 'the base branch'}"
        " too, so that pull requests have a result to compare with"
    )
    if not base_sha:
        return Base(None, note=f"the event names no base commit; {fix}.")
    runs = _digest_of(repo, base_sha, check_name)
    if runs is not None:
        return _base(runs, base_sha, base_ref)
    history = itertools.islice(repo.get_commits(sha=base_sha), 1 + BASE_ANCESTORS)
    ancestors = [str(answer(c).get("sha") or "") for c in history][1:]
    for sha in filter(None, ancestors):
        runs = _digest_of(repo, sha, check_name)
        if runs is not None:
            return _base(runs, sha, base_ref)
    where = f"`{base_ref}` at `{base_sha[:7]}`" if base_ref else f"the base commit `{base_sha[:7]}`"
    return Base(
        None, note=f"no `{check_name}` check run on {where} or its {len(ancestors)} nearest ancestors; {fix}."
    )


def _digest_of(repo: Repository, sha: str, check_name: str) -> tuple[str, str] | None:
    """(summary, status) of the latest `check_name` run on `sha` (the API's default filter),
    or None when it has none."""
    for run in itertools.islice(repo.get_commit(sha).get_check_runs(check_name=check_name), 10):
        raw = answer(run)
        output = raw.get("output")
        if raw.get("name") == check_name and isinstance(output, dict):
            summary = output.get("summary")
            return (summary if isinstance(summary, str) else "", str(raw.get("status") or ""))
    return None


def _base(found: tuple[str, str], sha: str, ref: str) -> Base:
    summary, _status = found
    try:
        data = decode(summary)
    except BadDigest as exc:
        return Base(None, sha, ref, note=f"the `{sha[:7]}` check run's digest cannot be read: {exc}.")
    if data is None:
        return Base(
            None,
            sha,
            ref,
            note=f"the check run on `{sha[:7]}` carries no digest (made "
            "by an older connfail?); the next run on the base "
            "branch will.",
        )
    return Base(data, sha, ref)


def changed_lines(repo: Repository, number: int) -> ChangedLines:
    """Repo path -> the lines the PR added or changed (None: changed, lines not known)."""
    changed: dict[str, frozenset[int] | None] = {}
    for item in itertools.islice(repo.get_pull(number).get_files(), PR_FILES):
        raw = answer(item)
        name = raw.get("filename")
        if not isinstance(name, str) or raw.get("status") == "removed":
            continue
        patch = raw.get("patch")
        changed[name] = added_lines(patch) if isinstance(patch, str) else None
    return changed


def added_lines(patch: str) -> frozenset[int]:
    """The new file's line numbers a unified-diff `patch` adds ('+' lines)."""
    lines: set[int] = set()
    number = 0
    for line in patch[:1_000_000].splitlines():
        hunk = _HUNK.match(line)
        if hunk:
            number = int(hunk.group(1))
            continue
        if line.startswith("+"):
            lines.add(number)
            number += 1
        elif not line.startswith("-") and not line.startswith("\\"):
            number += 1
    return frozenset(lines)
