"""Peak memory and time of `connfail analyze` on hostile inputs (issue 8, "Bounded resources").

Each case is written to a scratch folder, then analyzed in a child process; the child's peak
RSS comes from `resource.getrusage(RUSAGE_CHILDREN)` measured around that child alone (one
child per measuring process, so no earlier child's peak leaks in). The cases:

- `gzip-message`: a gzip holding one filter-log-events event whose message is SIZE bytes.
- `gzip-line`: a gzip of one S3-export text line of SIZE bytes.
- `stdin-line`: one text line of SIZE/8 bytes piped on stdin (written from a file).
- `csv-field`: a Logs Insights console CSV with one @message field of SIZE/100 bytes.
- `folder-100k`: a folder of COUNT small S3-export text files.
- `gz-set`: a folder of 30 gzip files that each inflate to 9 MiB: under --cap (64 MiB) alone,
  far over it together.

Run: `python bench/hostile_inputs.py --size 1GiB --out bench/out/hostile` (needs ~3 GB of disk
for the stdin case at 1 GiB). `--connfail 'python -m checker'` runs another command, e.g. an
older checkout's; `--case NAME` runs one case. Prints one line per case: exit code, seconds,
peak RSS, and the first bytes of stderr.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shlex
import subprocess
import sys
from pathlib import Path

STAMP = "2026-11-20T10:00:00.000Z"
STREAM = "2026/11/20/[$LATEST]0123456789abcdef0123456789abcdef"
LINE = (
    "2026-11-20T10:00:01.000Z\t8f5b2c1e-3d4a-4b6c-9e8f-0a1b2c3d4e5f\tERROR\t"
    "connect ETIMEDOUT 10.0.3.47:5432\n"
)


def _size(text: str) -> int:
    units = {"KiB": 1024, "MiB": 1024**2, "GiB": 1024**3, "KB": 1000, "MB": 1000**2, "GB": 1000**3}
    for unit, scale in units.items():
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * scale)
    return int(text)


def _gzip_stream(path: Path, parts: list[bytes | tuple[bytes, int]]) -> None:
    """Write gzip of the parts; (chunk, n) repeats chunk n times without holding it all."""
    with gzip.open(path, "wb", compresslevel=6) as out:
        for part in parts:
            if isinstance(part, tuple):
                chunk, count = part
                for _ in range(count):
                    out.write(chunk)
            else:
                out.write(part)


def make_cases(out: Path, size: int, count: int) -> dict[str, tuple[list[str], Path | None]]:
    """case name -> (arguments after `analyze`, file to pipe on stdin or None)."""
    out.mkdir(parents=True, exist_ok=True)
    block = b"x" * (1 << 20)
    blocks = max(1, size // len(block))
    cases: dict[str, tuple[list[str], Path | None]] = {}

    message = out / "message.json.gz"
    if not message.exists():
        head = json.dumps({"timestamp": 1795168800000, "logStreamName": STREAM}).encode()[:-1]
        _gzip_stream(
            message,
            [
                b'{"events": [' + head + b', "message": "',
                (block, blocks),
                b'"}], "searchedLogStreams": []}\n',
            ],
        )
    cases["gzip-message"] = ([str(message)], None)

    line = out / "line.gz"
    if not line.exists():
        _gzip_stream(line, [STAMP.encode() + b" ", (block, blocks), b"\n", LINE.encode()])
    cases["gzip-line"] = ([str(line)], None)

    stdin = out / "stdin.log"
    if not stdin.exists():
        with stdin.open("wb") as handle:
            handle.write(STAMP.encode() + b" ")
            for _ in range(max(1, blocks // 8)):
                handle.write(block)
            handle.write(b"\n" + LINE.encode())
    cases["stdin-line"] = (["-"], stdin)

    csv_file = out / "field.csv"
    if not csv_file.exists():
        with csv_file.open("wb") as handle:
            handle.write(b'@timestamp,@message\n"2026-11-20 10:00:00.000","')
            for _ in range(max(1, blocks // 100)):
                handle.write(block)
            handle.write(b'"\n"2026-11-20 10:00:01.000","connect ETIMEDOUT 10.0.3.47:5432"\n')
    cases["csv-field"] = ([str(csv_file)], None)

    folder = out / f"folder-{count}"
    if not folder.exists():
        folder.mkdir()
        for index in range(count):
            sub = folder / f"{index // 1000:03d}"
            sub.mkdir(exist_ok=True)
            (sub / f"{index:06d}.log").write_text(f"{STAMP} {LINE}")
    cases["folder-100k"] = ([str(folder)], None)

    members = out / "gz-set"
    if not members.exists():
        members.mkdir()
        for index in range(30):  # each under the cap, together far over it
            _gzip_stream(members / f"part-{index:02d}.log.gz", [STAMP.encode() + b" ", (block, 9), b"\n"])
    cases["gz-set"] = ([str(members)], None)
    return cases


def measure(command: list[str], stdin: Path | None) -> tuple[int, float, float, str]:
    """(exit code, seconds, peak RSS MiB, stderr head) of one run in a fresh measuring process."""
    probe = (
        "import resource, subprocess, sys, time, json\n"
        "cmd = json.loads(sys.argv[1]); src = sys.argv[2]\n"
        "start = time.perf_counter()\n"
        "with open(src, 'rb') if src else open(__import__('os').devnull, 'rb') as feed:\n"
        "    done = subprocess.run(cmd, stdin=feed, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "took = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps([done.returncode, took, peak, done.stderr[:200].decode('utf-8', 'replace')]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, json.dumps(command), str(stdin or "")],
        capture_output=True,
        text=True,
        check=True,
    )
    code, took, peak, err = json.loads(result.stdout)
    return int(code), float(took), float(peak), str(err)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--size", default="1GiB", help="bomb size (default 1GiB)")
    parser.add_argument("--count", type=int, default=100_000, help="files in the folder case")
    parser.add_argument("--out", type=Path, default=Path("bench/out/hostile"))
    parser.add_argument("--connfail", default=f"{sys.executable} -m checker")
    parser.add_argument("--case", action="append", help="run only these cases")
    parser.add_argument("--cap", default="64MiB", help="max-inflated-bytes for the gz-set case")
    args = parser.parse_args()
    cases = make_cases(args.out, _size(args.size), args.count)
    config = args.out / "cap.yml"
    config.write_text(f"max-inflated-bytes: {_size(args.cap)}\n")
    for name, (paths, stdin) in cases.items():
        if args.case and name not in args.case:
            continue
        extra = ["--config", str(config)] if name == "gz-set" else []
        command = [*shlex.split(args.connfail), "analyze", *extra, *paths]
        code, took, peak, err = measure(command, stdin)
        first = err.strip().splitlines()[0][:120] if err.strip() else ""
        print(f"{name:14} exit {code:3}  {took:8.2f} s  peak RSS {peak:9.1f} MiB  {first}", flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
