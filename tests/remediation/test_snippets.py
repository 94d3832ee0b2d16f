"""The connect-timeout snippet table: each row is the library a real failing line names, once.

A row with `names` is tested with a real line that names it: from the labelled corpus
(tests/data/detect/real/*.yaml) or, where the corpus has none yet, from the public thread noted
beside it below. A row without a real line yet, and each runtime's general fallback, is tested
through the fallback that offers it by service.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.clients import SNIPPETS
from checker.detect.model import Runtime
from checker.detect.services import service_for
from checker.finding import ErrorCount
from checker.remediation import Snippet, _code, library_of, pick_snippets
from tests.conftest import read_yaml

REAL = Path(__file__).resolve().parents[1] / "data" / "detect" / "real"
CORPUS = [row for path in sorted(REAL.glob("*.yaml")) for row in read_yaml(path)]

# Real lines (copied as the thread printed them) for rows the corpus has no line of yet.
THREADS: dict[str, tuple[str, str]] = {
    "ioredis": (
        "https://github.com/redis/ioredis/issues/1386",
        "ERROR\t[ioredis] Unhandled error event: Error: connect ETIMEDOUT\n"
        "    at TLSSocket.<anonymous> (/var/task/node_modules/ioredis/built/redis/index.js:317:37)",
    ),
    "node-redis": (
        "https://github.com/redis/node-redis/issues/2576",
        "Redis Client Error ConnectionTimeoutError: Connection timeout\n    at Socket.<anonymous>"
        " (/opt/nodejs/node_modules/@redis/client/dist/lib/client/socket.js:178:124)",
    ),
    "Prisma": (
        "https://github.com/prisma/orm/issues/24718",
        "Can't reach database server at "
        "`<db-name>.cluster-czu26m4ieacl.us-west-2.rds.amazonaws.com:5432`\n"
        "    at In.handleRequestError"
        " (/var/task/node_modules/@prisma/client/runtime/library.js:122:7177)",
    ),
    "aiohttp": (
        "https://github.com/aio-libs/aiohttp/issues/5155",
        "aiohttp.client_exceptions.ClientConnectorError: Cannot connect to host 0.0.0.0:7000"
        " ssl:default [Name or service not known]",
    ),
    "JDBC (pgjdbc)": (
        "https://github.com/axelor/open-platform-demo/issues/9",
        "org.postgresql.util.PSQLException: Connection to localhost:5432 refused",
    ),
    "HikariCP": (
        "https://github.com/palantir/atlasdb/issues/1762",
        "Caused by: java.lang.RuntimeException: HikariPool.PoolInitializationException: Failed to"
        " initialize pool: Connection to il-pg-alpha-1073896.use1.palantir.global:5432 refused.",
    ),
}
RUNTIME_OF = {
    "ioredis": "nodejs",
    "node-redis": "nodejs",
    "Prisma": "nodejs",
    "aiohttp": "python",
    "JDBC (pgjdbc)": "java",
    "HikariCP": "java",
}


def _real_line(snippet: Snippet) -> str | None:
    """A real line of the snippet's runtime that names its library (corpus first)."""
    for row in CORPUS:
        if row["runtime"] == snippet.runtime and library_of(row["line"], row["runtime"]) == snippet.library:
            return str(row["line"])
    thread = THREADS.get(snippet.library)
    if thread and RUNTIME_OF[snippet.library] == snippet.runtime:
        return thread[1]
    return None


def _destination(runtime: Runtime, library: str | None, service: str | None, host: str | None) -> ErrorCount:
    port = 443 if service in (None, "HTTPS") else None
    return ErrorCount(
        "ETIMEDOUT",
        "ETIMEDOUT",
        "connect timeout",
        host,
        port,
        service or service_for(host, port),
        5,
        "",
        runtime=runtime,
        library=library,
    )


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda s: f"{s.runtime}-{s.library}")
def test_each_row_is_the_snippet_of_the_library_that_failed(snippet: Snippet) -> None:
    code = _code(snippet)
    assert "{s}" not in code and "{ms}" not in code and ("3" in code), code  # the 3 s filled in
    line = _real_line(snippet) if snippet.names else None
    if line is not None:
        assert library_of(line, snippet.runtime) == snippet.library
        # another runtime's failure never names this runtime's library
        others = [r for r in ("nodejs", "python", "java", "go", "dotnet", "ruby") if r != snippet.runtime]
        assert all(library_of(line, r) != snippet.library for r in others)
        named = _destination(snippet.runtime, snippet.library, None, None)
        picked = pick_snippets([snippet.runtime], [named])
        assert picked == [snippet]
        return
    # no real line names it (yet), or it is the runtime's general client: the fallback offers it
    assert snippet.guess, f"{snippet.library}: a row only a named line can pick needs a real line"
    if snippet.services:
        service = snippet.services[0]
        host = "dynamodb.us-east-1.amazonaws.com" if service == "aws" else "db.internal"
        destination = _destination(snippet.runtime, None, None if service == "aws" else service, host)
    else:
        destination = _destination(snippet.runtime, None, "HTTPS", "api.partner.example.com")
    assert snippet in pick_snippets([snippet.runtime], [destination])


def test_npgsql_gets_its_connection_string_timeout_not_httpclient() -> None:
    # the corpus line of npgsql/efcore.pg#32 names Npgsql; a .NET PostgreSQL destination whose
    # line names no driver gets Npgsql too (the service), never the HttpClient handler
    named = pick_snippets(["dotnet"], [_destination("dotnet", "Npgsql", "PostgreSQL", "db.internal")])
    guessed = pick_snippets(["dotnet"], [_destination("dotnet", None, "PostgreSQL", "db.internal")])
    for picked in (named, guessed):
        assert [s.library for s in picked] == ["Npgsql"]
        assert _code(picked[0]) == "Host=HOST;Port=5432;Database=DB;Username=USER;Timeout=3"


def test_a_line_naming_no_library_falls_back_by_runtime_and_service() -> None:
    # pg and a public API from one Node function, neither named: pg for PostgreSQL, fetch for HTTPS
    picked = pick_snippets(
        ["nodejs"],
        [
            _destination("nodejs", None, "PostgreSQL", "10.0.3.47"),
            _destination("nodejs", None, "HTTPS", "api.partner.example.com"),
        ],
    )
    assert [s.library for s in picked] == ["pg", "fetch (undici)"]
    # a named library and an unnamed destination: the named one first, then the fallback
    dynamodb = _destination("python", None, None, "dynamodb.us-east-1.amazonaws.com")
    redis = _destination("python", "redis-py", "Redis", "cache.internal")
    picked = pick_snippets(["python"], [redis, dynamodb])
    assert [s.library for s in picked] == ["redis-py", "botocore"]
