"""How Python client calls are read: the builders and checks each library's module in
checker/clients/ puts in its tables (python.PythonChecks).

Argument positions follow each library's signature; a call with more positional arguments than
we model, *args, or unknown **kwargs is left alone.
"""

from __future__ import annotations

import ast
import math
from collections import abc
from collections.abc import Callable, Iterator

from checker.lint.dsn import number, options
from checker.lint.model import CallHit
from checker.lint.python import Args, Builder, Checker, Context
from checker.lint.values import (
    NONE,
    UNKNOWN,
    Instance,
    Mapping,
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
    fixed,
    judge,
    seconds,
    tighter,
)


def _label(call: ast.Call) -> str:
    text = ast.unparse(call.func)
    return f"{text if len(text) <= 60 else '...' + text[-57:]}()"


def report(call: ast.Call, connect: Connect, library: str, ctx: Context) -> Iterator[CallHit]:
    client = ctx.libraries[library]
    if connect.kind == "missing" and ctx.default_timeout_set and client.socket_default:
        return
    verdict = judge(connect, client, _label(call), ctx.maximum)
    if verdict is not None:
        rule, text = verdict
        yield CallHit(call.lineno, call.col_offset + 1, call.end_lineno or call.lineno, rule, library, text)


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


def _written(value: Value) -> str | None:
    """A literal read timeout as the user wrote it, to carry into the fix unchanged."""
    if isinstance(value, Num):
        return "None" if value.value == math.inf else f"{value.value:g}"  # too large: no limit
    return "None" if value == NONE else None


def _keeping(value: Value, template: str, otherwise: str) -> str:
    """`template` with {read} set to the value written, or `otherwise` when it is not a literal."""
    read = _written(value)
    return template.replace("{read}", read) if read is not None else otherwise


# How each library's timeout value is edited so that only the connect part changes.
_REQUESTS_TUPLE = "set timeout=({connect=3.05}, {read})"
_HTTPX_SCALAR = "set timeout=httpx.Timeout({read}, connect={connect})"
_URLLIB3_SCALAR = "set timeout=urllib3.Timeout(connect={connect}, read={read})"
_AIOHTTP_SCALAR = "set timeout=aiohttp.ClientTimeout(total={read}, sock_connect={connect})"
_URLOPEN_SINGLE = (
    "lower timeout= only if every read fits in it, or connect with a client that "
    "has a connect-only timeout (urllib3, requests): urlopen's one timeout bounds "
    "the connect and each read alike"
)
_SOCKET_SPLIT = (
    "set timeout={connect}, then {sock}.settimeout({read}) once connected to keep the read timeout"
)


def read_requests(value: Value) -> Connect:
    if isinstance(value, Seq) and len(value.items) == 2:
        connect, read = value.items
        fix = _keeping(
            read, _REQUESTS_TUPLE, "set the connect part of this (connect, read) tuple to {connect=3.05}"
        )
        if connect == NONE:
            return fixed(disabled("timeout=(None, read)"), fix)
        return fixed(_number(connect, "connect"), fix)
    found = _timeout_object(value, "urllib3.Timeout")
    if found is not None:
        return found
    return fixed(_number(value, "timeout"), _keeping(value, _REQUESTS_TUPLE, ""))


def read_httpx(value: Value) -> Connect:
    if isinstance(value, Seq) and len(value.items) == 4:
        return fixed(
            _number(value.items[0], "connect"),
            "set the first (connect) item of this timeout tuple to {connect}",
        )
    found = _timeout_object(value, "httpx.Timeout")
    if found is not None:
        return found
    return fixed(_number(value, "timeout"), _keeping(value, _HTTPX_SCALAR, ""))


def read_urllib3(value: Value) -> Connect:
    found = _timeout_object(value, "urllib3.Timeout")
    if found is not None:
        return found
    return fixed(_number(value, "timeout"), _keeping(value, _URLLIB3_SCALAR, ""))


def read_urlopen(value: Value) -> Connect:
    connect = _number(value, "timeout")
    return fixed(connect, _URLOPEN_SINGLE) if connect.kind == "seconds" else connect


def read_socket(name: str) -> Interpret:
    """http.client and socket: one timeout too, but the socket's can be changed once connected."""

    def read(value: Value) -> Connect:
        fix = _keeping(value, _SOCKET_SPLIT.replace("{sock}", name), "")
        return fixed(_number(value, "timeout"), fix)

    return read


def read_plain(value: Value) -> Connect:
    return _number(value, "timeout")


def read_aiohttp(value: Value) -> Connect:
    """A ClientTimeout, or a number meaning ClientTimeout(total=n); None is no bound at all on a
    request (it replaces the session's: measured), while ClientSession(timeout=None) keeps the
    default."""
    found = _timeout_object(value, "aiohttp.ClientTimeout")
    if found is not None:
        return found
    if isinstance(value, Num) or value == NONE:
        return fixed(_number(value, "timeout"), _keeping(value, _AIOHTTP_SCALAR, ""))
    return UNKNOWN_CONNECT


def read_aiohttp_session(value: Value) -> Connect:
    return MISSING_CONNECT if value == NONE else read_aiohttp(value)


# --- timeout objects and client constructors ------------------------------------------------


def build_httpx_timeout(args: Args) -> Value:
    connect = args.get("connect")
    if connect is not None:
        return TimeoutObject(
            "httpx.Timeout", fixed(_number(connect, "connect"), "set connect={connect} in this httpx.Timeout")
        )
    base = args.get("timeout", 0)
    if base is None:
        return TimeoutObject("httpx.Timeout", UNKNOWN_CONNECT)
    add = "add connect={connect} to this httpx.Timeout"
    if base == NONE:
        return TimeoutObject("httpx.Timeout", fixed(disabled("Timeout(None)"), add))
    return TimeoutObject("httpx.Timeout", fixed(read_httpx(base), add))


def build_urllib3_timeout(args: Args) -> Value:
    total, connect = args.get("total", 0), args.get("connect", 1)
    parts: list[Connect] = []
    for value, name in ((total, "total"), (connect, "connect")):
        if value is None or value == NONE:
            continue
        parts.append(_number(value, name))
    if not parts:
        if connect == NONE:
            return TimeoutObject(
                "urllib3.Timeout",
                fixed(disabled("connect=None"), "set connect={connect} in this urllib3.Timeout"),
            )
        return TimeoutObject("urllib3.Timeout", MISSING_CONNECT)
    result = parts[0]
    for part in parts[1:]:
        result = tighter(result, part)
    return TimeoutObject("urllib3.Timeout", fixed(result, "set connect={connect} in this urllib3.Timeout"))


def build_client_timeout(args: Args) -> Value:
    bounds: list[Connect] = []
    for name, position in (("total", 0), ("connect", 1), ("sock_connect", 3)):
        value = args.get(name, position)
        if value is None or value == NONE:
            continue
        bounds.append(_number(value, name))
    fix = "set sock_connect={connect} in this ClientTimeout (the rest unchanged)"
    if not bounds:
        return TimeoutObject(
            "aiohttp.ClientTimeout",
            fixed(disabled("ClientTimeout without total, connect or sock_connect"), fix),
        )
    result = bounds[0]
    for bound in bounds[1:]:
        result = tighter(result, bound)
    return TimeoutObject("aiohttp.ClientTimeout", fixed(result, fix))


def build_botocore_config(args: Args) -> Value:
    if args.positional or args.star:
        return TimeoutObject("botocore.config.Config", UNKNOWN_CONNECT)
    value = args.get("connect_timeout")
    if value is None:
        connect = fixed(MISSING_CONNECT, "add connect_timeout={connect} to this Config")
    else:
        connect = fixed(_number(value, "connect_timeout"), "set connect_timeout={connect} in this Config")
    return TimeoutObject("botocore.config.Config", connect)


def client(
    cls: str, param: str | None = None, read: Interpret = read_plain, position: int | None = None
) -> Builder:
    def build(args: Args) -> Value:
        origin = id(args.call)
        if param is None:
            return Instance(cls, MISSING_CONNECT, origin)
        value = args.get(param, position)
        return Instance(cls, MISSING_CONNECT if value is None else read(value), origin)

    return build


# --- checks ---------------------------------------------------------------------------------


def timeout_check(
    library: str,
    read: Interpret,
    *,
    param: str = "timeout",
    position: int | None = None,
    max_positional: int | None = None,
    on_missing: str = "report",
    lazy: bool = False,
) -> Checker:
    """A call whose `param` is the connect timeout. on_missing: report | instance | ignore.
    `lazy`: a constructor that connects on first use only, so an unused client is fine."""

    def check(args: Args, instance: Instance | None, ctx: Context) -> Iterator[CallHit]:
        if max_positional is not None and (args.star or len(args.positional) > max_positional):
            return
        if lazy and ctx.unused(args.call):
            return
        value = args.get(param, position)
        if value is not None:
            connect = read(value)
        elif on_missing == "report" or (
            on_missing == "instance" and instance is not None and instance.connect.kind == "missing"
        ):
            connect = MISSING_CONNECT
        else:
            return
        yield from report(args.call, connect, library, ctx)

    return check


def aiohttp_session_check(args: Args, instance: Instance | None, ctx: Context) -> Iterator[CallHit]:
    """The session's timeout is judged only if a request made on it runs with it: a request
    passing its own `timeout=` replaces it (that request is judged instead)."""
    value = args.get("timeout")
    if ctx.unused(args.call):
        return  # never used to send a request: it never connects
    requests = [use for verb, use in ctx.uses(args.call) if verb in AIOHTTP_REQUESTS]
    # `session.request(method, url, **kwargs)` is not known to bring a timeout of its own.
    if requests and all(use.has("timeout") for use in requests):
        return
    connect = MISSING_CONNECT if value is None else read_aiohttp_session(value)
    yield from report(args.call, connect, "aiohttp", ctx)


def botocore_check(args: Args, instance: Instance | None, ctx: Context) -> Iterator[CallHit]:
    if ctx.stubbed(args.call) or ctx.unused(args.call):
        return  # wrapped in botocore.stub.Stubber (it answers from a queue), or never used
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
    return UNKNOWN_CONNECT if parsed is None else _number(Num(parsed), keyword, zero_disables=zero_disables)


def libpq_check(library: str, dsn_param: str, dsn_position: int, *, zero_disables: bool) -> Checker:
    """psycopg2 and psycopg: `connect_timeout` as a keyword or inside the DSN / URI."""

    def check(args: Args, instance: Instance | None, ctx: Context) -> Iterator[CallHit]:
        value = args.get("connect_timeout")
        if value is not None:
            if isinstance(value, Str) and number(value.value) is not None:
                value = Num(number(value.value) or 0)
            connect = (
                UNKNOWN_CONNECT
                if value == NONE
                else _number(value, "connect_timeout", zero_disables=zero_disables)
            )
        else:
            connect = _from_dsn(args.get(dsn_param, dsn_position), "connect_timeout", zero_disables)
        yield from report(args.call, connect, library, ctx)

    return check


def pymysql_check(args: Args, instance: Instance | None, ctx: Context) -> Iterator[CallHit]:
    # Option files (read_default_file / read_default_group) may set connect_timeout.
    if args.positional or args.star or args.has("read_default_file") or args.has("read_default_group"):
        return
    value = args.get("connect_timeout")
    connect = MISSING_CONNECT if value is None else _number(value, "connect_timeout")
    yield from report(args.call, connect, "pymysql", ctx)


def redis_check(
    connect_position: int | None, timeout_position: int | None, url: bool = False, lazy: bool = True
) -> Checker:
    """redis-py clients and pools connect on their first command (`lazy`); a cluster client
    connects to its startup nodes when built."""

    def check(args: Args, instance: Instance | None, ctx: Context) -> Iterator[CallHit]:
        if lazy and ctx.unused(args.call):
            return
        # A given pool or connection class decides how it connects (a Unix socket, a test
        # double); a Unix socket path has no TCP handshake to bound.
        if any(args.has(name) for name in ("connection_pool", "connection_class", "unix_socket_path")):
            return
        value = args.get("socket_connect_timeout", connect_position)
        if value is not None:
            connect = MISSING_CONNECT if value == NONE else _number(value, "socket_connect_timeout")
        elif args.get("socket_timeout", timeout_position) is not None:
            return  # redis-py connects with socket_timeout when socket_connect_timeout is unset
        elif url:
            address = args.get("url", 0)
            if not isinstance(address, Str) or address.value.lower().startswith("unix:"):
                return
            found = options(address.value)
            if found is None or "socket_timeout" in found:
                return
            connect = _from_dsn(address, "socket_connect_timeout", zero_disables=False)
            if "socket_connect_timeout" in found:  # the URL's options win over keywords
                connect = fixed(connect, "set socket_connect_timeout={connect} in the URL")
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


def pymongo_check(args: Args, instance: Instance | None, ctx: Context) -> Iterator[CallHit]:
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


# SQLAlchemy passes `connect_args` (which win) and the URL's query to the driver the URL names.
# Per URL scheme: the driver's library, the option that bounds its connect, whether it takes
# whole seconds only (libpq), and whether the option is read from the URL's query.
EngineDriver = tuple[str, str, bool, bool]


def _engine_url(args: Args) -> tuple[str, dict[str, str] | None, str | None] | None:
    """(scheme, query options, host) of create_engine's URL; None for what is not literal."""
    raw = args.positional[0] if args.positional else args.keywords.get("url")
    if isinstance(raw, ast.JoinedStr):  # f"postgresql://{user}@{host}/db": the scheme is known
        head = raw.values[0] if raw.values else None
        if isinstance(head, ast.Constant) and isinstance(head.value, str) and "://" in head.value:
            return head.value.split("://", 1)[0].lower(), None, None
        return None
    url = args.get("url", 0)
    if not isinstance(url, Str) or "://" not in url.value:
        return None
    scheme, rest = url.value.split("://", 1)
    host = rest.split("/", 1)[0].split("?", 1)[0].rsplit("@", 1)[-1]
    return scheme.lower(), options(url.value), host


def engine_check(drivers: abc.Mapping[str, EngineDriver]) -> Checker:
    """`create_engine(url, ...)`: judged as the driver the URL names would be (`drivers`)."""

    def check(args: Args, instance: Instance | None, ctx: Context) -> Iterator[CallHit]:
        # The connection is made by the user's own function, pool or DBAPI module, or not at all
        # (strategy="mock").
        if args.star or any(
            args.has(name) for name in ("creator", "async_creator", "pool", "module", "strategy")
        ):
            return
        if ctx.unused(args.call):
            return  # an engine connects on first use only
        url = _engine_url(args)
        driver = drivers.get(url[0]) if url else None
        if url is None or driver is None or url[2] == "":
            return  # no host: the driver's default, a Unix socket for libpq
        library, option, whole, from_query = driver
        amount = "{connect_int}" if whole else "{connect}"
        connect_args = args.get("connect_args")
        value: Value | None = None
        if connect_args is None:
            fix = f'set connect_args={{"{option}": {amount}}}'
        elif isinstance(connect_args, Mapping):
            fix = f'add "{option}": {amount} to connect_args'
            value = dict(connect_args.items).get(option)
        else:
            return
        if value is None:
            query = url[1]
            if query is None or (not from_query and option in query):
                return  # the URL may carry the option
            if option in query:
                parsed = number(query[option])
                value = UNKNOWN if parsed is None else Num(parsed)
        if value is None:
            connect = MISSING_CONNECT
        elif isinstance(value, Str) and number(value.value) is not None:
            connect = _number(Num(number(value.value) or 0), option, zero_disables=whole)
        else:
            connect = _number(value, option, zero_disables=whole)
        yield from report(args.call, fixed(connect, fix), library, ctx)

    return check


# --- shared by the tables (checker/clients/<library>.py declare them) -------------------------

HTTP_VERBS = ("get", "options", "head", "post", "put", "patch", "delete")
AIOHTTP_REQUESTS = frozenset({*HTTP_VERBS, "request"})
