"""The flake8 extension: same rules and messages, via flake8's own command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli

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


# issue 11: the prefilter was a hand-written module list that missed these spellings, so
# `connfail lint` skipped files flake8 (no prefilter) reported; it now reads the registry's roots.
SUBMODULE_ONLY = {
    "legacy_urllib3.py": (
        'from requests.packages.urllib3 import PoolManager\n\nhttp = PoolManager()\nhttp.request("GET", "https://example.com")\n',
        "4:1: CF101 http.request(): no connect timeout, and urllib3 sets none by default, so a "
        "dropped connect lasts until the kernel gives up (about 130 s) or the function times "
        "out; set timeout=urllib3.Timeout(connect=3)",
    ),
    "async_redis.py": (
        "from redis.asyncio.client import Redis\n\n\nasync def handler(event, context):\n"
        '    cache = Redis(host="cache.internal")\n    return await cache.get("k")\n',
        "5:13: CF101 Redis(): no connect timeout, and redis-py before 8.0 sets none, so a "
        "dropped connect lasts until the kernel gives up (about 130 s) or the function times "
        "out, and 8.x retries its 5 s default (a dropped connect took 59 s with 8.1); set "
        "socket_connect_timeout=3",
    ),
}


@pytest.mark.parametrize("name", sorted(SUBMODULE_ONLY))
def test_a_file_importing_only_a_submodule_is_linted_as_flake8_lints_it(tmp_path: Path, name: str) -> None:
    source, finding = SUBMODULE_ONLY[name]
    (tmp_path / name).write_text(source, encoding="utf-8")
    lint = run_cli("lint", name, cwd=tmp_path)
    flake8 = subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "CF", name],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert lint.stdout.splitlines() == [f"{name}:{finding}"]
    assert flake8.stdout.splitlines() == lint.stdout.splitlines()
    assert (lint.returncode, flake8.returncode) == (1, 1)
