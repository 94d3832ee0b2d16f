"""AWS SDK for Java v2: a row without checks, for cost and remediation."""

from __future__ import annotations

from checker.client import Client, Language, Snippet

LIBRARY = Client(
    name="AWS SDK for Java v2",
    language=Language.JAVA,
    roots=("software.amazon.awssdk",),
    default_connect=2.0,
    default_source=(
        "https://sdk.amazonaws.com/java/api/latest/software/amazon/awssdk/http/apache/ApacheHttpClient.Builder.html"
    ),
    snippet=Snippet(
        library="AWS SDK v2",
        services=("aws",),
        lang="java",
        code="ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds({s}))",
        names=("software.amazon.awssdk",),
        setting="`ApacheHttpClient.Builder.connectionTimeout`; default 2 s",
        source=(
            "https://sdk.amazonaws.com/java/api/latest/software/amazon/awssdk/http/apache/ApacheHttpClient.Builder.html"
        ),
    ),
)
