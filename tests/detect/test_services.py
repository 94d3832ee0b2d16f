"""Service names from AWS host names and well-known ports: one test per table row."""

from __future__ import annotations

import pytest

from checker.detect.services import (
    AWS_RESOURCES,
    AWS_SERVICE_NAMES,
    HOST_SUFFIX_SERVICES,
    PORT_SERVICES,
    is_aws_endpoint,
    service_for,
)


@pytest.mark.parametrize(("port", "name"), sorted(PORT_SERVICES.items()))
def test_well_known_port(port: int, name: str) -> None:
    assert service_for(None, port) == name
    assert service_for("10.0.1.5", port) == name


@pytest.mark.parametrize(("service", "name"), sorted(AWS_SERVICE_NAMES.items()))
def test_aws_api_endpoint_by_service_id(service: str, name: str) -> None:
    host = f"{service}.us-east-1.amazonaws.com"
    assert is_aws_endpoint(host) == service
    assert service_for(host, 443) == name


@pytest.mark.parametrize("label", sorted(AWS_RESOURCES))
def test_aws_resource_host(label: str) -> None:
    # A resource inside the account (database, cache, cluster): named, but no VPC endpoint fits.
    name, by_port = AWS_RESOURCES[label]
    host = f"db-1.c9akciq32.us-east-1.{label}.amazonaws.com"
    assert service_for(host, None) == name
    for port, named in by_port.items():
        assert service_for(host, port) == named
    assert is_aws_endpoint(host) is None


@pytest.mark.parametrize(("suffix", "name"), HOST_SUFFIX_SERVICES)
def test_other_named_hosts(suffix: str, name: str) -> None:
    host = f"abc{suffix}example" if suffix.endswith(".") else f"abc{suffix}"
    assert service_for(host, 443) == name


HOSTS = [
    ("mydb.c9akciq32.us-east-1.rds.amazonaws.com", 5432, "PostgreSQL", None),
    ("orders.cluster-c9akciq32.us-east-1.rds.amazonaws.com", 3306, "MySQL", None),
    ("orders.cluster-ro-c9akciq32.eu-west-1.rds.amazonaws.com", 1433, "SQL Server", None),
    ("ledger.c9akciq32.us-east-1.rds.amazonaws.com", 1521, "Oracle", None),
    ("proxy-1.proxy-c9akciq32.us-east-1.rds.amazonaws.com", None, "RDS", None),
    ("sessions.abc123.ng.0001.use1.cache.amazonaws.com", 6379, "ElastiCache (Redis)", None),
    ("memc.abc123.cfg.use1.cache.amazonaws.com", 11211, "ElastiCache (Memcached)", None),
    ("search-logs-abc123.us-east-1.es.amazonaws.com", 443, "OpenSearch", None),
    ("abc123.us-east-1.aoss.amazonaws.com", 443, "OpenSearch Serverless", None),
    ("docdb-1.cluster-c9x.us-east-1.docdb.amazonaws.com", 27017, "DocumentDB", None),
    ("analytics.c9x.us-east-1.redshift.amazonaws.com", 5439, "Redshift", None),
    ("b-1.orders.abc123.c2.kafka.us-east-1.amazonaws.com", 9094, "MSK (Kafka)", None),
    ("fs-0a1b2c3d.efs.us-east-1.amazonaws.com", 2049, "EFS", None),
    ("dynamodb.us-east-1.amazonaws.com", 443, "DynamoDB", "dynamodb"),
    ("dynamodb-fips.us-gov-west-1.amazonaws.com", 443, "DynamoDB", "dynamodb"),
    ("s3.amazonaws.com", 443, "S3", "s3"),
    ("reports.s3.us-west-2.amazonaws.com", 443, "S3", "s3"),
    ("s3-us-west-2.amazonaws.com", 443, "S3", "s3"),
    ("s3.dualstack.eu-west-1.amazonaws.com", 443, "S3", "s3"),
    ("secretsmanager.eu-west-1.amazonaws.com", 443, "Secrets Manager", "secretsmanager"),
    ("sts.amazonaws.com", 443, "STS", "sts"),
    ("sqs.us-east-1.amazonaws.com", 443, "SQS", "sqs"),
    ("queue.amazonaws.com", 443, "SQS", "sqs"),
    ("sqs.us-east-1.api.aws", 443, "SQS", "sqs"),
    ("streams.dynamodb.us-east-1.amazonaws.com", 443, "DynamoDB", "dynamodb"),
    ("vpce-0a1b2c3d-e4f5.dynamodb.us-east-1.vpce.amazonaws.com", 443, "DynamoDB", "dynamodb"),
    ("abc123.execute-api.eu-west-2.amazonaws.com", 443, "API Gateway", "execute-api"),
    ("cluster0.x1abc.mongodb.net", 27017, "MongoDB", None),
    ("api.example.com", 443, "HTTPS", None),
    ("api.example.com", None, None, None),
    ("10.0.1.5", 31337, None, None),
]


@pytest.mark.parametrize(("host", "port", "service", "endpoint"), HOSTS, ids=[h[0] for h in HOSTS])
def test_host(host: str, port: int | None, service: str | None, endpoint: str | None) -> None:
    assert service_for(host, port) == service
    assert is_aws_endpoint(host) == endpoint


def test_no_host_no_port() -> None:
    assert service_for(None, None) is None
    assert is_aws_endpoint(None) is None
