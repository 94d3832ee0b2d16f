"""The Action's lock file (requirements/action.lock) satisfies pyproject.toml and pins by hash."""

from __future__ import annotations

import re
import sys

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LOCK = ROOT / "requirements" / "action.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)
ACTION_ENV = {
    "python_version": "3.12",
    "python_full_version": "3.12.0",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
}


def _pins() -> dict[str, str]:
    return {canonicalize_name(name): version for name, version in PIN.findall(LOCK.read_text())}


def test_every_dependency_is_pinned_within_its_range() -> None:
    pins = _pins()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wrong = []
    for line in project["dependencies"]:
        req = Requirement(line)
        if req.marker and not req.marker.evaluate(ACTION_ENV):
            continue
        pinned = pins.get(canonicalize_name(req.name))
        if pinned is None or not req.specifier.contains(pinned, prereleases=True):
            wrong.append((str(req), pinned))
    assert wrong == [], "refresh requirements/action.lock (requirements/README.md)"


def test_every_pin_carries_hashes() -> None:
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text().strip())
    assert len(blocks) == len(_pins()) >= 20
    assert [b.split(" ", 1)[0] for b in blocks if "--hash=sha256:" not in b] == []


def test_the_action_installs_from_the_lock_with_hashes_required() -> None:
    action = (ROOT / "action.yml").read_text(encoding="utf-8")
    assert '--require-hashes -r "$GITHUB_ACTION_PATH/requirements/action.lock"' in action
    assert 'sha256sum "$GITHUB_ACTION_PATH/requirements/action.lock"' in action
