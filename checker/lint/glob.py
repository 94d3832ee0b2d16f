"""`.gitignore`-style globs matched without regular expressions, so no pattern can backtrack.

Translating globs to `re` (as `fnmatch.translate` does) lets `*a*a*a*a*b` take minutes on one
long name. Here a path is matched segment by segment with the greedy "remember the last star"
algorithm, at both levels (`*` inside a segment, `**` over segments): time grows with the path
length times the pattern length, never exponentially.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

MAX_PATTERN_LENGTH = 1000


class GlobError(ValueError):
    """A pattern that is not a valid glob; the message says what is wrong and where."""


@dataclass(frozen=True)
class CharClass:
    ranges: tuple[tuple[str, str], ...]
    negated: bool

    def matches(self, char: str) -> bool:
        return any(low <= char <= high for low, high in self.ranges) != self.negated


class _Star:
    """`*` in a segment (any run of characters) or `**` as a segment (any run of segments)."""

    def __repr__(self) -> str:
        return "STAR"


STAR = _Star()
ANY_CHAR = CharClass((), negated=True)  # `?`: every character
Token = str | CharClass | _Star


@dataclass(frozen=True)
class Name:
    """The pattern of one path segment; plain names and `*.ext` / `prefix*` get a cheap test."""

    tokens: tuple[Token, ...]
    kind: str = "glob"  # "exact" | "suffix" | "prefix" | "glob"
    literal: str = ""

    @staticmethod
    def of(tokens: Sequence[Token]) -> Name:
        plain = [isinstance(t, str) for t in tokens]
        text = "".join(t for t in tokens if isinstance(t, str))
        if all(plain):
            return Name(tuple(tokens), "exact", text)
        if tokens[0] is STAR and all(plain[1:]):
            return Name(tuple(tokens), "suffix", text)
        if tokens[-1] is STAR and all(plain[:-1]):
            return Name(tuple(tokens), "prefix", text)
        return Name(tuple(tokens))

    def matches(self, name: str) -> bool:
        if self.kind == "exact":
            return name == self.literal
        if self.kind == "suffix":
            return name.endswith(self.literal)
        if self.kind == "prefix":
            return name.startswith(self.literal)
        return _match(self.tokens, name, _token_matches)


@dataclass(frozen=True)
class Glob:
    """One pattern line: its segments (STAR for `**`) and the .gitignore flags."""

    text: str
    segments: tuple[Name | _Star, ...]
    negated: bool
    directory_only: bool

    def matches(self, parts: Sequence[str]) -> bool:
        """Whether the path split into `parts` (no empty part) is matched."""
        last = self.segments[-1]
        if not parts or (isinstance(last, Name) and not last.matches(parts[-1])):
            return False  # the cheap test that rejects most paths
        return _match(self.segments, parts, Name.matches)


def compile_glob(line: str) -> Glob | None:
    """One pattern line as a Glob; None for blanks and `#` comments; GlobError if invalid."""
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    if len(text) > MAX_PATTERN_LENGTH:
        raise GlobError(f"longer than {MAX_PATTERN_LENGTH} characters")
    negated = text.startswith("!")
    body = text[1:] if negated else text
    directory_only = body.endswith("/") and not body.endswith("\\/")
    body = body.rstrip("/")
    anchored = "/" in body
    raw_segments = [s for s in body.lstrip("/").split("/") if s]
    if not raw_segments:
        raise GlobError("matches nothing (no name in it)")
    segments: list[Name | _Star] = [] if anchored else [STAR]
    for raw in raw_segments:
        if raw == "**":
            if not segments or segments[-1] is not STAR:
                segments.append(STAR)
        else:
            segments.append(_segment(raw))
    if raw_segments[-1] == "**":
        # `dir/**` is everything inside dir, not dir itself: at least one more segment.
        segments[-1:] = [Name.of([STAR]), STAR]
    return Glob(text, tuple(segments), negated, directory_only)


def _segment(raw: str) -> Name:
    tokens: list[Token] = []
    i = 0
    while i < len(raw):
        char = raw[i]
        if char == "\\":
            if i + 1 == len(raw):
                raise GlobError("ends with a lone backslash")
            tokens.append(raw[i + 1])
            i += 2
        elif char == "*":
            if not tokens or tokens[-1] is not STAR:  # `**` inside a name is one `*`
                tokens.append(STAR)
            i += 1
        elif char == "?":
            tokens.append(ANY_CHAR)
            i += 1
        elif char == "[":
            klass, i = _char_class(raw, i)
            tokens.append(klass)
        else:
            tokens.append(char)
            i += 1
    return Name.of(tokens)


def _char_class(raw: str, start: int) -> tuple[CharClass, int]:
    i = start + 1
    negated = i < len(raw) and raw[i] in "!^"
    if negated:
        i += 1
    ranges: list[tuple[str, str]] = []
    first = True
    while True:
        if i >= len(raw):
            raise GlobError(f"unclosed [ at position {start + 1}")
        char = raw[i]
        if char == "]" and not first:
            return CharClass(tuple(ranges), negated), i + 1
        first = False
        if char == "\\":
            if i + 1 >= len(raw):
                raise GlobError(f"unclosed [ at position {start + 1}")
            char = raw[i + 1]
            i += 1
        i += 1
        if i + 1 < len(raw) and raw[i] == "-" and raw[i + 1] != "]":
            high = raw[i + 1]
            if high == "\\" and i + 2 < len(raw):
                high = raw[i + 2]
                i += 1
            if high < char:
                raise GlobError(f"reversed range {char}-{high}")
            ranges.append((char, high))
            i += 2
        else:
            ranges.append((char, char))


def _token_matches(token: str | CharClass, char: str) -> bool:
    if isinstance(token, CharClass):
        return token.matches(char)
    return token == char


def _match(tokens: Sequence[Any], items: Sequence[Any], one: Callable[[Any, Any], bool]) -> bool:
    """Wildcard matching where every non-star token takes exactly one item.

    On a mismatch only the last star is widened, one item at a time: earlier stars never need
    to be revisited, so the work is at most len(items) * len(tokens).
    """
    t = i = 0
    star_t, star_i = -1, 0
    while i < len(items):
        if t < len(tokens) and tokens[t] is STAR:
            star_t, star_i = t, i
            t += 1
        elif t < len(tokens) and one(tokens[t], items[i]):
            t += 1
            i += 1
        elif star_t >= 0:
            t = star_t + 1
            star_i += 1
            i = star_i
        else:
            return False
    while t < len(tokens) and tokens[t] is STAR:
        t += 1
    return t == len(tokens)
