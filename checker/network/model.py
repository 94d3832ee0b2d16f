"""The VPC as the describe-* calls print it, reduced to what the path walk reads (frozen data)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Rule:
    """One security group permission: every target list of one (protocol, ports) entry."""

    protocol: str  # "-1" (all), "tcp", "udp", "icmp" or a number
    from_port: int | None
    to_port: int | None
    cidrs: tuple[str, ...] = ()  # IPv4 and IPv6 ranges
    prefix_lists: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()  # referenced security groups


@dataclass(frozen=True, slots=True)
class SecurityGroup:
    group_id: str
    name: str
    vpc_id: str | None
    ingress: tuple[Rule, ...]
    egress: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class NaclEntry:
    rule_number: int
    egress: bool
    allow: bool
    protocol: str  # "-1", "6", "17", "1" ...
    cidr: str  # CidrBlock or Ipv6CidrBlock
    port_from: int | None
    port_to: int | None


@dataclass(frozen=True, slots=True)
class Nacl:
    nacl_id: str
    vpc_id: str | None
    is_default: bool
    subnet_ids: tuple[str, ...]
    entries: tuple[NaclEntry, ...]  # ordered by rule number


@dataclass(frozen=True, slots=True)
class Route:
    destination: str | None  # DestinationCidrBlock / DestinationIpv6CidrBlock
    prefix_list: str | None  # DestinationPrefixListId
    target: str  # igw-..., nat-..., vpce-..., pcx-..., tgw-..., "local" ...
    state: str  # active | blackhole | filtered


@dataclass(frozen=True, slots=True)
class RouteTable:
    route_table_id: str
    vpc_id: str | None
    main: bool
    subnet_ids: tuple[str, ...]
    routes: tuple[Route, ...]


@dataclass(frozen=True, slots=True)
class Subnet:
    subnet_id: str
    vpc_id: str | None
    cidr: str | None
    ipv6_cidrs: tuple[str, ...]
    availability_zone: str | None
    availability_zone_id: str | None


@dataclass(frozen=True, slots=True)
class NatGateway:
    nat_id: str
    subnet_id: str | None
    vpc_id: str | None
    state: str
    connectivity: str  # public | private (absent means public)
    public_ips: tuple[str, ...]
    failure: str | None


@dataclass(frozen=True, slots=True)
class Endpoint:
    endpoint_id: str
    endpoint_type: str  # Gateway | Interface | ...
    vpc_id: str | None
    service_name: str
    state: str
    route_table_ids: tuple[str, ...]
    subnet_ids: tuple[str, ...]
    group_ids: tuple[str, ...]
    private_dns: bool


@dataclass(frozen=True, slots=True)
class Vpc:
    vpc_id: str
    cidrs: tuple[str, ...]
    dhcp_options_id: str | None
    dns_support: bool | None = None  # describe-vpc-attribute enableDnsSupport; None: not collected
    dns_hostnames: bool | None = None


@dataclass(frozen=True, slots=True)
class Interface:
    """An ENI: the only way from a failing IP to a resource and its security groups."""

    eni_id: str
    interface_type: str
    description: str
    subnet_id: str | None
    private_ips: tuple[str, ...]
    group_ids: tuple[str, ...]
    public_ip: str | None


@dataclass(frozen=True, slots=True)
class Database:
    """An RDS instance, cluster endpoint or proxy: found by the host name in the log line."""

    name: str
    kind: str  # instance | cluster | proxy
    addresses: tuple[str, ...]
    port: int | None
    group_ids: tuple[str, ...]
    subnet_ids: tuple[str, ...]  # where it can be: the instance's own AZ's subnet when known
    status: str | None
    cluster: str | None = None  # an instance's DBClusterIdentifier


@dataclass(frozen=True, slots=True)
class FunctionConfig:
    name: str
    subnet_ids: tuple[str, ...]
    group_ids: tuple[str, ...]
    vpc_id: str | None
    ipv6_dual_stack: bool


@dataclass(frozen=True, slots=True)
class FlowLogConfig:
    flow_log_id: str
    resource_id: str | None
    log_group: str | None
    log_format: str | None


@dataclass(frozen=True)
class Network:
    """Everything read from an evidence folder's network/; `missing` names the files it lacked."""

    folder: str
    region: str | None
    functions: dict[str, FunctionConfig]
    subnets: dict[str, Subnet]
    groups: dict[str, SecurityGroup]
    nacls: tuple[Nacl, ...]
    route_tables: tuple[RouteTable, ...]
    nats: dict[str, NatGateway]
    igws: dict[str, tuple[str, ...]]  # igw id -> attached VPC ids
    endpoints: tuple[Endpoint, ...]
    vpcs: dict[str, Vpc]
    dhcp: dict[str, tuple[str, ...]]  # dhcp options id -> domain-name-servers
    interfaces: tuple[Interface, ...]
    prefix_lists: dict[str, tuple[str, ...]]  # id -> CIDRs
    prefix_list_names: dict[str, str]
    databases: tuple[Database, ...]
    flow_logs: tuple[FlowLogConfig, ...]
    missing: frozenset[str] = field(default_factory=frozenset)  # file kinds not in the folder

    def has(self, kind: str) -> bool:
        return kind not in self.missing
