"""Connect-timeout options inside connection strings: libpq DSNs and URLs with a query string."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

# `(?<!\w)`: a key starts a word, so a long word with no `=` is scanned once, not once per letter.
_KEYWORD_PAIR = re.compile(r"(?<!\w)(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)")


def options(dsn: str) -> dict[str, str] | None:
    """The options a literal DSN or URL sets, keys lower-cased; None when it cannot be read."""
    text = dsn.strip()
    if "://" in text:
        try:
            query = urlsplit(text).query
        except ValueError:
            return None
        return {key.lower(): value for key, value in parse_qsl(query, keep_blank_values=True)}
    if text and "=" not in text:
        return None
    return {key.lower(): value.strip("'") for key, value in _KEYWORD_PAIR.findall(text)}


def number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None
