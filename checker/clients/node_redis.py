"""node-redis: a row without checks, for cost and remediation."""

from __future__ import annotations

from checker.client import Client, Language, Snippet

LIBRARY = Client(
    name="node-redis",
    language=Language.JAVASCRIPT,
    roots=("redis", "@redis/client"),
    default_connect=5.0,
    default_source="https://github.com/redis/node-redis/blob/master/docs/client-configuration.md",
    snippet=Snippet(
        library="node-redis",
        services=("Redis", "ElastiCache (Redis)", "MemoryDB"),
        lang="js",
        code="const client = createClient({ url, socket: { connectTimeout: {ms} } });",
        names=(
            "node_modules/@redis/",
            "ConnectionTimeoutError: Connection timeout",
        ),
        setting="`socket.connectTimeout`, in ms; default 5000",
        source="https://github.com/redis/node-redis/blob/master/docs/client-configuration.md",
        guess=False,
    ),
)
