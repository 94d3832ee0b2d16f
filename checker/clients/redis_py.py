"""redis: the linter's checks, its default and fix, and the remediation snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import UNBOUNDED, Client, Language, Snippet

if TYPE_CHECKING:
    from checker.lint.python import PythonChecks


def checks() -> PythonChecks:
    from checker.lint.pylibs import redis_check
    from checker.lint.python import PythonChecks

    return PythonChecks(
        functions={
            "redis.Redis": redis_check(5, 4),
            "redis.asyncio.Redis": redis_check(5, 4),
            "redis.ConnectionPool": redis_check(None, None),
            "redis.Redis.from_url": redis_check(None, None, url=True),
            "redis.from_url": redis_check(None, None, url=True),
            "redis.asyncio.from_url": redis_check(None, None, url=True),
            "redis.asyncio.Redis.from_url": redis_check(None, None, url=True),
            "redis.cluster.RedisCluster": redis_check(None, None, lazy=False),
            "redis.asyncio.cluster.RedisCluster": redis_check(None, None),  # connects on initialize()
            "redis.cluster.RedisCluster.from_url": redis_check(None, None, url=True, lazy=False),
            "redis.asyncio.cluster.RedisCluster.from_url": redis_check(None, None, url=True),
        },
        aliases=(
            ("redis.client.StrictRedis", "redis.Redis"),
            ("redis.client.", "redis."),
            ("redis.StrictRedis", "redis.Redis"),
            ("redis.asyncio.client.", "redis.asyncio."),
            ("redis.connection.", "redis."),
            ("redis.RedisCluster", "redis.cluster.RedisCluster"),
            ("redis.asyncio.RedisCluster", "redis.asyncio.cluster.RedisCluster"),
        ),
    )


LIBRARY = Client(
    name="redis",
    language=Language.PYTHON,
    roots=("redis", "redis.asyncio.client"),
    default_connect=None,
    default_source=(
        "https://redis.readthedocs.io/en/stable/connections.html (socket_connect_timeout "
        "None before 8.0); measured: a dropped connect took 59 s with redis-py 8.1"
    ),
    default_text=(
        f"redis-py before 8.0 sets none, {UNBOUNDED}, and 8.x retries its 5 s default (a "
        "dropped connect took 59 s with 8.1)"
    ),
    fix="socket_connect_timeout={connect}",
    reads="redis-py (and `RedisCluster`)",
    snippet=Snippet(
        library="redis-py",
        services=("Redis", "ElastiCache (Redis)", "MemoryDB"),
        lang="python",
        code="r = redis.Redis(host=host, socket_connect_timeout={s}, socket_timeout=5)",
        names=(
            "redis.exceptions",
            "site-packages/redis/",
        ),
        setting="`socket_connect_timeout`, in seconds; default None (no timeout) before redis-py 8",
        source="https://redis.readthedocs.io/en/stable/connections.html",
    ),
    checks=checks,
    services=("Redis",),
)
