"""aws-sdk-v2: the linter's checks, its default and fix, and the remediation snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import AWS_API, Client, Language, Snippet

if TYPE_CHECKING:
    from checker.lint.jslibs import JavaScriptChecks


# The service classes checked (an allow-list: the namespace also holds Config, Credentials...).
SERVICES = frozenset(
    {
        "S3",
        "DynamoDB",
        "SQS",
        "SNS",
        "Lambda",
        "SES",
        "SESV2",
        "KMS",
        "SecretsManager",
        "SSM",
        "Kinesis",
        "Firehose",
        "CloudWatch",
        "CloudWatchLogs",
        "CloudWatchEvents",
        "EventBridge",
        "StepFunctions",
        "STS",
        "CognitoIdentityServiceProvider",
        "CognitoIdentity",
        "Athena",
        "Glue",
        "ECS",
        "EC2",
        "RDS",
        "RDSDataService",
        "ElastiCache",
        "APIGateway",
        "ApiGatewayManagementApi",
        "IAM",
        "Route53",
        "CloudFront",
        "Rekognition",
        "Textract",
        "Comprehend",
        "Translate",
        "Polly",
        "SageMaker",
        "SageMakerRuntime",
        "AppSync",
        "Iot",
        "IotData",
        "Batch",
        "ECR",
        "EKS",
        "CloudFormation",
        "Organizations",
        "Pinpoint",
    }
)


def checks() -> JavaScriptChecks:
    from checker.lint.jslibs import JavaScriptChecks, aws_v2_check, aws_v2_service

    return JavaScriptChecks(patterns=((aws_v2_service(SERVICES), aws_v2_check),))


LIBRARY = Client(
    name="aws-sdk-v2",
    language=Language.JAVASCRIPT,
    roots=("aws-sdk",),
    default_connect=None,
    default_source=(
        "https://docs.aws.amazon.com/AWSJavaScriptSDK/latest/AWS/Config.html (connectTimeout unset, none)"
    ),
    default_text=(
        "the AWS SDK v2 has no connect timeout by default (httpOptions.timeout starts once connected)"
    ),
    fix="httpOptions: { connectTimeout: {ms} }",
    reads="AWS SDK v2 services (`httpOptions.connectTimeout`)",
    snippet=Snippet(
        library="AWS SDK v2",
        services=("aws",),
        lang="js",
        code=(
            "const dynamodb = new AWS.DynamoDB({ httpOptions: { connectTimeout: {ms}, timeout: 10000 } });"
        ),
        names=(
            "node_modules/aws-sdk/",
            "NetworkingError",
        ),
        setting="`httpOptions.connectTimeout`, in ms; default 0, no timeout",
        source="https://docs.aws.amazon.com/AWSJavaScriptSDK/latest/AWS/Config.html",
        guess=False,
    ),
    checks=checks,
    services=(AWS_API,),
)
