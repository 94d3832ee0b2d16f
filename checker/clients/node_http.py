"""node-http: the linter's checks, its default and fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import HTTP_SERVICES, Client, Language

if TYPE_CHECKING:
    from checker.lint.jslibs import JavaScriptChecks


def checks() -> JavaScriptChecks:
    from checker.lint.jslibs import JavaScriptChecks, node_http_check

    return JavaScriptChecks(
        calls={"http.request": node_http_check, "http.get": node_http_check},
        aliases=(("https.", "http."),),
    )


LIBRARY = Client(
    name="node-http",
    language=Language.JAVASCRIPT,
    roots=("http", "https"),
    default_connect=None,
    default_source=(
        "https://nodejs.org/api/http.html#httprequestoptions-callback (no connect "
        "timeout); the kernel's SYN retries end it (about 130 s, "
        "bench/measure_python_connect.py)"
    ),
    default_text="Node's http/https have no connect timeout (the kernel gives up after about 130 s)",
    fix=(
        "req.on('socket', (s) => { if (s.connecting) { const t = setTimeout(() => "
        "req.destroy(), {ms}); s.once('connect', () => clearTimeout(t)); } })"
    ),
    reads="`http`/`https` `request`/`get` (and the request's `'timeout'` handlers)",
    checks=checks,
    services=HTTP_SERVICES,
)
