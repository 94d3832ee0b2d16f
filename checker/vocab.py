"""The report's vocabularies as enums: each value is the JSON contract's string.

A member is a `str` (equal to, hashed and formatted as its value), so the JSON report, the
renderers and every comparison with the contract's strings stay as they were; a value is parsed
into its enum once, where it enters (CLI, config file, Action input), and compared by order there.
Python 3.10 has no `enum.StrEnum`: `StrEnum` below is the small base it would be.
"""

from __future__ import annotations

from enum import Enum


class StrEnum(str, Enum):
    """A string enum whose members print, format and hash as their values (3.11's StrEnum)."""

    __hash__ = str.__hash__

    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, format_spec: str) -> str:
        return str.__format__(self, format_spec)

    @classmethod
    def values(cls) -> tuple[str, ...]:
        """The values in declaration order: argparse choices, schema enums, error messages."""
        return tuple(member.value for member in cls)


class Severity(StrEnum):
    """How bad a finding is, in order: NONE < ELEVATED < HIGH (design §5 `severity`)."""

    NONE = "NONE"
    ELEVATED = "ELEVATED"
    HIGH = "HIGH"

    @property
    def rank(self) -> int:
        """0 for NONE, 1 for ELEVATED, 2 for HIGH: the order comparisons use."""
        return _SEVERITY_ORDER.index(self)

    # str's comparisons are by spelling ("HIGH" < "NONE"): these compare by rank instead.
    def __lt__(self, other: object) -> bool:
        return self.rank < Severity(other).rank

    def __le__(self, other: object) -> bool:
        return self.rank <= Severity(other).rank

    def __gt__(self, other: object) -> bool:
        return self.rank > Severity(other).rank

    def __ge__(self, other: object) -> bool:
        return self.rank >= Severity(other).rank


_SEVERITY_ORDER = tuple(Severity)


class FailOn(StrEnum):
    """`--fail-on`, the config's `fail-on` and the Action's `fail-on` input: the lowest severity
    that fails the run, or never."""

    HIGH = "high"
    ELEVATED = "elevated"
    NEVER = "never"

    @property
    def threshold(self) -> Severity | None:
        """The severity at or above which the run fails; None for never."""
        return _FAIL_ON_THRESHOLD[self]

    def met_by(self, severity: Severity) -> bool:
        """True when `severity` fails the run ("never" is never met)."""
        threshold = self.threshold
        return threshold is not None and severity >= threshold


_FAIL_ON_THRESHOLD = {FailOn.HIGH: Severity.HIGH, FailOn.ELEVATED: Severity.ELEVATED, FailOn.NEVER: None}
