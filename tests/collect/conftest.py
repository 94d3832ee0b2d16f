"""moto in server mode on 127.0.0.1 (real HTTP, boto3 unmodified) and a VPC built in it.

The server starts once per session; each test builds its own world in its own account region
(moto keeps one backend per region), so tests never see each other's resources.
"""

from __future__ import annotations

import io
import itertools
import json
import logging
import os
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from examples import lambda_lines as L
from tests.conftest import ROOT

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")


DUMMY = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing"}
FUNCTION = "orders-api"
GROUP = f"/aws/lambda/{FUNCTION}"
OTHER = "billing"
OTHER_GROUP = f"/aws/lambda/{OTHER}"
FLOW_GROUP = "/vpc/flow"
DB_IP = "10.0.8.47"
SECRET = "Zq8-w2t-not-real"
# A v4 custom format: subnet-id and az-id say where each record was seen (facts/network.md §4.1).
FLOW_FORMAT = (
    "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} "
    "${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} "
    "${subnet-id} ${az-id}"
)
_REGIONS = itertools.cycle(
    [
        "us-east-1",
        "us-east-2",
        "us-west-1",
        "us-west-2",
        "eu-west-1",
        "eu-west-2",
        "eu-central-1",
        "ap-southeast-1",
    ]
)


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def aws_env(endpoint: str, region: str, **extra: str) -> dict[str, str]:
    """The environment `python -m checker collect` runs with: dummy keys, the local endpoint."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        DUMMY,
        AWS_ENDPOINT_URL=endpoint,
        AWS_REGION=region,
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
    )
    env.update(extra)
    return env


@dataclass
class World:
    """The ids of what `build_world` made, for the assertions."""

    region: str
    endpoint: str
    vpc: str
    subnets: dict[str, str]
    lambda_sg: str
    db_sg: str
    nat: str
    igw: str
    endpoint_id: str
    prefix_list: str
    db_eni: str
    flow_log: str
    failure_ms: list[int] = field(default_factory=list)

    def client(self, service: str) -> Any:
        return boto3.client(
            service,
            region_name=self.region,
            endpoint_url=self.endpoint,
            **{k.lower(): v for k, v in DUMMY.items()},
        )


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("index.js", "exports.handler = async () => ({});\n")
    return buffer.getvalue()


def _invocation(t: int, rid: str, failing: bool) -> list[tuple[int, str]]:
    """One Node.js invocation in Lambda's text format; a failing one logs pg's connect timeout
    as `console.error(err)` prints it (examples/lambda_lines.py, from Node's own formatting)."""
    lines = [(t, L.start(rid))]
    if failing:
        err = L.node_connect_error("ETIMEDOUT", DB_IP, 5432)
        lines.append((t + 10, L.node_line(t + 10, rid, "ERROR", err.inspect())))
    else:
        lines.append((t + 10, L.node_line(t + 10, rid, "INFO", "order 1234 stored")))
    if rid.endswith("00"):  # a DSN the function logged: the folder must not keep its password
        lines.insert(
            1, (t + 5, L.node_line(t + 5, rid, "INFO", f"pool: postgres://app:{SECRET}@{DB_IP}:5432/orders"))
        )
    lines.append((t + 20, L.end(rid)))
    lines.append((t + 21, L.report(rid, 20.5, 256, 81)))
    return lines


def build_world(endpoint: str) -> World:
    region = next(_REGIONS)
    c = World(region, endpoint, "", {}, "", "", "", "", "", "", "", "").client
    ec2, iam, lam, logs, rds = c("ec2"), c("iam"), c("lambda"), c("logs"), c("rds")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    subnets = {}
    for name, cidr, az in (
        ("public", "10.0.0.0/24", "a"),
        ("lambda-a", "10.0.1.0/24", "a"),
        ("lambda-b", "10.0.2.0/24", "b"),
        ("db", "10.0.8.0/24", "a"),
    ):
        subnets[name] = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=f"{region}{az}")[
            "Subnet"
        ]["SubnetId"]
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    public_rt = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=public_rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=public_rt, SubnetId=subnets["public"])
    eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=subnets["public"], AllocationId=eip)["NatGateway"]["NatGatewayId"]
    private_rt = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=private_rt, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
    for name in ("lambda-a", "lambda-b"):
        ec2.associate_route_table(RouteTableId=private_rt, SubnetId=subnets[name])
    endpoint_id = ec2.create_vpc_endpoint(
        VpcId=vpc,
        ServiceName=f"com.amazonaws.{region}.s3",
        VpcEndpointType="Gateway",
        RouteTableIds=[private_rt],
    )["VpcEndpoint"]["VpcEndpointId"]
    prefix_list = next(
        r["DestinationPrefixListId"]
        for r in ec2.describe_route_tables(RouteTableIds=[private_rt])["RouteTables"][0]["Routes"]
        if r.get("DestinationPrefixListId")
    )
    lambda_sg = ec2.create_security_group(GroupName="orders-lambda", Description="lambda", VpcId=vpc)[
        "GroupId"
    ]
    ec2.revoke_security_group_egress(
        GroupId=lambda_sg, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
    )
    ec2.authorize_security_group_egress(
        GroupId=lambda_sg,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
        ],
    )
    db_sg = ec2.create_security_group(GroupName="orders-db", Description="db", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=db_sg,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 5432,
                "ToPort": 5432,
                "UserIdGroupPairs": [{"GroupId": lambda_sg}],
            }
        ],
    )
    nacl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    ec2.create_network_acl_entry(
        NetworkAclId=nacl,
        RuleNumber=100,
        Protocol="6",
        RuleAction="allow",
        Egress=False,
        CidrBlock="0.0.0.0/0",
        PortRange={"From": 443, "To": 443},
    )
    old = next(
        a["NetworkAclAssociationId"]
        for n in ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["NetworkAcls"]
        for a in n["Associations"]
        if a["SubnetId"] == subnets["lambda-b"]
    )
    ec2.replace_network_acl_association(AssociationId=old, NetworkAclId=nacl)
    # moto creates no RDS ENI (facts/network.md §3): one with RDS's description stands for it.
    db_eni = ec2.create_network_interface(
        SubnetId=subnets["db"], PrivateIpAddress=DB_IP, Groups=[db_sg], Description="RDSNetworkInterface"
    )["NetworkInterface"]
    rds.create_db_instance(
        DBInstanceIdentifier="orders-db",
        Engine="postgres",
        DBInstanceClass="db.t3.micro",
        AllocatedStorage=20,
        MasterUsername="app",
        MasterUserPassword="not-a-secret-1",
        VpcSecurityGroupIds=[db_sg],
    )
    role = iam.create_role(
        RoleName=f"orders-lambda-{region}",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "sts:AssumeRole",
                        "Principal": {"Service": "lambda.amazonaws.com"},
                    }
                ],
            }
        ),
    )
    arn = role["Role"]["Arn"]
    lam.create_function(
        FunctionName=FUNCTION,
        Runtime="nodejs20.x",
        Role=arn,
        Handler="index.handler",
        Code={"ZipFile": _zip()},
        Timeout=30,
        VpcConfig={"SubnetIds": [subnets["lambda-a"], subnets["lambda-b"]], "SecurityGroupIds": [lambda_sg]},
    )
    now = int(time.time() * 1000)
    # A second function, in no VPC: its logs are collected, its network is not asked for.
    lam.create_function(
        FunctionName=OTHER, Runtime="python3.12", Role=arn, Handler="app.handler", Code={"ZipFile": _zip()}
    )
    logs.create_log_group(logGroupName=OTHER_GROUP)
    logs.create_log_stream(logGroupName=OTHER_GROUP, logStreamName="2026/12/01/[$LATEST]aa")
    rid = "9d1c2b3a-4e5f-4a6b-8c7d-0e1f2a3b4c5d"
    t = now - 30 * 60_000
    logs.put_log_events(
        logGroupName=OTHER_GROUP,
        logStreamName="2026/12/01/[$LATEST]aa",
        logEvents=[
            {"timestamp": t, "message": L.start(rid)},
            {
                "timestamp": t + 5,
                "message": L.python_log(
                    t + 5, rid, "ERROR", L.requests_name_resolution("api.partner.example.com", "/v1/rates")
                ),
            },
            {"timestamp": t + 9, "message": L.end(rid)},
            {"timestamp": t + 10, "message": L.report(rid, 9.1, 128, 60)},
        ],
    )
    logs.create_log_group(logGroupName=GROUP)
    stream = "2026/12/01/[$LATEST]0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    logs.create_log_stream(logGroupName=GROUP, logStreamName=stream)
    events: list[tuple[int, str]] = []
    failures = []
    for i in range(6):
        t = now - 40 * 60_000 + i * 60_000
        failing = i % 2 == 1
        if failing:
            failures.append(t + 10)
        events += _invocation(t, f"4c1a7e2e-6f0b-4a8e-9d7e-2b3f5c9a1d{i:02d}", failing)
    logs.put_log_events(
        logGroupName=GROUP,
        logStreamName=stream,
        logEvents=[{"timestamp": t, "message": m} for t, m in events],
    )
    logs.create_log_group(logGroupName=FLOW_GROUP)
    flow_log = ec2.create_flow_logs(
        ResourceIds=[vpc],
        ResourceType="VPC",
        TrafficType="ALL",
        LogDestinationType="cloud-watch-logs",
        LogGroupName=FLOW_GROUP,
        DeliverLogsPermissionArn=arn,
        LogFormat=FLOW_FORMAT,
    )["FlowLogIds"][0]
    put_flow_records(logs, failures, subnets)
    return World(
        region,
        endpoint,
        vpc,
        subnets,
        lambda_sg,
        db_sg,
        nat,
        igw,
        endpoint_id,
        prefix_list,
        db_eni["NetworkInterfaceId"],
        flow_log,
        failures,
    )


def flow_record(
    eni: str, src: str, dst: str, sport: int, dport: int, t_s: int, action: str, subnet: str, az: str
) -> str:
    """One record of FLOW_FORMAT, fields as facts/network.md §4.2 shows a CloudWatch record."""
    return (
        f"4 123456789012 {eni} {src} {dst} {sport} {dport} 6 1 60 {t_s} {t_s + 60} {action} OK {subnet} {az}"
    )


def put_flow_records(logs: Any, failures: list[int], subnets: dict[str, str]) -> None:
    eni = "eni-0lambda1b00000000"
    logs.create_log_stream(logGroupName=FLOW_GROUP, logStreamName=f"{eni}-all")
    first = failures[0] // 1000
    records = [
        # kept: the SYN to the database, rejected; and its twin from the other subnet
        (
            failures[0],
            flow_record(
                eni, "10.0.2.23", DB_IP, 41234, 5432, first, "REJECT", subnets["lambda-b"], "use1-az2"
            ),
        ),
        (
            failures[1],
            flow_record(
                eni, "10.0.1.23", DB_IP, 41240, 5432, first + 120, "REJECT", subnets["lambda-a"], "use1-az1"
            ),
        ),
        # left out: another address on the same port, the same address on another port
        (
            failures[1] + 1,
            flow_record(
                eni,
                "10.0.2.23",
                "10.0.8.4",
                41235,
                5432,
                first + 120,
                "ACCEPT",
                subnets["lambda-b"],
                "use1-az2",
            ),
        ),
        (
            failures[1] + 2,
            flow_record(
                eni, "10.0.2.23", DB_IP, 41236, 443, first + 120, "ACCEPT", subnets["lambda-b"], "use1-az2"
            ),
        ),
        # left out: the format's field count is not this line's (counted as unreadable)
        (failures[1] + 3, f"2 123456789012 {eni} 10.0.2.23 {DB_IP} 41237 5432 6 1 60 0 60 REJECT OK"),
        # left out: outside the failure window, to the database all the same
        (
            failures[0] - 3 * 3600_000,
            flow_record(
                eni, "10.0.2.23", DB_IP, 41238, 5432, first - 10800, "REJECT", subnets["lambda-b"], "use1-az2"
            ),
        ),
    ]
    records.sort()
    logs.put_log_events(
        logGroupName=FLOW_GROUP,
        logStreamName=f"{eni}-all",
        logEvents=[{"timestamp": t, "message": m} for t, m in records],
    )


@pytest.fixture
def world(moto_endpoint: str) -> World:
    return build_world(moto_endpoint)


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
