"""A regex compiled on first use: the pattern table has ~170 rows and a run uses a few.

Compiling them all at import cost ~0.09 s of every start-up, most of `connfail analyze` on a
small export; rows whose needles never occur are never compiled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any


class LazyRegex:
    """The parts of `re.Pattern` the detector and its tests use, compiling on first call."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    @property
    def groupindex(self) -> Any:
        return self.compiled.groupindex

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LazyRegex) and (self.pattern, self.flags) == (other.pattern, other.flags)

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"LazyRegex({self.pattern!r}, {self.flags})"
