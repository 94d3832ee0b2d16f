"""Lint output formats: pure functions from LintResult to text."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from checker import __version__
from checker.github.workflow_commands import Command, format_command
from checker.lint.model import LintResult
from checker.lint.rules import RULES, RULES_BY_ID
from checker.redact import public_in_place
from checker.render.registry import Renderer, registry

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://connfail.dev"


def render_text(result: LintResult) -> str:
    """`path:line:col: RULE message`, the shape quickfix lists and problem matchers parse: one
    line per finding, whatever a message holds."""
    return "".join(
        f"{f.path}:{f.line}:{f.column}: {f.rule} {' '.join(f.message.splitlines())}\n"
        for f in result.findings
    )


def render_json(result: LintResult) -> str:
    document = {
        "findings": [
            {
                "path": f.path,
                "line": f.line,
                "column": f.column,
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message,
                "library": f.library,
            }
            for f in result.findings
        ],
        "files": result.files,
        "errors": [{"path": e.path, "reason": e.reason, "level": e.level.value} for e in result.errors],
        "skipped": list(result.skipped),
    }
    return json.dumps(public_in_place(document), indent=2) + "\n"


def render_github(result: LintResult) -> str:
    """GitHub Actions workflow commands: one annotation per finding and per unreadable file."""
    commands = [
        Command(
            "error" if f.severity == "error" else "warning",
            f.message,
            title=f.rule,
            file=f.path,
            line=f.line,
            col=f.column,
        )
        for f in result.findings
    ]
    commands += [Command(e.level.value, e.reason, title="connfail", file=e.path) for e in result.errors]
    return "".join(format_command(c) + "\n" for c in commands)


def _uri(path: str) -> str:
    """A repository-relative URI when the file is under the working directory, else file://."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            return candidate.as_uri()
    posix = PurePosixPath(candidate.as_posix())
    return quote(str(posix))


def _sarif_rule(rule_id: str) -> dict[str, Any]:
    rule = RULES_BY_ID[rule_id]
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.name.split("-")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.why},
        "help": {"text": f"{rule.why}\n\n{rule.fix}", "markdown": f"{rule.why}\n\n{rule.fix}"},
        "helpUri": rule.help_uri,
        "defaultConfiguration": {"level": rule.severity},
        "properties": {"tags": ["reliability", "timeout"]},
    }


def render_sarif(result: LintResult) -> str:
    """SARIF 2.1.0 as GitHub code scanning reads it: every rule, results with a location."""
    index = {rule.id: position for position, rule in enumerate(RULES)}
    results = [
        {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": f.severity,
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(f.path), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    },
                }
            ],
            "properties": {"library": f.library},
        }
        for f in result.findings
    ]
    notifications = [
        {
            "level": e.level.value,
            "message": {"text": e.reason},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": _uri(e.path), "uriBaseId": "%SRCROOT%"}}}
            ],
        }
        for e in result.errors
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "connfail",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_sarif_rule(rule.id) for rule in RULES],
            }
        },
        "results": results,
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(public_in_place(document), indent=2) + "\n"


RENDERERS: Mapping[str, Renderer[LintResult]] = registry(
    Renderer("text", f"{__name__}:render_text", "text", ".txt", "text/plain"),
    Renderer("json", f"{__name__}:render_json", "json", ".json", "application/json"),
    Renderer("sarif", f"{__name__}:render_sarif", "json", ".sarif", "application/sarif+json"),
    Renderer("github", f"{__name__}:render_github", "text", ".txt", "text/plain"),
)
