"""Secrets out of every output, and characters that would deceive a reader made visible.

Log lines quote connection strings, headers, credentials and keys verbatim; reports end up in
PR comments, check runs and job logs that more people can read than the logs. Each rule keeps
enough to recognise the value (`user:***@host`, `AKIA****************`) and hides the secret
part; the destination (`10.0.3.47:5432`) always survives. `public` is the one function every
string that leaves the process goes through (checker.sink and the renderers call it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

_KEY = (
    r"[A-Za-z0-9_.-]*(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|"
    r"access[_-]?key|signature)"
)
_NOT_DONE = r"(?![\"']?(?:\*\*\*|(?:AKIA|ASIA)\*{16}))"  # a value an earlier rule already hid
# AWS secret access keys: 40 characters of base64 alphabet, never only hex (a git SHA is 40 hex).
_AWS_SECRET = (
    r"(?<![A-Za-z0-9/+=])(?![0-9a-f]{40}(?![A-Za-z0-9/+=]))[A-Za-z0-9/+]{40}"
    r"(?![A-Za-z0-9/+=])"
)
_PEM_BEGIN = r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----"
_KEY_ID = r"(?:AKIA|ASIA)(?:[A-Z0-9]{16}|\*{16})(?![A-Z0-9])"  # before or after its own redaction


def _userinfo(match: re.Match[str]) -> str:
    """`user:password@` -> `user:***@`; a bare `password@` (the tail of a split DSN) -> `***@`."""
    user, colon, _secret = match.group(2).partition(":")
    return match.group(1) + (f"{user}:***@" if colon else "***@")


_COOKIE_ATTRIBUTES = {"path", "domain", "expires", "max-age", "samesite"}


def _cookie(match: re.Match[str]) -> str:
    """Every cookie's value hidden, its name and the Set-Cookie attributes kept."""

    def value(pair: re.Match[str]) -> str:
        return pair.group() if pair.group(1).lower() in _COOKIE_ATTRIBUTES else f"{pair.group(1)}=***"

    return match.group(1) + re.sub(r"([^\s=;,]+)=[^\s;,]*", value, match.group(2))


# Words one of which a key id or a key name holds, lowercased: the gates of the rules below.
_KEY_ID_WORDS = ("akia", "asia")
_KEY_WORDS = ("pass", "pwd", "secret", "token", "key", "signature")  # every name `_KEY` matches

# (class, gate, pattern, replacement), applied in order; the README's "Security" section lists
# them. A gate holds lowercased words, one of which is in any text its pattern matches: an ASCII
# text that holds none skips the rule (a match in ASCII text needs the pattern's literals, case
# folded for `(?i)`), and a pattern is compiled the first time a text passes its gate. A text
# that is not ASCII meets every pattern: `(?i)` folds a few other letters onto ASCII ones (the
# Kelvin sign onto k, the long s onto s).
Replacement = str | Callable[[re.Match[str]], str]
RULES: tuple[tuple[str, tuple[str, ...], str, Replacement], ...] = (
    # The block to its END line (a body of base64, headers and escaped newlines) or, cut short,
    # as many base64 lines as follow: never the rest of a document.
    (
        "PEM private key",
        ("private key-----",),
        rf"({_PEM_BEGIN})[A-Za-z0-9+/=\s\\:,-]{{0,20000}}?(-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----)",
        r"\1***\2",
    ),
    (
        "PEM private key",
        ("private key-----",),
        rf"({_PEM_BEGIN})(?!\*\*\*)(?:(?:\s|\\[rn])*[A-Za-z0-9+/=]{{16,}})+",
        r"\1***",
    ),
    # scheme://user:password@host: the password may hold `/`, `#` or `@` (unencoded, as people
    # write them): it runs to the `@` that a host (and port) follows. `host:8080/a@b` is no password.
    (
        "password in a URL",
        ("://",),
        (
            r"(?i)\b([a-z][a-z0-9+.-]*://[^\s:/@]*:)(?!\d+(?:/|$))(\S*?)@"
            r"(?=[a-z0-9._~%-]*[a-z0-9](?::\d{1,5})?(?:[/?#,;\s'\")\]>]|$))"
        ),
        r"\1***@",
    ),
    # Go MySQL DSN: user:password@tcp(host:3306)/db
    (
        "password in a Go MySQL DSN",
        ("@tcp(", "@unix("),
        r"\b([\w.-]+:)([^\s@/]+)(@(?:tcp|unix)\()",
        r"\1***\3",
    ),
    # A DSN mangled into a host name a resolver then failed on: `ENOTFOUND user:pw@host`,
    # `could not translate host name "pw@host"`, `lookup pw@host on ...`.
    (
        "password in a host name",
        ("@",),
        (
            r"(?i)((?:ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL|host name|lookup|UnknownHostException:"
            r"|unknown host|resolve host)\s+[\"'`(\[]?)([^\s\"'`]*)@(?=[a-z0-9_-])"
        ),
        _userinfo,
    ),
    (
        "Authorization header",
        ("authorization",),
        (
            r"(?i)\b((?:proxy-)?authorization\s*[:=]\s*[\"']?(?:basic|bearer|token|digest)\s+)"
            r"(?!\*\*\*)[^\s\"',;`…]+"
        ),
        r"\1***",
    ),  # … ends a line cut short
    ("bearer credential", ("bearer",), r"(?i)\b(bearer\s+)(?!\*\*\*)[a-z0-9._~+/=-]{8,}", r"\1***"),
    (
        "basic credential",
        ("basic",),
        r"\b(Basic\s+)(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{8,}={0,2}",
        r"\1***",
    ),
    ("cookie", ("cookie",), r"(?i)\b((?:set-)?cookie\s*[:=]\s*[\"']?)([^\r\n\"']+)", _cookie),
    (
        "session id",
        ("id=",),
        r"(?i)\b(jsessionid|phpsessid|connect\.sid|session_?id|sid)=(?!\*\*\*)[^\s;&,'\"]+",
        r"\1=***",
    ),
    ("JWT", ("eyj",), r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*", "eyJ***"),
    (
        "AWS session token",
        ("iqojb3jpz2lu", "fwogzxivyxdz", "fqogzxivyxdz", "aqodyxdz"),
        r"\b(IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz|AQoDYXdz)[A-Za-z0-9/+=]{16,}",
        r"\1***",
    ),
    # A bare secret key is recognisable only beside its access key id, before or after it.
    ("AWS secret access key", _KEY_ID_WORDS, rf"({_KEY_ID}\W.{{0,80}}?){_AWS_SECRET}", r"\1***"),
    ("AWS secret access key", _KEY_ID_WORDS, rf"{_AWS_SECRET}(?=.{{0,80}}?{_KEY_ID})", "***"),
    (
        "AWS access key id",
        _KEY_ID_WORDS,
        r"(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])",
        r"\1****************",
    ),
    # JSON: "password": "x", "clientSecret":"x"
    (
        "secret in a JSON field",
        _KEY_WORDS,
        rf"(?i)(\"{_KEY}[A-Za-z0-9_]*\"\s*:\s*\"){_NOT_DONE}((?:[^\"\\]|\\.)*)(\")",
        r"\1***\3",
    ),
    # key=value, key: value, key='value' (DSNs, query strings, env dumps, Python reprs);
    # a `:` followed by a short number is a host:port or a count (`auth-token: 2 invocations`)
    (
        "secret in key=value",
        _KEY_WORDS,
        (
            rf"(?i)\b({_KEY}[A-Za-z0-9_]*['\"]?)(\s*=\s*|\s*:(?!\s*\d{{1,5}}\b)\s*){_NOT_DONE}"
            r"('[^']*'|\"[^\"]*\"|[^\s&;,'\"})\]]+)"
        ),
        r"\1\2***",
    ),
    (
        "key or signature in a query string",
        ("key=", "sig=", "code="),
        r"(?i)([?&](?:key|sig|code)=)(?!\*\*\*)[^&\s\"'#]+",
        r"\1***",
    ),
    (
        "GitHub token",
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
        r"(?<![A-Za-z0-9])(gh[pousr]_|github_pat_)[A-Za-z0-9_]{20,}",
        r"\1***",
    ),
    ("Slack token", ("xox", "xapp-"), r"(?<![A-Za-z0-9])(xox[abposre]|xapp)-[A-Za-z0-9-]{10,}", r"\1-***"),
    (
        "Slack webhook",
        ("hooks.slack.com/", "/services/"),
        (
            r"(?i)(hooks\.slack\.com/(?:services|workflows|triggers)/|(?<![\w.])/services/(?=T[A-Z0-9]))"
            r"(?!\*\*\*)[A-Za-z0-9_/-]+"
        ),
        r"\1***",
    ),
    ("Google API key", ("aiza",), r"(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}", "AIza***"),
    (
        "Stripe key",
        ("_live_", "_test_", "whsec_"),
        r"(?<![A-Za-z0-9])((?:sk|rk)_(?:live|test)_|whsec_)[0-9A-Za-z]{10,}",
        r"\1***",
    ),
    ("SendGrid key", ("sg.",), r"(?<![A-Za-z0-9])SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}", "SG.***"),
)

# Strings no rule can touch and with nothing to neutralize, which a report holds by the
# thousand: request ids, timestamps, log stream names, numbers.
_PLAIN = re.compile(
    r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}"
    r"|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z"
    r"|\d{4}/\d\d/\d\d/[\w.-]*\[[\w$.-]*\][0-9a-f]{32}"
    r"|[\d.]*"
)
_CACHED = 4096  # longer strings (whole reports) are not worth a cache slot


@cache
def _pattern(rule: int) -> re.Pattern[str]:
    """RULES[rule]'s pattern, compiled on first use: most runs need few of them (issue 14)."""
    return re.compile(RULES[rule][2])


def _gate_words() -> tuple[tuple[str, tuple[int, ...]], ...]:
    """Each gate word with the rules it opens."""
    rules: dict[str, list[int]] = {}
    for rule, (_class, gate, _source, _replacement) in enumerate(RULES):
        for word in gate:
            rules.setdefault(word, []).append(rule)
    return tuple((word, tuple(opened)) for word, opened in rules.items())


_GATE_WORDS = _gate_words()


def _rules_for(text: str, first: int) -> list[int]:
    """The rules from `first` on whose gate `text` passes, in order (all of them when it is not ASCII)."""
    if not text.isascii():
        return list(range(first, len(RULES)))
    folded = text.lower()
    return sorted(
        {rule for word, opened in _GATE_WORDS if word in folded for rule in opened if rule >= first}
    )


def _redact(text: str) -> str:
    if _PLAIN.fullmatch(text):
        return text
    rules = _rules_for(text, 0)
    index = 0
    while index < len(rules):
        rule = rules[index]
        index += 1
        changed = _pattern(rule).sub(RULES[rule][3], text)
        if changed != text:  # a later rule's gate is checked on the text as it is now
            text = changed
            rules, index = _rules_for(text, rule + 1), 0
    return text


_redact_cached = lru_cache(maxsize=4096)(_redact)


def redact(text: str) -> str:
    """`text` with every secret the rules recognise replaced by `***`.

    Cached for short strings: a report repeats the same error text once per failing invocation.
    """
    return _redact_cached(text) if len(text) <= _CACHED else _redact(text)


# C0/C1 controls (ANSI escapes start with ESC or CSI), bidi embeddings, overrides, isolates and
# marks, zero-width characters, line/paragraph separators and the BOM: each could hide or reorder
# what a reader sees. Tab, newline and carriage return are left to each format.
_DECEIVING = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_SGR = re.compile(r"\x1b\[[0-9;]*m")  # colour only: what our own terminal report prints


def visible(char: str) -> str:
    """`\\x1b`, `\\u202e`: the escape a reader can see in place of the character."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def neutralize(text: str, *, keep: str = "", colour: bool = False) -> str:
    """Deceiving characters shown as escapes; `keep` ones pass (the Markdown escaper's ZWJ),
    and with `colour` so do SGR colour sequences."""

    def show(match: re.Match[str]) -> str:
        char = match.group()
        return char if char in keep else visible(char)

    if colour:
        return "".join(
            part if _SGR.fullmatch(part) else _DECEIVING.sub(show, part)
            for part in re.split(f"({_SGR.pattern})", text)
        )
    return _DECEIVING.sub(show, text)


def public(text: str, *, keep: str = "", colour: bool = False) -> str:
    """`text` as it may leave the process: secrets redacted, deceiving characters visible."""
    if not keep and not colour and len(text) <= _CACHED:
        return _public_cached(text)
    return neutralize(redact(text), keep=keep, colour=colour)


@lru_cache(maxsize=8192)
def _public_cached(text: str) -> str:
    """Cached: a JSON report repeats its keys and error texts once per failing invocation."""
    return neutralize(_redact(text))


def public_line(text: str) -> str:
    """`public` for one line of a log or terminal: newlines and carriage returns shown too."""
    return public(text).replace("\r", "\\r").replace("\n", "\\n")


def redact_value(value: Any) -> Any:
    """`redact` applied to every string inside a JSON-like value."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [redact_value(v) for v in value]
    if isinstance(value, dict):
        return {k: redact_value(v) for k, v in value.items()}
    return value


_SCALARS = (int, float, bool, type(None))
_CLEAN_KEYS: set[str] = set()  # keys seen to need nothing: the report's own, by the thousand


def public_in_place(value: Any) -> Any:
    """`public` for every string of a JSON-like value nobody else holds, keys included: its
    lists are reused; a dict is rebuilt only when a key changes."""
    if isinstance(value, str):
        return public(value)
    if isinstance(value, list):
        for index, item in enumerate(value):
            if not isinstance(item, _SCALARS):
                value[index] = public_in_place(item)
    elif isinstance(value, dict):
        renamed = False
        for key, item in value.items():
            if not isinstance(item, _SCALARS):
                value[key] = public(item) if isinstance(item, str) else public_in_place(item)
            if key not in _CLEAN_KEYS and isinstance(key, str):
                if public(key) != key:
                    renamed = True
                elif len(_CLEAN_KEYS) < 4096:
                    _CLEAN_KEYS.add(key)
        if renamed:
            return {public(k) if isinstance(k, str) else k: v for k, v in value.items()}
    return value


redact_in_place = public_in_place  # the name the JSON renderer used before neutralizing too
