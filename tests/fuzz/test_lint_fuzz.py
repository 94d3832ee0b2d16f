"""Fuzzing `connfail lint` on mutated fixtures: exit 0/1/2 only, one line per problem, no traceback.

Bounded for CI (a few seconds each); `python bench/fuzz_lint.py` runs the same generators far
longer, in a child process, and measures peak memory.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from tests.fuzz.lint_inputs import lint_once, problems, sources

CI = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _check(source: tuple[str, bytes]) -> None:
    suffix, data = source
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzzed{suffix}"
        path.write_bytes(data)
        run = lint_once(path)
        assert problems(run, path) == [], (run, data[:300])


@CI
@given(sources(python=True))
def test_python_sources(source: tuple[str, bytes]) -> None:
    _check(source)


@CI
@given(sources(python=False))
def test_javascript_and_typescript_sources(source: tuple[str, bytes]) -> None:
    _check(source)
