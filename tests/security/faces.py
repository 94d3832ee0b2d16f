"""Every public output of connfail for one set of inputs, each as the text a reader gets.

CLI: the text, Markdown and JSON reports and stderr. Action (against the fake GitHub): the job
log, the check run's title/summary/text/annotations as GitHub received them, the PR comment,
the step summary, the outputs file and the JSON report it wrote.

`subprocess=True` runs `connfail` as a user does; in-process runs (the same `main`, the same
env) are fast enough to run once per corpus line.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from checker.cli import main
from checker.github.runner_files import read_outputs
from tests.github.fake_github import FakeGitHub
from tests.github.test_action_end_to_end import HEAD, MERGE, ROOT, RUN_ID, TOKEN, pr_event


def _run(args: list[str], env: dict[str, str] | None, subprocess_: bool) -> tuple[int, str, str]:
    if subprocess_:
        proc = subprocess.run(
            [sys.executable, "-m", "checker", *args],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        return proc.returncode, proc.stdout, proc.stderr
    out, err = io.StringIO(), io.StringIO()
    saved = os.environ.copy()
    if env is not None:
        os.environ.clear()
        os.environ.update(env)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return code, out.getvalue(), err.getvalue()


def cli_faces(paths: list[str], *, subprocess: bool = True) -> dict[str, str]:
    faces: dict[str, str] = {"cli stderr": ""}
    for fmt in ("text", "markdown", "json"):
        code, stdout, stderr = _run(
            ["analyze", *paths, "--format", fmt, "--fail-on", "never"], None, subprocess
        )
        assert code == 0, stderr
        faces[f"cli {fmt}"] = stdout
        faces["cli stderr"] += stderr
    return faces


def action_env(fake: FakeGitHub, tmp: Path, **inputs: str) -> dict[str, str]:
    """The variables a runner sets for a pull_request run, and nothing from this test's env."""
    tmp.mkdir(parents=True, exist_ok=True)
    event_path = tmp / "event.json"
    event_path.write_text(json.dumps(pr_event()), encoding="utf-8")
    for name in ("output", "summary.md"):
        (tmp / name).write_text("", encoding="utf-8")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp),
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_REPOSITORY": "o/r",
        "GITHUB_RUN_ID": str(RUN_ID),
        "GITHUB_API_URL": fake.api_url,
        "GITHUB_SERVER_URL": fake.base,
        "GITHUB_SHA": MERGE,
        "GITHUB_OUTPUT": str(tmp / "output"),
        "GITHUB_STEP_SUMMARY": str(tmp / "summary.md"),
        "GITHUB_WORKSPACE": str(ROOT),
        "GITHUB_ACTOR": "octocat",
        "RUNNER_TEMP": str(tmp / "runner-temp"),
        "INPUT_GITHUB-TOKEN": TOKEN,
        "INPUT_COMMENT": "always",
        "INPUT_CHECK-NAME": "connfail",
        "INPUT_FAIL-ON": "never",
    }
    env.update({f"INPUT_{name.replace('_', '-').upper()}": value for name, value in inputs.items()})
    return env


def action_faces(
    fake: FakeGitHub, tmp: Path, *, exports: str, lint: str = "", subprocess: bool = True
) -> dict[str, str]:
    env = action_env(fake, tmp, exports=exports, **({"lint": lint} if lint else {}))
    code, stdout, stderr = _run(["action"], env, subprocess)
    assert code == 0, stdout + stderr
    runs = [r for r in fake.state.check_runs if r["head_sha"] == HEAD]
    outputs = (tmp / "output").read_text(encoding="utf-8")
    report = Path(read_outputs(outputs)["report"]).read_text(encoding="utf-8")
    return {
        "job log": stdout + stderr,
        "check-run title": "\n".join(r["output"]["title"] for r in runs),
        "check-run summary": "\n".join(r["output"]["summary"] for r in runs),
        "check-run text": "\n".join(r["output"].get("text", "") for r in runs),
        "check-run annotations": json.dumps([r["annotations"] for r in runs], ensure_ascii=False),
        "comment": "\n".join(c["body"] for cs in fake.state.comments.values() for c in cs),
        "step summary": (tmp / "summary.md").read_text(encoding="utf-8"),
        "outputs": outputs,
        "report file": report,
    }
