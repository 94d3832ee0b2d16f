"""Fuzz every reader with mutated example exports (issue 8): one line or a report, never a crash.

In-process for the bulk (hundreds of mutants in seconds): the pipeline either raises the
InputError the CLI prints as one line, or builds a report that renders in every format; and
when the mutant's events can be counted without connfail, analyzed + skipped equals that
count. A sample goes through the real CLI in subprocesses: exit 0, 1 or 2, at most one error
line per unreadable input, no traceback. The longer run is bench/fuzz_ingest.py.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.mutations import MUTATIONS, WRAPS, Mutant, analyze_in_process, bases, expected_events

ROOT = Path(__file__).resolve().parent.parent.parent

mutants = st.builds(
    Mutant,
    base=st.sampled_from(sorted(bases())),
    mutations=st.lists(st.sampled_from(sorted(MUTATIONS)), max_size=3).map(tuple),
    seed=st.integers(0, 2**32 - 1),
    wrap=st.sampled_from(WRAPS),
)


def check_in_process(mutant: Mutant) -> None:
    name, packed, data = mutant.build()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(packed)
        outcome = analyze_in_process(path)
    expected = expected_events(mutant, data)
    if outcome.error is None and expected is not None:
        assert outcome.read == expected, (mutant, outcome)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutants)
def test_mutated_exports_in_process(mutant: Mutant) -> None:
    check_in_process(mutant)


def test_unmutated_examples_are_read_whole() -> None:
    """The control: with no mutation each shape and wrap is read, every event counted."""
    for base in sorted(bases()):
        for wrap in ("none", "gzip", "zip"):
            mutant = Mutant(base, (), 0, wrap)
            name, packed, data = mutant.build()
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / name
                path.write_bytes(packed)
                outcome = analyze_in_process(path)
            assert outcome.error is None, (base, wrap, outcome.error)
            expected = expected_events(mutant, data)
            assert expected is None or outcome.read == expected, (base, wrap)


def check_cli(mutant: Mutant) -> subprocess.CompletedProcess[str]:
    name, packed, _data = mutant.build()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(packed)
        done = subprocess.run(
            [sys.executable, "-m", "checker", "analyze", str(path)], capture_output=True, cwd=ROOT, timeout=60
        )
    stderr = done.stderr.decode("utf-8", "replace")
    errors = [ln for ln in stderr.splitlines() if not ln.startswith("connfail: note: ")]
    assert done.returncode in (0, 1, 2), (mutant, done.returncode, stderr[-500:])
    assert "Traceback" not in stderr, (mutant, stderr[-2000:])
    # One line per unreadable input (errors as data): a zip of two bad members gives two.
    assert len(errors) <= (2 if mutant.wrap == "zip-two" else 1), (mutant, errors)
    assert len({line.split(": ")[1] for line in errors}) == len(errors), (mutant, errors)
    assert (done.returncode == 2) == bool(errors), (mutant, done.returncode, errors)
    done.stdout.decode("utf-8")
    return subprocess.CompletedProcess(done.args, done.returncode, "", stderr)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutants)
def test_mutated_exports_through_the_cli(mutant: Mutant) -> None:
    check_cli(mutant)
