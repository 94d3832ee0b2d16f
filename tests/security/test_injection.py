"""A fork's artifact cannot put a workflow command in the job log: names and keys stay text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from checker.github.workflow_commands import Command, format_command, log_line, raw_block
from tests.conftest import run_cli
from tests.github.fake_github import FakeGitHub
from tests.github.test_action_end_to_end import HIGH_EXPORT, ROOT, _zip, run_action, workflow_run_event

SET_OUTPUT = "\n::set-output name=severity::NONE"
ERROR = "\r\n::error title=pwned::all clear"
EVIL_KEY = "k\n::set-output name=x::y"
# Our own commands: an annotation whose properties are ours, or the stop-commands pair.
OURS = re.compile(
    r"::(error|warning) (file=[^,:]*,line=\d+,col=\d+,)?title=connfail[^:]*::.*"
    r"|::(error|warning) file=[^,:]*,line=\d+,col=\d+,title=CF\d+::.*"
    r"|::stop-commands::[0-9a-f]{32}|::[0-9a-f]{32}::"
)


def _hostile_artifact() -> bytes:
    return _zip(
        {
            "logs/vpc-node-postgres.json": (ROOT / HIGH_EXPORT).read_bytes(),
            f"logs/empty{SET_OUTPUT}.json": b"",
            f"logs/other{ERROR}.log": b"",
            "logs/keys.json": json.dumps({EVIL_KEY: 1, "::error title=a::b": 2}).encode(),
            "pr-number.txt": b"7\n",
        }
    )


def _commands(log: str) -> list[str]:
    return [line for line in log.splitlines() if line.startswith("::")]


@pytest.mark.parametrize("read_only", [False, True], ids=["token", "read-only token"])
def test_artifact_names_and_keys_print_no_command(fake: FakeGitHub, tmp_path: Path, read_only: bool) -> None:
    fake.add_artifact(777, "lambda-logs", _hostile_artifact())
    fake.state.pulls[7] = "6dcb09b5b57875f334f61aebed695e2e4193db5e"
    fake.state.read_only = read_only
    result = run_action(
        fake, tmp_path, "workflow_run", workflow_run_event(777, []), artifact="lambda-logs", fail_on="never"
    )
    assert result.code == 0, result.stdout + result.stderr
    log = result.stdout + result.stderr
    # The hostile names were read and reported, as text inside a stop-commands block.
    notes = [line for line in log.splitlines() if line.startswith("connfail: note: ")]
    assert len(notes) == 3 and all(
        "\\n::set-output" in n or "\\r\\n::error" in n or "k\\n::set-output" in n for n in notes
    ), notes
    assert [c for c in _commands(log) if not OURS.fullmatch(c)] == []
    start, end = _commands(log)[:2]
    assert end == f"::{start.removeprefix('::stop-commands::')}::"
    if read_only:  # findings went to the log as annotations
        assert any(c.startswith("::warning title=connfail HIGH") for c in _commands(log))
    assert result.outputs["severity"] == "HIGH"
    assert set(result.outputs) == {"severity", "failed-invocations", "report", "comment-url", "check-run-url"}


def test_every_job_log_writer_escapes_what_it_prints() -> None:
    command = Command("error", f"db{ERROR}%", title=f"t,{SET_OUTPUT}", file=f"a:b{SET_OUTPUT}.py", line=3)
    assert format_command(command) == (
        "::error file=a%3Ab%0A%3A%3Aset-output name=severity%3A%3ANONE.py,line=3,"
        "title=t%2C%0A%3A%3Aset-output name=severity%3A%3ANONE"
        "::db%0D%0A::error title=pwned::all clear%25"
    )
    assert log_line(f"x{SET_OUTPUT}") == "x\\n::set-output name=severity::NONE"
    assert log_line("::set-output name=x::y") == " ::set-output name=x::y"
    block = raw_block(["a", "::b::"])
    assert block[0].startswith("::stop-commands::") and block[-1] == f"::{block[0][17:]}::"
    assert block[1:-1] == ["a", " ::b::"]
    assert raw_block(["a"])[0] != block[0]  # a new random token each time


def test_lint_github_format_escapes_file_names(tmp_path: Path) -> None:
    bad = tmp_path / f"client{SET_OUTPUT}.py"
    bad.write_text("import requests\n\nrequests.get('https://api.example.com')\n", encoding="utf-8")
    result = run_cli("lint", "--format", "github", str(tmp_path))
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    assert line.startswith("::error file=") or line.startswith("::warning file=")
    assert "%0A%3A%3Aset-output name=severity%3A%3ANONE.py,line=3,col=1,title=CF101::" in line
