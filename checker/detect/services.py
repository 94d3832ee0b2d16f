"""Which service a destination is, from its AWS host name or its port."""

from __future__ import annotations

import re

# Well-known ports: the service a careful reader would assume when only the port is known.
PORT_SERVICES: dict[int, str] = {
    21: "FTP",
    22: "SSH",
    25: "SMTP",
    53: "DNS",
    80: "HTTP",
    389: "LDAP",
    443: "HTTPS",
    465: "SMTP",
    587: "SMTP",
    636: "LDAP",
    1433: "SQL Server",
    1521: "Oracle",
    2049: "NFS/EFS",
    2181: "ZooKeeper",
    3306: "MySQL",
    4222: "NATS",
    5432: "PostgreSQL",
    5439: "Redshift",
    5671: "RabbitMQ",
    5672: "RabbitMQ",
    6379: "Redis",
    7000: "Cassandra",
    8080: "HTTP",
    8182: "Neptune",
    8443: "HTTPS",
    9042: "Cassandra",
    9092: "Kafka",
    9094: "Kafka",
    9096: "Kafka",
    9098: "Kafka",
    9200: "OpenSearch",
    9300: "OpenSearch",
    9142: "Keyspaces",
    1883: "MQTT",
    8883: "MQTT",
    61617: "ActiveMQ",
    11211: "Memcached",
    27017: "MongoDB",
}

# AWS API endpoints: service id (as in the host name) -> display name.
AWS_SERVICE_NAMES: dict[str, str] = {
    "s3": "S3",
    "dynamodb": "DynamoDB",
    "secretsmanager": "Secrets Manager",
    "sqs": "SQS",
    "sts": "STS",
    "sns": "SNS",
    "kms": "KMS",
    "ssm": "Systems Manager",
    "lambda": "Lambda",
    "logs": "CloudWatch Logs",
    "monitoring": "CloudWatch",
    "events": "EventBridge",
    "kinesis": "Kinesis",
    "firehose": "Firehose",
    "states": "Step Functions",
    "execute-api": "API Gateway",
    "apigateway": "API Gateway",
    "ecr": "ECR",
    "iam": "IAM",
    "ec2": "EC2",
    "email": "SES",
    "ses": "SES",
    "cognito-idp": "Cognito",
    "athena": "Athena",
    "glue": "Glue",
    "xray": "X-Ray",
    "appconfig": "AppConfig",
    "appconfigdata": "AppConfig",
    "bedrock": "Bedrock",
    "bedrock-runtime": "Bedrock",
    "sagemaker": "SageMaker",
    "rds-data": "RDS Data API",
    "elasticache": "ElastiCache API",
    "textract": "Textract",
    "rekognition": "Rekognition",
    "comprehend": "Comprehend",
    "translate": "Translate",
    "polly": "Polly",
    "scheduler": "EventBridge Scheduler",
    "codeartifact": "CodeArtifact",
    "elasticloadbalancing": "ELB",
    "email-smtp": "SES SMTP",
    "appsync-api": "AppSync",
    "cassandra": "Keyspaces",
    "iot": "IoT Core",
    "ssm-incidents": "Incident Manager",
    "sso": "IAM Identity Center",
}

# Resources inside a VPC or an account (not API endpoints): host label -> name, by port.
AWS_RESOURCES: dict[str, tuple[str, dict[int, str]]] = {
    "rds": ("RDS", {5432: "PostgreSQL", 3306: "MySQL", 1433: "SQL Server", 1521: "Oracle"}),
    "cache": ("ElastiCache", {6379: "ElastiCache (Redis)", 11211: "ElastiCache (Memcached)"}),
    "es": ("OpenSearch", {}),
    "aoss": ("OpenSearch Serverless", {}),
    "docdb": ("DocumentDB", {}),
    "redshift": ("Redshift", {}),
    "redshift-serverless": ("Redshift", {}),
    "neptune": ("Neptune", {}),
    "kafka": ("MSK (Kafka)", {}),
    "mq": ("Amazon MQ", {}),
    "efs": ("EFS", {}),
    "memorydb": ("MemoryDB", {}),
    "dax": ("DynamoDB Accelerator", {}),
    "dax-clusters": ("DynamoDB Accelerator", {}),
    "elb": ("Load Balancer", {}),
}

# Other host names worth naming.
HOST_SUFFIX_SERVICES: tuple[tuple[str, str], ...] = (
    (".mongodb.net", "MongoDB"),
    (".lambda-url.", "Lambda function URL"),
    (".cloudfront.net", "CloudFront"),
)

AWS_SUFFIXES = (".amazonaws.com", ".amazonaws.com.cn", ".api.aws")
_REGION = re.compile(r"^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d$")
_LEGACY_SQS = re.compile(r"^(?:[a-z]{2}-[a-z]+-\d\.)?queue\.amazonaws\.com$")


def _aws_labels(host: str) -> list[str] | None:
    host = host.lower().rstrip(".")
    for suffix in AWS_SUFFIXES:
        if host.endswith(suffix):
            return host[: -len(suffix)].split(".")
    return None


def _aws_resource(labels: list[str]) -> str | None:
    """The resource label (`rds`, `cache`, `kafka` ...) of a VPC-resident AWS resource host."""
    if len(labels) < 2:
        return None
    if labels[-1] in AWS_RESOURCES:
        return labels[-1]
    # `b-1.cluster.abc.c2.kafka.us-east-1`, `fs-1.efs.us-east-1`, `b-1.mq.us-east-1`
    if len(labels) >= 3 and _REGION.match(labels[-1]) and labels[-2] in AWS_RESOURCES:
        return labels[-2]
    if labels[-1] == "elb" or (len(labels) >= 2 and labels[-2] == "elb"):
        return "elb"
    return None


def is_aws_endpoint(host: str | None) -> str | None:
    """The AWS API service id (`s3`, `dynamodb`, `secretsmanager` ...) or None: VPC endpoints fit these."""
    if not host:
        return None
    if _LEGACY_SQS.match(host.lower()):
        return "sqs"
    labels = _aws_labels(host)
    if not labels or _aws_resource(labels) is not None:
        return None
    if labels[-1] == "vpce":
        labels = labels[:-1]
    if any(label == "s3" or label.startswith(("s3-", "s3.")) for label in labels):
        return "s3"
    region_at = next((i for i, label in enumerate(labels) if _REGION.match(label)), None)
    if region_at is None:
        service = labels[-1]
    elif region_at == 0:
        return None
    else:
        service = labels[region_at - 1]
    service = service.removesuffix("-fips")
    if not service or service.startswith("vpce-"):
        return None
    return service


def service_for(host: str | None, port: int | None) -> str | None:
    """Service name for the report: AWS host names first, then the well-known port."""
    if host:
        labels = _aws_labels(host)
        if labels is not None:
            resource = _aws_resource(labels)
            if resource is not None:
                name, by_port = AWS_RESOURCES[resource]
                return by_port.get(port, name) if port is not None else name
            service = is_aws_endpoint(host)
            if service is not None:
                return AWS_SERVICE_NAMES.get(service, service)
        lowered = host.lower()
        for suffix, name in HOST_SUFFIX_SERVICES:
            if suffix in lowered:
                return name
    if port is not None:
        return PORT_SERVICES.get(port)
    return None
