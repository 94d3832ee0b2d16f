"""Where the exports come from: local globs and workflow-run artifacts."""

from __future__ import annotations

import glob
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from github import Github
from github.Repository import Repository

from checker.config import Config
from checker.errors import InputError
from checker.github import artifacts
from checker.github.client import API_ERRORS, WaitBudget, describe
from checker.github.context import Runner, Target
from checker.github.inputs import Inputs
from checker.github.workflow_commands import Command, print_command
from checker.network.evidence import is_evidence_folder


@dataclass(frozen=True)
class Exports:
    paths: list[str]
    pr_number: int | None  # from an artifact's pr-number.txt


def gather_exports(
    inputs: Inputs,
    runner: Runner,
    target: Target,
    repo: Repository | None,
    gh: Github | None,
    config: Config,
    budget: WaitBudget | None = None,
) -> Exports:
    """Files matching `exports`, the `evidence` folder, and the `artifact` unpacked; none at all
    is an input error. An evidence folder among them (named, matched or unpacked) is joined to
    the logs by the network evaluator, as `connfail analyze EVIDENCE/` does."""
    paths: list[str] = []
    for pattern in inputs.exports:
        matches = expand([pattern], runner.workspace)
        if not matches:
            print_command(Command("warning", f"exports: no file matches {pattern}", title="connfail"))
        paths += [m for m in matches if m not in paths]
    if inputs.evidence:
        named = Path(inputs.evidence)
        folder = named if named.is_absolute() else runner.workspace / named
        if not is_evidence_folder(str(folder)):
            raise InputError(
                "input evidence",
                f"{inputs.evidence} is no evidence folder (it holds no "
                "network/ or manifest.json): write one with `connfail collect`",
            )
        paths.append(str(folder))
    pr_number = None
    if inputs.artifact:
        if gh is None or repo is None:
            raise InputError(
                "input artifact",
                "downloading artifacts needs github-token and GITHUB_REPOSITORY (run inside GitHub Actions)",
            )
        if target.artifact_run_id is None:
            raise InputError("input artifact", "no run to download from: set run-id")
        into = runner.temp / "connfail-artifacts"
        artifacts.cleanup(into)
        try:
            unpacked = artifacts.download_all(
                gh.requester,
                repo.url,
                target.artifact_run_id,
                inputs.artifact,
                into,
                config.max_inflated_bytes,
                budget,
            )
        except API_ERRORS as exc:
            raise InputError(f"artifact {inputs.artifact}", describe(exc, runner.api_url)) from None
        paths += [str(u.folder) for u in unpacked]
        pr_number = next((u.pr_number for u in unpacked if u.pr_number), None)
    if not paths:
        where = ", ".join(inputs.exports) or "(none)"
        raise InputError(
            "inputs",
            f"no exports found: `exports` matched nothing ({where}) "
            "relative to the workspace, and no `artifact` was given",
        )
    return Exports(paths, pr_number)


def expand(patterns: Sequence[str], root: Path) -> list[str]:
    """Files and folders matching each glob (`**` included), relative to `root`, in order."""
    found: list[str] = []
    for pattern in patterns:
        if Path(pattern).is_absolute():
            matches = sorted(glob.glob(pattern, recursive=True))
        else:
            matches = [str(root / m) for m in sorted(glob.glob(pattern, root_dir=root, recursive=True))]
        found += [m for m in matches if m not in found and Path(m).exists()]
    return found
