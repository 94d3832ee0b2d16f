"""The verdict cache gives exactly what classifying every message would, for every real line.

Lines: the labelled corpus and every message of the bundled examples and export cases, each
also under Node's and Python's runtime prefix with two different times and request ids, so a
second invocation's copy of an error is answered from the cache.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from checker.detect.classify import _classify_uncached, _VerdictCache, classify
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


def test_remembered_libraries_equal_fresh_ones_for_every_line_and_prefix() -> None:
    """invocations._Libraries names the library the way `library_of` does on the whole text, for
    every real line under each runtime prefix, the second copy of a line from memory."""
    from checker.invocations import LIBRARY_TEXT, _Libraries
    from checker.remediation import library_of

    libraries = _Libraries()
    named = 0
    for line in LINES:
        body = _body(line)
        for first, second in PREFIXES:
            for text in (line, first.format(level="ERROR") + body, second.format(level="ERROR") + body):
                for runtime in ("nodejs", "python", "java", "go", "dotnet", "ruby"):
                    fresh = library_of(text[:LIBRARY_TEXT], runtime)
                    assert libraries.of(text, runtime) == fresh, (text, runtime)
                    named += fresh is not None
    assert named > 100
    assert len(libraries._after_prefix) <= libraries.MAX_ENTRIES
    long = (
        PREFIXES[0][0].format(level="ERROR") + "[ioredis] connect ECONNREFUSED 10.0.6.21:6379 " + "x" * 9000
    )
    assert libraries.of(long, "nodejs") == library_of(long, "nodejs") == "ioredis"
    assert not [key for key in libraries._after_prefix if len(key[1]) > libraries.MAX_KEY]
