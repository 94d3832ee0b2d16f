"""The Action with an evidence folder: the comment and the check run name the network cause."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import EXAMPLES
from tests.github.fake_github import FakeGitHub
from tests.github.test_action_end_to_end import pr_event, run_action
from tests.network import builder

FLOWLOGS = Path(__file__).resolve().parents[1] / "data" / "network" / "flowlogs"


def _evidence(root: Path) -> Path:
    """What `connfail collect` writes for the bundled example's function, its SG open to 443 only."""
    folder = root / "evidence"
    builder.build(folder / "network", builder.sg_egress_443_only)
    (folder / "logs").mkdir()
    shutil.copy(EXAMPLES / "vpc-node-postgres.json", folder / "logs" / "~aws~lambda~orders-api.json")
    shutil.copytree(FLOWLOGS / "sg-drop-cloudwatch", folder / "flowlogs")
    return folder


def test_the_evidence_input_names_the_security_group_and_its_fix(fake: FakeGitHub, tmp_path: Path) -> None:
    folder = _evidence(tmp_path)
    result = run_action(fake, tmp_path / "run", "pull_request", pr_event(), evidence=str(folder))
    assert result.code == 1, result.stderr
    assert result.outputs["severity"] == "HIGH" and result.outputs["failed-invocations"] == "28"
    fix = builder.CASES["SG_EGRESS_BLOCKS"].fix
    body = fake.state.comments[7][0]["body"]
    assert "orders-api" in body and builder.SG_FN in body and fix in body
    summary = fake.state.check_runs[-1]["output"]["summary"].replace("\\", "")  # Markdown-escaped
    assert f"Security group {builder.SG_FN} (orders-lambda) of the function allows no TCP 5432" in summary
    assert fix in summary


def test_an_evidence_input_that_is_no_evidence_folder_is_one_line_exit_2(
    fake: FakeGitHub, tmp_path: Path
) -> None:
    (tmp_path / "empty").mkdir()
    result = run_action(fake, tmp_path / "run", "pull_request", pr_event(), evidence=str(tmp_path / "empty"))
    assert result.code == 2
    assert "input evidence" in result.stdout + result.stderr
    assert "is no evidence folder" in result.stdout + result.stderr
