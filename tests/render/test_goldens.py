"""Every output format in checker.render.RENDERERS, on every sample report, against its golden
file `tests/data/render/<report><extension>`: a new format's row fails here until its golden
files exist (refresh with `CONNFAIL_UPDATE_GOLDEN=1 python -m pytest tests/render`, then review).
"""

from __future__ import annotations

import pytest

from checker.analyze import render
from checker.render import RENDERERS
from tests.conftest import run_cli
from tests.render import sample_reports
from tests.render.golden import check_golden


@pytest.mark.parametrize("fmt", list(RENDERERS))
@pytest.mark.parametrize("name", sorted(sample_reports.ALL))
def test_each_format_matches_its_golden_file(fmt: str, name: str) -> None:
    renderer = RENDERERS[fmt]
    check_golden(f"{name}{renderer.extension}", render(sample_reports.ALL[name](), fmt))


def test_the_cli_offers_the_registry_s_formats() -> None:
    result = run_cli("analyze", "examples/healthy-function.json", "--format", "yaml")
    assert result.returncode == 2
    choices = result.stderr.replace("'", "")  # Python 3.12 quotes each choice
    assert "argument --format: invalid choice: yaml (choose from text, markdown, json)" in choices
