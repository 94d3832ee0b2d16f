"""The redaction rules' gates (checker.redact.RULES) skip a rule only where its pattern could not
match: redaction with the gates equals every pattern applied to every text, as before issue 14."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import redact
from tests.render.test_redact import CASES, UNTOUCHED
from tests.security import corpus

PATTERNS = [re.compile(source) for _class, _gate, source, _replacement in redact.RULES]


def every_rule(text: str) -> str:
    """Redaction as it was before the gates: each pattern, in order, on every text."""
    if redact._PLAIN.fullmatch(text):
        return text
    for pattern, (_class, _gate, _source, replacement) in zip(PATTERNS, redact.RULES, strict=True):
        text = pattern.sub(replacement, text)
    return text


def _gate_misses(text: str) -> list[str]:
    """The rules whose pattern finds something in `text` though their gate would skip it."""
    if not text.isascii():
        return []  # not gated: every pattern runs
    folded = text.lower()
    return [
        rule[0]
        for pattern, rule in zip(PATTERNS, redact.RULES, strict=True)
        if pattern.search(text) and not any(word in folded for word in rule[1])
    ]


# Pieces that trip the rules, taken apart from the gates (which they test): the words in each
# pattern (`ENOTFOUND`, `unix`, `slack`, `sessionid`) in three cases, the test cases' secrets of
# every kind the README's "Security" lists, the separators the patterns look for, and letters
# that `(?i)` folds onto ASCII ones (Kelvin sign, long s, dotted and dotless i).
# One text each rule's pattern matches, written apart from the gates (which they test).
MATCHED = {
    "PEM private key": [
        "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA7bq9\\n-----END RSA PRIVATE KEY-----",
        "-----BEGIN PRIVATE KEY-----MIIEowIBAAKCAQEA7bq9xyzw",
    ],
    "password in a URL": ["postgres://app:hunter2@db.internal:5432/app"],
    "password in a Go MySQL DSN": [
        "app:hunter2@tcp(10.0.4.12:3306)/shop",
        "app:hunter2@unix(/tmp/my.sock)/shop",
    ],
    "password in a host name": [
        "getaddrinfo EAI_AGAIN app:pw@db.internal",
        'could not translate host name "pw@db"',
    ],
    "Authorization header": ["Proxy-Authorization: Digest abc123", "authorization=token abc"],
    "bearer credential": ["BEARER abcdefgh1234"],
    "basic credential": ["Basic YXBwOmh1bnRlcjI="],
    "cookie": ["Set-Cookie: sid=abc; Path=/"],
    "session id": ["JSESSIONID=abc", "connect.sid=s%3Aabc", "session_id=abc", "SID=abc", "phpsessid=x"],
    "JWT": ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"],
    "AWS session token": ["FwoGZXIvYXdzEJr//////////wEaDOfake0123"],
    "AWS secret access key": [
        "AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY for ASIAY34FZKBOKMUTVV7A",
    ],
    "AWS access key id": ["ASIAY34FZKBOKMUTVV7A"],
    "secret in a JSON field": ['{"clientSecret": "x"}', '{"API-KEY":"x"}', '{"db_PASSWD" : "x"}'],
    "secret in key=value": ["Passphrase='x'", "access_key: abc", "x-signature=ab12", "PWD=x", "authToken=x"],
    "key or signature in a query string": ["?code=abc", "&SIG=abc", "?Key=abc"],
    "GitHub token": ["ghu_" + "a" * 36, "github_pat_" + "b" * 30],
    "Slack token": ["xoxb-1234567890-abc", "xapp-1-A0123456789"],
    "Slack webhook": ["https://hooks.slack.com/workflows/T000/B000/x", "/services/T0123/B0123/abc"],
    "Google API key": ["AIza" + "c" * 35],
    "Stripe key": ["sk_live_0123456789ab", "whsec_0123456789ab", "rk_test_0123456789"],
    "SendGrid key": ["SG.abcdefghijklmnop.abcdefghijklmnopqrstu"],
}


WORDS = sorted(
    {w for _class, _gate, source, _r in redact.RULES for w in re.findall(r"[A-Za-z_]{3,}", source)}
)
PIECES = [
    *WORDS,
    *(w.upper() for w in WORDS),
    *(w.lower() for w in WORDS),
    *(line for line, _expected in CASES),
    *(text for texts in MATCHED.values() for text in texts),
    *UNTOUCHED,
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "-----BEGIN RSA PRIVATE KEY-----",
    "-----END RSA PRIVATE KEY-----",
    "MIIEowIBAAKCAQEA7bq9",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
    "app:hunter2",
    "hooks.slack.com/services/",
    "connect.sid",
    *"=:@/\"' \t\n\r\\?&;,(){}[]#*-._",
    "\u212a",
    "\u017f",
    "\u0130",
    "\u0131",
]
TEXTS = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(st.characters(max_codepoint=0x17F), max_size=8)),
    max_size=12,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_gated_redaction_equals_every_pattern_on_every_text(text: str) -> None:
    assert redact._redact(text) == every_rule(text)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_no_pattern_matches_an_ascii_text_its_gate_skips(text: str) -> None:
    assert _gate_misses(text) == []


@pytest.mark.parametrize("case", corpus.cases(), ids=lambda c: f"{c.index}-{c.cls}")
def test_the_secret_corpus_is_redacted_as_by_every_pattern(case: corpus.Case) -> None:
    """tests/data/security/secrets.yaml: every class of secret, as real log lines quote them."""
    for line in (case.line, *case.line.splitlines()):
        assert _gate_misses(line) == []
        assert redact._redact(line) == every_rule(line)
    assert [s for s in case.secrets if s in redact._redact(case.line)] == []


@pytest.mark.parametrize(("line", "expected"), CASES)
def test_each_case_passes_the_gate_of_the_rule_that_hides_it(line: str, expected: str) -> None:
    assert _gate_misses(line) == []
    assert every_rule(line) == expected == redact._redact(line)


@pytest.mark.parametrize("rule", range(len(redact.RULES)), ids=lambda n: f"{n}-{redact.RULES[n][0]}")
def test_each_rule_matches_its_texts_in_every_case_and_its_gate_lets_them_through(rule: int) -> None:
    name = redact.RULES[rule][0]
    texts = [v(t) for t in MATCHED[name] for v in (str, str.upper, str.lower, str.swapcase)]
    assert any(PATTERNS[rule].search(t) for t in texts)  # a text of this rule's own
    assert [t for t in texts if PATTERNS[rule].search(t) and name in _gate_misses(t)] == []
