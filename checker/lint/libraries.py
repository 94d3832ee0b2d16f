"""Client libraries the linter knows: default connect timeout and the fix to suggest, once each."""

from __future__ import annotations

import math
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
        """The fix with its connect timeout never above the maximum (3 s when that allows)."""
        return self.fix.replace("{ms}", f"{suggested_connect(maximum) * 1000:g}")


LIBRARIES: tuple[Library, ...] = (
    Library("requests", "python", None, "requests waits forever by default",
            "timeout=(3.05, 27)"),
    Library("httpx", "python", 5.0, "httpx's default is {default}",
            "timeout=httpx.Timeout(10.0, connect=3.0)"),
    Library("urllib3", "python", None, "urllib3 waits forever by default",
            "timeout=urllib3.Timeout(connect=3.0, read=10.0)"),
    Library("urllib.request", "python", None, "urlopen waits forever by default",
            "timeout=5"),
    Library("http.client", "python", None, "http.client waits forever by default",
            "timeout=5"),
    Library("socket", "python", None, "socket.create_connection waits forever by default",
            "timeout=3"),
    Library("aiohttp", "python", 30.0, "aiohttp's default is {default} (sock_connect; 300 s total)",
            "timeout=aiohttp.ClientTimeout(total=30, sock_connect=3)"),
    Library("botocore", "python", 60.0, "botocore's default is {default}",
            "config=Config(connect_timeout=3, read_timeout=10)"),
    Library("psycopg2", "python", None, "libpq waits forever by default",
            "connect_timeout=3"),
    Library("psycopg", "python", 130.0, "psycopg 3's default is {default}",
            "connect_timeout=3"),
    Library("pymysql", "python", 10.0, "PyMySQL's default is {default}",
            "connect_timeout=3"),
    Library("redis", "python", None,
            "redis-py before 8.0 waits forever by default (5 s since 8.0)",
            "socket_connect_timeout=3"),
    Library("pymongo", "python", 20.0, "pymongo's default is {default}",
            "connectTimeoutMS=3000"),
    Library("axios", "javascript", None,
            "axios has no timeout by default (a dropped connect lasts until the kernel gives up, "
            "about 130 s)",
            "timeout: {ms}"),
    Library("fetch", "javascript", 10.0, "undici's default connect timeout is {default}",
            "dispatcher: new Agent({ connect: { timeout: {ms} } })"),
    Library("node-http", "javascript", None,
            "Node's http/https have no connect timeout (the kernel gives up after about 130 s)",
            "req.on('socket', (s) => { if (s.connecting) { const t = setTimeout(() => "
            "req.destroy(), {ms}); s.once('connect', () => clearTimeout(t)); } })"),
    Library("got", "javascript", None,
            "got has no timeout by default (the kernel gives up after about 130 s)",
            "timeout: { connect: {ms} }"),
    Library("pg", "javascript", None,
            "pg has no connect timeout by default (0 = none; the kernel gives up after about 130 s)",
            "connectionTimeoutMillis: {ms}"),
    Library("mysql2", "javascript", 10.0, "mysql2's default is {default}",
            "connectTimeout: {ms}"),
    Library("ioredis", "javascript", 10.0, "ioredis's default is {default}",
            "connectTimeout: {ms}"),
    Library("mongodb", "javascript", 30.0, "the MongoDB driver's default is {default}",
            "connectTimeoutMS: {ms}"),
    Library("aws-sdk-v3", "javascript", None,
            "the AWS SDK v3 has no connect timeout by default (connectionTimeout 0; requestTimeout "
            "does not cover the connect)",
            "requestHandler: { connectionTimeout: {ms} }"),
    Library("aws-sdk-v2", "javascript", None,
            "the AWS SDK v2 has no connect timeout by default (httpOptions.timeout starts once "
            "connected)",
            "httpOptions: { connectTimeout: {ms} }"),
    Library("node-fetch", "javascript", None,
            "node-fetch has no timeout by default (the kernel gives up after about 130 s)",
            "signal: AbortSignal.timeout({ms})"),
    Library("undici", "javascript", 10.0, "undici's default connect timeout is {default}",
            "connect: { timeout: {ms} }"),
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


def message(rule: str, library: str, call: str, *, seconds: float | None = None,
            maximum: float = 5.0, detail: str = "", fix: str = "") -> str:
    """The one sentence a user reads: the call, the library's default, the exact fix.

    `fix` replaces the library's canned fix when the call's own options decide it (add one
    knob to the options it already has)."""
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
    return f"{call}: {what}; {fix or 'set ' + lib.fix_for(maximum)}"
