"""The one-paragraph summary of a finding, shared by every output format."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from pathlib import PurePosixPath

from checker.finding import Finding, ZoneCount
from checker.ingest.read import InputStats
from checker.ingest.skips import CONTROL_MESSAGE, DUPLICATE
from checker.phrasing import connect_attempts, plural, with_service


def function_label(function: str | None, source: str | None) -> str:
    """The function's name, or which export holds a function no log group names."""
    if function:
        return function
    if source:
        return f"unnamed function in {PurePosixPath(source.rsplit('!', 1)[-1]).name}"
    return "unnamed function"


def _place(subnet: str | None, zone: str | None) -> str:
    return " in ".join(x for x in (subnet, zone) if x)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _duration(millis: int) -> str:
    minutes = round(millis / 60_000)
    if minutes < 120:
        return f"{max(minutes, 1)} min"
    return f"{minutes / 60:.0f} h" if minutes % 60 == 0 or minutes >= 600 else f"{minutes / 60:.1f} h"


def _window(f: Finding) -> str | None:
    """A sentence when the failures bunch up in a short part of the time the logs cover."""
    if f.first_seen is None or f.last_seen is None or f.log_span is None or f.failed_invocations < 3:
        return None
    covered = f.log_span[1] - f.log_span[0]
    window = f.last_seen - f.first_seen
    if covered < 10 * 60_000 or window > covered / 2:
        return None
    start = time.strftime("%H:%M", time.gmtime(f.first_seen / 1000))
    end = time.strftime("%H:%M", time.gmtime(f.last_seen / 1000))
    return (
        f"All failures fell within {_duration(window)} ({start}-{end} UTC) of the "
        f"{_duration(covered)} the logs cover."
    )


def _zone(z: ZoneCount) -> str:
    return f"{z.availability_zone_id} ({z.subnet})" if z.subnet else z.availability_zone_id


def _zones(f: Finding) -> str | None:
    """One sentence on the AZ IDs the function logged: where the failing invocations ran."""
    zones = getattr(f, "zones", ())
    if not zones:
        return None
    failing = [z for z in zones if z.failed_invocations]
    clean = [f"{_zone(z)} had 0 of {z.total_invocations}" for z in zones if not z.failed_invocations]
    if len(failing) == 1 and not f.failed_without_zone:
        z = failing[0]
        said = (
            f"all {plural(z.failed_invocations, 'failing invocation')} ran in {_zone(z)}, "
            f"{z.failed_invocations} of {z.total_invocations} there"
        )
    else:
        said = (
            ", ".join(
                f"{z.failed_invocations} of {z.total_invocations} invocations in {_zone(z)} failed"
                for z in failing
            )
            or "no failing invocation ran where an AZ was logged"
        )
        if f.failed_without_zone and failing:
            said += (
                f"; {plural(f.failed_without_zone, 'failing invocation')} ran in "
                "execution environments that logged no AZ"
            )
    if clean:
        said += "; " + ", ".join(clean)
    return f"The function logged its Availability Zone: {said}."


def finding_message(f: Finding) -> str:
    """E.g. '28 invocations failed with connection errors. Primary error: "..." (PostgreSQL).'"""
    parts = [
        f"{plural(f.failed_invocations, 'invocation')} failed with connection errors "
        f"({f.failed_invocations} of {f.total_invocations})."
    ]
    network = getattr(f, "network", None)  # summaries are also built from finding-like records
    if network is not None and network.lead:
        parts.append(network.lead)  # the named cause leads
    quoted = f'"{f.primary.message}"'
    parts.append(f"Primary error: {with_service(quoted, f.primary.service)}.")
    if f.most_frequent is not None:  # the primary is the costliest, not the most frequent: say both
        often, costly = f.most_frequent, f.primary
        billed = (costly.wasted.billed_ms if costly.wasted else 0) / 1000
        parts.append(
            f'Most frequent: "{often.message}" ({often.invocations}); most billed time: '
            f'"{costly.message}" ({billed:,.1f} s).'
        )
    failing_streams = [s for s in f.sources if s.failed_invocations]
    if f.streams_with_invocations > 1 and f.failing_streams < f.streams_with_invocations:
        clean = f.streams_with_invocations - f.failing_streams
        parts.append(
            f"All failures came from {f.failing_streams} of {f.streams_with_invocations} "
            f"execution environments (log streams); the other {clean} had none."
        )
    located = [s for s in failing_streams if s.subnet or s.availability_zone]
    if located and len(located) == f.failing_streams:  # every failing stream, none left out
        where = sorted({_place(s.subnet, s.availability_zone) for s in located})
        parts.append(f"All failures originated from {_join(where)}.")
        healthy = sorted(
            {
                _place(s.subnet, s.availability_zone)
                for s in f.sources
                if not s.failed_invocations and (s.subnet or s.availability_zone)
            }
            - set(where)
        )
        if healthy:
            parts.append(f"Environments in {_join(healthy)} had zero connection errors.")
    zones = _zones(f)
    if zones:
        parts.append(zones)
    window = _window(f)
    if window:
        parts.append(window)
    if len(f.destinations) == 1:
        parts.append("Every failure went to the same destination.")
    if f.timeout is not None:
        t = f.timeout
        if t.function_timeouts >= t.invocations / 2:
            parts.append(
                f"{t.invocations} failing invocations ran into the function timeout "
                f"(about {t.duration_s:g} s each)."
            )
        elif t.attempts > 1:
            parts.append(
                f"{t.invocations} failing invocations each lasted about {t.duration_s:g} s: "
                f"{connect_attempts(t)}."
            )
        else:
            parts.append(
                f"{t.invocations} failing invocations each lasted about {t.duration_s:g} s, "
                f"the connect timeout showing through."
            )
        if t.known_as and t.function_timeouts < t.invocations / 2:
            parts.append(f"That matches {t.known_as}.")
    return " ".join(parts)


# Skips that lose no log event: an overlapping export's repeat, a subscription's health check.
_HARMLESS_SKIPS = frozenset({DUPLICATE, CONTROL_MESSAGE})


def skipped_events_note(inputs: Sequence[InputStats]) -> str | None:
    """A warning when events were read but not analyzed: failures among them are not counted."""
    lost: Counter[str] = Counter()
    for stats in inputs:
        lost.update({r: n for r, n in stats.skipped_reasons.items() if r not in _HARMLESS_SKIPS})
    total = sum(lost.values())
    if not total:
        return None
    reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(lost.items()))
    return (
        f"{plural(total, 'event')} could not be analyzed ({reasons}): connection failures "
        "among them are not counted, so the severity may be higher."
    )
