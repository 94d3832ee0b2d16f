"""No output of any face contains a secret from the corpus; the destination survives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.analyze import analyze
from checker.config import Config
from checker.github.check_run import build_output
from checker.github.command import _commands
from checker.github.summary import check_summary, title
from checker.github.workflow_commands import capped
from checker.redact import public
from checker.render.json import render_json
from checker.render.markdown import render_markdown
from checker.render.text import render_text
from checker.sink import public_markdown
from tests.conftest import run_cli
from tests.github.fake_github import FakeGitHub
from tests.security import corpus
from tests.security.faces import action_faces, cli_faces

CASES = corpus.cases()
# Secrets in names rather than lines: an export's file name, a skipped file's, a linted file's.
EXPORT_NAME = "export-ghp_FileNameT0ken0123456789abcdefghijklmn.json"
SKIPPED_NAME = "notes DB_PASSWORD=FileNamePw42 .log"
LINT_NAME = "client_sk_live_51LintFileKey0123456789abcd.py"
NAME_SECRETS = ("FileNameT0ken0123456789", "FileNamePw42", "LintFileKey0123456789")
# Characters that hide or reorder text, or drive a terminal: none may reach any output raw.
DECEIVING = "\u202e\u2066\u200b\u2060\ufeff\x1b\x9b\x07"
TRICK = corpus.Case(
    99,
    "deceiving-characters",
    "nodejs",
    "2026-11-20T10:00:09.000Z\t0b6f3c1e-2d4a-4f7b-9a61-3c8e2f1d7a99\tERROR\tuser "
    "\u202egnp.exe\u2066 \u200bsaid\u2060 \ufeffhi \x1b[2J\x1b]0;pwned\x07 \x9b31m "
    "Error: connect ECONNREFUSED 10.0.1.5:5432\n",
    (),
    (),
)


def _inputs(tmp: Path, cases: list[corpus.Case] = CASES) -> tuple[Path, Path]:
    """Every case (one function each), one under a file name holding a token, a skipped file
    whose name holds a password, and a file to lint whose name holds a Stripe key."""
    folder = corpus.write_exports(tmp / "exports", [*cases, TRICK])
    (folder / f"{CASES[0].function}.json").rename(folder / EXPORT_NAME)
    (folder / SKIPPED_NAME).write_text("", encoding="utf-8")
    lint = tmp / "src"
    lint.mkdir()
    (lint / LINT_NAME).write_text(
        "import requests\n\nrequests.get('https://api.example.com')\n", encoding="utf-8"
    )
    return folder, lint


def _leaks(faces: dict[str, str]) -> dict[str, list[str]]:
    found = corpus.leaks(CASES, faces)
    for face, text in faces.items():
        found[face] += [f"file name {s}" for s in NAME_SECRETS if s in text]
        found[face] += [f"raw U+{ord(c):04X}" for c in DECEIVING if c in text]
    return {face: classes for face, classes in found.items() if classes}


@pytest.mark.parametrize("case", CASES, ids=[f"{c.index}-{c.cls}-{c.runtime}" for c in CASES])
def test_each_case_is_reported_without_its_secret(case: corpus.Case, tmp_path: Path) -> None:
    report = analyze([str(corpus.write_exports(tmp_path, [case]))], Config())
    document = render_json(report)
    [finding] = json.loads(document)["findings"]  # else the case tests nothing
    assert finding["function"] == case.function
    shown = json.dumps(finding["destinations"][0]["example"]) + json.dumps(finding["primary_error"])
    for kept in case.keep:
        assert json.dumps(kept)[1:-1] in shown, kept  # the destination and the value's shape
    job_log = "\n".join(capped(_commands(report, True, [], [], tmp_path)))
    check = build_output(title(report), check_summary(report, 0), render_markdown(report), None)
    for face in (document, render_text(report), render_markdown(report), job_log, json.dumps(check)):
        assert [s for s in case.secrets if s in face] == []
    assert job_log.startswith(f"::error title=connfail ELEVATED%3A {case.function}::")


def test_the_sinks_last_pass_changes_no_rendered_report(tmp_path: Path) -> None:
    """The renderers made every value public; the sinks' whole-document pass is a guard that
    must leave such a document as it is (a rule that ran on past its value would eat text)."""
    folder, _ = _inputs(tmp_path)
    report = analyze([str(folder)], Config())
    markdown, text = render_markdown(report), render_text(report)
    assert public_markdown(markdown) == markdown
    assert public(text) == text
    assert markdown.count("invocations could not connect") == len(CASES) + 1


def test_no_cli_output_contains_a_secret(tmp_path: Path) -> None:
    folder, _ = _inputs(tmp_path)
    faces = cli_faces([str(folder)])
    assert "DB_PASSWORD=***" in faces["cli stderr"]
    assert "\\u202egnp.exe\\u2066 \\u200bsaid" in faces["cli markdown"]  # shown, not obeyed
    missing = run_cli("analyze", "postgres://app:CliArgPw55@db.internal/x.json")
    assert missing.returncode == 2
    assert "app:***@db.internal" in missing.stderr and "CliArgPw55" not in missing.stderr
    assert _leaks(faces) == {}


def test_no_action_output_contains_a_secret(fake: FakeGitHub, tmp_path: Path) -> None:
    folder, lint = _inputs(tmp_path)
    faces = action_faces(fake, tmp_path / "run", exports=str(folder), lint=str(lint / "*.py"))
    for case in CASES:  # every case reached the check run
        assert f"**{case.function.replace('-', chr(92) + '-')}**" in faces["check-run summary"]
    assert fake.state.comments and "sk_live_***" in faces["check-run annotations"]
    assert _leaks(faces) == {}


def test_the_job_log_is_redacted_when_no_check_run_can_be_written(fake: FakeGitHub, tmp_path: Path) -> None:
    # A read-only token: findings and lint results go to the log as ::error/::warning commands.
    fake.state.read_only = True
    folder, lint = _inputs(tmp_path, CASES[:7])  # GitHub shows 10 warnings: keep room for lint
    faces = action_faces(fake, tmp_path / "run", exports=str(folder), lint=str(lint / "*.py"))
    assert "::warning file=" in faces["job log"] and "sk_live_***" in faces["job log"]
    assert _leaks(faces) == {}
