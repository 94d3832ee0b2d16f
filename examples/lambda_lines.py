"""Builders for the exact text AWS Lambda and CloudWatch Logs write, shared by examples/ and bench/.

Every string here follows a real source: the Lambda runtime interface clients (Node.js LogPatch.js
and Errors.js, Python bootstrap.py), Node's own error formatting, botocore, pgjdbc, Go's net
package and the AWS CLI's output. One builder per line shape, so the examples and the benchmark
cannot drift apart.
"""

from __future__ import annotations

import base64
import gzip
import json
import math
import random
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Protocol

NBSP = "\u00a0"  # the Python runtime indents traceback lines of unhandled errors with U+00A0


@dataclass(frozen=True)
class Event:
    """One CloudWatch Logs event as the service stores it."""

    stream: str
    timestamp: int  # ms since the epoch, UTC
    message: str
    ingestion_time: int
    event_id: str


# --------------------------------------------------------------------------- time and ids


def _utc(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc)


def iso_z(ms: int) -> str:
    """`2026-11-20T10:00:01.234Z`, as Node's `toISOString()` and the runtimes print it."""
    return _utc(ms).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def insights_ts(ms: int) -> str:
    """Logs Insights `@timestamp`: UTC without `T` or `Z`."""
    return _utc(ms).strftime("%Y-%m-%d %H:%M:%S.") + f"{ms % 1000:03d}"


def tail_ts(ms: int) -> str:
    """`aws logs tail` detailed format: `isoformat(timespec='microseconds')` with `+00:00`."""
    return _utc(ms).isoformat(timespec="microseconds")


def go_log_ts(ms: int) -> str:
    """Go's `log` default prefix (`LstdFlags`): local time, which is UTC on Lambda."""
    return _utc(ms).strftime("%Y/%m/%d %H:%M:%S")


def request_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def hex_id(rng: random.Random, n: int = 32) -> str:
    return f"{rng.getrandbits(4 * n):0{n}x}"


def log_stream_name(
    rng: random.Random, day_ms: int, function: str | None = None, version: str = "$LATEST"
) -> str:
    """`2026/11/20/[$LATEST]<32 hex>`; in a custom log group shared by several functions Lambda
    puts the function name first: `2026/11/20/orders-api[$LATEST]<32 hex>`."""
    return f"{_utc(day_ms).strftime('%Y/%m/%d')}/{function or ''}[{version}]{hex_id(rng)}"


def runtime_version_arn(rng: random.Random, region: str = "us-east-1") -> str:
    return f"arn:aws:lambda:{region}::runtime:{hex_id(rng, 64)}"


class EventIds:
    """56-digit decimal event ids, unique within a file, like the ones CloudWatch returns.
    `n * K mod 10**56` with K coprime to 10 is a bijection: unique without a set."""

    _MOD = 10**56

    def __init__(self, rng: random.Random) -> None:
        self._k = rng.randrange(10**55, self._MOD) | 1
        while self._k % 5 == 0:
            self._k += 2
        self._c = rng.randrange(self._MOD)
        self._n = 0

    def next(self) -> str:
        self._n += 1
        return f"{(self._n * self._k + self._c) % self._MOD:056d}"


# --------------------------------------------------------------------------- platform lines


def init_start(runtime_version: str, arn: str) -> str:
    return f"INIT_START Runtime Version: {runtime_version}\tRuntime Version ARN: {arn}\n"


def start(rid: str, version: str = "$LATEST") -> str:
    return f"START RequestId: {rid} Version: {version}\n"


def end(rid: str) -> str:
    return f"END RequestId: {rid}\n"


def billed_ms(duration_ms: float, init_ms: float | None = None) -> int:
    """Billed Duration: 1 ms granularity; since August 2025 the INIT phase of on-demand
    invocations of managed runtimes is billed too, so a cold start bills both."""
    return math.ceil(duration_ms + (init_ms or 0.0))


def report(
    rid: str,
    duration_ms: float,
    memory_mb: int,
    max_used_mb: int,
    init_ms: float | None = None,
    status: str | None = None,
) -> str:
    """The REPORT line, tab-separated with a trailing tab, `Status: timeout` on timeouts."""
    parts = [
        f"REPORT RequestId: {rid}",
        f"Duration: {duration_ms:.2f} ms",
        f"Billed Duration: {billed_ms(duration_ms, init_ms)} ms",
        f"Memory Size: {memory_mb} MB",
        f"Max Memory Used: {max_used_mb} MB",
    ]
    if init_ms is not None:
        parts.append(f"Init Duration: {init_ms:.2f} ms")
    if status is not None:
        parts.append(f"Status: {status}")
    return "\t".join(parts) + "\t\n"


def task_timed_out(ms: int, rid: str, seconds: float) -> str:
    return f"{iso_z(ms)} {rid} Task timed out after {seconds:.2f} seconds\n"


# --------------------------------------------------------------------------- JSON log format


def _compact(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def json_platform_init_start(ms: int, runtime_version: str, arn: str, function: str) -> str:
    return _compact(
        {
            "time": iso_z(ms),
            "type": "platform.initStart",
            "record": {
                "initializationType": "on-demand",
                "phase": "init",
                "runtimeVersion": runtime_version,
                "runtimeVersionArn": arn,
                "functionName": function,
                "functionVersion": "$LATEST",
            },
        }
    )


def json_platform_start(ms: int, rid: str) -> str:
    return _compact(
        {"time": iso_z(ms), "type": "platform.start", "record": {"requestId": rid, "version": "$LATEST"}}
    )


def json_platform_report(
    ms: int,
    rid: str,
    duration_ms: float,
    memory_mb: int,
    max_used_mb: int,
    init_ms: float | None = None,
    status: str = "success",
) -> str:
    metrics: dict[str, Any] = {
        "durationMs": round(duration_ms, 3),
        "billedDurationMs": billed_ms(duration_ms, init_ms),
        "memorySizeMB": memory_mb,
        "maxMemoryUsedMB": max_used_mb,
    }
    if init_ms is not None:
        metrics["initDurationMs"] = round(init_ms, 3)
    return _compact(
        {
            "time": iso_z(ms),
            "type": "platform.report",
            "record": {"requestId": rid, "metrics": metrics, "status": status},
        }
    )


def json_node_app(ms: int, rid: str, level: str, message: str) -> str:
    """Node.js runtime JSON format (`formatJsonMessage` in LogPatch.js), one string argument."""
    return _compact({"timestamp": iso_z(ms), "level": level, "requestId": rid, "message": message})


# --------------------------------------------------------------------------- Node.js


def node_line(ms: int, rid: str, level: str, text: str) -> str:
    """`console.*` in text format through the telemetry fd: newlines kept, one trailing `\\n`."""
    return f"{iso_z(ms)}\t{rid}\t{level}\t{text}\n"


def _js_value(v: object) -> str:
    return f"'{v}'" if isinstance(v, str) else str(v)


def node_inspect(
    header: str, frames: Sequence[str], props: Sequence[tuple[str, object]], indent: str = ""
) -> str:
    """`util.inspect` of an Error with own properties, as `console.error(err)` prints it."""
    lines = [header] + [f"{indent}    at {f}" for f in frames]
    if not props:
        return "\n".join(lines)
    lines[-1] += " {"
    lines += [f"{indent}  {k}: {_js_value(v)}," for k, v in props]
    lines[-1] = lines[-1][:-1]
    lines.append(indent + "}")
    return "\n".join(lines)


@dataclass(frozen=True)
class NodeSystemError:
    """A libuv error as Node builds it (`ExceptionWithHostPort` / `DNSException`)."""

    message: str
    frames: tuple[str, ...]
    props: tuple[tuple[str, object], ...]

    def inspect(self) -> str:
        return node_inspect(f"Error: {self.message}", self.frames, self.props)

    def invoke_error(self) -> str:
        """`Invoke Error \\t{json}` the runtime logs when the handler rejects with this error
        (Errors.js `toFormatted`: errorType, errorMessage, code, own properties, stack)."""
        body: dict[str, object] = {"errorType": "Error", "errorMessage": self.message}
        body["code"] = dict(self.props).get("code")
        body.update(self.props)
        body["stack"] = [f"Error: {self.message}"] + [f"    at {f}" for f in self.frames]
        return "Invoke Error \t" + _compact(body)


NODE_NET_FRAME = "TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)"
NODE_DNS_FRAME = "GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:120:26)"
LINUX_ERRNO = {"ECONNREFUSED": -111, "ETIMEDOUT": -110, "ENETUNREACH": -101, "EHOSTUNREACH": -113}


def node_connect_error(code: str, address: str, port: int, local: str | None = None) -> NodeSystemError:
    """`connect ETIMEDOUT 10.0.3.47:5432`; `local` adds Node's ` - Local (ip:port)`, which Node
    prints only when the code set both `localAddress` and `localPort` (facts/network.md §0)."""
    message = f"connect {code} {address}:{port}" + (f" - Local ({local})" if local else "")
    props: tuple[tuple[str, object], ...] = (
        ("errno", LINUX_ERRNO[code]),
        ("code", code),
        ("syscall", "connect"),
        ("address", address),
        ("port", port),
    )
    return NodeSystemError(message, (NODE_NET_FRAME,), props)


def node_dns_error(host: str, code: str = "ENOTFOUND") -> NodeSystemError:
    errno = {"ENOTFOUND": -3008, "EAI_AGAIN": -3001}[code]
    return NodeSystemError(
        f"getaddrinfo {code} {host}",
        (NODE_DNS_FRAME,),
        (("errno", errno), ("code", code), ("syscall", "getaddrinfo"), ("hostname", host)),
    )


def node_fetch_connect_timeout(host: str, port: int, timeout_ms: int, caller: str) -> str:
    """`console.error(err)` of undici's `TypeError: fetch failed` caused by a connect timeout."""
    cause = node_inspect(
        f"ConnectTimeoutError: Connect Timeout Error (attempted address: {host}:{port}, "
        f"timeout: {timeout_ms}ms)",
        (
            "onConnectTimeout (node:internal/deps/undici/undici:2602:28)",
            "Immediate._onImmediate (node:internal/deps/undici/undici:2568:35)",
            "process.processImmediate (node:internal/timers:491:21)",
        ),
        (("code", "UND_ERR_CONNECT_TIMEOUT"),),
        indent="  ",
    )
    head = node_inspect(
        "TypeError: fetch failed",
        (
            "node:internal/deps/undici/undici:13502:13",
            "process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
            caller,
        ),
        (),
    )
    return head + " {\n  [cause]: " + cause.lstrip() + "\n}"


# --------------------------------------------------------------------------- Python


def python_log(ms: int, rid: str, level: str, text: str) -> str:
    """Lambda's logging formatter:
    `[%(levelname)s]\\t%(asctime)s.%(msecs)03dZ\\t%(aws_request_id)s\\t%(message)s\\n`."""
    return f"[{level}]\t{iso_z(ms)}\t{rid}\t{text}\n"


def python_unhandled(error_type: str, message: str, frames: Sequence[tuple[str, int, str, str]]) -> str:
    """The runtime's own log of an unhandled exception (bootstrap.py `log_error`, telemetry sink):
    lines joined by `\\n`, leading spaces turned into U+00A0, no trailing newline."""
    lines = [f"[ERROR] {error_type}: {message}", "Traceback (most recent call last):"]
    for path, line, func, code in frames:
        lines.append(f'{NBSP * 2}File "{path}", line {line}, in {func}')
        lines.append(f"{NBSP * 4}{code}")
    return "\n".join(lines)


def python_traceback(chain: Sequence[tuple[Sequence[tuple[str, int, str, str]], str]]) -> str:
    """A chained traceback as `logging.exception` appends it (`During handling of ...`)."""
    blocks = []
    for frames, final in chain:
        lines = ["Traceback (most recent call last):"]
        for path, line, func, code in frames:
            lines.append(f'  File "{path}", line {line}, in {func}')
            lines.append(f"    {code}")
        lines.append(final)
        blocks.append("\n".join(lines))
    sep = "\n\nDuring handling of the above exception, another exception occurred:\n\n"
    return sep.join(blocks)


SITE = "/var/lang/lib/python3.12/site-packages"


def botocore_connect_timeout_chain(
    host: str, connect_timeout: int, handler_frame: tuple[str, int, str, str]
) -> str:
    """The three-link chain a boto3 call prints when every attempt's TCP connect times out."""
    url = f"https://{host}/"
    sock = [
        (f"{SITE}/urllib3/connection.py", 198, "_new_conn", "sock = connection.create_connection("),
        (f"{SITE}/urllib3/util/connection.py", 85, "create_connection", "raise err"),
        (f"{SITE}/urllib3/util/connection.py", 73, "create_connection", "sock.connect(sa)"),
    ]
    pool = [
        (f"{SITE}/botocore/httpsession.py", 464, "send", "urllib_response = conn.urlopen("),
        (f"{SITE}/urllib3/connectionpool.py", 843, "urlopen", "retries = retries.increment("),
        (f"{SITE}/urllib3/util/retry.py", 449, "increment", "raise reraise(type(error), error, _stacktrace)"),
        (f"{SITE}/urllib3/connection.py", 207, "_new_conn", "raise ConnectTimeoutError("),
    ]
    outer = [
        handler_frame,
        (
            f"{SITE}/botocore/client.py",
            569,
            "_api_call",
            "return self._make_api_call(operation_name, kwargs)",
        ),
        (f"{SITE}/botocore/client.py", 1005, "_make_api_call", "http, parsed_response = self._make_request("),
        (
            f"{SITE}/botocore/endpoint.py",
            119,
            "make_request",
            "return self._send_request(request_dict, operation_model)",
        ),
        (f"{SITE}/botocore/endpoint.py", 383, "_send", "return self.http_session.send(request)"),
        (
            f"{SITE}/botocore/httpsession.py",
            499,
            "send",
            "raise ConnectTimeoutError(endpoint_url=request.url, error=e)",
        ),
    ]
    return python_traceback(
        [
            (sock, "TimeoutError: timed out"),
            (
                pool,
                "urllib3.exceptions.ConnectTimeoutError: (<botocore.awsrequest.AWSHTTPSConnection "
                f"object at 0x7f3e1c2b5a90>, 'Connection to {host} timed out. "
                f"(connect timeout={connect_timeout})')",
            ),
            (outer, f'botocore.exceptions.ConnectTimeoutError: Connect timeout on endpoint URL: "{url}"'),
        ]
    )


def requests_refused(host: str, port: int, path: str) -> str:
    """requests + urllib3 2.x wording when the TCP connect is refused."""
    return (
        f"requests.exceptions.ConnectionError: HTTPConnectionPool(host='{host}', port={port}): "
        f"Max retries exceeded with url: {path} (Caused by NewConnectionError("
        "'<urllib3.connection.HTTPConnection object at 0x7f0c9a3e6f50>: Failed to establish "
        "a new connection: [Errno 111] Connection refused'))"
    )


def requests_name_resolution(host: str, path: str) -> str:
    """requests + urllib3 2.x wording when DNS resolution fails (`NameResolutionError`)."""
    return (
        f"requests.exceptions.ConnectionError: HTTPSConnectionPool(host='{host}', port=443): "
        f"Max retries exceeded with url: {path} (Caused by NameResolutionError("
        '"<urllib3.connection.HTTPSConnection object at 0x7f0c9a41b2d0>: Failed to resolve '
        f"'{host}' ([Errno -2] Name or service not known)\"))"
    )


def psycopg2_timed_out(host: str, address: str, port: int = 5432) -> str:
    """libpq 14+ wording when the TCP connect times out (no `connect_timeout` set)."""
    return (
        f'psycopg2.OperationalError: connection to server at "{host}" ({address}), '
        f"port {port} failed: Connection timed out\n"
        "\tIs the server running on that host and accepting TCP/IP connections?\n"
    )


# --------------------------------------------------------------------------- Java and Go


def pgjdbc_refused_trace(host: str, port: int, handler: str) -> list[str]:
    """`e.printStackTrace()` of pgjdbc's refused connection: the Java runtime writes each line
    as its own event, with no request id."""
    return [
        f"org.postgresql.util.PSQLException: Connection to {host}:{port} refused. Check that the "
        "hostname and port are correct and that the postmaster is accepting TCP/IP connections.",
        "\tat org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl("
        "ConnectionFactoryImpl.java:352)",
        "\tat org.postgresql.core.ConnectionFactory.openConnection(ConnectionFactory.java:54)",
        "\tat org.postgresql.jdbc.PgConnection.<init>(PgConnection.java:273)",
        "\tat org.postgresql.Driver.makeConnection(Driver.java:446)",
        "\tat org.postgresql.Driver.connect(Driver.java:298)",
        "\tat java.sql/java.sql.DriverManager.getConnection(DriverManager.java:683)",
        "\tat java.sql/java.sql.DriverManager.getConnection(DriverManager.java:230)",
        f"\tat {handler}",
        "Caused by: java.net.ConnectException: Connection refused",
        "\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)",
        "\tat java.base/sun.nio.ch.Net.pollConnectNow(Net.java:682)",
        "\tat java.base/sun.nio.ch.NioSocketImpl.timedFinishConnect(NioSocketImpl.java:542)",
        "\tat java.base/sun.nio.ch.NioSocketImpl.connect(NioSocketImpl.java:592)",
        "\tat java.base/java.net.SocksSocketImpl.connect(SocksSocketImpl.java:327)",
        "\tat java.base/java.net.Socket.connect(Socket.java:751)",
        "\tat org.postgresql.core.PGStream.createSocket(PGStream.java:243)",
        "\tat org.postgresql.core.PGStream.<init>(PGStream.java:98)",
        "\t... 8 more",
    ]


def go_log(ms: int, text: str) -> str:
    return f"{go_log_ts(ms)} {text}\n"


def go_dial_error(method: str, url: str, address: str, reason: str) -> str:
    """net/http's `*url.Error` around a `*net.OpError`: `Post "url": dial tcp addr: reason`."""
    return f'{method} "{url}": dial tcp {address}: {reason}'


# --------------------------------------------------------------------------- export writers


class TextSink(Protocol):
    def write(self, s: str, /) -> object: ...


def _j(s: object) -> str:
    return json.dumps(s, ensure_ascii=False)


@lru_cache(maxsize=4096)
def _j_stream(s: str) -> str:
    return _j(s)


def filter_log_events_event_json(e: Event) -> str:
    """One element of `events` exactly as the AWS CLI prints it (`json.dumps(indent=4)`)."""
    return (
        "        {\n"
        f'            "logStreamName": {_j_stream(e.stream)},\n'
        f'            "timestamp": {e.timestamp},\n'
        f'            "message": {_j(e.message)},\n'
        f'            "ingestionTime": {e.ingestion_time},\n'
        f'            "eventId": {_j(e.event_id)}\n'
        "        }"
    )


def write_filter_log_events(
    out: TextSink, events: Iterable[Event], searched: Callable[[], Iterable[str]] | None = None
) -> int:
    """Stream an `aws logs filter-log-events` document; returns the number of events written.

    `searched` gives the streams for `searchedLogStreams` once the events are written: AWS CLI
    v1 and moto print one `{"logStreamName", "searchedCompletely"}` object per stream there."""
    out.write('{\n    "events": [')
    n = 0
    for e in events:
        out.write(",\n" if n else "\n")
        out.write(filter_log_events_event_json(e))
        n += 1
    out.write("\n    ],\n" if n else "],\n")
    streams = list(searched()) if searched else []
    if not streams:
        out.write('    "searchedLogStreams": []\n}\n')
        return n
    out.write('    "searchedLogStreams": [\n')
    out.write(
        ",\n".join(
            f'        {{\n            "logStreamName": {_j_stream(s)},\n'
            '            "searchedCompletely": true\n        }'
            for s in streams
        )
    )
    out.write("\n    ]\n}\n")
    return n


def filter_log_events_text(events: Sequence[Event]) -> str:
    """Whole-document form for small files: identical bytes to the streaming writer."""
    doc = {
        "events": [
            {
                "logStreamName": e.stream,
                "timestamp": e.timestamp,
                "message": e.message,
                "ingestionTime": e.ingestion_time,
                "eventId": e.event_id,
            }
            for e in events
        ],
        "searchedLogStreams": [],
    }
    return json.dumps(doc, indent=4, ensure_ascii=False) + "\n"


def get_log_events_text(events: Sequence[Event], rng: random.Random) -> str:
    def token(kind: str) -> str:
        return f"{kind}/{rng.getrandbits(184):056d}"[:58] + "/s"

    doc = {
        "events": [
            {"timestamp": e.timestamp, "message": e.message, "ingestionTime": e.ingestion_time}
            for e in events
        ],
        "nextForwardToken": token("f"),
        "nextBackwardToken": token("b"),
    }
    return json.dumps(doc, indent=4, ensure_ascii=False) + "\n"


def insights_ptr(rng: random.Random) -> str:
    return base64.b64encode(rng.randbytes(96)).decode()


def insights_results_text(
    rows: Sequence[Sequence[tuple[str, str]]], scanned_bytes: int, scanned_records: int
) -> str:
    doc = {
        "results": [[{"field": f, "value": v} for f, v in row] for row in rows],
        "statistics": {
            "recordsMatched": float(len(rows)),
            "recordsScanned": float(scanned_records),
            "estimatedRecordsSkipped": 0.0,
            "bytesScanned": float(scanned_bytes),
            "estimatedBytesSkipped": 0.0,
            "logGroupsScanned": 1.0,
        },
        "status": "Complete",
    }
    return json.dumps(doc, indent=4, ensure_ascii=False) + "\n"


def s3_export_lines(events: Iterable[Event]) -> str:
    """Export-task object body: `<ISO>Z <message>` per event; continuation lines unprefixed."""
    return "".join(f"{iso_z(e.timestamp)} {e.message.removesuffix(chr(10))}\n" for e in events)


def tail_lines(events: Iterable[Event]) -> str:
    """`aws logs tail --format detailed`: each event `rstrip()`-ed then one newline."""
    return "".join(f"{tail_ts(e.timestamp)} {e.stream} {e.message}".rstrip() + "\n" for e in events)


def subscription_message(
    owner: str, group: str, stream: str, filter_name: str, events: Sequence[Event]
) -> dict[str, object]:
    return {
        "messageType": "DATA_MESSAGE",
        "owner": owner,
        "logGroup": group,
        "logStream": stream,
        "subscriptionFilters": [filter_name],
        "logEvents": [{"id": e.event_id, "timestamp": e.timestamp, "message": e.message} for e in events],
    }


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip (mtime 0, no file name) so regenerated files are byte-identical."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def subscription_envelope(message: dict[str, object]) -> str:
    """What a Lambda subscriber receives: `{"awslogs":{"data": base64(gzip(json))}}`."""
    data = base64.b64encode(gzip_bytes(_compact(message).encode())).decode()
    return json.dumps({"awslogs": {"data": data}}, indent=2) + "\n"
