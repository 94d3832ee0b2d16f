"""Exclude globs: .gitignore meaning, invalid patterns named, and no pattern that backtracks."""

from __future__ import annotations

import fnmatch
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.lint.glob import MAX_PATTERN_LENGTH, GlobError, compile_glob


def _matches(pattern: str, path: str) -> bool:
    glob = compile_glob(pattern)
    assert glob is not None
    return glob.matches(path.split("/"))


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("*.min.js", "web/dist/app.min.js", True),  # no slash: any depth
        ("*.min.js", "app.min.jsx", False),
        ("/app.py", "app.py", True),  # a leading slash anchors
        ("/app.py", "src/app.py", False),
        ("web/*.js", "web/a.js", True),  # a slash inside anchors too
        ("web/*.js", "x/web/a.js", False),
        ("web/*.js", "web/sub/a.js", False),  # `*` stays inside one name
        ("**/gen/*.py", "gen/a.py", True),
        ("**/gen/*.py", "x/y/gen/a.py", True),
        ("a/**/b", "a/b", True),
        ("a/**/b", "a/x/y/b", True),
        ("a/**", "a", False),  # everything inside a, not a itself
        ("a/**", "a/x/y", True),
        ("a**b", "axyb", True),  # `**` inside a name is one `*`
        ("a**b", "ax/yb", False),
        ("file?.py", "file1.py", True),
        ("file?.py", "file10.py", False),
        ("[a-c]x.py", "bx.py", True),
        ("[!a-c]x.py", "bx.py", False),
        ("[^a-c]x.py", "dx.py", True),
        ("[]]x", "]x", True),
        ("\\*.py", "*.py", True),  # an escaped star is a star
        ("\\*.py", "a.py", False),
        ("\\#notes.py", "#notes.py", True),
    ],
)
def test_gitignore_meaning(pattern: str, path: str, expected: bool) -> None:
    assert _matches(pattern, path) is expected


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("[z-a].py", "reversed range z-a"),
        ("src/[abc", "unclosed [ at position 1"),
        ("x\\", "ends with a lone backslash"),
        ("/", "matches nothing (no name in it)"),
        ("a" * (MAX_PATTERN_LENGTH + 1), f"longer than {MAX_PATTERN_LENGTH} characters"),
    ],
)
def test_invalid_patterns_say_why(pattern: str, reason: str) -> None:
    with pytest.raises(GlobError) as error:
        compile_glob(pattern)
    assert str(error.value) == reason


def test_blank_lines_and_comments_are_no_pattern() -> None:
    assert compile_glob("   ") is None
    assert compile_glob("# generated code") is None


def test_flags() -> None:
    glob = compile_glob("!build/")
    assert glob is not None and glob.negated and glob.directory_only


_TOKENS = st.sampled_from(["a", "b", ".", "*", "?", "[ab]", "[!a]", "[a-b]"])


def _no_double_star(tokens: list[str]) -> str:
    out: list[str] = []
    for token in tokens:
        if not (token == "*" and out and out[-1] == "*"):
            out.append(token)
    return "".join(out)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_TOKENS, min_size=1, max_size=8).map(_no_double_star),
    st.text(alphabet="ab.", min_size=1, max_size=10),
)
def test_a_name_matches_as_fnmatch_says(pattern: str, name: str) -> None:
    assert _matches("/" + pattern, name) is fnmatch.fnmatchcase(name, pattern)


def _old_regex(line: str) -> re.Pattern[str]:
    """The regex translation the linter used before (backtracking), as an oracle on small input."""
    anchored = "/" in line
    line = line.lstrip("/")
    parts: list[str] = []
    i = 0
    while i < len(line):
        if line.startswith("**/", i):
            parts.append("(?:.*/)?")
            i += 3
        elif line.startswith("/**", i) and i + 3 == len(line):
            parts.append("/.*")
            i += 3
        elif line.startswith("**", i):
            parts.append(".*")
            i += 2
        elif line[i] == "*":
            parts.append("[^/]*")
            i += 1
        elif line[i] == "?":
            parts.append("[^/]")
            i += 1
        else:
            parts.append(re.escape(line[i]))
            i += 1
    return re.compile(f"^{'' if anchored else '(?:.*/)?'}{''.join(parts)}$")


_SEGMENTS = st.one_of(
    st.just("**"),
    st.lists(st.sampled_from(["a", "b", "*", "?"]), min_size=1, max_size=4).map(_no_double_star),
)


@settings(max_examples=200, deadline=None)
@given(
    st.booleans(),
    st.lists(_SEGMENTS, min_size=1, max_size=4),
    st.lists(st.text(alphabet="ab", min_size=1, max_size=3), min_size=1, max_size=5),
)
def test_paths_match_as_the_old_regexes_did(lead: bool, segments: list[str], parts: list[str]) -> None:
    pattern = ("/" if lead else "") + "/".join(segments)
    expected = bool(_old_regex(pattern).match("/".join(parts)))
    assert _matches(pattern, "/".join(parts)) is expected


@pytest.mark.parametrize(
    "pattern", ["*a*a*a*a*a*a*a*a*a*a*b", "**/a*a*a*a*a*a*a*b/**/x", "*" + "?*" * 40 + "b"]
)
def test_catastrophic_patterns_finish(pattern: str) -> None:
    # Each takes minutes to hours as a regex on these names; here they take milliseconds.
    # (bench/fuzz_lint.py times them; this test only has to finish.)
    assert not _matches(pattern, "a" * 200)
    assert not _matches(pattern, "/".join(["a" * 30] * 20))
