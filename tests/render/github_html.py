"""Render Markdown the way GitHub does (GFM tables, task lists, raw HTML passed through) and read
back what a reader would get: tags, table cells, text outside code, code blocks.

Two engines: markdown-it-py's gfm-like preset, and cmark-gfm (GitHub's own parser, via cmarkgfm)
with raw HTML allowed, so any HTML that leaked from a log line would show up as a tag."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options
from markdown_it import MarkdownIt
from mdit_py_plugins.tasklists import tasklists_plugin

_MD = MarkdownIt("gfm-like").use(tasklists_plugin)  # html=True: raw HTML would pass through
# GitHub's mention and issue-reference filters look at text outside code and links.
MENTION = re.compile(r"(?<![\w`])@[A-Za-z0-9]")
REFERENCE = re.compile(r"(?<![\w&])(?:#|GH-)\d", re.IGNORECASE)


ENGINES = ("markdown-it", "cmark-gfm")


def to_html(markdown: str, engine: str = "markdown-it") -> str:
    if engine == "cmark-gfm":
        return str(cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE))
    return _MD.render(markdown)


@dataclass
class Page(HTMLParser):
    tags: list[str] = field(default_factory=list)
    end_tags: list[str] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)  # text outside <code>, <pre>, <a>
    code_blocks: list[str] = field(default_factory=list)  # the text of each <pre>
    tables: list[list[list[str]]] = field(default_factory=list)  # table -> row -> cell text
    _quiet: int = 0
    _pre: list[str] | None = None
    _cell: list[str] | None = None

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("code", "pre", "a"):
            self._quiet += 1
        if tag == "pre":
            self._pre = []
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        self.end_tags.append(tag)
        if tag in ("code", "pre", "a"):
            self._quiet -= 1
        if tag == "pre" and self._pre is not None:
            self.code_blocks.append("".join(self._pre))
            self._pre = None
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if not self._quiet:
            self.prose.append(data)
        if self._pre is not None:
            self._pre.append(data)
        if self._cell is not None:
            self._cell.append(data)


def read(markdown: str, engine: str = "markdown-it") -> Page:
    page = Page()
    page.feed(to_html(markdown, engine))
    page.close()
    return page


# The tags a connfail report may produce in GitHub's HTML; anything else came from log text.
ALLOWED_TAGS = {
    "h3",
    "h4",
    "p",
    "b",
    "strong",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "details",
    "summary",
    "ul",
    "ol",
    "li",
    "input",
}
