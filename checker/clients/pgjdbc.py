"""JDBC (pgjdbc): a row without checks, for cost and remediation."""

from __future__ import annotations

from checker.client import Client, Language, Snippet

LIBRARY = Client(
    name="JDBC (pgjdbc)",
    language=Language.JAVA,
    roots=("org.postgresql",),
    default_connect=10.0,
    default_source="https://jdbc.postgresql.org/documentation/use/#connection-parameters",
    snippet=Snippet(
        library="JDBC (pgjdbc)",
        services=("PostgreSQL", "Redshift"),
        lang="java",
        code='String url = "jdbc:postgresql://host:5432/db?connectTimeout={s}";  // seconds',
        names=(
            "org.postgresql",
            "PSQLException",
        ),
        setting="`connectTimeout`, in seconds; default 10",
        source="https://jdbc.postgresql.org/documentation/use/#connection-parameters",
    ),
)
