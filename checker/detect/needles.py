"""The byte strings that make a log event worth a look, matched before any decoding.

Shared by the grouper (checker/invocations.py), the C scanner (checker/ingest/fast_events.py)
and `collect` (which keeps the events carrying one): a leaf module, so none imports another.
"""

from __future__ import annotations

from checker.detect.classify import ANCHORS

# What makes an event worth a look: a platform line at the start of a message (the NUL that
# separates joined messages marks the start), a timeout notice, a JSON platform record, or any
# anchor the classifier needs before it can report a failure.
NEEDLES: tuple[str, ...] = (
    "\x00START RequestId",
    "\x00END RequestId",
    "\x00REPORT RequestId",
    "Task timed out after",
    '"platform.',
    *ANCHORS,
)
# An Availability Zone ID the function logged: Powertools `logger.append_keys(az_id=...)`, the
# Lambda metadata endpoint's own answer `{"AvailabilityZoneID":"use1-az1"}` (facts/network.md
# §5.2). The same scan finds them, reported apart from the others (most lines of a Powertools
# function carry one, and they need no classifying); `NEEDLES` (what `collect` keeps) does not.
AZ_NEEDLES: tuple[str, ...] = ('"az_id"', '"AvailabilityZoneID"', '"availability_zone_id"')
