"""docs/rules.md and docs/lint.md's "What it reads" are generated from the rules table and the
client registry; regenerate with `python -m checker.lint.docs`."""

from __future__ import annotations

from pathlib import Path

from checker.lint.docs import BEGIN, END, render_reads_table, render_rules_markdown, with_reads_table
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


def test_lint_doc_reads_table_matches_the_registry() -> None:
    on_disk = (REPO / "docs" / "lint.md").read_text(encoding="utf-8")
    assert on_disk.count(BEGIN) == 1 and on_disk.count(END) == 1
    assert on_disk == with_reads_table(on_disk), "run `python -m checker.lint.docs` and commit"


def test_reads_table_names_every_checked_library_once() -> None:
    from checker.clients import CLIENTS

    table = render_reads_table()
    checked = [c for c in CLIENTS if c.checks is not None]
    assert checked and all(c.reads for c in checked)
    for client in checked:
        assert table.count(client.reads) == 1, client.name
    assert "redis-py (and `RedisCluster`)" in table and "pg `Pool`/`Client`" in table


def test_bounded_defaults_are_written_once() -> None:
    from checker.clients import REPORTED

    for lib in REPORTED:
        assert ("{default}" in lib.default_text) == (lib.default_connect is not None), lib.name
        assert lib.default_source, lib.name
