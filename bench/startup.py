"""Start-up: the wall and CPU time of one small `connfail analyze`, and the imports it pays for.

    python bench/startup.py                                   # this checkout, python -m checker
    python bench/startup.py --command 'connfail analyze --format json --fail-on never {example}'
    python bench/startup.py -n 20 \\
        --before '/tmp/old/bin/connfail analyze --format json --fail-on never {example}' \\
        --command '/tmp/new/bin/connfail analyze --format json --fail-on never {example}'

Builds nothing but this checkout's bytecode (`bench_analyze.compile_checkout`): it runs the
given command(s) `-n` times each, interleaved when `--before` is given (so load on a shared
machine hits both sides alike), from an empty folder (no config file is found, as on a first
run), stdout to /dev/null. `{example}` stands for the bundled example
(examples/vpc-node-postgres.json, the README's first command). It prints the median, lowest and
highest wall seconds and the median CPU seconds (user + system of the child, from wait4) of each
command, then, from one more run with PYTHONPROFILEIMPORTTIME=1 (works for a console script
too), the total of the imports' own times and the ten modules that cost most (-X importtime
does not see a module imported by `importlib.import_module`, such as the renderer a run picks).
The issue 14 target: under 0.3 s wall on the bundled example; bench/README.md has the numbers.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench_analyze import compile_checkout

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "vpc-node-postgres.json"
DEFAULT = f"{sys.executable} -m checker analyze --format json --fail-on never {{example}}"
IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float
    code: int


def run_once(argv: Sequence[str], cwd: Path, env: dict[str, str]) -> Timing:
    """One run: wall seconds around the child, its user + system seconds from wait4."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    child.stderr.read()  # a child that writes much to stderr must not block on a full pipe
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    return Timing(wall, usage.ru_utime + usage.ru_stime, child.returncode)


def imports(argv: Sequence[str], cwd: Path, env: dict[str, str]) -> list[tuple[int, int, str]]:
    """(own µs, cumulative µs, module) of every import of one run, from PYTHONPROFILEIMPORTTIME."""
    done = subprocess.run(
        argv, cwd=cwd, env={**env, "PYTHONPROFILEIMPORTTIME": "1"}, capture_output=True, text=True
    )
    rows = []
    for line in done.stderr.splitlines():
        match = IMPORT_LINE.match(line)
        if match:
            rows.append((int(match.group(1)), int(match.group(2)), match.group(4)))
    return rows


def command(text: str) -> list[str]:
    return [part.replace("{example}", str(EXAMPLE)) for part in shlex.split(text)]


def summary(name: str, runs: Sequence[Timing]) -> str:
    walls = [r.wall for r in runs]
    return (
        f"{name}: wall median {statistics.median(walls):.3f} s (lowest {min(walls):.3f}, highest "
        f"{max(walls):.3f}), CPU median {statistics.median(r.cpu for r in runs):.3f} s, {len(runs)} runs, "
        f"exit {sorted({r.code for r in runs})}"
    )


def measure(
    commands: dict[str, list[str]], n: int, cwd: Path, env: dict[str, str]
) -> dict[str, list[Timing]]:
    """`n` runs of each command, interleaved, after one untimed run each (page cache, .pyc)."""
    for argv in commands.values():
        run_once(argv, cwd, env)
    runs: dict[str, list[Timing]] = {name: [] for name in commands}
    for _ in range(n):
        for name, argv in commands.items():
            runs[name].append(run_once(argv, cwd, env))
    return runs


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--command", default=DEFAULT, help="the command to time ({example}: the bundled example)")
    ap.add_argument("--before", help="an older command, timed in turn with --command (paired)")
    ap.add_argument("-n", type=int, default=20, help="timed runs of each command (default 20)")
    ap.add_argument("--top", type=int, default=10, help="imports listed per command (default 10)")
    args = ap.parse_args(argv)
    compile_checkout()
    commands = {"before": command(args.before)} if args.before else {}
    commands["after" if args.before else "command"] = command(args.command)
    env = dict(os.environ)
    if args.command == DEFAULT:  # this checkout's code, whatever is installed
        env["PYTHONPATH"] = str(ROOT)
    with tempfile.TemporaryDirectory(prefix="connfail-startup-") as folder:
        cwd = Path(folder)
        runs = measure(commands, args.n, cwd, env)
        load = os.getloadavg()
        print(f"{os.cpu_count()} CPUs, load {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")
        for name, argv in commands.items():
            print(f"{name}: {shlex.join(argv)}")
            print(summary(name, runs[name]))
        for name, argv in commands.items():
            rows = imports(argv, cwd, env)
            print(
                f"\n{name}: {len(rows)} imports, {sum(r[0] for r in rows) / 1000:.1f} ms of their own time "
                f"(under -X importtime, which adds its own); the {args.top} costliest:"
            )
            for own, cumulative, module in sorted(rows, reverse=True)[: args.top]:
                print(f"  {own / 1000:6.2f} ms own  {cumulative / 1000:7.2f} ms with its imports  {module}")
        if args.before:
            before = statistics.median(r.wall for r in runs["before"])
            after = statistics.median(r.wall for r in runs["after"])
            print(f"\nafter / before, wall medians: {after / before:.2f}")
    return 0 if all(r.code in (0, 1) for timings in runs.values() for r in timings) else 1


if __name__ == "__main__":
    raise SystemExit(main())
