"""What a finding says must be true of the failure it reports (issue 9), through the CLI.

Each test edits a real export of the project (examples/, tests/data/detect/exports/) line by
line, keeping its real wording, and reads what `connfail analyze --format json` says of it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

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
    failing = {rid for e in events if _FAILED.search(e["message"])
               for rid in re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                                     e["message"])}
    out = []
    for event in events:
        m = _REPORT.match(event["message"])
        if m and m.group(1) in failing:
            message = _REPORT.sub(f"REPORT RequestId: {m.group(1)}\tDuration: {duration_ms:.2f} ms"
                                  f"\tBilled Duration: {int(duration_ms) + 1} ms", event["message"])
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
    # 60 s is Net::HTTP's open_timeout default; the linter's table has no Ruby library, and
    # botocore (60 s too) is Python's: name none.
    events = _failing_last(_events(EXPORTS / "ruby-seahorse-execution-expired.json"), 60_031.2)
    finding = _analyze(_write(events, tmp_path / "ruby-60s.json"))
    assert (finding["severity"], finding["failed_invocations"]) == ("HIGH", 7)
    assert finding["primary_error"]["category"] == "ETIMEDOUT"
    assert (finding["primary_error"]["host"], finding["primary_error"]["port"]) == (None, None)
    assert finding["runtimes"] == ["ruby"]
    pattern = finding["timeout_pattern"]
    assert (pattern["invocations"], pattern["per_attempt_s"], pattern["known_as"]) == (7, 60.03, None)
    assert "botocore" not in finding["message"]
    assert "That matches" not in finding["message"]


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
            '6 invocations failed with connection errors (6 of 10). Primary error: '
            '"NetworkingError: getaddrinfo ENOTFOUND]". Every failure went to the same destination.')
        assert "connect-timeout" not in [step["id"] for step in finding["remediation"]]


def test_example_line_is_the_line_holding_the_error_not_the_events_first() -> None:
    # undici's `TypeError: fetch failed` heads the event; the connect failure is its `cause:`
    finding = _analyze(EXPORTS / "node-err-socket-connection-timeout.json")
    assert (finding["severity"], finding["failed_invocations"]) == ("HIGH", 8)
    [destination] = finding["destinations"]
    assert (destination["category"], destination["code"], destination["host"], destination["port"]) == (
        "ETIMEDOUT", "ERR_SOCKET_CONNECTION_TIMEOUT", None, None)
    assert destination["example"] == "cause: Error [ERR_SOCKET_CONNECTION_TIMEOUT]: Socket connection timeout"


def test_python_example_line_is_the_exception_not_the_logged_message() -> None:
    # logger.exception("render service call failed"): the traceback's last line is the error
    finding = _analyze(EXAMPLES / "get-log-events.json")
    assert (finding["severity"], finding["failed_invocations"]) == ("ELEVATED", 3)
    [destination] = finding["destinations"]
    assert (destination["category"], destination["host"], destination["port"]) == (
        "ECONNREFUSED", "10.0.5.20", 8080)
    assert destination["example"] == (
        "requests.exceptions.ConnectionError: HTTPConnectionPool(host='10.0.5.20', port=8080): Max retries "
        "exceeded with url: /v1/render (Caused by NewConnectionError('<urllib3.connection.HTTPConnection "
        "object at 0x7f0c9a3e6f50>: Failed to establish a new connection: [Errno 111] Connection refused'))")
    result = run_cli("analyze", "--fail-on", "never", str(EXAMPLES / "get-log-events.json"))
    assert "  Example line    requests.exceptions.ConnectionError:\n" in result.stdout
