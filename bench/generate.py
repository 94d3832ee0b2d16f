"""Write a realistic `aws logs filter-log-events` export of any size, streaming, plus its truth.

    python bench/generate.py --size 1GB --out bench/out/1g.json

The export is a custom log group shared by four functions (Node.js 20 and Python 3.12, so
stream names carry the function name), served by a pool of execution environments that
come and go: many log streams, interleaved by timestamp as filter-log-events returns them.
About 8 events per invocation; `--fail-rate` of invocations (default 3 %) fail to connect,
with the real wording of each runtime and library. Successful invocations also carry
near-misses that must not count (resets, read timeouts, HTTP 503, a bare `Task timed out`).
Ground truth, counted while writing, goes to `FILE.truth.json`.
"""

from __future__ import annotations

import argparse
import heapq
import json
import random
import re
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "examples"))

import lambda_lines as L

Lines = list[tuple[int, str]]  # (timestamp ms, message) of one invocation, without platform lines


@dataclass(frozen=True)
class Outcome:
    lines: Lines
    duration_ms: float
    category: str | None = None  # connection-failure category, None when the invocation is fine
    status: str | None = None  # REPORT `Status:` (timeout)
    near_miss: str | None = None  # a line that looks like a failure but is not one


Builder = Callable[[random.Random, int, str], Outcome]


# --------------------------------------------------------------------------- Node.js behaviour


def node_api_ok(r: random.Random, t: int, rid: str) -> Outcome:
    order = f"ord_{L.hex_id(r, 10)}"
    q = r.randint(6, 60)
    lines = [
        (t + 1, L.node_line(t + 1, rid, "INFO", f"GET /orders/{order}")),
        (t + 2, L.node_line(t + 2, rid, "DEBUG", f"cache miss orders:{order}")),
        (t + 3 + q, L.node_line(t + 3 + q, rid, "INFO", f"order {order} loaded in {q} ms")),
        (t + 4 + q, L.node_line(t + 4 + q, rid, "INFO", f"responded 200 in {q + 4} ms")),
    ]
    near = None
    if r.random() < 0.01:
        near = "ECONNRESET"
        err = L.node_inspect(
            "Error: read ECONNRESET",
            ("TCP.onStreamRead (node:internal/stream_base_commons:217:20)",),
            (("errno", -104), ("code", "ECONNRESET"), ("syscall", "read")),
        )
        lines.insert(
            2, (t + 2, L.node_line(t + 2, rid, "WARN", f"pooled connection reset, retrying once {err}"))
        )
    return Outcome(lines, 5 + q + r.uniform(0.5, 4.0), near_miss=near)


def node_pg_timeout(r: random.Random, t: int, rid: str) -> Outcome:
    """pg without `connectionTimeoutMillis`: the kernel's SYN retries give up after ~127 s."""
    wait = r.randint(127_020, 127_480)
    local = f"10.0.1.{r.randint(10, 250)}:{r.randint(32768, 60999)}" if r.random() < 0.3 else None
    err = L.node_connect_error("ETIMEDOUT", "10.0.3.47", 5432, local)
    te = t + 2 + wait
    return Outcome(
        [
            (t + 1, L.node_line(t + 1, rid, "INFO", "GET /orders/ord_" + L.hex_id(r, 10))),
            (te, L.node_line(te, rid, "ERROR", f"Failed to load order {err.inspect()}")),
            (te + 1, L.node_line(te + 1, rid, "ERROR", err.invoke_error())),
        ],
        wait + r.uniform(3.0, 6.0),
        "ETIMEDOUT",
    )


def node_redis_refused(r: random.Random, t: int, rid: str) -> Outcome:
    """ioredis prints the stack of each failed reconnect; the handler falls back to the DB."""
    err = L.node_connect_error("ECONNREFUSED", "10.0.6.21", 6379)
    stack = f"Error: {err.message}\n    at {err.frames[0]}"
    q = r.randint(8, 50)
    return Outcome(
        [
            (t + 1, L.node_line(t + 1, rid, "INFO", "GET /orders/ord_" + L.hex_id(r, 10))),
            (t + 2, L.node_line(t + 2, rid, "ERROR", f"[ioredis] Unhandled error event: {stack}")),
            (t + 3, L.node_line(t + 3, rid, "WARN", "cache unavailable, reading from database")),
            (t + 4 + q, L.node_line(t + 4 + q, rid, "INFO", f"responded 200 in {q + 4} ms")),
        ],
        5 + q + r.uniform(0.5, 3.0),
        "ECONNREFUSED",
    )


def node_indexer_ok(r: random.Random, t: int, rid: str) -> Outcome:
    docs = r.randint(5, 200)
    q = r.randint(60, 380)
    lines = [
        (t + 1, L.node_line(t + 1, rid, "INFO", f"indexing {docs} product(s)")),
        (t + 2, L.node_line(t + 2, rid, "DEBUG", f"batch {L.hex_id(r, 8)} built")),
        (t + q, L.node_line(t + q, rid, "INFO", f"bulk index ok: {docs} item(s), errors=false")),
        (t + q + 1, L.node_line(t + q + 1, rid, "INFO", "checkpoint saved")),
    ]
    near = None
    if r.random() < 0.01:
        near = "HTTP 503"
        lines.insert(
            2,
            (t + 3, L.node_line(t + 3, rid, "WARN", "OpenSearch answered 503 Service Unavailable, retrying")),
        )
    return Outcome(lines, q + r.uniform(2.0, 5.0), near_miss=near)


def node_fetch_timeout(r: random.Random, t: int, rid: str) -> Outcome:
    wait = 10_000 + r.randint(2, 9)
    text = L.node_fetch_connect_timeout(
        "vpc-products-4kq2xw7d5r3mbb6tkfz3q5xnvu.us-east-1.es.amazonaws.com",
        443,
        10_000,
        "async Runtime.handler (file:///var/task/index.mjs:31:20)",
    )
    return Outcome(
        [
            (t + 1, L.node_line(t + 1, rid, "INFO", f"indexing {r.randint(5, 200)} product(s)")),
            (t + 2 + wait, L.node_line(t + 2 + wait, rid, "ERROR", f"bulk index failed {text}")),
        ],
        wait + r.uniform(3.0, 5.0),
        "ETIMEDOUT",
    )


def node_dns(r: random.Random, t: int, rid: str) -> Outcome:
    err = L.node_dns_error("api.partner.example.com", r.choice(("ENOTFOUND", "EAI_AGAIN")))
    return Outcome(
        [
            (t + 1, L.node_line(t + 1, rid, "INFO", f"indexing {r.randint(5, 200)} product(s)")),
            (t + 7, L.node_line(t + 7, rid, "ERROR", f"partner lookup failed: {err.inspect()}")),
        ],
        8 + r.uniform(0.5, 2.0),
        "ENOTFOUND",
    )


# --------------------------------------------------------------------------- Python behaviour


def _processing(records: int) -> str:
    return f"processing {records} record(s) from inventory-updates"


def _rendering(r: random.Random) -> str:
    return f"rendering INV-2026-{r.randint(10000, 99999)}"


def py_sync_ok(r: random.Random, t: int, rid: str) -> Outcome:
    records = r.randint(1, 10)
    q = r.randint(18, 95)
    lines = [
        (t + 1, L.python_log(t + 1, rid, "INFO", _processing(records))),
        (t + 2, L.python_log(t + 2, rid, "INFO", f"batch {L.hex_id(r, 8)}: {records} sku(s)")),
        (
            t + 2 + q,
            L.python_log(t + 2 + q, rid, "INFO", f"updated {records} item(s) in 'inventory' in {q} ms"),
        ),
        (t + 3 + q, L.python_log(t + 3 + q, rid, "INFO", "batchItemFailures: []")),
        (t + 3 + q, L.python_log(t + 3 + q, rid, "INFO", "done")),
    ]
    if r.random() < 0.004:
        lines.append((t + 29_990, L.python_log(t + 29_990, rid, "WARNING", "slow scan still running")))
        return Outcome(lines, 180_000.0, status="timeout", near_miss="Task timed out alone")
    return Outcome(lines, 4 + q + r.uniform(0.5, 3.0))


def py_boto_timeout(r: random.Random, t: int, rid: str) -> Outcome:
    """boto3 `connect_timeout=5`, 3 attempts: the runtime logs the unhandled error itself."""
    fail_at = 15_000 + r.randint(180, 2900)
    frames = [
        ("/var/task/app.py", 38, "handler", "table.put_item(Item=item)"),
        (
            f"{L.SITE}/botocore/client.py",
            569,
            "_api_call",
            "return self._make_api_call(operation_name, kwargs)",
        ),
        (
            f"{L.SITE}/botocore/httpsession.py",
            499,
            "send",
            "raise ConnectTimeoutError(endpoint_url=request.url, error=e)",
        ),
    ]
    msg = L.python_unhandled(
        "ConnectTimeoutError",
        'Connect timeout on endpoint URL: "https://dynamodb.us-east-1.amazonaws.com/"',
        frames,
    )
    return Outcome(
        [(t + 1, L.python_log(t + 1, rid, "INFO", _processing(1))), (t + 2 + fail_at, msg)],
        fail_at + r.uniform(3.0, 6.0),
        "ETIMEDOUT",
    )


def py_psycopg2_timeout(r: random.Random, t: int, rid: str) -> Outcome:
    wait = r.randint(127_020, 127_480)
    text = L.psycopg2_timed_out(
        "orders-db.cluster-c9xk2v1q0abc.us-east-1.rds.amazonaws.com", "10.0.3.47"
    ).removeprefix("psycopg2.OperationalError: ")
    msg = L.python_unhandled(
        "OperationalError",
        text,
        [
            ("/var/task/app.py", 22, "handler", "conn = psycopg2.connect(DSN)"),
            (
                f"{L.SITE}/psycopg2/__init__.py",
                122,
                "connect",
                "conn = _connect(dsn, connection_factory=connection_factory, **kwasync)",
            ),
        ],
    )
    return Outcome(
        [(t + 1, L.python_log(t + 1, rid, "INFO", _processing(2))), (t + 2 + wait, msg)],
        wait + r.uniform(3.0, 5.0),
        "ETIMEDOUT",
    )


def py_render_ok(r: random.Random, t: int, rid: str) -> Outcome:
    inv = f"INV-2026-{r.randint(10000, 99999)}"
    q = r.randint(180, 900)
    lines = [
        (t + 1, L.python_log(t + 1, rid, "INFO", f"rendering {inv}")),
        (t + 2, L.python_log(t + 2, rid, "INFO", "template invoice-v3 loaded")),
        (t + q, L.python_log(t + q, rid, "INFO", f"{inv} rendered, {r.randint(1, 4)} page(s)")),
        (t + q + 2, L.python_log(t + q + 2, rid, "INFO", f"stored s3://invoices-prod/{inv}.pdf")),
    ]
    near = None
    if r.random() < 0.01:
        near = "ReadTimeoutError"
        lines.insert(
            2,
            (
                t + 3,
                L.python_log(
                    t + 3,
                    rid,
                    "WARNING",
                    "tax service slow: urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool("
                    "host='tax.internal.example.com', port=443): Read timed out. (read timeout=2)",
                ),
            ),
        )
    return Outcome(lines, q + r.uniform(3.0, 6.0), near_miss=near)


def py_requests_refused(r: random.Random, t: int, rid: str) -> Outcome:
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
    return Outcome(
        [
            (t + 1, L.python_log(t + 1, rid, "INFO", _rendering(r))),
            (t + 4, L.python_log(t + 4, rid, "ERROR", f"render service call failed\n{tb}")),
        ],
        5 + r.uniform(0.5, 3.0),
        "ECONNREFUSED",
    )


def py_requests_dns(r: random.Random, t: int, rid: str) -> Outcome:
    text = L.requests_name_resolution("api.partner.example.com", "/v2/contacts")
    return Outcome(
        [
            (t + 1, L.python_log(t + 1, rid, "INFO", _rendering(r))),
            (t + 9, L.python_log(t + 9, rid, "ERROR", f"contact sync failed: {text}")),
        ],
        10 + r.uniform(0.5, 3.0),
        "ENOTFOUND",
    )


# --------------------------------------------------------------------------- the functions (data)


@dataclass(frozen=True)
class Function:
    name: str
    runtime: str
    runtime_version: str
    memory_mb: int
    base_mem_mb: int
    init_ms: tuple[float, float]
    timeout_s: int
    weight: float  # share of all invocations
    ok: Builder
    failures: tuple[tuple[Builder, float], ...]  # builder, relative weight


FUNCTIONS: tuple[Function, ...] = (
    Function(
        "orders-api",
        "nodejs20.x",
        "nodejs:20.v33",
        512,
        86,
        (160.0, 260.0),
        300,
        0.35,
        node_api_ok,
        ((node_pg_timeout, 0.6), (node_redis_refused, 0.4)),
    ),
    Function(
        "search-indexer",
        "nodejs20.x",
        "nodejs:20.v33",
        512,
        92,
        (160.0, 230.0),
        60,
        0.2,
        node_indexer_ok,
        ((node_fetch_timeout, 0.5), (node_dns, 0.5)),
    ),
    Function(
        "inventory-sync",
        "python3.12",
        "python:3.12.v52",
        256,
        71,
        (520.0, 690.0),
        180,
        0.3,
        py_sync_ok,
        ((py_boto_timeout, 0.6), (py_psycopg2_timeout, 0.4)),
    ),
    Function(
        "invoice-renderer",
        "python3.12",
        "python:3.12.v52",
        512,
        118,
        (300.0, 420.0),
        30,
        0.15,
        py_render_ok,
        ((py_requests_refused, 0.6), (py_requests_dns, 0.4)),
    ),
)


# --------------------------------------------------------------------------- simulation


@dataclass
class FnTruth:
    runtime: str
    invocations: int = 0
    failed_invocations: int = 0
    log_streams: int = 0
    by_category: Counter[str] = field(default_factory=Counter)
    near_misses: Counter[str] = field(default_factory=Counter)


@dataclass
class Env:
    fn: Function
    stream: str
    clock: int
    lifetime: int
    served: int = 0
    cold: bool = True
    max_mem: int = 0
    pending: deque[tuple[int, str]] = field(default_factory=deque)


DEFAULT_LIFETIME = (20, 400)  # invocations an execution environment serves before it is replaced
# About (at 3 % failing), to turn `--streams` into a lifetime: an invocation writes ~3,000 bytes,
# and a cold start (one per stream) adds INIT_START and the REPORT's Init Duration.
BYTES_PER_INVOCATION = 3000
BYTES_PER_COLD_START = 500


def lifetime_for(size: int, streams: int | None) -> tuple[int, int]:
    """Invocations per environment so that `size` bytes hold about `streams` log streams."""
    if streams is None:
        return DEFAULT_LIFETIME
    streams = max(streams, 1)
    per_stream = max(size - streams * BYTES_PER_COLD_START, 0) / BYTES_PER_INVOCATION / streams
    if per_stream < 1.5:
        return (1, 1)
    return (max(1, round(per_stream / 2)), max(1, round(per_stream * 1.5)))


class Simulation:
    """A pool of execution environments; events come out in timestamp order (a heap merge)."""

    def __init__(
        self,
        seed: int,
        concurrency: int,
        fail_rate: float,
        start_ms: int,
        lifetime: tuple[int, int] = DEFAULT_LIFETIME,
    ) -> None:
        self.r = random.Random(seed)
        self.fail_rate = fail_rate
        self.lifetime = lifetime
        self.arns = {f.runtime_version: L.runtime_version_arn(self.r) for f in FUNCTIONS}
        self.truth = {f.name: FnTruth(f.runtime) for f in FUNCTIONS}
        self.stopping = False
        self.heap: list[tuple[int, int]] = []
        self.envs: dict[int, Env] = {}
        self._next_id = 0
        for i in range(concurrency):
            self._spawn(start_ms + i * 997)

    def _spawn(self, clock: int) -> None:
        r = self.r
        fn = r.choices(FUNCTIONS, weights=[f.weight for f in FUNCTIONS])[0]
        env = Env(fn, L.log_stream_name(r, clock, fn.name), clock, r.randint(*self.lifetime))
        self.truth[fn.name].log_streams += 1
        self._next_id += 1
        self.envs[self._next_id] = env
        self._invoke(env)
        heapq.heappush(self.heap, (env.pending[0][0], self._next_id))

    def _invoke(self, env: Env) -> None:
        r, fn = self.r, env.fn
        rid = L.request_id(r)
        t = env.clock + int(r.expovariate(1 / 20.0) * 1000) + r.randint(20, 400)
        init_ms = None
        if env.cold:
            init_ms = r.uniform(*fn.init_ms)
            t += int(init_ms) + 5
            env.pending.append(
                (t - int(init_ms) - 2, L.init_start(fn.runtime_version, self.arns[fn.runtime_version]))
            )
            env.cold = False
        failing = r.random() < self.fail_rate
        builder = (
            r.choices([b for b, _ in fn.failures], weights=[w for _, w in fn.failures])[0]
            if failing
            else fn.ok
        )
        out = builder(r, t, rid)
        env.pending.append((t, L.start(rid)))
        env.pending.extend(out.lines)
        duration = out.duration_ms
        if out.status == "timeout":
            duration = fn.timeout_s * 1000.0
            env.pending.append((t + int(duration), L.task_timed_out(t + int(duration), rid, fn.timeout_s)))
        te = t + int(duration) + 1
        env.max_mem = max(env.max_mem, fn.base_mem_mb) + (r.random() < 0.05)
        env.pending.append((te, L.end(rid)))
        env.pending.append((te, L.report(rid, duration, fn.memory_mb, env.max_mem, init_ms, out.status)))
        env.clock = te
        env.served += 1
        tr = self.truth[fn.name]
        tr.invocations += 1
        if out.category:
            tr.failed_invocations += 1
            tr.by_category[out.category] += 1
        if out.near_miss:
            tr.near_misses[out.near_miss] += 1

    def events(self) -> Iterator[tuple[str, int, str]]:
        heap, envs = self.heap, self.envs
        while heap:
            _, eid = heapq.heappop(heap)
            env = envs[eid]
            ts, msg = env.pending.popleft()
            yield env.stream, ts, msg
            if not env.pending:
                if self.stopping:
                    del envs[eid]
                    continue
                if env.served >= env.lifetime:
                    del envs[eid]
                    self._spawn(env.clock + self.r.randint(1000, 60_000))
                    continue
                self._invoke(env)
            heapq.heappush(heap, (env.pending[0][0], eid))


class CountingSink:
    """Buffers writes into ~1 MB chunks and counts characters written."""

    def __init__(self, path: Path) -> None:
        self.f = path.open("w", encoding="utf-8", newline="\n")
        self.chars = 0
        self.buf: list[str] = []
        self.buffered = 0

    def write(self, s: str, /) -> int:
        self.buf.append(s)
        self.buffered += len(s)
        if self.buffered >= 1 << 20:
            self.flush()
        return len(s)

    def flush(self) -> None:
        self.f.write("".join(self.buf))
        self.chars += self.buffered
        self.buf.clear()
        self.buffered = 0

    def close(self) -> None:
        self.flush()
        self.f.close()


SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB)?\s*$", re.IGNORECASE)
UNITS = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "kib": 2**10, "mib": 2**20, "gib": 2**30}


def share(text: str) -> float:
    """A failing share given as a fraction (0.5) or a percentage (50%)."""
    try:
        value = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a share: {text!r} (examples: 0.03, 3%, 100%)") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"a share is between 0 and 1 (0 % and 100 %): {text!r}")
    return value


CONCURRENCY = 256  # environments alive at once: an export has at least this many streams


def parse_size(text: str) -> int:
    m = SIZE_RE.match(text)
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (examples: 100MB, 1GB, 512MiB)")
    return int(float(m.group(1)) * UNITS[(m.group(2) or "b").lower()])


def generate(
    out: Path, size: int, seed: int, concurrency: int, fail_rate: float, target_streams: int | None = None
) -> dict[str, object]:
    """Write the export and return its ground truth; memory stays flat whatever the size."""
    start = int(datetime(2026, 11, 20, tzinfo=timezone.utc).timestamp() * 1000)
    sim = Simulation(seed, concurrency, fail_rate, start, lifetime_for(size, target_streams))
    ids = L.EventIds(random.Random(seed + 1))
    sink = CountingSink(out)
    streams: set[str] = set()
    first = last = 0

    def events() -> Iterator[L.Event]:
        nonlocal first, last
        for n, (stream, ts, msg) in enumerate(sim.events()):
            if not n:
                first = ts
            last = ts
            streams.add(stream)
            if not sim.stopping and sink.chars + sink.buffered >= size:
                sim.stopping = True  # finish the invocations in flight, start no more
            yield L.Event(stream, ts, msg, ts + 180 + (ts * 7 + n) % 1200, ids.next())

    written = L.write_filter_log_events(sink, events(), lambda: sorted(streams))
    sink.close()
    fns = {
        name: {
            "runtime": t.runtime,
            "invocations": t.invocations,
            "failed_invocations": t.failed_invocations,
            "log_streams": t.log_streams,
            "failed_by_category": dict(sorted(t.by_category.items())),
            "near_misses": dict(sorted(t.near_misses.items())),
        }
        for name, t in sim.truth.items()
    }
    return {
        "file": out.name,
        "format": "filter-log-events",
        "bytes": out.stat().st_size,
        "events": written,
        "invocations": sum(t.invocations for t in sim.truth.values()),
        "failed_invocations": sum(t.failed_invocations for t in sim.truth.values()),
        "log_streams": len(streams),
        "first_timestamp": L.iso_z(first),
        "last_timestamp": L.iso_z(last),
        "log_group": "/platform/lambda-shared",
        "functions": fns,
        "generator": {
            "seed": seed,
            "concurrency": concurrency,
            "fail_rate": fail_rate,
            **({"streams": target_streams} if target_streams is not None else {}),
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=parse_size, required=True, help="target size, e.g. 100MB, 1GB")
    ap.add_argument("--out", type=Path, required=True, help="export file to write")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--concurrency",
        type=int,
        default=CONCURRENCY,
        help=f"execution environments alive at once (default {CONCURRENCY})",
    )
    ap.add_argument(
        "--fail-rate",
        type=share,
        default=0.03,
        help="share of invocations with a connection failure: 0.03 or 3%% "
        "(default 0.03; 1 or 100%% = every invocation fails, an outage)",
    )
    ap.add_argument(
        "--streams",
        type=int,
        metavar="N",
        help="about N log streams in all (default: environments live for 20-400 "
        "invocations, ~1,750 streams per GB); many streams mean short-lived "
        "environments, each starting cold; N above the invocations that fit "
        "in --size gives one invocation per stream",
    )
    args = ap.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    truth: dict[str, Any] = generate(
        args.out, args.size, args.seed, args.concurrency, args.fail_rate, args.streams
    )
    truth_path = args.out.with_name(args.out.name + ".truth.json")
    truth_path.write_text(json.dumps(truth, indent=2) + "\n")
    print(
        f"{args.out}: {truth['bytes'] / 1e6:.1f} MB, {truth['events']} events, "
        f"{truth['invocations']} invocations, {truth['failed_invocations']} failing, "
        f"{truth['log_streams']} streams in {time.perf_counter() - t0:.1f} s; truth in {truth_path}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
