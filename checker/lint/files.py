"""Which files to lint: supported extensions, directories walked, .gitignore-style excludes."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from checker.errors import ConfigError
from checker.lint.glob import Glob, GlobError, compile_glob

PYTHON_SUFFIXES = frozenset({".py"})
JAVASCRIPT_SUFFIXES = frozenset({".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"})
SUFFIXES = PYTHON_SUFFIXES | JAVASCRIPT_SUFFIXES
DECLARATIONS = (".d.ts", ".d.mts", ".d.cts")  # TypeScript type declarations hold no calls


def lintable(path: Path) -> bool:
    return path.suffix in SUFFIXES and not path.name.endswith(DECLARATIONS)


# Folders never walked into (dependencies, caches, VCS); a path given explicitly is still read.
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
    }
)


class Excludes:
    """Glob patterns relative to `root`; the last matching pattern decides, as in .gitignore.

    The default groups (`vendored`, then `tests`) come first, so an `exclude` line such as
    `!vendor/` or `!tests/` takes their paths back; a path only they keep out is reported as
    skipped, never dropped in silence.
    """

    def __init__(
        self, patterns: Sequence[str], root: Path, vendored: Sequence[str] = (), tests: Sequence[str] = ()
    ) -> None:
        first = _compile(vendored, "vendored") + _compile(tests, "tests")
        self.patterns = first + _compile(patterns, "exclude")
        self.vendored = frozenset(range(len(first)))
        self.root = root
        self._prefix = os.path.join(os.path.abspath(root), "")

    def excluded(self, path: Path, is_dir: bool) -> bool:
        return self.decider(path, is_dir) is not None

    def decider(self, path: Path, is_dir: bool) -> int | None:
        """Index of the pattern that keeps `path` out (it or a folder above it), or None."""
        return self.decide(self.parts(path), is_dir) if self.patterns else None

    def parts(self, path: Path) -> list[str]:
        """`path` relative to the root, as names (outside the root: as given)."""
        absolute = os.path.abspath(path)
        relative = (
            absolute[len(self._prefix) :].replace(os.sep, "/")
            if absolute.startswith(self._prefix)
            else path.as_posix()
        )
        return [p for p in relative.split("/") if p not in ("", ".")]

    def decide(self, parts: list[str], is_dir: bool, parents_checked: bool = False) -> int | None:
        """decider() on names; `parents_checked`: the folders above were let through already."""
        if not self.patterns:
            return None
        # A path is out when it or any folder above it is matched.
        for depth in range(len(parts) if parents_checked else 1, len(parts) + 1):
            index = self._decide(parts[:depth], is_dir or depth < len(parts))
            if index is not None:
                return index
        return None

    def is_vendored(self, index: int) -> bool:
        return index in self.vendored

    def _decide(self, parts: list[str], is_dir: bool) -> int | None:
        verdict: int | None = None
        for index, pattern in enumerate(self.patterns):
            if pattern.directory_only and not is_dir:
                continue
            if pattern.matches(parts):
                verdict = None if pattern.negated else index
        return verdict


def _compile(patterns: Sequence[str], key: str) -> list[Glob]:
    compiled = []
    for text in patterns:
        try:
            glob = compile_glob(text)
        except GlobError as exc:
            raise ConfigError(f"lint.{key}", f"invalid pattern {text[:80]!r}: {exc}") from None
        if glob is not None:
            compiled.append(glob)
    return compiled


OnSkip = Callable[[Path], None]


def discover(paths: Sequence[str], excludes: Excludes, on_vendored: OnSkip | None = None) -> Iterator[Path]:
    """Files to lint, in a stable order; missing paths are yielded as-is for the caller to report.

    `on_vendored` hears of each file or folder that only the `vendored` patterns keep out.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, excludes, on_vendored)
        elif _kept(path, None, False, excludes, on_vendored):
            yield path


def _kept(
    path: Path, parts: list[str] | None, is_dir: bool, excludes: Excludes, on_vendored: OnSkip | None
) -> bool:
    """Whether `path` is linted; `parts` given when a walk already let its folders through."""
    if parts is None:
        index = excludes.decider(path, is_dir)
    else:
        index = excludes.decide(parts, is_dir, parents_checked=True)
    if index is not None and on_vendored is not None and excludes.is_vendored(index):
        on_vendored(path)
    return index is None


def _walk(folder: Path, excludes: Excludes, on_vendored: OnSkip | None) -> Iterator[Path]:
    # The walk's root is matched whole once; below it, only each new name.
    if not _kept(folder, None, True, excludes, on_vendored):
        return
    top = excludes.parts(folder)
    for current, dirs, files in os.walk(folder):
        base = Path(current)
        below = os.path.relpath(current, folder)
        here = top + ([] if below == "." else below.split(os.sep))
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in SKIPPED_DIRS and _kept(base / d, [*here, d], True, excludes, on_vendored)
        )
        for name in sorted(files):
            candidate = base / name
            if lintable(candidate) and _kept(candidate, [*here, name], False, excludes, on_vendored):
                yield candidate
