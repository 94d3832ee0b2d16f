"""How long Python clients wait on a connect that is never answered, measured, not read from docs.

A loopback listener with `listen(0)` whose one accept-queue slot is taken by a connection we never
accept drops every further SYN, the way a security group does. Each case connects to it and
reports the seconds until the client gives up (or `cap` if it is still waiting then).

    python bench/measure_python_connect.py [--cap 140] [case ...]

Needs the measured libraries importable (e.g. `pip install --target /tmp/m aiohttp redis` and
`PYTHONPATH=/tmp/m`); a case whose library is missing prints `not installed`. Only 127.0.0.1 is
ever contacted. The numbers quoted in docs/lint.md come from this script.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def blackhole() -> Iterator[int]:
    """A 127.0.0.1 port whose SYNs are dropped: the accept queue is full and never drained."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    filler = socket.create_connection(("127.0.0.1", port), timeout=2)
    try:
        yield port
    finally:
        filler.close()
        server.close()


def _timed(action: Callable[[], object], cap: float) -> str:
    outcome: list[str] = []
    start = time.monotonic()

    def run() -> None:
        try:
            action()
            outcome.append("connected?!")
        except Exception as exc:  # any error ends the wait; its type is reported
            outcome.append(type(exc).__name__)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(cap)
    elapsed = time.monotonic() - start
    if not outcome:
        return f"still waiting after {cap:g} s"
    return f"{outcome[0]} after {elapsed:.1f} s"


def case_socket(port: int) -> None:
    socket.create_connection(("127.0.0.1", port)).close()


def case_requests(port: int) -> None:
    import requests

    requests.get(f"http://127.0.0.1:{port}/")


def case_urlopen(port: int) -> None:
    import urllib.request

    urllib.request.urlopen(f"http://127.0.0.1:{port}/")


def _aiohttp(port: int, session_timeout: float, request: dict[str, object]) -> None:
    import aiohttp

    async def go() -> None:
        bounded = aiohttp.ClientTimeout(sock_connect=session_timeout)
        async with aiohttp.ClientSession(timeout=bounded) as session:
            async with session.get(f"http://127.0.0.1:{port}/", **request):  # type: ignore[arg-type]
                pass

    asyncio.run(go())


def case_aiohttp_request_none(port: int) -> None:
    """Session bounded at 1 s; the request's `timeout=None` replaces it with no bound at all."""
    _aiohttp(port, 1.0, {"timeout": None})


def case_aiohttp_session_bound(port: int) -> None:
    """The control: the same session without a per-request timeout gives up after 1 s."""
    _aiohttp(port, 1.0, {})


def case_redis_default(port: int) -> None:
    import redis

    redis.Redis(host="127.0.0.1", port=port).ping()


CASES: dict[str, Callable[[int], None]] = {
    name[len("case_") :]: func for name, func in globals().items() if name.startswith("case_")
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=float, default=140.0, help="seconds to wait per case")
    parser.add_argument("cases", nargs="*", help=f"some of: {', '.join(CASES)} (default: all)")
    args = parser.parse_args()
    unknown = set(args.cases) - set(CASES)
    if unknown:
        parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")
    for name in args.cases or CASES:
        with blackhole() as port:
            try:
                result = _timed(functools.partial(CASES[name], port), args.cap)
            except ImportError:
                result = "not installed"
            version = ""
            module = {
                "aiohttp_request_none": "aiohttp",
                "aiohttp_session_bound": "aiohttp",
                "redis_default": "redis",
                "requests": "requests",
            }.get(name)
            if module:
                try:
                    version = " " + __import__(module).__version__
                except ImportError:
                    result = "not installed"
            print(f"{name}{version}: {result}", flush=True)


if __name__ == "__main__":
    main()
