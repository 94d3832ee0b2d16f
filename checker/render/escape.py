"""Log text made inert in GitHub Markdown: no markup, HTML, mentions, links or broken fences.

Log lines are written by whoever controls the function's input. In a PR comment they must show as
text: `<script>` stays text, `@octocat` pings nobody, `|` does not split a table cell, and
a line of backticks cannot close our code fence. Callers redact secrets first (checker.redact).
"""

from __future__ import annotations

import html
import re

from checker import redact

ZWJ = "\u200d"  # zero-width joiner: invisible, but breaks @mentions, #refs and autolinks
# C0/C1 controls, line/paragraph separators, and bidi overrides that could reorder what a reviewer sees
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# ASCII punctuation that starts Markdown or HTML syntax anywhere in a line; `$` is GitHub math.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-!|~&$])")
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")
_REFERENCE = re.compile(r"(#|\bGH\\?-)(?=\d)", re.IGNORECASE)
_ORDERED = re.compile(r"^(\d+)([.)])")  # "1." at the start would begin a list
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|www)(?=\\?[:.])")
_BACKTICKS = re.compile(r"`+")


def plain(text: str) -> str:
    """One line: control characters dropped, newlines and tabs made spaces."""
    return _CONTROL.sub("", text.replace("\r", " ").replace("\n", " ").replace("\t", " "))


def _defuse(text: str) -> str:
    text = _MENTION.sub("@" + ZWJ, text)
    text = _REFERENCE.sub(lambda m: m.group(1) + ZWJ, text)
    return _AUTOLINK.sub(lambda m: m.group(1) + ZWJ, text)


def md_text(text: str) -> str:
    """Log text for a Markdown paragraph or table cell: every markup character escaped."""
    return _defuse(_ORDERED.sub(r"\1\\\2", _SPECIAL.sub(r"\\\1", plain(text))))


def html_text(text: str) -> str:
    """Log text inside raw HTML (a `<summary>`), where Markdown escapes would show as typed."""
    return _defuse(html.escape(plain(text), quote=True))


def md_code(text: str, *, in_table: bool = False) -> str:
    """An inline code span that holds `text` literally, whatever backticks it contains."""
    content = plain(text)
    longest = max((len(run) for run in _BACKTICKS.findall(content)), default=0)
    ticks = "`" * (longest + 1)
    padded = content.startswith(" ") and content.endswith(" ")
    if content.startswith("`") or content.endswith("`") or padded:
        content = f" {content} "
    if in_table:
        content = content.replace("|", "\\|")  # GFM splits cells before it reads code spans
    return f"{ticks}{content}{ticks}" if content.strip() else "` `"


def fence_for(text: str) -> str:
    """A backtick fence longer than any backtick run in `text`, so no line can close it."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    return "`" * max(3, longest + 1)


def md_fence(lines: list[str], info: str = "text") -> str:
    """A fenced code block of `lines`, each made one line; the fence outlasts their backticks."""
    body = "\n".join(plain(line) for line in lines)
    fence = fence_for(body)
    return f"{fence}{info}\n{body}\n{fence}"


_FENCE_LINE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")


def unclosed_fence(markdown: str) -> str | None:
    """The fence still open at the end of `markdown` (to close it after a cut), or None."""
    open_fence: str | None = None
    for line in markdown.splitlines():
        match = _FENCE_LINE.match(line)
        if match is None:
            continue
        run, rest = match.groups()
        if open_fence is None:
            if not (run[0] == "`" and "`" in rest):  # a backtick fence's info string has no backticks
                open_fence = run
        elif run[0] == open_fence[0] and len(run) >= len(open_fence) and not rest.strip():
            open_fence = None
    return open_fence


_TERMINAL = re.compile("\r")  # what `public` leaves that a terminal obeys: a lone CR rewinds the line


def clean(text: str) -> str:
    """Log text made safe to print: secrets redacted, terminal control sequences made visible."""
    text = redact.public(text).replace("\t", " ").replace("\r\n", "\n")
    return _TERMINAL.sub(lambda m: redact.visible(m.group()), text)
