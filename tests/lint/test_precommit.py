"""The `connfail-lint` hook of .pre-commit-hooks.yaml, run by the real pre-commit.

The first test installs the hook exactly as users get it (`language: python`, pip-installed
from this checkout by `pre-commit try-repo`; it needs PyPI for the dependencies and is skipped
when PyPI cannot be reached). The second runs the same hook definition with `language: system`
against the connfail already installed here, so the hook's file selection is tested offline too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
OFFLINE_SIGNS = (
    "Failed to establish a new connection",
    "No matching distribution",
    "Could not find a version",
    "Temporary failure in name resolution",
)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git_repo(path: Path) -> Path:
    files = {
        "app.py": 'import requests\n\nrequests.get("https://example.com")\n',
        "web/client.ts": 'import axios from "axios";\nexport const get = () => axios.get("/x");\n',
        "ok.py": "print('no client here')\n",
        "README.md": 'requests.get("https://example.com")\n',
    }
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=path, check=True)
    subprocess.run(["git", "add", "."], cwd=path, check=True)
    return path


def _env(home: Path) -> dict[str, str]:
    env = dict(
        os.environ,
        PRE_COMMIT_HOME=str(home),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
    )
    env.pop("PRE_COMMIT", None)
    return env


def _pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=_env(home),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


EXPECTED = [
    "app.py:3:1: CF101 requests.get(): no connect timeout, and requests sets none by default, "
    "so a dropped connect lasts until the kernel gives up (about 130 s) or the function times "
    "out; set timeout=(3.05, None)",
    "web/client.ts:2:26: CF101 axios.get(): no connect timeout, and axios has no timeout by "
    "default (a dropped connect lasts until the kernel gives up, about 130 s); set timeout: 3000",
]


def test_hook_definition() -> None:
    (hook,) = HOOKS
    assert hook["id"] == "connfail-lint"
    assert hook["language"] == "python"
    assert hook["entry"] == "connfail lint"
    assert set(hook["types_or"]) >= {"python", "javascript", "ts", "tsx"}


@pytest.mark.slow
def test_try_repo_installs_and_runs_the_hook(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    repo = _git_repo(tmp_path / "project")
    run = _pre_commit("try-repo", str(REPO), "connfail-lint", "--all-files", cwd=repo, home=tmp_path / "home")
    output = run.stdout + run.stderr
    if run.returncode not in (0, 1) and any(sign in output for sign in OFFLINE_SIGNS):
        pytest.skip("PyPI is not reachable to install the hook's dependencies")
    assert run.returncode == 1, output
    lines = output.splitlines()
    assert [line for line in lines if ": CF1" in line] == EXPECTED, output
    assert "connfail: 2 finding(s) in 3 file(s)" in lines  # README.md is not passed


def test_hook_file_selection_offline(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    beside = Path(sys.executable).parent / "connfail"
    connfail = str(beside) if beside.exists() else shutil.which("connfail")
    if connfail is None:
        pytest.skip("connfail is not installed in this environment")
    repo = _git_repo(tmp_path / "project")
    (hook,) = HOOKS
    local = {**hook, "language": "system", "entry": f"{connfail} lint"}
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    subprocess.run(["git", "add", ".pre-commit-config.yaml"], cwd=repo, check=True)
    run = _pre_commit("run", "--all-files", cwd=repo, home=tmp_path / "home")
    assert run.returncode == 1, run.stdout + run.stderr
    assert [line for line in run.stdout.splitlines() if ": CF1" in line] == EXPECTED
    clean = _pre_commit("run", "--files", "ok.py", "README.md", cwd=repo, home=tmp_path / "home")
    assert clean.returncode == 0, clean.stdout + clean.stderr


def test_every_hook_id_is_documented() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    guide = (REPO / "docs" / "lint.md").read_text(encoding="utf-8")
    for hook in HOOKS:
        assert f"id: {hook['id']}" in guide
        assert f"`{hook['id']}`" in readme
