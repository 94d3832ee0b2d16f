"""Long fuzz run of `connfail lint`, and the exclude-pattern ReDoS timed before and after.

    python bench/fuzz_lint.py --examples 2000          # per language
    python bench/fuzz_lint.py --redos-only

The same generators as tests/fuzz/test_lint_fuzz.py (mutated fixtures: deep nesting up to
20,000 levels, huge literals, random bytes, NULs, bad encodings, BOMs, surrogates), unbounded
by CI's few seconds. Prints the inputs fuzzed, the exit codes and reasons seen, the slowest
input, the peak RSS of this process, and each problem found (exit 1 if any).
"""

from __future__ import annotations

import argparse
import collections
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, settings  # noqa: E402

from tests.fuzz.lint_inputs import lint_once, problems, sources  # noqa: E402

CATASTROPHIC = "*a*a*a*a*a*a*a*a*a*a*b"


def fuzz(
    examples: int, python: bool, most: int
) -> tuple[int, list[str], collections.Counter[str], tuple[float, bytes]]:
    seen: list[str] = []
    outcomes: collections.Counter[str] = collections.Counter()
    slowest: list[tuple[float, bytes]] = [(0.0, b"")]
    count = [0]

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(sources(python=python, most=most))
    def run(source: tuple[str, bytes]) -> None:
        suffix, data = source
        count[0] += 1
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"fuzzed{suffix}"
            path.write_bytes(data)
            start = time.perf_counter()
            try:
                result = lint_once(path)
            except Exception as exc:  # every exception escaping the CLI is what we look for
                seen.append(f"{type(exc).__name__}: {exc} on {data[:120]!r}")
                return
            took = time.perf_counter() - start
            if took > slowest[0][0]:
                slowest[0] = (took, data[:120])
            for problem in problems(result, path):
                seen.append(f"{problem} on {data[:120]!r}")
            reasons = [
                re.sub(r"\d+", "N", line.split(": ", 2)[-1])
                for line in result.err
                if line.startswith(f"connfail: {path}: ")
            ]
            outcomes[f"exit {result.code}" + (f" ({reasons[0][:70]})" if reasons else "")] += 1

    run()
    return count[0], seen, outcomes, slowest[0]


def redos(timeout: float) -> None:
    """The old regex translation of CATASTROPHIC against the new glob matcher, on one name."""
    old = (
        "import re, time; rx = re.compile(r'^(?:.*/)?' + r'[^/]*a' * 10 + r'[^/]*b$');"
        "t = time.perf_counter(); rx.match('a' * {n}); print(time.perf_counter() - t)"
    )
    for n in (25, 30, 35, 40):
        try:
            took = subprocess.run(
                [sys.executable, "-c", old.format(n=n)],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=True,
            ).stdout.strip()
            before = f"{float(took):.2f} s"
        except subprocess.TimeoutExpired:
            before = f"> {timeout:g} s (stopped)"
        from checker.lint.glob import compile_glob

        glob = compile_glob(CATASTROPHIC)
        assert glob is not None
        start = time.perf_counter()
        glob.matches(["a" * n])
        after = time.perf_counter() - start
        print(f"exclude {CATASTROPHIC!r} on a {n}-letter name: regex {before}, glob {after * 1e6:.0f} µs")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000, help="inputs per language")
    parser.add_argument("--most", type=int, default=20_000, help="deepest nesting generated")
    parser.add_argument("--redos-timeout", type=float, default=60.0)
    parser.add_argument("--redos-only", action="store_true")
    args = parser.parse_args()
    redos(args.redos_timeout)
    if args.redos_only:
        return 0
    failed = False
    for python in (True, False):
        start = time.perf_counter()
        count, seen, outcomes, (slow, slow_data) = fuzz(args.examples, python, args.most)
        name = "Python" if python else "JavaScript/TypeScript"
        print(
            f"\n{name}: {count} inputs in {time.perf_counter() - start:.0f} s; slowest "
            f"{slow:.2f} s on {slow_data[:60]!r}"
        )
        for outcome, n in outcomes.most_common(12):
            print(f"  {n:6d}  {outcome}")
        for problem in seen[:20]:
            print(f"  PROBLEM {problem}")
        failed = failed or bool(seen)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS {peak:.0f} MB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
