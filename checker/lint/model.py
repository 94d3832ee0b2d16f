"""The linter's data: what a finding, an unreadable file and a whole run look like."""

from __future__ import annotations

from dataclasses import dataclass


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
    """A file that could not be read or parsed; the run goes on without it."""

    path: str
    reason: str


@dataclass(frozen=True)
class LintResult:
    findings: tuple[LintFinding, ...]
    files: int
    errors: tuple[LintError, ...]


@dataclass(frozen=True)
class Hit:
    """What an analyzer saw at one call, before rule selection and suppression."""

    line: int
    column: int  # 1-based
    end_line: int
    rule: str
    library: str
    message: str
