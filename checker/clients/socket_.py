"""socket: the linter's checks, its default and fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import UNBOUNDED, Client, Language

if TYPE_CHECKING:
    from checker.lint.python import PythonChecks


def checks() -> PythonChecks:
    from checker.lint.pylibs import read_socket, timeout_check
    from checker.lint.python import PythonChecks

    return PythonChecks(
        functions={"socket.create_connection": timeout_check("socket", read_socket("sock"), position=1)},
    )


LIBRARY = Client(
    name="socket",
    language=Language.PYTHON,
    roots=("socket",),
    default_connect=None,
    default_source=(
        "https://docs.python.org/3/library/socket.html#socket.create_connection (socket's "
        "default, none); the kernel's SYN retries end it (about 130 s, "
        "bench/measure_python_connect.py)"
    ),
    default_text=f"socket.create_connection sets none by default, {UNBOUNDED}",
    fix=("timeout={connect}, then sock.settimeout(None) once connected to keep reads as they were"),
    reads="`socket.create_connection`",
    checks=checks,
    socket_default=True,
    only_with="create_connection",
)
