"""Workflow commands, $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY as the runner reads them."""

from __future__ import annotations

from pathlib import Path

from checker.github.runner_files import (
    SUMMARY_LIMIT,
    append_summary,
    fit_summary,
    read_outputs,
    write_outputs,
)
from checker.github.workflow_commands import Command, capped, format_command


def test_command_escapes_data_and_properties() -> None:
    line = format_command(Command("error", "50%\nnext", title="HIGH: a,b", file="src/a:b.py", line=3))
    assert line == "::error file=src/a%3Ab.py,line=3,title=HIGH%3A a%2Cb::50%25%0Anext"


def test_each_kind_is_capped_at_ten_with_a_count_of_the_rest() -> None:
    commands = [Command("warning", f"w{i}") for i in range(14)] + [Command("error", "e")]
    lines = capped(commands)
    warnings = [line for line in lines if line.startswith("::warning")]
    assert len(warnings) == 10
    assert warnings[8] == "::warning::w8"
    assert warnings[9] == (
        "::warning title=connfail::5 more warnings not shown here "
        "(GitHub shows 10 per step): see the job summary."
    )
    assert lines[-1] == "::error::e"


def test_outputs_round_trip_multiline_values(tmp_path: Path) -> None:
    out = tmp_path / "output"
    out.write_text("earlier=1\n", encoding="utf-8")
    write_outputs(str(out), {"severity": "HIGH", "report": "a\nb"})
    assert read_outputs(out.read_text(encoding="utf-8")) == {
        "earlier": "1",
        "severity": "HIGH",
        "report": "a\nb",
    }


def test_summary_is_cut_to_one_mebibyte_on_a_character_boundary(tmp_path: Path) -> None:
    text = "é" * SUMMARY_LIMIT
    fitted = fit_summary(text)
    assert len(fitted.encode("utf-8")) <= SUMMARY_LIMIT
    assert fitted.endswith("Summary truncated to GitHub's 1 MiB limit.\n")
    summary = tmp_path / "summary.md"
    append_summary(str(summary), "# one\n")
    append_summary(str(summary), "# two\n")
    assert summary.read_text(encoding="utf-8") == "# one\n# two\n"
