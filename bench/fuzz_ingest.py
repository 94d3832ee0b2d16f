"""The long fuzz run of the readers: the mutations of tests/fuzz, many more of them.

Each mutant (an example export damaged by up to three mutations, maybe wrapped in gzip or a
zip) goes through the analyze pipeline in-process; every `--cli-every`-th one also through
the real CLI in a subprocess. A failure (an exception the CLI would not print as one line,
a miscount of events, a traceback, an exit code other than 0/1/2, more than one error line)
prints the mutant, which rebuilds the same bytes from its seed, and the run exits 1.

Run: `python bench/fuzz_ingest.py --count 20000 --seed 1` (about 25 mutants a second on one
core). Prints how many inputs were fuzzed, by wrap and by outcome.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fuzz.mutations import Mutant, analyze_in_process, expected_events, random_mutant
from tests.fuzz.test_fuzz_readers import check_cli


def fuzz_one(mutant: Mutant, folder: Path) -> str:
    """'report', 'error' or 'miscount'; raises on a crash."""
    name, packed, data = mutant.build()
    path = folder / name
    path.write_bytes(packed)
    try:
        outcome = analyze_in_process(path)
    finally:
        path.unlink()
    if outcome.error is not None:
        return "error"
    expected = expected_events(mutant, data)
    if expected is not None and outcome.read != expected:
        return "miscount"
    return "report"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cli-every", type=int, default=200, help="run every Nth through the CLI")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    outcomes: Counter[str] = Counter()
    wraps: Counter[str] = Counter()
    failures = 0
    cli_runs = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for index in range(args.count):
            mutant = random_mutant(rng)
            wraps[mutant.wrap] += 1
            try:
                result = fuzz_one(mutant, folder)
                if args.cli_every and index % args.cli_every == 0:
                    check_cli(mutant)
                    cli_runs += 1
            except Exception:
                failures += 1
                print(f"FAIL {mutant!r}\n{traceback.format_exc(limit=3)}", file=sys.stderr)
                continue
            outcomes[result] += 1
            if result == "miscount":
                failures += 1
                print(f"MISCOUNT {mutant!r}", file=sys.stderr)
    took = time.perf_counter() - started
    print(f"inputs fuzzed: {args.count} in {took:.0f} s (seed {args.seed}); through the CLI: {cli_runs}")
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    print("wraps: " + ", ".join(f"{k} {v}" for k, v in sorted(wraps.items())))
    print(f"failures: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
