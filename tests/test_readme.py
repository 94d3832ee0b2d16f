"""The README stays true: its commands, its format table and its configuration example."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from checker.config import load_config
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


def test_every_format_is_in_the_table() -> None:
    table = README[README.index("### Supported export formats") : README.index("### What is counted")]
    for format_id in FORMATS:
        assert f"`{format_id}`" in table, format_id


def test_configuration_example_is_valid(tmp_path: Path) -> None:
    section = README[README.index("### Configuration") : README.index("### The JSON report")]
    example = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert example is not None
    (tmp_path / ".connfail.yml").write_text(example.group(1))
    config = load_config(tmp_path / ".connfail.yml")
    assert (config.fail_on, config.high_above, config.architecture, config.vpc) == ("high", 5, "arm64", True)
    assert config.streams["2026/11/20/[$LATEST]ec7ac8ad1b2ba06b6ae12c972399d29d"].subnet == "subnet-0a1b2c3d"
