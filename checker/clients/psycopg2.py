"""psycopg2: the linter's checks, its default and fix, and the remediation snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import UNBOUNDED, Client, Language, Snippet

if TYPE_CHECKING:
    from checker.lint.python import PythonChecks


def checks() -> PythonChecks:
    from checker.lint.pylibs import libpq_check
    from checker.lint.python import PythonChecks

    return PythonChecks(
        functions={
            "psycopg2.connect": libpq_check("psycopg2", "dsn", 0, zero_disables=True),
            "psycopg2.pool.SimpleConnectionPool": libpq_check("psycopg2", "dsn", 2, zero_disables=True),
            "psycopg2.pool.ThreadedConnectionPool": libpq_check("psycopg2", "dsn", 2, zero_disables=True),
        },
    )


LIBRARY = Client(
    name="psycopg2",
    language=Language.PYTHON,
    roots=("psycopg2",),
    default_connect=None,
    default_source=(
        "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-CONNECT-TIMEOUT "
        "(unset: none)"
    ),
    default_text=f"libpq sets none by default, {UNBOUNDED}",
    fix="connect_timeout={connect_int}",
    reads="psycopg2",
    snippet=Snippet(
        library="psycopg2 / psycopg",
        services=("PostgreSQL", "Redshift"),
        lang="python",
        code="conn = psycopg2.connect(dsn, connect_timeout={s})",
        names=("psycopg",),
        setting="libpq's `connect_timeout`, in seconds; unset or 0 waits indefinitely",
        source=("https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-CONNECT-TIMEOUT"),
    ),
    checks=checks,
    services=("PostgreSQL", "Redshift"),
)
