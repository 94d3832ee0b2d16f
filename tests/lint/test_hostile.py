"""Hostile sources and paths: one line naming the file, the run goes on, never a traceback or hang."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.cli import main
from checker.config import LintSettings
from checker.lint.dsn import _KEYWORD_PAIR
from checker.lint.jsscope import _CONFIGURING_STORE
from checker.lint.model import Level, LintError
from checker.lint.run import _JAVASCRIPT_CLIENTS, lint_paths, read_source
from tests.conftest import ROOT, run_cli

PY = "import requests\n"
JS = "const axios = require('axios');\n"
TOO_DEEP = "not analyzed: expressions nested too deeply to follow"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _lint(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(["lint", *argv])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


# Python's parser refuses these itself (its nesting, stack and recursion limits).
@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("x = " + "(" * 10_000 + "1" + ")" * 10_000 + "\n", f"{TOO_DEEP} (line 2)"),
        ("T = " + "+".join(["1"] * 100_000) + "\n", TOO_DEEP),
        ("T = " + "- " * 100_000 + "1\n", TOO_DEEP),
        ("T = " + "not " * 100_000 + "1\n", TOO_DEEP),
        ("T = [" * 5_000 + "]" * 5_000 + "\n", f"{TOO_DEEP} (line 2)"),
    ],
)
def test_python_beyond_the_parser_limits_is_a_warning(
    here: Path, source: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("deep.py").write_text(PY + source + "requests.get(u, timeout=T)\n", encoding="utf-8")
    Path("ok.py").write_text(PY + "requests.get(u)\n", encoding="utf-8")
    code, out, err = _lint(capsys, ".")
    assert (code, [line.split(" requests.get()")[0] for line in out]) == (1, ["ok.py:2:1: CF101"])
    assert err == [f"connfail: deep.py: {reason}", "connfail: 1 finding(s) in 2 file(s)"]


def test_python_the_parser_takes_but_the_analyzer_cannot_follow(
    here: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # 3,000 terms parse, but walking them takes more frames than Python's default stack.
    Path("deep.py").write_text(
        PY + "T = " + "+".join(["1"] * 3_000) + "\nrequests.get(u, timeout=T)\n", encoding="utf-8"
    )
    assert _lint(capsys, "deep.py") == (
        0,
        [],
        [f"connfail: deep.py: {TOO_DEEP}", "connfail: 0 finding(s) in 1 file(s)"],
    )


@pytest.mark.parametrize(
    "expression",
    [
        "[" * 10_000 + "1" + "]" * 10_000,
        "f(" * 10_000 + "1" + ")" * 10_000,
        "(" * 10_000 + "1" + ")" * 10_000,
        "+".join(["1"] * 20_000),
        "- " * 20_000 + "1",
        "!" * 20_000 + "1",
        "a." * 20_000 + "b",
    ],
)
@pytest.mark.parametrize("suffix", [".js", ".ts"])
def test_deep_javascript_is_an_unknown_value_and_the_file_is_still_checked(
    here: Path, expression: str, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    Path(f"deep{suffix}").write_text(
        f"{JS}const t = {expression};\naxios.get(u, {{timeout: t}});\naxios.get(u);\n", encoding="utf-8"
    )
    code, out, err = _lint(capsys, f"deep{suffix}")
    # The deep value is unknown (not reported, never guessed); the plain call beside it is.
    assert (code, [line.split(": CF")[0] for line in out]) == (1, [f"deep{suffix}:4:1"])
    assert err == ["connfail: 1 finding(s) in 1 file(s)"]


@pytest.mark.parametrize(
    ("name", "source", "line"),
    [
        (
            "huge.py",
            PY + "requests.get(u, timeout=0x" + "f" * 5_000 + ")\n",
            "huge.py:2:1: CF103 requests.get(): connect timeout of more than 1.79769e+308 s is above "
            "the 5 s maximum; set timeout=(3.05, None)",
        ),
        (
            "huge.js",
            JS + "axios.get(u, {timeout: 0x" + "f" * 5_000 + "});\n",
            "huge.js:2:1: CF102 axios.get(): connect timeout disabled (timeout: Infinity); set timeout: 3000",
        ),
    ],
)
def test_a_literal_too_large_for_a_float_is_an_unbounded_timeout(
    here: Path, name: str, source: str, line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    Path(name).write_text(source, encoding="utf-8")
    assert _lint(capsys, name) == (1, [line], ["connfail: 1 finding(s) in 1 file(s)"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifos_devices_and_dangling_links_are_skipped_with_a_note(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo("pipe.py")  # opening it for reading would block until a writer comes
    os.symlink("/dev/zero", "zero.js")  # reading it would never end
    os.symlink("missing.py", "dangling.py")
    os.symlink("loop.py", "loop.py")
    Path("ok.py").write_text(PY + "requests.get(u, timeout=3)\n", encoding="utf-8")
    code, out, err = _lint(capsys, ".", "zero.js")
    assert (code, out) == (0, [])
    assert err == [
        "connfail: dangling.py: skipped: broken symbolic link",
        "connfail: loop.py: skipped: symbolic link loop",
        "connfail: pipe.py: skipped: a FIFO, not a regular file",
        "connfail: zero.js: skipped: a character device, not a regular file",
        "connfail: zero.js: skipped: a character device, not a regular file",
        "connfail: 0 finding(s) in 1 file(s)",
    ]
    assert main(["lint", "--strict", "zero.js"]) == 2


def test_a_file_over_the_size_cap_is_not_read(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("bundle.js").write_bytes(JS.encode() + b"axios.get(u);\n" + b" " * (5 * 1024**2))
    assert _lint(capsys, "bundle.js") == (
        0,
        [],
        [
            "connfail: bundle.js: not analyzed: larger than 5 MiB (files above that size are skipped)",
            "connfail: 0 finding(s) in 0 file(s)",
        ],
    )
    Path("small.js").write_bytes(b"x" * 11)
    assert read_source(Path("small.js"), limit=10) == LintError(
        "small.js", "not analyzed: larger than 10 bytes (files above that size are skipped)", Level.WARNING
    )
    assert read_source(Path("small.js"), limit=11) == b"x" * 11


def test_a_file_that_cannot_be_read_is_an_error(here: Path) -> None:
    Path("app.py").write_text(PY, encoding="utf-8")
    result = lint_paths(["app.py/x.py", "gone.py"], LintSettings())
    assert [(e.path, e.reason, e.level) for e in result.errors] == [
        ("app.py/x.py", "cannot read: Not a directory", Level.ERROR),
        ("gone.py", "no such file or directory", Level.ERROR),
    ]
    assert result.failed() and result.files == 0


# Valid JS/TS that tree-sitter-javascript 0.25.0 / tree-sitter-typescript 0.23.2 (the newest on
# PyPI) cannot parse: a warning, never exit 2 unless --strict; the rest of the file is checked.
@pytest.mark.parametrize(
    ("name", "source", "line"),
    [
        ("raw.js", "const p = String.raw`C:\\users\\x`;\n", 2),
        ("using.js", "const using = require('./pool');\nusing.close();\n", 3),
        ("types.ts", "export type * from './types';\n", 2),
        ("imports.ts", "let pool: import('pg').Pool<Row>;\n", 2),
    ],
)
def test_valid_code_the_grammar_rejects_does_not_fail_the_run(
    here: Path, name: str, source: str, line: int, capsys: pytest.CaptureFixture[str]
) -> None:
    warning = (
        f"connfail: {name}: partly analyzed: syntax error near line {line} (calls there are not checked)"
    )
    Path(name).write_text(
        JS + source + "axios.get(u, {signal: AbortSignal.timeout(3000)});\n", encoding="utf-8"
    )
    assert _lint(capsys, name) == (0, [], [warning, "connfail: 0 finding(s) in 1 file(s)"])
    assert main(["lint", "--strict", name]) == 2
    capsys.readouterr()
    Path(name).write_text(JS + source + "axios.get(u);\n", encoding="utf-8")
    code, out, err = _lint(capsys, name)
    last = 2 + source.count("\n")
    assert (code, [o.split(" axios")[0] for o in out]) == (1, [f"{name}:{last}:1: CF101"])
    assert err == [warning, "connfail: 1 finding(s) in 1 file(s)"]


def test_calls_in_a_broken_region_are_not_reported(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("app.js").write_text(JS + "axios.get(u, {timeout: 1000 ]]);\naxios.get(v);\n", encoding="utf-8")
    code, out, err = _lint(capsys, "app.js")
    assert (code, [o.split(" axios")[0] for o in out]) == (1, ["app.js:3:1: CF101"])
    assert err[0] == (
        "connfail: app.js: partly analyzed: syntax error near line 2 (calls there are not checked)"
    )


def test_no_traceback_from_the_real_cli(tmp_path: Path) -> None:
    (tmp_path / "deep.js").write_text(
        JS + "const t = " + "[" * 10_000 + "]" * 10_000 + ";\n", encoding="utf-8"
    )
    (tmp_path / "deep.py").write_text(PY + "T = " + "not " * 100_000 + "1\n", encoding="utf-8")
    (tmp_path / "huge.py").write_text(
        PY + "requests.get(u, timeout=-0x" + "f" * 5_000 + ")\n", encoding="utf-8"
    )
    result = run_cli("lint", str(tmp_path), cwd=ROOT)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr.splitlines() == [
        f"connfail: {tmp_path / 'deep.py'}: {TOO_DEEP}",
        "connfail: 0 finding(s) in 3 file(s)",
    ]


# Excludes and the vendored defaults.


def test_invalid_exclude_is_one_config_line(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path(".connfail.yml").write_text('lint:\n  exclude: ["src/", "[z-a].py"]\n', encoding="utf-8")
    config = here / ".connfail.yml"
    assert _lint(capsys, ".") == (
        2,
        [],
        [f"connfail: {config}: lint.exclude: invalid pattern '[z-a].py': reversed range z-a"],
    )
    Path(".connfail.yml").write_text('lint:\n  vendored: ["[abc"]\n', encoding="utf-8")
    assert _lint(capsys, ".") == (
        2,
        [],
        [f"connfail: {config}: lint.vendored: invalid pattern '[abc': unclosed [ at position 1"],
    )


def test_catastrophic_exclude_pattern_matches_in_linear_time(here: Path) -> None:
    # As a regex this pattern takes > 30 s on a 40-letter name (bench/fuzz_lint.py times it).
    name = "a" * 40 + ".py"
    for kept_or_not in (name, "ab.py", "a" * 10 + "b.py", "xaxaxaxaxaxaxaxaxaxab.py"):
        Path(kept_or_not).write_text(PY + "requests.get(u)\n", encoding="utf-8")
    result = lint_paths(["."], LintSettings(exclude=("*a*a*a*a*a*a*a*a*a*a*b.py",)))
    assert [f.path for f in result.findings] == [name, "ab.py"]


@pytest.fixture
def vendored_tree(here: Path) -> Path:
    for name in (
        "app.js",
        "web/app.min.js",
        "vendor/lib.js",
        "lib/vendor/x.js",
        "node_modules/axios/index.js",
    ):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text(JS + "axios.get(u);\n", encoding="utf-8")
    return here


def test_minified_and_vendored_files_are_skipped_and_said(
    vendored_tree: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _lint(capsys, ".", "node_modules/axios/index.js")
    assert (code, [line.split(": CF")[0] for line in out]) == (1, ["app.js:2:1"])
    assert err == [
        "connfail: note: 4 test, minified or vendored path(s) not linted (vendor, lib/vendor, "
        "web/app.min.js and 1 more); set lint.tests = [] or lint.vendored = [] to lint them",
        "connfail: 1 finding(s) in 1 file(s)",
    ]
    code, out, err = _lint(capsys, "--format", "json", ".", "node_modules/axios/index.js")
    assert json.loads("\n".join(out))["skipped"] == [
        "vendor",
        "lib/vendor",
        "web/app.min.js",
        "node_modules/axios/index.js",
    ]


@pytest.mark.parametrize(
    ("config", "linted"),
    [
        ("lint:\n  vendored: []\n", ["app.js", "lib/vendor/x.js", "vendor/lib.js", "web/app.min.js"]),
        ('lint:\n  exclude: ["!vendor/"]\n', ["app.js", "lib/vendor/x.js", "vendor/lib.js"]),
        ('lint:\n  exclude: ["!/vendor/"]\n', ["app.js", "vendor/lib.js"]),
        ('lint:\n  vendored: ["*.min.js"]\n', ["app.js", "lib/vendor/x.js", "vendor/lib.js"]),
    ],
)
def test_vendored_defaults_are_configurable(
    vendored_tree: Path, config: str, linted: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    Path(".connfail.yml").write_text(config, encoding="utf-8")
    code, out, _ = _lint(capsys, ".")
    assert (code, [line.split(":")[0] for line in out]) == (1, linted)


# Regexes over source text: each was quadratic on one long run (20,000 characters took 22 s,
# 37 s and 113 s); rewritten to match the same strings in linear time.
_OLD_KEYWORD_PAIR = re.compile(r"(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)")
_OLD_STORE = re.compile(
    r"\.defaults(?:\.(?:\w*[Tt]imeout\w*|signal|adapter|httpAgent|httpsAgent))?$"
    r"|\.config\b|httpOptions"
)
_OLD_JS_CLIENTS = re.compile(
    _JAVASCRIPT_CLIENTS.pattern.replace(rb"\bimport\s*(?:\(\s*)?", rb"\bimport\s*\(?\s*")
)


def test_source_regexes_take_linear_time() -> None:
    n = 20_000
    assert _KEYWORD_PAIR.findall("a" * n + " b=1") == [("b", "1")]
    assert not _CONFIGURING_STORE.search("x.defaults." + "timeout" * n + "!")
    assert _CONFIGURING_STORE.search("x.defaults." + "timeout" * n)
    assert not _JAVASCRIPT_CLIENTS.search(b"import" + b" " * n + b"x")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab =' \\\n", max_size=30))
def test_dsn_pairs_as_before(text: str) -> None:
    assert _KEYWORD_PAIR.findall(text) == _OLD_KEYWORD_PAIR.findall(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "x",
                ".",
                ".defaults",
                "timeout",
                "Timeout",
                "signal",
                ".config",
                "httpOptions",
                "_",
                "!",
                "\n",
                "adapter",
            ]
        ),
        max_size=8,
    )
)
def test_configuring_store_as_before(pieces: list[str]) -> None:
    target = "".join(pieces)
    assert bool(_CONFIGURING_STORE.search(target)) is bool(_OLD_STORE.search(target))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([b"import", b" ", b"(", b"'", b'"', b"\n", b"x", b"axios'"]), max_size=8))
def test_javascript_import_as_before(pieces: list[bytes]) -> None:
    data = b"".join(pieces)
    assert _OLD_JS_CLIENTS.pattern != _JAVASCRIPT_CLIENTS.pattern
    assert (_JAVASCRIPT_CLIENTS.search(data) is None) is (_OLD_JS_CLIENTS.search(data) is None)


@pytest.fixture
def project_with_tests(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Lambda project whose tests build clients they never connect (as real test suites do)."""
    monkeypatch.chdir(tmp_path)
    files = {
        "src/handler.py": "import requests\nrequests.get(URL)\n",
        "src/handler.js": JS + "axios.get(u);\n",
        "tests/test_handler.py": "import requests\nrequests.get(URL)\n",
        "src/handler_test.py": "import requests\nrequests.get(URL)\n",
        "conftest.py": "import requests\nSESSION = requests.Session()\nSESSION.get(URL)\n",
        "src/handler.test.js": JS + "axios.get(u);\n",
        "src/__tests__/api.js": JS + "axios.get(u);\n",
    }
    for name, text in files.items():
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text(text, encoding="utf-8")
    return tmp_path


def test_test_code_is_skipped_and_said(project_with_tests: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _lint(capsys, ".")
    assert (code, sorted(line.split(": CF")[0] for line in out)) == (
        1,
        ["src/handler.js:2:1", "src/handler.py:2:1"],
    )
    assert err[0] == (
        "connfail: note: 5 test, minified or vendored path(s) not linted (tests, "
        "conftest.py, src/__tests__ and 2 more); set lint.tests = [] or "
        "lint.vendored = [] to lint them"
    )
    code, out, _ = _lint(capsys, "--format", "json", ".")
    assert sorted(json.loads("\n".join(out))["skipped"]) == [
        "conftest.py",
        "src/__tests__",
        "src/handler.test.js",
        "src/handler_test.py",
        "tests",
    ]


def test_lint_tests_empty_lints_test_code_and_exclude_can_take_one_back(
    project_with_tests: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path(".connfail.yml").write_text("lint:\n  tests: []\n", encoding="utf-8")
    code, out, _ = _lint(capsys, ".")
    assert (code, len(out)) == (1, 7)
    Path(".connfail.yml").write_text("lint:\n  exclude: ['!tests/', '!test_*.py']\n", encoding="utf-8")
    code, out, _ = _lint(capsys, ".")
    assert sorted(line.split(":")[0] for line in out) == [
        "src/handler.js",
        "src/handler.py",
        "tests/test_handler.py",
    ]
