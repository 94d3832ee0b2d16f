"""The client-library registry (checker/clients/): one module per library, every one listed,
each row complete for what it is used for (lint, cost, remediation)."""

from __future__ import annotations

import pkgutil
import re

import pytest

from checker import clients
from checker.client import Client, Language, fix_text

MODULES = sorted(m.name for m in pkgutil.iter_modules(clients.__path__))


def test_every_module_of_the_package_is_in_the_registry_once() -> None:
    listed = sorted(module.__name__.rpartition(".")[2] for module in clients._MODULES)
    assert listed == MODULES
    assert len({c.name for c in clients.CLIENTS}) == len(clients.CLIENTS) == len(MODULES)


@pytest.mark.parametrize("client", clients.CLIENTS, ids=lambda c: c.name)
def test_each_row_is_complete_for_what_uses_it(client: Client) -> None:
    assert client.roots or client.globals, "the prefilter and by_root need its import spellings"
    if client.language is Language.PYTHON:
        assert all(re.fullmatch(r"[A-Za-z_]\w*(\.\w+)*", root) for root in client.roots)
    if client.checks is not None:
        assert client.language in (Language.PYTHON, Language.JAVASCRIPT)
        assert client.reads, "docs/lint.md's What it reads names it"
    else:  # a row for cost and remediation only
        assert not client.fix and not client.reads and client.snippet is not None
    if client.reported:
        assert client.default_source and client.default_text
        assert ("{default}" in client.default_text) == (client.default_connect is not None)
    if client.snippet is not None:
        assert client.remedy is not None and client.remedy.runtime == client.runtime
        assert client.snippet.source.startswith("https://")


def test_lookups_by_import_root_follow_the_aliases() -> None:
    assert clients.by_root("requests.packages.urllib3.util.retry") is clients.BY_NAME["urllib3"]
    assert clients.by_root("requests.adapters") is clients.BY_NAME["requests"]
    assert clients.by_root("redis.asyncio.client") is clients.BY_NAME["redis"]
    assert clients.by_root("boto3.session") is clients.BY_NAME["botocore"]
    assert clients.by_root("requestsplus") is None
    assert clients.by_package("mysql2/promise") is clients.BY_NAME["mysql2"]
    assert clients.by_package("@aws-sdk/client-dynamodb") is clients.BY_NAME["aws-sdk-v3"]
    assert clients.by_package("@smithy/node-http-handler") is clients.BY_NAME["aws-sdk-v3"]
    assert clients.by_package("redis") is clients.BY_NAME["node-redis"]  # npm's redis is node-redis
    assert clients.by_package("pgx") is None
    assert clients.by_name("pg").language is Language.JAVASCRIPT


def test_the_snippet_order_remediation_matches_in_is_kept() -> None:
    """Of two names in one failing line, the earlier row's library wins (an SDK before its HTTP
    client): the order is the registry's, per runtime."""
    by_runtime: dict[str, list[str]] = {}
    for snippet in clients.SNIPPETS:
        by_runtime.setdefault(snippet.runtime, []).append(snippet.library)
    assert by_runtime == {
        "nodejs": [
            "pg",
            "mysql2",
            "ioredis",
            "node-redis",
            "mongodb",
            "Prisma",
            "AWS SDK v3",
            "AWS SDK v2",
            "fetch (undici)",
        ],
        "python": [
            "botocore",
            "psycopg2 / psycopg",
            "PyMySQL",
            "redis-py",
            "pymongo",
            "httpx",
            "aiohttp",
            "requests",
        ],
        "java": [
            "AWS SDK v2",
            "AWS SDK v1",
            "JDBC (pgjdbc)",
            "JDBC (MySQL Connector/J)",
            "HikariCP",
            "MongoDB Java driver",
            "java.net.http",
        ],
        "go": ["net/http"],
        "dotnet": ["Npgsql", "MySqlConnector", "HttpClient"],
        "ruby": ["AWS SDK for Ruby", "redis-rb", "Faraday", "Net::HTTP"],
    }


def test_fixes_use_the_advised_timeout_never_above_the_maximum() -> None:
    requests = clients.BY_NAME["requests"]
    assert requests.fix_for(5.0) == "timeout=(3.05, None)"
    assert requests.fix_for(2.0) == "timeout=(2, None)"
    assert fix_text("connect_timeout={connect_int}", 2.5) == "connect_timeout=2"
    assert (
        fix_text("connectTimeoutMS={connect_ms}, timeout: {ms}", 5.0)
        == "connectTimeoutMS=3000, timeout: 3000"
    )


def test_importing_the_registry_builds_no_checks() -> None:
    """The tables are built on the first lint, from each module's `checks()`."""
    tables = clients.python_tables()
    assert tables is clients.python_tables()  # built once
    assert tables.libraries["requests"] is clients.BY_NAME["requests"]
    assert tables.canonical("requests.packages.urllib3.PoolManager") == "urllib3.PoolManager"
    assert tables.canonical("redis.asyncio.client.Redis") == "redis.asyncio.Redis"
    js = clients.javascript_tables()
    assert js.canonical("mysql2/promise.createPool") == "mysql2.createPool"
    assert js.canonical("https.request") == "http.request"
