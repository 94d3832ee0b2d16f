"""Workflow commands (`::error ...::`) with the runner's escaping and its per-step display caps."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_command(command: Command) -> str:
    props = [
        f"{key}={escape_property(str(value))}"
        for key, value in (("file", command.file), ("line", command.line),
                           ("col", command.col), ("title", command.title))
        if value is not None
    ]
    head = f"{command.kind} {','.join(props)}" if props else command.kind
    return f"::{head}::{escape_data(command.message)}"


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
        lines.append(format_command(Command(
            kind, f"{rest} more {kind}s not shown here (GitHub shows {cap} per step): "
                  "see the job summary.", title="connfail")))
    return lines
