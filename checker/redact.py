"""Secrets out of every output: passwords in connection strings, tokens, AWS keys.

Log lines quote connection strings and headers verbatim; reports end up in PR comments and
artifacts that more people can read than the logs. Each rule keeps enough to recognise the value
(`user:***@host`, `AKIA****************`) and hides the secret part.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_KEY = r"[A-Za-z0-9_.-]*(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|access[_-]?key|signature)"
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # scheme://user:password@host (and scheme://:password@host); the password may contain '@'
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^\s:/@]*:)([^\s/?#]*)(@)(?=[^\s@]*(?:[\s/?#]|$))"),
     r"\1***\3"),
    # Go MySQL DSN: user:password@tcp(host:3306)/db
    (re.compile(r"\b([\w.-]+:)([^\s@/]+)(@(?:tcp|unix)\()"), r"\1***\3"),
    (re.compile(r"(?i)\b(authorization\s*[:=]\s*[\"']?(?:basic|bearer|token|digest)\s+)[^\s\"',;]+"),
     r"\1***"),
    (re.compile(r"(?i)\b(bearer\s+)[a-z0-9._~+/=-]{8,}"), r"\1***"),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*"), "eyJ***"),  # JWT
    (re.compile(r"\b(AKIA|ASIA)[A-Z0-9]{16}\b"), r"\1****************"),
    # JSON: "password": "x", "clientSecret":"x"
    (re.compile(rf"(?i)(\"{_KEY}[A-Za-z0-9_]*\"\s*:\s*\")((?:[^\"\\]|\\.)*)(\")"), r"\1***\3"),
    # key=value, key: value, key='value' (DSNs, query strings, env dumps, Python reprs)
    # (a `:` followed by a port number is a host:port, not a secret)
    (re.compile(rf"(?i)\b({_KEY}[A-Za-z0-9_]*['\"]?)(\s*=\s*|\s*:(?!\d{{1,5}}\b)\s*)"
                r"(?![\"']?\*\*\*)('[^']*'|\"[^\"]*\"|[^\s&;,'\"})\]]+)"),
     r"\1\2***"),
    (re.compile(r"\b(gh[pousr]_|github_pat_)[A-Za-z0-9_]{20,}\b"), r"\1***"),
    (re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"), "xox*-***"),
)


# Strings no rule can touch, which a report holds by the thousand: request ids, timestamps,
# log stream names, numbers.
_PLAIN = re.compile(
    r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}"
    r"|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z"
    r"|\d{4}/\d\d/\d\d/[\w.-]*\[[^\]\s]*\][0-9a-f]{32}"
    r"|[\d.]*"
)


@lru_cache(maxsize=4096)
def redact(text: str) -> str:
    """`text` with every secret the rules recognise replaced by `***`.

    Cached: a report repeats the same error text once per failing invocation.
    """
    if _PLAIN.fullmatch(text):
        return text
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def redact_value(value: Any) -> Any:
    """`redact` applied to every string inside a JSON-like value."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [redact_value(v) for v in value]
    if isinstance(value, dict):
        return {k: redact_value(v) for k, v in value.items()}
    return value


def redact_in_place(value: Any) -> Any:
    """`redact_value` for a JSON-like value nobody else holds: its containers are reused."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = redact_in_place(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            value[key] = redact_in_place(item)
    return value
