"""The one retry helper works on the oldest urllib3 our ranges allow (2.3.0: no retry_after_max).

The artifact download used to pass `retry_after_max` to urllib3's Retry unconditionally: a
TypeError on urllib3 < 2.4 (issue 11). Now the GitHub client and the downloads build their
Retry in checker/github/client.py, which reads Retry-After itself and never passes it. The
second test runs that code on a real urllib3 2.3.0, installed by pip into pytest's cache.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from urllib3.util.retry import Retry

from checker.github.client import default_retry, download_retry

ROOT = Path(__file__).resolve().parents[2]
# Retry.__init__'s keyword arguments in urllib3 2.3.0 (src/urllib3/util/retry.py), the floor.
URLLIB3_2_3_RETRY_ARGS = {
    "total",
    "connect",
    "read",
    "redirect",
    "status",
    "other",
    "allowed_methods",
    "status_forcelist",
    "backoff_factor",
    "backoff_max",
    "raise_on_redirect",
    "raise_on_status",
    "history",
    "respect_retry_after_header",
    "remove_headers_on_redirect",
    "backoff_jitter",
}


def test_the_helpers_pass_urllib3_only_what_2_3_accepts(monkeypatch: pytest.MonkeyPatch) -> None:
    passed: list[set[str]] = []
    original = Retry.__init__

    def spy(self: Retry, **kwargs: Any) -> None:
        passed.append(set(kwargs))
        original(self, **kwargs)

    monkeypatch.setattr(Retry, "__init__", spy)
    default_retry()
    download_retry(None, 60)
    assert len(passed) == 2
    assert all(args <= URLLIB3_2_3_RETRY_ARGS for args in passed), passed


SCRIPT = """
import json, urllib3, tempfile
from pathlib import Path
from tests.github.fake_github import FakeGitHub, Fault
from checker.github.artifacts import fetch
from checker.github.client import WaitBudget, connect, default_retry
with FakeGitHub() as fake:
    fake.fail(Fault("GET", r"/api/v3/repos/o/r/issues/7/comments", status=502),
              Fault("GET", r"/blob/1", status=502))
    fake.state.blobs[1] = b"zip bytes"
    budget = WaitBudget()
    gh = connect("ghs_x", fake.api_url, retry=default_retry(budget), throttle=False)
    listed = list(gh.get_repo("o/r").get_issue(7).get_comments())
    dest = Path(tempfile.mkdtemp()) / "a.zip"
    fetch(fake.blob_url + "/blob/1?sig=short-lived", dest, 100, "artifact a", budget)
    print(json.dumps({"urllib3": urllib3.__version__, "listed": len(listed),
                      "api": [c[0] for c in fake.calls()], "blob": len(fake.state.blob_requests),
                      "downloaded": dest.read_bytes().decode()}))
"""


URLLIB3_FLOOR = "2.3.0"


def urllib3_floor(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A folder holding urllib3 2.3.0 alone: CONNFAIL_URLLIB3_2_3 when set, else pip installs it
    once into pytest's cache (~4 s; PyPI or the configured index). Offline, the test skips, except
    in CI (`CI` set, as GitHub Actions does), where a missing floor check must fail."""
    given = os.environ.get("CONNFAIL_URLLIB3_2_3")
    if given:
        return given
    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    name = f"urllib3-{URLLIB3_FLOOR}"
    folder = cache.mkdir(name) if cache is not None else tmp_path_factory.mktemp(name)
    if (folder / "urllib3" / "__init__.py").is_file():
        return str(folder)
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile"]
    proc = subprocess.run(
        [*pip, "--target", str(folder), f"urllib3=={URLLIB3_FLOOR}"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if proc.returncode != 0:
        reason = f"pip could not install urllib3 {URLLIB3_FLOOR}: {proc.stderr.strip()[-300:]}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason + " (or set CONNFAIL_URLLIB3_2_3 to a folder holding it)")
    return str(folder)


def test_a_real_urllib3_2_3_retries_api_calls_and_downloads(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The GitHub client and an artifact download, each retrying a 502, on urllib3 2.3.0 in a
    subprocess: the TypeError of issue 11 would fail it."""
    site = urllib3_floor(request, tmp_path_factory)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([site, str(ROOT)])}
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {
        "urllib3": "2.3.0",
        "listed": 0,
        "api": ["GET", "GET"],
        "blob": 2,
        "downloaded": "zip bytes",
    }
