"""Client libraries the linter knows: default connect timeout and the fix to suggest, once each."""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Collection
from dataclasses import dataclass

from checker.lint.rules import DEFAULT_TOO_LONG, DISABLED, MISSING, TOO_LONG


@dataclass(frozen=True)
class Library:
    id: str
    language: str  # "python" | "javascript"
    default_connect: float | None  # seconds; None = waits until the OS or the function gives up
    default_text: str  # how the default reads in a message; {default} is default_connect
    fix: str  # the exact thing to write; "{ms}" is the suggested connect timeout in milliseconds

    def fix_for(self, maximum: float) -> str:
        """The fix with its connect timeout filled in, never above the maximum (3 s when it allows)."""
        return fix_text(self.fix, maximum)


# A connect nobody answers (a security group dropping SYNs) with no timeout ends when Linux gives
# up on the handshake: 6 SYN retries, 134 s measured (bench/measure_python_connect.py), unless the
# Lambda function's own timeout ends it first.
UNBOUNDED = "so a dropped connect lasts until the kernel gives up (about 130 s) or the function times out"

LIBRARIES: tuple[Library, ...] = (
    # Python fixes: `{connect}` is 3 s (`{connect=3.05}`: requests' own advice), never above
    # --max-connect-timeout; every fix sets the connect part only and keeps the rest as it was.
    Library(
        "requests",
        "python",
        None,
        f"requests sets none by default, {UNBOUNDED}",
        "timeout=({connect=3.05}, None)",
    ),  # None: reads stay as unbounded as they were
    Library(
        "httpx",
        "python",
        5.0,
        "httpx's default is {default}",
        "timeout=httpx.Timeout(5.0, connect={connect})",
    ),
    Library(
        "urllib3",
        "python",
        None,
        f"urllib3 sets none by default, {UNBOUNDED}",
        "timeout=urllib3.Timeout(connect={connect})",
    ),
    Library(
        "urllib.request",
        "python",
        None,
        f"urlopen sets none by default, {UNBOUNDED}",
        "timeout={connect} if every read fits in it too (urlopen's one timeout bounds the "
        "connect and each read; it has no connect-only setting)",
    ),
    Library(
        "http.client",
        "python",
        None,
        f"http.client sets none by default, {UNBOUNDED}",
        "timeout={connect}, then conn.sock.settimeout(None) after conn.connect() to keep reads as they were",
    ),
    Library(
        "socket",
        "python",
        None,
        f"socket.create_connection sets none by default, {UNBOUNDED}",
        "timeout={connect}, then sock.settimeout(None) once connected to keep reads as they were",
    ),
    Library(
        "aiohttp",
        "python",
        30.0,
        "aiohttp's default is {default} (sock_connect; 300 s total)",
        "timeout=aiohttp.ClientTimeout(total=300, sock_connect={connect})",
    ),
    Library(
        "botocore",
        "python",
        60.0,
        "botocore's default is {default}",
        "config=Config(connect_timeout={connect})",
    ),
    Library(
        "psycopg2",
        "python",
        None,
        f"libpq sets none by default, {UNBOUNDED}",
        "connect_timeout={connect_int}",
    ),
    Library("psycopg", "python", 130.0, "psycopg 3's default is {default}", "connect_timeout={connect_int}"),
    Library("pymysql", "python", 10.0, "PyMySQL's default is {default}", "connect_timeout={connect}"),
    Library(
        "redis",
        "python",
        None,
        f"redis-py before 8.0 sets none, {UNBOUNDED}, and 8.x retries its 5 s default (a "
        "dropped connect took 59 s with 8.1)",
        "socket_connect_timeout={connect}",
    ),
    Library("pymongo", "python", 20.0, "pymongo's default is {default}", "connectTimeoutMS={connect_ms}"),
    Library(
        "axios",
        "javascript",
        None,
        "axios has no timeout by default (a dropped connect lasts until the kernel gives up, about 130 s)",
        "timeout: {ms}",
    ),
    Library(
        "fetch",
        "javascript",
        10.0,
        "undici's default connect timeout is {default}",
        "dispatcher: new Agent({ connect: { timeout: {ms} } })",
    ),
    Library(
        "node-http",
        "javascript",
        None,
        "Node's http/https have no connect timeout (the kernel gives up after about 130 s)",
        "req.on('socket', (s) => { if (s.connecting) { const t = setTimeout(() => "
        "req.destroy(), {ms}); s.once('connect', () => clearTimeout(t)); } })",
    ),
    Library(
        "got",
        "javascript",
        None,
        "got has no timeout by default (the kernel gives up after about 130 s)",
        "timeout: { connect: {ms} }",
    ),
    Library(
        "pg",
        "javascript",
        None,
        "pg has no connect timeout by default (0 = none; the kernel gives up after about 130 s)",
        "connectionTimeoutMillis: {ms}",
    ),
    Library("mysql2", "javascript", 10.0, "mysql2's default is {default}", "connectTimeout: {ms}"),
    Library("ioredis", "javascript", 10.0, "ioredis's default is {default}", "connectTimeout: {ms}"),
    Library(
        "mongodb", "javascript", 30.0, "the MongoDB driver's default is {default}", "connectTimeoutMS: {ms}"
    ),
    Library(
        "aws-sdk-v3",
        "javascript",
        None,
        "the AWS SDK v3 has no connect timeout by default (connectionTimeout 0; requestTimeout "
        "does not cover the connect)",
        "requestHandler: { connectionTimeout: {ms} }",
    ),
    Library(
        "aws-sdk-v2",
        "javascript",
        None,
        "the AWS SDK v2 has no connect timeout by default (httpOptions.timeout starts once connected)",
        "httpOptions: { connectTimeout: {ms} }",
    ),
    Library(
        "node-fetch",
        "javascript",
        None,
        "node-fetch has no timeout by default (the kernel gives up after about 130 s)",
        "signal: AbortSignal.timeout({ms})",
    ),
    Library(
        "undici",
        "javascript",
        10.0,
        "undici's default connect timeout is {default}",
        "connect: { timeout: {ms} }",
    ),
    Library("asyncpg", "python", 60.0, "asyncpg's default is {default}", "timeout={connect}"),
)


def suggested_connect(maximum: float) -> float:
    """The connect timeout a fix suggests, in seconds: 3 s, or the maximum when it is lower."""
    return min(3.0, maximum)


LIBRARIES_BY_ID: dict[str, Library] = {lib.id: lib for lib in LIBRARIES}

# The runtime a failure was logged by (ConnectionFailure.runtime) -> the language of its libraries.
# Runtimes not here (java, go, dotnet, ruby, unknown) have no library in the table.
RUNTIME_LANGUAGE: dict[str, str] = {"nodejs": "javascript", "python": "python"}


def libraries_of(runtimes: Collection[str]) -> tuple[Library, ...]:
    """The libraries a function of these runtimes can be using: none for a runtime not in the table."""
    languages = {RUNTIME_LANGUAGE[r] for r in runtimes if r in RUNTIME_LANGUAGE}
    return tuple(lib for lib in LIBRARIES if lib.language in languages)


def _seconds(value: float) -> str:
    if value == math.inf:  # an integer literal too large for a float
        return f"more than {sys.float_info.max:g} s"
    return f"{value:g} s"


# {connect} seconds (3, or {connect=3.05}), {connect_int} whole seconds, {connect_ms} or {ms}
# milliseconds: one placeholder language for the Python and the JavaScript rows.
_CONNECT = re.compile(r"\{connect(?:=([0-9.]+))?\}|\{connect_(int|ms)\}|\{(ms)\}")


def fix_text(template: str, maximum: float) -> str:
    """A fix with its `{connect}` filled in: 3 s (or the preferred `{connect=3.05}`), never above
    the maximum; `{connect_int}` for whole seconds (libpq), `{connect_ms}` for milliseconds."""

    def fill(match: re.Match[str]) -> str:
        preferred = float(match.group(1) or 3)
        value = min(preferred, maximum)
        if match.group(2) == "int":
            return str(max(1, math.floor(value)))
        if match.group(2) == "ms" or match.group(3):
            return str(max(1, math.floor(value * 1000)))
        return f"{value:g}"

    return _CONNECT.sub(fill, template)


def message(
    rule: str,
    library: str,
    call: str,
    *,
    seconds: float | None = None,
    maximum: float = 5.0,
    detail: str = "",
    fix: str = "",
) -> str:
    """The one line a user reads: the call, what bounds it, the fix, which never sets more than
    `maximum`. `fix` replaces the library's canned fix when the call's own options or value decide
    it (add one knob to the options it already has; lower only the connect part of a value)."""
    lib = LIBRARIES_BY_ID[library]
    default = lib.default_text.format(default=_seconds(lib.default_connect or 0))
    if rule == MISSING:
        what = f"no connect timeout, and {default}"
    elif rule == DISABLED:
        what = f"connect timeout disabled{f' ({detail})' if detail else ''}"
    elif rule == TOO_LONG:
        what = f"connect timeout of {_seconds(seconds or 0)} is above the {_seconds(maximum)} maximum"
    elif rule == DEFAULT_TOO_LONG:
        what = f"no connect timeout, and {default}, above the {_seconds(maximum)} maximum"
    else:  # pragma: no cover - the rules table and this function move together
        raise ValueError(rule)
    return f"{call}: {what}; {fix_text(fix or 'set ' + lib.fix, maximum)}"
