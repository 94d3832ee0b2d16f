"""JavaScript/TypeScript behaviour issue 10 fixed, end to end through the CLI where a user sees it."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.lint.run import lint_source
from tests.conftest import run_cli


def _findings(name: str, source: str, maximum: float = 5.0) -> list[tuple[int, str, str]]:
    findings, error = lint_source(name, source.encode(), maximum)
    assert error is None, error
    return [(f.line, f.rule, f.message) for f in findings]


# Valid code tree-sitter's older grammars rejected: read as a warning at most, never exit 2.
VALID_NEWER_SYNTAX = {
    "raw.js": 'import axios from "axios";\nconst s = String.raw`C:\\u{zz}\\unicode`;\naxios.get("/a");\n',
    "using.js": 'const axios = require("axios");\nconst using = 1;\nusing + 1;\naxios.get("/a");\n',
    "types.ts": 'export type * from "./types";\nimport axios from "axios";\n'
    'type T = import("x").T<R>;\naxios.get("/a");\n',
}


@pytest.mark.parametrize("name", sorted(VALID_NEWER_SYNTAX))
def test_valid_newer_syntax_is_linted_and_never_fails_the_run(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(VALID_NEWER_SYNTAX[name], encoding="utf-8")
    result = run_cli("lint", name, cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # the finding, not exit 2
    assert [line.split(": ", 2)[1] for line in result.stdout.splitlines()] == ["CF101 axios.get()"]


def test_a_file_the_grammar_rejects_is_a_warning_that_fails_only_under_strict(tmp_path: Path) -> None:
    # tree-sitter-javascript 0.25.0 and -typescript 0.23.2 (the newest wheels) still reject these.
    (tmp_path / "a.js").write_text(
        "const s = String.raw`C:\\u{zz}`;\nconst using = 1;\nusing + 1;\n"
        'fetch("https://x", { signal: AbortSignal.timeout(3000) });\n',
        encoding="utf-8",
    )
    warning = "connfail: a.js: partly analyzed: syntax error near line 1 (calls there are not checked)"
    result = run_cli("lint", "a.js", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr.splitlines()) == (
        0,
        "",
        [warning, "connfail: 0 finding(s) in 1 file(s)"],
    )
    assert run_cli("lint", "--strict", "a.js", cwd=tmp_path).returncode == 2


def test_a_chained_call_split_over_lines_is_one_line_in_the_text_format(tmp_path: Path) -> None:
    (tmp_path / "chain.js").write_text(
        'import axios from "axios";\nexport const ping = () =>\n  axios\n    .create()\n'
        '    .get("https://billing.internal/health");\n',
        encoding="utf-8",
    )
    result = run_cli("lint", "chain.js", cwd=tmp_path)
    assert result.stdout.splitlines() == [
        "chain.js:3:3: CF101 axios.create().get(): no connect timeout, and axios has no timeout "
        "by default (a dropped connect lasts until the kernel gives up, about 130 s); set "
        "timeout: 3000"
    ]


def test_axios_timeout_bounds_the_connect_and_only_missing_or_zero_is_reported() -> None:
    source = (
        'import axios from "axios";\n'
        "const api = axios.create({ timeout: 60000 });\n"
        'api.get("/a");\n'
        'axios.get("/b", { timeout: 45000 });\n'
        'axios.get("/c", { timeout: 0 });\n'
        'axios.get("/d");\n'
    )
    assert [(line, rule) for line, rule, _ in _findings("a.js", source)] == [(5, "CF102"), (6, "CF101")]


def test_node_http_timeout_alone_is_reported_with_a_connect_only_timer_as_the_fix() -> None:
    source = (
        'const https = require("https");\n'
        'https.get("https://example.com/", { timeout: 3000 }, (res) => res.resume());\n'
        'const req = https.request("https://example.com/", { timeout: 3000 });\n'
        'req.on("timeout", () => req.destroy());\n'
        "req.end();\n"
    )
    assert _findings("h.js", source) == [
        (
            2,
            "CF101",
            "https.get(): no connect timeout, and Node's http/https have no connect "
            "timeout (the kernel gives up after about 130 s); the `timeout` option only emits "
            "'timeout' and the connect goes on; add req.on('socket', (s) => { if (s.connecting) { "
            "const t = setTimeout(() => req.destroy(), 3000); s.once('connect', () => "
            "clearTimeout(t)); } })",
        )
    ]


@pytest.mark.parametrize(
    ("source", "fix"),
    [
        (
            'const AWS = require("aws-sdk");\nnew AWS.S3({ httpOptions: { timeout: 5000 } });\n',
            "add `connectTimeout: 2000` to its httpOptions (keeping the rest)",
        ),
        (
            'const AWS = require("aws-sdk");\nnew AWS.S3({ httpOptions: { connectTimeout: 9000 } });\n',
            "set `connectTimeout` in its httpOptions to 2000",
        ),
        (
            'import { S3Client } from "@aws-sdk/client-s3";\n'
            "new S3Client({ requestHandler: { requestTimeout: 30000 } });\n",
            "add `connectionTimeout: 2000` to its requestHandler options (keeping the rest)",
        ),
        (
            'import got from "got";\ngot.get("https://x", { timeout: { request: 30000 } });\n',
            "set `connect` in its `timeout` to 2000",
        ),
        (
            'import got from "got";\ngot("https://x", { timeout: 30000 });\n',
            "set `timeout: { connect: 2000, request: 30000 }`",
        ),
        (
            'import { Redis } from "ioredis";\nnew Redis.Cluster([], { scaleReads: "all" });\n',
            "set `redisOptions: { connectTimeout: 2000 }` in its options",
        ),
        (
            'import { Pool } from "undici";\nnew Pool("https://x", { connections: 4 });\n',
            "add `connect: { timeout: 2000 }` to its options (keeping the rest)",
        ),
        ('import { Pool } from "pg";\nnew Pool({ host: "db" });\n', "set connectionTimeoutMillis: 2000"),
        ('import Redis from "ioredis";\nnew Redis({ connectTimeout: 9000 });\n', "set connectTimeout: 2000"),
    ],
)
def test_a_fix_adds_only_the_connect_knob_and_never_exceeds_the_maximum(source: str, fix: str) -> None:
    (message,) = [m for _, _, m in _findings("f.ts", source, maximum=2.0)]
    assert message.endswith(f"; {fix}"), message


def test_node_http_fix_is_a_connect_only_timer_never_the_timeout_option_alone() -> None:
    ((_, rule, message),) = _findings(
        "n.js", 'const http = require("http");\nhttp.get("http://example.com/");\n', maximum=2.0
    )
    assert (rule, message.split("; ", 1)[1]) == (
        "CF101",
        (
            "set req.on('socket', (s) => { if (s.connecting) { const t = setTimeout(() => "
            "req.destroy(), 2000); s.once('connect', () => clearTimeout(t)); } })"
        ),
    )
