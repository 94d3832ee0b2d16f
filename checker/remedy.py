"""The remediation a finding carries: a model type, apart from how it is chosen.

`checker.remediation` selects and fills these; the finding model holds them without importing
the selection (no finding <-> remediation circle).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Remediation:
    """One selected entry, its placeholders filled from the finding."""

    id: str
    title: str
    markdown: str
    commands: tuple[str, ...] = ()  # the entry's commands in order, filled in; [0] is the first step
    snippets: tuple[tuple[str, str], ...] = ()  # (library, code) for connect-timeout settings
