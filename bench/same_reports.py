"""Two connfail commands give byte-identical JSON reports, and what each costs (CPU s, peak RSS).

For optimizations that must not change a report (the classifier's verdict cache, lazy
imports, cheaper schema checks): run the old tree and the new one on the same files, in
alternation (paired runs on a shared machine), and compare the reports byte for byte.

    python bench/same_reports.py --before 'env PYTHONPATH=/tmp/old python -m checker' \\
        --after 'python -m checker' examples/*.json bench/out/100m-all.json

Exit 1 when any report differs. CPU time is user+system of the child (getrusage), not wall
time, so other load on the machine changes it little; medians of --repeat runs.
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


def run(command: str, path: str) -> tuple[bytes, float, int]:
    """The report, CPU seconds and peak RSS (KiB) of one run, measured in a fresh wrapper child."""
    wrapper = (
        "import resource, subprocess, sys\n"
        "out = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE).stdout\n"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "sys.stderr.write(f'{r.ru_utime + r.ru_stime} {r.ru_maxrss}\\n')\n"
        "sys.stdout.buffer.write(out)\n"
    )
    argv = [*shlex.split(command), "analyze", "--format", "json", "--fail-on", "never", path]
    if argv[0] == "env":  # `env VAR=value ... cmd`: let the wrapper run env itself
        argv = ["/usr/bin/env", *argv[1:]]
    # From a folder of its own: `python -m` puts the working folder first on sys.path, which
    # would make both commands run the checkout the benchmark was started in.
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            [sys.executable, "-c", wrapper, *argv], capture_output=True, check=False, cwd=folder
        )
    cpu, rss = done.stderr.decode().strip().splitlines()[-1].split()
    return done.stdout, float(cpu), int(rss)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--before", required=True, help="the old command, e.g. 'python -m checker'")
    parser.add_argument("--after", default=f"{sys.executable} -m checker")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    differ = 0
    print(
        f"{'file':<40} {'before CPU s':>12} {'after CPU s':>12} {'before RSS MB':>13} "
        f"{'after RSS MB':>12}  report"
    )
    for path in (str(Path(f).resolve()) for f in args.files):
        cpu: dict[str, list[float]] = {"before": [], "after": []}
        rss: dict[str, list[int]] = {"before": [], "after": []}
        reports: dict[str, bytes] = {}
        for _ in range(args.repeat):
            for side in ("before", "after"):
                report, seconds, kib = run(getattr(args, side), path)
                reports[side] = report
                cpu[side].append(seconds)
                rss[side].append(kib)
        same = reports["before"] == reports["after"]
        differ += not same
        verdict = (
            ("identical" if reports["after"] else "identical (no report: not an export)")
            if same
            else "DIFFERS"
        )
        print(
            f"{Path(path).name[:40]:<40} {statistics.median(cpu['before']):>12.2f} "
            f"{statistics.median(cpu['after']):>12.2f} {statistics.median(rss['before']) / 1024:>13.1f} "
            f"{statistics.median(rss['after']) / 1024:>12.1f}  {verdict}"
        )
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
