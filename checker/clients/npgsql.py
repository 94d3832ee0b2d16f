"""Npgsql: a row without checks, for cost and remediation."""

from __future__ import annotations

from checker.client import Client, Language, Snippet

LIBRARY = Client(
    name="Npgsql",
    language=Language.DOTNET,
    roots=("Npgsql",),
    default_connect=15.0,
    default_source=("https://www.npgsql.org/doc/connection-string-parameters.html#timeouts-and-keepalive"),
    snippet=Snippet(
        library="Npgsql",
        services=("PostgreSQL", "Redshift"),
        lang="text",
        code="Host=HOST;Port=5432;Database=DB;Username=USER;Timeout={s}",
        names=("Npgsql",),
        setting=(
            '`Timeout` in the connection string, in seconds: "the time to wait while trying '
            'to establish a connection"; default 15'
        ),
        source=("https://www.npgsql.org/doc/connection-string-parameters.html#timeouts-and-keepalive"),
    ),
)
