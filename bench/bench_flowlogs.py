"""Speed and memory of reading flow-log exports for the network evaluator.

Writes N records (`--records`, default 500,000) as a CloudWatch `filter-log-events` export in
a custom v5 format and as an S3 `.log.gz` in the default format, into bench/out/, then reads
each with the failing destination's (address, port) filter the evaluator uses, in a fresh
process per file, and prints wall time, records per second and peak RSS.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
CUSTOM = (
    "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} "
    "${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${vpc-id} ${subnet-id} ${tcp-flags} "
    "${az-id} ${flow-direction}"
)
T0 = 1795168920


def _record(rng: random.Random, n: int, custom: bool) -> str:
    src = f"10.0.{rng.choice((1, 2))}.{rng.randint(2, 250)}"
    dst = "10.0.3.47" if n % 50 == 0 else f"10.0.{rng.randint(0, 9)}.{rng.randint(2, 250)}"
    start = T0 + n % 3600
    action = rng.choice(("ACCEPT", "REJECT"))
    head = (
        f"{5 if custom else 2} 123456789012 eni-0bb22cc33dd44ee55 {src} {dst} {rng.randint(1024, 65535)} "
        f"{rng.choice((443, 5432, 6379))} 6 2 120 {start} {start + 60} {action} OK"
    )
    return head + (" vpc-0a1b2c3d4e5f60718 subnet-0a1b2c3d4e5f67890 2 use1-az2 egress" if custom else "")


def generate(records: int) -> tuple[Path, Path]:
    OUT.mkdir(exist_ok=True)
    cloudwatch, s3 = OUT / f"flow-{records}.json", OUT / f"flow-{records}.log.gz"
    rng = random.Random(7)
    if not cloudwatch.exists():
        events = [
            {
                "logStreamName": "eni-0bb22cc33dd44ee55-all",
                "timestamp": (T0 + n % 3600) * 1000,
                "message": _record(rng, n, True),
                "ingestionTime": (T0 + n % 3600) * 1000 + 300_000,
                "eventId": str(n),
            }
            for n in range(records)
        ]
        cloudwatch.write_text(json.dumps({"events": events}))
    if not s3.exists():
        with gzip.open(s3, "wt") as handle:
            handle.write(
                "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets "
                "bytes start end action log-status\n"
            )
            for n in range(records):
                handle.write(_record(rng, n, False) + "\n")
    return cloudwatch, s3


def measure(path: str) -> None:
    """Run in a child: read one file, print one JSON line."""
    from checker.network.flowlogs import read_folder

    started = time.perf_counter()
    logs = read_folder(
        Path(path),
        {Path(path).name: CUSTOM} if path.endswith(".json") else {},
        frozenset({("10.0.3.47", "5432")}),
    )
    took = time.perf_counter() - started
    # VmHWM, not ru_maxrss: the latter keeps the parent's peak across fork and exec.
    status = Path("/proc/self/status").read_text()
    peak = next(int(line.split()[1]) // 1024 for line in status.splitlines() if line.startswith("VmHWM:"))
    print(
        json.dumps(
            {
                "file": Path(path).name,
                "bytes": Path(path).stat().st_size,
                "seconds": round(took, 2),
                "records": logs.files[0].records,
                "kept": len(logs.records),
                "peak_mb": peak,
            }
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=500_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure(args.child)
        return 0
    for path in generate(args.records):
        line = subprocess.run(
            [sys.executable, __file__, "--child", str(path)],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[1],
        ).stdout
        row = json.loads(line)
        rate = row["records"] / row["seconds"] if row["seconds"] else 0
        print(
            f"{row['file']}: {row['bytes'] / 1e6:.0f} MB, {row['records']:,} records in {row['seconds']} s "
            f"({rate:,.0f}/s), {row['kept']:,} kept, peak RSS {row['peak_mb']} MB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
