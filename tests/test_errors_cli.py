"""What the faces do when things go wrong: exit 2 for bad input (listed, not fatal), 3 for a bug.

Internal errors cannot be provoked with real input once the readers are fixed, so those tests
inject one fault (a reader or the core raising) and run the real `main()` around it.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from checker.cli import main
from checker.github.runner_files import read_outputs
from checker.schema import load_schema
from tests.conftest import EXAMPLES, run_cli

HIGH = str(EXAMPLES / "vpc-node-postgres.json")  # 28 of 150 invocations fail: HIGH
ELEVATED = str(EXAMPLES / "single-dns-failure.log")
HINT = "(a bug in connfail: please report it; rerun with --debug for the traceback)"


def _boom(exc: BaseException) -> Callable[..., None]:
    def raiser(*args: object, **kwargs: object) -> None:
        raise exc

    return raiser


# --- 1. internal errors: exit 3, one line, the traceback only when asked --------------------


@pytest.mark.parametrize(
    ("exc", "shown"),
    [
        (ValueError("unexpected state"), "ValueError: unexpected state"),
        (MemoryError(), "MemoryError"),
        (
            RecursionError("maximum recursion depth exceeded while calling a Python object"),
            "RecursionError: maximum recursion depth exceeded",
        ),
    ],
)
def test_an_internal_error_while_reading_is_exit_3_and_one_line_naming_the_file(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    exc: BaseException,
    shown: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CONNFAIL_DEBUG", raising=False)
    monkeypatch.setattr("checker.ingest.read.sniff", _boom(exc))
    assert main(["analyze", HIGH]) == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"connfail: internal error while reading {HIGH}: {shown} {HINT}\n"


def test_an_internal_error_outside_any_file_names_none(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CONNFAIL_DEBUG", raising=False)
    monkeypatch.setattr("checker.analyze.FindingBuilder.findings", _boom(KeyError("orders-api")))
    assert main(["analyze", HIGH]) == 3
    assert capsys.readouterr().err == f"connfail: internal error: KeyError: 'orders-api' {HINT}\n"


@pytest.mark.parametrize(
    ("argv", "env"),
    [
        (["analyze", HIGH, "--debug"], None),
        (["analyze", HIGH], "1"),
        (["analyze", HIGH], "true"),
    ],
)
def test_debug_prints_the_traceback_before_the_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    argv: list[str],
    env: str | None,
) -> None:
    monkeypatch.chdir(tmp_path)
    if env is None:
        monkeypatch.delenv("CONNFAIL_DEBUG", raising=False)
    else:
        monkeypatch.setenv("CONNFAIL_DEBUG", env)
    monkeypatch.setattr("checker.ingest.read.sniff", _boom(ValueError("unexpected state")))
    assert main(argv) == 3
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):\n")
    assert "    raise exc\nValueError: unexpected state\n" in err
    assert err.splitlines()[-1] == (
        f"connfail: internal error while reading {HIGH}: ValueError: unexpected state {HINT}"
    )


def test_connfail_debug_0_keeps_the_traceback_away(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CONNFAIL_DEBUG", "0")
    monkeypatch.setattr("checker.ingest.read.sniff", _boom(ValueError("x")))
    assert main(["analyze", HIGH]) == 3
    assert "Traceback" not in capsys.readouterr().err


def test_an_internal_error_line_is_capped_and_redacted(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CONNFAIL_DEBUG", raising=False)
    message = "postgres://app:hunter2@db.internal:5432/orders\n" + "x" * 5_000_000
    monkeypatch.setattr("checker.analyze.FindingBuilder.findings", _boom(ValueError(message)))
    assert main(["analyze", HIGH]) == 3
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(
        "connfail: internal error: ValueError: postgres://app:***@db.internal:5432/orders xxx"
    )
    assert "hunter2" not in line
    assert len(line) == len("connfail: ") + 1000 and line.endswith("…")


def test_validate_and_lint_exit_3_on_an_internal_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CONNFAIL_DEBUG", raising=False)
    monkeypatch.setattr("checker.ingest.read.sniff", _boom(OverflowError("int too large")))
    assert main(["validate", HIGH]) == 3
    assert capsys.readouterr().err == (
        f"connfail: internal error while reading {HIGH}: OverflowError: int too large {HINT}\n"
    )
    (tmp_path / "app.py").write_text("import requests\nrequests.get('https://example.com')\n")
    monkeypatch.setattr("checker.lint.command.lint_paths", _boom(RecursionError()))
    assert main(["lint", "app.py"]) == 3
    assert capsys.readouterr().err == (
        f"connfail: internal error: RecursionError: maximum recursion depth exceeded {HINT}\n"
    )


def test_the_action_writes_summary_and_outputs_on_an_internal_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name in [n for n in os.environ if n.startswith(("GITHUB_", "INPUT_", "RUNNER_"))]:
        monkeypatch.delenv(name)
    monkeypatch.delenv("CONNFAIL_DEBUG", raising=False)
    output, summary = tmp_path / "output", tmp_path / "summary.md"
    for name, value in {
        "GITHUB_OUTPUT": output,
        "GITHUB_STEP_SUMMARY": summary,
        "RUNNER_TEMP": tmp_path / "temp",
        "GITHUB_WORKSPACE": tmp_path,
        "INPUT_EXPORTS": HIGH,
    }.items():
        monkeypatch.setenv(name, str(value))
    monkeypatch.setattr("checker.ingest.read.sniff", _boom(MemoryError()))

    assert main(["action"]) == 3

    line = f"internal error while reading {HIGH}: MemoryError {HINT}"
    assert capsys.readouterr().out == f"::error title=connfail::{line}\n"
    assert summary.read_text() == f"> [!CAUTION]\n> connfail could not run: {_md(line)}\n"
    assert read_outputs(output.read_text()) == {
        "severity": "ERROR",
        "failed-invocations": "",
        "report": "",
        "comment-url": "",
        "check-run-url": "",
    }


def _md(text: str) -> str:
    from checker.render.escape import md_text

    return md_text(text)


# --- 2. configuration of the wrong shape: one line naming the file, exit 2 --------------------


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("pyproject.toml", '[tool.connfail]\nthresholds = "x"\n', "/thresholds: 'x' is not of type 'object'"),
        (
            "pyproject.toml",
            "[tool.connfail]\nfail-on = 3\n",
            "/fail-on: 3 is not one of ['high', 'elevated', 'never']",
        ),
        ("pyproject.toml", "[tool.connfail]\nlint.exclude = 5\n", "/lint/exclude: 5 is not of type 'array'"),
        (
            "pyproject.toml",
            "[tool.connfail]\nnetwork.streams = []\n",
            "/network/streams: [] is not of type 'object'",
        ),
        (".connfail.yml", "thresholds: x\n", "/thresholds: 'x' is not of type 'object'"),
        (".connfail.yml", "fail-on: 3\n", "/fail-on: 3 is not one of ['high', 'elevated', 'never']"),
        (".connfail.yml", "lint: {exclude: 5}\n", "/lint/exclude: 5 is not of type 'array'"),
        (".connfail.yml", "network: {streams: []}\n", "/network/streams: [] is not of type 'object'"),
        (".connfail.yml", "- fail-on\n", "expected a mapping of settings, found list"),
        (".connfail.yml", "fail-on: [high\n", "not valid YAML: while parsing a flow sequence"),
        (
            ".connfail.yml",
            "ignore-hosts: " + "[" * 10_000 + "]" * 10_000 + "\n",
            "values nested more than 32 levels deep",
        ),
        (".connfail.yml", "a: &a [*a]\n", "values nested more than 32 levels deep"),
        (
            "pyproject.toml",
            "[tool.connfail]\nignore-hosts = " + "[" * 100_000 + "]" * 100_000 + "\n",
            "values nested more than 32 levels deep",
        ),
        (
            "pyproject.toml",
            "[tool.connfail]\nignore-hosts = " + "[" * 500 + "]" * 500 + "\n",
            "values nested more than 32 levels deep",
        ),
        (
            "pyproject.toml",
            "[tool.connfail\nfail-on = 'high'\n",
            "not valid TOML: Expected ']' at the end of a table declaration (at line 1, column 15)",
        ),
    ],
)
@pytest.mark.parametrize("command", ["analyze", "validate"])
def test_a_config_of_the_wrong_shape_is_one_line_and_exit_2(
    tmp_path: Path, name: str, text: str, reason: str, command: str
) -> None:
    (tmp_path / name).write_text(text)
    result = run_cli(command, HIGH, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"connfail: {tmp_path / name}: {reason}\n"


def _alias_bomb(levels: int = 30) -> str:
    """A "billion laughs": each anchor a list of nine aliases to the one before (9**30 leaves)."""
    lines = ["a0: &a0 [lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + f"\nignore-hosts: *a{levels - 1}\n"


def test_a_yaml_alias_bomb_is_refused_without_expanding_it(tmp_path: Path) -> None:
    (tmp_path / ".connfail.yml").write_text(_alias_bomb())
    result = run_cli("analyze", HIGH, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"connfail: {tmp_path / '.connfail.yml'}: more than 200,000 values "
        "(with YAML aliases expanded): no configuration needs that many\n"
    )


def test_a_malformed_pyproject_without_connfail_in_it_is_passed_over(tmp_path: Path) -> None:
    # Another tool's broken pyproject.toml in a parent folder cannot hold our settings.
    (tmp_path / "pyproject.toml").write_text("[project\nname = 'monorepo'\n")
    (tmp_path / "service").mkdir()
    result = run_cli("analyze", HIGH, "--fail-on", "never", cwd=tmp_path / "service")
    assert (result.returncode, result.stderr) == (0, "")


def test_the_nearest_config_wins_over_a_malformed_parent(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.connfail\n")
    (tmp_path / "service").mkdir()
    (tmp_path / "service" / ".connfail.yml").write_text("fail-on: never\n")
    result = run_cli("analyze", HIGH, cwd=tmp_path / "service")
    assert (result.returncode, result.stderr) == (0, "")


def test_a_malformed_pyproject_that_mentions_connfail_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "orders"\n\n[tool.connfail]\nfail-on = "elevated\n'
    )
    (tmp_path / "service").mkdir()
    result = run_cli("analyze", HIGH, cwd=tmp_path / "service")
    assert result.returncode == 2
    assert result.stderr == (
        f"connfail: {tmp_path / 'pyproject.toml'}: not valid TOML: "
        "Illegal character '\\n' (at line 5, column 20)\n"
    )


# --- 3. errors as data: the good inputs are analyzed, the bad ones listed, exit 2 -------------


def test_one_unreadable_file_among_good_ones_keeps_the_report(tmp_path: Path) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text('{"name": "orders-api"}')
    result = run_cli("analyze", HIGH, str(bad), str(tmp_path / "gone.json"), "--format", "json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [  # in the order of the command line
        f"connfail: {bad}: not a CloudWatch Logs export: a JSON object with keys name",
        f"connfail: {tmp_path / 'gone.json'}: no such file or directory",
    ]
    report = json.loads(result.stdout)
    Draft202012Validator(load_schema("report")).validate(report)
    assert report["summary"] == {
        "events": 779,
        "invocations": 150,
        "failed_invocations": 28,
        "severity": "HIGH",
    }
    assert report["inputs"] == [
        {
            "path": HIGH,
            "format": "filter-log-events",
            "events": 779,
            "skipped": 0,
            "skipped_reasons": {},
            "truncated_messages": 0,
        },
        {
            "path": str(bad),
            "format": "unknown",
            "events": 0,
            "skipped": 0,
            "skipped_reasons": {},
            "error": "not a CloudWatch Logs export: a JSON object with keys name",
        },
        {
            "path": str(tmp_path / "gone.json"),
            "format": "unknown",
            "events": 0,
            "skipped": 0,
            "skipped_reasons": {},
            "error": "no such file or directory",
        },
    ]


def test_the_text_and_markdown_reports_name_the_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "bad.json.gz").write_bytes(b"not gzip")
    text = run_cli("analyze", ELEVATED, "bad.json.gz", cwd=tmp_path)
    assert text.returncode == 2
    lines = text.stdout.splitlines()
    assert lines[:2] == [
        f"{ELEVATED}: aws-logs-tail, 102 events",
        "bad.json.gz: NOT READ: not a gzip file, though its name ends in .gz",
    ]
    assert "1 input could not be read: the verdict does not cover it." in lines
    markdown = run_cli("analyze", ELEVATED, "bad.json.gz", "--format", "markdown", cwd=tmp_path)
    assert markdown.returncode == 2
    assert (
        "> [!CAUTION]\n> connfail could not read 1 input; the verdict above does not cover it:\n"
        "> - `bad.json.gz`: not a gzip file, though its name ends in .gz\n"
    ) in markdown.stdout
    assert (
        "| `bad.json.gz` | not read | 0 | not a gzip file, though its name ends in .gz |" in markdown.stdout
    )
    assert "<summary>Inputs: 1 export, 1 not read</summary>" in markdown.stdout


TRUNCATED = "truncated compressed data: the file ends before its end-of-stream marker"


def test_a_file_cut_short_keeps_what_was_read_before_the_error(tmp_path: Path) -> None:
    whole = gzip.compress(Path(ELEVATED).read_bytes() * 200)  # 3.8 MB of aws logs tail text
    (tmp_path / "cut.log.gz").write_bytes(whole[: len(whole) // 2])
    result = run_cli("analyze", "cut.log.gz", "--format", "json", cwd=tmp_path)
    assert result.returncode == 2
    [entry] = json.loads(result.stdout)["inputs"]
    assert (entry["path"], entry["format"], entry["error"]) == ("cut.log.gz", "aws-logs-tail", TRUNCATED)
    assert entry["events"] > 1000
    assert json.loads(result.stdout)["summary"]["events"] == entry["events"]
    assert re.fullmatch(
        rf"connfail: cut\.log\.gz: {re.escape(TRUNCATED)} \(the [\d,]+ events before "
        r"it were analyzed\)\n",
        result.stderr,
    )


def test_a_bad_file_inside_a_folder_does_not_hide_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "orders.json").write_bytes(Path(HIGH).read_bytes())
    (folder / "broken.zip").write_bytes(b"PK\x03\x04 cut short")
    (folder / "moved.json").symlink_to(tmp_path / "nowhere.json")
    result = run_cli("analyze", "exports", "--format", "json", cwd=tmp_path)
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert report["summary"]["severity"] == "HIGH"
    assert [(i["path"], i.get("error")) for i in report["inputs"]] == [
        ("exports/orders.json", None),
        ("exports/broken.zip", "not a valid zip archive (File is not a zip file)"),
    ]
    # A dangling link is never opened: it is no export, and every report lists it as skipped.
    assert report["ignored_files"] == [
        {"path": "exports/moved.json", "reason": "dangling symbolic link (its target does not exist)"}
    ]


def test_nothing_readable_prints_only_the_lines(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{}")
    result = run_cli("analyze", "a.json", "b.json", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "connfail: a.json: not a CloudWatch Logs export: an empty JSON object",
        "connfail: b.json: no such file or directory",
    ]


def test_validate_never_exits_2_in_silence(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "README.md").write_text("exports go here\n")
    result = run_cli("validate", "logs", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "logs: no CloudWatch Logs export found"
