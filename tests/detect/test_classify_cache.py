"""The verdict cache gives exactly what classifying every message would, for every real line.

Lines: the labelled corpus and every message of the bundled examples and export cases, each
also under Node's and Python's runtime prefix with two different times and request ids, so a
second invocation's copy of an error is answered from the cache.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from checker.detect.classify import (
    ANCHORS,
    _classify_uncached,
    _VerdictCache,
    classify,
    keyed_verdict,
    might_report_failure,
    stand_in_key,
)
from checker.detect.model import ConnectionFailure
from tests.conftest import DATA, EXAMPLES, read_yaml

PREFIXES = [
    (
        "2026-11-20T10:00:09.625Z\t010c4759-482c-4cbc-8343-5cc52eae05cf\t{level}\t",
        "2026-11-21T23:59:59.999Z\t9e7769b1-0f42-45b4-907a-70c31012f037\t{level}\t",
    ),
    (
        "[{level}]\t2026-11-20T10:00:09.625Z\t010c4759-482c-4cbc-8343-5cc52eae05cf\t",
        "[{level}]\t2026-11-22T01:02:03.004Z\tffffffff-0f42-45b4-907a-70c31012f037\t",
    ),
]


def _messages(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("message", "@message", "value") and isinstance(item, str):
                yield item
            else:
                yield from _messages(item)
    elif isinstance(value, list):
        for item in value:
            yield from _messages(item)


def _corpus() -> list[str]:
    rows = read_yaml(DATA / "detect" / "corpus.yaml")
    lines = [row["line"] for row in rows]
    files = [*EXAMPLES.glob("*.json"), *(DATA / "detect" / "exports").glob("*.json")]
    for path in files:
        try:
            lines += _messages(json.loads(Path(path).read_text(encoding="utf-8")))
        except ValueError:  # not one JSON document (back-to-back subscription messages)
            continue
    return sorted({line for line in lines if classify(line) or "ERROR" in line})


LINES = _corpus()


def _body(line: str) -> str:
    """The text after a runtime prefix the line already has (so it can take another)."""
    parts = line.split("\t", 3)
    return parts[3] if len(parts) == 4 and parts[1].count("-") == 4 else line


def test_the_corpus_is_the_real_one() -> None:
    assert len(LINES) > 300
    assert sum(1 for line in LINES if _classify_uncached(line)) > 250


def test_cached_verdicts_equal_fresh_ones_for_every_line_and_prefix() -> None:
    cache = _VerdictCache()
    for line in LINES:
        assert cache.classify(line) == _classify_uncached(line), line
        assert cache.classify(line) == _classify_uncached(line), line  # now from the cache
        body = _body(line)
        for level in ("ERROR", "WARN"):
            for first, second in PREFIXES:
                a, b = first.format(level=level) + body, second.format(level=level) + body
                assert cache.classify(a) == _classify_uncached(a), a
                assert cache.classify(b) == _classify_uncached(b), b
    assert cache.hits > 2 * len(LINES)


def test_the_cache_is_bounded() -> None:
    cache = _VerdictCache()
    line = (
        "2026-11-20T10:00:09.625Z\t010c4759-482c-4cbc-8343-5cc52eae05cf\tERROR\t"
        "connect ETIMEDOUT 10.0.3.{}:5432"
    )
    for n in range(cache.MAX_ENTRIES + 50):
        assert [f.host for f in cache.classify(line.format(n % 256) + f" #{n}")] == [f"10.0.3.{n % 256}"]
    assert len(cache._verdicts) == cache.MAX_ENTRIES
    huge = "connect ECONNREFUSED 10.0.6.21:6379 " + "x" * cache.MAX_KEY
    assert [f.port for f in cache.classify(huge)] == [6379]
    assert huge not in cache._verdicts


def _told_fresh(text: str) -> tuple[str | None, list[tuple[ConnectionFailure, str]]]:
    """What `_add_one` makes of a message worked out for it alone: its request id, and each
    failure naming its library with the kept line it is shown by."""
    from checker.invocations import EVIDENCE_LINE_CHARS, LIBRARY_TEXT, _error_line, request_id_of
    from checker.remediation import library_of

    shown = []
    for failure in _classify_uncached(text) if might_report_failure(text) else []:
        library = library_of(text[:LIBRARY_TEXT], failure.runtime)
        if library is not None:
            failure = dataclasses.replace(failure, library=library)
        shown.append((failure, _error_line(text, failure.line)[:EVIDENCE_LINE_CHARS] + "\n"))
    return request_id_of(text), shown


def test_what_failing_texts_told_equals_working_it_out_for_every_line_and_prefix() -> None:
    """invocations._Told (classifying, naming the library and finding the kept line once per
    text with stand-ins) gives what working each message out alone gives, for every real line
    under each runtime prefix, the second copy of a line from memory."""
    from checker.invocations import _Told

    told = _Told()
    named = kept_later = 0
    for line in LINES:
        body = _body(line)
        for first, second in PREFIXES:
            for level in ("ERROR", "WARN"):
                for text in (line, first.format(level=level) + body, second.format(level=level) + body):
                    fresh = _told_fresh(text)
                    remembered = told.of(text)
                    if remembered is None:  # not keyed (too long, or a stand-in reached a field),
                        # or a local address took a stand-in in a text without a prefix
                        keyed = stand_in_key(text)
                        assert cache_refuses(text) or (
                            keyed is not None and keyed[1] is None and keyed[2] is not None
                        ), text
                        continue
                    # the request id matters only to an event with a failure
                    assert (remembered[0] if fresh[1] else None, remembered[1]) == (
                        fresh[0] if fresh[1] else None,
                        fresh[1],
                    ), text
                    named += sum(f.library is not None for f, _ in fresh[1])
                    kept_later += sum(not kept.startswith(text[:20]) for _, kept in fresh[1])
    assert told.hits > 2 * len(LINES)
    assert named > 100 and kept_later > 50


def cache_refuses(text: str) -> bool:
    """The verdict cache would classify the message itself too."""
    keyed = stand_in_key(text)
    return keyed is None or keyed_verdict(keyed[0], keyed[1] is not None, keyed[2]) is None


def test_a_later_line_that_also_runs_over_the_prefix_is_found_again() -> None:
    """A later line's kept line is taken from memory, unless the text the failure was shown by
    (its line's first LINE_KEPT characters) also occurs over the event's own prefix: then
    `_error_line` finds the event's first line, as it does for this event's own text."""
    from checker.invocations import _CHECK, _Told

    rid = "010c4759-482c-4cbc-8343-5cc52eae05cf"
    # Node's fetch failed and its cause (tests/data/detect/corpus.yaml), the shown line cut
    # before its cause: its start repeats the first line, from the last 12 digits of `rid` on.
    frames = "    at node:internal/deps/undici/undici:13502:13" * 5
    head = "\tERROR\tTypeError: fetch failed" + frames
    later = rid[-12:] + head + " [cause]: Error: connect ECONNREFUSED 10.0.6.21:6379"
    text = f"2026-11-20T10:00:09.625Z\t{rid}{head}\n{later}\n"
    other = text.replace(rid, "9e7769b1-0f42-45b4-907a-70c31012f037", 1)
    told = _Told()
    for message, first in ((text, True), (other, False), (text, True)):
        found = told.of(message)
        assert found is not None and found == _told_fresh(message)
        assert [kept.startswith("2026-11-20T10:00:09.625Z") for _, kept in found[1]] == [first]
    assert [shown[2] for entry in told._entries.values() if entry for shown in entry.shown] == [_CHECK]


def test_no_library_name_fits_in_a_time_or_request_id() -> None:
    """invocations._Told names the library of the text with stand-ins: a name found in the
    event's own text is found there too while none is made of a time's or request id's
    characters alone (and none holds a tab: tests/test_invocations.py)."""
    from checker.remediation import _snippets_table

    names = [name for snippet in _snippets_table() for name in snippet.names]
    alphabet = set("0123456789abcdef-:.TZ")
    assert names and not [name for name in names if set(name) <= alphabet]


def test_no_library_name_can_match_across_a_local_address() -> None:
    """invocations._Told names the library of a Node text whose `- Local (ip:port)` took its
    stand-in (digits only differ, inside the parentheses): a name found over the address
    would hold a parenthesis, or be made of an address's characters alone."""
    from checker.remediation import _snippets_table

    names = [name for snippet in _snippets_table() for name in snippet.names]
    assert names and not [n for n in names if "(" in n or ")" in n or set(n) <= set("0123456789.:")]


def test_node_errors_told_from_memory_equal_fresh_ones_for_any_local_address() -> None:
    """An outage's Node errors differ in their prefix and their `- Local` address alone: each
    is told from the first one's memory, as working it out alone tells it, the address and the
    kept line the event's own."""
    from checker.invocations import _Told

    told = _Told()
    text = (
        "2026-11-20T02:08:25.845Z\t087522bc-aaad-43a7-ae48-2f015c5253f7\tERROR\tFailed to load order "
        "Error: connect ETIMEDOUT 10.0.3.47:5432 - Local ({local})\n"
        "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16) {{\n  errno: -110,\n"
        "  code: 'ETIMEDOUT',\n  syscall: 'connect',\n  address: '10.0.3.47',\n  port: 5432\n}}\n"
    )
    for local in ("10.0.1.208:58383", "10.0.1.209:41234", "10.0.9.2:80", "10.0.1.208:58383"):
        message = text.format(local=local)
        found = told.of(message)
        assert found is not None and found == _told_fresh(message)
        assert [(f.local_address, kept.count(local)) for f, kept in found[1]] == [(local, 1)]
    assert told.hits == 2  # the third address has another shape: a key of its own


def test_no_anchor_holds_a_tab_or_fits_in_a_time_or_request_id() -> None:
    """The keyed text has an anchor exactly when its message has (invocations._Told looks at
    the key's): no anchor spans the tabs around the stand-ins, nor fits in their characters."""
    alphabet = set("0123456789abcdefABCDEF-:.TZ")
    assert not [a for a in ANCHORS if "\t" in a or set(a) <= alphabet]


def test_the_cache_is_bounded_too_for_failing_texts() -> None:
    from checker.invocations import _Told

    told = _Told()
    line = (
        "2026-11-20T10:00:09.625Z\t010c4759-482c-4cbc-8343-5cc52eae05cf\tERROR\t"
        "connect ETIMEDOUT 10.0.3.{}:5432"
    )
    for n in range(told.MAX_ENTRIES + 50):
        found = told.of(line.format(n % 256) + f" #{n}")
        assert found is not None and [f.host for f, _ in found[1]] == [f"10.0.3.{n % 256}"]
    assert len(told._entries) == told.MAX_ENTRIES
    huge = "connect ECONNREFUSED 10.0.6.21:6379 " + "x" * _VerdictCache.MAX_KEY
    assert told.of(huge) is None


def test_the_cache_of_failing_texts_is_bounded_by_characters_too() -> None:
    """Long texts with many failures keep a kept line each: the memo counts their characters."""
    from checker.invocations import _Told

    told = _Told()
    told.MAX_CHARS = 200_000
    # Node's connect error (tests/data/detect/corpus.yaml), to 20 destinations in one event.
    line = "Error: connect ECONNREFUSED 10.0.{n}.{d}:6379 " + "x" * 300
    for n in range(100):
        text = "\n".join(line.format(n=n, d=d) for d in range(20))
        found = told.of(text)
        assert found is not None and len(found[1]) == 20
    kept = sum(len(key) + (entry.chars if entry else 0) for key, entry in told._entries.items())
    assert kept == told._chars <= told.MAX_CHARS
    assert 10 < len(told._entries) < 100
