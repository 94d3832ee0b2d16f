"""Mutated exports for fuzzing the readers: the bundled examples, damaged the ways attackers do.

One place defines the mutations; the hypothesis tests (tests/fuzz/) draw them and the longer
run (bench/fuzz_ingest.py) draws them from a seeded random.Random, so both fuzz the same space.
Every input starts as a real example export (examples/), so most mutants are nearly valid and
reach deep into the readers instead of failing at the first byte.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from checker.config import Config
from checker.errors import InputError

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = ROOT / "examples"
# Small caps, so that the cap paths are fuzzed too without writing megabytes.
CONFIG = Config(max_inflated_bytes=4 * 1024 * 1024, max_message_bytes=2048)


def _console_csv() -> bytes:
    rows = json.loads((EXAMPLES / "insights-console-export.json").read_text())
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=["@timestamp", "@message", "@logStream", "@log"], extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    return b"\xef\xbb\xbf" + out.getvalue().encode()


def _first_events(name: str, count: int, key: str = "events") -> bytes:
    """A big example cut to its first events, so one fuzz run stays in milliseconds."""
    doc = json.loads((EXAMPLES / name).read_text())
    doc[key] = doc[key][:count]
    return json.dumps(doc, indent=4, ensure_ascii=False).encode()


@cache
def bases() -> dict[str, bytes]:
    """file name -> bytes of every bundled export shape."""
    s3 = next((EXAMPLES / "s3-export").rglob("000000.gz"))
    return {
        "get-log-events.json": (EXAMPLES / "get-log-events.json").read_bytes(),
        "filter-log-events.json": _first_events("vpc-node-postgres.json", 60),
        "insights-console-export.json": (EXAMPLES / "insights-console-export.json").read_bytes(),
        "insights-console.csv": _console_csv(),
        "python-dynamodb-insights.json": _first_events("python-dynamodb-insights.json", 60, "results"),
        "subscription-decoded.json": (EXAMPLES / "subscription-decoded.json").read_bytes(),
        "subscription-payload.json": (EXAMPLES / "subscription-payload.json").read_bytes(),
        "single-dns-failure.log": (EXAMPLES / "single-dns-failure.log").read_bytes(),
        "000000": gzip.decompress(s3.read_bytes()),
    }


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _insert(data: bytes, rng: random.Random, piece: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + piece + data[at:]


def _at_value(data: bytes, rng: random.Random, piece: bytes) -> bytes:
    """`piece` in place of a number or string value (after a `": `), else inserted anywhere."""
    spots = [i for i in range(len(data) - 1) if data[i : i + 2] == b": "][:400]
    if not spots:
        return _insert(data, rng, piece)
    at = rng.choice(spots) + 2
    end = at
    if data[at : at + 1] == b'"':
        end = data.find(b'"', at + 1) + 1 or at
    else:
        while end < len(data) and data[end : end + 1] not in b",}\n]":
            end += 1
    return data[:at] + piece + data[end:]


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "flip": _flip,
    "truncate": _truncate,
    "nest": lambda d, r: _at_value(
        d, r, b"[" * r.choice([70, 600, 20_000]) + b"]" * r.choice([0, 70, 600, 20_000])
    ),
    "huge-integer": lambda d, r: _at_value(d, r, b"9" * r.choice([20, 4301, 6000])),
    "float": lambda d, r: _at_value(d, r, r.choice([b"1e20", b"-1e20", b"NaN", b"1e400", b"-0.0", b"1.5"])),
    "surrogate": lambda d, r: _at_value(d, r, r.choice([b'"\\ud800"', b'"a\\udc00b"', b'"\\ud83d\\ude00"'])),
    "duplicate-key": lambda d, r: (
        d.replace(b'"events": [', b'"events": [], "events": [', 1)
        if b'"events": [' in d
        else d.replace(b"{", b'{"k": 1, "k": 2, ', 1)
    ),
    "long-string": lambda d, r: _at_value(d, r, b'"' + b'x\\n\\"' * r.choice([600, 3000]) + b'"'),
    "control-bytes": lambda d, r: _insert(d, r, bytes(r.randrange(32) for _ in range(4))),
    "not-utf8": lambda d, r: _insert(d, r, b"\xff\xfe\xc3"),
    "long-line": lambda d, r: _insert(d, r, b"2026-11-20T10:00:00.000Z " + b"y" * 5000 + b"\n"),
    "quote": lambda d, r: _insert(d, r, r.choice([b'"', b'""', b"\\", b","])),
}

WRAPS = ("none", "gzip", "zip", "gzip-truncated", "zip-two", "gzip-twice")


def wrapped(name: str, data: bytes, how: str) -> tuple[str, bytes]:
    """(file name, bytes) of `data` as a plain file, a .gz, or a zip artifact."""
    if how == "gzip":
        return name + ".gz", gzip.compress(data)
    if how == "gzip-twice":
        return name + ".gz", gzip.compress(gzip.compress(data))
    if how == "gzip-truncated":
        packed = gzip.compress(data)
        return name + ".gz", packed[: max(2, len(packed) * 2 // 3)]
    if how in ("zip", "zip-two"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"logs/{name}", data)
            if how == "zip-two":
                archive.writestr("logs/copy/" + name, data)
        return "artifact.zip", buffer.getvalue()
    return name, data


@dataclass(frozen=True)
class Mutant:
    base: str
    mutations: tuple[str, ...]
    seed: int
    wrap: str

    def build(self) -> tuple[str, bytes, bytes]:
        """(file name, file bytes, the mutated export before wrapping)."""
        rng = random.Random(self.seed)
        data = bases()[self.base]
        for mutation in self.mutations:
            data = MUTATIONS[mutation](data, rng)
        name, packed = wrapped(self.base, data, self.wrap)
        return name, packed, data


def random_mutant(rng: random.Random) -> Mutant:
    return Mutant(
        rng.choice(sorted(bases())),
        tuple(rng.sample(sorted(MUTATIONS), rng.randint(0, 3))),
        rng.randrange(2**32),
        rng.choice(WRAPS),
    )


def expected_events(mutant: Mutant, data: bytes) -> int | None:
    """How many events the mutated export holds, when that can be told without connfail."""
    if mutant.wrap not in ("none", "gzip", "zip", "gzip-twice"):
        return None
    try:
        doc: Any = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if isinstance(doc, dict) and isinstance(doc.get("events"), list) and len(doc) >= 1:
        return len(doc["events"])
    if isinstance(doc, list) and mutant.base.startswith("insights-console"):
        return len(doc)
    return None


@dataclass(frozen=True)
class Outcome:
    error: str | None  # the one line of an InputError
    read: int  # events + skipped over all inputs
    formats: tuple[str, ...]


def analyze_in_process(path: Path) -> Outcome:
    """Run the CLI's pipeline on `path` and render every format, as `connfail analyze` does.

    Raises whatever the CLI would not turn into one line (an AssertionError for a line with a
    newline in it, any other exception as itself): that is a finding of the fuzzer.
    """
    from checker.analyze import analyze, render
    from checker.errors import error_line

    try:
        report = analyze([str(path)], CONFIG)
    except InputError as exc:
        line = f"connfail: {exc}"
        assert "\n" not in line and "\r" not in line, line
        assert len(exc.reason) <= 300 and len(exc.path) <= 300
        return Outcome(line, 0, ())
    for fmt in ("text", "markdown", "json"):
        render(report, fmt).encode("utf-8")  # a lone surrogate would raise here, as print does
    for bad in report.unreadable:  # errors as data: listed in the report, one line each
        line = f"connfail: {error_line(InputError(bad.path, bad.message))}"
        assert "\n" not in line and "\r" not in line, line
        assert len(bad.reason) <= 300 and len(bad.path) <= 300
    if report.unreadable:
        return Outcome(f"connfail: {report.unreadable[0].path}: {report.unreadable[0].reason}", 0, ())
    return Outcome(
        None, sum(i.events + i.skipped for i in report.inputs), tuple(i.format for i in report.inputs)
    )
