"""Inline suppression: `# connfail: ignore[CF101]` or `// connfail: ignore` on the flagged line.

Calls to requests and httpx (`foreign_suppressions` in checker/clients/) also honour the
comments real code already carries for the same defect, a request without a timeout:
Ruff/flake8-bandit `# noqa: S113`, Bandit `# nosec B113` and Pylint
`# pylint: disable=missing-timeout` (W3101). They silence the missing or disabled
timeout (CF101, CF102, CF104), not CF103: a timeout that is set but too long is not what they
were written for.
"""

from __future__ import annotations

import re

from checker import clients
from checker.lint.rules import DEFAULT_TOO_LONG, DISABLED, MISSING

_COMMENT = re.compile(r"(?:#|//|/\*)\s*connfail:\s*ignore(?:\[([A-Za-z0-9_,\s]*)\])?")
# Ruff's noqa with S113 among its codes, Bandit's nosec with B113 among its tests, Pylint's
# disable= with missing-timeout or W3101 among its messages (the comments' own syntax).
_FOREIGN = re.compile(
    r"#\s*(?:noqa\s*:\s*(?:[A-Z]+[0-9]+[\s,]*)*?S113\b"
    r"|nosec\b:?\s*(?:B[0-9]+[\s,]*)*?B113\b"
    r"|pylint\s*:\s*disable\s*=\s*[\w\s,-]*?\b(?:missing-timeout|W3101)\b)",
    re.IGNORECASE,
)
FOREIGN_LIBRARIES = frozenset(c.name for c in clients.CLIENTS if c.foreign_suppressions)
FOREIGN_RULES = frozenset({MISSING, DISABLED, DEFAULT_TOO_LONG})


def suppressed(lines: list[str], line: int, end_line: int, rule: str, library: str = "") -> bool:
    """True when the first or last line of the flagged call carries a matching comment."""
    foreign = library in FOREIGN_LIBRARIES and rule in FOREIGN_RULES
    for number in {line, end_line}:
        if 1 <= number <= len(lines):
            text = lines[number - 1]
            if foreign and _FOREIGN.search(text):
                return True
            for match in _COMMENT.finditer(text):
                listed = match.group(1)
                if listed is None:
                    return True
                if rule in {item.strip().upper() for item in listed.split(",")}:
                    return True
    return False
