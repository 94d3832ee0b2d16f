"""Flow-log exports of both shapes and formats, and the subnet/AZ split they give."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from checker.errors import InputError
from checker.finding import ErrorCount
from checker.network.attribution import SubnetCount
from checker.network.evaluate import _flow_sentence, evaluate_destination
from checker.network.flowlogs import BAD_LINE, NODATA, FlowLogs, fields_of, read_folder
from checker.network.load import load_network
from tests.network import builder

DATA = Path(__file__).resolve().parents[1] / "data" / "network" / "flowlogs"
SG_DROP = DATA / "sg-drop-cloudwatch"
NACL_DROP = DATA / "nacl-drop-s3"
CUSTOM = (
    "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} "
    "${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${vpc-id} ${subnet-id} ${tcp-flags} "
    "${az-id} ${flow-direction}"
)
DB_TIMEOUT = ErrorCount(
    "ETIMEDOUT", "ETIMEDOUT", "connect ETIMEDOUT 10.0.3.47:5432", "10.0.3.47", 5432, None, 28, ""
)
WINDOW = (1795168933136, 1795172400000)  # the failures of examples/vpc-node-postgres.json


def _split(folder: Path, edit: Callable[[builder.Files], None], flows: FlowLogs) -> list[SubnetCount]:
    network = load_network(builder.build(folder, edit))
    error = DB_TIMEOUT
    result = evaluate_destination(network, "orders-api", error, WINDOW, flows)
    assert result is not None and result.flow is not None
    return list(result.flow.subnets)


def test_format_from_log_format_or_header() -> None:
    assert fields_of(CUSTOM)[-3:] == ("tcp-flags", "az-id", "flow-direction")
    assert fields_of("version account-id interface-id srcaddr")[3] == "srcaddr"


def test_cloudwatch_export_in_the_custom_format_of_describe_flow_logs() -> None:
    logs = read_folder(SG_DROP, {"/vpc/orders-flow-logs": CUSTOM})
    (stats,) = logs.files
    assert (stats.format, stats.records, dict(stats.skipped)) == ("custom (describe-flow-logs)", 54, {})
    first = logs.records[0]
    assert (
        first.interface_id,
        first.srcaddr,
        first.dstaddr,
        first.dstport,
        first.action,
        first.subnet_id,
        first.az_id,
        first.direction,
        first.tcp_flags,
    ) == (
        "eni-0bb22cc33dd44ee55",
        "10.0.2.23",
        "10.0.3.47",
        5432,
        "REJECT",
        builder.SUB_B,
        "use1-az2",
        "egress",
        2,
    )


def test_cloudwatch_export_read_with_the_wrong_format_counts_every_line_skipped() -> None:
    logs = read_folder(SG_DROP, {})  # default v2: 14 fields, the lines have 19
    assert logs.records == [] and dict(logs.files[0].skipped) == {BAD_LINE: 54}


def test_s3_log_gz_with_its_default_header() -> None:
    logs = read_folder(NACL_DROP, {})
    (stats,) = logs.files
    assert (stats.format, stats.records, dict(stats.skipped)) == ("default v2", 36, {NODATA: 1})
    assert logs.records[1].srcport == 5432 and logs.records[1].action == "REJECT"


def test_sg_drop_rejects_the_outgoing_syn_in_one_subnet(tmp_path: Path) -> None:
    flows = read_folder(SG_DROP, {"/vpc/orders-flow-logs": CUSTOM})
    split = _split(tmp_path, builder.sg_egress_443_only, flows)
    assert split == [
        SubnetCount(builder.SUB_B, "us-east-1b", "use1-az2", 42, 0, 0, 0),
        SubnetCount(builder.SUB_A, "us-east-1a", "use1-az1", 0, 0, 0, 6),
    ]


def test_nacl_drop_rejects_the_replies_subnet_from_the_eni(tmp_path: Path) -> None:
    # v2 records carry no subnet-id: the ENI (describe-network-interfaces) says which subnet.
    split = _split(tmp_path, builder.nacl_ephemeral, read_folder(NACL_DROP, {}))
    assert split == [
        SubnetCount(builder.SUB_B, "us-east-1b", "use1-az2", 0, 14, 0, 14),
        SubnetCount(builder.SUB_A, "us-east-1a", "use1-az1", 0, 0, 0, 4),
    ]


def test_flow_sentence_confirms_only_the_matching_direction(tmp_path: Path) -> None:
    network = load_network(builder.build(tmp_path, builder.nacl_ephemeral))
    error = DB_TIMEOUT
    replies = evaluate_destination(network, "orders-api", error, WINDOW, read_folder(NACL_DROP, {}))
    syns = evaluate_destination(
        network, "orders-api", error, WINDOW, read_folder(SG_DROP, {"/vpc/orders-flow-logs": CUSTOM})
    )
    assert replies is not None and syns is not None
    assert _flow_sentence(replies) == (
        f"VPC Flow Logs confirm: 14 REJECT records of the replies coming back for the function's ENIs in "
        f"{builder.SUB_B} (use1-az2) to 10.0.3.47:5432 in the failure window; "
        f"{builder.SUB_A} (use1-az1) had none."
    )
    assert _flow_sentence(syns) == (  # SYNs rejected do not fit a return-path ACL: shown, not "confirmed"
        f"VPC Flow Logs show: 42 REJECT records of the outgoing SYN for the function's ENIs in "
        f"{builder.SUB_B} (use1-az2) to 10.0.3.47:5432 in the failure window; "
        f"{builder.SUB_A} (use1-az1) had none."
    )


def test_records_outside_the_failure_window_do_not_count(tmp_path: Path) -> None:
    late = (WINDOW[1] + 3_600_000 * 5, WINDOW[1] + 3_600_000 * 6)
    network = load_network(builder.build(tmp_path, builder.sg_egress_443_only))
    error = DB_TIMEOUT
    result = evaluate_destination(
        network, "orders-api", error, late, read_folder(SG_DROP, {"/vpc/orders-flow-logs": CUSTOM})
    )
    assert result is not None and result.flow is not None
    assert result.flow.records == 0
    assert _flow_sentence(result) == (
        "VPC Flow Logs hold no records to or from 10.0.3.47:5432 in the failure window."
    )


def test_only_records_of_failing_destinations_are_kept() -> None:
    logs = read_folder(NACL_DROP, {}, keep=frozenset({("10.0.1.87", "45000")}))
    (stats,) = logs.files
    assert stats.records == 36  # every record read is counted, only those to or from the pair kept
    assert [(r.srcaddr, r.srcport, r.dstaddr, r.dstport) for r in logs.records] == [
        ("10.0.1.87", 45000, "10.0.3.47", 5432),
        ("10.0.3.47", 5432, "10.0.1.87", 45000),
    ]


def test_a_file_that_is_no_flow_log_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.log.gz"
    bad.write_bytes(b"PAR1\x15\x04\x15\x10")
    try:
        read_folder(bad, {})
    except InputError as exc:
        assert str(exc) == (f"{bad}: is not a complete gzip file: Not a gzipped file (b'PA')")
    else:
        raise AssertionError("no error")
