"""docs/rules.md is generated from the rules table; regenerate with `python -m checker.lint.docs`."""

from __future__ import annotations

from pathlib import Path

from checker.lint.docs import render_rules_markdown
from checker.lint.rules import RULES

REPO = Path(__file__).resolve().parents[2]


def test_rules_doc_matches_the_table() -> None:
    on_disk = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert on_disk == render_rules_markdown(), "run `python -m checker.lint.docs` and commit"


def test_every_rule_has_a_section_its_help_uri_points_to() -> None:
    doc = render_rules_markdown()
    for rule in RULES:
        assert f'<a id="{rule.anchor}"></a>' in doc
        assert rule.help_uri.endswith(f"#{rule.anchor}")


def test_bounded_defaults_are_written_once() -> None:
    from checker.lint.libraries import LIBRARIES

    for lib in LIBRARIES:
        assert ("{default}" in lib.default_text) == (lib.default_connect is not None), lib.id
