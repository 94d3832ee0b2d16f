"""The JSON report's encoder writes exactly the keys schemas/report.schema.json declares: none
outside the schema, every required one, and every declared key in some real report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from checker.analyze import analyze
from checker.config import Config
from checker.network.evidence import open_evidence
from checker.schema import load_schema
from tests.conftest import EXAMPLES
from tests.network import builder
from tests.network.test_analyze_evidence import DENIED_NACL_MANIFEST as _MANIFEST
from tests.network.test_logged_az import _node_export

FLOWLOGS = Path(__file__).resolve().parent / "data" / "network" / "flowlogs"
SCHEMA = load_schema("report")


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref:
        assert ref.startswith("#/$defs/"), ref
        return _resolve(SCHEMA["$defs"][ref.removeprefix("#/$defs/")])
    return node


def _walk(value: Any, node: dict[str, Any], path: str, seen: set[str]) -> None:
    """Check `value` against `node`'s declared keys; note every key path met in `seen`."""
    node = _resolve(node)
    if isinstance(value, dict) and "properties" in node:
        declared = node["properties"]
        assert set(value) <= set(declared), f"{path}: keys outside the schema {set(value) - set(declared)}"
        assert set(node.get("required", ())) <= set(value), f"{path}: required keys missing"
        for key, item in value.items():
            seen.add(f"{path}.{key}")
            _walk(item, declared[key], f"{path}.{key}", seen)
    elif isinstance(value, list) and "items" in node:
        for item in value:
            _walk(item, node["items"], f"{path}[]", seen)


def _declared(node: dict[str, Any], path: str, out: set[str]) -> set[str]:
    """Every key path the schema declares (objects and their array items, through $refs)."""
    node = _resolve(node)
    for key, child in node.get("properties", {}).items():
        out.add(f"{path}.{key}")
        _declared(child, f"{path}.{key}", out)
    if "items" in node:
        _declared(node["items"], f"{path}[]", out)
    return out


def _evidence(root: Path, *, zones: bool) -> Path:
    """An evidence folder (`connfail collect`'s layout): network, logs and flow logs."""
    folder = root / ("evidence-az" if zones else "evidence")
    builder.build(folder / "network", *(() if zones else (builder.sg_egress_443_only,)))
    (folder / "logs").mkdir()
    if zones:  # the function logs its AZ ID: the per-AZ split, each AZ's subnet from the evidence
        _node_export(folder / "logs" / "~aws~lambda~orders-api.json")
    else:  # with a manifest whose one call was denied: listed in `network.denied`
        shutil.copy(EXAMPLES / "vpc-node-postgres.json", folder / "logs" / "~aws~lambda~orders-api.json")
        shutil.copytree(FLOWLOGS / "sg-drop-cloudwatch", folder / "flowlogs")
        (folder / "network" / "describe-network-acls.json").unlink()
        (folder / "manifest.json").write_text(json.dumps(_MANIFEST))
    return folder


def _report(paths: list[str]) -> dict[str, Any]:
    paths, evidence = open_evidence(paths, None, None)
    return analyze(paths, Config(max_listed_sources=1), evidence=evidence).to_dict()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    root = tmp_path_factory.mktemp("reports")
    examples = sorted(
        str(p) for p in EXAMPLES.iterdir() if p.suffix in (".json", ".log") and p.name != "expected.json"
    )
    cases = [[p] for p in examples] + [[str(EXAMPLES / "s3-export")]]
    cases += [[str(_evidence(root, zones=False))], [str(_evidence(root, zones=True))]]
    cases += [[examples[0], str(root / "missing.json")]]  # an unreadable input is listed with its error
    return [_report(paths) for paths in cases]


def test_every_key_written_is_declared_and_every_required_one_written(reports: list[dict[str, Any]]) -> None:
    for report in reports:
        _walk(report, SCHEMA, "", set())


def test_every_declared_key_is_written_by_some_report(reports: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for report in reports:
        _walk(report, SCHEMA, "", seen)
    assert sorted(_declared(SCHEMA, "", set()) - seen) == []
