"""Read an evidence folder's network/ files (EVIDENCE.md names them) into a `Network`.

Every file is optional: what is absent is listed in `Network.missing` and the walk says what it
could not decide. A file that is there but broken is an input error naming the file (exit 2).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from checker.errors import InputError
from checker.network.model import (
    Database,
    Endpoint,
    FlowLogConfig,
    FunctionConfig,
    Interface,
    Nacl,
    NaclEntry,
    NatGateway,
    Network,
    Route,
    RouteTable,
    Rule,
    SecurityGroup,
    Subnet,
    Vpc,
)

MAX_FILE_BYTES = 64 * 1024 * 1024  # one describe-* output: far above a large account's
_REGION = re.compile(r"^([a-z]{2}(?:-gov)?-[a-z]+-\d)")
_ROUTE_TARGETS = (
    "GatewayId",
    "NatGatewayId",
    "TransitGatewayId",
    "VpcPeeringConnectionId",
    "NetworkInterfaceId",
    "EgressOnlyInternetGatewayId",
    "InstanceId",
    "LocalGatewayId",
    "CarrierGatewayId",
    "CoreNetworkArn",
)
KINDS = (
    "get-function-configuration",
    "describe-subnets",
    "describe-route-tables",
    "describe-security-groups",
    "describe-network-acls",
    "describe-nat-gateways",
    "describe-internet-gateways",
    "describe-vpc-endpoints",
    "describe-vpcs",
    "describe-vpc-attribute",
    "describe-dhcp-options",
    "describe-network-interfaces",
    "describe-managed-prefix-lists",
    "describe-flow-logs",
    "describe-db-instances",
    "describe-db-clusters",
    "describe-db-proxies",
)


class _Shape(Exception):
    pass


def _read(path: Path) -> Any:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                str(path), f"is {size:,} bytes, above the {MAX_FILE_BYTES:,} a describe output can be"
            )
        return json.loads(path.read_bytes())
    except OSError as exc:
        raise InputError(str(path), f"cannot be read: {exc.strerror}") from None
    except (ValueError, RecursionError) as exc:
        raise InputError(str(path), f"is not the JSON the AWS CLI prints: {exc}") from None


def _obj(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _list(data: Any, key: str) -> list[Any]:
    value = data.get(key, []) if isinstance(data, dict) else None
    if not isinstance(value, list):
        raise _Shape(f"`{key}` is not a list")
    return value


def _dicts(data: Any, key: str) -> list[dict[str, Any]]:
    items = _list(data, key)
    if not all(isinstance(item, dict) for item in items):
        raise _Shape(f"`{key}` holds something that is not an object")
    return items


def _str(data: dict[str, Any], key: str, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise _Shape(f"`{key}` is {'missing' if value is None else 'not a string'}")
    return value


def _need(data: dict[str, Any], key: str) -> str:
    value = _str(data, key, required=True)
    assert value is not None
    return value


def _int(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Shape(f"`{key}` is not a number")
    return value


def _strings(items: list[Any], key: str | None = None) -> tuple[str, ...]:
    values = [item.get(key) if key and isinstance(item, dict) else item for item in items]
    return tuple(v for v in values if isinstance(v, str))


def _rules(permissions: list[dict[str, Any]]) -> tuple[Rule, ...]:
    rules = []
    for p in permissions:
        protocol = p.get("IpProtocol")
        rules.append(
            Rule(
                protocol=str(protocol) if protocol is not None else "-1",
                from_port=_int(p, "FromPort"),
                to_port=_int(p, "ToPort"),
                cidrs=_strings(_list(p, "IpRanges"), "CidrIp") + _strings(_list(p, "Ipv6Ranges"), "CidrIpv6"),
                prefix_lists=_strings(_list(p, "PrefixListIds"), "PrefixListId"),
                groups=_strings(_list(p, "UserIdGroupPairs"), "GroupId"),
            )
        )
    return tuple(rules)


def _groups(data: Any) -> dict[str, SecurityGroup]:
    found = [
        SecurityGroup(
            _need(g, "GroupId"),
            _str(g, "GroupName") or "",
            _str(g, "VpcId"),
            _rules(_dicts(g, "IpPermissions")),
            _rules(_dicts(g, "IpPermissionsEgress")),
        )
        for g in _dicts(data, "SecurityGroups")
    ]
    return {g.group_id: g for g in found}


def _nacls(data: Any) -> tuple[Nacl, ...]:
    nacls = []
    for n in _dicts(data, "NetworkAcls"):
        entries = []
        for e in _dicts(n, "Entries"):
            ports = _obj(e, "PortRange")
            number = _int(e, "RuleNumber")
            if number is None:
                raise _Shape("an entry has no `RuleNumber`")
            entries.append(
                NaclEntry(
                    number,
                    bool(e.get("Egress")),
                    e.get("RuleAction") == "allow",
                    str(e.get("Protocol", "-1")),
                    _str(e, "CidrBlock") or _str(e, "Ipv6CidrBlock") or "0.0.0.0/0",
                    _int(ports, "From"),
                    _int(ports, "To"),
                )
            )
        nacls.append(
            Nacl(
                _need(n, "NetworkAclId"),
                _str(n, "VpcId"),
                bool(n.get("IsDefault")),
                _strings(_list(n, "Associations"), "SubnetId"),
                tuple(sorted(entries, key=lambda x: x.rule_number)),
            )
        )
    return tuple(nacls)


def _route_tables(data: Any) -> tuple[RouteTable, ...]:
    tables = []
    for t in _dicts(data, "RouteTables"):
        routes = []
        for r in _dicts(t, "Routes"):
            target = next((r[k] for k in _ROUTE_TARGETS if isinstance(r.get(k), str)), "unknown")
            routes.append(
                Route(
                    _str(r, "DestinationCidrBlock") or _str(r, "DestinationIpv6CidrBlock"),
                    _str(r, "DestinationPrefixListId"),
                    target,
                    _str(r, "State") or "active",
                )
            )
        associations = _dicts(t, "Associations")
        tables.append(
            RouteTable(
                _need(t, "RouteTableId"),
                _str(t, "VpcId"),
                any(a.get("Main") is True for a in associations),
                _strings(associations, "SubnetId"),
                tuple(routes),
            )
        )
    return tuple(tables)


def _subnets(data: Any) -> dict[str, Subnet]:
    found = [
        Subnet(
            _need(s, "SubnetId"),
            _str(s, "VpcId"),
            _str(s, "CidrBlock"),
            _strings(_list(s, "Ipv6CidrBlockAssociationSet"), "Ipv6CidrBlock"),
            _str(s, "AvailabilityZone"),
            _str(s, "AvailabilityZoneId"),
        )
        for s in _dicts(data, "Subnets")
    ]
    return {s.subnet_id: s for s in found}


def _nats(data: Any) -> dict[str, NatGateway]:
    found = [
        NatGateway(
            _need(n, "NatGatewayId"),
            _str(n, "SubnetId"),
            _str(n, "VpcId"),
            _str(n, "State") or "unknown",
            _str(n, "ConnectivityType") or "public",
            _strings(_list(n, "NatGatewayAddresses"), "PublicIp"),
            _str(n, "FailureMessage") or _str(n, "FailureCode"),
        )
        for n in _dicts(data, "NatGateways")
    ]
    return {n.nat_id: n for n in found}


def _endpoints(data: Any) -> tuple[Endpoint, ...]:
    return tuple(
        Endpoint(
            _need(e, "VpcEndpointId"),
            _str(e, "VpcEndpointType") or "Interface",
            _str(e, "VpcId"),
            _str(e, "ServiceName") or "",
            _str(e, "State") or "available",
            _strings(_list(e, "RouteTableIds")),
            _strings(_list(e, "SubnetIds")),
            _strings(_list(e, "Groups"), "GroupId"),
            e.get("PrivateDnsEnabled") is True,
        )
        for e in _dicts(data, "VpcEndpoints")
    )


def _interfaces(data: Any) -> tuple[Interface, ...]:
    found = []
    for i in _dicts(data, "NetworkInterfaces"):
        ips = _strings(_list(i, "PrivateIpAddresses"), "PrivateIpAddress") or _strings(
            [i.get("PrivateIpAddress")]
        )
        association = _obj(i, "Association")
        found.append(
            Interface(
                _need(i, "NetworkInterfaceId"),
                _str(i, "InterfaceType") or "interface",
                _str(i, "Description") or "",
                _str(i, "SubnetId"),
                ips,
                _strings(_list(i, "Groups"), "GroupId"),
                _str(association, "PublicIp"),
            )
        )
    return tuple(found)


def _function(data: Any) -> FunctionConfig:
    if not isinstance(data, dict):
        raise _Shape("is not an object")
    vpc = _obj(data, "VpcConfig")
    return FunctionConfig(
        _need(data, "FunctionName"),
        _strings(_list(vpc, "SubnetIds")),
        _strings(_list(vpc, "SecurityGroupIds")),
        _str(vpc, "VpcId") or None,
        vpc.get("Ipv6AllowedForDualStack") is True,
    )


def _databases(kind: str, data: Any, subnets: dict[str, Subnet]) -> list[Database]:
    found = []
    key = {"instance": "DBInstances", "cluster": "DBClusters", "proxy": "DBProxies"}[kind]
    for d in _dicts(data, key):
        if kind == "instance":
            endpoint = _obj(d, "Endpoint")
            addresses = _strings([endpoint.get("Address")])
            port = _int(endpoint, "Port") or _int(d, "DbInstancePort")
            group = _obj(d, "DBSubnetGroup")
            members = _strings(_list(group, "Subnets"), "SubnetIdentifier")
            zone = _str(d, "AvailabilityZone")
            own = tuple(s for s in members if s in subnets and subnets[s].availability_zone == zone)
            found.append(
                Database(
                    _need(d, "DBInstanceIdentifier"),
                    kind,
                    addresses,
                    port,
                    _strings(_list(d, "VpcSecurityGroups"), "VpcSecurityGroupId"),
                    own or members,
                    _str(d, "DBInstanceStatus"),
                    _str(d, "DBClusterIdentifier"),
                )
            )
        elif kind == "cluster":
            found.append(
                Database(
                    _need(d, "DBClusterIdentifier"),
                    kind,
                    _strings([d.get("Endpoint"), d.get("ReaderEndpoint")]),
                    _int(d, "Port"),
                    _strings(_list(d, "VpcSecurityGroups"), "VpcSecurityGroupId"),
                    (),
                    _str(d, "Status"),
                )
            )
        else:
            found.append(
                Database(
                    _need(d, "DBProxyName"),
                    kind,
                    _strings([d.get("Endpoint")]),
                    None,
                    _strings(_list(d, "VpcSecurityGroupIds")),
                    _strings(_list(d, "VpcSubnetIds")),
                    _str(d, "Status"),
                )
            )
    return found


def load_network(folder: Path, region: str | None = None) -> Network:
    """The network of `folder` (an evidence folder's network/, or any folder of those files)."""
    if not folder.is_dir():
        raise InputError(str(folder), "is not a folder of describe-* JSON files")
    missing: set[str] = set()

    def read(name: str) -> Any:
        path = folder / f"{name}.json"
        if not path.is_file():
            missing.add(name)
            return None
        return _read(path)

    current = ""
    try:
        current = "describe-subnets"
        subnets = _subnets(read(current) or {})
        functions = {}
        configs = sorted(folder.glob("get-function-configuration.*.json"))
        if not configs:
            missing.add("get-function-configuration")
        for path in configs:
            current = path.stem
            config = _function(_read(path))
            functions[config.name] = config
        current = "describe-security-groups"
        groups = _groups(read(current) or {})
        current = "describe-network-acls"
        nacls = _nacls(read(current) or {})
        current = "describe-route-tables"
        tables = _route_tables(read(current) or {})
        current = "describe-nat-gateways"
        nats = _nats(read(current) or {})
        current = "describe-internet-gateways"
        igws = {
            _need(g, "InternetGatewayId"): _strings(_list(g, "Attachments"), "VpcId")
            for g in _dicts(read(current) or {}, "InternetGateways")
        }
        current = "describe-vpc-endpoints"
        endpoints = _endpoints(read(current) or {})
        current = "describe-vpcs"
        vpcs = {}
        for v in _dicts(read(current) or {}, "Vpcs"):
            cidrs = _strings(_list(v, "CidrBlockAssociationSet"), "CidrBlock") or _strings(
                [v.get("CidrBlock")]
            )
            vpc_id = _need(v, "VpcId")
            current = f"describe-vpc-attribute.{vpc_id}.enableDnsSupport"
            support = _attribute(folder / f"{current}.json", "EnableDnsSupport")
            current = f"describe-vpc-attribute.{vpc_id}.enableDnsHostnames"
            hostnames = _attribute(folder / f"{current}.json", "EnableDnsHostnames")
            if support is None:
                missing.add("describe-vpc-attribute")
            vpcs[vpc_id] = Vpc(vpc_id, cidrs, _str(v, "DhcpOptionsId"), support, hostnames)
            current = "describe-vpcs"
        current = "describe-dhcp-options"
        dhcp = {}
        for d in _dicts(read(current) or {}, "DhcpOptions"):
            servers: tuple[str, ...] = ()
            for c in _dicts(d, "DhcpConfigurations"):
                if c.get("Key") == "domain-name-servers":
                    servers = _strings(_list(c, "Values"), "Value")
            dhcp[_need(d, "DhcpOptionsId")] = servers
        current = "describe-network-interfaces"
        interfaces = _interfaces(read(current) or {})
        current = "describe-managed-prefix-lists"
        names = {
            _need(p, "PrefixListId"): _str(p, "PrefixListName") or ""
            for p in _dicts(read(current) or {}, "PrefixLists")
        }
        prefix_lists = {}
        for path in sorted(folder.glob("get-managed-prefix-list-entries.*.json")):
            current = path.stem
            prefix_lists[path.stem.split(".", 1)[1]] = _strings(_list(_read(path), "Entries"), "Cidr")
        current = "describe-flow-logs"
        flow_logs = tuple(
            FlowLogConfig(
                _need(f, "FlowLogId"), _str(f, "ResourceId"), _str(f, "LogGroupName"), _str(f, "LogFormat")
            )
            for f in _dicts(read(current) or {}, "FlowLogs")
        )
        databases: list[Database] = []
        for kind, name in (
            ("instance", "describe-db-instances"),
            ("cluster", "describe-db-clusters"),
            ("proxy", "describe-db-proxies"),
        ):
            current = name
            databases += _databases(kind, read(name) or {}, subnets)
        # A cluster's endpoints lead to its instances: their subnets are the cluster's.
        databases = [
            replace(
                d,
                subnet_ids=tuple(
                    dict.fromkeys(s for i in databases if i.cluster == d.name for s in i.subnet_ids)
                ),
            )
            if d.kind == "cluster" and not d.subnet_ids
            else d
            for d in databases
        ]
    except _Shape as exc:
        raise InputError(str(folder / f"{current}.json"), f"not the shape `aws` prints: {exc}") from None
    if region is None:
        zone = next((s.availability_zone for s in subnets.values() if s.availability_zone), None)
        match = _REGION.match(zone or "")
        region = match.group(1) if match else None
    return Network(
        str(folder),
        region,
        functions,
        subnets,
        groups,
        nacls,
        tables,
        nats,
        igws,
        endpoints,
        vpcs,
        dhcp,
        interfaces,
        prefix_lists,
        names,
        tuple(databases),
        flow_logs,
        frozenset(missing),
    )


def _attribute(path: Path, key: str) -> bool | None:
    if not path.is_file():
        return None
    data = _read(path)
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, dict) or not isinstance(value.get("Value"), bool):
        raise _Shape(f"`{key}.Value` is not true or false")
    return bool(value["Value"])
