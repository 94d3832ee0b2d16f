"""Flow records are matched by address and port, read with their flow log's own format."""

from __future__ import annotations

from checker.collect.flowlogs import (
    DEFAULT_FORMAT,
    Target,
    cloudwatch_flow_logs,
    filter_pattern,
    format_fields,
    matches,
    record,
    targets,
)

# The default v2 sample record of the AWS VPC user guide (docs.aws.amazon.com/vpc/latest/userguide/
# flow-log-records.html, quoted in many public repositories): accepted SSH traffic.
V2 = (
    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 "
    "1418530010 1418530070 ACCEPT OK"
)


def test_the_default_format_reads_the_guides_record() -> None:
    rec = record(V2, format_fields(DEFAULT_FORMAT))
    assert rec is not None
    assert (rec["srcaddr"], rec["dstaddr"], rec["dstport"], rec["action"]) == (
        "172.31.16.139",
        "172.31.16.21",
        "22",
        "ACCEPT",
    )
    assert record(V2 + " extra", format_fields(DEFAULT_FORMAT)) is None


def test_matches_on_address_and_port_never_on_a_longer_address() -> None:
    rec = record(V2, format_fields(DEFAULT_FORMAT))
    assert rec is not None
    assert matches(rec, [Target("172.31.16.21", 22)])
    assert matches(rec, [Target("172.31.16.139", None)])  # the return direction holds it as source
    assert matches(rec, [Target(None, 22)])
    assert not matches(rec, [Target("172.31.16.2", 22)])
    assert not matches(rec, [Target("172.31.16.21", 5432)])


def test_targets_leave_out_dns_failures_and_names_without_port() -> None:
    assert targets(
        [
            ("ETIMEDOUT", "10.0.3.47", 5432),
            ("ENOTFOUND", "db.example.com", 5432),
            ("ECONNREFUSED", "orders.abc.us-east-1.rds.amazonaws.com", 5432),
            ("ETIMEDOUT", "api.example.com", None),
            ("ETIMEDOUT", "10.0.3.47", 5432),
        ]
    ) == [Target("10.0.3.47", 5432), Target(None, 5432)]


def test_the_server_side_filter_is_an_or_of_addresses_or_nothing() -> None:
    assert filter_pattern([Target("10.0.3.47", 5432), Target("10.0.8.9", None)]) == '?"10.0.3.47" ?"10.0.8.9"'
    assert filter_pattern([Target("10.0.3.47", 5432), Target(None, 5432)]) is None


def test_only_cloudwatch_flow_logs_are_read_and_the_format_defaults_to_v2() -> None:
    described = {
        "FlowLogs": [
            {
                "FlowLogId": "fl-1",
                "LogDestinationType": "cloud-watch-logs",
                "LogGroupName": "/vpc/flow",
                "MaxAggregationInterval": 60,
            },
            {"FlowLogId": "fl-2", "LogDestinationType": "s3", "LogDestination": "arn:aws:s3:::bucket"},
        ]
    }
    [flow] = cloudwatch_flow_logs(described)
    assert (flow.flow_log_id, flow.log_group, flow.format, flow.interval_s) == (
        "fl-1",
        "/vpc/flow",
        DEFAULT_FORMAT,
        60,
    )
