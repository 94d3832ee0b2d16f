"""ioredis: the linter's checks, its default and fix, and the remediation snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import Client, Language, Snippet

if TYPE_CHECKING:
    from checker.lint.jslibs import JavaScriptChecks


def checks() -> JavaScriptChecks:
    from checker.lint.jslibs import JavaScriptChecks, ioredis_check, ioredis_cluster_check

    return JavaScriptChecks(
        constructors={"ioredis": ioredis_check, "ioredis.Cluster": ioredis_cluster_check},
        aliases=(("ioredis.default", "ioredis"), ("ioredis.Redis", "ioredis")),
    )


LIBRARY = Client(
    name="ioredis",
    language=Language.JAVASCRIPT,
    roots=("ioredis",),
    default_connect=10.0,
    default_source="https://github.com/redis/ioredis/blob/main/lib/redis/RedisOptions.ts",
    default_text="ioredis's default is {default}",
    fix="connectTimeout: {ms}",
    reads="ioredis (and `Cluster`)",
    snippet=Snippet(
        library="ioredis",
        services=("Redis", "ElastiCache (Redis)", "MemoryDB"),
        lang="js",
        code="const redis = new Redis({ host, connectTimeout: {ms} });",
        names=(
            "[ioredis]",
            "node_modules/ioredis/",
        ),
        setting=(
            '`connectTimeout`, in ms, "before a timeout occurs during the initial connection '
            'to the Redis server"; default 10000'
        ),
        source="https://github.com/redis/ioredis/blob/main/lib/redis/RedisOptions.ts",
    ),
    checks=checks,
    services=("Redis",),
)
