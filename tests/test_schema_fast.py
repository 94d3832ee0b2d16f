"""The fast schema checks never call valid what jsonschema refuses, and analyze stays light.

`checker.schema.fast_check` lets valid envelopes, rows and configs skip jsonschema; it may say
"ask jsonschema" for a valid instance, never "valid" for an invalid one. And the start-up cost
it saves must not come back: a run on the bundled example imports no jsonschema, YAML or TOML.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from checker.schema import fast_check, load_schema, problems
from tests.conftest import EXAMPLES, ROOT

SCHEMAS = sorted(
    p.name.removesuffix(".schema.json") for p in (ROOT / "checker" / "schemas").glob("*.schema.json")
)
TARGETS = [(name, None) for name in SCHEMAS] + [
    (name, definition) for name in SCHEMAS for definition in load_schema(name).get("$defs", {})
]

KEYS = [
    "events",
    "results",
    "status",
    "field",
    "value",
    "@message",
    "@timestamp",
    "@log",
    "timestamp",
    "message",
    "logStreamName",
    "messageType",
    "logGroup",
    "logStream",
    "logEvents",
    "awslogs",
    "data",
    "sessionStart",
    "sessionUpdate",
    "sessionResults",
    "fail-on",
    "thresholds",
    "high",
    "x",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 2**53),
    st.floats(allow_nan=False),
    st.just(5.0),
    st.sampled_from(["@message", "Complete", "DATA_MESSAGE", "high", "", "a"]),
    st.text(max_size=4),
)
instances = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)
    ),
    max_leaves=12,
)


def test_the_shipped_ingest_schemas_all_compile() -> None:
    compiled = {f"{n}#{d}" for n, d in TARGETS if fast_check(n, d) is not None}
    for name in (
        "filter-log-events",
        "get-log-events",
        "insights-query-results",
        "insights-console-export",
        "live-tail",
        "subscription-envelope",
        "subscription-message",
        "config",
    ):
        assert f"{name}#None" in compiled
    assert "insights-query-results#row" in compiled  # was jsonschema on every Insights row


@pytest.mark.parametrize(("name", "definition"), TARGETS)
@settings(max_examples=150, deadline=None)
@given(instance=instances)
def test_fast_valid_implies_jsonschema_valid(name: str, definition: str | None, instance: Any) -> None:
    check = fast_check(name, definition)
    if check is None:
        return
    schema = load_schema(name) if definition is None else load_schema(name)["$defs"][definition]
    if definition is not None:  # a definition's $ref resolve against its schema's $defs
        schema = {**schema, "$defs": load_schema(name).get("$defs", {})}
    truth = Draft202012Validator(schema).is_valid(instance)
    if check(instance):
        assert truth, f"fast check accepted what jsonschema refuses: {instance!r}"


def test_valid_examples_pass_the_fast_check_and_invalid_ones_keep_jsonschema_wording() -> None:
    row = [
        {"field": "@timestamp", "value": "2026-11-20 10:00:00.000"},
        {"field": "@message", "value": "connect ETIMEDOUT 10.0.3.47:5432"},
    ]
    check = fast_check("insights-query-results", "row")
    assert check is not None and check(row)
    assert not check(row[:1])  # no @message: left to jsonschema, which says why
    assert problems("insights-query-results", {"results": [row[:1]]}) == [
        "/results/0: [{'field': '@timestamp', 'value': '2026-11-20 10:00:00.000'}] "
        "does not contain items matching the given schema"
    ]
    assert problems("insights-query-results", {"results": [row], "status": "Complete"}) == []
    assert problems("filter-log-events", {"events": [], "nextToken": 3}) == [
        "/nextToken: 3 is not of type 'string'"
    ]


RUNNER = """
import contextlib, io, json, sys
from checker.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "report": out.getvalue(), "modules": sorted(sys.modules)}), file=sys.stderr)
"""
HEAVY = (
    "jsonschema",
    "referencing",
    "yaml",
    "tomllib",
    "importlib.metadata",
    "importlib.resources",
    "checker.lint.command",
    "checker.github.command",
    "checker.render.markdown",
    "checker.render.json",
    # Network evidence is read only with --network or an evidence folder; a zip only on stdin
    # needs tempfile, a subscription payload base64, a console CSV the csv module (issue 14).
    "checker.network.load",
    "checker.network.model",
    "checker.network.flowlogs",
    "tempfile",
    "base64",
    "csv",
)


def _modules(tmp_path: Path, *args: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    data: dict[str, Any] = json.loads(result.stderr.strip().splitlines()[-1])
    return data


def test_analyze_of_the_bundled_example_imports_no_heavy_module(tmp_path: Path) -> None:
    """No config file in the folder or above it: nothing needs YAML, TOML or jsonschema."""
    data = _modules(tmp_path, "analyze", str(EXAMPLES / "vpc-node-postgres.json"))
    assert data["code"] == 1  # HIGH: the example's finding
    assert "Total: 779 events, 150 invocations, 28 failing. Severity: HIGH" in data["report"]
    loaded = set(data["modules"])
    assert "checker.detect.classify" in loaded  # the detector did run
    assert [m for m in HEAVY if m in loaded] == []


def test_a_config_file_still_gets_yaml_and_its_schema(tmp_path: Path) -> None:
    (tmp_path / ".connfail.yml").write_text("fail-on: never\n")
    data = _modules(tmp_path, "analyze", str(EXAMPLES / "vpc-node-postgres.json"))
    assert data["code"] == 0  # fail-on: never came from the file
    assert "yaml" in data["modules"]
