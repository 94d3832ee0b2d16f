"""Node's `- Local (ip:port)` takes a stand-in in the verdict cache's key only where that is exact.

The proof is over the real tables: every regex of the classifier that runs over whole texts
treats all digits alike or is guarded (this fails when one that does not is added); the rows
that tell digits apart are refused per text (`digit_sensitive`); the rest is checked per
text by `classify._local_exact`. These tests check those rules and the result: the cached
verdict equals classifying each message, for real Node lines with any local address.
"""

from __future__ import annotations

import importlib
import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.detect import classify as classify_module
from checker.detect.classify import (
    _GUARDED,
    _classify_uncached,
    _VerdictCache,
    digit_sensitive,
    digit_texts,
    stand_in_key,
)
from checker.detect.digits import DIGITS, digit_sensitivity, leading_literal
from checker.detect.patterns import PATTERNS

# Real Node lines with a local address (tests/data/detect/real/nodejs.yaml): mscdex/ssh2#1428
# (a logged error with its properties) and BrowserSync/browser-sync#1630 (one line).
SSH2 = (
    "Error: connect EHOSTUNREACH 192.168.21.34:22 - Local (192.168.21.58:49182)\n"
    "    at internalConnect (node:net:953:16)\n"
    "    at defaultTriggerAsyncIdScope (node:internal/async_hooks:465:18)\n"
    "    at node:net:1044:9\n"
    "    at processTicksAndRejections (node:internal/process/task_queues:78:11) {\n"
    "  errno: -65,\n  code: 'EHOSTUNREACH',\n  syscall: 'connect',\n"
    "  address: '192.168.21.34',\n  port: 22,\n  level: 'client-socket'\n}"
)
BROWSER_SYNC = "[UI] [error] connect EHOSTUNREACH 0.45.203.12:3001 - Local (192.168.0.7:63809)"
# nodejs/node#12841: a socket that never got an address (port 0 is dropped, never a stand-in).
UNBOUND = "Error: connect ENETUNREACH 255.255.255.255:80 - Local (0.0.0.0:0)"
NODE_PREFIX = "2026-11-20T10:00:09.625Z\t010c4759-482c-4cbc-8343-5cc52eae05cf\tERROR\t"


def _invoke_error(line: str) -> str:
    """The same error as Lambda's Node runtime reports an uncaught one (`Invoke Error` JSON)."""
    head = line.split("\n", 1)[0].removeprefix("Error: ")
    body = {"errorType": "Error", "errorMessage": head, "code": "EHOSTUNREACH", "stack": line.split("\n")}
    return NODE_PREFIX + "Invoke Error \t" + json.dumps(body)


def _with_local(text: str, local: str) -> str:
    return re.sub(r"Local \([^)]*\)", f"Local ({local})", text)


# Every module of the classifier whose regexes can run over an event's text or its pieces.
MODULES = (
    "checker.detect.classify",
    "checker.detect.destination",
    "checker.detect.hits",
    "checker.detect.jsonrecords",
    "checker.detect.merge",
    "checker.detect.patterns",
    "checker.detect.services",
    "checker.detect.text",
)
# Regexes that tell digits apart and still cannot read a stand-in digit, and why.
CANNOT_REACH = {
    # `\b0x[0-9a-fA-F]{9,}\b` (normalize): a match starts at `0x`; a stand-in digit follows `(`,
    # `.` or `:` and is followed by a digit, `.`, `:` or `)`, so no `0x` run can hold one.
    ("checker.detect.text", "_HEX"),
}


def test_digit_sensitivity_reads_what_re_runs() -> None:
    assert digit_sensitivity(r"Errno 111\]") == ["digit literal '1'"] * 3
    assert digit_sensitivity(r"tcp[46]?") == ["a class holding only the digits 46"]
    assert digit_sensitivity(r"([^\s:]+): \1: ") == ["a back-reference"]
    assert digit_sensitivity(r"[1-9]\d*") == ["a class holding only the digits 123456789"]
    for alike in (r"\d{1,3}(?:\.\d{1,3}){3}", r"[0-9a-f-]+", r"[^)]*", r"\w+\b", r"\S+", r".{3}", r"[^a-z]"):
        assert digit_sensitivity(alike) == [], alike
    assert leading_literal(r"UnknownHostException: ([^\s:]+): \1: ") == "UnknownHostException: "


def test_every_regex_over_event_text_treats_digits_alike_or_is_guarded() -> None:
    """A new regex that tells digits apart fails here until it is guarded or shown unreachable;
    rows are refused per text instead (their needles say when they run)."""
    guarded = {id(r) for r in _GUARDED}
    rows = {id(row.regex) for row in PATTERNS}
    found = 0
    for name in MODULES:
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if not isinstance(value, re.Pattern) or id(value) in rows:
                continue
            found += 1
            if id(value) in guarded:
                literal = leading_literal(value.pattern, value.flags)
                assert literal and not any(d in literal for d in DIGITS), attribute
                continue
            if (name, attribute) in CANNOT_REACH:
                assert digit_sensitivity(value.pattern, value.flags), attribute  # still needed
                continue
            assert digit_sensitivity(value.pattern, value.flags) == [], (name, attribute)
    assert found > 10


def test_the_rows_node_connect_errors_run_treat_digits_alike() -> None:
    """So an outage's Node errors do take the stand-in; the rows that tell digits apart are the
    errno, Go and .NET ones, refused whenever their needles occur."""
    sensitive = {row.id for order, row in enumerate(PATTERNS) if digit_sensitive(order)}
    assert {"py-errno-111", "go-dial-refused", "dotnet-socket-10061"} <= sensitive
    assert not any(row.startswith("node-") for row in sensitive)
    texts = digit_texts()
    assert {"Errno 111]", ":53: ", " - connect(2)", "SocketException (10"} <= set(texts)
    assert all(not any(d in t for d in DIGITS) for t in classify_module.ANCHORS if t not in texts)


def test_a_node_error_with_another_local_address_is_answered_from_the_cache() -> None:
    cache = _VerdictCache()
    first = NODE_PREFIX + SSH2
    second = _with_local(first, "172.131.40.19:52000").replace("010c4759", "9e7769b1")
    assert cache.classify(first) == _classify_uncached(first)
    [failure] = cache.classify(second)
    assert cache.hits == 1
    assert failure == _classify_uncached(second)[0]
    assert failure.local_address == "172.131.40.19:52000"
    assert failure.line is not None and "Local (172.131.40.19:52000)" in failure.line
    assert failure.line.startswith("2026-11-20T10:00:09.625Z\t9e7769b1-")
    assert (failure.host, failure.port, failure.message) == (
        "192.168.21.34",
        22,
        "connect EHOSTUNREACH 192.168.21.34:22",
    )


def test_what_cannot_take_the_stand_in_is_classified_itself() -> None:
    assert stand_in_key(UNBOUND) is not None and stand_in_key(UNBOUND)[2] is None  # type: ignore[index]
    # a fixed text with a digit that the classifier looks for ("Errno 111]"): no stand-in
    errno = BROWSER_SYNC + " [Errno 111] Connection refused"
    assert stand_in_key(errno)[2] is None  # type: ignore[index]
    # the stand-in's own text already in the message
    taken = BROWSER_SYNC + " (111.111.1.1:11111)"
    assert stand_in_key(taken)[2] is None  # type: ignore[index]
    # an IPv6 local address is left as it is
    assert stand_in_key(_with_local(BROWSER_SYNC, "::1:5000"))[2] is None  # type: ignore[index]
    # the same address on one line twice (`normalize` takes only one out): refused per text
    twice = BROWSER_SYNC + " - Local (192.168.0.7:63809)"
    key = stand_in_key(twice)
    assert key is not None and key[2] == "192.168.0.7:63809"
    assert classify_module.keyed_verdict(key[0], False, key[2]) is None
    cache = _VerdictCache()
    assert cache.classify(twice) == _classify_uncached(twice)


ADDRESSES = st.builds(
    lambda parts, port: ".".join(map(str, parts)) + f":{port}",
    st.lists(st.integers(0, 255), min_size=4, max_size=4),
    st.integers(0, 65535),
)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from([SSH2, BROWSER_SYNC, UNBOUND]),
    st.sampled_from(["plain", "prefix", "invoke"]),
    st.lists(ADDRESSES, min_size=1, max_size=4),
    st.booleans(),
)
def test_cached_verdicts_equal_fresh_ones_for_any_local_address(
    line: str, form: str, addresses: list[str], same_as_destination: bool
) -> None:
    cache = _VerdictCache()
    for address in addresses:
        if same_as_destination:  # the local address names the destination's host: still exact
            address = (
                line.split("connect ", 1)[1].split(" ", 2)[1].split(":")[0] + ":" + address.split(":")[1]
            )
        text = _with_local(line, address)
        message = {"plain": text, "prefix": NODE_PREFIX + text, "invoke": _invoke_error(text)}[form]
        assert cache.classify(message) == _classify_uncached(message), message
