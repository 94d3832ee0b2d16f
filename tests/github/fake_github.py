"""A small GitHub REST API on 127.0.0.1 for end-to-end tests of `connfail action`.

It keeps issue comments (paginated), check runs (POST, then PATCHes that append annotations),
run artifacts (paginated) whose `/zip` answers 302 to a blob server on another port, and pull
requests; `read_only` makes every write answer 403 like a fork's token. Every request is logged.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

PREFIX = "/api/v3"
NOT_ACCESSIBLE = {"message": "Resource not accessible by integration",
                  "documentation_url": "https://docs.github.com/rest", "status": "403"}


@dataclass
class Logged:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class State:
    repo: str = "o/r"
    page_size: int = 2  # small, so a handful of comments spans pages
    read_only: bool = False
    fail_next: list[tuple[str, str, int]] = field(default_factory=list)  # (method, path re, status)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    check_runs: list[dict[str, Any]] = field(default_factory=list)
    artifacts: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # run id -> list
    blobs: dict[int, bytes] = field(default_factory=dict)
    pulls: dict[int, str] = field(default_factory=dict)  # number -> head sha
    requests: list[Logged] = field(default_factory=list)
    blob_requests: list[Logged] = field(default_factory=list)
    next_id: int = 100


class FakeGitHub:
    """Two servers: the API (`api_url`) and the artifact blob store on another port."""

    def __init__(self) -> None:
        self.state = State()
        self.api = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self, blob=False))
        self.blob = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self, blob=True))
        self.lock = threading.Lock()
        self._threads = [threading.Thread(target=s.serve_forever, daemon=True)
                         for s in (self.api, self.blob)]

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

    def add_comment(self, number: int, body: str, login: str = "octocat") -> dict[str, Any]:
        with self.lock:
            return self._new_comment(number, body, login)

    def add_artifact(self, run_id: int, name: str, data: bytes, *, expired: bool = False) -> int:
        with self.lock:
            artifact_id = self._id()
            self.state.artifacts.setdefault(run_id, []).append(
                {"id": artifact_id, "name": name, "size_in_bytes": len(data), "expired": expired,
                 "url": f"{self.api_url}/repos/{self.state.repo}/actions/artifacts/{artifact_id}",
                 "archive_download_url": (f"{self.api_url}/repos/{self.state.repo}/actions/"
                                          f"artifacts/{artifact_id}/zip")})
            self.state.blobs[artifact_id] = data
            return artifact_id

    def writes(self) -> list[tuple[str, str]]:
        return [(r.method, r.path) for r in self.state.requests if r.method in ("POST", "PATCH")]

    # -- internals, called with the lock held

    def _id(self) -> int:
        self.state.next_id += 1
        return self.state.next_id

    def _new_comment(self, number: int, body: str, login: str) -> dict[str, Any]:
        comment_id = self._id()
        comment = {"id": comment_id, "body": body, "user": {"login": login, "type": "User"},
                   "url": f"{self.api_url}/repos/{self.state.repo}/issues/comments/{comment_id}",
                   "html_url": f"{self.base}/{self.state.repo}/pull/{number}"
                               f"#issuecomment-{comment_id}"}
        self.state.comments.setdefault(number, []).append(comment)
        return comment

    def _page(self, items: list[Any], path: str, query: dict[str, list[str]]
              ) -> tuple[list[Any], dict[str, str]]:
        page = int(query.get("page", ["1"])[0])
        size = self.state.page_size
        chunk = items[(page - 1) * size: page * size]
        headers = {}
        if page * size < len(items):
            per_page = query.get("per_page", ["30"])[0]
            headers["Link"] = (f'<{self.base}{path}?per_page={per_page}&page={page + 1}>; '
                               'rel="next"')
        return chunk, headers

    def handle_api(self, method: str, url: str, body: Any) -> tuple[int, Any, dict[str, str]]:
        parsed = urlparse(url)
        path, query = parsed.path, parse_qs(parsed.query)
        repo = f"{PREFIX}/repos/{self.state.repo}"
        for index, (verb, pattern, status) in enumerate(self.state.fail_next):
            if verb == method and re.fullmatch(pattern, path):
                del self.state.fail_next[index]
                return status, {"message": "Server Error"}, {}
        if method in ("POST", "PATCH") and self.state.read_only:
            return 403, NOT_ACCESSIBLE, {}

        if m := re.fullmatch(rf"{repo}/issues/(\d+)/comments", path):
            number = int(m.group(1))
            if method == "GET":
                chunk, headers = self._page(self.state.comments.get(number, []), path, query)
                return 200, chunk, headers
            return 201, self._new_comment(number, body["body"], "github-actions[bot]"), {}
        if (m := re.fullmatch(rf"{repo}/issues/comments/(\d+)", path)) and method == "PATCH":
            for comments in self.state.comments.values():
                for comment in comments:
                    if comment["id"] == int(m.group(1)):
                        comment["body"] = body["body"]
                        return 200, comment, {}
            return 404, {"message": "Not Found"}, {}
        if path == f"{repo}/check-runs" and method == "POST":
            run_id = self._id()
            run = {**body, "id": run_id, "url": f"{self.api_url}/repos/{self.state.repo}/"
                   f"check-runs/{run_id}", "html_url": f"{self.base}/{self.state.repo}/runs/"
                   f"{run_id}", "annotations": list(body.get("output", {}).get("annotations", []))}
            self.state.check_runs.append(run)
            return 201, run, {}
        if (m := re.fullmatch(rf"{repo}/check-runs/(\d+)", path)) and method == "PATCH":
            run = next(r for r in self.state.check_runs if r["id"] == int(m.group(1)))
            run["annotations"] += body.get("output", {}).get("annotations", [])
            run.update({k: v for k, v in body.items() if k != "annotations"})
            return 200, run, {}
        if (m := re.fullmatch(rf"{repo}/actions/runs/(\d+)/artifacts", path)) and method == "GET":
            items = self.state.artifacts.get(int(m.group(1)), [])
            chunk, headers = self._page(items, path, query)
            return 200, {"total_count": len(items), "artifacts": chunk}, headers
        if (m := re.fullmatch(rf"{repo}/actions/artifacts/(\d+)/zip", path)) and method == "GET":
            artifact_id = int(m.group(1))
            expired = any(a["id"] == artifact_id and a["expired"]
                          for items in self.state.artifacts.values() for a in items)
            if expired:
                return 410, {"message": "Artifact has expired"}, {}
            location = f"{self.blob_url}/blob/{artifact_id}?sig=short-lived"
            return 302, None, {"Location": location}
        if (m := re.fullmatch(rf"{repo}/pulls/(\d+)", path)) and method == "GET":
            number = int(m.group(1))
            if number not in self.state.pulls:
                return 404, {"message": "Not Found"}, {}
            return 200, {"number": number, "url": f"{self.api_url}/repos/{self.state.repo}/"
                         f"pulls/{number}", "head": {"sha": self.state.pulls[number]}}, {}
        return 404, {"message": f"Not Found: {method} {path}"}, {}


def _handler(fake: FakeGitHub, *, blob: bool) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            del format, args

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            logged = Logged(self.command, self.path, dict(self.headers.items()), body)
            with fake.lock:
                if blob:
                    fake.state.blob_requests.append(logged)
                    match = re.fullmatch(r"/blob/(\d+)\?sig=short-lived", self.path)
                    data = fake.state.blobs.get(int(match.group(1))) if match else None
                    status, payload, headers = (200, data, {}) if data else (404, b"", {})
                else:
                    fake.state.requests.append(logged)
                    status, obj, headers = fake.handle_api(self.command, self.path, body)
                    payload = b"" if obj is None else json.dumps(obj).encode()
                    headers = {"Content-Type": "application/json", **headers}
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload or b"")))
            self.end_headers()
            self.wfile.write(payload or b"")

        do_GET = do_POST = do_PATCH = _serve

    return Handler
