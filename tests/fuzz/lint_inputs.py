"""Hostile sources for the linter: mutations of the lint fixtures, and the check of one run.

Shared by tests/fuzz/test_lint_fuzz.py (a few seconds in CI) and bench/fuzz_lint.py (longer).
Each mutation is one way real or crafted files break parsers: nesting deeper than a stack,
literals too large for a float, random bytes, NULs, undecodable or UTF-16 text, BOMs, lone
surrogates, truncation, splices of two files, odd line endings.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from checker.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "lint"
PYTHON = (".py",)
JAVASCRIPT = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")


def _seeds(suffixes: tuple[str, ...]) -> list[tuple[str, bytes]]:
    return [
        (p.suffix, p.read_bytes()) for p in sorted(DATA.rglob("*")) if p.is_file() and p.suffix in suffixes
    ]


PYTHON_SEEDS = _seeds(PYTHON)
JAVASCRIPT_SEEDS = _seeds(JAVASCRIPT)

# Deep shapes as (opening, innermost, closing) per language; repeated n times.
_PY_DEEP = [
    ("(", "1", ")"),
    ("[", "1", "]"),
    ("{'k': ", "1", "}"),
    ("f(", "1", ")"),
    ("- ", "1", ""),
    ("not ", "1", ""),
    ("~", "1", ""),
    ("lambda: ", "1", ""),
    ("1 + ", "1", ""),
    ("x.", "y", ""),
    ("1 if c else ", "2", ""),
    ("await ", "x", ""),
    ("(timeout := ", "1", ")"),
]
_JS_DEEP = [
    ("(", "1", ")"),
    ("[", "1", "]"),
    ("{a: ", "1", "}"),
    ("f(", "1", ")"),
    ("- ", "1", ""),
    ("!", "1", ""),
    ("~", "1", ""),
    ("() => ", "1", ""),
    ("1 + ", "1", ""),
    ("x.", "y", ""),
    ("c ? 1 : ", "2", ""),
    ("new F(", "1", ")"),
    ("`${", "1", "}`"),
    ("", "f", "()"),
    ("await ", "x", ""),
    ("{timeout: ", "1", "}"),
]
_HUGE = [
    "0x" + "f" * 5_000,
    "0b" + "1" * 20_000,
    "9" * 5_000,
    "1e999",
    "-0x" + "f" * 5_000,
    "0o" + "7" * 8_000,
    "1_" * 3_000 + "0",
    "9" * 400 + ".5",
    "0x" + "f" * 5_000 + "n",
]
_BAD_BYTES = [
    b"\x00",
    b"\xff",
    b"\xfe\xff",
    b"\xc3\x28",
    b"\xed\xa0\x80",
    b"\xef\xbb\xbf",
    b"\r",
    b"\x0c",
    b"\x1b[31m",
    b"\xe2\x80\xae",
    b"\\",
    b"'",
    b'"',
    b"`",
    b"/*",
    b"${",
]
Mutation = Callable[[bytes], bytes]


@st.composite
def _at_line(draw: st.DrawFn, data: bytes, insert: bytes) -> bytes:
    lines = data.split(b"\n")
    where = draw(st.integers(0, len(lines)))
    return b"\n".join([*lines[:where], insert, *lines[where:]])


@st.composite
def _deep(draw: st.DrawFn, data: bytes, python: bool, most: int) -> bytes:
    opening, inner, closing = draw(st.sampled_from(_PY_DEEP if python else _JS_DEEP))
    n = draw(st.integers(1, most))
    expression = opening * n + inner + closing * n
    statement = f"timeout = {expression}" if python else f"const timeout = {expression};"
    return draw(_at_line(data, statement.encode()))


@st.composite
def _huge(draw: st.DrawFn, data: bytes) -> bytes:
    literal = draw(st.sampled_from(_HUGE)).encode()
    numbers = list(re.finditer(rb"\b\d+\b", data))
    if not numbers:
        return data + b"\nx = " + literal + b"\n"
    match = numbers[draw(st.integers(0, len(numbers) - 1))]
    return data[: match.start()] + literal + data[match.end() :]


@st.composite
def _splice(draw: st.DrawFn, data: bytes, pieces: st.SearchStrategy[bytes]) -> bytes:
    where = draw(st.integers(0, len(data)))
    return data[:where] + draw(pieces) + data[where:]


@st.composite
def _encoding(draw: st.DrawFn, data: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace") + "\n# é ü 中 \U0001f600\n"
    how = draw(
        st.sampled_from(
            [
                "utf-16",
                "utf-16-le",
                "latin-1",
                "cookie",
                "bogus-cookie",
                "surrogate",
                "surrogate-escape",
                "bom",
                "double-bom",
            ]
        )
    )
    if how in {"utf-16", "utf-16-le"}:
        return text.encode(how, errors="replace")
    if how == "latin-1":
        return text.encode("latin-1", errors="replace")
    if how == "cookie":
        return b"# -*- coding: latin-1 -*-\n" + text.encode("utf-8")
    if how == "bogus-cookie":
        return b"# -*- coding: no-such-codec -*-\n" + data
    if how == "surrogate":  # a lone surrogate as raw bytes (invalid UTF-8)
        return data + "\nx = '\ud800'\n".encode("utf-8", errors="surrogatepass")
    if how == "surrogate-escape":  # valid source whose string holds a lone surrogate
        return data + b"\nrequests.get('\\ud800', timeout='\\udfff')\n"
    return (b"\xef\xbb\xbf" * (2 if how == "double-bom" else 1)) + data


@st.composite
def _truncate(draw: st.DrawFn, data: bytes) -> bytes:
    return data[: draw(st.integers(0, len(data)))]


@st.composite
def _line_endings(draw: st.DrawFn, data: bytes) -> bytes:
    return data.replace(b"\n", draw(st.sampled_from([b"\r\n", b"\r", b"\n\x00", "\u2028".encode()])))


@st.composite
def sources(draw: st.DrawFn, python: bool, most: int = 3_000) -> tuple[str, bytes]:
    """A (suffix, bytes) pair: a fixture with one to three mutations applied in turn."""
    seeds = PYTHON_SEEDS if python else JAVASCRIPT_SEEDS
    suffix, data = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(
            st.sampled_from(["deep", "huge", "bytes", "bad", "encoding", "truncate", "splice", "endings"])
        )
        if kind == "deep":
            data = draw(_deep(data, python, most))
        elif kind == "huge":
            data = draw(_huge(data))
        elif kind == "bytes":
            data = draw(_splice(data, st.binary(min_size=1, max_size=64)))
        elif kind == "bad":
            data = draw(_splice(data, st.sampled_from(_BAD_BYTES)))
        elif kind == "encoding":
            data = draw(_encoding(data))
        elif kind == "truncate":
            data = draw(_truncate(data))
        elif kind == "splice":
            data = draw(_splice(data, st.sampled_from(seeds).map(lambda s: s[1])))
        else:
            data = draw(_line_endings(data))
    return suffix, data


@dataclass(frozen=True)
class Run:
    code: int
    out: list[str]
    err: list[str]


_FINDING = re.compile(r"^(?P<path>.+?):\d+:\d+: CF\d{3} \S")


def lint_once(path: Path) -> Run:
    """`connfail lint PATH` in this process; any exception escaping it fails the caller."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["lint", str(path)])
    return Run(code, out.getvalue().splitlines(), err.getvalue().splitlines())


def problems(run: Run, path: Path) -> list[str]:
    """What is wrong with one run's behaviour, as sentences; [] when it behaved."""
    found: list[str] = []
    if run.code not in (0, 1, 2):
        found.append(f"exit code {run.code}")
    for line in run.out:
        match = _FINDING.match(line)
        if match is None or match["path"] != str(path):
            found.append(f"stdout line is not one finding: {line[:200]!r}")
    if (run.code == 1) != bool(run.out):
        found.append(f"exit {run.code} with {len(run.out)} finding line(s)")
    about_file = [line for line in run.err if line.startswith(f"connfail: {path}: ")]
    summary = [
        line
        for line in run.err
        if re.fullmatch(
            r"connfail: \d+ finding\(s\) in \d+ "
            r"file\(s\)",
            line,
        )
    ]
    if len(about_file) > 1:
        found.append(f"{len(about_file)} stderr lines for one file: {about_file}")
    if len(about_file) + len(summary) != len(run.err):
        found.append(f"stray stderr lines: {run.err}")
    if any("Traceback" in line for line in run.out + run.err):
        found.append("a traceback")
    if run.code == 2 and not about_file:
        found.append("exit 2 without a line naming the file")
    return found
