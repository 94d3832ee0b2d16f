"""Markdown escaping of log text, checked on what a GFM renderer makes of it."""

from __future__ import annotations

import pytest

from checker.render.escape import ZWJ, fence_for, md_code, md_fence, md_text
from tests.render.github_html import ENGINES, MENTION, REFERENCE, read, to_html

HOSTILE = [
    "connect ECONNREFUSED ``` @octocat <script>alert(1)</script>",
    "| a | b | <img src=x onerror=alert(1)> </details> <details open>",
    "# heading? - [x] done **bold** _it_ ~~gone~~ [link](javascript:alert(1)) ![i](http://x/y.png)",
    "see https://evil.example/phish and www.evil.example, fixes #123 and GH-7, ping @here @org/team",
    "$x^2$ math and &lt;entity&gt; &amp; <!-- comment --> \\` backslash",
    "1. not a list\n> not a quote\n---",
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("line", HOSTILE)
def test_text_renders_as_the_same_words_with_no_markup(line: str, engine: str) -> None:
    page = read(md_text(line), engine)
    assert page.tags == ["p"]  # one paragraph: no HTML, link, image, heading, list, emphasis
    shown = "".join(page.prose).replace(ZWJ, "").strip()
    assert shown == " ".join(line.split("\n"))
    assert not MENTION.search("".join(page.prose))
    assert not REFERENCE.search("".join(page.prose))


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("line", HOSTILE)
def test_text_in_a_table_cell_stays_in_its_cell(line: str, engine: str) -> None:
    page = read(f"| log | n |\n|---|---|\n| {md_text(line)} | 1 |\n", engine)
    assert page.tables[0][1][1] == "1"
    assert page.tables[0][1][0].replace(ZWJ, "") == " ".join(line.split("\n"))


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("line", [*HOSTILE, "`", "``", " x ", "a`b``c```d", "ends with `", "back\\|slash"])
def test_code_span_shows_the_text_literally_even_in_a_table(line: str, engine: str) -> None:
    flat = " ".join(line.split("\n"))
    html = to_html(f"x {md_code(line)} y", engine)
    assert "<script" not in html and "<img" not in html
    page = read(f"| c | n |\n|---|---|\n| {md_code(line, in_table=True)} | 2 |\n", engine)
    assert page.tables[0][1] == [flat.strip() if flat.strip() != flat else flat, "2"]


@pytest.mark.parametrize("engine", ENGINES)
def test_fence_outlasts_any_backtick_run_in_the_content(engine: str) -> None:
    lines = ["```", "````js", "````` not closing", "</details>", "<script>alert(1)</script>", "@octocat"]
    assert fence_for("\n".join(lines)) == "``````"
    page = read(f"<details><summary>s</summary>\n\n{md_fence(lines)}\n\n</details>\n\nafter", engine)
    assert page.code_blocks == ["\n".join(lines) + "\n"]
    assert page.tags.count("details") == 1 and page.end_tags.count("details") == 1
    assert "".join(page.prose).strip().endswith("after")


def test_fence_drops_control_characters_and_keeps_one_line_per_line() -> None:
    assert md_fence(["a\x1b[31mred\x1b[0m", "b\rc"]) == "```text\na[31mred[0m\nb c\n```"


def test_bidi_overrides_cannot_reorder_what_a_reviewer_reads() -> None:
    line = "user \u202eexe.live\u202c ok \u2066x\u2069"
    assert md_text(line) == "user exe.live ok x"
    assert md_code(line) == "`user exe.live ok x`"


def test_unclosed_fence_finds_the_fence_a_cut_left_open() -> None:
    from checker.render.escape import unclosed_fence

    evidence = md_fence(["```", "x"])
    assert unclosed_fence(evidence) is None
    assert unclosed_fence(evidence.rsplit("\n", 1)[0]) == "````"
    assert unclosed_fence("text\n  ```sh\n  aws ec2 ...\n") == "```"
    assert unclosed_fence("``not a fence``\n") is None
