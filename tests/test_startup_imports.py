"""What `connfail analyze --format json` of the bundled example must not import (issue 14).

Start-up is most of a small run's time: the wall time a user waits is measured by
bench/startup.py (target: under 0.3 s on the bundled example), never here. What a unit test can
hold is what that time is made of: each module below is loaded only by the runs that use it,
and this run, a plain JSON report of one export with no config file, uses none of them.
tests/test_schema_fast.py holds the same for the default text format.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLES, ROOT

# `python -m checker ARGS`, then the modules the run left loaded and the collector's state.
RUNNER = """
import gc, json, runpy, sys
sys.argv = ["connfail", *sys.argv[1:]]
try:
    runpy.run_module("checker", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
state = {"gc_enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}
print(json.dumps({"code": code, "modules": sorted(sys.modules), **state}), file=sys.stderr)
"""
NOT_IMPORTED = {
    # the other formats, and the Markdown escaper (with html) that only Markdown needs
    "checker.render.text": "another format",
    "checker.render.markdown": "another format",
    "checker.render.escape": "Markdown only (checker.sink.public_markdown)",
    "html": "Markdown only",
    # network evidence: --network, --flowlogs or an evidence folder
    "checker.network.evidence": "no evidence flag or folder",
    "checker.network.load": "no evidence flag or folder",
    "checker.network.model": "no evidence flag or folder",
    "checker.network.flowlogs": "no evidence flag or folder",
    "checker.network.evaluate": "no evidence flag or folder",
    # the other subcommands' faces, and the progress display (stderr is no terminal)
    "checker.lint.command": "another subcommand",
    "checker.github.command": "another subcommand",
    "checker.collect.command": "another subcommand",
    "checker.progress": "stderr is not a terminal",
    # a config file, an invalid document, a zip on stdin, a subscription payload, a CSV
    "jsonschema": "the input is valid",
    "yaml": "no config file",
    "tomllib": "no config file",
    "importlib.metadata": "the version is checker.__version__",
    "importlib.resources": "schemas are read from checker/schemas/",
    "tempfile": "no zip on stdin",
    "base64": "no subscription payload",
    "csv": "no console CSV",
}


def _run(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # an empty folder: no config file is found
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    data: dict[str, Any] = json.loads(done.stderr.strip().splitlines()[-1])
    return done, data


def test_a_json_report_of_the_bundled_example_loads_only_what_it_uses(tmp_path: Path) -> None:
    example = EXAMPLES / "vpc-node-postgres.json"
    done, data = _run(tmp_path, "analyze", "--format", "json", "--fail-on", "never", str(example))
    assert data["code"] == 0
    report = json.loads(done.stdout)
    assert report["summary"] == {
        "events": 779,
        "invocations": 150,
        "failed_invocations": 28,
        "severity": "HIGH",
    }
    loaded = set(data["modules"])
    assert {"checker.render.json", "checker.detect.classify", "checker.remediation"} <= loaded  # it did run
    assert {m: why for m, why in NOT_IMPORTED.items() if m in loaded} == {}


def test_a_markdown_report_still_gets_the_escaper(tmp_path: Path) -> None:
    done, data = _run(tmp_path, "analyze", "--format", "markdown", str(EXAMPLES / "vpc-node-postgres.json"))
    assert data["code"] == 1  # HIGH
    assert "checker.render.escape" in data["modules"]
    # the escaper's work, and the sink passed it (tests/security/test_sinks.py: its ZWJ too)
    assert "| unnamed function in vpc\\-node\\-postgres.json | 150 | 28 |" in done.stdout


def test_collection_waits_for_the_modules_then_runs_for_the_input(tmp_path: Path) -> None:
    """checker.cli.main pauses the cyclic collector while a process loads its modules, then
    freezes them and turns it back on: a large input is read with collection running."""
    _done, data = _run(tmp_path, "analyze", "--format", "json", str(EXAMPLES / "vpc-node-postgres.json"))
    assert data["code"] == 1
    assert data["gc_enabled"] is True
    assert data["frozen"] > 10_000  # the containers the modules hold (about 26,000)
