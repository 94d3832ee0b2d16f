"""JDBC (MySQL Connector/J): a row without checks, for cost and remediation."""

from __future__ import annotations

from checker.client import Client, Language, Snippet

LIBRARY = Client(
    name="JDBC (MySQL Connector/J)",
    language=Language.JAVA,
    roots=("com.mysql",),
    default_connect=None,
    default_source="https://dev.mysql.com/doc/connector-j/en/connector-j-connp-props-networking.html",
    snippet=Snippet(
        library="JDBC (MySQL Connector/J)",
        services=("MySQL",),
        lang="java",
        code='String url = "jdbc:mysql://host:3306/db?connectTimeout={ms}";  // milliseconds',
        names=(
            "com.mysql.",
            "Communications link failure",
        ),
        setting="`connectTimeout`, in ms; default 0, no timeout",
        source="https://dev.mysql.com/doc/connector-j/en/connector-j-connp-props-networking.html",
    ),
)
