"""`python -m checker collect` as a real subprocess against moto in server mode (real HTTP).

One VPC is built per module (tests/collect/conftest.py): two Lambda subnets behind a NAT, an S3
gateway endpoint, a database ENI at 10.0.8.47 that the function times out on, a flow log to
CloudWatch with records of that connection and decoys.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from checker.collect.calls import iam_policy
from checker.collect.logs import insights_query
from checker.schema import problems
from tests.collect.conftest import (
    DB_IP,
    FLOW_FORMAT,
    FLOW_GROUP,
    FUNCTION,
    GROUP,
    OTHER,
    ROOT,
    SECRET,
    World,
    aws_env,
    build_world,
    read_json,
)

NETWORK_FILES = [
    "describe-db-clusters.json",
    "describe-db-instances.json",
    "describe-db-proxies.json",
    "describe-flow-logs.json",
    "describe-internet-gateways.json",
    "describe-managed-prefix-lists.json",
    "describe-nat-gateways.json",
    "describe-network-acls.json",
    "describe-network-interfaces.json",
    "describe-route-tables.json",
    "describe-security-group-rules.json",
    "describe-security-groups.json",
    "describe-subnets.json",
    "describe-vpc-endpoints.json",
    "describe-vpcs.json",
]


@pytest.fixture(scope="module")
def shared_world(moto_endpoint: str) -> World:
    return build_world(moto_endpoint)


def collect(world: World, out: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = aws_env(world.endpoint, world.region, **env)
    for key in [k for k, v in env.items() if v == ""]:
        environment.pop(key)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "checker",
            "collect",
            "--function",
            FUNCTION,
            "--since",
            "2h",
            "--out",
            str(out),
            *args,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=120,
    )


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def expected_files(world: World, *, flow: bool = True) -> list[str]:
    network = [f"network/{n}" for n in NETWORK_FILES if flow or n != "describe-flow-logs.json"]
    network += [
        f"network/describe-vpc-attribute.{world.vpc}.enableDnsHostnames.json",
        f"network/describe-vpc-attribute.{world.vpc}.enableDnsSupport.json",
        f"network/get-function-configuration.{FUNCTION}.json",
        f"network/get-managed-prefix-list-entries.{world.prefix_list}.json",
    ]
    return sorted(
        ["manifest.json", "logs/~aws~lambda~orders-api.json", *network]
        + (["flowlogs/~vpc~flow.json"] if flow else [])
    )


@pytest.fixture(scope="module")
def default_run(
    shared_world: World, tmp_path_factory: pytest.TempPathFactory
) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("default") / "evidence"
    return collect(shared_world, out), out


def test_folder_holds_every_file_of_the_contract(shared_world: World, default_run: Any) -> None:
    result, out = default_run
    assert result.returncode == 0, result.stderr
    assert files(out) == expected_files(shared_world)
    assert result.stderr.splitlines() == [
        "connfail: collect: logs mode: filter-log-events",
        f"connfail: collect: {FLOW_GROUP}: left out 1 record(s) without the 16 fields of flow log "
        f"{shared_world.flow_log}'s format",
        f"connfail: collect: wrote 22 files to {out} (22 calls: 22 ok, 0 denied, 0 failed)",
    ]


def test_manifest_follows_its_schema_and_names_what_failed(shared_world: World, default_run: Any) -> None:
    _result, out = default_run
    manifest = read_json(out / "manifest.json")
    assert problems("evidence-manifest", manifest) == []
    assert (manifest["region"], manifest["logs_mode"], manifest["insights_query"]) == (
        shared_world.region,
        "filter-log-events",
        None,
    )
    [fn] = manifest["functions"]
    assert fn["name"] == FUNCTION and fn["log_group"] == GROUP
    assert (fn["logs"], fn["configuration"], fn["events"], fn["truncated"]) == (
        "logs/~aws~lambda~orders-api.json",
        "network/get-function-configuration.orders-api.json",
        25,
        False,
    )
    assert fn["failing_destinations"] == [
        {"category": "ETIMEDOUT", "host": DB_IP, "port": 5432, "invocations": 3}
    ]
    assert {c["status"] for c in manifest["calls"]} == {"ok"}
    written = sorted(c["file"] for c in manifest["calls"] if c["file"])
    assert written == sorted(f for f in expected_files(shared_world) if f != "manifest.json")
    assert manifest["flowlogs"] == [
        {
            "file": "flowlogs/~vpc~flow.json",
            "log_group": FLOW_GROUP,
            "flow_log_id": shared_world.flow_log,
            "format": FLOW_FORMAT,
            "records": 2,
            "unreadable_records": 1,
            "truncated": False,
        }
    ]


def test_logs_are_filter_log_events_json_the_analyzer_reads(default_run: Any) -> None:
    _result, out = default_run
    logs = read_json(out / "logs" / "~aws~lambda~orders-api.json")
    assert problems("filter-log-events", logs) == []
    text = (out / "logs" / "~aws~lambda~orders-api.json").read_text(encoding="utf-8")
    assert SECRET not in text and f"postgres://app:***@{DB_IP}:5432/orders" in text  # through checker.sink
    errors = [e["message"] for e in logs["events"] if "ETIMEDOUT" in e["message"]]
    assert len(errors) == 3
    assert f"Error: connect ETIMEDOUT {DB_IP}:5432\n    at TCPConnectWrap.afterConnect" in errors[0]
    report = subprocess.run(
        [
            sys.executable,
            "-m",
            "checker",
            "analyze",
            "--format",
            "json",
            "--log-group",
            GROUP,
            str(out / "logs" / "~aws~lambda~orders-api.json"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    finding = json.loads(report.stdout)["findings"][0]
    assert (finding["function"], finding["failed_invocations"], finding["total_invocations"]) == (
        FUNCTION,
        3,
        6,
    )


def test_network_files_are_scoped_to_the_functions_vpc(shared_world: World, default_run: Any) -> None:
    _result, out = default_run
    net = out / "network"
    subnets = read_json(net / "describe-subnets.json")["Subnets"]
    assert sorted(s["SubnetId"] for s in subnets) == sorted(shared_world.subnets.values())
    tables = read_json(net / "describe-route-tables.json")["RouteTables"]
    assert {t["VpcId"] for t in tables} == {shared_world.vpc}
    assert any(a.get("Main") for t in tables for a in t["Associations"])  # the main table too
    routes = [r for t in tables for r in t["Routes"]]
    assert {
        "DestinationPrefixListId": shared_world.prefix_list,
        "GatewayId": shared_world.endpoint_id,
        "Origin": "CreateRoute",
        "State": "active",
    } in routes
    groups = {g["GroupId"]: g for g in read_json(net / "describe-security-groups.json")["SecurityGroups"]}
    assert groups[shared_world.lambda_sg]["IpPermissionsEgress"][0]["FromPort"] == 443
    rules = read_json(net / "describe-security-group-rules.json")["SecurityGroupRules"]
    assert {r["GroupId"] for r in rules} >= {shared_world.lambda_sg, shared_world.db_sg}
    nat = read_json(net / "describe-nat-gateways.json")["NatGateways"]
    assert [n["NatGatewayId"] for n in nat] == [shared_world.nat]
    assert isinstance(nat[0]["CreateTime"], str) and "T" in nat[0]["CreateTime"]  # ISO 8601, as the CLI
    assert [
        g["InternetGatewayId"] for g in read_json(net / "describe-internet-gateways.json")["InternetGateways"]
    ] == [shared_world.igw]
    enis = read_json(net / "describe-network-interfaces.json")["NetworkInterfaces"]
    assert shared_world.db_eni in [e["NetworkInterfaceId"] for e in enis]
    entries = read_json(net / f"get-managed-prefix-list-entries.{shared_world.prefix_list}.json")
    assert entries["Entries"] and all("Cidr" in e for e in entries["Entries"])
    dns = read_json(net / f"describe-vpc-attribute.{shared_world.vpc}.enableDnsHostnames.json")
    assert dns == {"VpcId": shared_world.vpc, "EnableDnsHostnames": {"Value": True}}
    # the failing IP is an RDS ENI's: RDS was described
    instances = read_json(net / "describe-db-instances.json")["DBInstances"]
    assert [i["DBInstanceIdentifier"] for i in instances] == ["orders-db"]
    assert "ResponseMetadata" not in read_json(net / "describe-vpcs.json")


def test_flow_records_are_those_of_the_failing_destination(shared_world: World, default_run: Any) -> None:
    _result, out = default_run
    flows = read_json(out / "flowlogs" / "~vpc~flow.json")
    assert problems("filter-log-events", flows) == []
    messages = [e["message"] for e in flows["events"]]
    assert [[*m.split()[3:7], m.split()[12], m.split()[15]] for m in messages] == [
        ["10.0.2.23", DB_IP, "41234", "5432", "REJECT", "use1-az2"],
        ["10.0.1.23", DB_IP, "41240", "5432", "REJECT", "use1-az1"],
    ]


def test_insights_mode_runs_one_query_over_every_function(
    shared_world: World, default_run: Any, tmp_path: Path
) -> None:
    out = tmp_path / "evidence"
    result = collect(shared_world, out, "--insights", "--function", OTHER)
    assert result.returncode == 0, result.stderr
    query = insights_query()
    assert result.stderr.splitlines()[0] == (
        "connfail: collect: logs mode: insights, one Logs Insights query: " + " ".join(query.split())
    )
    manifest = read_json(out / "manifest.json")
    assert problems("evidence-manifest", manifest) == []
    assert (manifest["logs_mode"], manifest["insights_query"], manifest["insights_queries"]) == (
        "insights",
        query,
        1,
    )
    assert [c["operation"] for c in manifest["calls"] if c["service"] == "logs"][:2] == [
        "StartQuery",
        "GetQueryResults",
    ]
    # moto 5.2.5 ignores the `filter` command (facts/network.md §3; tests/collect/test_insights.py
    # checks the filter offline), so every event comes back: the conversion must match exactly.
    by_insights = read_json(out / "logs" / "~aws~lambda~orders-api.json")["events"]
    by_filter = read_json(default_run[1] / "logs" / "~aws~lambda~orders-api.json")["events"]
    assert [(e["logStreamName"], e["timestamp"], e["message"]) for e in by_insights] == [
        (e["logStreamName"], e["timestamp"], e["message"]) for e in by_filter
    ]
    orders, billing = manifest["functions"]
    assert orders["failing_destinations"] == [
        {"category": "ETIMEDOUT", "host": DB_IP, "port": 5432, "invocations": 3}
    ]
    assert (billing["name"], billing["logs"], billing["events"], billing["failing_destinations"]) == (
        OTHER,
        "logs/~aws~lambda~billing.json",
        4,
        [{"category": "ENOTFOUND", "host": "api.partner.example.com", "port": 443, "invocations": 1}],
    )
    assert "logs/~aws~lambda~billing.json" in files(out)
    assert "network/get-function-configuration.billing.json" in files(out)


def _auth(world: World, count: str) -> None:
    urllib.request.urlopen(
        urllib.request.Request(  # moto's server-mode switch of IAM enforcement
            world.endpoint + "/moto-api/reset-auth",
            data=count.encode(),
            method="POST",
            headers={"Content-Type": "text/plain"},
        ),
        timeout=10,
    ).read()


def test_a_denied_call_is_recorded_and_not_fatal(shared_world: World, tmp_path: Path) -> None:
    """A user whose policy is the documented one less ec2:DescribeFlowLogs, under moto's IAM
    enforcement: the rest of the policy is enough for every other call."""
    iam = shared_world.client("iam")
    policy = iam_policy()
    policy["Statement"][0]["Action"].remove("ec2:DescribeFlowLogs")  # type: ignore[index]
    user = f"reader-{shared_world.region}"
    iam.create_user(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName="connfail-collect", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=user)["AccessKey"]
    out = tmp_path / "evidence"
    # moto 5.2.5 fails the SigV4 check of Lambda's REST calls (SignatureDoesNotMatch) under
    # enforcement, so its first request, get-function-configuration, is let through unchecked.
    _auth(shared_world, "1")
    try:
        result = collect(
            shared_world,
            out,
            AWS_ACCESS_KEY_ID=key["AccessKeyId"],
            AWS_SECRET_ACCESS_KEY=key["SecretAccessKey"],
            AWS_SESSION_TOKEN="",
        )
    finally:
        _auth(shared_world, "inf")
    assert result.returncode == 0, result.stderr
    denied = f"User: arn:aws:iam::123456789012:user/{user} is not authorized to perform: ec2:DescribeFlowLogs"
    assert result.stderr.splitlines() == [
        "connfail: collect: logs mode: filter-log-events",
        f"connfail: collect: ec2 DescribeFlowLogs denied (AccessDenied: {denied}): "
        "network/describe-flow-logs.json not written",
        f"connfail: collect: wrote 20 files to {out} (21 calls: 20 ok, 1 denied, 0 failed)",
    ]
    manifest = read_json(out / "manifest.json")
    assert problems("evidence-manifest", manifest) == []
    assert [c for c in manifest["calls"] if c["status"] != "ok"] == [
        {
            "service": "ec2",
            "operation": "DescribeFlowLogs",
            "file": "network/describe-flow-logs.json",
            "status": "denied",
            "error": f"AccessDenied: {denied}",
        }
    ]
    assert files(out) == expected_files(shared_world, flow=False)
    assert manifest["flowlogs"] == []


def test_no_credentials_is_one_line_and_exit_2(shared_world: World, tmp_path: Path) -> None:
    result = collect(
        shared_world,
        tmp_path / "evidence",
        AWS_ACCESS_KEY_ID="",
        AWS_SECRET_ACCESS_KEY="",
        AWS_SESSION_TOKEN="",
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "connfail: collect: no AWS credentials found (set AWS_PROFILE or --profile, "
        "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or an SSO login)"
    ]
    assert not (tmp_path / "evidence").exists()


def test_a_folder_that_is_not_empty_is_refused(shared_world: World, tmp_path: Path) -> None:
    (tmp_path / "old.json").write_text("{}")
    result = collect(shared_world, tmp_path)
    assert (result.returncode, result.stderr.splitlines()) == (
        2,
        [f"connfail: {tmp_path}: exists and is not an empty folder: choose a new --out"],
    )


@pytest.mark.parametrize(
    ("args", "env", "line"),
    [
        (("--profile", "nope"), {}, "connfail: --profile nope: The config profile (nope) could not be found"),
        ((), {"AWS_REGION": ""}, "connfail: --region: no AWS region: pass --region or set AWS_REGION"),
        (
            ("--function", "arn:aws:lambda:us-east-1:123456789012:function:orders-api"),
            {},
            "connfail: --function arn:aws:lambda:us-east-1:123456789012:function:orders-api: is not a Lambda "
            "function name (letters, digits, - and _, at most 64): give the name, not the ARN",
        ),
    ],
)
def test_setup_errors_are_one_line_and_exit_2(
    shared_world: World, tmp_path: Path, args: tuple[str, ...], env: dict[str, str], line: str
) -> None:
    result = collect(shared_world, tmp_path / "evidence", *args, **env)
    assert (result.returncode, result.stderr.splitlines()) == (2, [line])


def test_collect_then_analyze_names_the_cause_its_ids_the_fix_and_the_subnets(
    shared_world: World, default_run: Any
) -> None:
    """The whole offline loop: the folder `collect` wrote, read by `analyze` as an evidence folder.

    moto's VPC lets the function's security group out on TCP 443 only, so the database's 5432 is
    blocked at the function's egress; flow logs show the SYNs rejected in both Lambda subnets."""
    _, out = default_run
    result = subprocess.run(
        [sys.executable, "-m", "checker", "analyze", str(out), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr  # 3 failing invocations: ELEVATED, below fail-on
    report = json.loads(result.stdout)
    finding = next(f for f in report["findings"] if f["function"] == FUNCTION)
    assert (finding["severity"], finding["failed_invocations"]) == ("ELEVATED", 3)
    destination = finding["network"]["destinations"][0]
    codes = [v["code"] for v in destination["verdicts"]]
    assert codes[0] == "SG_EGRESS_BLOCKS", codes
    egress = destination["verdicts"][0]
    assert shared_world.lambda_sg in egress["ids"] and egress["fix"].startswith(
        f"aws ec2 authorize-security-group-egress --group-id {shared_world.lambda_sg} "
    )
    assert "FromPort=5432,ToPort=5432" in egress["fix"]
    assert shared_world.lambda_sg in finding["message"]
    text = subprocess.run(
        [sys.executable, "-m", "checker", "analyze", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    ).stdout
    assert f"authorize-security-group-egress --group-id {shared_world.lambda_sg}" in text
    assert shared_world.subnets["lambda-a"] in text and shared_world.subnets["lambda-b"] in text
    markdown = subprocess.run(
        [sys.executable, "-m", "checker", "analyze", str(out), "--format", "markdown"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    ).stdout
    assert f"authorize-security-group-egress --group-id {shared_world.lambda_sg}" in markdown
    assert shared_world.subnets["lambda-a"] in markdown and shared_world.subnets["lambda-b"] in markdown
