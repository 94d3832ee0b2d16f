"""MySqlConnector: a row without checks, for cost and remediation."""

from __future__ import annotations

from checker.client import Client, Language, Snippet

LIBRARY = Client(
    name="MySqlConnector",
    language=Language.DOTNET,
    roots=("MySqlConnector", "MySql.Data"),
    default_connect=15.0,
    default_source="https://mysqlconnector.net/connection-options/",
    snippet=Snippet(
        library="MySqlConnector",
        services=("MySQL",),
        lang="text",
        code="Server=HOST;Port=3306;Database=DB;User ID=USER;Connection Timeout={s}",
        names=(
            "MySqlConnector",
            "MySql.Data",
        ),
        setting="`Connection Timeout` in the connection string, in seconds; default 15",
        source="https://mysqlconnector.net/connection-options/",
    ),
)
