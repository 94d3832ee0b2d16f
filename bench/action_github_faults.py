"""Wall time and API requests of `connfail action` when GitHub rate-limits or keeps failing.

    python bench/action_github_faults.py [--root CHECKOUT] [SCENARIO ...]

Runs the Action (pull_request event, examples/vpc-node-postgres.json: HIGH) as a subprocess
against the local fake GitHub (tests/github/fake_github.py) once per scenario, and prints its
wall time, exit code, the API requests it made and its "could not publish" lines. `--root`
runs another checkout's code (e.g. `git archive` of an older commit) against the same fake, for
a before/after. Scenarios:

  none           no fault: the requests of a first run (3 review comments already on the PR)
  retry-after    every write answers 403 + Retry-After: 86400 (secondary rate limit)
  reset          every request answers 403, X-RateLimit-Remaining: 0, reset in 1 h (primary)
  storm          every request answers 502
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "tests" / "github"))

from fake_github import FakeGitHub, Fault  # noqa: E402

# GitHub's wordings, from real answers: apache/devlake#1322 (secondary) and
# EnricoMi/publish-unit-test-result-action#385 (primary).
SECONDARY = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
PRIMARY = "API rate limit exceeded for installation ID 5425010."
ANY = r"/api/v3/.*"
HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e"


def faults(scenario: str) -> list[Fault]:
    if scenario == "none":
        return []
    if scenario == "retry-after":
        return [
            Fault(m, ANY, status=403, message=SECONDARY, times=0, headers={"Retry-After": "86400"})
            for m in ("POST", "PATCH", "DELETE")
        ]
    if scenario == "reset":
        reset = str(int(time.time()) + 3600)
        return [
            Fault(
                m,
                ANY,
                status=403,
                message=PRIMARY,
                times=0,
                headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset},
            )
            for m in ("GET", "POST", "PATCH", "DELETE")
        ]
    if scenario == "storm":
        return [Fault(m, ANY, status=502, times=0) for m in ("GET", "POST", "PATCH", "DELETE")]
    raise SystemExit(f"unknown scenario {scenario!r}")


def run(root: Path, scenario: str) -> None:
    with FakeGitHub() as fake, tempfile.TemporaryDirectory() as tmp:
        fake.fail(*faults(scenario))
        fake.state.page_size = 100
        for i in range(3):
            fake.add_comment(7, f"review note {i}")
        event = {"number": 7, "pull_request": {"number": 7, "head": {"sha": HEAD}}}
        Path(tmp, "event.json").write_text(json.dumps(event), encoding="utf-8")
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": tmp,
            "GITHUB_ACTIONS": "true",
            "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_EVENT_PATH": f"{tmp}/event.json",
            "GITHUB_REPOSITORY": "o/r",
            "GITHUB_RUN_ID": "1",
            "GITHUB_API_URL": fake.api_url,
            "GITHUB_SERVER_URL": fake.base,
            "GITHUB_SHA": "b" * 40,
            "GITHUB_OUTPUT": f"{tmp}/out",
            "GITHUB_STEP_SUMMARY": f"{tmp}/summary",
            "GITHUB_WORKSPACE": str(root),
            "RUNNER_TEMP": tmp,
            "INPUT_GITHUB-TOKEN": "ghs_x",
            "INPUT_EXPORTS": "examples/vpc-node-postgres.json",
            "INPUT_COMMENT": "auto",
        }
        start = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-m", "checker", "action"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.monotonic() - start
        calls = [f"{m} {p.split('?')[0].removeprefix('/api/v3/repos/o/r')}" for m, p in fake.calls()]
        print(f"{scenario}: exit {proc.returncode}, {wall:.1f} s, {len(calls)} API requests")
        print("  " + ", ".join(calls))
        for line in proc.stdout.splitlines():
            if "could not publish" in line:
                print("  " + line)
        if "Traceback" in proc.stderr:
            print("  TRACEBACK:", proc.stderr.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=HERE)
    parser.add_argument("scenarios", nargs="*", default=["none", "retry-after", "reset", "storm"])
    args = parser.parse_args()
    for scenario in args.scenarios:
        run(args.root.resolve(), scenario)


if __name__ == "__main__":
    main()
