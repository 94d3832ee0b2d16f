"""psycopg: the linter's checks, its default and fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import Client, Language

if TYPE_CHECKING:
    from checker.lint.python import PythonChecks


def checks() -> PythonChecks:
    from checker.lint.pylibs import libpq_check
    from checker.lint.python import PythonChecks

    check = libpq_check("psycopg", "conninfo", 0, zero_disables=False)
    return PythonChecks(
        functions={
            "psycopg.connect": check,
            "psycopg.Connection.connect": check,
            "psycopg.AsyncConnection.connect": check,
        },
    )


LIBRARY = Client(
    name="psycopg",
    language=Language.PYTHON,
    roots=("psycopg",),
    default_connect=130.0,
    default_source=(
        "https://www.psycopg.org/psycopg3/docs/api/connections.html (connect_timeout "
        "unset: 130 s since psycopg 3.2)"
    ),
    default_text="psycopg 3's default is {default}",
    fix="connect_timeout={connect_int}",
    reads="psycopg 3",
    checks=checks,
    services=("PostgreSQL", "Redshift"),
)
