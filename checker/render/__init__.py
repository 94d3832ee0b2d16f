"""Renderers: a Report in, a string out; they format, they never compute.

`RENDERERS` is the one list of `analyze`'s output formats: the CLI's `--format` choices,
`analyze.render` and the Action's report file read it. A new format is a module here, its row
below, and its golden files (CONTRIBUTING.md, "A new output format").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from checker.render.registry import Renderer, registry

if TYPE_CHECKING:
    from checker.report import Report

RENDERERS: Mapping[str, Renderer[Report]] = registry(
    Renderer("text", "checker.render.text:render_text", "text", ".txt", "text/plain", terminal=True),
    Renderer("markdown", "checker.render.markdown:render_markdown", "markdown", ".md", "text/markdown"),
    Renderer("json", "checker.render.json:render_json", "json", ".json", "application/json"),
)
