"""Secrets in log text are hidden in every output; what identifies the destination stays."""

from __future__ import annotations

import json

import pytest
import sample_reports

from checker.redact import redact, redact_value
from checker.render.json import render_json
from checker.render.markdown import render_markdown
from checker.render.text import render_text

CASES = [
    ("Error: connect ECONNREFUSED postgres://admin:hunter2@db.internal:5432/app",
     "Error: connect ECONNREFUSED postgres://admin:***@db.internal:5432/app"),
    ("mongodb+srv://app:s3cr%40t@cluster0.abcde.mongodb.net/?retryWrites=true",
     "mongodb+srv://app:***@cluster0.abcde.mongodb.net/?retryWrites=true"),
    ("redis://:p@ss@cache.internal:6379/0", "redis://:***@cache.internal:6379/0"),
    ("jdbc:mysql://db:3306/shop?user=app&password=hunter2&useSSL=true",
     "jdbc:mysql://db:3306/shop?user=app&password=***&useSSL=true"),
    ("dial tcp: app:hunter2@tcp(10.0.4.12:3306)/shop", "dial tcp: app:***@tcp(10.0.4.12:3306)/shop"),
    ("psycopg2.connect('host=db user=app password=hunter2 connect_timeout=3')",
     "psycopg2.connect('host=db user=app password=*** connect_timeout=3')"),
    ("headers: { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln' }",
     "headers: { Authorization: 'Bearer ***' }"),
    ("Authorization: Basic YXBwOmh1bnRlcjI=", "Authorization: Basic ***"),
    ("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl expired", "token eyJ*** expired"),
    ("credentials AKIAIOSFODNN7EXAMPLE / ASIAY34FZKBOKMUTVV7A",
     "credentials AKIA**************** / ASIA****************"),
    ("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS_SECRET_ACCESS_KEY=***"),
    ('{"password": "hun\\"ter2", "host": "db"}', '{"password": "***", "host": "db"}'),
    ("{'db_password': 'hunter2', 'port': 5432}", "{'db_password': ***, 'port': 5432}"),
    ("https://b.s3.amazonaws.com/k?X-Amz-Security-Token=IQoJb3JpZ2lu&X-Amz-Signature=ab12&x=1",
     "https://b.s3.amazonaws.com/k?X-Amz-Security-Token=***&X-Amz-Signature=***&x=1"),
    ("GITHUB_TOKEN ghp_abcdefghijklmnopqrstuvwxyz0123456789", "GITHUB_TOKEN ghp_***"),
]
UNTOUCHED = [
    "connect ETIMEDOUT 10.0.3.47:5432 - Local (10.0.1.23:45174)",
    'Connect timeout on endpoint URL: "https://secretsmanager.us-east-1.amazonaws.com/"',
    "getaddrinfo ENOTFOUND token-service.internal",
    "connect ECONNREFUSED my-secret-db:5432",
    "dial tcp [2600:1f18:4a3:6901::14]:443: connect: network is unreachable",
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
        "a": ["password=***", 1, None], "b": {"c": "Bearer ***"}}


@pytest.mark.parametrize("render", [render_text, render_markdown, render_json])
def test_no_format_leaks_the_hostile_report_secrets(render) -> None:  # type: ignore[no-untyped-def]
    out = render(sample_reports.hostile())
    for secret in ("hunter2", "AKIAIOSFODNN7EXAMPLE", "eyJhbGciOiJIUzI1NiJ9"):
        assert secret not in out
    if render is render_json:
        assert json.loads(out)["findings"][0]["primary_error"]["message"].startswith(
            "connect ECONNREFUSED postgres://admin:***@db.internal:5432/app")


def test_bare_tokens_are_redacted_and_plain_ids_pass_untouched() -> None:
    # The fast path that skips ids and timestamps must not let a bare secret through.
    assert redact("AKIAIOSFODNN7EXAMPLE") == "AKIA****************"
    assert redact("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl") == "eyJ***"
    assert redact("ghp_" + "a" * 36) == "ghp_***"
    for plain in ("939ae232-588e-4bce-b71e-d78a1dc02e27", "2026-11-20T10:02:13.136Z", "5432",
                  "2026/11/20/[$LATEST]ec7ac8ad1b2ba06b6ae12c972399d29d"):
        assert redact(plain) == plain
