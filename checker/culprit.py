"""Which line to fix: a failing destination linked to the client calls the linter flags.

A function that timed out connecting to PostgreSQL from Node.js was using `pg`; if the linter
flags a `new Pool()` without `connectionTimeoutMillis`, that call is the likely culprit. The
link is by service and runtime only (the linter cannot know which pool a log line came from),
so it says "likely", and call sites on lines the pull request changed come first.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from checker.client import AWS_API
from checker.detect.services import AWS_SERVICE_NAMES
from checker.finding import ErrorCount, Finding


@functools.cache
def service_libraries() -> dict[tuple[str, str], tuple[str, ...]]:
    """(service, runtime) -> the linter's library ids that talk to it, in registry order: each
    library's `services` (checker/clients/), read both ways."""
    from checker import clients

    table: dict[tuple[str, str], tuple[str, ...]] = {}
    for client in clients.REPORTED:
        for service in client.services:
            table[service, client.runtime] = (*table.get((service, client.runtime), ()), client.name)
    return table


_AWS_NAMES = frozenset(AWS_SERVICE_NAMES.values())
SITES_SHOWN = 3  # call sites named per culprit; the annotations carry every one

ChangedLines = Mapping[str, frozenset[int] | None]  # repo path -> lines the PR added; None: unknown


def service_kind(service: str | None) -> str | None:
    """The table's key for a destination's service: AWS endpoints are one kind."""
    if service in _AWS_NAMES:
        return AWS_API
    return service


def libraries_for(service: str | None, runtimes: Sequence[str]) -> tuple[str, ...]:
    """The library ids of these runtimes that talk to `service`, in table order."""
    kind = service_kind(service)
    found: list[str] = []
    for runtime in runtimes:
        for library in service_libraries().get((kind or "", runtime), ()):
            if library not in found:
                found.append(library)
    return tuple(found)


@dataclass(frozen=True)
class Site:
    """A flagged client call: where (repo path, line), the linter's finding, whether changed."""

    path: str
    line: int
    message: str
    library: str
    rule: str
    changed: bool  # on a line the pull request added or changed

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Culprit:
    """A function's failing destination and the call sites that likely opened it."""

    destination: ErrorCount
    sites: tuple[Site, ...]  # best first: changed lines, then changed files, then by path
    invocations: int  # failing invocations to that destination
    waited_s: float | None  # what each of them typically waited, when known

    def sentence(self) -> str:
        """E.g. 'likely culprit: `src/db.js:12` — new Pool(): ...; these 28 invocations each
        waited ~127 s' (plain text: the caller escapes it)."""
        first = self.sites[0]
        words = f"likely culprit: {first.where} — {first.message}"
        if self.waited_s is not None:
            these = (
                "this invocation" if self.invocations == 1 else f"these {self.invocations} invocations each"
            )
            words += f"; {these} waited ~{self.waited_s:.0f} s"
        more = len(self.sites) - 1
        if more:
            words += f" ({more} more {'site' if more == 1 else 'sites'} of {first.library})"
        return words


def site(finding: Any, path: str, changed: ChangedLines) -> Site:
    lines = changed.get(path, frozenset())
    on_line = path in changed and (lines is None or int(finding.line) in lines)
    return Site(
        path, int(finding.line), str(finding.message), str(finding.library), str(finding.rule), on_line
    )


def order_key(s: Site, changed: ChangedLines) -> tuple[bool, bool, str, int]:
    """Sites on changed lines, then in changed files, then the rest; each by path and line."""
    return (not s.changed, s.path not in changed, s.path, s.line)


def link(finding: Finding, sites: Sequence[Site]) -> Culprit | None:
    """The first destination (most failing first) whose library has a flagged call site."""
    runtimes = finding.runtimes
    for dest in finding.destinations:
        libraries = libraries_for(dest.service, runtimes)
        matched = [s for s in sites if s.library in libraries]
        if matched:
            return Culprit(dest, tuple(matched), dest.invocations, _waited(finding))
    return None


def _waited(f: Finding) -> float | None:
    """The typical wait of a failing invocation: the timeout pattern, else the mean duration."""
    if f.timeout is not None:
        return f.timeout.duration_s
    if f.wasted.invocations_with_report:
        return f.wasted.duration_ms / 1000 / f.wasted.invocations_with_report
    return None
