"""http.client: the linter's checks, its default and fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import HTTP_SERVICES, UNBOUNDED, Client, Language

if TYPE_CHECKING:
    from checker.lint.python import PythonChecks


def checks() -> PythonChecks:
    from checker.lint.pylibs import read_socket, timeout_check
    from checker.lint.python import PythonChecks

    return PythonChecks(
        functions={
            "http.client.HTTPConnection": timeout_check("http.client", read_socket("conn.sock"), position=2),
            "http.client.HTTPSConnection": timeout_check(
                "http.client", read_socket("conn.sock"), max_positional=2
            ),
        },
    )


LIBRARY = Client(
    name="http.client",
    language=Language.PYTHON,
    roots=("http.client",),
    default_connect=None,
    default_source=(
        "https://docs.python.org/3/library/http.client.html#http.client.HTTPConnection "
        "(socket's default, none); the kernel's SYN retries end it (about 130 s, "
        "bench/measure_python_connect.py)"
    ),
    default_text=f"http.client sets none by default, {UNBOUNDED}",
    fix=(
        "timeout={connect}, then conn.sock.settimeout(None) after conn.connect() to keep reads as they were"
    ),
    reads="`http.client`",
    checks=checks,
    socket_default=True,
    services=HTTP_SERVICES,
)
