"""AWS SDK for Ruby: a row without checks, for cost and remediation."""

from __future__ import annotations

from checker.client import Client, Language, Snippet

LIBRARY = Client(
    name="AWS SDK for Ruby",
    language=Language.RUBY,
    roots=("aws-sdk",),
    default_connect=15.0,
    default_source="https://docs.aws.amazon.com/sdk-for-ruby/v3/api/Aws/DynamoDB/Client.html",
    snippet=Snippet(
        library="AWS SDK for Ruby",
        services=("aws",),
        lang="ruby",
        code="client = Aws::DynamoDB::Client.new(http_open_timeout: {s}, http_read_timeout: 10)",
        names=(
            "Seahorse::",
            "Aws::",
        ),
        setting="`http_open_timeout`, in seconds; default 15",
        source="https://docs.aws.amazon.com/sdk-for-ruby/v3/api/Aws/DynamoDB/Client.html",
    ),
)
