"""fetch: the linter's checks, its default and fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import HTTP_SERVICES, Client, Language

if TYPE_CHECKING:
    from checker.lint.jslibs import JavaScriptChecks


def checks() -> JavaScriptChecks:
    from checker.lint.jslibs import JavaScriptChecks, fetch_check

    return JavaScriptChecks(calls={"fetch": fetch_check}, aliases=(("undici.fetch", "fetch"),))


LIBRARY = Client(
    name="fetch",
    language=Language.JAVASCRIPT,
    roots=(),
    globals=("fetch",),
    default_connect=10.0,
    default_source=(
        "https://undici.nodejs.org/#/docs/api/Client.md (connect timeout 10e3 ms; Node's fetch is undici's)"
    ),
    default_text="undici's default connect timeout is {default}",
    fix="dispatcher: new Agent({ connect: { timeout: {ms} } })",
    reads="`fetch` (global or undici)",
    checks=checks,
    services=HTTP_SERVICES,
)
