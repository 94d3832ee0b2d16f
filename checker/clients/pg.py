"""pg: the linter's checks, its default and fix, and the remediation snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import Client, Language, Snippet

if TYPE_CHECKING:
    from checker.lint.jslibs import JavaScriptChecks


def checks() -> JavaScriptChecks:
    from checker.lint.jslibs import JavaScriptChecks, pg_check

    return JavaScriptChecks(constructors={"pg.Pool": pg_check, "pg.Client": pg_check})


LIBRARY = Client(
    name="pg",
    language=Language.JAVASCRIPT,
    roots=("pg",),
    default_connect=None,
    default_source="https://node-postgres.com/apis/pool (connectionTimeoutMillis 0, none)",
    default_text=("pg has no connect timeout by default (0 = none; the kernel gives up after about 130 s)"),
    fix="connectionTimeoutMillis: {ms}",
    reads="pg `Pool`/`Client`",
    snippet=Snippet(
        library="pg",
        services=("PostgreSQL", "Redshift"),
        lang="js",
        code="const pool = new Pool({ connectionTimeoutMillis: {ms} });",
        names=(
            "node_modules/pg/",
            "node_modules/pg-pool/",
            "Connection terminated due to connection timeout",
        ),
        setting="`connectionTimeoutMillis`, in ms; default 0, no timeout",
        source="https://node-postgres.com/apis/pool",
    ),
    checks=checks,
    services=("PostgreSQL", "Redshift"),
)
