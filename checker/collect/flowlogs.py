"""Flow-log records of the failing destinations, from the flow log's CloudWatch log group.

The server-side filter (`?"10.0.3.47" ?"10.0.8.9"`) only narrows the scan; each record is then
read with its flow log's LogFormat and kept when an address and port really match, so a
`10.0.3.470` or another port never slips in. Destinations known only by name (an RDS endpoint)
match on the port alone; DNS failures (ENOTFOUND) have nothing to match: queries to the Amazon
DNS server are never logged (facts/network.md §4.1).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any

from checker.collect.aws import Aws
from checker.collect.logs import GroupEvents, filter_log_events

DEFAULT_FORMAT = (
    "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} "
    "${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}"
)
_FIELD = re.compile(r"\$\{([a-z0-9-]+)\}")
DEFAULT_INTERVAL_S = 600  # MaxAggregationInterval when describe-flow-logs does not say
NO_FLOW_CATEGORIES = frozenset({"ENOTFOUND"})


@dataclass(frozen=True)
class Target:
    """A failing destination as a flow record can show it: an address, a port, or both."""

    ip: str | None
    port: int | None


@dataclass(frozen=True)
class FlowLogGroup:
    """A CloudWatch Logs flow log of the VPC: where its records are and how they read."""

    flow_log_id: str
    log_group: str
    format: str
    interval_s: int


def targets(destinations: list[tuple[str, str | None, int | None]]) -> list[Target]:
    """(category, host, port) of failing destinations -> what flow records can match."""
    found: list[Target] = []
    for category, host, port in destinations:
        if category in NO_FLOW_CATEGORIES:
            continue
        ip = _ip(host)
        target = Target(ip, port)
        if (ip is not None or port is not None) and target not in found:
            found.append(target)
    return found


def _ip(host: str | None) -> str | None:
    if host is None:
        return None
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


def cloudwatch_flow_logs(described: dict[str, Any]) -> list[FlowLogGroup]:
    """The flow logs of describe-flow-logs output that deliver to a CloudWatch log group."""
    found = []
    for flow in described.get("FlowLogs", []):
        group = flow.get("LogGroupName")
        if flow.get("LogDestinationType", "cloud-watch-logs") != "cloud-watch-logs" or not group:
            continue
        found.append(
            FlowLogGroup(
                str(flow.get("FlowLogId", "")),
                str(group),
                str(flow.get("LogFormat") or DEFAULT_FORMAT),
                int(flow.get("MaxAggregationInterval") or DEFAULT_INTERVAL_S),
            )
        )
    return found


def format_fields(log_format: str) -> list[str]:
    """`${version} ${srcaddr} ...` -> ["version", "srcaddr", ...]."""
    return _FIELD.findall(log_format)


def record(message: str, fields: list[str]) -> dict[str, str] | None:
    """One flow record as {field: value}; None when its field count is not the format's."""
    values = message.split()
    if len(values) != len(fields):
        return None
    return dict(zip(fields, values, strict=True))


def matches(rec: dict[str, str], wanted: list[Target]) -> bool:
    """The record is to or from a failing destination (address and port, as far as known)."""
    addresses = {rec.get(k) for k in ("srcaddr", "dstaddr", "pkt-srcaddr", "pkt-dstaddr")} - {None, "-"}
    ports = {rec.get("srcport"), rec.get("dstport")} - {None, "-"}
    for target in wanted:
        if target.ip is not None and target.ip not in addresses:
            continue
        if target.port is not None and str(target.port) not in ports:
            continue
        return True
    return False


def filter_pattern(wanted: list[Target]) -> str | None:
    """OR of the quoted addresses; None (no server-side filter) when one target has only a port."""
    if any(t.ip is None for t in wanted):
        return None
    return " ".join(f'?"{t.ip}"' for t in wanted)


def fetch(
    aws: Aws, flow: FlowLogGroup, wanted: list[Target], start_ms: int, end_ms: int
) -> tuple[GroupEvents, int]:
    """The group's records matching `wanted` in the window widened by one aggregation interval
    each side (a record's timestamp is its interval's start), and how many records the
    format could not read (kept out, counted). Raises AwsError."""
    pad = flow.interval_s * 1000
    got = filter_log_events(aws, flow.log_group, max(start_ms - pad, 0), end_ms + pad, filter_pattern(wanted))
    fields = format_fields(flow.format)
    kept = []
    unreadable = 0
    for event in got.events:
        rec = record(str(event.get("message", "")), fields)
        if rec is None:
            unreadable += 1
        elif matches(rec, wanted):
            kept.append(event)
    got.events = kept
    return got, unreadable
