"""The range evaluation of network ACLs agrees with first-match evaluated port by port."""

from __future__ import annotations

import ipaddress

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.network.model import Nacl, NaclEntry
from checker.network.path import Match, nacl_decide

CIDRS = ("0.0.0.0/0", "10.0.0.0/16", "10.0.3.0/24", "10.0.3.47/32", "192.168.0.0/16")
PEER = ipaddress.ip_network("10.0.3.47/32")
LOW, HIGH = 1000, 1100  # a small window of ports, so the oracle can try each one


@st.composite
def entries(draw: st.DrawFn) -> NaclEntry:
    number = draw(st.integers(1, 200))
    protocol = draw(st.sampled_from(("-1", "6", "17")))
    start = draw(st.integers(990, 1110))
    end = draw(st.integers(start, 1120))
    return NaclEntry(
        number,
        False,
        draw(st.booleans()),
        protocol,
        draw(st.sampled_from(CIDRS)),
        start if protocol == "6" else None,
        end if protocol == "6" else None,
    )


def _oracle(nacl: Nacl, port: int) -> bool:
    for e in nacl.entries:
        if e.egress or e.protocol not in ("-1", "6"):
            continue
        if (
            e.protocol == "6"
            and e.port_from is not None
            and e.port_to is not None
            and not e.port_from <= port <= e.port_to
        ):
            continue
        if PEER.subnet_of(ipaddress.ip_network(e.cidr)):  # type: ignore[arg-type]
            return e.allow
    return False


@settings(max_examples=300, deadline=None)
@given(st.lists(entries(), max_size=6, unique_by=lambda e: e.rule_number))
def test_range_decision_matches_every_port(found: list[NaclEntry]) -> None:
    nacl = Nacl("acl-0d1d2d3d4d5d6d7d8", None, False, (), tuple(sorted(found, key=lambda e: e.rule_number)))
    decision, entry = nacl_decide(nacl, False, PEER, LOW, HIGH)
    allowed = [_oracle(nacl, port) for port in range(LOW, HIGH + 1)]
    assert decision is (Match.YES if all(allowed) else Match.NO)
    if entry is not None:
        assert not entry.allow
