"""The linter's core: paths and settings in, LintResult out. The CLI, flake8 and the Action call it."""

from __future__ import annotations

import ast
import errno
import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path

from checker import clients
from checker.client import Language
from checker.config import LintSettings
from checker.errors import InputError
from checker.lint.files import PYTHON_SUFFIXES, Excludes, discover, lintable
from checker.lint.model import CallHit, Level, LintError, LintFinding, LintResult
from checker.lint.rules import RULES, RULES_BY_ID
from checker.lint.suppress import suppressed

__all__ = [
    "LintError",
    "LintFinding",
    "LintResult",
    "enabled_rules",
    "lint_paths",
    "lint_source",
    "read_source",
]

MAX_FILE_BYTES = 5 * 1024**2  # larger sources are generated bundles, not code to lint
TOO_DEEP = "expressions nested too deeply to follow"


# A file that imports none of the client modules cannot hold a call we check, so it is not
# parsed at all: most of a large tree is skipped for the price of one regex search. The roots are
# the registry's (checker/clients/), the same the analyzers resolve, so the prefilter admits every
# spelling they check, submodules included (`requests.packages.urllib3`, `redis.asyncio.client`).
def _python_roots() -> bytes:
    roots = set(clients.import_roots(Language.PYTHON))
    alternatives = sorted((re.escape(root).encode() for root in roots), key=len, reverse=True)
    return rb"(?:" + b"|".join(alternatives) + rb")(?:\.\w+)*(?![\w.])"


def _javascript_clients() -> re.Pattern[bytes]:
    """`require("pkg")`, `import ... from "pkg"`, `import("pkg")` of a client package (or a path
    in it, `mysql2/promise`; a scope such as `@aws-sdk/`), or a call of a global client (`fetch(`)."""
    roots = clients.import_roots(Language.JAVASCRIPT)
    packages = sorted((re.escape(r).encode() for r in roots if not r.endswith("/")), key=len, reverse=True)
    scopes = sorted(re.escape(r).encode() for r in roots if r.endswith("/"))
    names = sorted(re.escape(n).encode() for n in clients.global_names(Language.JAVASCRIPT))
    return re.compile(
        rb"(?:require\s*\(\s*|\bfrom\s*|\bimport\s*(?:\(\s*)?)['\"](?:node:)?(?:"
        + rb"(?:"
        + b"|".join(packages)
        + rb")['\"/]"
        + b"".join(b"|" + scope for scope in scopes)
        + rb")"
        + (rb"|\b(?:" + b"|".join(names) + rb")\s*\(" if names else b"")
    )


PYTHON_IMPORT_ROOTS = _python_roots()
_PYTHON_CLIENTS = re.compile(
    rb"^[ \t]*(?:from[ \t]+"
    + PYTHON_IMPORT_ROOTS
    + rb"|import[ \t][^\n]*?(?<![\w.])"
    + PYTHON_IMPORT_ROOTS
    + rb"|from[ \t]+(?:urllib|http)[ \t]+import[ \t][^\n]*?\b(?:request|client)\b)",
    re.MULTILINE,
)
_JAVASCRIPT_CLIENTS = _javascript_clients()


def enabled_rules(select: Sequence[str], ignore: Sequence[str]) -> frozenset[str]:
    """Rule ids left after --select and --ignore (ids or prefixes such as `CF10`)."""
    for option, values in (("--select", select), ("--ignore", ignore)):
        for value in values:
            if not any(rule.id.startswith(value.upper()) for rule in RULES):
                known = ", ".join(rule.id for rule in RULES)
                raise InputError(option, f"unknown rule {value!r} (known: {known})")
    chosen = {rule.id for rule in RULES if not select or any(rule.id.startswith(s.upper()) for s in select)}
    return frozenset(r for r in chosen if not any(r.startswith(i.upper()) for i in ignore))


def lint_paths(paths: Sequence[str], settings: LintSettings, *, root: Path | None = None) -> LintResult:
    """Lint files and folders; unreadable or unparsable files become errors, never exceptions.

    `root` is where exclude patterns are anchored (the config file's folder); default: cwd.
    An invalid exclude pattern raises ConfigError before any file is read.
    """
    rules = enabled_rules(settings.select, settings.ignore)
    excludes = Excludes(settings.exclude, root or Path.cwd(), settings.vendored, settings.tests)
    findings: list[LintFinding] = []
    errors: list[LintError] = []
    skipped: list[str] = []
    files = 0
    for path in discover(paths, excludes, lambda p: skipped.append(str(p))):
        if not lintable(path) and path.exists():
            continue
        data = read_source(path)
        if isinstance(data, LintError):
            errors.append(data)
            continue
        files += 1
        found, error = lint_source(str(path), data, settings.max_connect_timeout, rules)
        findings.extend(found)
        if error is not None:
            errors.append(error)
    return LintResult(tuple(findings), files, tuple(errors), tuple(skipped))


def read_source(path: Path, limit: int = MAX_FILE_BYTES) -> bytes | LintError:
    """A regular file's bytes, at most `limit`; FIFOs and devices are never opened, let alone read.

    Opened with O_NONBLOCK and checked again on the descriptor, so a file swapped for a FIFO
    between the two checks cannot block the run either.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        if path.is_symlink() and exc.errno in (errno.ENOENT, errno.ELOOP):
            what = "broken symbolic link" if exc.errno == errno.ENOENT else "symbolic link loop"
            return LintError(str(path), f"skipped: {what}", Level.WARNING)
        if exc.errno == errno.ENOENT:
            return LintError(str(path), "no such file or directory")
        return LintError(str(path), f"cannot read: {exc.strerror}")
    if not stat.S_ISREG(info.st_mode):
        return LintError(str(path), f"skipped: {_kind(info.st_mode)}, not a regular file", Level.WARNING)
    too_large = LintError(
        str(path),
        f"not analyzed: larger than {_size(limit)} (files above that size are skipped)",
        Level.WARNING,
    )
    if info.st_size > limit:
        return too_large
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return LintError(str(path), f"cannot read: {exc.strerror}")
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            return LintError(str(path), f"skipped: {_kind(mode)}, not a regular file", Level.WARNING)
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            return LintError(str(path), f"cannot read: {exc.strerror}")
    return too_large if len(data) > limit else data


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a directory"),
    )
    return next((name for test, name in kinds if test(mode)), "a special file")


def _size(limit: int) -> str:
    return f"{limit / 1024**2:g} MiB" if limit >= 1024**2 else f"{limit:,} bytes"


def lint_source(
    path: str,
    data: bytes,
    maximum: float,
    rules: frozenset[str] | None = None,
) -> tuple[list[LintFinding], LintError | None]:
    """Findings of one file's bytes; the language comes from the path's suffix.

    A file the parser or the analyzer cannot follow (syntax it does not know, nesting deeper
    than Python's parser or stack allow) is a warning naming the reason, never an exception.
    """
    suffix = Path(path).suffix
    try:
        if suffix in PYTHON_SUFFIXES:
            if not _mentions_python_client(data):
                return [], None
            hits, reason = _python_hits(data, maximum)
        else:
            if not _JAVASCRIPT_CLIENTS.search(data):
                return [], None
            from checker.lint.javascript import analyze_source

            hits, reason = analyze_source(data, suffix, maximum, clients.javascript_tables())
        found = findings_from_hits(path, data, hits, rules)
        if reason is None:
            return found, None
        if suffix in PYTHON_SUFFIXES:
            return [], LintError(path, f"not analyzed: {reason}", Level.WARNING)
        return found, LintError(
            path, f"partly analyzed: {reason} (calls there are not checked)", Level.WARNING
        )
    except (RecursionError, MemoryError):
        return [], LintError(path, f"not analyzed: {TOO_DEEP}", Level.WARNING)


# Modules most files import for other reasons: they matter only with the one call we check.
_ONLY_WITH = tuple(
    (root.encode(), re.compile(client.only_with.encode()))
    for client in clients.CLIENTS
    if client.only_with
    for root in client.roots
)


def _mentions_python_client(data: bytes) -> bool:
    for match in _PYTHON_CLIENTS.finditer(data):
        text = match.group(0).rstrip()
        needed = next(
            (word for root, word in _ONLY_WITH if text.endswith(root) or (root + b".") in text), None
        )
        if needed is None or needed.search(data):
            return True
    return False


def _python_hits(data: bytes, maximum: float) -> tuple[list[CallHit], str | None]:
    from checker.lint.python import analyze

    try:
        tree = ast.parse(data)
    except SyntaxError as exc:
        if "too many nested" in exc.msg:
            return [], f"{TOO_DEEP} (line {exc.lineno})"
        return [], f"syntax error: {exc.msg} (line {exc.lineno})"
    except ValueError as exc:  # NUL bytes (Python < 3.12), int digits over the limit
        return [], f"cannot parse: {exc}"
    except (RecursionError, MemoryError):  # the parser's own depth limits
        return [], TOO_DEEP
    return analyze(tree, maximum, clients.python_tables()), None


def findings_from_hits(
    path: str, data: bytes, hits: list[CallHit], rules: frozenset[str] | None
) -> list[LintFinding]:
    if not hits:
        return []
    lines = data.decode("utf-8", errors="replace").split("\n")
    found: list[LintFinding] = []
    for hit in sorted(hits, key=lambda h: (h.line, h.column, h.rule)):
        if rules is not None and hit.rule not in rules:
            continue
        if suppressed(lines, hit.line, hit.end_line, hit.rule, hit.library):
            continue
        found.append(
            LintFinding(
                path,
                hit.line,
                _characters(lines, hit),
                hit.rule,
                RULES_BY_ID[hit.rule].severity,
                hit.message,
                hit.library,
            )
        )
    return found


def _characters(lines: list[str], hit: CallHit) -> int:
    """Parsers count columns in UTF-8 bytes; editors count characters."""
    if not 1 <= hit.line <= len(lines):
        return hit.column
    text = lines[hit.line - 1]
    if text.isascii():
        return hit.column
    return len(text.encode("utf-8")[: hit.column - 1].decode("utf-8", errors="ignore")) + 1
