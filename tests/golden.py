"""Golden files: rendered output compared byte for byte with a committed file.

One variable refreshes every golden file in the suite after an intended change; then review the
diff like code:

    CONNFAIL_UPDATE_GOLDEN=1 python -m pytest

A golden file that does not exist fails the test (it is never written silently), so a renamed
case or a forgotten `git add` cannot pass by creating its own expectation.
"""

from __future__ import annotations

import os
from pathlib import Path

VARIABLE = "CONNFAIL_UPDATE_GOLDEN"


def updating() -> bool:
    return os.environ.get(VARIABLE) == "1"


def check_golden(path: Path, actual: str) -> None:
    """Assert `actual` equals the golden file at `path`, or rewrite it when refreshing."""
    if updating():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
    if not path.exists():
        raise AssertionError(f"{path} is missing: create it with {VARIABLE}=1 and review it")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{path.name} differs from its golden file; if the change is intended, refresh with "
        f"{VARIABLE}=1 python -m pytest and review the diff"
    )
