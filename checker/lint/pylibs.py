"""Python client libraries as data: which calls open connections, and where their timeout hides.

BUILDERS turn a constructor call into a value (a client instance or a timeout object),
FUNCTIONS and METHODS check a call. Argument positions follow each library's signature; a call
with more positional arguments than we model, *args, or unknown **kwargs is left alone.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator

from checker.lint.dsn import number, options
from checker.lint.model import Hit
from checker.lint.python import Args, Builder, Checker, Context
from checker.lint.values import (
    NONE,
    Instance,
    Num,
    Seq,
    Str,
    TimeoutObject,
    Value,
)
from checker.lint.verdict import (
    MISSING_CONNECT,
    UNKNOWN_CONNECT,
    Connect,
    disabled,
    judge,
    seconds,
    tighter,
)

# Old or internal spellings of the same thing, rewritten before lookup (longest prefix first).
ALIASES: tuple[tuple[str, str], ...] = (
    ("requests.packages.urllib3.", "urllib3."),
    ("requests.api.", "requests."),
    ("requests.sessions.Session", "requests.Session"),
    ("requests.sessions.session", "requests.Session"),
    ("requests.session", "requests.Session"),
    ("urllib3.poolmanager.", "urllib3."),
    ("urllib3.connectionpool.", "urllib3."),
    ("urllib3.util.timeout.", "urllib3."),
    ("urllib3.util.Timeout", "urllib3.Timeout"),
    ("aiohttp.client.", "aiohttp."),
    ("boto3.session.Session", "boto3.Session"),
    ("botocore.client.Config", "botocore.config.Config"),  # re-exported there, used in AWS docs
    ("boto3.session.Config", "botocore.config.Config"),
    ("botocore.session.Session", "botocore.session.get_session"),
    ("redis.client.StrictRedis", "redis.Redis"),
    ("redis.client.", "redis."),
    ("redis.StrictRedis", "redis.Redis"),
    ("redis.asyncio.client.", "redis.asyncio."),
    ("redis.connection.", "redis."),
    ("pymysql.connections.Connection", "pymysql.connect"),
    ("pymysql.Connection", "pymysql.connect"),
    ("pymysql.Connect", "pymysql.connect"),
    ("pymongo.mongo_client.", "pymongo."),
    ("psycopg2.pool.", "psycopg2.pool."),
)

# Libraries whose missing timeout falls back to socket.setdefaulttimeout().
SOCKET_DEFAULT = frozenset({"urllib.request", "http.client", "socket", "urllib3"})


def canonical(name: str) -> str:
    for prefix, replacement in ALIASES:
        if name.startswith(prefix):
            return replacement + name[len(prefix):]
    return name


def _label(call: ast.Call) -> str:
    text = ast.unparse(call.func)
    return f"{text if len(text) <= 60 else '...' + text[-57:]}()"


def report(call: ast.Call, connect: Connect, library: str, ctx: Context) -> Iterator[Hit]:
    if connect.kind == "missing" and ctx.default_timeout_set and library in SOCKET_DEFAULT:
        return
    verdict = judge(connect, library, _label(call), ctx.maximum)
    if verdict is not None:
        rule, text = verdict
        yield Hit(call.lineno, call.col_offset + 1, call.end_lineno or call.lineno, rule,
                  library, text)


# --- how each library reads the value of its timeout argument --------------------------------

Interpret = Callable[[Value], Connect]


def _number(value: Value, param: str, *, zero_disables: bool = False) -> Connect:
    if isinstance(value, Num):
        if value.value > 0:
            return seconds(value.value)
        return disabled(f"{param}=0") if zero_disables and value.value == 0 else UNKNOWN_CONNECT
    if value == NONE:
        return disabled(f"{param}=None")
    return UNKNOWN_CONNECT


def _timeout_object(value: Value, *classes: str) -> Connect | None:
    if isinstance(value, TimeoutObject) and value.cls in classes:
        return value.connect
    return None


def read_requests(value: Value) -> Connect:
    if isinstance(value, Seq) and len(value.items) == 2:
        connect = value.items[0]
        if connect == NONE:
            return disabled("timeout=(None, read)")
        return _number(connect, "connect")
    found = _timeout_object(value, "urllib3.Timeout")
    return found if found is not None else _number(value, "timeout")


def read_httpx(value: Value) -> Connect:
    if isinstance(value, Seq) and len(value.items) == 4:
        return _number(value.items[0], "connect")
    found = _timeout_object(value, "httpx.Timeout")
    return found if found is not None else _number(value, "timeout")


def read_urllib3(value: Value) -> Connect:
    found = _timeout_object(value, "urllib3.Timeout")
    return found if found is not None else _number(value, "timeout")


def read_plain(value: Value) -> Connect:
    return _number(value, "timeout")


def read_aiohttp(value: Value) -> Connect:
    found = _timeout_object(value, "aiohttp.ClientTimeout")
    if found is not None:
        return found
    return _number(value, "timeout") if isinstance(value, Num) else UNKNOWN_CONNECT


# --- timeout objects and client constructors ------------------------------------------------


def build_httpx_timeout(args: Args) -> Value:
    connect = args.get("connect")
    if connect is not None:
        return TimeoutObject("httpx.Timeout", _number(connect, "connect"))
    base = args.get("timeout", 0)
    if base is None:
        return TimeoutObject("httpx.Timeout", UNKNOWN_CONNECT)
    if base == NONE:
        return TimeoutObject("httpx.Timeout", disabled("Timeout(None)"))
    return TimeoutObject("httpx.Timeout", read_httpx(base))


def build_urllib3_timeout(args: Args) -> Value:
    total, connect = args.get("total", 0), args.get("connect", 1)
    parts: list[Connect] = []
    for value, name in ((total, "total"), (connect, "connect")):
        if value is None or value == NONE:
            continue
        parts.append(_number(value, name))
    if not parts:
        if connect == NONE:
            return TimeoutObject("urllib3.Timeout", disabled("connect=None"))
        return TimeoutObject("urllib3.Timeout", MISSING_CONNECT)
    result = parts[0]
    for part in parts[1:]:
        result = tighter(result, part)
    return TimeoutObject("urllib3.Timeout", result)


def build_client_timeout(args: Args) -> Value:
    bounds: list[Connect] = []
    for name, position in (("total", 0), ("connect", 1), ("sock_connect", 3)):
        value = args.get(name, position)
        if value is None or value == NONE:
            continue
        bounds.append(_number(value, name))
    if not bounds:
        return TimeoutObject("aiohttp.ClientTimeout",
                             disabled("ClientTimeout without total, connect or sock_connect"))
    result = bounds[0]
    for bound in bounds[1:]:
        result = tighter(result, bound)
    return TimeoutObject("aiohttp.ClientTimeout", result)


def build_botocore_config(args: Args) -> Value:
    if args.positional or args.star:
        return TimeoutObject("botocore.config.Config", UNKNOWN_CONNECT)
    value = args.get("connect_timeout")
    connect = MISSING_CONNECT if value is None else _number(value, "connect_timeout")
    return TimeoutObject("botocore.config.Config", connect)


def client(cls: str, param: str | None = None, read: Interpret = read_plain,
           position: int | None = None) -> Builder:
    def build(args: Args) -> Value:
        if param is None:
            return Instance(cls, MISSING_CONNECT)
        value = args.get(param, position)
        return Instance(cls, MISSING_CONNECT if value is None else read(value))
    return build


# --- checks ---------------------------------------------------------------------------------


def timeout_check(library: str, read: Interpret, *, param: str = "timeout",
                  position: int | None = None, max_positional: int | None = None,
                  on_missing: str = "report") -> Checker:
    """A call whose `param` is the connect timeout. on_missing: report | instance | ignore."""

    def check(args: Args, instance: Instance | None, ctx: Context) -> Iterator[Hit]:
        if max_positional is not None and (args.star or len(args.positional) > max_positional):
            return
        value = args.get(param, position)
        if value is not None:
            connect = read(value)
        elif on_missing == "report" or (
                on_missing == "instance" and instance is not None
                and instance.connect.kind == "missing"):
            connect = MISSING_CONNECT
        else:
            return
        yield from report(args.call, connect, library, ctx)
    return check


def botocore_check(args: Args, instance: Instance | None, ctx: Context) -> Iterator[Hit]:
    value = args.get("config", 9)
    if value is None or value == NONE:
        connect = MISSING_CONNECT
    elif isinstance(value, TimeoutObject) and value.cls == "botocore.config.Config":
        connect = value.connect
    else:
        return
    yield from report(args.call, connect, "botocore", ctx)


def _from_dsn(dsn: Value | None, keyword: str, zero_disables: bool) -> Connect:
    if dsn is None:
        return MISSING_CONNECT
    if not isinstance(dsn, Str):
        return UNKNOWN_CONNECT
    found = options(dsn.value)
    if found is None or "service" in found:
        return UNKNOWN_CONNECT
    if keyword not in found:
        return MISSING_CONNECT
    parsed = number(found[keyword])
    return UNKNOWN_CONNECT if parsed is None else _number(Num(parsed), keyword,
                                                          zero_disables=zero_disables)


def libpq_check(library: str, dsn_param: str, dsn_position: int, *,
                zero_disables: bool) -> Checker:
    """psycopg2 and psycopg: `connect_timeout` as a keyword or inside the DSN / URI."""

    def check(args: Args, instance: Instance | None, ctx: Context) -> Iterator[Hit]:
        value = args.get("connect_timeout")
        if value is not None:
            if isinstance(value, Str) and number(value.value) is not None:
                value = Num(number(value.value) or 0)
            connect = (UNKNOWN_CONNECT if value == NONE
                       else _number(value, "connect_timeout", zero_disables=zero_disables))
        else:
            connect = _from_dsn(args.get(dsn_param, dsn_position), "connect_timeout",
                                zero_disables)
        yield from report(args.call, connect, library, ctx)
    return check


def pymysql_check(args: Args, instance: Instance | None, ctx: Context) -> Iterator[Hit]:
    # Option files (read_default_file / read_default_group) may set connect_timeout.
    if args.positional or args.star or args.has("read_default_file") or args.has(
            "read_default_group"):
        return
    value = args.get("connect_timeout")
    connect = MISSING_CONNECT if value is None else _number(value, "connect_timeout")
    yield from report(args.call, connect, "pymysql", ctx)


def redis_check(connect_position: int | None, timeout_position: int | None,
                url: bool = False) -> Checker:
    def check(args: Args, instance: Instance | None, ctx: Context) -> Iterator[Hit]:
        if args.has("connection_pool"):
            return
        value = args.get("socket_connect_timeout", connect_position)
        if value is not None:
            connect = MISSING_CONNECT if value == NONE else _number(value, "socket_connect_timeout")
        elif args.get("socket_timeout", timeout_position) is not None:
            return  # redis-py connects with socket_timeout when socket_connect_timeout is unset
        elif url:
            address = args.get("url", 0)
            if not isinstance(address, Str):
                return
            found = options(address.value)
            if found is None or "socket_timeout" in found:
                return
            connect = _from_dsn(address, "socket_connect_timeout", zero_disables=False)
        else:
            connect = MISSING_CONNECT
        yield from report(args.call, connect, "redis", ctx)
    return check


def _millis(value: Value, param: str) -> Connect:
    if isinstance(value, Str) and number(value.value) is not None:
        value = Num(number(value.value) or 0)
    if isinstance(value, Num):
        return seconds(value.value / 1000) if value.value > 0 else disabled(f"{param}=0")
    return disabled(f"{param}=None") if value == NONE else UNKNOWN_CONNECT


def pymongo_check(args: Args, instance: Instance | None, ctx: Context) -> Iterator[Hit]:
    connect, overall = MISSING_CONNECT, MISSING_CONNECT
    host = args.get("host", 0)
    if host is not None:
        hosts = host.items if isinstance(host, Seq) else (host,)
        for item in hosts:
            if not isinstance(item, Str):
                return
            found = options(item.value) if "://" in item.value else {}
            if found is None:
                return
            if "connecttimeoutms" in found:
                connect = _millis(Str(found["connecttimeoutms"]), "connectTimeoutMS")
            if "timeoutms" in found:
                overall = _millis(Str(found["timeoutms"]), "timeoutMS")
    keyword = args.find({"connecttimeoutms"})
    if keyword is not None:
        connect = _millis(keyword, "connectTimeoutMS")
    keyword = args.find({"timeoutms"})
    if keyword is not None:
        overall = _millis(keyword, "timeoutMS")
    if overall.kind == "seconds" or overall.kind == "unknown":
        connect = tighter(connect, overall)
    yield from report(args.call, connect, "pymongo", ctx)


# --- the tables -----------------------------------------------------------------------------

HTTP_VERBS = ("get", "options", "head", "post", "put", "patch", "delete")

BUILDERS: dict[str, Builder] = {
    "httpx.Timeout": build_httpx_timeout,
    "urllib3.Timeout": build_urllib3_timeout,
    "aiohttp.ClientTimeout": build_client_timeout,
    "botocore.config.Config": build_botocore_config,
    "requests.Session": client("requests.Session"),
    "httpx.Client": client("httpx.Client", "timeout", read_httpx),
    "httpx.AsyncClient": client("httpx.Client", "timeout", read_httpx),
    "urllib3.PoolManager": client("urllib3.PoolManager", "timeout", read_urllib3),
    "urllib3.ProxyManager": client("urllib3.PoolManager", "timeout", read_urllib3),
    "urllib3.HTTPConnectionPool": client("urllib3.HTTPConnectionPool", "timeout", read_urllib3, 2),
    "urllib3.HTTPSConnectionPool": client("urllib3.HTTPConnectionPool", "timeout", read_urllib3,
                                          2),
    "urllib3.connection_from_url": client("urllib3.HTTPConnectionPool", "timeout", read_urllib3),
    "urllib.request.build_opener": client("urllib.request.OpenerDirector"),
    "urllib.request.OpenerDirector": client("urllib.request.OpenerDirector"),
    "aiohttp.ClientSession": client("aiohttp.ClientSession", "timeout", read_aiohttp),
    "boto3.Session": client("boto3.Session"),
    "botocore.session.get_session": client("botocore.session.Session"),
}

FUNCTIONS: dict[str, Checker] = {
    **{f"requests.{verb}": timeout_check("requests", read_requests)
       for verb in (*HTTP_VERBS, "request")},
    **{f"httpx.{verb}": timeout_check("httpx", read_httpx)
       for verb in (*HTTP_VERBS, "request", "stream")},
    "httpx.Client": timeout_check("httpx", read_httpx),
    "httpx.AsyncClient": timeout_check("httpx", read_httpx),
    "urllib3.request": timeout_check("urllib3", read_urllib3, on_missing="ignore"),
    "urllib3.PoolManager": timeout_check("urllib3", read_urllib3, on_missing="ignore"),
    "urllib3.ProxyManager": timeout_check("urllib3", read_urllib3, on_missing="ignore"),
    "urllib3.HTTPConnectionPool": timeout_check("urllib3", read_urllib3, position=2,
                                                on_missing="ignore"),
    "urllib3.HTTPSConnectionPool": timeout_check("urllib3", read_urllib3, position=2,
                                                 on_missing="ignore"),
    "urllib3.connection_from_url": timeout_check("urllib3", read_urllib3, on_missing="ignore"),
    "urllib.request.urlopen": timeout_check("urllib.request", read_plain, position=2),
    "http.client.HTTPConnection": timeout_check("http.client", read_plain, position=2),
    "http.client.HTTPSConnection": timeout_check("http.client", read_plain, max_positional=2),
    "socket.create_connection": timeout_check("socket", read_plain, position=1),
    "aiohttp.ClientSession": timeout_check("aiohttp", read_aiohttp),
    "aiohttp.request": timeout_check("aiohttp", read_aiohttp),
    "boto3.client": botocore_check,
    "boto3.resource": botocore_check,
    "psycopg2.connect": libpq_check("psycopg2", "dsn", 0, zero_disables=True),
    "psycopg2.pool.SimpleConnectionPool": libpq_check("psycopg2", "dsn", 2, zero_disables=True),
    "psycopg2.pool.ThreadedConnectionPool": libpq_check("psycopg2", "dsn", 2,
                                                        zero_disables=True),
    "psycopg.connect": libpq_check("psycopg", "conninfo", 0, zero_disables=False),
    "psycopg.Connection.connect": libpq_check("psycopg", "conninfo", 0, zero_disables=False),
    "psycopg.AsyncConnection.connect": libpq_check("psycopg", "conninfo", 0,
                                                   zero_disables=False),
    "pymysql.connect": pymysql_check,
    "redis.Redis": redis_check(5, 4),
    "redis.asyncio.Redis": redis_check(5, 4),
    "redis.ConnectionPool": redis_check(None, None),
    "redis.Redis.from_url": redis_check(None, None, url=True),
    "redis.from_url": redis_check(None, None, url=True),
    "redis.asyncio.from_url": redis_check(None, None, url=True),
    "redis.asyncio.Redis.from_url": redis_check(None, None, url=True),
    "pymongo.MongoClient": pymongo_check,
    "pymongo.AsyncMongoClient": pymongo_check,
}

METHODS: dict[tuple[str, str], Checker] = {
    **{("requests.Session", verb): timeout_check("requests", read_requests,
                                                 on_missing="instance")
       for verb in HTTP_VERBS},
    ("requests.Session", "request"): timeout_check("requests", read_requests, position=8,
                                                   on_missing="instance"),
    **{("httpx.Client", verb): timeout_check("httpx", read_httpx, on_missing="ignore")
       for verb in (*HTTP_VERBS, "request", "stream")},
    **{("urllib3.PoolManager", verb): timeout_check("urllib3", read_urllib3,
                                                    on_missing="instance")
       for verb in ("request", "urlopen", "request_encode_url", "request_encode_body")},
    **{("urllib3.HTTPConnectionPool", verb): timeout_check("urllib3", read_urllib3,
                                                           on_missing="instance")
       for verb in ("request", "request_encode_url", "request_encode_body")},
    ("urllib3.HTTPConnectionPool", "urlopen"): timeout_check("urllib3", read_urllib3, position=7,
                                                             on_missing="instance"),
    ("urllib.request.OpenerDirector", "open"): timeout_check("urllib.request", read_plain,
                                                             position=2, on_missing="instance"),
    **{("aiohttp.ClientSession", verb): timeout_check("aiohttp", read_aiohttp,
                                                      on_missing="ignore")
       for verb in (*HTTP_VERBS, "request")},
    ("boto3.Session", "client"): botocore_check,
    ("boto3.Session", "resource"): botocore_check,
    ("botocore.session.Session", "create_client"): botocore_check,
}
