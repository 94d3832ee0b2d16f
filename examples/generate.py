"""Write the example exports in this folder, their ground truth and README table.

Run `python examples/generate.py`: deterministic (fixed seeds, gzip mtime 0), so a second run
gives identical bytes. Each scenario simulates execution environments (one log stream each)
serving invocations one after another, with the real line formats from `lambda_lines`.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lambda_lines as L

HERE = Path(__file__).resolve().parent
ACCOUNT = "123456789012"
DAY = int(datetime(2026, 11, 20, tzinfo=timezone.utc).timestamp() * 1000)


def at(hh: int, mm: int, ss: float = 0.0) -> int:
    return DAY + (hh * 3600 + mm * 60) * 1000 + int(ss * 1000)


@dataclass
class Env:
    """One execution environment: its log stream and the time it is free again."""

    stream: str
    clock: int
    lines: list[tuple[int, str]] = field(default_factory=list)
    cold: bool = True
    max_mem: int = 0

    def add(self, ms: int, message: str) -> None:
        self.lines.append((ms, message))


@dataclass
class Tally:
    """Ground truth counted while generating, never by re-reading the output."""

    invocations: int = 0
    failed: int = 0

    def count(self, failed: bool) -> None:
        self.invocations += 1
        self.failed += int(failed)


def merge(envs: Sequence[Env], rng: random.Random) -> list[L.Event]:
    """Interleave streams by timestamp, keeping each stream's own order on equal timestamps."""
    ids = L.EventIds(rng)
    keyed = [
        (ms, i, j, env.stream, msg) for i, env in enumerate(envs) for j, (ms, msg) in enumerate(env.lines)
    ]
    keyed.sort(key=lambda k: (k[0], k[1], k[2]))
    return [
        L.Event(stream, ms, msg, ms + rng.randint(180, 1400), ids.next()) for ms, _, _, stream, msg in keyed
    ]


def next_start(env: Env, rng: random.Random, mean_gap_s: float) -> int:
    return env.clock + int(rng.expovariate(1 / mean_gap_s) * 1000) + rng.randint(50, 900)


def begin(
    env: Env,
    rng: random.Random,
    t: int,
    rid: str,
    runtime: str,
    arn: str,
    init_range: tuple[float, float],
    gap: int = 2,
) -> float | None:
    """START an invocation at `t`; a cold environment first logs INIT_START. The init time, or None."""
    init_ms = None
    if env.cold:
        init_ms = rng.uniform(*init_range)
        env.add(t - int(init_ms) - gap, L.init_start(runtime, arn))
        env.cold = False
    env.add(t, L.start(rid))
    return init_ms


def mem(env: Env, rng: random.Random, base: int) -> int:
    env.max_mem = max(env.max_mem or base, base) + (rng.random() < 0.3)
    return env.max_mem


# --------------------------------------------------------------------------- a. orders-api


def orders_api() -> tuple[list[L.Event], Tally]:
    """VPC Node.js 20 API; environments in subnet 10.0.1.0/24 cannot reach PostgreSQL 10.0.3.47
    (a NACL drops the SYNs), pg has no `connectionTimeoutMillis`, so each query waits ~127 s
    for the kernel's SYN retries; subnet 10.0.2.0/24 works."""
    rng = random.Random(20261120)
    arn = L.runtime_version_arn(rng)
    tally = Tally()
    # (local address, fails, invocations) per environment; only the first one's code binds its
    # socket (localAddress + localPort), so only its errors carry Node's `- Local (...)`
    plan = [
        ("10.0.1.23", True, 12),
        ("10.0.1.87", True, 11),
        ("10.0.1.142", True, 11),
        ("10.0.2.61", False, 29),
        ("10.0.2.118", False, 29),
        ("10.0.2.9", False, 29),
        ("10.0.2.200", False, 29),
    ]
    fail_counts = [10, 9, 9]
    envs: list[Env] = []
    for idx, (local_ip, fails, n) in enumerate(plan):
        env = Env(L.log_stream_name(rng, DAY), at(10, 0, 4 + idx * 37.5))
        envs.append(env)
        kinds = ["db"] * n
        if fails:
            kinds = ["fail"] * fail_counts[idx] + ["health"] * (n - fail_counts[idx])
            rng.shuffle(kinds)
            kinds[0] = "fail"
        for kind in kinds:
            t = next_start(env, rng, 100 if not fails else 20)
            rid = L.request_id(rng)
            init_ms = begin(env, rng, t, rid, "nodejs:20.v33", arn, (168, 262))
            order = f"ord_{L.hex_id(rng, 10)}"
            if kind == "health":
                env.add(t + 1, L.node_line(t + 1, rid, "INFO", "GET /health"))
                duration = rng.uniform(1.6, 4.2)
            else:
                env.add(t + 2, L.node_line(t + 2, rid, "INFO", f"GET /orders/{order}"))
                if kind == "db":
                    q = rng.randint(6, 41) + (35 if init_ms else 0)
                    env.add(t + 3 + q, L.node_line(t + 3 + q, rid, "INFO", f"order {order} loaded in {q} ms"))
                    duration = 4 + q + rng.uniform(0.8, 6.5)
                else:
                    wait = rng.randint(127_020, 127_480)
                    local = f"{local_ip}:{rng.randint(32768, 60999)}" if idx == 0 else None
                    err = L.node_connect_error("ETIMEDOUT", "10.0.3.47", 5432, local)
                    te = t + 3 + wait
                    env.add(
                        te, L.node_line(te, rid, "ERROR", f"Failed to load order {order} {err.inspect()}")
                    )
                    env.add(te + 1, L.node_line(te + 1, rid, "ERROR", err.invoke_error()))
                    duration = 3 + wait + rng.uniform(1.1, 3.9)
            te = t + int(duration) + 1
            env.add(te, L.end(rid))
            env.add(te, L.report(rid, duration, 512, mem(env, rng, 86), init_ms))
            env.clock = te
            tally.count(kind == "fail")
    return merge(envs, rng), tally


# --------------------------------------------------------------------------- b. inventory-sync


def inventory_sync() -> tuple[list[L.Event], Tally, list[L.Event]]:
    """VPC Python 3.12 SQS consumer; one subnet's route table lacks the DynamoDB gateway
    endpoint route. boto3 is configured `connect_timeout=5`, standard retries (3 attempts), so a
    put_item fails after ~15-18 s; with two records the second attempt runs into the 30 s
    function timeout."""
    rng = random.Random(3120)
    arn = L.runtime_version_arn(rng)
    tally = Tally()
    host = "dynamodb.us-east-1.amazonaws.com"
    plan = [("fail", 5), ("ok", 12), ("ok", 12), ("ok", 11)]
    envs: list[Env] = []
    for idx, (mode, n) in enumerate(plan):
        env = Env(L.log_stream_name(rng, DAY), at(14, 0, 11 + idx * 71.3))
        envs.append(env)
        fail_kinds = ["raise", "timeout", "raise", "timeout", "raise"]
        for k in range(n):
            t = next_start(env, rng, 150)
            rid = L.request_id(rng)
            init_ms = begin(env, rng, t, rid, "python:3.12.v52", arn, (520, 690), gap=3)
            kind = fail_kinds[k] if mode == "fail" else "ok"
            records = 2 if kind == "timeout" else rng.choice([1, 1, 2, 3])
            if kind == "raise":
                records = 1
            env.add(
                t + 1,
                L.python_log(t + 1, rid, "INFO", f"processing {records} record(s) from inventory-updates"),
            )
            status = None
            if kind == "ok":
                q = rng.randint(18, 95) + (60 if init_ms else 0)
                env.add(
                    t + 2 + q,
                    L.python_log(
                        t + 2 + q, rid, "INFO", f"updated {records} item(s) in 'inventory' in {q} ms"
                    ),
                )
                duration = 2 + q + rng.uniform(0.5, 3.0)
            else:
                fail_at = 15_000 + rng.randint(180, 2900)  # 3 x 5 s connects + backoff
                sku = f"SKU-{rng.randint(1000, 9999)}"
                tf = t + 2 + fail_at
                if kind == "raise":
                    frames = [
                        ("/var/task/app.py", 38, "handler", "table.put_item(Item=item)"),
                        (
                            f"{L.SITE}/boto3/resources/factory.py",
                            581,
                            "do_action",
                            "response = action(self, *args, **kwargs)",
                        ),
                        (
                            f"{L.SITE}/boto3/resources/action.py",
                            88,
                            "__call__",
                            "response = getattr(parent.meta.client, operation_name)(*args, **params)",
                        ),
                        (
                            f"{L.SITE}/botocore/client.py",
                            569,
                            "_api_call",
                            "return self._make_api_call(operation_name, kwargs)",
                        ),
                        (
                            f"{L.SITE}/botocore/client.py",
                            1005,
                            "_make_api_call",
                            "http, parsed_response = self._make_request(",
                        ),
                        (
                            f"{L.SITE}/botocore/client.py",
                            1029,
                            "_make_request",
                            "return self._endpoint.make_request(operation_model, request_dict)",
                        ),
                        (
                            f"{L.SITE}/botocore/endpoint.py",
                            119,
                            "make_request",
                            "return self._send_request(request_dict, operation_model)",
                        ),
                        (f"{L.SITE}/botocore/endpoint.py", 200, "_send_request", "while self._needs_retry("),
                        (
                            f"{L.SITE}/botocore/endpoint.py",
                            360,
                            "_needs_retry",
                            "responses = self._event_emitter.emit(",
                        ),
                        (
                            f"{L.SITE}/botocore/retryhandler.py",
                            207,
                            "__call__",
                            "if self._checker(**checker_kwargs):",
                        ),
                        (
                            f"{L.SITE}/botocore/endpoint.py",
                            279,
                            "_do_get_response",
                            "http_response = self._send(request)",
                        ),
                        (
                            f"{L.SITE}/botocore/endpoint.py",
                            383,
                            "_send",
                            "return self.http_session.send(request)",
                        ),
                        (
                            f"{L.SITE}/botocore/httpsession.py",
                            499,
                            "send",
                            "raise ConnectTimeoutError(endpoint_url=request.url, error=e)",
                        ),
                    ]
                    env.add(
                        tf,
                        L.python_unhandled(
                            "ConnectTimeoutError",
                            f'Connect timeout on endpoint URL: "https://{host}/"',
                            frames,
                        ),
                    )
                    duration = 2 + fail_at + rng.uniform(2.0, 6.0)
                else:
                    tb = L.botocore_connect_timeout_chain(
                        host, 5, ("/var/task/app.py", 41, "handler", "table.put_item(Item=item)")
                    )
                    env.add(
                        tf, L.python_log(tf, rid, "ERROR", f"put_item failed for {sku}, continuing\n{tb}")
                    )
                    env.add(t + 30_000, L.task_timed_out(t + 30_000, rid, 30.0))
                    duration, status = 30_000.0, "timeout"
            te = t + int(duration) + 1
            env.add(te, L.end(rid))
            env.add(te, L.report(rid, duration, 256, mem(env, rng, 71), init_ms, status))
            env.clock = te
            tally.count(kind != "ok")
    events = merge(envs, rng)
    return events, tally, events


def insights_rows(events: Sequence[L.Event], group: str, rng: random.Random) -> list[list[tuple[str, str]]]:
    """`fields @timestamp, @message, @logStream, @log | sort @timestamp desc` (the console's
    default order), plus the `@ptr` Insights always returns."""
    rows = [
        [
            ("@timestamp", L.insights_ts(e.timestamp)),
            ("@message", e.message),
            ("@logStream", e.stream),
            ("@log", f"{ACCOUNT}:{group}"),
            ("@ptr", L.insights_ptr(rng)),
        ]
        for e in events
    ]
    rows.reverse()
    return rows


# --------------------------------------------------------------------------- c. healthy, JSON format


def notifications_worker() -> tuple[list[L.Event], Tally]:
    """Node.js 20 with the JSON log format (advanced logging controls), no failures. Lines that
    mention `timeout` and an HTTP 503 are there on purpose: none is a connection failure."""
    rng = random.Random(611)
    arn = L.runtime_version_arn(rng)
    tally = Tally()
    envs: list[Env] = []
    for idx, n in enumerate([22, 20, 18]):
        env = Env(L.log_stream_name(rng, DAY), at(9, 0, 3 + idx * 45.1))
        envs.append(env)
        for _ in range(n):
            t = next_start(env, rng, 80)
            rid = L.request_id(rng)
            init_ms = None
            if env.cold:
                init_ms = rng.uniform(150, 240)
                t0 = t - int(init_ms) - 2
                env.add(t0, L.json_platform_init_start(t0, "nodejs:20.v33", arn, "notifications-worker"))
                # console.log during init: requestId is undefined, so JSON.stringify drops it
                env.add(
                    t0 + 40,
                    json.dumps(
                        {
                            "timestamp": L.iso_z(t0 + 40),
                            "level": "INFO",
                            "message": "config loaded: smtpConnectTimeoutMs=3000 requestTimeoutMs=10000",
                        },
                        separators=(",", ":"),
                    ),
                )
                env.cold = False
            env.add(t, L.json_platform_start(t, rid))
            sent = rng.randint(1, 6)
            q = rng.randint(25, 140)
            if rng.random() < 0.12:
                env.add(
                    t + 9,
                    L.json_node_app(
                        t + 9,
                        rid,
                        "WARN",
                        "push gateway answered 503 Service Unavailable, retrying in 200 ms",
                    ),
                )
                q += 200 + rng.randint(20, 60)
            env.add(t + q, L.json_node_app(t + q, rid, "INFO", f"sent {sent} notification(s)"))
            duration = q + rng.uniform(1.0, 4.0)
            te = t + int(duration) + 1
            env.add(te, L.json_platform_report(te, rid, duration, 256, mem(env, rng, 79), init_ms))
            env.clock = te
            tally.count(False)
    return merge(envs, rng), tally


# --------------------------------------------------------------------------- d. one DNS failure


def partner_sync() -> tuple[list[L.Event], Tally]:
    """Node.js 20; one invocation cannot resolve the partner's API host (a DNS blip)."""
    rng = random.Random(53)
    arn = L.runtime_version_arn(rng)
    tally = Tally()
    host = "api.partner.example.com"
    envs: list[Env] = []
    for idx, n in enumerate([11, 9]):
        env = Env(L.log_stream_name(rng, DAY), at(16, 0, 2 + idx * 30.7))
        envs.append(env)
        for k in range(n):
            t = next_start(env, rng, 240)
            rid = L.request_id(rng)
            init_ms = begin(env, rng, t, rid, "nodejs:20.v33", arn, (140, 210))
            batch = rng.randint(3, 40)
            env.add(t + 1, L.node_line(t + 1, rid, "INFO", f"syncing {batch} contacts to {host}"))
            failed = idx == 1 and k == 5
            if failed:
                err = L.node_dns_error(host)
                env.add(t + 7, L.node_line(t + 7, rid, "ERROR", f"partner sync failed: {err.inspect()}"))
                duration = 7 + rng.uniform(1.0, 2.5)
            else:
                q = rng.randint(90, 420)
                env.add(
                    t + q, L.node_line(t + q, rid, "INFO", f"partner accepted {batch} contacts (HTTP 202)")
                )
                duration = q + rng.uniform(1.0, 3.0)
            te = t + int(duration) + 1
            env.add(te, L.end(rid))
            env.add(te, L.report(rid, duration, 256, mem(env, rng, 74), init_ms))
            env.clock = te
            tally.count(failed)
    return merge(envs, rng), tally


# --------------------------------------------------------------------------- e. other formats


def ledger_writer(seed: int, start_ms: int, fail_index: int) -> tuple[Env, Tally]:
    """Java 21 handler using pgjdbc; the RDS instance's port is closed for a while (refused).
    `e.printStackTrace()` writes one event per line, none carrying the request id."""
    rng = random.Random(seed)
    arn = L.runtime_version_arn(rng)
    tally = Tally()
    env = Env(L.log_stream_name(rng, DAY), start_ms)
    for k in range(3):
        t = next_start(env, rng, 40)
        rid = L.request_id(rng)
        init_ms = begin(env, rng, t, rid, "java:21.v27", arn, (2100, 2700))
        entry = rng.randint(4000, 9000)
        env.add(t + 3, f"Writing ledger entry {entry} for account acct_{L.hex_id(rng, 6)}\n")
        failed = k == fail_index
        if failed:
            trace = L.pgjdbc_refused_trace(
                "10.0.4.12", 5432, "com.example.ledger.Handler.handleRequest(Handler.java:41)"
            )
            for i, line in enumerate(trace):
                env.add(t + 9 + i // 6, line + "\n")
            env.add(t + 13, f"Ledger entry {entry} not written, returning 503\n")
            duration = 13 + rng.uniform(1.0, 3.0)
        else:
            q = rng.randint(40, 160) + (600 if init_ms else 0)
            env.add(t + q, f"Ledger entry {entry} committed\n")
            duration = q + rng.uniform(1.0, 4.0)
        te = t + int(duration) + 1
        env.add(te, L.end(rid))
        env.add(te, L.report(rid, duration, 1024, mem(env, rng, 142), init_ms))
        env.clock = te
        tally.count(failed)
    return env, tally


def webhook_relay() -> tuple[list[Env], Tally, random.Random]:
    """Go on provided.al2023 (`log` package: no request id). The partner's host is IPv6-only
    and the Lambda subnets have no IPv6, so dialing it fails at once: network is unreachable."""
    rng = random.Random(86)
    arn = L.runtime_version_arn(rng)
    tally = Tally()
    url = "https://hooks.partner.example.com/v1/events"
    envs: list[Env] = []
    for idx, n in enumerate([7, 5]):
        env = Env(L.log_stream_name(rng, DAY), at(11, 0, 5 + idx * 20.3))
        envs.append(env)
        for k in range(n):
            t = next_start(env, rng, 60)
            rid = L.request_id(rng)
            init_ms = begin(env, rng, t, rid, "provided:al2023.v86", arn, (48, 75), gap=1)
            n_events = rng.randint(1, 9)
            env.add(t + 1, L.go_log(t + 1, f"relaying {n_events} event(s)"))
            failed = (idx, k) in {(0, 3), (1, 1)}
            if failed:
                err = L.go_dial_error(
                    "Post", url, "[2600:1f18:4a3:6901::14]:443", "connect: network is unreachable"
                )
                env.add(t + 3, L.go_log(t + 3, f"delivery failed: {err}"))
                duration = 3 + rng.uniform(0.4, 1.5)
            else:
                q = rng.randint(30, 160)
                env.add(t + q, L.go_log(t + q, f"delivered {n_events} event(s) to {url}"))
                duration = q + rng.uniform(0.3, 1.2)
            te = t + int(duration) + 1
            env.add(te, L.end(rid))
            env.add(te, L.report(rid, duration, 128, mem(env, rng, 24), init_ms))
            env.clock = te
            tally.count(failed)
    return envs, tally, rng


def invoice_renderer() -> tuple[list[L.Event], Tally, random.Random]:
    """Python 3.12, one log stream (get-log-events reads one); the internal render service's
    port was closed during a deploy, so three invocations got `Connection refused`."""
    rng = random.Random(8080)
    arn = L.runtime_version_arn(rng)
    tally = Tally()
    env = Env(L.log_stream_name(rng, DAY), at(12, 30))
    for k in range(12):
        t = next_start(env, rng, 45)
        rid = L.request_id(rng)
        init_ms = begin(env, rng, t, rid, "python:3.12.v52", arn, (300, 420))
        inv = f"INV-2026-{rng.randint(10000, 99999)}"
        env.add(t + 1, L.python_log(t + 1, rid, "INFO", f"rendering {inv}"))
        failed = k in (5, 6, 8)
        if failed:
            tb = L.python_traceback(
                [
                    (
                        [
                            (
                                "/var/task/handler.py",
                                57,
                                "render",
                                "resp = session.post(RENDER_URL, json=payload, timeout=(3, 20))",
                            ),
                            (
                                f"{L.SITE}/requests/sessions.py",
                                637,
                                "post",
                                'return self.request("POST", url, data=data, json=json, **kwargs)',
                            ),
                            (
                                f"{L.SITE}/requests/adapters.py",
                                700,
                                "send",
                                "raise ConnectionError(e, request=request)",
                            ),
                        ],
                        L.requests_refused("10.0.5.20", 8080, "/v1/render"),
                    )
                ]
            )
            env.add(t + 4, L.python_log(t + 4, rid, "ERROR", f"render service call failed\n{tb}"))
            duration = 4 + rng.uniform(1.0, 3.0)
        else:
            q = rng.randint(180, 900)
            env.add(t + q, L.python_log(t + q, rid, "INFO", f"{inv} rendered, 2 page(s)"))
            duration = q + rng.uniform(1.0, 3.0)
        te = t + int(duration) + 1
        env.add(te, L.end(rid))
        env.add(te, L.report(rid, duration, 512, mem(env, rng, 118), init_ms))
        env.clock = te
        tally.count(failed)
    return merge([env], rng), tally, rng


def search_indexer() -> tuple[list[L.Event], Tally, random.Random]:
    """Node.js 20 using `fetch` to an OpenSearch VPC domain whose security group does not admit
    one of the function's subnets: undici gives up after its 10 s connect timeout."""
    rng = random.Random(9200)
    arn = L.runtime_version_arn(rng)
    tally = Tally()
    host = "vpc-products-4kq2xw7d5r3mbb6tkfz3q5xnvu.us-east-1.es.amazonaws.com"
    envs: list[Env] = []
    for idx, (fails, n) in enumerate([(True, 5), (False, 8), (False, 7)]):
        env = Env(L.log_stream_name(rng, DAY), at(13, 0, 8 + idx * 12.9))
        envs.append(env)
        for k in range(n):
            t = next_start(env, rng, 50)
            rid = L.request_id(rng)
            init_ms = begin(env, rng, t, rid, "nodejs:20.v33", arn, (160, 230))
            docs = rng.randint(5, 200)
            env.add(t + 1, L.node_line(t + 1, rid, "INFO", f"indexing {docs} product(s)"))
            failed = fails and k != 2
            if failed:
                wait = 10_000 + rng.randint(2, 9)
                text = L.node_fetch_connect_timeout(
                    host, 443, 10_000, "async Runtime.handler (file:///var/task/index.mjs:31:20)"
                )
                env.add(t + 2 + wait, L.node_line(t + 2 + wait, rid, "ERROR", f"bulk index failed {text}"))
                duration = 2 + wait + rng.uniform(1.0, 3.0)
            else:
                q = rng.randint(60, 380)
                env.add(
                    t + q, L.node_line(t + q, rid, "INFO", f"bulk index ok: {docs} item(s), errors=false")
                )
                duration = q + rng.uniform(1.0, 3.0)
            te = t + int(duration) + 1
            env.add(te, L.end(rid))
            env.add(te, L.report(rid, duration, 512, mem(env, rng, 92), init_ms))
            env.clock = te
            tally.count(failed)
    return merge(envs, rng), tally, rng


# --------------------------------------------------------------------------- writing


@dataclass(frozen=True)
class Example:
    path: str
    format: str
    function: str
    runtime: str
    shows: str
    events: int
    tally: Tally
    streams: int
    group_in_file: bool
    primary: dict[str, object] | None


def write(rel: str, data: str | bytes) -> None:
    path = HERE / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    path.write_bytes(data)


def build(s3_parts: dict[str, int]) -> list[Example]:
    """Write every example file; `s3_parts` receives the event count of each `.gz` object."""
    out: list[Example] = []

    def add(
        path: str,
        fmt: str,
        function: str,
        runtime: str,
        shows: str,
        events: int,
        tally: Tally,
        streams: int,
        group_in_file: bool,
        primary: dict[str, object] | None,
    ) -> None:
        out.append(
            Example(path, fmt, function, runtime, shows, events, tally, streams, group_in_file, primary)
        )

    def primary(category: str, host: str, port: int | None) -> dict[str, object]:
        """The facts the failing lines state; raw code and service follow the detector's own
        conventions, so they are not fixed here."""
        return {"category": category, "host": host, "port": port}

    ev, tally = orders_api()
    write("vpc-node-postgres.json", L.filter_log_events_text(ev))
    add(
        "vpc-node-postgres.json",
        "filter-log-events",
        "orders-api",
        "nodejs20.x",
        "HIGH: pg `connect ETIMEDOUT 10.0.3.47:5432` after ~127 s of SYN retries, all in the 3 "
        "environments of subnet 10.0.1.0/24 (the scenario's: no log line says it); one environment's "
        "code sets `localAddress` and `localPort`, the uncommon case where Node adds `- Local (...)`",
        len(ev),
        tally,
        len({e.stream for e in ev}),
        False,
        primary("ETIMEDOUT", "10.0.3.47", 5432),
    )

    ev, tally, _ = inventory_sync()
    rows = insights_rows(ev, "/aws/lambda/inventory-sync", random.Random(77))
    write(
        "python-dynamodb-insights.json",
        L.insights_results_text(rows, sum(len(e.message) for e in ev) + 90 * len(ev), len(ev)),
    )
    add(
        "python-dynamodb-insights.json",
        "insights-query-results",
        "inventory-sync",
        "python3.12",
        "botocore `ConnectTimeoutError` to DynamoDB (no gateway endpoint route in "
        "one subnet): 3 unhandled after ~15-18 s, 2 logged then `Task timed out after 30.00 "
        "seconds`; rows newest first",
        len(ev),
        tally,
        len({e.stream for e in ev}),
        True,
        primary("ETIMEDOUT", "dynamodb.us-east-1.amazonaws.com", 443),
    )

    ev, tally = notifications_worker()
    write("healthy-function.json", L.filter_log_events_text(ev))
    add(
        "healthy-function.json",
        "filter-log-events",
        "notifications-worker",
        "nodejs20.x",
        "no failures; JSON log format (`platform.*` records), an init line without requestId, "
        "an HTTP 503 retry and a `...Timeout...` config line that must not count",
        len(ev),
        tally,
        len({e.stream for e in ev}),
        False,
        None,
    )

    ev, tally = partner_sync()
    write("single-dns-failure.log", L.tail_lines(ev))
    add(
        "single-dns-failure.log",
        "aws-logs-tail",
        "partner-sync",
        "nodejs20.x",
        "ELEVATED: one `getaddrinfo ENOTFOUND api.partner.example.com`; detailed tail format "
        "(`<ISO µs +00:00> <stream> <message>`, multi-line errors unprefixed)",
        len(ev),
        tally,
        len({e.stream for e in ev}),
        False,
        primary("ENOTFOUND", "api.partner.example.com", None),
    )

    group = "/aws/lambda/ledger-writer"
    env, tally = ledger_writer(1521, at(15, 0, 3), fail_index=1)
    ev = merge([env], random.Random(1))
    msg = L.subscription_message(ACCOUNT, group, env.stream, "ship-to-siem", ev)
    write("subscription-payload.json", L.subscription_envelope(msg))
    add(
        "subscription-payload.json",
        "subscription",
        "ledger-writer",
        "java21",
        "Java: pgjdbc `Connection to 10.0.4.12:5432 refused` + `Caused by: "
        "java.net.ConnectException`, one event per stack-trace line, no request id",
        len(ev),
        tally,
        1,
        True,
        primary("ECONNREFUSED", "10.0.4.12", 5432),
    )

    env, tally = ledger_writer(1522, at(15, 0, 9), fail_index=2)
    ev = merge([env], random.Random(2))
    msg = L.subscription_message(ACCOUNT, group, env.stream, "ship-to-siem", ev)
    write("subscription-decoded.json", json.dumps(msg, indent=2) + "\n")
    add(
        "subscription-decoded.json",
        "subscription",
        "ledger-writer",
        "java21",
        "the same function's next batch from another environment, as a subscriber sees it "
        "after base64 + gunzip",
        len(ev),
        tally,
        1,
        True,
        primary("ECONNREFUSED", "10.0.4.12", 5432),
    )

    envs, tally, rng = webhook_relay()
    task = "3f1c0e1d-5a0b-4e8e-9a51-7d2c11b0c6a4"
    total = 0
    for env in envs:
        ev = merge([env], rng)
        total += len(ev)
        key = f"s3-export/exportedlogs/{task}/{env.stream}/000000.gz"
        write(key, L.gzip_bytes(L.s3_export_lines(ev).encode()))
        s3_parts[key] = len(ev)
    write("s3-export/exportedlogs/aws-logs-write-test", "Permission Check Successful")
    add(
        "s3-export/",
        "s3-export",
        "webhook-relay",
        "provided.al2023 (Go)",
        "Go `dial tcp [2600:1f18:4a3:6901::14]:443: connect: network is "
        "unreachable` (IPv6-only partner, no IPv6 in the subnets); stream from the key path; "
        "`aws-logs-write-test` beside it as CloudWatch leaves it",
        total,
        tally,
        len(envs),
        False,
        primary("ENETUNREACH", "hooks.partner.example.com", 443),
    )

    ev, tally, rng = invoice_renderer()
    write("get-log-events.json", L.get_log_events_text(ev, rng))
    add(
        "get-log-events.json",
        "get-log-events",
        "invoice-renderer",
        "python3.12",
        "requests `[Errno 111] Connection refused` to 10.0.5.20:8080 in 3 invocations; "
        "one stream, no stream or group in the file",
        len(ev),
        tally,
        1,
        False,
        primary("ECONNREFUSED", "10.0.5.20", 8080),
    )

    ev, tally, rng = search_indexer()
    rows = insights_rows(ev, "/aws/lambda/search-indexer", rng)
    flat = [{k: v for k, v in row if k != "@ptr"} for row in rows]
    write("insights-console-export.json", json.dumps(flat, indent=2, ensure_ascii=False) + "\n")
    add(
        "insights-console-export.json",
        "insights-console-json",
        "search-indexer",
        "nodejs20.x",
        "undici `fetch failed` caused by `ConnectTimeoutError ... timeout: 10000ms` "
        "(`UND_ERR_CONNECT_TIMEOUT`) to an OpenSearch VPC domain, 4 invocations of one "
        "environment, each ~10 s",
        len(ev),
        tally,
        len({e.stream for e in ev}),
        True,
        primary("ETIMEDOUT", "vpc-products-4kq2xw7d5r3mbb6tkfz3q5xnvu.us-east-1.es.amazonaws.com", 443),
    )
    return out


def expected(examples: Sequence[Example], s3_parts: dict[str, int]) -> str:
    doc: dict[str, dict[str, object]] = {}
    for ex in examples:
        doc[ex.path] = {
            "format": ex.format,
            "events": ex.events,
            "invocations": ex.tally.invocations,
            "failed_invocations": ex.tally.failed,
            "log_streams": ex.streams,
            "functions": {
                ex.function: {
                    "log_group": f"/aws/lambda/{ex.function}",
                    "log_group_in_file": ex.group_in_file,
                    "runtime": ex.runtime,
                    "invocations": ex.tally.invocations,
                    "failed_invocations": ex.tally.failed,
                }
            },
            "primary_error": ex.primary,
        }
        if ex.path == "s3-export/":
            doc[ex.path]["objects"] = {k: v for k, v in sorted(s3_parts.items())}
    return json.dumps(doc, indent=2) + "\n"


README_HEAD = """# Example exports

Realistic CloudWatch Logs exports of Lambda functions, in every format connfail reads. They
are generated, not captured: `python examples/generate.py` rewrites every file here
(deterministic: a second run gives identical bytes) from line builders in `lambda_lines.py`
that follow the real Lambda runtimes' output (design §3). `bench/generate.py` uses the same
builders for large files.

`expected.json` is the ground truth, counted while generating: for each file (or the
`s3-export/` folder) its `format`, `events`, `invocations`, `failed_invocations`,
`log_streams`, `functions` (name → `log_group`, `log_group_in_file`, `runtime`, counts) and
`primary_error` (`category`, `host`, `port`: the facts the failing lines state, or null for
a healthy file); the `s3-export/` entry also lists its `objects` with their event counts.

Try one: `connfail analyze examples/vpc-node-postgres.json`.

| file | format | function | runtime | what it shows | events | invocations | failing |
|---|---|---|---|---|---:|---:|---:|
"""

README_TAIL = """
Counts: *events* are CloudWatch log events (a multi-line message is one event; a Java stack
trace is one event per line); *invocations* are distinct request ids (START lines);
*failing* are invocations with at least one connection failure (design §4).

Scenario details (all times 2026-11-20 UTC, account 123456789012, us-east-1):

- `vpc-node-postgres.json`: 7 execution environments. The scenario puts the 3 that hold all
  28 failures in subnet 10.0.1.0/24 and the 4 with none in 10.0.2.0/24; no log line says so
  (connfail learns a stream's subnet from `network.streams` in its configuration). Only the
  first environment's lines end in Node's `- Local (10.0.1.23:port)`: Node prints that suffix
  only when the code sets both `localAddress` and `localPort`, as this one does and most code
  does not, and the address is the execution environment's own socket, not the subnet's. The
  `pg` pool has no `connectionTimeoutMillis`, so each failed query waits for Linux's SYN
  retries (~127 s) before `ETIMEDOUT`; the function timeout (300 s) is never reached. Each
  failure is logged twice: the handler's `console.error` (inspected error with `errno`,
  `code`, `syscall`, `address`, `port`) and the runtime's `Invoke Error` JSON. Memory 512 MB.
- `python-dynamodb-insights.json`: boto3 with `connect_timeout=5` and standard retries
  (3 attempts), function timeout 30 s, 256 MB. Unhandled errors are the runtime's own
  `[ERROR] ConnectTimeoutError: ...` event (lines joined by `\\n`, indented with U+00A0).
- `single-dns-failure.log`: `aws logs tail /aws/lambda/partner-sync --since 2h` output.
- `s3-export/`: `aws logs create-export-task` output synced from S3:
  `exportedlogs/<task id>/<log stream>/000000.gz`.
- `workflows/`: GitHub workflow examples (documented there).
"""


def readme(examples: Sequence[Example]) -> str:
    rows = [
        f"| `{ex.path}` | {ex.format} | {ex.function} | {ex.runtime} | {ex.shows} | "
        f"{ex.events} | {ex.tally.invocations} | {ex.tally.failed} |"
        for ex in examples
    ]
    return README_HEAD + "\n".join(rows) + "\n" + README_TAIL


def main(argv: Sequence[str] | None = None) -> int:
    s3_parts: dict[str, int] = {}
    examples = build(s3_parts)
    write("expected.json", expected(examples, s3_parts))
    write("README.md", readme(examples))
    for ex in examples:
        print(f"{ex.path}: {ex.events} events, {ex.tally.invocations} invocations, {ex.tally.failed} failing")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
