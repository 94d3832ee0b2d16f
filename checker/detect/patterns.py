"""The wording table: one row per way a runtime or library prints a failed connect.

A row with a category says *what* failed; a row without one (a destination row) only says
*where*, and lends its host and port to a category row matched in the same event. Rows are
tried only when one of their `needles` (plain substrings) occurs in the event, and only after
the cheap prefilter in classify.py passed, so most events never reach a regular expression.

Order matters: when several rows describe one failure, the earliest row's code wins, so
library- and exception-specific rows come before the plain strerror wordings at the end.

Named groups: `dest` (host[:port] as printed), `url`, `host`/`host2`, `port`, `local` (Node's
source), `at` (where the evidence line is, when the regex starts on an earlier line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import get_args

from checker.detect.lazyre import LazyRegex
from checker.detect.model import Category, WordingRuntime

RUNTIMES: tuple[WordingRuntime, ...] = get_args(WordingRuntime)


# A line holding one of these quotes someone else's failure: a proxy's HTTP 503 body (Envoy, App
# Mesh, an API gateway) names its own connect error. The function's connection worked.
VETOES: tuple[str, ...] = ("upstream connect error or disconnect/reset before headers",)


# Words that place an event after the connect: a receive that timed out on an open socket.
# With one of them in the event, a bare strerror wording (the `strerror-` rows, which several
# runtimes print for connect and for read alike) is that read's, not a failed connect.
READ_PHASE: tuple[str, ...] = (
    "Redis::TimeoutError",  # redis-rb raises it from reads; its connect wordings have own rows
    "rescue in _read_from_socket",
    "Socket.EndReceive",
    "Socket.Receive",
    "Unable to read data from the transport connection",
    "Unable to transfer data on the transport connection",  # .NET Framework's send/receive
    "Unable to write data to the transport connection",
    "Net::ReadTimeout",
    "ReadTimeoutError",
    "Read timed out",
)


# Words that place an event on the listening side: a server resolving its own address. No
# outbound connect failed, so nothing in such an event counts.
LISTEN_PHASE: tuple[str, ...] = (
    "in `tcp_server_sockets'",  # Ruby's Socket.tcp_server_sockets (WEBrick, Puma binding)
    "in `create_listeners'",
    "InetAddress.getLocalHost",  # Java resolving the machine's own name, no outbound connect
    "GetAddrInfoReqWrap.doListen",  # Node's server.listen(port, host) resolving its own address
)
# Java's InetAddress.getLocalHost() names the local host twice: `UnknownHostException: box: box:
# Name or service not known`. It resolves the machine's own name; no outbound connect failed.
LOCAL_NAME = re.compile(r"UnknownHostException: ([^\s:]+): \1: ")


# An errno from a datagram receive or send (an ICMP error on a UDP socket: statsd, a game server
# query) is not a TCP connect. Ruby names the syscall (`Connection refused - recvfrom(2)`, where a
# connect says `- connect(2) for ...`); Python's and Java's traces end in the send. Such an event counts
# only if it also shows a connect call.
DATAGRAM_PHASE: tuple[str, ...] = (
    " - recvfrom(2)",
    " - sendto(2)",
    " - recvmsg(2)",
    " - sendmsg(2)",
    "sock.send(",
    "sock.sendto(",
    "in _sock_send",  # Python: gunicorn / datadog statsd clients
    "sendto failed: ",
    "recvfrom failed: ",  # Android's IoBridge; its connects say "failed to connect"
    "DatagramChannelImpl.send",
    "DatagramSocket.send",
    "DatagramSocket.receive",  # Java UDP
    "Socket.SendTo(",
    "Socket.ReceiveFrom(",
    "UdpClient.Send(",  # .NET UDP (NAT-PMP, statsd)
)


@dataclass(frozen=True, slots=True)
class Pattern:
    """One wording: the literal needles that gate it, its regex, and the real line it was written for."""

    id: str
    runtime: WordingRuntime
    category: Category | None  # None: a destination row
    code: str | None
    needles: tuple[str, ...]
    regex: LazyRegex  # compiled on first use (start-up time)
    example: str
    generic: bool = False  # says a connect failed, not why: the category is a best guess
    exclusive: bool = False  # category rows matching inside this row's span describe the same failure
    service: str | None = None  # what the wording implies when no port is printed (libpq: PostgreSQL)


def _row(
    id: str,
    runtime: WordingRuntime,
    category: Category | None,
    code: str | None,
    needles: str | tuple[str, ...],
    regex: str,
    example: str,
    *,
    generic: bool = False,
    exclusive: bool = False,
    service: str | None = None,
) -> Pattern:
    if isinstance(needles, str):
        needles = (needles,)
    return Pattern(
        id,
        runtime,
        category,
        code,
        needles,
        LazyRegex(regex, re.MULTILINE),
        example,
        generic,
        exclusive,
        service,
    )


# Pieces of regex shared by several rows.
_ADDR = r"[^\s'\",\])}]+"  # Node prints address:port, IPv6 unbracketed
_LOCAL = r"(?: - Local \((?P<local>[^)]*)\))?"
_GO_DEST = r"(?:(?P<local>\S+)->)?(?P<dest>\[[^\]]+\]:\d+|[^\s\[\]:]+:\d+)"
_JAVA_DEST = r"(?P<dest>[^\s\[]+)(?: \[[^\]]*\])?"
# What .NET says when a connect fails, on Linux and on Windows (Winsock).
_DOTNET_CONNECT_WORDS = (
    r"Connection refused|Connection timed out|Operation timed out|No route to host|Network is unreachable"
    r"|No connection could be made because the target machine actively refused it"
    r"|A connection attempt failed because the connected party did not properly respond after a"
    r" period of time, or established connection failed because connected host has failed to respond"
    r"|A socket operation was attempted to an unreachable (?:network|host)"
)
# Go's `listen tcp: lookup localhost ...`: a server resolving its own listen address, no connect.
_NOT_LISTEN = r"(?<!listen tcp: )(?<!listen udp: )(?<!listen tcp4: )(?<!listen tcp6: )"
_TS = "2026-11-20T10:00:00.000Z"
_RID = "4c1a7e2e-6f0b-4a8e-9d7e-2b3f5c9a1d10"


def _node_connect(code: str, category: Category, dest: str) -> Pattern:
    return _row(
        f"node-connect-{code.lower()}",
        "nodejs",
        category,
        code,
        f"connect {code}",
        rf"\bconnect {code}(?: (?P<dest>{_ADDR}:\d+){_LOCAL})?",
        f"{_TS}\t{_RID}\tERROR\tError: connect {code} {dest}",
    )


def _node_aggregate(code: str, category: Category) -> Pattern:
    return _row(
        f"node-aggregate-{code.lower()}",
        "nodejs",
        category,
        code,
        f"AggregateError [{code}]",
        rf"AggregateError \[{code}\]",
        f"{_TS}\t{_RID}\tERROR\tAggregateError [{code}]: \n    at internalConnectMultiple (node:net:1118:18)",
    )


def _node_fields(code: str, category: Category, syscall: str, example: str) -> Pattern:
    # A Node system error printed field by field (util.inspect, JSON.stringify, a logger's
    # serializer): the code counts only with the syscall that says which phase failed.
    return _row(
        f"node-fields-{code.lower()}",
        "nodejs",
        category,
        code,
        (f"syscall: '{syscall}'", f'syscall":"{syscall}"', f'syscall": "{syscall}"'),
        rf"[\"']?(?:code|errno)[\"']?\s*:\s*[\"']{code}[\"']"
        rf"(?=[^{{}}]{{0,300}}?[\"']?syscall[\"']?\s*:\s*[\"']{syscall}[\"'])",
        example,
    )


def _py_errno(num: str, category: Category, strerror: str) -> Pattern:
    esc = re.escape(num)
    return _row(
        f"py-errno-{num.replace('-', 'minus')}",
        "python",
        category,
        f"Errno {num}",
        (f"Errno {num}]", f"Error {num} connecting", f"Error({num}, "),
        rf"\[Errno {esc}\]|\bError {esc} connecting|Error\({esc}, ",
        f"[ERROR]\t{_TS}\t{_RID}\tOSError: [Errno {num}] {strerror}",
    )


def _dotnet_socket(num: str, category: Category, strerror: str) -> Pattern:
    # .NET Framework and Mono print the HRESULT (0x80004005) where .NET Core prints the errno.
    return _row(
        f"dotnet-socket-{num}",
        "dotnet",
        category,
        f"SocketException ({num})",
        (f"Exception ({num}): {strerror}", f"Exception (0x80004005): {strerror}"),
        rf"SocketException \((?:{num}|0x80004005)\): {strerror}"
        r"(?: (?P<dest>\[[^\]]+\]:\d+|[^\s()\[\]]+:\d+))?",
        f"{_TS}\t{_RID}\tfail\tSystem.Net.Sockets.SocketException ({num}): {strerror}",
    )


def _go_connectex(name: str, category: Category, words: str, regex: str, example: str) -> Pattern:
    # Windows (a Go tool on a laptop, not Lambda): ConnectEx with Winsock's wording; Go <= 1.5
    # wrote `ConnectEx tcp:`.
    return _row(
        f"go-connectex-{name}",
        "go",
        category,
        "connectex",
        (f"connectex: {words}", f"ConnectEx tcp: {words}"),
        rf"(?:dial (?:tcp|udp)[46]? {_GO_DEST}: )?(?:connectex|ConnectEx tcp): {regex}",
        example,
    )


def _mysql_errno(num: str, category: Category) -> Pattern:
    return _row(
        f"mysql-errno-{num}",
        "any",
        category,
        f"2003 ({num})",
        "Can't connect to MySQL server on",
        rf"Can't connect to MySQL server on '(?P<dest>[^']*)' \({num}(?: \"[^\"]*\")?\)",
        f"Mysql2::Error::ConnectionError: Can't connect to MySQL server on"
        f" 'orders.cluster-c9akciq32.us-east-1.rds.amazonaws.com' ({num})",
        service="MySQL",
    )


def _ruby_errno(code: str, category: Category, strerror: str) -> Pattern:
    return _row(
        f"ruby-errno-{code.lower()}",
        "ruby",
        category,
        f"Errno::{code}",
        f"Errno::{code}",
        rf"Errno::{code}\b",
        f"E, [2026-11-20T10:00:00.000000 #8] ERROR {_RID} -- : {strerror} - connect(2)"
        f' for "10.0.1.5" port 5432 (Errno::{code})',
    )


def _strerror(
    id: str, category: Category, text: str, regex: str | None = None, example: str | None = None
) -> Pattern:
    needle = text.removesuffix(" network")  # Winsock says "... unreachable network" or "... host"
    return _row(
        id,
        "any",
        category,
        text,
        needle,
        regex or rf"\b{re.escape(text)}\b",
        example or f"ERROR upstream call failed: {text}",
    )


PATTERNS: tuple[Pattern, ...] = (
    # ---- Node.js: net, dns, undici, AWS SDK, database drivers -------------------------------
    _node_connect("ECONNREFUSED", "ECONNREFUSED", "10.0.1.5:5432"),
    _node_connect("ETIMEDOUT", "ETIMEDOUT", "10.0.3.47:5432"),
    _node_connect("EHOSTUNREACH", "ENETUNREACH", "10.0.2.9:6379"),
    _node_connect("ENETUNREACH", "ENETUNREACH", "2600:1f18:43a0:8e00::1:443"),
    _row(
        "node-getaddrinfo-enotfound",
        "nodejs",
        "ENOTFOUND",
        "ENOTFOUND",
        "getaddrinfo ENOTFOUND",
        r"getaddrinfo ENOTFOUND(?: (?P<dest>[^\s'\",\])}*]+)(?: [^\s:]+:(?P<port>\d+))?)?",
        f"{_TS}\t{_RID}\tERROR\tError: getaddrinfo ENOTFOUND api.payments.example.com",
    ),
    _row(
        "node-getaddrinfo-eai-again",
        "nodejs",
        "ENOTFOUND",
        "EAI_AGAIN",
        "getaddrinfo EAI_AGAIN",
        r"getaddrinfo EAI_AGAIN(?: (?P<dest>[^\s'\",\])}*]+)(?: [^\s:]+:(?P<port>\d+))?)?",
        f"{_TS}\t{_RID}\tERROR\tError: getaddrinfo EAI_AGAIN secretsmanager.us-east-1.amazonaws.com",
    ),
    _row(
        "node-querysrv-enotfound",
        "nodejs",
        "ENOTFOUND",
        "querySrv ENOTFOUND",
        "querySrv ENOTFOUND",
        r"querySrv ENOTFOUND (?:_mongodb\._tcp\.)?(?P<host>[^\s'\",]+)",
        f"{_TS}\t{_RID}\tERROR\tError: querySrv ENOTFOUND _mongodb._tcp.cluster0.x1abc.mongodb.net",
        service="MongoDB",
    ),
    _row(
        "node-querysrv-econnrefused",
        "nodejs",
        "ENOTFOUND",
        "querySrv ECONNREFUSED",
        "querySrv ECONNREFUSED",
        r"querySrv ECONNREFUSED (?:_mongodb\._tcp\.)?(?P<host>[^\s'\",]+)",
        f"{_TS}\t{_RID}\tERROR\tError: querySrv ECONNREFUSED _mongodb._tcp.cluster0.x1abc.mongodb.net",
        service="MongoDB",
    ),
    _node_aggregate("ECONNREFUSED", "ECONNREFUSED"),
    _node_aggregate("ETIMEDOUT", "ETIMEDOUT"),
    _node_aggregate("EHOSTUNREACH", "ENETUNREACH"),
    _node_aggregate("ENETUNREACH", "ENETUNREACH"),
    _node_fields(
        "ETIMEDOUT",
        "ETIMEDOUT",
        "connect",
        'error: {"code":"ETIMEDOUT","errno":"ETIMEDOUT","syscall":"connect","address":"","port":}',
    ),
    _node_fields(
        "ECONNREFUSED",
        "ECONNREFUSED",
        "connect",
        "[tilemill] { [Error:connect ECONNREFUSED]\"\n[tilemill] code: 'ECONNREFUSED',\n"
        "[tilemill]  errno: 'ECONNREFUSED',\n[tilemill]  syscall: 'connect' }",
    ),
    _node_fields(
        "EAI_AGAIN",
        "ENOTFOUND",
        "getaddrinfo",
        '{\n  "code": "EAI_AGAIN",\n  "errno": "EAI_AGAIN",\n'
        '  "syscall": "getaddrinfo",\n  "hostname": "dynamodb.us-east-2.amazonaws.com",\n'
        '  "host":'
        ' "dynamodb.us-east-2.amazonaws.com",\n  "port": 80\n}',
    ),
    _node_fields(
        "ENOTFOUND",
        "ENOTFOUND",
        "getaddrinfo",
        "{ [NetworkingError: getaddrinfo ENOTFOUND]\n  code: 'NetworkingError',\n  errno:"
        " 'ENOTFOUND',\n  syscall: 'getaddrinfo',\n  retryable: true,",
    ),
    _row(
        "undici-connect-timeout",
        "nodejs",
        "ETIMEDOUT",
        "UND_ERR_CONNECT_TIMEOUT",
        "Connect Timeout Error",
        r"Connect Timeout Error(?: \(attempted address(?:es)?: (?P<dest>[^,\s)]+))?",
        f"{_TS}\t{_RID}\tERROR\tTypeError: fetch failed\n  [cause]: ConnectTimeoutError: Connect"
        " Timeout Error (attempted address: api.example.com:443, timeout: 10000ms)",
    ),
    _row(
        "undici-code",
        "nodejs",
        "ETIMEDOUT",
        "UND_ERR_CONNECT_TIMEOUT",
        "UND_ERR_CONNECT_TIMEOUT",
        r"code['\"]?:\s*['\"]UND_ERR_CONNECT_TIMEOUT",
        "    code: 'UND_ERR_CONNECT_TIMEOUT'",
    ),
    # net.connect with autoSelectFamily (Node 20+ default) gives up on every address in turn.
    _row(
        "node-socket-connection-timeout",
        "nodejs",
        "ETIMEDOUT",
        "ERR_SOCKET_CONNECTION_TIMEOUT",
        ("ERR_SOCKET_CONNECTION_TIMEOUT", "Socket connection timeout"),
        r"Error \[ERR_SOCKET_CONNECTION_TIMEOUT\]|\bSocket connection timeout\b"
        r"|code['\"]?:\s*['\"]ERR_SOCKET_CONNECTION_TIMEOUT",
        "  cause: Error [ERR_SOCKET_CONNECTION_TIMEOUT]: Socket connection timeout\n      at new"
        " NodeError (node:internal/errors:399:5)\n      at internalConnectMultiple (node:net:1098:20)",
    ),
    _row(
        "aws-sdk-js-connect-timeout",
        "nodejs",
        "ETIMEDOUT",
        "TimeoutError",
        "without establishing a connection",
        r"Socket timed out without establishing a connection(?: within \d+ ms)?",
        f"{_TS}\t{_RID}\tERROR\tTimeoutError: Socket timed out without establishing a connection"
        " within 1000 ms",
    ),
    _row(
        "aws-sdk-js-unknown-endpoint",
        "nodejs",
        "ENOTFOUND",
        "UnknownEndpoint",
        "Inaccessible host",
        r"Inaccessible host: `(?P<host>[^'`\s]+)['`](?: at port `(?P<port>\d+)')?",
        f"{_TS}\t{_RID}\tERROR\tUnknownEndpoint: Inaccessible host: `dynamodb.us-east-1.amazonaws.com'"
        " at port `443'. This service may not be available in the `us-east-1' region.",
    ),
    _row(
        "pg-connection-timeout",
        "nodejs",
        "ETIMEDOUT",
        "ETIMEDOUT",
        "due to connection timeout",
        r"Connection terminated due to connection timeout",
        f"{_TS}\t{_RID}\tERROR\tError: Connection terminated due to connection timeout",
        service="PostgreSQL",
    ),
    # rethinkdbdash's pool gives up on a connect with its own timer: `... in less than 20s`.
    _row(
        "rethinkdbdash-connect-timeout",
        "nodejs",
        "ETIMEDOUT",
        "ReqlDriverError",
        "Failed to connect to ",
        r"Failed to connect to (?P<dest>[^\s\\\"]+:\d+) in less than \d+s",
        'Fail to create a new connection for the connection pool. Error:{"msg":"Failed to connect to'
        ' 172.16.230.151:28015 in less than 20s","isOperational":true}',
    ),
    # ... and names where it dialled when the cause is Node's own error object.
    _row(
        "rethinkdbdash-failed-to-connect",
        "nodejs",
        None,
        None,
        "Failed to connect to ",
        r"(?:ReqlDriverError: |\"msg\":\")Failed to connect to (?P<dest>[^\s\\\"]+:\d+)",
        "ReqlDriverError: Failed to connect to 192.168.100.19:28015\nFull error:\n{\n"
        '  "code": "ETIMEDOUT",'
        '\n  "errno": "ETIMEDOUT",\n  "syscall": "connect"\n}.',
    ),
    _row(
        "prisma-cant-reach",
        "nodejs",
        "ETIMEDOUT",
        "P1001",
        "Can't reach database server at",
        r"Can't reach database server at `?(?P<host>[^`\s:]+)`?:`?(?P<port>\d+)`?",
        f"{_TS}\t{_RID}\tERROR\tPrismaClientInitializationError: Can't reach database server at"
        " `orders.cluster-c9akciq32.us-east-1.rds.amazonaws.com`:`5432`",
        generic=True,
    ),
    _row(
        "node-redis-connect-timeout",
        "nodejs",
        "ETIMEDOUT",
        "ConnectionTimeoutError",
        "ConnectionTimeoutError: Connection timeout",
        r"ConnectionTimeoutError: Connection timeout(?! to host)\b",
        f"{_TS}\tundefined\tERROR\tConnectionTimeoutError: Connection timeout\n    at Socket.<anonymous>"
        " (/var/task/node_modules/@redis/client/dist/lib/client/socket.js:178:124)",
    ),
    _row(
        "mongodb-server-selection",
        "nodejs",
        "ETIMEDOUT",
        "MongoServerSelectionError",
        ("ServerSelectionError: Server selection timed out", "TimeoutError: Server selection timed out"),
        # mongodb 3.x said MongoTimeoutError, Mongoose 5.8 MongooseTimeoutError.
        r"Mongo(?:ose)?(?:ServerSelection|Timeout)Error: Server selection timed out after \d+ ?ms",
        "MongoTimeoutError: Server selection timed out after 30000 ms\n    at Timeout.setTimeout [as"
        " _onTimeout] (/opt/app/node_modules/mongodb/lib/core/sdam/topology.js:850:16)",
        generic=True,
        service="MongoDB",
    ),
    _row(
        "mongoose-server-selection",
        "nodejs",
        "ETIMEDOUT",
        "MongooseServerSelectionError",
        "ServerSelectionError: connection timed out",
        r"Mongo(?:ose)?ServerSelectionError: connection timed out",
        f"{_TS}\t{_RID}\tERROR\tMongooseServerSelectionError: connection timed out",
        service="MongoDB",
    ),
    _row(
        "mongodb-network-timeout",
        "nodejs",
        "ETIMEDOUT",
        "MongoNetworkTimeoutError",
        "MongoNetworkTimeoutError: connection timed out",
        r"MongoNetworkTimeoutError: connection timed out(?![\w ]*\bto\b)",
        f"{_TS}\t{_RID}\tERROR\tMongoNetworkTimeoutError: connection timed out",
        service="MongoDB",
    ),
    _row(
        "mongodb-first-connect",
        "nodejs",
        None,
        None,
        "failed to connect to server [",
        r"failed to connect to server \[(?P<dest>[^\]]+)\] on first connect",
        "MongoNetworkError: failed to connect to server [docdb-1.cluster-c9x.us-east-1.docdb."
        "amazonaws.com:27017] on first connect [Error: connect ETIMEDOUT 10.0.4.12:27017",
        service="MongoDB",
    ),
    _row(
        "node-inspect-address",
        "nodejs",
        None,
        None,
        ("address: '", 'address":"', 'address": "'),
        r"[\"']?address[\"']?\s*:\s*[\"'](?P<host>[^\"']+)[\"'],\s*[\"']?port[\"']?\s*:\s*(?P<port>\d+)",
        "Error: connect ECONNREFUSED\n  errno: -111,\n  code: 'ECONNREFUSED',\n  syscall: 'connect',"
        "\n  address: '10.0.1.5',\n  port: 5432\n}",
    ),
    _row(
        "node-inspect-hostname",
        "nodejs",
        None,
        None,
        ("hostname: '", 'hostname":', 'hostname": '),
        r"[\"']?hostname[\"']?\s*:\s*[\"'](?P<host>[^\"']+)[\"']",
        "Error: getaddrinfo EAI_AGAIN db.internal.example\n    at GetAddrInfoReqWrap.onlookup"
        " [as oncomplete] (node:dns:107:26) {\n  errno: -3001,\n  code: 'EAI_AGAIN',\n"
        "  syscall: 'getaddrinfo',\n  hostname: 'db.internal.example'\n}",
    ),
    # ---- Python: socket errno, urllib3/requests, botocore, httpx, aiohttp, drivers ---------
    _row(
        "py-botocore-connect-timeout",
        "python",
        "ETIMEDOUT",
        "ConnectTimeoutError",
        "Connect timeout on endpoint URL",
        r"Connect timeout on endpoint URL: \"(?P<url>[^\"]+)\"",
        "[ERROR] ConnectTimeoutError: Connect timeout on endpoint URL:"
        ' "https://dynamodb.us-east-1.amazonaws.com/"\rTraceback (most recent call last):',
    ),
    _row(
        "py-connect-timeout-exception",
        "python",
        "ETIMEDOUT",
        "ConnectTimeout",
        "ConnectTimeout",
        r"(?:^|requests\.exceptions\.|httpx\.|httpcore\.|\]\s+)ConnectTimeout(?::\s(?!\d)|\()",
        f"[ERROR]\t{_TS}\t{_RID}\thttpx.ConnectTimeout: timed out",
    ),
    _row(
        "py-urllib3-connect-timeout",
        "python",
        "ETIMEDOUT",
        "ConnectTimeoutError",
        "connect timeout=",
        r"Connection to (?P<host>[^\s'\"]+) timed out\. \(connect timeout=[\d.]+\)",
        "urllib3.exceptions.ConnectTimeoutError: (<urllib3.connection.HTTPSConnection object at"
        " 0x7f1c2b3d4e50>, 'Connection to api.stripe.com timed out. (connect timeout=5)')",
    ),
    _row(
        "py-urllib3-name-resolution",
        "python",
        "ENOTFOUND",
        "NameResolutionError",
        "Failed to resolve '",
        r"Failed to resolve '(?P<host>[^']+)' \(\[Errno",
        "urllib3.exceptions.NameResolutionError: <urllib3.connection.HTTPSConnection object at"
        " 0x7f3a>: Failed to resolve 'hooks.slack.com' ([Errno -3] Temporary failure in name"
        " resolution)",
    ),
    _py_errno("111", "ECONNREFUSED", "Connection refused"),
    _py_errno("110", "ETIMEDOUT", "Connection timed out"),
    _py_errno("60", "ETIMEDOUT", "Operation timed out"),  # macOS ETIMEDOUT; never a socket errno on Linux
    # Windows errnos that come without their text (WSAENETUNREACH, WSAEHOSTUNREACH).
    _py_errno("10051", "ENETUNREACH", "A socket operation was attempted to an unreachable network"),
    _py_errno("10065", "ENETUNREACH", "A socket operation was attempted to an unreachable host"),
    _py_errno("113", "ENETUNREACH", "No route to host"),
    _py_errno("101", "ENETUNREACH", "Network is unreachable"),
    _py_errno("-2", "ENOTFOUND", "Name or service not known"),
    _py_errno("-3", "ENOTFOUND", "Temporary failure in name resolution"),
    _py_errno("-5", "ENOTFOUND", "No address associated with hostname"),
    _row(
        "py-aiohttp-connect-timeout",
        "python",
        "ETIMEDOUT",
        "ConnectionTimeoutError",
        "Connection timeout to host",
        r"Connection timeout to host (?P<url>\S+)",
        "aiohttp.client_exceptions.ConnectionTimeoutError: Connection timeout to host"
        " https://api.openai.com/v1/chat/completions",
    ),
    _row(
        "py-urlopen-timeout",
        "python",
        "ETIMEDOUT",
        "URLError",
        "<urlopen error timed out>",
        r"<urlopen error timed out>",
        "urllib.error.URLError: <urlopen error timed out>",
    ),
    _row(
        "py-socket-connect-timeout",
        "python",
        "ETIMEDOUT",
        "socket.timeout",
        ("socket.timeout: timed out", "TimeoutError: timed out"),
        r"(?s)(?:in create_connection|sock\.connect\()(?:(?!Traceback).){0,800}?"
        r"(?P<at>(?:socket\.timeout|TimeoutError): timed out)",
        '[ERROR] TimeoutError: timed out\rTraceback (most recent call last):\r  File "/var/task/app.py",'
        " line 9, in handler\r    s = socket.create_connection((HOST, 5432), timeout=3)\r  File"
        ' "/var/lang/lib/python3.12/socket.py", line 852, in create_connection\r    raise'
        ' exceptions[0]\r  File "/var/lang/lib/python3.12/socket.py", line 837, in create_connection'
        "\r    sock.connect(sa)\rTimeoutError: timed out",
    ),
    _row(
        "py-redis-timeout",
        "python",
        "ETIMEDOUT",
        "TimeoutError",
        "Timeout connecting to server",
        r"Timeout connecting to server",
        "redis.exceptions.TimeoutError: Timeout connecting to server",
        service="Redis",
    ),
    _row(
        "py-pymongo-timed-out",
        "python",
        "ETIMEDOUT",
        "ServerSelectionTimeoutError",
        "ServerSelectionTimeoutError: ",
        r"ServerSelectionTimeoutError: (?P<dest>[A-Za-z0-9._-]+:\d+): timed out",
        "pymongo.errors.ServerSelectionTimeoutError: docdb-2.cluster-c9x.us-east-1.docdb."
        "amazonaws.com:27017: timed out, Timeout: 30s, Topology Description: <TopologyDescription>",
    ),
    _row(
        "py-dns-nxdomain",
        "python",
        "ENOTFOUND",
        "NXDOMAIN",
        "DNS query name does not exist",
        r"DNS query name does not exist: (?:_mongodb\._tcp\.)?(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)",
        "pymongo.errors.ConfigurationError: The DNS query name does not exist:"
        " _mongodb._tcp.cluster0.x1abc.mongodb.net.",
        service="MongoDB",
    ),
    _row(
        "py-botocore-endpoint-connection",
        "python",
        "ECONNREFUSED",
        "EndpointConnectionError",
        "Could not connect to the endpoint URL",
        r"Could not connect to the endpoint URL: \"(?P<url>[^\"]+)\"",
        "[ERROR] EndpointConnectionError: Could not connect to the endpoint URL:"
        ' "https://sqs.us-east-1.amazonaws.com/"',
        generic=True,
    ),
    _row(
        "py-connect-call-failed",
        "python",
        "ECONNREFUSED",
        "Connect call failed",
        "Connect call failed",
        r"Connect call failed \('(?P<host>[^']+)', (?P<port>\d+)",
        "aiohttp.client_exceptions.ClientConnectorError: Cannot connect to host 10.0.1.9:8080"
        " ssl:default [Connect call failed ('10.0.1.9', 8080)]",
        generic=True,
    ),
    _row(
        "py-httpx-all-attempts",
        "python",
        "ECONNREFUSED",
        "ConnectError",
        "All connection attempts failed",
        r"All connection attempts failed",
        "httpx.ConnectError: All connection attempts failed",
        generic=True,
    ),
    _row(
        "py-urllib3-pool",
        "python",
        None,
        None,
        ("ConnectionPool(host=", "Connection(host="),
        r"HTTPS?Connection(?:Pool)?\(host='(?P<host>[^']+)', port=(?P<port>\d+)\)",
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.example.com', port=443):"
        " Max retries exceeded with url: /v1/orders (Caused by NewConnectionError('<urllib3."
        "connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection:"
        " [Errno 111] Connection refused'))",
    ),
    # Python prints a socket address as a tuple: neo4j, asyncio, socket.create_connection callers.
    _row(
        "py-address-tuple",
        "python",
        None,
        None,
        "connection to ('",
        r"[Cc]onnection to \('(?P<host>[^']+)', (?P<port>\d+)\)",
        "neobolt.exceptions.ServiceUnavailable: Failed to establish connection to ('192.168.159.143',"
        " 7687) (reason [Errno 113] No route to host)",
    ),
    _row(
        "py-aiohttp-cannot-connect",
        "python",
        None,
        None,
        "Cannot connect to host ",
        r"Cannot connect to host (?P<dest>\S+) ssl:",
        "aiohttp.client_exceptions.ClientConnectorError: Cannot connect to host"
        " api.example.com:443 ssl:default [Name or service not known]",
    ),
    _row(
        "py-redis-connecting",
        "python",
        None,
        None,
        " connecting to ",
        r"Error -?\d+ connecting to (?P<dest>\S+?)\.(?:\s|$)",
        "redis.exceptions.ConnectionError: Error 111 connecting to"
        " sessions.abc123.ng.0001.use1.cache.amazonaws.com:6379. Connection refused.",
        service="Redis",
    ),
    _row(
        "py-pymongo-dest",
        "python",
        None,
        None,
        ("ServerSelectionTimeoutError", "AutoReconnect"),
        r"(?<![A-Za-z0-9._-])(?P<dest>[A-Za-z0-9._-]+:\d+): \[Errno",
        "pymongo.errors.ServerSelectionTimeoutError: localhost:27017: [Errno 111] Connection"
        " refused, Timeout: 30s, Topology Description: <TopologyDescription>",
        service="MongoDB",
    ),
    # ---- libpq (psycopg2, psycopg, Ruby pg) and libmysqlclient (mysqlclient, mysql2) ---------
    _row(
        "libpq-timeout-expired",
        "any",
        "ETIMEDOUT",
        "timeout expired",
        "timeout expired",
        r"(?:failed: |OperationalError\)? |OperationalError: |ConnectionBad: )timeout expired",
        'psycopg2.OperationalError: connection to server at "db.internal" (10.0.2.15), port 5432'
        " failed: timeout expired",
        service="PostgreSQL",
    ),
    _row(
        "libpq-translate-host",
        "any",
        "ENOTFOUND",
        "could not translate host name",
        "could not translate host name",
        r"could not translate host name \"(?P<host>[^\"]+)\" to address",
        'psycopg2.OperationalError: could not translate host name "reporting.cluster-c9akc.us-east-1'
        '.rds.amazonaws.com" to address: Name or service not known',
        service="PostgreSQL",
    ),
    _row(
        "libpq-server-at",
        "any",
        None,
        None,
        'connection to server at "',
        r"connection to server at \"(?P<host>[^\"]+)\"(?: \([^)]*\))?, port (?P<port>\d+) failed",
        'psycopg.OperationalError: connection failed: connection to server at "10.0.2.15", port 5432'
        " failed: Connection refused",
        service="PostgreSQL",
    ),
    _row(
        "libpq-is-server-running",
        "any",
        None,
        None,
        'Is the server running on host "',
        # the continuation line may carry a log viewer's gutter (`  | TCP/IP connections ...`)
        r"Is the server running on host \"(?P<host>[^\"]+)\"(?: \([^)]*\))?(?: and accepting"
        r"\s+(?:\|\s+)?TCP/IP connections? on port (?P<port>\d+))?",
        "could not connect to server: Connection timed out\n\tIs the server running on host"
        ' "db.internal" (10.0.2.15) and accepting\n\tTCP/IP connections on port 5432?',
        service="PostgreSQL",
    ),
    _row(
        "pymysql-timed-out",
        "python",
        "ETIMEDOUT",
        "2003",
        "Can't connect to MySQL server on",
        r"Can't connect to MySQL server on '(?P<dest>[^']*)' \(timed out\)",
        "pymysql.err.OperationalError: (2003, \"Can't connect to MySQL server on"
        " 'orders.cluster-c9akciq32.us-east-1.rds.amazonaws.com' (timed out)\")",
        service="MySQL",
    ),
    _mysql_errno("111", "ECONNREFUSED"),
    _mysql_errno("110", "ETIMEDOUT"),
    _mysql_errno("115", "ETIMEDOUT"),  # libmysqlclient reports its own connect timeout as EINPROGRESS
    _mysql_errno("113", "ENETUNREACH"),
    _mysql_errno("101", "ENETUNREACH"),
    _row(
        "mysql-unknown-host",
        "any",
        "ENOTFOUND",
        "2005",
        "Unknown MySQL server host",
        r"Unknown MySQL server host '(?P<host>[^']+)'",
        "MySQLdb.OperationalError: (2005, \"Unknown MySQL server host 'orders-db.internal' (-2)\")",
        service="MySQL",
    ),
    _row(
        "mysql-cant-connect",
        "any",
        None,
        None,
        "Can't connect to MySQL server on",
        r"Can't connect to MySQL server on '(?P<dest>[^']*)'",
        "pymysql.err.OperationalError: (2003, \"Can't connect to MySQL server on 'db.internal'"
        ' ([Errno 111] Connection refused)")',
        service="MySQL",
    ),
    _row(
        "odbc-login-timeout",
        "any",
        "ETIMEDOUT",
        "HYT00",
        "Login timeout expired",
        r"\bLogin timeout expired\b",
        "pyodbc.OperationalError: ('HYT00', '[HYT00] [Microsoft][ODBC SQL Server Driver]Login timeout"
        " expired (0) (SQLDriverConnect)')",
        generic=True,
        service="SQL Server",
    ),
    # ---- Java: java.net, Apache HttpClient, AWS SDK v1/v2 (netty), JDBC --------------------
    _row(
        "java-http-connect-timeout",
        "java",
        "ETIMEDOUT",
        "HttpConnectTimeoutException",
        "HttpConnectTimeoutException",
        r"HttpConnectTimeoutException",
        "java.net.http.HttpConnectTimeoutException: HTTP connect timed out",
    ),
    _row(
        "java-netty-connect-timeout",
        "java",
        "ETIMEDOUT",
        "ConnectTimeoutException",
        "ConnectTimeoutException: connection timed out",
        r"ConnectTimeoutException: connection timed out(?: after \d+ ms)?: (?P<dest>\S+)",
        "io.netty.channel.ConnectTimeoutException: connection timed out:"
        " sqs.us-east-1.amazonaws.com/52.46.145.233:443",
    ),
    _row(
        "java-connect-to-timed-out",
        "java",
        "ETIMEDOUT",
        "ConnectTimeoutException",
        "Connect to ",
        rf"Connect to {_JAVA_DEST} timed out",
        "org.apache.http.conn.ConnectTimeoutException: Connect to 172.17.0.27:9324 timed out",
    ),
    _row(
        "java-connect-refused",
        "java",
        "ECONNREFUSED",
        "ConnectException",
        "ConnectException: ",
        r"ConnectException: (?:finishConnect\(\.\.\) failed: )?Connection refused"
        r"(?:: (?P<dest>[^\s/:]*[/:][^\s]*))?",
        "Caused by: java.net.ConnectException: Connection refused",
    ),
    # On macOS a Java connect timeout reads `ConnectException: Operation timed out` (BSD strerror).
    _row(
        "java-connect-operation-timed-out",
        "java",
        "ETIMEDOUT",
        "ConnectException",
        "ConnectException: Operation timed out",
        r"ConnectException: Operation timed out\b",
        "***ERROR*** ConnectException - Operation timed out (Connection timed out)\n"
        "java.net.ConnectException: Operation timed out (Connection timed out)",
    ),
    # SDK v2 and netty name the address after the strerror: `Connection refused: host/ip:port`.
    _row(
        "java-refused-address",
        "java",
        "ECONNREFUSED",
        "ConnectException",
        "Connection refused: ",
        r"Connection refused: (?:no further information: )?(?P<dest>[^\s/:]*/[^\s]+)",
        "java.util.concurrent.CompletionException: software.amazon.awssdk.core.exception.SdkClientException:"
        " Unable to execute HTTP request: Connection refused: /127.0.0.1:32935",
    ),
    _row(
        "java-httpclient-refused-url",
        "java",
        "ECONNREFUSED",
        "HttpHostConnectException",
        "Connection to http",
        r"Connection to (?P<url>https?://[^\s]+) refused",
        "org.apache.http.conn.HttpHostConnectException: Connection to http://192.168.1.1:8080 refused",
    ),
    _row(
        "java-timeout-connecting",
        "java",
        "ETIMEDOUT",
        "ConnectException",
        "Timeout connecting to [",
        r"Timeout connecting to \[(?P<dest>[^\]\s]+)\]",
        ".s.d.e.r.s.SimpleElasticsearchRepository : Cannot create index: Timeout connecting to"
        " [es/172.19.0.2:9200]; nested exception is java.lang.RuntimeException: Timeout connecting to"
        " [es/172.19.0.2:9200]",
    ),
    _row(
        "java-connect-timed-out",
        "java",
        "ETIMEDOUT",
        "ConnectException",
        "ConnectException: ",
        r"ConnectException: (?:finishConnect\(\.\.\) failed: )?Connection timed out",
        "Caused by: java.net.ConnectException: Connection timed out (Connection timed out)",
    ),
    _row(
        "java-connect-netunreach",
        "java",
        "ENETUNREACH",
        "ConnectException",
        "ConnectException: ",
        r"ConnectException: (?:finishConnect\(\.\.\) failed: )?Network is unreachable"
        r"(?:: (?P<dest>\S+))?",
        "java.net.ConnectException: Network is unreachable (connect failed)",
    ),
    _row(
        "java-no-route",
        "java",
        "ENETUNREACH",
        "NoRouteToHostException",
        "NoRouteToHostException",
        r"NoRouteToHostException(?:: No route to host: (?P<dest>\S+))?",
        "java.net.NoRouteToHostException: No route to host (Host unreachable)",
    ),
    _row(
        "java-connect-timed-out-socket",
        "java",
        "ETIMEDOUT",
        "SocketTimeoutException",
        ("connect timed out", "Connect timed out"),
        r"\b[Cc]onnect timed out\b",
        "Caused by: java.net.SocketTimeoutException: connect timed out",
    ),
    _row(
        "java-unknown-host",
        "java",
        "ENOTFOUND",
        "UnknownHostException",
        "UnknownHostException: ",
        # Android's libcore: `Unable to resolve host "<host>": No address associated with hostname`.
        r"UnknownHostException: (?:(?:Failed to resolve '|Unable to resolve host \")(?P<host2>[^'\"\s]+)"
        r"|(?P<host>[A-Za-z0-9._-]+))",
        "Caused by: java.net.UnknownHostException: ledger-db.cluster-c9akc.us-east-1.rds.amazonaws.com:"
        " Name or service not known",
    ),
    # Android's libcore names host/ip and port and the time it waited.
    _row(
        "java-android-connect-timeout",
        "java",
        "ETIMEDOUT",
        "SocketTimeoutException",
        "SocketTimeoutException: failed to connect to ",
        r"SocketTimeoutException: failed to connect to (?P<dest>[^\s()]+) \(port (?P<port>\d+)\)"
        r"(?: from \S+ \(port \d+\))? after \d+ms",
        "12-04 20:43:43.360: D/Retrofit(23684): java.net.SocketTimeoutException: failed to connect to"
        " test.squalala.com/37.187.31.135 (port 80) after 15000ms",
    ),
    _row(
        "java-unable-to-resolve",
        "java",
        "ENOTFOUND",
        "UnknownHostException",
        'Unable to resolve host "',
        r"Unable to resolve host \"(?P<host>[^\"\s]+)\": (?:No address associated with hostname"
        r"|Name or service not known|Temporary failure in name resolution)",
        'java.net.UnknownHostException: Unable to resolve host "appname.appspot.com": No address'
        " associated with hostname",
    ),
    # SDK v2 (2.20+) wraps the UnknownHostException and names the endpoint only in the cause.
    _row(
        "java-sdk-v2-unknown-host",
        "java",
        "ENOTFOUND",
        "UnknownHostException",
        "Received an UnknownHostException",
        r"Received an UnknownHostException when attempting to interact with a service",
        "java.util.concurrent.ExecutionException: software.amazon.awssdk.core.exception.SdkClientException:"
        " Received an UnknownHostException when attempting to interact with a service. See cause for the"
        " exact endpoint that is failing to resolve.",
    ),
    _row(
        "java-sdk-unknown-host",
        "java",
        "ENOTFOUND",
        "UnknownHostException",
        "Unable to execute HTTP request: ",
        r"Unable to execute HTTP request: (?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
        r"(?:: (?:Name or service not known|Temporary failure in name resolution"
        r"|No address associated with hostname)|\s*$)",
        "com.amazonaws.SdkClientException: Unable to execute HTTP request:"
        " sqs.us-east-1.amazonaws.com: Name or service not known",
    ),
    _row(
        "jdbc-communications-link",
        "java",
        "ETIMEDOUT",
        "CommunicationsException",
        "Communications link failure",
        r"Communications link failure\s+(?:The last packet successfully received from the server"
        r" was [\d,]+ milliseconds ago\.\s+)?The last packet sent successfully to the server was 0"
        r" milliseconds ago",
        "com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure\n\nThe"
        " last packet sent successfully to the server was 0 milliseconds ago. The driver has not"
        " received any packets from the server.",
        generic=True,
        service="MySQL",
    ),
    _row(
        "psql-connection-refused",
        "java",
        "ECONNREFUSED",
        "PSQLException",
        "refused. Check that the hostname",
        r"Connection to (?P<dest>\S+) refused\. Check that the hostname and port are correct",
        "org.postgresql.util.PSQLException: Connection to 10.0.2.15:5432 refused. Check that the"
        " hostname and port are correct and that the postmaster is accepting TCP/IP connections.",
    ),
    _row(
        "java-mongo-wait",
        "java",
        "ETIMEDOUT",
        "MongoTimeoutException",
        "while waiting to connect",
        r"Timed out after \d+ ms while waiting to connect",
        "com.mongodb.MongoTimeoutException: Timed out after 30000 ms while waiting to connect. Client view"
        " of cluster state is {type=UNKNOWN, servers=[{address=docdb-1.cluster-c9x.us-east-1.docdb."
        "amazonaws.com:27017, type=UNKNOWN, state=CONNECTING}]",
        generic=True,
        service="MongoDB",
    ),
    _row(
        "java-kafka-node",
        "java",
        "ETIMEDOUT",
        "NetworkClient",
        "Connection to node ",
        r"Connection to node -?\d+ \((?P<dest>[^)\s]+)\) could not be established",
        "[Producer clientId=producer-1] Connection to node -1 (b-1.orders.abc123.c2.kafka.us-east-1."
        "amazonaws.com/10.0.7.7:9092) could not be established. Broker may not be available.",
        generic=True,
    ),
    _row(
        "java-mongo-address",
        "java",
        None,
        None,
        "{address=",
        r"\{address=(?P<dest>[^,\s}]+)",
        "com.mongodb.MongoTimeoutException: Timed out after 30000 ms while waiting to connect. Client view"
        " of cluster state is {type=UNKNOWN, servers=[{address=10.0.4.12:27017, type=UNKNOWN,"
        " state=CONNECTING, exception={com.mongodb.MongoSocketOpenException: Exception opening socket},"
        " caused by {java.net.ConnectException: Connection refused}}]",
        service="MongoDB",
    ),
    _row(
        "java-connect-to",
        "java",
        None,
        None,
        "Connect to ",
        rf"Connect to {_JAVA_DEST} failed",
        "com.amazonaws.SdkClientException: Unable to execute HTTP request: Connect to"
        " dynamodb.us-east-1.amazonaws.com:443 [dynamodb.us-east-1.amazonaws.com/3.218.182.212]"
        " failed: connect timed out",
    ),
    # Apache HttpClient names the route: `{}->http://ip:port`, `{s}->https://host:443`.
    _row(
        "java-android-failed-to-connect",
        "java",
        None,
        None,
        "failed to connect to ",
        r"failed to connect to (?P<dest>[^\s()]+) \(port (?P<port>\d+)\)",
        "java.net.ConnectException: failed to connect to api.unfoldingword.org/198.58.102.248 (port 443):"
        " connect failed: ENETUNREACH (Network is unreachable)",
    ),
    _row(
        "java-httpclient-route",
        "java",
        None,
        None,
        "}->http",
        r"\{[^}\s]*\}->(?P<url>https?://[^\s/:]+(?::\d+)?)",
        "15:54:41.801 [main] INFO  o.a.http.impl.execchain.RetryExec - I/O exception"
        " (java.net.NoRouteToHostException) caught when processing request to {}->http://192.168.1.112"
        ":8080: Host is unreachable (Host unreachable)",
    ),
    _row(
        "java-rmi-connection-to",
        "java",
        None,
        None,
        "Exception creating connection to: ",
        r"Exception creating connection to: (?P<host>[^\s;]+)",
        "Caused by: java.rmi.ConnectIOException: Exception creating connection to: 192.168.10.234; nested"
        " exception is: \n\tjava.net.NoRouteToHostException: No route to host (Host unreachable)",
    ),
    # netty's connect exceptions (AWS SDK v2's netty client, gRPC, pushy) name `host/ip:port` after
    # the strerror: `AnnotatedSocketException: Network is unreachable: host/ip:443`.
    _row(
        "java-netty-annotated",
        "java",
        None,
        None,
        "$Annotated",
        r"\$Annotated\w*Exception: [A-Za-z][^:\n]*: (?:no further information: )?(?P<dest>[^\s/:]*/[^\s]+)",
        "io.netty.channel.AbstractChannel$AnnotatedSocketException: Network is unreachable:"
        " api.push.apple.com/2620:149:208:4308:0:0:0:a:443\nCaused by: java.net.SocketException: Network is"
        " unreachable",
    ),
    _row(
        "java-spring-url",
        "java",
        None,
        None,
        ' request for "',
        r" request for \"(?P<url>[A-Za-z][A-Za-z0-9+.-]*://[^\"]+)\"",
        "org.springframework.web.client.ResourceAccessException: I/O error on GET request for"
        ' "http://10.0.1.9:8080/health": Connection refused',
    ),
    # ---- Go: net.Dial, net/http, AWS SDK for Go, database drivers ---------------------------
    _row(
        "go-lookup-no-such-host",
        "go",
        "ENOTFOUND",
        "no such host",
        "no such host",
        rf"{_NOT_LISTEN}\blookup (?P<host>[^\s:]+)(?: on \S+)?: no such host",
        'Post "https://execute-api.eu-west-2.amazonaws.com/@connections/abc": dial tcp: lookup'
        " execute-api.eu-west-2.amazonaws.com on 169.254.78.1:53: no such host",
        exclusive=True,
    ),
    _row(
        "go-lookup",
        "go",
        "ENOTFOUND",
        "lookup",
        (": lookup ", ":53: "),
        r"(?:dial (?:tcp|udp)[46]?: lookup (?P<host>[^\s:]+)(?: on \S+)? ?"
        rf"|{_NOT_LISTEN}\blookup (?P<host2>[^\s:]+) on \S+:53): [^\r\n]*",
        "dial tcp: lookup ledger.internal.example on 10.0.0.2:53: read udp"
        " 10.0.1.23:41642->10.0.0.2:53: i/o timeout",
        exclusive=True,
    ),
    # Go before 1.10 said `getsockopt:`, the syscall that reported a non-blocking connect's result;
    # Go before 1.5 named no syscall (`dial tcp 172.17.0.4:8080: no route to host`).
    _row(
        "go-dial-refused",
        "go",
        "ECONNREFUSED",
        "connection refused",
        ("connect: connection refused", "getsockopt: connection refused", ": connection refused"),
        rf"dial (?:tcp|udp)[46]? {_GO_DEST}: (?:(?:connect|getsockopt): )?connection refused",
        "dial tcp 10.0.2.15:5432: connect: connection refused",
    ),
    # Go before 1.5 left the address out when the whole dial timed out: `dial tcp: i/o timeout`.
    _row(
        "go-dial-io-timeout",
        "go",
        "ETIMEDOUT",
        "i/o timeout",
        ": i/o timeout",
        rf"dial (?:tcp|udp)[46]?(?: {_GO_DEST})?: i/o timeout",
        'Get "https://api.example.com/v1/rates": dial tcp 93.184.216.34:443: i/o timeout',
    ),
    _row(
        "go-dial-timed-out",
        "go",
        "ETIMEDOUT",
        "connection timed out",
        (
            "connect: connection timed out",
            "getsockopt: connection timed out",
            "connect: operation timed out",
        ),  # macOS says "operation timed out"
        rf"dial (?:tcp|udp)[46]? {_GO_DEST}: (?:connect|getsockopt): (?:connection|operation) timed out",
        "dial tcp 10.0.3.47:5432: connect: connection timed out",
    ),
    _row(
        "go-dial-netunreach",
        "go",
        "ENETUNREACH",
        "network is unreachable",
        ("connect: network is unreachable", "getsockopt: network is unreachable", ": network is unreachable"),
        rf"dial (?:tcp|udp)[46]? {_GO_DEST}: (?:(?:connect|getsockopt): )?network is unreachable",
        "dial tcp [2600:1f18:43a0:8e00::1]:443: connect: network is unreachable",
    ),
    _row(
        "go-dial-no-route",
        "go",
        "ENETUNREACH",
        "no route to host",
        ("connect: no route to host", "getsockopt: no route to host", ": no route to host"),
        rf"dial (?:tcp|udp)[46]? {_GO_DEST}: (?:(?:connect|getsockopt): )?no route to host",
        "dial tcp 10.0.9.9:6379: connect: no route to host",
    ),
    _go_connectex(
        "refused",
        "ECONNREFUSED",
        "No connection could be made",
        r"No connection could be made because the target machine actively refused it",
        "+0800 2023-10-16 20:54:17 ERROR [3100695417] inbound/http[http]: process connection"
        " from 127.0.0.1:52440: dial tcp 127.0.0.1:5080: connectex: No connection could be made"
        " because the target machine actively refused it.",
    ),
    _go_connectex(
        "timeout",
        "ETIMEDOUT",
        "A connection attempt failed",
        r"A connection attempt failed because the connected party did not properly respond",
        "C:\\Program Files\\Docker Toolbox\\docker.exe: error during connect: Post"
        " https://192.x.x.x:2376/v1.37/containers/create: dial tcp 192.x.x.x:2376: connectex: A"
        " connection attempt failed because the connected party did not properly respond after"
        " a period of time, or established connection failed because connected host has failed"
        " to respond.",
    ),
    _go_connectex(
        "unreachable",
        "ENETUNREACH",
        "A socket operation was attempted to an unreachable",
        r"A socket operation was attempted to an unreachable (?:network|host)",
        '{"error": "dial tcp6 [2a00:1450:4006:804::200d]:443: connectex: A socket operation'
        ' was attempted to an unreachable network."}',
    ),
    _row(
        "go-http-url",
        "go",
        None,
        None,
        (
            'Get "',
            'Post "',
            'Put "',
            'Delete "',
            'Patch "',
            'Head "',
            'Get \\"',
            'Post \\"',
            'Put \\"',
            'Delete \\"',
            'Patch \\"',
            'Head \\"',
        ),
        # also with the quotes JSON-escaped, as a Go error embedded in a JSON string prints them
        r"\b(?:Get|Post|Put|Delete|Patch|Head) \\?\"(?P<url>[A-Za-z][A-Za-z0-9+.-]*://[^\"\\]+)\\?\"",
        "operation error DynamoDB: GetItem, https response error StatusCode: 0, RequestID: ,"
        ' request send failed, Post "https://dynamodb.us-east-1.amazonaws.com/": dial tcp'
        " 3.218.182.212:443: i/o timeout",
    ),
    # Go before 1.14 did not quote the URL: `Get https://host/path: dial tcp ...`.
    _row(
        "go-http-url-bare",
        "go",
        None,
        None,
        ("Get http", "Post http", "Put http", "Delete http", "Patch http", "Head http"),
        r"\b(?:Get|Post|Put|Delete|Patch|Head) (?P<url>https?://[^\s\"]+): ",
        "    !!! caused by: Get https://mobile.eu-central-1.amazonaws.com/projects?maxResults=100: dial"
        " tcp: lookup mobile.eu-central-1.amazonaws.com on 127.0.0.53:53: no such host ",
    ),
    # ---- .NET: SocketException, HttpClient, Npgsql -------------------------------------------
    _dotnet_socket("111", "ECONNREFUSED", "Connection refused"),
    _dotnet_socket("110", "ETIMEDOUT", "Connection timed out"),
    _dotnet_socket("113", "ENETUNREACH", "No route to host"),
    _dotnet_socket("101", "ENETUNREACH", "Network is unreachable"),
    # Windows: the number says what failed, whatever language the text is in.
    _row(
        "dotnet-socket-10061",
        "dotnet",
        "ECONNREFUSED",
        "SocketException (10061)",
        "SocketException (10061)",
        r"SocketException \(10061\)",
        " ---> System.Net.Sockets.SocketException (10061): No se puede establecer una conexión ya que"
        " el equipo de destino denegó expresamente dicha conexión.",
    ),
    _row(
        "dotnet-socket-10060",
        "dotnet",
        "ETIMEDOUT",
        "SocketException (10060)",
        "SocketException (10060)",
        r"SocketException \(10060\)",
        "System.Net.Sockets.SocketException (10060): A connection attempt failed because the connected"
        " party did not properly respond after a period of time, or established connection failed"
        " because connected host has failed to respond.",
    ),
    _row(
        "dotnet-socket-dns",
        "dotnet",
        "ENOTFOUND",
        "SocketException (0xFFFDFFFF)",
        "0xFFFDFFFF): Name or service not known",
        r"SocketException \((?:00000005, )?0xFFFDFFFF\): Name or service not known",
        "System.Net.Internals.SocketExceptionFactory+ExtendedSocketException (00000005, 0xFFFDFFFF):"
        " Name or service not known",
    ),
    # EAI_AGAIN: `(00000001, 11)` on .NET Core 3, `(11)` from .NET 5 on.
    _row(
        "dotnet-socket-eai-again",
        "dotnet",
        "ENOTFOUND",
        "SocketException (11)",
        "11): Resource temporarily unavailable",
        r"SocketException \((?:00000001, )?11\): Resource temporarily unavailable",
        "System.Net.Internals.SocketExceptionFactory+ExtendedSocketException (00000001, 11):"
        " Resource temporarily unavailable",
    ),
    _row(
        "dotnet-http-eai-again",
        "dotnet",
        "ENOTFOUND",
        "Resource temporarily unavailable",
        "HttpRequestException: Resource temporarily unavailable",
        r"HttpRequestException: Resource temporarily unavailable \((?P<dest>[^()\s]+)\)",
        "System.Net.Http.HttpRequestException: Resource temporarily unavailable"
        " (secretsmanager.us-east-1.amazonaws.com:443)",
    ),
    _row(
        "dotnet-connect-timeout",
        "dotnet",
        "ETIMEDOUT",
        "TimeoutException",
        "within the configured ConnectTimeout",
        r"A connection could not be established within the configured ConnectTimeout",
        "---> System.TimeoutException: A connection could not be established within the configured"
        " ConnectTimeout.",
    ),
    _row(
        "mysqlconnector-connect-timeout",
        "dotnet",
        "ETIMEDOUT",
        "MySqlException",
        "Connect Timeout expired",
        r"Connect Timeout expired",
        "MySqlConnector.MySqlException (0x80004005): Connect Timeout expired.",
        service="MySQL",
    ),
    _row(
        "npgsql-connect-timeout",
        "dotnet",
        "ETIMEDOUT",
        "NpgsqlException",
        "Timeout during connection attempt",
        r"Timeout during connection attempt",
        "Npgsql.NpgsqlException (0x80004005): Exception while connecting\n ---> System.TimeoutException:"
        " Timeout during connection attempt",
        service="PostgreSQL",
    ),
    _row(
        "npgsql-exception-while-connecting",
        "dotnet",
        "ETIMEDOUT",
        "NpgsqlException",
        "Exception while connecting",
        r"Exception while connecting\s*---> System\.TimeoutException",
        "Npgsql.NpgsqlException (0x80004005): Exception while connecting\n ---> System.TimeoutException:"
        " The operation has timed out.",
        service="PostgreSQL",
    ),
    # Npgsql 3-4: the connect's own timeout surfaces as a bare TimeoutException thrown from Connect.
    # ASP.NET's developer page prints the frames without `at` (localized .NET says `bei`, `en`).
    _row(
        "npgsql-operation-timed-out",
        "dotnet",
        "ETIMEDOUT",
        "TimeoutException",
        "The operation has timed out",
        r"(?:TimeoutException: The operation has timed out\.?|The operation has timed out\.?:"
        r" TimeoutException)\s+(?:(?:at|bei|en) )?Npgsql\.(?:TaskExtensions\.<WithTimeout>"
        r"|NpgsqlConnector\.(?:<ConnectAsync>|Connect\())",
        "> System.AggregateException: One or more errors occurred. ---> System.TimeoutException: The"
        " operation has timed out.\n   at Npgsql.NpgsqlConnector.Connect(NpgsqlTimeout timeout)\n   at"
        " Npgsql.NpgsqlConnector.RawOpen(NpgsqlTimeout timeout)",
        service="PostgreSQL",
    ),
    # SqlClient's TCP provider timing out while it opens the connection (its error 0 carries the
    # Winsock text, or this one when its own wait ran out).
    _row(
        "sqlclient-tcp-wait-timed-out",
        "dotnet",
        "ETIMEDOUT",
        "SqlException",
        "error: 0 - The wait operation timed out",
        r"while establishing a connection to SQL Server\b[^\n]*\(provider: TCP Provider, error: 0 - The"
        r" wait operation timed out\.?\)",
        "A network-related or instance-specific error occurred while establishing a connection to SQL"
        " Server. The server was not found or was not accessible. Verify that the instance name is correct"
        " and that SQL Server is configured to allow remote connections. (provider: TCP Provider, error: 0"
        " - The wait operation timed out.)",
        service="SQL Server",
    ),
    _row(
        "dotnet-http-dest",
        "dotnet",
        None,
        None,
        "HttpRequestException: ",
        r"HttpRequestException: [^(\r\n]*\((?P<dest>[^()\s]+:\d+)\)",
        "System.Net.Http.HttpRequestException: Connection refused (10.0.1.5:8080)",
    ),
    # On macOS a socket's ETIMEDOUT reads "Operation timed out" (a strerror row, so a read-phase
    # marker in the event drops it like the other strerror rows).
    _row(
        "strerror-dotnet-macos-timed-out",
        "dotnet",
        "ETIMEDOUT",
        "Operation timed out",
        "Operation timed out",
        r"SocketException(?: \([^)]*\))? ?: Operation timed out\b",
        "System.Net.Internals.SocketExceptionFactory+ExtendedSocketException : Operation timed out"
        " [::1]:50296\n\nat System.Net.Sockets.Socket.DoConnect(EndPoint endPointSnapshot, SocketAddress"
        " socketAddress)",
    ),
    # .NET appends the endpoint to a connect error's message: `Connection refused 127.0.0.1:1330`.
    _row(
        "dotnet-socket-endpoint",
        "dotnet",
        None,
        None,
        "SocketException",
        rf"SocketException(?: \([^)]*\))? ?: (?:{_DOTNET_CONNECT_WORDS})"
        r" (?P<dest>\[[^\]]+\]:\d+|[0-9.]+:\d+)",
        "System.Net.Internals.SocketExceptionFactory+ExtendedSocketException : Connection refused"
        " 127.0.0.1:1330",
    ),
    # HttpClient puts the endpoint after the message: `... failed to respond. (host:443)`.
    _row(
        "dotnet-paren-dest",
        "dotnet",
        None,
        None,
        (
            "respond. (",
            "refused it. (",
            "known. (",
            "Connection refused (",
            "not known (",
            "Connection timed out (",
            "network. (",
            "host. (",
            "No route to host (",
            "unreachable (",
        ),
        rf"(?:{_DOTNET_CONNECT_WORDS}|No such host is known|Name or service not known)\.?"
        r" \((?P<dest>[^()\s]+:\d+)\)",
        "2024-02-17 16:18:48.655 -06:00 [ERR] Exception caught: A connection attempt failed because the"
        " connected party did not properly respond after a period of time, or established connection"
        " failed because connected host has failed to respond. (cdrm-project.com:443)",
    ),
    # Mono's resolver error (Dns.Error_11001): `SocketException: Could not resolve host 'redis'`.
    _row(
        "dotnet-mono-could-not-resolve",
        "dotnet",
        "ENOTFOUND",
        "SocketException",
        "Could not resolve host '",
        r"SocketException: Could not resolve host '(?P<host>[^'\s]+)'",
        "System.Net.Sockets.SocketException: Could not resolve host 'localhost'\n  at System.Net.Dns"
        ".Error_11001 (System.String hostName)",
    ),
    # EF Core with Npgsql names the server it was opening: `... on server 'tcp://pi:5432'.`
    _row(
        "efcore-npgsql-on-server",
        "dotnet",
        None,
        None,
        "' on server 'tcp://",
        r"on server 'tcp://(?P<dest>[^'\s/]+)'",
        "An error occurred using the connection to database 'price-history-db' on server 'tcp://pi:5432'.\n"
        "System.Net.Sockets.SocketException (11001): No such host is known.",
        service="PostgreSQL",
    ),
    _row(
        "npgsql-failed-to-connect",
        "dotnet",
        None,
        None,
        "Failed to connect to ",
        r"Npgsql\w*Exception \([^)]*\): Failed to connect to (?P<dest>\S+)",
        "Npgsql.NpgsqlException (0x80004005): Failed to connect to 10.0.2.15:5432\n ---> System.Net.Sockets"
        ".SocketException (110): Connection timed out",
        service="PostgreSQL",
    ),
    # ---- Ruby: Errno, SocketError, Net::OpenTimeout, Faraday, redis-rb -----------------------
    _ruby_errno("ECONNREFUSED", "ECONNREFUSED", "Connection refused"),
    _ruby_errno("ETIMEDOUT", "ETIMEDOUT", "Connection timed out"),
    _ruby_errno("EHOSTUNREACH", "ENETUNREACH", "No route to host"),
    _ruby_errno("ENETUNREACH", "ENETUNREACH", "Network is unreachable"),
    _row(
        "ruby-open-timeout",
        "ruby",
        "ETIMEDOUT",
        "Net::OpenTimeout",
        ("Net::OpenTimeout", "(execution expired)"),
        r"Net::OpenTimeout|Failed to open TCP connection to \S+ \(execution expired\)",
        "/var/lang/lib/ruby/3.3.0/net/http.rb:1603:in `initialize': Failed to open TCP connection"
        " to api.example.com:443 (execution expired) (Net::OpenTimeout)",
    ),
    # aws-sdk-ruby wraps Net::OpenTimeout, keeping only its message.
    _row(
        "ruby-seahorse-expired",
        "ruby",
        "ETIMEDOUT",
        "Seahorse::Client::NetworkingError",
        "execution expired",
        r"execution expired \(Seahorse::Client::NetworkingError\)"
        r"|Seahorse::Client::NetworkingError[*:\s-]{0,8}execution expired",
        "/usr/lib/ruby/2.3.0/net/http.rb:880:in `initialize': execution expired"
        " (Seahorse::Client::NetworkingError)",
    ),
    # Socket.tcp(connect_timeout:) and redis-client raise Errno::ETIMEDOUT with this suffix.
    _row(
        "ruby-user-specified-timeout",
        "ruby",
        "ETIMEDOUT",
        "Errno::ETIMEDOUT",
        "user specified timeout",
        r"Connection timed out - user specified timeout",
        "**RedisClient::CannotConnectError** in **/usr/local/lib/ruby/3.2.0/socket.rb:65**\nConnection timed"
        " out - user specified timeout",
    ),
    _row(
        "ruby-faraday-expired",
        "ruby",
        "ETIMEDOUT",
        "Faraday::ConnectionFailed",
        "Faraday::ConnectionFailed",
        r"Faraday::ConnectionFailed(?::|\s*-)\s*execution expired"
        r"|execution expired \(Faraday::ConnectionFailed\)",
        "Faraday::ConnectionFailed: execution expired",
    ),
    _row(
        "ruby-getaddrinfo",
        "ruby",
        "ENOTFOUND",
        "SocketError",
        "getaddrinfo",
        r"getaddrinfo(?:\(3\))?: (?:Name or service not known|Temporary failure in name resolution"
        r"|No address associated with hostname|Name does not resolve"
        r"|nodename nor servname provided, or not known)",
        "SocketError: Failed to open TCP connection to hooks.example.com:443 (getaddrinfo: Name or"
        " service not known)",
    ),
    _row(
        "ruby-redis-timeout",
        "ruby",
        "ETIMEDOUT",
        "Redis::CannotConnectError",
        "Timed out connecting to Redis on",
        r"Timed out connecting to Redis on (?P<dest>[^\s()]+)",
        "Redis::CannotConnectError: Timed out connecting to Redis on 10.0.2.40:6379",
        service="Redis",
    ),
    _row(
        "ruby-redis-connect-timeout",
        "ruby",
        "ETIMEDOUT",
        "Redis::TimeoutError",
        "Error connecting to Redis on ",
        r"Error connecting to Redis on (?P<dest>[^\s()]+) \(Redis::TimeoutError\)",
        "Redis::CannotConnectError: Error connecting to Redis on cilim2.wnaben.ng.0001.apse2.cache"
        ".amazonaws.com:6379 (Redis::TimeoutError)",
        service="Redis",
    ),
    # redis-rb 3.0-3.2 printed the errno name without `Errno::`.
    _row(
        "ruby-redis-econnrefused",
        "ruby",
        "ECONNREFUSED",
        "ECONNREFUSED",
        "Error connecting to Redis on ",
        r"Error connecting to Redis on (?P<dest>[^\s()]+) \(ECONNREFUSED\)",
        "18:09:06 worker_slow.1 | 2014-10-07T16:09:06.270Z 25067 TID-ot9yxe4i0 WARN: Error connecting to"
        " Redis on 127.0.0.1:6379 (ECONNREFUSED)",
        service="Redis",
    ),
    _row(
        "ruby-redis-socketerror",
        "ruby",
        "ENOTFOUND",
        "SocketError",
        "Error connecting to Redis on ",
        r"Error connecting to Redis on (?P<dest>[^\s()]+) \(SocketError\)",
        "Redis::CannotConnectError: Error connecting to Redis on redis.internal:6379 (SocketError)",
        service="Redis",
    ),
    _row(
        "ruby-failed-open",
        "ruby",
        None,
        None,
        "Failed to open TCP connection to ",
        r"Failed to open TCP connection to (?P<dest>[^\s(]*?) ?\(",
        "Faraday::ConnectionFailed: Failed to open TCP connection to api.example.com:443"
        ' (Connection refused - connect(2) for "api.example.com" port 443)',
    ),
    # httpclient appends the endpoint: `getaddrinfo: ... not known (garbage:80) (SocketError)`.
    _row(
        "ruby-httpclient-dest",
        "ruby",
        None,
        None,
        ") (SocketError)",
        r"getaddrinfo: [^()\r\n]*\((?P<dest>[^()\s]+:\d+)\) \(SocketError\)",
        "/path/to/httpclient-2.8.3/lib/httpclient/session.rb:625:in `rescue in create_socket': getaddrinfo:"
        " nodename nor servname provided, or not known (garbage:80) (SocketError)",
    ),
    _row(
        "ruby-connect2",
        "ruby",
        None,
        None,
        "connect(2) for ",
        r"connect\(2\) for (?:(?:\\?\"(?P<host>[^\"\\]*)\\?\"|&quot;(?P<host2>[^&\s]*)&quot;|nil) port"
        r" (?P<port>\d+)|(?P<dest>[^\s)]+))",  # &quot;: exception notifiers that mail HTML; \": JSON
        "Errno::ECONNREFUSED: Connection refused - connect(2) for 10.0.2.40:6379",
    ),
    _row(
        "ruby-redis-dest",
        "ruby",
        None,
        None,
        "Error connecting to Redis on ",
        r"Error connecting to Redis on (?P<dest>[^\s()]+) \(",
        "Redis::CannotConnectError: Error connecting to Redis on 10.0.2.40:6379 (Errno::ECONNREFUSED)",
        service="Redis",
    ),
    # ---- custom runtimes: Rust (hyper/reqwest, AWS SDK for Rust), curl in shell scripts --------
    _row(
        "rust-hyper-connect-timeout",
        "any",
        "ETIMEDOUT",
        "HttpTimeoutError",
        'HttpTimeoutError { kind: "HTTP connect"',
        r"HttpTimeoutError \{ kind: \"HTTP connect\"",
        "Err(DispatchFailure(DispatchFailure { source: ConnectorError { kind: Timeout, source:"
        ' hyper::Error(Connect, HttpTimeoutError { kind: "HTTP connect", duration: 3.1s }),'
        " connection: Unknown } }))",
    ),
    _row(
        "rust-reqwest-url",
        "any",
        None,
        None,
        "for url (",
        r"for url \((?P<url>[A-Za-z][A-Za-z0-9+.-]*://[^)\s]+)\)",
        "error sending request for url (https://api.example.com/v1/rates): error trying to connect:"
        " tcp connect error: Connection refused (os error 111)",
    ),
    # ---- curl (custom runtimes, shell scripts) -------------------------------------------------
    _row(
        "curl-resolve",
        "any",
        "ENOTFOUND",
        "curl (6)",
        "Could not resolve host: ",
        r"Could not resolve host: (?P<host>[^\s;]+)",
        "curl: (6) Could not resolve host: api.example.com",
    ),
    _row(
        "curl-failed-connect",
        "any",
        None,
        None,
        "Failed to connect to ",
        r"Failed to connect to (?P<host>\S+) port (?P<port>\d+)",
        "curl: (7) Failed to connect to 10.0.1.5 port 8080 after 0 ms: Connection refused",
    ),
    # ---- strerror wordings any runtime prints (libc via Python, Java, .NET, Ruby, libpq) ------
    _strerror("strerror-refused", "ECONNREFUSED", "Connection refused"),
    _strerror(
        "strerror-timed-out",
        "ETIMEDOUT",
        "Connection timed out",
        r"\bConnection timed out\b(?! after \d+ ?ms)",
    ),
    # Winsock's wordings (WSAECONNREFUSED, WSAETIMEDOUT, WSAENETUNREACH, WSAEHOSTUNREACH).
    _strerror(
        "strerror-win-refused",
        "ECONNREFUSED",
        "No connection could be made because the target machine actively refused it",
    ),
    _strerror(
        "strerror-win-timed-out",
        "ETIMEDOUT",
        "A connection attempt failed because the connected party did not properly respond",
    ),
    _strerror(
        "strerror-win-unreachable",
        "ENETUNREACH",
        "A socket operation was attempted to an unreachable network",
        r"\bA socket operation was attempted to an unreachable (?:network|host)\b",
    ),
    # Win32 system errors an overlapped (IOCP) connect reports: ERROR_CONNECTION_REFUSED (1225),
    # ERROR_HOST_UNREACHABLE (1232); Python's proactor event loop raises them as
    # ConnectionRefusedError(22, '...', None, 1225, None).
    _strerror(
        "strerror-win32-refused",
        "ECONNREFUSED",
        "The remote computer refused the network connection",
        example="future: <Task finished name='Task-1' coro=<Database.connect() done, defined at"
        " C:\\Users\\andre\\otherthingy.py:13> exception=ConnectionRefusedError(22,"
        " 'The remote computer refused the network connection', None, 1225, None)>",
    ),
    _strerror(
        "strerror-win32-host-unreachable",
        "ENETUNREACH",
        "The remote system is not reachable by the transport",
    ),
    _strerror(
        "strerror-win-no-data",
        "ENOTFOUND",
        "The requested name is valid, but no data of the requested type was found",
    ),
    _strerror(
        "strerror-winhttp-name-not-resolved",
        "ENOTFOUND",  # ERROR_WINHTTP_NAME_NOT_RESOLVED
        "The server name or address could not be resolved",
    ),
    _strerror("strerror-network-unreachable", "ENETUNREACH", "Network is unreachable"),
    _strerror("strerror-no-route", "ENETUNREACH", "No route to host"),
    _strerror("strerror-name-not-known", "ENOTFOUND", "Name or service not known"),
    _strerror("strerror-temporary-failure", "ENOTFOUND", "Temporary failure in name resolution"),
    _strerror("strerror-no-address", "ENOTFOUND", "No address associated with hostname"),
    _strerror("strerror-no-such-host", "ENOTFOUND", "No such host is known"),
    _strerror("strerror-does-not-resolve", "ENOTFOUND", "Name does not resolve"),
    _strerror(
        "strerror-nodename-nor-servname",
        "ENOTFOUND",  # macOS / iOS / BSD EAI_NONAME
        "name nor servname provided, or not known",
        r"\b(?:node|host)name nor servname provided, or not known\b",
        "socket.gaierror: [Errno 8] nodename nor servname provided, or not known",
    ),
)
