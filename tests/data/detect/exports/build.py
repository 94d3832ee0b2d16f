"""Write the small whole exports that exercise each wording class (run: python build.py).

Each case puts one real error wording, copied from the public thread in `source`, into a
filter-log-events export with START/END/REPORT lines around it, in the log-line format of the
runtime that prints it (design §3). `cases.yaml` is the ground truth the test checks; this
script writes it too, so the files and their expectations cannot drift apart.
Deterministic: a second run gives identical bytes.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[3] / "examples"))

import lambda_lines as L  # noqa: E402

DAY = 1795168800000  # 2026-11-20T06:40:00Z


def ruby_line(ms: int, rid: str, text: str) -> str:
    """Ruby's Logger in Lambda: `E, [<ts> #8] ERROR <request id> -- : <message>`."""
    ts = L.iso_z(ms)[:-1] + "000"
    return f"E, [{ts} #8] ERROR {rid} -- : {text}\n"


def dotnet_line(ms: int, rid: str, text: str) -> str:
    return f"{L.iso_z(ms)}\t{rid}\tfail\t{text}\n"


def node_line(ms: int, rid: str, text: str) -> str:
    return L.node_line(ms, rid, "ERROR", text)


def python_line(ms: int, rid: str, text: str) -> str:
    return L.python_log(ms, rid, "ERROR", text)


# Java's System.out and Go's `log` carry no request id; Java writes each line of a trace as
# its own event, Go's `log` prefixes its own timestamp.
def java_lines(ms: int, rid: str, text: str) -> list[str]:
    return [line + "\n" for line in text.split("\n")]


def go_lines(ms: int, rid: str, text: str) -> list[str]:
    return [L.go_log(ms, line) for line in text.split("\n")]


RUNTIMES: dict[str, tuple[str, Callable[[int, str, str], str | list[str]]]] = {
    "nodejs": ("nodejs:20.v33", node_line),
    "python": ("python:3.12.v52", python_line),
    "ruby": ("ruby:3.3.v12", ruby_line),
    "dotnet": ("dotnet:8.v27", dotnet_line),
    "java": ("java:21.v19", java_lines),
    "go": ("provided:al2023.v58", go_lines),
}

INFO = {
    "nodejs": lambda ms, rid: L.node_line(ms, rid, "INFO", "handling order batch"),
    "python": lambda ms, rid: L.python_log(ms, rid, "INFO", "handling order batch"),
    "ruby": lambda ms, rid: f"I, [{L.iso_z(ms)[:-1]}000 #8]  INFO {rid} -- : handling order batch\n",
    "dotnet": lambda ms, rid: f"{L.iso_z(ms)}\t{rid}\tinfo\thandling order batch\n",
    "java": lambda ms, rid: "INFO handling order batch\n",
    "go": lambda ms, rid: L.go_log(ms, "handling order batch"),
}

# name, runtime, invocations, invocations that print the line, severity, category, host, port,
# source, the line. Severity NONE: the line is no connect failure (the expected count is 0).
CASES: list[tuple[str, str, int, int, str, str | None, str | None, int | None, str, str]] = [
    ("ruby-seahorse-execution-expired", "ruby", 12, 7, "HIGH", "ETIMEDOUT", None, None,
     "https://github.com/aws/aws-sdk-ruby/issues/1034",
     "/usr/lib/ruby/2.3.0/net/http.rb:880:in `initialize': execution expired"
     " (Seahorse::Client::NetworkingError)"),
    ("ruby-redis-timeouterror", "ruby", 10, 2, "ELEVATED", "ETIMEDOUT",
     "cilim2.wnaben.ng.0001.apse2.cache.amazonaws.com", 6379,
     "https://github.com/redis/redis-rb/issues/648",
     "Redis::CannotConnectError: Error connecting to Redis on cilim2.wnaben.ng.0001.apse2.cache"
     ".amazonaws.com:6379 (Redis::TimeoutError)"),
    ("ruby-redis-client-user-specified-timeout", "ruby", 9, 6, "HIGH", "ETIMEDOUT", None, None,
     "https://github.com/exercism/website/issues/6281",
     "**RedisClient::CannotConnectError** in **/usr/local/lib/ruby/3.2.0/socket.rb:65**\n"
     "Connection timed out - user specified timeout"),
    ("ruby-redis-rb-3-bare-econnrefused", "ruby", 9, 7, "HIGH", "ECONNREFUSED", "127.0.0.1", 6379,
     "https://github.com/feedbin/feedbin/issues/120",
     "Error connecting to Redis on 127.0.0.1:6379 (ECONNREFUSED)"),
    ("ruby-no-route-connect2", "ruby", 8, 1, "ELEVATED", "ENETUNREACH", None, None,
     "https://github.com/heroku/legacy-cli/issues/1157",
     "No route to host - connect(2)"),
    ("go-getsockopt-refused", "go", 10, 3, "ELEVATED", "ECONNREFUSED", "192.168.1.93", 10015,
     "https://github.com/TarsCloud/TarsGo/issues/61",
     "dial tcp 192.168.1.93:10015: getsockopt: connection refused"),
    ("go-connectex-refused", "go", 9, 6, "HIGH", "ECONNREFUSED", "127.0.0.1", 5080,
     "https://github.com/HyNetworks/hysteria/issues/755",
     "ERROR [3100695417] inbound/http[http]: process connection from 127.0.0.1:52440: dial tcp"
     " 127.0.0.1:5080: connectex: No connection could be made because the target machine actively"
     " refused it."),
    ("go-connectex-unreachable", "go", 6, 2, "ELEVATED", "ENETUNREACH", "2a00:1450:4006:804::200d", 443,
     "https://github.com/Alvin9999/new-pac/issues/311",
     "\"error\": \"dial tcp6 [2a00:1450:4006:804::200d]:443: connectex: A socket operation was"
     " attempted to an unreachable network.\""),
    ("go-unquoted-request-url", "go", 7, 7, "HIGH", "ENOTFOUND", "mobile.eu-central-1.amazonaws.com", 443,
     "https://github.com/rebuy-de/aws-nuke/issues/202",
     "    !!! caused by: Get https://mobile.eu-central-1.amazonaws.com/projects?maxResults=100: dial"
     " tcp: lookup mobile.eu-central-1.amazonaws.com on 127.0.0.53:53: no such host "),
    ("go-lookup-host-in-parentheses", "go", 6, 6, "HIGH", "ENOTFOUND", "db", None,
     "https://github.com/jackc/pgx/issues/453",
     "panic: dial tcp: lookup (db): no such host"),
    ("go-lookup-host-in-escaped-quotes", "go", 8, 1, "ELEVATED", "ENOTFOUND", "postgres", None,
     "https://github.com/prometheus-community/postgres_exporter/issues/482",
     "` dial tcp: lookup \\\"postgres: no such host\" source=\"postgres_exporter.go:1608\"`"),
    ("node-err-socket-connection-timeout", "nodejs", 12, 8, "HIGH", "ETIMEDOUT", None, None,
     "https://github.com/waylaidwanderer/node-chatgpt-api/issues/338",
     "TypeError: fetch failed\n    at Object.fetch (node:internal/deps/undici/undici:11457:11)\n    at"
     " processTicksAndRejections (node:internal/process/task_queues:95:5) {\n  cause: Error"
     " [ERR_SOCKET_CONNECTION_TIMEOUT]: Socket connection timeout\n      at new NodeError"
     " (node:internal/errors:399:5)\n      at internalConnectMultiple (node:net:1098:20)\n      at"
     " Timeout.internalConnectMultipleTimeout (node:net:1637:3) {\n    code:"
     " 'ERR_SOCKET_CONNECTION_TIMEOUT'\n  }\n}"),
    ("node-error-fields-as-json-text", "nodejs", 6, 2, "ELEVATED", "ETIMEDOUT", None, None,
     "https://github.com/request/request/issues/2630",
     "error: {\"code\":\"ETIMEDOUT\",\"errno\":\"ETIMEDOUT\",\"syscall\":\"connect\","
     "\"address\":\"\",\"port\":}"),
    ("node-aws-sdk-v2-bare-enotfound", "nodejs", 10, 6, "HIGH", "ENOTFOUND", None, None,
     "https://github.com/aws/aws-sdk-js/issues/55",
     "{ [NetworkingError: getaddrinfo ENOTFOUND]\n  code: 'NetworkingError',\n  errno: 'ENOTFOUND',\n"
     "  syscall: 'getaddrinfo',\n  retryable: true,\n  name: 'NetworkingError',\n  statusCode: undefined }"),
    ("node-mongo-timeout-error", "nodejs", 10, 6, "HIGH", "ETIMEDOUT", None, None,
     "https://github.com/Automattic/mongoose/issues/8263",
     "MongoTimeoutError: Server selection timed out after 30000 ms\n    at Timeout.setTimeout [as"
     " _onTimeout] (/opt/app/node_modules/mongodb/lib/core/sdam/topology.js:850:16)\n    at ontimeout"
     " (timers.js:498:11)"),
    ("dotnet-npgsql-operation-timed-out", "dotnet", 10, 7, "HIGH", "ETIMEDOUT", None, None,
     "https://github.com/npgsql/npgsql/issues/876",
     "System.AggregateException: One or more errors occurred. ---> System.TimeoutException: The"
     " operation has timed out.\n   at Npgsql.NpgsqlConnector.Connect(NpgsqlTimeout timeout)\n   at"
     " Npgsql.NpgsqlConnector.RawOpen(NpgsqlTimeout timeout)"),
    ("dotnet-socket-10061-localized", "dotnet", 8, 2, "ELEVATED", "ECONNREFUSED", "localhost", 5051,
     "https://github.com/dotnet/dotnet-api-docs/issues/9821",
     "System.Net.Http.HttpRequestException: No se puede establecer una conexión ya que el equipo de"
     " destino denegó expresamente dicha conexión. (localhost:5051)\n ---> System.Net.Sockets"
     ".SocketException (10061): No se puede establecer una conexión ya que el equipo de destino denegó"
     " expresamente dicha conexión."),
    ("dotnet-endpoint-after-message", "dotnet", 7, 6, "HIGH", "ECONNREFUSED", "127.0.0.1", 1330,
     "https://github.com/dotnet/corefx/issues/28695",
     "System.Net.Internals.SocketExceptionFactory+ExtendedSocketException : Connection refused"
     " 127.0.0.1:1330\nStack Trace :\n   at System.Net.Sockets.Socket.DoConnect(EndPoint"
     " endPointSnapshot, SocketAddress socketAddress)"),
    ("dotnet-winsock-timeout-host-in-parens", "dotnet", 10, 3, "ELEVATED", "ETIMEDOUT",
     "cdrm-project.com", 443,
     "https://github.com/sim0n00ps/OF-DL/issues/283",
     "2024-02-17 16:18:48.655 -06:00 [ERR] Exception caught: A connection attempt failed because the"
     " connected party did not properly respond after a period of time, or established connection"
     " failed because connected host has failed to respond. (cdrm-project.com:443)"),
    ("dotnet-winsock-no-data", "dotnet", 6, 1, "ELEVATED", "ENOTFOUND", None, None,
     "https://github.com/duplicati/duplicati/issues/585",
     "System.Net.Sockets.SocketException: The requested name is valid, but no data of the requested"
     " type was found\n   at System.Net.Dns.InternalGetHostByName(String hostName, Boolean includeIPv6)"),
    ("dotnet-hostname-nor-servname", "dotnet", 9, 9, "HIGH", "ENOTFOUND",
     "prd-tlmservices-apim.epaysystems.com", 443,
     "https://github.com/dotnet/runtime/issues/111058",
     "System.Net.Http.HttpRequestException: hostname nor servname provided, or not known"
     " (prd-tlmservices-apim.epaysystems.com:443)\n ---> System.Net.Sockets.SocketException"
     " (0xFFFDFFFF): hostname nor servname provided, or not known"),
    ("java-unable-to-resolve-host", "java", 8, 3, "ELEVATED", "ENOTFOUND",
     "lambda.ap-northeast-1.amazonaws.com", None,
     "https://github.com/aws-amplify/aws-sdk-android/issues/251",
     "Caused by: com.amazonaws.AmazonClientException: Unable to execute HTTP request: Unable to"
     " resolve host \"lambda.ap-northeast-1.amazonaws.com\": No address associated with hostname\n"
     "\tat com.amazonaws.http.AmazonHttpClient.executeHelper(AmazonHttpClient.java:424)"),
    ("java-sdk-v2-refused-address", "java", 10, 7, "HIGH", "ECONNREFUSED", "127.0.0.1", 32935,
     "https://github.com/testcontainers/testcontainers-java/issues/7451",
     "java.util.concurrent.CompletionException: software.amazon.awssdk.core.exception.SdkClientException:"
     " Unable to execute HTTP request: Connection refused: /127.0.0.1:32935\n\tat software.amazon.awssdk"
     ".utils.CompletableFutureUtils.errorAsCompletionException(CompletableFutureUtils.java:65)"),
    ("java-httpclient-connection-to-url-refused", "java", 6, 2, "ELEVATED", "ECONNREFUSED",
     "192.168.1.1", 8080,
     "https://github.com/rastating/DroidBeard/issues/79",
     "org.apache.http.conn.HttpHostConnectException: Connection to http://192.168.1.1:8080 refused\n"
     "    at org.apache.http.impl.conn.DefaultClientConnectionOperator.openConnection"
     "(DefaultClientConnectionOperator.java:183)"),
    ("java-elasticsearch-timeout-connecting", "java", 9, 6, "HIGH", "ETIMEDOUT", "es", 9200,
     "https://github.com/IHTSDO/snowstorm/issues/541",
     "2023-08-08 10:59:02.899  WARN 1 --- [           main] .s.d.e.r.s.SimpleElasticsearchRepository :"
     " Cannot create index: Timeout connecting to [es/172.19.0.2:9200]; nested exception is"
     " java.lang.RuntimeException: Timeout connecting to [es/172.19.0.2:9200]"),
    ("java-httpclient-route", "java", 7, 3, "ELEVATED", "ENETUNREACH", "192.168.1.112", 8080,
     "https://github.com/opencast/opencast-docker/issues/136",
     "15:54:41.801 [main] INFO  o.a.http.impl.execchain.RetryExec - I/O exception"
     " (java.net.NoRouteToHostException) caught when processing request to {}->http://192.168.1.112:8080:"
     " Host is unreachable (Host unreachable)"),
    ("python-winerror-10061", "python", 8, 6, "HIGH", "ECONNREFUSED", None, None,
     "https://github.com/0vercl0k/paracosme/issues/2",
     "ConnectionRefusedError: [WinError 10061] No connection could be made because the target machine"
     " actively refused it"),
    ("python-odbc-login-timeout", "python", 10, 2, "ELEVATED", "ETIMEDOUT", None, None,
     "https://github.com/kuharan/Lambda-Layers/issues/4",
     "pyodbc.OperationalError: ('HYT00', '[HYT00] [Microsoft][ODBC Driver 17 for SQL Server]Login"
     " timeout expired (0) (SQLDriverConnect)')"),
    ("python-address-tuple", "python", 7, 7, "HIGH", "ENETUNREACH", "192.168.159.143", 7687,
     "https://github.com/JPCERTCC/LogonTracer/issues/75",
     "neobolt.exceptions.ServiceUnavailable: Failed to establish connection to ('192.168.159.143',"
     " 7687) (reason [Errno 113] No route to host)"),
    ("ruby-read-timeouts-are-not-connect-failures", "ruby", 8, 6, "NONE", None, None, None,
     "https://github.com/osunyorg/admin/issues/2393",
     "**Seahorse::Client::NetworkingError** in **active_storage/representations/redirect#show**\n"
     "Net::ReadTimeout with #<TCPSocket:(closed)>"),
    ("dotnet-receive-timeout-is-not-a-connect-failure", "dotnet", 8, 6, "NONE", None, None, None,
     "https://github.com/npgsql/npgsql/issues/1548",
     "System.Net.Sockets.SocketException: A connection attempt failed because the connected party did"
     " not properly respond after a period of time, or established connection failed because connected"
     " host has failed to respond.\n   at System.Net.Sockets.Socket.Receive(Byte[] buffer, Int32 offset,"
     " Int32 size, SocketFlags socketFlags)"),
    ("java-pool-timeout-is-not-a-connect-failure", "java", 8, 6, "NONE", None, None, None,
     "https://github.com/awsdocs/aws-doc-sdk-examples/issues/7259",
     "com.amazonaws.SdkClientException: Unable to execute HTTP request: Timeout waiting for connection"
     " from pool\n        at com.amazonaws.http.AmazonHttpClient$RequestExecutor.handleRetryableException"
     "(AmazonHttpClient.java:1207)"),
    ("java-android-failed-to-connect-after", "java", 8, 2, "ELEVATED", "ETIMEDOUT", "test.squalala.com", 80,
     "https://github.com/lysine-dev/retrofit/issues/672",
     "java.net.SocketTimeoutException: failed to connect to test.squalala.com/37.187.31.135 (port 80) after"
     " 15000ms\n\tat libcore.io.IoBridge.connectErrno(IoBridge.java:159)"),
    ("java-android-connect-failed-enetunreach", "java", 7, 7, "HIGH", "ENETUNREACH",
     "api.unfoldingword.org", 443,
     "https://github.com/unfoldingWord-dev/ts-android/issues/2149",
     "java.net.ConnectException: failed to connect to api.unfoldingword.org/198.58.102.248 (port 443):"
     " connect failed: ENETUNREACH (Network is unreachable)\n"
     "\tat libcore.io.IoBridge.connect(IoBridge.java:124)"),
    ("java-sdk-v2-received-unknown-host", "java", 10, 6, "HIGH", "ENOTFOUND", None, None,
     "https://github.com/AutoMQ/automq/issues/883",
     "java.util.concurrent.ExecutionException: software.amazon.awssdk.core.exception.SdkClientException:"
     " Received an UnknownHostException when attempting to interact with a service. See cause for the"
     " exact endpoint that is failing to resolve. If this is happening on an endpoint that previously"
     " worked, there may be a network connectivity issue or your DNS cache could be storing endpoints for"
     " too long."),
    ("node-getaddrinfo-host-and-port", "nodejs", 9, 2, "ELEVATED", "ENOTFOUND", "proxy.yourcorp.com", 811,
     "https://github.com/npm/npm/issues/15059",
     "81 info retry will retry, error on last attempt: Error: getaddrinfo EAI_AGAIN proxy.yourcorp.com:811"),
    ("go-macos-operation-timed-out", "go", 8, 6, "HIGH", "ETIMEDOUT", "172.17.10.24", 1063,
     "https://github.com/jlaffaye/ftp/issues/177",
     "dial tcp 172.17.10.24:1063: connect: operation timed out"),
    ("go-listen-lookup-is-not-a-connect-failure", "go", 6, 6, "NONE", None, None, None,
     "https://github.com/karlsen-network/karlsend/issues/46",
     "Error listening to TCP on localhost:9182: listen tcp: lookup localhost on 8.8.8.8:53: no such host"),
    ("dotnet-winhttp-name-not-resolved", "dotnet", 7, 7, "HIGH", "ENOTFOUND", None, None,
     "https://github.com/aspnet/aspnet-docker/issues/393",
     "System.Net.Http.HttpRequestException: An error occurred while sending the request. --->"
     " System.Net.Http.WinHttpException: The server name or address could not be resolved"),
    ("python-libpq-host-without-port", "python", 9, 1, "ELEVATED", "ETIMEDOUT",
     "venturafranklin-874.postgres.pythonanywhere-services.com", None,
     "https://github.com/ThetaTau/CMT/issues/831",
     "OperationalError: could not connect to server: Connection timed out Is the server running on"
     " host \"venturafranklin-874.postgres.pythonanywhere-services.com\" (10.0.0.53) and accepting"
     " TCP/IP connection"),
    ("python-win32-1225-refused", "python", 9, 3, "ELEVATED", "ECONNREFUSED", None, None,
     "https://github.com/truedl/discord-bot-leveling-system/issues/1",
     "future: <Task finished name='Task-1' coro=<Database.connect() done, defined at"
     " C:\\Users\\andre\\PycharmProjects\\pythonProject\\otherthingy.py:13>"
     " exception=ConnectionRefusedError(22, 'The remote computer refused the network connection',"
     " None, 1225, None)>"),
    ("go-dial-timeout-without-address", "go", 8, 5, "ELEVATED", "ETIMEDOUT", "s3.amazonaws.com", 443,
     "https://github.com/rlmcpherson/s3gof3r/issues/70",
     "gof3r error: Post https://s3.amazonaws.com/sqlbackup.wts.edu/s3backup.test?uploads: dial tcp:"
     " i/o timeout"),
    ("ruby-udp-recvfrom-is-not-a-connect-failure", "ruby", 8, 6, "NONE", None, None, None,
     "https://github.com/bfosberry/GameSocial/issues/286",
     "Connection refused - recvfrom(2)\napp/models/game_social_server.rb:41:in `block in server_info'"),
    ("python-statsd-send-is-not-a-connect-failure", "python", 9, 9, "NONE", None, None, None,
     "https://github.com/apache/superset/issues/5069",
     "Traceback (most recent call last):\n  File \"/usr/local/lib/python3.6/site-packages/gunicorn/"
     "instrument/statsd.py\", line 121, in _sock_send\n    self.sock.send(msg)\nConnectionRefusedError:"
     " [Errno 111] Connection refused"),
    ("java-udp-send-is-not-a-connect-failure", "java", 7, 5, "NONE", None, None, None,
     "https://github.com/resourcepool/ssdp-client/issues/8",
     "java.net.SocketException: sendto failed: ENETUNREACH (Network is unreachable)"),
    ("dotnet-macos-operation-timed-out", "dotnet", 8, 3, "ELEVATED", "ETIMEDOUT", "::1", 50296,
     "https://github.com/dotnet/corefx/issues/26810",
     "System.Net.Internals.SocketExceptionFactory+ExtendedSocketException : Operation timed out"
     " [::1]:50296\n\nat System.Net.Sockets.Socket.DoConnect(EndPoint endPointSnapshot, SocketAddress"
     " socketAddress)"),
    ("java-own-hostname-is-not-a-connect-failure", "java", 6, 6, "NONE", None, None, None,
     "https://github.com/ReactiveX/RxAndroid/issues/101",
     "java.net.UnknownHostException: MacBook-Pro.local: MacBook-Pro.local: nodename nor servname"
     " provided, or not known"),
    ("dotnet-efcore-on-server", "dotnet", 9, 7, "HIGH", "ENOTFOUND", "pi", 5432,
     "https://github.com/npgsql/npgsql/issues/3301",
     "An error occurred using the connection to database 'price-history-db' on server 'tcp://pi:5432'.\n"
     "System.Net.Sockets.SocketException (11001): No such host is known.\n   at System.Net.Dns"
     ".InternalGetHostByName(String hostName)"),
    ("go-dial-without-syscall-name", "go", 9, 4, "ELEVATED", "ENETUNREACH", "10.0.2.15", 8080,
     "https://github.com/justingrayston/kubernetes-docker-dns/issues/13",
     "Failed to list *api.Service: Get http://10.0.2.15:8080/api/v1/services: dial tcp"
     " 10.0.2.15:8080: no route to host"),
    ("ruby-html-escaped-host", "ruby", 8, 6, "HIGH", "ECONNREFUSED", "api.steampowered.com", 443,
     "https://github.com/bfosberry/GameSocial/issues/300",
     "Connection refused - connect(2) for &quot;api.steampowered.com&quot; port 443\n"
     "app/providers/steam_provider.rb:76:in `block in summary&#39;"),
    ("node-listen-lookup-is-not-a-connect-failure", "nodejs", 7, 7, "NONE", None, None, None,
     "https://github.com/danny-avila/LibreChat/issues/21",
     "Error: getaddrinfo EAI_AGAIN \"localhost\"\n    at GetAddrInfoReqWrap.onlookup [as oncomplete]"
     " (node:dns:107:26)\nEmitted 'error' event on Server instance at:\n    at GetAddrInfoReqWrap.doListen"
     " [as callback] (node:net:1934:12)"),
    ("go-json-escaped-request-url", "go", 8, 6, "HIGH", "ECONNREFUSED", "minio-k8s7", 32447,
     "https://github.com/minio/minio/pull/15245",
     "  \"error\": \"Put \\\"http://minio-k8s7:32447/minio-go-test-56apa3diuvry0r9r/\\\": dial tcp"
     " 15.15.15.7:32447: connect: connection refused\","),
    ("java-macos-operation-timed-out", "java", 7, 3, "ELEVATED", "ETIMEDOUT", None, None,
     "https://github.com/bboyairwreck/PieMessage/issues/24",
     "java.net.ConnectException: Operation timed out"),
    ("ruby-httpclient-endpoint", "ruby", 8, 5, "ELEVATED", "ENOTFOUND", "garbage", 80,
     "https://github.com/lostisland/faraday/issues/702",
     "/path/to/httpclient-2.8.3/lib/httpclient/session.rb:625:in `rescue in create_socket': getaddrinfo:"
     " nodename nor servname provided, or not known (garbage:80) (SocketError)"),
    ("dotnet-mono-could-not-resolve", "dotnet", 8, 6, "HIGH", "ENOTFOUND", "localhost", None,
     "https://github.com/aspnet/KestrelHttpServer/issues/728",
     "System.Net.Sockets.SocketException: Could not resolve host 'localhost'\n  at System.Net.Dns"
     ".Error_11001 (System.String hostName) <0x4122a8a0 + 0x00073> in <filename unknown>:0"),
    # Issue 9's known gaps and the wordings its corpus work added, each in a whole export.
    ("java-netty-annotated-unreachable", "java", 9, 4, "ELEVATED", "ENETUNREACH", "api.push.apple.com", 443,
     "https://github.com/jchambers/pushy/issues/1044",
     "io.netty.channel.AbstractChannel$AnnotatedSocketException: Network is unreachable:"
     " api.push.apple.com/2620:149:208:4308:0:0:0:a:443"),
    ("java-httpclient-connect-to-timed-out", "java", 8, 6, "HIGH", "ETIMEDOUT", "s3.amazonaws.com", 443,
     "https://github.com/aws/aws-sdk-java/issues/1546",
     "com.amazonaws.AmazonClientException: Unable to execute HTTP request: Connect to s3.amazonaws.com:443"
     " [s3.amazonaws.com/52.216.101.53] failed: connect timed out"),
    ("python-https-endpoint-url-port", "python", 10, 3, "ELEVATED", "ETIMEDOUT", "ec2.us-west-2.amazonaws.com",
     443, "https://github.com/aws/aws-cli/issues/6450",
     "botocore.exceptions.ConnectTimeoutError: Connect timeout on endpoint URL:"
     " \"https://ec2.us-west-2.amazonaws.com/\""),
    ("python-urllib3-https-pool", "python", 9, 7, "HIGH", "ENETUNREACH", "api6.ipify.org", 443,
     "https://github.com/timothymiller/cloudflare-ddns/issues/189",
     "HTTPSConnectionPool(host='api6.ipify.org', port=443): Max retries exceeded with url: /?format=json"
     " (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f7473106160>: Failed"
     " to establish a new connection: [Errno 101] Network is unreachable'))"),
    ("node-pg-connection-timeout", "nodejs", 8, 5, "ELEVATED", "ETIMEDOUT", None, None,
     "https://github.com/plaid/pattern/issues/180",
     "UnhandledPromiseRejectionWarning: Error: Connection terminated due to connection timeout\n    at"
     " Connection.<anonymous> (/home/ec2-user/fundfi/pattern/server/node_modules/pg/lib/client.js:223:9)"),
    ("node-rethinkdb-connect-timeout", "nodejs", 9, 6, "HIGH", "ETIMEDOUT", "172.16.230.151", 28015,
     "https://github.com/neumino/rethinkdbdash/issues/364",
     "Fail to create a new connection for the connection pool. Error:{\"msg\":\"Failed to connect to"
     " 172.16.230.151:28015 in less than 20s\",\"message\":\"Failed to connect to 172.16.230.151:28015 in less"
     " than 20s.\",\"isOperational\":true}"),
    ("node-prisma-p1001", "nodejs", 7, 2, "ELEVATED", "ETIMEDOUT", "abc.mysql.rds.aliyuncs.com", 3306,
     "https://github.com/prisma/orm/issues/10952",
     "Error: P1001 - Can't reach database server at `abc.mysql.rds.aliyuncs.com`:`3306`"),
    ("dotnet-sqlclient-tcp-wait-timed-out", "dotnet", 8, 3, "ELEVATED", "ETIMEDOUT", None, None,
     "https://github.com/robertpopa22/mRemoteNG/issues/165",
     "A network-related or instance-specific error occurred while establishing a connection to SQL Server."
     " The server was not found or was not accessible. Verify that the instance name is correct and that SQL"
     " Server is configured to allow remote connections. (provider: TCP Provider, error: 0 - The wait"
     " operation timed out.)"),
    ("dotnet-socket-11-eai-again", "dotnet", 7, 6, "HIGH", "ENOTFOUND", None, None,
     "https://github.com/Jackett/Jackett/issues/6676",
     "System.Net.Http.HttpRequestException: Resource temporarily unavailable\n ---> System.Net.Sockets"
     ".SocketException (11): Resource temporarily unavailable\n   at System.Net.Http.ConnectHelper"
     ".ConnectAsync(String host, Int32 port, CancellationToken cancellationToken)"),
    ("dotnet-udp-sendto-is-not-a-connect-failure", "dotnet", 6, 6, "NONE", None, None, None,
     "https://github.com/lontivero/Open.NAT/issues/103",
     "Open.NAT Error: 0 : System.Net.Sockets.SocketException (0x80004005): A socket operation was attempted"
     " to an unreachable network\n   at System.Net.Sockets.Socket.SendTo(Byte[] buffer, Int32 offset, Int32"
     " size, SocketFlags socketFlags, EndPoint remoteEP)\n   at System.Net.Sockets.UdpClient.Send(Byte[]"
     " dgram, Int32 bytes, IPEndPoint endPoint)"),
    ("dotnet-transfer-on-open-socket-is-not-a-connect-failure", "dotnet", 6, 4, "NONE", None, None, None,
     "https://github.com/StackExchange/StackExchange.Redis/issues/741",
     "SocketFailure on HGETALLOne or more errors occurred. (Unable to transfer data on the transport"
     " connection: A connection attempt failed because the connected party did not properly respond after a"
     " period of time, or established connection failed because connected host has failed to respond.)"),
]


def build(name: str, runtime: str, invocations: int, failing: int, text: str, seed: int) -> str:
    rng = random.Random(seed)
    ids = L.EventIds(rng)
    version, error = RUNTIMES[runtime]
    streams = [L.log_stream_name(rng, DAY) for _ in range(2)]
    failing_at = set(rng.sample(range(invocations), failing))
    events: list[L.Event] = []
    ms = DAY + rng.randrange(3_600_000)

    def emit(stream: str, message: str) -> None:
        nonlocal ms
        events.append(L.Event(stream, ms, message, ms + rng.randrange(200, 900), ids.next()))
        ms += rng.randrange(1, 40)

    for stream in streams:
        emit(stream, L.init_start(version, L.runtime_version_arn(rng)))
    for n in range(invocations):
        stream = streams[n % 2]
        rid = L.request_id(rng)
        emit(stream, L.start(rid))
        emit(stream, INFO[runtime](ms, rid))
        if n in failing_at:
            ms += 3000
            out = error(ms, rid, text)
            for message in out if isinstance(out, list) else [out]:
                emit(stream, message)
            duration = 3000 + rng.random() * 40
        else:
            duration = 20 + rng.random() * 200
        emit(stream, L.end(rid))
        emit(stream, L.report(rid, duration, 512, 90 + rng.randrange(30)))
        ms += rng.randrange(2000, 9000)
    return L.filter_log_events_text(events)


def main() -> None:
    manifest = []
    for seed, case in enumerate(CASES):
        name, runtime, inv, printing, severity, category, host, port, source, text = case
        (HERE / f"{name}.json").write_text(build(name, runtime, inv, printing, text, seed), encoding="utf-8")
        manifest.append({"file": f"{name}.json", "runtime": runtime, "source": source,
                         "invocations": inv, "printing_the_line": printing,
                         "failed_invocations": printing if category else 0, "severity": severity,
                         "category": category, "host": host, "port": port})
    header = "# Written by build.py: what connfail must say about each export here.\n"
    (HERE / "cases.yaml").write_text(header + yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")


if __name__ == "__main__":
    main()
