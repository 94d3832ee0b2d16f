"""The Node.js facts the JavaScript rules rest on, measured against a loopback port that drops SYNs.

Runs bench/js/connect_timeouts.mjs with short timeouts (about 3 s in all). Skipped without Node;
the axios case also needs axios in bench/out/npm (`npm install --prefix bench/out/npm axios`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / "bench" / "js" / "connect_timeouts.mjs"
MODULES = ROOT / "bench" / "out" / "npm" / "node_modules"
NODE = shutil.which("node")
TIMEOUT_MS, CAP_MS = 300, 1500


def _measure(only: str) -> dict[str, dict[str, object]]:
    env = {
        **os.environ,
        "PYTHON": sys.executable,
        "ONLY": only,
        "TIMEOUT_MS": str(TIMEOUT_MS),
        "CAP_MS": str(CAP_MS),
        "NODE_PATH": str(MODULES),
    }
    result = subprocess.run(
        [str(NODE), str(SCRIPT)], capture_output=True, text=True, env=env, timeout=60, check=True
    )
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return {str(row["case"]): row for row in rows}


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_node_http_timeout_alone_does_not_end_a_connect_but_a_destroying_handler_does() -> None:
    rows = _measure(r"^node-http timeout option")
    alone = rows["node-http timeout option alone"]
    handled = rows["node-http timeout option + on('timeout', destroy)"]
    assert alone["outcome"] == "unbounded: still connecting at the cap"
    assert str(handled["outcome"]).startswith("gave up")
    assert TIMEOUT_MS / 1000 <= float(str(handled["seconds"])) < CAP_MS / 1000


@pytest.mark.skipif(
    NODE is None or not (MODULES / "axios").is_dir(), reason="node or axios (bench/out/npm) is not installed"
)
def test_axios_timeout_ends_a_connect_that_never_completes() -> None:
    rows = _measure(r"^axios [^ ]+ timeout$")
    (bounded,) = rows.values()
    assert str(bounded["outcome"]).startswith("gave up: ECONNABORTED")
    assert float(str(bounded["seconds"])) < CAP_MS / 1000
