"""undici: the linter's checks, its default and fix, and the remediation snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import Client, Language, Snippet

if TYPE_CHECKING:
    from checker.lint.jslibs import JavaScriptChecks


def checks() -> JavaScriptChecks:
    from checker.lint.jslibs import JavaScriptChecks, undici_dispatcher_check, undici_request_check

    return JavaScriptChecks(
        calls={"undici.request": undici_request_check, "undici.stream": undici_request_check},
        constructors={
            "undici.Agent": undici_dispatcher_check,
            "undici.Pool": undici_dispatcher_check,
            "undici.Client": undici_dispatcher_check,
        },
        aliases=(("undici.default", "undici"),),
    )


LIBRARY = Client(
    name="undici",
    language=Language.JAVASCRIPT,
    roots=("undici",),
    default_connect=10.0,
    default_source="https://undici.nodejs.org/#/docs/api/Client.md (connect.timeout 10e3 ms)",
    default_text="undici's default connect timeout is {default}",
    fix="connect: { timeout: {ms} }",
    reads="undici's own API (`request`, `stream`, `Agent`, `Pool`, `Client`)",
    snippet=Snippet(
        library="fetch (undici)",
        services=(),
        lang="js",
        code=(
            'import { Agent } from "undici";\nconst dispatcher = new Agent({ connect: { '
            "timeout: {ms} } });\nconst res = await fetch(url, { dispatcher, signal: "
            "AbortSignal.timeout(10000) });"
        ),
        names=(
            "fetch failed",
            "UND_ERR_CONNECT_TIMEOUT",
            "ConnectTimeoutError",
            "undici",
        ),
        setting="`connect.timeout` of the dispatcher, in ms; default 10000",
        source="https://undici.nodejs.org/#/docs/api/Client.md",
    ),
    checks=checks,
)
