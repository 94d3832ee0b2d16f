"""A small GitHub REST API on 127.0.0.1 for end-to-end tests of `connfail action`.

It keeps issue comments (paginated, deletable), check runs (POST, then PATCHes that append
annotations, listed per commit, with their output's summary as the API lists it), run artifacts
(paginated) whose `/zip` answers 302 to a blob server on another port, pull requests and their
files (with `patch`), and a line of commits (`add_commits`; `GET /commits?sha=` lists them);
`read_only` makes every write answer 403 like a fork's token. Every request is logged.
`reset()` forgets it all: tests share one server (tests/conftest.py: `fake`).

Failure injection: `fail(Fault(...))` makes matching requests fail in one of the ways GitHub
and networks do (an error status with headers such as Retry-After, an HTML error page, JSON cut
short, a list where an object belongs, fields missing, a reset connection, an answer slower than
the client's timeout), before or after the request took effect (`process=True`: a POST whose
answer is lost still created its object). `on_request` hooks run after a request is handled
(a concurrent run's comment, say), and `meet(...)` holds the first N matching requests until
all N arrived, so two processes race for real.
"""

from __future__ import annotations

import json
import re
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, urlparse

PREFIX = "/api/v3"
NOT_ACCESSIBLE = {
    "message": "Resource not accessible by integration",
    "documentation_url": "https://docs.github.com/rest",
    "status": "403",
}


@dataclass
class Logged:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


# The kinds of bad answer a Fault gives.
STATUS = "status"  # `status` with a JSON {"message"} body (and `headers`)
HTML = "html"  # `status` with an HTML page, as a proxy in front of the API sends
TRUNCATED = "truncated"  # the real answer's JSON cut in half
SHAPE = "shape"  # a list where the API documents an object, an object where a list
MISSING = "missing"  # an empty object: every documented field missing
RESET = "reset"  # the connection reset, no answer at all
SLOW = "slow"  # the real answer, `delay` seconds late
BAD_GATEWAY_PAGE = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"
)


@dataclass
class Fault:
    method: str
    path: str  # a regular expression the path (without the query) must match in full
    kind: str = STATUS
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    message: str = "Server Error"
    times: int = 1  # how many matching requests it spoils; 0 = all of them
    delay: float = 0.0
    process: bool = False  # handle the request first (its effect happens), then spoil the answer
    hits: int = 0


@dataclass
class State:
    repo: str = "o/r"
    page_size: int = 2  # small, so a handful of comments spans pages
    read_only: bool = False
    faults: list[Fault] = field(default_factory=list)
    on_request: list[Callable[[str, str], None]] = field(default_factory=list)  # (method, path)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    check_runs: list[dict[str, Any]] = field(default_factory=list)
    artifacts: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # run id -> list
    blobs: dict[int, bytes] = field(default_factory=dict)
    pulls: dict[int, str] = field(default_factory=dict)  # number -> head sha
    pull_files: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # number -> files
    parents: dict[str, str | None] = field(default_factory=dict)  # commit sha -> first parent
    requests: list[Logged] = field(default_factory=list)
    blob_requests: list[Logged] = field(default_factory=list)
    next_id: int = 100


class FakeGitHub:
    """Two servers: the API (`api_url`) and the artifact blob store on another port."""

    def __init__(self) -> None:
        self.state = State()
        self.api = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self, blob=False))
        self.blob = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self, blob=True))
        self.lock = threading.RLock()
        self._meetings: list[tuple[str, str, threading.Barrier, list[int]]] = []
        for server in (self.api, self.blob):
            server.daemon_threads = True
            server.block_on_close = False  # a SLOW answer's thread must not hold up shutdown
        self._threads = [
            threading.Thread(target=s.serve_forever, args=(0.05,), daemon=True) for s in (self.api, self.blob)
        ]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.api.server_address[1]}"

    @property
    def api_url(self) -> str:
        return self.base + PREFIX

    @property
    def blob_url(self) -> str:
        return f"http://127.0.0.1:{self.blob.server_address[1]}"

    def __enter__(self) -> FakeGitHub:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for server in (self.api, self.blob):
            server.shutdown()
            server.server_close()

    def reset(self) -> None:
        """Forget everything, as a new server would: the suite shares one server (its start and
        stop cost more than most tests) and resets it before each test. Every request reads and
        writes the state under the lock when it arrives, so a SLOW answer still sleeping from the
        last test touches only that test's state."""
        with self.lock:
            self.state = State()
            self._meetings = []

    def add_comment(self, number: int, body: str, login: str = "octocat") -> dict[str, Any]:
        with self.lock:
            return self._new_comment(number, body, login)

    def add_artifact(self, run_id: int, name: str, data: bytes, *, expired: bool = False) -> int:
        with self.lock:
            artifact_id = self._id()
            self.state.artifacts.setdefault(run_id, []).append(
                {
                    "id": artifact_id,
                    "name": name,
                    "size_in_bytes": len(data),
                    "expired": expired,
                    "url": f"{self.api_url}/repos/{self.state.repo}/actions/artifacts/{artifact_id}",
                    "archive_download_url": (
                        f"{self.api_url}/repos/{self.state.repo}/actions/artifacts/{artifact_id}/zip"
                    ),
                }
            )
            self.state.blobs[artifact_id] = data
            return artifact_id

    def add_commits(self, shas: list[str]) -> list[str]:
        """A line of history, newest first: each commit's parent is the next one."""
        with self.lock:
            for sha, parent in zip(shas, [*shas[1:], None], strict=True):
                self.state.parents[sha] = parent
        return shas

    def add_pull_file(self, number: int, filename: str, patch: str | None, status: str = "modified") -> None:
        with self.lock:
            item: dict[str, Any] = {
                "sha": "f" * 40,
                "filename": filename,
                "status": status,
                "additions": patch.count("\n+") if patch else 0,
                "deletions": 0,
                "changes": 0,
                "blob_url": f"{self.base}/{self.state.repo}/blob/x/{filename}",
                "raw_url": f"{self.base}/{self.state.repo}/raw/x/{filename}",
                "contents_url": f"{self.api_url}/repos/{self.state.repo}/contents/{filename}",
            }
            if patch is not None:  # GitHub leaves it out for binary and very large diffs
                item["patch"] = patch
            self.state.pull_files.setdefault(number, []).append(item)

    def writes(self) -> list[tuple[str, str]]:
        return [(r.method, r.path) for r in self.state.requests if r.method in ("POST", "PATCH", "DELETE")]

    def calls(self) -> list[tuple[str, str]]:
        """Every API request as (method, path without the query)."""
        return [(r.method, r.path.split("?")[0]) for r in self.state.requests]

    def fail(self, *faults: Fault) -> None:
        with self.lock:
            self.state.faults.extend(faults)

    def meet(self, method: str, pattern: str, parties: int = 2) -> None:
        """Hold the first `parties` matching requests until all have arrived."""
        self._meetings.append((method, pattern, threading.Barrier(parties, timeout=30), [parties]))

    def _wait_to_meet(self, method: str, path: str) -> None:
        for verb, pattern, barrier, left in self._meetings:
            if verb == method and re.fullmatch(pattern, path.split("?")[0]):
                with self.lock:
                    if left[0] <= 0:
                        continue
                    left[0] -= 1
                barrier.wait()

    def _fault(self, method: str, path: str) -> Fault | None:
        for fault in self.state.faults:
            if fault.method == method and re.fullmatch(fault.path, path):
                fault.hits += 1
                if fault.times and fault.hits >= fault.times:
                    self.state.faults.remove(fault)
                return fault
        return None

    # -- internals, called with the lock held

    def _id(self) -> int:
        self.state.next_id += 1
        return self.state.next_id

    def _new_comment(self, number: int, body: str, login: str) -> dict[str, Any]:
        comment_id = self._id()
        now = _timestamp()
        comment = {
            "id": comment_id,
            "body": body,
            "user": {"login": login, "type": "User"},
            "created_at": now,
            "updated_at": now,
            "url": f"{self.api_url}/repos/{self.state.repo}/issues/comments/{comment_id}",
            "html_url": f"{self.base}/{self.state.repo}/pull/{number}#issuecomment-{comment_id}",
        }
        self.state.comments.setdefault(number, []).append(comment)
        return comment

    def _page(
        self, items: list[Any], path: str, query: dict[str, list[str]]
    ) -> tuple[list[Any], dict[str, str]]:
        page = int(query.get("page", ["1"])[0])
        size = self.state.page_size
        chunk = items[(page - 1) * size : page * size]
        headers = {}
        if page * size < len(items):
            per_page = query.get("per_page", ["30"])[0]
            rest = "".join(
                f"&{k}={quote(v[0])}" for k, v in sorted(query.items()) if k not in ("page", "per_page")
            )
            headers["Link"] = f'<{self.base}{path}?per_page={per_page}&page={page + 1}{rest}>; rel="next"'
        return chunk, headers

    def handle_api(self, method: str, url: str, body: Any) -> tuple[int, Any, dict[str, str]]:
        parsed = urlparse(url)
        path, query = parsed.path, parse_qs(parsed.query)
        repo = f"{PREFIX}/repos/{self.state.repo}"
        if method in ("POST", "PATCH", "DELETE") and self.state.read_only:
            return 403, NOT_ACCESSIBLE, {}

        if m := re.fullmatch(rf"{repo}/issues/(\d+)/comments", path):
            number = int(m.group(1))
            if method == "GET":
                since = query.get("since", [""])[0]
                items = [c for c in self.state.comments.get(number, []) if c["updated_at"] >= since]
                chunk, headers = self._page(items, path, query)
                return 200, chunk, headers
            return 201, self._new_comment(number, body["body"], "github-actions[bot]"), {}
        if m := re.fullmatch(rf"{repo}/issues/comments/(\d+)", path):
            for comments in self.state.comments.values():
                for comment in comments:
                    if comment["id"] == int(m.group(1)) and method == "PATCH":
                        comment["body"] = body["body"]
                        comment["updated_at"] = _timestamp()
                        return 200, comment, {}
                    if comment["id"] == int(m.group(1)) and method == "DELETE":
                        comments.remove(comment)
                        return 204, None, {}
            return 404, {"message": "Not Found"}, {}
        if path == f"{repo}/check-runs" and method == "POST":
            run_id = self._id()
            run = {
                **body,
                "id": run_id,
                "url": f"{self.api_url}/repos/{self.state.repo}/check-runs/{run_id}",
                "html_url": f"{self.base}/{self.state.repo}/runs/{run_id}",
                "annotations": list(body.get("output", {}).get("annotations", [])),
            }
            self.state.check_runs.append(run)
            return 201, _check_run_json(run), {}
        if (m := re.fullmatch(rf"{repo}/check-runs/(\d+)", path)) and method == "PATCH":
            run = next(r for r in self.state.check_runs if r["id"] == int(m.group(1)))
            run["annotations"] += body.get("output", {}).get("annotations", [])
            run.update({k: v for k, v in body.items() if k != "annotations"})
            return 200, _check_run_json(run), {}
        if (m := re.fullmatch(rf"{repo}/commits/(\w+)/check-runs", path)) and method == "GET":
            name = query.get("check_name", [None])[0]
            runs = [
                _check_run_json(r)
                for r in self.state.check_runs
                if r["head_sha"] == m.group(1) and name in (None, r["name"])
            ]
            if query.get("filter", ["latest"])[0] == "latest":
                latest: dict[str, dict[str, Any]] = {r["name"]: r for r in runs}
                runs = list(latest.values())
            chunk, headers = self._page(runs, path, query)
            return 200, {"total_count": len(runs), "check_runs": chunk}, headers
        if path == f"{repo}/commits" and method == "GET":
            sha: str | None = query.get("sha", [""])[0]
            if sha not in self.state.parents:
                return 404, {"message": "Not Found"}, {}
            history = []
            while sha is not None:
                parent = self.state.parents.get(sha)
                history.append(
                    {
                        "sha": sha,
                        "url": f"{self.api_url}/repos/{self.state.repo}/commits/{sha}",
                        "html_url": f"{self.base}/{self.state.repo}/commit/{sha}",
                        "commit": {"message": f"commit {sha[:7]}"},
                        "parents": [{"sha": parent}] if parent else [],
                    }
                )
                sha = parent
            chunk, headers = self._page(history, path, query)
            return 200, chunk, headers
        if (m := re.fullmatch(rf"{repo}/pulls/(\d+)/files", path)) and method == "GET":
            chunk, headers = self._page(self.state.pull_files.get(int(m.group(1)), []), path, query)
            return 200, chunk, headers
        if (m := re.fullmatch(rf"{repo}/actions/runs/(\d+)/artifacts", path)) and method == "GET":
            items = self.state.artifacts.get(int(m.group(1)), [])
            chunk, headers = self._page(items, path, query)
            return 200, {"total_count": len(items), "artifacts": chunk}, headers
        if (m := re.fullmatch(rf"{repo}/actions/artifacts/(\d+)/zip", path)) and method == "GET":
            artifact_id = int(m.group(1))
            expired = any(
                a["id"] == artifact_id and a["expired"]
                for items in self.state.artifacts.values()
                for a in items
            )
            if expired:
                return 410, {"message": "Artifact has expired"}, {}
            location = f"{self.blob_url}/blob/{artifact_id}?sig=short-lived"
            return 302, None, {"Location": location}
        if (m := re.fullmatch(rf"{repo}/pulls/(\d+)", path)) and method == "GET":
            number = int(m.group(1))
            if number not in self.state.pulls:
                return 404, {"message": "Not Found"}, {}
            return (
                200,
                {
                    "number": number,
                    "url": f"{self.api_url}/repos/{self.state.repo}/pulls/{number}",
                    "head": {"sha": self.state.pulls[number]},
                },
                {},
            )
        return 404, {"message": f"Not Found: {method} {path}"}, {}


def _timestamp() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _check_run_json(run: dict[str, Any]) -> dict[str, Any]:
    """A check run as the API shows it: annotations counted in `output`, not listed."""
    output = {k: v for k, v in run.get("output", {}).items() if k != "annotations"}
    return {
        **{k: v for k, v in run.items() if k != "annotations"},
        "external_id": run.get("external_id") or "",
        "output": {**output, "annotations_count": len(run["annotations"])},
    }


def _spoil(fault: Fault, status: int, obj: Any) -> tuple[int, bytes, dict[str, str]]:
    """The answer `fault` gives instead of (status, obj)."""
    json_type = {"Content-Type": "application/json; charset=utf-8"}
    if fault.kind == STATUS:
        return fault.status, json.dumps({"message": fault.message}).encode(), {**json_type, **fault.headers}
    if fault.kind == HTML:
        return fault.status, BAD_GATEWAY_PAGE, {"Content-Type": "text/html", **fault.headers}
    if fault.kind == TRUNCATED:
        text = json.dumps(obj if obj is not None else {"id": 1}).encode()
        return status, text[: len(text) // 2], json_type
    if fault.kind == SHAPE:
        wrong = {"data": obj} if isinstance(obj, list) else [obj]
        return status, json.dumps(wrong).encode(), json_type
    if fault.kind == MISSING:
        return status, b"{}", json_type
    return status, b"" if obj is None else json.dumps(obj).encode(), json_type  # SLOW


def _handler(fake: FakeGitHub, *, blob: bool) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            del format, args

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            logged = Logged(self.command, self.path, dict(self.headers.items()), body)
            fake._wait_to_meet(self.command, self.path)
            fault = None
            with fake.lock:
                path = urlparse(self.path).path
                if blob:
                    fake.state.blob_requests.append(logged)
                    fault = fake._fault(self.command, path)
                    match = re.fullmatch(r"/blob/(\d+)\?sig=short-lived", self.path)
                    data = fake.state.blobs.get(int(match.group(1))) if match else None
                    headers: dict[str, str] = {}
                    status, payload = (200, data) if data else (404, b"")
                    if fault is not None and fault.kind in (STATUS, HTML):
                        status, payload, headers = _spoil(fault, status, None)
                else:
                    fake.state.requests.append(logged)
                    fault = fake._fault(self.command, path)
                    if fault is None or fault.process or fault.kind not in (STATUS, HTML, RESET):
                        status, obj, headers = fake.handle_api(self.command, self.path, body)
                    else:
                        status, obj, headers = 500, None, {}
                    payload = b"" if obj is None else json.dumps(obj).encode()
                    headers = {"Content-Type": "application/json", **headers}
                    if fault is not None and fault.kind != RESET:
                        status, payload, extra = _spoil(fault, status, obj)
                        headers = {**headers, **extra}
                    for hook in list(fake.state.on_request):
                        hook(self.command, self.path)
            if fault is not None and fault.kind == RESET:
                # SO_LINGER 0: close() sends RST, so the client sees "Connection reset by peer".
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_connection = True
                return
            if fault is not None and fault.kind == SLOW:
                time.sleep(fault.delay)
            try:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload or b"")))
                self.end_headers()
                self.wfile.write(payload or b"")
            except OSError:  # the client gave up waiting (SLOW)
                self.close_connection = True

        do_GET = do_POST = do_PATCH = do_DELETE = _serve

    return Handler
