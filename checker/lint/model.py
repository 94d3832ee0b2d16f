"""The linter's data: what a finding, an unreadable file and a whole run look like."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Level(str, Enum):
    """How much a file left unlinted weighs: ERROR fails a clean run, WARNING only with --strict."""

    ERROR = "error"  # it could not be read (permission denied, vanished)
    WARNING = "warning"  # read, but not analyzed: the parser or the analyzer could not follow it


@dataclass(frozen=True)
class LintFinding:
    path: str
    line: int  # 1-based
    column: int  # 1-based, in characters
    rule: str
    severity: str  # "error" | "warning"
    message: str
    library: str


@dataclass(frozen=True)
class LintError:
    """A file that could not be read or analyzed; the run goes on without it."""

    path: str
    reason: str
    level: Level = Level.ERROR


@dataclass(frozen=True)
class LintResult:
    findings: tuple[LintFinding, ...]
    files: int
    errors: tuple[LintError, ...]  # errors and warnings, in the order met
    skipped: tuple[str, ...] = ()  # paths the default groups kept out (tests, minified, vendored)

    def failed(self, strict: bool = False) -> bool:
        """Whether the files left unlinted make a run without findings exit 2."""
        return any(e.level is Level.ERROR or strict for e in self.errors)


@dataclass(frozen=True)
class CallHit:
    """What an analyzer saw at one call, before rule selection and suppression."""

    line: int
    column: int  # 1-based
    end_line: int
    rule: str
    library: str
    message: str


def skipped_note(paths: tuple[str, ...], shown: int = 3) -> str:
    """One line for the test, minified and vendored paths the defaults kept out."""
    names = ", ".join(paths[:shown]) + (f" and {len(paths) - shown} more" if len(paths) > shown else "")
    return (
        f"{len(paths)} test, minified or vendored path(s) not linted ({names}); "
        "set lint.tests = [] or lint.vendored = [] to lint them"
    )
