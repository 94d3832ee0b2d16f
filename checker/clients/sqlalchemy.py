"""sqlalchemy: the linter's checks, its default and fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import Client, Language

if TYPE_CHECKING:
    from checker.lint.python import PythonChecks


def checks() -> PythonChecks:
    from checker.lint.pylibs import sqlalchemy_check
    from checker.lint.python import PythonChecks

    return PythonChecks(
        functions={
            "sqlalchemy.create_engine": sqlalchemy_check,
            "sqlalchemy.ext.asyncio.create_async_engine": sqlalchemy_check,
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
)
