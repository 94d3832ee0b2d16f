"""The step's output and summary files ($GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path

from checker.redact import public
from checker.sink import public_markdown

# GitHub rejects a step summary above 1 MiB; keep a margin for the truncation note.
SUMMARY_LIMIT = 1024 * 1024
_SUMMARY_NOTE = "\n\n> [!NOTE]\n> Summary truncated to GitHub's 1 MiB limit.\n"


def write_outputs(path: str, outputs: Mapping[str, str]) -> None:
    """Append outputs in the runner's `name<<DELIMITER` form, safe for any value."""
    if not path:
        return
    with Path(path).open("a", encoding="utf-8") as fh:
        for name, value in outputs.items():
            delimiter = f"connfail_{secrets.token_hex(8)}"
            fh.write(f"{name}<<{delimiter}\n{public(value)}\n{delimiter}\n")


def read_outputs(text: str) -> dict[str, str]:
    """Parse an output file back (`name=value` and `name<<DELIMITER` forms), for tests."""
    result: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body = []
            for inner in lines:
                if inner == delimiter:
                    break
                body.append(inner)
            result[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            result[name] = value
    return result


def fit_summary(markdown: str, limit: int = SUMMARY_LIMIT) -> str:
    """Cut a summary to `limit` UTF-8 bytes, with a note, never splitting a character."""
    data = markdown.encode("utf-8")
    if len(data) <= limit:
        return markdown
    room = limit - len(_SUMMARY_NOTE.encode("utf-8"))
    return data[:room].decode("utf-8", errors="ignore") + _SUMMARY_NOTE


def append_summary(path: str, markdown: str) -> None:
    if not path:
        return
    with Path(path).open("a", encoding="utf-8") as fh:
        fh.write(fit_summary(public_markdown(markdown)))
