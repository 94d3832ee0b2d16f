"""node-fetch: the linter's checks, its default and fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import Client, Language

if TYPE_CHECKING:
    from checker.lint.jslibs import JavaScriptChecks


def checks() -> JavaScriptChecks:
    from checker.lint.jslibs import JavaScriptChecks, node_fetch_check

    return JavaScriptChecks(
        calls={"node-fetch": node_fetch_check}, aliases=(("node-fetch.default", "node-fetch"),)
    )


LIBRARY = Client(
    name="node-fetch",
    language=Language.JAVASCRIPT,
    roots=("node-fetch",),
    default_connect=None,
    default_source="https://github.com/node-fetch/node-fetch#options (no timeout by default)",
    default_text="node-fetch has no timeout by default (the kernel gives up after about 130 s)",
    fix="signal: AbortSignal.timeout({ms})",
    reads="node-fetch",
    checks=checks,
)
