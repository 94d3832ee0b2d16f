"""`connfail lint` as a user runs it: output formats, exit codes, config, excludes, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.cli import main
from checker.config import LintSettings
from checker.lint.run import lint_paths

DATA = Path(__file__).resolve().parents[1] / "data" / "lint"
PROJECT = DATA / "_project"


@pytest.fixture
def in_project(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(PROJECT)
    return PROJECT


def test_text_lists_findings_and_exits_1(
    in_project: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["lint"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "src/app.py:4:6: CF104 boto3.client(): no connect timeout, and botocore's default is "
        "60 s, above the 5 s maximum; set config=Config(connect_timeout=3)",
        "src/app.py:8:12: CF102 requests.get(): connect timeout disabled (timeout=(None, read)); "
        "set timeout=(3.05, 10)",
        "src/handler.ts:3:21: CF103 new Pool(): connect timeout of 30 s is above the 5 s "
        "maximum; set connectionTimeoutMillis: 3000",
    ]
    assert "connfail: src/broken.py: not analyzed: syntax error: invalid syntax (line 3)" in err.splitlines()


def test_flags_override_the_config(in_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--format", "json", "--max-connect-timeout", "45", "--ignore", "CF102", "src"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(f["path"], f["line"], f["rule"]) for f in report["findings"]] == [("src/app.py", 4, "CF104")]
    assert "above the 45 s maximum" in report["findings"][0]["message"]
    assert report["files"] == 3
    assert report["errors"] == [
        {
            "path": "src/broken.py",
            "reason": "not analyzed: syntax error: invalid syntax (line 3)",
            "level": "warning",
        }
    ]


def test_json_shape(in_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--format", "json", "--select", "CF103", "src/handler.ts"]) == 1
    assert json.loads(capsys.readouterr().out) == {
        "findings": [
            {
                "path": "src/handler.ts",
                "line": 3,
                "column": 21,
                "rule": "CF103",
                "severity": "warning",
                "message": "new Pool(): connect timeout of 30 s is above the 5 s maximum; "
                "set connectionTimeoutMillis: 3000",
                "library": "pg",
            }
        ],
        "files": 1,
        "errors": [],
        "skipped": [],
    }


def test_clean_run_exits_0(in_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["lint", "--max-connect-timeout", "60", "--ignore", "CF102", "src/app.py", "src/handler.ts"])
        == 0
    )
    assert capsys.readouterr().out == ""


def test_a_file_not_analyzed_is_a_warning_unless_strict(
    in_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint", "src/broken.py"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        "connfail: src/broken.py: not analyzed: syntax error: invalid syntax (line 3)",
        "connfail: 0 finding(s) in 1 file(s)",
    ]
    assert main(["lint", "--strict", "src/broken.py"]) == 2
    assert "src/broken.py: not analyzed: syntax error" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["lint", "--select", "CF999"],
        ["lint", "--ignore", "E501"],
        ["lint", "no/such/path.py"],
        ["lint", "--config", "missing.yml"],
    ],
)
def test_usage_errors_exit_2(in_project: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith("connfail: ")


def test_bad_max_connect_timeout_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["lint", "--max-connect-timeout", "0", "."])
    assert exit_info.value.code == 2


def test_config_file_sets_maximum_and_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.connfail.lint]\nmax-connect-timeout = 40\nignore = ["CF101"]\n', encoding="utf-8"
    )
    (tmp_path / "app.py").write_text(
        "import requests\nrequests.get(u)\nrequests.get(u, timeout=30)\nrequests.get(u, timeout=50)\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["line"], f["rule"]) for f in findings] == [(4, "CF103")]
    assert "40 s maximum" in findings[0]["message"]


def test_lint_paths_is_the_api_the_action_calls(in_project: Path) -> None:
    result = lint_paths(["src", "vendor/lib.py"], LintSettings(exclude=("vendor/",)))
    assert [(f.path, f.line, f.rule, f.library) for f in result.findings] == [
        ("src/app.py", 4, "CF104", "botocore"),
        ("src/app.py", 8, "CF102", "requests"),
        ("src/handler.ts", 3, "CF103", "pg"),
    ]
    assert result.files == 3
    assert [(e.path, e.reason, e.level.value) for e in result.errors] == [
        ("src/broken.py", "not analyzed: syntax error: invalid syntax (line 3)", "warning")
    ]


def test_excluded_folder_is_linted_without_the_exclude(in_project: Path) -> None:
    result = lint_paths(["vendor"], LintSettings(vendored=()))
    assert [(f.path, f.line, f.rule) for f in result.findings] == [("vendor/lib.py", 3, "CF101")]


def test_select_and_ignore_repeat_and_take_prefixes(
    in_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "lint",
                "--format",
                "json",
                "--select",
                "CF102",
                "--select",
                "cf103",
                "src/app.py",
                "src/handler.ts",
            ]
        )
        == 1
    )
    rules = [f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]]
    assert rules == ["CF102", "CF103"]
    assert (
        main(
            [
                "lint",
                "--format",
                "json",
                "--select",
                "CF10",
                "--ignore",
                "CF102,CF104",
                "src/app.py",
                "src/handler.ts",
            ]
        )
        == 1
    )
    rules = [f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]]
    assert rules == ["CF103"]


def test_excludes_are_anchored_at_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.connfail.lint]\nexclude = ["/build"]\n', encoding="utf-8")
    for folder in ("build", "src/build", "src"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "app.py").write_text("import requests\nrequests.get(u)\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "src")  # run from a subfolder, as an editor might
    assert main(["lint", "--format", "json", ".", "../build"]) == 1
    paths = [f["path"] for f in json.loads(capsys.readouterr().out)["findings"]]
    assert paths == ["app.py", "build/app.py"]
