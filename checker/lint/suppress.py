"""Inline suppression: `# connfail: ignore[CF101]` or `// connfail: ignore` on the flagged line."""

from __future__ import annotations

import re

_COMMENT = re.compile(r"(?:#|//|/\*)\s*connfail:\s*ignore(?:\[([A-Za-z0-9_,\s]*)\])?")


def suppressed(lines: list[str], line: int, end_line: int, rule: str) -> bool:
    """True when the first or last line of the flagged call carries a matching comment."""
    for number in {line, end_line}:
        if 1 <= number <= len(lines):
            for match in _COMMENT.finditer(lines[number - 1]):
                listed = match.group(1)
                if listed is None:
                    return True
                if rule in {item.strip().upper() for item in listed.split(",")}:
                    return True
    return False
