"""Which files get linted: .gitignore-style excludes, skipped folders, suppression comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.config import LintSettings
from checker.lint.files import Excludes, discover
from checker.lint.run import lint_paths
from checker.lint.suppress import suppressed


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in (
        "app.py",
        "web/index.ts",
        "web/dist/bundle.min.js",
        "tests/test_app.py",
        "node_modules/x/index.js",
        "lib/gen/api.py",
        "notes.txt",
        ".venv/lib/x.py",
    ):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("patterns", "expected"),
    [
        ((), ["app.py", "lib/gen/api.py", "tests/test_app.py", "web/dist/bundle.min.js", "web/index.ts"]),
        (("*.min.js", "tests/"), ["app.py", "lib/gen/api.py", "web/index.ts"]),
        (("/web",), ["app.py", "lib/gen/api.py", "tests/test_app.py"]),
        (("**/gen/**", "web/*", "!web/index.ts"), ["app.py", "tests/test_app.py", "web/index.ts"]),
        (("dist",), ["app.py", "lib/gen/api.py", "tests/test_app.py", "web/index.ts"]),
    ],
)
def test_excludes_follow_gitignore(tree: Path, patterns: tuple[str, ...], expected: list[str]) -> None:
    found = [p.as_posix() for p in discover(["."], Excludes(patterns, tree))]
    assert sorted(found) == expected


def test_explicit_files_honour_excludes_too(tree: Path) -> None:
    # pre-commit passes file names one by one: the config's excludes must still apply.
    assert [p.as_posix() for p in discover(["tests/test_app.py", "app.py"], Excludes(("tests/",), tree))] == [
        "app.py"
    ]


def test_suppression_on_first_or_last_line_of_the_call() -> None:
    lines = [
        "requests.get(  # connfail: ignore[CF101, CF103]",
        "    url,",
        ")  // connfail: ignore",
        "x()  # connfail: ignore[CF102]",
    ]
    assert suppressed(lines, 1, 2, "CF101")
    assert suppressed(lines, 1, 2, "CF103")
    assert not suppressed(lines, 1, 2, "CF102")
    assert suppressed(lines, 2, 3, "CF104")
    assert not suppressed(lines, 4, 4, "CF101")


def test_unparsable_javascript_is_an_error_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.ts").write_text('import axios from "axios";\naxios.get(url, {\n', encoding="utf-8")
    Path("good.js").write_text('const axios = require("axios");\naxios.get(u);\n', encoding="utf-8")
    result = lint_paths(["."], LintSettings())
    assert [(f.path, f.line, f.rule) for f in result.findings] == [("good.js", 2, "CF101")]
    assert [(e.path, e.reason) for e in result.errors] == [
        ("bad.ts", "partly analyzed: syntax error near line 2 (calls there are not checked)")
    ]


def test_non_utf8_and_unicode_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("app.py").write_text('import requests\nx = "é"; requests.get(u)\n', encoding="utf-8")
    result = lint_paths(["app.py"], LintSettings())
    assert [(f.line, f.column) for f in result.findings] == [(2, 10)]


def test_declaration_files_are_skipped_and_mts_is_typescript(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("types.d.ts").write_text("declare const x: import('pg').Pool<{}>;\n", encoding="utf-8")
    Path("db.mts").write_text(
        'import { Pool } from "pg";\nexport const p = new Pool<Row>();\n', encoding="utf-8"
    )
    result = lint_paths(["."], LintSettings())
    assert result.files == 1
    assert [(f.path, f.line, f.rule) for f in result.findings] == [("db.mts", 2, "CF101")]


def test_the_prefilter_admits_every_import_root_the_analyzers_resolve() -> None:
    """Every import root of every client with checks, and every alias the analyzers rewrite,
    admits a file: both come from the registry (checker/clients/)."""
    from checker import clients
    from checker.client import Language
    from checker.lint.run import _mentions_python_client

    roots = set(clients.import_roots(Language.PYTHON))
    assert {"requests.packages.urllib3", "redis.asyncio.client", "boto3", "sqlalchemy"} <= roots
    spellings = roots | {prefix.rstrip(".") for prefix, _ in clients.python_tables().aliases}
    for name in sorted(spellings):
        # socket and sqlalchemy count only beside the one call we check of them (run._ONLY_WITH).
        call = {"socket": "create_connection", "sqlalchemy": "create_engine"}.get(name.split(".")[0], "")
        source = f"import {name}\n{call}\n".encode()
        assert _mentions_python_client(source), name
    assert not _mentions_python_client(b"import json\nimport socketserver\n")


def test_the_prefilter_admits_every_npm_package_of_a_checked_client() -> None:
    from checker import clients
    from checker.client import Language
    from checker.lint.run import _JAVASCRIPT_CLIENTS

    for root in clients.import_roots(Language.JAVASCRIPT):
        package = root + "client-s3" if root.endswith("/") else root
        for line in (f'const x = require("{package}");', f'import x from "{package}";'):
            assert _JAVASCRIPT_CLIENTS.search(line.encode()), line
    assert _JAVASCRIPT_CLIENTS.search(b"await fetch(url);")
    assert not _JAVASCRIPT_CLIENTS.search(b'import x from "lodash";\nconst pgx = 1;\n')


def test_every_call_the_tables_check_is_in_a_file_the_prefilter_admits() -> None:
    """A file importing the module of any name the analyzers check is parsed: the tables and the
    prefilter are both read from the registry, so they cannot drift apart."""
    from checker import clients
    from checker.lint.run import _JAVASCRIPT_CLIENTS, _mentions_python_client

    python = clients.python_tables()
    names = [*python.functions, *python.builders, *(cls for cls, _ in python.methods)]
    assert "requests.get" in names and "redis.asyncio.Redis.from_url" in names
    for name in names:
        module, _, attribute = name.rpartition(".")
        source = f"from {module} import {attribute}\n{attribute}()  # create_connection create_engine\n"
        assert _mentions_python_client(source.encode()), name
    javascript = clients.javascript_tables()
    packages = {name.split(".")[0] for name in (*javascript.calls, *javascript.constructors)}
    assert {"axios", "pg", "mysql2", "undici", "node-fetch", "http", "fetch"} <= packages
    for package in packages - {"fetch"}:  # the global fetch needs no import
        assert _JAVASCRIPT_CLIENTS.search(f'const m = require("{package}");'.encode()), package
