"""Secrets in log text are hidden in every output; what identifies the destination stays."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from checker.ingest.read import Ingest
from checker.redact import public, redact, redact_value
from checker.render.json import render_json
from checker.render.markdown import render_markdown
from checker.render.text import render_text
from checker.report import Report
from tests.render import sample_reports

CASES = [
    (
        "Error: connect ECONNREFUSED postgres://admin:hunter2@db.internal:5432/app",
        "Error: connect ECONNREFUSED postgres://admin:***@db.internal:5432/app",
    ),
    (
        "mongodb+srv://app:s3cr%40t@cluster0.abcde.mongodb.net/?retryWrites=true",
        "mongodb+srv://app:***@cluster0.abcde.mongodb.net/?retryWrites=true",
    ),
    ("redis://:p@ss@cache.internal:6379/0", "redis://:***@cache.internal:6379/0"),
    (
        "jdbc:mysql://db:3306/shop?user=app&password=hunter2&useSSL=true",
        "jdbc:mysql://db:3306/shop?user=app&password=***&useSSL=true",
    ),
    ("dial tcp: app:hunter2@tcp(10.0.4.12:3306)/shop", "dial tcp: app:***@tcp(10.0.4.12:3306)/shop"),
    (
        "psycopg2.connect('host=db user=app password=hunter2 connect_timeout=3')",
        "psycopg2.connect('host=db user=app password=*** connect_timeout=3')",
    ),
    (
        "headers: { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln' }",
        "headers: { Authorization: 'Bearer ***' }",
    ),
    ("Authorization: Basic YXBwOmh1bnRlcjI=", "Authorization: Basic ***"),
    ("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl expired", "token eyJ*** expired"),
    (
        "credentials AKIAIOSFODNN7EXAMPLE / ASIAY34FZKBOKMUTVV7A",
        "credentials AKIA**************** / ASIA****************",
    ),
    ("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS_SECRET_ACCESS_KEY=***"),
    ('{"password": "hun\\"ter2", "host": "db"}', '{"password": "***", "host": "db"}'),
    ("{'db_password': 'hunter2', 'port': 5432}", "{'db_password': ***, 'port': 5432}"),
    (
        "https://b.s3.amazonaws.com/k?X-Amz-Security-Token=IQoJb3JpZ2lu&X-Amz-Signature=ab12&x=1",
        "https://b.s3.amazonaws.com/k?X-Amz-Security-Token=***&X-Amz-Signature=***&x=1",
    ),
    ("GITHUB_TOKEN ghp_abcdefghijklmnopqrstuvwxyz0123456789", "GITHUB_TOKEN ghp_***"),
    # unencoded `/`, `#` and `@` in a password: it runs to the `@` a host follows
    ("postgres://app:Sup3r/p#ss@W0rd@10.0.3.47:5432/app", "postgres://app:***@10.0.3.47:5432/app"),
    ("mongodb://app:pw@h1:27017,h2:27017/db", "mongodb://app:***@h1:27017,h2:27017/db"),
    (
        "Error: getaddrinfo ENOTFOUND app:NodeHostPw99@db.internal.example",
        "Error: getaddrinfo ENOTFOUND app:***@db.internal.example",
    ),
    (
        'could not translate host name "Superp@PgHostPw01@db_host" to address',
        'could not translate host name "***@db_host" to address',
    ),
    (
        "credentials AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "credentials AKIA**************** ***",
    ),
    (
        "secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', accessKeyId: 'ASIAY34FZKBOKMUTVV7A'",
        "secretAccessKey: '***', accessKeyId: 'ASIA****************'",
    ),
    ("session IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ", "session IQoJb3JpZ2lu***"),
    ("Cookie: SESSION=abc123; theme=dark", "Cookie: SESSION=***; theme=***"),
    ("Set-Cookie: JSESSIONID=ABCDEF0123; Path=/; HttpOnly", "Set-Cookie: JSESSIONID=***; Path=/; HttpOnly"),
    ("connect.sid=s%3Aabc.def", "connect.sid=***"),
    ("GET /maps?address=x&key=AIzaSyD-FakeGoogleKey0123456789abcdefgh", "GET /maps?address=x&key=***"),
    ("key AIzaSyD-FakeGoogleKey0123456789abcdefgh", "key AIza***"),
    (
        "https://a.blob.core.windows.net/c?sv=2022&sig=abc%2B%3D&sp=r",
        "https://a.blob.core.windows.net/c?sv=2022&sig=***&sp=r",
    ),
    (
        "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----",
        "-----BEGIN EC PRIVATE KEY-----***-----END EC PRIVATE KEY-----",
    ),
    ("sk_live_51FakeStripeLiveKey0123 rk_test_51FakeKey0123456", "sk_live_*** rk_test_***"),
    ("SG.FakeSendGridId012345.FakeSendGridSecret0123456789abcdefghijklmnopq", "SG.***"),
    (
        "https://hooks.slack.com/services/T024BE7LD/B01ABCDEFGH/ZyXwVuTsRqPoNmLkJiHgFeDc",
        "https://hooks.slack.com/services/***",
    ),
    (
        "Max retries exceeded with url: /services/T024BE7LD/B01ABCDEFGH/ZyXwVuTsRqPo (Caused by",
        "Max retries exceeded with url: /services/*** (Caused by",
    ),
    ("xoxb-1234567890123-1234567890123-FakeSlackBotToken0123", "xoxb-***"),
    ("github_pat_11ABCDEFG0fakeFineGrainedPat_abcdefghijklmnop", "github_pat_***"),
    ("file export-ghs_FakeInstallationToken0123456789abcd.json", "file export-ghs_***.json"),
]
UNTOUCHED = [
    "connect ETIMEDOUT 10.0.3.47:5432 - Local (10.0.1.23:45174)",
    'Connect timeout on endpoint URL: "https://secretsmanager.us-east-1.amazonaws.com/"',
    "getaddrinfo ENOTFOUND token-service.internal",
    "connect ECONNREFUSED my-secret-db:5432",
    "dial tcp [2600:1f18:4a3:6901::14]:443: connect: network is unreachable",
    "https://host:8080/path/user@example.com",
    "email bob@example.com failed",
    "git@github.com:org/repo.git",
    "Basic authentication failed",
    "commit 6dcb09b5b57875f334f61aebed695e2e4193db5e for AKIA****************",
    "dial tcp: lookup db.internal on 169.254.78.1:53: no such host",
]


@pytest.mark.parametrize(("line", "expected"), CASES)
def test_secret_is_hidden(line: str, expected: str) -> None:
    assert redact(line) == expected
    assert redact(expected) == expected  # idempotent: rendering twice changes nothing


@pytest.mark.parametrize("line", UNTOUCHED)
def test_destinations_are_not_mistaken_for_secrets(line: str) -> None:
    assert redact(line) == line


def test_redact_value_walks_json() -> None:
    assert redact_value({"a": ["password=x", 1, None], "b": {"c": "Bearer abcdefghij"}}) == {
        "a": ["password=***", 1, None],
        "b": {"c": "Bearer ***"},
    }


@pytest.mark.parametrize("render", [render_text, render_markdown, render_json])
def test_no_format_leaks_the_hostile_report_secrets(render: Callable[[Report], str]) -> None:
    out = render(sample_reports.hostile())
    for secret in ("hunter2", "AKIAIOSFODNN7EXAMPLE", "eyJhbGciOiJIUzI1NiJ9"):
        assert secret not in out
    if render is render_json:
        assert json.loads(out)["findings"][0]["primary_error"]["message"].startswith(
            "connect ECONNREFUSED postgres://admin:***@db.internal:5432/app"
        )


def test_bare_tokens_are_redacted_and_plain_ids_pass_untouched() -> None:
    # The fast path that skips ids and timestamps must not let a bare secret through.
    assert redact("AKIAIOSFODNN7EXAMPLE") == "AKIA****************"
    assert redact("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl") == "eyJ***"
    assert redact("ghp_" + "a" * 36) == "ghp_***"
    for plain in (
        "939ae232-588e-4bce-b71e-d78a1dc02e27",
        "2026-11-20T10:02:13.136Z",
        "5432",
        "2026/11/20/[$LATEST]ec7ac8ad1b2ba06b6ae12c972399d29d",
    ):
        assert redact(plain) == plain


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize(
    "name",
    sorted(
        p.name
        for p in EXAMPLES.iterdir()
        if (p.suffix in (".json", ".log") and p.name != "expected.json")
        or (p.is_dir() and p.name != "workflows")
    ),
)
def test_no_example_log_line_is_touched(name: str) -> None:
    """The bundled exports hold ordinary Lambda lines: redaction leaves every message as it is."""
    ingest = Ingest([str(EXAMPLES / name)], max_inflated_bytes=1 << 30)
    messages = [batch.event(i).message for batch, _ in ingest.batches() for i in range(len(batch.items))]
    assert messages and [m for m in messages if public(m) != m] == []
