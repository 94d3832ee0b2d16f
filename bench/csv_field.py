"""Console CSV with one huge field: analyze time must grow linearly with the field's size.

Writes `bench/out/csv-field-<MB>.csv` (an Insights console download whose first @message is
one quoted field of MB megabytes, with `""` escapes and line breaks inside, then a real
connection error), runs `connfail analyze` on each and prints CPU seconds and CPU per MB: for a
linear reader the last column stays flat as the field grows (a quadratic one doubles it).

    python bench/csv_field.py --sizes 2 8 32
"""

from __future__ import annotations

import argparse
import resource
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

# A line node-postgres prints (examples/lambda_lines.py builds the same wording).
ERROR = (
    "2026-11-20T10:00:01.000Z\t9e7769b1-0f42-45b4-907a-70c31012f037\tERROR\tconnect ETIMEDOUT 10.0.3.47:5432"
)
CHUNK = ('payload {""id"": 1, ""note"": ""a quoted word""}\n' * 1024).encode()


def write(path: Path, megabytes: int) -> None:
    if path.exists():
        return
    with path.open("wb") as out:
        out.write(b'@timestamp,@message\n"2026-11-20 10:00:00.000","')
        for _ in range(megabytes * (1 << 20) // len(CHUNK)):
            out.write(CHUNK)
        out.write(f'"\n"2026-11-20 10:00:01.000","{ERROR}"\n'.encode())


def cpu_of(command: list[str]) -> tuple[float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(command, capture_output=True, cwd=folder, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"analyze failed: {done.stderr.decode()[-400:]}")
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2, 8, 32], metavar="MB")
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    parser.add_argument("--connfail", default=f"{sys.executable} -m checker")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"{'field MB':>8} {'CPU s':>8} {'CPU s/MB':>9}  exit")
    for size in args.sizes:
        path = (args.out / f"csv-field-{size}.csv").resolve()
        write(path, size)
        command = [*shlex.split(args.connfail), "analyze", "--format", "json", str(path)]
        seconds, code = cpu_of(command)
        print(f"{size:>8} {seconds:>8.2f} {seconds / size:>9.3f}  {code}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
