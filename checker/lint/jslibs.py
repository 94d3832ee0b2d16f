"""JavaScript client libraries as data: constructors and calls that connect, and their options.

Option objects are read only when they are literal (no spread, no computed key); any other
shape, an unknown argument, or a client whose defaults or interceptors are changed in the file
is left alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from typing import Any

from checker.lint.dsn import number, options
from checker.lint.javascript import FUNCTION, INTEROP_HELPERS, Analyzer, Call
from checker.lint.jsscope import text, unwrap
from checker.lint.model import Hit
from checker.lint.values import (
    UNKNOWN,
    Instance,
    Mapping,
    Num,
    Ref,
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

REQUEST = Ref("<request>")
URL = Ref("<url>")
ALIASES: tuple[tuple[str, str], ...] = (
    ("axios.default", "axios"),
    ("undici.fetch", "fetch"),
    ("got.default", "got"),
    ("mysql2/promise", "mysql2"),
    ("ioredis.default", "ioredis"),
    ("ioredis.Redis", "ioredis"),
    ("https.", "http."),
    ("@smithy/node-http-handler.NodeHttpHandler", "NodeHttpHandler"),
    ("@aws-sdk/node-http-handler.NodeHttpHandler", "NodeHttpHandler"),
    ("mongodb.default.MongoClient", "mongodb.MongoClient"),
)
AXIOS_CONFIG_INDEX = {"get": 1, "delete": 1, "head": 1, "options": 1, "post": 2, "put": 2,
                      "patch": 2, "postForm": 2, "putForm": 2, "patchForm": 2, "request": 0}
GOT_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "stream"})
AWS_V3_CLIENT = re.compile(r"^@aws-sdk/client-[a-z0-9-]+\.[A-Za-z0-9]+Client$")
# AWS SDK v2 service classes (an allow-list: the namespace also holds Config, Credentials...).
AWS_V2_SERVICES = frozenset({
    "S3", "DynamoDB", "SQS", "SNS", "Lambda", "SES", "SESV2", "KMS", "SecretsManager", "SSM",
    "Kinesis", "Firehose", "CloudWatch", "CloudWatchLogs", "CloudWatchEvents", "EventBridge",
    "StepFunctions", "STS", "CognitoIdentityServiceProvider", "CognitoIdentity", "Athena",
    "Glue", "ECS", "EC2", "RDS", "RDSDataService", "ElastiCache", "APIGateway",
    "ApiGatewayManagementApi", "IAM", "Route53", "CloudFront", "Rekognition", "Textract",
    "Comprehend", "Translate", "Polly", "SageMaker", "SageMakerRuntime", "AppSync", "Iot",
    "IotData", "Batch", "ECR", "EKS", "CloudFormation", "Organizations", "Pinpoint",
})


def canonical(name: str) -> str:
    for prefix, replacement in ALIASES:
        if name == prefix or name.startswith(prefix + ".") or (
                prefix.endswith(".") and name.startswith(prefix)):
            return replacement + name[len(prefix):]
    return name


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
    return dict(value.items) if isinstance(value, Mapping) else None


def _label(call: Call) -> str:
    target = call.node.child_by_field_name("constructor" if call.is_new else "function")
    name = text(unwrap(target)) if target is not None else "call"
    name = name if len(name) <= 60 else "..." + name[-57:]
    return f"new {name}()" if call.is_new else f"{name}()"


def report(call: Call, connect: Connect, library: str) -> Iterator[Hit]:
    verdict = judge(connect, library, _label(call), call.analyzer.maximum)
    if verdict is not None:
        rule, message = verdict
        start, end = call.node.start_point, call.node.end_point
        yield Hit(int(start[0]) + 1, int(start[1]) + 1, int(end[0]) + 1, rule, library, message)


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
        return signal_connect(found["signal"])
    if {"adapter", "httpAgent", "httpsAgent"} & found.keys():
        return UNKNOWN_CONNECT
    if "timeout" in found:
        timeout = found["timeout"]
        if isinstance(timeout, Num) and (timeout.value == 0 or math.isinf(timeout.value)):
            return disabled(f"timeout: {'0' if timeout.value == 0 else 'Infinity'}")
        if not isinstance(timeout, Num):
            return UNKNOWN_CONNECT
    return MISSING_CONNECT  # axios arms `timeout` only once the socket is connected


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
        return MISSING_CONNECT
    return _millis(found["connectionTimeout"], "connectionTimeout", zero_disables=True)


def _with_overall(connect: Connect, overall: Value | None, param: str) -> Connect:
    if overall is None:
        return connect
    return tighter(connect, _millis(overall, param, zero_disables=False))


# --- values built by calls ------------------------------------------------------------------


def build(call: Call, analyzer: Analyzer) -> Value:
    callee = call.callee
    if not isinstance(callee, Ref):
        return UNKNOWN
    name = canonical(callee.name)
    if name == "require" and not call.is_new:
        first = call.arg(0)
        if isinstance(first, Str):
            return Ref(first.value[5:] if first.value.startswith("node:") else first.value)
        return UNKNOWN
    if name in INTEROP_HELPERS and not call.is_new:  # compiled `import x from "m"`
        first = call.arg(0)
        return first if isinstance(first, Ref) else UNKNOWN
    if name == "AbortSignal.timeout":
        return TimeoutObject("AbortSignal", _millis(call.arg(0), "AbortSignal.timeout",
                                                    zero_disables=False))
    if name == "axios.create":
        return Instance("axios", axios_connect(call.arg(0)))
    if name == "got.extend":
        configs = call.args
        if call.spread or len(configs) != 1:
            return Instance("got", UNKNOWN_CONNECT)
        return Instance("got", got_connect(configs[0]))
    if name == "NodeHttpHandler" and call.is_new:
        return TimeoutObject("NodeHttpHandler", handler_connect(call.arg(0)))
    if name == "Request" and call.is_new:
        return REQUEST
    if name == "URL" and call.is_new:
        return URL
    return UNKNOWN


# --- checks ---------------------------------------------------------------------------------

Check = Callable[[Call, Analyzer], Iterator[Hit]]


def axios_check(index: int | None, instance: Instance | None) -> Check:
    def check(call: Call, analyzer: Analyzer) -> Iterator[Hit]:
        if index is None:  # axios(config) or axios(url, config)
            first = call.arg(0)
            config = first if isinstance(first, Mapping) else call.arg(1)
            if first is not None and not isinstance(first, (Mapping, Str)):
                return
        else:
            config = call.arg(index)
        connect = axios_connect(config)
        if connect.kind == "missing" and instance is not None and \
                instance.connect.kind != "missing":
            return  # the instance's own setting decides, and was judged at axios.create()
        yield from report(call, connect, "axios")
    return check


def axios_create_check(call: Call, analyzer: Analyzer) -> Iterator[Hit]:
    connect = axios_connect(call.arg(0))
    if connect.kind != "missing":  # a bare instance is reported where it is used
        yield from report(call, connect, "axios")


def fetch_check(call: Call, analyzer: Analyzer) -> Iterator[Hit]:
    first, init = call.arg(0), call.arg(1)
    if first is None or first == REQUEST or analyzer.browser:
        return
    if init is None:
        connect = MISSING_CONNECT
    else:
        found = _options(init)
        if found is None or "dispatcher" in found:
            return
        connect = signal_connect(found["signal"]) if "signal" in found else MISSING_CONNECT
    yield from report(call, connect, "fetch")


def node_http_check(call: Call, analyzer: Analyzer) -> Iterator[Hit]:
    if call.spread:
        return
    first, second = call.arg(0), call.arg(1)
    if isinstance(first, Mapping):
        config: Value | None = first
    elif isinstance(second, Mapping):
        config = second
    elif isinstance(first, Str) or first == URL:
        config = None
    else:
        return  # `first` may itself be the options object
    found = _options(config) if config is not None else {}
    if found is None or {"agent", "signal", "createConnection"} & found.keys():
        return
    connect = (_millis(found["timeout"], "timeout", zero_disables=True) if "timeout" in found
               else MISSING_CONNECT)
    yield from report(call, connect, "node-http")


def got_check(instance: Instance | None) -> Check:
    def check(call: Call, analyzer: Analyzer) -> Iterator[Hit]:
        if call.spread:
            return
        first = call.arg(0)
        config = first if isinstance(first, Mapping) else call.arg(1)
        connect = got_connect(config)
        if connect.kind == "missing" and instance is not None and \
                instance.connect.kind != "missing":
            return
        yield from report(call, connect, "got")
    return check


def pg_check(call: Call, analyzer: Analyzer) -> Iterator[Hit]:
    config = call.arg(0)
    if config is None or isinstance(config, Str):
        connect = MISSING_CONNECT  # a connection string cannot set connectionTimeoutMillis
    else:
        found = _options(config)
        if found is None:
            return
        connect = (_millis(found["connectionTimeoutMillis"], "connectionTimeoutMillis",
                           zero_disables=True)
                   if "connectionTimeoutMillis" in found else MISSING_CONNECT)
    yield from report(call, connect, "pg")


def _uri_millis(uri: str, key: str, zero_disables: bool) -> Connect | None:
    found = options(uri)
    if found is None:
        return UNKNOWN_CONNECT
    if key.lower() not in found:
        return None
    parsed = number(found[key.lower()])
    return UNKNOWN_CONNECT if parsed is None else _millis(Num(parsed), key,
                                                          zero_disables=zero_disables)


def mysql2_check(call: Call, analyzer: Analyzer) -> Iterator[Hit]:
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


def ioredis_check(call: Call, analyzer: Analyzer) -> Iterator[Hit]:
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


def mongodb_check(call: Call, analyzer: Analyzer) -> Iterator[Hit]:
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


def aws_v3_check(call: Call, analyzer: Analyzer) -> Iterator[Hit]:
    handler = _client_option(call, "requestHandler")
    if handler is _UNREADABLE:
        return
    if handler is None:
        connect = MISSING_CONNECT
    elif isinstance(handler, TimeoutObject) and handler.cls == "NodeHttpHandler":
        connect = handler.connect
    elif isinstance(handler, Mapping):
        connect = handler_connect(handler)
    else:
        return
    yield from report(call, connect, "aws-sdk-v3")


def aws_v2_check(call: Call, analyzer: Analyzer) -> Iterator[Hit]:
    http_options = _client_option(call, "httpOptions")
    if http_options is _UNREADABLE:
        return
    if http_options is None:
        connect = MISSING_CONNECT
    else:
        parts = _options(http_options)
        if parts is None:
            return
        connect = (_millis(parts["connectTimeout"], "connectTimeout", zero_disables=False)
                   if "connectTimeout" in parts else MISSING_CONNECT)
    yield from report(call, connect, "aws-sdk-v2")


def _is_aws_v2_service(name: str) -> bool:
    if name.startswith("aws-sdk/clients/") and "." not in name:
        return True
    parts = name.split(".")
    return parts[0] == "aws-sdk" and (
        (len(parts) == 2 and parts[1] in AWS_V2_SERVICES)
        or parts[1:] == ["DynamoDB", "DocumentClient"])


def checker_for(call: Call, analyzer: Analyzer) -> Check | None:
    target = call.node.child_by_field_name("constructor" if call.is_new else "function")
    if target is None or analyzer.configured(target):
        return None
    target = unwrap(target)
    callee = call.callee
    if isinstance(callee, Instance) and not call.is_new:
        if callee.cls == "axios":
            return axios_check(None, callee)
        if callee.cls == "got":
            return got_check(callee)
        return None
    if target.type == "member_expression" and not call.is_new:
        base = target.child_by_field_name("object")
        prop = target.child_by_field_name("property")
        owner = analyzer.evaluate(base) if base is not None else UNKNOWN
        if isinstance(owner, Instance) and prop is not None:
            method = text(prop)
            if owner.cls == "axios" and method in AXIOS_CONFIG_INDEX:
                return axios_check(AXIOS_CONFIG_INDEX[method], owner)
            if owner.cls == "got" and method in GOT_METHODS:
                return got_check(owner)
            return None
    if not isinstance(callee, Ref) or callee is FUNCTION:
        return None
    name = canonical(callee.name)
    if call.is_new:
        if name in {"pg.Pool", "pg.Client"}:
            return pg_check
        if name == "ioredis":
            return ioredis_check
        if name == "mongodb.MongoClient":
            return mongodb_check
        if AWS_V3_CLIENT.match(name):
            return aws_v3_check
        if _is_aws_v2_service(name):
            return aws_v2_check
        return None
    return _FUNCTIONS.get(name)


_FUNCTIONS: dict[str, Check] = {
    "axios": axios_check(None, None),
    **{f"axios.{method}": axios_check(index, None) for method, index in AXIOS_CONFIG_INDEX.items()},
    "axios.create": axios_create_check,
    "fetch": fetch_check,
    "http.request": node_http_check,
    "http.get": node_http_check,
    "got": got_check(None),
    **{f"got.{method}": got_check(None) for method in GOT_METHODS},
    "mysql2.createConnection": mysql2_check,
    "mysql2.createPool": mysql2_check,
    "mongodb.MongoClient.connect": mongodb_check,
}
