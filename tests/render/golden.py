"""Golden files for rendered output, under tests/data/render/.

Refresh them all after an intended change, then review the diff like code:

    CONNFAIL_UPDATE_GOLDEN=1 python -m pytest tests/render
"""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "render"
UPDATE = os.environ.get("CONNFAIL_UPDATE_GOLDEN") == "1"


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{name} differs from its golden file; if the change is intended, refresh with "
        "CONNFAIL_UPDATE_GOLDEN=1 python -m pytest tests/render and review the diff"
    )
