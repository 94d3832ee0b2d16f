"""Subnet and Availability Zone of failures, from evidence only: flow-log records.

Records are matched on the destination address and port in the failure window (the Lambda
side's source port is Hyperplane's, never the function's). A REJECT of the outgoing SYN is the
security group or the outbound ACL; a REJECT of the reply (source port = the service port) is
a network ACL, since security groups never reject return traffic. The sandbox's local address
is never used: it is not the subnet's (facts/network.md §0.1).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from checker.network.flowlogs import FlowRecord
from checker.network.model import Network

WINDOW_PAD_S = 600  # flow-log aggregation intervals are up to 10 minutes


@dataclass(frozen=True)
class SubnetCount:
    subnet: str
    availability_zone: str | None
    availability_zone_id: str | None
    rejected_out: int  # the SYN, rejected on the function's ENI
    rejected_return: int  # the reply, rejected on the way back in (a network ACL)
    rejected_at_destination: int  # rejected on the destination's ENI
    accepted: int  # outgoing records accepted


@dataclass(frozen=True)
class Attribution:
    source: str  # "flow-logs"
    subnets: tuple[SubnetCount, ...]  # every function subnet, most rejected first
    records: int  # records that matched this destination

    @property
    def rejected(self) -> int:
        return sum(s.rejected_out + s.rejected_return + s.rejected_at_destination for s in self.subnets)


def _in(address: str, cidr: str | None) -> bool:
    try:
        return cidr is not None and ipaddress.ip_address(address) in ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        return False


def attribute(
    network: Network,
    function: str,
    addresses: tuple[str, ...],
    port: int,
    window: tuple[int, int] | None,
    records: list[FlowRecord],
) -> Attribution | None:
    """Per function subnet, the records to and from `addresses`:`port`; None without any address."""
    if not addresses:
        return None
    config = network.functions[function]
    subnets = [network.subnets[s] for s in config.subnet_ids if s in network.subnets]
    eni_subnet = {i.eni_id: i.subnet_id for i in network.interfaces}
    dest_enis = {i.eni_id for i in network.interfaces if set(i.private_ips) & set(addresses)}
    low, high = (
        (window[0] // 1000 - WINDOW_PAD_S, window[1] // 1000 + WINDOW_PAD_S) if window else (None, None)
    )
    counts: dict[str, list[int]] = {s.subnet_id: [0, 0, 0, 0] for s in subnets}
    zone_ids: dict[str, str] = {}
    matched = 0
    for r in records:
        if (
            low is not None
            and high is not None
            and r.end is not None
            and r.start is not None
            and (r.end < low or r.start > high)
        ):
            continue
        outgoing = r.dstaddr in addresses and r.dstport == port
        reply = r.srcaddr in addresses and r.srcport == port
        if not (outgoing or reply) or r.protocol not in ("6", "-"):
            continue
        peer = r.srcaddr if outgoing else r.dstaddr
        subnet = r.subnet_id if r.interface_id not in dest_enis else None
        subnet = subnet or (eni_subnet.get(r.interface_id) if r.interface_id not in dest_enis else None)
        subnet = subnet or next((s.subnet_id for s in subnets if _in(peer, s.cidr)), None)
        if subnet not in counts:
            continue
        matched += 1
        if r.az_id:
            zone_ids[subnet] = r.az_id
        slot = counts[subnet]
        if r.action == "REJECT":
            if r.interface_id in dest_enis:
                slot[2] += 1
            elif outgoing:
                slot[0] += 1
            else:
                slot[1] += 1
        elif r.action == "ACCEPT" and outgoing and r.interface_id not in dest_enis:
            slot[3] += 1
    rows = [
        SubnetCount(
            s.subnet_id,
            s.availability_zone,
            zone_ids.get(s.subnet_id) or s.availability_zone_id,
            *counts[s.subnet_id],
        )
        for s in subnets
    ]
    rows.sort(key=lambda c: -(c.rejected_out + c.rejected_return + c.rejected_at_destination))
    return Attribution("flow-logs", tuple(rows), matched)


def place(count: SubnetCount) -> str:
    """`subnet-0a1b2c3d (use1-az2)`: the AZ ID is the same in every account, the name is not."""
    zone = count.availability_zone_id or count.availability_zone
    return f"{count.subnet} ({zone})" if zone else count.subnet
