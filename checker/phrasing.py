"""Sentences and phrases written in more than one output, declared once.

The text and Markdown reports, the Action's summary, comment and check run, and the
remediation steps say the same things: a count, a destination, a time window, billed time,
a connect timeout. Each is phrased here, so the outputs cannot drift apart. Plain text only:
each face escapes what it prints (the Markdown and HTML escapers, the terminal's `clean`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.constants import ADVISED_CONNECT_TIMEOUT
from checker.ingest.timestamps import iso

if TYPE_CHECKING:
    from checker.cost import TimeoutPattern, Wasted


def plural(count: int, word: str) -> str:
    """`1 invocation`, `2 invocations`."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def destination(host: str | None, port: int | None) -> str:
    """`host:port`, `[v6::addr]:port`, `port 5432` or `(not named)`."""
    if host is None:
        return "(not named)" if port is None else f"port {port}"
    shown = f"[{host}]" if ":" in host and port is not None else host
    return shown if port is None else f"{shown}:{port}"


def with_service(place: str, service: str | None) -> str:
    """`place (service)`, or the place alone when the service is not known."""
    return f"{place} ({service})" if service else place


def time_window(first: int | None, last: int | None, between: str = " .. ") -> str:
    """First and last failure (epoch ms) as ISO times; one time when they are the same."""
    if first is None or last is None:
        return "not in the export"
    return iso(first) if first == last else f"{iso(first)}{between}{iso(last)}"


def duration(ms: float) -> str:
    """`850 ms` below 10 s, `127.3 s` from there."""
    return f"{ms:,.0f} ms" if ms < 10_000 else f"{ms / 1000:,.1f} s"


def wasted(w: Wasted) -> str:
    """Time and money the failing invocations burned, from their REPORT lines."""
    if not w.invocations_with_report:
        return "no REPORT lines for the failing invocations"
    return (
        f"{duration(w.duration_ms)} run ({duration(w.billed_ms)} billed), "
        f"{w.gb_seconds:,.3f} GB-s, ${w.usd:.4f}"
    )


def billed(w: Wasted) -> str:
    """The short form, per destination: billed time and dollars."""
    return f"{duration(w.billed_ms)} billed, ${w.usd:.4f}" if w.invocations_with_report else "no REPORT lines"


def tries(attempts: int) -> str:
    """` x 3 attempts` after a per-attempt time, nothing for one attempt."""
    return f" x {attempts} attempts" if attempts > 1 else ""


def attempts_basis(t: TimeoutPattern) -> str:
    """How the time of one attempt was found, when retries were logged."""
    if t.per_attempt_from == "logged-attempts":
        return " (from the invocation's start to its last logged failure, over the failures logged)"
    return ""


def connect_attempts(t: TimeoutPattern) -> str:
    """`3 connect attempts of about 10 s each`, with how the time of one was found."""
    return f"{t.attempts} connect attempts of about {t.per_attempt_s:g} s each{attempts_basis(t)}"


def would_have_saved(t: TimeoutPattern) -> str:
    """What the advised connect timeout saves; empty when it saves nothing."""
    if not t.saved_s:
        return ""
    return (
        f"A {ADVISED_CONNECT_TIMEOUT} s connect timeout would have saved about {t.saved_s:,.0f} "
        f"billed seconds (${t.saved_usd:.4f})."
    )


def healthy_environments(count: int) -> str:
    """The execution environments (log streams) of a function that logged no failure."""
    return f"{plural(count, 'other environment')} had no failures"


def unbounded_calls(count: int) -> str:
    """What `connfail lint` found, as the Action's summary and comment say it."""
    return f"{plural(count, 'client call')} without a bounded connect timeout"
