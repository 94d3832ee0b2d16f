"""Broken VPCs, each one edit of the healthy one in tests/data/network/healthy/.

The healthy VPC (us-east-1, 10.0.0.0/16) is written in the AWS CLI shapes of facts/network.md
§1: two Lambda subnets (1a, 1b) routed 0.0.0.0/0 to a NAT gateway in a public subnet, an S3
gateway endpoint, a Secrets Manager interface endpoint with private DNS, RDS `orders-db` at
10.0.3.47:5432 whose security group allows 5432 from the function's. Each edit below breaks
one thing, the way facts §3's moto scenarios do, plus what moto cannot produce (blackhole
routes, Lambda ENIs), as facts §3 recommends.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.detect.model import Category

HEALTHY = Path(__file__).resolve().parents[1] / "data" / "network" / "healthy"

VPC = "vpc-0a1b2c3d4e5f60718"
SUB_PUB, SUB_A, SUB_B = "subnet-0f1e2d3c4b5a69788", "subnet-0e4f5a6b7c8d9e0f1", "subnet-0a1b2c3d4e5f67890"
SUB_DB_B = "subnet-0d9c8b7a6f5e4d3c2"
RTB_PUB, RTB_PRIV = "rtb-0a1a2a3a4a5a6a7a8", "rtb-0b1b2b3b4b5b6b7b8"
ACL = "acl-0d1d2d3d4d5d6d7d8"
ACL_CUSTOM = "acl-0e2e3e4e5e6e7e8e9"
SG_FN, SG_DB, SG_VPCE = "sg-0abc1234def567890", "sg-0def4567abc890123", "sg-0e1f2a3b4c5d6e7f8"
NAT, IGW = "nat-0123456789abcdef0", "igw-0fedcba9876543210"
VPCE_S3, VPCE_SM, VPCE_STS = "vpce-0a5b3c4d5e6f70819", "vpce-0b6c4d5e6f708192a", "vpce-0c7d5e6f708192a3b"
DOPT = "dopt-0c1d2e3f4a5b6c7d8"
PCX = "pcx-0a1b2c3d4e5f60718"
DB_HOST = "orders-db.c9akciq32xyz.us-east-1.rds.amazonaws.com"

Files = dict[str, Any]


def healthy() -> Files:
    return {p.stem: json.loads(p.read_text()) for p in sorted(HEALTHY.glob("*.json"))}


def write(files: Files, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / f"{name}.json").write_text(json.dumps(data, indent=2))
    return folder


def _group(files: Files, group_id: str) -> dict[str, Any]:
    groups: list[dict[str, Any]] = files["describe-security-groups"]["SecurityGroups"]
    return next(g for g in groups if g["GroupId"] == group_id)


def _table(files: Files, table_id: str) -> dict[str, Any]:
    tables: list[dict[str, Any]] = files["describe-route-tables"]["RouteTables"]
    return next(t for t in tables if t["RouteTableId"] == table_id)


def _drop_route(files: Files, table_id: str, cidr: str) -> None:
    table = _table(files, table_id)
    table["Routes"] = [r for r in table["Routes"] if r.get("DestinationCidrBlock") != cidr]


def _nat_route(files: Files) -> dict[str, Any]:
    return next(r for r in _table(files, RTB_PRIV)["Routes"] if r.get("NatGatewayId"))


def _perm(lo: int, hi: int, *, cidrs: tuple[str, ...] = (), groups: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "IpProtocol": "tcp",
        "FromPort": lo,
        "ToPort": hi,
        "IpRanges": [{"CidrIp": c} for c in cidrs],
        "Ipv6Ranges": [],
        "PrefixListIds": [],
        "UserIdGroupPairs": [{"GroupId": g, "UserId": "123456789012"} for g in groups],
    }


def _entry(
    number: int, egress: bool, lo: int | None, hi: int | None, cidr: str = "0.0.0.0/0", action: str = "allow"
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "CidrBlock": cidr,
        "Egress": egress,
        "Protocol": "6" if lo is not None else "-1",
        "RuleAction": action,
        "RuleNumber": number,
    }
    if lo is not None:
        entry["PortRange"] = {"From": lo, "To": hi}
    return entry


def _custom_acl(files: Files, subnet: str, entries: list[dict[str, Any]]) -> None:
    """Move `subnet` onto a new ACL created by API: as in moto, no 32767 entries (facts §3)."""
    acls = files["describe-network-acls"]["NetworkAcls"]
    default = acls[0]
    default["Associations"] = [a for a in default["Associations"] if a["SubnetId"] != subnet]
    acls.append(
        {
            "Associations": [
                {
                    "NetworkAclAssociationId": "aclassoc-0f9e8d7c6b5a49382",
                    "NetworkAclId": ACL_CUSTOM,
                    "SubnetId": subnet,
                }
            ],
            "Entries": entries,
            "IsDefault": False,
            "NetworkAclId": ACL_CUSTOM,
            "Tags": [],
            "VpcId": VPC,
            "OwnerId": "123456789012",
        }
    )


def _isolate(files: Files) -> None:
    _drop_route(files, RTB_PRIV, "0.0.0.0/0")


def _drop_endpoint(files: Files, endpoint: str) -> None:
    data = files["describe-vpc-endpoints"]
    data["VpcEndpoints"] = [e for e in data["VpcEndpoints"] if e["VpcEndpointId"] != endpoint]
    table = _table(files, RTB_PRIV)
    table["Routes"] = [r for r in table["Routes"] if r.get("GatewayId") != endpoint]


def _endpoint(files: Files, endpoint: str) -> dict[str, Any]:
    endpoints: list[dict[str, Any]] = files["describe-vpc-endpoints"]["VpcEndpoints"]
    return next(e for e in endpoints if e["VpcEndpointId"] == endpoint)


def sg_egress_443_only(f: Files) -> None:
    _group(f, SG_FN)["IpPermissionsEgress"] = [_perm(443, 443, cidrs=("0.0.0.0/0",))]


def db_ingress_from_elsewhere(f: Files) -> None:
    _group(f, SG_DB)["IpPermissions"] = [_perm(5432, 5432, cidrs=("10.9.0.0/16",))]


def nacl_outbound_443_only(f: Files) -> None:
    _custom_acl(f, SUB_B, [_entry(100, True, 443, 443), _entry(100, False, None, None)])


def nacl_ephemeral(f: Files) -> None:
    # facts §3 `nacl-ephemeral`: egress 100 tcp 5432, 110 tcp 443, ingress 100 tcp 443 only.
    _custom_acl(
        f, SUB_B, [_entry(100, True, 5432, 5432), _entry(110, True, 443, 443), _entry(100, False, 443, 443)]
    )


def db_nacl_inbound_one_subnet(f: Files) -> None:
    _custom_acl(f, SUB_DB_B, [_entry(100, False, 5432, 5432, "10.0.1.0/24"), _entry(100, True, None, None)])


def db_nacl_no_return(f: Files) -> None:
    _custom_acl(f, SUB_DB_B, [_entry(100, False, None, None), _entry(100, True, 443, 443)])


def no_nat_route(f: Files) -> None:
    _isolate(f)


def nat_route_blackhole(f: Files) -> None:
    _nat_route(f)["State"] = "blackhole"
    f["describe-nat-gateways"]["NatGateways"][0]["State"] = "deleted"


def igw_route_on_lambda_subnet(f: Files) -> None:
    # facts §3 `no-nat-route`: the private route table sends 0/0 to the IGW.
    route = _nat_route(f)
    del route["NatGatewayId"]
    route["GatewayId"] = IGW


def nat_deleting(f: Files) -> None:
    f["describe-nat-gateways"]["NatGateways"][0]["State"] = "deleting"


def nat_private(f: Files) -> None:
    nat = f["describe-nat-gateways"]["NatGateways"][0]
    nat["ConnectivityType"] = "private"
    for address in nat["NatGatewayAddresses"]:
        for key in ("AllocationId", "PublicIp", "AssociationId"):
            address.pop(key, None)


def public_subnet_without_igw(f: Files) -> None:
    _drop_route(f, RTB_PUB, "0.0.0.0/0")


def isolated_without_s3_endpoint(f: Files) -> None:
    _isolate(f)
    _drop_endpoint(f, VPCE_S3)


def isolated_without_secrets_endpoint(f: Files) -> None:
    _isolate(f)
    _drop_endpoint(f, VPCE_SM)


def isolated_private_dns_off(f: Files) -> None:
    _isolate(f)
    _endpoint(f, VPCE_SM)["PrivateDnsEnabled"] = False


def endpoint_sg_no_443(f: Files) -> None:
    _group(f, SG_VPCE)["IpPermissions"] = []


def isolated_with_regional_sts(f: Files) -> None:
    _isolate(f)
    sts = copy.deepcopy(_endpoint(f, VPCE_SM))
    sts.update(
        VpcEndpointId=VPCE_STS,
        ServiceName="com.amazonaws.us-east-1.sts",
        NetworkInterfaceIds=[],
        DnsEntries=[],
    )
    f["describe-vpc-endpoints"]["VpcEndpoints"].append(sts)


def dns_off(f: Files) -> None:
    f[f"describe-vpc-attribute.{VPC}.enableDnsSupport"]["EnableDnsSupport"]["Value"] = False


def custom_dns(f: Files) -> None:
    # facts §3 `custom-dns`: {"Key":"domain-name-servers","Values":[{"Value":"10.9.9.9"}]}
    f["describe-dhcp-options"]["DhcpOptions"][0]["DhcpConfigurations"][1]["Values"] = [{"Value": "10.9.9.9"}]


def peering_route(f: Files) -> None:
    """A Redis in a peered VPC: the function may reach it, the route leaves through the peering."""
    _group(f, SG_FN)["IpPermissionsEgress"].append(_perm(6379, 6379, cidrs=("10.20.0.0/16",)))
    _table(f, RTB_PRIV)["Routes"].append(
        {
            "DestinationCidrBlock": "10.20.0.0/16",
            "VpcPeeringConnectionId": PCX,
            "Origin": "CreateRoute",
            "State": "active",
        }
    )


def dual_stack_subnets(f: Files) -> None:
    """IPv6 on the Lambda subnets, an egress-only internet gateway and ::/0 egress, but the function's
    Ipv6AllowedForDualStack left false."""
    for n, subnet in enumerate(f["describe-subnets"]["Subnets"]):
        if subnet["SubnetId"] in (SUB_A, SUB_B):
            subnet["Ipv6CidrBlockAssociationSet"] = [
                {
                    "AssociationId": f"subnet-cidr-assoc-0{n:016x}",
                    "Ipv6CidrBlock": f"2600:1f18:4e1:a0{n:02x}::/64",
                    "Ipv6CidrBlockState": {"State": "associated"},
                }
            ]
    _table(f, RTB_PRIV)["Routes"].append(
        {
            "DestinationIpv6CidrBlock": "::/0",
            "EgressOnlyInternetGatewayId": "eigw-0a1b2c3d4e5f60718",
            "Origin": "CreateRoute",
            "State": "active",
        }
    )
    egress = _group(f, SG_FN)["IpPermissionsEgress"][0]
    egress["Ipv6Ranges"] = [{"CidrIpv6": "::/0"}]
    # A default ACL of a VPC with IPv6 holds rule 101 (::/0 allow) and the 32768 `*` deny, both ways.
    for egress_side in (True, False):
        f["describe-network-acls"]["NetworkAcls"][0]["Entries"] += [
            {
                "Egress": egress_side,
                "Ipv6CidrBlock": "::/0",
                "Protocol": "-1",
                "RuleAction": "allow",
                "RuleNumber": 101,
            },
            {
                "Egress": egress_side,
                "Ipv6CidrBlock": "::/0",
                "Protocol": "-1",
                "RuleAction": "deny",
                "RuleNumber": 32768,
            },
        ]


def dual_stack_function(f: Files) -> None:
    dual_stack_subnets(f)
    f["get-function-configuration.orders-api"]["VpcConfig"]["Ipv6AllowedForDualStack"] = True


def no_security_groups_file(f: Files) -> None:
    del f["describe-security-groups"]


def unchanged(f: Files) -> None:
    pass


@dataclass(frozen=True)
class Case:
    edit: Callable[[Files], None]
    host: str
    port: int | None
    category: Category
    code: str
    fix: str = ""


DB = ("10.0.3.47", 5432)
S3_HOST = "orders-exports.s3.us-east-1.amazonaws.com"
SM_HOST = "secretsmanager.us-east-1.amazonaws.com"
API = "api.stripe.com"
IPV6_API = "2606:4700::6810:85e5"  # facts/design.md's IPv6 example destination

# One case per verdict code: the edit, the failing destination, and exactly what must come out.
_REPLACE = f"aws ec2 replace-route --route-table-id {RTB_PRIV} --destination-cidr-block 0.0.0.0/0 "
_ACL_ENTRY = f"aws ec2 create-network-acl-entry --network-acl-id {ACL_CUSTOM} "
_ENDPOINT = f"aws ec2 create-vpc-endpoint --vpc-id {VPC} --vpc-endpoint-type "
_T: Category = "ETIMEDOUT"
CASES: dict[str, Case] = {
    "SG_EGRESS_BLOCKS": Case(
        sg_egress_443_only,
        *DB,
        _T,
        "SG_EGRESS_BLOCKS",
        f"aws ec2 authorize-security-group-egress --group-id {SG_FN} --ip-permissions "
        f"IpProtocol=tcp,FromPort=5432,ToPort=5432,UserIdGroupPairs=[{{GroupId={SG_DB}}}]",
    ),
    "DEST_SG_INGRESS_BLOCKS": Case(
        db_ingress_from_elsewhere,
        *DB,
        _T,
        "DEST_SG_INGRESS_BLOCKS",
        f"aws ec2 authorize-security-group-ingress --group-id {SG_DB} --ip-permissions "
        f"IpProtocol=tcp,FromPort=5432,ToPort=5432,UserIdGroupPairs=[{{GroupId={SG_FN}}}]",
    ),
    "NACL_OUTBOUND_DENY": Case(
        nacl_outbound_443_only,
        *DB,
        _T,
        "NACL_OUTBOUND_DENY",
        _ACL_ENTRY + "--egress --rule-number 110 --protocol tcp --port-range From=5432,To=5432 "
        "--cidr-block 10.0.3.47/32 --rule-action allow",
    ),
    "NACL_RETURN_DENY": Case(
        nacl_ephemeral,
        *DB,
        _T,
        "NACL_RETURN_DENY",
        _ACL_ENTRY + "--ingress --rule-number 110 --protocol tcp --port-range From=1024,To=65535 "
        "--cidr-block 10.0.3.47/32 --rule-action allow",
    ),
    "DEST_NACL_INBOUND_DENY": Case(
        db_nacl_inbound_one_subnet,
        *DB,
        _T,
        "DEST_NACL_INBOUND_DENY",
        _ACL_ENTRY + "--ingress --rule-number 110 --protocol tcp --port-range From=5432,To=5432 "
        "--cidr-block 10.0.2.0/24 --rule-action allow",
    ),
    "DEST_NACL_RETURN_DENY": Case(
        db_nacl_no_return,
        *DB,
        _T,
        "DEST_NACL_RETURN_DENY",
        _ACL_ENTRY + "--egress --rule-number 110 --protocol tcp --port-range From=1024,To=65535 "
        "--cidr-block 10.0.1.0/24 --rule-action allow",
    ),
    "NO_ROUTE": Case(
        no_nat_route,
        API,
        443,
        _T,
        "NO_ROUTE",
        f"aws ec2 create-route --route-table-id {RTB_PRIV} --destination-cidr-block 0.0.0.0/0 "
        f"--nat-gateway-id {NAT}",
    ),
    "ROUTE_BLACKHOLE": Case(
        nat_route_blackhole, API, 443, _T, "ROUTE_BLACKHOLE", _REPLACE + "--nat-gateway-id NAT_GATEWAY_ID"
    ),
    "IGW_NO_PUBLIC_IP": Case(
        igw_route_on_lambda_subnet, API, 443, _T, "IGW_NO_PUBLIC_IP", _REPLACE + f"--nat-gateway-id {NAT}"
    ),
    "NAT_NOT_AVAILABLE": Case(
        nat_deleting, API, 443, _T, "NAT_NOT_AVAILABLE", _REPLACE + "--nat-gateway-id NAT_GATEWAY_ID"
    ),
    "NAT_PRIVATE": Case(
        nat_private, API, 443, _T, "NAT_PRIVATE", _REPLACE + "--nat-gateway-id NAT_GATEWAY_ID"
    ),
    "NAT_NO_IGW_ROUTE": Case(
        public_subnet_without_igw,
        API,
        443,
        _T,
        "NAT_NO_IGW_ROUTE",
        f"aws ec2 create-route --route-table-id {RTB_PUB} --destination-cidr-block 0.0.0.0/0 "
        f"--gateway-id {IGW}",
    ),
    "GATEWAY_ENDPOINT_MISSING": Case(
        isolated_without_s3_endpoint,
        S3_HOST,
        443,
        _T,
        "GATEWAY_ENDPOINT_MISSING",
        _ENDPOINT + f"Gateway --service-name com.amazonaws.us-east-1.s3 --route-table-ids {RTB_PRIV}",
    ),
    "INTERFACE_ENDPOINT_MISSING": Case(
        isolated_without_secrets_endpoint,
        SM_HOST,
        443,
        _T,
        "INTERFACE_ENDPOINT_MISSING",
        _ENDPOINT + "Interface --service-name com.amazonaws.us-east-1.secretsmanager --subnet-ids "
        f"{SUB_A} {SUB_B} --security-group-ids {SG_FN} --private-dns-enabled",
    ),
    "ENDPOINT_PRIVATE_DNS_OFF": Case(
        isolated_private_dns_off,
        SM_HOST,
        443,
        _T,
        "ENDPOINT_PRIVATE_DNS_OFF",
        f"aws ec2 modify-vpc-endpoint --vpc-endpoint-id {VPCE_SM} --private-dns-enabled",
    ),
    "ENDPOINT_SG_BLOCKS": Case(
        endpoint_sg_no_443,
        SM_HOST,
        443,
        _T,
        "ENDPOINT_SG_BLOCKS",
        f"aws ec2 authorize-security-group-ingress --group-id {SG_VPCE} --ip-permissions "
        f"IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{{GroupId={SG_FN}}}]",
    ),
    "GLOBAL_STS_ENDPOINT": Case(
        isolated_with_regional_sts,
        "sts.amazonaws.com",
        443,
        _T,
        "GLOBAL_STS_ENDPOINT",
        "aws lambda update-function-configuration --function-name orders-api "
        '--environment "Variables={AWS_STS_REGIONAL_ENDPOINTS=regional}"',
    ),
    "DNS_SUPPORT_DISABLED": Case(
        dns_off,
        DB_HOST,
        None,
        "ENOTFOUND",
        "DNS_SUPPORT_DISABLED",
        f"aws ec2 modify-vpc-attribute --vpc-id {VPC} --enable-dns-support Value=true",
    ),
    "CUSTOM_DNS_SERVERS": Case(
        custom_dns,
        DB_HOST,
        None,
        "ENOTFOUND",
        "CUSTOM_DNS_SERVERS",
        f"aws ec2 associate-dhcp-options --dhcp-options-id default --vpc-id {VPC}",
    ),
    "SUBNET_NO_IPV6": Case(
        unchanged,
        IPV6_API,
        443,
        "ENETUNREACH",
        "SUBNET_NO_IPV6",
        f"aws ec2 associate-subnet-cidr-block --subnet-id {SUB_A} --ipv6-cidr-block IPV6_CIDR",
    ),
    "IPV6_NOT_ENABLED": Case(
        dual_stack_subnets,
        IPV6_API,
        443,
        "ENETUNREACH",
        "IPV6_NOT_ENABLED",
        "aws lambda update-function-configuration --function-name orders-api --vpc-config "
        f"Ipv6AllowedForDualStack=true,SubnetIds={SUB_A},{SUB_B},SecurityGroupIds={SG_FN}",
    ),
    "DNS_CONFIGURED": Case(unchanged, DB_HOST, None, "ENOTFOUND", "DNS_CONFIGURED"),
    "BEYOND_VPC": Case(peering_route, "10.20.5.10", 6379, _T, "BEYOND_VPC"),
    "PATH_OPEN": Case(unchanged, *DB, _T, "PATH_OPEN"),
    "SERVICE_REFUSED": Case(unchanged, *DB, "ECONNREFUSED", "SERVICE_REFUSED"),
    "UNDECIDED": Case(no_security_groups_file, *DB, _T, "UNDECIDED"),
}


def build(folder: Path, *edits: Callable[[Files], None]) -> Path:
    files = healthy()
    for edit in edits:
        edit(files)
    return write(files, folder)
