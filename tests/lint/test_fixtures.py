"""Every fixture under tests/data/lint/<library>/{positive,negative}: exact (rule, line) pairs.

Expectations live in the fixture as trailing comments, `# expect: CF101` or `// expect: CF101`,
on the line the finding is reported at. Adding a file adds a test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.clients import REPORTED
from checker.lint.rules import RULES
from checker.lint.run import lint_source

DATA = Path(__file__).resolve().parents[1] / "data" / "lint"
EXPECT = re.compile(r"(?:#|//)\s*expect:\s*([A-Z0-9, ]+)")
FIXTURES = sorted(p for p in DATA.glob("*/*/*") if p.parent.name in {"positive", "negative"})


def expected(path: Path) -> list[tuple[str, int]]:
    pairs: list[tuple[str, int]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        match = EXPECT.search(line)
        if match:
            pairs.extend((rule.strip(), number) for rule in match.group(1).split(",") if rule.strip())
    return sorted(pairs)


def found(path: Path) -> list[tuple[str, int]]:
    findings, error = lint_source(str(path), path.read_bytes(), 5.0)
    assert error is None, error
    return sorted((f.rule, f.line) for f in findings)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(DATA)))
def test_fixture_findings_are_exactly_the_expected_ones(path: Path) -> None:
    want = expected(path)
    if path.parent.name == "negative":
        assert want == [], "negative fixtures carry no expectations"
    else:
        assert want, "a positive fixture expects at least one finding"
    assert found(path) == want


@pytest.mark.parametrize("library", [lib.name for lib in REPORTED])
def test_every_library_has_positive_and_negative_fixtures(library: str) -> None:
    for kind in ("positive", "negative"):
        assert any((DATA / library / kind).glob("*")), f"no {kind} fixture for {library}"


@pytest.mark.parametrize("rule", [rule.id for rule in RULES])
def test_every_rule_has_a_positive_fixture(rule: str) -> None:
    assert any(rule == r for path in FIXTURES for r, _ in expected(path))


def test_findings_name_the_library_its_default_and_the_fix() -> None:
    path = DATA / "botocore" / "positive" / "clients.py"
    findings, _ = lint_source(str(path), path.read_bytes(), 5.0)
    first = findings[0]
    assert (first.line, first.column, first.rule, first.severity, first.library) == (
        7,
        6,
        "CF104",
        "warning",
        "botocore",
    )
    assert first.message == (
        "boto3.client(): no connect timeout, and botocore's default is 60 s, above the 5 s "
        "maximum; set config=Config(connect_timeout=3)"
    )
