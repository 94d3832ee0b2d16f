"""`connfail analyze EVIDENCE/` end to end: logs + network + flow logs, in text, Markdown and JSON."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from jsonschema import Draft202012Validator

from checker.schema import load_schema
from tests.conftest import EXAMPLES, run_cli
from tests.network import builder

FLOWLOGS = Path(__file__).resolve().parents[1] / "data" / "network" / "flowlogs"
LOGS = EXAMPLES / "vpc-node-postgres.json"  # 28 of 150 invocations: connect ETIMEDOUT 10.0.3.47:5432
SG_FIX = builder.CASES["SG_EGRESS_BLOCKS"].fix
NACL_FIX = builder.CASES["NACL_RETURN_DENY"].fix
CUSTOM = (
    "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} "
    "${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${vpc-id} ${subnet-id} ${tcp-flags} "
    "${az-id} ${flow-direction}"
)

# `connfail collect`'s manifest for a folder whose DescribeNetworkAcls call was denied.
DENIED_NACL_MANIFEST = {
    "version": 1,
    "tool": "connfail 0.1",
    "created": "2026-11-20T11:05:00Z",
    "region": "us-east-1",
    "window": {"start": "2026-11-20T10:00:00Z", "end": "2026-11-20T11:00:00Z"},
    "logs_mode": "filter-log-events",
    "insights_query": None,
    "functions": [
        {
            "name": "orders-api",
            "log_group": "/aws/lambda/orders-api",
            "logs": "logs/~aws~lambda~orders-api.json",
            "configuration": "network/get-function-configuration.orders-api.json",
        }
    ],
    "calls": [
        {
            "service": "ec2",
            "operation": "DescribeNetworkAcls",
            "file": "network/describe-network-acls.json",
            "status": "denied",
            "error": "An error occurred (UnauthorizedOperation) when calling the DescribeNetworkAcls "
            "operation: You are not authorized to perform this operation.",
        }
    ],
    "flowlogs": [
        {
            "file": "flowlogs/~vpc~orders-flow-logs.json",
            "log_group": "/vpc/orders-flow-logs",
            "flow_log_id": "fl-0a1b2c3d4e5f60718",
            "format": CUSTOM,
        }
    ],
}


def _evidence(root: Path, edit: Callable[[builder.Files], None], flowlogs: str) -> Path:
    folder = root / "evidence"
    builder.build(folder / "network", edit)
    (folder / "logs").mkdir()
    shutil.copy(LOGS, folder / "logs" / "~aws~lambda~orders-api.json")
    shutil.copytree(FLOWLOGS / flowlogs, folder / "flowlogs")
    return folder


def _flat(text: str) -> str:
    return " ".join(text.replace(" \\\n", " ").split())


def test_sg_drop_named_in_text_markdown_and_json(tmp_path: Path) -> None:
    folder = _evidence(tmp_path, builder.sg_egress_443_only, "sg-drop-cloudwatch")
    title = (
        f"Security group {builder.SG_FN} (orders-lambda) of the function allows no TCP 5432 egress to "
        f"10.0.3.47 or to its security group {builder.SG_DB}: the SYN never leaves the function's ENI."
    )
    split = (
        f"VPC Flow Logs confirm: 42 REJECT records of the outgoing SYN for the function's ENIs in "
        f"{builder.SUB_B} (use1-az2) to 10.0.3.47:5432 in the failure window; "
        f"{builder.SUB_A} (use1-az1) had none."
    )

    text = run_cli("analyze", str(folder), cwd=tmp_path)
    assert text.returncode == 1 and text.stderr == ""
    flat = _flat(text.stdout)
    assert "[HIGH] orders-api: 28 of 150 invocations could not connect" in flat  # group from the file name
    assert (
        f"Network (from the evidence folder) 10.0.3.47:5432 (RDS instance orders-db, "
        f"eni-0cc33dd44ee55ff66), ETIMEDOUT: SG_EGRESS_BLOCKS {title} $ {SG_FIX}"
    ) in flat
    assert f"Flow logs: {builder.SUB_B} (use1-az2): 42 REJECT out (SYN), 0 ACCEPT out" in flat
    assert f"Flow logs: {builder.SUB_A} (use1-az1): 6 ACCEPT out" in flat
    assert f"What to check, in order 1. {title} $ {SG_FIX} 2. Set a 3 s connect timeout" in flat

    markdown = run_cli("analyze", str(folder), "--format", "markdown", cwd=tmp_path).stdout
    assert f"Fix: `{SG_FIX}`." in markdown  # the lead, in the message paragraph
    assert f"  ```sh\n  {SG_FIX}\n  ```" in markdown
    assert f"  | `{builder.SUB_B} (use1-az2)` | 42 | 0 | 0 | 0 |" in markdown
    assert f"  | `{builder.SUB_A} (use1-az1)` | 0 | 0 | 0 | 6 |" in markdown

    report = json.loads(run_cli("analyze", str(folder), "--format", "json", cwd=tmp_path).stdout)
    Draft202012Validator(load_schema("report")).validate(report)
    finding = report["findings"][0]
    assert (finding["function"], finding["log_group"]) == ("orders-api", "/aws/lambda/orders-api")
    assert finding["message"].startswith(
        f"28 invocations failed with connection errors (28 of 150). {title} "
        f"Fix: `{SG_FIX}`. {split} Primary error:"
    )
    network = finding["network"]
    (dest,) = network["destinations"]
    assert (dest["cause"]["code"], dest["cause"]["fix"], dest["cause"]["ids"]) == (
        "SG_EGRESS_BLOCKS",
        SG_FIX,
        [builder.SG_FN, builder.SG_DB],
    )
    assert dest["resolved"] == {
        "kind": "vpc",
        "resource": "RDS instance orders-db, eni-0cc33dd44ee55ff66",
        "subnets": [builder.SUB_DB_B],
        "security_groups": [builder.SG_DB],
        "aws_service": None,
    }
    assert dest["flow_logs"]["subnets"] == [
        {
            "subnet": builder.SUB_B,
            "availability_zone": "us-east-1b",
            "availability_zone_id": "use1-az2",
            "rejected_out": 42,
            "rejected_return": 0,
            "rejected_at_destination": 0,
            "accepted": 0,
        },
        {
            "subnet": builder.SUB_A,
            "availability_zone": "us-east-1a",
            "availability_zone_id": "use1-az1",
            "rejected_out": 0,
            "rejected_return": 0,
            "rejected_at_destination": 0,
            "accepted": 6,
        },
    ]
    # The targeted fix first; the generic security-group/ACL/flow-log checklist is decided, so gone.
    assert [r["id"] for r in finding["remediation"]] == ["network-sg-egress-blocks", "connect-timeout"]
    assert report["network"]["flow_logs"] == [
        {
            "path": str(folder / "flowlogs" / "~vpc~orders-flow-logs.json"),
            "format": "custom (describe-flow-logs)",
            "records": 54,
            "skipped": 0,
            "skipped_reasons": {},
        }
    ]
    assert report["network"]["missing"] == []


def test_nacl_return_drop_from_s3_flow_logs_and_separate_flags(tmp_path: Path) -> None:
    folder = _evidence(tmp_path, builder.nacl_ephemeral, "nacl-drop-s3")
    result = run_cli(
        "analyze",
        str(folder / "logs"),
        "--log-group",
        "/aws/lambda/orders-api",
        "--network",
        str(folder / "network"),
        "--flowlogs",
        str(folder / "flowlogs"),
        "--format",
        "json",
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    Draft202012Validator(load_schema("report")).validate(report)
    finding = report["findings"][0]
    (dest,) = finding["network"]["destinations"]
    assert (dest["cause"]["code"], dest["cause"]["fix"], dest["cause"]["subnets"]) == (
        "NACL_RETURN_DENY",
        NACL_FIX,
        [builder.SUB_B],
    )
    assert (
        f"VPC Flow Logs confirm: 14 REJECT records of the replies coming back for the function's ENIs "
        f"in {builder.SUB_B} (use1-az2) to 10.0.3.47:5432 in the failure window; {builder.SUB_A} "
        "(use1-az1) had none."
    ) in finding["message"]
    assert finding["remediation"][0]["id"] == "network-nacl-return-deny"
    assert finding["remediation"][0]["markdown"].startswith(
        f"Network ACL {builder.ACL_CUSTOM} of subnet {builder.SUB_B} does not allow the replies"
    )
    assert report["network"]["flow_logs"][0]["skipped_reasons"] == {
        "no data in the interval (log-status NODATA/SKIPDATA)": 1
    }


def test_without_flow_logs_a_one_subnet_rule_is_a_prediction(tmp_path: Path) -> None:
    folder = _evidence(tmp_path, builder.nacl_ephemeral, "nacl-drop-s3")
    shutil.rmtree(folder / "flowlogs")
    report = json.loads(run_cli("analyze", str(folder), "--format", "json", cwd=tmp_path).stdout)
    finding = report["findings"][0]
    assert (
        f"Prediction from the configuration: failures are expected from {builder.SUB_B} (use1-az2) "
        f"only; {builder.SUB_A} (use1-az1) is not affected by this rule."
    ) in finding["message"]
    assert "VPC Flow Logs" not in finding["message"]
    assert report["network"]["flow_logs"] is None
    assert [s["subnet"] for s in finding["sources"]] == [None, None, None, None, None, None, None]


def test_a_healthy_vpc_says_the_service_did_not_answer(tmp_path: Path) -> None:
    folder = _evidence(tmp_path, builder.unchanged, "sg-drop-cloudwatch")
    report = json.loads(run_cli("analyze", str(folder), "--format", "json", cwd=tmp_path).stdout)
    finding = report["findings"][0]
    assert finding["network"]["destinations"][0]["cause"]["code"] == "PATH_OPEN"
    assert (
        f"The network allows this path from subnet {builder.SUB_A}, {builder.SUB_B} to 10.0.3.47: "
        "the service did not answer."
    ) in finding["message"]
    assert [r["id"] for r in finding["remediation"]] == ["connect-timeout"]


def test_broken_describe_file_is_one_line_exit_2(tmp_path: Path) -> None:
    folder = _evidence(tmp_path, builder.unchanged, "sg-drop-cloudwatch")
    (folder / "network" / "describe-subnets.json").write_text('{"Subnets": [{"VpcId": "vpc-1"}]}')
    result = run_cli("analyze", str(folder), cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        f"connfail: {folder / 'network' / 'describe-subnets.json'}: not the shape `aws` "
        "prints: `SubnetId` is missing\n"
    )


def test_missing_files_are_listed_and_leave_the_generic_steps(tmp_path: Path) -> None:
    folder = _evidence(tmp_path, builder.unchanged, "sg-drop-cloudwatch")
    (folder / "network" / "describe-network-acls.json").unlink()
    report = json.loads(run_cli("analyze", str(folder), "--format", "json", cwd=tmp_path).stdout)
    assert report["network"]["missing"] == ["describe-network-acls"]
    finding = report["findings"][0]
    cause = finding["network"]["destinations"][0]["cause"]
    assert (cause["code"], cause["evidence"]["reason"]) == (
        "UNDECIDED",
        "describe-network-acls.json is missing",
    )
    assert [r["id"] for r in finding["remediation"]] == ["security-groups", "network-acls", "connect-timeout"]


def test_calls_the_manifest_lists_as_denied_are_reported(tmp_path: Path) -> None:
    folder = _evidence(tmp_path, builder.unchanged, "sg-drop-cloudwatch")
    (folder / "network" / "describe-network-acls.json").unlink()
    (folder / "manifest.json").write_text(json.dumps(DENIED_NACL_MANIFEST))
    report = json.loads(run_cli("analyze", str(folder), "--format", "json", cwd=tmp_path).stdout)
    Draft202012Validator(load_schema("report")).validate(report)
    assert report["network"]["denied"] == [
        {
            "file": "network/describe-network-acls.json",
            "status": "denied",
            "error": "An error occurred (UnauthorizedOperation) when calling the DescribeNetworkAcls "
            "operation: You are not authorized to perform this operation.",
        }
    ]
    assert report["network"]["flow_logs"][0]["format"] == "custom (manifest)"
