"""Every AWS API call `connfail collect` makes, as data: the IAM policy, the docs' `aws` commands
and the manifest's `calls` list all come from this one table (tests check each against it).

`file` is the evidence folder's file (EVIDENCE.md); `{function}`, `{vpc}`, `{prefix_list}` and
`{group}` are filled per call. `cli` is the argument list the `aws` CLI takes to print the same
file by hand, with the same placeholders; `when` says why and when collect makes the call.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Call:
    service: str  # the boto3 client and the `aws` CLI service: ec2, lambda, logs, rds
    operation: str  # the API operation, as botocore names it
    command: str  # the `aws` CLI command
    file: str | None  # where its output goes in the evidence folder; None: not kept as a file
    paginated: bool  # collect pages through it and merges the pages, as the CLI does
    cli: str  # the arguments of the equivalent `aws` command
    when: str

    @property
    def iam_action(self) -> str:
        """The IAM action: for these four services, service prefix and operation name."""
        return f"{self.service}:{self.operation}"

    @property
    def key(self) -> str:
        return f"{self.service}:{self.command}"


_VPC = "--filters Name=vpc-id,Values={vpc_ids}"

CALLS: tuple[Call, ...] = (
    Call(
        "lambda",
        "GetFunctionConfiguration",
        "get-function-configuration",
        "network/get-function-configuration.{function}.json",
        False,
        "--function-name {function}",
        "each function: its VpcConfig and LoggingConfig.LogGroup",
    ),
    Call(
        "logs",
        "FilterLogEvents",
        "filter-log-events",
        "logs/{group}.json",
        True,
        "--log-group-name {log_group} --start-time {start_ms} --end-time {end_ms}",
        "each function's log group (the default mode); the flow-log groups (flowlogs/), "
        "with --filter-pattern '?\"IP\" ...' for the failing destinations",
    ),
    Call(
        "logs",
        "StartQuery",
        "start-query",
        None,
        False,
        "--log-group-names {log_group} --start-time {start_s} --end-time {end_s} --query-string '{query}'",
        "--insights: the one Logs Insights query",
    ),
    Call(
        "logs",
        "GetQueryResults",
        "get-query-results",
        None,
        False,
        "--query-id {query_id}",
        "--insights: polled until the query ends; converted to filter-log-events JSON",
    ),
    Call(
        "logs",
        "StopQuery",
        "stop-query",
        None,
        False,
        "--query-id {query_id}",
        "--insights: only when a query outlives collect's wait",
    ),
    Call(
        "ec2",
        "DescribeSubnets",
        "describe-subnets",
        "network/describe-subnets.json",
        True,
        _VPC,
        "the VPCs of the functions' subnets (found with --subnet-ids first)",
    ),
    Call(
        "ec2",
        "DescribeVpcs",
        "describe-vpcs",
        "network/describe-vpcs.json",
        True,
        "--vpc-ids {vpc_ids}",
        "CIDRs and DhcpOptionsId",
    ),
    Call(
        "ec2",
        "DescribeVpcAttribute",
        "describe-vpc-attribute",
        "network/describe-vpc-attribute.{vpc}.{attribute}.json",
        False,
        "--vpc-id {vpc} --attribute {attribute}",
        "each VPC, twice: enableDnsSupport and enableDnsHostnames (one attribute per call)",
    ),
    Call(
        "ec2",
        "DescribeRouteTables",
        "describe-route-tables",
        "network/describe-route-tables.json",
        True,
        _VPC,
        "every route table of the VPC, the main one included",
    ),
    Call(
        "ec2",
        "DescribeSecurityGroups",
        "describe-security-groups",
        "network/describe-security-groups.json",
        True,
        _VPC,
        "every group of the VPC: the function's and the destinations'",
    ),
    Call(
        "ec2",
        "DescribeSecurityGroupRules",
        "describe-security-group-rules",
        "network/describe-security-group-rules.json",
        True,
        "--filters Name=group-id,Values={group_ids}",
        "the rules of those groups, one row each",
    ),
    Call(
        "ec2",
        "DescribeNetworkAcls",
        "describe-network-acls",
        "network/describe-network-acls.json",
        True,
        _VPC,
        "every NACL of the VPC",
    ),
    Call(
        "ec2",
        "DescribeNatGateways",
        "describe-nat-gateways",
        "network/describe-nat-gateways.json",
        True,
        "--filter Name=vpc-id,Values={vpc_ids}",
        "NAT gateways (the CLI flag is --filter)",
    ),
    Call(
        "ec2",
        "DescribeInternetGateways",
        "describe-internet-gateways",
        "network/describe-internet-gateways.json",
        True,
        "--filters Name=attachment.vpc-id,Values={vpc_ids}",
        "internet gateways attached to the VPC",
    ),
    Call(
        "ec2",
        "DescribeVpcEndpoints",
        "describe-vpc-endpoints",
        "network/describe-vpc-endpoints.json",
        True,
        _VPC,
        "gateway and interface endpoints",
    ),
    Call(
        "ec2",
        "DescribeDhcpOptions",
        "describe-dhcp-options",
        "network/describe-dhcp-options.json",
        True,
        "--dhcp-options-ids {dhcp_options_ids}",
        'the VPCs\' DHCP options (skipped for DhcpOptionsId "default")',
    ),
    Call(
        "ec2",
        "DescribeNetworkInterfaces",
        "describe-network-interfaces",
        "network/describe-network-interfaces.json",
        True,
        _VPC,
        "every ENI of the VPC: Lambda, RDS, NAT and endpoint ENIs turn a failing IP into a resource",
    ),
    Call(
        "ec2",
        "DescribeManagedPrefixLists",
        "describe-managed-prefix-lists",
        "network/describe-managed-prefix-lists.json",
        True,
        "--filters Name=prefix-list-id,Values={prefix_list_ids}",
        "the prefix lists that routes and security-group rules name",
    ),
    Call(
        "ec2",
        "GetManagedPrefixListEntries",
        "get-managed-prefix-list-entries",
        "network/get-managed-prefix-list-entries.{prefix_list}.json",
        True,
        "--prefix-list-id {prefix_list}",
        "each of those prefix lists' CIDRs",
    ),
    Call(
        "ec2",
        "DescribeFlowLogs",
        "describe-flow-logs",
        "network/describe-flow-logs.json",
        True,
        "--filter Name=resource-id,Values={resource_ids}",
        "flow logs of the VPC, its subnets or ENIs (the CLI flag is --filter)",
    ),
    Call(
        "rds",
        "DescribeDBInstances",
        "describe-db-instances",
        "network/describe-db-instances.json",
        True,
        "",
        "only when a failing destination is an RDS endpoint or an RDS ENI's IP",
    ),
    Call(
        "rds",
        "DescribeDBClusters",
        "describe-db-clusters",
        "network/describe-db-clusters.json",
        True,
        "",
        "likewise (Aurora endpoints)",
    ),
    Call(
        "rds",
        "DescribeDBProxies",
        "describe-db-proxies",
        "network/describe-db-proxies.json",
        True,
        "",
        "likewise (RDS Proxy endpoints)",
    ),
)

BY_KEY = {call.key: call for call in CALLS}


def call(service: str, command: str) -> Call:
    return BY_KEY[f"{service}:{command}"]


def iam_actions() -> list[str]:
    """Every IAM action collect needs, sorted: the read-only policy's Action list."""
    return sorted({c.iam_action for c in CALLS})


def iam_policy() -> dict[str, object]:
    """The read-only IAM policy docs/collect.md shows (generated from CALLS)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "ConnfailCollectReadOnly", "Effect": "Allow", "Action": iam_actions(), "Resource": "*"}
        ],
    }
