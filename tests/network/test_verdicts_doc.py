"""docs/network.md is generated from the verdict table (`python -m checker.network.verdicts`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.network.verdicts import CODES, Code, docs_markdown, placeholders

REPO = Path(__file__).resolve().parents[2]


def test_network_doc_matches_the_table() -> None:
    on_disk = (REPO / "docs" / "network.md").read_text(encoding="utf-8")
    assert on_disk == docs_markdown(), "run `python -m checker.network.verdicts > docs/network.md` and commit"


@pytest.mark.parametrize("code", CODES, ids=lambda c: c.code)
def test_every_placeholder_is_declared_evidence(code: Code) -> None:
    used = placeholders(code.title) | placeholders(code.fix)
    assert used <= set(code.evidence), used - set(code.evidence)
    assert f"## {code.code}" in docs_markdown()


def test_blocking_codes_have_a_fix_and_open_ones_none() -> None:
    for code in CODES:
        if code.kind.value == "blocks":
            assert code.fix.startswith("aws "), code.code
        else:
            assert code.fix == "", code.code
