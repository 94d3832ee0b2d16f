"""Rendered lint output against golden files, and SARIF against the OASIS schema.

Refresh the golden files after an intended change with
`CONNFAIL_UPDATE_GOLDEN=1 pytest tests/lint/test_render.py` (tests/golden.py), then review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from checker import __version__
from checker.config import load_config
from checker.lint.render import RENDERERS
from checker.lint.rules import RULES
from checker.lint.run import lint_paths
from tests.golden import check_golden

DATA = Path(__file__).resolve().parents[1] / "data" / "lint"
GOLDEN = DATA / "_golden"
REPO = Path(__file__).resolve().parents[2]
SARIF_SCHEMA = REPO / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json"  # vendored, see its README
SUFFIX = {"text": "txt", "json": "json", "sarif": "sarif", "github": "github.txt"}


def _render(fmt: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(DATA / "_project")
    settings = load_config(None, search_from=Path.cwd()).lint
    output = RENDERERS[fmt](lint_paths(["."], settings))
    return output.replace(f'"version": "{__version__}"', '"version": "<version>"')


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_output_matches_golden_file(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    rendered = _render(fmt, monkeypatch)
    check_golden(GOLDEN / f"project.{SUFFIX[fmt]}", rendered)


def test_github_annotations_escape_their_properties() -> None:
    from checker.lint.model import LintError, LintFinding, LintResult

    result = LintResult(
        (LintFinding("a,b:c.py", 3, 7, "CF101", "error", "50% done\nnext", "requests"),),
        1,
        (LintError("x.py", "syntax error"),),
    )
    assert RENDERERS["github"](result) == (
        "::error file=a%2Cb%3Ac.py,line=3,col=7,title=CF101::50%25 done%0Anext\n"
        "::error file=x.py,title=connfail::syntax error\n"
    )


def test_text_format_keeps_each_finding_on_one_line() -> None:
    from checker.lint.model import LintFinding, LintResult

    result = LintResult(
        (LintFinding("a.js", 3, 1, "CF101", "error", "axios\n  .get(): no connect timeout", "axios"),), 1, ()
    )
    assert RENDERERS["text"](result) == "a.js:3:1: CF101 axios   .get(): no connect timeout\n"


def test_sarif_is_valid_sarif_2_1_0(monkeypatch: pytest.MonkeyPatch) -> None:
    document = json.loads(_render("sarif", monkeypatch))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(document), key=str)
    assert errors == []
    run = document["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [r.id for r in RULES]
    assert all(
        r["helpUri"].startswith("https://") and r["help"]["markdown"] for r in run["tool"]["driver"]["rules"]
    )
    assert [
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in run["results"]
    ] == [("CF104", "src/app.py", 4), ("CF102", "src/app.py", 8), ("CF103", "src/handler.ts", 3)]
