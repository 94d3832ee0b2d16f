"""Remediation entries (data) and how the evidence of a finding selects and orders them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.finding import Finding


@dataclass(frozen=True)
class Remediation:
    id: str
    title: str
    markdown: str


def select(finding: Finding) -> tuple[Remediation, ...]:
    """The entries that fit `finding`, most useful first."""
    return ()
