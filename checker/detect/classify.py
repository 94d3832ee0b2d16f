"""One CloudWatch event message -> the connection failures it reports (usually none).

Speed: the analyzer calls this on every event; almost none are failures. One Aho-Corasick pass
over the message finds which literal ANCHORS occur (none, for ordinary lines); only the rows
filed under those anchors check their needles, and only rows whose needles occur run a regex.
"""

from __future__ import annotations

import re

import ahocorasick_rs

from checker.detect.destination import clean_host, parse_destination
from checker.detect.hits import Hit, int_port
from checker.detect.jsonrecords import unpack_json
from checker.detect.merge import merge, to_failure
from checker.detect.model import ConnectionFailure
from checker.detect.patterns import PATTERNS, VETOES, Pattern
from checker.detect.text import line_at

# Every category row's needles contain one of these (tests/detect/test_patterns.py checks it).
# checker.invocations scans whole batches for them too, so only candidate events reach here.
ANCHORS: tuple[str, ...] = (
    "onn", "imeout", "imed out", "host", "Host", "resol", "not known", "nreachable",
    "getaddrinfo", "querySrv", "AggregateError [", "UND_ERR_CONNECT", "Errno", "rror(",
    "expired", "link failure", "DNS query", "Unable to execute", ": lookup ", ":53: ",
    "temporarily unavailable", "reach database server",
)


# One automaton pass costs ~1/3 of 22 `in` scans on a typical line (bench/classify_speed.py).
_AUTOMATON = ahocorasick_rs.AhoCorasick(list(ANCHORS))


def _anchors_in(message: str) -> set[str]:
    return {ANCHORS[i] for i, _, _ in _AUTOMATON.find_matches_as_indexes(message, overlapping=True)}


def might_report_failure(message: str) -> bool:
    """False for (almost) every ordinary line; True whenever some pattern row could match."""
    return bool(_AUTOMATON.find_matches_as_indexes(message))


_MAX_MATCHES_PER_ROW = 20


def classify(message: str) -> list[ConnectionFailure]:
    """Distinct connection failures in one event; several lines of one trace make one record."""
    anchors = _anchors_in(message)
    if not anchors:
        return []
    text, structured = unpack_json(message)
    if text is not message:
        anchors = _anchors_in(text)  # JSON escapes hid some (`\"` in `at \"host\"`)
    hits, dests = _match(text, anchors)
    hits = structured + hits
    if not hits:
        return []
    return [to_failure(rec, text) for rec in merge(hits, dests)]


def _needles_by_anchor() -> dict[str, tuple[tuple[str, tuple[int, ...]], ...]]:
    """Category-row needles filed under the anchors they contain, each with the rows it gates."""
    index: dict[str, dict[str, list[int]]] = {anchor: {} for anchor in ANCHORS}
    for order, row in enumerate(PATTERNS):
        if row.category is None:
            continue
        for needle in row.needles:
            for anchor in ANCHORS:
                if anchor in needle:
                    index[anchor].setdefault(needle, []).append(order)
    return {anchor: tuple((needle, tuple(rows)) for needle, rows in needles.items())
            for anchor, needles in index.items() if needles}


_CATEGORY_NEEDLES = _needles_by_anchor()
_DESTINATION_NEEDLES = tuple((needle, (order,)) for order, row in enumerate(PATTERNS)
                             if row.category is None for needle in row.needles)


def _rows_present(text: str, pairs: tuple[tuple[str, tuple[int, ...]], ...], orders: set[int]) -> None:
    for needle, rows in pairs:
        if needle in text:
            orders.update(rows)


def _match(text: str, anchors: set[str]) -> tuple[list[Hit], list[Hit]]:
    """Category hits of the rows whose needles occur; destination hits only when there are some."""
    orders: set[int] = set()
    for anchor in anchors:
        pairs = _CATEGORY_NEEDLES.get(anchor)
        if pairs:
            _rows_present(text, pairs, orders)
    hits: list[Hit] = []
    for order in sorted(orders):
        _run_row(order, text, hits)
    if not hits:
        return hits, []
    exclusive = [(h.pos, h.end) for h in hits if h.exclusive]
    if exclusive:
        hits = [h for h in hits
                if h.exclusive or not any(s <= h.pos < e for s, e in exclusive)]
    hits = [h for h in hits if not any(veto in h.line for veto in VETOES)]
    if not hits:
        return hits, []
    dest_orders: set[int] = set()
    _rows_present(text, _DESTINATION_NEEDLES, dest_orders)
    dests: list[Hit] = []
    for order in sorted(dest_orders):
        _run_row(order, text, dests)
    return hits, dests


def _run_row(order: int, text: str, out: list[Hit]) -> None:
    row = PATTERNS[order]
    for count, m in enumerate(row.regex.finditer(text)):
        if count >= _MAX_MATCHES_PER_ROW:
            break
        out.append(_hit_from_match(order, row, m, text))


def _hit_from_match(order: int, row: Pattern, m: re.Match[str], text: str) -> Hit:
    groups = m.groupdict()
    host: str | None = None
    port: int | None = None
    if groups.get("url"):
        host, port = parse_destination(groups["url"])
    elif groups.get("dest"):
        host, port = parse_destination(groups["dest"])
    raw_host = groups.get("host") or groups.get("host2")
    if raw_host:
        host = clean_host(raw_host)
    if groups.get("port"):
        port = int_port(groups["port"])
    local = groups.get("local") or None
    if local is not None and local.endswith(":0"):
        local = None  # `:::0`, `0.0.0.0:0`: the socket never got an address, so it says nothing
    # `at` marks the words to show when the regex starts earlier (a frame above the error).
    line, col = line_at(text, m.start("at") if groups.get("at") else m.start())
    return Hit(order, row.category, row.code, host, port, local, row.runtime,
                line, col, m.start(), m.end(), row.generic, row.exclusive, row.service, row.id)


