"""What a finding says must be true of the failure it reports (issue 9), through the CLI.

Each test edits a real export of the project (examples/, tests/data/detect/exports/) line by
line, keeping its real wording, or writes a whole export from the runtimes' real lines
(examples/lambda_lines.py, a thread's line noted beside it), and reads what
`connfail analyze` says of it.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from checker.schema import load_schema
from examples import lambda_lines as L
from tests.conftest import DATA, EXAMPLES, run_cli

EXPORTS = DATA / "detect" / "exports"
_REPORT = re.compile(r"^REPORT RequestId: (\S+)\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms")
_FAILED = re.compile(r"ERROR")


def _events(path: Path) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["events"]
    return events


def _write(events: list[dict[str, Any]], path: Path) -> Path:
    path.write_text(json.dumps({"events": events}), encoding="utf-8")
    return path


def _failing_last(events: list[dict[str, Any]], duration_ms: float) -> list[dict[str, Any]]:
    """The export with every failing invocation's REPORT saying it lasted `duration_ms`."""
    failing = {
        rid
        for e in events
        if _FAILED.search(e["message"])
        for rid in re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", e["message"])
    }
    out = []
    for event in events:
        m = _REPORT.match(event["message"])
        if m and m.group(1) in failing:
            message = _REPORT.sub(
                f"REPORT RequestId: {m.group(1)}\tDuration: {duration_ms:.2f} ms"
                f"\tBilled Duration: {int(duration_ms) + 1} ms",
                event["message"],
            )
            event = {**event, "message": message}
        out.append(event)
    return out


def _analyze(path: Path) -> dict[str, Any]:
    result = run_cli("analyze", "--format", "json", "--fail-on", "never", str(path))
    assert result.returncode == 0, result.stderr
    findings: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    assert len(findings) == 1, findings
    return findings[0]


def test_node_10s_connect_timeout_names_only_node_libraries(tmp_path: Path) -> None:
    # vpc-node-postgres with the failing invocations lasting 10 s (mysql2's / undici's default)
    events = _failing_last(_events(EXAMPLES / "vpc-node-postgres.json"), 10_012.4)
    finding = _analyze(_write(events, tmp_path / "node-10s.json"))
    assert (finding["severity"], finding["failed_invocations"]) == ("HIGH", 28)
    assert finding["primary_error"]["category"] == "ETIMEDOUT"
    assert (finding["primary_error"]["host"], finding["primary_error"]["port"]) == ("10.0.3.47", 5432)
    assert finding["runtimes"] == ["nodejs"]
    known = "10 s, the default connect timeout of fetch, mysql2, ioredis, undici"  # no pymysql: Python's
    assert finding["timeout_pattern"]["known_as"] == known
    assert f"That matches {known}." in finding["message"]


def test_ruby_60s_connect_timeout_names_no_python_library(tmp_path: Path) -> None:
    # 60 s is Net::HTTP's open_timeout default (the registry's Ruby row, checker/clients/), and
    # botocore (60 s too) is Python's: Net::HTTP only.
    events = _failing_last(_events(EXPORTS / "ruby-seahorse-execution-expired.json"), 60_031.2)
    finding = _analyze(_write(events, tmp_path / "ruby-60s.json"))
    assert (finding["severity"], finding["failed_invocations"]) == ("HIGH", 7)
    assert finding["primary_error"]["category"] == "ETIMEDOUT"
    assert (finding["primary_error"]["host"], finding["primary_error"]["port"]) == (None, None)
    assert finding["runtimes"] == ["ruby"]
    pattern = finding["timeout_pattern"]
    known = "60 s, the default connect timeout of Net::HTTP"
    assert (pattern["invocations"], pattern["per_attempt_s"], pattern["known_as"]) == (7, 60.03, known)
    assert "botocore" not in finding["message"]
    assert f"That matches {known}." in finding["message"]


def test_dns_failures_are_not_explained_by_a_connect_timeout(tmp_path: Path) -> None:
    # Six aws-sdk v2 `getaddrinfo ENOTFOUND` invocations of about 3 s each (the resolver's
    # retries), and the same export with them lasting 10 s: no connect was tried, so no
    # connect timeout "shows through", whatever library default the duration equals.
    original = EXPORTS / "node-aws-sdk-v2-bare-enotfound.json"
    slow = _write(_failing_last(_events(original), 10_012.4), tmp_path / "dns-10s.json")
    for path in (original, slow):
        finding = _analyze(path)
        assert (finding["severity"], finding["failed_invocations"]) == ("HIGH", 6)
        assert finding["categories"] == {"ENOTFOUND": 6}
        assert (finding["primary_error"]["host"], finding["primary_error"]["port"]) == (None, None)
        assert finding["timeout_pattern"] is None
        assert finding["message"] == (
            "6 invocations failed with connection errors (6 of 10). Primary error: "
            '"NetworkingError: getaddrinfo ENOTFOUND]". Every failure went to the same destination.'
        )
        assert "connect-timeout" not in [step["id"] for step in finding["remediation"]]


def test_example_line_is_the_line_holding_the_error_not_the_events_first() -> None:
    # undici's `TypeError: fetch failed` heads the event; the connect failure is its `cause:`
    finding = _analyze(EXPORTS / "node-err-socket-connection-timeout.json")
    assert (finding["severity"], finding["failed_invocations"]) == ("HIGH", 8)
    [destination] = finding["destinations"]
    assert (destination["category"], destination["code"], destination["host"], destination["port"]) == (
        "ETIMEDOUT",
        "ERR_SOCKET_CONNECTION_TIMEOUT",
        None,
        None,
    )
    assert destination["example"] == "cause: Error [ERR_SOCKET_CONNECTION_TIMEOUT]: Socket connection timeout"


def test_python_example_line_is_the_exception_not_the_logged_message() -> None:
    # logger.exception("render service call failed"): the traceback's last line is the error
    finding = _analyze(EXAMPLES / "get-log-events.json")
    assert (finding["severity"], finding["failed_invocations"]) == ("ELEVATED", 3)
    [destination] = finding["destinations"]
    assert (destination["category"], destination["host"], destination["port"]) == (
        "ECONNREFUSED",
        "10.0.5.20",
        8080,
    )
    assert destination["example"] == (
        "requests.exceptions.ConnectionError: HTTPConnectionPool(host='10.0.5.20', port=8080): Max retries "
        "exceeded with url: /v1/render (Caused by NewConnectionError('<urllib3.connection.HTTPConnection "
        "object at 0x7f0c9a3e6f50>: Failed to establish a new connection: [Errno 111] Connection refused'))"
    )
    result = run_cli("analyze", "--fail-on", "never", str(EXAMPLES / "get-log-events.json"))
    assert "  Example line    requests.exceptions.ConnectionError:\n" in result.stdout


# ---- whole exports written from the runtimes' real wordings (examples/lambda_lines.py) --------


DAY = 1795168800000  # 2026-11-20T06:40:00Z
# ioredis's own line for a connect that its `connectTimeout` (10 s) cut, logged by console.error
# at every reconnect (redis/ioredis#1386, from a Lambda function).
IOREDIS_TIMEOUT = (
    "[ioredis] Unhandled error event: Error: connect ETIMEDOUT\n"
    "    at TLSSocket.<anonymous>"
    " (/var/task/node_modules/ioredis/built/redis/index.js:317:37)\n"
    "    at Object.onceWrapper (events.js:482:28)\n"
    "    at TLSSocket.emit (events.js:376:20)\n"
    "    at TLSSocket.Socket._onTimeout (net.js:483:8)\n"
    "    at listOnTimeout (internal/timers.js:555:17)\n"
    "    at processTimers (internal/timers.js:498:7)"
)
STREAM = "2026/11/20/[$LATEST]3f0b8a4c9d2e4f6a8b1c3d5e7f9a0b2c"


def _export(path: Path, invocations: list[list[tuple[int, str]]]) -> Path:
    ids = L.EventIds(random.Random(20261120))
    events = [
        L.Event(STREAM, ms, message, ms + 412, ids.next()) for lines in invocations for ms, message in lines
    ]
    with path.open("w", encoding="utf-8") as out:
        L.write_filter_log_events(out, sorted(events, key=lambda e: e.timestamp))
    return path


def _invocation(
    n: int, t: int, failures: list[tuple[int, str]], duration_ms: float, timed_out: bool = False
) -> list[tuple[int, str]]:
    rid = f"5a1d{n:04d}-88e2-4c3b-9f0a-6b2d4e8f1a3c"
    lines = [(t, L.start(rid)), (t + 2, L.node_line(t + 2, rid, "INFO", "handling order batch"))]
    lines += [(t + at, L.node_line(t + at, rid, "ERROR", text)) for at, text in failures]
    end = t + int(duration_ms)
    if timed_out:
        lines.append((end, L.task_timed_out(end, rid, duration_ms / 1000)))
    lines += [
        (end + 1, L.end(rid)),
        (end + 1, L.report(rid, duration_ms, 512, 91, status="timeout" if timed_out else None)),
    ]
    return lines


def test_per_attempt_time_comes_from_the_retries_logged(tmp_path: Path) -> None:
    # 6 invocations: ioredis retries its 10 s connect and logs each failure, at 10.0, 20.1,
    # 30.3, 40.6 and 50.9 s, until the function's 60 s timeout cuts the sixth attempt short.
    # Duration / attempts would say 12 s; the attempts logged say 10.18 s: ioredis's default.
    retries = [(at, IOREDIS_TIMEOUT) for at in (10_000, 20_100, 30_300, 40_600, 50_900)]
    healthy = [_invocation(10 + n, DAY + 100_000 * n, [], 84.2) for n in range(6)]
    failing = [
        _invocation(n, DAY + 700_000 + 100_000 * n, retries, 60_000.0, timed_out=True) for n in range(6)
    ]
    finding = _analyze(_export(tmp_path / "ioredis-retries.json", healthy + failing))
    assert (finding["severity"], finding["failed_invocations"], finding["total_invocations"]) == (
        "HIGH",
        6,
        12,
    )
    [destination] = finding["destinations"]
    assert (destination["category"], destination["host"], destination["library"]) == (
        "ETIMEDOUT",
        None,
        "ioredis",
    )
    pattern = finding["timeout_pattern"]
    assert (pattern["attempts"], pattern["per_attempt_s"], pattern["per_attempt_from"]) == (
        5,
        10.18,
        "logged-attempts",
    )
    assert pattern["known_as"] == "10 s, the default connect timeout of fetch, mysql2, ioredis, undici"
    assert (pattern["duration_s"], pattern["function_timeouts"]) == (60.0, 6)
    assert destination["timeout_pattern"] == pattern  # one destination: the same pattern
    [timeout_step] = [step for step in finding["remediation"] if step["id"] == "connect-timeout"]
    snippet = "ioredis:\n\n```js\nconst redis = new Redis({ host, connectTimeout: 3000 });\n```"
    assert snippet in timeout_step["markdown"]
    text = run_cli("analyze", "--fail-on", "never", str(tmp_path / "ioredis-retries.json")).stdout
    assert (
        "5 connect attempts of about 10.18 s each (from the invocation's start to its last logged "
        "failure, over the failures logged)."
    ) in " ".join(text.split())


def test_two_destinations_cost_per_destination_and_the_costliest_leads(tmp_path: Path) -> None:
    # 6 invocations refused fast by Redis, 3 that waited out the kernel's SYN retries on
    # PostgreSQL: the refusals are the most frequent, the timeouts cost the billed time.
    refused = L.node_connect_error("ECONNREFUSED", "10.0.8.21", 6379).inspect()
    timed_out = L.node_connect_error("ETIMEDOUT", "10.0.3.47", 5432).inspect()
    invocations = [_invocation(n, DAY + 60_000 * n, [(30, refused)], 41.5) for n in range(6)]
    invocations += [
        _invocation(6 + n, DAY + 600_000 + 200_000 * n, [(127_100, timed_out)], 127_104.25 + n)
        for n in range(3)
    ]
    invocations += [_invocation(9 + n, DAY + 1_500_000 + 60_000 * n, [], 95.0) for n in range(3)]
    path = _export(tmp_path / "two-destinations.json", invocations)
    report = run_cli("analyze", "--format", "json", "--fail-on", "never", str(path))
    Draft202012Validator(load_schema("report")).validate(json.loads(report.stdout))
    finding = _analyze(path)
    assert (finding["severity"], finding["failed_invocations"], finding["categories"]) == (
        "HIGH",
        9,
        {"ECONNREFUSED": 6, "ETIMEDOUT": 3},
    )
    primary, frequent = finding["primary_error"], finding["most_frequent_error"]
    assert (primary["category"], primary["host"], primary["port"], primary["invocations"]) == (
        "ETIMEDOUT",
        "10.0.3.47",
        5432,
        3,
    )
    billed = 127_105 + 127_106 + 127_107
    assert primary["billed_ms"] == billed
    assert (
        frequent["category"],
        frequent["host"],
        frequent["port"],
        frequent["invocations"],
        frequent["billed_ms"],
    ) == ("ECONNREFUSED", "10.0.8.21", 6379, 6, 6 * 42)
    assert (
        'Primary error: "connect ETIMEDOUT 10.0.3.47:5432" (PostgreSQL). Most frequent: '
        '"connect ECONNREFUSED 10.0.8.21:6379" (6); most billed time: "connect ETIMEDOUT 10.0.3.47:5432" '
        "(381.3 s)."
    ) in finding["message"]
    redis, postgres = finding["destinations"]
    assert (redis["host"], redis["invocations"], redis["wasted"]["billed_ms"], redis["timeout_pattern"]) == (
        "10.0.8.21",
        6,
        252,
        None,
    )  # refused fast: no timeout shows
    assert (postgres["host"], postgres["invocations"], postgres["wasted"]["billed_ms"]) == (
        "10.0.3.47",
        3,
        billed,
    )
    kernel = (
        "about 130 s, when the Linux kernel gives up its SYN retries: the client set no connect "
        "timeout at all"
    )
    assert (
        postgres["timeout_pattern"]["invocations"],
        postgres["timeout_pattern"]["per_attempt_s"],
        postgres["timeout_pattern"]["known_as"],
    ) == (3, 127.11, kernel)
    assert finding["timeout_pattern"] is None  # the function's median is a fast refusal
    text = run_cli("analyze", "--fail-on", "never", str(path)).stdout
    assert "        6  ECONNREFUSED  10.0.8.21:6379  Redis\n           252 ms billed, $0.0000\n" in text
    assert (
        "        3  ETIMEDOUT     10.0.3.47:5432  PostgreSQL\n"
        "           381.3 s billed, $0.0032; connect timeout about 127.11 s (3\n"
        "           invocations)\n"
    ) in text
    markdown = run_cli("analyze", "--format", "markdown", "--fail-on", "never", str(path)).stdout
    assert "| Failing | Error | Code | Destination | Service | Billed time, connect timeout |" in markdown
    assert (
        "| 3 | ETIMEDOUT | `ETIMEDOUT` | `10.0.3.47:5432` | PostgreSQL | 381\\.3 s billed, \\$0.0032; "
        "connect timeout about 127.11 s \\(3 invocations\\) |"
    ) in markdown


def test_npgsql_gets_npgsqls_connection_string_timeout_not_httpclient() -> None:
    # Npgsql's own frames in the .NET trace (npgsql/npgsql#876): its `Timeout=` setting
    finding = _analyze(EXPORTS / "dotnet-npgsql-operation-timed-out.json")
    assert (finding["severity"], finding["failed_invocations"]) == ("HIGH", 7)
    [destination] = finding["destinations"]
    assert (destination["category"], destination["library"]) == ("ETIMEDOUT", "Npgsql")
    [timeout_step] = [step for step in finding["remediation"] if step["id"] == "connect-timeout"]
    assert timeout_step["markdown"].endswith(
        "Npgsql:\n\n```text\nHost=HOST;Port=5432;Database=DB;Username=USER;Timeout=3\n```"
    )
    assert "HttpClient" not in timeout_step["markdown"]
