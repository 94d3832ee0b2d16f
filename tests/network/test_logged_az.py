"""The Availability Zone a function logs (issue 12, facts/network.md §5.2): the per-AZ split.

Two execution environments (log streams) of one function in two AZs; the AZ ID comes only
from what the function logged, never from an address. Line shapes:
- Powertools for AWS Lambda (Python) Logger JSON lines: the keys and their order as a real
  Lambda printed them (a public `aws_lambda_powertools` sample,
  `{"level":"INFO","location":"lambda_handler:24","message":"Connect to proxy-rds...",
  "timestamp":"2026-07-11 23:43:44,869+0000","service":"db_client","cold_start":true,
  "function_name":"DBClient",...,"function_request_id":...,"xray_trace_id":...}`), plus the
  `az_id` key the AWS docs add with `logger.append_keys(az_id=...)` (configuration-metadata-endpoint).
- The metadata endpoint's own answer `{"AvailabilityZoneID":"use1-az1"}`, logged whole by a
  Node.js handler (`console.log(JSON.stringify(body))`).
- Node's pg `connect ETIMEDOUT 10.0.3.47:5432` and libpq's timeout from examples/lambda_lines.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator

from checker.schema import load_schema
from examples import lambda_lines as ll
from tests.conftest import run_cli
from tests.network import builder

T0 = 1_767_225_600_000  # 2026-01-01T00:00:00Z
GROUP = "/aws/lambda/orders-api"
STREAM_B = "2026/01/01/[$LATEST]5f0c6e2a8b7d4c1e9a3f2b6d8c4e1a7b"  # runs in use1-az2
STREAM_A = "2026/01/01/[$LATEST]9d2e4b6a1c3f5e7d8b0a2c4e6f8a1b3d"  # runs in use1-az1
ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders-api"


def _rid(n: int) -> str:
    return f"6f3c2a1e-9b7d-4c55-8e21-{n:012x}"


def _powertools(ms: int, rid: str, message: str, az: str | None, cold: bool) -> str:
    record: dict[str, object] = {
        "level": "INFO",
        "location": "lambda_handler:31",
        "message": message,
        "timestamp": f"{ll.iso_z(ms)[:19].replace('T', ' ')},{ms % 1000:03d}+0000",
        "service": "orders",
        "cold_start": cold,
        "function_name": "orders-api",
        "function_memory_size": "512",
        "function_arn": ARN,
        "function_request_id": rid,
        "xray_trace_id": "1-6a52d530-0ba60ad2785ec2ae7971737c",
    }
    if az is not None:
        record["az_id"] = az
    return json.dumps(record, separators=(",", ":")) + "\n"


def _events(stream: str, ms: int, n: int, lines: list[str]) -> list[ll.Event]:
    return [ll.Event(stream, ms + k, text, ms + k + 400, f"{n:08d}{k:02d}") for k, text in enumerate(lines)]


def _python_export(path: Path, *, logged: bool) -> Path:
    """Stream B (use1-az2): 3 invocations, all time out on PostgreSQL; stream A (use1-az1): 4, fine."""
    events: list[ll.Event] = []
    n = 0
    for stream, az, count, fails in ((STREAM_B, "use1-az2", 3, True), (STREAM_A, "use1-az1", 4, False)):
        for i in range(count):
            n += 1
            rid, ms = _rid(n), T0 + n * 60_000
            connect = f"Connect to {builder.DB_HOST}"
            lines = [ll.start(rid), _powertools(ms + 5, rid, connect, az if logged else None, i == 0)]
            if fails:  # the runtime's log of the unhandled error, as in the sample above
                libpq = ll.psycopg2_timed_out(builder.DB_HOST, "10.0.3.47").split("\n")[0].split(": ", 1)[1]
                frame = ("/var/task/app.py", 33, "lambda_handler", "conn = psycopg2.connect(")
                lines.append(ll.python_unhandled("OperationalError", libpq, [frame]))
            lines += [ll.end(rid), ll.report(rid, 130_000.0 if fails else 42.0, 512, 90)]
            events += _events(stream, ms, n, lines)
    with path.open("w") as out:
        ll.write_filter_log_events(out, events)
    return path


def _node_export(path: Path) -> Path:
    """The same split from a Node.js handler that logs the metadata endpoint's answer once."""
    events: list[ll.Event] = []
    n = 0
    for stream, az, count, fails in ((STREAM_B, "use1-az2", 2, True), (STREAM_A, "use1-az1", 3, False)):
        for i in range(count):
            n += 1
            rid, ms = _rid(n), T0 + n * 60_000
            lines = [ll.start(rid)]
            if i == 0:  # the cold start asks the endpoint; later invocations name no AZ
                lines.append(
                    ll.node_line(
                        ms + 3, rid, "INFO", json.dumps({"AvailabilityZoneID": az}, separators=(",", ":"))
                    )
                )
            if fails:
                lines.append(
                    ll.node_line(
                        ms + 10, rid, "ERROR", ll.node_connect_error("ETIMEDOUT", "10.0.3.47", 5432).inspect()
                    )
                )
            lines += [ll.end(rid), ll.report(rid, 10_020.0 if fails else 35.0, 512, 80)]
            events += _events(stream, ms, n, lines)
    with path.open("w") as out:
        ll.write_filter_log_events(out, events)
    return path


def _flat(text: str) -> str:
    return " ".join(text.replace(" \\\n", " ").split())


def _md(sentence: str) -> str:
    """As the Markdown report escapes a message (checker/render/escape.py `md_text`)."""
    return sentence.replace("-", "\\-").replace("(", "\\(").replace(")", "\\)")


def _finding(stdout: str) -> dict[str, object]:
    report = json.loads(stdout)
    Draft202012Validator(load_schema("report")).validate(report)
    finding: dict[str, object] = report["findings"][0]
    return finding


SENTENCE = (
    "The function logged its Availability Zone: all 3 failing invocations ran in use1-az2, "
    "3 of 3 there; use1-az1 had 0 of 4."
)


def test_powertools_az_id_splits_the_failures_in_json_text_and_markdown(tmp_path: Path) -> None:
    logs = _python_export(tmp_path / "orders-api.json", logged=True)
    args = ("analyze", "--log-group", GROUP, str(logs))

    finding = _finding(run_cli(*args, "--format", "json", cwd=tmp_path).stdout)
    assert finding["availability_zones"] == {
        "zones": [
            {
                "availability_zone_id": "use1-az2",
                "subnet": None,
                "failed_invocations": 3,
                "total_invocations": 3,
            },
            {
                "availability_zone_id": "use1-az1",
                "subnet": None,
                "failed_invocations": 0,
                "total_invocations": 4,
            },
        ],
        "failed_without_zone": 0,
    }
    assert SENTENCE in str(finding["message"])

    text = run_cli(*args, cwd=tmp_path)
    assert text.stderr == ""
    assert SENTENCE in _flat(text.stdout)
    markdown = run_cli(*args, "--format", "markdown", cwd=tmp_path).stdout
    assert _md(SENTENCE) in _flat(markdown)


def test_without_a_logged_az_nothing_is_said(tmp_path: Path) -> None:
    logs = _python_export(tmp_path / "orders-api.json", logged=False)
    args = ("analyze", "--log-group", GROUP, str(logs))
    finding = _finding(run_cli(*args, "--format", "json", cwd=tmp_path).stdout)
    assert finding["failed_invocations"] == 3 and "availability_zones" not in finding
    for fmt in ("text", "markdown"):
        assert "Availability Zone" not in run_cli(*args, "--format", fmt, cwd=tmp_path).stdout


def test_metadata_endpoint_answer_and_evidence_name_the_subnet_of_each_az(tmp_path: Path) -> None:
    """The cold start logs the AZ once: the stream's later invocations ran there too. With the
    evidence folder, each AZ ID is the function's only subnet there (describe-subnets)."""
    folder = tmp_path / "evidence"
    builder.build(folder / "network")
    (folder / "logs").mkdir()
    _node_export(folder / "logs" / "~aws~lambda~orders-api.json")
    sentence = (
        f"The function logged its Availability Zone: all 2 failing invocations ran in use1-az2 "
        f"({builder.SUB_B}), 2 of 2 there; use1-az1 ({builder.SUB_A}) had 0 of 3."
    )

    finding = _finding(run_cli("analyze", str(folder), "--format", "json", cwd=tmp_path).stdout)
    assert finding["availability_zones"] == {
        "zones": [
            {
                "availability_zone_id": "use1-az2",
                "subnet": builder.SUB_B,
                "failed_invocations": 2,
                "total_invocations": 2,
            },
            {
                "availability_zone_id": "use1-az1",
                "subnet": builder.SUB_A,
                "failed_invocations": 0,
                "total_invocations": 3,
            },
        ],
        "failed_without_zone": 0,
    }
    assert sentence in str(finding["message"])
    assert sentence in _flat(run_cli("analyze", str(folder), cwd=tmp_path).stdout)
    markdown = run_cli("analyze", str(folder), "--format", "markdown", cwd=tmp_path).stdout
    assert _md(sentence) in _flat(markdown)


def test_a_local_address_never_gives_an_az(tmp_path: Path) -> None:
    """Node's ` - Local (ip:port)` is the sandbox's socket, not a subnet (facts/network.md §0.1)."""
    rid, ms = _rid(1), T0
    lines = [
        ll.start(rid),
        ll.node_line(
            ms + 10,
            rid,
            "ERROR",
            ll.node_connect_error("ETIMEDOUT", "10.0.3.47", 5432, local="10.0.1.25:41234").inspect(),
        ),
        ll.end(rid),
        ll.report(rid, 10_020.0, 512, 80),
    ]
    logs = tmp_path / "orders-api.json"
    with logs.open("w") as out:
        ll.write_filter_log_events(
            out, [ll.Event(STREAM_B, ms + k, t, ms + k + 400, f"{k:08d}") for k, t in enumerate(lines)]
        )
    finding = _finding(
        run_cli("analyze", "--log-group", GROUP, "--format", "json", str(logs), cwd=tmp_path).stdout
    )
    assert finding["failed_invocations"] == 1 and "availability_zones" not in finding


def test_a_failure_line_carrying_az_id_is_still_classified_and_two_azs_count_in_none() -> None:
    """Powertools puts `az_id` on the error line too: it is still a failure. A stream that logs
    two different AZ IDs is placed in neither."""
    from checker.events import LogEvent
    from checker.invocations import Grouper

    grouper = Grouper(keep_recent=100)
    failing = json.dumps(
        {
            "level": "ERROR",
            "location": "lambda_handler:40",
            "message": ll.psycopg2_timed_out(builder.DB_HOST, "10.0.3.47").split("\n")[0],
            "service": "orders",
            "function_request_id": _rid(1),
            "az_id": "use1-az2",
        },
        separators=(",", ":"),
    )
    lines = [ll.start(_rid(1)), failing, ll.end(_rid(1)), ll.report(_rid(1), 10.0, 512, 80)]
    for k, text in enumerate(lines):
        grouper.add(LogEvent(T0 + k, text, GROUP, STREAM_B, None), "x.json")
    for k, az in enumerate(("use1-az1", "use1-az3")):
        grouper.add(
            LogEvent(T0 + k, _powertools(T0 + k, _rid(2), "step", az, k == 0), GROUP, STREAM_A, None),
            "x.json",
        )
    kept = grouper.finish()
    assert [(i.request_id, i.failed) for i in kept if i.log_stream == STREAM_B] == [(_rid(1), True)]
    assert grouper.zones == {(GROUP, STREAM_B, None): "use1-az2", (GROUP, STREAM_A, None): ""}
