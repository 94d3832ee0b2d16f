"""Whatever Ruff S113 reports in the fixtures, connfail reports too, bar listed deliberate cases."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker.config import LintSettings
from checker.lint.run import lint_paths

DATA = Path(__file__).resolve().parents[1] / "data" / "lint"
LIBRARY_FIXTURES = sorted(p for p in DATA.iterdir() if p.is_dir() and not p.name.startswith("_"))

# Calls Ruff flags and connfail deliberately does not, with the reason.
DELIBERATE = {
    ("requests/negative/calls.py", 17): "unknown **kwargs may carry a timeout: never guessed",
    ("requests/negative/calls.py", 18): "literal **{'timeout': 2} does set a timeout",
    ("requests/negative/calls.py", 20): "suppressed with # connfail: ignore[CF101]",
    ("requests/negative/calls.py", 21): "suppressed with # connfail: ignore",
}


RUFF = (str(Path(sys.executable).parent / "ruff")
        if (Path(sys.executable).parent / "ruff").exists() else shutil.which("ruff"))


@pytest.mark.skipif(RUFF is None, reason="ruff is not installed")
def test_every_ruff_s113_call_is_reported_by_connfail() -> None:
    run = subprocess.run([str(RUFF), "check", "--isolated", "--no-cache", "--select", "S113",
                          "--output-format", "json", "--exit-zero",
                          *map(str, LIBRARY_FIXTURES)], capture_output=True, text=True, check=True)
    ruff = {(Path(item["filename"]).resolve().relative_to(DATA).as_posix(),
             item["location"]["row"]) for item in json.loads(run.stdout)}
    # The fixtures live under tests/, which the default `lint.tests` keeps out: lint them.
    result = lint_paths([str(p) for p in LIBRARY_FIXTURES], LintSettings(tests=()))
    ours = {(Path(f.path).resolve().relative_to(DATA).as_posix(), f.line)
            for f in result.findings}
    assert len(ruff) > 30  # the comparison means something
    assert sorted(ruff - ours) == sorted(DELIBERATE)
