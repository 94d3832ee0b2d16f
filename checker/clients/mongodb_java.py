"""MongoDB Java driver: a row without checks, for cost and remediation."""

from __future__ import annotations

from checker.client import Client, Language, Snippet

LIBRARY = Client(
    name="MongoDB Java driver",
    language=Language.JAVA,
    roots=("com.mongodb",),
    default_connect=10.0,
    default_source=(
        "https://www.mongodb.com/docs/drivers/java/sync/current/connection/specify-connection-options/"
    ),
    snippet=Snippet(
        library="MongoDB Java driver",
        services=("MongoDB", "DocumentDB"),
        lang="java",
        code=(
            "MongoClientSettings.builder().applyToSocketSettings(b -> b.connectTimeout({s}, "
            "TimeUnit.SECONDS))"
        ),
        names=("com.mongodb",),
        setting="`SocketSettings.Builder.connectTimeout`; default 10 s",
        source=(
            "https://www.mongodb.com/docs/drivers/java/sync/current/connection/specify-connection-options/"
        ),
    ),
)
