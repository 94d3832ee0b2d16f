"""The check run: one POST up to 50 annotations, then PATCHes of 50 that complete the run."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests
import responses
from github import GithubException

from checker.digest import DIGEST_VERSION, decode, encode
from checker.github.check_run import (
    Annotation,
    build_output,
    lint_annotation,
    publish_check_run,
)
from tests.github.action_helpers import API, URL, client

CHECK_RUNS = f"{API}/repos/o/r/check-runs"
RUN_JSON = {
    "id": 42,
    "url": f"{URL}/repos/o/r/check-runs/42",
    "html_url": "https://github.com/o/r/runs/42",
    "name": "connfail",
}
OUTPUT = build_output("HIGH: 28 failed invocations", "summary", "details", None)


def _publish(conclusion: str = "failure", annotations: list[Annotation] | None = None, **more: str) -> str:
    """`publish_check_run` for o/r's commit abc123 with OUTPUT, as the Action calls it."""
    return publish_check_run(
        client().get_repo("o/r"),
        name="connfail",
        head_sha="abc123",
        conclusion=conclusion,
        output=OUTPUT,
        annotations=annotations or [],
        **more,
    )


def _annotations(n: int) -> list[Annotation]:
    return [
        Annotation(path="src/db.py", line=i + 1, message=f"no connect timeout #{i}", title="CF001 (requests)")
        for i in range(n)
    ]


@responses.activate
def test_120_annotations_take_one_post_and_two_patches() -> None:
    post = responses.post(CHECK_RUNS, json=RUN_JSON, status=201)
    patch = responses.patch(f"{API}/repos/o/r/check-runs/42", json=RUN_JSON)

    url = _publish(annotations=_annotations(120))

    assert url == "https://github.com/o/r/runs/42"
    created = json.loads(post.calls[0].request.body)
    assert created["status"] == "in_progress" and "conclusion" not in created
    assert created["head_sha"] == "abc123"
    assert [a["start_line"] for a in created["output"]["annotations"]] == list(range(1, 51))
    first, last = (json.loads(c.request.body) for c in patch.calls)
    assert [a["start_line"] for a in first["output"]["annotations"]] == list(range(51, 101))
    assert "conclusion" not in first
    assert first["output"]["title"] == "HIGH: 28 failed invocations"
    assert first["output"]["summary"] == "summary"
    assert [a["start_line"] for a in last["output"]["annotations"]] == list(range(101, 121))
    assert last["status"] == "completed" and last["conclusion"] == "failure"


@responses.activate
def test_few_annotations_complete_in_one_post() -> None:
    post = responses.post(CHECK_RUNS, json=RUN_JSON, status=201)
    _publish(conclusion="neutral", annotations=_annotations(2))
    body = json.loads(post.calls[0].request.body)
    assert body["status"] == "completed" and body["conclusion"] == "neutral"
    assert body["output"]["annotations"][1] == {
        "path": "src/db.py",
        "start_line": 2,
        "end_line": 2,
        "annotation_level": "warning",
        "message": "no connect timeout #1",
        "title": "CF001 (requests)",
    }
    assert len(responses.calls) == 1


def test_output_fields_fit_the_checks_api_limits() -> None:
    out = build_output("t" * 300, "s\n" * 40000, "x\n" * 40000, "https://g/run/1")
    assert len(out["title"]) == 255
    assert len(out["summary"]) <= 65535 and len(out["text"]) <= 65535
    assert "[the workflow run](https://g/run/1)" in out["text"]


def test_lint_finding_becomes_a_repo_relative_annotation(tmp_path: Path) -> None:
    finding = SimpleNamespace(
        path=str(tmp_path / "app" / "db.py"),
        line=12,
        column=5,
        rule="CF001",
        severity="error",
        library="requests",
        message="requests.get() without timeout",
    )
    annotation = lint_annotation(finding, tmp_path)
    assert annotation.to_api() == {
        "path": "app/db.py",
        "start_line": 12,
        "end_line": 12,
        "annotation_level": "failure",
        "message": "requests.get() without timeout",
        "title": "CF001 (requests)",
        "start_column": 5,
        "end_column": 5,
    }


@responses.activate
def test_no_annotations_sends_no_annotations_key() -> None:
    post = responses.post(CHECK_RUNS, json=RUN_JSON, status=201)
    _publish(conclusion="success")
    assert json.loads(post.calls[0].request.body)["output"] == OUTPUT


def test_check_summary_escapes_log_text() -> None:
    from checker.github.summary import check_summary, lint_section

    finding = SimpleNamespace(
        function="orders",
        severity="HIGH",
        failed_invocations=6,
        total_invocations=9,
        sources=(),
        destinations=(),
        timeout=None,
        streams_with_invocations=1,
        first_seen=None,
        last_seen=None,
        log_span=None,
        most_frequent=None,
        primary=SimpleNamespace(message="<img src=x> @admin", service=None),
    )
    # What checker.digest.digest makes of that finding: the pipeline computes it, the summary reads it.
    computed = {
        "version": DIGEST_VERSION,
        "functions": [
            {
                "function": "orders",
                "severity": "HIGH",
                "failed_invocations": 6,
                "total_invocations": 9,
                "destinations": [],
            }
        ],
        "functions_omitted": 0,
    }
    report = SimpleNamespace(
        findings=[finding],
        inputs=(),
        summary=SimpleNamespace(severity="HIGH", failed_invocations=6, invocations=9),
        digest=computed,
    )
    text = check_summary(report, 0)
    assert text.splitlines()[0] == encode(computed)  # first: a summary cut to the API's limit keeps it
    assert decode(text) == computed
    assert "@admin" not in text
    assert "\\<img src=x\\> @\u200dadmin" in text
    assert lint_section(
        [SimpleNamespace(path="a|b.py", line=3, rule="CF101", library="requests", message="x_y")],
        [],
        Path("/"),
    ).splitlines()[-1] == ("| `a\\|b.py:3` | CF101 | requests | x\\_y |")


def test_lint_section_tells_unread_files_from_partly_analyzed_ones_and_names_vendored_skips() -> None:
    from checker.github.summary import lint_section
    from checker.lint.model import Level, LintError

    errors = [
        LintError("/w/src/gone.py", "cannot read: Permission denied"),
        LintError(
            "/w/src/new.ts",
            "partly analyzed: syntax error at line 3 (calls there are not checked)",
            Level.WARNING,
        ),
    ]
    lines = lint_section([], errors, Path("/w"), ["node_modules/", "static/app.min.js"]).splitlines()
    assert "- not linted: `src/gone.py`: cannot read: Permission denied" in lines
    assert (
        "- `src/new.ts`: partly analyzed: syntax error at line 3 \\(calls there are not checked\\)" in lines
    )
    assert lines[-1] == (
        "- 2 test, minified or vendored path\\(s\\) not linted \\(node\\_modules/, "
        "static/app.min.js\\); set lint.tests = \\[\\] or lint.vendored = \\[\\] "
        "to lint them"
    )


LOOKUP = f"{API}/repos/o/r/commits/abc123/check-runs"


@responses.activate
def test_a_post_whose_answer_was_lost_is_looked_up_and_patched() -> None:
    responses.post(CHECK_RUNS, body=requests.exceptions.ConnectionError("reset by peer"))
    earlier = {
        **RUN_JSON,
        "id": 41,
        "url": f"{URL}/repos/o/r/check-runs/41",
        "external_id": "another-step",
        "output": {"annotations_count": 0},
    }
    ours = {**RUN_JSON, "external_id": "step-1", "output": {"annotations_count": 2}}
    lookup = responses.get(LOOKUP, json={"total_count": 2, "check_runs": [earlier, ours]})
    patch = responses.patch(f"{API}/repos/o/r/check-runs/42", json=RUN_JSON)

    url = _publish(annotations=_annotations(2), external_id="step-1")

    assert url == "https://github.com/o/r/runs/42"
    assert [c.request.method for c in responses.calls] == ["POST", "GET", "PATCH"]
    assert json.loads(post_body(0))["external_id"] == "step-1"
    assert lookup.calls[0].request.params == {"check_name": "connfail", "filter": "all", "per_page": "100"}
    sent = json.loads(patch.calls[0].request.body)
    assert (sent["status"], sent["conclusion"]) == ("completed", "failure")
    assert "annotations" not in sent["output"]  # the lost POST delivered both: no repeat


@responses.activate
def test_a_refused_post_is_not_looked_up() -> None:
    responses.post(CHECK_RUNS, status=422, json={"message": "Validation Failed"})
    with pytest.raises(GithubException) as caught:
        _publish()
    assert caught.value.status == 422
    assert [c.request.method for c in responses.calls] == ["POST"]


def post_body(index: int) -> str:
    body = responses.calls[index].request.body
    return body.decode() if isinstance(body, bytes) else str(body)


@responses.activate
def test_a_lost_post_not_found_is_posted_once_more() -> None:
    responses.post(CHECK_RUNS, status=502, json={"message": "Server Error"})
    responses.post(CHECK_RUNS, status=201, json=RUN_JSON)
    responses.get(LOOKUP, json={"total_count": 0, "check_runs": []})

    url = _publish(external_id="step-1")

    assert url == "https://github.com/o/r/runs/42"
    assert [c.request.method for c in responses.calls] == ["POST", "GET", "POST"]
    assert json.loads(post_body(2))["external_id"] == "step-1"  # the same run, posted again


@responses.activate
def test_when_the_second_post_fails_too_the_first_failure_is_raised() -> None:
    responses.post(CHECK_RUNS, status=502, json={"message": "Server Error"})
    responses.post(CHECK_RUNS, status=503, json={"message": "Service Unavailable"})
    responses.get(LOOKUP, json={"total_count": 0, "check_runs": []})
    with pytest.raises(GithubException) as caught:
        _publish()
    assert caught.value.status == 502
    assert [c.request.method for c in responses.calls] == ["POST", "GET", "POST"]  # never a third
