"""Hostile artifacts through `connfail action` (a subprocess) against the local fake GitHub.

A fork's pull request controls what its artifacts hold. Whatever they hold, the step ends with
one line per bad file, no traceback, the job summary and the outputs written, and, when a good
export sits beside the bad file, the comment and the check run posted with the finding and the
bad file's name. Exit code 2 means "an input was bad" and wins over the finding's 1.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from checker.render.escape import md_text
from tests.github.fake_github import FakeGitHub
from tests.github.test_action_end_to_end import HEAD, HIGH_EXPORT, ROOT, RUN_ID, Result, pr_event, run_action
from tests.ingest.hostile import zip_bytes as _zip

HIGH = (ROOT / HIGH_EXPORT).read_bytes()  # 28 of 150 invocations fail to connect: HIGH


def _corrupt_gzip() -> bytes:
    whole = gzip.compress(HIGH)
    return whole[:200]  # a download cut short: the header is fine, the stream ends early


def _assert_clean(result: Result) -> None:
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream
        assert "internal error" not in stream
    assert result.summary.strip()
    assert set(result.outputs) == {"severity", "failed-invocations", "report", "comment-url", "check-run-url"}


def _lines_naming(result: Result, name: str) -> list[str]:
    return [line for line in (result.stdout + result.stderr).splitlines() if name in line]


def _run_with_artifact(fake: FakeGitHub, tmp: Path, files: dict[str, bytes]) -> Result:
    fake.add_artifact(RUN_ID, "lambda-logs", _zip(files))
    return run_action(fake, tmp, "pull_request", pr_event(), artifact="lambda-logs")


TRUNCATED = "truncated compressed data: the file ends before its end-of-stream marker"

# Each: the artifact's files beside the good export, the bad file's name, the one line about it.
UNREADABLE_BESIDE_HIGH = {
    "corrupt-gzip": ({"logs/orders.json.gz": _corrupt_gzip()}, "logs/orders.json.gz", TRUNCATED),
    "nested-600-deep": (
        {"logs/deep.json": b'{"events":[' + b"[" * 600 + b"]" * 600 + b"]}"},
        "logs/deep.json",
        "refused: JSON nested deeper than 64 levels",
    ),
    "duplicate-events-key": (
        {"logs/twice.json": b'{"events":[],"events":[]}'},
        "logs/twice.json",
        "refused: the top-level key 'events' appears twice",
    ),
    "zip-with-dotdot": (
        {"logs/nested.zip": _zip({"../escape.json": HIGH})},
        "logs/nested.zip",
        "refused: zip entry '../escape.json' escapes the folder with '..'",
    ),
}


@pytest.mark.parametrize("case", UNREADABLE_BESIDE_HIGH, ids=list(UNREADABLE_BESIDE_HIGH))
def test_an_unreadable_file_beside_a_good_export_keeps_the_finding(
    fake: FakeGitHub, tmp_path: Path, case: str
) -> None:
    files, bad, reason = UNREADABLE_BESIDE_HIGH[case]
    result = _run_with_artifact(fake, tmp_path, {"vpc-node-postgres.json": HIGH, **files})

    assert result.code == 2, result.stdout + result.stderr
    _assert_clean(result)
    [line] = _lines_naming(result, bad)
    assert line.startswith("::error title=connfail%3A input not read::")
    assert line.endswith(f"{bad}: {reason}")
    assert result.stdout.splitlines()[-1] == (
        "connfail: HIGH: 28 of 150 invocations failed to connect; 1 input not read; fail-on high: exit 2"
    )
    assert result.outputs["severity"] == "HIGH"
    assert result.outputs["failed-invocations"] == "28"
    [run] = fake.state.check_runs
    assert (run["head_sha"], run["conclusion"]) == (HEAD, "failure")
    assert run["output"]["title"] == ("HIGH: 28 of 150 invocations failed to connect; 1 input not read")
    [listed] = [ln for ln in run["output"]["summary"].splitlines() if ln.startswith("- not read: ")]
    assert listed.endswith(f"{bad}`: {md_text(reason)}")
    [comment] = fake.state.comments[7]
    assert (
        "> [!CAUTION]\n> connfail could not read 1 input; the verdict above does not cover it:"
        in (comment["body"])
    )
    assert bad.split("/")[-1] in comment["body"]
    assert "28 of 150 invocations could not connect" in comment["body"]
    assert "connfail could not read 1 input" in result.summary
    report = json.loads(Path(result.outputs["report"]).read_text(encoding="utf-8"))
    [entry] = [i for i in report["inputs"] if "error" in i]
    assert entry["path"].endswith(bad) and entry["error"] == reason
    # A file refused after its shape was told keeps the name of that shape.
    told = "filter-log-events" if case in ("nested-600-deep", "duplicate-events-key") else "unknown"
    assert (entry["format"], entry["events"]) == (told, 0)
    assert report["summary"]["severity"] == "HIGH"


# Files in an artifact's folder that are no export are skipped with a note, not an error:
# an artifact often holds other things (a coverage report, a README). The good export decides.
SKIPPED_BESIDE_HIGH = {
    "non-export": (
        {"notes/package.json": b'{"name": "orders-api", "version": "1.4.0"}'},
        "notes/package.json",
        "skipped, not a CloudWatch Logs export: a JSON object with keys name, version",
    ),
    "empty-file": ({"logs/empty.json": b""}, "logs/empty.json", "skipped, empty file"),
}


@pytest.mark.parametrize("case", SKIPPED_BESIDE_HIGH, ids=list(SKIPPED_BESIDE_HIGH))
def test_a_file_that_is_no_export_is_a_note_and_the_export_decides(
    fake: FakeGitHub, tmp_path: Path, case: str
) -> None:
    files, name, note = SKIPPED_BESIDE_HIGH[case]
    result = _run_with_artifact(fake, tmp_path, {"vpc-node-postgres.json": HIGH, **files})

    assert result.code == 1, result.stdout + result.stderr
    _assert_clean(result)
    [line] = _lines_naming(result, name)
    assert line.startswith("connfail: note: ") and line.endswith(f"{name}: {note}")
    assert result.outputs["severity"] == "HIGH"
    assert [c["conclusion"] for c in fake.state.check_runs] == ["failure"]
    assert len(fake.state.comments[7]) == 1


def test_a_stray_file_matched_by_the_exports_glob_no_longer_aborts_the_run(
    fake: FakeGitHub, tmp_path: Path
) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "orders.json").write_bytes(HIGH)
    (exports / "notes.json").write_text('{"name": "orders-api", "version": "1.4.0"}')
    result = run_action(fake, tmp_path / "run", "pull_request", pr_event(), exports=str(exports / "*.json"))

    assert result.code == 2, result.stdout + result.stderr
    _assert_clean(result)
    bad = str(exports / "notes.json")
    assert _lines_naming(result, bad) == [
        f"::error title=connfail%3A input not read::{bad}: not a CloudWatch Logs export: "
        "a JSON object with keys name, version"
    ]
    [run] = fake.state.check_runs
    assert run["conclusion"] == "failure"
    assert "notes.json" in run["output"]["summary"]
    [comment] = fake.state.comments[7]
    assert "notes.json" in comment["body"] and "28 of 150 invocations could not connect" in (comment["body"])
    assert result.outputs["severity"] == "HIGH"


def test_an_empty_file_named_by_the_exports_input_is_an_error(fake: FakeGitHub, tmp_path: Path) -> None:
    (tmp_path / "empty.json").write_bytes(b"")
    (tmp_path / "orders.json").write_bytes(HIGH)
    result = run_action(
        fake,
        tmp_path / "run",
        "pull_request",
        pr_event(),
        exports=f"{tmp_path / 'orders.json'}\n{tmp_path / 'empty.json'}",
    )

    assert result.code == 2
    _assert_clean(result)
    assert _lines_naming(result, "empty.json") == [
        f"::error title=connfail%3A input not read::{tmp_path / 'empty.json'}: empty file"
    ]
    assert result.outputs["severity"] == "HIGH"
    assert "empty.json" in fake.state.comments[7][0]["body"]


def test_only_unreadable_exports_still_write_summary_and_outputs(fake: FakeGitHub, tmp_path: Path) -> None:
    result = _run_with_artifact(fake, tmp_path, {"orders.json.gz": _corrupt_gzip()})

    assert result.code == 2
    _assert_clean(result)
    [line] = _lines_naming(result, "orders.json.gz")
    assert line.startswith("::error title=connfail::") and line.endswith(f"orders.json.gz: {TRUNCATED}")
    assert result.summary.startswith("> [!CAUTION]\n> connfail could not run: ")
    assert result.outputs == {
        "severity": "ERROR",
        "failed-invocations": "",
        "report": "",
        "comment-url": "",
        "check-run-url": "",
    }
    assert fake.state.comments == {} and fake.state.check_runs == []


def test_an_artifact_with_a_dotdot_entry_is_refused_with_summary_and_outputs(
    fake: FakeGitHub, tmp_path: Path
) -> None:
    result = _run_with_artifact(fake, tmp_path, {"../escape.json": HIGH})

    assert result.code == 2
    _assert_clean(result)
    assert result.stdout.splitlines() == [
        "::error title=connfail::artifact lambda-logs: unsafe entry '../escape.json': "
        "escapes the folder with '..'"
    ]
    assert not (tmp_path / "runner-temp" / "escape.json").exists()
    assert result.outputs["severity"] == "ERROR"
    assert "connfail could not run: artifact lambda\\-logs: unsafe entry" in result.summary


# Inputs of the wrong shape (a workflow's typo, or a value pasted with its newline): one line.
BAD_INPUTS = {
    "fail-on": ({"fail_on": "bogus"}, "input fail-on: 'bogus' is not one of high, elevated, never"),
    "comment": ({"comment": "sometimes"}, "input comment: 'sometimes' is not one of auto, always, off"),
    "run-id": ({"run_id": "²"}, "input run-id: '²' is not a workflow run id (digits only)"),
    "check-name": (
        {"check_name": "connfail\n::set-output name=x::y"},
        "input check-name: use one line of at most 100 characters without < or >",
    ),
    "github-token": (
        {"github_token": "ghs_abc\nX-Injected: 1"},
        "the github-token input: holds spaces, newlines or control characters: pass the token alone",
    ),
    "config": (
        {"config": "missing/.connfail.yml"},
        f"{ROOT / 'missing/.connfail.yml'}: cannot read: No such file or directory",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_an_input_of_the_wrong_shape_is_one_line_exit_2_with_summary_and_outputs(
    fake: FakeGitHub, tmp_path: Path, case: str
) -> None:
    inputs, line = BAD_INPUTS[case]
    result = run_action(fake, tmp_path, "pull_request", pr_event(), exports=HIGH_EXPORT, **inputs)

    assert result.code == 2
    _assert_clean(result)
    assert result.stdout == f"::error title=connfail::{line}\n"
    assert result.summary.startswith("> [!CAUTION]\n> connfail could not run: ")
    assert result.outputs["severity"] == "ERROR"
    assert fake.state.requests == []


def test_an_artifact_entry_that_clashes_with_a_folder_is_one_line_with_summary_and_outputs(
    fake: FakeGitHub, tmp_path: Path
) -> None:
    result = _run_with_artifact(fake, tmp_path, {"logs": HIGH, "logs/orders.json": HIGH})

    assert result.code == 2
    _assert_clean(result)
    assert result.stdout.splitlines() == [
        "::error title=connfail::artifact lambda-logs: entry 'logs/orders.json': a file and a "
        "folder of one name"
    ]
    assert result.outputs["severity"] == "ERROR"
    assert result.summary.startswith("> [!CAUTION]\n> connfail could not run: artifact lambda\\-logs")
