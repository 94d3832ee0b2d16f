"""HikariCP: a row without checks, for cost and remediation."""

from __future__ import annotations

from checker.client import Client, Language, Snippet

LIBRARY = Client(
    name="HikariCP",
    language=Language.JAVA,
    roots=("com.zaxxer.hikari",),
    default_connect=None,
    default_source="https://github.com/brettwooldridge/HikariCP#gear-configuration-knobs-baby",
    snippet=Snippet(
        library="HikariCP",
        services=("PostgreSQL", "MySQL"),
        lang="java",
        code=(
            'config.addDataSourceProperty("connectTimeout", "{s}");  // the driver\'s '
            "(pgjdbc: s)\nconfig.setConnectionTimeout(5000);  // waiting for a pooled "
            "connection, ms"
        ),
        names=(
            "HikariPool",
            "com.zaxxer.hikari",
        ),
        setting=(
            "`connectionTimeout` is the wait for a pooled connection, in ms (default 30000); "
            "the TCP connect timeout is the driver's `connectTimeout`, set as a data-source "
            "property"
        ),
        source="https://github.com/brettwooldridge/HikariCP#gear-configuration-knobs-baby",
        guess=False,
    ),
)
