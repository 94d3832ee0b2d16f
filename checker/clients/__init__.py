"""The client libraries connfail knows, one module each: `checker/clients/<library>.py` declares
`LIBRARY = Client(...)` (checker.client) with its import roots, default connect timeout and its
source, the lint fix, the remediation snippet and its checks.

Everything else is derived from this registry: the lint prefilter (checker.lint.run), the
analyzers' tables (`python_tables`, `javascript_tables`), docs/rules.md and docs/lint.md's
"What it reads" (checker.lint.docs), remediation's snippets, cost's known defaults and culprit's
service table. Adding a library is one module here, listed in `_MODULES`, plus its fixtures.

The list is explicit (mypy checks every module; the order is the order snippets are matched
and named in). Importing the registry loads data only: checks are built on first lint.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from typing import TYPE_CHECKING

from checker.client import Client, Language, Snippet
from checker.clients import (
    aiohttp,
    asyncpg,
    aws_sdk_java_v1,
    aws_sdk_java_v2,
    aws_sdk_ruby,
    aws_sdk_v2,
    aws_sdk_v3,
    axios,
    botocore,
    dotnet_httpclient,
    faraday,
    fetch,
    go_net_http,
    got,
    hikaricp,
    http_client,
    httpx,
    ioredis,
    java_net_http,
    mongodb,
    mongodb_java,
    mysql2,
    mysql_connector_j,
    mysqlconnector,
    node_fetch,
    node_http,
    node_redis,
    npgsql,
    pg,
    pgjdbc,
    prisma,
    psycopg,
    psycopg2,
    pymongo,
    pymysql,
    redis_py,
    redis_rb,
    requests,
    ruby_net_http,
    socket_,
    sqlalchemy,
    undici,
    urllib3,
    urllib_request,
)

if TYPE_CHECKING:
    from checker.lint.jslibs import JavaScriptTables
    from checker.lint.python import PythonTables

# Within a runtime, a failing line naming two libraries is the first one's (an SDK before the
# HTTP client under it), and snippets offered by service come in this order.
_MODULES = (
    # Python
    botocore,
    psycopg2,
    psycopg,
    pymysql,
    redis_py,
    pymongo,
    httpx,
    aiohttp,
    requests,
    urllib3,
    urllib_request,
    http_client,
    socket_,
    asyncpg,
    sqlalchemy,
    # Node.js
    axios,
    fetch,
    pg,
    mysql2,
    ioredis,
    node_redis,
    mongodb,
    prisma,
    aws_sdk_v3,
    aws_sdk_v2,
    undici,
    node_http,
    got,
    node_fetch,
    # Runtimes the linter does not parse: rows for cost and remediation
    aws_sdk_java_v2,
    aws_sdk_java_v1,
    pgjdbc,
    mysql_connector_j,
    hikaricp,
    mongodb_java,
    java_net_http,
    go_net_http,
    npgsql,
    mysqlconnector,
    dotnet_httpclient,
    aws_sdk_ruby,
    redis_rb,
    faraday,
    ruby_net_http,
)

CLIENTS: tuple[Client, ...] = tuple(module.LIBRARY for module in _MODULES)
BY_NAME: dict[str, Client] = {client.name: client for client in CLIENTS}
# The libraries lint findings name (a default to state and a fix), in registry order.
REPORTED: tuple[Client, ...] = tuple(client for client in CLIENTS if client.reported)
# Grouped by runtime in Language's order (docs/remediation.md lists them so).
SNIPPETS: tuple[Snippet, ...] = tuple(
    s
    for language in Language
    for client in CLIENTS
    if client.language is language and (s := client.remedy) is not None
)
# The runtimes whose code the linter reads (culprit links their findings to lint sites).
LINTED_RUNTIMES = frozenset(client.runtime for client in CLIENTS if client.checks is not None)


def by_name(name: str) -> Client:
    """The client a lint finding's `library` names (KeyError for a name not in the registry)."""
    return BY_NAME[name]


def by_root(module: str, language: Language = Language.PYTHON) -> Client | None:
    """The client a module path belongs to: the longest root it is or starts with
    (`requests.packages.urllib3.util` -> urllib3, `redis.asyncio.client` -> redis)."""
    sep = "/" if language is Language.JAVASCRIPT else "."  # `mysql2/promise`, `@aws-sdk/` scopes
    best: tuple[int, Client] | None = None
    for client in CLIENTS:
        if client.language is not language:
            continue
        for root in client.roots:
            if module == root or module.startswith(root if root.endswith(sep) else root + sep):
                if best is None or len(root) > best[0]:
                    best = (len(root), client)
    return best[1] if best else None


def by_package(package: str) -> Client | None:
    """The JavaScript client an npm package (or a path in it) belongs to."""
    return by_root(package, Language.JAVASCRIPT)


def of_runtimes(runtimes: Collection[str]) -> tuple[Client, ...]:
    """The clients a function of these runtimes can be using, in registry order."""
    return tuple(client for client in CLIENTS if client.runtime in runtimes)


def import_roots(language: Language) -> tuple[str, ...]:
    """Every import spelling of the checked clients of a language (the lint prefilter's)."""
    return tuple(
        root for client in CLIENTS if client.language is language and client.checks for root in client.roots
    )


def global_names(language: Language) -> tuple[str, ...]:
    """Names the checked clients of a language are called by without an import."""
    return tuple(
        name for client in CLIENTS if client.language is language and client.checks for name in client.globals
    )


@functools.cache
def python_tables() -> PythonTables:
    """The Python analyzer's tables, every checked library's merged (built on first lint)."""
    from checker.lint.python import PythonChecks, PythonTables

    python = [c for c in CLIENTS if c.language is Language.PYTHON and c.checks is not None]
    checks = [c.checks() for c in python if c.checks is not None]
    return PythonTables.merge(python, [c for c in checks if isinstance(c, PythonChecks)])


@functools.cache
def javascript_tables() -> JavaScriptTables:
    """The JavaScript analyzer's tables, every checked library's merged (built on first lint)."""
    from checker.lint.jslibs import JavaScriptChecks, JavaScriptTables

    js = [c for c in CLIENTS if c.language is Language.JAVASCRIPT and c.checks is not None]
    checks = [c.checks() for c in js if c.checks is not None]
    return JavaScriptTables(js, [c for c in checks if isinstance(c, JavaScriptChecks)])
