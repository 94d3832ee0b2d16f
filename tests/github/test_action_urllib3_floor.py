"""The one retry helper works on the oldest urllib3 our ranges allow (2.3.0: no retry_after_max).

The artifact download used to pass `retry_after_max` to urllib3's Retry unconditionally: a
TypeError on urllib3 < 2.4 (issue 11). Now the GitHub client and the downloads build their
Retry in checker/github/client.py, which reads Retry-After itself and never passes it.
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


def test_a_real_urllib3_2_3_retries_api_calls_and_downloads() -> None:
    """Opt-in, as tests use no network: CONNFAIL_URLLIB3_2_3=DIR, after
    `pip install --no-deps --target DIR urllib3==2.3.0`."""
    site = os.environ.get("CONNFAIL_URLLIB3_2_3")
    if not site:
        pytest.skip("set CONNFAIL_URLLIB3_2_3 to a folder holding urllib3 2.3.0 (see docstring)")
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
