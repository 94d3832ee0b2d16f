"""JavaScript client libraries as data: constructors and calls that connect, and their options.

Option objects are read only when they are literal (no spread, no computed key); any other
shape, an unknown argument, or a client whose defaults or interceptors are changed in the file
is left alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from checker.client import suggested_connect
from checker.lint.dsn import number, options
from checker.lint.javascript import FUNCTION, INTEROP_HELPERS, Analyzer, Call
from checker.lint.jsscope import Node, string_value, text, unwrap
from checker.lint.model import CallHit
from checker.lint.values import (
    UNKNOWN,
    Instance,
    Num,
    Ref,
    Str,
    TimeoutObject,
    Value,
)
from checker.lint.values import Mapping as Options
from checker.lint.verdict import (
    MISSING_CONNECT,
    UNKNOWN_CONNECT,
    Connect,
    disabled,
    judge,
    message,
    seconds,
    tighter,
)

if TYPE_CHECKING:
    from checker.client import Client

REQUEST = Ref("<request>")
URL = Ref("<url>")
AXIOS_CONFIG_INDEX = {
    "get": 1,
    "delete": 1,
    "head": 1,
    "options": 1,
    "post": 2,
    "put": 2,
    "patch": 2,
    "postForm": 2,
    "putForm": 2,
    "patchForm": 2,
    "request": 0,
}
GOT_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "stream"})
AWS_V3_CLIENT = re.compile(r"^@aws-sdk/client-[a-z0-9-]+\.[A-Za-z0-9]+Client$")


def _millis(value: Value | None, param: str, *, zero_disables: bool) -> Connect:
    if isinstance(value, Num):
        if math.isinf(value.value):
            return disabled(f"{param}: Infinity")
        if value.value > 0:
            return seconds(value.value / 1000)
        if value.value == 0 and zero_disables:
            return disabled(f"{param}: 0")
    return UNKNOWN_CONNECT


def _options(value: Value | None) -> dict[str, Value] | None:
    return dict(value.items) if isinstance(value, Options) else None


def _label(call: Call) -> str:
    """The callee as written, on one line: a chain split over lines (`axios\n  .get`) is joined."""
    target = call.node.child_by_field_name("constructor" if call.is_new else "function")
    name = text(unwrap(target)) if target is not None else "call"
    name = " ".join(re.sub(r"\s*[\r\n]\s*", "", name).split())
    name = name if len(name) <= 60 else "..." + name[-57:]
    return f"new {name}()" if call.is_new else f"{name}()"


def _ms(call: Call) -> str:
    """The connect timeout a fix suggests for this run, in milliseconds."""
    return f"{suggested_connect(call.analyzer.maximum) * 1000:g}"


def knob_fix(connect: Connect, knob: str, where: str, added: str = "") -> str:
    """The fix for a call that has options: add the connect knob to them (`added`, when it is
    not `knob: ms`), or lower the one there, keeping every other setting."""
    if connect.kind == "missing":
        return f"add `{added or knob + ': {ms}'}` to {where} (keeping the rest)"
    return f"set `{knob}` in {where} to {{ms}}"


def report(call: Call, connect: Connect, library: str, fix: str = "") -> Iterator[CallHit]:
    """A hit when `connect` breaks a rule; `fix` (with "{ms}") replaces the library's canned fix
    when the call already has options the fix must keep."""
    label, maximum = _label(call), call.analyzer.maximum
    client = call.analyzer.tables.libraries[library]
    verdict = judge(connect, client, label, maximum)
    if verdict is not None:
        rule, text_ = verdict
        if fix:
            text_ = message(
                rule,
                client,
                label,
                seconds=connect.seconds,
                maximum=maximum,
                detail=connect.detail,
                fix=fix.replace("{ms}", _ms(call)),
            )
        start, end = call.node.start_point, call.node.end_point
        yield CallHit(int(start[0]) + 1, int(start[1]) + 1, int(end[0]) + 1, rule, library, text_)


# --- connect timeouts read from option objects ----------------------------------------------


def signal_connect(value: Value | None) -> Connect:
    if isinstance(value, TimeoutObject) and value.cls == "AbortSignal":
        return value.connect
    return UNKNOWN_CONNECT


def axios_connect(config: Value | None) -> Connect:
    if config is None:
        return MISSING_CONNECT
    found = _options(config)
    if found is None:
        return UNKNOWN_CONNECT
    if "signal" in found:
        return overall(signal_connect(found["signal"]))
    if {"adapter", "httpAgent", "httpsAgent"} & found.keys():
        return UNKNOWN_CONNECT
    if "timeout" in found:
        timeout = found["timeout"]
        if isinstance(timeout, Num) and (timeout.value == 0 or math.isinf(timeout.value)):
            return disabled(f"timeout: {'0' if timeout.value == 0 else 'Infinity'}")
        return OVERALL  # measured: a positive `timeout` aborts a connect too
    return MISSING_CONNECT


# axios's `timeout` bounds the connect and the whole request (measured with axios 0.27, 1.6 and
# 1.21 against a port that drops SYNs: ECONNABORTED after `timeout`). It is never judged against
# the maximum: lowering it would cut slow responses, and axios has no connect-only knob.
OVERALL = Connect("unknown", detail="overall timeout")


def overall(connect: Connect) -> Connect:
    """A bound on the whole transfer of a client with no connect-only knob: never judged against
    the maximum (the only fix would cut slow responses)."""
    return OVERALL if connect.kind == "seconds" else connect


def got_connect(config: Value | None) -> Connect:
    if config is None:
        return MISSING_CONNECT
    found = _options(config)
    if found is None or "signal" in found:
        return UNKNOWN_CONNECT
    timeout = found.get("timeout")
    if timeout is None:
        return MISSING_CONNECT
    if isinstance(timeout, Num):
        return _millis(timeout, "timeout", zero_disables=False)
    parts = _options(timeout)
    if parts is None:
        return UNKNOWN_CONNECT
    result = MISSING_CONNECT
    for key in ("connect", "request"):
        if key in parts:
            result = tighter(result, _millis(parts[key], f"timeout.{key}", zero_disables=False))
    return result


def handler_connect(config: Value | None) -> Connect:
    if config is None:
        return MISSING_CONNECT
    found = _options(config)
    if found is None:
        return UNKNOWN_CONNECT
    if "connectionTimeout" not in found:
        # Since 2025 smithy's requestTimeout runs from the start and ends the request when
        # throwOnRequestTimeout is set (before, and without it, it only warns or starts once
        # connected): bounded on new versions only.
        return UNKNOWN_CONNECT if "throwOnRequestTimeout" in found else MISSING_CONNECT
    return _millis(found["connectionTimeout"], "connectionTimeout", zero_disables=True)


def _with_overall(connect: Connect, overall: Value | None, param: str) -> Connect:
    if overall is None:
        return connect
    return tighter(connect, _millis(overall, param, zero_disables=False))


# --- values built by calls ------------------------------------------------------------------


def axios_create(call: Call) -> Value:
    return Instance("axios", axios_connect(call.arg(0)))


def got_extend(call: Call) -> Value:
    configs = call.args
    if call.spread or len(configs) != 1:
        return Instance("got", UNKNOWN_CONNECT)
    return Instance("got", got_connect(configs[0]))


def node_http_handler(call: Call) -> Value:
    return TimeoutObject("NodeHttpHandler", handler_connect(call.arg(0))) if call.is_new else UNKNOWN


# --- checks ---------------------------------------------------------------------------------

Check = Callable[[Call, Analyzer], Iterator[CallHit]]
# A check of a call on a client instance (`api.get(...)`, method name) or of the instance itself
# (`api(...)`, None); None when that call is not one that connects.
InstanceCheck = Callable[[Instance, "str | None"], "Check | None"]


@dataclass(frozen=True)
class JavaScriptChecks:
    """One library's share of the tables, declared in its checker/clients/ module.

    Names are canonical (after `aliases`, which rewrite old or re-exported spellings):
    `calls` check a plain call, `constructors` a `new`, `patterns` a `new` whose name fits
    a test (one per SDK client class); `instances` the calls on a client a builder made; `builders` make
    the value a call returns (a client instance, a timeout object).
    """

    calls: Mapping[str, Check] = field(default_factory=dict)
    constructors: Mapping[str, Check] = field(default_factory=dict)
    patterns: tuple[tuple[Callable[[str], bool], Check], ...] = ()
    instances: Mapping[str, InstanceCheck] = field(default_factory=dict)
    builders: Mapping[str, Callable[[Call], Value]] = field(default_factory=dict)
    aliases: tuple[tuple[str, str], ...] = ()


class JavaScriptTables:
    """Every JavaScript library's checks merged (checker.clients.javascript_tables builds it)."""

    def __init__(self, clients: Sequence[Client], checks: Sequence[JavaScriptChecks]) -> None:
        self.libraries: dict[str, Client] = {client.name: client for client in clients}
        self.calls = {k: v for c in checks for k, v in c.calls.items()}
        self.constructors = {k: v for c in checks for k, v in c.constructors.items()}
        self.patterns = tuple(pattern for c in checks for pattern in c.patterns)
        self.instances = {k: v for c in checks for k, v in c.instances.items()}
        self.builders = {k: v for c in checks for k, v in c.builders.items()}
        # Longest prefix first: the first that fits wins.
        self.aliases = tuple(sorted((a for c in checks for a in c.aliases), key=lambda a: -len(a[0])))

    def canonical(self, name: str) -> str:
        for prefix, replacement in self.aliases:
            if (
                name == prefix
                or name.startswith(prefix + ".")
                or (prefix.endswith(".") and name.startswith(prefix))
            ):
                return replacement + name[len(prefix) :]
        return name

    def build(self, call: Call, analyzer: Analyzer) -> Value:
        """The value a call makes: a module (`require`), a client instance, a timeout object."""
        callee = call.callee
        if not isinstance(callee, Ref):
            return UNKNOWN
        name = self.canonical(callee.name)
        if name == "require" and not call.is_new:
            first = call.arg(0)
            if isinstance(first, Str):
                return Ref(first.value[5:] if first.value.startswith("node:") else first.value)
            return UNKNOWN
        if name in INTEROP_HELPERS and not call.is_new:  # compiled `import x from "m"`
            first = call.arg(0)
            return first if isinstance(first, Ref) else UNKNOWN
        if name == "AbortSignal.timeout":
            return TimeoutObject(
                "AbortSignal", _millis(call.arg(0), "AbortSignal.timeout", zero_disables=False)
            )
        if name == "Request" and call.is_new:
            return REQUEST
        if name == "URL" and call.is_new:
            return URL
        builder = self.builders.get(name)
        return builder(call) if builder is not None else UNKNOWN

    def checker_for(self, call: Call, analyzer: Analyzer) -> Check | None:
        target = call.node.child_by_field_name("constructor" if call.is_new else "function")
        if target is None or analyzer.configured(target):
            return None
        target = unwrap(target)
        callee = call.callee
        if isinstance(callee, Instance) and not call.is_new:
            on_instance = self.instances.get(callee.cls)
            return on_instance(callee, None) if on_instance is not None else None
        if target.type == "member_expression" and not call.is_new:
            base = target.child_by_field_name("object")
            prop = target.child_by_field_name("property")
            owner = analyzer.evaluate(base) if base is not None else UNKNOWN
            if isinstance(owner, Instance) and prop is not None:
                on_instance = self.instances.get(owner.cls)
                return on_instance(owner, text(prop)) if on_instance is not None else None
        if not isinstance(callee, Ref) or callee is FUNCTION:
            return None
        name = self.canonical(callee.name)
        if call.is_new:
            check = self.constructors.get(name)
            if check is not None:
                return check
            return next((c for match, c in self.patterns if match(name)), None)
        return self.calls.get(name)


def axios_check(index: int | None, instance: Instance | None) -> Check:
    def check(call: Call, analyzer: Analyzer) -> Iterator[CallHit]:
        if index is None:  # axios(config) or axios(url, config)
            first = call.arg(0)
            config = first if isinstance(first, Options) else call.arg(1)
            if first is not None and not isinstance(first, (Options, Str)):
                return
        else:
            config = call.arg(index)
        connect = axios_connect(config)
        if connect.kind == "missing" and instance is not None and instance.connect.kind != "missing":
            return  # the instance's own setting decides, and was judged at axios.create()
        yield from report(call, connect, "axios")

    return check


def axios_instance(instance: Instance, method: str | None) -> Check | None:
    if method is None:
        return axios_check(None, instance)
    return axios_check(AXIOS_CONFIG_INDEX[method], instance) if method in AXIOS_CONFIG_INDEX else None


def axios_create_check(call: Call, analyzer: Analyzer) -> Iterator[CallHit]:
    connect = axios_connect(call.arg(0))
    if connect.kind != "missing":  # a bare instance is reported where it is used
        yield from report(call, connect, "axios")


def fetch_check(call: Call, analyzer: Analyzer) -> Iterator[CallHit]:
    first, init = call.arg(0), call.arg(1)
    if first is None or first == REQUEST or analyzer.in_browser() or global_dispatcher(analyzer):
        return
    if init is None:
        connect = MISSING_CONNECT
    else:
        found = _options(init)
        if found is None or "dispatcher" in found:
            return
        connect = signal_connect(found["signal"]) if "signal" in found else MISSING_CONNECT
    yield from report(call, connect, "fetch")


def global_dispatcher(analyzer: Analyzer) -> bool:
    """Whether the file calls undici's `setGlobalDispatcher`, which may set every fetch's connect
    timeout (another file may too: the linter sees one file at a time)."""
    return bool(analyzer.identifiers("setGlobalDispatcher"))


def node_fetch_check(call: Call, analyzer: Analyzer) -> Iterator[CallHit]:
    """node-fetch: v2's `timeout` runs from the socket's assignment, so it bounds the connect
    (measured with 2.7.0); v3 dropped it (ignored). Only `signal` bounds both."""
    first, init = call.arg(0), call.arg(1)
    if first is None or first == REQUEST or call.spread:
        return
    if init is None:
        connect = MISSING_CONNECT
    else:
        found = _options(init)
        if found is None or "agent" in found:
            return
        if "signal" in found:
            connect = overall(signal_connect(found["signal"]))
        elif "timeout" in found:
            return  # bounded on v2, ignored on v3: the installed version decides
        else:
            connect = MISSING_CONNECT
    yield from report(call, connect, "node-fetch")


def undici_connect(options: Value | None) -> Connect:
    """undici's `connect: { timeout }` (or the older `connectTimeout`); 10 s by default."""
    if options is None:
        return MISSING_CONNECT
    found = _options(options)
    if found is None:
        return UNKNOWN_CONNECT
    if "connect" in found:
        parts = _options(found["connect"])
        if parts is None:
            return UNKNOWN_CONNECT  # a connector function or options we cannot read
        if "timeout" in parts:
            return _millis(parts["timeout"], "connect.timeout", zero_disables=True)
    if "connectTimeout" in found:
        return _millis(found["connectTimeout"], "connectTimeout", zero_disables=True)
    if "factory" in found:
        return UNKNOWN_CONNECT
    return MISSING_CONNECT


def undici_dispatcher_check(call: Call, analyzer: Analyzer) -> Iterator[CallHit]:
    """`new Agent(opts)`, `new Pool(url, opts)`, `new Client(url, opts)` from undici."""
    if call.spread:
        return
    name = analyzer.tables.canonical(call.callee.name) if isinstance(call.callee, Ref) else ""
    options = call.arg(0) if name.endswith(".Agent") else call.arg(1)
    connect = undici_connect(options)
    yield from report(
        call,
        connect,
        "undici",
        knob_fix(connect, "connect.timeout", "its options", "connect: { timeout: {ms} }")
        if options is not None
        else "",
    )


def undici_request_check(call: Call, analyzer: Analyzer) -> Iterator[CallHit]:
    """`request(url, opts)` and `stream(...)` from undici: the global dispatcher's 10 s."""
    if call.spread or call.arg(0) is None or global_dispatcher(analyzer):
        return
    options = call.arg(1)
    if options is not None:
        found = _options(options)
        if found is None or "dispatcher" in found:
            return
        connect = signal_connect(found["signal"]) if "signal" in found else MISSING_CONNECT
    else:
        connect = MISSING_CONNECT
    yield from report(call, connect, "undici", "pass `dispatcher: new Agent({ connect: { timeout: {ms} } })`")


def ioredis_cluster_check(call: Call, analyzer: Analyzer) -> Iterator[CallHit]:
    """`new Cluster(nodes, { redisOptions: { connectTimeout } })`: each node's connect."""
    if call.spread or call.arg(0) is None:
        return
    options = call.arg(1)
    found = _options(options) if options is not None else {}
    if found is None:
        return
    redis_options = found.get("redisOptions")
    parts = _options(redis_options) if redis_options is not None else {}
    if parts is None:
        return
    connect = (
        _millis(parts["connectTimeout"], "redisOptions.connectTimeout", zero_disables=False)
        if "connectTimeout" in parts
        else MISSING_CONNECT
    )
    yield from report(
        call,
        connect,
        "ioredis",
        knob_fix(connect, "connectTimeout", "its redisOptions")
        if redis_options is not None
        else "set `redisOptions: { connectTimeout: {ms} }` in its options",
    )


def node_http_check(call: Call, analyzer: Analyzer) -> Iterator[CallHit]:
    if call.spread:
        return
    first, second = call.arg(0), call.arg(1)
    if isinstance(first, Options):
        config: Value | None = first
    elif isinstance(second, Options):
        config = second
    elif isinstance(first, Str) or first == URL:
        config = None
    else:
        return  # `first` may itself be the options object
    found = _options(config) if config is not None else {}
    if found is None or {"agent", "signal", "createConnection"} & found.keys():
        return
    handling = timeout_handling(call.node, analyzer)
    if handling == UNKNOWN_HANDLING:
        return
    timeout = found.get("timeout")
    if handling == DESTROYS:
        # Bounded by `timeout`, or without it by the default agent's 5 s socket timeout (Node 19+).
        if timeout is not None:
            # Lowering `timeout` would also cut responses idle that long: add a connect-only
            # timer instead.
            yield from report(
                call,
                _millis(timeout, "timeout", zero_disables=False),
                "node-http",
                "keep `timeout` (it is also the idle timeout once connected) and "
                "add " + analyzer.tables.libraries["node-http"].fix,
            )
        return
    if timeout is not None and isinstance(timeout, Num) and timeout.value == 0:
        yield from report(call, disabled("timeout: 0"), "node-http")
        return
    if timeout is not None and not isinstance(timeout, Num):
        return
    fix = (
        "the `timeout` option only emits 'timeout' and the connect goes on; add "
        + analyzer.tables.libraries["node-http"].fix
        if timeout is not None
        else ""
    )
    yield from report(call, MISSING_CONNECT, "node-http", fix)


# How a Node request's 'timeout' event is handled (measured on Node 20 against a port that drops
# SYNs): the `timeout` option alone only emits the event, the connect goes on; a handler that
# destroys the request ends it; `req.setTimeout(ms, cb)` arms `ms` only once connected, but its
# `cb` also runs on the default agent's 5 s socket timeout, which applies while connecting.
DESTROYS, NO_HANDLER, UNKNOWN_HANDLING = "destroys", "none", "unknown"
_LISTEN = frozenset({"on", "once", "addListener", "prependListener", "prependOnceListener"})
_HARMLESS = frozenset(
    {
        "end",
        "write",
        "setHeader",
        "removeHeader",
        "getHeader",
        "flushHeaders",
        "setNoDelay",
        "setSocketKeepAlive",
        "destroy",
        "abort",
    }
)
_DESTROY = re.compile(r"\.(?:destroy|abort)\s*\(")


def _handler(node: Node | None) -> str:
    if node is None:
        return NO_HANDLER  # `req.setTimeout(ms)` without a callback only emits 'timeout'
    if node.type in {"arrow_function", "function_expression", "function"}:
        return DESTROYS if _DESTROY.search(text(node)) else UNKNOWN_HANDLING
    return UNKNOWN_HANDLING  # a named function may destroy it


def _chain(node: Node, found: list[str]) -> Node | None:
    """Follow `.on(...)`, `.setTimeout(...)`, `.end()` calls made on the request `node`, noting
    each 'timeout' handler; the outermost expression, or None when the request escapes into an
    unknown method."""
    while True:
        parent = node.parent
        while parent is not None and parent.type == "parenthesized_expression":
            node, parent = parent, parent.parent
        if (
            parent is None
            or parent.type != "member_expression"
            or parent.child_by_field_name("object") != node
        ):
            return node
        outer = parent.parent
        prop = parent.child_by_field_name("property")
        if (
            outer is None
            or outer.type != "call_expression"
            or prop is None
            or outer.child_by_field_name("function") != parent
        ):
            return None  # `req.socket...` and the like: not followed
        method = text(prop)
        arguments = outer.child_by_field_name("arguments")
        args = [a for a in arguments.named_children if a.type != "comment"] if arguments else []
        if method in _LISTEN:
            event = string_value(args[0]) if args else None
            if event == "timeout":
                found.append(_handler(args[1] if len(args) > 1 else None))
            elif event in {"socket", None}:
                found.append(UNKNOWN_HANDLING)  # the socket's own timeout may be set there
        elif method == "setTimeout":
            found.append(_handler(args[1] if len(args) > 1 else None))
        elif method not in _HARMLESS:
            return None  # `.pipe(...)` and the like hand it on
        node = outer


def timeout_handling(call: Node, analyzer: Analyzer) -> str:
    """DESTROYS when a 'timeout' handler destroys the request, NO_HANDLER when provably none is
    set, UNKNOWN_HANDLING when the request is handed to code we do not follow."""
    found: list[str] = []
    top = _chain(call, found)
    if top is None:
        return UNKNOWN_HANDLING
    parent = top.parent
    name: str | None = None
    if (
        parent is not None
        and parent.type == "variable_declarator"
        and parent.child_by_field_name("value") == top
    ):
        target = parent.child_by_field_name("name")
        name = text(target) if target is not None and target.type == "identifier" else None
        if name is None:
            return UNKNOWN_HANDLING
    elif (
        parent is not None
        and parent.type == "assignment_expression"
        and parent.child_by_field_name("right") == top
    ):
        target = parent.child_by_field_name("left")
        name = text(target) if target is not None and target.type == "identifier" else None
        if name is None:
            return UNKNOWN_HANDLING
    elif parent is None or parent.type != "expression_statement":
        return UNKNOWN_HANDLING  # returned, passed on, awaited: the caller may handle it
    if name is not None:
        for use in analyzer.identifiers(name):
            if use == (parent.child_by_field_name("name") or parent.child_by_field_name("left")):
                continue
            end = _chain(use, found)
            if end is None or end == use:  # handed on (an argument, returned): not followed
                return UNKNOWN_HANDLING
    if DESTROYS in found:
        return DESTROYS
    return UNKNOWN_HANDLING if UNKNOWN_HANDLING in found else NO_HANDLER


def got_check(instance: Instance | None) -> Check:
    def check(call: Call, analyzer: Analyzer) -> Iterator[CallHit]:
        if call.spread:
            return
        first = call.arg(0)
        config = first if isinstance(first, Options) else call.arg(1)
        connect = got_connect(config)
        if connect.kind == "missing" and instance is not None and instance.connect.kind != "missing":
            return
        found = _options(config) if config is not None else None
        timeout = found.get("timeout") if found is not None else None
        if isinstance(timeout, Options):
            fix = knob_fix(connect, "connect", "its `timeout`")
        elif isinstance(timeout, Num):  # got 11's number form is the request timeout: keep it
            fix = f"set `timeout: {{ connect: {{ms}}, request: {timeout.value:g} }}`"
        else:
            fix = ""
        yield from report(call, connect, "got", fix)

    return check


def got_instance(instance: Instance, method: str | None) -> Check | None:
    return got_check(instance) if method is None or method in GOT_METHODS else None


def pg_check(call: Call, analyzer: Analyzer) -> Iterator[CallHit]:
    config = call.arg(0)
    if config is None or isinstance(config, Str):
        connect = MISSING_CONNECT  # a connection string cannot set connectionTimeoutMillis
    else:
        found = _options(config)
        if found is None:
            return
        connect = (
            _millis(found["connectionTimeoutMillis"], "connectionTimeoutMillis", zero_disables=True)
            if "connectionTimeoutMillis" in found
            else MISSING_CONNECT
        )
    yield from report(call, connect, "pg")


def _uri_millis(uri: str, key: str, zero_disables: bool) -> Connect | None:
    found = options(uri)
    if found is None:
        return UNKNOWN_CONNECT
    if key.lower() not in found:
        return None
    parsed = number(found[key.lower()])
    return UNKNOWN_CONNECT if parsed is None else _millis(Num(parsed), key, zero_disables=zero_disables)


def mysql2_check(call: Call, analyzer: Analyzer) -> Iterator[CallHit]:
    config = call.arg(0)
    if config is None:
        connect = MISSING_CONNECT
    elif isinstance(config, Str):
        connect = _uri_millis(config.value, "connectTimeout", False) or MISSING_CONNECT
    else:
        found = _options(config)
        if found is None:
            return
        uri = found.get("uri")
        if "connectTimeout" in found:
            connect = _millis(found["connectTimeout"], "connectTimeout", zero_disables=False)
        elif uri is not None:
            if not isinstance(uri, Str):
                return
            connect = _uri_millis(uri.value, "connectTimeout", False) or MISSING_CONNECT
        else:
            connect = MISSING_CONNECT
    yield from report(call, connect, "mysql2")


def ioredis_check(call: Call, analyzer: Analyzer) -> Iterator[CallHit]:
    if call.spread:
        return
    connect = MISSING_CONNECT
    for argument in call.args:
        if isinstance(argument, Num):
            continue
        if isinstance(argument, Str):
            if "://" in argument.value:
                connect = _uri_millis(argument.value, "connectTimeout", False) or connect
            continue
        found = _options(argument)
        if found is None:
            return  # a variable may hold a URL or options with connectTimeout
        if "connectTimeout" in found:
            connect = _millis(found["connectTimeout"], "connectTimeout", zero_disables=False)
    yield from report(call, connect, "ioredis")


def mongodb_check(call: Call, analyzer: Analyzer) -> Iterator[CallHit]:
    uri, config = call.arg(0), call.arg(1)
    if not isinstance(uri, Str):
        return  # the URI may set connectTimeoutMS
    connect = _uri_millis(uri.value, "connectTimeoutMS", True) or MISSING_CONNECT
    overall = _uri_millis(uri.value, "timeoutMS", False)
    if overall is not None:
        connect = tighter(connect, overall)
    if config is not None:
        found = _options(config)
        if found is None:
            return
        if "connectTimeoutMS" in found:
            connect = _millis(found["connectTimeoutMS"], "connectTimeoutMS", zero_disables=True)
        connect = _with_overall(connect, found.get("timeoutMS"), "timeoutMS")
    yield from report(call, connect, "mongodb")


_UNREADABLE = object()


def _client_option(call: Call, key: str) -> Any:
    """Option `key` of an SDK client's config: None when unset (or no config), _UNREADABLE when
    the config is not a literal we can read (then nothing is reported)."""
    config = call.arg(0)
    if config is None:
        return None
    found = _options(config)
    return _UNREADABLE if found is None else found.get(key)


def aws_v3_check(call: Call, analyzer: Analyzer) -> Iterator[CallHit]:
    handler = _client_option(call, "requestHandler")
    if handler is _UNREADABLE:
        return
    if handler is None:
        connect = MISSING_CONNECT
    elif isinstance(handler, TimeoutObject) and handler.cls == "NodeHttpHandler":
        connect = handler.connect
    elif isinstance(handler, Options):
        connect = handler_connect(handler)
    else:
        return
    yield from report(
        call,
        connect,
        "aws-sdk-v3",
        "" if handler is None else knob_fix(connect, "connectionTimeout", "its requestHandler options"),
    )


def aws_v2_check(call: Call, analyzer: Analyzer) -> Iterator[CallHit]:
    http_options = _client_option(call, "httpOptions")
    if http_options is _UNREADABLE:
        return
    if http_options is None:
        connect = MISSING_CONNECT
    else:
        parts = _options(http_options)
        if parts is None:
            return
        connect = (
            _millis(parts["connectTimeout"], "connectTimeout", zero_disables=False)
            if "connectTimeout" in parts
            else MISSING_CONNECT
        )
    yield from report(
        call,
        connect,
        "aws-sdk-v2",
        "" if http_options is None else knob_fix(connect, "connectTimeout", "its httpOptions"),
    )


def aws_v2_service(services: frozenset[str]) -> Callable[[str], bool]:
    """Whether a `new` builds an AWS SDK v2 service client: `aws-sdk/clients/s3`, or one of
    `services` (an allow-list: the namespace also holds Config, Credentials...) on `aws-sdk`."""

    def test(name: str) -> bool:
        if name.startswith("aws-sdk/clients/") and "." not in name:
            return True
        parts = name.split(".")
        return parts[0] == "aws-sdk" and (
            (len(parts) == 2 and parts[1] in services) or parts[1:] == ["DynamoDB", "DocumentClient"]
        )

    return test
