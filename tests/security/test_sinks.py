"""Structure: text leaves the process only through the sinks that make it public.

A new `print(` or `.write(` elsewhere in checker/ fails here: route it through checker.sink
(stdout, stderr, report files) or checker.github.workflow_commands (the job log).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from checker.redact import neutralize, public, public_in_place, public_line
from checker.render.escape import ZWJ
from checker.sink import public_markdown

CHECKER = Path(__file__).resolve().parents[2] / "checker"
SINKS = {"sink.py", "github/workflow_commands.py", "github/runner_files.py"}
# Writers of bytes that are no output: downloads, spools, and the docs generators' own files.
NOT_OUTPUT = {
    ("github/artifacts.py", "write"),
    ("ingest/sources.py", "write"),
    ("lint/docs.py", "write_text"),
    ("lint/docs.py", "print"),
    ("lint/docs.py", "sys.stderr"),
    ("ingest/docs.py", "write_text"),
    ("ingest/docs.py", "print"),
    ("ingest/docs.py", "sys.stderr"),
    ("remediation.py", "print"),
    ("network/verdicts.py", "print"),
}
WRITERS = {"print", "write", "write_text", "write_bytes", "writelines"}  # analyze.py: sys.stdout.isatty()


def _writes(path: Path) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else (func.attr if isinstance(func, ast.Attribute) else None)
            )
            if name in WRITERS:
                found.append((name, node.lineno))
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in ("stdout", "stderr")
            and (isinstance(node.value, ast.Name) and node.value.id == "sys")
        ):
            found.append((f"sys.{node.attr}", node.lineno))
    return found


def test_only_the_sinks_write_output() -> None:
    stray = []
    for path in sorted(CHECKER.rglob("*.py")):
        rel = path.relative_to(CHECKER).as_posix()
        if rel in SINKS:
            continue
        for name, line in _writes(path):
            if (rel, name) not in NOT_OUTPUT and not (rel == "analyze.py" and name == "sys.stdout"):
                stray.append(f"checker/{rel}:{line}: {name}")
    assert stray == []


DECEIVING = {
    "\u202e": "\\u202e",
    "\u2066": "\\u2066",
    "\u200b": "\\u200b",
    "\u200d": "\\u200d",
    "\u2060": "\\u2060",
    "\ufeff": "\\ufeff",
    "\x1b": "\\x1b",
    "\x9b": "\\x9b",
    "\x07": "\\x07",
    "\x00": "\\x00",
    "\u2028": "\\u2028",
}


@pytest.mark.parametrize(("char", "shown"), sorted(DECEIVING.items()))
def test_deceiving_characters_are_shown_as_escapes(char: str, shown: str) -> None:
    line = f"connect ECONNREFUSED 10.0.1.5:5432{char}ok"
    assert public(line) == f"connect ECONNREFUSED 10.0.1.5:5432{shown}ok"
    assert public_line(line + "\r\n::x") == f"connect ECONNREFUSED 10.0.1.5:5432{shown}ok\\r\\n::x"
    assert public_in_place({f"k{char}": [line]}) == {f"k{shown}": [public(line)]}


def test_markdown_keeps_only_its_own_joiner_and_text_only_colour() -> None:
    assert public_markdown(f"@{ZWJ}octocat \u202e") == f"@{ZWJ}octocat \\u202e"
    assert neutralize("\x1b[1;31mHIGH\x1b[0m \x1b]0;title\x07", colour=True) == (
        "\x1b[1;31mHIGH\x1b[0m \\x1b]0;title\\x07"
    )
    assert public("tab\tnew\nline\r") == "tab\tnew\nline\r"  # whitespace is each format's
