"""The linter's core: paths and settings in, LintResult out. The CLI, flake8 and the Action call it."""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from pathlib import Path

from checker.config import LintSettings
from checker.errors import InputError
from checker.lint.files import PYTHON_SUFFIXES, Excludes, discover, lintable
from checker.lint.model import Hit, LintError, LintFinding, LintResult
from checker.lint.rules import RULES, RULES_BY_ID
from checker.lint.suppress import suppressed

__all__ = ["LintError", "LintFinding", "LintResult", "enabled_rules", "lint_paths", "lint_source"]

# A file that imports none of the client modules cannot hold a call we check, so it is not
# parsed at all: most of a large tree is skipped for the price of one regex search. Submodules
# that hold no client (`requests.exceptions`, `urllib.parse`, `http.cookies`) do not count.
_PY_MODULES = (
    rb"(?:requests(?:\.(?:api|sessions))?|httpx|urllib3(?:\.(?:poolmanager|connectionpool|util"
    rb"|util\.timeout))?|urllib\.request|http\.client|socket|aiohttp(?:\.client)?"
    rb"|boto3(?:\.session)?|botocore(?:\.(?:config|session|client))?|psycopg2(?:\.pool)?|psycopg"
    rb"|pymysql(?:\.connections)?|redis(?:\.(?:client|asyncio|connection))?"
    rb"|pymongo(?:\.mongo_client)?)(?![\w.])")
_PYTHON_CLIENTS = re.compile(
    rb"^[ \t]*(?:from[ \t]+" + _PY_MODULES + rb"|import[ \t][^\n]*?(?<![\w.])" + _PY_MODULES
    + rb"|from[ \t]+(?:urllib|http)[ \t]+import[ \t][^\n]*?\b(?:request|client)\b)",
    re.MULTILINE)
_JAVASCRIPT_CLIENTS = re.compile(
    rb"(?:require\s*\(\s*|\bfrom\s*|\bimport\s*\(?\s*)['\"](?:node:)?(?:"
    rb"(?:axios|got|pg|mysql2|ioredis|mongodb|https?|aws-sdk|undici)['\"/]|@aws-sdk/|@smithy/)"
    rb"|\bfetch\s*\(")


def enabled_rules(select: Sequence[str], ignore: Sequence[str]) -> frozenset[str]:
    """Rule ids left after --select and --ignore (ids or prefixes such as `CF10`)."""
    for option, values in (("--select", select), ("--ignore", ignore)):
        for value in values:
            if not any(rule.id.startswith(value.upper()) for rule in RULES):
                known = ", ".join(rule.id for rule in RULES)
                raise InputError(option, f"unknown rule {value!r} (known: {known})")
    chosen = {rule.id for rule in RULES
              if not select or any(rule.id.startswith(s.upper()) for s in select)}
    return frozenset(r for r in chosen if not any(r.startswith(i.upper()) for i in ignore))


def lint_paths(paths: Sequence[str], settings: LintSettings, *,
               root: Path | None = None) -> LintResult:
    """Lint files and folders; unreadable or unparsable files become errors, never exceptions.

    `root` is where exclude patterns are anchored (the config file's folder); default: cwd.
    """
    rules = enabled_rules(settings.select, settings.ignore)
    excludes = Excludes(settings.exclude, root or Path.cwd())
    findings: list[LintFinding] = []
    errors: list[LintError] = []
    files = 0
    for path in discover(paths, excludes):
        if not path.exists():
            errors.append(LintError(str(path), "no such file or directory"))
            continue
        if not lintable(path):
            continue
        files += 1
        try:
            data = path.read_bytes()
        except OSError as exc:
            errors.append(LintError(str(path), f"cannot read: {exc.strerror}"))
            continue
        found, error = lint_source(str(path), data, settings.max_connect_timeout, rules)
        findings.extend(found)
        if error is not None:
            errors.append(error)
    return LintResult(tuple(findings), files, tuple(errors))


def lint_source(path: str, data: bytes, maximum: float, rules: frozenset[str] | None = None,
                ) -> tuple[list[LintFinding], LintError | None]:
    """Findings of one file's bytes; the language comes from the path's suffix."""
    suffix = Path(path).suffix
    if suffix in PYTHON_SUFFIXES:
        if not _mentions_python_client(data):
            return [], None
        hits, reason = _python_hits(data, maximum)
    else:
        if not _JAVASCRIPT_CLIENTS.search(data):
            return [], None
        from checker.lint.javascript import analyze_source

        hits, reason = analyze_source(data, suffix, maximum)
    if reason is not None:
        return [], LintError(path, reason)
    return findings_from_hits(path, data, hits, rules), None


def _mentions_python_client(data: bytes) -> bool:
    for match in _PYTHON_CLIENTS.finditer(data):
        # `import socket` alone matters only with create_connection() in the file.
        if not match.group(0).rstrip().endswith(b"socket") or b"create_connection" in data:
            return True
    return False


def _python_hits(data: bytes, maximum: float) -> tuple[list[Hit], str | None]:
    from checker.lint.python import analyze

    try:
        tree = ast.parse(data)
    except SyntaxError as exc:
        return [], f"syntax error: {exc.msg} (line {exc.lineno})"
    except (ValueError, RecursionError) as exc:
        return [], f"cannot parse: {exc}"
    return analyze(tree, maximum), None


def findings_from_hits(path: str, data: bytes, hits: list[Hit],
                       rules: frozenset[str] | None) -> list[LintFinding]:
    if not hits:
        return []
    lines = data.decode("utf-8", errors="replace").split("\n")
    found: list[LintFinding] = []
    for hit in sorted(hits, key=lambda h: (h.line, h.column, h.rule)):
        if rules is not None and hit.rule not in rules:
            continue
        if suppressed(lines, hit.line, hit.end_line, hit.rule):
            continue
        found.append(LintFinding(path, hit.line, _characters(lines, hit), hit.rule,
                                 RULES_BY_ID[hit.rule].severity, hit.message, hit.library))
    return found


def _characters(lines: list[str], hit: Hit) -> int:
    """Parsers count columns in UTF-8 bytes; editors count characters."""
    if not 1 <= hit.line <= len(lines):
        return hit.column
    text = lines[hit.line - 1]
    if text.isascii():
        return hit.column
    return len(text.encode("utf-8")[: hit.column - 1].decode("utf-8", errors="ignore")) + 1
