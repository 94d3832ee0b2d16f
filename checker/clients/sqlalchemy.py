"""SQLAlchemy: checks only; an engine's findings name the driver its URL picks (psycopg2, ...)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import Client, Language

if TYPE_CHECKING:
    from checker.lint.python import PythonChecks


def checks() -> PythonChecks:
    from checker.lint.pylibs import engine_check
    from checker.lint.python import PythonChecks

    # URL scheme -> (the driver's library, the option bounding its connect, whole seconds only
    # (libpq), read from the URL's query too (asyncpg's dialect: not known to)).
    check = engine_check(
        {
            "postgresql": ("psycopg2", "connect_timeout", True, True),
            "postgresql+psycopg2": ("psycopg2", "connect_timeout", True, True),
            "postgresql+psycopg": ("psycopg", "connect_timeout", True, True),
            "postgresql+asyncpg": ("asyncpg", "timeout", False, False),
            "mysql+pymysql": ("pymysql", "connect_timeout", False, True),
        }
    )
    return PythonChecks(
        functions={
            "sqlalchemy.create_engine": check,
            "sqlalchemy.ext.asyncio.create_async_engine": check,
        },
        aliases=(
            ("sqlalchemy.engine.create_engine", "sqlalchemy.create_engine"),
            ("sqlalchemy.engine.create.create_engine", "sqlalchemy.create_engine"),
            (
                "sqlalchemy.ext.asyncio.engine.create_async_engine",
                "sqlalchemy.ext.asyncio.create_async_engine",
            ),
        ),
    )


LIBRARY = Client(
    name="sqlalchemy",
    language=Language.PYTHON,
    roots=("sqlalchemy",),
    default_connect=None,
    default_source=(
        "SQLAlchemy passes connect_args and the URL's query to the driver: the driver's default applies"
    ),
    reads="SQLAlchemy `create_engine` / `create_async_engine` (per driver, below)",
    checks=checks,
    only_with=r"create_(?:async_)?engine",
)
