"""urllib.request: the linter's checks, its default and fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import HTTP_SERVICES, UNBOUNDED, Client, Language

if TYPE_CHECKING:
    from checker.lint.python import PythonChecks


def checks() -> PythonChecks:
    from checker.lint.pylibs import client, read_urlopen, timeout_check
    from checker.lint.python import PythonChecks

    return PythonChecks(
        builders={
            "urllib.request.build_opener": client("urllib.request.OpenerDirector"),
            "urllib.request.OpenerDirector": client("urllib.request.OpenerDirector"),
        },
        functions={"urllib.request.urlopen": timeout_check("urllib.request", read_urlopen, position=2)},
        methods={
            ("urllib.request.OpenerDirector", "open"): timeout_check(
                "urllib.request", read_urlopen, position=2, on_missing="instance"
            ),
        },
    )


LIBRARY = Client(
    name="urllib.request",
    language=Language.PYTHON,
    roots=("urllib.request",),
    default_connect=None,
    default_source=(
        "https://docs.python.org/3/library/urllib.request.html#urllib.request.urlopen "
        "(socket's default, none); the kernel's SYN retries end it (about 130 s, "
        "bench/measure_python_connect.py)"
    ),
    default_text=f"urlopen sets none by default, {UNBOUNDED}",
    fix=(
        "timeout={connect} if every read fits in it too (urlopen's one timeout bounds the "
        "connect and each read; it has no connect-only setting)"
    ),
    reads="`urllib.request.urlopen` / openers",
    checks=checks,
    socket_default=True,
    services=HTTP_SERVICES,
)
