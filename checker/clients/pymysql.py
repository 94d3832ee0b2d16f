"""pymysql: the linter's checks, its default and fix, and the remediation snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import Client, Language, Snippet

if TYPE_CHECKING:
    from checker.lint.python import PythonChecks


def checks() -> PythonChecks:
    from checker.lint.pylibs import pymysql_check
    from checker.lint.python import PythonChecks

    return PythonChecks(
        functions={"pymysql.connect": pymysql_check},
        aliases=(
            ("pymysql.connections.Connection", "pymysql.connect"),
            ("pymysql.Connection", "pymysql.connect"),
            ("pymysql.Connect", "pymysql.connect"),
        ),
    )


LIBRARY = Client(
    name="pymysql",
    language=Language.PYTHON,
    roots=("pymysql",),
    default_connect=10.0,
    default_source="https://pymysql.readthedocs.io/en/latest/modules/connections.html",
    default_text="PyMySQL's default is {default}",
    fix="connect_timeout={connect}",
    reads="PyMySQL",
    snippet=Snippet(
        library="PyMySQL",
        services=("MySQL",),
        lang="python",
        code="conn = pymysql.connect(host=host, user=user, connect_timeout={s})",
        names=("pymysql",),
        setting="`connect_timeout`, in seconds; default 10",
        source="https://pymysql.readthedocs.io/en/latest/modules/connections.html",
    ),
    checks=checks,
    services=("MySQL",),
)
