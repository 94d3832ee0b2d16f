"""axios: the linter's checks, its default and fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import HTTP_SERVICES, Client, Language

if TYPE_CHECKING:
    from checker.lint.jslibs import JavaScriptChecks


def checks() -> JavaScriptChecks:
    from checker.lint.jslibs import (
        AXIOS_CONFIG_INDEX,
        JavaScriptChecks,
        axios_check,
        axios_create,
        axios_create_check,
        axios_instance,
    )

    return JavaScriptChecks(
        calls={
            "axios": axios_check(None, None),
            **{f"axios.{method}": axios_check(index, None) for method, index in AXIOS_CONFIG_INDEX.items()},
            "axios.create": axios_create_check,
        },
        instances={"axios": axios_instance},
        builders={"axios.create": axios_create},
        aliases=(("axios.default", "axios"),),
    )


LIBRARY = Client(
    name="axios",
    language=Language.JAVASCRIPT,
    roots=("axios",),
    default_connect=None,
    default_source=(
        "https://axios-http.com/docs/req_config (timeout: 0, none); the kernel's SYN "
        "retries end it (about 130 s, bench/measure_python_connect.py)"
    ),
    default_text=(
        "axios has no timeout by default (a dropped connect lasts until the kernel gives up, about 130 s)"
    ),
    fix="timeout: {ms}",
    reads="axios (functions and `axios.create` instances)",
    checks=checks,
    services=HTTP_SERVICES,
)
