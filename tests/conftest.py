"""Shared test helpers: where the project's folders are, and running the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.github.fake_github import FakeGitHub

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = ROOT / "tests" / "data"


def read_yaml(path: Path) -> Any:
    """A YAML file of test data, parsed by libyaml when PyYAML has it: the corpora under
    tests/data are thousands of lines, which the pure-Python loader takes seconds to read at
    every collection (libyaml: a tenth of that); both are PyYAML's safe loader."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


def run_cli(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `connfail` as a user would: a separate process, its exit code and both streams."""
    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        input=stdin.decode("latin-1") if stdin is not None else None,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        # From another folder, `-m checker` would import the venv's editable install (main's
        # checkout), not this tree: put this tree first.
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
        },
        timeout=120,
    )


def fresh_readers() -> None:
    """Forget which reader was chosen: the next read looks at CONNFAIL_PURE_PYTHON again."""
    from checker.ingest import fast_events

    for cached in (fast_events.compiled, fast_events.scanner, fast_events.sifter):
        cached.cache_clear()


@pytest.fixture(params=["", "1"], ids=["c", "pure-python"])
def reader_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run the test twice: with the C module, and with CONNFAIL_PURE_PYTHON=1 (the grouper's own
    Python path for every line), each choosing its readers afresh."""
    from checker.ingest import fast_events

    monkeypatch.setenv(fast_events.PURE_PYTHON, request.param)
    fresh_readers()
    yield request.param
    fresh_readers()  # the next test chooses with the environment it has


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_cli


@pytest.fixture(scope="session")
def github_server() -> Iterator[FakeGitHub]:
    """One local fake GitHub for the whole session (per xdist worker)."""
    with FakeGitHub() as server:
        yield server


@pytest.fixture
def fake(github_server: FakeGitHub) -> FakeGitHub:
    """The fake GitHub, empty: no comment, check run, artifact, fault or request from before."""
    github_server.reset()
    return github_server
