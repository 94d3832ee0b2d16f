"""mysql2: the linter's checks, its default and fix, and the remediation snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import Client, Language, Snippet

if TYPE_CHECKING:
    from checker.lint.jslibs import JavaScriptChecks


def checks() -> JavaScriptChecks:
    from checker.lint.jslibs import JavaScriptChecks, mysql2_check

    return JavaScriptChecks(
        calls={"mysql2.createConnection": mysql2_check, "mysql2.createPool": mysql2_check},
        aliases=(("mysql2/promise", "mysql2"),),
    )


LIBRARY = Client(
    name="mysql2",
    language=Language.JAVASCRIPT,
    roots=("mysql2",),
    default_connect=10.0,
    default_source="https://sidorares.github.io/node-mysql2/docs/api-and-configurations",
    default_text="mysql2's default is {default}",
    fix="connectTimeout: {ms}",
    reads="mysql2",
    snippet=Snippet(
        library="mysql2",
        services=("MySQL",),
        lang="js",
        code="const pool = mysql.createPool({ uri, connectTimeout: {ms} });",
        names=(
            "node_modules/mysql2/",
            "node_modules/mysql/",
        ),
        setting=(
            '`connectTimeout`, in ms, "before a timeout occurs during the initial connection"; default 10000'
        ),
        source="https://sidorares.github.io/node-mysql2/docs/api-and-configurations",
    ),
    checks=checks,
    services=("MySQL",),
)
