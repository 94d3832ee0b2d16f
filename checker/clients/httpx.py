"""httpx: the linter's checks, its default and fix, and the remediation snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import HTTP_SERVICES, Client, Language, Snippet

if TYPE_CHECKING:
    from checker.lint.python import PythonChecks


def checks() -> PythonChecks:
    from checker.lint.pylibs import HTTP_VERBS, build_httpx_timeout, client, read_httpx, timeout_check
    from checker.lint.python import PythonChecks

    verbs = (*HTTP_VERBS, "request", "stream")
    return PythonChecks(
        builders={
            "httpx.Timeout": build_httpx_timeout,
            "httpx.Client": client("httpx.Client", "timeout", read_httpx),
            "httpx.AsyncClient": client("httpx.Client", "timeout", read_httpx),
        },
        functions={
            **{f"httpx.{verb}": timeout_check("httpx", read_httpx) for verb in verbs},
            "httpx.Client": timeout_check("httpx", read_httpx, lazy=True),
            "httpx.AsyncClient": timeout_check("httpx", read_httpx, lazy=True),
        },
        methods={
            ("httpx.Client", verb): timeout_check("httpx", read_httpx, on_missing="ignore") for verb in verbs
        },
    )


LIBRARY = Client(
    name="httpx",
    language=Language.PYTHON,
    roots=("httpx",),
    default_connect=5.0,
    default_source="https://www.python-httpx.org/advanced/timeouts/",
    default_text="httpx's default is {default}",
    fix="timeout=httpx.Timeout(5.0, connect={connect})",
    reads="httpx (functions, `Client`, `AsyncClient`, `Timeout`)",
    snippet=Snippet(
        library="httpx",
        services=(),
        lang="python",
        code="client = httpx.Client(timeout=httpx.Timeout(10.0, connect={s}))",
        names=(
            "httpx",
            "httpcore",
        ),
        setting="`httpx.Timeout(..., connect=...)`, in seconds; default 5 for every phase",
        source="https://www.python-httpx.org/advanced/timeouts/",
        guess=False,
    ),
    checks=checks,
    foreign_suppressions=True,
    services=HTTP_SERVICES,
)
