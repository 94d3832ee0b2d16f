"""asyncpg: the linter's checks, its default and fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import Client, Language

if TYPE_CHECKING:
    from checker.lint.python import PythonChecks


def checks() -> PythonChecks:
    from checker.lint.pylibs import read_plain, timeout_check
    from checker.lint.python import PythonChecks

    return PythonChecks(
        functions={
            "asyncpg.connect": timeout_check("asyncpg", read_plain, max_positional=1),
            "asyncpg.create_pool": timeout_check("asyncpg", read_plain, max_positional=1),
        },
        aliases=(
            ("asyncpg.pool.create_pool", "asyncpg.create_pool"),
            ("asyncpg.connection.connect", "asyncpg.connect"),
        ),
    )


LIBRARY = Client(
    name="asyncpg",
    language=Language.PYTHON,
    roots=("asyncpg",),
    default_connect=60.0,
    default_source=(
        "https://magicstack.github.io/asyncpg/current/api/index.html#asyncpg.connection.connect (timeout=60)"
    ),
    default_text="asyncpg's default is {default}",
    fix="timeout={connect}",
    reads="asyncpg",
    checks=checks,
)
