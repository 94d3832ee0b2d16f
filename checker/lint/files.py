"""Which files to lint: supported extensions, directories walked, .gitignore-style excludes."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

PYTHON_SUFFIXES = frozenset({".py"})
JAVASCRIPT_SUFFIXES = frozenset({".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"})
SUFFIXES = PYTHON_SUFFIXES | JAVASCRIPT_SUFFIXES
DECLARATIONS = (".d.ts", ".d.mts", ".d.cts")  # TypeScript type declarations hold no calls


def lintable(path: Path) -> bool:
    return path.suffix in SUFFIXES and not path.name.endswith(DECLARATIONS)
# Folders never walked into (dependencies, caches, VCS); a path given explicitly is still read.
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__",
                          ".tox", ".nox", ".mypy_cache", ".ruff_cache", ".pytest_cache"})


@dataclass(frozen=True)
class Pattern:
    regex: re.Pattern[str]
    negated: bool
    directory_only: bool


def compile_pattern(text: str) -> Pattern | None:
    """One .gitignore line as a regex over a relative POSIX path; None for blanks and comments."""
    line = text.strip()
    if not line or line.startswith("#"):
        return None
    negated = line.startswith("!")
    line = line[1:] if negated else line
    directory_only = line.endswith("/")
    line = line.rstrip("/")
    anchored = "/" in line
    line = line.lstrip("/")
    parts: list[str] = []
    i = 0
    while i < len(line):
        if line.startswith("**/", i):
            parts.append("(?:.*/)?")
            i += 3
        elif line.startswith("/**", i) and i + 3 == len(line):
            parts.append("/.*")
            i += 3
        elif line.startswith("**", i):
            parts.append(".*")
            i += 2
        elif line[i] == "*":
            parts.append("[^/]*")
            i += 1
        elif line[i] == "?":
            parts.append("[^/]")
            i += 1
        elif line[i] == "[":
            end = line.find("]", i + 1)
            if end == -1:
                parts.append(re.escape(line[i]))
                i += 1
            else:
                body = line[i + 1:end]
                parts.append(f"[{'^' + body[1:] if body.startswith('!') else body}]")
                i = end + 1
        else:
            parts.append(re.escape(line[i]))
            i += 1
    prefix = "" if anchored else "(?:.*/)?"
    return Pattern(re.compile(f"^{prefix}{''.join(parts)}$"), negated, directory_only)


class Excludes:
    """Patterns relative to `root`; the last matching pattern decides, as in .gitignore."""

    def __init__(self, patterns: Sequence[str], root: Path) -> None:
        self.patterns = [p for p in (compile_pattern(t) for t in patterns) if p is not None]
        self.root = root

    def excluded(self, path: Path, is_dir: bool) -> bool:
        if not self.patterns:
            return False
        relative = _relative(path, self.root)
        parts = relative.split("/")
        # A path is out when it or any folder above it is matched.
        for depth in range(1, len(parts) + 1):
            candidate = "/".join(parts[:depth])
            if self._matches(candidate, is_dir or depth < len(parts)):
                return True
        return False

    def _matches(self, candidate: str, is_dir: bool) -> bool:
        verdict = False
        for pattern in self.patterns:
            if pattern.directory_only and not is_dir:
                continue
            if pattern.regex.match(candidate):
                verdict = not pattern.negated
        return verdict


def _relative(path: Path, root: Path) -> str:
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        posix = path.as_posix()
        return posix[2:] if posix.startswith("./") else posix


def discover(paths: Sequence[str], excludes: Excludes) -> Iterator[Path]:
    """Files to lint, in a stable order; missing paths are yielded as-is for the caller to report."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, excludes)
        elif not excludes.excluded(path, is_dir=False):
            yield path


def _walk(folder: Path, excludes: Excludes) -> Iterator[Path]:
    for current, dirs, files in os.walk(folder):
        base = Path(current)
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS
                         and not excludes.excluded(base / d, is_dir=True))
        for name in sorted(files):
            candidate = base / name
            if lintable(candidate) and not excludes.excluded(candidate, is_dir=False):
                yield candidate
