"""pymongo: the linter's checks, its default and fix, and the remediation snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import Client, Language, Snippet

if TYPE_CHECKING:
    from checker.lint.python import PythonChecks


def checks() -> PythonChecks:
    from checker.lint.pylibs import pymongo_check
    from checker.lint.python import PythonChecks

    return PythonChecks(
        functions={"pymongo.MongoClient": pymongo_check, "pymongo.AsyncMongoClient": pymongo_check},
        aliases=(("pymongo.mongo_client.", "pymongo."),),
    )


LIBRARY = Client(
    name="pymongo",
    language=Language.PYTHON,
    roots=("pymongo",),
    default_connect=20.0,
    default_source="https://pymongo.readthedocs.io/en/stable/api/pymongo/mongo_client.html",
    default_text="pymongo's default is {default}",
    fix="connectTimeoutMS={connect_ms}",
    reads="pymongo",
    snippet=Snippet(
        library="pymongo",
        services=("MongoDB", "DocumentDB"),
        lang="python",
        code="client = MongoClient(uri, connectTimeoutMS={ms}, serverSelectionTimeoutMS=5000)",
        names=("pymongo",),
        setting="`connectTimeoutMS`, in ms; default 20000",
        source="https://pymongo.readthedocs.io/en/stable/api/pymongo/mongo_client.html",
    ),
    checks=checks,
    services=("MongoDB",),
)
