"""Remediation entries (data) and how the evidence of a finding selects and orders them.

Each entry is one table row: id, title, when it applies, why, and steps of "what to look at" with
the `aws` command that shows it. `select` reads the evidence of each destination (category, what
kind of address, VPC or not) and takes the steps that fit, the primary destination's first.
`python -m checker.remediation > docs/remediation.md` regenerates the docs; a test checks drift.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import ahocorasick_rs

from checker.client import Snippet
from checker.constants import ADVISED_CONNECT_TIMEOUT
from checker.detect.model import Category, DestinationKind, Runtime
from checker.detect.services import is_aws_endpoint
from checker.remedy import Remediation

if TYPE_CHECKING:
    from checker.finding import ErrorCount, Finding

GATEWAY_SERVICES = ("s3", "dynamodb")  # the only services with (free) gateway endpoints
# Usually someone's public API: an interface endpoint with private DNS would break the public ones.
PUBLIC_AWS_SERVICES = ("execute-api",)
SHORT_CONNECT_TIMEOUT_S = ADVISED_CONNECT_TIMEOUT
MAX_DESTINATIONS = 5  # destinations whose evidence can add entries, most frequent first


@dataclass(frozen=True)
class Step:
    """One check of an entry: what to look at, and the command that shows it."""

    look_at: str  # what to look at and what a good answer is (Markdown, placeholders allowed)
    command: str  # the command that shows it (placeholders allowed)


@dataclass(frozen=True)
class Entry:
    """A remediation the evidence can call for (docs/remediation.md lists them)."""

    id: str
    title: str
    applies_when: str  # the evidence this entry fits, in words (docs/remediation.md)
    why: str
    steps: tuple[Step, ...]
    note: str = ""


# Placeholders: {function} {host} {ip} {address} {port} {region} {service} {endpoint_service} {subnet}
# {start} {end} (epoch seconds around the failures). Unknown values stay as upper-case names.
ENTRIES: tuple[Entry, ...] = (
    Entry(
        id="target-listening",
        title="Check that the target is up and listening on port {port}",
        applies_when="ECONNREFUSED: a host answered the connect attempt with a refusal.",
        why=(
            "A refusal is an answer: the packets reached a host at `{host}`, and nothing accepted "
            "the connection on port {port}. Look for a stopped or restarting service, a wrong port, "
            "or an address that now belongs to something else (a cached IP after a database "
            "failover, an old endpoint in an environment variable)."
        ),
        steps=(
            Step(
                "Which endpoint does the function use? Compare it with the service's current endpoint "
                "and port.",
                "aws lambda get-function-configuration --function-name {function} "
                "--query Environment.Variables",
            ),
            Step(
                "Who owns {address} today? An empty answer means no network interface of this "
                "account and region has it (any more).",
                "aws ec2 describe-network-interfaces --filters Name=addr.private-ip-address,"
                "Values={ip} --query 'NetworkInterfaces[].[Description,Status,Groups]'",
            ),
            Step(
                "For an RDS database: its status and port (a stopped, rebooting or failing-over "
                "instance refuses or drops connections).",
                "aws rds describe-db-instances --query "
                "'DBInstances[].[DBInstanceIdentifier,DBInstanceStatus,Endpoint.Address,Endpoint.Port]'",
            ),
            Step(
                "The target's security group must allow inbound TCP {port} from the function's "
                "security group; once the service listens, this is the next thing in the way.",
                "aws ec2 describe-security-groups --group-ids TARGET_SG_ID "
                "--query 'SecurityGroups[].IpPermissions'",
            ),
        ),
    ),
    Entry(
        id="security-groups",
        title="Allow TCP {port} in the security groups on both ends",
        applies_when="ETIMEDOUT to a private address (or a VPC resource such as RDS), or ECONNREFUSED.",
        why=(
            "A connect attempt that times out against `{host}` means the SYN got no answer: a security "
            "group or network ACL dropped it, or the function is not in the target's VPC at all. "
            "Security groups drop silently, so the client waits for its full connect timeout."
        ),
        steps=(
            Step(
                "The function's VPC, subnets and security groups. An empty `VpcId` means the function "
                "runs outside any VPC and cannot reach a private address such as `{host}`.",
                "aws lambda get-function-configuration --function-name {function} --query VpcConfig",
            ),
            Step(
                "The outbound rules of the function's security groups must allow TCP {port} to "
                "`{host}` (or to the target's security group).",
                "aws ec2 describe-security-groups --group-ids SG_ID "
                "--query 'SecurityGroups[].IpPermissionsEgress'",
            ),
            Step(
                "The network interface of {address} and its security groups: their inbound rules "
                "must allow TCP {port} from the function's security group.",
                "aws ec2 describe-network-interfaces --filters Name=addr.private-ip-address,"
                "Values={ip} --query 'NetworkInterfaces[].[Description,SubnetId,Groups]'",
            ),
        ),
        note=(
            "Security groups are stateful: allowing the outbound connection is enough for its replies "
            "to come back. An RDS instance has a group of its own, which must admit the function's "
            "group on the database port."
        ),
    ),
    Entry(
        id="network-acls",
        title="Check the network ACLs of both subnets, including ephemeral ports 1024-65535",
        applies_when="ETIMEDOUT to a private or public address, and ENETUNREACH.",
        why=(
            "Network ACLs are stateless: the subnet of the function and the subnet of `{host}` must "
            "each allow the request (TCP {port}) and the return traffic, which comes back to an "
            "ephemeral port in 1024-65535. A missing return rule looks exactly like a dropped SYN."
        ),
        steps=(
            Step(
                "The ACL of the function's subnet: outbound TCP {port} and inbound 1024-65535 must be "
                "allowed, before any lower-numbered DENY rule.",
                "aws ec2 describe-network-acls --filters Name=association.subnet-id,Values={subnet} "
                "--query 'NetworkAcls[].Entries'",
            ),
            Step(
                "The ACL of the target's subnet (its `SubnetId` from `describe-network-interfaces`): "
                "inbound TCP {port} and outbound 1024-65535.",
                "aws ec2 describe-network-acls --filters Name=association.subnet-id,Values=TARGET_SUBNET_ID "
                "--query 'NetworkAcls[].Entries'",
            ),
        ),
    ),
    Entry(
        id="flow-logs",
        title="Find where the packets stop in VPC Flow Logs",
        applies_when="ETIMEDOUT to a private address: proof of where packets are rejected.",
        why=(
            "Flow Logs record every flow on every network interface as ACCEPT or REJECT. For "
            "`{host}` port {port} in the failure window: a REJECT on the function's interface is "
            "its own security group or subnet ACL; an ACCEPT there and a REJECT on the target's "
            "interface points at the target's side."
        ),
        steps=(
            Step(
                "Is a flow log enabled for the VPC, and which log group receives it?",
                "aws ec2 describe-flow-logs --filter Name=resource-id,Values=VPC_ID "
                "--query 'FlowLogs[].[FlowLogStatus,LogDestinationType,LogGroupName]'",
            ),
            Step(
                "Flows to the destination during the failures, per interface and verdict (then read "
                "them with `aws logs get-query-results --query-id QUERY_ID`).",
                "aws logs start-query --log-group-name FLOW_LOG_GROUP --start-time {start} "
                "--end-time {end} --query-string 'fields interfaceId, action "
                '| filter dstAddr = "{host}" and dstPort = {port} '
                "| stats count() by interfaceId, action'",
            ),
        ),
    ),
    Entry(
        id="nat-route",
        title="Give the function's subnets a route to a NAT gateway",
        applies_when=(
            "ETIMEDOUT or ENETUNREACH to a public address or AWS endpoint from a function that is "
            "(or may be) in a VPC."
        ),
        why=(
            "A function attached to a VPC has no internet access of its own, even in a public subnet. "
            "To reach `{host}` its subnets must be private subnets whose route table sends "
            "`0.0.0.0/0` to a NAT gateway, and that NAT gateway must sit in a public subnet (route "
            "to an internet gateway) with an Elastic IP."
        ),
        steps=(
            Step(
                "Is the function in a VPC, and in which subnets?",
                "aws lambda get-function-configuration --function-name {function} --query VpcConfig",
            ),
            Step(
                "Each subnet's route table needs `0.0.0.0/0` pointing at a `nat-...` target (a "
                "subnet with no explicit association uses the VPC's main route table).",
                "aws ec2 describe-route-tables --filters Name=association.subnet-id,Values={subnet} "
                "--query 'RouteTables[].Routes'",
            ),
            Step(
                "The NAT gateway must be `available`, in a public subnet, with a public IP.",
                "aws ec2 describe-nat-gateways --filter Name=vpc-id,Values=VPC_ID "
                "--query 'NatGateways[].[NatGatewayId,State,SubnetId,NatGatewayAddresses[0].PublicIp]'",
            ),
        ),
        note=(
            "A NAT gateway lives in one Availability Zone: if subnets in other zones route to it, "
            "check that every zone's route table has a working route."
        ),
    ),
    Entry(
        id="gateway-endpoint",
        title="Add a gateway VPC endpoint for {service} (free)",
        applies_when="ETIMEDOUT or ENETUNREACH to S3 or DynamoDB from a function in a VPC.",
        why=(
            "{service} offers a gateway endpoint: a route-table entry that keeps the traffic on the "
            "AWS network, needs no NAT gateway, and costs nothing. Without it (or a NAT route) a "
            "VPC function cannot reach `{host}`."
        ),
        steps=(
            Step(
                "Is there already an endpoint for the service in the VPC?",
                "aws ec2 describe-vpc-endpoints --filters Name=vpc-id,Values=VPC_ID "
                "Name=service-name,Values={endpoint_service} "
                "--query 'VpcEndpoints[].[VpcEndpointId,VpcEndpointType,State,RouteTableIds]'",
            ),
            Step(
                "Create it and attach it to the route tables of the function's subnets (every one of "
                "them: a subnet whose table lacks the endpoint route still goes the NAT way).",
                "aws ec2 create-vpc-endpoint --vpc-endpoint-type Gateway --vpc-id VPC_ID "
                "--service-name {endpoint_service} --route-table-ids RTB_ID",
            ),
        ),
        note=(
            "A gateway endpoint serves only the VPC's own region, and an endpoint policy, if you "
            "set one, must allow the function's requests."
        ),
    ),
    Entry(
        id="interface-endpoint",
        title="Add an interface VPC endpoint for {service}",
        applies_when=(
            "ETIMEDOUT or ENETUNREACH to an AWS API endpoint other than S3 and DynamoDB "
            "(Secrets Manager, SQS, STS, KMS ...) from a function in a VPC."
        ),
        why=(
            "An interface endpoint (PrivateLink) puts network interfaces for {service} in your "
            "subnets, so `{host}` resolves to private addresses and needs no NAT route. It costs "
            "about $0.01 per hour per Availability Zone plus a per-GB data charge."
        ),
        steps=(
            Step(
                "Is there already an endpoint for the service in the VPC?",
                "aws ec2 describe-vpc-endpoints --filters Name=vpc-id,Values=VPC_ID "
                "Name=service-name,Values={endpoint_service} "
                "--query 'VpcEndpoints[].[VpcEndpointId,State,PrivateDnsEnabled,SubnetIds,Groups]'",
            ),
            Step(
                "Create it in the function's subnets with private DNS, so the SDK's usual host name "
                "resolves to it. The endpoint's security group must allow inbound TCP 443 from the "
                "function's security group.",
                "aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --vpc-id VPC_ID "
                "--service-name {endpoint_service} --subnet-ids {subnet} "
                "--security-group-ids ENDPOINT_SG_ID --private-dns-enabled",
            ),
        ),
        note=("Private DNS needs the VPC attributes `enableDnsSupport` and `enableDnsHostnames` both true."),
    ),
    Entry(
        id="dns-resolution",
        title="Check DNS resolution in the VPC: resolver, DHCP options, private zones",
        applies_when="ENOTFOUND (also EAI_AGAIN): a host name did not resolve.",
        why=(
            "`{host}` did not resolve. A VPC function asks the VPC resolver (the VPC CIDR base "
            "address plus two, e.g. `10.0.0.2`), unless the DHCP options point at other DNS servers "
            "that the function cannot reach. A name in a private hosted zone resolves only in VPCs "
            "associated with that zone. Temporary failures (`EAI_AGAIN`) can also come from the "
            "resolver's limit of 1024 packets per second per network interface."
        ),
        steps=(
            Step(
                "The VPC resolver must be enabled (`true`).",
                "aws ec2 describe-vpc-attribute --vpc-id VPC_ID --attribute enableDnsSupport",
            ),
            Step(
                "The DHCP options set of the VPC (`DhcpOptionsId` from `aws ec2 describe-vpcs "
                "--vpc-ids VPC_ID`): `domain-name-servers` should be `AmazonProvidedDNS`, or servers "
                "reachable from the function's subnets.",
                "aws ec2 describe-dhcp-options --dhcp-options-ids DOPT_ID "
                "--query 'DhcpOptions[].DhcpConfigurations'",
            ),
            Step(
                "For an internal name: the private hosted zones associated with the VPC.",
                "aws route53 list-hosted-zones-by-vpc --vpc-id VPC_ID --vpc-region {region}",
            ),
        ),
        note=(
            "Outside a VPC the function uses public DNS, so the name must exist publicly "
            "(`dig +short {host}` from anywhere). Check its spelling in the function's "
            "configuration too: a typo fails the same way."
        ),
    ),
    Entry(
        id="route-tables",
        title="Check the route tables of the function's subnets",
        applies_when="ENETUNREACH (also EHOSTUNREACH): the kernel found no route to the destination.",
        why=(
            "The network stack had no route to `{host}`. Every destination network needs a route in "
            "the route table of the function's subnets: a NAT gateway for the internet, a peering "
            "connection or transit gateway for other networks. An IPv6 destination needs subnets "
            "with IPv6 addresses, a `::/0` route (e.g. to an egress-only internet gateway), and the "
            "function's `Ipv6AllowedForDualStack` set."
        ),
        steps=(
            Step(
                "The function's subnets (and `Ipv6AllowedForDualStack` for IPv6 destinations).",
                "aws lambda get-function-configuration --function-name {function} --query VpcConfig",
            ),
            Step(
                "The routes of each subnet: one must cover `{host}` (a subnet with no explicit "
                "association uses the main route table).",
                "aws ec2 describe-route-tables --filters Name=association.subnet-id,Values={subnet} "
                "--query 'RouteTables[].Routes'",
            ),
        ),
    ),
    Entry(
        id="downstream-service",
        title="Check that {host} is up and accepts connections from Lambda",
        applies_when="ETIMEDOUT to a public address from a function that is not in a VPC.",
        why=(
            "A function outside a VPC reaches the internet directly, so a timed-out connect points at "
            "the destination: the service is down, or its firewall does not accept AWS addresses. "
            "Lambda's public source addresses are shared and change; a partner that allow-lists "
            "source IPs needs a VPC function behind a NAT gateway with an Elastic IP."
        ),
        steps=(
            Step(
                "Confirm the function is outside a VPC (an empty `SubnetIds`).",
                "aws lambda get-function-configuration --function-name {function} --query VpcConfig",
            ),
            Step(
                "Try the connection from another network with a short connect timeout.",
                "curl -sv --connect-timeout 3 -o /dev/null https://{host}:{port}/",
            ),
        ),
    ),
    Entry(
        id="connect-timeout",
        title="Set a {short} s connect timeout in the client",
        applies_when=(
            "Any ETIMEDOUT, or failing invocations that cluster at one duration (a timeout showing)."
        ),
        why=(
            "Without its own short limit, the connect phase of an unreachable host lasts as long as "
            "the library default or the kernel's SYN retries, and every invocation pays for it. Give "
            "connecting 3-5 s, apart from the read timeout: a handshake inside AWS takes "
            "milliseconds, so a longer wait only burns billed time and concurrency."
        ),
        steps=(),
    ),
)

# Which entries lead for the evidence of one destination: first matching rule wins.
# (category or "*", destination kind or "*", vpc: True | False | None (unknown) | "*") -> ids
LEADS: tuple[tuple[str, str, bool | str | None, tuple[str, ...]], ...] = (
    ("ECONNREFUSED", "*", "*", ("target-listening",)),
    ("ENOTFOUND", "*", "*", ("dns-resolution",)),
    ("ENETUNREACH", "aws-gateway", "*", ("route-tables", "gateway-endpoint", "network-acls")),
    ("ENETUNREACH", "aws-interface", "*", ("route-tables", "interface-endpoint", "network-acls")),
    ("ENETUNREACH", "public", "*", ("route-tables", "nat-route", "network-acls")),
    ("ENETUNREACH", "*", "*", ("route-tables", "network-acls")),
    ("ETIMEDOUT", "private", "*", ("security-groups", "network-acls", "flow-logs", "connect-timeout")),
    ("ETIMEDOUT", "aws-gateway", "*", ("gateway-endpoint", "nat-route", "connect-timeout")),
    ("ETIMEDOUT", "aws-interface", "*", ("interface-endpoint", "nat-route", "connect-timeout")),
    ("ETIMEDOUT", "public", False, ("downstream-service", "connect-timeout")),
    (
        "ETIMEDOUT",
        "public",
        "*",
        ("nat-route", "security-groups", "network-acls", "connect-timeout", "downstream-service"),
    ),
    ("ETIMEDOUT", "*", "*", ("security-groups", "nat-route", "network-acls", "connect-timeout")),
)

KIND_WORDS = {
    "private": "a private address or VPC resource",
    "public": "a public address or host name",
    "aws-gateway": "S3 or DynamoDB",
    "aws-interface": "another AWS API endpoint",
    "unknown": "no destination named",
}


# Connect-timeout settings per client library are declared in each library's module of
# checker/clients/ (`Client.snippet`, gathered in clients.SNIPPETS, loaded on first use: a run
# without failures never reads the registry); {ms} / {s} = the short connect timeout. The first
# row whose `names` match a failing event's text (in the runtime that logged it) is the library
# that failed: more specific rows (an SDK around urllib3, a driver under a pool) come first.
def _snippets_table() -> tuple[Snippet, ...]:
    from checker.clients import SNIPPETS

    return SNIPPETS


@functools.cache
def _by_library() -> dict[str, Snippet]:
    return {snippet.library + "\0" + snippet.runtime: snippet for snippet in _snippets_table()}


@functools.cache
def _names_of(runtime: str) -> tuple[ahocorasick_rs.AhoCorasick | None, tuple[str, ...]]:
    """One automaton of every name of the runtime's libraries, and the library of each name."""
    rows = [
        (name, snippet.library)
        for snippet in _snippets_table()
        if snippet.runtime == runtime
        for name in snippet.names
    ]
    if not rows:
        return None, ()
    return ahocorasick_rs.AhoCorasick([name for name, _ in rows]), tuple(lib for _, lib in rows)


def library_of(text: str, runtime: str) -> str | None:
    """The client library a failing event's text names, for its runtime: of several, the first
    in `SNIPPETS` (one pass over the text, whatever the number of names)."""
    automaton, libraries = _names_of(runtime)
    if automaton is None:
        return None
    found = automaton.find_matches_as_indexes(text, overlapping=True)
    return libraries[min(index for index, _start, _end in found)] if found else None


_DEFAULT_RUNTIMES: tuple[Runtime, ...] = ("nodejs", "python")  # when no runtime was recognized

_ENTRY = {entry.id: entry for entry in ENTRIES}
_REGION = re.compile(r"(?:^|\.)([a-z]{2}(?:-gov)?-[a-z]+-\d)(?:\.|$)")
_SAFE = re.compile(r"^[A-Za-z0-9._:-]+$")  # values pasted into shell commands: no globs, quotes, $
_PRIVATE_SUFFIXES = (".internal", ".local", ".localdomain", ".svc", ".lan", ".corp", ".intranet")


@dataclass(frozen=True)
class DestinationFacts:
    """What one destination of a finding tells about the fix."""

    category: Category
    kind: DestinationKind
    vpc: bool | None
    host: str | None
    port: int | None
    service: str | None
    aws_service: str | None


def destination_kind(host: str | None, service: str | None) -> tuple[DestinationKind, str | None]:
    """(kind, AWS service id) of a destination: where its packets have to go."""
    if not host:
        return "unknown", None
    aws = is_aws_endpoint(host)
    if aws in PUBLIC_AWS_SERVICES:
        return "public", None
    if aws is not None:
        return ("aws-gateway" if aws in GATEWAY_SERVICES else "aws-interface"), aws
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        lowered = host.lower().rstrip(".")
        if lowered == "localhost" or lowered.endswith(_PRIVATE_SUFFIXES):
            return "private", None
        if lowered.endswith((".amazonaws.com", ".amazonaws.com.cn")):
            return "private", None  # RDS, ElastiCache, MSK ...: resources inside a VPC
        return "public", None
    return ("public" if address.is_global else "private"), None


def evidence_of(error: ErrorCount, vpc: bool | None) -> DestinationFacts:
    kind, aws = destination_kind(error.host, error.service)
    return DestinationFacts(error.category, kind, vpc, error.host, error.port, error.service, aws)


def leading_ids(evidence: DestinationFacts) -> tuple[str, ...]:
    """The entry ids this evidence calls for, first step first."""
    for category, kind, vpc, ids in LEADS:
        if category not in ("*", evidence.category) or kind not in ("*", evidence.kind):
            continue
        if vpc != "*" and vpc is not evidence.vpc:
            continue
        return ids
    return ()


def select(finding: Finding) -> tuple[Remediation, ...]:
    """The entries that fit `finding`, most useful first, each filled in for its destination."""
    chosen: dict[str, DestinationFacts] = {}
    # The primary error's category leads; within it, a destination that names its host fills in
    # the commands better than a wrapper line that does not (Java's "Caused by: ...").
    errors = sorted(
        (finding.primary, *finding.destinations[:MAX_DESTINATIONS]),
        key=lambda e: (e.category != finding.primary.category, e.host is None),
    )
    for error in errors:
        evidence = evidence_of(error, finding.vpc)
        for entry_id in leading_ids(evidence):
            chosen.setdefault(entry_id, evidence)
    if "connect-timeout" not in chosen and (finding.timeout is not None or "ETIMEDOUT" in finding.categories):
        chosen["connect-timeout"] = evidence_of(finding.primary, finding.vpc)
    return tuple(_fill(_ENTRY[entry_id], evidence, finding) for entry_id, evidence in chosen.items())


def _safe(value: object, placeholder: str) -> str:
    """A log-derived value fit to paste into a shell command, else the placeholder."""
    text = "" if value is None else str(value)
    return text if text and _SAFE.match(text) else placeholder


def _values(evidence: DestinationFacts, finding: Finding | None) -> dict[str, str]:
    host = evidence.host.strip("[]") if evidence.host else None
    region_match = _REGION.search(host or "")
    region = region_match.group(1) if region_match else None
    aws = evidence.aws_service or "SERVICE"
    sources = finding.sources if finding else ()
    subnets = sorted({s.subnet for s in sources if s.subnet and s.failed_invocations})
    ip = host if host and _is_ip(host) else None
    return {
        "function": _safe(finding.function if finding else None, "FUNCTION_NAME"),
        "host": _safe(host, "HOST"),
        "ip": _safe(ip, "IP_ADDRESS"),
        "address": f"`{ip}`" if ip else f"the address `{_safe(host, 'HOST')}` resolves to",
        "port": _safe(evidence.port, "PORT"),
        "region": _safe(region, "REGION"),
        "service": evidence.service or (aws if evidence.aws_service else "the service"),
        "endpoint_service": f"com.amazonaws.{_safe(region, 'REGION')}.{_safe(aws, 'SERVICE')}",
        "subnet": ",".join(s for s in subnets if _SAFE.match(s)) or "SUBNET_ID",
        "start": _epoch(finding.first_seen if finding else None, -300, "START_EPOCH"),
        "end": _epoch(finding.last_seen if finding else None, 300, "END_EPOCH"),
        "short": str(SHORT_CONNECT_TIMEOUT_S),
    }


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _epoch(millis: int | None, pad_s: int, placeholder: str) -> str:
    return placeholder if millis is None else str(millis // 1000 + pad_s)


def _fill(entry: Entry, evidence: DestinationFacts, finding: Finding | None) -> Remediation:
    values = _values(evidence, finding)
    commands = tuple(step.command.format_map(values) for step in entry.steps)
    parts = [entry.why.format_map(values)]
    for number, (step, command) in enumerate(zip(entry.steps, commands, strict=True), 1):
        parts.append(f"{number}. {step.look_at.format_map(values)}\n\n   ```sh\n   {command}\n   ```")
    snippets: tuple[tuple[str, str, str], ...] = ()
    if entry.id == "connect-timeout":
        parts.extend(_timeout_sentence(finding))
        snippets = _snippets(finding)
        parts.extend(f"{library}:\n\n```{lang}\n{code}\n```" for library, lang, code in snippets)
    if entry.note:
        parts.append(entry.note.format_map(values))
    return Remediation(
        entry.id,
        entry.title.format_map(values),
        "\n\n".join(parts),
        commands,
        tuple((library, code) for library, _lang, code in snippets),
    )


def _timeout_sentence(finding: Finding | None) -> list[str]:
    from checker.phrasing import tries, would_have_saved  # worded as the text report words it

    pattern = finding.timeout if finding else None
    if pattern is None or pattern.per_attempt_s <= SHORT_CONNECT_TIMEOUT_S:
        return []
    sentence = (
        f"Here the failing invocations waited about {pattern.per_attempt_s:g} s"
        f"{tries(pattern.attempts)} before giving up."
    )
    if pattern.saved_s:
        sentence += " " + would_have_saved(pattern)
    return [sentence]


def _snippets(finding: Finding | None) -> tuple[tuple[str, str, str], ...]:
    """(library, language, code) of the snippets that fit the libraries, runtimes and services seen."""
    destinations = finding.destinations[:MAX_DESTINATIONS] if finding else ()
    picked = pick_snippets(finding.runtimes if finding else (), destinations)
    return tuple((s.library, s.lang, _code(s)) for s in picked)


def _code(snippet: Snippet) -> str:
    return snippet.code.replace("{ms}", str(SHORT_CONNECT_TIMEOUT_S * 1000)).replace(
        "{s}", str(SHORT_CONNECT_TIMEOUT_S)
    )


def pick_snippets(runtimes: Iterable[str], destinations: Iterable[ErrorCount]) -> list[Snippet]:
    """The snippet of each library a destination's failing line names; for a destination that names
    none, the snippets of its runtime's libraries that fit its service, else that runtime's general
    HTTP client (a runtime without snippets: those of the runtimes seen, or Node.js and Python)."""
    picked: list[Snippet] = []
    unnamed: list[ErrorCount] = []
    for destination in destinations:
        snippet = _by_library().get(f"{destination.library}\0{destination.runtime}")
        if snippet is None:
            unnamed.append(destination)
        elif snippet not in picked:
            picked.append(snippet)
    snippets = _snippets_table()
    covered = {s.runtime for s in snippets}
    seen = [r for r in runtimes if r in covered] or list(_DEFAULT_RUNTIMES)
    for destination in unnamed:
        aws = bool(is_aws_endpoint(destination.host))
        for runtime in [destination.runtime] if destination.runtime in covered else seen:
            own = [s for s in snippets if s.runtime == runtime and s.guess]
            fits = [s for s in own if (aws and "aws" in s.services) or destination.service in s.services]
            for snippet in fits or [s for s in own if not s.services][:1]:
                if snippet not in picked:
                    picked.append(snippet)
    return picked


def docs_markdown() -> str:
    """docs/remediation.md: every entry with its placeholders, and the rules that order them."""
    lines = [
        "# Remediation steps",
        "",
        "Generated by `python -m checker.remediation > docs/remediation.md` from the table in",
        "`checker/remediation.py` and the snippets of `checker/clients/`; do not edit by hand (a test",
        "fails when this file drifts).",
        "",
        "connfail picks the steps that fit the evidence of each destination, the most frequent",
        "destination first. Placeholders in upper case (`VPC_ID`, `SG_ID` ...) are values you look",
        "up; connfail fills in the function name, host, port, region, subnets it knows, and the",
        "time window of the failures.",
        "",
        "## Which steps lead",
        "",
        "| error | destination | function in a VPC | steps, in order |",
        "|---|---|---|---|",
    ]
    seen: set[tuple[str, str]] = set()
    for category, kind, vpc, ids in LEADS:
        earlier = {k for c, k in seen if c == category}
        where = KIND_WORDS[kind] if kind != "*" else ("any other" if earlier else "any")
        if vpc == "*":
            in_vpc = "otherwise" if kind in earlier else "any"
        else:
            in_vpc = {True: "yes", False: "no"}.get(bool(vpc), "") if vpc is not None else "unknown"
        seen.add((category, kind))
        steps = ", ".join(f"[`{i}`](#{i})" for i in ids)
        lines.append(f"| {category} | {where} | {in_vpc} | {steps} |")
    lines += ["", "`connect-timeout` is added whenever an ETIMEDOUT or a timeout pattern is seen.", ""]
    placeholders = DestinationFacts("ETIMEDOUT", "unknown", None, None, None, "SERVICE", None)
    for entry in ENTRIES:
        filled = _fill(entry, placeholders, None)
        lines += [
            f"## {entry.id}",
            "",
            f"**{entry.title.format_map(_values(placeholders, None))}**",
            "",
            f"*Applies when:* {entry.applies_when}",
            "",
            filled.markdown,
            "",
        ]
    lines += [
        "### Connect-timeout snippets",
        "",
        "connfail shows the snippet of the client library a failing event names (its package in",
        "a stack trace, its own exception or wording: any of the strings below, in the runtime",
        "that logged it; of several, the first row's). For a destination that names no library it",
        "shows, per runtime seen, the snippets that fit the services seen, else the runtime's",
        "general HTTP client. Each setting is as its source documents it.",
        "",
        "| runtime | library | named by | setting | source |",
        "|---|---|---|---|---|",
    ]
    for snippet in _snippets_table():
        named = ", ".join(f"`{name}`" for name in snippet.names) if snippet.names else "(fallback)"
        setting = snippet.setting.replace("|", "&#124;")
        lines.append(f"| {snippet.runtime} | {snippet.library} | {named} | {setting} | <{snippet.source}> |")
    lines.append("")
    for snippet in _snippets_table():
        code = _code(snippet)
        lines += [
            f"- {snippet.runtime}, {snippet.library}:",
            "",
            f"  ```{snippet.lang}",
            *[f"  {line}" for line in code.splitlines()],
            "  ```",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(docs_markdown(), end="")
