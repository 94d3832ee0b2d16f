"""The job log: workflow commands (`::error ...::`) escaped as GitHub's toolkit does, the
per-step display caps, and plain lines that can never be read as a command.

Everything printed to the job log goes through `format_command`, `log` or `raw_block`: each
makes the text public (checker.redact) and escapes it, so a file name or a JSON key from a
fork's artifact holding `\\n::set-output ...` or `::error title=...::` stays text.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from checker.redact import public, public_line

# GitHub shows at most 10 error, 10 warning and 10 notice annotations per step; the rest vanish.
PER_STEP_CAP = 10


@dataclass(frozen=True)
class Command:
    kind: str  # "error" | "warning" | "notice"
    message: str
    title: str | None = None
    file: str | None = None
    line: int | None = None
    col: int | None = None


def escape_data(text: str) -> str:
    """A command's message, as @actions/core `escapeData` writes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command's property value, as @actions/core `escapeProperty` writes it."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_command(command: Command) -> str:
    props = [
        f"{key}={escape_property(public(str(value)))}"
        for key, value in (
            ("file", command.file),
            ("line", command.line),
            ("col", command.col),
            ("title", command.title),
        )
        if value is not None
    ]
    head = f"{command.kind} {','.join(props)}" if props else command.kind
    return f"::{head}::{escape_data(public(command.message))}"


def log_line(text: str) -> str:
    """A plain line of the job log: one line, and never one the runner reads as a command."""
    line = public_line(text)
    return " " + line if line.startswith("::") else line


def log(text: str) -> None:
    print(log_line(text), flush=True)


def print_command(command: Command) -> None:
    print(format_command(command), flush=True)


def write_lines(lines: Iterable[str]) -> None:
    """Print lines that `format_command` or `raw_block` made."""
    for line in lines:
        print(line, flush=True)


def raw_block(lines: Iterable[str]) -> list[str]:
    """Untrusted lines between `::stop-commands::` and its end token: the runner reads no
    command in them. The token is random, so the text cannot end the block itself."""
    token = secrets.token_hex(16)
    return [f"::stop-commands::{token}", *(log_line(line) for line in lines), f"::{token}::"]


def capped(commands: Iterable[Command], cap: int = PER_STEP_CAP) -> list[str]:
    """Format commands, each kind under the cap; the last slot says how many were left out."""
    by_kind: dict[str, list[Command]] = {}
    for command in commands:
        by_kind.setdefault(command.kind, []).append(command)
    lines: list[str] = []
    for kind, group in by_kind.items():
        if len(group) <= cap:
            lines.extend(format_command(c) for c in group)
            continue
        lines.extend(format_command(c) for c in group[: cap - 1])
        rest = len(group) - (cap - 1)
        lines.append(
            format_command(
                Command(
                    kind,
                    f"{rest} more {kind}s not shown here (GitHub shows {cap} per step): see the job summary.",
                    title="connfail",
                )
            )
        )
    return lines
