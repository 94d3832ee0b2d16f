"""mongodb: the linter's checks, its default and fix, and the remediation snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import Client, Language, Snippet

if TYPE_CHECKING:
    from checker.lint.jslibs import JavaScriptChecks


def checks() -> JavaScriptChecks:
    from checker.lint.jslibs import JavaScriptChecks, mongodb_check

    return JavaScriptChecks(
        calls={"mongodb.MongoClient.connect": mongodb_check},
        constructors={"mongodb.MongoClient": mongodb_check},
        aliases=(("mongodb.default.MongoClient", "mongodb.MongoClient"),),
    )


LIBRARY = Client(
    name="mongodb",
    language=Language.JAVASCRIPT,
    roots=("mongodb",),
    default_connect=30.0,
    default_source=(
        "https://www.mongodb.com/docs/drivers/node/current/fundamentals/connection/connection-options/"
    ),
    default_text="the MongoDB driver's default is {default}",
    fix="connectTimeoutMS: {ms}",
    reads="mongodb `MongoClient`",
    snippet=Snippet(
        library="mongodb",
        services=("MongoDB", "DocumentDB"),
        lang="js",
        code=(
            "const client = new MongoClient(uri, { connectTimeoutMS: {ms}, serverSelectionTimeoutMS: 5000 });"
        ),
        names=(
            "MongoServerSelectionError",
            "MongooseServerSelectionError",
            "MongoNetworkError",
            "MongoNetworkTimeoutError",
            "node_modules/mongodb/",
            "node_modules/mongoose/",
        ),
        setting=("`connectTimeoutMS`, in ms; default 30000 (and `serverSelectionTimeoutMS`, default 30000)"),
        source=(
            "https://www.mongodb.com/docs/drivers/node/current/fundamentals/connection/connection-options/"
        ),
    ),
    checks=checks,
    services=("MongoDB",),
)
