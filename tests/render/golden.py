"""Golden files for rendered output, under tests/data/render/ (see tests/golden.py)."""

from __future__ import annotations

from pathlib import Path

from tests import golden

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "render"


def check_golden(name: str, actual: str) -> None:
    golden.check_golden(GOLDEN / name, actual)
