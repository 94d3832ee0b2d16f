"""Prisma: a row without checks, for cost and remediation."""

from __future__ import annotations

from checker.client import Client, Language, Snippet

LIBRARY = Client(
    name="Prisma",
    language=Language.JAVASCRIPT,
    roots=("@prisma/client",),
    default_connect=5.0,
    default_source="https://www.prisma.io/docs/orm/overview/databases/postgresql#arguments",
    snippet=Snippet(
        library="Prisma",
        services=("PostgreSQL", "MySQL", "SQL Server"),
        lang="text",
        code="postgresql://USER@HOST:5432/DB?connect_timeout={s}",
        names=(
            "P1001",
            "Can't reach database server",
            "@prisma/client",
        ),
        setting="`connect_timeout` in the connection URL, in seconds; default 5",
        source="https://www.prisma.io/docs/orm/overview/databases/postgresql#arguments",
        guess=False,
    ),
)
