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
    ("requests/negative/calls.py", 16): "unknown **kwargs may carry a timeout: never guessed",
    ("requests/negative/calls.py", 17): "literal **{'timeout': 2} does set a timeout",
    ("requests/negative/calls.py", 19): "suppressed with # connfail: ignore[CF101]",
    ("requests/negative/calls.py", 20): "suppressed with # connfail: ignore",
    # Ruff honours only its own noqa; connfail also honours Bandit's and Pylint's for the defect.
    ("requests/negative/foreign_suppressions.py", 11): "suppressed with # nosec B113",
    ("requests/negative/foreign_suppressions.py", 12): "suppressed with # nosec: B113",
    ("requests/negative/foreign_suppressions.py", 13): "suppressed with pylint missing-timeout",
    ("requests/negative/foreign_suppressions.py", 14): "suppressed with pylint W3101",
    ("requests/negative/replayed.py", 29): "inside `if TYPE_CHECKING:`, which never runs",
    ("aiohttp/negative/patched.py", 20): "under mock.patch of requests' adapter: never connects",
}


RUFF = (
    str(Path(sys.executable).parent / "ruff")
    if (Path(sys.executable).parent / "ruff").exists()
    else shutil.which("ruff")
)


@pytest.mark.skipif(RUFF is None, reason="ruff is not installed")
def test_every_ruff_s113_call_is_reported_by_connfail() -> None:
    run = subprocess.run(
        [
            str(RUFF),
            "check",
            "--isolated",
            "--no-cache",
            "--select",
            "S113",
            "--output-format",
            "json",
            "--exit-zero",
            *map(str, LIBRARY_FIXTURES),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    ruff = {
        (Path(item["filename"]).resolve().relative_to(DATA).as_posix(), item["location"]["row"])
        for item in json.loads(run.stdout)
    }
    # The fixtures live under tests/, which the default `lint.tests` keeps out: lint them.
    result = lint_paths([str(p) for p in LIBRARY_FIXTURES], LintSettings(tests=()))
    ours = {(Path(f.path).resolve().relative_to(DATA).as_posix(), f.line) for f in result.findings}
    assert len(ruff) > 30  # the comparison means something
    assert sorted(ruff - ours) == sorted(DELIBERATE)
