"""The findings' digest: its JSON form, the hidden line in a check run, a hostile one read back."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.digest import (
    DIGEST_MAX_CHARS,
    BadDigest,
    Change,
    Status,
    compare,
    decode,
    digest,
    encode,
)
from tests.render import sample_reports


def _line(data: object) -> str:
    raw = base64.urlsafe_b64encode(json.dumps(data).encode()).decode()
    return f"**HIGH: ...**\n<!-- connfail-digest:v1 {raw} -->\n"


def _fn(name: str, failed: int, *destinations: tuple[str, str, int]) -> dict[str, object]:
    return {
        "function": name,
        "severity": "HIGH" if failed > 5 else "ELEVATED",
        "failed_invocations": failed,
        "total_invocations": 100,
        "destinations": [{"category": c, "destination": d, "invocations": n} for c, d, n in destinations],
    }


def test_the_digest_names_each_function_with_its_counts_and_destinations() -> None:
    report = sample_reports.python_dynamodb()
    data = digest(report.findings)
    assert data["version"] == 1 and data["functions_omitted"] == 0
    first = data["functions"][0]
    assert (first["function"], first["severity"], first["failed_invocations"]) == (
        "inventory-sync",
        "HIGH",
        18,
    )
    assert first["destinations"][0] == {
        "category": "ETIMEDOUT",
        "destination": "dynamodb.us-east-1.amazonaws.com:443",
        "invocations": 9,
    }
    assert len(first["destinations"]) == 5  # of its 6: the top 5


def test_an_unnamed_function_is_named_by_its_export() -> None:
    data = digest(sample_reports.vpc_postgres().findings)
    assert data["functions"][0]["function"] == "orders-api"
    report = sample_reports.vpc_postgres()
    unnamed = [
        f.__class__(**{**f.__dict__, "function": None, "source": "exports/vpc.json"}) for f in report.findings
    ]
    assert digest(tuple(unnamed))["functions"][0]["function"] == "unnamed function in vpc.json"


def test_encoded_and_decoded_it_is_the_same_digest() -> None:
    data = digest(sample_reports.python_dynamodb().findings)
    line = encode(data)
    assert line.startswith("<!-- connfail-digest:v1 ") and line.endswith(" -->")
    assert "-->" not in line[:-3] and "\n" not in line
    assert decode(f"**title**\n\n{line}\n- more text") == data


def test_a_summary_without_a_digest_has_none() -> None:
    assert decode("**HIGH: 28 of 150 invocations failed to connect**\n") is None


@pytest.mark.parametrize(
    ("summary", "reason"),
    [
        ("<!-- connfail-digest:v2 e30= -->", "digest version 2, this connfail reads 1"),
        ("<!-- connfail-digest:v1 !!!! -->", None),  # not base64: no digest line at all
        ("<!-- connfail-digest:v1 bm90IGpzb24= -->", "the digest is not base64 JSON"),
        (_line([1, 2]), "the digest does not fit its schema"),
        (_line({"version": 1, "functions": [{"function": "x"}]}), "the digest does not fit its schema"),
        (_line({"version": 1, "functions": [_fn("", 3)]}), "the digest does not fit its schema"),
        (_line({"version": 1, "functions": [_fn("a", -1)]}), "the digest does not fit its schema"),
        (
            _line({"version": 1, "functions": [{**_fn("a", 1), "extra": "<script>"}]}),
            "the digest does not fit its schema",
        ),
        (
            _line({"version": 1, "functions": [_fn(f"f{i}", 1) for i in range(201)]}),
            "the digest does not fit its schema",
        ),
    ],
)
def test_a_hostile_digest_is_refused_with_a_reason(summary: str, reason: str | None) -> None:
    if reason is None:
        assert decode(summary) is None
        return
    with pytest.raises(BadDigest) as caught:
        decode(summary)
    assert str(caught.value).startswith(reason)


def test_an_oversized_digest_is_not_read() -> None:
    huge = "A" * (DIGEST_MAX_CHARS + 4)
    assert decode(f"<!-- connfail-digest:v1 {huge} -->") is None


def test_deeply_nested_json_is_refused_not_a_crash() -> None:
    nested = "[" * 5000 + "]" * 5000
    raw = base64.urlsafe_b64encode(nested.encode()).decode()
    with pytest.raises(BadDigest):
        decode(f"<!-- connfail-digest:v1 {raw} -->")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_summary_text_is_a_digest_none_or_one_reason(text: str) -> None:
    try:
        result = decode(f"<!-- connfail-digest:v1 {text} -->")
    except BadDigest as exc:
        assert str(exc)
        return
    assert result is None or result["version"] == 1


def test_compare_says_new_still_failing_and_fixed() -> None:
    base = {
        "version": 1,
        "functions": [
            _fn("orders-api", 28, ("ETIMEDOUT", "10.0.3.47:5432", 28)),
            _fn("billing", 12, ("ECONNREFUSED", "10.0.5.20:8080", 12)),
            _fn("gone-from-exports", 3, ("ENOTFOUND", "api.example.com", 3)),
        ],
    }
    current = {
        "version": 1,
        "functions": [
            _fn("orders-api", 30, ("ETIMEDOUT", "10.0.3.47:5432", 28), ("ENOTFOUND", "db.internal", 2)),
            _fn("search", 7, ("ETIMEDOUT", "10.0.9.9:9200", 7)),
        ],
    }
    result = compare(base, current, {"orders-api", "search", "billing"})
    assert result.changes == {
        "orders-api": Change("orders-api", Status.STILL, 28, ("db.internal",)),
        "search": Change("search", Status.NEW, None),
        "billing": Change("billing", Status.FIXED, 12),
    }
    assert result.base_only == ("gone-from-exports",)  # not analyzed now: not called fixed
    assert (result.count(Status.NEW), result.count(Status.STILL), result.count(Status.FIXED)) == (1, 1, 1)
