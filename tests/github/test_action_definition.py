"""action.yml and the example workflows: schema-valid, zizmor-clean, in step with the code and README."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker.github.inputs import INPUTS, OUTPUTS, env_name

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / "action.yml"
EXAMPLE_WORKFLOWS = sorted((ROOT / "examples" / "workflows").glob("*.yml"))
OWN_WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
WORKFLOWS = EXAMPLE_WORKFLOWS + OWN_WORKFLOWS
OUR_ACTION = re.compile(r"connfail/connfail@v\d+")  # a release's moving major tag, never a made-up SHA


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return found


def _action() -> dict[str, Any]:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def test_examples_exist() -> None:
    assert [p.name for p in EXAMPLE_WORKFLOWS] == [
        "connfail-collect.yml",
        "connfail-exports.yml",
        "connfail-report.yml",
        "connfail.yml",
    ]
    assert [p.name for p in OWN_WORKFLOWS] == ["ci.yml", "wheels.yml"]


def test_action_matches_the_schema() -> None:
    result = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-actions", str(ACTION)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_example_workflows_match_the_schema() -> None:
    result = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_medium_or_high() -> None:
    result = subprocess.run(
        [
            _tool("zizmor"),
            "--offline",
            "--config",
            str(ROOT / ".github" / "zizmor.yml"),
            "--format",
            "json",
            str(ACTION),
            *map(str, WORKFLOWS),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    findings = json.loads(result.stdout)
    serious = [
        (f["ident"], str(f["locations"][0]["symbolic"]["key"]))
        for f in findings
        if f["determinations"]["severity"] in ("Medium", "High")
    ]
    assert serious == []


def test_action_inputs_are_the_code_table() -> None:
    inputs = _action()["inputs"]
    assert list(inputs) == [spec.name for spec in INPUTS]
    assert {name: str(v["default"]) for name, v in inputs.items()} == {
        spec.name: spec.default for spec in INPUTS
    }
    for spec in INPUTS:
        for choice in spec.choices:
            assert f"`{choice}`" in inputs[spec.name]["description"], (spec.name, choice)


def test_every_input_reaches_the_entry_point_as_its_runner_variable() -> None:
    step = next(s for s in _action()["runs"]["steps"] if s.get("id") == "connfail")
    inputs = {k: v for k, v in step["env"].items() if k.startswith("INPUT_")}
    assert inputs == {env_name(s.name): f"${{{{ inputs.{s.name} }}}}" for s in INPUTS}
    assert step["run"].endswith("-m checker action")


def test_action_outputs_are_the_code_table() -> None:
    outputs = _action()["outputs"]
    assert list(outputs) == list(OUTPUTS)
    for name, spec in outputs.items():
        assert spec["value"] == f"${{{{ steps.connfail.outputs.{name} }}}}"


def test_readme_documents_every_input_and_output() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## GitHub Action", 1)[1].split("\n## ", 1)[0]
    rows = set(re.findall(r"^\| `([a-z-]+)` \|", section, re.MULTILINE))
    missing = [n for n in [s.name for s in INPUTS] + list(OUTPUTS) if n not in rows]
    assert missing == []


def test_workflows_pin_actions_and_drop_credentials() -> None:
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert workflow["permissions"] == {}, path.name
        for job in workflow["jobs"].values():
            assert "write-all" not in str(job.get("permissions")), path.name
            for step in job["steps"]:
                uses = step.get("uses")
                if uses and uses != "./" and not OUR_ACTION.fullmatch(uses):
                    assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", uses), (path.name, uses)
                if uses and uses.startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, path.name
                assert "${{" not in step.get("run", ""), (path.name, step.get("name"))


def test_readme_quick_start_has_the_permissions_and_the_picture() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## GitHub Action", 1)[1].split("\n## ", 1)[0]
    quick_start = section.split("### Quick start", 1)[1].split("```yaml", 1)[1].split("```", 1)[0]
    workflow = yaml.safe_load(quick_start)
    example = ROOT / "examples" / "workflows" / "connfail.yml"
    assert quick_start.lstrip("\n") == example.read_text(encoding="utf-8")
    job = next(iter(workflow["jobs"].values()))
    assert job["permissions"] == {
        "contents": "read",
        "id-token": "write",
        "checks": "write",
        "pull-requests": "write",
    }
    assert "](docs/action-comment.png)" in section
    assert (ROOT / "docs" / "action-comment.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _our_steps() -> list[tuple[str, dict[str, Any]]]:
    steps = []
    for path in WORKFLOWS:
        for job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values():
            steps += [
                (path.name, step)
                for step in job["steps"]
                if step.get("uses") == "./" or OUR_ACTION.fullmatch(step.get("uses", ""))
            ]
    return steps


def test_every_input_a_workflow_passes_exists_in_action_yml() -> None:
    inputs = set(_action()["inputs"])
    steps = _our_steps()
    assert len(steps) == 5
    assert [(name, key) for name, step in steps for key in step.get("with", {}) if key not in inputs] == []


def test_every_export_a_workflow_names_in_this_repository_is_an_export() -> None:
    """The dogfooding job reads the bundled examples: each must validate (expected.json would not)."""
    named = [step["with"]["exports"] for _, step in _our_steps() if step.get("uses") == "./"]
    assert named == ["examples/vpc-node-postgres.json", "examples/healthy-function.json"]
    result = subprocess.run(
        [sys.executable, "-m", "checker", "validate", *named],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_steps_after_the_tests_run_when_the_tests_fail() -> None:
    """Logs matter most when the tests fail: the export, upload and connfail steps say !cancelled()."""
    for path in EXAMPLE_WORKFLOWS:
        for job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values():
            names = [s.get("name", s.get("uses", "")) for s in job["steps"]]
            if "Integration tests" not in names:
                continue
            after = job["steps"][names.index("Integration tests") + 1 :]
            assert after and all("!cancelled()" in str(s.get("if", "")) for s in after), path.name


def test_the_dogfooding_job_expects_the_high_example_to_fail() -> None:
    job = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    steps = job["jobs"]["dogfood"]["steps"]
    high = next(s for s in steps if s.get("id") == "high")
    assert high["continue-on-error"] is True
    check = steps[steps.index(high) + 1]
    assert 'test "$OUTCOME" = failure' in check["run"] and 'test "$SEVERITY" = HIGH' in check["run"]
