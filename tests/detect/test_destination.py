"""Host and port parsing for every way runtimes print an address."""

from __future__ import annotations

import pytest

from checker.detect.classify import classify
from checker.detect.destination import SCHEME_PORTS, parse_destination, split_local_address

CASES = [
    ("10.0.1.5:5432", ("10.0.1.5", 5432)),
    ("10.0.1.5", ("10.0.1.5", None)),
    ("[::1]:5432", ("::1", 5432)),
    ("[2600:1f18:43a0:8e00::1]:443", ("2600:1f18:43a0:8e00::1", 443)),
    ("2606:4700::6810:85e5:443", ("2606:4700::6810:85e5", 443)),
    ("::1:5432", ("::1", 5432)),
    ("2600:1f18::1", ("2600:1f18::1", None)),
    ("[::ffff:10.0.2.40]:6379", ("10.0.2.40", 6379)),
    ("api.example.com", ("api.example.com", None)),
    ("API.Example.com:8443", ("api.example.com", 8443)),
    ("api.example.com.", ("api.example.com", None)),
    ("https://dynamodb.us-east-1.amazonaws.com/", ("dynamodb.us-east-1.amazonaws.com", 443)),
    ("http://10.0.1.9/health", ("10.0.1.9", 80)),
    ("postgres://app:s3cret@db.internal:6543/orders", ("db.internal", 6543)),
    ("postgresql://db.internal/orders", ("db.internal", 5432)),
    ("mysql://db.internal/orders", ("db.internal", 3306)),
    ("redis://cache.internal", ("cache.internal", 6379)),
    ("mongodb://mongo.internal/app", ("mongo.internal", 27017)),
    ("mongodb+srv://cluster0.x1abc.mongodb.net/app", ("cluster0.x1abc.mongodb.net", None)),
    ("https://[2600:1f18::7]/v1", ("2600:1f18::7", 443)),
    ("10.0.1.5:5432 - Local (10.0.1.23:41234)", ("10.0.1.5", 5432)),
    ("sqs.us-east-1.amazonaws.com/52.46.145.233:443", ("sqs.us-east-1.amazonaws.com", 443)),
    ("/10.0.2.15:5432", ("10.0.2.15", 5432)),
    ("'10.0.1.9:8080',", ("10.0.1.9", 8080)),
    ("api.example.com:99999", ("api.example.com", None)),
    ("", (None, None)),
    ("%%%:80", (None, 80)),
    ("~~~", (None, None)),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] or "<empty>" for c in CASES])
def test_parse_destination(text: str, expected: tuple[str | None, int | None]) -> None:
    assert parse_destination(text) == expected


@pytest.mark.parametrize(("scheme", "port"), sorted(SCHEME_PORTS.items()))
def test_default_port_per_scheme(scheme: str, port: int) -> None:
    assert parse_destination(f"{scheme}://h.internal/x") == ("h.internal", port)


def test_local_suffix_is_split_off_as_the_source() -> None:
    rest, local = split_local_address("connect ECONNREFUSED 10.0.1.5:5432 - Local (10.0.1.23:41234)")
    assert (rest, local) == ("connect ECONNREFUSED 10.0.1.5:5432", "10.0.1.23:41234")


def test_node_local_address_is_evidence_not_the_destination() -> None:
    [failure] = classify("Error: connect ETIMEDOUT 10.0.3.47:5432 - Local (10.0.1.23:41234)")
    assert (failure.host, failure.port, failure.local_address) == ("10.0.3.47", 5432, "10.0.1.23:41234")
    assert failure.message == "connect ETIMEDOUT 10.0.3.47:5432"


def test_go_dns_resolver_port_is_not_the_destination() -> None:
    [failure] = classify("dial tcp: lookup orders.internal on 169.254.78.1:53: no such host")
    assert (failure.category, failure.host, failure.port) == ("ENOTFOUND", "orders.internal", None)


def test_go_resolver_unreachable_is_still_a_dns_failure() -> None:
    line = (
        "dial tcp: lookup api.example.com on 10.0.0.2:53: dial udp 10.0.0.2:53: connect: "
        "network is unreachable"
    )
    [failure] = classify(line)
    assert (failure.category, failure.code, failure.host, failure.port) == (
        "ENOTFOUND",
        "lookup",
        "api.example.com",
        None,
    )


def test_go_lookup_takes_the_port_from_the_request_url() -> None:
    line = (
        'Get "https://api.partner.example/v2/orders": dial tcp: lookup api.partner.example '
        "on 169.254.78.1:53: no such host"
    )
    [failure] = classify(line)
    assert (failure.host, failure.port, failure.service) == ("api.partner.example", 443, "HTTPS")
