"""aiohttp: the linter's checks, its default and fix, and the remediation snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import HTTP_SERVICES, Client, Language, Snippet

if TYPE_CHECKING:
    from checker.lint.python import PythonChecks


def checks() -> PythonChecks:
    from checker.lint.pylibs import (
        HTTP_VERBS,
        aiohttp_session_check,
        build_client_timeout,
        client,
        read_aiohttp,
        read_aiohttp_session,
        timeout_check,
    )
    from checker.lint.python import PythonChecks

    return PythonChecks(
        builders={
            "aiohttp.ClientTimeout": build_client_timeout,
            "aiohttp.ClientSession": client("aiohttp.ClientSession", "timeout", read_aiohttp_session),
        },
        functions={
            "aiohttp.ClientSession": aiohttp_session_check,
            "aiohttp.request": timeout_check("aiohttp", read_aiohttp_session),
        },
        methods={
            ("aiohttp.ClientSession", verb): timeout_check("aiohttp", read_aiohttp, on_missing="ignore")
            for verb in (*HTTP_VERBS, "request")
        },
        aliases=(("aiohttp.client.", "aiohttp."),),
    )


LIBRARY = Client(
    name="aiohttp",
    language=Language.PYTHON,
    roots=("aiohttp",),
    default_connect=30.0,
    default_source="https://docs.aiohttp.org/en/stable/client_quickstart.html#timeouts",
    default_text="aiohttp's default is {default} (sock_connect; 300 s total)",
    fix="timeout=aiohttp.ClientTimeout(total=300, sock_connect={connect})",
    reads="aiohttp (`ClientSession`, `ClientTimeout`, `aiohttp.request`)",
    snippet=Snippet(
        library="aiohttp",
        services=(),
        lang="python",
        code="timeout = aiohttp.ClientTimeout(total=30, sock_connect={s})",
        names=("aiohttp",),
        setting="`ClientTimeout(sock_connect=...)`, in seconds; default 30 (300 s total)",
        source="https://docs.aiohttp.org/en/stable/client_quickstart.html#timeouts",
        guess=False,
    ),
    checks=checks,
    services=HTTP_SERVICES,
)
