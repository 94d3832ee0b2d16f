"""The flake8 extension: same rules and messages, via flake8's own command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("flake8")


def test_flake8_reports_connfail_codes(tmp_path: Path) -> None:
    source = tmp_path / "app.py"
    source.write_text(
        "import requests\n\nrequests.get('https://example.com')\n"
        "requests.get('https://example.com', timeout=30)\n"
        "requests.get('https://example.com')  # connfail: ignore[CF101]\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "flake8",
            "--select",
            "CF",
            "--connfail-max-connect-timeout",
            "10",
            str(source),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.stdout.splitlines() == [
        f"{source}:3:1: CF101 requests.get(): no connect timeout, and requests sets none by "
        "default, so a dropped connect lasts until the kernel gives up (about 130 s) or the "
        "function times out; set timeout=(3.05, None)",
        f"{source}:4:1: CF103 requests.get(): connect timeout of 30 s is above the 10 s "
        "maximum; set timeout=(3.05, 30)",
    ]
    assert run.returncode == 1
