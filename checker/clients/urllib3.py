"""urllib3: the linter's checks, its default and fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import HTTP_SERVICES, UNBOUNDED, Client, Language

if TYPE_CHECKING:
    from checker.lint.python import PythonChecks


def checks() -> PythonChecks:
    from checker.lint.pylibs import build_urllib3_timeout, client, read_urllib3, timeout_check
    from checker.lint.python import PythonChecks

    pool = "urllib3.HTTPConnectionPool"
    return PythonChecks(
        builders={
            "urllib3.Timeout": build_urllib3_timeout,
            "urllib3.PoolManager": client("urllib3.PoolManager", "timeout", read_urllib3),
            "urllib3.ProxyManager": client("urllib3.PoolManager", "timeout", read_urllib3),
            "urllib3.HTTPConnectionPool": client(pool, "timeout", read_urllib3, 2),
            "urllib3.HTTPSConnectionPool": client(pool, "timeout", read_urllib3, 2),
            "urllib3.connection_from_url": client(pool, "timeout", read_urllib3),
        },
        functions={
            "urllib3.request": timeout_check("urllib3", read_urllib3, on_missing="ignore"),
            "urllib3.PoolManager": timeout_check("urllib3", read_urllib3, on_missing="ignore", lazy=True),
            "urllib3.ProxyManager": timeout_check("urllib3", read_urllib3, on_missing="ignore", lazy=True),
            "urllib3.HTTPConnectionPool": timeout_check(
                "urllib3", read_urllib3, position=2, on_missing="ignore", lazy=True
            ),
            "urllib3.HTTPSConnectionPool": timeout_check(
                "urllib3", read_urllib3, position=2, on_missing="ignore", lazy=True
            ),
            "urllib3.connection_from_url": timeout_check(
                "urllib3", read_urllib3, on_missing="ignore", lazy=True
            ),
        },
        methods={
            **{
                ("urllib3.PoolManager", verb): timeout_check("urllib3", read_urllib3, on_missing="instance")
                for verb in ("request", "urlopen", "request_encode_url", "request_encode_body")
            },
            **{
                (pool, verb): timeout_check("urllib3", read_urllib3, on_missing="instance")
                for verb in ("request", "request_encode_url", "request_encode_body")
            },
            (pool, "urlopen"): timeout_check("urllib3", read_urllib3, position=7, on_missing="instance"),
        },
        aliases=(
            ("requests.packages.urllib3.", "urllib3."),
            ("urllib3.poolmanager.", "urllib3."),
            ("urllib3.connectionpool.", "urllib3."),
            ("urllib3.util.timeout.", "urllib3."),
            ("urllib3.util.Timeout", "urllib3.Timeout"),
        ),
    )


LIBRARY = Client(
    name="urllib3",
    language=Language.PYTHON,
    roots=("urllib3", "requests.packages.urllib3"),
    default_connect=None,
    default_source=(
        "https://urllib3.readthedocs.io/en/stable/reference/urllib3.util.html#urllib3.util.Timeout "
        "(DEFAULT_TIMEOUT: socket's default, none); the kernel's SYN retries end it (about "
        "130 s, bench/measure_python_connect.py)"
    ),
    default_text=f"urllib3 sets none by default, {UNBOUNDED}",
    fix="timeout=urllib3.Timeout(connect={connect})",
    reads="urllib3 (`PoolManager`, pools, `Timeout`)",
    checks=checks,
    socket_default=True,
    services=HTTP_SERVICES,
)
