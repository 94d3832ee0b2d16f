"""Which regexes tell one ASCII digit from another: the proof behind the `- Local` stand-in.

A verdict worked out on a text whose Node `- Local (ip:port)` digits are stand-ins holds for
the real digits only where nothing the classifier runs over them can tell digits apart. A regex
tells them apart through a digit literal (`Errno 111`), a class holding some digits but not all
(`[46]`, `[1-9]`) or a back-reference (it compares captured text); `\\d`, `\\w`, `.`, `\\b`, `\\S`
and classes holding all ten treat every digit alike. This walks `re`'s own parse of a pattern,
so it reads what `re` runs, not the pattern's spelling (tests/detect/test_local_stand_in.py).
"""

from __future__ import annotations

import importlib
import re
import sys
from typing import Any

# `re`'s own parser (`sre_parse` before 3.11, deprecated since): not a typed public API.
_p: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")
_c: Any = importlib.import_module("re._constants" if sys.version_info >= (3, 11) else "sre_constants")

DIGITS = "0123456789"
# Categories holding every ASCII digit, and those holding none (the rest hold no digit either).
_ALL_DIGITS = {"CATEGORY_DIGIT", "CATEGORY_WORD", "CATEGORY_NOT_SPACE", "CATEGORY_NOT_LINEBREAK"}
_NO_DIGITS = {"CATEGORY_NOT_DIGIT", "CATEGORY_NOT_WORD", "CATEGORY_SPACE", "CATEGORY_LINEBREAK"}


def digit_sensitivity(pattern: str, flags: int = 0) -> list[str]:
    """How a pattern tells ASCII digits apart (empty: it treats all ten alike)."""
    parsed = _p.parse(pattern, flags)
    out: list[str] = []
    _walk(parsed, parsed.state.flags, out)
    return out


def _category(value: Any) -> set[str]:
    name = str(value).replace("UNI_", "")
    if name in _ALL_DIGITS:
        return set(DIGITS)
    if name in _NO_DIGITS:
        return set()
    raise ValueError(f"unknown category {value}")  # a new `re` category: decide, do not guess


def _class_digits(items: Any, flags: int) -> set[str]:
    negate = False
    found: set[str] = set()
    for op, av in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            char = chr(av)
            found.update(d for d in DIGITS if d == char or (flags & re.IGNORECASE and d == char.lower()))
        elif op is _c.RANGE:
            found.update(d for d in DIGITS if av[0] <= ord(d) <= av[1])
        elif op is _c.CATEGORY:
            found |= _category(av)
        else:
            raise ValueError(f"unknown class item {op}")
    return set(DIGITS) - found if negate else found


def _walk(items: Any, flags: int, out: list[str]) -> None:
    for op, av in items:
        if op in (_c.LITERAL, _c.NOT_LITERAL):
            if chr(av) in DIGITS:
                out.append(f"digit literal {chr(av)!r}")
        elif op is _c.IN:
            held = _class_digits(av, flags)
            if held and len(held) != len(DIGITS):
                out.append(f"a class holding only the digits {''.join(sorted(held))}")
        elif op is _c.GROUPREF:
            out.append("a back-reference")
        elif op is _c.GROUPREF_EXISTS:
            out.append("a conditional on a group")
            for branch in av[1:]:
                if branch is not None:
                    _walk(branch, flags, out)
        elif op is _c.SUBPATTERN:
            _walk(av[-1], flags | (av[1] or 0), out)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op is getattr(_c, "POSSESSIVE_REPEAT", None):
            _walk(av[2], flags, out)
        elif op is _c.BRANCH:
            for branch in av[1]:
                _walk(branch, flags, out)
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            _walk(av[1], flags, out)
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            _walk(av, flags, out)
        elif op in (_c.ANY, _c.AT, _c.CATEGORY):
            if op is _c.CATEGORY:
                held = _category(av)
                if held and len(held) != len(DIGITS):
                    out.append(f"a category holding only the digits {''.join(sorted(held))}")
        else:
            raise ValueError(f"unknown regex node {op}")  # a new `re` node: decide, do not guess


def leading_literal(pattern: str, flags: int = 0) -> str:
    """The literal text every match of `pattern` starts with ('' when none)."""
    parsed = _p.parse(pattern, flags)
    if parsed.state.flags & re.IGNORECASE:
        return ""
    chars = []
    for op, av in parsed:
        if op is not _c.LITERAL:
            break
        chars.append(chr(av))
    return "".join(chars)
