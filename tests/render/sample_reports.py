"""Hand-built Reports for the renderer tests: fixed numbers, independent of the classifier.

Each stands for a real situation (the examples/ exports, and a hostile log) so the golden files
read like what a user sees.
"""

from __future__ import annotations

from collections import Counter

from checker.analyze import conclude
from checker.cost import TimeoutPattern, Wasted, known_timeout
from checker.detect.model import ConnectionFailure
from checker.digest import digest
from checker.finding import ErrorCount, FailedInvocation, Finding, StreamShare
from checker.ingest.read import InputStats
from checker.report import FunctionCount, Report, Summary
from checker.vocab import Severity

T0 = 1795168933136  # 2026-11-20T10:02:13.136Z
STREAMS = [
    f"2026/11/20/[$LATEST]{h}"
    for h in (
        "ec7ac8ad1b2ba06b6ae12c972399d29d",
        "58b8413f8ef5b163cef350e708d01bfe",
        "a93db3eb4ae79162ece135bc20aa2891",
        "55aa024d5c3a34f5dcb152b0fa1eafae",
        "0b7f3c2a9d8e4f6a1b2c3d4e5f607182",
        "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
        "13579bdf2468ace013579bdf2468ace0",
    )
]


def _stats(path: str, fmt: str, events: int, skipped: dict[str, int] | None = None) -> InputStats:
    reasons = Counter(skipped or {})
    return InputStats(
        path=path, format=fmt, events=events, skipped=sum(reasons.values()), skipped_reasons=reasons
    )


def _report(inputs: list[InputStats], functions: list[FunctionCount], findings: list[Finding]) -> Report:
    findings = list(conclude(findings))  # remediation and the summary sentence, as the pipeline does
    severity = max((f.severity for f in findings), default=Severity.NONE)
    return Report(
        inputs=tuple(inputs),
        ignored=(),
        functions=tuple(functions),
        findings=tuple(findings),
        summary=Summary(
            events=sum(i.events for i in inputs),
            invocations=sum(f.invocations for f in functions),
            failed_invocations=sum(f.failed_invocations for f in findings),
            severity=severity,
        ),
        version="0.1.0",
        digest=digest(tuple(findings)),
    )


def _failed(
    n: int,
    failure: ConnectionFailure,
    streams: list[str],
    duration: float | None,
    step_ms: int = 517_000,
    timed_out: bool = False,
    attempts: int = 1,
) -> tuple[FailedInvocation, ...]:
    return tuple(
        FailedInvocation(
            f"{i:08x}-588e-4bce-b71e-d78a1dc02e27",
            streams[i % len(streams)],
            T0 + i * step_ms,
            failure,
            duration,
            timed_out,
            attempts,
        )
        for i in range(n)
    )


def vpc_postgres() -> Report:
    """examples/vpc-node-postgres.json: 28 of 150 invocations, pg ETIMEDOUT, ~127 s each."""
    message = "connect ETIMEDOUT 10.0.3.47:5432"
    failure = ConnectionFailure(
        "ETIMEDOUT", "ETIMEDOUT", "nodejs", "10.0.3.47", 5432, "PostgreSQL", message, "10.0.1.23:45174"
    )
    example = (
        "2026-11-20T10:02:13.136Z\t939ae232-588e-4bce-b71e-d78a1dc02e27\tERROR\tFailed to load order "
        "ord_5e66c164e7 Error: connect ETIMEDOUT 10.0.3.47:5432 - Local (10.0.1.23:45174)"
    )
    error = ErrorCount("ETIMEDOUT", "ETIMEDOUT", message, "10.0.3.47", 5432, "PostgreSQL", 28, example)
    sources = (
        StreamShare(STREAMS[0], 11, 23, None, None, ("10.0.1.23",)),
        StreamShare(STREAMS[1], 9, 21, None, None, ("10.0.1.87",)),
        StreamShare(STREAMS[2], 8, 20, None, None, ("10.0.1.142",)),
        StreamShare(STREAMS[3], 0, 24, None, None, ()),
        StreamShare(STREAMS[4], 0, 22, None, None, ()),
        StreamShare(STREAMS[5], 0, 21, None, None, ()),
        StreamShare(STREAMS[6], 0, 19, None, None, ()),
    )
    finding = Finding(
        function="orders-api",
        log_group="/aws/lambda/orders-api",
        severity=Severity.HIGH,
        failed_invocations=28,
        total_invocations=150,
        errors=(error,),
        destinations=(error,),
        categories={"ETIMEDOUT": 28},
        first_seen=T0,
        last_seen=T0 + 13_959_000,
        wasted=Wasted(3_561_236.5, 3_567_812, 1783.906, 0.029732, 28),
        timeout=TimeoutPattern(
            duration_s=127.3,
            invocations=28,
            attempts=1,
            per_attempt_s=127.3,
            function_timeouts=0,
            saved_s=3483.8,
            saved_usd=0.029032,
            known_as=known_timeout(127.3, ("nodejs",)),
        ),
        sources=sources,
        streams_with_invocations=7,
        failed_invocations_list=_failed(28, failure, STREAMS[:3], 127_187.03),
        vpc=True,
    )
    return _report(
        [_stats("examples/vpc-node-postgres.json", "filter-log-events", 779)],
        [FunctionCount("orders-api", "/aws/lambda/orders-api", 150, 28)],
        [finding],
    )


def single_dns() -> Report:
    """examples/single-dns-failure.log: one getaddrinfo ENOTFOUND, ELEVATED."""
    message = "getaddrinfo ENOTFOUND api.partner.example.com"
    failure = ConnectionFailure(
        "ENOTFOUND", "ENOTFOUND", "nodejs", "api.partner.example.com", None, None, message
    )
    example = (
        "2026-11-20T11:14:02.551Z\tc0ffee00-1234-4bce-b71e-d78a1dc02e27\tERROR\tsync failed "
        "Error: getaddrinfo ENOTFOUND api.partner.example.com"
    )
    error = ErrorCount("ENOTFOUND", "ENOTFOUND", message, "api.partner.example.com", None, None, 1, example)
    stream = "2026/11/20/[$LATEST]4c1e9a7b2d3f40e6a8b9c0d1e2f3a4b5"
    finding = Finding(
        function="partner-sync",
        log_group="/aws/lambda/partner-sync",
        severity=Severity.ELEVATED,
        failed_invocations=1,
        total_invocations=20,
        errors=(error,),
        destinations=(error,),
        categories={"ENOTFOUND": 1},
        first_seen=T0 + 4_309_415,
        last_seen=T0 + 4_309_415,
        wasted=Wasted(41.2, 42, 0.0053, 0.000000088, 1),
        timeout=None,
        sources=(StreamShare(stream, 1, 20, None, None, ()),),
        streams_with_invocations=1,
        failed_invocations_list=(
            FailedInvocation(
                "c0ffee00-1234-4bce-b71e-d78a1dc02e27", stream, T0 + 4_309_415, failure, 41.2, False, 1
            ),
        ),
        vpc=None,
    )
    return _report(
        [_stats("examples/single-dns-failure.log", "plain-text", 102)],
        [FunctionCount("partner-sync", "/aws/lambda/partner-sync", 20, 1)],
        [finding],
    )


def healthy() -> Report:
    """examples/healthy-function.json: no connection failure; some events skipped."""
    return _report(
        [_stats("examples/healthy-function.json", "filter-log-events", 194, {"duplicate event": 2})],
        [FunctionCount("notifications-worker", "/aws/lambda/notifications-worker", 60, 0)],
        [],
    )


def python_dynamodb() -> Report:
    """Two functions; botocore to DynamoDB in one subnet (known from config), six destinations."""
    region = "us-east-1"
    main = ConnectionFailure(
        "ETIMEDOUT",
        "ConnectTimeoutError",
        "python",
        f"dynamodb.{region}.amazonaws.com",
        443,
        "DynamoDB",
        f'Connect timeout on endpoint URL: "https://dynamodb.{region}.amazonaws.com/"',
    )
    rows = [
        ErrorCount(
            "ETIMEDOUT",
            "ConnectTimeoutError",
            main.message,
            main.host,
            443,
            "DynamoDB",
            9,
            f'[ERROR] ConnectTimeoutError: Connect timeout on endpoint URL: "https://dynamodb.{region}'
            '.amazonaws.com/"',
        ),
        ErrorCount(
            "ETIMEDOUT",
            "ConnectTimeoutError",
            f'Connect timeout on endpoint URL: "https://secretsmanager.{region}.amazonaws.com/"',
            f"secretsmanager.{region}.amazonaws.com",
            443,
            "Secrets Manager",
            4,
            "[ERROR] ConnectTimeoutError: Connect timeout on endpoint URL: "
            f'"https://secretsmanager.{region}.amazonaws.com/"',
        ),
        ErrorCount(
            "ECONNREFUSED",
            "Errno 111",
            "[Errno 111] Connection refused",
            "10.0.5.20",
            8080,
            "HTTP",
            2,
            "[ERROR] ConnectionRefusedError: [Errno 111] Connection refused",
        ),
        ErrorCount(
            "ENOTFOUND",
            "Errno -2",
            "[Errno -2] Name or service not known",
            "inventory.internal",
            443,
            "HTTPS",
            1,
            "socket.gaierror: [Errno -2] Name or service not known",
        ),
        ErrorCount(
            "ENETUNREACH",
            "Errno 101",
            "[Errno 101] Network is unreachable",
            "2600:1f18:4a3:6901::14",
            443,
            "HTTPS",
            1,
            "OSError: [Errno 101] Network is unreachable",
        ),
        ErrorCount(
            "ETIMEDOUT",
            "ConnectTimeout",
            "HTTPSConnectionPool(host='api.stripe.com', port=443): Max retries exceeded",
            "api.stripe.com",
            443,
            "HTTPS",
            1,
            "requests.exceptions.ConnectTimeout: HTTPSConnectionPool(host='api.stripe.com', port=443)",
        ),
    ]
    streams = STREAMS[:4]
    sources = (
        StreamShare(streams[0], 10, 14, "subnet-0a1b2c3d", "us-east-1b", ()),
        StreamShare(streams[1], 8, 12, "subnet-0a1b2c3d", "us-east-1b", ()),
        StreamShare(streams[2], 0, 8, "subnet-0e4f5a6b", "us-east-1a", ()),
        StreamShare(streams[3], 0, 6, "subnet-0e4f5a6b", "us-east-1a", ()),
    )
    finding = Finding(
        function="inventory-sync",
        log_group="/aws/lambda/inventory-sync",
        severity=Severity.HIGH,
        failed_invocations=18,
        total_invocations=40,
        errors=tuple(rows),
        destinations=tuple(rows),
        categories={"ETIMEDOUT": 14, "ECONNREFUSED": 2, "ENOTFOUND": 1, "ENETUNREACH": 1},
        first_seen=T0,
        last_seen=T0 + 3_600_000,
        wasted=Wasted(271_402.0, 271_900, 67.975, 0.001133, 18),
        timeout=TimeoutPattern(
            duration_s=15.2,
            invocations=12,
            attempts=3,
            per_attempt_s=5.07,
            function_timeouts=2,
            saved_s=73.2,
            saved_usd=0.000305,
            known_as=known_timeout(5.07, ("python",)),
        ),
        sources=sources,
        streams_with_invocations=4,
        failed_invocations_list=_failed(18, main, streams[:2], 15_204.5, step_ms=200_000, attempts=3),
        vpc=True,
    )
    second = ErrorCount(
        "ECONNREFUSED",
        "Errno 111",
        "[Errno 111] Connection refused",
        "10.0.5.20",
        8080,
        "HTTP",
        3,
        "[ERROR] ConnectionRefusedError: [Errno 111] Connection refused",
    )
    refused = ConnectionFailure(
        "ECONNREFUSED", "Errno 111", "python", "10.0.5.20", 8080, "HTTP", second.message
    )
    other = Finding(
        function="invoice-renderer",
        log_group="/aws/lambda/invoice-renderer",
        severity=Severity.ELEVATED,
        failed_invocations=3,
        total_invocations=12,
        errors=(second,),
        destinations=(second,),
        categories={"ECONNREFUSED": 3},
        first_seen=T0,
        last_seen=T0 + 60_000,
        wasted=Wasted(310.5, 400, 0.05, 0.000001, 3),
        timeout=None,
        sources=(StreamShare(STREAMS[5], 3, 12, None, None, ()),),
        streams_with_invocations=1,
        failed_invocations_list=_failed(3, refused, [STREAMS[5]], 103.5, step_ms=20_000),
        vpc=None,
    )
    return _report(
        [
            _stats("exports/inventory-sync.json", "insights-get-query-results", 206),
            _stats("exports/invoice-renderer.json", "get-log-events", 61, {"not a log event": 1}),
        ],
        [
            FunctionCount("inventory-sync", "/aws/lambda/inventory-sync", 40, 18),
            FunctionCount("invoice-renderer", "/aws/lambda/invoice-renderer", 12, 3),
        ],
        [finding, other],
    )


HOSTILE_LINES = (
    "ERROR connect ECONNREFUSED postgres://admin:hunter2@db.internal:5432/app ``` @octocat <script>alert(1)</script>"
    " \x1b]0;pwned\x07",
    "ERROR | col | <img src=x onerror=alert(1)> </details> ```` Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig",
    "ERROR key AKIAIOSFODNN7EXAMPLE password=hunter2 @here #123 [link](javascript:alert(1)) \x1b[31mred\x1b[0m",
)


def hostile() -> Report:
    """Log text written to break renderers: fences, mentions, HTML, pipes, secrets, terminal escapes."""
    message = HOSTILE_LINES[0].removeprefix("ERROR ")
    failure = ConnectionFailure(
        "ECONNREFUSED", "ECONNREFUSED", "nodejs", "db.internal", 5432, "PostgreSQL", message
    )
    rows = tuple(
        ErrorCount("ECONNREFUSED", code, line.removeprefix("ERROR "), host, 5432, "PostgreSQL", count, line)
        for code, host, count, line in (
            ("ECONNREFUSED", "db.internal", 4, HOSTILE_LINES[0]),
            ("ECONNREFUSED", "db|evil`<b>", 2, HOSTILE_LINES[1]),
            ("ECONNREFUSED", "@octocat", 1, HOSTILE_LINES[2]),
        )
    )
    finding = Finding(
        function="evil-`fn`|<b>@octocat",
        log_group="/aws/lambda/evil",
        severity=Severity.HIGH,
        failed_invocations=7,
        total_invocations=9,
        errors=rows,
        destinations=rows,
        categories={"ECONNREFUSED": 7},
        first_seen=T0,
        last_seen=T0 + 1000,
        wasted=Wasted(70.0, 700, 0.0875, 0.000001, 7),
        timeout=None,
        sources=(StreamShare("2026/11/20/[$LATEST]<script>|@octocat", 7, 9, None, None, ("10.0.1.9",)),),
        streams_with_invocations=1,
        failed_invocations_list=_failed(
            7, failure, ["2026/11/20/[$LATEST]<script>|@octocat"], 10.0, step_ms=100
        ),
        vpc=True,
    )
    return _report(
        [_stats("exports/<evil>|`x`.json", "filter-log-events", 40, {"bad <b>json</b>": 1})],
        [FunctionCount(finding.function, "/aws/lambda/evil", 9, 7)],
        [finding],
    )


ALL = {
    "vpc_postgres": vpc_postgres,
    "single_dns": single_dns,
    "healthy": healthy,
    "python_dynamodb": python_dynamodb,
    "hostile": hostile,
}
