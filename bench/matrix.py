"""Every size, failing share, stream count and input format of `connfail analyze`, in one run.

    python bench/matrix.py                          # 10 MB, 100 MB, 1 GB; shares; 1 and 100k streams; formats
    python bench/matrix.py --sizes 10MB,100MB --shares '' --streams '' --json bench/out/matrix.json
    python bench/matrix.py --large                  # the same, and a 2 GB sizes row

Rows, each one `connfail analyze --format json` child (wall time of the whole process, peak
RSS; the median of `--repeat` runs):
- sizes: the filter-log-events export `bench/generate.py` writes (3 % failing) at each size;
- shares: `--share-size` (100 MB) with 1 / 10 / 50 / 100 % of invocations failing;
- streams: the same spread over N log streams (the file grows to hold one invocation each;
  below the generator's 256 environments alive at once, N environments run in turn);
- formats: the `--format-size` file's events re-encoded into every other shape by
  tests/reencode.py (the encoders the format-independence tests use), plus the same export cut
  into small pages (a folder, and a zip of that folder).

Columns: MB on disk; analyze s and s/MB; `x orjson`: analyze s over `orjson.loads` (read +
parse, in its own child) of the filter-log-events file with the same events; `x wc -l`: over
`wc -l` of the row's own bytes (the I/O floor); `x fle`: over analyze of the filter-log-events
file with the same events, the C scan's path when it is built (the format bar is 3); `x fle
pure`: over the same with CONNFAIL_PURE_PYTHON=1 (the reader without the C scan); peak RSS;
and whether the report's events, invocations and failing invocations equal the generator's
truth. Exit 1 when a count differs.
Missing files are generated or converted first and kept in `--out` (bench/out, git-ignored).

Then the start-up row (`--startup N` runs, 20 by default): analyze of the bundled example, the
README's first command, timed as bench/startup.py times it (median wall and CPU seconds, the
lowest wall, peak RSS; its counts checked against examples/expected.json) against its target,
under 0.3 s of wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from bench_analyze import Result, check_counts, compile_checkout, connfail_cmd
from bench_memory import BYTES_PER_STREAM, _ints, _label, ensure
from generate import CONCURRENCY, parse_size
from startup import EXAMPLE
from startup import measure as time_runs

from checker.events import LogEvent
from tests import reencode

HERE = Path(__file__).resolve().parent
GROUP = "/platform/lambda-shared"
PAGE_EVENTS = 250
# Runs the command in a fresh child: RUSAGE_CHILDREN is that command's CPU time and peak RSS.
CHILD = """
import resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
kb = r.ru_maxrss // (1024 if sys.platform == "darwin" else 1)
sys.stderr.buffer.write(p.stderr)
sys.stderr.write(f"\\n{wall} {r.ru_utime + r.ru_stime} {kb}\\n")
sys.stdout.buffer.write(p.stdout)
sys.exit(p.returncode)
"""


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    rss_mb: float
    returncode: int
    stdout: str
    stderr: str


def run(cmd: Sequence[str], env: dict[str, str] | None = None) -> Run:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *cmd], capture_output=True, text=True, env=env and {**os.environ, **env}
    )
    *rest, last = done.stderr.rstrip("\n").split("\n")
    wall, cpu, kb = last.split()
    return Run(
        float(wall), float(cpu), int(kb) / 1024, done.returncode, done.stdout, "\n".join(rest)
    )  # a small page of filter-log-events (~100 KB): the many-small-files case


@dataclass(frozen=True)
class Case:
    """One row: what is read, and the filter-log-events file that holds the same events."""

    group: str  # sizes, shares, streams, formats
    label: str
    path: Path  # the file or folder given to analyze
    source: Path  # the generated filter-log-events file with the same events (and the truth)


def _events(source: Path) -> list[LogEvent]:
    doc = json.loads(source.read_bytes())
    return [LogEvent(e["timestamp"], e["message"], None, e["logStreamName"]) for e in doc["events"]]


def _pages(events: Sequence[LogEvent], folder: Path, group: str) -> Path:
    """The export as filter-log-events pages of PAGE_EVENTS events, one file each."""
    out = folder / "pages"
    out.mkdir()
    page = folder / "page"
    page.mkdir()
    for n in range(0, len(events), PAGE_EVENTS):
        written = reencode.filter_log_events(events[n : n + PAGE_EVENTS], page, group, first_id=n)
        written.rename(out / f"page-{n // PAGE_EVENTS:06d}.json")
    page.rmdir()
    return out


def _zipped(folder: Path) -> Path:
    archive = folder.with_name(folder.name + ".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                out.write(path, path.relative_to(folder.parent))
    return archive


Converter = Callable[[Sequence[LogEvent], Path, str], Path]
CONVERTERS: dict[str, Converter] = {
    name: encoder for name, encoder in reencode.ENCODERS.items() if name != "filter-log-events"
}
CONVERTERS["filter-log-events pages (folder)"] = _pages


def converted(source: Path, out: Path) -> list[Case]:
    """Every format of `source`'s events, written once into `out/<stem>.formats/`."""
    folder = out / f"{source.stem}.formats"
    done = folder / "done.json"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        events = _events(source)
        written: dict[str, str] = {}
        for name, encoder in CONVERTERS.items():
            target = folder / name.split()[0].replace("-", "_")
            target.mkdir()
            written[name] = str(encoder(events, target, GROUP).relative_to(folder))
        written["filter-log-events pages (zip)"] = str(
            _zipped(folder / written["filter-log-events pages (folder)"]).relative_to(folder)
        )
        done.write_text(json.dumps(written, indent=2) + "\n")
    written = json.loads(done.read_text())
    return [Case("formats", name, folder / rel, source) for name, rel in written.items()]


def _size_mb(path: Path) -> float:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6
    return path.stat().st_size / 1e6


def _files(path: Path) -> list[str]:
    return sorted(str(p) for p in path.rglob("*") if p.is_file()) if path.is_dir() else [str(path)]


def _warm(path: Path) -> None:
    for name in _files(path):
        with open(name, "rb") as handle:
            while handle.read(1 << 24):
                pass


def _wc(path: Path) -> Run:
    """`wc -l` over the row's bytes: the floor of any reader of them (one child per 500 files)."""
    files = _files(path)
    runs = [run(["wc", "-l", *files[n : n + 500]]) for n in range(0, len(files), 500)]
    return Run(sum(r.wall for r in runs), sum(r.cpu for r in runs), max(r.rss_mb for r in runs), 0, "", "")


# orjson.loads of the file: read + parse timed inside the child (interpreter start excluded,
# which favours orjson), as wall and CPU seconds.
ORJSON_CPU = """
import sys, time, orjson
w, c = time.perf_counter(), time.process_time()
with open(sys.argv[1], "rb") as f:
    doc = orjson.loads(f.read())
print(time.perf_counter() - w, time.process_time() - c)
"""


def _orjson(source: Path, repeat: int) -> tuple[float, float]:
    """(wall s, CPU s) of orjson.loads of `source`, medians."""
    walls, cpus = [], []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", ORJSON_CPU, str(source)], capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"orjson child failed on {source} (pip install orjson): {done.stderr[-300:]}")
        wall, cpu = done.stdout.split()
        walls.append(float(wall))
        cpus.append(float(cpu))
    return statistics.median(walls), statistics.median(cpus)


PURE = {"CONNFAIL_PURE_PYTHON": "1"}  # the reader without the C scanner (checker/_scan.c)


def _analyze(
    case: Case, repeat: int, connfail: list[str], result: Result, env: dict[str, str] | None = None
) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MB) of `connfail analyze` on the case, medians; counts checked."""
    cmd = [*connfail, "analyze", "--format", "json", "--fail-on", "never", str(case.path)]
    runs = [run(cmd, env) for _ in range(repeat)]
    last = runs[-1]
    if last.returncode in (0, 1):
        check_counts(result, last.stdout)
    else:
        result.ok = False
        tail = (last.stderr.strip().splitlines() or ["no output"])[-1]
        result.checks.append(f"connfail analyze exited {last.returncode}: {tail}")
    return (
        statistics.median(r.wall for r in runs),
        statistics.median(r.cpu for r in runs),
        statistics.median(r.rss_mb for r in runs),
    )


def measure(case: Case, repeat: int, connfail: list[str], before: list[str] | None) -> dict[str, Any]:
    """One row; with `before`, that command runs first on the same input (paired)."""
    _warm(case.path)
    row: dict[str, Any] = {"group": case.group, "input": case.label, "path": str(case.path)}
    row["source"] = case.source.name
    if before is not None:
        old = Result(case.source, _size_mb(case.path))
        row["before_s"], row["before_cpu_s"], row["before_rss_mb"] = _analyze(case, repeat, before, old)
        row["before_ok"] = old.ok
    result = Result(case.source, _size_mb(case.path))
    wall, cpu, rss = _analyze(case, repeat, connfail, result)
    if case.group != "formats":  # the base of `x fle`, also without the C scan (`x fle pure`)
        pure = Result(case.source, _size_mb(case.path))
        row["pure_cpu_s"] = round(_analyze(case, repeat, connfail, pure, PURE)[1], 3)
    wc = _wc(case.path)
    row |= {
        "mb": round(result.size_mb, 1),
        "analyze_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "cpu_s_per_mb": round(cpu / result.size_mb, 4),
        "rss_mb": round(rss, 1),
        "wc_s": round(wc.wall, 3),
        "wc_cpu_s": round(wc.cpu, 3),
        "checks": [c for c in result.checks if "==" not in c],
        "ok": result.ok,
    }
    return row


def ratios(rows: list[dict[str, Any]], orjson: dict[str, tuple[float, float]]) -> None:
    """x orjson, x wc -l and x fle (the filter-log-events row of the same events), in CPU time:
    on a shared machine other load stretches wall time, much less the CPU a process uses."""
    fle = {r["source"]: r["cpu_s"] for r in rows if r["group"] != "formats"}
    fle_pure = {r["source"]: r.get("pure_cpu_s") for r in rows if r["group"] != "formats"}
    fle_before = {r["source"]: r.get("before_cpu_s") for r in rows if r["group"] != "formats"}
    for row in rows:
        row["x_orjson"] = round(row["cpu_s"] / orjson[row["source"]][1], 2)
        row["x_wc"] = round(row["cpu_s"] / max(row["wc_cpu_s"], 1e-3), 1)
        base = fle.get(row["source"])
        row["x_fle"] = round(row["cpu_s"] / base, 2) if base else None
        pure = fle_pure.get(row["source"])
        row["x_fle_pure"] = round(row["cpu_s"] / pure, 2) if pure else None
        old, old_base = row.get("before_cpu_s"), fle_before.get(row["source"])
        row["before_x_fle"] = round(old / old_base, 2) if old and old_base else None


def table(rows: Sequence[dict[str, Any]]) -> str:
    paired = any("before_cpu_s" in r for r in rows)
    head: tuple[str, ...] = (
        "input",
        "MB",
        "wall s",
        "CPU s",
        "CPU s/MB",
        "x orjson",
        "x wc -l",
        "x fle",
        "x fle pure",
    )
    head = (*head, "RSS MB", "counts")
    if paired:
        head = (*head[:2], "before CPU s", *head[2:7], "before x fle", *head[7:9], "before RSS MB", *head[9:])
    lines = [
        "| " + " | ".join(head) + " |",
        "|" + "|".join("---:" if i else "---" for i in range(len(head))) + "|",
    ]
    for r in rows:
        ok = r["ok"] and r.get("before_ok", True)
        cells = [
            f"{r['group']}: {r['input']}",
            f"{r['mb']:,.0f}" if r["mb"] >= 10 else f"{r['mb']:.1f}",
            f"{r['analyze_s']:.2f}",
            f"{r['cpu_s']:.2f}",
            f"{r['cpu_s_per_mb']:.4f}",
            f"{r['x_orjson']:.2f}",
            f"{r['x_wc']:.0f}",
            "1.00" if r["x_fle"] is None else f"{r['x_fle']:.2f}",
            "" if r.get("x_fle_pure") is None else f"{r['x_fle_pure']:.2f}",
            f"{r['rss_mb']:.0f}",
            "= truth" if ok else "; ".join(r["checks"]) or "differs",
        ]
        if paired:
            old_x = r.get("before_x_fle")
            cells = [
                *cells[:2],
                f"{r['before_cpu_s']:.2f}",
                *cells[2:7],
                "1.00" if old_x is None else f"{old_x:.2f}",
                *cells[7:9],
                f"{r['before_rss_mb']:.0f}",
                *cells[9:],
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


STARTUP_TARGET_S = 0.3  # issue 14: `connfail analyze` on the bundled example, wall


def startup(n: int, connfail: list[str], before: list[str] | None) -> dict[str, Any]:
    """The start-up row: `n` runs of analyze on the bundled example (bench/startup.py's timing,
    interleaved with `before`), medians; one more run checks its counts against
    examples/expected.json and gives its peak RSS."""
    expected = json.loads((EXAMPLE.parent / "expected.json").read_text())[EXAMPLE.name]
    commands = {"before": before} if before else {}
    commands["after"] = connfail
    argv = {
        name: [*cmd, "analyze", "--format", "json", "--fail-on", "never", str(EXAMPLE)]
        for name, cmd in commands.items()
    }
    timed = time_runs(argv, n, Path.cwd(), dict(os.environ))
    row: dict[str, Any] = {"input": EXAMPLE.name, "mb": round(EXAMPLE.stat().st_size / 1e6, 2), "runs": n}
    for name, runs in timed.items():
        prefix = "before_" if name == "before" else ""
        checked = run(argv[name])
        try:
            summary = json.loads(checked.stdout)["summary"]
            ok = all(summary[key] == expected[key] for key in ("events", "invocations", "failed_invocations"))
        except (ValueError, KeyError, TypeError):
            ok = False
        row |= {
            f"{prefix}wall_s": round(statistics.median(r.wall for r in runs), 3),
            f"{prefix}lowest_wall_s": round(min(r.wall for r in runs), 3),
            f"{prefix}cpu_s": round(statistics.median(r.cpu for r in runs), 3),
            f"{prefix}rss_mb": round(checked.rss_mb, 1),
            f"{prefix}ok": ok and all(r.code in (0, 1) for r in runs),
        }
    row["ok"] = row["ok"] and row.get("before_ok", True)
    return row


def startup_table(row: dict[str, Any]) -> str:
    """The start-up row as a table of its own: its target is wall time, not a ratio."""
    sides = [("before ", "before_")] if "before_wall_s" in row else []
    sides.append(("", ""))
    head = ["input", "runs"]
    for label, _ in sides:
        head += [f"{label}wall s", f"{label}lowest wall s", f"{label}CPU s", f"{label}RSS MB"]
    head += [f"target (wall < {STARTUP_TARGET_S} s)", "counts"]
    cells = [f"start-up: {row['input']}", str(row["runs"])]
    for _, prefix in sides:
        cells += [
            f"{row[prefix + 'wall_s']:.3f}",
            f"{row[prefix + 'lowest_wall_s']:.3f}",
            f"{row[prefix + 'cpu_s']:.3f}",
            f"{row[prefix + 'rss_mb']:.0f}",
        ]
    cells += [
        "met" if row["wall_s"] < STARTUP_TARGET_S else "not met",
        "= expected.json" if row["ok"] else "differs",
    ]
    return "\n".join(
        [
            "| " + " | ".join(head) + " |",
            "|" + "|".join("---:" if i else "---" for i in range(len(head))) + "|",
            "| " + " | ".join(cells) + " |",
        ]
    )


def plan(args: argparse.Namespace) -> list[Case]:
    out: Path = args.out
    cases: list[Case] = []

    def generated(size: int, extra: list[str], name: str) -> Path:
        path = out / name
        ensure(path, ["--size", str(size), *extra])
        return path

    for size in args.sizes:
        path = generated(size, [], f"{_label(size)}.json")
        cases.append(Case("sizes", f"filter-log-events {_label(size).upper()}B", path, path))
    for share in args.shares:
        path = generated(
            args.share_size, ["--fail-rate", f"{share}%"], f"{_label(args.share_size)}-fail{share}.json"
        )
        cases.append(Case("shares", f"{share} % failing, {_label(args.share_size).upper()}B", path, path))
    for count in args.streams:
        size = max(args.share_size, count * BYTES_PER_STREAM)
        # fewer streams than environments alive at once need fewer environments
        few = ["--concurrency", str(count)] if count < CONCURRENCY else []
        name = (
            f"{_label(size)}-streams{count // 1000}k.json"
            if count >= 1000
            else f"{_label(size)}-streams{count}.json"
        )
        path = generated(size, ["--streams", str(count), *few], name)
        cases.append(
            Case(
                "streams", f"{count:,} stream{'' if count == 1 else 's'}, {_label(size).upper()}B", path, path
            )
        )
    if args.formats:
        source = generated(args.format_size, [], f"{_label(args.format_size)}.json")
        if not any(c.path == source for c in cases):
            cases.append(
                Case("sizes", f"filter-log-events {_label(args.format_size).upper()}B", source, source)
            )
        cases += converted(source, out)
    return cases


def _sizes(text: str) -> list[int]:
    return [parse_size(x) for x in text.split(",") if x.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--sizes",
        type=_sizes,
        default=_sizes("10MB,100MB,1GB"),
        help="filter-log-events sizes (default 10MB,100MB,1GB; 2GB works)",
    )
    ap.add_argument(
        "--large",
        nargs="?",
        const=parse_size("2GB"),
        type=parse_size,
        metavar="SIZE",
        help="also the sizes row of SIZE (default 2GB): generated once into --out (2 GB of disk), "
        "and its orjson.loads child needs about 4 x SIZE of memory",
    )
    ap.add_argument(
        "--startup",
        type=int,
        default=20,
        metavar="N",
        help="runs of the start-up row, the bundled example (README's first command), median kept "
        "(default 20; 0 leaves it out)",
    )
    ap.add_argument(
        "--shares",
        type=_ints,
        default=[1, 10, 50, 100],
        help="failing shares in %%, comma-separated ('' for none)",
    )
    ap.add_argument(
        "--share-size",
        type=parse_size,
        default=parse_size("100MB"),
        help="size of the share and stream files (100MB)",
    )
    ap.add_argument(
        "--streams",
        type=_ints,
        default=[1, 100_000],
        help="stream counts, comma-separated (default 1,100k; '' for none)",
    )
    ap.add_argument(
        "--format-size",
        type=parse_size,
        default=parse_size("100MB"),
        help="size whose events every format re-encodes (100MB)",
    )
    ap.add_argument("--no-formats", dest="formats", action="store_false", help="leave out the format rows")
    ap.add_argument(
        "--only",
        type=lambda text: [x for x in text.split(",") if x],
        default=[""],
        metavar="WORDS",
        help="only the format rows whose name holds one of these comma-separated words (e.g. csv,pages)",
    )
    ap.add_argument("--out", type=Path, default=HERE / "out", help="where files are kept (bench/out)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per row, median kept (default 1)")
    ap.add_argument(
        "--connfail",
        help="command to run instead of this checkout's `python -m checker` "
        "(e.g. 'env PYTHONPATH=/path/to/old python -m checker')",
    )
    ap.add_argument(
        "--before",
        help="also run this command on each row first (paired), e.g. an older checkout: "
        "'env PYTHONPATH=/path/to/old python -m checker'",
    )
    ap.add_argument("--json", type=Path, metavar="OUT", help="also write the rows as JSON")
    args = ap.parse_args(argv)
    compile_checkout()
    args.out = args.out.resolve()
    args.json = args.json.resolve() if args.json else None
    args.out.mkdir(parents=True, exist_ok=True)
    if args.large and args.large not in args.sizes:
        args.sizes.append(args.large)
    if args.connfail is None:  # this checkout's code, whatever is installed
        os.environ["PYTHONPATH"] = str(HERE.parent)
        connfail = [sys.executable, "-m", "checker"]
    else:
        connfail = connfail_cmd(args.connfail)
    cases = [c for c in plan(args) if c.group != "formats" or any(o in c.label for o in args.only)]
    # From a folder of its own: `python -m` puts the working folder first on sys.path, which
    # would make every command run the checkout the benchmark was started in.
    os.chdir(tempfile.mkdtemp(prefix="connfail-matrix-"))
    orjson: dict[str, tuple[float, float]] = {}
    for case in cases:
        if case.source.name not in orjson:
            _warm(case.source)
            orjson[case.source.name] = _orjson(case.source, args.repeat)
    before = shlex.split(args.before) if args.before else None
    rows = []
    for case in cases:
        rows.append(measure(case, args.repeat, connfail, before))
        if args.json:  # the rows so far, in case a long run is stopped
            args.json.write_text(json.dumps({"rows": rows, "orjson_s": orjson}, indent=2) + "\n")
        print(
            f"{case.group}: {case.label}: {rows[-1]['cpu_s']} s CPU, {rows[-1]['rss_mb']} MB", file=sys.stderr
        )
    ratios(rows, orjson)
    started = startup(args.startup, connfail, before) if args.startup else None
    load = os.getloadavg()
    print(
        f"connfail: {' '.join(connfail)}"
        + (f"; before: {args.before}" if args.before else "")
        + f"; {os.cpu_count()} CPUs, "
        f"load {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} at the end; "
        f"medians of {args.repeat}; CPU = user + system; peak RSS from getrusage(RUSAGE_CHILDREN)"
    )
    print(table(rows))
    if started is not None:
        print("\n" + startup_table(started))
    if args.json:
        document = {"rows": rows, "orjson_s": orjson, "load": load, "startup": started}
        args.json.write_text(json.dumps(document, indent=2) + "\n")
    return 0 if all(r["ok"] for r in rows) and (started is None or started["ok"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
