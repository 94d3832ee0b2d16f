"""redis-rb: a row without checks, for cost and remediation."""

from __future__ import annotations

from checker.client import Client, Language, Snippet

LIBRARY = Client(
    name="redis-rb",
    language=Language.RUBY,
    roots=("redis",),
    default_connect=None,
    default_source="https://github.com/redis/redis-rb#timeouts",
    snippet=Snippet(
        library="redis-rb",
        services=("Redis", "ElastiCache (Redis)", "MemoryDB"),
        lang="ruby",
        code="redis = Redis.new(url: url, connect_timeout: {s}, timeout: 5)",
        names=(
            "Redis::CannotConnectError",
            "Redis::TimeoutError",
            "Redis::ConnectionError",
            "RedisClient::",
        ),
        setting="`connect_timeout`, in seconds; falls back to `timeout`",
        source="https://github.com/redis/redis-rb#timeouts",
    ),
)
