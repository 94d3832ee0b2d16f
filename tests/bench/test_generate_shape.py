"""The benchmark's export is what the AWS CLI prints, and connfail counts what its truth file says.

`bench/generate.py` writes filter-log-events as the CLI's JSON formatter does
(`json.dump(response, stream, indent=4, ensure_ascii=False)` in aws-cli's awscli/formatter.py:
4-space indent, non-ASCII as UTF-8) with a `searchedLogStreams` object per stream after the
events; every other format in `bench/matrix.py` is re-encoded from it by tests/reencode.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]


def test_generated_export_has_the_cli_shape_and_its_truth(tmp_path: Path) -> None:
    out = tmp_path / "small.json"
    generate = [sys.executable, str(ROOT / "bench" / "generate.py"), "--size", "300KB"]
    done = subprocess.run(
        [*generate, "--concurrency", "16", "--out", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    truth = json.loads((tmp_path / "small.json.truth.json").read_text())
    assert done.stdout.startswith(f"{out}: {truth['bytes'] / 1e6:.1f} MB, {truth['events']} events, ")
    text = out.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert json.dumps(doc, indent=4, ensure_ascii=False) + "\n" == text
    assert list(doc) == ["events", "searchedLogStreams"]
    streams = {e["logStreamName"] for e in doc["events"]}
    assert doc["searchedLogStreams"] == [
        {"logStreamName": s, "searchedCompletely": True} for s in sorted(streams)
    ]
    assert (truth["events"], truth["log_streams"]) == (len(doc["events"]), len(streams))
    report = run_cli("analyze", "--format", "json", "--fail-on", "never", str(out))
    summary = json.loads(report.stdout)["summary"]
    assert (summary["events"], summary["invocations"], summary["failed_invocations"]) == (
        truth["events"],
        truth["invocations"],
        truth["failed_invocations"],
    )
