"""The README stays true: its commands, its format table and its configuration example."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from checker.config import load_config
from checker.ingest.docs import with_formats_table
from checker.ingest.formats import FORMATS
from tests.conftest import ROOT, run_cli

README = (ROOT / "README.md").read_text()


def test_opens_with_the_two_fresh_machine_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)[:2]
    assert "pip install ." in blocks[0] and "connfail analyze" in blocks[0]
    assert "pip install -e '.[test]'" in blocks[1] and "pytest" in blocks[1]
    ci = (ROOT / ".ci" / "run").read_text()
    test_command = blocks[1].split(" && ", 2)[2]  # what follows making and activating the venv
    assert test_command.startswith("pip install -e '.[test]' && pytest -q")
    assert test_command in ci.splitlines()  # CI runs exactly the README's command


def test_first_command_runs_the_bundled_example(tmp_path: Path) -> None:
    first = re.findall(r"```sh\n(.*?)\n```", README, re.S)[0]
    analyze = shlex.split(first.split("&&")[-1])
    result = run_cli(*analyze[1:], cwd=ROOT)
    assert result.returncode == 1, result.stderr  # the example is a HIGH finding
    assert "[HIGH]" in result.stdout and "connect ETIMEDOUT 10.0.3.47:5432" in result.stdout


def test_the_format_table_is_generated_from_the_registry() -> None:
    """README's table is `python -m checker.ingest.docs` output: one row per `FORMATS` entry."""
    assert with_formats_table(README) == README, "run `python -m checker.ingest.docs`"
    table = README[README.index("### Supported export formats") : README.index("### What is counted")]
    assert [line.split("`")[1] for line in table.splitlines() if line.startswith("| `")] == list(FORMATS)


def test_configuration_example_is_valid(tmp_path: Path) -> None:
    section = README[README.index("### Configuration") : README.index("### The JSON report")]
    example = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert example is not None
    (tmp_path / ".connfail.yml").write_text(example.group(1))
    config = load_config(tmp_path / ".connfail.yml")
    assert (config.fail_on, config.high_above, config.architecture, config.vpc) == ("high", 5, "arm64", True)
    assert config.streams["2026/11/20/[$LATEST]ec7ac8ad1b2ba06b6ae12c972399d29d"].subnet == "subnet-0a1b2c3d"
