"""Time `connfail analyze --format json` against `orjson.loads` of the same file, in one run.

    python bench/bench_analyze.py bench/out/100m.json bench/out/1g.json

For each file: wall time, MB/s and peak RSS of `connfail analyze` (a subprocess), then of
`orjson.loads` (read + parse, in its own child), the median of `--repeat` runs each, alternating
the two so machine noise hits both alike. The ratio analyze/orjson is the figure that matters
on a shared machine; the CPU ratio (user + system seconds of each side) moves least when other
work competes for the cores. The report's `summary.events`, `summary.invocations` and
`summary.failed_invocations` are checked against `FILE.truth.json` written by
`bench/generate.py`. Exit 1 when a count differs or analyze fails. This checkout's modules are
compiled to bytecode first (`compile_checkout`).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GNU_TIME = "/usr/bin/time"
MAXRSS_RE = re.compile(r"Maximum resident set size \(kbytes\):\s*(\d+)")
CPU_RE = re.compile(r"(?:User|System) time \(seconds\):\s*([\d.]+)")

# Runs a command in a fresh child so RUSAGE_CHILDREN holds only that command's peak RSS.
RUSAGE_WRAPPER = """
import resource, subprocess, sys
p = subprocess.run(sys.argv[1:], stdout=sys.stdout, stderr=sys.stderr)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
kb = usage.ru_maxrss
if sys.platform == "darwin":
    kb //= 1024
sys.stderr.write(f"Maximum resident set size (kbytes): {kb}\\n")
sys.stderr.write(f"User time (seconds): {usage.ru_utime}\\nSystem time (seconds): {usage.ru_stime}\\n")
sys.exit(p.returncode)
"""

# Timed inside the child: the file read and the parse, not the interpreter start.
ORJSON_CHILD = """
import sys, time, orjson
t, c = time.perf_counter(), time.process_time()
with open(sys.argv[1], "rb") as f:
    doc = orjson.loads(f.read())
print(time.perf_counter() - t, time.process_time() - c)
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    max_rss_mb: float
    returncode: int
    stdout: str
    stderr: str
    cpu: float = float("nan")  # user + system seconds


@dataclass
class Result:
    path: Path
    size_mb: float
    analyze: list[Run] = field(default_factory=list)
    orjson: list[Run] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    ok: bool = True


def measured(cmd: Sequence[str]) -> Run:
    """Run `cmd`, returning wall time and peak RSS (GNU time -v, else getrusage in a child).

    From an empty folder of its own: `python -m checker` puts the working folder first on
    sys.path, so run from a checkout it would time that checkout, whatever `--connfail`'s
    PYTHONPATH names (file arguments are made absolute for it)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf, tempfile.TemporaryDirectory() as folder:
        if os.access(GNU_TIME, os.X_OK):
            full = [GNU_TIME, "-v", "-o", tf.name, *cmd]
        else:
            full = [sys.executable, "-c", RUSAGE_WRAPPER, *cmd]
        t0 = time.perf_counter()
        p = subprocess.run(full, capture_output=True, text=True, cwd=folder)
        seconds = time.perf_counter() - t0
        report = Path(tf.name).read_text() if full[0] == GNU_TIME else p.stderr
    m = MAXRSS_RE.search(report)
    rss = int(m.group(1)) / 1024 if m else float("nan")
    cpu = [float(x) for x in CPU_RE.findall(report)]
    return Run(seconds, rss, p.returncode, p.stdout, p.stderr, sum(cpu) if cpu else float("nan"))


def compile_checkout() -> None:
    """Bytecode for this checkout's modules, which `pip install` writes for an installed
    connfail. Where PYTHONDONTWRITEBYTECODE is set (this project's machines set it), a run of
    the checkout without it compiles each module it imports, every time: ~0.15 s of wall time
    on this machine, half the start-up, which no user's run pays."""
    compileall.compile_dir(ROOT / "checker", quiet=1)


def connfail_cmd(explicit: str | None) -> list[str]:
    if explicit:
        # a relative program (`.venv/bin/connfail`) from here, as `measured` runs elsewhere
        return [os.path.abspath(w) if os.sep in w and Path(w).exists() else w for w in shlex.split(explicit)]
    beside = Path(sys.executable).with_name("connfail")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("connfail")
    return [found] if found else [sys.executable, "-m", "checker"]


def check_counts(result: Result, report_text: str) -> None:
    """Compare the analyze report with the generator's truth file, one line per field."""
    truth_path = result.path.with_name(result.path.name + ".truth.json")
    try:
        summary = json.loads(report_text)["summary"]
    except (ValueError, KeyError, TypeError) as exc:
        result.checks.append(f"report is not connfail JSON ({exc.__class__.__name__})")
        result.ok = False
        return
    if not truth_path.exists():
        result.checks.append(f"no {truth_path.name}: counts not checked")
        return
    truth = json.loads(truth_path.read_text())
    for key, truth_key in (
        ("events", "events"),
        ("invocations", "invocations"),
        ("failed_invocations", "failed_invocations"),
    ):
        got, want = summary.get(key), truth[truth_key]
        same = got == want
        result.ok &= same
        result.checks.append(f"summary.{key} {got} {'==' if same else '!='} truth {want}")


def bench_file(path: Path, repeat: int, connfail: list[str], skip_analyze: bool) -> Result:
    result = Result(path, path.stat().st_size / 1e6)
    with path.open("rb") as f:  # warm the page cache so neither side pays the first read
        while f.read(1 << 24):
            pass
    analyze_cmd = [*connfail, "analyze", "--format", "json", "--fail-on", "never", str(path.resolve())]
    orjson_cmd = [sys.executable, "-c", ORJSON_CHILD, str(path.resolve())]
    for i in range(repeat):
        order = ("analyze", "orjson") if i % 2 == 0 else ("orjson", "analyze")
        for which in order:
            if which == "orjson":
                run = measured(orjson_cmd)
                if run.returncode == 0:  # keep the in-child times: read + loads only
                    wall, cpu = (float(x) for x in run.stdout.split())
                    run = Run(wall, run.max_rss_mb, 0, "", run.stderr, cpu)
                result.orjson.append(run)
            elif not skip_analyze:
                result.analyze.append(measured(analyze_cmd))
    for run in result.orjson:
        if run.returncode != 0:
            result.ok = False
            result.checks.append(f"orjson child failed: {run.stderr.strip().splitlines()[-1:]}")
            break
    if result.analyze:
        last = result.analyze[-1]
        if last.returncode not in (0, 1):
            result.ok = False
            tail = (last.stderr.strip().splitlines() or ["no output"])[-1]
            result.checks.append(f"connfail analyze exited {last.returncode}: {tail}")
        else:
            check_counts(result, last.stdout)
    return result


def median(runs: Sequence[Run], attr: str) -> float:
    ok = [getattr(r, attr) for r in runs if r.returncode == 0]
    return statistics.median(ok) if ok else float("nan")


def _range(runs: Sequence[Run]) -> list[float]:
    """[fastest, slowest] of the runs that succeeded: orjson's spread, shown because it alone
    may move a ratio (the 1 GB file has loaded in 3 s and in 12 s on one machine)."""
    ok = [r.seconds for r in runs if r.returncode == 0]
    return [round(min(ok), 3), round(max(ok), 3)] if ok else []


def summarize(results: Sequence[Result]) -> list[dict[str, Any]]:
    rows = []
    for r in results:
        a_s, a_rss = median(r.analyze, "seconds"), median(r.analyze, "max_rss_mb")
        o_s, o_rss = median(r.orjson, "seconds"), median(r.orjson, "max_rss_mb")
        a_cpu, o_cpu = median(r.analyze, "cpu"), median(r.orjson, "cpu")
        rows.append(
            {
                "file": str(r.path),
                "size_mb": round(r.size_mb, 1),
                "analyze_s": round(a_s, 3),
                "analyze_mb_s": round(r.size_mb / a_s, 1),
                "analyze_rss_mb": round(a_rss, 1),
                "orjson_s": round(o_s, 3),
                "orjson_mb_s": round(r.size_mb / o_s, 1),
                "orjson_rss_mb": round(o_rss, 1),
                "orjson_range_s": _range(r.orjson),
                "time_ratio": round(a_s / o_s, 3),
                "rss_ratio": round(a_rss / o_rss, 3),
                "analyze_cpu_s": round(a_cpu, 3),
                "orjson_cpu_s": round(o_cpu, 3),
                "cpu_ratio": round(a_cpu / o_cpu, 3),
                "runs": {
                    "analyze": [round(x.seconds, 3) for x in r.analyze],
                    "orjson": [round(x.seconds, 3) for x in r.orjson],
                },
                "checks": r.checks,
                "ok": r.ok,
            }
        )
    return rows


def table(rows: Sequence[dict[str, Any]]) -> str:
    head = (
        "file",
        "MB",
        "analyze s",
        "MB/s",
        "RSS MB",
        "orjson s",
        "orjson range s",
        "MB/s",
        "RSS MB",
        "time ratio",
        "RSS ratio",
        "CPU ratio",
    )
    body = [
        (
            Path(r["file"]).name,
            f"{r['size_mb']:.0f}",
            f"{r['analyze_s']:.2f}",
            f"{r['analyze_mb_s']:.0f}",
            f"{r['analyze_rss_mb']:.0f}",
            f"{r['orjson_s']:.2f}",
            "-".join(f"{x:.2f}" for x in r["orjson_range_s"]),
            f"{r['orjson_mb_s']:.0f}",
            f"{r['orjson_rss_mb']:.0f}",
            f"{r['time_ratio']:.2f}",
            f"{r['rss_ratio']:.3f}",
            f"{r['cpu_ratio']:.2f}",
        )
        for r in rows
    ]
    widths = [max(len(str(c)) for c in col) for col in zip(head, *body, strict=True)]
    lines = ["  ".join(str(c).rjust(w) for c, w in zip(row, widths, strict=True)) for row in (head, *body)]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for r in rows:
        lines += [f"{Path(r['file']).name}: {c}" for c in r["checks"]]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", type=Path, metavar="FILE")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each side, median kept")
    ap.add_argument("--connfail", help="command to run instead of `connfail` (e.g. 'python -m checker')")
    ap.add_argument("--skip-analyze", action="store_true", help="measure orjson only")
    ap.add_argument("--json", type=Path, metavar="OUT", help="also write the results as JSON")
    args = ap.parse_args(argv)
    cmd = connfail_cmd(args.connfail)
    compile_checkout()
    results = [bench_file(f, args.repeat, cmd, args.skip_analyze) for f in args.files]
    rows = summarize(results)
    print(
        f"connfail: {' '.join(cmd)}; peak RSS from "
        f"{'GNU time -v' if os.access(GNU_TIME, os.X_OK) else 'getrusage(RUSAGE_CHILDREN)'}; "
        f"medians of {args.repeat}; orjson time = read + loads inside its child, "
        "analyze time = the whole process"
    )
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
