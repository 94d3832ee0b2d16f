"""requests: the linter's checks, its default and fix, and the remediation snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import HTTP_SERVICES, UNBOUNDED, Client, Language, Snippet

if TYPE_CHECKING:
    from checker.lint.python import PythonChecks


def checks() -> PythonChecks:
    from checker.lint.pylibs import HTTP_VERBS, client, read_requests, timeout_check
    from checker.lint.python import PythonChecks

    return PythonChecks(
        builders={"requests.Session": client("requests.Session")},
        functions={
            f"requests.{verb}": timeout_check("requests", read_requests) for verb in (*HTTP_VERBS, "request")
        },
        methods={
            **{
                ("requests.Session", verb): timeout_check("requests", read_requests, on_missing="instance")
                for verb in HTTP_VERBS
            },
            ("requests.Session", "request"): timeout_check(
                "requests", read_requests, position=8, on_missing="instance"
            ),
        },
        aliases=(
            ("requests.api.", "requests."),
            ("requests.sessions.Session", "requests.Session"),
            ("requests.sessions.session", "requests.Session"),
            ("requests.session", "requests.Session"),
        ),
    )


LIBRARY = Client(
    name="requests",
    language=Language.PYTHON,
    roots=("requests",),
    default_connect=None,
    default_source=(
        "https://requests.readthedocs.io/en/latest/user/advanced/#timeouts (default None); "
        "the kernel's SYN retries end it (about 130 s, bench/measure_python_connect.py)"
    ),
    default_text=f"requests sets none by default, {UNBOUNDED}",
    fix="timeout=({connect=3.05}, None)",
    reads="requests (functions, `Session`, `requests.request`)",
    snippet=Snippet(
        library="requests",
        services=(),
        lang="python",
        code="resp = requests.get(url, timeout=({s}.05, 27))  # (connect, read)",
        names=(
            "requests.exceptions",
            "site-packages/requests/",
            "urllib3",
        ),
        setting="`timeout=(connect, read)`, in seconds; default None, no timeout",
        source="https://requests.readthedocs.io/en/latest/user/advanced/#timeouts",
    ),
    checks=checks,
    foreign_suppressions=True,
    services=HTTP_SERVICES,
)
