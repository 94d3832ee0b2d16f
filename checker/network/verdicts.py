"""The verdict codes of the network walk, as data: what each means, its evidence, its fix.

In the spirit of Reachability Analyzer's explanation codes (ENI_SG_RULES_MISMATCH,
SUBNET_ACL_RESTRICTION, CANNOT_ROUTE ...). `docs/network.md` is generated from this table
(`python -m checker.network.verdicts > docs/network.md`); a test fails when it drifts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    BLOCKS = "blocks"  # this configuration drops or misroutes the packets
    OPEN = "open"  # the configuration allows the path: the cause is elsewhere
    BEYOND = "beyond"  # the path leaves what the evidence covers
    UNDECIDED = "undecided"  # evidence is missing or ambiguous


@dataclass(frozen=True)
class Code:
    code: str
    kind: Kind
    categories: tuple[str, ...]  # the failure categories this verdict can explain
    title: str  # one sentence, placeholders from `evidence`
    means: str  # what it means and how connfail decides it (docs)
    evidence: tuple[str, ...]  # the placeholders the walk fills with real ids
    fix: str = ""  # the command that fixes it; "" when there is nothing to change in the VPC


_DROP = ("ETIMEDOUT",)
_ROUTE = ("ETIMEDOUT", "ENETUNREACH")
_DNS = ("ENOTFOUND",)

CODES: tuple[Code, ...] = (
    Code(
        "DNS_SUPPORT_DISABLED",
        Kind.BLOCKS,
        _DNS,
        "VPC {vpc} has enableDnsSupport off: the Amazon DNS server does not answer in it, so no "
        "name resolves.",
        "`describe-vpc-attribute --attribute enableDnsSupport` is false for the function's VPC.",
        ("vpc",),
        "aws ec2 modify-vpc-attribute --vpc-id {vpc} --enable-dns-support Value=true",
    ),
    Code(
        "CUSTOM_DNS_SERVERS",
        Kind.BLOCKS,
        _DNS,
        "VPC {vpc} resolves names with the DHCP options {dhcp} servers {servers}, not "
        "AmazonProvidedDNS: those servers did not resolve the name.",
        "The VPC's DHCP options set `domain-name-servers` to addresses other than "
        "AmazonProvidedDNS. If those servers are meant to stay, make them forward AWS names to the "
        "VPC resolver (the VPC CIDR base + 2); the fix below goes back to the Amazon DNS server.",
        ("vpc", "dhcp", "servers"),
        "aws ec2 associate-dhcp-options --dhcp-options-id default --vpc-id {vpc}",
    ),
    Code(
        "DNS_CONFIGURED",
        Kind.OPEN,
        _DNS,
        "The DNS of VPC {vpc} is set up (enableDnsSupport on, AmazonProvidedDNS): the name "
        "{host} itself did not resolve.",
        "ENOTFOUND with DNS support on and the Amazon DNS server in use: look at the name (a typo, "
        "a deleted resource, a private hosted zone not associated with the VPC).",
        ("vpc", "host"),
    ),
    Code(
        "SG_EGRESS_BLOCKS",
        Kind.BLOCKS,
        _DROP,
        "Security group {group} ({group_name}) of the function allows no TCP {port} egress to "
        "{target}: the SYN never leaves the function's ENI.",
        "No outbound rule of any of the function's security groups covers the protocol, the port "
        "and the destination (CIDR, IPv6 range, prefix list, or a security group the destination's "
        "ENI is in). Security groups only allow, so a missing rule is a silent drop (ETIMEDOUT).",
        ("group", "group_name", "port", "target", "allow"),
        "aws ec2 authorize-security-group-egress --group-id {group} --ip-permissions "
        "IpProtocol=tcp,FromPort={port},ToPort={port},{allow}",
    ),
    Code(
        "NACL_OUTBOUND_DENY",
        Kind.BLOCKS,
        _DROP,
        "Network ACL {nacl} of subnet {subnet} denies TCP {port} outbound to {target} (rule {rule}).",
        "The first outbound entry of the function subnet's network ACL (lowest rule number first) "
        "that matches the destination and port denies it; `*` (32767) is the default deny.",
        ("nacl", "subnet", "port", "target", "rule", "rule_number", "cidr"),
        "aws ec2 create-network-acl-entry --network-acl-id {nacl} --egress --rule-number "
        "{rule_number} --protocol tcp --port-range From={port},To={port} --cidr-block {cidr} "
        "--rule-action allow",
    ),
    Code(
        "NACL_RETURN_DENY",
        Kind.BLOCKS,
        _DROP,
        "Network ACL {nacl} of subnet {subnet} does not allow the replies from {target} back in "
        "on ports 1024-65535 (rule {rule}): the SYN-ACK is dropped.",
        "Network ACLs are stateless: the inbound side must allow TCP from the destination to the "
        "ephemeral ports 1024-65535 (a NAT-style range, the one AWS documents for NAT gateways).",
        ("nacl", "subnet", "target", "rule", "rule_number", "cidr"),
        "aws ec2 create-network-acl-entry --network-acl-id {nacl} --ingress --rule-number "
        "{rule_number} --protocol tcp --port-range From=1024,To=65535 --cidr-block {cidr} "
        "--rule-action allow",
    ),
    Code(
        "NO_ROUTE",
        Kind.BLOCKS,
        _ROUTE,
        "Route table {route_table} of subnet {subnet} has no route to {target}.",
        "No route of the subnet's route table (its explicit association, else the VPC's main "
        "table) covers the destination.",
        ("route_table", "subnet", "target", "cidr", "via"),
        "aws ec2 create-route --route-table-id {route_table} --destination-cidr-block {cidr} {via}",
    ),
    Code(
        "ROUTE_BLACKHOLE",
        Kind.BLOCKS,
        _ROUTE,
        "Route table {route_table} of subnet {subnet} sends {cidr} to {route_target}, which is "
        "gone (blackhole).",
        "The route that matches the destination has `State: blackhole`: its target (a deleted NAT "
        "gateway, a detached ENI) no longer exists.",
        ("route_table", "subnet", "cidr", "route_target", "via"),
        "aws ec2 replace-route --route-table-id {route_table} --destination-cidr-block {cidr} {via}",
    ),
    Code(
        "IGW_NO_PUBLIC_IP",
        Kind.BLOCKS,
        _ROUTE,
        "Route table {route_table} of subnet {subnet} sends {cidr} to internet gateway {igw}, but "
        "a Lambda ENI never has a public IP: the function needs a NAT gateway.",
        "\"Connecting a function to a public subnet doesn't give it internet access or a public IP "
        'address" (Lambda developer guide): a Lambda subnet must route 0.0.0.0/0 to a NAT gateway.',
        ("route_table", "subnet", "cidr", "igw", "via"),
        "aws ec2 replace-route --route-table-id {route_table} --destination-cidr-block {cidr} {via}",
    ),
    Code(
        "NAT_NOT_AVAILABLE",
        Kind.BLOCKS,
        _ROUTE,
        "Route table {route_table} of subnet {subnet} sends {cidr} to NAT gateway {nat}, which is {state}.",
        "The NAT gateway the route names is not `available` (pending, failed, deleting, deleted).",
        ("route_table", "subnet", "cidr", "nat", "state", "via"),
        "aws ec2 replace-route --route-table-id {route_table} --destination-cidr-block {cidr} {via}",
    ),
    Code(
        "NAT_PRIVATE",
        Kind.BLOCKS,
        _ROUTE,
        "NAT gateway {nat} that subnet {subnet} routes {cidr} to is a private NAT gateway: it "
        "cannot reach the internet.",
        "`ConnectivityType: private` NAT gateways have no public IP; internet destinations need a "
        "public NAT gateway.",
        ("nat", "subnet", "cidr", "route_table", "via"),
        "aws ec2 replace-route --route-table-id {route_table} --destination-cidr-block {cidr} {via}",
    ),
    Code(
        "NAT_NO_IGW_ROUTE",
        Kind.BLOCKS,
        _ROUTE,
        "NAT gateway {nat} sits in subnet {nat_subnet}, whose route table {nat_route_table} has no "
        "route to an internet gateway: the NAT has no way out.",
        "A public NAT gateway forwards through its own subnet's route table, which must send "
        "0.0.0.0/0 to an internet gateway attached to the VPC.",
        ("nat", "nat_subnet", "nat_route_table", "igw"),
        "aws ec2 create-route --route-table-id {nat_route_table} --destination-cidr-block 0.0.0.0/0 "
        "--gateway-id {igw}",
    ),
    Code(
        "SUBNET_NO_IPV6",
        Kind.BLOCKS,
        ("ENETUNREACH",),
        "{target} is an IPv6 address, and subnet {subnet} has no IPv6 CIDR: the function has no IPv6 "
        "address to connect from.",
        "A Lambda function gets IPv6 only in dual-stack subnets with `Ipv6AllowedForDualStack`; "
        "without it an IPv6 connect fails at once with ENETUNREACH. Give the subnet (and its VPC) an "
        "IPv6 CIDR, or connect over IPv4.",
        ("target", "subnet"),
        "aws ec2 associate-subnet-cidr-block --subnet-id {subnet} --ipv6-cidr-block IPV6_CIDR",
    ),
    Code(
        "IPV6_NOT_ENABLED",
        Kind.BLOCKS,
        ("ENETUNREACH",),
        "{target} is an IPv6 address, and function {function} has Ipv6AllowedForDualStack off: it "
        "has no IPv6 address, though subnet {subnet} has an IPv6 CIDR.",
        "The function's subnets are dual-stack, but `VpcConfig.Ipv6AllowedForDualStack` is false, so "
        "its ENIs get no IPv6 address and an IPv6 connect fails with ENETUNREACH.",
        ("target", "function", "subnet", "subnets", "groups"),
        "aws lambda update-function-configuration --function-name {function} --vpc-config "
        "Ipv6AllowedForDualStack=true,SubnetIds={subnets},SecurityGroupIds={groups}",
    ),
    Code(
        "GATEWAY_ENDPOINT_MISSING",
        Kind.BLOCKS,
        _DROP,
        "Subnet {subnet} reaches {service} neither through a gateway endpoint (route table "
        "{route_table} has no {service} prefix-list route) nor through a NAT gateway.",
        "S3 and DynamoDB are reached through a (free) gateway endpoint's prefix-list route or "
        "through the internet; the subnet's route table has neither.",
        ("subnet", "service", "route_table", "vpc", "endpoint_service"),
        "aws ec2 create-vpc-endpoint --vpc-id {vpc} --vpc-endpoint-type Gateway --service-name "
        "{endpoint_service} --route-table-ids {route_table}",
    ),
    Code(
        "INTERFACE_ENDPOINT_MISSING",
        Kind.BLOCKS,
        _DROP,
        "VPC {vpc} has no interface endpoint for {endpoint_service} and subnet {subnet} has no "
        "route to the internet: the {service} API cannot be reached.",
        "An AWS API is reached through an interface endpoint with private DNS or through a NAT "
        "gateway; the subnet has neither.",
        ("vpc", "endpoint_service", "subnet", "service", "subnets", "groups"),
        "aws ec2 create-vpc-endpoint --vpc-id {vpc} --vpc-endpoint-type Interface --service-name "
        "{endpoint_service} --subnet-ids {subnets} --security-group-ids {groups} --private-dns-enabled",
    ),
    Code(
        "ENDPOINT_PRIVATE_DNS_OFF",
        Kind.BLOCKS,
        _DROP,
        "Interface endpoint {endpoint} for {endpoint_service} has private DNS off: {host} resolves "
        "to public addresses, and subnet {subnet} has no route to the internet.",
        "Without `PrivateDnsEnabled` the regional host name keeps its public addresses; only the "
        "endpoint's own `vpce-...` names reach it.",
        ("endpoint", "endpoint_service", "host", "subnet"),
        "aws ec2 modify-vpc-endpoint --vpc-endpoint-id {endpoint} --private-dns-enabled",
    ),
    Code(
        "ENDPOINT_SG_BLOCKS",
        Kind.BLOCKS,
        _DROP,
        "Security group {group} of interface endpoint {endpoint} allows no TCP 443 from the "
        "function's security groups or subnet {subnet}.",
        "An interface endpoint's own security group must allow inbound HTTPS from the function.",
        ("group", "endpoint", "subnet", "function_group"),
        "aws ec2 authorize-security-group-ingress --group-id {group} --ip-permissions "
        "IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{{GroupId={function_group}}}]",
    ),
    Code(
        "GLOBAL_STS_ENDPOINT",
        Kind.BLOCKS,
        _DROP,
        "The function calls the global STS host sts.amazonaws.com; interface endpoint {endpoint} "
        "covers only {endpoint_service}, and subnet {subnet} has no route to the internet.",
        "A regional STS endpoint does not cover the global host name (boto3#4301, aws-sdk-go#4154). "
        "Set AWS_STS_REGIONAL_ENDPOINTS=regional; `--environment` replaces every variable, so merge "
        "it into the existing ones.",
        ("endpoint", "endpoint_service", "subnet", "function"),
        "aws lambda update-function-configuration --function-name {function} --environment "
        '"Variables={{AWS_STS_REGIONAL_ENDPOINTS=regional}}"',
    ),
    Code(
        "DEST_NACL_INBOUND_DENY",
        Kind.BLOCKS,
        _DROP,
        "Network ACL {nacl} of the destination's subnet {subnet} denies TCP {port} inbound from "
        "{source} (rule {rule}).",
        "The first inbound entry of the destination subnet's network ACL that matches the "
        "function's subnet and the port denies it.",
        ("nacl", "subnet", "port", "source", "rule", "rule_number", "cidr"),
        "aws ec2 create-network-acl-entry --network-acl-id {nacl} --ingress --rule-number "
        "{rule_number} --protocol tcp --port-range From={port},To={port} --cidr-block {cidr} "
        "--rule-action allow",
    ),
    Code(
        "DEST_NACL_RETURN_DENY",
        Kind.BLOCKS,
        _DROP,
        "Network ACL {nacl} of the destination's subnet {subnet} does not let the replies out to "
        "{source} on ports 1024-65535 (rule {rule}).",
        "The destination subnet's network ACL must allow outbound TCP to the function's subnet on "
        "the ephemeral ports 1024-65535.",
        ("nacl", "subnet", "source", "rule", "rule_number", "cidr"),
        "aws ec2 create-network-acl-entry --network-acl-id {nacl} --egress --rule-number "
        "{rule_number} --protocol tcp --port-range From=1024,To=65535 --cidr-block {cidr} "
        "--rule-action allow",
    ),
    Code(
        "DEST_SG_INGRESS_BLOCKS",
        Kind.BLOCKS,
        _DROP,
        "Security group {group} ({group_name}) of {resource} allows no TCP {port} from the "
        "function's security group {function_group} or subnet {source}.",
        "No inbound rule of the destination's security groups covers the port from the function "
        "(its security groups, or a CIDR or prefix list holding its subnet).",
        ("group", "group_name", "resource", "port", "function_group", "source"),
        "aws ec2 authorize-security-group-ingress --group-id {group} --ip-permissions "
        "IpProtocol=tcp,FromPort={port},ToPort={port},UserIdGroupPairs=[{{GroupId={function_group}}}]",
    ),
    Code(
        "BEYOND_VPC",
        Kind.BEYOND,
        _ROUTE,
        "Subnet {subnet} sends {target} to {route_target} (route table {route_table}): the path "
        "leaves this VPC, where the evidence ends.",
        "A peering connection, transit gateway, virtual private gateway or appliance ENI carries "
        "the traffic on; check the other side (its route back, its security groups and ACLs).",
        ("subnet", "target", "route_target", "route_table"),
    ),
    Code(
        "PATH_OPEN",
        Kind.OPEN,
        _DROP,
        "The network allows this path from subnet {subnet} to {target}: the service did not answer.",
        "Every step (security group egress, both network ACLs both ways, the route, the "
        "destination's security group) allows the connection: look at the service (is it up, "
        "overloaded, in the expected state).",
        ("subnet", "target"),
    ),
    Code(
        "SERVICE_REFUSED",
        Kind.OPEN,
        ("ECONNREFUSED",),
        "The network let the connection through to {target}: a host refused it, so nothing "
        "listens on port {port} there.",
        "ECONNREFUSED is an answer: the packet arrived. The cause is the service (stopped, "
        "restarting, listening on another port), never a security group or an ACL.",
        ("target", "port"),
    ),
    Code(
        "UNDECIDED",
        Kind.UNDECIDED,
        ("ETIMEDOUT", "ENETUNREACH", "ENOTFOUND", "ECONNREFUSED"),
        "The network path from subnet {subnet} to {target} could not be decided: {reason}.",
        "A file the step needs is not in the evidence folder, or a rule's match depends on an "
        "address connfail does not know (a host name that resolves to it). The generic steps stay.",
        ("subnet", "target", "reason"),
    ),
)

BY_CODE = {code.code: code for code in CODES}
_PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z_]+)\}(?!\})")


def placeholders(template: str) -> set[str]:
    return set(_PLACEHOLDER.findall(template))


def docs_markdown() -> str:
    """docs/network.md: every verdict code, what it means, its evidence and its fix."""
    lines = [
        "# Network verdicts",
        "",
        "Generated by `python -m checker.network.verdicts > docs/network.md` from the table in",
        "`checker/network/verdicts.py`; do not edit by hand (a test fails when this file drifts).",
        "",
        "With an evidence folder (`connfail analyze EVIDENCE/`, or `--network DIR`), connfail walks",
        "the path of every failing destination from each of the function's subnets: the function's",
        "security group egress, its subnet's network ACL outbound, the route, the destination",
        "subnet's network ACL inbound, the destination's security group ingress, then the replies",
        "back through both network ACLs. The first step that blocks is the cause; every blocking step",
        "is listed, in path order. The verdict must fit the error: ECONNREFUSED means the path is",
        "open, ETIMEDOUT a silent drop, ENETUNREACH a routing problem, ENOTFOUND DNS.",
        "",
        "| code | kind | explains | fix |",
        "|---|---|---|---|",
    ]
    for c in CODES:
        fix = "a command" if c.fix else "none: nothing in the VPC to change" if c.kind is Kind.OPEN else "-"
        explains = ", ".join(c.categories)
        lines.append(f"| [`{c.code}`](#{c.code.lower()}) | {c.kind.value} | {explains} | {fix} |")
    lines.append("")
    for c in CODES:
        lines += [
            f"## {c.code}",
            "",
            f"*{c.title}*",
            "",
            c.means,
            "",
            "Evidence: " + ", ".join(f"`{e}`" for e in c.evidence),
            "",
        ]
        if c.fix:
            lines += ["Fix:", "", "```sh", c.fix.replace("{{", "{").replace("}}", "}"), "```", ""]
    lines += [
        "## Subnet and Availability Zone",
        "",
        "connfail names where the failures came from only from evidence: VPC Flow Logs records",
        "(`subnet-id`, `az-id`, or the Lambda ENI's subnet) matched on the destination address and",
        "port in the failure window. A REJECT of the outgoing SYN is the security group or the",
        "outbound network ACL; a REJECT of the reply (source port = the service port) is always a",
        "network ACL, since security groups never reject return traffic. Without flow logs, a",
        "verdict that holds for only some of the function's subnets is a *prediction* and says so.",
        "The sandbox's own local address is never used: it is not the subnet's.",
        "",
        "## Running it",
        "",
        "```sh",
        "connfail analyze EVIDENCE/            # logs/<GROUP>.json, network/, flowlogs/, manifest.json",
        "connfail analyze LOGS --log-group /aws/lambda/FUNCTION --network DIR [--flowlogs PATH]",
        "```",
        "",
        "A folder is an evidence folder when it holds `network/` or `manifest.json`. Log files in",
        "`logs/` are named by their log group, `/` written `~` (`~aws~lambda~orders-api.json`).",
        "`network/` holds the describe-* outputs exactly as the AWS CLI prints them; every file is",
        "optional. Flow logs are `filter-log-events` exports of the flow-log group (the format from",
        "`describe-flow-logs` `LogFormat` or the manifest, default v2 otherwise) or S3 `.log.gz` files",
        "(the format from their header line).",
        "",
        "## In the JSON report",
        "",
        "- `network` (top level): `folder`, `region`, `missing` (the describe calls not in the",
        "  folder), `denied` (the calls manifest.json records as denied or failed, with their error),",
        "  `flow_logs` (each file's format, records and skipped records by reason).",
        "- `findings[].network`: `function_configuration`, `subnets`, `lead` (the sentences that lead",
        "  `message`), `note`, and per failing destination `resolved` (what it is), `cause`,",
        "  `verdicts` (every blocking step in path order: `code`, `title`, `subnets`, `evidence`, `ids`,",
        "  `fix`, `explains_category`), `walks` (codes per function subnet), `prediction`, `flow_logs`",
        "  (`rejected_out`, `rejected_return`, `rejected_at_destination`, `accepted` per subnet and AZ).",
        "- `findings[].remediation` starts with the targeted fixes (`network-<code>`), and drops the",
        "  generic steps a decided verdict answers.",
        "",
    ]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(docs_markdown(), end="")
