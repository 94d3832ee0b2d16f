"""java.net.http: a row without checks, for cost and remediation."""

from __future__ import annotations

from checker.client import Client, Language, Snippet

LIBRARY = Client(
    name="java.net.http",
    language=Language.JAVA,
    roots=("java.net.http",),
    default_connect=None,
    default_source=(
        "https://docs.oracle.com/en/java/javase/21/docs/api/java.net.http/java/net/http/HttpClient.Builder.html"
    ),
    snippet=Snippet(
        library="java.net.http",
        services=(),
        lang="java",
        code=("HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds({s})).build();"),
        names=(),
        setting="`HttpClient.Builder.connectTimeout`; without it the connect waits on the OS",
        source=(
            "https://docs.oracle.com/en/java/javase/21/docs/api/java.net.http/java/net/http/HttpClient.Builder.html"
        ),
    ),
)
