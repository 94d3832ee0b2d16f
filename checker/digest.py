"""A compact digest of a report's findings, and the change between two of them.

The digest (function, severity, counts, top destinations) goes into the JSON report (`digest`)
and, hidden, into the check run's summary, where a pull request's run finds its base commit's.
A check run's summary can be written by anyone with `checks: write` on the repository, so a
digest read back is hostile data: bounded in size, checked against the report schema's
`$defs/digest`, never trusted beyond its numbers and names.
"""

from __future__ import annotations

import binascii
import json
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

from checker.finding import Finding
from checker.phrasing import destination
from checker.redact import public
from checker.schema import definition_problems

DIGEST_VERSION = 1
DIGEST_FUNCTIONS = 200  # functions kept, most failing first: a digest stays far below 65,535
DIGEST_DESTINATIONS = 5  # per function
DIGEST_MAX_CHARS = 32_768  # of the encoded digest read back from a check run's summary
# Compiled by `re` on first use (its cache): only the Action reads a digest back.
_MARK = r"<!-- connfail-digest:v(\d+) ([A-Za-z0-9_-]{0," + str(DIGEST_MAX_CHARS) + r"}={0,2}) -->"


def function_label(f: Finding) -> str:
    """The name every face shows for a finding's function: never empty (see message.py)."""
    from checker.render.message import function_label as label

    return label(f.function, getattr(f, "source", None))


def digest(findings: tuple[Finding, ...]) -> dict[str, Any]:
    """The findings as `{"version", "functions": [{function, severity, counts, destinations}]}`."""
    ranked = sorted(findings, key=lambda f: (-f.failed_invocations, function_label(f)))
    return {
        "version": DIGEST_VERSION,
        "functions": [
            # Redacted here: base64 would hide a secret from every output's redaction.
            {
                "function": public(function_label(f)),
                "severity": f.severity,
                "failed_invocations": f.failed_invocations,
                "total_invocations": f.total_invocations,
                "destinations": [
                    {
                        "category": d.category,
                        "destination": public(destination(d.host, d.port)),
                        "invocations": d.invocations,
                    }
                    for d in f.destinations[:DIGEST_DESTINATIONS]
                ],
            }
            for f in ranked[:DIGEST_FUNCTIONS]
        ],
        "functions_omitted": max(len(ranked) - DIGEST_FUNCTIONS, 0),
    }


def encode(data: dict[str, Any]) -> str:
    """The hidden line for a check run's summary: base64url JSON, so no log text can end it."""
    raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    import base64  # only the Action writes the hidden line: `analyze` does not load it

    return f"<!-- connfail-digest:v{DIGEST_VERSION} {base64.urlsafe_b64encode(raw).decode()} -->"


class BadDigest(ValueError):
    """A digest that is there but cannot be used; the message says why, in a few words."""


def decode(summary: str) -> dict[str, Any] | None:
    """The digest hidden in a check run's summary; None when there is none; BadDigest if bad."""
    if not isinstance(summary, str):
        return None
    found = re.search(_MARK, summary[:200_000])
    if found is None:
        return None
    if int(found.group(1)[:3]) != DIGEST_VERSION:
        raise BadDigest(f"digest version {found.group(1)[:3]}, this connfail reads {DIGEST_VERSION}")
    import base64

    try:
        data = json.loads(base64.urlsafe_b64decode(found.group(2)).decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError, RecursionError):
        raise BadDigest("the digest is not base64 JSON") from None
    problems = definition_problems("report", "digest", data, "")
    if problems:
        raise BadDigest(f"the digest does not fit its schema ({problems[0][:120]})")
    result: dict[str, Any] = data
    return result


class Status(str, Enum):
    NEW = "new"
    STILL = "still failing"
    FIXED = "fixed"


@dataclass(frozen=True)
class Change:
    """One function against the base: new, still failing (with the base's count), or fixed."""

    function: str
    status: Status
    base_failed: int | None  # failing invocations on the base, None when it had none
    new_destinations: tuple[str, ...] = ()  # failing here, not on the base


@dataclass(frozen=True)
class Comparison:
    """This run's failing functions against the base's digest."""

    changes: dict[str, Change]  # by function label: every function failing now or on the base
    base_only: tuple[str, ...]  # failing on the base, not in this run's exports: unknown now

    def count(self, status: Status) -> int:
        return sum(1 for c in self.changes.values() if c.status is status)


def compare(base: dict[str, Any], current: dict[str, Any], analyzed: set[str]) -> Comparison:
    """`current` against `base`; `analyzed` names every function this run saw, failing or not."""
    before = {f["function"]: f for f in base["functions"]}
    changes: dict[str, Change] = {}
    for f in current["functions"]:
        old = before.get(f["function"])
        if old is None:
            changes[f["function"]] = Change(f["function"], Status.NEW, None)
            continue
        seen = {(d["category"], d["destination"]) for d in old["destinations"]}
        fresh = tuple(
            d["destination"] for d in f["destinations"] if (d["category"], d["destination"]) not in seen
        )
        changes[f["function"]] = Change(f["function"], Status.STILL, old["failed_invocations"], fresh)
    base_only = []
    for name, old in before.items():
        if name in changes:
            continue
        if name in analyzed:
            changes[name] = Change(name, Status.FIXED, old["failed_invocations"])
        else:
            base_only.append(name)
    return Comparison(changes, tuple(base_only))
