"""Peak RSS and time of `connfail analyze` as the failing share and the number of streams grow.

    python bench/bench_memory.py                      # 100 MB at 1/10/50/100 % failing, 10k/100k streams
    python bench/bench_memory.py --size 1GB --shares 100 --streams ''   # the outage case alone

Memory must follow what the report shows, not the input: the same size at 1 % and at 100 %
failing should need about the same RSS, and so should 330 streams or 100,000. Missing files are
written first with `bench/generate.py` (kept in `--out`, reused by later runs). Each row gives
the file, its failing invocations and streams (from the truth file), analyze's wall time and
peak RSS (the median of `--repeat` runs), and how many invocations the JSON report lists and
leaves out. Exit 1 when a count differs from the truth file or analyze fails.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analyze import Result, check_counts, compile_checkout, connfail_cmd, measured
from generate import parse_size

HERE = Path(__file__).resolve().parent
BYTES_PER_STREAM = 3500  # a one-invocation stream (cold start included) writes about this much


def _label(size: int) -> str:
    return f"{size // 10**9}g" if size % 10**9 == 0 else f"{round(size / 10**6)}m"


def planned(size: int, shares: Sequence[int], streams: Sequence[int]) -> list[tuple[Path, list[str]]]:
    """(file name, generator arguments) of every file of the matrix."""
    files = [
        (Path(f"{_label(size)}-fail{share}.json"), ["--size", str(size), "--fail-rate", f"{share}%"])
        for share in shares
    ]
    for count in streams:
        at_least = max(size, count * BYTES_PER_STREAM)  # every stream holds one invocation or more
        files.append(
            (
                Path(f"{_label(at_least)}-streams{count // 1000}k.json"),
                ["--size", str(at_least), "--streams", str(count)],
            )
        )
    return files


def ensure(path: Path, args: list[str]) -> None:
    if path.exists() and path.with_name(path.name + ".truth.json").exists():
        return
    cmd = [sys.executable, str(HERE / "generate.py"), *args, "--out", str(path)]
    subprocess.run(cmd, check=True)


def bench(path: Path, repeat: int, connfail: list[str]) -> dict[str, Any]:
    truth = json.loads(path.with_name(path.name + ".truth.json").read_text())
    result = Result(path, path.stat().st_size / 1e6)
    cmd = [*connfail, "analyze", "--format", "json", "--fail-on", "never", str(path.resolve())]
    runs = [measured(cmd) for _ in range(repeat)]
    last = runs[-1]
    listed = omitted = 0
    if last.returncode in (0, 1):
        check_counts(result, last.stdout)
        findings = json.loads(last.stdout).get("findings", []) if result.ok else []
        listed = sum(len(f["invocations"]) for f in findings)
        omitted = sum(f.get("invocations_omitted", 0) for f in findings)
    else:
        result.ok = False
        tail = (last.stderr.strip().splitlines() or ["no output"])[-1]
        result.checks.append(f"connfail analyze exited {last.returncode}: {tail}")
    return {
        "file": path.name,
        "size_mb": round(result.size_mb, 1),
        "failed_invocations": truth["failed_invocations"],
        "invocations": truth["invocations"],
        "log_streams": truth["log_streams"],
        "seconds": round(statistics.median(r.seconds for r in runs), 2),
        "rss_mb": round(statistics.median(r.max_rss_mb for r in runs), 1),
        "listed": listed,
        "omitted": omitted,
        "checks": result.checks,
        "ok": result.ok,
    }


def table(rows: Sequence[dict[str, Any]]) -> str:
    head = ("file", "MB", "failing", "streams", "analyze s", "RSS MB", "listed", "omitted")
    body = [
        (
            r["file"],
            f"{r['size_mb']:.0f}",
            f"{r['failed_invocations']:,} ({100 * r['failed_invocations'] / r['invocations']:.0f} %)",
            f"{r['log_streams']:,}",
            f"{r['seconds']:.2f}",
            f"{r['rss_mb']:.0f}",
            f"{r['listed']:,}",
            f"{r['omitted']:,}",
        )
        for r in rows
    ]
    widths = [max(len(c) for c in col) for col in zip(head, *body, strict=True)]
    lines = ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in (head, *body)]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines += [f"{r['file']}: {c}" for r in rows for c in r["checks"] if "==" not in c]
    return "\n".join(lines)


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.replace("k", "000").split(",") if x.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--size",
        type=parse_size,
        default=parse_size("100MB"),
        help="size of each file (default 100MB); a streams file grows to hold its streams",
    )
    ap.add_argument(
        "--shares",
        type=_ints,
        default=[1, 10, 50, 100],
        help="failing shares in %%, comma-separated (default 1,10,50,100)",
    )
    ap.add_argument(
        "--streams",
        type=_ints,
        default=[10_000, 100_000],
        help="stream counts, comma-separated (default 10k,100k; '' for none)",
    )
    ap.add_argument("--out", type=Path, default=HERE / "out", help="where files are kept (bench/out)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per file, median kept (default 1)")
    ap.add_argument("--connfail", help="command to run instead of `connfail` (e.g. 'python -m checker')")
    ap.add_argument("--json", type=Path, metavar="OUT", help="also write the rows as JSON")
    args = ap.parse_args(argv)
    compile_checkout()
    args.out.mkdir(parents=True, exist_ok=True)
    cmd = connfail_cmd(args.connfail)
    rows = []
    for name, gen_args in planned(args.size, args.shares, args.streams):
        path = args.out / name
        ensure(path, gen_args)
        rows.append(bench(path, args.repeat, cmd))
        print(f"{name}: {rows[-1]['seconds']} s, {rows[-1]['rss_mb']} MB", file=sys.stderr)
    print(f"connfail: {' '.join(cmd)}; medians of {args.repeat}")
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
