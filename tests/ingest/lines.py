"""Real Lambda log line shapes for test fixtures (design §3), with chosen ids and times."""

from __future__ import annotations

import json
from collections.abc import Sequence

STREAM_A = "2026/11/20/[$LATEST]6a1f0c2b9d8e4f7a8b6c5d4e3f2a1b0c"
STREAM_B = "2026/11/20/[$LATEST]0f1e2d3c4b5a69788796a5b4c3d2e1f0"
T0 = 1_795_600_000_000  # 2026-11-23T...Z, any fixed instant


def rid(n: int) -> str:
    return f"{n:08x}-1c2d-4e5f-8a9b-0c1d2e3f4a5b"


def start(n: int) -> str:
    return f"START RequestId: {rid(n)} Version: $LATEST\n"


def end(n: int) -> str:
    return f"END RequestId: {rid(n)}\n"


def report(
    n: int,
    duration: float = 12.5,
    billed: int = 13,
    memory: int = 512,
    used: int = 80,
    init: float | None = None,
    status: str | None = None,
) -> str:
    line = (
        f"REPORT RequestId: {rid(n)}\tDuration: {duration:.2f} ms\tBilled Duration: {billed} ms\t"
        f"Memory Size: {memory} MB\tMax Memory Used: {used} MB\t"
    )
    if init is not None:
        line += f"Init Duration: {init:.2f} ms\t"
    if status is not None:
        line += f"Status: {status}\t"
    return line + "\n"


def node_error(n: int, iso: str, text: str) -> str:
    return f"{iso}\t{rid(n)}\tERROR\t{text}\n"


def python_error(n: int, iso: str, text: str) -> str:
    return f"[ERROR]\t{iso}\t{rid(n)}\t{text}\n"


def event(ts: int, message: str, stream: str = STREAM_A, event_id: str | None = None) -> dict[str, object]:
    out: dict[str, object] = {
        "logStreamName": stream,
        "timestamp": ts,
        "message": message,
        "ingestionTime": ts + 180,
    }
    out["eventId"] = event_id or f"3{ts:020d}{abs(hash((stream, message))) % 10**15:015d}"
    return out


def filter_export(events: Sequence[object]) -> str:
    return json.dumps({"events": events, "searchedLogStreams": []}, indent=4)


NODE_TIMEOUT = "Error: connect ETIMEDOUT 10.0.3.47:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)"
PY_REFUSED = (
    "requests.exceptions.ConnectionError: HTTPConnectionPool(host='10.0.5.20', port=8080): "
    "Max retries exceeded with url: /render (Caused by NewConnectionError('<urllib3.connection."
    "HTTPConnection object at 0x7f2a1c3b5d50>: Failed to establish a new connection: "
    "[Errno 111] Connection refused'))"
)
JAVA_REFUSED = "java.net.ConnectException: Connection refused"
