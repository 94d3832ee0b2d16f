"""The built wheel carries the JSON Schemas and loads them through the installed package."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # each test builds a wheel or an sdist

SCHEMAS = sorted(p.name for p in (ROOT / "schemas").glob("*.schema.json"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        timeout=300,
    )
    return next(out.glob("connfail-*.whl"))


def test_wheel_holds_every_schema(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("checker/schemas/")) == SCHEMAS


def test_installed_wheel_loads_schemas_outside_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)  # what pip does with a pure-Python wheel
    code = (
        f"import sys; sys.path.insert(0, {str(site)!r}); import checker.schema as s; "
        "print(s.__file__); print(s.load_schema('filter-log-events')['$id'])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    module_file, schema_id = result.stdout.split()
    assert Path(module_file).is_relative_to(site)
    assert schema_id == "https://connfail.dev/schemas/filter-log-events.schema.json"


def test_sdist_ships_the_license_and_no_tests(tmp_path: Path) -> None:
    """Tests need the clone's data and fixtures, so the sdist carries none rather than broken ones."""
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--no-isolation", "-o", str(tmp_path), str(ROOT)],
        check=True,
        timeout=300,
        capture_output=True,
    )
    sdist = next(tmp_path.glob("connfail-*.tar.gz"))
    with tarfile.open(sdist) as tar:
        names = [n.split("/", 1)[1] for n in tar.getnames() if "/" in n]
    assert "LICENSE" in names and "CHANGELOG.md" in names
    assert "checker/schemas/report.schema.json" in names
    assert [n for n in names if n.startswith("tests/")] == []
