"""AWS SDK for Java v1: a row without checks, for cost and remediation."""

from __future__ import annotations

from checker.client import Client, Language, Snippet

LIBRARY = Client(
    name="AWS SDK for Java v1",
    language=Language.JAVA,
    roots=("com.amazonaws",),
    default_connect=10.0,
    default_source=(
        "https://docs.aws.amazon.com/AWSJavaSDK/latest/javadoc/com/amazonaws/ClientConfiguration.html"
    ),
    snippet=Snippet(
        library="AWS SDK v1",
        services=("aws",),
        lang="java",
        code="new ClientConfiguration().withConnectionTimeout({ms})",
        names=("com.amazonaws.",),
        setting="`ClientConfiguration.setConnectionTimeout`, in ms; default 10000",
        source=(
            "https://docs.aws.amazon.com/AWSJavaSDK/latest/javadoc/com/amazonaws/ClientConfiguration.html"
        ),
        guess=False,
    ),
)
